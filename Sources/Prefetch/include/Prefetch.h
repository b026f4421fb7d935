// A hint to the processor to start loading memory that will be read soon. Swift has no
// way to say this, and a plain load in its place would stall until the memory arrives.
#ifndef PREFETCH_H
#define PREFETCH_H

/// Starts loading the cache line holding `address` (any address: a hint never faults).
static inline void prefetch(const void *address) {
    __builtin_prefetch(address, 0, 3);
}

#endif
