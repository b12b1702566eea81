// Resolution of guest paths beneath a directory descriptor (sandbox.h): the
// kernel's openat2(RESOLVE_BENEATH) where it works, else a user-space walker
// that opens one component at a time and never asks the kernel to climb.
#include "wasi/sandbox.h"

#include <fcntl.h>
#include <linux/openat2.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <climits>
#include <deque>
#include <optional>
#include <string>
#include <vector>

namespace wasmtier::wasi {

std::optional<std::string> ReadLinkAt(int dir, const std::string& name) {
  std::string buffer(PATH_MAX, '\0');
  ssize_t n = readlinkat(dir, name.c_str(), buffer.data(), buffer.size());
  if (n < 0 || static_cast<size_t>(n) >= buffer.size()) return std::nullopt;
  buffer.resize(static_cast<size_t>(n));
  return buffer;
}

namespace {

// Linux's limit on symlink expansions in one lookup (MAXSYMLINKS).
constexpr int kMaxSymlinkExpansions = 40;
// openat2 fails with EAGAIN when a rename or mount raced a `..` step; the
// kernel's advice is to retry. Past this many tries the walker, which no
// race can make fail spuriously, answers instead.
constexpr int kMaxOpenat2Retries = 64;

// 0 = not probed yet (kAuto), else a ResolveMode value.
std::atomic<int> g_mode{0};

int ProbeMode() {
  int mode = g_mode.load(std::memory_order_acquire);
  if (mode != 0) return mode;
  open_how how{};
  how.flags = O_PATH | O_DIRECTORY | O_CLOEXEC;
  how.resolve = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS;
  long fd = syscall(SYS_openat2, AT_FDCWD, ".", &how, sizeof(how));
  // ENOSYS: an old kernel, or a seccomp filter that hides it (EPERM too);
  // E2BIG/EINVAL: a kernel that knows openat2 but not these fields/flags.
  mode = static_cast<int>(fd >= 0 ? ResolveMode::kOpenat2 : ResolveMode::kWalker);
  if (fd >= 0) ::close(static_cast<int>(fd));
  g_mode.store(mode, std::memory_order_release);
  return mode;
}

// The checks both resolvers make before touching the file system.
Errno CheckGuestPath(std::string_view path) {
  if (path.find('\0') != std::string_view::npos) return Errno::kInval;
  if (path.empty()) return Errno::kNoent;
  if (path.size() >= PATH_MAX) return Errno::kNametoolong;
  if (path.front() == '/') return Errno::kNotcapable;
  return Errno::kSuccess;
}

OpenResult Failure(Errno error) { return OpenResult{UniqueFd(), error}; }
OpenResult FailureFromErrno(int host_errno) { return Failure(FromHostErrno(host_errno)); }

OpenResult OpenWithWalker(int dirfd, std::string_view path, int flags, mode_t mode,
                          bool follow_final);

OpenResult OpenWithOpenat2(int dirfd, std::string_view path, int flags, mode_t mode,
                           bool follow_final) {
  std::string text(path);
  open_how how{};
  how.flags = static_cast<uint64_t>(flags | O_CLOEXEC | (follow_final ? 0 : O_NOFOLLOW));
  // O_TMPFILE/O_CREAT are the only cases where the kernel accepts a mode.
  if ((flags & O_CREAT) || (flags & O_TMPFILE) == O_TMPFILE) how.mode = mode;
  how.resolve = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS;
  for (int attempt = 0;; ++attempt) {
    long fd = syscall(SYS_openat2, dirfd, text.c_str(), &how, sizeof(how));
    if (fd >= 0) return OpenResult{UniqueFd(static_cast<int>(fd)), Errno::kSuccess};
    int e = errno;
    if (e == EINTR) continue;
    if (e == EAGAIN) {
      if (attempt < kMaxOpenat2Retries) continue;
      return OpenWithWalker(dirfd, path, flags, mode, follow_final);
    }
    // EXDEV: the walk would have left the tree (`..` past the top, an
    // absolute symlink, a magic link).
    if (e == EXDEV) return Failure(Errno::kNotcapable);
    return FailureFromErrno(e);
  }
}

// The user-space resolver. It keeps a stack of the directories it has opened
// beneath {root}; every open is one component relative to the top of that
// stack with O_NOFOLLOW, and `..` pops the stack. So whatever another process
// renames meanwhile, the walk only ever enters directories it reached by
// descending from {root}, and climbing can never pass {root}.
class Walker {
 public:
  explicit Walker(int root) : root_(root) {}

  // Queues {path}'s components in front of those still pending (a symlink's
  // target replaces the link). {is_last}: the text stands for the last
  // component, so a trailing '/' requires a directory.
  Errno Push(std::string_view path, bool is_last) {
    if (path.empty()) return Errno::kNoent;  // an empty symlink target
    if (path.front() == '/') return Errno::kNotcapable;
    std::vector<std::string> parts;
    size_t pos = 0;
    while (pos < path.size()) {
      size_t slash = path.find('/', pos);
      if (slash == std::string_view::npos) slash = path.size();
      if (slash > pos) parts.emplace_back(path.substr(pos, slash - pos));
      pos = slash + 1;
    }
    if (is_last && path.back() == '/') must_be_dir_ = true;
    if (parts.empty()) parts.emplace_back(".");  // "./" or a target of "./"
    pending_.insert(pending_.begin(), parts.begin(), parts.end());
    return Errno::kSuccess;
  }

  // Expands the symlink {name} (in the current directory) into the pending
  // components; ELOOP past the expansion limit.
  Errno ExpandSymlink(const std::string& target, bool is_last) {
    if (++expansions_ > kMaxSymlinkExpansions) return Errno::kLoop;
    return Push(target, is_last);
  }

  // Walks every pending component but the last, expanding symlinks, then
  // settles the last: "." and ".." are applied (the result is "."), so
  // afterwards {current()} holds the final component {name()}.
  Errno WalkToLast();

  int current() const { return stack_.empty() ? root_ : stack_.back().get(); }
  const std::string& name() const { return final_; }
  bool must_be_dir() const { return must_be_dir_; }

 private:
  Errno Enter(const std::string& component);
  Errno Climb() {
    if (stack_.empty()) return Errno::kNotcapable;
    stack_.pop_back();
    return Errno::kSuccess;
  }

  int root_;
  std::vector<UniqueFd> stack_;      // directories opened beneath root_
  std::deque<std::string> pending_;  // components still to walk, front first
  std::string final_;
  int expansions_ = 0;
  bool must_be_dir_ = false;
};

// One intermediate component: a directory to push, a symlink to expand, or
// `..` to pop.
Errno Walker::Enter(const std::string& component) {
  if (component == ".") return Errno::kSuccess;
  if (component == "..") return Climb();
  int fd = openat(current(), component.c_str(),
                  O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (fd >= 0) {
    stack_.emplace_back(fd);
    return Errno::kSuccess;
  }
  int e = errno;
  // A symlink opened with O_PATH|O_NOFOLLOW|O_DIRECTORY fails ENOTDIR (or
  // ELOOP on some kernels); tell it from a real non-directory by reading it.
  if (e == ENOTDIR || e == ELOOP) {
    if (auto target = ReadLinkAt(current(), component)) return ExpandSymlink(*target, false);
  }
  return FromHostErrno(e);
}

Errno Walker::WalkToLast() {
  while (pending_.size() > 1) {
    std::string component = std::move(pending_.front());
    pending_.pop_front();
    if (Errno e = Enter(component); e != Errno::kSuccess) return e;
  }
  std::string last = std::move(pending_.front());
  pending_.pop_front();
  if (last == "..") {
    if (Errno e = Climb(); e != Errno::kSuccess) return e;
    last = ".";
  }
  final_ = std::move(last);
  return Errno::kSuccess;
}

OpenResult OpenWithWalker(int dirfd, std::string_view path, int flags, mode_t mode,
                          bool follow_final) {
  if (flags & O_NOFOLLOW) follow_final = false;
  flags &= ~O_NOFOLLOW;
  // O_CREAT|O_EXCL never follows a final symlink (it is EEXIST), as open(2).
  if ((flags & O_CREAT) && (flags & O_EXCL)) follow_final = false;
  Walker walker(dirfd);
  if (Errno e = walker.Push(path, true); e != Errno::kSuccess) return Failure(e);
  for (;;) {
    if (Errno e = walker.WalkToLast(); e != Errno::kSuccess) return Failure(e);
    const std::string& name = walker.name();
    // A trailing slash follows the last symlink whatever the flags say.
    bool follow = name != "." && (follow_final || walker.must_be_dir());
    if (follow) {
      if (auto target = ReadLinkAt(walker.current(), name)) {
        if (Errno e = walker.ExpandSymlink(*target, true); e != Errno::kSuccess) return Failure(e);
        continue;
      }
    }
    int open_flags = flags | O_NOFOLLOW | O_CLOEXEC;
    if (walker.must_be_dir()) {
      if (flags & O_CREAT) return Failure(Errno::kIsdir);  // open("x/", O_CREAT)
      open_flags |= O_DIRECTORY;
    }
    int fd = openat(walker.current(), name.c_str(), open_flags, mode);
    if (fd >= 0) return OpenResult{UniqueFd(fd), Errno::kSuccess};
    int e = errno;
    if (e == EINTR) continue;
    // The name became a symlink between our readlinkat and openat: follow it.
    if (follow && (e == ELOOP || e == ENOTDIR)) {
      if (auto target = ReadLinkAt(walker.current(), name)) {
        if (Errno err = walker.ExpandSymlink(*target, true); err != Errno::kSuccess) {
          return Failure(err);
        }
        continue;
      }
    }
    return FailureFromErrno(e);
  }
}

UniqueFd Reopen(int dirfd) {
  return UniqueFd(openat(dirfd, ".", O_PATH | O_DIRECTORY | O_CLOEXEC));
}

}  // namespace

void SetResolveModeForTesting(ResolveMode mode) {
  g_mode.store(mode == ResolveMode::kAuto ? 0 : static_cast<int>(mode),
               std::memory_order_release);
}

OpenResult OpenBeneath(int dirfd, std::string_view path, int flags, mode_t mode,
                       bool follow_final) {
  if (Errno e = CheckGuestPath(path); e != Errno::kSuccess) return Failure(e);
  if (ProbeMode() == static_cast<int>(ResolveMode::kOpenat2)) {
    return OpenWithOpenat2(dirfd, path, flags, mode, follow_final);
  }
  return OpenWithWalker(dirfd, path, flags, mode, follow_final);
}

ParentResult ResolveParent(int dirfd, std::string_view path) {
  ParentResult result;
  if (Errno e = CheckGuestPath(path); e != Errno::kSuccess) {
    result.error = e;
    return result;
  }
  while (path.size() > 1 && path.back() == '/') {
    path.remove_suffix(1);
    result.trailing_slash = true;
  }
  size_t slash = path.rfind('/');
  std::string_view parent = slash == std::string_view::npos ? "" : path.substr(0, slash + 1);
  std::string_view name = slash == std::string_view::npos ? path : path.substr(slash + 1);
  // A last ".." names the directory it climbs to: resolve all of it (beneath).
  std::string_view dir_path = name == ".." ? path : parent;
  if (dir_path.empty()) {
    result.dir = Reopen(dirfd);
    if (!result.dir.valid()) result.error = FromHostErrno(errno);
  } else {
    OpenResult dir = OpenBeneath(dirfd, dir_path, O_PATH | O_DIRECTORY, 0, true);
    result.dir = std::move(dir.fd);
    result.error = dir.error;
  }
  if (result.error != Errno::kSuccess) return result;
  result.name = (name == "." || name == "..") ? "." : std::string(name);
  return result;
}

}  // namespace wasmtier::wasi
