// SHA-256 with the x86-64 SHA extensions: four rounds per pair of sha256rnds2
// instructions, the message schedule by sha256msg1/sha256msg2. Checked against the
// portable Swift compression on the NIST vectors and random inputs (SHA256Tests).
#include "SHAExtensions.h"

#if defined(__x86_64__)
#include <cpuid.h>
#include <immintrin.h>
#include "SHAState.h"

int sha_extensions_available(void) {
    unsigned a, b, c, d;
    if (!__get_cpuid(1, &a, &b, &c, &d)) return 0;
    int ssse3 = (c >> 9) & 1, sse41 = (c >> 19) & 1;
    if (!__get_cpuid_count(7, 0, &a, &b, &c, &d)) return 0;
    int sha = (b >> 29) & 1;
    return ssse3 && sse41 && sha;
}

__attribute__((target("sha,ssse3,sse4.1")))
void sha_extensions_compress(uint32_t state[8], const uint8_t *data, size_t blocks, const uint32_t k[64]) {
    // Big-endian words: reverse the bytes of each 32-bit lane.
    const __m128i order = _mm_set_epi64x(0x0c0d0e0f08090a0bULL, 0x0405060700010203ULL);

    // The instructions keep the state as ABEF and CDGH.
    SHAState s = sha_state_load(state);
    __m128i abef = s.abef, cdgh = s.cdgh;

    for (; blocks > 0; blocks--, data += 64) {
        const __m128i abef0 = abef, cdgh0 = cdgh;
        // w[i & 3] holds W[4i…4i+3].
        __m128i w[4];
        for (int i = 0; i < 16; i++) {
            if (i < 4) {
                w[i] = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(data + 16 * i)), order);
            } else {
                // W[t] = σ1(W[t-2]) + W[t-7] + σ0(W[t-15]) + W[t-16], four words at a time.
                __m128i t = _mm_sha256msg1_epu32(w[i & 3], w[(i + 1) & 3]);
                t = _mm_add_epi32(t, _mm_alignr_epi8(w[(i + 3) & 3], w[(i + 2) & 3], 4));
                w[i & 3] = _mm_sha256msg2_epu32(t, w[(i + 3) & 3]);
            }
            __m128i kw = _mm_add_epi32(w[i & 3], _mm_loadu_si128((const __m128i *)&k[4 * i]));
            cdgh = _mm_sha256rnds2_epu32(cdgh, abef, kw);
            abef = _mm_sha256rnds2_epu32(abef, cdgh, _mm_shuffle_epi32(kw, 0x0E));
        }
        abef = _mm_add_epi32(abef, abef0);
        cdgh = _mm_add_epi32(cdgh, cdgh0);
    }

    // Back to A…H.
    s.abef = abef;
    s.cdgh = cdgh;
    sha_state_store(s, state);
}

#else

int sha_extensions_available(void) { return 0; }

void sha_extensions_compress(uint32_t state[8], const uint8_t *data, size_t blocks, const uint32_t k[64]) {
    (void)state; (void)data; (void)blocks; (void)k;
}

#endif
