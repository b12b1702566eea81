/* filter MODE: a line filter over stdin, for checking fd_read on a pipe or a
 * redirected file of any size with lines of any length.
 *   filter grep TEXT   prints "N:line" for each line containing TEXT;
 *                      status 0 if any line matched, else 1 (like grep)
 *   filter upper       copies stdin with ASCII letters uppercased; status 0
 *   filter count       prints lines, words and bytes (like wc); status 0
 *                      when stdin ends with a newline or is empty, else 3
 * Usage errors exit with status 2. */
#define _POSIX_C_SOURCE 200809L
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int usage(void) {
  fprintf(stderr, "usage: filter grep TEXT | filter upper | filter count\n");
  return 2;
}

static int run_grep(const char* text) {
  char* line = NULL;
  size_t capacity = 0;
  ssize_t length;
  long number = 0;
  int matched = 0;
  while ((length = getline(&line, &capacity, stdin)) >= 0) {
    number++;
    if (strstr(line, text) == NULL) continue;
    matched = 1;
    /* The last line may lack its newline; the output always ends one. */
    int ends = length > 0 && line[length - 1] == '\n';
    printf("%ld:%s%s", number, line, ends ? "" : "\n");
  }
  free(line);
  return matched ? 0 : 1;
}

static int run_upper(void) {
  int c;
  while ((c = getchar()) != EOF) putchar(toupper((unsigned char)c));
  return 0;
}

static int run_count(void) {
  long lines = 0, words = 0, bytes = 0;
  int in_word = 0, last = '\n';
  int c;
  while ((c = getchar()) != EOF) {
    bytes++;
    if (c == '\n') lines++;
    if (isspace((unsigned char)c)) {
      in_word = 0;
    } else if (!in_word) {
      in_word = 1;
      words++;
    }
    last = c;
  }
  printf("%ld %ld %ld\n", lines, words, bytes);
  return last == '\n' ? 0 : 3;
}

int main(int argc, char** argv) {
  int status;
  if (argc == 3 && strcmp(argv[1], "grep") == 0) {
    status = run_grep(argv[2]);
  } else if (argc == 2 && strcmp(argv[1], "upper") == 0) {
    status = run_upper();
  } else if (argc == 2 && strcmp(argv[1], "count") == 0) {
    status = run_count();
  } else {
    return usage();
  }
  if (ferror(stdin)) {
    perror("filter: reading stdin");
    return 4;
  }
  return status;
}
