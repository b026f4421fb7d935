/// Strings' byte order, eight bytes at a time: how slugs (ASCII, whose byte order is their
/// order as `String`s) are sorted without comparing them as `String`s.
enum ByteOrder {
    /// The eight bytes of `bytes` from `from`, big-endian in one number, zero past the end:
    /// two strings' numbers compare as their bytes there do (a string that ends compares as
    /// if a zero byte followed, so equal numbers leave the rest to decide).
    static func word(_ bytes: UnsafeBufferPointer<UInt8>, from: Int) -> UInt64 {
        var w: UInt64 = 0
        for k in from..<from + 8 { w = w << 8 | UInt64(k < bytes.count ? bytes[k] : 0) }
        return w
    }

}
