/* matmul: dense double-precision matrix multiply (i-k-j order) of PRNG
 * matrices. Measures f64 multiply-add throughput and row-major streaming. */
#include <stdlib.h>

#include "workload.h"

static void multiply(const double* a, const double* b, double* c, uint32_t n) {
  memset(c, 0, sizeof(double) * n * n);
  for (uint32_t i = 0; i < n; i++) {
    double* c_row = c + (size_t)i * n;
    for (uint32_t k = 0; k < n; k++) {
      double a_ik = a[(size_t)i * n + k];
      const double* b_row = b + (size_t)k * n;
      for (uint32_t j = 0; j < n; j++) c_row[j] += a_ik * b_row[j];
    }
  }
}

uint64_t workload_run(uint32_t size) {
  /* Small is ~3 ms natively, not ~8: the unoptimized interpreter in the
   * smoke test is ~700x slower than native on this one. Large is 1300
   * (~1.3 s): 1400 took ~4.7 s, far off the n^3 curve (a cache-conflict
   * cliff on its row stride). */
  uint32_t n = wl_pick(size, 200, 640, 1300);
  size_t cells = (size_t)n * n;
  double* a = (double*)malloc(sizeof(double) * cells);
  double* b = (double*)malloc(sizeof(double) * cells);
  double* c = (double*)malloc(sizeof(double) * cells);
  if (!a || !b || !c) return 0;
  wl_rng rng;
  wl_rng_seed(&rng, 0x6d61746d756cull);
  for (size_t i = 0; i < cells; i++) a[i] = wl_rng_unit(&rng) - 0.5;
  for (size_t i = 0; i < cells; i++) b[i] = wl_rng_unit(&rng) - 0.5;
  multiply(a, b, c, n);
  /* Feed the product back once more so both passes are checked. */
  multiply(c, a, b, n);
  uint64_t hash = 0;
  for (size_t i = 0; i < cells; i += 7) hash = wl_mix_double(hash, b[i]);
  free(a);
  free(b);
  free(c);
  return hash;
}
