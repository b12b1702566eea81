/* ls [-a] [-l] [PATH...]: lists directories (default ".") in byte order of
 * the names; -a includes names starting with '.' except "." and ".." (whether
 * fd_readdir reports those two is up to the WASI host), -l prefixes each name with
 * its type (d directory, - file, l link, ? other) and, for files, the size.
 * Sizes of directories are left out on purpose: they depend on the host file
 * system, and the e2e test compares native and wasm output byte for byte.
 * Exercises fd_readdir (through opendir/readdir) and path_filestat_get. */
#define _DEFAULT_SOURCE
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static int show_all = 0;
static int long_format = 0;

static int compare_names(const void* a, const void* b) {
  return strcmp(*(char* const*)a, *(char* const*)b);
}

static char type_char(mode_t mode) {
  if (S_ISDIR(mode)) return 'd';
  if (S_ISREG(mode)) return '-';
  if (S_ISLNK(mode)) return 'l';
  return '?';
}

/* Prints one entry; {path} is what to stat, {name} what to show. */
static int print_entry(const char* path, const char* name) {
  if (!long_format) {
    printf("%s\n", name);
    return 0;
  }
  struct stat st;
  if (lstat(path, &st) != 0) {
    fprintf(stderr, "ls: cannot stat '%s': %s\n", path, strerror(errno));
    return -1;
  }
  if (S_ISREG(st.st_mode)) {
    printf("%c %10lld %s\n", type_char(st.st_mode), (long long)st.st_size, name);
  } else {
    printf("%c %10s %s\n", type_char(st.st_mode), "-", name);
  }
  return 0;
}

/* Reads the names in {dir} into a sorted, malloc'ed array; {*ok} is cleared
 * (after a message) when reading failed part way. */
static char** read_names(DIR* dir, const char* path, size_t* count, int* ok) {
  char** names = NULL;
  size_t size = 0, capacity = 0;
  struct dirent* entry;
  *ok = 1;
  errno = 0;
  while ((entry = readdir(dir)) != NULL) {
    if (entry->d_name[0] == '.' && !show_all) continue;
    if (strcmp(entry->d_name, ".") == 0 || strcmp(entry->d_name, "..") == 0) continue;
    char* name = strdup(entry->d_name);
    if (name != NULL && size == capacity) {
      size_t grown_capacity = capacity ? capacity * 2 : 16;
      char** grown = realloc(names, grown_capacity * sizeof *names);
      if (grown == NULL) {
        free(name);
        name = NULL;
      } else {
        names = grown;
        capacity = grown_capacity;
      }
    }
    if (name == NULL) {
      fprintf(stderr, "ls: out of memory listing '%s'\n", path);
      *ok = 0;
      break;
    }
    names[size++] = name;
    errno = 0;
  }
  if (*ok && errno != 0) {
    fprintf(stderr, "ls: error reading directory '%s': %s\n", path, strerror(errno));
    *ok = 0;
  }
  if (size > 0) qsort(names, size, sizeof *names, compare_names);
  *count = size;
  return names;
}

static int list_directory(const char* path) {
  DIR* dir = opendir(path);
  if (dir == NULL) {
    fprintf(stderr, "ls: cannot open directory '%s': %s\n", path, strerror(errno));
    return -1;
  }
  size_t count = 0;
  int ok;
  char** names = read_names(dir, path, &count, &ok);
  closedir(dir);
  int status = ok ? 0 : -1;
  for (size_t i = 0; i < count; i++) {
    size_t size = strlen(path) + strlen(names[i]) + 2;
    char* full = malloc(size);
    if (full == NULL) {
      fprintf(stderr, "ls: out of memory\n");
      status = -1;
    } else {
      snprintf(full, size, "%s/%s", path, names[i]);
      if (print_entry(full, names[i]) != 0) status = -1;
      free(full);
    }
    free(names[i]);
  }
  free(names);
  return status;
}

static int list_path(const char* path, int with_header) {
  struct stat st;
  if (lstat(path, &st) != 0) {
    fprintf(stderr, "ls: cannot access '%s': %s\n", path, strerror(errno));
    return -1;
  }
  if (!S_ISDIR(st.st_mode)) return print_entry(path, path);
  if (with_header) printf("%s:\n", path);
  return list_directory(path);
}

int main(int argc, char** argv) {
  int first = 1;
  for (; first < argc && argv[first][0] == '-' && argv[first][1] != '\0'; first++) {
    for (const char* flag = argv[first] + 1; *flag != '\0'; flag++) {
      if (*flag == 'a') {
        show_all = 1;
      } else if (*flag == 'l') {
        long_format = 1;
      } else {
        fprintf(stderr, "usage: ls [-a] [-l] [PATH...]\n");
        return 2;
      }
    }
  }
  if (first == argc) return list_path(".", 0) == 0 ? 0 : 1;
  int status = 0;
  for (int i = first; i < argc; i++) {
    if (list_path(argv[i], argc - first > 1) != 0) status = 1;
  }
  return status;
}
