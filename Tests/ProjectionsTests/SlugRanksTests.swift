import Testing
import TestSupport
@testable import Ledger
@testable import Projections

/// The slugs' ranks (`SlugRanks`), which order the rows by member and network: ASCII
/// strings sorted by their bytes, told apart by their first eight before the rest; any other
/// set sorted as `String`s.
@Suite("Slugs ranked as they compare")
struct SlugRanksTests {
    /// The plain definition: every string compared as `String`s.
    static func reference(_ strings: [String]) -> [Int32] {
        let order = strings.indices.sorted { strings[$0] < strings[$1] }
        var rank = [Int32](repeating: 0, count: strings.count)
        for (place, k) in order.enumerated() { rank[k] = Int32(place) }
        return rank
    }

    @Test("the ranks of random strings are the plain definition's", arguments: [1, 2, 3] as [UInt64])
    func random(seed: UInt64) {
        // Not ASCII, so ranked as `String`s: the same ranks as the plain definition.
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
        let all = (0..<Int32(names.count)).map { names.string($0) }
        #expect(SlugRanks.ranks(in: names) { note in (0..<Int32(names.count)).forEach(note) } == Self.reference(all))
    }

    /// Strings written two ways that `String` calls equal (the Kelvin sign and "K", the
    /// Ångström sign and "Å", "é" as one scalar and as two), in whichever order they were
    /// interned. `String`'s `<` is not always consistent with its `==` there ("Ka" < the
    /// Kelvin sign, though that equals "K", and "K" < "Ka"): ranks made by merging the
    /// ASCII strings, sorted by bytes, with the others, sorted as `String`s, would differ
    /// from one sort of them all, which is what a set that is not all ASCII gets.
    @Test("equal strings written two ways rank in handle order", arguments: [0, 1, 2, 3] as [UInt64])
    func equivalent(seed: UInt64) {
        var random = SplitMix64(seed: seed)
        var list = ["K", "\u{212A}", "J", "L", "Ka", "\u{212A}b", "\u{C5}", "\u{212B}", "A\u{30A}", "B",
                    "\u{E9}", "e\u{301}", "ea", "f", "", "z", "k"]
        for k in list.indices.reversed() { list.swapAt(k, Int(random.next() % UInt64(k + 1))) }
        var names = Interner()
        for string in list { _ = names.intern(string) }
        #expect(names.count == list.count)
        let all = (0..<Int32(names.count)).map { names.string($0) }
        #expect("K" == "\u{212A}")
        #expect(SlugRanks.ranks(in: names) { note in (0..<Int32(names.count)).forEach(note) } == Self.reference(all))
    }

    /// ASCII slugs, some of them only, ranked among themselves by their bytes: the plain
    /// definition's order of those strings, and -1 for every other handle.
    @Test("ASCII slugs ranked among themselves, others left out", arguments: [4, 5, 6] as [UInt64])
    func slugsRanked(seed: UInt64) {
        var random = SplitMix64(seed: seed)
        let pieces = ["saint-", "city-of-", "a", "b", "-", "0", "9", "z", "new-york-", "x", "\u{0}"]
        var strings: Set<String> = []
        while strings.count < 500 {
            strings.insert((0..<(1 + Int(random.next() % 6))).map { _ in pieces[Int(random.next() % UInt64(pieces.count))] }.joined())
        }
        var names = Interner()
        for string in strings { _ = names.intern(string) }
        // A name that is not a slug, never ranked (it is not among the handles).
        let other = names.intern("Zürich")
        let handles = (0..<Int32(names.count)).filter { $0 != other && random.next() % 3 != 0 }.shuffled(using: &random)
        let ranks = SlugRanks.ranks(in: names) { note in handles.forEach(note) }
        let expected = Self.reference(handles.map { names.string($0) })
        #expect(handles.map { ranks[Int($0)] } == expected)
        let ranked = Set(handles)
        #expect((0..<Int32(names.count)).filter { !ranked.contains($0) }.allSatisfy { ranks[Int($0)] == -1 })
    }

    /// The slugs facts name: members, networks and mergers' successors, each once; not a
    /// milestone's name, a date or anything else a fact holds.
    @Test("the slugs facts name are ranked, nothing else")
    func namedByFacts() {
        var names = Interner()
        let (paris, c40, covenant, merged) = (names.intern("paris"), names.intern("c40"), names.intern("covenant"),
                                              names.intern("global-covenant"))
        let (plan, date, berlin) = (names.intern("plan"), names.intern("2020-01-01"), names.intern("berlin"))
        var start = Fact(type: .membership, seq: 1)
        (start.member, start.network, start.date) = (paris, c40, date)
        var milestone = Fact(type: .milestone, seq: 2)
        (milestone.member, milestone.network, milestone.detail) = (berlin, covenant, plan)
        var merger = Fact(type: .merger, seq: 3)
        (merger.network, merger.into) = (covenant, merged)
        let ranks = SlugRanks.ranks(namedBy: [start, milestone, merger], in: names)
        let slugs = [paris, c40, covenant, merged, berlin]
        #expect(slugs.map { ranks[Int($0)] } == Self.reference(slugs.map { names.string($0) }))
        #expect(ranks[Int(plan)] == -1 && ranks[Int(date)] == -1)
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
