/* walk [DIR]: walks the tree under DIR (default ".") without following links
 * and prints every path below it, sorted, as "TYPE SIZE PATH" (TYPE d/-/l/?,
 * SIZE for files only: directory sizes depend on the host file system).
 * Exercises opendir/readdir (fd_readdir with its cookies), lstat
 * (path_filestat_get) and many descriptors open at once down a deep tree. */
#define _DEFAULT_SOURCE
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Deeper trees are refused rather than overflowing the guest's stack. */
enum { kMaxDepth = 64 };

struct Entry {
  char* path;
  char type;
  long long size;
};

static struct Entry* entries = NULL;
static size_t entry_count = 0, entry_capacity = 0;
static int status = 0;

static void fail(const char* what, const char* path) {
  fprintf(stderr, "walk: %s '%s': %s\n", what, path, strerror(errno));
  status = 1;
}

/* Takes ownership of {path}. */
static void add_entry(char* path, const struct stat* st) {
  if (entry_count == entry_capacity) {
    size_t capacity = entry_capacity ? entry_capacity * 2 : 64;
    struct Entry* grown = realloc(entries, capacity * sizeof *grown);
    if (grown == NULL) {
      fprintf(stderr, "walk: out of memory\n");
      exit(1);
    }
    entries = grown;
    entry_capacity = capacity;
  }
  struct Entry* e = &entries[entry_count++];
  e->path = path;
  e->type = S_ISDIR(st->st_mode) ? 'd' : S_ISREG(st->st_mode) ? '-' : S_ISLNK(st->st_mode) ? 'l' : '?';
  e->size = S_ISREG(st->st_mode) ? (long long)st->st_size : -1;
}

static void walk(const char* dir_path, int depth) {
  if (depth >= kMaxDepth) {
    fprintf(stderr, "walk: '%s': deeper than %d levels\n", dir_path, kMaxDepth);
    status = 1;
    return;
  }
  DIR* dir = opendir(dir_path);
  if (dir == NULL) {
    fail("cannot open directory", dir_path);
    return;
  }
  struct dirent* d;
  while ((d = readdir(dir)) != NULL) {
    if (strcmp(d->d_name, ".") == 0 || strcmp(d->d_name, "..") == 0) continue;
    size_t size = strlen(dir_path) + strlen(d->d_name) + 2;
    char* path = malloc(size);
    if (path == NULL) {
      fprintf(stderr, "walk: out of memory\n");
      exit(1);
    }
    snprintf(path, size, "%s/%s", dir_path, d->d_name);
    struct stat st;
    if (lstat(path, &st) != 0) {
      fail("cannot stat", path);
      free(path);
      continue;
    }
    add_entry(path, &st);
    /* Recurse with the directory still open: the deep case holds one
     * descriptor per level. */
    if (S_ISDIR(st.st_mode)) walk(path, depth + 1);
  }
  closedir(dir);
}

static int compare_entries(const void* a, const void* b) {
  return strcmp(((const struct Entry*)a)->path, ((const struct Entry*)b)->path);
}

int main(int argc, char** argv) {
  if (argc > 2) {
    fprintf(stderr, "usage: walk [DIR]\n");
    return 2;
  }
  const char* root = argc == 2 ? argv[1] : ".";
  struct stat st;
  if (stat(root, &st) != 0) {
    fail("cannot stat", root);
    return 1;
  }
  if (!S_ISDIR(st.st_mode)) {
    errno = ENOTDIR;
    fail("cannot walk", root);
    return 1;
  }
  walk(root, 0);
  qsort(entries, entry_count, sizeof *entries, compare_entries);
  for (size_t i = 0; i < entry_count; i++) {
    if (entries[i].size >= 0) {
      printf("%c %10lld %s\n", entries[i].type, entries[i].size, entries[i].path);
    } else {
      printf("%c %10s %s\n", entries[i].type, "-", entries[i].path);
    }
    free(entries[i].path);
  }
  free(entries);
  return status;
}
