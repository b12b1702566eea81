/* int64: 64-bit integer multiply, divide and modulo heavy: modular
 * exponentiation (Miller-Rabin), gcd, and digit sums by division. Measures
 * i64.mul / i64.div_u / i64.rem_u / i64.div_s throughput. */
#include "workload.h"

/* a * b mod m for m < 2^32: the product fits in 64 bits. */
static inline uint64_t mulmod(uint64_t a, uint64_t b, uint64_t m) { return a * b % m; }

static uint64_t powmod(uint64_t base, uint64_t exp, uint64_t m) {
  uint64_t result = 1 % m;
  base %= m;
  while (exp) {
    if (exp & 1) result = mulmod(result, base, m);
    base = mulmod(base, base, m);
    exp >>= 1;
  }
  return result;
}

/* Deterministic Miller-Rabin, exact for n < 2^32 with bases 2, 7, 61. */
static int is_prime(uint64_t n) {
  if (n < 2) return 0;
  if (n % 2 == 0) return n == 2;
  uint64_t d = n - 1;
  int r = 0;
  while ((d & 1) == 0) d >>= 1, r++;
  static const uint64_t kBases[3] = {2, 7, 61};
  for (int i = 0; i < 3; i++) {
    uint64_t a = kBases[i] % n;
    if (a == 0) continue;
    uint64_t x = powmod(a, d, n);
    if (x == 1 || x == n - 1) continue;
    int composite = 1;
    for (int k = 1; k < r && composite; k++) {
      x = mulmod(x, x, n);
      if (x == n - 1) composite = 0;
    }
    if (composite) return 0;
  }
  return 1;
}

static uint64_t gcd(uint64_t a, uint64_t b) {
  while (b) {
    uint64_t t = a % b;
    a = b;
    b = t;
  }
  return a;
}

uint64_t workload_run(uint32_t size) {
  uint32_t count = wl_pick(size, 22000, 330000, 3000000);
  wl_rng rng;
  wl_rng_seed(&rng, 0x696e743634ull);
  uint64_t hash = 0, primes = 0;
  for (uint32_t i = 0; i < count; i++) {
    uint64_t n = (wl_rng_next(&rng) >> 33) | 1;  /* odd, < 2^31 */
    primes += (uint64_t)is_prime(n);
    uint64_t a = wl_rng_next(&rng), b = (wl_rng_next(&rng) >> (i & 31)) | 1;
    uint64_t g = gcd(a, b);
    /* Signed division and remainder too, with negative operands. */
    int64_t sa = (int64_t)a, sb = (int64_t)(b | 0x100) * ((i & 1) ? -1 : 1);
    int64_t q = sa / sb, r = sa % sb;
    uint64_t digits = 0;
    for (uint64_t v = a; v; v /= 10) digits += v % 10;
    hash = wl_mix(hash, g + (uint64_t)q * 3 + (uint64_t)r + digits);
  }
  return wl_mix(hash, primes);
}
