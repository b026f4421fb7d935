/// A strict RFC 8259 JSON reader that works directly on UTF-8 bytes.
///
/// It accepts exactly one value with optional surrounding whitespace (space, tab, LF, CR)
/// and rejects everything RFC 8259 does not allow, plus what a Swift `String` cannot hold:
/// invalid UTF-8 anywhere, lone or mis-ordered surrogate escapes, and a leading byte-order
/// mark. Numbers are kept as their exact text, so huge numbers are fine. Nesting is tracked
/// on an explicit stack, so deep input fails with an error instead of overflowing the
/// call stack, whatever `maxDepth` is.
///
/// See docs/JSON-CONFORMANCE.md for how it handles each implementation-defined case of
/// JSONTestSuite.
public enum JSONReader {
    /// Parses exactly one JSON value (RFC 8259), with optional surrounding whitespace
    /// (space, tab, LF, CR only), and nothing else after it.
    ///
    /// - Parameter maxDepth: the most arrays/objects that may enclose one another;
    ///   `[[1]]` has depth 2, a scalar has depth 0.
    /// - Throws: `JSONError` naming the first problem and its byte offset.
    public static func parse(_ bytes: UnsafeBufferPointer<UInt8>, maxDepth: Int = 256) throws(JSONError) -> JSONValue {
        var parser = Parser(bytes: bytes, maxDepth: maxDepth)
        return try parser.parseDocument()
    }

    /// Parses exactly one JSON value from an array of UTF-8 bytes.
    public static func parse(_ bytes: [UInt8], maxDepth: Int = 256) throws(JSONError) -> JSONValue {
        // `withUnsafeBufferPointer` rethrows untyped errors; a Result keeps the error typed.
        try bytes.withUnsafeBufferPointer { buffer in
            Result { () throws(JSONError) in try parse(buffer, maxDepth: maxDepth) }
        }.get()
    }

    /// Parses exactly one JSON value from a slice of UTF-8 bytes (offsets count from the slice start).
    public static func parse(_ bytes: ArraySlice<UInt8>, maxDepth: Int = 256) throws(JSONError) -> JSONValue {
        try bytes.withUnsafeBufferPointer { buffer in
            Result { () throws(JSONError) in try parse(buffer, maxDepth: maxDepth) }
        }.get()
    }

    /// Parses exactly one JSON value from text (offsets count UTF-8 bytes).
    public static func parse(_ text: String, maxDepth: Int = 256) throws(JSONError) -> JSONValue {
        var text = text  // `withUTF8` is mutating: it may first make the storage contiguous
        return try text.withUTF8 { buffer in
            Result { () throws(JSONError) in try parse(buffer, maxDepth: maxDepth) }
        }.get()
    }
}

// MARK: - The parser

/// One open array or object: where its elements (and, for objects, keys) start on the
/// parser's shared value and key stacks.
private struct Frame {
    var isObject: Bool
    var valueStart: Int
    var keyStart: Int
}

private let quote = UInt8(ascii: "\""), backslash = UInt8(ascii: "\\")

private struct Parser {
    let bytes: UnsafeBufferPointer<UInt8>
    let end: Int
    let maxDepth: Int
    var i = 0

    init(bytes: UnsafeBufferPointer<UInt8>, maxDepth: Int) {
        self.bytes = bytes
        self.end = bytes.count
        self.maxDepth = maxDepth
    }

    /// Parses the whole input. Iterative: open containers live on `frames`, and finished
    /// elements on `values`/`keys` until their container closes, so every container's
    /// array is allocated once at its final size.
    mutating func parseDocument() throws(JSONError) -> JSONValue {
        if end >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF {
            throw JSONError(offset: 0, message: "UTF-8 byte-order mark at start of input is not allowed")
        }
        var frames: [Frame] = []
        var values: [JSONValue] = []
        var keys: [String] = []
        // Room for a typical ledger line up front, instead of growing 1, 2, 4, 8, 16.
        if i < end && (bytes[i] == UInt8(ascii: "{") || bytes[i] == UInt8(ascii: "[")) {
            frames.reserveCapacity(4)
            values.reserveCapacity(16)
            keys.reserveCapacity(16)
        }

        nextValue: while true {
            skipWhitespace()
            guard i < end else { throw endOfInput() }
            var value: JSONValue
            switch bytes[i] {
            case UInt8(ascii: "["):
                try checkDepth(frames.count)
                i += 1
                skipWhitespace()
                if i < end && bytes[i] == UInt8(ascii: "]") {
                    i += 1
                    value = .array([])
                } else {
                    frames.append(Frame(isObject: false, valueStart: values.count, keyStart: keys.count))
                    continue nextValue
                }
            case UInt8(ascii: "{"):
                try checkDepth(frames.count)
                i += 1
                skipWhitespace()
                if i < end && bytes[i] == UInt8(ascii: "}") {
                    i += 1
                    value = .object([])
                } else {
                    keys.append(try parseKey())
                    frames.append(Frame(isObject: true, valueStart: values.count, keyStart: keys.count - 1))
                    continue nextValue
                }
            case quote:
                value = .string(try parseString())
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                value = try parseNumber()
            case UInt8(ascii: "t"):
                try expectLiteral("true")
                value = .bool(true)
            case UInt8(ascii: "f"):
                try expectLiteral("false")
                value = .bool(false)
            case UInt8(ascii: "n"):
                try expectLiteral("null")
                value = .null
            default:
                throw unexpected("expected a value")
            }

            // Hand the finished value to its container; close every container that ends here.
            while let frame = frames.last {
                values.append(consume value)  // no copy: value is reassigned before any further use
                skipWhitespace()
                guard i < end else { throw endOfInput() }
                let byte = bytes[i]
                if byte == UInt8(ascii: ",") {
                    i += 1
                    if frame.isObject { keys.append(try parseKey()) }
                    continue nextValue
                }
                if frame.isObject {
                    guard byte == UInt8(ascii: "}") else { throw unexpected("expected ',' or '}' after object member") }
                    var members: [JSONMember] = []
                    members.reserveCapacity(values.count - frame.valueStart)
                    for (key, member) in zip(keys[frame.keyStart...], values[frame.valueStart...]) {
                        members.append(JSONMember(key, member))
                    }
                    keys.removeSubrange(frame.keyStart...)
                    values.removeSubrange(frame.valueStart...)
                    value = .object(members)
                } else {
                    guard byte == UInt8(ascii: "]") else { throw unexpected("expected ',' or ']' after array element") }
                    let elements = Array(values[frame.valueStart...])
                    values.removeSubrange(frame.valueStart...)
                    value = .array(elements)
                }
                i += 1
                frames.removeLast()
            }

            skipWhitespace()
            guard i == end else { throw unexpected("unexpected data after the JSON value") }
            return value
        }
    }

    // MARK: Structure

    /// Skips JSON whitespace: space, tab, LF, CR — nothing else.
    mutating func skipWhitespace() {
        while i < end {
            switch bytes[i] {
            case 0x20, 0x09, 0x0A, 0x0D: i += 1
            default: return
            }
        }
    }

    /// Fails if opening one more container inside `depth` open ones would exceed `maxDepth`.
    func checkDepth(_ depth: Int) throws(JSONError) {
        if depth >= maxDepth {
            throw JSONError(offset: i, message: "nesting deeper than \(maxDepth) levels")
        }
    }

    /// Parses `"key"` and the `:` after it (with whitespace around), leaving `i` at the value.
    mutating func parseKey() throws(JSONError) -> String {
        skipWhitespace()
        guard i < end else { throw endOfInput() }
        guard bytes[i] == quote else { throw unexpected("expected a string key") }
        let key = try parseString()
        skipWhitespace()
        guard i < end else { throw endOfInput() }
        guard bytes[i] == UInt8(ascii: ":") else { throw unexpected("expected ':' after object key") }
        i += 1
        return key
    }

    /// Matches `word` (true, false or null) exactly at `i`.
    mutating func expectLiteral(_ word: StaticString) throws(JSONError) {
        let letters = UnsafeBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount)
        for letter in letters {
            guard i < end else { throw endOfInput() }
            guard bytes[i] == letter else { throw unexpected("invalid literal, expected '\(word)'") }
            i += 1
        }
    }

    // MARK: Numbers

    /// Matches `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?` and keeps the text.
    mutating func parseNumber() throws(JSONError) -> JSONValue {
        let start = i
        if bytes[i] == UInt8(ascii: "-") { i += 1 }
        guard i < end, isDigit(bytes[i]) else { throw unexpectedOrEnd("expected a digit after '-'") }
        if bytes[i] == UInt8(ascii: "0") {
            i += 1
            if i < end && isDigit(bytes[i]) {
                throw JSONError(offset: i - 1, message: "leading zero in number")
            }
        } else {
            skipDigits()
        }
        if i < end && bytes[i] == UInt8(ascii: ".") {
            i += 1
            guard i < end, isDigit(bytes[i]) else { throw unexpectedOrEnd("expected a digit after the decimal point") }
            skipDigits()
        }
        if i < end && (bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E")) {
            i += 1
            if i < end && (bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-")) { i += 1 }
            guard i < end, isDigit(bytes[i]) else { throw unexpectedOrEnd("expected a digit in the exponent") }
            skipDigits()
        }
        return .number(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self))
    }

    func isDigit(_ byte: UInt8) -> Bool { byte &- UInt8(ascii: "0") < 10 }

    mutating func skipDigits() {
        while i < end && isDigit(bytes[i]) { i += 1 }
    }

    // MARK: Strings

    /// Parses a string literal starting at its opening quote. Without escapes the String is
    /// built once from the validated byte range; with escapes the pieces are gathered first.
    mutating func parseString() throws(JSONError) -> String {
        i += 1  // opening quote
        var runStart = i
        try scanRaw()
        if bytes[i] == quote {
            let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[runStart..<i]), as: UTF8.self)
            i += 1
            return text
        }
        var buffer: [UInt8] = []
        buffer.reserveCapacity(i - runStart + 16)
        while true {
            buffer.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<i]))
            if bytes[i] == quote {
                i += 1
                return String(decoding: buffer, as: UTF8.self)
            }
            try appendEscape(to: &buffer)
            runStart = i
            try scanRaw()
        }
    }

    /// Advances over unescaped string content, validating UTF-8, until a quote or backslash.
    mutating func scanRaw() throws(JSONError) {
        while true {
            // Fast path: skip plain printable ASCII eight bytes at a time.
            while i &+ 8 <= end {
                let special = specialLanes(at: i)
                if special != 0 {
                    // Only lanes above a flagged one can be false positives, so the
                    // lowest flagged lane is the first byte that needs a closer look.
                    i += special.trailingZeroBitCount / 8
                    break
                }
                i += 8
            }
            guard i < end else { break }
            let byte = bytes[i]
            if byte == quote || byte == backslash { return }
            if byte >= 0x80 {
                try skipUTF8Sequence()
            } else if byte < 0x20 {
                throw JSONError(offset: i, message: "unescaped control character U+\(hex(UInt32(byte), digits: 4)) in string")
            } else {
                i += 1
            }
        }
        throw JSONError(offset: end, message: "unexpected end of input in string")
    }

    /// The 8 bytes at `offset` as a word whose byte lanes have their high bit set where the
    /// byte is `"`, `\`, a control character (< 0x20) or non-ASCII (>= 0x80). Lanes above
    /// the first flagged one may be flagged falsely (borrows), the lowest one never is.
    func specialLanes(at offset: Int) -> UInt64 {
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        let word = UInt64(littleEndian: UnsafeRawPointer(bytes.baseAddress! + offset).loadUnaligned(as: UInt64.self))
        let quotes = word ^ (ones &* UInt64(quote)), backslashes = word ^ (ones &* UInt64(backslash))
        // (x - 0x01..) & ~x flags zero bytes of x; (word - 0x20..) & ~word flags bytes < 0x20.
        let controls = (word &- ones &* 0x20) & ~word
        let zeros = ((quotes &- ones) & ~quotes) | ((backslashes &- ones) & ~backslashes)
        return (controls | zeros | word) & highs
    }

    /// Decodes the escape at `i` (a backslash) and appends its UTF-8 bytes.
    mutating func appendEscape(to buffer: inout [UInt8]) throws(JSONError) {
        let escapeStart = i
        guard i + 1 < end else { throw JSONError(offset: end, message: "unexpected end of input in string") }
        let letter = bytes[i + 1]
        i += 2
        switch letter {
        case quote, backslash, UInt8(ascii: "/"): buffer.append(letter)
        case UInt8(ascii: "b"): buffer.append(0x08)
        case UInt8(ascii: "f"): buffer.append(0x0C)
        case UInt8(ascii: "n"): buffer.append(0x0A)
        case UInt8(ascii: "r"): buffer.append(0x0D)
        case UInt8(ascii: "t"): buffer.append(0x09)
        case UInt8(ascii: "u"):
            let unit = try readHex4()
            var scalar = unit
            switch unit {
            case 0xD800...0xDBFF:
                // A high surrogate must be followed at once by a low-surrogate escape.
                guard i + 1 < end, bytes[i] == backslash, bytes[i + 1] == UInt8(ascii: "u") else {
                    throw JSONError(offset: escapeStart, message:
                        "lone high surrogate \\u\(hex(unit, digits: 4)) in string (not followed by a low-surrogate escape)")
                }
                i += 2
                let low = try readHex4()
                guard (0xDC00...0xDFFF).contains(low) else {
                    throw JSONError(offset: escapeStart, message:
                        "high surrogate \\u\(hex(unit, digits: 4)) followed by \\u\(hex(low, digits: 4)), which is not a low surrogate")
                }
                scalar = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
            case 0xDC00...0xDFFF:
                throw JSONError(offset: escapeStart, message:
                    "lone low surrogate \\u\(hex(unit, digits: 4)) in string (not preceded by a high-surrogate escape)")
            default:
                break
            }
            // Every value left is a valid scalar: surrogates were handled above.
            buffer.append(contentsOf: UTF8.encode(Unicode.Scalar(scalar)!)!)
        default:
            let shown = (0x21...0x7E).contains(letter) ? "'\\\(Character(Unicode.Scalar(letter)))'" : "'\\' followed by byte 0x\(hex(UInt32(letter), digits: 2))"
            throw JSONError(offset: escapeStart, message: "invalid escape \(shown) in string")
        }
    }

    /// Reads the four hex digits of a `\u` escape at `i`.
    mutating func readHex4() throws(JSONError) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard i < end else { throw JSONError(offset: end, message: "unexpected end of input in string") }
            guard let digit = bytes[i].hexDigitValue else {
                throw JSONError(offset: i, message: "invalid \\u escape: expected 4 hex digits, found \(describe(at: i))")
            }
            value = value << 4 | UInt32(digit)
            i += 1
        }
        return value
    }

    /// Advances over one well-formed multi-byte UTF-8 sequence whose lead byte is at `i`.
    /// Errors point at the lead byte.
    mutating func skipUTF8Sequence() throws(JSONError) {
        let lead = bytes[i]
        let length: Int
        // The second byte's allowed range is narrower after some lead bytes (Unicode Table 3-7).
        var low: UInt8 = 0x80, high: UInt8 = 0xBF
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0: length = 3; low = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED: length = 3; high = 0x9F
        case 0xF0: length = 4; low = 0x90
        case 0xF1...0xF3: length = 4
        case 0xF4: length = 4; high = 0x8F
        case 0x80...0xBF: throw invalidUTF8("unexpected continuation byte 0x\(hex(UInt32(lead), digits: 2))")
        case 0xC0, 0xC1: throw invalidUTF8("overlong encoding (lead byte 0x\(hex(UInt32(lead), digits: 2)))")
        case 0xF5...0xF7: throw invalidUTF8("code point above U+10FFFF")
        default: throw invalidUTF8("byte 0x\(hex(UInt32(lead), digits: 2)) never appears in UTF-8")
        }
        for k in 1..<length {
            guard i + k < end, bytes[i + k] & 0xC0 == 0x80 else {
                throw invalidUTF8("truncated \(length)-byte sequence")
            }
        }
        let second = bytes[i + 1]
        if second < low { throw invalidUTF8("overlong encoding") }
        if second > high {
            throw invalidUTF8(lead == 0xED ? "surrogate code point (U+D800–U+DFFF) encoded in UTF-8" : "code point above U+10FFFF")
        }
        i += length
    }

    // MARK: Errors

    func endOfInput() -> JSONError { JSONError(offset: end, message: "unexpected end of input") }

    func invalidUTF8(_ what: String) -> JSONError { JSONError(offset: i, message: "invalid UTF-8: \(what)") }

    /// "`expected`, found X" at `i` (which must be inside the input).
    func unexpected(_ expected: String) -> JSONError {
        JSONError(offset: i, message: "\(expected), found \(describe(at: i))")
    }

    /// Like `unexpected`, or "unexpected end of input" when `i` is past the end.
    func unexpectedOrEnd(_ expected: String) -> JSONError {
        i < end ? unexpected(expected) : JSONError(offset: end, message: "unexpected end of input, \(expected)")
    }

    /// Names the byte at `offset` for an error message.
    func describe(at offset: Int) -> String {
        let byte = bytes[offset]
        switch byte {
        case 0x21...0x7E:
            return "'\(Character(Unicode.Scalar(byte)))'"
        case 0x20:
            return "a space"
        case 0x0B, 0x0C:
            return "control character U+\(hex(UInt32(byte), digits: 4)) (not JSON whitespace)"
        case 0xC2 where offset + 1 < end && bytes[offset + 1] == 0xA0:
            return "U+00A0 no-break space (not JSON whitespace)"
        case 0x00...0x1F, 0x7F:
            return "control character U+\(hex(UInt32(byte), digits: 4))"
        default:
            return "byte 0x\(hex(UInt32(byte), digits: 2))"
        }
    }
}

/// Upper-case hex, zero-padded to `digits`.
private func hex(_ value: UInt32, digits: Int) -> String {
    let text = String(value, radix: 16, uppercase: true)
    return String(repeating: "0", count: max(0, digits - text.count)) + text
}
