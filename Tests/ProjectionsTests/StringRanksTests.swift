import Testing
import TestSupport
@testable import Ledger
@testable import Projections

/// Each string's rank (`StringTable.ranks`), which orders the rows by their slugs: ASCII
/// strings are told apart by their first eight bytes before their text is compared.
@Suite("Strings ranked as they compare")
struct StringRanksTests {
    /// The plain definition: every string compared as `String`s.
    static func reference(_ strings: [String]) -> [Int32] {
        let order = strings.indices.sorted { strings[$0] < strings[$1] }
        var rank = [Int32](repeating: 0, count: strings.count)
        for (place, k) in order.enumerated() { rank[k] = Int32(place) }
        return rank
    }

    @Test("the ranks of random strings are the plain definition's", arguments: [1, 2, 3] as [UInt64])
    func random(seed: UInt64) {
        var random = SplitMix64(seed: seed)
        // Long shared prefixes (so that eight bytes do not decide), short strings (ended
        // within eight), and non-ASCII ones whose bytes and scalars order differently: "é"
        // written as e and a combining accent sorts as "é" (U+00E9), after "f", though its
        // first byte is "e".
        let pieces = ["city-", "saint-", "a", "b", "z", "0", "9", "-", "é", "e\u{301}", "f", "ß", "Ω", "\u{0}", "1990-01"]
        var strings: Set<String> = []
        while strings.count < 400 {
            strings.insert((0..<Int.random(in: 0...5, using: &random)).map { _ in pieces.randomElement(using: &random)! }.joined())
        }
        // An accent written as a combining mark, against the letter after its base.
        var list = Array(strings)
        for fixed in ["e\u{301}tat", "fa", "eta", "e"] where !list.contains(fixed) { list.append(fixed) }
        var names = Interner()
        for string in list { _ = names.intern(string) }
        let table = StringTable(names)
        let all = (0..<Int32(names.count)).map { table.string($0) }
        #expect(table.ranks() == Self.reference(all))
    }

    /// Strings written two ways that `String` calls equal (the Kelvin sign and "K", the
    /// Ångström sign and "Å", "é" as one scalar and as two), in whichever order they were
    /// interned. `String`'s `<` is not always consistent with its `==` there ("Ka" < the
    /// Kelvin sign, though that equals "K", and "K" < "Ka"): ranks made by merging the
    /// ASCII strings, sorted by bytes, with the others, sorted as `String`s, differed from
    /// one sort of them all, which is what these ranks must be.
    @Test("equal strings written two ways rank in handle order", arguments: [0, 1, 2, 3] as [UInt64])
    func equivalent(seed: UInt64) {
        var random = SplitMix64(seed: seed)
        var list = ["K", "\u{212A}", "J", "L", "Ka", "\u{212A}b", "\u{C5}", "\u{212B}", "A\u{30A}", "B",
                    "\u{E9}", "e\u{301}", "ea", "f", "", "z", "k"]
        for k in list.indices.reversed() { list.swapAt(k, Int(random.next() % UInt64(k + 1))) }
        var names = Interner()
        for string in list { _ = names.intern(string) }
        #expect(names.count == list.count)
        let table = StringTable(names)
        let all = (0..<Int32(names.count)).map { table.string($0) }
        #expect("K" == "\u{212A}")
        #expect(table.ranks() == Self.reference(all))
    }

    /// Members' slugs in the rows' order (`MemberRanges.sortedByBytes`): their bytes' order,
    /// with many sharing their first eight or sixteen bytes, and some ended within them.
    @Test("slugs sorted by their bytes", arguments: [1, 2, 3] as [UInt64])
    func slugsByBytes(seed: UInt64) {
        var random = SplitMix64(seed: seed)
        let pieces = ["saint-", "city-of-", "a", "b", "-", "0", "9", "z", "new-york-", "x"]
        var strings: Set<String> = []
        while strings.count < 600 {
            strings.insert((0..<(1 + Int(random.next() % 6))).map { _ in pieces[Int(random.next() % UInt64(pieces.count))] }.joined())
        }
        var names = Interner()
        for string in strings { _ = names.intern(string) }
        // Some handles left out, as members without facts are.
        let handles = (0..<Int32(names.count)).filter { _ in random.next() % 5 != 0 }
        let expected = handles.sorted { a, b in Array(names.string(a).utf8).lexicographicallyPrecedes(Array(names.string(b).utf8)) }
        #expect(MemberRanges.sortedByBytes(handles, names) == expected)
    }
}
