import Testing
import TestSupport
@testable import Ledger
@testable import Projections

/// The replay's §4 order: the counting sort on earliest days must give exactly the order of a
/// comparison sort on (earliest, rank, latest, position), whatever the facts.
@Suite("the §4 order of dated events")
struct DatedOrderTests {
    private static let first = Day(year: 1000, month: 1, day: 1)!.ordinal
    private static let last = Day(year: 2999, month: 12, day: 31)!.ordinal

    /// Random facts; `days` distinct earliest days at most (few days: long runs of ties).
    private static func facts(_ count: Int, days: Int32, seed: UInt64) -> [Fact] {
        var mix = SplitMix64(seed: seed)
        let types = EventType.allCases
        let base = first + Int32(mix.next() % UInt64(last - first - days))
        return (0..<count).map { k in
            var fact = Fact(type: types[Int(mix.next() % UInt64(types.count))], seq: Int32(k + 1))
            if mix.next() % 10 != 0 {
                fact.date = 0
                fact.earliest = base + Int32(mix.next() % UInt64(days))
                fact.latest = min(last, fact.earliest + Int32(mix.next() % 400))
            }
            if mix.next() % 15 == 0 { fact.flags |= Fact.retracted }
            return fact
        }
    }

    private static func expected(_ facts: [Fact], known: Int) -> [Int32] {
        (0..<known).filter { facts[$0].isDated && !facts[$0].isRetracted }.sorted { a, b in
            let x = facts[a], y = facts[b]
            return (x.earliest, x.type.rank, x.latest, a) < (y.earliest, y.type.rank, y.latest, b)
        }.map { Int32($0) }
    }

    @Test("random facts, days spread wide or packed into a few (long runs of ties), all or a prefix known",
          arguments: [(1, Int32(700_000)), (50, 3), (2_000, 40), (20_000, 730_000), (20_000, 30), (5_000, 1)])
    func random(count: Int, days: Int32) {
        let facts = Self.facts(count, days: days, seed: UInt64(count) &* 31 &+ UInt64(days))
        #expect(DatedOrder.positions(facts, known: facts.count) == Self.expected(facts, known: facts.count))
        let known = count / 3
        #expect(DatedOrder.positions(facts, known: known) == Self.expected(facts, known: known))
        // Counted, placed and sorted in parts on several threads: the same order.
        for parts in [2, 3, 7] {
            #expect(DatedOrder.positions(facts, known: facts.count, parts: parts) == Self.expected(facts, known: facts.count),
                    "\(parts) parts")
            #expect(DatedOrder.positions(facts, known: known, parts: parts) == Self.expected(facts, known: known),
                    "\(parts) parts, a prefix known")
        }
    }

    @Test("edges: nothing known, nothing dated, the first and last days of the calendar")
    func edges() {
        let facts = Self.facts(100, days: 5, seed: 9)
        #expect(DatedOrder.positions(facts, known: 0).isEmpty)
        var undated = Fact(type: .member, seq: 1)
        undated.earliest = 5
        #expect(DatedOrder.positions([undated], known: 1).isEmpty, "an undated event has no place in the order")
        var a = Fact(type: .withdrawal, seq: 1), b = Fact(type: .membership, seq: 2), c = Fact(type: .membership, seq: 3)
        for (fact, day) in [(0, Self.last), (1, Self.last), (2, Self.first)] {
            var f = [a, b, c][fact]
            f.date = 0
            f.earliest = day
            f.latest = Self.last
            if fact == 0 { a = f } else if fact == 1 { b = f } else { c = f }
        }
        #expect(DatedOrder.positions([a, b, c], known: 3) == [2, 1, 0], "earliest day first, then a start before a withdrawal")
        #expect(DatedOrder.positions([a, b, c], known: 3, parts: 3) == [2, 1, 0], "one fact a part")
        #expect(DatedOrder.positions([a, b, c], known: 3, parts: 8) == [2, 1, 0], "more parts than facts")
    }
}
