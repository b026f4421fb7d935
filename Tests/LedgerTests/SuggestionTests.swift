import Testing
import TestSupport
@testable import Ledger

@Suite("Did-you-mean hints")
struct SuggestionTests {
    @Test("near typos get a hint; unrelated words do not", arguments: [
        ("c41", ["c40", "compact"], "c40"),
        ("pariss", ["paris", "lyon"], "paris"),
        ("sgi", ["sig", "other"], "sig"),
        ("signatur", ["signature", "selection"], "signature"),
        ("xyz", ["paris", "lyon"], nil),
    ] as [(String, [String], String?)])
    func hints(_ word: String, _ candidates: [String], _ expected: String?) {
        #expect(Suggestion.nearest(to: word, in: candidates) == expected)
    }

    @Test("a swap of neighbours is one edit")
    func transposition() {
        #expect(Suggestion.distance(Array("ab".unicodeScalars), Array("ba".unicodeScalars)) == 1)
        #expect(Suggestion.distance(Array("kitten".unicodeScalars), Array("sitting".unicodeScalars)) == 3)
    }
}

/// The pruned measures against the plain ones, on random words: the same answers.
@Suite("Did-you-mean hints, pruned")
struct SuggestionPruningTests {
    /// `nearest(to:in:)` as defined: every candidate measured in full, the least distance
    /// (ties to the first in string order), kept only within the word's limit.
    static func reference(_ word: String, _ candidates: [String]) -> String? {
        let target = Array(word.lowercased().unicodeScalars)
        let measured = candidates.map { ($0, Suggestion.distance(target, Array($0.lowercased().unicodeScalars))) }
        guard let best = measured.min(by: { $0.1 != $1.1 ? $0.1 < $1.1 : $0.0 < $1.0 }) else { return nil }
        return best.1 <= max(1, min(3, target.count / 3)) ? best.0 : nil
    }

    /// A word of 0–14 letters from a small alphabet (so that near words are common), some
    /// capitals and non-ASCII letters among them (one, `İ`, lowercases to two scalars).
    static func word(_ random: inout SplitMix64) -> String {
        let letters: [String] = ["a", "b", "c", "-", "1", "A", "é", "İ", "ß", "x"]
        return (0..<Int.random(in: 0...14, using: &random)).map { _ in letters.randomElement(using: &random)! }.joined()
    }

    @Test("the nearest of candidates given one at a time is the plain definition's", arguments: [1, 2, 3, 4] as [UInt64])
    func nearest(seed: UInt64) {
        var random = SplitMix64(seed: seed)
        for round in 0..<300 {
            let word = Self.word(&random)
            var candidates = (0..<Int.random(in: 0...40, using: &random)).map { _ in Self.word(&random) }
            // Near misses of the word itself: an edit or two away.
            for _ in 0..<Int.random(in: 0...4, using: &random) where !word.isEmpty {
                var near = Array(word)
                near[Int.random(in: 0..<near.count, using: &random)] = Array(Self.word(&random) + "z")[0]
                if Bool.random(using: &random) { near.insert("q", at: Int.random(in: 0...near.count, using: &random)) }
                candidates.append(String(near))
            }
            #expect(Suggestion.nearest(to: word, in: candidates) == Self.reference(word, candidates),
                    "seed \(seed), round \(round): \(word) among \(candidates)")
        }
    }

    @Test("a distance abandoned past a bound is past it; one kept is exact", arguments: [5, 6] as [UInt64])
    func bounded(seed: UInt64) {
        var random = SplitMix64(seed: seed)
        for _ in 0..<2_000 {
            let a = Array(Self.word(&random).unicodeScalars), b = Array(Self.word(&random).unicodeScalars)
            let exact = Suggestion.distance(a, b)
            for bound in 0...4 {
                #expect(Suggestion.distance(a, b, atMost: bound) == (exact <= bound ? exact : nil), "\(a) \(b) within \(bound)")
            }
        }
    }
}
