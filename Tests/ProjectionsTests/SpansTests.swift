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
        let asOf = Day(year: 2017, month: 6, day: 30)!
        let spans = replay.spans(asOf: asOf, member: nil, network: nil)
        #expect(spans.map(\.row) == replay.status(asOf: asOf, member: nil, network: nil))
        #expect(spans.map(\.endedOn) == [nil, Day(year: 2016, month: 6, day: 22)!, nil],
                "Bordeaux open (suspended), Gdańsk's Compact commitment merged away, its Global Covenant one open")
        let filtered = replay.spans(asOf: asOf, member: MemberID("gdansk"), network: NetworkID("compact"))
        #expect(filtered.count == 1 && filtered[0].endedOn == Day(year: 2016, month: 6, day: 22)!)
    }
}
