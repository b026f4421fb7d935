import TestSupport
import Testing
@testable import Ledger
@testable import Projections

/// `network NAME` of a large log replayed a range of members at a time (`NetworkInRanges`)
/// against the whole log's replay: the same profile and members, however the members are cut.
@Suite("network NAME in ranges of members")
struct NetworkInRangesTests {
    /// The network row of `ledger` in ranges of `rangeFacts` facts.
    static func row(_ ledger: TestLedger, network: String, rangeFacts: Int, asOf: Day, knownAt: KnownAt?) throws -> NetworkRow {
        try StatusInRangesTests.spilled(ledger) { core, spill, file in
            try NetworkInRanges.row(core: core, spill: spill, file: file, knownAt: knownAt, asOf: asOf,
                                    rangeFacts: rangeFacts, network: network)
        }
    }

    @Test("random ledgers: every network in ranges of 1, 7 and all facts gives the whole replay's row, as of any day and known at any line",
          arguments: PropertyTests.seeds.filter { $0 % 4 == 3 })
    func randomLedgers(seed: UInt64) throws {
        let members = try StatusInRangesTests.networkCases(seed: seed) { ledger, network, day, _, knownAt, whole in
            let expected = whole.network(NetworkID(network), asOf: day)
            for rangeFacts in [1, 7, 1_000_000] {
                let actual = try Self.row(ledger, network: network, rangeFacts: rangeFacts, asOf: day, knownAt: knownAt)
                #expect(actual == expected, "seed \(seed), \(network) as of \(day), ranges of \(rangeFacts)")
            }
            return expected.members.count
        }
        #expect(members > 0, "seed \(seed): no member was compared")
    }

    @Test("corrections that move events between members, and a registration corrected: the whole replay's row at every known-at")
    func movedEvents() throws {
        let ledger = try TestLedger(input: StatusInRangesTests.moving + "\n" + """
            {"id":"c3","type":"correction","target":"reg-zed","set":{"name":"Zed City"},"reason":"renamed in the source"}
            """)
        for seq in [nil] + Array(1...ledger.events.count).map(Optional.some) {
            let knownAt = seq.map(KnownAt.seq)
            let whole = Replay(events: ledger.events, knownAt: knownAt)
            guard (try? whole.checkNetwork("n")) != nil else { continue }
            for day in [Day(year: 2999, month: 12, day: 31)!, Day(year: 2013, month: 6, day: 30)!] {
                let expected = whole.network(NetworkID("n"), asOf: day)
                for rangeFacts in [1, 3] {
                    #expect(try Self.row(ledger, network: "n", rangeFacts: rangeFacts, asOf: day, knownAt: knownAt) == expected,
                            "known at \(String(describing: knownAt)), as of \(day), ranges of \(rangeFacts)")
                }
            }
        }
        let end = try Self.row(ledger, network: "n", rangeFacts: 1, asOf: Day(year: 2999, month: 12, day: 31)!, knownAt: nil)
        #expect(end.members.map(\.name) == ["Ann", "Zed City"])
    }

    @Test("the worked example's networks, in ranges of 1 to 13 facts, as of every tenth year; an unknown one is the whole replay's error")
    func workedExample() throws {
        let ledger = try TestLedger(stored: Array(try Fixtures.data("worked/ledger.jsonl")))
        let whole = Replay(events: ledger.events, knownAt: nil)
        let networks = Set(ledger.events.compactMap { $0.type == .network ? $0.network?.rawValue : nil })
        #expect(networks.count > 1)
        for network in networks.sorted() {
            for rangeFacts in [1, 2, 5, 13] {
                for year in stride(from: 2000, through: 2030, by: 10) {
                    let day = Day(year: year, month: 6, day: 30)!
                    #expect(try Self.row(ledger, network: network, rangeFacts: rangeFacts, asOf: day, knownAt: nil)
                            == whole.network(NetworkID(network), asOf: day), "\(network), ranges of \(rangeFacts), \(year)")
                }
            }
        }
        let expected = try #require(throws: ViewError.self) { try whole.checkNetwork("c41") }
        let failure = try #require(throws: LedgerError.self) {
            try Self.row(ledger, network: "c41", rangeFacts: 1, asOf: Day(year: 2020, month: 1, day: 1)!, knownAt: nil)
        }
        #expect(failure.kind == .badData && failure.message == expected.message, "\(failure)")
    }
}
