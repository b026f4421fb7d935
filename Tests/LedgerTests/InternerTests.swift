import Testing
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
}
