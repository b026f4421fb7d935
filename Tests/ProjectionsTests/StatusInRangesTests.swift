import Foundation
import TestSupport
import Testing
@testable import Ledger
@testable import Projections

/// `status` of a large log replayed a range of members at a time (`StatusInRanges`) against
/// the whole log's replay: the same rows, in the same order, however the members are cut.
@Suite("Status in ranges of members")
struct StatusInRangesTests {
    /// `body` given `ledger`'s log as the views decode a large one: the core, the spill
    /// holding the high-volume facts, and the mapped file.
    static func spilled<T>(_ ledger: TestLedger, _ body: (FactLog, FactSpill, MappedFile) throws -> T) throws -> T {
        let bytes: [UInt8] = ledger.events.flatMap { Array(EventEncoder.line($0)) + [0x0A] }
        let path = NSTemporaryDirectory() + "ranges-\(UUID().uuidString).jsonl"
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let file = try MappedFile(path: path)
        let spill = try FactSpill()
        // Small pieces, so that the spill is fed from several of them.
        let (core, head) = try FactLog.decode(file.bytes, file: "ledger.jsonl", firstLine: 1, baseOffset: 0, release: nil,
                                              progress: nil, registrationsAsFacts: true, stretch: 512, spill: spill)
        #expect(head.seq == ledger.head.seq)
        return try body(core, spill, file)
    }

    /// The rows of `ledger` replayed in ranges of at most `rangeFacts` facts (of `network`
    /// alone, when given).
    static func rangedRows(_ ledger: TestLedger, rangeFacts: Int, asOf: Day, knownAt: KnownAt?,
                           network: String? = nil) throws -> (rows: [StatusRow], ranges: Int) {
        try spilled(ledger) { core, spill, file in
            var rows: [StatusRow] = [], ranges = 0
            try StatusInRanges.rows(core: core, spill: spill, file: file, knownAt: knownAt, asOf: asOf, rangeFacts: rangeFacts,
                                    network: network) {
                rows += $0.statusRows()
                ranges += 1
            }
            return (rows, ranges)
        }
    }

    /// A message when the ranged rows differ from the whole replay's (`expected`, computed
    /// when not given).
    static func difference(_ ledger: TestLedger, rangeFacts: Int, asOf: Day, knownAt: KnownAt?,
                           expected: [StatusRow]? = nil) throws -> String? {
        let expected = expected ?? Replay(events: ledger.events, knownAt: knownAt).status(asOf: asOf, member: nil, network: nil)
        let (actual, ranges) = try rangedRows(ledger, rangeFacts: rangeFacts, asOf: asOf, knownAt: knownAt)
        guard actual != expected else { return nil }
        let first = zip(actual, expected).first { $0 != $1 }
        return "ranges of \(rangeFacts) facts (\(ranges) ranges) as of \(asOf), known at \(String(describing: knownAt)): "
            + "\(actual.count) rows vs \(expected.count); first difference: \(String(describing: first))"
    }

    @Test("random ledgers: any cut into ranges gives the whole replay's rows, as of any day and known at any line",
          arguments: PropertyTests.seeds)
    func randomLedgers(seed: UInt64) throws {
        // The wide shape (12 members, 600 attempts) on every third seed: its ranges of one
        // fact replay a dozen ranges each time.
        let shapes = seed % 3 == 0 ? [(RandomLedger.Shape.standard, 220), (.wide, 600)] : [(.standard, 220)]
        for (shape, attempts) in shapes {
            let ledger = try RandomLedger.make(seed: seed, attempts: attempts, shape: shape)
            let days = PropertyTests.days(of: ledger.events, count: 2, seed: seed) + [Day(year: 2999, month: 12, day: 31)!]
            var compared = 0
            for (k, day) in days.enumerated() {
                let knownAt: KnownAt? = k == 1 ? .seq(ledger.events.count * 2 / 3) : nil
                let expected = Replay(events: ledger.events, knownAt: knownAt).status(asOf: day, member: nil, network: nil)
                for rangeFacts in [1, 7, 1_000_000] {
                    if let difference = try Self.difference(ledger, rangeFacts: rangeFacts, asOf: day, knownAt: knownAt,
                                                            expected: expected) {
                        Issue.record("seed \(seed): \(difference)")
                        return
                    }
                }
                compared += expected.count
            }
            #expect(compared > 0, "seed \(seed): no row was compared")
        }
    }

    /// The shares take the core's strings (a correction's string is added to them, not to a
    /// copy of the core's): none are left in the core, and every one is kept, by the same
    /// handle, with those the corrections set after them.
    @Test("a range finds the shared amendments' targets it holds where a binary search of its facts finds them",
          arguments: [1, 2, 3, 4] as [UInt64])
    func targetsHeld(seed: UInt64) {
        var random = SplitMix64(seed: seed)
        // A part of a log: increasing seqs with gaps of every size, short and long runs.
        var facts: [Fact] = []
        var seq: Int32 = Int32(random.next() % 3)
        for _ in 0..<Int(random.next() % 3000) {
            seq += Int32(random.next() % 4 == 0 ? 1 + random.next() % 200 : 1 + random.next() % 2)
            facts.append(Fact(type: .milestone, seq: seq))
        }
        // Wanted seqs: some held, some in the gaps, some before the first and after the last.
        let last = facts.last?.seq ?? 10
        let seqs = Set((0..<Int(random.next() % 400)).map { _ in Int32(random.next() % UInt64(last + 50)) }).sorted()
        let found = Replay.positions(ofSeqs: seqs, in: facts)
        let expected = seqs.reduce(into: [Int32: Int32]()) { expected, seq in
            if let position = Replay.position(ofSeq: seq, in: facts) { expected[seq] = Int32(position) }
        }
        #expect(found == expected, "\(facts.count) facts, \(seqs.count) seqs")
        #expect(Replay.positions(ofSeqs: seqs, in: []).isEmpty && Replay.positions(ofSeqs: [], in: facts).isEmpty)
    }

    @Test("the shares take the core's strings, keeping each one's handle", arguments: [1, 2, 3] as [UInt64])
    func sharesTakeStrings(seed: UInt64) throws {
        let ledger = try RandomLedger.make(seed: seed)
        try Self.spilled(ledger) { core, _, _ in
            let before = core.names
            #expect(before.count > 0)
            let (shares, rest) = SpillShares.taking(core)
            #expect(rest.names.count == 0)
            #expect(shares.names.count >= before.count)
            for handle in 0..<Int32(before.count) where shares.names.string(handle) != before.string(handle) {
                Issue.record("seed \(seed): handle \(handle) names another string")
                return
            }
        }
    }

    /// `body` for each registered network of the random ledger of `seed`, as of each of a few
    /// days (the `k`th; the second known at half the log), with the whole log's replay known
    /// as far; it returns how many rows it compared. The sum of those.
    static func networkCases(seed: UInt64, _ body: (_ ledger: TestLedger, _ network: String, _ day: Day, _ k: Int,
                                                    _ knownAt: KnownAt?, _ whole: Replay) throws -> Int) throws -> Int {
        let ledger = try RandomLedger.make(seed: seed, attempts: 220)
        var compared = 0
        for (k, day) in PropertyTests.days(of: ledger.events, count: 2, seed: seed).enumerated() {
            let knownAt: KnownAt? = k == 1 ? .seq(ledger.events.count / 2) : nil
            let whole = Replay(events: ledger.events, knownAt: knownAt)
            for n in 0..<5 where (try? whole.checkNetwork("n\(n)")) != nil {
                compared += try body(ledger, "n\(n)", day, k, knownAt, whole)
            }
        }
        return compared
    }

    @Test("random ledgers: --network in ranges gives the whole replay's rows of that network; an unknown one is bad data, before any row",
          arguments: PropertyTests.seeds.filter { $0 % 4 == 1 })
    func networkFilter(seed: UInt64) throws {
        let compared = try Self.networkCases(seed: seed) { ledger, network, day, _, knownAt, whole in
            let expected = whole.status(asOf: day, member: nil, network: NetworkID(network))
            for rangeFacts in [1, 1_000_000] {
                let (actual, _) = try Self.rangedRows(ledger, rangeFacts: rangeFacts, asOf: day, knownAt: knownAt, network: network)
                #expect(actual == expected, "seed \(seed), \(network) as of \(day), ranges of \(rangeFacts)")
            }
            return expected.count
        }
        #expect(compared > 0, "seed \(seed): no row was compared")
        let ledger = try RandomLedger.make(seed: seed, attempts: 220)
        // An unknown network: the error the whole replay words, and no range's rows.
        let expected = try #require(throws: ViewError.self) { try Replay(events: ledger.events, knownAt: nil).checkNetwork("n44") }
        var ranges = 0
        let failure = try #require(throws: LedgerError.self) {
            try Self.spilled(ledger) { core, spill, file in
                try StatusInRanges.rows(core: core, spill: spill, file: file, knownAt: nil, asOf: Day(year: 2030, month: 1, day: 1)!,
                                        rangeFacts: 1, network: "n44") { _ in ranges += 1 }
            }
        }
        #expect(failure.kind == .badData && failure.message == expected.message && ranges == 0, "\(failure)")
    }

    @Test("ranges of one fact cut the members apart: one range per member with events")
    func oneFactRanges() throws {
        let ledger = try RandomLedger.make(seed: 3)
        let members = Set(Replay(events: ledger.events, knownAt: nil).status(asOf: Day(year: 2999, month: 12, day: 31)!,
                                                                               member: nil, network: nil).map(\.member))
        let (_, ranges) = try Self.rangedRows(ledger, rangeFacts: 1, asOf: Day(year: 2999, month: 12, day: 31)!, knownAt: nil)
        #expect(ranges >= members.count && members.count > 1)
        let (_, whole) = try Self.rangedRows(ledger, rangeFacts: 1_000_000, asOf: Day(year: 2999, month: 12, day: 31)!, knownAt: nil)
        #expect(whole == 1)
    }

    /// Members `ann` and `zed` (far apart in string order), a start and a milestone each;
    /// corrections move a start and a milestone from one to the other, and a date.
    static let moving = """
        {"id":"reg-ann","type":"member","member":"ann","name":"Ann","kind":"city"}
        {"id":"reg-zed","type":"member","member":"zed","name":"Zed","kind":"city"}
        {"id":"reg-n","type":"network","network":"n","name":"N","kind":"pact"}
        {"id":"pol","type":"policy","network":"n","date":"2010","title":"Plan in two years","rules":[{"milestone":"plan","within":24}]}
        {"id":"s-ann","type":"membership","member":"ann","network":"n","date":"2012-03"}
        {"id":"s-zed","type":"membership","member":"zed","network":"n","date":"2013"}
        {"id":"s-ann2","type":"signature","member":"ann","network":"n","date":"2015-05-05"}
        {"id":"m-ann","type":"milestone","member":"ann","network":"n","milestone":"plan","date":"2013-01"}
        {"id":"m-zed","type":"milestone","member":"zed","network":"n","milestone":"plan","date":"2014-02"}
        {"id":"c1","type":"correction","target":"s-ann2","set":{"member":"zed"},"reason":"it was Zed's"}
        {"id":"c2","type":"correction","target":"m-zed","set":{"member":"ann","date":"2013-07-14"},"reason":"it was Ann's"}
        """

    @Test("a correction that moves an event to another member: each range keeps its own members' rows, at every known-at")
    func movedEvents() throws {
        let ledger = try TestLedger(input: Self.moving)
        let end = Day(year: 2999, month: 12, day: 31)!
        let whole = Replay(events: ledger.events, knownAt: nil).status(asOf: end, member: nil, network: nil)
        // The moved signature opened a commitment of zed's; without the correction it is ann's.
        #expect(whole.filter { $0.member == MemberID("zed") }.count == 2)
        for seq in [nil] + Array(5...ledger.events.count).map(Optional.some) {
            let knownAt = seq.map(KnownAt.seq)
            for day in [end, Day(year: 2014, month: 12, day: 31)!] {
                for rangeFacts in [1, 3] {
                    #expect(try Self.difference(ledger, rangeFacts: rangeFacts, asOf: day, knownAt: knownAt) == nil)
                }
            }
        }
    }

    @Test("the worked example, in ranges of 1 to 13 facts, gives its status as of every tenth year it spans")
    func workedExample() throws {
        let ledger = try TestLedger(stored: Array(try Fixtures.data("worked/ledger.jsonl")))
        for rangeFacts in [1, 2, 3, 5, 8, 13] {
            for year in stride(from: 2000, through: 2030, by: 10) {
                #expect(try Self.difference(ledger, rangeFacts: rangeFacts, asOf: Day(year: year, month: 6, day: 30)!, knownAt: nil) == nil)
            }
        }
    }
}
