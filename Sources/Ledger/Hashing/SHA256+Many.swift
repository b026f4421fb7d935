import Dispatch
import SHAExtensions

extension SHA256 {
    /// How many messages are hashed at once.
    enum Batch: Sendable, CaseIterable {
        /// One after another, with the fastest single-message engine.
        case oneByOne
        /// Eight side by side in AVX2 registers (`sha_lanes_hash`); only where `available`.
        case lanes
        /// Two side by side with the SHA extensions, their rounds interleaved
        /// (`sha_pairs_hash`); only where `available`.
        case pairs
        /// Sixteen side by side in AVX-512 registers (`sha_lanes16_hash`); only where `available`.
        case lanes16

        /// The faster way on this processor. Without AVX-512: the SHA extensions hash faster
        /// than eight AVX2 lanes, two messages at a time about 1.6 times faster than one (the
        /// second message's rounds run while the first's wait on each other); without them,
        /// the lanes are about three times faster than one at a time. With AVX-512, whose
        /// rotations and three-input logic are one instruction each, sixteen lanes hashed a
        /// log's lines about twice as fast as the SHA extensions on an Intel Xeon; on another
        /// processor either may win, so the two are timed against each other once per
        /// process (`race`).
        static let fastest: Batch = {
            let without: Batch = Engine.fastest == .extensions ? .pairs : hasLanes ? .lanes : .oneByOne
            guard hasLanes16 else { return without }
            return race(.lanes16, without)
        }()

        /// The faster of `a` and `b` at hashing 128 messages of 320 bytes (about a log's
        /// lines), each timed three times in turn, the best time kept: some tenths of a millisecond,
        /// once per process, and only in one that hashes many messages at once. Both give
        /// the same digests, so the choice changes how long hashing takes, never its result.
        private static func race(_ a: Batch, _ b: Batch) -> Batch {
            let length = 320, count = 128
            let bytes = (0..<(length * count)).map { UInt8(truncatingIfNeeded: $0 &* 131 &+ 7) }
            let ranges = (0..<count).map { ($0 * length)..<(($0 + 1) * length) }
            func time(_ batch: Batch) -> UInt64 {
                let start = DispatchTime.now().uptimeNanoseconds
                _ = bytes.withUnsafeBytes { SHA256.hash($0, ranges: ranges, batch: batch) }
                return DispatchTime.now().uptimeNanoseconds - start
            }
            // In turn, so that neither has the warm caches to itself.
            var (bestA, bestB) = (UInt64.max, UInt64.max)
            for _ in 0..<3 {
                bestA = min(bestA, time(a))
                bestB = min(bestB, time(b))
            }
            return bestA <= bestB ? a : b
        }

        /// The ways this processor can run.
        static let available: [Batch] = [.oneByOne] + (hasLanes ? [.lanes] : []) + (hasLanes16 ? [.lanes16] : [])
            + (Engine.fastest == .extensions ? [.pairs] : [])

        /// Whether this processor has AVX2 (asked once per process).
        private static let hasLanes = sha_lanes_available() != 0
        /// Whether this processor has AVX-512 (asked once per process).
        private static let hasLanes16 = sha_lanes16_available() != 0

        /// How many messages this way hashes side by side: a caller that splits its work
        /// gives each piece a multiple of this many.
        var width: Int {
            switch self {
            case .oneByOne: return 1
            case .lanes: return 8
            case .pairs: return 2
            case .lanes16: return 16
            }
        }
    }

    /// The digests of many messages at once: message `i` is `bytes[ranges[i]]`.
    ///
    /// The same digests as ``hash(_:)-(UnsafeRawBufferPointer)`` of each message; faster
    /// where the processor lets several messages share the work (lines of a log).
    static func hash(_ bytes: UnsafeRawBufferPointer, ranges: some Collection<Range<Int>>,
                     batch: Batch = .fastest) -> [SHA256Digest] {
        guard batch != .oneByOne, let base = bytes.baseAddress, ranges.count > 1 else {
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
                    let run = switch batch {
                    case .lanes16: sha_lanes16_hash
                    case .pairs: sha_pairs_hash
                    default: sha_lanes_hash
                    }
                    run(base.assumingMemoryBound(to: UInt8.self), starts, lengths, count,
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
