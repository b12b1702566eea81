/* envargs [ARG...]: prints argc, each argument from argv[1] on, and the
 * environment entries in byte order — the args_* and environ_* imports.
 * argv[0] is left out: it names the binary, which differs between the native
 * build and the module. Entries are bracketed so empty strings show. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern char** environ;

static int compare_entries(const void* a, const void* b) {
  return strcmp(*(char* const*)a, *(char* const*)b);
}

int main(int argc, char** argv) {
  printf("argc=%d\n", argc);
  for (int i = 1; i < argc; i++) printf("argv[%d]=[%s]\n", i, argv[i]);
  size_t count = 0;
  while (environ != NULL && environ[count] != NULL) count++;
  char** sorted = malloc((count + 1) * sizeof *sorted);
  if (sorted == NULL) return 1;
  memcpy(sorted, environ, count * sizeof *sorted);
  qsort(sorted, count, sizeof *sorted, compare_entries);
  printf("envc=%zu\n", count);
  for (size_t i = 0; i < count; i++) printf("env[%zu]=[%s]\n", i, sorted[i]);
  free(sorted);
  return 0;
}
