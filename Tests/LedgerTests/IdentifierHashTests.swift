import Testing
@testable import Ledger

@Suite("identifiers as dictionary keys")
struct IdentifierHashTests {
    @Test("equal ids hash alike under one seed; different seeds and different ids give different hashes")
    func mixing() {
        let a = MemberID("paris"), b = MemberID(String("pari") + "s")
        #expect(a == b)
        for seed in [0, 1, -1, 0x1234_5678] {
            #expect(a._rawHashValue(seed: seed) == b._rawHashValue(seed: seed))
        }
        #expect(a._rawHashValue(seed: 1) != a._rawHashValue(seed: 2))
        #expect(MemberID("paris")._rawHashValue(seed: 7) != MemberID("lyon")._rawHashValue(seed: 7))
        // The three kinds of id hash the same text the same way (one key, one mixing).
        #expect(NetworkID("c40")._rawHashValue(seed: 3) == MemberID("c40")._rawHashValue(seed: 3))
        #expect(EventID("c40")._rawHashValue(seed: 3) == MemberID("c40")._rawHashValue(seed: 3))
    }

    @Test("the low bits a table uses spread: 100,000 slugs fill a 2^17-slot table with few collisions")
    func spread() {
        let mask = (1 << 17) - 1
        var used = Set<Int>()
        for i in 0..<100_000 { used.insert(MemberID("member-\(i)")._rawHashValue(seed: 42) & mask) }
        // A uniform hash leaves about 2^17 (1 - e^(-100000/2^17)) ≈ 70,000 distinct slots.
        #expect(used.count > 65_000)
    }

    @Test("dictionaries and sets keyed by ids: every key found, copied from one table into another")
    func tables() {
        var byMember: [MemberID: Int] = [:]
        for i in 0..<50_000 { byMember[MemberID("m\(i)")] = i }
        var copy: [MemberID: Int] = [:]
        for (key, value) in byMember { copy[key] = value }
        #expect(copy.count == 50_000)
        for i in stride(from: 0, to: 50_000, by: 997) { #expect(copy[MemberID("m\(i)")] == i) }
        #expect(copy[MemberID("m50000")] == nil)
        let networks = Set((0..<1_000).map { NetworkID("n\($0 % 500)") })
        #expect(networks.count == 500)
    }
}
