import Testing
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
