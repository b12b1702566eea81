/* quicksort: an own median-of-three quicksort with an insertion-sort cutoff
 * over PRNG uint32 arrays, then a sortedness check. Measures compares,
 * swaps, recursion and unpredictable branches. */
#include <stdlib.h>

#include "workload.h"

static void insertion_sort(uint32_t* a, int32_t lo, int32_t hi) {
  for (int32_t i = lo + 1; i <= hi; i++) {
    uint32_t v = a[i];
    int32_t j = i - 1;
    while (j >= lo && a[j] > v) {
      a[j + 1] = a[j];
      j--;
    }
    a[j + 1] = v;
  }
}

static inline void swap(uint32_t* a, int32_t i, int32_t j) {
  uint32_t t = a[i];
  a[i] = a[j];
  a[j] = t;
}

static void quicksort(uint32_t* a, int32_t lo, int32_t hi) {
  /* Recurse on the smaller side and loop on the larger: O(log n) depth. */
  while (hi - lo > 16) {
    int32_t mid = lo + (hi - lo) / 2;
    if (a[mid] < a[lo]) swap(a, mid, lo);
    if (a[hi] < a[lo]) swap(a, hi, lo);
    if (a[hi] < a[mid]) swap(a, hi, mid);
    uint32_t pivot = a[mid];
    int32_t i = lo, j = hi;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) swap(a, i++, j--);
    }
    if (j - lo < hi - i) {
      quicksort(a, lo, j);
      lo = i;
    } else {
      quicksort(a, i, hi);
      hi = j;
    }
  }
  insertion_sort(a, lo, hi);
}

uint64_t workload_run(uint32_t size) {
  uint32_t n = wl_pick(size, 100000, 1000000, 6000000);
  uint32_t rounds = wl_pick(size, 2, 2, 3);
  uint32_t* a = (uint32_t*)malloc(sizeof(uint32_t) * n);
  if (!a) return 0;
  wl_rng rng;
  wl_rng_seed(&rng, 0x71736f7274ull);
  uint64_t hash = 0;
  for (uint32_t r = 0; r < rounds; r++) {
    /* Round 1+ has many duplicates (small value range). */
    uint32_t range = r == 0 ? 0xffffffffu : 1000;
    for (uint32_t i = 0; i < n; i++) a[i] = r == 0 ? wl_rng_u32(&rng) : wl_rng_below(&rng, range);
    quicksort(a, 0, (int32_t)n - 1);
    for (uint32_t i = 1; i < n; i++) {
      if (a[i - 1] > a[i]) return 0xbad0bad0bad0bad0ull;
    }
    for (uint32_t i = 0; i < n; i += 97) hash = wl_mix(hash, a[i]);
  }
  free(a);
  return hash;
}
