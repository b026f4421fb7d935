/// A SHA-256 digest: 32 bytes, shown as 64 lowercase hex digits.
public struct SHA256Digest: Hashable, Sendable, CustomStringConvertible {
    /// The 32 bytes of the digest.
    public let bytes: [UInt8]

    /// The digest of nothing yet: 32 zero bytes, the `prev` of line 1 (SPEC §2).
    public static let zero = SHA256Digest(uncheckedBytes: [UInt8](repeating: 0, count: 32))

    /// A digest from exactly 32 bytes (checked by the caller).
    init(uncheckedBytes bytes: [UInt8]) {
        assert(bytes.count == 32)
        self.bytes = bytes
    }

    /// Reads a digest written as exactly 64 lowercase hex digits; nil otherwise
    /// (uppercase is refused: the ledger writes and compares lowercase only).
    public init?(hex: String) {
        var hex = hex
        let parsed = hex.withUTF8 { text -> [UInt8]? in
            guard text.count == 64 else { return nil }
            var bytes = [UInt8](repeating: 0, count: 32)
            for i in 0..<32 {
                guard let high = Self.nibble(text[2 * i]), let low = Self.nibble(text[2 * i + 1]) else { return nil }
                bytes[i] = high << 4 | low
            }
            return bytes
        }
        guard let parsed else { return nil }
        self.bytes = parsed
    }

    /// The digest as 64 lowercase hex digits.
    public var hex: String {
        String(unsafeUninitializedCapacity: bytes.count * 2) { out in
            let digits: StaticString = "0123456789abcdef"
            let table = digits.utf8Start
            for (i, byte) in bytes.enumerated() {
                out[2 * i] = table[Int(byte >> 4)]
                out[2 * i + 1] = table[Int(byte & 0x0F)]
            }
            return bytes.count * 2
        }
    }

    /// The same as `hex`.
    public var description: String { hex }

    /// The value of a lowercase hex digit, or nil.
    private static func nibble(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return c - UInt8(ascii: "a") + 10
        default: return nil
        }
    }
}
