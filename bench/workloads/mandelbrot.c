/* mandelbrot: escape-time iteration over a grid of the complex plane.
 * Measures f64 multiply/add in a data-dependent loop with compares. */
#include "workload.h"

static uint32_t escape_time(double cr, double ci, uint32_t max_iter) {
  double zr = 0, zi = 0;
  uint32_t it = 0;
  while (it < max_iter) {
    double zr2 = zr * zr, zi2 = zi * zi;
    if (zr2 + zi2 > 4.0) break;
    zi = 2.0 * zr * zi + ci;
    zr = zr2 - zi2 + cr;
    it++;
  }
  return it;
}

uint64_t workload_run(uint32_t size) {
  uint32_t dim = wl_pick(size, 250, 980, 3100);
  uint32_t max_iter = 200;
  uint64_t hash = 0, total = 0;
  for (uint32_t y = 0; y < dim; y++) {
    double ci = -1.25 + 2.5 * (double)y / dim;
    uint64_t row = 0;
    for (uint32_t x = 0; x < dim; x++) {
      double cr = -2.0 + 2.5 * (double)x / dim;
      uint32_t it = escape_time(cr, ci, max_iter);
      row = row * 31 + it;
      total += it;
    }
    hash = wl_mix(hash, row);
  }
  return wl_mix(hash, total);
}
