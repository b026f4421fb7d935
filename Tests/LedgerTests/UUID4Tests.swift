import Testing
@testable import Ledger

@Suite("random ids (UUID version 4)")
struct UUID4Tests {
    /// Lowercase hex in groups of 8-4-4-4-12, version 4, variant 10xx (RFC 9562 §5.4).
    private func isVersion4(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count == 36 else { return false }
        for (i, b) in bytes.enumerated() {
            if [8, 13, 18, 23].contains(i) {
                guard b == UInt8(ascii: "-") else { return false }
            } else {
                guard (b >= 0x30 && b <= 0x39) || (b >= 0x61 && b <= 0x66) else { return false }
            }
        }
        return bytes[14] == UInt8(ascii: "4") && "89ab".utf8.contains(bytes[19])
    }

    @Test("one id and many at once are well formed, version 4, and all different")
    func wellFormedAndDistinct() {
        #expect(isVersion4(UUID4.make()))
        for count in [0, 1, 2, 17, 5000] {
            let ids = UUID4.make(count: count)
            #expect(ids.count == count)
            #expect(ids.allSatisfy(isVersion4))
            #expect(Set(ids).count == count)
        }
        // The checker itself refuses what is not one.
        #expect(!isVersion4("6ba7b810-9dad-11d1-80b4-00c04fd430c8"))
        #expect(!isVersion4("6BA7B810-9DAD-41D1-80B4-00C04FD430C8"))
        #expect(!isVersion4("6ba7b810-9dad-41d1-c0b4-00c04fd430c8"))
    }

    @Test("the random bits differ from batch to batch and cover every hex digit")
    func random() {
        let a = UUID4.make(count: 200), b = UUID4.make(count: 200)
        #expect(Set(a).isDisjoint(with: b))
        let digits = Set(a.joined().utf8)
        #expect(digits.isSuperset(of: Set("0123456789abcdef".utf8)))
    }
}
