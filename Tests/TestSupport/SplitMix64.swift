/// SplitMix64 (Steele, Lea, Flood 2014): a tiny seeded generator, so every generated test
/// case can be rebuilt from its seed.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

extension SplitMix64 {
    /// Damages `line` in place, as the decoders' tests do to real lines: one to `edits`
    /// edits, each at a random place (the line must not be empty), replacing a byte with
    /// one of `alphabet`, removing one, inserting one, or, with `escape`, inserting it whole.
    public mutating func damage(_ line: inout [UInt8], edits: UInt64, alphabet: [UInt8], escape: [UInt8]? = nil) {
        for _ in 0...(next() % edits) {
            let position = Int(next() % UInt64(line.count))
            switch next() % (escape == nil ? 3 : 4) {
            case 0: line[position] = alphabet[Int(next() % UInt64(alphabet.count))]
            case 1: line.remove(at: position)
            case 2: line.insert(alphabet[Int(next() % UInt64(alphabet.count))], at: position)
            default: line.insert(contentsOf: escape!, at: position)
            }
        }
    }
}
