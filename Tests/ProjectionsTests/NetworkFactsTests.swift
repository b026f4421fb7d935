import TestSupport
import Testing
@testable import Ledger
@testable import Projections

/// The members whose facts one network's views replay (`NetworkFacts`): those with an event
/// in the network or upstream of it (as recorded or as corrected), or with an event an
/// amendment names; the views of the network are still the whole log's.
@Suite("One network's facts in a large log")
struct NetworkFactsTests {
    /// x is in a, which merges into b, corrected to merge into n; y is in c, which merges
    /// into a; z is in n; v's only start is in o, corrected to be in n; w is in o alone.
    static let upstream = """
        {"id":"reg-x","type":"member","member":"x","name":"X","kind":"city"}
        {"id":"reg-y","type":"member","member":"y","name":"Y","kind":"city"}
        {"id":"reg-z","type":"member","member":"z","name":"Z","kind":"city"}
        {"id":"reg-v","type":"member","member":"v","name":"V","kind":"city"}
        {"id":"reg-w","type":"member","member":"w","name":"W","kind":"city"}
        {"id":"reg-a","type":"network","network":"a","name":"A","kind":"pact"}
        {"id":"reg-b","type":"network","network":"b","name":"B","kind":"pact"}
        {"id":"reg-c","type":"network","network":"c","name":"C","kind":"pact"}
        {"id":"reg-n","type":"network","network":"n","name":"N","kind":"pact"}
        {"id":"reg-o","type":"network","network":"o","name":"O","kind":"pact"}
        {"id":"s-x","type":"membership","member":"x","network":"a","date":"2012"}
        {"id":"s-y","type":"membership","member":"y","network":"c","date":"2012"}
        {"id":"s-z","type":"membership","member":"z","network":"n","date":"2013"}
        {"id":"s-v","type":"membership","member":"v","network":"o","date":"2014"}
        {"id":"s-w","type":"membership","member":"w","network":"o","date":"2013"}
        {"id":"m-w","type":"milestone","member":"w","network":"o","milestone":"plan","date":"2014"}
        {"id":"g-ca","type":"merger","network":"c","into":"a","date":"2015"}
        {"id":"g-ab","type":"merger","network":"a","into":"b","date":"2016"}
        {"id":"c-ab","type":"correction","target":"g-ab","set":{"into":"n"},"reason":"it merged into N"}
        {"id":"c-v","type":"correction","target":"s-v","set":{"network":"n"},"reason":"it was N"}
        """

    static let end = Day(year: 2999, month: 12, day: 31)!

    @Test("members carried in by a corrected merger, two mergers up, or by a corrected start are listed, at every known-at, as the whole replay lists them")
    func carriedIn() throws {
        let ledger = try TestLedger(input: Self.upstream)
        let whole = Replay(events: ledger.events, knownAt: nil)
        #expect(whole.network(NetworkID("n"), asOf: Self.end).members.map(\.member.rawValue) == ["v", "x", "y", "z"])
        for seq in [nil] + Array(10...ledger.events.count).map(Optional.some) {
            let knownAt = seq.map(KnownAt.seq)
            let whole = Replay(events: ledger.events, knownAt: knownAt)
            for day in [Self.end, Day(year: 2015, month: 6, day: 30)!] {
                for network in ["n", "b", "a", "o"] where (try? whole.checkNetwork(network)) != nil {
                    _ = try Self.expectWhole(ledger, network, asOf: day, knownAt: knownAt, whole, "known at \(String(describing: knownAt))")
                }
            }
        }
    }

    /// Expects `network`'s row and its status rows, replayed in ranges of one fact and of
    /// all, to be the whole log's (`whole`); returns how many members and rows they hold.
    static func expectWhole(_ ledger: TestLedger, _ network: String, asOf day: Day, knownAt: KnownAt?, _ whole: Replay,
                            _ what: String) throws -> Int {
        let expected = whole.network(NetworkID(network), asOf: day)
        let rows = whole.status(asOf: day, member: nil, network: NetworkID(network))
        for rangeFacts in [1, 1_000_000] {
            let row = try NetworkInRangesTests.row(ledger, network: network, rangeFacts: rangeFacts, asOf: day, knownAt: knownAt)
            #expect(row == expected, "\(what): \(network) as of \(day), ranges of \(rangeFacts)")
            let (status, _) = try StatusInRangesTests.rangedRows(ledger, rangeFacts: rangeFacts, asOf: day, knownAt: knownAt,
                                                                 network: network)
            #expect(status == rows, "\(what): status of \(network) as of \(day), ranges of \(rangeFacts)")
        }
        return expected.members.count + rows.count
    }

    /// The members whose facts `NetworkFacts.spill` keeps for `network`, and how many facts.
    static func kept(_ ledger: TestLedger, network: String) throws -> (members: Set<String>, facts: Int) {
        try StatusInRangesTests.spilled(ledger) { core, spill, _ in
            let (shares, core) = SpillShares.taking(core)
            let part = try NetworkFacts.spill(spill, network: network, shares: shares, core: core)
            var members = Set<String>()
            try part.forEachBatch { batch in
                for record in batch { members.insert(shares.names.string(record.fact.member)) }
            }
            return (members, part.count)
        }
    }

    @Test("only the members that can have a commitment in the network keep their facts, all of them")
    func keptMembers() throws {
        let ledger = try TestLedger(input: Self.upstream)
        // Each member's registration and start; w's milestone is not kept.
        #expect(try Self.kept(ledger, network: "n") == (["v", "x", "y", "z"], 8))
        #expect(try Self.kept(ledger, network: "c") == (["v", "y"], 4))
        #expect(try Self.kept(ledger, network: "o") == (["v", "w"], 5))
        // A network nothing names keeps only what an amendment names.
        #expect(try Self.kept(ledger, network: "q") == (["v"], 2))
    }

    @Test("random ledgers whose corrections move events between members and networks (mergers too): every network's row and status in ranges are the whole replay's",
          arguments: PropertyTests.seeds.filter { $0 % 3 == 2 })
    func randomMoving(seed: UInt64) throws {
        let ledger = try RandomLedger.make(seed: seed, moving: true)
        var compared = 0
        for (k, day) in PropertyTests.days(of: ledger.events, count: 2, seed: seed).enumerated() {
            let knownAt: KnownAt? = k == 1 ? .seq(ledger.events.count / 2) : nil
            let whole = Replay(events: ledger.events, knownAt: knownAt)
            for n in 0..<5 where (try? whole.checkNetwork("n\(n)")) != nil {
                compared += try Self.expectWhole(ledger, "n\(n)", asOf: day, knownAt: knownAt, whole, "seed \(seed)")
            }
        }
        #expect(compared > 0, "seed \(seed): nothing was compared")
    }
}
