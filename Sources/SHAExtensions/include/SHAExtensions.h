// SHA-256 with x86-64 instructions Swift cannot reach itself, for the Ledger module's
// SHA256: block compression with the SHA extensions (SHA-NI), and many short messages
// hashed side by side with AVX2 where those extensions are missing, or with AVX-512.
#ifndef SHA_EXTENSIONS_H
#define SHA_EXTENSIONS_H

#include <stddef.h>
#include <stdint.h>

/// 1 when this processor has the SHA extensions (with SSSE3 and SSE4.1), else 0.
int sha_extensions_available(void);

/// Compresses `blocks` consecutive 64-byte blocks at `data` (any alignment) into the eight
/// working hash values `state` (FIPS 180-4 §6.2.2), with `k` the 64 round constants (the
/// Swift side's table, so there is one). Call only when sha_extensions_available().
void sha_extensions_compress(uint32_t state[8], const uint8_t *data, size_t blocks, const uint32_t k[64]);

/// 1 when this processor has AVX2 and the system saves its registers, else 0.
int sha_lanes_available(void);

/// Hashes `count` messages, eight at a time side by side: message `i` is the `lengths[i]`
/// bytes at `base + starts[i]`. Writes its eight final hash values H0…H7 (FIPS 180-4
/// §6.2.2, the digest's words, host byte order) at `states + 8 * i`. `initial` is H(0) and
/// `k` the 64 round constants (the Swift side's tables, so there is one of each). Call only
/// when sha_lanes_available().
void sha_lanes_hash(const uint8_t *base, const uint64_t *starts, const uint64_t *lengths, size_t count,
                    const uint32_t initial[8], const uint32_t k[64], uint32_t *states);

/// 1 when this processor has AVX-512 (its foundation) and the system saves its registers,
/// else 0.
int sha_lanes16_available(void);

/// As sha_lanes_hash, sixteen messages at a time, with AVX-512. Call only when
/// sha_lanes16_available().
void sha_lanes16_hash(const uint8_t *base, const uint64_t *starts, const uint64_t *lengths, size_t count,
                      const uint32_t initial[8], const uint32_t k[64], uint32_t *states);

/// As sha_lanes_hash, two messages at a time, with the SHA extensions (their rounds
/// interleaved). Call only when sha_extensions_available().
void sha_pairs_hash(const uint8_t *base, const uint64_t *starts, const uint64_t *lengths, size_t count,
                    const uint32_t initial[8], const uint32_t k[64], uint32_t *states);

#endif
