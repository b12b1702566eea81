// Hostile WASI command for the race: opens /sandbox/d/inner.txt thousands of
// times while the host swaps directory `d` with a symlink to a directory
// outside the preopen. Every open must either read "INSIDE-D" or be refused;
// reading anything else is an escape. Exit 0 when none escaped.
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char** argv) {
  int iterations = argc > 1 ? atoi(argv[1]) : 3000;
  int inside = 0, refused = 0, escaped = 0;
  for (int i = 0; i < iterations; ++i) {
    int fd = open("/sandbox/d/inner.txt", O_RDONLY);
    if (fd < 0) {
      ++refused;
      continue;
    }
    char buf[32] = {0};
    ssize_t n = read(fd, buf, sizeof buf - 1);
    close(fd);
    if (n > 0 && strcmp(buf, "INSIDE-D\n") == 0) {
      ++inside;
    } else {
      ++escaped;
      printf("ESCAPED: read \"%s\"\n", buf);
    }
  }
  printf("inside %d refused %d escaped %d\n", inside, refused, escaped);
  return escaped == 0 ? 0 : 1;
}
