/* fib: naive doubly-recursive Fibonacci. Measures call/return overhead and
 * small frames; almost no memory traffic. */
#include "workload.h"

/* noinline keeps the recursion a real call chain at -O2 on every target. */
static __attribute__((noinline)) uint32_t fib(uint32_t n) {
  return n < 2 ? n : fib(n - 1) + fib(n - 2);
}

uint64_t workload_run(uint32_t size) {
  uint32_t top = wl_pick(size, 31, 37, 42);
  uint64_t hash = 0;
  /* Several depths so the checksum covers more than one value. */
  for (uint32_t n = top - 3; n <= top; n++) hash = wl_mix(hash, fib(n));
  return hash;
}
