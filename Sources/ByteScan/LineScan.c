// See LineScan.h.
#include "LineScan.h"
#include <stdlib.h>
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#if defined(__x86_64__)
#include <cpuid.h>
#include <immintrin.h>
#endif

// A perfect hash of the keys: the first two bytes, the last and the length, times a constant
// found by search, top six bits. Every key lands in a cell of its own, which holds its bytes
// (zero after them), its length and its slot: 0–7 the envelope, then 8 + the raw value of
// Swift's `FieldName` (LineScanTests checks that every key finds its slot). Other cells are
// zero: a length no key has.
typedef struct {
    uint8_t bytes[16];
    uint8_t length;
    int8_t slot;
} key_cell;

static const key_cell cells[64] = {
    [1] = { "managedBy", 9, 15 },
    [2] = { "role", 4, 28 },
    [3] = { "into", 4, 20 },
    [5] = { "source", 6, 5 },
    [8] = { "recorded", 8, 3 },
    [11] = { "format", 6, 8 },
    [15] = { "prev", 4, 7 },
    [16] = { "note", 4, 6 },
    [17] = { "every", 5, 26 },
    [18] = { "kind", 4, 12 },
    [20] = { "milestone", 9, 30 },
    [21] = { "by", 2, 4 },
    [22] = { "set", 3, 32 },
    [23] = { "reason", 6, 33 },
    [26] = { "applies", 7, 23 },
    [27] = { "member", 6, 10 },
    [28] = { "founded", 7, 13 },
    [29] = { "rules", 5, 25 },
    [30] = { "network", 7, 9 },
    [31] = { "id", 2, 1 },
    [34] = { "type", 4, 2 },
    [35] = { "country", 7, 18 },
    [36] = { "target", 6, 31 },
    [37] = { "cohort", 6, 29 },
    [44] = { "url", 3, 16 },
    [47] = { "description", 11, 17 },
    [50] = { "population", 10, 19 },
    [52] = { "seq", 3, 0 },
    [54] = { "successor", 9, 22 },
    [57] = { "name", 4, 11 },
    [59] = { "scope", 5, 14 },
    [60] = { "date", 4, 21 },
    [62] = { "badge", 5, 27 },
    [63] = { "title", 5, 24 },
};

static inline uint32_t key_hash(const uint8_t *k, size_t n) {
    uint32_t word = (uint32_t)k[0] | (uint32_t)k[1] << 8 | (uint32_t)k[n - 1] << 16 | (uint32_t)n << 24;
    return (uint32_t)(word * 0x324f826du) >> 26;
}

// The slot of the key `k[0..<n]`, or -1; `room` bytes may be read from `k` (at least n).
static inline int key_slot(const uint8_t *k, size_t n, size_t room) {
    if (n < 2 || n > 11) return -1;
    const key_cell *cell = &cells[key_hash(k, n)];
    if (cell->length != n) return -1;
#if defined(__SSE2__)
    if (room >= 16) {
        __m128i same = _mm_cmpeq_epi8(_mm_loadu_si128((const __m128i *)k), _mm_loadu_si128((const __m128i *)cell->bytes));
        uint32_t want = (1u << n) - 1;
        return ((uint32_t)_mm_movemask_epi8(same) & want) == want ? cell->slot : -1;
    }
#endif
    return memcmp(k, cell->bytes, n) == 0 ? cell->slot : -1;
}

int line_scan_key_slot(const uint8_t *k, size_t n) { return key_slot(k, n, n); }

// Lines up to this many 64-byte blocks keep their marks on the stack; longer ones (rare: free
// text is at most 2,000 bytes a field) on the heap.
enum { STACK_BLOCKS = 32 };

// The marks of a line, a bit a byte in 64-bit words: `stops`, every quote, backslash and
// control byte (below 0x20); `high`, every byte of 0x80 or above. Answers whether any byte is
// 0x80 or above. Sixteen bytes at a time (SSE2, every x86-64).
static int mark_narrow(const uint8_t *b, size_t n, uint64_t *stops, uint64_t *high) {
    uint64_t any_high = 0;
    size_t i = 0;
#if defined(__SSE2__)
    const __m128i quote = _mm_set1_epi8('"'), backslash = _mm_set1_epi8('\\'), controls = _mm_set1_epi8(0x1F);
    // x ≤ 0x1F, unsigned, is min(x, 0x1F) == x.
#define STOPS(v) (uint64_t)(uint16_t)_mm_movemask_epi8(_mm_or_si128( \
        _mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, backslash)), _mm_cmpeq_epi8(_mm_min_epu8(v, controls), v)))
    // Whole blocks of 64 bytes.
    for (; i + 64 <= n; i += 64) {
        __m128i v0 = _mm_loadu_si128((const __m128i *)(b + i)), v1 = _mm_loadu_si128((const __m128i *)(b + i + 16));
        __m128i v2 = _mm_loadu_si128((const __m128i *)(b + i + 32)), v3 = _mm_loadu_si128((const __m128i *)(b + i + 48));
        stops[i >> 6] = STOPS(v0) | STOPS(v1) << 16 | STOPS(v2) << 32 | STOPS(v3) << 48;
        uint64_t h = (uint64_t)(uint16_t)_mm_movemask_epi8(v0) | (uint64_t)(uint16_t)_mm_movemask_epi8(v1) << 16
                   | (uint64_t)(uint16_t)_mm_movemask_epi8(v2) << 32 | (uint64_t)(uint16_t)_mm_movemask_epi8(v3) << 48;
        high[i >> 6] = h;
        any_high |= h;
    }
    if (i < n && n >= 16) {
        // The last, partial block: sixteen bytes at a time, the last sixteen of the line read
        // again where they overlap (the bits of bytes before `k` shifted out).
        uint64_t s = 0, h = 0;
        for (size_t k = i; k < n; k += 16) {
            size_t at = k + 16 <= n ? k : n - 16;
            __m128i v = _mm_loadu_si128((const __m128i *)(b + at));
            s |= (STOPS(v) >> (k - at)) << (k - i);
            h |= ((uint64_t)(uint16_t)_mm_movemask_epi8(v) >> (k - at)) << (k - i);
        }
        stops[i >> 6] = s;
        high[i >> 6] = h;
        any_high |= h;
        i = n;
    }
#undef STOPS
#endif
    // A line under sixteen bytes (or no SSE2): a byte at a time.
    if (i < n) {
        for (size_t w = i >> 6; w <= (n - 1) >> 6; w++) { stops[w] = 0; high[w] = 0; }
        for (; i < n; i++) {
            uint8_t c = b[i];
            if (c == '"' || c == '\\' || c < 0x20) stops[i >> 6] |= (uint64_t)1 << (i & 63);
            if (c >= 0x80) { high[i >> 6] |= (uint64_t)1 << (i & 63); any_high = 1; }
        }
    }
    return any_high != 0;
}

#if defined(__x86_64__)
// The same marks thirty-two bytes at a time (AVX2), for a CPU that has it: half the vector
// steps of `mark_narrow`, whose marks it gives bit for bit (LineScanTests).
__attribute__((target("avx2")))
static int mark_wide(const uint8_t *b, size_t n, uint64_t *stops, uint64_t *high) {
    if (n < 32) return mark_narrow(b, n, stops, high);
    uint64_t any_high = 0;
    size_t i = 0;
    const __m256i quote = _mm256_set1_epi8('"'), backslash = _mm256_set1_epi8('\\'), controls = _mm256_set1_epi8(0x1F);
#define STOPS(v) (uint64_t)(uint32_t)_mm256_movemask_epi8(_mm256_or_si256( \
        _mm256_or_si256(_mm256_cmpeq_epi8(v, quote), _mm256_cmpeq_epi8(v, backslash)), \
        _mm256_cmpeq_epi8(_mm256_min_epu8(v, controls), v)))
#define HIGH(v) (uint64_t)(uint32_t)_mm256_movemask_epi8(v)
    for (; i + 64 <= n; i += 64) {
        __m256i v0 = _mm256_loadu_si256((const __m256i *)(b + i)), v1 = _mm256_loadu_si256((const __m256i *)(b + i + 32));
        stops[i >> 6] = STOPS(v0) | STOPS(v1) << 32;
        uint64_t h = HIGH(v0) | HIGH(v1) << 32;
        high[i >> 6] = h;
        any_high |= h;
    }
    if (i < n) {
        // The last, partial block: thirty-two bytes at a time, the last thirty-two of the
        // line read again where they overlap (n ≥ 32).
        uint64_t s = 0, h = 0;
        for (size_t k = i; k < n; k += 32) {
            size_t at = k + 32 <= n ? k : n - 32;
            __m256i v = _mm256_loadu_si256((const __m256i *)(b + at));
            s |= (STOPS(v) >> (k - at)) << (k - i);
            h |= (HIGH(v) >> (k - at)) << (k - i);
        }
        stops[i >> 6] = s;
        high[i >> 6] = h;
        any_high |= h;
    }
#undef STOPS
#undef HIGH
    return any_high != 0;
}

// Whether the CPU has AVX2 and the system saves its registers.
static int wide_available(void) {
    unsigned a, b, c, d;
    if (!__get_cpuid(1, &a, &b, &c, &d)) return 0;
    if (!((c >> 27) & 1) || !((c >> 28) & 1)) return 0;  // OSXSAVE, AVX
    unsigned lo, hi;
    __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
    if ((lo & 6) != 6) return 0;
    if (!__get_cpuid_count(7, 0, &a, &b, &c, &d)) return 0;
    return (b >> 5) & 1;
}
#endif

// 1: wide, 0: narrow, -1: not asked yet (asked once; two threads asking at once both find
// the same answer).
static int wide_marks = -1;

static int use_wide(void) {
#if defined(__x86_64__)
    int wide = __atomic_load_n(&wide_marks, __ATOMIC_RELAXED);
    if (wide < 0) {
        wide = wide_available();
        __atomic_store_n(&wide_marks, wide, __ATOMIC_RELAXED);
    }
    return wide;
#else
    return 0;
#endif
}

int line_scan_marks(const uint8_t *b, size_t n, uint64_t *stops, uint64_t *high, int wide) {
#if defined(__x86_64__)
    if (wide && use_wide()) return mark_wide(b, n, stops, high);
#endif
    return mark_narrow(b, n, stops, high);
}

int line_scan_wide_marks(void) { return use_wide(); }

// The offset of the first stop at or after `from`, or n.
static inline size_t next_stop(const uint64_t *stops, size_t n, size_t words, size_t from) {
    size_t w = from >> 6;
    if (w >= words) return n;
    uint64_t rest = stops[w] >> (from & 63);
    if (rest != 0) return from + (size_t)__builtin_ctzll(rest);
    for (w++; w < words; w++) {
        if (stops[w] != 0) return w * 64 + (size_t)__builtin_ctzll(stops[w]);
    }
    return n;
}

// Whether every byte of 0x80 or above (marked in `high`) starts or continues a well-formed
// UTF-8 sequence (RFC 3629: no overlong form, no surrogate, nothing past U+10FFFF).
static int valid_utf8(const uint8_t *b, size_t n, const uint64_t *high) {
    size_t words = (n + 63) / 64, next = 0;
    for (size_t w = 0; w < words; w++) {
        for (uint64_t h = high[w]; h != 0; h &= h - 1) {
            size_t i = w * 64 + (size_t)__builtin_ctzll(h);
            if (i < next) continue;  // a continuation byte of the sequence just read
            uint8_t c = b[i];
            size_t length;
            uint8_t low = 0x80, top = 0xBF;
            if (c >= 0xC2 && c <= 0xDF) length = 2;
            else if (c >= 0xE0 && c <= 0xEF) {
                length = 3;
                if (c == 0xE0) low = 0xA0;       // no overlong form
                if (c == 0xED) top = 0x9F;       // no surrogate
            } else if (c >= 0xF0 && c <= 0xF4) {
                length = 4;
                if (c == 0xF0) low = 0x90;       // no overlong form
                if (c == 0xF4) top = 0x8F;       // nothing past U+10FFFF
            } else return 0;
            if (i + length > n) return 0;
            if (b[i + 1] < low || b[i + 1] > top) return 0;
            for (size_t k = 2; k < length; k++) {
                if ((b[i + k] & 0xC0) != 0x80) return 0;
            }
            next = i + length;
        }
    }
    return 1;
}

static inline int hex_digit(uint8_t c) {
    if ((uint8_t)(c - '0') < 10) return c - '0';
    uint8_t lower = c | 0x20;
    if ((uint8_t)(lower - 'a') < 6) return lower - 'a' + 10;
    return -1;
}

static uint64_t scan(const uint8_t *b, size_t n, line_scan_value *values, const uint64_t *stops, const uint64_t *high, int any_high);

uint64_t line_scan_plain(const uint8_t *b, size_t n, line_scan_value *values) {
    if (n < 2 || n >= INT32_MAX || b[0] != '{' || b[n - 1] != '}' || b[1] == '}') return 0;
    size_t words = (n + 63) / 64;
    if (words <= STACK_BLOCKS) {
        uint64_t stops[STACK_BLOCKS], high[STACK_BLOCKS];
        int any_high = line_scan_marks(b, n, stops, high, 1);
        return scan(b, n, values, stops, high, any_high);
    }
    uint64_t *marks = malloc(2 * words * sizeof(uint64_t));
    if (marks == NULL) return 0;
    int any_high = line_scan_marks(b, n, marks, marks + words, 1);
    uint64_t present = scan(b, n, values, marks, marks + words, any_high);
    free(marks);
    return present;
}

// The end (the closing quote's offset) of the string whose content begins at `start`, with
// its form (`LINE_SCAN_STRING`, or `_ESCAPED` when it holds escapes) in `form`; 0 when it is
// not plain: unterminated, a raw control byte, an escape that is not JSON's, or a surrogate's
// (alone or in a pair: left to the general decoder).
static inline size_t string_end(const uint8_t *b, size_t n, const uint64_t *stops, size_t words, size_t start,
                                uint8_t *form) {
    size_t k = start;
    *form = LINE_SCAN_STRING;
    for (;;) {
        k = next_stop(stops, n, words, k);
        if (k >= n) return 0;
        uint8_t c = b[k];
        if (c == '"') return k;
        if (c < 0x20 || k + 1 >= n) return 0;
        switch (b[k + 1]) {
        case '"': case '\\': case '/': case 'b': case 'f': case 'n': case 'r': case 't':
            k += 2;
            break;
        case 'u': {
            if (k + 5 >= n) return 0;
            int d0 = hex_digit(b[k + 2]), d1 = hex_digit(b[k + 3]), d2 = hex_digit(b[k + 4]), d3 = hex_digit(b[k + 5]);
            if ((d0 | d1 | d2 | d3) < 0) return 0;
            int v = d0 << 12 | d1 << 8 | d2 << 4 | d3;
            if (v >= 0xD800 && v <= 0xDFFF) return 0;
            k += 6;
            break;
        }
        default:
            return 0;
        }
        *form = LINE_SCAN_ESCAPED;
    }
}

static uint64_t scan(const uint8_t *b, size_t n, line_scan_value *values, const uint64_t *stops, const uint64_t *high, int any_high) {
    if (any_high && !valid_utf8(b, n, high)) return 0;
    size_t words = (n + 63) / 64;
    uint64_t present = 0;
    size_t i = 1;
    for (;;) {
        // "key": ASCII (no key is other), no escape: it ends at the next stop, a quote.
        if (b[i] != '"') return 0;
        size_t key_start = i + 1;
        size_t j = next_stop(stops, n, words, key_start);
        if (j + 2 >= n || j == key_start || b[j] != '"' || b[j + 1] != ':') return 0;
        int slot = key_slot(b + key_start, j - key_start, n - key_start);
        if (slot < 0) return 0;
        i = j + 2;
        line_scan_value value;
        if (b[i] == '"') {
            uint8_t form;
            size_t k = string_end(b, n, stops, words, i + 1, &form);
            if (k == 0) return 0;
            value.start = (int32_t)(i + 1);
            value.end = (int32_t)k;
            value.form = form;
            i = k + 1;
        } else if (b[i] == '{' || b[i] == '[') {
            // An object or array (a correction's changes, a policy's rules): its extent only,
            // brackets counted outside its strings; what it holds is read by the JSON reader.
            size_t start = i;
            int depth = 0;
            for (;;) {
                if (i >= n) return 0;
                uint8_t c = b[i];
                if (c == '"') {
                    uint8_t form;
                    size_t k = string_end(b, n, stops, words, i + 1, &form);
                    if (k == 0) return 0;
                    i = k + 1;
                    continue;
                }
                if (c < 0x20) return 0;
                if (c == '{' || c == '[') depth++;
                else if (c == '}' || c == ']') depth--;
                i++;
                if (depth == 0) break;
            }
            value.start = (int32_t)start;
            value.end = (int32_t)i;
            value.form = LINE_SCAN_NESTED;
        } else if ((uint8_t)(b[i] - '0') < 10) {
            size_t start = i;
            while (i < n && (uint8_t)(b[i] - '0') < 10) i++;
            if (b[start] == '0' && i - start > 1) return 0;
            value.start = (int32_t)start;
            value.end = (int32_t)i;
            value.form = LINE_SCAN_NUMBER;
        } else {
            return 0;
        }
        uint64_t bit = (uint64_t)1 << slot;
        if (present & bit) return 0;
        present |= bit;
        values[slot] = value;
        if (i >= n) return 0;
        if (b[i] == ',') { i++; continue; }
        if (b[i] != '}' || i != n - 1) return 0;
        return present;
    }
}
