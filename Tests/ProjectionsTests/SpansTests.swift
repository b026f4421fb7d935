import Testing
import Ledger
@testable import Projections

/// `Replay.spans`: the status rows with the day each commitment ended, for charts.
@Suite("Commitment spans")
struct SpansTests {
    @Test("each span is the status row, with the ending event's earliest day or nil while open")
    func workedExample() throws {
        let ledger = try TestLedger(stored: Array(try Fixtures.data("worked/ledger.jsonl")))
        let replay = Replay(events: ledger.events, knownAt: nil)
        let asOf = try #require(Day(year: 2017, month: 6, day: 30))
        let spans = replay.spans(asOf: asOf, member: nil, network: nil)
        // The rows of the worked example's `status --as-of 2017-06-30`.
        #expect(spans.map { "\($0.row.member) \($0.row.network) \($0.row.via) \($0.row.since) \($0.row.status.rawValue)" } == [
            "bordeaux covenant signature 2009-02-10 suspended",
            "gdansk compact signature 2014-11-03 ended",
            "gdansk gcom merger 2014-11-03 on-track",
        ])
        let merged = try #require(Day(year: 2016, month: 6, day: 22))
        #expect(spans.map(\.endedOn) == [nil, merged, nil],
                "Bordeaux open (suspended), Gdańsk's Compact commitment merged away, its Global Covenant one open")
        let filtered = replay.spans(asOf: asOf, member: MemberID("gdansk"), network: NetworkID("compact"))
        #expect(filtered.count == 1 && filtered.first?.endedOn == merged)
    }
}
