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
}
