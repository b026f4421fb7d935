import Testing
import TestSupport
@testable import Projections

/// The replay's §4 order comes from a radix sort on one 64-bit key: it must give exactly the
/// order of a comparison sort on (key, index), whatever the keys.
@Suite("Radix sort of order keys")
struct RadixSortTests {
    static func check(_ keys: [UInt64]) {
        var pairs = keys.enumerated().map { (key: $0.element, index: Int32($0.offset)) }
        let expected = pairs.sorted { ($0.key, $0.index) < ($1.key, $1.index) }
        RadixSort.sort(&pairs)
        #expect(pairs.map(\.key) == expected.map(\.key))
        #expect(pairs.map(\.index) == expected.map(\.index))
    }

    @Test("random keys over the whole 45-bit range, with and without many ties", arguments: [1, 2, 100, 5_000, 20_000])
    func random(count: Int) {
        var mix = SplitMix64(seed: UInt64(count))
        Self.check((0..<count).map { _ in mix.next() & 0x1FFF_FFFF_FFFF })
        // Few distinct keys: ties must keep index order.
        Self.check((0..<count).map { _ in (mix.next() % 7) << 24 | (mix.next() % 3) })
        // Keys as the replay makes them: earliest day, rank, latest day.
        Self.check((0..<count).map { _ in
            let earliest = 700_000 + mix.next() % 400_000, span = mix.next() % 4000
            return earliest << 24 | (mix.next() % 8) << 21 | ((earliest + span) & 0x1F_FFFF)
        })
    }

    @Test("edge shapes: empty, all equal, already sorted, reversed, the largest keys")
    func shapes() {
        Self.check([])
        Self.check(Array(repeating: 42, count: 3000))
        Self.check((0..<3000).map { UInt64($0) << 20 })
        Self.check((0..<3000).reversed().map { UInt64($0) * 0x1_0001 })
        Self.check([UInt64.max, 0, UInt64.max - 1, 1, UInt64.max])
    }
}
