import Foundation
import Testing
import Ledger

/// Values no one should send, answered with a clear error and no crash: nonsense
/// environment values, a hostile `seq` in the log.
@Suite("Hostile values")
struct HostileInputTests {
    @Test("MEMBERSHIPS_LOCK_TIMEOUT that is not a number of seconds: usage error, nothing written",
          arguments: ["-1e300", "-inf", "inf", "nan", "-1", "1e9", "soon", ""])
    func lockTimeout(_ value: String) throws {
        try withTemporaryDirectory { dir in
            let fixture = LedgerFixture(workspace: dir, root: dir + "/ledger")
            #expect(try Binary.run(["init", fixture.root, "--name", "Timeouts"]).succeeded)
            let before = try fixture.logBytes()
            let line = #"{"type":"member","member":"paris","name":"Paris","kind":"city"}"# + "\n"
            let result = try fixture.run(["append"], stdin: Array(line.utf8), environment: ["MEMBERSHIPS_LOCK_TIMEOUT": value])
            #expect(!result.signaled && result.status == 64, "\(result)")
            #expect(result.stderr.contains("MEMBERSHIPS_LOCK_TIMEOUT must be a number of seconds"), "\(result)")
            #expect(try fixture.logBytes() == before)
            let repair = try fixture.run(["repair"], environment: ["MEMBERSHIPS_LOCK_TIMEOUT": value])
            #expect(!repair.signaled && repair.status == 64, "\(repair)")
        }
    }

    @Test("a line whose seq is the largest integer is reported by verify, not a crash")
    func hugeSeq() {
        let genesis = #"{"seq":1,"id":"g","type":"ledger","recorded":"2026-01-01T00:00:00Z","format":1,"name":"x","prev":"0000000000000000000000000000000000000000000000000000000000000000"}"#
        let hash = SHA256.hash(Array(genesis.utf8)).hex
        let hostile = #"{"seq":9223372036854775807,"id":"m","type":"member","recorded":"2026-01-01T00:00:00Z","member":"a","name":"A","kind":"city","prev":""# + hash + #""}"#
        let third = #"{"seq":3,"id":"n","type":"member","recorded":"2026-01-01T00:00:00Z","member":"b","name":"B","kind":"city","prev":""# + SHA256.hash(Array(hostile.utf8)).hex + #""}"#
        let report = Verifier.verify(bytes: Array((genesis + "\n" + hostile + "\n" + third + "\n").utf8))
        #expect(!report.ok)
        #expect(report.problems.contains { $0.line == 2 && $0.message.contains("seq 9223372036854775807 where 2 was expected") })
    }
}
