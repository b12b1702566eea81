// Hostile WASI command: pointers and lengths past the end of its memory and
// absurd counts. Each call must return EFAULT (or EINVAL for counts) or trap;
// the runtime must never touch host memory for it. Exit 0 when all behaved.
#include <stdint.h>
#include <stdio.h>

#include "wasi_raw.h"

static int failures = 0;

static void Expect(const char* what, int32_t got, int32_t want, int32_t also) {
  if (got == want || got == also) {
    printf("refused %-44s %d\n", what, got);
  } else {
    printf("UNEXPECTED %-41s got %d, want %d\n", what, got, want);
    ++failures;
  }
}

int main(void) {
  // memory.size in bytes: the first address past the guest's memory.
  uint32_t end = (uint32_t)__builtin_wasm_memory_size(0) * 65536u;
  struct { int32_t buf, len; } iov[2] = {{(int32_t)(end - 4), 16}, {0, 0}};
  int32_t n = 0;
  Expect("fd_write iovec array past the end", raw_fd_write(1, (int32_t)(end - 4), 1, PTR(&n)),
         kEfault, kEfault);
  Expect("fd_write buffer past the end", raw_fd_write(1, PTR(iov), 1, PTR(&n)), kEfault, kEfault);
  iov[0].buf = 0;
  iov[0].len = 4;
  Expect("fd_write nwritten past the end", raw_fd_write(1, PTR(iov), 1, (int32_t)(end - 2)),
         kEfault, kEfault);
  // A huge count must not make the host allocate; the runtime may refuse it
  // or use a bounded prefix of the array (a short write, as POSIX allows).
  iov[0].len = 0;
  int32_t e = raw_fd_write(1, PTR(iov), -1, PTR(&n));
  Expect("fd_write iovs_len 0xFFFFFFFF", e == kEsuccess ? kEfault : e, kEfault, kEinval);
  e = raw_fd_read(0, PTR(iov), -1, PTR(&n));
  Expect("fd_read iovs_len 0xFFFFFFFF", e == kEsuccess ? kEfault : e, kEfault, kEinval);
  // ... but not when even that prefix leaves memory.
  Expect("fd_write 0xFFFFFFFF iovecs 64 bytes before the end",
         raw_fd_write(1, (int32_t)(end - 64), -1, PTR(&n)), kEfault, kEinval);
  Expect("path_open path past the end",
         raw_path_open(kPreopen, 0, (int32_t)(end - 3), 8, 0, kRightFdRead, 0, 0, PTR(&n)),
         kEfault, kEfault);
  Expect("path_open result past the end",
         raw_path_open(kPreopen, 0, PTR("f.txt"), 5, 0, kRightFdRead, 0, 0, (int32_t)(end - 1)),
         kEfault, kEfault);
  Expect("path_open path length 2 GiB",
         raw_path_open(kPreopen, 0, PTR("f.txt"), 0x7FFFFFFF, 0, kRightFdRead, 0, 0, PTR(&n)),
         kEfault, kEfault);
  Expect("random_get to the last byte", raw_random_get((int32_t)(end - 16), 16), kEsuccess,
         kEsuccess);
  Expect("random_get one past the end", raw_random_get((int32_t)(end - 16), 17), kEfault,
         kEfault);
  Expect("random_get 4 GiB", raw_random_get(0, -1), kEfault, kEfault);
  Expect("args_sizes_get past the end", raw_args_sizes_get(PTR(&n), (int32_t)end), kEfault,
         kEfault);
  Expect("fd_fdstat_get past the end", raw_fd_fdstat_get(kPreopen, (int32_t)(end - 8)), kEfault,
         kEfault);
  Expect("fd_close of fd 0xFFFFFFFF", raw_fd_close(-1), 8 /* EBADF */, 8);
  printf("%d unexpected\n", failures);
  return failures;
}
