/// SplitMix64 (Steele, Lea, Flood 2014): a tiny seeded generator, so a synthetic ledger is
/// rebuilt byte for byte from its (events, seed). Kept here rather than shared with the
/// tests' copy because an executable cannot depend on a test-support target.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A generator for an independent stream (a member, the append inputs), so that one
    /// stream's length never shifts another's numbers.
    func fork(_ salt: UInt64) -> SplitMix64 {
        var copy = SplitMix64(seed: state ^ (salt &* 0xD1B5_4A32_D192_ED03))
        _ = copy.next()
        return copy
    }

    /// A uniform integer in `range` (the range is small next to 2^64: modulo bias is negligible).
    mutating func int(_ range: ClosedRange<Int>) -> Int {
        range.lowerBound + Int(next() % UInt64(range.upperBound - range.lowerBound + 1))
    }

    /// A uniform index below `count` (which must be positive).
    mutating func index(_ count: Int) -> Int {
        Int(next() % UInt64(count))
    }

    /// True with probability `p`.
    mutating func chance(_ p: Double) -> Bool {
        Double(next() >> 11) * 0x1.0p-53 < p
    }

    /// One element of a non-empty array.
    mutating func pick<T>(_ items: [T]) -> T {
        items[index(items.count)]
    }

    /// A lowercase UUID-shaped id (version 4 layout) drawn from this stream.
    mutating func uuid() -> String {
        let a = next(), b = next()
        let hex = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(36)
        var digits = [UInt8]()
        digits.reserveCapacity(32)
        for shift in stride(from: 60, through: 0, by: -4) { digits.append(hex[Int((a >> UInt64(shift)) & 0xF)]) }
        for shift in stride(from: 60, through: 0, by: -4) { digits.append(hex[Int((b >> UInt64(shift)) & 0xF)]) }
        digits[12] = UInt8(ascii: "4")
        digits[16] = hex[8 + Int(b & 3)]
        for (i, d) in digits.enumerated() {
            if i == 8 || i == 12 || i == 16 || i == 20 { out.append(UInt8(ascii: "-")) }
            out.append(d)
        }
        return String(decoding: out, as: UTF8.self)
    }
}
