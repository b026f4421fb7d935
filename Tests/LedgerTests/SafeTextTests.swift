import Testing
@testable import Ledger

@Suite("Safe text for terminals and messages")
struct SafeTextTests {
    @Test("control characters (C0, DEL, C1) are escaped; other text is untouched")
    func escaping() {
        #expect(SafeText.escaped("a\u{1b}[31mb\u{7f}c\u{85}d\te") == "a\\u{1b}[31mb\\u{7f}c\\u{85}d\\u{9}e")
        #expect(SafeText.escaped("Gdańsk — 東京 🙂") == "Gdańsk — 東京 🙂")
    }

    @Test("quoted text is cut after the limit, with an ellipsis inside the quotes")
    func quoting() {
        #expect(SafeText.quoted("abc") == "'abc'")
        #expect(SafeText.quoted(String(repeating: "x", count: 70), limit: 64) == "'" + String(repeating: "x", count: 64) + "…'")
        #expect(SafeText.quoted("a\nb") == "'a\\u{a}b'")
    }
}
