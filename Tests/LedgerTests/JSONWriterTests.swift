import Testing
import TestSupport
@testable import Ledger

/// The canonical bytes of `value`, as text (the output is always valid UTF-8).
private func canonical(_ value: JSONValue) -> String {
    String(decoding: JSONWriter.encode(value), as: UTF8.self)
}


/// Generates random JSON values whose strings lean towards the characters that matter.
private struct ValueGenerator {
    var rng: SplitMix64

    /// Scalars that exercise escaping and UTF-8 lengths.
    static let interesting: [Unicode.Scalar] = [
        "\"", "\\", "/", "\u{0}", "\u{8}", "\u{9}", "\u{A}", "\u{C}", "\u{D}", "\u{1F}", "\u{7F}", "\u{80}",
        "é", "€", "\u{2028}", "\u{2029}", "\u{FEFF}", "\u{FFFF}", "😀", "𝄞", "\u{10FFFF}", " ", "a", "Z", "0",
    ]

    mutating func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &rng) }

    mutating func scalar() -> Unicode.Scalar {
        switch int(0...9) {
        case 0...3: return Self.interesting[int(0...(Self.interesting.count - 1))]
        case 4...6: return Unicode.Scalar(UInt8(int(0x20...0x7E)))
        case 7: return Unicode.Scalar(UInt8(int(0x00...0x1F)))
        default:
            // Any scalar: skip the surrogate gap.
            let raw = UInt32(int(0x80...0x10FFFF - 0x800))
            return Unicode.Scalar(raw < 0xD800 ? raw : raw + 0x800)!
        }
    }

    mutating func string() -> String {
        var text = ""
        for _ in 0..<int(0...(int(0...3) == 0 ? 40 : 8)) { text.unicodeScalars.append(scalar()) }
        return text
    }

    /// Text matching the RFC 8259 number grammar.
    mutating func number() -> String {
        func digits(_ count: Int, _ gen: inout ValueGenerator) -> String {
            String((0..<count).map { _ in Character(Unicode.Scalar(UInt8(gen.int(0x30...0x39)))) })
        }
        var text = int(0...1) == 0 ? "" : "-"
        text += int(0...3) == 0 ? "0" : String(int(1...9)) + digits(int(0...(int(0...5) == 0 ? 30 : 5)), &self)
        if int(0...2) == 0 { text += "." + digits(int(1...6), &self) }
        if int(0...3) == 0 { text += ["e", "E"][int(0...1)] + ["", "+", "-"][int(0...2)] + digits(int(1...4), &self) }
        return text
    }

    mutating func value(depth: Int) -> JSONValue {
        switch int(0...(depth > 0 ? 7 : 4)) {
        case 0: return .null
        case 1: return .bool(int(0...1) == 0)
        case 2: return .number(number())
        case 3, 4: return .string(string())
        case 5: return .array((0..<int(0...5)).map { _ in value(depth: depth - 1) })
        default:
            var members: [JSONMember] = []
            for _ in 0..<int(0...5) {
                // Now and then repeat an earlier key: duplicates must survive the round trip.
                let key = !members.isEmpty && int(0...4) == 0 ? members[int(0...(members.count - 1))].key : string()
                members.append(JSONMember(key, value(depth: depth - 1)))
            }
            return .object(members)
        }
    }
}

@Suite("JSONWriter")
struct JSONWriterTests {
    @Test("each control character gets its short escape or lowercase \\u00xx")
    func controlCharacters() {
        let short: [UInt8: String] = [0x08: #"\b"#, 0x09: #"\t"#, 0x0A: #"\n"#, 0x0C: #"\f"#, 0x0D: #"\r"#]
        let hexDigits = Array("0123456789abcdef")
        for byte in UInt8(0)..<0x20 {
            let expected = short[byte] ?? #"\u00"# + String(hexDigits[Int(byte >> 4)]) + String(hexDigits[Int(byte & 15)])
            var out: [UInt8] = []
            JSONWriter.writeString(String(Unicode.Scalar(byte)), into: &out)
            #expect(String(decoding: out, as: UTF8.self) == "\"" + expected + "\"", "byte \(byte)")
        }
        #expect(canonical(.string("\u{1}\u{1F}\u{0}\u{B}\u{1B}")) == #""\u0001\u001f\u0000\u000b\u001b""#)
    }

    @Test("only quote, backslash and controls are escaped; everything else is raw UTF-8")
    func tricky() {
        #expect(canonical(.string(#"say "hi" \ bye"#)) == #""say \"hi\" \\ bye""#)
        #expect(canonical(.string("a/b</script>")) == #""a/b</script>""#)
        #expect(JSONWriter.encode(.string("é")) == [0x22, 0xC3, 0xA9, 0x22])
        #expect(JSONWriter.encode(.string("😀")) == [0x22, 0xF0, 0x9F, 0x98, 0x80, 0x22])
        #expect(JSONWriter.encode(.string("\u{7F}")) == [0x22, 0x7F, 0x22])
        #expect(JSONWriter.encode(.string("\u{2028}\u{2029}")) == [0x22, 0xE2, 0x80, 0xA8, 0xE2, 0x80, 0xA9, 0x22])
        #expect(canonical(.string("")) == #""""#)
        #expect(canonical(.string("line1\nline2\ttab\r\u{C}\u{8}")) == #""line1\nline2\ttab\r\f\b""#)
        #expect(canonical(.string(String(repeating: "x", count: 100) + "\"")) == "\"" + String(repeating: "x", count: 100) + #"\"""#)
    }

    @Test("writeString appends to what is already there")
    func appends() {
        var out = Array("[".utf8)
        JSONWriter.writeString("a\"b", into: &out)
        JSONWriter.write(.null, into: &out)
        #expect(String(decoding: out, as: UTF8.self) == #"["a\"b"null"#)
    }

    @Test("scalars, numbers as stored text, and containers without whitespace")
    func structure() {
        #expect(canonical(.null) == "null")
        #expect(canonical(.bool(true)) == "true")
        #expect(canonical(.bool(false)) == "false")
        for text in ["0", "-0", "1E+2", "1.50", "1e999999", "-123123123123123123123123123123"] {
            #expect(canonical(.number(text)) == text)
        }
        #expect(canonical(.array([])) == "[]")
        #expect(canonical(.object([])) == "{}")
        #expect(canonical(.array([.number("1"), .string("a"), .null, .array([.bool(false)])])) == #"[1,"a",null,[false]]"#)
    }

    @Test("nested objects keep member order, duplicates included")
    func memberOrder() {
        let value = JSONValue.object([
            JSONMember("z", .number("1")),
            JSONMember("a", .object([JSONMember("y", .array([])), JSONMember("b", .object([]))])),
            JSONMember("z", .string("again")),
            JSONMember("m\n", .null),
        ])
        #expect(canonical(value) == #"{"z":1,"a":{"y":[],"b":{}},"z":"again","m\n":null}"#)
    }

    @Test("parsed text with escapes and whitespace comes out in canonical form")
    func canonicalises() throws {
        let parsed = try JSONReader.parse(#" { "a" : [ 1 , "\u00e9\/\u001F\u00A0" ] , "\ud834\udd1e" : "\t" } "#)
        #expect(canonical(parsed) == "{\"a\":[1,\"é/\\u001f\u{A0}\"],\"𝄞\":\"\\t\"}")
    }

    @Test("round trip: parse(encode(v)) == v for 5000 generated values, and encoding is stable")
    func roundTrip() throws {
        var generator = ValueGenerator(rng: SplitMix64(seed: 0x5EED_2026))
        for index in 0..<5000 {
            let value = generator.value(depth: 4)
            let bytes = JSONWriter.encode(value)
            let parsed = try JSONReader.parse(bytes)
            #expect(parsed == value, "case \(index): \(canonical(value))")
            #expect(JSONWriter.encode(parsed) == bytes, "case \(index)")
        }
    }
}
