import Testing
import Ledger
@testable import Projections

/// SPEC §5: a `by` rule whose due date is before the start's earliest day does not bind
/// that commitment — it is not listed in its `rules` — while `within` rules and later `by`
/// deadlines are.
@Suite("Fixed deadlines before a start")
struct FixedDeadlineTests {
    static let input = """
    {"id":"m-early","type":"member","member":"early","name":"Early","kind":"city"}
    {"id":"m-late","type":"member","member":"late","name":"Late","kind":"city"}
    {"id":"m-edge","type":"member","member":"edge","name":"Edge","kind":"city"}
    {"id":"n","type":"network","network":"n","name":"N","kind":"pact"}
    {"id":"p","type":"policy","network":"n","date":"2010","applies":"all","title":"T","rules":[{"milestone":"plan","by":"2020"},{"milestone":"inventory","within":12}]}
    {"id":"early-n","type":"signature","member":"early","network":"n","date":"2015-03"}
    {"id":"edge-n","type":"signature","member":"edge","network":"n","date":"2020?"}
    {"id":"late-n","type":"signature","member":"late","network":"n","date":"2030-01-15"}
    """

    @Test("joined before the deadline: listed; joined after it: left out; a deadline inside the start's span still binds")
    func deadlines() throws {
        let ledger = try TestLedger(input: Self.input)
        let replay = Replay(events: ledger.events, knownAt: nil)
        let rows = replay.status(asOf: try EDTFDate.parseAsOf("2031-06-30"), member: nil, network: nil)
        let byMember = Dictionary(uniqueKeysWithValues: rows.map { ($0.member.rawValue, $0) })
        let early = try #require(byMember["early"]), late = try #require(byMember["late"]), edge = try #require(byMember["edge"])
        #expect(early.rules.map(\.milestone) == ["plan", "inventory"])
        #expect(early.rules[0].due == Day(year: 2020, month: 12, day: 31)! && early.rules[0].overdue)
        // 2020-12-31 is before 2030-01-15: the 2020 deadline is not listed, nor overdue.
        #expect(late.rules.map(\.milestone) == ["inventory"])
        #expect(late.rules.allSatisfy { !($0.milestone == "plan") })
        // "2020?" starts on 2020-01-01, before the deadline: it binds.
        #expect(edge.rules.map(\.milestone) == ["plan", "inventory"])
    }
}
