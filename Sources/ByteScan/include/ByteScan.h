// Finding where a JSON string stops, where an event id has a byte it may not, where free text
// has a byte to look at, and whether 64 bytes are hex digits: sixteen bytes at a time with
// SSE2 (every x86-64 processor has it), a byte at a time elsewhere.
// Swift has no portable way to turn a vector comparison into a bit mask, which is what
// makes this fast.
#ifndef BYTESCAN_H
#define BYTESCAN_H

#include <stddef.h>
#include <stdint.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "LineScan.h"

/// The offset of the first byte of `p[0..<n]` that a JSON string cannot hold as it is: a quote,
/// a backslash, a control byte (below 0x20) or a byte that is not ASCII (0x80 and above); `n`
/// if there is none.
static inline size_t byte_scan_string_stop(const uint8_t *p, size_t n) {
    size_t i = 0;
#if defined(__SSE2__)
    const __m128i quote = _mm_set1_epi8('"'), backslash = _mm_set1_epi8('\\'), space = _mm_set1_epi8(0x20);
    for (; i + 16 <= n; i += 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)(p + i));
        __m128i special = _mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, backslash));
        // As signed bytes, 0x80–0xFF are below 0x20 too.
        int mask = _mm_movemask_epi8(_mm_or_si128(special, _mm_cmplt_epi8(v, space)));
        if (mask != 0) return i + (size_t)__builtin_ctz((unsigned)mask);
    }
#endif
    for (; i < n; i++) {
        uint8_t c = p[i];
        if (c == '"' || c == '\\' || c < 0x20 || c >= 0x80) return i;
    }
    return n;
}

#if defined(__SSE2__)
/// The bytes of `v` that cannot be in an event id, as a bit mask (bit k: byte k).
static inline int byte_id_bad_mask(__m128i v) {
    // x ≤ k, unsigned, is min(x, k) == x. Setting bit 0x20 maps A–Z onto a–z and nothing
    // else onto them; '0'–'9' and ':' are 0x30–0x3A.
    __m128i letter = _mm_sub_epi8(_mm_or_si128(v, _mm_set1_epi8(0x20)), _mm_set1_epi8('a'));
    __m128i digit = _mm_sub_epi8(v, _mm_set1_epi8('0'));
    __m128i ok = _mm_or_si128(_mm_cmpeq_epi8(_mm_min_epu8(letter, _mm_set1_epi8(25)), letter),
                              _mm_cmpeq_epi8(_mm_min_epu8(digit, _mm_set1_epi8(10)), digit));
    ok = _mm_or_si128(ok, _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('.')),
                                       _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('_')), _mm_cmpeq_epi8(v, _mm_set1_epi8('-')))));
    return _mm_movemask_epi8(ok) ^ 0xFFFF;
}
#endif

/// The offset of the first byte of `p[0..<n]` that cannot be in an event id (anything but
/// `A-Z a-z 0-9 . _ : -`); `n` if there is none.
static inline size_t byte_scan_id_stop(const uint8_t *p, size_t n) {
    size_t i = 0;
#if defined(__SSE2__)
    for (; i + 16 <= n; i += 16) {
        int bad = byte_id_bad_mask(_mm_loadu_si128((const __m128i *)(p + i)));
        if (bad != 0) return i + (size_t)__builtin_ctz((unsigned)bad);
    }
    if (i < n && n >= 16) {
        // The last sixteen bytes read again where they overlap; those before `i` are checked.
        size_t at = n - 16;
        int bad = byte_id_bad_mask(_mm_loadu_si128((const __m128i *)(p + at))) >> (i - at);
        return bad != 0 ? i + (size_t)__builtin_ctz((unsigned)bad) : n;
    }
#endif
    for (; i < n; i++) {
        uint8_t c = p[i];
        uint8_t letter = (uint8_t)((c | 0x20) - 'a'), digit = (uint8_t)(c - '0');
        if (!(letter < 26 || digit < 11 || c == '.' || c == '_' || c == '-')) return i;
    }
    return n;
}

/// Whether the 64 bytes at `p` are lowercase hex digits (`0-9a-f`), sixteen at a time.
static inline int byte_is_hex64(const uint8_t *p) {
#if defined(__SSE2__)
    const __m128i zero = _mm_set1_epi8('0'), nine = _mm_set1_epi8(9), lower_a = _mm_set1_epi8('a'), five = _mm_set1_epi8(5);
    __m128i all = _mm_set1_epi8(-1);
    for (int k = 0; k < 64; k += 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)(p + k));
        __m128i digit = _mm_sub_epi8(v, zero), letter = _mm_sub_epi8(v, lower_a);
        __m128i ok = _mm_or_si128(_mm_cmpeq_epi8(_mm_min_epu8(digit, nine), digit),
                                  _mm_cmpeq_epi8(_mm_min_epu8(letter, five), letter));
        all = _mm_and_si128(all, ok);
    }
    return _mm_movemask_epi8(all) == 0xFFFF;
#else
    for (int k = 0; k < 64; k++) {
        uint8_t c = p[k];
        if (!((uint8_t)(c - '0') < 10 || (uint8_t)(c - 'a') < 6)) return 0;
    }
    return 1;
#endif
}

/// The offset of the first byte of `p[0..<n]` that is 0x7F or 0xC2 (the lead byte of
/// U+0080–U+00BF), sixteen at a time; `n` if there is none.
static inline size_t byte_scan_text_stop(const uint8_t *p, size_t n) {
    size_t i = 0;
#if defined(__SSE2__)
    const __m128i del = _mm_set1_epi8(0x7F), lead = _mm_set1_epi8((char)0xC2);
    for (; i + 16 <= n; i += 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)(p + i));
        int mask = _mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(v, del), _mm_cmpeq_epi8(v, lead)));
        if (mask != 0) return i + (size_t)__builtin_ctz((unsigned)mask);
    }
    if (i < n && n >= 16) {
        // The last sixteen read again where they overlap; bytes before `i` are checked.
        size_t at = n - 16;
        __m128i v = _mm_loadu_si128((const __m128i *)(p + at));
        int mask = _mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(v, del), _mm_cmpeq_epi8(v, lead))) >> (i - at);
        return mask != 0 ? i + (size_t)__builtin_ctz((unsigned)mask) : n;
    }
#endif
    for (; i < n; i++) {
        if (p[i] == 0x7F || p[i] == 0xC2) return i;
    }
    return n;
}

#endif
