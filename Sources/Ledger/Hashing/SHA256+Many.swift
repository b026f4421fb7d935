import SHAExtensions

extension SHA256 {
    /// How many messages are hashed at once.
    enum Batch: Sendable, CaseIterable {
        /// One after another, with the fastest single-message engine.
        case oneByOne
        /// Eight side by side in AVX2 registers (`sha_lanes_hash`); only where `available`.
        case lanes

        /// The faster way on this processor: the SHA extensions hash one message faster than
        /// eight lanes hash eight; without them, the lanes are about three times faster.
        static let fastest: Batch = Engine.fastest == .portable && hasLanes ? .lanes : .oneByOne

        /// The ways this processor can run.
        static let available: [Batch] = hasLanes ? [.oneByOne, .lanes] : [.oneByOne]

        /// Whether this processor has AVX2 (asked once per process).
        private static let hasLanes = sha_lanes_available() != 0

        /// How many messages this way hashes side by side: a caller that splits its work
        /// gives each piece a multiple of this many.
        var width: Int { self == .lanes ? 8 : 1 }
    }

    /// The digests of many messages at once: message `i` is `bytes[ranges[i]]`.
    ///
    /// The same digests as ``hash(_:)-(UnsafeRawBufferPointer)`` of each message; faster
    /// where the processor lets several messages share the work (lines of a log).
    static func hash(_ bytes: UnsafeRawBufferPointer, ranges: some Collection<Range<Int>>,
                     batch: Batch = .fastest) -> [SHA256Digest] {
        guard batch == .lanes, let base = bytes.baseAddress, ranges.count > 1 else {
            return ranges.map { hash(UnsafeRawBufferPointer(rebasing: bytes[$0])) }
        }
        let count = ranges.count
        var starts: [UInt64] = []
        var lengths: [UInt64] = []
        starts.reserveCapacity(count)
        lengths.reserveCapacity(count)
        for range in ranges {
            precondition(range.lowerBound >= 0 && range.upperBound <= bytes.count)
            starts.append(UInt64(range.lowerBound))
            lengths.append(UInt64(range.count))
        }
        let states = [UInt32](unsafeUninitializedCapacity: 8 * count) { words, initialized in
            withUnsafeBytes(of: initialState) { h0 in
                withUnsafeBytes(of: roundConstants) { k in
                    sha_lanes_hash(base.assumingMemoryBound(to: UInt8.self), starts, lengths, count,
                                   h0.baseAddress!.assumingMemoryBound(to: UInt32.self),
                                   k.baseAddress!.assumingMemoryBound(to: UInt32.self), words.baseAddress!)
                }
            }
            initialized = 8 * count
        }
        return (0..<count).map { i in
            let h = 8 * i
            return SHA256Digest(state: (states[h], states[h + 1], states[h + 2], states[h + 3],
                                        states[h + 4], states[h + 5], states[h + 6], states[h + 7]))
        }
    }
}
