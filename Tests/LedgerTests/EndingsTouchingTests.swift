import Testing
import TestSupport
@testable import Ledger

@Suite("the endings a member's fold needs")
struct EndingsTouchingTests {
    private func mark(_ seq: Int, _ type: EventType, _ network: NetworkID, into: NetworkID? = nil, day: Int32) -> LedgerIndex.Mark {
        LedgerIndex.Mark(seq: seq, type: type, earliest: Day(ordinal: day), latest: Day(ordinal: day), into: into, network: network)
    }

    @Test("a key filter never rules out a key put in it, and rules out most others")
    func filter() {
        var filter = KeyFilter()
        var random = SplitMix64(seed: 3)
        let keys = (0..<100).map { _ in random.next() }
        for key in keys { filter.insert(key) }
        #expect(keys.allSatisfy { filter.mayContain($0) })
        let others = (0..<10_000).map { _ in random.next() }.filter { !filter.mayContain($0) }
        // 100 keys set at most 100 of 4,096 bits.
        #expect(others.count > 9_500)
    }

    @Test("a member's marks in a network that closes, or takes in a merger, bring its endings; others none")
    func touching() {
        var index = LedgerIndex()
        let quiet = NetworkID("quiet"), closing = NetworkID("closing"), taking = NetworkID("taking"), merging = NetworkID("merging")
        index.allEndings = [mark(10, .closure, closing, day: 50), mark(11, .merger, merging, into: taking, day: 60)]
        index.rebuildDerived()
        let inQuiet = [mark(1, .membership, quiet, day: 1), mark(2, .milestone, quiet, day: 2)]
        #expect(index.endings(touching: inQuiet).isEmpty)
        #expect(index.endings(touching: inQuiet + [mark(3, .membership, closing, day: 3)]).map(\.seq) == [10])
        #expect(index.endings(touching: inQuiet, adding: mark(3, .membership, taking, day: 3)).map(\.seq) == [11])
        #expect(index.endings(touching: [mark(3, .membership, merging, day: 3)]).map(\.seq) == [11])
    }

    @Test("a network sharing its key with one that ends is told apart by its slug, in whatever order the marks come")
    func sharedKey() {
        var index = LedgerIndex()
        let closing = NetworkID("closing"), twin = NetworkID(unsafeKey: closing.key, "twin")
        index.allEndings = [mark(10, .closure, closing, day: 50)]
        index.rebuildDerived()
        #expect(index.endings(touching: [mark(1, .membership, twin, day: 1)]).isEmpty)
        #expect(index.endings(touching: [mark(1, .membership, twin, day: 1), mark(2, .membership, closing, day: 2)]).map(\.seq) == [10])
        #expect(index.endings(touching: [mark(1, .membership, closing, day: 1), mark(2, .membership, twin, day: 2)]).map(\.seq) == [10])
        #expect(index.endings(touching: [mark(1, .membership, twin, day: 1)], adding: mark(2, .milestone, closing, day: 2)).map(\.seq) == [10])
    }

    @Test("an answer is kept only while the endings stay: a copy that gains or loses an ending sees it, the other copy does not")
    func keptWhileTheEndingsStay() throws {
        func day(_ year: Int) -> Int32 { Day(year: year, month: 1, day: 1)!.ordinal }
        var index = LedgerIndex()
        let a = NetworkID("a"), b = NetworkID("b")
        index.allEndings = [mark(10, .closure, a, day: day(2012))]
        index.rebuildDerived()
        let inA = [mark(1, .membership, a, day: day(2005))], inB = [mark(2, .membership, b, day: day(2005))]
        // Asked twice, and for the same networks in either order: the same answer.
        #expect(index.endings(touching: inA).map(\.seq) == [10])
        #expect(index.endings(touching: inA).map(\.seq) == [10])
        #expect(index.endings(touching: inA + inB).map(\.seq) == [10])
        #expect(index.endings(touching: inB + inA).map(\.seq) == [10])
        #expect(index.endings(touching: inB).isEmpty)
        // A copy takes in a merger of b into a (line 11, dated 2011): b's members now see it
        // and a's closure, a's members the merger too.
        var merger = try EventDecoder.decode(try JSONReader.parse(
            #"{"id":"x","type":"merger","network":"b","into":"a","date":"2011-01-01"}"#), mode: .input)
        merger.seq = 11
        var copy = index
        copy.add(merger)
        #expect(copy.endings(touching: inB).map(\.seq) == [11, 10])
        #expect(copy.endings(touching: inA).map(\.seq) == [11, 10])
        // The first index, asked again, still answers for its own endings.
        #expect(index.endings(touching: inA).map(\.seq) == [10])
        #expect(index.endings(touching: inB).isEmpty)
        // The merger taken back: the copy answers as before it.
        copy.remove(merger)
        #expect(copy.endings(touching: inA).map(\.seq) == [10])
        #expect(copy.endings(touching: inB).isEmpty)
    }
}
