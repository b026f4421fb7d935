import ByteScan
import Testing
import TestSupport
@testable import Ledger

/// `line_scan_plain` (C, marks found 16 or 32 bytes at a time) must split a line exactly as a
/// plain byte-at-a-time reading of the plain form does: the same lines refused, the same
/// value ranges and forms in the same slots.
@Suite("the line scan, against a byte-at-a-time reading")
struct LineScanTests {
    /// The slots' keys, in slot order: the envelope, then `FieldName`'s keys by raw value.
    static let keys = ["seq", "id", "type", "recorded", "by", "source", "note", "prev"] + FieldName.allCases.map(\.key)

    /// A value as the reference reads it.
    struct Value: Equatable, CustomStringConvertible {
        var slot: Int, start: Int, end: Int, form: UInt8
        var description: String { "slot \(slot) \(start)..<\(end) form \(form)" }
    }

    /// The plain form read a byte at a time: nil when the line is not plain.
    static func reference(_ b: [UInt8]) -> [Value]? {
        let n = b.count
        guard n >= 2, b[0] == UInt8(ascii: "{"), b[n - 1] == UInt8(ascii: "}"), b[1] != UInt8(ascii: "}") else { return nil }
        var values: [Value] = []
        var i = 1
        while true {
            guard b[i] == UInt8(ascii: "\"") else { return nil }
            var j = i + 1
            while j < n, b[j] != UInt8(ascii: "\""), b[j] != UInt8(ascii: "\\"), b[j] >= 0x20, b[j] < 0x80 { j += 1 }
            guard j + 2 < n, j > i + 1, b[j] == UInt8(ascii: "\""), b[j + 1] == UInt8(ascii: ":"),
                  let slot = keys.firstIndex(of: String(decoding: b[(i + 1)..<j], as: UTF8.self)),
                  !values.contains(where: { $0.slot == slot }) else { return nil }
            i = j + 2
            if b[i] == UInt8(ascii: "\"") {
                guard let (end, escaped) = stringEnd(b, from: i + 1),
                      String(validating: b[(i + 1)..<end], as: UTF8.self) != nil else { return nil }
                values.append(Value(slot: slot, start: i + 1, end: end, form: escaped ? 2 : 1))
                i = end + 1
            } else if b[i] == UInt8(ascii: "{") || b[i] == UInt8(ascii: "[") {
                // An object or array: to its matching bracket, counted outside its strings.
                let start = i
                var depth = 0
                repeat {
                    guard i < n else { return nil }
                    let c = b[i]
                    if c == UInt8(ascii: "\"") {
                        guard let (end, _) = stringEnd(b, from: i + 1) else { return nil }
                        i = end + 1
                        continue
                    }
                    guard c >= 0x20 else { return nil }
                    if c == UInt8(ascii: "{") || c == UInt8(ascii: "[") { depth += 1 }
                    if c == UInt8(ascii: "}") || c == UInt8(ascii: "]") { depth -= 1 }
                    i += 1
                } while depth > 0
                guard String(validating: b[start..<i], as: UTF8.self) != nil else { return nil }
                values.append(Value(slot: slot, start: start, end: i, form: 3))
            } else if b[i] >= UInt8(ascii: "0") && b[i] <= UInt8(ascii: "9") {
                let start = i
                while i < n, b[i] >= UInt8(ascii: "0"), b[i] <= UInt8(ascii: "9") { i += 1 }
                if b[start] == UInt8(ascii: "0") && i - start > 1 { return nil }
                values.append(Value(slot: slot, start: start, end: i, form: 0))
            } else {
                return nil
            }
            guard i < n else { return nil }
            if b[i] == UInt8(ascii: ",") { i += 1; continue }
            guard b[i] == UInt8(ascii: "}"), i == n - 1 else { return nil }
            return values.sorted { $0.slot < $1.slot }
        }
    }

    /// The end (the closing quote) of the string whose content starts at `start`, and
    /// whether it holds escapes; nil when the plain form refuses it.
    static func stringEnd(_ b: [UInt8], from start: Int) -> (end: Int, escaped: Bool)? {
        let n = b.count
        var k = start, escaped = false
        while true {
            guard k < n else { return nil }
            let c = b[k]
            if c == UInt8(ascii: "\"") { return (k, escaped) }
            if c < 0x20 { return nil }
            if c == UInt8(ascii: "\\") {
                guard k + 1 < n else { return nil }
                if Array(#""\/bfnrt"#.utf8).contains(b[k + 1]) {
                    k += 2
                } else if b[k + 1] == UInt8(ascii: "u") {
                    guard k + 5 < n, let v = UInt32(String(decoding: b[(k + 2)...(k + 5)], as: UTF8.self), radix: 16),
                          b[(k + 2)...(k + 5)].allSatisfy({ $0.hexDigitValue != nil }),
                          !(0xD800...0xDFFF).contains(v) else { return nil }
                    k += 6
                } else {
                    return nil
                }
                escaped = true
            } else {
                k += 1
            }
        }
    }

    /// The line as `PlainLineDecoder.scan` (the C scan, then UTF-8 when it says so) splits it.
    static func scanned(_ b: [UInt8]) -> [Value]? {
        var line = PlainLineDecoder.Scanned()
        guard b.withUnsafeBufferPointer({ PlainLineDecoder.scan($0, into: &line) }) else { return nil }
        return (0..<Int(LINE_SCAN_SLOTS)).compactMap { slot in
            let raw = slot < 8 ? line.envelope(slot) : line.field(slot - 8)
            return raw.map { Value(slot: slot, start: Int($0.start), end: Int($0.end), form: $0.kind.rawValue) }
        }
    }

    static func check(_ line: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(scanned(line) == reference(line), "\(String(decoding: line, as: UTF8.self))", sourceLocation: sourceLocation)
    }

    @Test("every key finds its slot; no other word finds one")
    func keySlots() {
        #expect(Self.keys.count == Int(LINE_SCAN_SLOTS))
        func slot(_ word: [UInt8]) -> Int { word.withUnsafeBufferPointer { Int(line_scan_key_slot($0.baseAddress, $0.count)) } }
        for (index, key) in Self.keys.enumerated() {
            #expect(slot(Array(key.utf8)) == index, "\(key)")
            // The same key one byte off, one byte short, one byte long: none is a key.
            var bytes = Array(key.utf8)
            for place in bytes.indices {
                let saved = bytes[place]
                for byte in [UInt8(ascii: "x"), UInt8(ascii: "A"), 0xC3, 0x00] where byte != saved {
                    bytes[place] = byte
                    let word = String(decoding: bytes, as: UTF8.self)
                    #expect(slot(bytes) == (Self.keys.firstIndex(of: word) ?? -1), "\(word)")
                }
                bytes[place] = saved
            }
            #expect(slot(Array(bytes.dropLast())) == (Self.keys.firstIndex(of: String(key.dropLast())) ?? -1))
            #expect(slot(bytes + [UInt8(ascii: "s")]) == (Self.keys.firstIndex(of: key + "s") ?? -1))
        }
        for word in ["", "s", "x", "Seq", "managedby", "descriptions", "populations", "sets", "ids"] {
            #expect(slot(Array(word.utf8)) == -1, "\(word)")
        }
    }

    @Test("real lines and random damage to them split as the byte-at-a-time reading splits them")
    func mutations() throws {
        let path = Conformance.packageRoot + "/Events/ledger.jsonl"
        let bytes = try FileIO.readAll(path)
        let lines = LogLines.split(bytes).filter(\.terminated).map { Array(bytes[$0.range]) }
        try #require(lines.count > 50)
        for line in lines { Self.check(line) }
        var rng = SplitMix64(seed: 7)
        let alphabet = Array(#"{}[]:,"\ 0123456789-?~%/azu"#.utf8) + [0x00, 0x1F, 0x7F, 0x80, 0xC3, 0xA9, 0xED, 0xFF]
        var plain = 0
        for _ in 0..<20_000 {
            var line = lines[Int(rng.next() % UInt64(lines.count))]
            rng.damage(&line, edits: 3, alphabet: alphabet, escape: Array(#"\u00e9"#.utf8))
            Self.check(line)
            if Self.reference(line) != nil { plain += 1 }
        }
        #expect(plain > 1_000)
    }

    @Test("a mark at every place of a line, across its 64-byte blocks, and lines of every length to 300")
    func everyPlace() {
        let inserts: [[UInt8]] = [Array(#"\""#.utf8), Array(#"\\"#.utf8), Array(#"\u0041"#.utf8), Array(#"\uD800"#.utf8),
                                  Array(#"\u12"#.utf8), Array(#"\q"#.utf8), [0x01], [0x1F], [0x7F], Array("é".utf8), [0xC3], [0xFF],
                                  Array(#"""#.utf8), Array(#"",""#.utf8)]
        for length in 0...300 {
            let text = Array(repeating: UInt8(ascii: "a"), count: length)
            let line = Array(#"{"type":"activity","title":""#.utf8) + text + Array(#"","population":120}"#.utf8)
            Self.check(line)
            for insert in inserts where length % 7 == 0 || length > 180 {
                for at in Set([0, length / 2, length]) {
                    var damaged = text
                    damaged.insert(contentsOf: insert, at: at)
                    Self.check(Array(#"{"type":"activity","title":""#.utf8) + damaged + Array(#"","population":120}"#.utf8))
                }
            }
        }
        // Numbers: leading zeros, a lone zero, digits to the line's end.
        for value in ["0", "00", "01", "10", "1234567890123456789012", "-1", "1.5", "1e3"] {
            Self.check(Array(#"{"seq":"#.utf8) + Array(value.utf8) + Array(#","type":"activity"}"#.utf8))
            Self.check(Array(#"{"type":"activity","seq":"#.utf8) + Array(value.utf8) + Array("}".utf8))
        }
        for text in ["{}", "{", "}", "", "{\"", "{\"seq\"}", "{\"seq\":}", "{\"seq\":1,}", "{\"seq\":1 }", "{\"seq\":1}}",
                     "{\"id\":\"a\",\"id\":\"b\"}", "{\"\":1}", "{\"type\":\"x\"}"] {
            Self.check(Array(text.utf8))
        }
    }

    @Test("the marks found thirty-two bytes at a time (AVX2) are those found sixteen at a time, bit for bit")
    func wideMarks() {
        // Where the CPU has no AVX2 both calls take the sixteen-byte way, and this compares it
        // with itself; the machines this project is measured on have it.
        if line_scan_wide_marks() == 0 { print("note: no AVX2 here, only the sixteen-byte marks are tested") }
        var random = SplitMix64(seed: 34)
        // Bytes of every kind the marks tell apart: quotes, backslashes, controls, high bytes.
        let alphabet: [UInt8] = [0x22, 0x5C, 0x00, 0x01, 0x1F, 0x20, 0x41, 0x7F, 0x80, 0xC3, 0xFF, 0x61, 0x7B, 0x7D]
        for length in 0...400 {
            for round in 0..<(length < 140 ? 6 : 2) {
                // Sparse marks in some lines, dense in others.
                let dense = round % 2 == 0
                let line = (0..<length).map { _ -> UInt8 in
                    dense || random.next() % 8 == 0 ? alphabet[Int(random.next() % UInt64(alphabet.count))] : 0x61
                }
                let words = (length + 63) / 64 + 1
                var narrow = [UInt64](repeating: 0xA5A5, count: 2 * words), wide = narrow
                let (a, b) = line.withUnsafeBufferPointer { bytes -> (Int32, Int32) in
                    let base = bytes.baseAddress ?? UnsafePointer(bitPattern: 1)!
                    let a = narrow.withUnsafeMutableBufferPointer { line_scan_marks(base, length, $0.baseAddress!, $0.baseAddress! + words, 0) }
                    let b = wide.withUnsafeMutableBufferPointer { line_scan_marks(base, length, $0.baseAddress!, $0.baseAddress! + words, 1) }
                    return (a, b)
                }
                let used = (length + 63) / 64
                #expect(a == b, "any high byte, length \(length)")
                #expect(Array(narrow[0..<used]) == Array(wide[0..<used]), "stops, length \(length)")
                #expect(Array(narrow[words..<(words + used)]) == Array(wide[words..<(words + used)]), "high, length \(length)")
                // And against the bytes themselves.
                for (k, c) in line.enumerated() {
                    let stop = wide[k >> 6] >> (k & 63) & 1 == 1, high = wide[words + (k >> 6)] >> (k & 63) & 1 == 1
                    if stop != (c == 0x22 || c == 0x5C || c < 0x20) || high != (c >= 0x80) {
                        Issue.record("byte \(k) of \(length) (\(c)) marked wrong")
                        break
                    }
                }
            }
        }
    }
}
