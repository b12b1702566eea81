/* clock: sanity of the clocks and of sleeping — clock_time_get, clock_res_get
 * and poll_oneoff with a clock subscription, which is how wasi-libc implements
 * nanosleep and usleep. Prints "ok", or what failed with status 1. Bounds are
 * loose on purpose: the test machine is noisy, only "never too early" and
 * "plausible" are checked. */
#define _DEFAULT_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

/* 2020-01-01T00:00:00Z: a realtime clock before it is not a real clock. */
static const int64_t kEarliestPlausibleEpoch = 1577836800;

static int failures = 0;

static void check(int ok, const char* what) {
  if (!ok) {
    fprintf(stderr, "clock: FAILED: %s\n", what);
    failures++;
  }
}

static int64_t now_ns(clockid_t clock) {
  struct timespec ts;
  if (clock_gettime(clock, &ts) != 0) return -1;
  return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

int main(void) {
  int64_t real = now_ns(CLOCK_REALTIME);
  check(real / 1000000000 >= kEarliestPlausibleEpoch, "realtime is after 2020");

  struct timespec res;
  check(clock_getres(CLOCK_MONOTONIC, &res) == 0, "clock_getres(MONOTONIC) succeeds");
  check(res.tv_sec == 0 && res.tv_nsec > 0 && res.tv_nsec <= 1000000,
        "monotonic resolution is in (0, 1 ms]");

  /* Monotonic never goes backwards, over many reads. */
  int64_t previous = now_ns(CLOCK_MONOTONIC);
  check(previous >= 0, "clock_gettime(MONOTONIC) succeeds");
  for (int i = 0; i < 1000; i++) {
    int64_t next = now_ns(CLOCK_MONOTONIC);
    if (next < previous) {
      check(0, "monotonic never decreases");
      break;
    }
    previous = next;
  }

  /* Sleeping takes at least the time asked for (and not absurdly longer). */
  const int64_t kSleepNs = 20 * 1000000;
  int64_t before = now_ns(CLOCK_MONOTONIC);
  struct timespec request = {0, (long)kSleepNs};
  check(nanosleep(&request, NULL) == 0, "nanosleep succeeds");
  int64_t slept = now_ns(CLOCK_MONOTONIC) - before;
  check(slept >= kSleepNs, "nanosleep(20 ms) takes at least 20 ms");
  check(slept < 5000 * 1000000LL, "nanosleep(20 ms) takes less than 5 s");

  const int64_t kUsleepUs = 10000;
  before = now_ns(CLOCK_MONOTONIC);
  check(usleep((useconds_t)kUsleepUs) == 0, "usleep succeeds");
  check(now_ns(CLOCK_MONOTONIC) - before >= kUsleepUs * 1000, "usleep(10 ms) takes at least 10 ms");

  /* Realtime moved forward across the sleeps too (it may jump, never this
   * far back in a correct host). */
  check(now_ns(CLOCK_REALTIME) > real, "realtime advanced across the sleeps");

  if (failures > 0) return 1;
  puts("ok");
  return 0;
}
