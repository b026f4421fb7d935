import Testing
import TestSupport
@testable import Ledger

@Suite("interned strings")
struct InternerTests {
    /// An interner holding `strings` in order.
    private func interner(_ strings: [String]) -> Interner {
        var names = Interner()
        for string in strings { _ = names.intern(string) }
        return names
    }

    /// The encoding of the strings, as a snapshot stores them.
    private func encoded(_ names: Interner) -> [UInt8] {
        var out = ByteWriter()
        names.encode(into: &out)
        return out.bytes
    }

    private func decoded(_ bytes: [UInt8]) -> Interner? {
        var input = ByteReader(bytes[...])
        guard let names = Interner.decoded(&input), input.atEnd else { return nil }
        return names
    }

    @Test("read back: the same handles, the same strings, every string found, new strings numbered after them")
    func roundTrip() throws {
        // Enough strings to need a table many times the initial one, non-ASCII and empty included.
        let strings = [""] + (0..<5000).map { "city-\($0)-é\($0 % 7)" } + ["São Paulo", "Zürich", "京都"]
        let names = interner(strings)
        var back = try #require(decoded(encoded(names)))
        #expect(back.count == strings.count)
        for (k, string) in strings.enumerated() {
            #expect(back.string(Int32(k)) == string)
            #expect(back.find(string) == Int32(k))
        }
        #expect(back.find("not-there") == nil)
        #expect(back.intern("Zürich") == Int32(strings.count - 2))
        #expect(back.intern("new") == Int32(strings.count))
        for k in 0..<3000 { #expect(back.intern("more-\(k)") == Int32(strings.count + 1 + k)) }
        #expect(back.find("city-4999-é1") == Int32(5000))
    }

    @Test("a string that repeats, a span out of the arena or of negative length: nothing is read")
    func malformed() {
        // Two strings, "ab" and "cd", with the spans rewritten.
        func bytes(spans: [(Int32, Int32)]) -> [UInt8] {
            var out = ByteWriter()
            out.varint(UInt64(spans.count))
            out.varint(4)
            out.bytes.append(contentsOf: Array("abcd".utf8))
            for (start, length) in spans {
                out.le32(start)
                out.le32(length)
            }
            return out.bytes
        }
        #expect(decoded(bytes(spans: [(0, 2), (2, 2)])).map { [$0.string(0), $0.string(1)] } == ["ab", "cd"])
        #expect(decoded(bytes(spans: [(0, 2), (0, 2)])) == nil, "a string that repeats")
        #expect(decoded(bytes(spans: [(0, 0), (1, 0)])) == nil, "the empty string twice")
        #expect(decoded(bytes(spans: [(0, 2), (3, 2)])) == nil, "past the arena's end")
        #expect(decoded(bytes(spans: [(-1, 2), (2, 2)])) == nil, "a negative start")
        #expect(decoded(bytes(spans: [(0, 2), (2, -1)])) == nil, "a negative length")
        #expect(decoded(bytes(spans: [(0, 2), (Int32.max, 2)])) == nil, "a start past any arena")
    }

    /// `Interner.hash` as first written: the tail after the last whole eight bytes gathered a
    /// byte at a time. Snapshots and the tree's cache store these hashes, so they never change.
    private static func referenceHash(_ bytes: [UInt8]) -> UInt64 {
        let k: UInt64 = 0x9E37_79B9_7F4A_7C15
        func rotated(_ x: UInt64) -> UInt64 { (x << 27) | (x >> 37) }
        var h: UInt64 = 0xcbf2_9ce4_8422_2325 ^ UInt64(bytes.count)
        var i = 0
        while i + 8 <= bytes.count {
            var word: UInt64 = 0
            for j in 0..<8 { word |= UInt64(bytes[i + j]) << (8 * UInt64(j)) }
            h = rotated((h ^ word) &* k)
            i += 8
        }
        if i < bytes.count {
            var tail: UInt64 = 0
            for j in i..<bytes.count { tail |= UInt64(bytes[j]) << (8 * UInt64(j - i)) }
            h = rotated((h ^ tail) &* k)
        }
        h ^= h >> 29
        h = h &* 0xBF58_476D_1CE4_E5B9
        return h ^ (h >> 32)
    }

    @Test("the hash of every length from 0 to 40 bytes is the one snapshots hold (tails read whole)")
    func stableHash() {
        var rng = SplitMix64(seed: 0x1D_4A54)
        for length in 0...40 {
            for _ in 0..<20 {
                // Bytes around the string too, so that a read past its ends would change the hash.
                let all = (0..<length + 16).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
                let string = Array(all[8..<8 + length])
                let hash = all.withUnsafeBufferPointer { Interner.hash(UnsafeBufferPointer(rebasing: $0[8..<8 + length])) }
                #expect(hash == Self.referenceHash(string), "\(length) bytes")
            }
        }
        // Values computed once, apart from this code: the function itself must not drift.
        for (text, known): (String, UInt64) in [("paris", 0xD900_7A30_3F4E_B6AE), ("b6e53e3c-12e3-42d3-bcd3-be33e6262f3b", 0xDD77_CDE5_2E16_1402)] {
            #expect(Array(text.utf8).withUnsafeBufferPointer { Interner.hash($0) } == known, "\(text)")
        }
    }

    @Test("every string as a JSON literal by handle: the general writer's, escapes and non-ASCII included, across pieces")
    func literals() {
        let strings = (0..<9_000).map { k in k % 11 == 0 ? "q\"\(k)" : k % 13 == 0 ? "Zürich \(k)" : k % 17 == 0 ? "" : "slug-\(k)" }
        var names = Interner()
        var handles: [Int32] = []
        for text in strings { handles.append(Array(text.utf8).withUnsafeBufferPointer { names.intern($0) }) }
        let literals = names.literals()
        #expect(literals.count == names.count)
        for (text, handle) in zip(strings, handles) {
            var general: [UInt8] = []
            JSONWriter.writeString(text, into: &general)
            if literals.literal(handle) != general { Issue.record("\(text)") }
        }
        #expect(Interner().literals().count == 0)
    }

    @Test("a string of a kind named again gives the handle the table gives it, runs, alternations and prefixes included")
    func recentKinds() {
        var rng = SplitMix64(seed: 5)
        let words = ["paris", "paris-2", "pari", "lyon", "c40", "c40-", "", "é", "milestone-a", "milestone-b"]
        var plain = Interner(), recent = Interner()
        for _ in 0..<5_000 {
            let word = words[Int(rng.next() % UInt64(words.count))]
            let kind = Int(rng.next() % 4)
            // Runs: the same word several times in a row, as a member's lines name it.
            for _ in 0...(rng.next() % 3) {
                let bytes = Array(word.utf8)
                let a = bytes.withUnsafeBufferPointer { plain.intern($0) }
                let b = bytes.withUnsafeBufferPointer { recent.intern($0, recent: kind) }
                #expect(a == b, "\(word) as kind \(kind)")
            }
        }
        #expect(plain.count == recent.count)
        for k in 0..<plain.count { #expect(plain.string(Int32(k)) == recent.string(Int32(k))) }
    }
}
