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

    @Test("a day written another way, and an instant without its offset, are named for what they are")
    func datesWrittenOtherwise() throws {
        try withTemporaryDirectory { dir in
            let fixture = try LedgerFixture.make(in: dir)
            let asOf = try fixture.run(["status", "--as-of", "15/03/2015"])
            #expect(asOf.status == 64, "\(asOf)")
            #expect(asOf.stderr.contains("15/03/2015 is not a date written YYYY, YYYY-MM or YYYY-MM-DD"), "\(asOf)")
            #expect(!asOf.stderr.contains("interval"), "\(asOf)")
            let interval = try fixture.run(["status", "--as-of", "2014/2016"])
            #expect(interval.status == 64 && interval.stderr.contains("interval"), "\(interval)")
            let knownAt = try fixture.run(["status", "--known-at", "2026-11-30T00:45:27"])
            #expect(knownAt.status == 64, "\(knownAt)")
            #expect(!knownAt.stderr.contains("--known-at: --known-at"), "\(knownAt)")
            #expect(knownAt.stderr.contains("2026-11-30T00:45:27Z for UTC"), "\(knownAt)")
        }
    }

    @Test("--ledger pointing at a ledger's Events folder, or at its log, suggests the ledger")
    func ledgerInsideLedger() throws {
        try withTemporaryDirectory { dir in
            let fixture = try LedgerFixture.make(in: dir)
            for wrong in [fixture.root + "/Events", fixture.root + "/Events/ledger.jsonl"] {
                let result = try Binary.run(["--ledger", wrong, "status"])
                #expect(result.status == 66, "\(result)")
                #expect(result.stderr.contains("pass --ledger \(fixture.root)"), "\(result)")
            }
        }
    }
}
