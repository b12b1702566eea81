// The path functions that act on names rather than open files: mkdir, rmdir,
// unlink, rename, link, symlink, readlink. Each resolves the containing
// directory beneath the guest's descriptor (ResolveParent) and then calls the
// *at(2) function on the last component alone, never letting the kernel
// follow a symlink there.
#include <fcntl.h>
#include <limits.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <string>

#include "wasi/fn_util.h"
#include "wasi/fns_path.h"
#include "wasi/types.h"

namespace wasmtier::wasi {
namespace {

// The name for the *at(2) call, with the path's trailing slash put back: the
// kernel then insists on a directory (ENOTDIR/EISDIR as POSIX wants) but
// never follows a symlink for unlinkat, rmdir, renameat, mkdirat, symlinkat
// or linkat's new name, whose last component it looks up without following.
std::string AtName(const ParentResult& parent) {
  return parent.trailing_slash ? parent.name + "/" : parent.name;
}

Errno ErrnoOf(int rc) { return rc < 0 ? HostErrno() : Errno::kSuccess; }

// The guest's directory {fd} (with {rights}) and the path at {ptr}/{len}
// resolved to its parent directory.
Errno ResolveGuestParent(WasiCtx& ctx, const GuestMemory& memory, uint32_t fd, uint64_t rights,
                         uint32_t ptr, uint32_t len, ParentResult* out) {
  FdEntry* dir;
  if (Errno e = LookupDir(ctx, fd, rights, &dir); e != Errno::kSuccess) return e;
  std::string_view path;
  if (Errno e = GuestPath(memory, ptr, len, &path); e != Errno::kSuccess) return e;
  *out = ResolveParent(dir->host.get(), path);
  return out->error;
}

// The one-path functions (fd, path, path_len): resolve with {right}, answer
// {on_dot} for a path naming the directory itself ("." or ".."), else run
// {op} on the parent and last component.
template <typename Op>
Errno OnOneName(WasiCtx& ctx, const GuestMemory& memory, const uint64_t* args, uint64_t right,
                Errno on_dot, Op op) {
  ParentResult parent;
  if (Errno e = ResolveGuestParent(ctx, memory, ArgU32(args, 0), right, ArgU32(args, 1),
                                   ArgU32(args, 2), &parent);
      e != Errno::kSuccess) {
    return e;
  }
  if (parent.name == ".") return on_dot;
  return ErrnoOf(op(parent.dir.get(), AtName(parent).c_str()));
}

}  // namespace

// path_create_directory(fd, path, path_len). "." and ".." always exist.
absl::StatusOr<Errno> PathCreateDirectory(WasiCtx& ctx, const GuestMemory& memory,
                                          const uint64_t* args) {
  return OnOneName(ctx, memory, args, kRightPathCreateDirectory, Errno::kExist,
                   [](int dir, const char* name) { return ::mkdirat(dir, name, 0777); });
}

// path_remove_directory(fd, path, path_len). rmdir(".") is EINVAL in POSIX.
absl::StatusOr<Errno> PathRemoveDirectory(WasiCtx& ctx, const GuestMemory& memory,
                                          const uint64_t* args) {
  return OnOneName(ctx, memory, args, kRightPathRemoveDirectory, Errno::kInval,
                   [](int dir, const char* name) { return ::unlinkat(dir, name, AT_REMOVEDIR); });
}

// path_unlink_file(fd, path, path_len). Linux answers EISDIR for a directory
// (POSIX allows EPERM); wasmtime passes the host's answer on, and so do we.
absl::StatusOr<Errno> PathUnlinkFile(WasiCtx& ctx, const GuestMemory& memory,
                                     const uint64_t* args) {
  return OnOneName(ctx, memory, args, kRightPathUnlinkFile, Errno::kIsdir,
                   [](int dir, const char* name) { return ::unlinkat(dir, name, 0); });
}

// path_rename(fd, old_path, old_len, new_fd, new_path, new_len)
absl::StatusOr<Errno> PathRename(WasiCtx& ctx, const GuestMemory& memory, const uint64_t* args) {
  ParentResult from, to;
  if (Errno e = ResolveGuestParent(ctx, memory, ArgU32(args, 0), kRightPathRenameSource,
                                   ArgU32(args, 1), ArgU32(args, 2), &from);
      e != Errno::kSuccess) {
    return e;
  }
  if (Errno e = ResolveGuestParent(ctx, memory, ArgU32(args, 3), kRightPathRenameTarget,
                                   ArgU32(args, 4), ArgU32(args, 5), &to);
      e != Errno::kSuccess) {
    return e;
  }
  // rename(2) of "." or ".." (either side) is EBUSY on Linux.
  if (from.name == "." || to.name == ".") return Errno::kBusy;
  return ErrnoOf(::renameat(from.dir.get(), AtName(from).c_str(), to.dir.get(),
                            AtName(to).c_str()));
}

// path_link(old_fd, old_flags, old_path, old_len, new_fd, new_path, new_len).
// With SYMLINK_FOLLOW the source link is expanded by ResolveFinal, beneath
// the directory, rather than by linkat's AT_SYMLINK_FOLLOW.
absl::StatusOr<Errno> PathLink(WasiCtx& ctx, const GuestMemory& memory, const uint64_t* args) {
  if (ArgU32(args, 1) & ~kLookupflagsSymlinkFollow) return Errno::kInval;  // undefined bits
  FdEntry* old_dir;
  if (Errno e = LookupDir(ctx, ArgU32(args, 0), kRightPathLinkSource, &old_dir);
      e != Errno::kSuccess) {
    return e;
  }
  std::string_view old_path;
  if (Errno e = GuestPath(memory, ArgU32(args, 2), ArgU32(args, 3), &old_path);
      e != Errno::kSuccess) {
    return e;
  }
  ParentResult to;
  if (Errno e = ResolveGuestParent(ctx, memory, ArgU32(args, 4), kRightPathLinkTarget,
                                   ArgU32(args, 5), ArgU32(args, 6), &to);
      e != Errno::kSuccess) {
    return e;
  }
  bool follow = (ArgU32(args, 1) & kLookupflagsSymlinkFollow) != 0;
  ParentResult from = ResolveFinal(old_dir->host.get(), old_path, follow);
  if (from.error != Errno::kSuccess) return from.error;
  if (from.name == ".") return Errno::kPerm;  // a directory cannot be hard-linked
  if (from.trailing_slash) {
    // linkat would follow a symlink named "x/" itself; answer as it would
    // once ResolveFinal has done the following: only a directory fits a
    // trailing slash, and directories cannot be linked.
    struct stat st;
    if (::fstatat(from.dir.get(), from.name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) {
      return HostErrno();
    }
    return S_ISDIR(st.st_mode) ? Errno::kPerm : Errno::kNotdir;
  }
  if (to.name == ".") return Errno::kExist;
  return ErrnoOf(
      ::linkat(from.dir.get(), from.name.c_str(), to.dir.get(), AtName(to).c_str(), 0));
}

// path_symlink(old_path, old_len, fd, new_path, new_len). The target text is
// stored as given: it is only ever resolved later, through the sandbox, so an
// absolute or climbing target cannot be used to escape.
absl::StatusOr<Errno> PathSymlink(WasiCtx& ctx, const GuestMemory& memory, const uint64_t* args) {
  std::string_view target;
  if (Errno e = GuestPath(memory, ArgU32(args, 0), ArgU32(args, 1), &target);
      e != Errno::kSuccess) {
    return e;
  }
  if (target.find('\0') != std::string_view::npos) return Errno::kInval;
  if (target.empty()) return Errno::kNoent;  // as symlink(2)
  if (target.size() >= PATH_MAX) return Errno::kNametoolong;
  std::string target_text(target);  // NUL-terminated, and a copy before guest memory may change
  ParentResult link;
  if (Errno e = ResolveGuestParent(ctx, memory, ArgU32(args, 2), kRightPathSymlink,
                                   ArgU32(args, 3), ArgU32(args, 4), &link);
      e != Errno::kSuccess) {
    return e;
  }
  if (link.name == ".") return Errno::kExist;
  return ErrnoOf(::symlinkat(target_text.c_str(), link.dir.get(), AtName(link).c_str()));
}

// path_readlink(fd, path, path_len, buf, buf_len, bufused_ptr). A target
// longer than the buffer is truncated to it (readlink(2)'s rule, which
// wasi-libc relies on to size its buffer); bufused says how much was written.
absl::StatusOr<Errno> PathReadlink(WasiCtx& ctx, const GuestMemory& memory, const uint64_t* args) {
  FdEntry* dir;
  if (Errno e = LookupDir(ctx, ArgU32(args, 0), kRightPathReadlink, &dir); e != Errno::kSuccess) {
    return e;
  }
  std::string_view path;
  if (Errno e = GuestPath(memory, ArgU32(args, 1), ArgU32(args, 2), &path); e != Errno::kSuccess) {
    return e;
  }
  uint32_t buf = ArgU32(args, 3), buf_len = ArgU32(args, 4), used_ptr = ArgU32(args, 5);
  std::optional<std::span<uint8_t>> out = memory.Span(buf, buf_len);
  if (!out || !Writable(memory, used_ptr, sizeof(uint32_t))) return Errno::kFault;
  ParentResult parent = ResolveParent(dir->host.get(), path);
  if (parent.error != Errno::kSuccess) return parent.error;
  if (parent.trailing_slash) {
    // "link/" names what the link points to (a directory), never a link:
    // report why it fails beneath the sandbox, else EINVAL (not a link).
    OpenResult target = OpenBeneath(dir->host.get(), path, O_PATH, 0, true);
    return target.error != Errno::kSuccess ? target.error : Errno::kInval;
  }
  if (parent.name == ".") return Errno::kInval;  // a directory is not a link
  std::string text(PATH_MAX, '\0');
  ssize_t n = ::readlinkat(parent.dir.get(), parent.name.c_str(), text.data(), text.size());
  if (n < 0) return HostErrno();
  uint32_t used = static_cast<uint32_t>(std::min<size_t>(static_cast<size_t>(n), buf_len));
  if (used > 0) std::memcpy(out->data(), text.data(), used);
  return StoreOut(memory, used_ptr, used);
}

}  // namespace wasmtier::wasi
