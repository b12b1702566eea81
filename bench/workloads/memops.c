/* memops: memcpy/memmove/memset-heavy traffic over a PRNG-chosen mix of
 * sizes and (mis)alignments in a buffer. Measures wasi-libc's memory
 * routines (bulk-memory is off, so these are loops in wasm). */
#include <stdlib.h>

#include "workload.h"

uint64_t workload_run(uint32_t size) {
  const uint32_t kBuffer = 1u << 20;
  /* Small is ~3 ms natively, not ~8: the unoptimized interpreter in the
   * smoke test is ~800x slower than native on this one. */
  uint32_t ops = wl_pick(size, 60000, 2500000, 26000000);
  uint8_t* buf = (uint8_t*)malloc(kBuffer);
  if (!buf) return 0;
  wl_rng rng;
  wl_rng_seed(&rng, 0x6d656d6f7073ull);
  for (uint32_t i = 0; i < kBuffer; i++) buf[i] = (uint8_t)(i * 7 + (i >> 9));
  uint64_t hash = 0;
  for (uint32_t i = 0; i < ops; i++) {
    uint32_t kind = wl_rng_below(&rng, 8);
    /* Mostly short copies as in real code, with a tail of long ones. */
    uint32_t len = kind < 6 ? 1 + wl_rng_below(&rng, 256) : 1 + wl_rng_below(&rng, 16384);
    uint32_t src = wl_rng_below(&rng, kBuffer - len);
    uint32_t dst = wl_rng_below(&rng, kBuffer - len);
    switch (kind & 3) {
      case 0:
      case 1:
        memmove(buf + dst, buf + src, len);  /* may overlap */
        break;
      case 2:
        memset(buf + dst, (int)(i & 0xff), len);
        break;
      default:
        if (src + len <= dst || dst + len <= src) memcpy(buf + dst, buf + src, len);
        else memmove(buf + dst, buf + src, len);
        break;
    }
    hash += buf[dst + len / 2] + buf[src];
  }
  for (uint32_t i = 0; i < kBuffer; i += 4093) hash = wl_mix(hash, buf[i]);
  free(buf);
  return hash;
}
