import ByteScan

/// A SHA-256 digest: 32 bytes, shown as 64 lowercase hex digits.
///
/// Stored inline as four 64-bit words (no heap allocation), since the ledger keeps one
/// per event: `prev` on every line and a content digest per id in the writer's state.
public struct SHA256Digest: Hashable, Sendable, CustomStringConvertible {
    /// The 32 bytes, big-endian within each word.
    private let words: (UInt64, UInt64, UInt64, UInt64)

    /// The 32 bytes of the digest.
    public var bytes: [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(32)
        for word in [words.0, words.1, words.2, words.3] {
            withUnsafeBytes(of: word.bigEndian) { out.append(contentsOf: $0) }
        }
        return out
    }

    /// The digest of nothing yet: 32 zero bytes, the `prev` of line 1 (SPEC §2).
    public static let zero = SHA256Digest(words: (0, 0, 0, 0))

    private init(words: (UInt64, UInt64, UInt64, UInt64)) {
        self.words = words
    }

    /// A digest from exactly 32 bytes (checked by the caller).
    init(uncheckedBytes bytes: some Collection<UInt8>) {
        precondition(bytes.count == 32)
        var w: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        for (i, byte) in bytes.enumerated() {
            switch i / 8 {
            case 0: w.0 = w.0 << 8 | UInt64(byte)
            case 1: w.1 = w.1 << 8 | UInt64(byte)
            case 2: w.2 = w.2 << 8 | UInt64(byte)
            default: w.3 = w.3 << 8 | UInt64(byte)
            }
        }
        self.words = w
    }

    /// A digest from SHA-256's eight final state words, in order.
    init(state h: (UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32)) {
        self.words = (UInt64(h.0) << 32 | UInt64(h.1), UInt64(h.2) << 32 | UInt64(h.3),
                      UInt64(h.4) << 32 | UInt64(h.5), UInt64(h.6) << 32 | UInt64(h.7))
    }

    /// Reads a digest written as exactly 64 lowercase hex digits; nil otherwise
    /// (uppercase is refused: the ledger writes and compares lowercase only).
    public init?(hex: String) {
        var hex = hex
        guard let digest = hex.withUTF8({ SHA256Digest(hex: $0) }) else { return nil }
        self = digest
    }

    /// Parses 64 lowercase hex digits given as UTF-8 bytes (a decoder's, with no `String` made).
    init?(hex text: UnsafeBufferPointer<UInt8>) {
        // Checked sixteen bytes at a time (`isHex`), then turned into nibbles eight at a time:
        // a digit's low four bits are its value, plus 9 for a letter (bit 6 set only on
        // letters), and the nibbles are packed pairwise, the first digit highest (a line's
        // `prev` is parsed for every line `verify` reads).
        guard Self.isHex(text), let base = text.baseAddress else { return nil }
        @inline(__always) func half(_ k: Int) -> UInt64 {
            let w = UInt64(littleEndian: UnsafeRawPointer(base + k).loadUnaligned(as: UInt64.self))
            var v = ((w & 0x0F0F_0F0F_0F0F_0F0F) &+ ((w >> 6) & 0x0101_0101_0101_0101) &* 9).byteSwapped
            v = (v | (v >> 4)) & 0x00FF_00FF_00FF_00FF
            v = (v | (v >> 8)) & 0x0000_FFFF_0000_FFFF
            return (v | (v >> 16)) & 0x0000_0000_FFFF_FFFF
        }
        @inline(__always) func word(_ k: Int) -> UInt64 { half(k) << 32 | half(k + 8) }
        words = (word(0), word(16), word(32), word(48))
    }

    /// Whether `text` is 64 lowercase hex digits, as `init?(hex:)` would parse it: sixteen
    /// bytes at a time (`byte_is_hex64`), with no value made (a decoder that only checks a
    /// line's `prev`).
    static func isHex(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        guard text.count == 64, let base = text.baseAddress else { return false }
        return byte_is_hex64(base) != 0
    }

    /// The digest as 64 lowercase hex digits.
    public var hex: String {
        String(unsafeUninitializedCapacity: 64) { out in
            let digits: StaticString = "0123456789abcdef"
            let table = digits.utf8Start
            var i = 0
            for word in [words.0, words.1, words.2, words.3] {
                for shift in stride(from: 60, through: 0, by: -4) {
                    out[i] = table[Int((word >> UInt64(shift)) & 0x0F)]
                    i += 1
                }
            }
            return 64
        }
    }

    /// The same as `hex`.
    public var description: String { hex }

    public static func == (a: SHA256Digest, b: SHA256Digest) -> Bool {
        a.words.0 == b.words.0 && a.words.1 == b.words.1 && a.words.2 == b.words.2 && a.words.3 == b.words.3
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(words.0)
        hasher.combine(words.1)
        hasher.combine(words.2)
        hasher.combine(words.3)
    }

}
