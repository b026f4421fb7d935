// The working state of SHA-256 as the x86-64 SHA extensions keep it, and the way between
// it and the eight hash values H0…H7 (FIPS 180-4 §6.2.2). Shared by the one-message
// compression (SHAExtensions.c) and the two-message one (SHALanes.c); x86-64 only.
#ifndef SHA_STATE_H
#define SHA_STATE_H

#include <immintrin.h>
#include <stdint.h>

/// A state as the instructions want it: words A, B, E, F and C, D, G, H.
typedef struct {
    __m128i abef, cdgh;
} SHAState;

/// The state of the hash values `h` (H0…H7).
__attribute__((target("ssse3,sse4.1")))
static inline SHAState sha_state_load(const uint32_t h[8]) {
    __m128i dcba = _mm_loadu_si128((const __m128i *)&h[0]);
    __m128i hgfe = _mm_loadu_si128((const __m128i *)&h[4]);
    __m128i cdab = _mm_shuffle_epi32(dcba, 0xB1);
    __m128i efgh = _mm_shuffle_epi32(hgfe, 0x1B);
    SHAState s = { _mm_alignr_epi8(cdab, efgh, 8), _mm_blend_epi16(efgh, cdab, 0xF0) };
    return s;
}

/// Writes the hash values H0…H7 of `s` to `h`.
__attribute__((target("ssse3,sse4.1")))
static inline void sha_state_store(SHAState s, uint32_t h[8]) {
    __m128i feba = _mm_shuffle_epi32(s.abef, 0x1B);
    __m128i dchg = _mm_shuffle_epi32(s.cdgh, 0xB1);
    _mm_storeu_si128((__m128i *)&h[0], _mm_blend_epi16(feba, dchg, 0xF0));
    _mm_storeu_si128((__m128i *)&h[4], _mm_alignr_epi8(dchg, feba, 8));
}

#endif
