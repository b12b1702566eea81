// path_open, the helpers every path function shares (fns_path.h), and
// PathFunctions(): the path_* imports and fd_readdir. Guest paths are only
// ever resolved beneath a directory descriptor through sandbox.h.
#include "wasi/fns_path.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <optional>
#include <string>

#include "wasi/fn_util.h"
#include "wasi/host_fd.h"
#include "wasi/types.h"

namespace wasmtier::wasi {

Errno GuestPath(const GuestMemory& memory, uint32_t ptr, uint32_t len, std::string_view* out) {
  std::optional<std::string_view> text = memory.String(ptr, len);
  if (!text) return Errno::kFault;
  *out = *text;
  return Errno::kSuccess;
}

Errno LookupDir(WasiCtx& ctx, uint32_t fd, uint64_t rights, FdEntry** out) {
  FdEntry* entry = ctx.Get(fd);
  if (entry == nullptr) return Errno::kBadf;
  if (entry->filetype != kFiletypeDirectory) return Errno::kNotdir;
  return ctx.Lookup(fd, rights, out);
}

ParentResult ResolveFinal(int dirfd, std::string_view path, bool follow) {
  // Linux's MAXSYMLINKS, as the resolvers of sandbox.cc use.
  constexpr int kMaxExpansions = 40;
  // {path} is only copied once a link must be expanded, after ResolveParent
  // has bounded its length.
  std::string current;
  std::string_view view = path;
  for (int expansions = 0;; ++expansions) {
    ParentResult result = ResolveParent(dirfd, view);
    if (result.error != Errno::kSuccess) return result;
    // A trailing slash follows the last symlink, as POSIX path resolution does.
    if (!(follow || result.trailing_slash) || result.name == ".") return result;
    std::optional<std::string> target = ReadLinkAt(result.dir.get(), result.name);
    if (!target) return result;  // not a symlink (or absent: the caller says so)
    ParentResult failed;
    if (expansions == kMaxExpansions) {
      failed.error = Errno::kLoop;
      return failed;
    }
    if (target->empty() || target->front() == '/') {
      failed.error = target->empty() ? Errno::kNoent : Errno::kNotcapable;
      return failed;
    }
    // The link's text replaces the last component, relative to the same
    // directory: re-resolving "parent/target" from {dirfd} keeps every step
    // beneath it.
    std::string_view trimmed = view;
    while (trimmed.size() > 1 && trimmed.back() == '/') trimmed.remove_suffix(1);
    size_t slash = trimmed.rfind('/');
    std::string next(slash == std::string_view::npos ? "" : trimmed.substr(0, slash + 1));
    next += *target;
    if (result.trailing_slash) next += '/';
    current = std::move(next);
    view = current;
  }
}

namespace {

// The host open(2) flags for a path_open, or EINVAL for contradictory
// oflags (a directory cannot be created, truncated or opened exclusively
// through O_DIRECTORY: wasmtime refuses those too).
Errno OpenFlags(uint32_t oflags, uint64_t rights_base, uint32_t fdflags, int* out) {
  int flags = O_NOCTTY;  // a terminal opened by the guest never becomes ours
  if (oflags & kOflagsDirectory) {
    if (oflags & (kOflagsCreat | kOflagsExcl | kOflagsTrunc)) return Errno::kInval;
    flags |= O_DIRECTORY | O_RDONLY;
  } else {
    // The access mode follows FD_READ and FD_WRITE alone, as wasmtime decides
    // it: Go's wasip1 port asks for FD_FILESTAT_SET_SIZE and friends even
    // for reading, and a read-only file must still open.
    bool read = rights_base & kRightFdRead;
    bool write = rights_base & kRightFdWrite;
    flags |= read && write ? O_RDWR : write ? O_WRONLY : O_RDONLY;
    if (oflags & kOflagsCreat) flags |= O_CREAT;
    if (oflags & kOflagsExcl) flags |= O_EXCL;
    if (oflags & kOflagsTrunc) flags |= O_TRUNC;
  }
  if (fdflags & kFdflagsAppend) flags |= O_APPEND;
  // Always nonblocking while opening: open(2) of a FIFO waits for its other
  // end (uninterruptibly, in the kernel), so a FIFO placed in the preopen
  // could hang the guest past any interrupt. PathOpen clears the flag again
  // unless the guest asked for NONBLOCK. The one visible difference: a FIFO
  // opened write-only with no reader is ENXIO instead of a wait.
  flags |= O_NONBLOCK;
  if (fdflags & kFdflagsDsync) flags |= O_DSYNC;
  if (fdflags & (kFdflagsSync | kFdflagsRsync)) flags |= O_SYNC;
  *out = flags;
  return Errno::kSuccess;
}

// What the directory must hold for this path_open: in its base rights the
// operations (PATH_OPEN, PATH_CREATE_FILE for CREAT, PATH_FILESTAT_SET_SIZE
// for TRUNC), and among the rights it may hand out every requested base
// right (plus FD_DATASYNC/FD_SYNC for the sync fdflags). Asking for more is
// ENOTCAPABLE, as in the spec's rights model (uvwasi, wasmtime before its
// preview-2 rewrite). The requested inheriting rights are narrowed, not
// refused: Go's wasip1 port asks for all 32 low bits there.
struct NeededRights {
  uint64_t dir_base = kRightPathOpen;
  uint64_t dir_inheriting = 0;
};
NeededRights RightsFor(uint32_t oflags, uint64_t base, uint32_t fdflags) {
  NeededRights needed;
  if (oflags & kOflagsCreat) needed.dir_base |= kRightPathCreateFile;
  if (oflags & kOflagsTrunc) needed.dir_base |= kRightPathFilestatSetSize;
  needed.dir_inheriting = base;
  if (fdflags & kFdflagsDsync) needed.dir_inheriting |= kRightFdDatasync;
  if (fdflags & (kFdflagsRsync | kFdflagsSync)) needed.dir_inheriting |= kRightFdSync;
  return needed;
}

constexpr uint32_t kOflagsAll = kOflagsCreat | kOflagsDirectory | kOflagsExcl | kOflagsTrunc;

}  // namespace

// path_open(fd, dirflags, path, path_len, oflags, rights_base, rights_inheriting,
//           fdflags, opened_fd_ptr)
absl::StatusOr<Errno> PathOpen(WasiCtx& ctx, const GuestMemory& memory, const uint64_t* args) {
  uint32_t dirflags = ArgU32(args, 1), oflags = ArgU32(args, 4), fdflags = ArgU32(args, 7);
  uint64_t base = ArgU64(args, 5), inheriting = ArgU64(args, 6);
  uint32_t out_ptr = ArgU32(args, 8);
  // Flag bits the spec does not define are EINVAL (wasmtime checks them
  // before anything else too).
  if ((dirflags & ~kLookupflagsSymlinkFollow) || (oflags & ~kOflagsAll) ||
      (fdflags & ~uint32_t{kFdflagsAll})) {
    return Errno::kInval;
  }
  NeededRights needed = RightsFor(oflags, base, fdflags);
  FdEntry* dir;
  if (Errno e = LookupDir(ctx, ArgU32(args, 0), needed.dir_base, &dir); e != Errno::kSuccess) {
    return e;
  }
  if ((dir->rights_inheriting & needed.dir_inheriting) != needed.dir_inheriting) {
    return Errno::kNotcapable;
  }
  std::string_view path;
  if (Errno e = GuestPath(memory, ArgU32(args, 2), ArgU32(args, 3), &path); e != Errno::kSuccess) {
    return e;
  }
  // A bad result pointer fails before anything is created or truncated.
  if (!Writable(memory, out_ptr, sizeof(uint32_t))) return Errno::kFault;
  int flags;
  if (Errno e = OpenFlags(oflags, base, fdflags, &flags); e != Errno::kSuccess) return e;
  // The guest descriptor is taken first: with a full table (EMFILE) nothing
  // may be created or truncated. {dir} is read before Insert, which may move
  // the table's entries.
  int dir_fd = dir->host.get();
  uint64_t dir_inheriting = dir->rights_inheriting;
  std::optional<uint32_t> fd = ctx.Insert(FdEntry{});
  if (!fd) return Errno::kMfile;
  OpenResult opened =
      OpenBeneath(dir_fd, path, flags, 0666, (dirflags & kLookupflagsSymlinkFollow) != 0);
  if (opened.error != Errno::kSuccess) {
    ctx.Close(*fd);
    return opened.error;
  }
  if (!(fdflags & kFdflagsNonblock)) {
    int status = ::fcntl(opened.fd.get(), F_GETFL);
    if (status < 0 || ::fcntl(opened.fd.get(), F_SETFL, status & ~O_NONBLOCK) < 0) {
      Errno e = HostErrno();
      ctx.Close(*fd);
      return e;
    }
  }
  FdEntry& entry = *ctx.Get(*fd);
  entry.filetype = HostFiletype(opened.fd.get());
  // The new descriptor gets what was asked for, within what its kind allows
  // and (inheriting) what the directory may hand on.
  entry.rights_base = base & BaseRightsFor(entry.filetype);
  entry.rights_inheriting = inheriting & dir_inheriting & InheritingRightsFor(entry.filetype);
  entry.fdflags = static_cast<uint16_t>(fdflags & kFdflagsAll);
  entry.host = std::move(opened.fd);
  return StoreOut(memory, out_ptr, *fd);
}

namespace {

constexpr WasiFunction kFunctions[] = {
    {"fd_readdir", "iiiIi", true, FdReaddir},
    {"path_create_directory", "iii", true, PathCreateDirectory},
    {"path_filestat_get", "iiiii", true, PathFilestatGet},
    {"path_filestat_set_times", "iiiiIIi", true, PathFilestatSetTimes},
    {"path_link", "iiiiiii", true, PathLink},
    {"path_open", "iiiiiIIii", true, PathOpen},
    {"path_readlink", "iiiiii", true, PathReadlink},
    {"path_remove_directory", "iii", true, PathRemoveDirectory},
    {"path_rename", "iiiiii", true, PathRename},
    {"path_symlink", "iiiii", true, PathSymlink},
    {"path_unlink_file", "iii", true, PathUnlinkFile},
};

}  // namespace

std::span<const WasiFunction> PathFunctions() { return kFunctions; }

}  // namespace wasmtier::wasi
