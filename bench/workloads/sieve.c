/* sieve: sieve of Eratosthenes over a byte array, repeated. Measures tight
 * loops with byte loads/stores and strided writes. */
#include <stdlib.h>

#include "workload.h"

static uint64_t sieve_once(uint8_t* composite, uint32_t limit) {
  memset(composite, 0, limit + 1);
  uint64_t count = 0, sum = 0;
  for (uint32_t i = 2; i <= limit; i++) {
    if (composite[i]) continue;
    count++;
    sum += i;
    for (uint64_t j = (uint64_t)i * i; j <= limit; j += i) composite[j] = 1;
  }
  return wl_mix(count, sum);
}

uint64_t workload_run(uint32_t size) {
  uint32_t limit = wl_pick(size, 400000, 2000000, 8000000);
  uint32_t reps = wl_pick(size, 8, 24, 36);
  uint8_t* composite = (uint8_t*)malloc(limit + 1);
  if (!composite) return 0;
  uint64_t hash = 0;
  /* Vary the limit per repetition so no repetition can be hoisted. */
  for (uint32_t r = 0; r < reps; r++) hash = wl_mix(hash, sieve_once(composite, limit - r * 7));
  free(composite);
  return hash;
}
