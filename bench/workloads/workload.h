/* Shared helpers for the bundled C workloads (bench/workloads/): a
 * deterministic PRNG and checksum mixing. Everything is static inline so each
 * workload stays one self-contained translation unit (native and wasm32). */
#ifndef WASMTIER_BENCH_WORKLOADS_WORKLOAD_H_
#define WASMTIER_BENCH_WORKLOADS_WORKLOAD_H_

#include <stdint.h>
#include <string.h>

/* Every workload defines this; the native library build renames it with
 * -Dworkload_run=<name>_workload_run so all of them link into one binary. */
uint64_t workload_run(uint32_t size);

/* Picks the parameter for size 0 (small), 1 (medium), 2 (large); anything
 * larger is treated as large. */
static inline uint32_t wl_pick(uint32_t size, uint32_t small, uint32_t medium,
                               uint32_t large) {
  return size == 0 ? small : size == 1 ? medium : large;
}

/* xorshift64*: cheap, good enough for test data, identical on every target. */
typedef struct {
  uint64_t state;
} wl_rng;

static inline void wl_rng_seed(wl_rng* rng, uint64_t seed) {
  rng->state = seed ? seed : 0x9e3779b97f4a7c15ull;
}

static inline uint64_t wl_rng_next(wl_rng* rng) {
  uint64_t x = rng->state;
  x ^= x >> 12;
  x ^= x << 25;
  x ^= x >> 27;
  rng->state = x;
  return x * 0x2545f4914f6cdd1dull;
}

static inline uint32_t wl_rng_u32(wl_rng* rng) { return (uint32_t)(wl_rng_next(rng) >> 32); }

/* Uniform in [0, bound) (bound > 0); the slight modulo bias is irrelevant here. */
static inline uint32_t wl_rng_below(wl_rng* rng, uint32_t bound) {
  return (uint32_t)(((uint64_t)wl_rng_u32(rng) * bound) >> 32);
}

/* Uniform double in [0, 1) from 53 random bits. */
static inline double wl_rng_unit(wl_rng* rng) {
  return (double)(wl_rng_next(rng) >> 11) * (1.0 / 9007199254740992.0);
}

/* Order-sensitive checksum accumulation (a 64-bit multiply-xorshift mix). */
static inline uint64_t wl_mix(uint64_t hash, uint64_t value) {
  hash ^= value + 0x9e3779b97f4a7c15ull + (hash << 6) + (hash >> 2);
  hash *= 0xff51afd7ed558ccdull;
  return hash ^ (hash >> 33);
}

/* Mixes a double's exact bit pattern: native and wasm must agree bit for bit
 * (no FMA contraction, no fast-math, only sqrt from libm). */
static inline uint64_t wl_mix_double(uint64_t hash, double value) {
  uint64_t bits;
  memcpy(&bits, &value, sizeof bits);
  return wl_mix(hash, bits);
}

#endif /* WASMTIER_BENCH_WORKLOADS_WORKLOAD_H_ */
