/// FNV-1a, 64-bit: a fast checksum for snapshot bodies. It catches a file cut short or
/// damaged on disk; it is no defence against tampering (snapshots are caches, and
/// `verify` never uses them).
enum FNV1a {
    /// The checksum of `bytes`, in hex.
    static func hex(_ bytes: ArraySlice<UInt8>) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        return String(hash, radix: 16)
    }
}
