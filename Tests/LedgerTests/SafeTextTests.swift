import Testing
@testable import Ledger

@Suite("Safe text for terminals and messages")
struct SafeTextTests {
    @Test("control characters (C0, DEL, C1) are escaped; other text is untouched")
    func escaping() {
        #expect(SafeText.escaped("a\u{1b}[31mb\u{7f}c\u{85}d\te") == "a\\u{1b}[31mb\\u{7f}c\\u{85}d\\u{9}e")
        #expect(SafeText.escaped("Gdańsk — 東京 🙂") == "Gdańsk — 東京 🙂")
    }

    @Test("the search by bytes finds exactly the control characters, alone or between others")
    func controlByBytes() {
        // Every scalar up to U+3000 (C0, DEL, C1, and the two-byte ones that share 0xC2 or a
        // continuation byte with C1), and a few beyond.
        let scalars = (0..<0x3000).compactMap(Unicode.Scalar.init) + ["東", "🙂", "\u{FEFF}"]
        for scalar in scalars {
            let alone = String(scalar), between = "Â" + String(scalar) + "\u{A0}"
            #expect(SafeText.hasControl(alone) == SafeText.isControl(scalar), "U+\(String(scalar.value, radix: 16))")
            #expect(SafeText.hasControl(between) == SafeText.isControl(scalar), "U+\(String(scalar.value, radix: 16))")
            #expect(SafeText.escaped(between) == between || SafeText.isControl(scalar))
        }
    }

    @Test("quoted text is cut after the limit, with an ellipsis inside the quotes")
    func quoting() {
        #expect(SafeText.quoted("abc") == "'abc'")
        #expect(SafeText.quoted(String(repeating: "x", count: 70), limit: 64) == "'" + String(repeating: "x", count: 64) + "…'")
        #expect(SafeText.quoted("a\nb") == "'a\\u{a}b'")
    }
}
