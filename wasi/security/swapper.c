// Host helper for security_cli_test.sh: exchanges two paths atomically
// (renameat2 RENAME_EXCHANGE) in a loop for at most SECONDS, or until killed,
// so the guest always finds one of them under each name.
//   swapper PATH_A PATH_B SECONDS
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

int main(int argc, char** argv) {
  if (argc != 4) {
    fprintf(stderr, "usage: swapper PATH_A PATH_B SECONDS\n");
    return 2;
  }
  time_t stop = time(NULL) + atoi(argv[3]);
  long swaps = 0;
  while (time(NULL) < stop) {
    if (renameat2(AT_FDCWD, argv[1], AT_FDCWD, argv[2], RENAME_EXCHANGE) != 0) {
      perror("renameat2");
      return 1;
    }
    if (++swaps == 1) {
      printf("swapping\n");  // the test waits for this before starting the guest
      fflush(stdout);
    }
  }
  printf("%ld swaps\n", swaps);
  return 0;
}
