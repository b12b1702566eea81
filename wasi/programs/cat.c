/* cat [FILE...]: copies each FILE (or stdin when there is none, or for "-")
 * to stdout. A file that cannot be opened is reported on stderr and the rest
 * are still copied; the status is then 1. Exercises path_open, fd_read in
 * large chunks and fd_write. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

/* Copies {in} to stdout; returns 0, or -1 after reporting an error. */
static int copy_stream(FILE* in, const char* name) {
  static char buffer[64 * 1024];
  size_t n;
  while ((n = fread(buffer, 1, sizeof buffer, in)) > 0) {
    if (fwrite(buffer, 1, n, stdout) != n) {
      fprintf(stderr, "cat: write error: %s\n", strerror(errno));
      return -1;
    }
  }
  if (ferror(in)) {
    fprintf(stderr, "cat: %s: read error: %s\n", name, strerror(errno));
    return -1;
  }
  return 0;
}

int main(int argc, char** argv) {
  if (argc < 2) return copy_stream(stdin, "-") == 0 ? 0 : 1;
  int status = 0;
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "-") == 0) {
      if (copy_stream(stdin, "-") != 0) status = 1;
      continue;
    }
    FILE* in = fopen(argv[i], "rb");
    if (in == NULL) {
      fprintf(stderr, "cat: %s: %s\n", argv[i], strerror(errno));
      status = 1;
      continue;
    }
    if (copy_stream(in, argv[i]) != 0) status = 1;
    fclose(in);
  }
  if (fflush(stdout) != 0) status = 1;
  return status;
}
