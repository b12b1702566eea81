// Resolving guest paths beneath a preopened directory without ever leaving it.
//
// Every path_* function goes through here. A guest path is relative to a
// directory descriptor the guest holds; resolution never reaches anything
// outside that directory's tree: absolute paths, `..` past the top, symlinks
// whose target (or an intermediate component's) leads outside, and NUL bytes
// are all refused, also when another process renames or replaces components
// while we resolve (races). Linux's openat2(RESOLVE_BENEATH) does this in the
// kernel where available; otherwise (old kernels, seccomp filters returning
// ENOSYS) a user-space walker opens one component at a time with O_NOFOLLOW,
// expands symlinks itself with a bounded depth, and handles `..` by popping
// its own stack of opened directories, never by opening "..".
#ifndef WASMTIER_WASI_SANDBOX_H_
#define WASMTIER_WASI_SANDBOX_H_

#include <sys/types.h>

#include <optional>
#include <string>
#include <string_view>

#include "wasi/errno.h"
#include "wasi/unique_fd.h"

namespace wasmtier::wasi {

// Which resolver to use; kAuto probes openat2 once per process.
enum class ResolveMode { kAuto, kOpenat2, kWalker };
void SetResolveModeForTesting(ResolveMode mode);

struct OpenResult {
  UniqueFd fd;             // valid when error == kSuccess
  Errno error = Errno::kSuccess;
};

// open(2) of {path} relative to {dirfd} with {flags} (O_CLOEXEC always added)
// and {mode}. {follow_final}: whether a symlink as the last component is
// followed (WASI's LOOKUPFLAGS_SYMLINK_FOLLOW); otherwise it gives ELOOP, as
// O_NOFOLLOW does. Escapes are ENOTCAPABLE; a NUL byte in {path} is EINVAL;
// an empty path is ENOENT.
OpenResult OpenBeneath(int dirfd, std::string_view path, int flags, mode_t mode,
                       bool follow_final);

// For operations on a name rather than an open file (mkdir, unlink, rename,
// link, symlink, readlink, stat without following): the directory that
// contains {path}'s last component, opened beneath {dirfd} (intermediate
// symlinks followed, staying beneath), and that component. The component is a
// single name with no '/'; it is "." when the path names a directory by "."
// or ".." ("a/.", "."), so callers of *at(2) functions refuse or handle it:
// a last component ".." is resolved fully and reported as that directory plus
// ".", never as a name that climbs. Trailing slashes ("a/") are stripped from
// {name} and reported in {trailing_slash} (the name must then be a directory).
struct ParentResult {
  UniqueFd dir;
  std::string name;
  bool trailing_slash = false;
  Errno error = Errno::kSuccess;
};
ParentResult ResolveParent(int dirfd, std::string_view path);

// readlinkat({dir}, {name}): the target if {name} is a symlink; nullopt if it
// is not, is absent, or its target does not fit PATH_MAX. Shared by the
// walker and ResolveFinal (fns_path.h).
std::optional<std::string> ReadLinkAt(int dir, const std::string& name);

}  // namespace wasmtier::wasi

#endif  // WASMTIER_WASI_SANDBOX_H_
