import Testing
@testable import Ledger

/// Parses raw bytes; the bytes need not be valid UTF-8.
private func parse(_ bytes: [UInt8], maxDepth: Int = 256) throws(JSONError) -> JSONValue {
    try JSONReader.parse(bytes, maxDepth: maxDepth)
}

/// The error that parsing `bytes` throws, or nil if it parses.
private func failure(_ bytes: [UInt8], maxDepth: Int = 256) -> JSONError? {
    do {
        _ = try JSONReader.parse(bytes, maxDepth: maxDepth)
        return nil
    } catch {
        return error
    }
}

private func failure(_ text: String, maxDepth: Int = 256) -> JSONError? {
    failure(Array(text.utf8), maxDepth: maxDepth)
}

/// `"` + bytes + `"`, as a JSON string literal with raw content.
private func quoted(_ bytes: [UInt8]) -> [UInt8] { [0x22] + bytes + [0x22] }

@Suite("JSONReader")
struct JSONReaderTests {
    // MARK: Values

    @Test("scalars, arrays and objects parse to the expected values")
    func basicValues() throws {
        #expect(try JSONReader.parse("null") == .null)
        #expect(try JSONReader.parse("true") == .bool(true))
        #expect(try JSONReader.parse("false") == .bool(false))
        #expect(try JSONReader.parse("\"hi\"") == .string("hi"))
        #expect(try JSONReader.parse("-1.5e3") == .number("-1.5e3"))
        #expect(try JSONReader.parse("[]") == .array([]))
        #expect(try JSONReader.parse("{}") == .object([]))
        #expect(try JSONReader.parse(#"[1,"a",[null],{"k":false}]"#) == .array([
            .number("1"), .string("a"), .array([.null]), .object([JSONMember("k", .bool(false))]),
        ]))
        #expect(try JSONReader.parse(#"{"a":{"b":[true,{}]},"c":[]}"#) == .object([
            JSONMember("a", .object([JSONMember("b", .array([.bool(true), .object([])]))])),
            JSONMember("c", .array([])),
        ]))
    }

    @Test("a typical ledger line parses with members in order")
    func ledgerLine() throws {
        let line = #"{"seq":12,"id":"bdx-inv","type":"milestone","recorded":"2026-01-01T00:00:12Z","prev":"9783b4985d4bc0b51ed02197177ad292f50cc671ab2201b4ad86ced0d7c2714c"}"#
        let value = try JSONReader.parse(line)
        guard case .object(let members) = value else { Issue.record("not an object"); return }
        #expect(members.map(\.key) == ["seq", "id", "type", "recorded", "prev"])
        #expect(value["seq"]?.int64Value == 12)
        #expect(value["recorded"]?.stringValue == "2026-01-01T00:00:12Z")
    }

    @Test("duplicate keys are kept, in order")
    func duplicateKeys() throws {
        #expect(try JSONReader.parse(#"{"a":1,"a":2,"b":3,"a":4}"#) == .object([
            JSONMember("a", .number("1")), JSONMember("a", .number("2")),
            JSONMember("b", .number("3")), JSONMember("a", .number("4")),
        ]))
    }

    @Test("the array, slice, String and pointer entry points agree; slice offsets are relative")
    func entryPoints() throws {
        let bytes = Array(#"xx[1,{"a":"é"}]yy"#.utf8)
        let slice = bytes[2..<(bytes.count - 2)]
        let expected = try JSONReader.parse(#"[1,{"a":"é"}]"#)
        #expect(try JSONReader.parse(slice) == expected)
        #expect(try JSONReader.parse(Array(slice)) == expected)
        #expect(try slice.withUnsafeBufferPointer { try JSONReader.parse($0) } == expected)
        #expect(failure(Array(bytes[2...]))?.offset == bytes.count - 4)
        #expect(throws: JSONError(offset: 2, message: "expected ',' or ']' after array element, found 'x'")) {
            // `ArraySlice + Array` keeps the slice's start index (2): offsets still count from 0.
            try JSONReader.parse(bytes[2..<4] + Array("x]".utf8))
        }
    }

    // MARK: Whitespace and framing

    @Test("space, tab, LF and CR are allowed around and between tokens")
    func whitespaceAllowed() throws {
        #expect(try JSONReader.parse(" \t\r\n[ 1 ,\t{ \"a\" :\n2 } ]\r\n ") ==
            .array([.number("1"), .object([JSONMember("a", .number("2"))])]))
    }

    @Test("form feed, vertical tab, NBSP and other spaces around a value are rejected")
    func whitespaceRejected() {
        #expect(failure("\u{0C}1")?.message == "expected a value, found control character U+000C (not JSON whitespace)")
        #expect(failure("1\u{0C}")?.offset == 1)
        #expect(failure("[1\u{0B}]") != nil)
        #expect(failure("\u{A0}1")?.message == "expected a value, found U+00A0 no-break space (not JSON whitespace)")
        #expect(failure("[1,\u{A0}2]")?.offset == 3)
        #expect(failure("\u{2003}1") != nil)
        #expect(failure("1\u{0}") != nil)
    }

    @Test("empty or blank input is rejected as unexpected end of input")
    func emptyInput() {
        #expect(failure([UInt8]()) == JSONError(offset: 0, message: "unexpected end of input"))
        #expect(failure("  \n") == JSONError(offset: 3, message: "unexpected end of input"))
    }

    @Test("anything after the value is rejected, pointing at it")
    func trailingGarbage() {
        #expect(failure("1 2") == JSONError(offset: 2, message: "unexpected data after the JSON value, found '2'"))
        #expect(failure("{}x")?.offset == 2)
        #expect(failure("[1]]")?.offset == 3)
        #expect(failure("truex")?.offset == 4)
        #expect(failure("\"a\"\"b\"")?.offset == 3)
    }

    @Test("a UTF-8 byte-order mark is rejected with a message that says so")
    func byteOrderMark() {
        let error = failure([0xEF, 0xBB, 0xBF] + Array("{}".utf8))
        #expect(error?.offset == 0)
        #expect(error?.message.contains("byte-order mark") == true)
        #expect(failure("\u{FEFF}1")?.message.contains("byte-order mark") == true)
    }

    // MARK: Structure errors

    @Test("comma and colon rules: trailing, missing, doubled and misplaced are rejected")
    func punctuation() {
        let table: [(String, Int, String)] = [
            ("[1,]", 3, "expected a value, found ']'"),
            ("[,1]", 1, "expected a value, found ','"),
            ("[1 2]", 3, "expected ',' or ']' after array element, found '2'"),
            ("[1,,2]", 3, "expected a value, found ','"),
            (#"{"a":1,}"#, 7, "expected a string key, found '}'"),
            (#"{"a" 1}"#, 5, "expected ':' after object key, found '1'"),
            (#"{"a":1 "b":2}"#, 7, "expected ',' or '}' after object member, found '\"'"),
            (#"{"a"::1}"#, 5, "expected a value, found ':'"),
            ("{1:2}", 1, "expected a string key, found '1'"),
            ("{'a':1}", 1, "expected a string key, found '''"),
            (#"["a":1]"#, 4, "expected ',' or ']' after array element, found ':'"),
            (#"{"a":1]"#, 6, "expected ',' or '}' after object member, found ']'"),
            ("]", 0, "expected a value, found ']'"),
        ]
        for (text, offset, message) in table {
            #expect(failure(text) == JSONError(offset: offset, message: message), "\(text)")
        }
    }

    @Test("unterminated containers and strings fail at the end of input")
    func unterminated() {
        for text in ["[", "[1", "[1,", "{", #"{"a""#, #"{"a":"#, #"{"a":1"#, #"{"a":1,"#] {
            #expect(failure(text) == JSONError(offset: text.utf8.count, message: "unexpected end of input"), "\(text)")
        }
        #expect(failure("\"abc") == JSONError(offset: 4, message: "unexpected end of input in string"))
        #expect(failure("\"abc\\") == JSONError(offset: 5, message: "unexpected end of input in string"))
        #expect(failure("\"\\u12") == JSONError(offset: 5, message: "unexpected end of input in string"))
    }

    @Test("literals must be exactly true, false or null")
    func literals() {
        #expect(failure("tru") == JSONError(offset: 3, message: "unexpected end of input"))
        #expect(failure("trUe") == JSONError(offset: 2, message: "invalid literal, expected 'true', found 'U'"))
        #expect(failure("nul1") == JSONError(offset: 3, message: "invalid literal, expected 'null', found '1'"))
        #expect(failure("fals") != nil)
        #expect(failure("nan")?.offset == 1)
        for text in ["True", "NULL", "NaN", "Infinity", "undefined", "'a'"] {
            #expect(failure(text)?.offset == 0, "\(text)")
        }
    }

    @Test("nesting up to maxDepth parses; one level more is an error at the extra bracket")
    func depthLimit() throws {
        func nested(_ depth: Int) -> String { String(repeating: "[", count: depth) + String(repeating: "]", count: depth) }
        #expect(throws: Never.self) { try JSONReader.parse(nested(256)) }
        #expect(failure(nested(257)) == JSONError(offset: 256, message: "nesting deeper than 256 levels"))
        #expect(failure(#"{"a":[{"b":1}]}"#, maxDepth: 2) == JSONError(offset: 6, message: "nesting deeper than 2 levels"))
        #expect(try parse(Array("[[1]]".utf8), maxDepth: 2) == .array([.array([.number("1")])]))
        #expect(try parse(Array("7".utf8), maxDepth: 0) == .number("7"))
        #expect(failure("[]", maxDepth: 0)?.offset == 0)
    }

    @Test("very deep or very long input fails or parses without overflowing the stack")
    func deepInput() throws {
        let open = [UInt8](repeating: UInt8(ascii: "["), count: 100_000)
        #expect(failure(open)?.message == "nesting deeper than 256 levels")
        // Even with the limit lifted, depth lives on the heap, not the call stack.
        #expect(failure(open, maxDepth: .max) == JSONError(offset: 100_000, message: "unexpected end of input"))
        // (A successfully parsed value is kept modest: JSONValue's own deinit and == recurse.)
        let deep = String(repeating: "[", count: 1_000) + "0" + String(repeating: "]", count: 1_000)
        var value = try JSONReader.parse(deep, maxDepth: 1_000)
        var depth = 0
        while case .array(let inner) = value, let first = inner.first { value = first; depth += 1 }
        #expect(depth == 1_000)
        #expect(value == .number("0"))
        let wide = "[" + Array(repeating: "1", count: 100_000).joined(separator: ",") + "]"
        guard case .array(let elements) = try JSONReader.parse(wide) else { Issue.record("not an array"); return }
        #expect(elements.count == 100_000)
    }

    // MARK: Numbers

    @Test("numbers that match the RFC 8259 grammar are accepted and kept as text")
    func numbersAccepted() throws {
        let accepted = ["0", "-0", "1", "-1", "10", "123456789", "0.5", "-0.0", "1.25", "1e5", "1E5", "1e+2",
                        "1E+2", "1e-2", "1E-02", "0e0", "-0.0e-0", "2.5E10", "100000000000000000000000000000000",
                        "-123123123123123123123123123123", "1e999999", "123e-10000000", "1.5e+9999"]
        for text in accepted {
            #expect(try JSONReader.parse(text) == .number(text), "\(text)")
            #expect(try JSONReader.parse("[\(text)]") == .array([.number(text)]), "[\(text)]")
        }
    }

    @Test("numbers outside the grammar are rejected with the reason")
    func numbersRejected() {
        let table: [(String, Int, String)] = [
            ("01", 0, "leading zero in number"),
            ("-01", 1, "leading zero in number"),
            ("00", 0, "leading zero in number"),
            ("1.", 2, "unexpected end of input, expected a digit after the decimal point"),
            ("1.e5", 2, "expected a digit after the decimal point, found 'e'"),
            (".5", 0, "expected a value, found '.'"),
            ("-", 1, "unexpected end of input, expected a digit after '-'"),
            ("-a", 1, "expected a digit after '-', found 'a'"),
            ("--1", 1, "expected a digit after '-', found '-'"),
            ("+1", 0, "expected a value, found '+'"),
            ("1e", 2, "unexpected end of input, expected a digit in the exponent"),
            ("1e+", 3, "unexpected end of input, expected a digit in the exponent"),
            ("1E-x", 3, "expected a digit in the exponent, found 'x'"),
            ("1.5.2", 3, "unexpected data after the JSON value, found '.'"),
            ("0x1F", 1, "unexpected data after the JSON value, found 'x'"),
            ("1e5.0", 3, "unexpected data after the JSON value, found '.'"),
            ("- 1", 1, "expected a digit after '-', found a space"),
        ]
        for (text, offset, message) in table {
            #expect(failure(text) == JSONError(offset: offset, message: message), "\(text)")
        }
        #expect(failure("[1.]")?.offset == 3)
        #expect(failure("[01]")?.offset == 1)
    }

    // MARK: Strings

    @Test("every escape decodes to its character")
    func escapes() throws {
        #expect(try JSONReader.parse(#""\"\\\/\b\f\n\r\t""#) == .string("\"\\/\u{08}\u{0C}\n\r\t"))
        #expect(try JSONReader.parse(#""a\u0041\u00e9\u00E9\u20AC\u0000z""#) == .string("aAéé€\u{0}z"))
        #expect(try JSONReader.parse(#""\u001f\u007F\u2028\uFFFF""#) == .string("\u{1F}\u{7F}\u{2028}\u{FFFF}"))
        #expect(try JSONReader.parse(#"["x\n", "é\t€", "\\"]"#) == .array([.string("x\n"), .string("é\t€"), .string("\\")]))
        #expect(try JSONReader.parse(#"{"k\u0065y":1}"#) == .object([JSONMember("key", .number("1"))]))
    }

    @Test("surrogate pair escapes combine into one scalar")
    func surrogatePairs() throws {
        #expect(try JSONReader.parse(#""\ud834\udd1e""#) == .string("𝄞"))
        #expect(try JSONReader.parse(#""\uD83D\uDE00!""#) == .string("😀!"))
        #expect(try JSONReader.parse(#""\uDBFF\uDFFF""#) == .string("\u{10FFFF}"))
        #expect(try JSONReader.parse(#""\uD800\uDC00""#) == .string("\u{10000}"))
    }

    @Test("lone and mis-ordered surrogate escapes are rejected at the escape")
    func loneSurrogates() {
        let table: [(String, Int, String)] = [
            (#""\uD800""#, 1, #"lone high surrogate \uD800 in string (not followed by a low-surrogate escape)"#),
            (#""ab\ud800x""#, 3, #"lone high surrogate \uD800 in string (not followed by a low-surrogate escape)"#),
            (#""\uD800\n""#, 1, #"lone high surrogate \uD800 in string (not followed by a low-surrogate escape)"#),
            (#""\uDC00""#, 1, #"lone low surrogate \uDC00 in string (not preceded by a high-surrogate escape)"#),
            (#""\uDd1e\uD834""#, 1, #"lone low surrogate \uDD1E in string (not preceded by a high-surrogate escape)"#),
            (#""\uD888\u1234""#, 1, #"high surrogate \uD888 followed by \u1234, which is not a low surrogate"#),
            (#""\uD800\uD800""#, 1, #"high surrogate \uD800 followed by \uD800, which is not a low surrogate"#),
        ]
        for (text, offset, message) in table {
            #expect(failure(text) == JSONError(offset: offset, message: message), "\(text)")
        }
    }

    @Test("invalid escapes are rejected at the backslash")
    func invalidEscapes() {
        #expect(failure(#""a\x""#) == JSONError(offset: 2, message: #"invalid escape '\x' in string"#))
        #expect(failure(#""\a""#)?.message == #"invalid escape '\a' in string"#)
        #expect(failure(#""\U0041""#)?.message == #"invalid escape '\U' in string"#)
        #expect(failure(#""\'""#)?.message == #"invalid escape '\'' in string"#)
        #expect(failure(quoted([0x5C, 0xC3, 0xA9]))?.message == #"invalid escape '\' followed by byte 0xC3 in string"#)
        #expect(failure(quoted([0x5C, 0x0A]))?.offset == 1)
        #expect(failure(#""\u12G4""#) == JSONError(offset: 5, message: #"invalid \u escape: expected 4 hex digits, found 'G'"#))
        #expect(failure(#""\u12""#) == JSONError(offset: 5, message: #"invalid \u escape: expected 4 hex digits, found '"'"#))
    }

    @Test("raw control characters in strings are rejected; U+007F is allowed")
    func controlCharacters() throws {
        for byte in UInt8(0)..<0x20 {
            let error = failure(quoted([UInt8(ascii: "a"), byte]))
            #expect(error?.offset == 2, "byte \(byte)")
            #expect(error?.message.hasPrefix("unescaped control character U+00") == true, "byte \(byte)")
        }
        #expect(failure(quoted([0x0A]))?.message == "unescaped control character U+000A in string")
        #expect(try parse(quoted([0x7F])) == .string("\u{7F}"))
        // The word-at-a-time scan must see control bytes at every lane position.
        for position in 0..<20 {
            var content = [UInt8](repeating: UInt8(ascii: "a"), count: 20)
            content[position] = 0x1F
            #expect(failure(quoted(content))?.offset == position + 1, "position \(position)")
        }
    }

    @Test("valid multi-byte UTF-8 in strings is accepted, at the edges of each range")
    func validUTF8() throws {
        let samples: [String] = ["é", "€", "😀", "\u{80}", "\u{7FF}", "\u{800}", "\u{D7FF}", "\u{E000}", "\u{FFFF}",
                                 "\u{10000}", "\u{10FFFF}", "naïve café – 𝄞 日本語", String(repeating: "ü", count: 40)]
        for sample in samples {
            #expect(try parse(quoted(Array(sample.utf8))) == .string(sample), "\(sample)")
        }
    }

    @Test("invalid UTF-8 in strings is rejected at the sequence's first byte, with the reason")
    func invalidUTF8() {
        let table: [([UInt8], String)] = [
            ([0x81], "unexpected continuation byte 0x81"),
            ([0xBF], "unexpected continuation byte 0xBF"),
            ([0xC3], "truncated 2-byte sequence"),
            ([0xC3, 0x41], "truncated 2-byte sequence"),
            ([0xE2, 0x82], "truncated 3-byte sequence"),
            ([0xE0, 0xFF], "truncated 3-byte sequence"),
            ([0xF0, 0x9F, 0x98], "truncated 4-byte sequence"),
            ([0xED, 0xA0, 0x80], "surrogate code point (U+D800–U+DFFF) encoded in UTF-8"),
            ([0xED, 0xBF, 0xBF], "surrogate code point (U+D800–U+DFFF) encoded in UTF-8"),
            ([0xF4, 0x90, 0x80, 0x80], "code point above U+10FFFF"),
            ([0xF4, 0xBF, 0xBF, 0xBF], "code point above U+10FFFF"),
            ([0xF5, 0x80, 0x80, 0x80], "code point above U+10FFFF"),
            ([0xF8, 0x88, 0x80, 0x80, 0x80], "byte 0xF8 never appears in UTF-8"),
            ([0xFC, 0x83, 0xBF, 0xBF, 0xBF, 0xBF], "byte 0xFC never appears in UTF-8"),
            ([0xFE], "byte 0xFE never appears in UTF-8"),
            ([0xFF], "byte 0xFF never appears in UTF-8"),
        ]
        for (bad, reason) in table {
            let input = quoted(Array("ab".utf8) + bad + Array("cd".utf8))
            #expect(failure(input) == JSONError(offset: 3, message: "invalid UTF-8: \(reason)"), "\(bad)")
        }
        // A stray byte after a complete sequence is reported where it is.
        #expect(failure(quoted([0xC3, 0xA9, 0xA9]))?.offset == 3)
        // Invalid bytes in an escaped string are caught too.
        #expect(failure(quoted(Array(#"\n"#.utf8) + [0xFF]))?.message == "invalid UTF-8: byte 0xFF never appears in UTF-8")
    }

    @Test("overlong UTF-8 encodings are rejected")
    func overlongUTF8() {
        let overlong: [[UInt8]] = [
            [0xC0, 0xAF], [0xC0, 0x80], [0xC1, 0xBF],             // 2-byte forms of ASCII
            [0xE0, 0x80, 0xAF], [0xE0, 0x9F, 0xBF],               // 3-byte forms below U+0800
            [0xF0, 0x80, 0x80, 0xAF], [0xF0, 0x8F, 0xBF, 0xBF],   // 4-byte forms below U+10000
        ]
        for bad in overlong {
            let error = failure(quoted(bad))
            #expect(error?.offset == 1, "\(bad)")
            #expect(error?.message.hasPrefix("invalid UTF-8: overlong encoding") == true, "\(bad)")
        }
    }

    @Test("non-ASCII bytes outside strings are rejected")
    func nonASCIIOutsideStrings() {
        #expect(failure([0xC3, 0xA9]) == JSONError(offset: 0, message: "expected a value, found byte 0xC3"))
        #expect(failure([0x5B, 0x31, 0xFF, 0x5D])?.offset == 2)
        #expect(failure([0x31, 0x80])?.offset == 1)
    }

    @Test("the String entry point counts offsets in UTF-8 bytes")
    func stringOffsets() {
        #expect(failure(#"["é€", x]"#)?.offset == 10)
        #expect(failure(#"["é€", x]"#)?.description == "expected a value, found 'x' at byte 11")
    }
}
