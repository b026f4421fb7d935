import ByteScan
import Testing
import TestSupport
@testable import Ledger

/// The checks the decoders run on bytes in place must agree with the slower ways they replace.
@Suite("checks on bytes in place")
struct ByteChecksTests {
    /// Whether the line scan (`line_scan_plain`, which checks a line's UTF-8 at its bytes of
    /// 0x80 or above only) takes `bytes` as the text of a string value. Quotes, backslashes
    /// and control bytes, which end or escape a string or are refused whatever the UTF-8, are
    /// read as `a`.
    private func valid(_ bytes: [UInt8]) -> Bool {
        let text = bytes.map { $0 == 0x22 || $0 == 0x5C || $0 < 0x20 ? UInt8(ascii: "a") : $0 }
        let line = Array(#"{"note":""#.utf8) + text + Array(#""}"#.utf8)
        var values = [line_scan_value](repeating: line_scan_value(), count: Int(LINE_SCAN_SLOTS))
        return line.withUnsafeBufferPointer { line_scan_plain($0.baseAddress, $0.count, &values) } != 0
    }
    private func stdlib(_ bytes: [UInt8]) -> Bool {
        String(validating: bytes.map { $0 == 0x22 || $0 == 0x5C || $0 < 0x20 ? UInt8(ascii: "a") : $0 }, as: UTF8.self) != nil
    }

    @Test("UTF-8, as the line scan checks it: every edge of RFC 3629 as the standard library judges it")
    func utf8Edges() {
        let cases: [[UInt8]] = [
            [], [0x41], [0x7F], [0x80], [0xBF], [0xC0, 0x80], [0xC1, 0xBF], [0xC2, 0x80], [0xDF, 0xBF], [0xC2],
            [0xE0, 0x9F, 0x80], [0xE0, 0xA0, 0x80], [0xED, 0x9F, 0xBF], [0xED, 0xA0, 0x80], [0xEF, 0xBF, 0xBF],
            [0xE1, 0x80], [0xE1, 0x80, 0x41], [0xF0, 0x8F, 0xBF, 0xBF], [0xF0, 0x90, 0x80, 0x80], [0xF4, 0x8F, 0xBF, 0xBF],
            [0xF4, 0x90, 0x80, 0x80], [0xF5, 0x80, 0x80, 0x80], [0xFF], [0xF3, 0x80, 0x80],
            Array("Montréal — Zürich, 東京, 🌍".utf8), Array("Montréal".utf8).dropLast(),
        ]
        for bytes in cases {
            #expect(valid(bytes) == stdlib(bytes), "\(bytes.map { String($0, radix: 16) })")
        }
        #expect(valid(Array("Montréal — 東京 🌍".utf8)))
        #expect(!valid([0xED, 0xA0, 0x80]), "a surrogate")
        #expect(!valid([0xC0, 0xAF]), "an overlong '/'")
    }

    @Test("UTF-8, as the line scan checks it: random bytes and random cuts of real text, judged as the standard library judges them")
    func utf8Random() {
        var mix = SplitMix64(seed: 11)
        let text = Array("Île-de-France · Łódź · Ἀθῆναι · 서울 · 😀 · ascii".utf8)
        for _ in 0..<20_000 {
            var bytes: [UInt8]
            if mix.next() % 2 == 0 {
                bytes = (0..<Int(mix.next() % 9)).map { _ in UInt8(truncatingIfNeeded: mix.next()) }
            } else {
                let a = Int(mix.next() % UInt64(text.count)), b = Int(mix.next() % UInt64(text.count))
                bytes = Array(text[min(a, b)..<max(a, b)])
                if !bytes.isEmpty && mix.next() % 3 == 0 { bytes[Int(mix.next() % UInt64(bytes.count))] = UInt8(truncatingIfNeeded: mix.next()) }
            }
            #expect(valid(bytes) == stdlib(bytes), "\(bytes.map { String($0, radix: 16) })")
        }
    }

    @Test("64 hex digits: the check and the parse agree with a digit-by-digit reading, for every byte at every place")
    func hex() {
        let digest = Array(String(repeating: "0123456789abcdef", count: 4).utf8)
        func check(_ bytes: [UInt8]) -> Bool { bytes.withUnsafeBufferPointer { SHA256Digest.isHex($0) } }
        func parse(_ bytes: [UInt8]) -> SHA256Digest? { bytes.withUnsafeBufferPointer { SHA256Digest(hex: $0) } }
        /// The digest's bytes read one digit at a time, or nil when a byte is not a lowercase digit.
        func reference(_ bytes: [UInt8]) -> [UInt8]? {
            let digits = Array("0123456789abcdef".utf8)
            guard bytes.count == 64 else { return nil }
            var out: [UInt8] = []
            for k in stride(from: 0, to: 64, by: 2) {
                guard let high = digits.firstIndex(of: bytes[k]), let low = digits.firstIndex(of: bytes[k + 1]) else { return nil }
                out.append(UInt8(high * 16 + low))
            }
            return out
        }
        #expect(check(digest) && parse(digest)?.bytes == reference(digest))
        #expect(!check(Array(digest.dropLast())) && parse(Array(digest.dropLast())) == nil)
        #expect(!check(digest + [0x30]) && parse(digest + [0x30]) == nil)
        for place in 0..<64 {
            for byte in 0...255 {
                var bytes = digest
                bytes[place] = UInt8(byte)
                #expect(check(bytes) == (reference(bytes) != nil), "byte \(byte) at \(place)")
                #expect(parse(bytes)?.bytes == reference(bytes), "byte \(byte) at \(place)")
            }
        }
        var mix = SplitMix64(seed: 64)
        for _ in 0..<2_000 {
            let bytes = (0..<32).map { _ in UInt8(truncatingIfNeeded: mix.next()) }
            let text = Array(bytes.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined().utf8)
            #expect(parse(text)?.bytes == bytes)
        }
        #expect(!check(Array(String(repeating: "A", count: 64).utf8)), "uppercase is not the written form")
    }

    @Test("slugs on bytes, eight at a time: every byte at every place of slugs of every length to 70, as TextRules judges them")
    func slugs() {
        func onBytes(_ bytes: [UInt8]) -> Bool { bytes.withUnsafeBufferPointer { FactDecoder.isSlug($0) } }
        for length in 0...70 {
            let slug = (0..<length).map { k in Array("a0-z9".utf8)[k % 5] }
            #expect(onBytes(slug) == TextRules.isSlug(String(decoding: slug, as: UTF8.self)), "length \(length)")
            for place in slug.indices {
                for byte in 0...255 {
                    var bytes = slug
                    bytes[place] = UInt8(byte)
                    guard let text = String(validating: bytes, as: UTF8.self) else {
                        #expect(!onBytes(bytes), "byte \(byte) at \(place) of \(length)")
                        continue
                    }
                    #expect(onBytes(bytes) == TextRules.isSlug(text), "byte \(byte) at \(place) of \(length)")
                }
            }
        }
    }

    @Test("free text on bytes, sixteen at a time: U+007F and U+0080–U+009F refused at every place, the rest of U+0080–U+00FF kept")
    func text() {
        func onBytes(_ bytes: [UInt8]) -> Bool { bytes.withUnsafeBufferPointer { FactDecoder.isText($0, 0..<$0.count) } }
        let scalars: [Unicode.Scalar] = [" ", "a", "\u{7E}", "\u{7F}", "\u{80}", "\u{9F}", "\u{A0}", "\u{AB}", "\u{BB}", "\u{C2}",
                                         "\u{E9}", "\u{2014}", "\u{1F30D}", "\t"]
        for length in [0, 1, 5, 7, 8, 9, 15, 16, 17, 31, 40] {
            for scalar in scalars {
                for place in 0...length {
                    var text = String(repeating: "x", count: length)
                    text.insert(Character(scalar), at: text.index(text.startIndex, offsetBy: place))
                    #expect(onBytes(Array(text.utf8)) == (TextRules.textProblem(text) == nil), "U+\(TextRules.hex4(scalar.value)) at \(place) of \(length)")
                }
            }
        }
        #expect(!onBytes(Array(String(repeating: "é", count: 1001).utf8)), "over 2,000 bytes")
        #expect(onBytes(Array(String(repeating: "é", count: 1000).utf8)))
    }
}
