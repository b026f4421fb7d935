import Testing
@testable import Ledger

/// Strings written out once as JSON literals: each literal is exactly what the general
/// writer gives for the string, whatever it holds, wherever it falls among the pieces the
/// table is made in.
@Suite("JSON literals")
struct JSONLiteralsTests {
    /// The general writer's bytes for UTF-8 `bytes` (repaired as `String(decoding:)` repairs).
    static func general(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        JSONWriter.writeString(String(decoding: bytes, as: UTF8.self), into: &out)
        return out
    }

    static let tricky: [[UInt8]] = [
        [], Array("a".utf8), Array("paris".utf8), Array("exactly-14-byte".utf8), Array("exactly-16-bytes".utf8),
        Array("seventeen-bytes!!".utf8), Array("mexico-city-pact-8".utf8), Array("quote \" here".utf8),
        Array("back\\slash".utf8), Array("new\nline\ttab".utf8), [0x01, 0x1F, 0x7F], Array("Zürich".utf8),
        Array("São Paulo 🌍".utf8), [0xFF, 0x41], [0xC3], [0xE2, 0x82], Array(String(repeating: "long-name-", count: 30).utf8),
        // Well-formed UTF-8 is copied as it is, ill-formed is repaired: each edge of RFC 3629.
        Array("é\"quoted".utf8), Array("Île-de-France « Grand Paris » — 2020".utf8), Array("😀".utf8),
        [0xC2, 0x80], [0xDF, 0xBF], [0xC0, 0x80], [0xC1, 0xBF], [0xE0, 0xA0, 0x80], [0xE0, 0x9F, 0xBF],
        [0xED, 0x9F, 0xBF], [0xED, 0xA0, 0x80], [0xEF, 0xBF, 0xBF], [0xF0, 0x90, 0x80, 0x80], [0xF0, 0x8F, 0xBF, 0xBF],
        [0xF4, 0x8F, 0xBF, 0xBF], [0xF4, 0x90, 0x80, 0x80], [0xF5, 0x80, 0x80, 0x80], [0x80], [0xE2, 0x82, 0x41],
        Array("sixteen-ascii-bb".utf8) + [0xC3, 0xA9] + Array("\n".utf8), Array("sixteen-ascii-bb".utf8) + [0xF0, 0x9F, 0x98],
    ]

    @Test("random bytes, most of them UTF-8's lead and continuation bytes: each literal the general writer's")
    func randomBytes() {
        var random = SystemRandomNumberGenerator()
        let alphabet: [UInt8] = [0x41, 0x22, 0x5C, 0x0A, 0x7F, 0x80, 0xBF, 0xC2, 0xC3, 0xA9, 0xE0, 0xED, 0xA0, 0x9F, 0xF0, 0xF4, 0x90, 0x8F, 0xFF]
        let strings = (0..<5_000).map { _ in
            (0..<Int.random(in: 0...40, using: &random)).map { _ in
                Bool.random(using: &random) ? UInt8(ascii: "a") : alphabet.randomElement(using: &random)!
            }
        }
        let literals = JSONLiterals(count: strings.count) { k in strings[k].withUnsafeBytes { UnsafeRawBufferPointer(start: $0.baseAddress, count: $0.count) } }
        withExtendedLifetime(strings) {
            for (k, bytes) in strings.enumerated() {
                #expect(literals.literal(Int32(k)) == Self.general(bytes), "\(bytes)")
            }
        }
        for bytes in strings.prefix(500) {
            var out: [UInt8] = []
            bytes.withUnsafeBufferPointer { JSONLiterals.append($0, into: &out) }
            #expect(out == Self.general(bytes), "\(bytes)")
        }
    }

    @Test("each literal is the general writer's string, escapes, non-ASCII and bytes to repair included")
    func sameAsGeneral() {
        let strings = Self.tricky
        let literals = JSONLiterals(count: strings.count) { k in strings[k].withUnsafeBytes { UnsafeRawBufferPointer(start: $0.baseAddress, count: $0.count) } }
        withExtendedLifetime(strings) {
            #expect(literals.count == strings.count)
            for (k, bytes) in strings.enumerated() {
                #expect(literals.literal(Int32(k)) == Self.general(bytes), "\(bytes)")
                #expect(literals.length(Int32(k)) == Self.general(bytes).count)
            }
        }
        let texts = ["inventory", "plan \"quoted\"", "", "Gold ★"]
        let fromStrings = JSONLiterals(texts)
        for (k, text) in texts.enumerated() {
            #expect(fromStrings.literal(Int32(k)) == Self.general(Array(text.utf8)))
        }
    }

    @Test("made in pieces on every core: the literals of thousands of strings, in order, across the pieces' joins")
    func acrossPieces() {
        let strings = (0..<10_000).map { k in Array((k % 7 == 0 ? "s\"\(k)" : k % 5 == 0 ? "é\(k)" : "slug-\(k)").utf8) }
        let literals = JSONLiterals(count: strings.count) { k in strings[k].withUnsafeBytes { UnsafeRawBufferPointer(start: $0.baseAddress, count: $0.count) } }
        withExtendedLifetime(strings) {
            for k in [0, 1, 4095, 4096, 4097, 8191, 8192, 9999] {
                #expect(literals.literal(Int32(k)) == Self.general(strings[k]), "string \(k)")
            }
            #expect((0..<strings.count).allSatisfy { literals.literal(Int32($0)) == Self.general(strings[$0]) })
            // Back to back: each literal starts where the one before ends.
            #expect((0..<strings.count).allSatisfy { literals.starts[$0 + 1] - literals.starts[$0] == Int32(literals.length(Int32($0))) })
            #expect(Int(literals.starts[strings.count]) == strings.reduce(0) { $0 + Self.general($1).count })
        }
        // No strings: no literal, and nothing read.
        let none = JSONLiterals(count: 0) { _ in Issue.record("no string to read"); return UnsafeRawBufferPointer(start: nil, count: 0) }
        #expect(none.count == 0 && none.starts[0] == 0)
    }
}
