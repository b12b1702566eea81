/* exitcode N: exits with status N (0..255), so the e2e test can check the
 * path from proc_exit to the CLI's own exit status. No argument, or one that
 * is not a number in range, is a usage error (status 2). */
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char** argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: exitcode N\n");
    return 2;
  }
  char* end = NULL;
  long code = strtol(argv[1], &end, 10);
  if (end == argv[1] || *end != '\0' || code < 0 || code > 255) {
    fprintf(stderr, "exitcode: '%s' is not a status in 0..255\n", argv[1]);
    return 2;
  }
  /* exit(), not return: wasi-libc turns it into proc_exit from deep inside
   * the guest, which must unwind the engine cleanly. */
  exit((int)code);
}
