import SHAExtensions

/// SHA-256 (FIPS 180-4), streaming.
///
/// ```swift
/// var hasher = SHA256()
/// hasher.update(lineBytes)
/// let digest = hasher.finalize()
/// ```
///
/// Whole 64-byte blocks are compressed straight from the caller's memory; only
/// a partial block is copied into the hasher's fixed inline buffer, so hashing
/// allocates nothing until the digest's 32 bytes are returned.
///
/// On x86-64 processors with the SHA extensions, blocks are compressed by those
/// instructions (about four times faster); elsewhere by portable Swift. Both give the
/// same digests, checked against each other and the NIST vectors.
public struct SHA256: Sendable {
    /// Which compression routine a hasher uses.
    enum Engine: Sendable, CaseIterable {
        /// The portable Swift routine below.
        case portable
        /// The x86-64 SHA instructions (`SHAExtensions`); only where `available`.
        case extensions

        /// The fastest engine this processor has.
        static let fastest: Engine = sha_extensions_available() != 0 ? .extensions : .portable

        /// The engines this processor can run.
        static var available: [Engine] { fastest == .extensions ? [.portable, .extensions] : [.portable] }
    }

    /// The eight working hash values H0…H7.
    private var state = SHA256.initialState
    /// The bytes of a not-yet-complete block.
    private var buffer = InlineArray<64, UInt8>(repeating: 0)
    /// How many bytes of `buffer` are in use (0..<64).
    private var buffered = 0
    /// Total message length so far, in bytes.
    private var length: UInt64 = 0
    /// The compression routine.
    private let engine: Engine

    /// A hasher with nothing hashed yet.
    public init() {
        engine = .fastest
    }

    /// A hasher that compresses with `engine` (tests compare the engines).
    init(engine: Engine) {
        self.engine = engine
    }

    /// Hashes more bytes.
    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard var input = bytes.baseAddress, !bytes.isEmpty else { return }
        var remaining = bytes.count
        length &+= UInt64(remaining)

        // Top up a partial block first.
        if buffered > 0 {
            let take = min(64 - buffered, remaining)
            withUnsafeMutableBytes(of: &buffer) { buf in
                buf.baseAddress!.advanced(by: buffered).copyMemory(from: input, byteCount: take)
            }
            buffered += take
            input += take
            remaining -= take
            guard buffered == 64 else { return }
            withUnsafeBytes(of: buffer) { compress($0.baseAddress!, blocks: 1) }
            buffered = 0
        }

        // Whole blocks straight from the input.
        let blocks = remaining / 64
        if blocks > 0 {
            compress(input, blocks: blocks)
            input += blocks * 64
            remaining -= blocks * 64
        }

        // Keep the tail for later.
        if remaining > 0 {
            withUnsafeMutableBytes(of: &buffer) { buf in
                buf.baseAddress!.copyMemory(from: input, byteCount: remaining)
            }
            buffered = remaining
        }
    }

    /// Hashes more bytes.
    public mutating func update(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { update($0) }
    }

    /// Hashes more bytes.
    public mutating func update(_ bytes: ArraySlice<UInt8>) {
        bytes.withUnsafeBytes { update($0) }
    }

    /// Pads the message, returns its digest, and resets the hasher to its initial
    /// state (so it can be reused for a new message).
    public mutating func finalize() -> SHA256Digest {
        // Padding: 0x80, zeros up to 56 mod 64, then the length in bits, big-endian.
        let bitLength = length &* 8
        var padding = InlineArray<72, UInt8>(repeating: 0)
        padding[0] = 0x80
        let zeros = (119 - buffered) % 64        // 0x80 + zeros + 8 length bytes ≡ 64 - buffered (mod 64)
        for i in 0..<8 {
            padding[1 + zeros + i] = UInt8(truncatingIfNeeded: bitLength >> (56 - 8 * i))
        }
        let savedLength = length
        withUnsafeBytes(of: padding) { update(UnsafeRawBufferPointer(rebasing: $0[..<(1 + zeros + 8)])) }
        assert(buffered == 0 && length == savedLength + UInt64(1 + zeros + 8))

        let digest = SHA256Digest(state: (state[0], state[1], state[2], state[3],
                                          state[4], state[5], state[6], state[7]))
        self = SHA256(engine: engine)
        return digest
    }

    /// The digest of `bytes`.
    public static func hash(_ bytes: [UInt8]) -> SHA256Digest {
        bytes.withUnsafeBytes { hash($0) }
    }

    /// The digest of `bytes`.
    public static func hash(_ bytes: UnsafeRawBufferPointer) -> SHA256Digest {
        var hasher = SHA256()
        hasher.update(bytes)
        return hasher.finalize()
    }
}

// MARK: - Compression (FIPS 180-4 §6.2.2)

extension SHA256 {
    /// Compresses `blocks` consecutive 64-byte blocks at `input` into the state.
    private mutating func compress(_ input: UnsafeRawPointer, blocks: Int) {
        switch engine {
        case .extensions:
            withUnsafeMutableBytes(of: &state) { words in
                withUnsafeBytes(of: Self.roundConstants) { k in
                    sha_extensions_compress(words.baseAddress!.assumingMemoryBound(to: UInt32.self),
                                            input.assumingMemoryBound(to: UInt8.self), blocks,
                                            k.baseAddress!.assumingMemoryBound(to: UInt32.self))
                }
            }
        case .portable:
            Self.compress(&state, input, blocks: blocks)
        }
    }

    /// H(0), FIPS 180-4 §5.3.3.
    static let initialState: InlineArray<8, UInt32> = [
        0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
    ]

    /// The round constants K, FIPS 180-4 §4.2.2.
    static let roundConstants: InlineArray<64, UInt32> = [
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
        0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
        0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
        0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
        0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
        0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
        0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
        0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
    ]

    /// Compresses `blocks` consecutive 64-byte blocks at `input` (any alignment) into `h`.
    ///
    /// Written for speed, each choice measured (x86-64, `-O`, hashing a 256 MB buffer
    /// and a million ~316-byte lines one by one; about 1.5× the plain loop version):
    /// - One non-inlined call per block. The same body inside a loop over the blocks
    ///   was as fast on long inputs but about 20% slower on ledger lines (4–6 blocks
    ///   per line), where every short run of the loop paid a large fixed cost.
    /// - The message schedule is a rolling window of 16 words, each new word computed
    ///   just before the round that uses it. Filling a 64-word schedule first was about
    ///   25% slower: the out-of-order core can only overlap the schedule's arithmetic
    ///   with the rounds' long dependency chain when the two are interleaved.
    /// - The 64 rounds are fully unrolled (`sixteenRounds` is inlined four times) and
    ///   the eight working variables change roles through the argument lists instead
    ///   of being shifted each round, so every index is a constant and everything
    ///   stays in registers: no bounds checks, no retain/release, no loop counters.
    /// - The round constants are read through a pointer to a stack copy rather than
    ///   folded into instructions as literals. With literals the optimizer adds K
    ///   last, after Σ1(e), lengthening each round's critical path (about 3% slower).
    /// - The message words are loaded by `InlineArray`'s closure initializer: a
    ///   zero-filled array then a loop was about 8% slower on lines as SwiftPM builds
    ///   release (frame pointers on).
    private static func compress(_ h: inout InlineArray<8, UInt32>, _ input: UnsafeRawPointer, blocks: Int) {
        withUnsafePointer(to: roundConstants) { constants in
            let k = UnsafeRawPointer(constants).assumingMemoryBound(to: UInt32.self)
            var block = input
            for _ in 0..<blocks {
                compressBlock(&h, block, k)
                block += 64
            }
        }
    }

    /// Compresses the 64-byte block at `block` into `h`, with `k` the 64 round constants.
    @inline(never)
    private static func compressBlock(_ h: inout InlineArray<8, UInt32>, _ block: UnsafeRawPointer,
                                      _ k: UnsafePointer<UInt32>) {
        var w = InlineArray<16, UInt32> { t in
            UInt32(bigEndian: block.loadUnaligned(fromByteOffset: 4 * t, as: UInt32.self))
        }
        var a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], hh = h[7]
        sixteenRounds(&a, &b, &c, &d, &e, &f, &g, &hh, &w, k, extendingSchedule: false)
        sixteenRounds(&a, &b, &c, &d, &e, &f, &g, &hh, &w, k + 16, extendingSchedule: true)
        sixteenRounds(&a, &b, &c, &d, &e, &f, &g, &hh, &w, k + 32, extendingSchedule: true)
        sixteenRounds(&a, &b, &c, &d, &e, &f, &g, &hh, &w, k + 48, extendingSchedule: true)
        h[0] &+= a; h[1] &+= b; h[2] &+= c; h[3] &+= d
        h[4] &+= e; h[5] &+= f; h[6] &+= g; h[7] &+= hh
    }

    /// Rounds t…t+15 for t a multiple of 16, with `k` pointing at K[t] and W[j] held in
    /// `w[j mod 16]`: on entry `w` holds W[t-16…t-1], or for t = 0 the message words
    /// W[0…15]. Sixteen rounds bring the working variables back to their original roles.
    ///
    /// With `extendingSchedule`, round t+i first replaces W[t+i-16] in `w[i]` by
    /// W[t+i] = σ1(W[t+i-2]) + W[t+i-7] + σ0(W[t+i-15]) + W[t+i-16] (FIPS 180-4 §6.2.2 step 1).
    @inline(__always)
    private static func sixteenRounds(_ a: inout UInt32, _ b: inout UInt32, _ c: inout UInt32, _ d: inout UInt32,
                                      _ e: inout UInt32, _ f: inout UInt32, _ g: inout UInt32, _ h: inout UInt32,
                                      _ w: inout InlineArray<16, UInt32>, _ k: UnsafePointer<UInt32>,
                                      extendingSchedule: Bool) {
        /// K[t+i] + W[t+i], extending the schedule first if asked.
        @inline(__always)
        func kw(_ i: Int) -> UInt32 {
            if extendingSchedule {
                let w15 = w[(i + 1) & 15], w2 = w[(i + 14) & 15]
                let s0 = rotr(w15, 7) ^ rotr(w15, 18) ^ (w15 >> 3)
                let s1 = rotr(w2, 17) ^ rotr(w2, 19) ^ (w2 >> 10)
                w[i] = w[i] &+ s0 &+ w[(i + 9) & 15] &+ s1
            }
            return k[i] &+ w[i]
        }
        round(a, b, c, &d, e, f, g, &h, kw(0))
        round(h, a, b, &c, d, e, f, &g, kw(1))
        round(g, h, a, &b, c, d, e, &f, kw(2))
        round(f, g, h, &a, b, c, d, &e, kw(3))
        round(e, f, g, &h, a, b, c, &d, kw(4))
        round(d, e, f, &g, h, a, b, &c, kw(5))
        round(c, d, e, &f, g, h, a, &b, kw(6))
        round(b, c, d, &e, f, g, h, &a, kw(7))
        round(a, b, c, &d, e, f, g, &h, kw(8))
        round(h, a, b, &c, d, e, f, &g, kw(9))
        round(g, h, a, &b, c, d, e, &f, kw(10))
        round(f, g, h, &a, b, c, d, &e, kw(11))
        round(e, f, g, &h, a, b, c, &d, kw(12))
        round(d, e, f, &g, h, a, b, &c, kw(13))
        round(c, d, e, &f, g, h, a, &b, kw(14))
        round(b, c, d, &e, f, g, h, &a, kw(15))
    }

    /// One round: with (a…h) the working variables in their current roles, adds
    /// T1 into `d` (the next `e`) and T1 + T2 into `h` (the next `a`).
    @inline(__always)
    private static func round(_ a: UInt32, _ b: UInt32, _ c: UInt32, _ d: inout UInt32,
                              _ e: UInt32, _ f: UInt32, _ g: UInt32, _ h: inout UInt32, _ kw: UInt32) {
        let t1 = h &+ (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) &+ ((e & f) ^ (~e & g)) &+ kw
        let t2 = (rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) &+ ((a & b) ^ (a & c) ^ (b & c))
        d = d &+ t1
        h = t1 &+ t2
    }

    /// Rotates right by `n` bits.
    @inline(__always)
    private static func rotr(_ x: UInt32, _ n: UInt32) -> UInt32 {
        (x >> n) | (x << (32 - n))
    }
}
