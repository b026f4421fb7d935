import Foundation
import Testing
import Ledger

/// Arguments that can only be a mistake are refused with a message saying why, instead
/// of an empty table.
@Suite("View arguments that cannot mean anything")
struct ViewArgumentTests {
    @Test("--from after --to is a usage error")
    func fromAfterTo() throws {
        try withTemporaryDirectory { dir in
            let fixture = try LedgerFixture.make(in: dir)
            let result = try fixture.run(["timeline", "--from", "2016", "--to", "2014"])
            #expect(result.status == 64, "\(result)")
            #expect(result.stderr.contains("--from 2016 is after --to 2014"), "\(result)")
            #expect(try fixture.run(["timeline", "--from", "2014", "--to", "2016"]).succeeded)
        }
    }

    @Test("--known-at seq:N past the head is a usage error; the head itself is fine")
    func knownAtPastHead() throws {
        try withTemporaryDirectory { dir in
            let fixture = try LedgerFixture.make(in: dir)
            let head = try #require(try fixture.run(["verify"]).head?.seq ?? Heads.parse(try fixture.run(["status"]).stdout)?.seq)
            let past = try fixture.run(["status", "--known-at", "seq:\(head + 76)"])
            #expect(past.status == 64, "\(past)")
            #expect(past.stderr.contains("is past the head of the log (seq \(head))"), "\(past)")
            #expect(try fixture.run(["status", "--known-at", "seq:\(head)"]).succeeded)
            #expect(try fixture.run(["status", "--known-at", "seq:0"]).succeeded)
        }
    }
}
