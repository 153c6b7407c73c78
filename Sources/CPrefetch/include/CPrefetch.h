// Software prefetch, which Swift has no spelling for: a hint to start
// loading the cache line holding `address` into every cache level, so that a
// load issued a little later finds it there. It changes no value, never
// faults (an address outside any mapping is simply ignored), and costs one
// instruction (x86 `prefetcht0`, Arm `prfm pldl1keep`).
//
// `static inline`: the Swift compiler imports the body and inlines it.
#ifndef GD_CPREFETCH_H
#define GD_CPREFETCH_H

static inline __attribute__((always_inline)) void gd_prefetch(const void *address) {
    __builtin_prefetch(address, 0, 3);
}

#endif
