import TestSupport
import Testing
@testable import Ledger
@testable import Projections

/// `timeline --network NAME` of a large log from the core and the facts its timeline can
/// show (`NetworkTimeline`) against the whole log's replay: the same rows, in the same
/// order, with the same summaries.
@Suite("timeline --network of a large log")
struct NetworkTimelineTests {
    /// The timeline of `network` in `ledger`, from its spill.
    static func rows(_ ledger: TestLedger, network: String, asOf: Day, knownAt: KnownAt?,
                     from: EDTFDate? = nil, to: EDTFDate? = nil) throws -> [TimelineRow] {
        try StatusInRangesTests.spilled(ledger) { core, spill, file in
            try NetworkTimeline.rows(core: core, spill: spill, file: file, knownAt: knownAt, asOf: asOf,
                                     network: network, from: from, to: to)
        }
    }

    @Test("random ledgers: every network's timeline is the whole replay's, as of any day, known at any line, from and to",
          arguments: PropertyTests.seeds.filter { $0 % 4 == 0 })
    func randomLedgers(seed: UInt64) throws {
        let compared = try StatusInRangesTests.networkCases(seed: seed) { ledger, network, day, k, knownAt, whole in
            let (from, to): (EDTFDate?, EDTFDate?) = k == 2 ? (try EDTFDate.parse("2005"), try EDTFDate.parse("2015-06")) : (nil, nil)
            let expected = whole.timeline(asOf: day, member: nil, network: NetworkID(network), from: from, to: to)
            let actual = try Self.rows(ledger, network: network, asOf: day, knownAt: knownAt, from: from, to: to)
            #expect(actual == expected, "seed \(seed), \(network) as of \(day)")
            return expected.count
        }
        #expect(compared > 0, "seed \(seed): no row was compared")
    }

    @Test("moved events, a corrected registration and a member's rename: the whole replay's rows and summaries at every known-at")
    func movedEvents() throws {
        let ledger = try TestLedger(input: StatusInRangesTests.moving + "\n" + """
            {"id":"c3","type":"correction","target":"reg-zed","set":{"name":"Zed City"},"reason":"renamed in the source"}
            {"id":"ren-zed","type":"rename","member":"zed","name":"Zed Town","date":"2013-06"}
            {"id":"reg-m","type":"network","network":"m","name":"M","kind":"pact"}
            {"id":"s-zed-m","type":"signature","member":"zed","network":"m","date":"2016-02"}
            {"id":"a-zed-m","type":"activity","member":"zed","network":"m","date":"2016-03","title":"Workshop"}
            {"id":"c4","type":"correction","target":"a-zed-m","set":{"network":"n"},"reason":"it was in N"}
            """)
        let end = Day(year: 2999, month: 12, day: 31)!
        for seq in [nil] + Array(1...ledger.events.count).map(Optional.some) {
            let knownAt = seq.map(KnownAt.seq)
            let whole = Replay(events: ledger.events, knownAt: knownAt)
            guard (try? whole.checkNetwork("n")) != nil else { continue }
            for day in [end, Day(year: 2013, month: 6, day: 30)!] {
                let expected = whole.timeline(asOf: day, member: nil, network: NetworkID("n"), from: nil, to: nil)
                #expect(try Self.rows(ledger, network: "n", asOf: day, knownAt: knownAt) == expected,
                        "known at \(String(describing: knownAt)), as of \(day)")
            }
        }
        // Zed's events before the rename carry its corrected registered name, after it the new one.
        let rows = try Self.rows(ledger, network: "n", asOf: end, knownAt: nil)
        let zed = rows.filter { $0.member == MemberID("zed") }.map(\.summary)
        #expect(zed.contains { $0.contains("Zed City") } && zed.contains { $0.contains("Zed Town") }, "\(zed)")
        // The activity a correction moved from m into n is in n's timeline.
        #expect(rows.contains { $0.id == EventID("a-zed-m") && $0.corrected })
    }

    @Test("the worked example's networks, as of every tenth year; an unknown one is the whole replay's error")
    func workedExample() throws {
        let ledger = try TestLedger(stored: Array(try Fixtures.data("worked/ledger.jsonl")))
        let whole = Replay(events: ledger.events, knownAt: nil)
        let networks = Set(ledger.events.compactMap { $0.type == .network ? $0.network?.rawValue : nil })
        for network in networks.sorted() {
            for year in stride(from: 2000, through: 2030, by: 10) {
                let day = Day(year: year, month: 6, day: 30)!
                #expect(try Self.rows(ledger, network: network, asOf: day, knownAt: nil)
                        == whole.timeline(asOf: day, member: nil, network: NetworkID(network), from: nil, to: nil),
                        "\(network), \(year)")
            }
        }
        let expected = try #require(throws: ViewError.self) { try whole.checkNetwork("c41") }
        let failure = try #require(throws: LedgerError.self) {
            try Self.rows(ledger, network: "c41", asOf: Day(year: 2020, month: 1, day: 1)!, knownAt: nil)
        }
        #expect(failure.kind == .badData && failure.message == expected.message, "\(failure)")
    }
}
