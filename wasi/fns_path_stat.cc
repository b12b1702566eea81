// path_filestat_get and path_filestat_set_times: metadata of a file named by
// a path beneath a guest directory, following a last symlink only when the
// guest's lookupflags say so (and then beneath the directory too).
#include <fcntl.h>
#include <sys/stat.h>
#include <time.h>

#include "wasi/fn_util.h"
#include "wasi/fns_path.h"
#include "wasi/host_fd.h"
#include "wasi/types.h"

namespace wasmtier::wasi {

// path_filestat_get(fd, flags, path, path_len, filestat_ptr). The file is
// opened with O_PATH (no read permission needed, FIFOs do not block) and
// fstat'ed: the resolver has already settled which object the path names.
absl::StatusOr<Errno> PathFilestatGet(WasiCtx& ctx, const GuestMemory& memory,
                                      const uint64_t* args) {
  if (ArgU32(args, 1) & ~kLookupflagsSymlinkFollow) return Errno::kInval;
  FdEntry* dir;
  if (Errno e = LookupDir(ctx, ArgU32(args, 0), kRightPathFilestatGet, &dir);
      e != Errno::kSuccess) {
    return e;
  }
  std::string_view path;
  if (Errno e = GuestPath(memory, ArgU32(args, 2), ArgU32(args, 3), &path); e != Errno::kSuccess) {
    return e;
  }
  uint32_t out = ArgU32(args, 4);
  if (!Writable(memory, out, kFilestatSize)) return Errno::kFault;
  bool follow = (ArgU32(args, 1) & kLookupflagsSymlinkFollow) != 0;
  OpenResult file = OpenBeneath(dir->host.get(), path, O_PATH, 0, follow);
  if (file.error != Errno::kSuccess) return file.error;
  struct stat st;
  if (::fstat(file.fd.get(), &st) != 0) return HostErrno();
  GuestStruct<kFilestatSize> bytes;
  // fd -1: an O_PATH descriptor cannot be asked a socket's kind.
  EncodeFilestat(st, -1, bytes.bytes);
  return StoreOut(memory, out, bytes);
}

// path_filestat_set_times(fd, flags, path, path_len, atim, mtim, fst_flags).
// fstflags as for fd_filestat_set_times (FstflagsToTimespecs).
absl::StatusOr<Errno> PathFilestatSetTimes(WasiCtx& ctx, const GuestMemory& memory,
                                           const uint64_t* args) {
  if (ArgU32(args, 1) & ~kLookupflagsSymlinkFollow) return Errno::kInval;
  FdEntry* dir;
  if (Errno e = LookupDir(ctx, ArgU32(args, 0), kRightPathFilestatSetTimes, &dir);
      e != Errno::kSuccess) {
    return e;
  }
  std::string_view path;
  if (Errno e = GuestPath(memory, ArgU32(args, 2), ArgU32(args, 3), &path); e != Errno::kSuccess) {
    return e;
  }
  uint64_t atim = ArgU64(args, 4), mtim = ArgU64(args, 5);
  uint32_t flags = ArgU32(args, 6);
  struct timespec times[2];
  if (Errno e = FstflagsToTimespecs(atim, mtim, flags, times); e != Errno::kSuccess) return e;

  bool follow = (ArgU32(args, 1) & kLookupflagsSymlinkFollow) != 0;
  // utimensat cannot work on an O_PATH descriptor, so the last component is
  // found by ResolveFinal and changed with AT_SYMLINK_NOFOLLOW.
  ParentResult target = ResolveFinal(dir->host.get(), path, follow);
  if (target.error != Errno::kSuccess) return target.error;
  if (target.trailing_slash) {
    struct stat st;
    if (::fstatat(target.dir.get(), target.name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) {
      return HostErrno();
    }
    if (!S_ISDIR(st.st_mode)) return Errno::kNotdir;
  }
  if (::utimensat(target.dir.get(), target.name.c_str(), times, AT_SYMLINK_NOFOLLOW) != 0) {
    return HostErrno();
  }
  return Errno::kSuccess;
}

}  // namespace wasmtier::wasi
