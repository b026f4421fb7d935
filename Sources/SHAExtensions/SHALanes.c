// SHA-256 of many short messages at once, eight side by side in the 32-bit lanes of AVX2
// registers, or sixteen in those of AVX-512, or two with the SHA extensions: one message
// per lane, each lane taking the next message as soon as its own is done. Eight for
// processors with AVX2 but without the SHA extensions, where one message at a time runs the
// 64 rounds on scalar registers; two where the SHA extensions are (their rounds wait on
// each other, and a second message fills the waits); sixteen where that beats the SHA
// extensions (the Swift side races them). Checked against the portable Swift routine on
// the NIST vectors and random messages of every length (SHA256Tests).
#include "SHAExtensions.h"

#include <string.h>

#if defined(__x86_64__)
#include <cpuid.h>
#include <immintrin.h>
#include "SHAState.h"

int sha_lanes_available(void) {
    unsigned a, b, c, d;
    if (!__get_cpuid(1, &a, &b, &c, &d)) return 0;
    int osxsave = (c >> 27) & 1, avx = (c >> 28) & 1;
    if (!osxsave || !avx) return 0;
    // The system saves the YMM registers (XCR0 bits 1 and 2).
    unsigned lo, hi;
    __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
    if ((lo & 6) != 6) return 0;
    if (!__get_cpuid_count(7, 0, &a, &b, &c, &d)) return 0;
    return (b >> 5) & 1;  // AVX2
}

#define LANES 8
/// The most lanes any compression below runs side by side.
#define MAX_LANES 16

/// Compresses one block per lane into the state `words`, word-major (words[i][j] is word i
/// of lane j), for as many lanes as the routine runs.
typedef void (*LaneCompress)(uint32_t words[8][MAX_LANES], const uint8_t *blocks[MAX_LANES], const uint32_t k[64]);

/// One lane's message: its whole blocks, read where they are, then its padded last one or
/// two blocks, copied.
typedef struct {
    const uint8_t *data;
    size_t whole;        // whole blocks left at `data`
    size_t tailBlocks;   // 1 or 2
    size_t tailDone;     // tail blocks compressed
    size_t message;      // which message, or SIZE_MAX when the lane has none
    uint8_t tail[128];
} Lane;

static void lane_start(Lane *lane, const uint8_t *base, uint64_t start, uint64_t length, size_t message) {
    lane->data = base + start;
    lane->whole = (size_t)(length / 64);
    size_t rest = (size_t)(length % 64);
    memset(lane->tail, 0, sizeof lane->tail);
    memcpy(lane->tail, base + start + 64 * lane->whole, rest);
    lane->tail[rest] = 0x80;
    lane->tailBlocks = rest + 9 <= 64 ? 1 : 2;
    uint64_t bits = length * 8;
    uint8_t *end = lane->tail + 64 * lane->tailBlocks;
    for (int i = 0; i < 8; i++) end[-1 - i] = (uint8_t)(bits >> (8 * i));
    lane->tailDone = 0;
    lane->message = message;
}

/// Gives `lane` the next of the `count` messages if one is left (`*next` counts those given
/// out), else leaves it idle; answers whether it took one.
static inline int lane_take(Lane *lane, const uint8_t *base, const uint64_t *starts, const uint64_t *lengths,
                            size_t count, size_t *next) {
    if (*next >= count) {
        lane->message = SIZE_MAX;
        return 0;
    }
    lane_start(lane, base, starts[*next], lengths[*next], *next);
    (*next)++;
    return 1;
}

#define ROTR(x, n) _mm256_or_si256(_mm256_srli_epi32((x), (n)), _mm256_slli_epi32((x), 32 - (n)))

/// Compresses one block per lane, eight lanes, into `words` (a LaneCompress).
__attribute__((target("avx2")))
static void compress_lanes(uint32_t words[8][MAX_LANES], const uint8_t *blocks[MAX_LANES], const uint32_t k[64]) {
    const __m256i order = _mm256_set_epi8(12, 13, 14, 15, 8, 9, 10, 11, 4, 5, 6, 7, 0, 1, 2, 3,
                                          12, 13, 14, 15, 8, 9, 10, 11, 4, 5, 6, 7, 0, 1, 2, 3);
    __m256i w[16];
    // Each half block of each lane is a row of eight words; transposed, row i holds word i
    // of every lane.
    for (int half = 0; half < 2; half++) {
        __m256i r[8];
        for (int j = 0; j < LANES; j++) {
            r[j] = _mm256_shuffle_epi8(_mm256_loadu_si256((const __m256i *)(blocks[j] + 32 * half)), order);
        }
        __m256i t0 = _mm256_unpacklo_epi32(r[0], r[1]), t1 = _mm256_unpackhi_epi32(r[0], r[1]);
        __m256i t2 = _mm256_unpacklo_epi32(r[2], r[3]), t3 = _mm256_unpackhi_epi32(r[2], r[3]);
        __m256i t4 = _mm256_unpacklo_epi32(r[4], r[5]), t5 = _mm256_unpackhi_epi32(r[4], r[5]);
        __m256i t6 = _mm256_unpacklo_epi32(r[6], r[7]), t7 = _mm256_unpackhi_epi32(r[6], r[7]);
        __m256i u0 = _mm256_unpacklo_epi64(t0, t2), u1 = _mm256_unpackhi_epi64(t0, t2);
        __m256i u2 = _mm256_unpacklo_epi64(t1, t3), u3 = _mm256_unpackhi_epi64(t1, t3);
        __m256i u4 = _mm256_unpacklo_epi64(t4, t6), u5 = _mm256_unpackhi_epi64(t4, t6);
        __m256i u6 = _mm256_unpacklo_epi64(t5, t7), u7 = _mm256_unpackhi_epi64(t5, t7);
        __m256i *out = w + 8 * half;
        out[0] = _mm256_permute2x128_si256(u0, u4, 0x20);
        out[1] = _mm256_permute2x128_si256(u1, u5, 0x20);
        out[2] = _mm256_permute2x128_si256(u2, u6, 0x20);
        out[3] = _mm256_permute2x128_si256(u3, u7, 0x20);
        out[4] = _mm256_permute2x128_si256(u0, u4, 0x31);
        out[5] = _mm256_permute2x128_si256(u1, u5, 0x31);
        out[6] = _mm256_permute2x128_si256(u2, u6, 0x31);
        out[7] = _mm256_permute2x128_si256(u3, u7, 0x31);
    }

    __m256i s[8];
    for (int i = 0; i < 8; i++) s[i] = _mm256_load_si256((const __m256i *)words[i]);
    __m256i a = s[0], b = s[1], c = s[2], d = s[3], e = s[4], f = s[5], g = s[6], h = s[7];
    for (int t = 0; t < 64; t++) {
        if (t >= 16) {
            __m256i w2 = w[(t - 2) & 15], w15 = w[(t - 15) & 15];
            __m256i s1 = _mm256_xor_si256(_mm256_xor_si256(ROTR(w2, 17), ROTR(w2, 19)), _mm256_srli_epi32(w2, 10));
            __m256i s0 = _mm256_xor_si256(_mm256_xor_si256(ROTR(w15, 7), ROTR(w15, 18)), _mm256_srli_epi32(w15, 3));
            w[t & 15] = _mm256_add_epi32(_mm256_add_epi32(w[t & 15], s0), _mm256_add_epi32(w[(t - 7) & 15], s1));
        }
        __m256i sigma1 = _mm256_xor_si256(_mm256_xor_si256(ROTR(e, 6), ROTR(e, 11)), ROTR(e, 25));
        __m256i ch = _mm256_xor_si256(_mm256_and_si256(e, f), _mm256_andnot_si256(e, g));
        __m256i t1 = _mm256_add_epi32(_mm256_add_epi32(h, sigma1),
                                      _mm256_add_epi32(_mm256_add_epi32(ch, w[t & 15]), _mm256_set1_epi32((int)k[t])));
        __m256i sigma0 = _mm256_xor_si256(_mm256_xor_si256(ROTR(a, 2), ROTR(a, 13)), ROTR(a, 22));
        __m256i maj = _mm256_or_si256(_mm256_and_si256(a, b), _mm256_and_si256(c, _mm256_or_si256(a, b)));
        __m256i t2 = _mm256_add_epi32(sigma0, maj);
        h = g; g = f; f = e; e = _mm256_add_epi32(d, t1);
        d = c; c = b; b = a; a = _mm256_add_epi32(t1, t2);
    }
    const __m256i done[8] = {a, b, c, d, e, f, g, h};
    for (int i = 0; i < 8; i++) _mm256_store_si256((__m256i *)words[i], _mm256_add_epi32(s[i], done[i]));
}

/// Hashes `count` messages, `width` at a time side by side with `compress`: each lane takes
/// the next message as soon as its own is done (see sha_lanes_hash).
static void run_lanes(int width, LaneCompress compress, const uint8_t *base, const uint64_t *starts,
                      const uint64_t *lengths, size_t count, const uint32_t initial[8], const uint32_t k[64],
                      uint32_t *states) {
    static const uint8_t idle[64] = {0};
    Lane lanes[MAX_LANES];
    // The working state, word-major: words[i][j] is word i of lane j.
    uint32_t words[8][MAX_LANES] __attribute__((aligned(64)));
    size_t next = 0, busy = 0;
    for (int j = 0; j < width; j++) {
        busy += lane_take(&lanes[j], base, starts, lengths, count, &next);
        for (int i = 0; i < 8; i++) words[i][j] = initial[i];
    }
    while (busy > 0) {
        const uint8_t *blocks[MAX_LANES];
        for (int j = 0; j < width; j++) {
            Lane *lane = &lanes[j];
            if (lane->message == SIZE_MAX) blocks[j] = idle;
            else if (lane->whole > 0) blocks[j] = lane->data;
            else blocks[j] = lane->tail + 64 * lane->tailDone;
        }
        compress(words, blocks, k);
        for (int j = 0; j < width; j++) {
            Lane *lane = &lanes[j];
            if (lane->message == SIZE_MAX) continue;
            if (lane->whole > 0) {
                lane->data += 64;
                lane->whole--;
                continue;
            }
            if (++lane->tailDone < lane->tailBlocks) continue;
            // Done: hand the state out, take the next message.
            for (int i = 0; i < 8; i++) {
                states[8 * lane->message + i] = words[i][j];
                words[i][j] = initial[i];
            }
            if (!lane_take(lane, base, starts, lengths, count, &next)) busy--;
        }
    }
}

void sha_lanes_hash(const uint8_t *base, const uint64_t *starts, const uint64_t *lengths, size_t count,
                    const uint32_t initial[8], const uint32_t k[64], uint32_t *states) {
    run_lanes(LANES, compress_lanes, base, starts, lengths, count, initial, k, states);
}

int sha_lanes16_available(void) {
    unsigned a, b, c, d;
    if (!__get_cpuid(1, &a, &b, &c, &d)) return 0;
    if (!((c >> 27) & 1)) return 0;  // OSXSAVE
    // The system saves the opmask and all 512 bits of the 32 vector registers (XCR0 bits 1,
    // 2, 5, 6 and 7).
    unsigned lo, hi;
    __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
    if ((lo & 0xE6) != 0xE6) return 0;
    if (!__get_cpuid_count(7, 0, &a, &b, &c, &d)) return 0;
    return (b >> 16) & 1;  // AVX-512 Foundation
}

#define LANES16 16

/// As compress_lanes, sixteen lanes in AVX-512 registers, whose rotations and three-input
/// logic (Ch, Maj, the sums of three rotations) are one instruction each.
__attribute__((target("avx512f")))
static void compress_lanes16(uint32_t words[8][MAX_LANES], const uint8_t *blocks[MAX_LANES], const uint32_t k[64]) {
    // m[i][j] is word i of lane j's block (big-endian in the block).
    uint32_t m[16][LANES16] __attribute__((aligned(64)));
    for (int j = 0; j < LANES16; j++) {
        const uint8_t *block = blocks[j];
        for (int i = 0; i < 16; i++) {
            uint32_t v;
            memcpy(&v, block + 4 * i, 4);
            m[i][j] = __builtin_bswap32(v);
        }
    }
    __m512i w[16];
    for (int i = 0; i < 16; i++) w[i] = _mm512_load_si512((const void *)m[i]);

    __m512i s[8];
    for (int i = 0; i < 8; i++) s[i] = _mm512_load_si512((const void *)words[i]);
    __m512i a = s[0], b = s[1], c = s[2], d = s[3], e = s[4], f = s[5], g = s[6], h = s[7];
    for (int t = 0; t < 64; t++) {
        if (t >= 16) {
            __m512i w2 = w[(t - 2) & 15], w15 = w[(t - 15) & 15];
            __m512i s1 = _mm512_ternarylogic_epi32(_mm512_ror_epi32(w2, 17), _mm512_ror_epi32(w2, 19),
                                                   _mm512_srli_epi32(w2, 10), 0x96);
            __m512i s0 = _mm512_ternarylogic_epi32(_mm512_ror_epi32(w15, 7), _mm512_ror_epi32(w15, 18),
                                                   _mm512_srli_epi32(w15, 3), 0x96);
            w[t & 15] = _mm512_add_epi32(_mm512_add_epi32(w[t & 15], s0), _mm512_add_epi32(w[(t - 7) & 15], s1));
        }
        __m512i sigma1 = _mm512_ternarylogic_epi32(_mm512_ror_epi32(e, 6), _mm512_ror_epi32(e, 11),
                                                   _mm512_ror_epi32(e, 25), 0x96);
        __m512i ch = _mm512_ternarylogic_epi32(e, f, g, 0xCA);  // e ? f : g
        __m512i t1 = _mm512_add_epi32(_mm512_add_epi32(h, sigma1),
                                      _mm512_add_epi32(_mm512_add_epi32(ch, w[t & 15]), _mm512_set1_epi32((int)k[t])));
        __m512i sigma0 = _mm512_ternarylogic_epi32(_mm512_ror_epi32(a, 2), _mm512_ror_epi32(a, 13),
                                                   _mm512_ror_epi32(a, 22), 0x96);
        __m512i maj = _mm512_ternarylogic_epi32(a, b, c, 0xE8);  // two of three
        __m512i t2 = _mm512_add_epi32(sigma0, maj);
        h = g; g = f; f = e; e = _mm512_add_epi32(d, t1);
        d = c; c = b; b = a; a = _mm512_add_epi32(t1, t2);
    }
    const __m512i done[8] = {a, b, c, d, e, f, g, h};
    for (int i = 0; i < 8; i++) _mm512_store_si512((void *)words[i], _mm512_add_epi32(s[i], done[i]));
}

void sha_lanes16_hash(const uint8_t *base, const uint64_t *starts, const uint64_t *lengths, size_t count,
                      const uint32_t initial[8], const uint32_t k[64], uint32_t *states) {
    run_lanes(LANES16, compress_lanes16, base, starts, lengths, count, initial, k, states);
}

// Two messages side by side with the SHA extensions. One message at a time, each pair of
// sha256rnds2 waits for the one before (on an AMD EPYC: 1.3 GB/s a core); a second message's
// rounds run in those waits (2.1 GB/s). Each lane's state is kept as the instructions want
// it, ABEF and CDGH, from its first block to its last.

/// Compresses `blocks` consecutive blocks at `a` into `sa` and as many at `b` into `sb`,
/// the two messages' rounds interleaved.
__attribute__((target("sha,ssse3,sse4.1")))
static void pair_compress(SHAState *sa, const uint8_t *a, SHAState *sb, const uint8_t *b, size_t blocks,
                          const uint32_t k[64]) {
    const __m128i order = _mm_set_epi64x(0x0c0d0e0f08090a0bULL, 0x0405060700010203ULL);
    __m128i abefA = sa->abef, cdghA = sa->cdgh;
    __m128i abefB = sb->abef, cdghB = sb->cdgh;
    for (; blocks > 0; blocks--, a += 64, b += 64) {
        const __m128i abefA0 = abefA, cdghA0 = cdghA, abefB0 = abefB, cdghB0 = cdghB;
        __m128i wa[4], wb[4];
        for (int i = 0; i < 16; i++) {
            if (i < 4) {
                wa[i] = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(a + 16 * i)), order);
                wb[i] = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(b + 16 * i)), order);
            } else {
                __m128i t = _mm_sha256msg1_epu32(wa[i & 3], wa[(i + 1) & 3]);
                t = _mm_add_epi32(t, _mm_alignr_epi8(wa[(i + 3) & 3], wa[(i + 2) & 3], 4));
                wa[i & 3] = _mm_sha256msg2_epu32(t, wa[(i + 3) & 3]);
                __m128i u = _mm_sha256msg1_epu32(wb[i & 3], wb[(i + 1) & 3]);
                u = _mm_add_epi32(u, _mm_alignr_epi8(wb[(i + 3) & 3], wb[(i + 2) & 3], 4));
                wb[i & 3] = _mm_sha256msg2_epu32(u, wb[(i + 3) & 3]);
            }
            __m128i kk = _mm_loadu_si128((const __m128i *)&k[4 * i]);
            __m128i ka = _mm_add_epi32(wa[i & 3], kk), kb = _mm_add_epi32(wb[i & 3], kk);
            cdghA = _mm_sha256rnds2_epu32(cdghA, abefA, ka);
            cdghB = _mm_sha256rnds2_epu32(cdghB, abefB, kb);
            abefA = _mm_sha256rnds2_epu32(abefA, cdghA, _mm_shuffle_epi32(ka, 0x0E));
            abefB = _mm_sha256rnds2_epu32(abefB, cdghB, _mm_shuffle_epi32(kb, 0x0E));
        }
        abefA = _mm_add_epi32(abefA, abefA0);
        cdghA = _mm_add_epi32(cdghA, cdghA0);
        abefB = _mm_add_epi32(abefB, abefB0);
        cdghB = _mm_add_epi32(cdghB, cdghB0);
    }
    sa->abef = abefA;
    sa->cdgh = cdghA;
    sb->abef = abefB;
    sb->cdgh = cdghB;
}

/// Where a lane's next block is, and how many blocks from there are consecutive in place
/// (its whole blocks, or one block of its tail).
static inline const uint8_t *pair_next(const Lane *lane, size_t *run) {
    if (lane->whole > 0) {
        *run = lane->whole;
        return lane->data;
    }
    *run = 1;
    return lane->tail + 64 * lane->tailDone;
}

/// Moves a lane on by `blocks` blocks of what `pair_next` gave; answers whether its message
/// is done.
static inline int pair_advance(Lane *lane, size_t blocks) {
    if (lane->whole > 0) {
        lane->data += 64 * blocks;
        lane->whole -= blocks;
        return 0;
    }
    return ++lane->tailDone == lane->tailBlocks;
}

__attribute__((target("sha,ssse3,sse4.1")))
void sha_pairs_hash(const uint8_t *base, const uint64_t *starts, const uint64_t *lengths, size_t count,
                    const uint32_t initial[8], const uint32_t k[64], uint32_t *states) {
    Lane lanes[2];
    SHAState state[2];
    size_t next = 0, busy = 0;
    for (int j = 0; j < 2; j++) {
        state[j] = sha_state_load(initial);
        busy += lane_take(&lanes[j], base, starts, lengths, count, &next);
    }
    while (busy > 0) {
        int both = lanes[0].message != SIZE_MAX && lanes[1].message != SIZE_MAX;
        size_t runA = 0, runB = 0;
        if (both) {
            const uint8_t *a = pair_next(&lanes[0], &runA), *b = pair_next(&lanes[1], &runB);
            size_t blocks = runA < runB ? runA : runB;
            pair_compress(&state[0], a, &state[1], b, blocks, k);
            runA = runB = blocks;
        } else {
            int j = lanes[0].message != SIZE_MAX ? 0 : 1;
            size_t run;
            const uint8_t *a = pair_next(&lanes[j], &run);
            // One message alone (the last of a batch): the single-message routine, on the
            // state in its own layout.
            uint32_t h[8];
            sha_state_store(state[j], h);
            sha_extensions_compress(h, a, run, k);
            state[j] = sha_state_load(h);
            if (j == 0) runA = run; else runB = run;
        }
        for (int j = 0; j < 2; j++) {
            Lane *lane = &lanes[j];
            size_t run = j == 0 ? runA : runB;
            if (lane->message == SIZE_MAX || run == 0 || !pair_advance(lane, run)) continue;
            // Done: hand the state out, take the next message.
            sha_state_store(state[j], states + 8 * lane->message);
            state[j] = sha_state_load(initial);
            if (!lane_take(lane, base, starts, lengths, count, &next)) busy--;
        }
    }
}

#else

int sha_lanes_available(void) { return 0; }

int sha_lanes16_available(void) { return 0; }

void sha_pairs_hash(const uint8_t *base, const uint64_t *starts, const uint64_t *lengths, size_t count,
                    const uint32_t initial[8], const uint32_t k[64], uint32_t *states) {
    (void)base; (void)starts; (void)lengths; (void)count; (void)initial; (void)k; (void)states;
}

void sha_lanes16_hash(const uint8_t *base, const uint64_t *starts, const uint64_t *lengths, size_t count,
                      const uint32_t initial[8], const uint32_t k[64], uint32_t *states) {
    (void)base; (void)starts; (void)lengths; (void)count; (void)initial; (void)k; (void)states;
}

void sha_lanes_hash(const uint8_t *base, const uint64_t *starts, const uint64_t *lengths, size_t count,
                    const uint32_t initial[8], const uint32_t k[64], uint32_t *states) {
    (void)base; (void)starts; (void)lengths; (void)count; (void)initial; (void)k; (void)states;
}

#endif
