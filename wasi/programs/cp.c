/* cp [-r] SRC DST: copies a file, or with -r a directory tree (files,
 * directories and symbolic links, recreated as links). When DST is an
 * existing directory SRC is copied into it under its own name. Exercises
 * path_open with O_CREAT|O_TRUNC, fd_read/fd_write, path_create_directory,
 * fd_readdir, path_filestat_get, path_readlink and path_symlink. */
#define _DEFAULT_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Deeper trees are refused rather than overflowing the guest's stack. */
enum { kMaxDepth = 64 };

static int recursive = 0;

static void report(const char* what, const char* path) {
  fprintf(stderr, "cp: %s '%s': %s\n", what, path, strerror(errno));
}

/* Writes all of {data}, retrying short writes. */
static int write_all(int fd, const char* data, size_t size) {
  while (size > 0) {
    ssize_t n = write(fd, data, size);
    if (n < 0) {
      if (errno == EINTR) continue;
      return -1;
    }
    data += n;
    size -= (size_t)n;
  }
  return 0;
}

static int copy_file(const char* src, const char* dst) {
  static char buffer[64 * 1024];
  int in = open(src, O_RDONLY);
  if (in < 0) {
    report("cannot open", src);
    return -1;
  }
  int out = open(dst, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (out < 0) {
    report("cannot create", dst);
    close(in);
    return -1;
  }
  int status = 0;
  for (;;) {
    ssize_t n = read(in, buffer, sizeof buffer);
    if (n == 0) break;
    if (n < 0) {
      if (errno == EINTR) continue;
      report("error reading", src);
      status = -1;
      break;
    }
    if (write_all(out, buffer, (size_t)n) != 0) {
      report("error writing", dst);
      status = -1;
      break;
    }
  }
  close(in);
  if (close(out) != 0 && status == 0) {
    report("error closing", dst);
    status = -1;
  }
  return status;
}

static int copy_symlink(const char* src, const char* dst) {
  char target[PATH_MAX];
  ssize_t n = readlink(src, target, sizeof target - 1);
  if (n < 0) {
    report("cannot read link", src);
    return -1;
  }
  target[n] = '\0';
  if (symlink(target, dst) != 0) {
    report("cannot create link", dst);
    return -1;
  }
  return 0;
}

static int copy_any(const char* src, const char* dst, int depth);

/* Joins {dir}/{name} into a fresh allocation (NULL when out of memory). */
static char* join(const char* dir, const char* name) {
  size_t size = strlen(dir) + 1 + strlen(name) + 1;
  char* path = malloc(size);
  if (path != NULL) snprintf(path, size, "%s/%s", dir, name);
  return path;
}

static int copy_directory(const char* src, const char* dst, int depth) {
  if (depth >= kMaxDepth) {
    fprintf(stderr, "cp: '%s': tree deeper than %d levels\n", src, kMaxDepth);
    return -1;
  }
  if (mkdir(dst, 0755) != 0) {
    report("cannot create directory", dst);
    return -1;
  }
  DIR* dir = opendir(src);
  if (dir == NULL) {
    report("cannot open directory", src);
    return -1;
  }
  int status = 0;
  struct dirent* entry;
  errno = 0;
  while ((entry = readdir(dir)) != NULL) {
    if (strcmp(entry->d_name, ".") == 0 || strcmp(entry->d_name, "..") == 0) continue;
    char* from = join(src, entry->d_name);
    char* to = join(dst, entry->d_name);
    if (from == NULL || to == NULL) {
      fprintf(stderr, "cp: out of memory\n");
      status = -1;
    } else if (copy_any(from, to, depth + 1) != 0) {
      status = -1;
    }
    free(from);
    free(to);
    errno = 0;
  }
  if (errno != 0) {
    report("error reading directory", src);
    status = -1;
  }
  closedir(dir);
  return status;
}

static int copy_any(const char* src, const char* dst, int depth) {
  struct stat st;
  if (lstat(src, &st) != 0) {
    report("cannot stat", src);
    return -1;
  }
  if (S_ISREG(st.st_mode)) return copy_file(src, dst);
  if (S_ISLNK(st.st_mode)) return copy_symlink(src, dst);
  if (S_ISDIR(st.st_mode)) {
    if (!recursive) {
      fprintf(stderr, "cp: -r not specified; omitting directory '%s'\n", src);
      return -1;
    }
    return copy_directory(src, dst, depth);
  }
  fprintf(stderr, "cp: '%s': not a file, directory or link\n", src);
  return -1;
}

/* The last path component of {path}, ignoring trailing slashes. */
static const char* base_name(const char* path, char* storage, size_t size) {
  size_t end = strlen(path);
  while (end > 1 && path[end - 1] == '/') end--;
  size_t start = end;
  while (start > 0 && path[start - 1] != '/') start--;
  size_t length = end - start < size - 1 ? end - start : size - 1;
  memcpy(storage, path + start, length);
  storage[length] = '\0';
  return storage;
}

int main(int argc, char** argv) {
  int first = 1;
  if (argc > 1 && strcmp(argv[1], "-r") == 0) {
    recursive = 1;
    first = 2;
  }
  if (argc - first != 2) {
    fprintf(stderr, "usage: cp [-r] SRC DST\n");
    return 2;
  }
  const char* src = argv[first];
  const char* dst = argv[first + 1];
  struct stat st;
  int status;
  if (stat(dst, &st) == 0 && S_ISDIR(st.st_mode)) {
    char name[NAME_MAX + 1];
    char* into = join(dst, base_name(src, name, sizeof name));
    if (into == NULL) return 1;
    status = copy_any(src, into, 0);
    free(into);
  } else {
    status = copy_any(src, dst, 0);
  }
  return status == 0 ? 0 : 1;
}
