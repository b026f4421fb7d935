import Testing
import Ledger
@testable import Projections

@Suite("Unknown names and ids")
struct LookupTests {
    let ledger: TestLedger

    init() throws {
        ledger = try TestLedger(input: try Fixtures.text("timeline-filters.events.jsonl"))
    }

    @Test("an unknown member is an error with a hint")
    func member() {
        let replay = Replay(events: ledger.events, knownAt: nil)
        #expect(throws: ViewError("unknown member 'pariss' (did you mean 'paris'?)")) { try replay.checkMember("pariss") }
        #expect(throws: ViewError("unknown member 'tokyo'")) { try replay.checkMember("tokyo") }
        #expect((try? replay.checkMember("lyon")) == MemberID("lyon"))
    }

    @Test("an unknown network is an error with a hint")
    func network() {
        let replay = Replay(events: ledger.events, knownAt: nil)
        #expect(throws: ViewError("unknown network 'gcon' (did you mean 'gcom'?)")) { try replay.checkNetwork("gcon") }
        #expect((try? replay.checkNetwork("nazca")) == NetworkID("nazca"))
    }

    @Test("an unknown event id in the audit trail is an error with a hint")
    func event() {
        #expect(throws: ViewError("unknown event 'merg' (did you mean 'merge'?)")) {
            try AuditTrail.rows(events: ledger.events, knownAt: nil, event: EventID("merg"))
        }
        #expect(throws: ViewError.self) {
            try AuditTrail.rows(events: ledger.events, knownAt: .seq(9), event: EventID("merge"))
        }
    }

    @Test("control characters in a name are escaped in the message")
    func escaped() {
        let replay = Replay(events: ledger.events, knownAt: nil)
        #expect(throws: ViewError("unknown member 'a\\u{1b}b'")) { try replay.checkMember("a\u{1B}b") }
    }
}
