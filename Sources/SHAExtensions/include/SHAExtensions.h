// SHA-256 block compression with the x86-64 SHA extensions (SHA-NI), for the Ledger
// module's SHA256. Swift cannot reach these instructions itself, so this one routine is C.
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

#endif
