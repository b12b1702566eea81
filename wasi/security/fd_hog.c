// Hostile WASI command: opens /sandbox/f.txt until the runtime refuses, then
// checks the refusal is EMFILE, that closing one descriptor makes room for
// exactly one more, and that stdout still works. Prints the count; exit 0 if
// the limit behaved, 1 otherwise. Never closes what it opened: the runtime
// must release it all when the guest ends.
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

int main(void) {
  int last = -1, count = 0;
  for (int i = 0; i < 100000; ++i) {
    int fd = open("/sandbox/f.txt", O_RDONLY);
    if (fd < 0) break;
    last = fd;
    ++count;
  }
  int saved = errno;
  printf("opened %d, then errno %d (%s)\n", count, saved, saved == EMFILE ? "EMFILE" : "other");
  if (saved != EMFILE || count == 0 || count >= 100000) return 1;
  close(last);
  int again = open("/sandbox/f.txt", O_RDONLY);
  int refused = open("/sandbox/f.txt", O_RDONLY);
  printf("after close: reopened %d, next %d\n", again, refused);
  if (again != last || refused >= 0 || errno != EMFILE) return 1;
  return 0;
}
