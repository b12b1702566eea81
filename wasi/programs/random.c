/* random: the random_get import through getentropy and arc4random_buf.
 * Checks two draws differ and that a draw is not one repeated byte (both
 * false with probability about 2^-256), and that getentropy refuses more than
 * 256 bytes as POSIX says. Prints "ok", or what failed with status 1. */
#define _DEFAULT_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { kDrawSize = 32 };

static int failures = 0;

static void check(int ok, const char* what) {
  if (!ok) {
    fprintf(stderr, "random: FAILED: %s\n", what);
    failures++;
  }
}

static int all_equal(const unsigned char* bytes, size_t size) {
  for (size_t i = 1; i < size; i++) {
    if (bytes[i] != bytes[0]) return 0;
  }
  return 1;
}

int main(void) {
  unsigned char first[kDrawSize], second[kDrawSize];
  check(getentropy(first, sizeof first) == 0, "getentropy succeeds");
  check(getentropy(second, sizeof second) == 0, "getentropy succeeds twice");
  check(memcmp(first, second, sizeof first) != 0, "two getentropy draws differ");
  check(!all_equal(first, sizeof first), "a getentropy draw is not one repeated byte");

  unsigned char big[257];
  errno = 0;
  check(getentropy(big, sizeof big) == -1 && errno == EIO, "getentropy(257 bytes) fails with EIO");

  arc4random_buf(first, sizeof first);
  arc4random_buf(second, sizeof second);
  check(memcmp(first, second, sizeof first) != 0, "two arc4random_buf draws differ");
  check(!all_equal(second, sizeof second), "an arc4random_buf draw is not one repeated byte");

  if (failures > 0) return 1;
  puts("ok");
  return 0;
}
