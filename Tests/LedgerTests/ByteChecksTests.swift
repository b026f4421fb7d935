import Testing
import TestSupport
@testable import Ledger

/// The checks the decoders run on bytes in place must agree with the slower ways they replace.
@Suite("checks on bytes in place")
struct ByteChecksTests {
    private func valid(_ bytes: [UInt8]) -> Bool { bytes.withUnsafeBufferPointer { UTF8Check.isValid($0) } }
    private func stdlib(_ bytes: [UInt8]) -> Bool { String(validating: bytes, as: UTF8.self) != nil }

    @Test("UTF-8: every edge of RFC 3629 as the standard library judges it")
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

    @Test("UTF-8: random bytes and random cuts of real text, judged as the standard library judges them")
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

    @Test("64 hex digits: the check agrees with parsing, for every byte at every place")
    func hex() {
        let digest = Array(String(repeating: "0123456789abcdef", count: 4).utf8)
        func check(_ bytes: [UInt8]) -> Bool { bytes.withUnsafeBufferPointer { SHA256Digest.isHex($0) } }
        func parses(_ bytes: [UInt8]) -> Bool { bytes.withUnsafeBufferPointer { SHA256Digest(hex: $0) != nil } }
        #expect(check(digest))
        #expect(!check(Array(digest.dropLast())))
        #expect(!check(digest + [0x30]))
        for place in [0, 7, 8, 31, 63] {
            for byte in 0...255 {
                var bytes = digest
                bytes[place] = UInt8(byte)
                #expect(check(bytes) == parses(bytes), "byte \(byte) at \(place)")
            }
        }
        #expect(!check(Array(String(repeating: "A", count: 64).utf8)), "uppercase is not the written form")
    }
}
