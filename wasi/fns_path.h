// The path-based WASI functions (path_*, fd_readdir): the handlers that
// fns_path.cc lists in PathFunctions() from the files that define them, and
// the helpers they share. Every path goes through sandbox.h.
#ifndef WASMTIER_WASI_FNS_PATH_H_
#define WASMTIER_WASI_FNS_PATH_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "wasi/functions.h"
#include "wasi/sandbox.h"

namespace wasmtier::wasi {

// fns_path.cc
absl::StatusOr<Errno> PathOpen(WasiCtx& ctx, const GuestMemory& memory, const uint64_t* args);
// fns_path_names.cc: operations on names (no file is opened for the guest).
absl::StatusOr<Errno> PathCreateDirectory(WasiCtx& ctx, const GuestMemory& memory,
                                          const uint64_t* args);
absl::StatusOr<Errno> PathRemoveDirectory(WasiCtx& ctx, const GuestMemory& memory,
                                          const uint64_t* args);
absl::StatusOr<Errno> PathUnlinkFile(WasiCtx& ctx, const GuestMemory& memory,
                                     const uint64_t* args);
absl::StatusOr<Errno> PathRename(WasiCtx& ctx, const GuestMemory& memory, const uint64_t* args);
absl::StatusOr<Errno> PathLink(WasiCtx& ctx, const GuestMemory& memory, const uint64_t* args);
absl::StatusOr<Errno> PathSymlink(WasiCtx& ctx, const GuestMemory& memory, const uint64_t* args);
absl::StatusOr<Errno> PathReadlink(WasiCtx& ctx, const GuestMemory& memory, const uint64_t* args);
// fns_path_stat.cc
absl::StatusOr<Errno> PathFilestatGet(WasiCtx& ctx, const GuestMemory& memory,
                                      const uint64_t* args);
absl::StatusOr<Errno> PathFilestatSetTimes(WasiCtx& ctx, const GuestMemory& memory,
                                           const uint64_t* args);
// fns_dir.cc
absl::StatusOr<Errno> FdReaddir(WasiCtx& ctx, const GuestMemory& memory, const uint64_t* args);

// The guest string at [{ptr}, {ptr} + {len}) (EFAULT if outside memory). It
// points into guest memory: valid until the guest runs again.
Errno GuestPath(const GuestMemory& memory, uint32_t ptr, uint32_t len, std::string_view* out);

// The directory entry for guest descriptor {fd}: EBADF if not open, ENOTDIR
// if it is not a directory (what wasmtime answers for a file), ENOTCAPABLE
// unless it has every bit of {rights}.
Errno LookupDir(WasiCtx& ctx, uint32_t fd, uint64_t rights, FdEntry** out);

// ResolveParent, then, when {follow} (or the path ends in '/'), replaces a
// last component that is a symlink by its target and resolves again, up to
// the 40-expansion limit (ELOOP). Absolute targets are ENOTCAPABLE. For
// *at(2) calls given AT_SYMLINK_NOFOLLOW on the result, so the kernel never
// follows a link itself.
ParentResult ResolveFinal(int dirfd, std::string_view path, bool follow);

}  // namespace wasmtier::wasi

#endif  // WASMTIER_WASI_FNS_PATH_H_
