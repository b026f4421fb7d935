// Words written by one thread and read by others without a lock: a reader that sees the
// word also sees everything its writer wrote before it (release and acquire ordering).
// Swift's own atomics cannot live in a plain block of memory shared this way.
#ifndef PUBLISHED_H
#define PUBLISHED_H

#include <stdint.h>

/// The word at `address`, and what was written before it was stored.
static inline uint64_t published_load(const uint64_t *address) {
    return __atomic_load_n(address, __ATOMIC_ACQUIRE);
}

/// Stores `value` at `address` after everything written before.
static inline void published_store(uint64_t *address, uint64_t value) {
    __atomic_store_n(address, value, __ATOMIC_RELEASE);
}

#endif
