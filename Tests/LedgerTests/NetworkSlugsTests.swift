import Dispatch
import Synchronization
import Testing
@testable import Ledger

@Suite("network slugs kept once per process")
struct NetworkSlugsTests {
    @Test("a slug made again is the same network, with the same number; another slug is another")
    func sameText() {
        let a = NetworkID("c40"), b = NetworkID(String("c4") + "0")
        #expect(a == b && a.number == b.number && a.rawValue == "c40")
        let c = NetworkID("covenant-of-mayors-europe")
        #expect(c != a && c.number != a.number && c.rawValue == "covenant-of-mayors-europe")
        // From bytes, as a decoder makes it.
        let bytes = Array("covenant-of-mayors-europe".utf8)
        let d = bytes.withUnsafeBufferPointer { NetworkID(unsafeKey: Interner.hash($0), bytes: $0) }
        #expect(d == c && d.number == c.number)
        #expect(Array(d.rawValue.utf8) == bytes)
    }

    @Test("texts are kept byte for byte: two spellings of é are two slugs, each read back as written")
    func bytesNotCanonical() {
        let composed = "caf\u{E9}", decomposed = "cafe\u{301}"
        // Swift's String calls them equal; slugs compare bytes.
        #expect(composed == decomposed)
        let a = NetworkID(composed), b = NetworkID(decomposed)
        #expect(a != b && a.number != b.number)
        #expect(Array(a.rawValue.utf8) == Array(composed.utf8))
        #expect(Array(b.rawValue.utf8) == Array(decomposed.utf8))
        #expect(NetworkID("").rawValue.isEmpty)
    }

    @Test("two slugs with one key (and so one word of the lock-free table) are both kept and found")
    func sharedKey() {
        let key: UInt64 = 0xDEAD_BEEF_0000_0123
        let first = NetworkID(unsafeKey: key, "shared-key-first")
        let second = NetworkID(unsafeKey: key, "shared-key-second")
        #expect(first != second && first.number != second.number)
        // The table's word now names the second; the first is found under the lock.
        #expect(NetworkID(unsafeKey: key, "shared-key-first").number == first.number)
        #expect(NetworkID(unsafeKey: key, "shared-key-second").number == second.number)
        #expect(first.rawValue == "shared-key-first" && second.rawValue == "shared-key-second")
        // The same text under another key is the same slug, and not the same network: the
        // key is part of a network's identity (equal ids hash alike).
        let otherKey = NetworkID(unsafeKey: key ^ 1, "shared-key-first")
        #expect(otherKey.number == first.number && otherKey != first)
    }

    @Test("thousands of slugs across the chunks that hold them: each reads back its own text")
    func manyChunks() {
        // Chunks hold 256, 512, 1024… slugs: 3,000 new ones cross at least two boundaries.
        let ids = (0..<3_000).map { NetworkID("chunked-network-\($0)") }
        #expect(Set(ids.map(\.number)).count == 3_000)
        for (k, id) in ids.enumerated() {
            #expect(id.rawValue == "chunked-network-\(k)")
            #expect(NetworkID("chunked-network-\(k)").number == id.number)
        }
    }

    @Test("made on eight threads at once, one text has one number, and every text reads back")
    func concurrent() {
        struct Seen { var numbers: [String: Set<UInt32>] = [:]; var misread = 0 }
        let seen = Mutex(Seen())
        DispatchQueue.concurrentPerform(iterations: 8) { thread in
            var numbers: [String: UInt32] = [:]
            var misread = 0
            for round in 0..<2_000 {
                // Each thread walks the same texts in its own order.
                let text = "concurrent-network-\((round * 7 + thread * 131) % 1_000)"
                let id = NetworkID(text)
                if id.rawValue != text { misread += 1 }
                numbers[text] = id.number
            }
            seen.withLock { all in
                for (text, n) in numbers { all.numbers[text, default: []].insert(n) }
                all.misread += misread
            }
        }
        seen.withLock { all in
            #expect(all.misread == 0)
            #expect(all.numbers.count == 1_000)
            #expect(all.numbers.values.allSatisfy { $0.count == 1 })
            #expect(Set(all.numbers.values.compactMap(\.first)).count == 1_000)
        }
    }

    @Test("networks sort by their text, whatever order they were first met in")
    func order() {
        let names = ["zeta-order", "alpha-order", "mu-order", "beta-order"]
        let ids = names.map { NetworkID($0) }
        #expect(ids.sorted().map(\.rawValue) == names.sorted())
        #expect(!(ids[0] < ids[0]))
        #expect(NetworkID("alpha-order") < NetworkID("beta-order"))
        #expect(!(NetworkID("beta-order") < NetworkID("alpha-order")))
    }
}
