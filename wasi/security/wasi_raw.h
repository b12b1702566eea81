// Raw wasi_snapshot_preview1 imports with explicit lengths and integer
// pointers, so the hostile programs can pass what wasi-libc never would
// (NUL bytes inside a path, pointers past memory), plus the errno values
// they expect. Shared by the programs of this folder.
#ifndef WASMTIER_WASI_SECURITY_WASI_RAW_H_
#define WASMTIER_WASI_SECURITY_WASI_RAW_H_

#include <stdint.h>

#define WASI_IMPORT(name) \
  __attribute__((import_module("wasi_snapshot_preview1"), import_name(name)))

WASI_IMPORT("path_open")
int32_t raw_path_open(int32_t fd, int32_t lookup, int32_t path, int32_t len, int32_t oflags,
                      int64_t base, int64_t inheriting, int32_t fdflags, int32_t fd_out);
WASI_IMPORT("path_filestat_get")
int32_t raw_path_filestat_get(int32_t fd, int32_t lookup, int32_t path, int32_t len, int32_t buf);
WASI_IMPORT("path_link")
int32_t raw_path_link(int32_t old_fd, int32_t lookup, int32_t old_path, int32_t old_len,
                      int32_t new_fd, int32_t new_path, int32_t new_len);
WASI_IMPORT("path_rename")
int32_t raw_path_rename(int32_t fd, int32_t old_path, int32_t old_len, int32_t new_fd,
                        int32_t new_path, int32_t new_len);
WASI_IMPORT("path_symlink")
int32_t raw_path_symlink(int32_t old_path, int32_t old_len, int32_t fd, int32_t new_path,
                         int32_t new_len);
WASI_IMPORT("path_create_directory")
int32_t raw_path_create_directory(int32_t fd, int32_t path, int32_t len);
WASI_IMPORT("path_unlink_file")
int32_t raw_path_unlink_file(int32_t fd, int32_t path, int32_t len);
WASI_IMPORT("fd_read")
int32_t raw_fd_read(int32_t fd, int32_t iovs, int32_t iovs_len, int32_t nread);
WASI_IMPORT("fd_write")
int32_t raw_fd_write(int32_t fd, int32_t iovs, int32_t iovs_len, int32_t nwritten);
WASI_IMPORT("fd_close")
int32_t raw_fd_close(int32_t fd);
WASI_IMPORT("random_get")
int32_t raw_random_get(int32_t buf, int32_t len);
WASI_IMPORT("args_sizes_get")
int32_t raw_args_sizes_get(int32_t argc, int32_t buf_size);
WASI_IMPORT("fd_fdstat_get")
int32_t raw_fd_fdstat_get(int32_t fd, int32_t buf);

#define PTR(p) ((int32_t)(uintptr_t)(p))

enum {
  kEsuccess = 0, kEfault = 21, kEinval = 28, kEloop = 32, kEmfile = 33, kEnoent = 44,
  kEnotdir = 54, kEnotcapable = 76,
};

#define kPreopen 3
#define kRightFdRead ((int64_t)1 << 1)
#define kRightFdWrite ((int64_t)1 << 6)

#endif  // WASMTIER_WASI_SECURITY_WASI_RAW_H_
