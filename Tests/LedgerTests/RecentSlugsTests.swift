import Testing
@testable import Ledger

@Suite("Recent slugs (one string for a slug met again)")
struct RecentSlugsTests {
    private func text(_ slugs: inout RecentSlugs, _ slug: String, key: UInt64? = nil) -> String {
        let bytes = Array(slug.utf8)
        return bytes.withUnsafeBufferPointer { slugs.string($0, key: key ?? Interner.hash($0)) }
    }

    private func storage(_ text: String) -> UnsafePointer<UInt8>? {
        var text = text
        return text.withUTF8 { $0.baseAddress }
    }

    @Test("a long slug met again is the same string; each slug keeps its own text")
    func reuse() {
        var slugs = RecentSlugs()
        let long = "c40-cities-climate-leadership-group"
        let first = text(&slugs, long)
        let again = text(&slugs, long)
        #expect(first == long && again == long)
        #expect(storage(first) == storage(again), "the second is the first string, not a new one")
        // Many slugs, some sharing a slot, read twice over: always their own text.
        let many = (0..<200).map { "network-with-a-long-slug-\($0)" } + ["paris", "lyon", "東京-metropolitan-government"]
        for _ in 0..<2 {
            for slug in many { #expect(text(&slugs, slug) == slug) }
        }
    }

    @Test("two slugs given the same key are told apart by their bytes")
    func sharedKey() {
        var slugs = RecentSlugs()
        let a = "network-with-a-long-slug-a", b = "network-with-a-long-slug-b"
        #expect(text(&slugs, a, key: 42) == a)
        #expect(text(&slugs, b, key: 42) == b)
        #expect(text(&slugs, a, key: 42) == a)
    }

    @Test("lines decoded with the recent slugs decode as without them")
    func decoding() throws {
        var slugs = RecentSlugs()
        for k in 0..<300 {
            let network = "network-with-a-long-slug-\(k % 7)", member = k % 3 == 0 ? "paris" : "member-with-a-long-slug-\(k % 5)"
            let line = Array(#"{"type":"milestone","member":"\#(member)","network":"\#(network)","date":"2014","milestone":"plan"}"#.utf8)
            let plain = try #require(line.withUnsafeBufferPointer { PlainLineDecoder.decode($0, mode: .input) })
            let shared = try #require(line.withUnsafeBufferPointer { PlainLineDecoder.decode($0, mode: .input, slugs: &slugs) })
            #expect(shared.payload == plain.payload)
            #expect(shared.network?.rawValue == network && shared.member?.rawValue == member)
        }
    }
}
