/* spectral_norm: the spectral norm of the infinite matrix
 * A(i,j) = 1/((i+j)(i+j+1)/2 + i + 1) truncated to n x n, by power
 * iteration. Measures f64 division and nested loops over small vectors. */
#include <math.h>
#include <stdlib.h>

#include "workload.h"

static inline double matrix_entry(uint32_t i, uint32_t j) {
  return 1.0 / ((double)(i + j) * (i + j + 1) / 2 + i + 1);
}

static void multiply_a(const double* v, double* out, uint32_t n) {
  for (uint32_t i = 0; i < n; i++) {
    double sum = 0;
    for (uint32_t j = 0; j < n; j++) sum += matrix_entry(i, j) * v[j];
    out[i] = sum;
  }
}

static void multiply_at(const double* v, double* out, uint32_t n) {
  for (uint32_t i = 0; i < n; i++) {
    double sum = 0;
    for (uint32_t j = 0; j < n; j++) sum += matrix_entry(j, i) * v[j];
    out[i] = sum;
  }
}

/* out = A^T A v */
static void multiply_ata(const double* v, double* out, double* tmp, uint32_t n) {
  multiply_a(v, tmp, n);
  multiply_at(tmp, out, n);
}

uint64_t workload_run(uint32_t size) {
  uint32_t n = wl_pick(size, 400, 1500, 4800);
  double* u = (double*)malloc(sizeof(double) * n);
  double* v = (double*)malloc(sizeof(double) * n);
  double* tmp = (double*)malloc(sizeof(double) * n);
  if (!u || !v || !tmp) return 0;
  for (uint32_t i = 0; i < n; i++) u[i] = 1.0;
  for (int iter = 0; iter < 10; iter++) {
    multiply_ata(u, v, tmp, n);
    multiply_ata(v, u, tmp, n);
  }
  double uv = 0, vv = 0;
  for (uint32_t i = 0; i < n; i++) {
    uv += u[i] * v[i];
    vv += v[i] * v[i];
  }
  uint64_t hash = wl_mix_double(0, sqrt(uv / vv));
  for (uint32_t i = 0; i < n; i += 17) hash = wl_mix_double(hash, u[i]);
  free(u);
  free(v);
  free(tmp);
  return hash;
}
