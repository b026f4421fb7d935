import Testing
import Ledger
@testable import Projections

@Suite("--known-at: parsing")
struct KnownAtParsingTests {
    @Test("seq:N")
    func seq() throws {
        #expect(try KnownAt.parse("seq:17") == .seq(17))
        #expect(try KnownAt.parse("seq:0") == .seq(0))
    }

    @Test("a day means its last instant, UTC")
    func day() throws {
        let day = try #require(Day.parse("2016-06-22"))
        #expect(try KnownAt.parse("2016-06-22") == .instant(Timestamp.endOf(day)))
    }

    @Test("an RFC 3339 instant with any offset or fraction is compared as an instant")
    func instant() throws {
        let utc = try KnownAt.parse("2026-11-28T09:15:02Z")
        #expect(try KnownAt.parse("2026-11-28T10:15:02+01:00") == utc)
        #expect(try KnownAt.parse("2026-11-28t09:15:02z") == utc)
        guard case .instant(let t) = try KnownAt.parse("2026-11-28T09:15:02.25Z") else { Issue.record(); return }
        #expect(t.nanoseconds == 250_000_000)
    }

    @Test("anything else is a usage error that quotes the text", arguments: [
        "seq:", "seq:-1", "seq:x", "seq: 3", "2016", "2016-06", "2016-13-01", "yesterday", "2026-11-28 09:15:02Z", "",
    ])
    func rejected(_ text: String) {
        #expect(throws: ViewError.self) { try KnownAt.parse(text) }
        do {
            _ = try KnownAt.parse(text)
        } catch {
            #expect(error.message.contains("--known-at"))
        }
    }
}

/// `Fixtures/correction-vintage.events.jsonl`: gent's signature (seq 6, dated 2015-09-30) is
/// corrected to 2015-11-05 at seq 8 (recorded 2026-01-01T00:00:08Z); its inventory (seq 7,
/// 2016-06-01) to 2016-06-15 at seq 9 (00:00:09Z).
@Suite("--known-at: the record as it stood")
struct KnownAtReplayTests {
    let ledger: TestLedger

    init() throws {
        ledger = try TestLedger(input: try Fixtures.text("correction-vintage.events.jsonl"))
    }

    /// (since, metOn of inventory) of gent's one status row as of 2016-12-31.
    func seen(_ knownAt: String?) throws -> (String?, String?) {
        let replay = Replay(events: ledger.events, knownAt: try knownAt.map { text throws(ViewError) in try KnownAt.parse(text) })
        let rows = replay.status(asOf: try EDTFDate.parseAsOf("2016-12-31"), member: nil, network: nil).map(\.json)
        guard let row = rows.first, case .array(let rules)? = row["rules"] else { return (nil, nil) }
        let inventory = rules.first { $0["milestone"] == .string("inventory") }
        return (row["since"]?.stringValue, inventory?["metOn"]?.stringValue)
    }

    @Test("by seq: corrections recorded later are not applied")
    func bySeq() throws {
        #expect(try seen("seq:7") == ("2015-09-30", "2016-06-01"))
        #expect(try seen("seq:8") == ("2015-11-05", "2016-06-01"))
        #expect(try seen("seq:9") == ("2015-11-05", "2016-06-15"))
        #expect(try seen(nil) == ("2015-11-05", "2016-06-15"))
    }

    @Test("by instant, in any offset or fraction")
    func byInstant() throws {
        #expect(try seen("2026-01-01T00:00:07Z") == ("2015-09-30", "2016-06-01"))
        #expect(try seen("2026-01-01T00:00:07.999Z") == ("2015-09-30", "2016-06-01"))
        #expect(try seen("2026-01-01T01:00:07+01:00") == ("2015-09-30", "2016-06-01"))
        #expect(try seen("2026-01-01T00:00:08Z") == ("2015-11-05", "2016-06-01"))
        #expect(try seen("2025-12-31T20:00:08-04:00") == ("2015-11-05", "2016-06-01"))
    }

    @Test("by day: everything recorded by the end of it, UTC")
    func byDay() throws {
        #expect(try seen("2026-01-01") == ("2015-11-05", "2016-06-15"))
        #expect(try seen("2025-12-31") == (nil, nil))
    }

    @Test("a member registered later is unknown, with no rows")
    func unknownYet() throws {
        let replay = Replay(events: ledger.events, knownAt: .seq(1))
        #expect(throws: ViewError.self) { try replay.checkMember("gent") }
        #expect(replay.status(asOf: try EDTFDate.parseAsOf("2020"), member: nil, network: nil).map(\.json).isEmpty)
    }

    @Test("an instant equals the seq recorded at it")
    func instantIsSeq() throws {
        let day = try EDTFDate.parseAsOf("2016-12-31")
        for n in 0...ledger.events.count {
            let bySeq = Replay(events: ledger.events, knownAt: .seq(n))
            let byTime = Replay(events: ledger.events, knownAt: .instant(TestLedger.recorded(n)))
            #expect(bySeq.status(asOf: day, member: nil, network: nil).map(\.json) == byTime.status(asOf: day, member: nil, network: nil).map(\.json))
            #expect(bySeq.timeline(asOf: day, member: nil, network: nil, from: nil, to: nil).map(\.json)
                    == byTime.timeline(asOf: day, member: nil, network: nil, from: nil, to: nil).map(\.json))
        }
    }
}
