// The descriptor-management fd_* functions (close, renumber, fdstat, filestat,
// prestat, advise, allocate, sync) and FdFunctions(), which also lists the
// data-moving ones of fns_fd_io.cc.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "wasi/fn_util.h"
#include "wasi/fns_fd_io.h"
#include "wasi/functions.h"
#include "wasi/host_fd.h"
#include "wasi/types.h"

namespace wasmtier::wasi {
namespace {

// Runs {op} on the host fd of {fd} once {rights} are checked; EINTR retried.
template <typename Op>
Errno WithFd(WasiCtx& ctx, uint32_t fd, uint64_t rights, Op op) {
  FdEntry* entry;
  if (Errno e = ctx.Lookup(fd, rights, &entry); e != Errno::kSuccess) return e;
  int rc;
  do {
    rc = op(entry->host.get());
  } while (rc < 0 && errno == EINTR);
  return rc < 0 ? HostErrno() : Errno::kSuccess;
}

absl::StatusOr<Errno> FdClose(WasiCtx& ctx, const GuestMemory&, const uint64_t* args) {
  // Closing a preopen is allowed (wasi-libc does it for unused ones).
  return ctx.Close(ArgU32(args, 0));
}

absl::StatusOr<Errno> FdRenumber(WasiCtx& ctx, const GuestMemory&, const uint64_t* args) {
  return ctx.Renumber(ArgU32(args, 0), ArgU32(args, 1));
}

absl::StatusOr<Errno> FdDatasync(WasiCtx& ctx, const GuestMemory&, const uint64_t* args) {
  return WithFd(ctx, ArgU32(args, 0), kRightFdDatasync, [](int fd) { return ::fdatasync(fd); });
}

absl::StatusOr<Errno> FdSync(WasiCtx& ctx, const GuestMemory&, const uint64_t* args) {
  return WithFd(ctx, ArgU32(args, 0), kRightFdSync, [](int fd) { return ::fsync(fd); });
}

// Offsets and lengths are u64 in WASI and signed off_t on the host: values
// the host cannot represent, or whose sum overflows, are EINVAL.
bool ValidRange(uint64_t offset, uint64_t len) {
  return offset <= static_cast<uint64_t>(INT64_MAX) && len <= static_cast<uint64_t>(INT64_MAX) &&
         offset + len <= static_cast<uint64_t>(INT64_MAX);
}

// posix_fadvise returns its error rather than setting errno.
absl::StatusOr<Errno> FdAdvise(WasiCtx& ctx, const GuestMemory&, const uint64_t* args) {
  uint64_t offset = ArgU64(args, 1), len = ArgU64(args, 2);
  FdEntry* entry;
  if (Errno e = ctx.Lookup(ArgU32(args, 0), kRightFdAdvise, &entry); e != Errno::kSuccess) return e;
  int advice;
  switch (ArgU32(args, 3)) {
    case kAdviceNormal:
      advice = POSIX_FADV_NORMAL;
      break;
    case kAdviceSequential:
      advice = POSIX_FADV_SEQUENTIAL;
      break;
    case kAdviceRandom:
      advice = POSIX_FADV_RANDOM;
      break;
    case kAdviceWillneed:
      advice = POSIX_FADV_WILLNEED;
      break;
    case kAdviceDontneed:
      advice = POSIX_FADV_DONTNEED;
      break;
    case kAdviceNoreuse:
      advice = POSIX_FADV_NOREUSE;
      break;
    default:
      return Errno::kInval;
  }
  if (!ValidRange(offset, len)) return Errno::kInval;
  int rc = ::posix_fadvise(entry->host.get(), static_cast<off_t>(offset), static_cast<off_t>(len),
                           advice);
  return rc == 0 ? Errno::kSuccess : FromHostErrno(rc);
}

// posix_fallocate; a filesystem that cannot preallocate (EOPNOTSUPP, which
// glibc passes through for e.g. some FUSE and tmpfs setups) is ENOTSUP. A
// zero length is EINVAL, as the host and POSIX have it.
absl::StatusOr<Errno> FdAllocate(WasiCtx& ctx, const GuestMemory&, const uint64_t* args) {
  uint64_t offset = ArgU64(args, 1), len = ArgU64(args, 2);
  FdEntry* entry;
  if (Errno e = ctx.Lookup(ArgU32(args, 0), kRightFdAllocate, &entry); e != Errno::kSuccess) {
    return e;
  }
  if (!ValidRange(offset, len)) return Errno::kInval;
  int rc;
  do {
    rc = ::posix_fallocate(entry->host.get(), static_cast<off_t>(offset), static_cast<off_t>(len));
  } while (rc == EINTR);
  if (rc == EOPNOTSUPP) return Errno::kNotsup;
  return rc == 0 ? Errno::kSuccess : FromHostErrno(rc);
}

// fd_fdstat_get needs no right: any open descriptor may be described.
absl::StatusOr<Errno> FdFdstatGet(WasiCtx& ctx, const GuestMemory& memory, const uint64_t* args) {
  FdEntry* entry = ctx.Get(ArgU32(args, 0));
  if (entry == nullptr) return Errno::kBadf;
  GuestStruct<kFdstatSize> out;
  out.Put<uint8_t>(kFdstatFiletype, entry->filetype);
  out.Put<uint16_t>(kFdstatFlags, entry->fdflags);
  out.Put<uint64_t>(kFdstatRightsBase, entry->rights_base);
  out.Put<uint64_t>(kFdstatRightsInheriting, entry->rights_inheriting);
  return StoreOut(memory, ArgU32(args, 1), out);
}

// APPEND and NONBLOCK are file-status flags Linux can change on an open file
// (F_SETFL). DSYNC, RSYNC and SYNC it silently ignores there, so asking for
// them is ENOTSUP rather than a success that does not happen. Stdio entries
// share the host's open file description: NONBLOCK set by the guest is seen
// by the embedder's descriptor too while the context lives; WasiCtx restores
// the host's flags when it dies (ctx.cc says why not emulate them).
absl::StatusOr<Errno> FdFdstatSetFlags(WasiCtx& ctx, const GuestMemory&, const uint64_t* args) {
  uint32_t flags = ArgU32(args, 1);
  FdEntry* entry;
  if (Errno e = ctx.Lookup(ArgU32(args, 0), kRightFdFdstatSetFlags, &entry); e != Errno::kSuccess) {
    return e;
  }
  if (flags & ~uint32_t{kFdflagsAll}) return Errno::kInval;
  if (flags & (kFdflagsDsync | kFdflagsRsync | kFdflagsSync)) return Errno::kNotsup;
  int host_flags = ::fcntl(entry->host.get(), F_GETFL);
  if (host_flags < 0) return HostErrno();
  if (Errno e = ctx.SaveHostFlags(*entry); e != Errno::kSuccess) return e;
  host_flags &= ~(O_APPEND | O_NONBLOCK);
  if (flags & kFdflagsAppend) host_flags |= O_APPEND;
  if (flags & kFdflagsNonblock) host_flags |= O_NONBLOCK;
  if (::fcntl(entry->host.get(), F_SETFL, host_flags) < 0) return HostErrno();
  entry->fdflags = static_cast<uint16_t>(flags);
  return Errno::kSuccess;
}

// Rights may only be dropped: asking for one the descriptor lacks is
// ENOTCAPABLE and changes nothing.
absl::StatusOr<Errno> FdFdstatSetRights(WasiCtx& ctx, const GuestMemory&, const uint64_t* args) {
  FdEntry* entry = ctx.Get(ArgU32(args, 0));
  if (entry == nullptr) return Errno::kBadf;
  uint64_t base = ArgU64(args, 1), inheriting = ArgU64(args, 2);
  if ((base & ~entry->rights_base) != 0 || (inheriting & ~entry->rights_inheriting) != 0) {
    return Errno::kNotcapable;
  }
  entry->rights_base = base;
  entry->rights_inheriting = inheriting;
  return Errno::kSuccess;
}

absl::StatusOr<Errno> FdFilestatGet(WasiCtx& ctx, const GuestMemory& memory, const uint64_t* args) {
  FdEntry* entry;
  if (Errno e = ctx.Lookup(ArgU32(args, 0), kRightFdFilestatGet, &entry); e != Errno::kSuccess) {
    return e;
  }
  uint32_t out = ArgU32(args, 1);
  if (!Writable(memory, out, kFilestatSize)) return Errno::kFault;
  struct stat st;
  if (::fstat(entry->host.get(), &st) != 0) return HostErrno();
  GuestStruct<kFilestatSize> bytes;
  EncodeFilestat(st, entry->host.get(), bytes.bytes);
  return StoreOut(memory, out, bytes);
}

absl::StatusOr<Errno> FdFilestatSetSize(WasiCtx& ctx, const GuestMemory&, const uint64_t* args) {
  uint64_t size = ArgU64(args, 1);
  if (size > static_cast<uint64_t>(INT64_MAX)) return Errno::kInval;
  return WithFd(ctx, ArgU32(args, 0), kRightFdFilestatSetSize,
                [size](int fd) { return ::ftruncate(fd, static_cast<off_t>(size)); });
}

// fd_filestat_set_times(fd, atim, mtim, fst_flags): see FstflagsToTimespecs.
absl::StatusOr<Errno> FdFilestatSetTimes(WasiCtx& ctx, const GuestMemory&, const uint64_t* args) {
  uint64_t atim = ArgU64(args, 1), mtim = ArgU64(args, 2);
  uint32_t flags = ArgU32(args, 3);
  struct timespec times[2];
  if (Errno e = FstflagsToTimespecs(atim, mtim, flags, times); e != Errno::kSuccess) return e;
  return WithFd(ctx, ArgU32(args, 0), kRightFdFilestatSetTimes,
                [&times](int fd) { return ::futimens(fd, times); });
}

// Only preopened directories have a prestat; any other descriptor, open or
// not, is EBADF (wasi-libc scans 3, 4, ... until EBADF to find preopens).
absl::StatusOr<Errno> FdPrestatGet(WasiCtx& ctx, const GuestMemory& memory, const uint64_t* args) {
  FdEntry* entry = ctx.Get(ArgU32(args, 0));
  if (entry == nullptr || !entry->preopen_name) return Errno::kBadf;
  GuestStruct<kPrestatSize> out;
  out.Put<uint8_t>(kPrestatTag, kPreopentypeDir);
  out.Put<uint32_t>(kPrestatDirNameLen, static_cast<uint32_t>(entry->preopen_name->size()));
  return StoreOut(memory, ArgU32(args, 1), out);
}

// The name without a NUL. A buffer shorter than the name is ENAMETOOLONG, as
// wasmtime answers (the spec names no error; wasi-libc sizes the buffer from
// fd_prestat_get, so only a confused guest sees it). A longer buffer gets the
// name in its first bytes and the rest untouched.
absl::StatusOr<Errno> FdPrestatDirName(WasiCtx& ctx, const GuestMemory& memory,
                                       const uint64_t* args) {
  FdEntry* entry = ctx.Get(ArgU32(args, 0));
  if (entry == nullptr || !entry->preopen_name) return Errno::kBadf;
  uint32_t ptr = ArgU32(args, 1), len = ArgU32(args, 2);
  const std::string& name = *entry->preopen_name;
  if (len < name.size()) return Errno::kNametoolong;
  std::optional<std::span<uint8_t>> out = memory.Span(ptr, name.size());
  if (!out) return Errno::kFault;
  std::memcpy(out->data(), name.data(), name.size());
  return Errno::kSuccess;
}

// One entry per line (clang-format would pack them).
// clang-format off
constexpr WasiFunction kFunctions[] = {
    {"fd_advise", "iIIi", true, FdAdvise},
    {"fd_allocate", "iII", true, FdAllocate},
    {"fd_close", "i", true, FdClose},
    {"fd_datasync", "i", true, FdDatasync},
    {"fd_fdstat_get", "ii", true, FdFdstatGet},
    {"fd_fdstat_set_flags", "ii", true, FdFdstatSetFlags},
    {"fd_fdstat_set_rights", "iII", true, FdFdstatSetRights},
    {"fd_filestat_get", "ii", true, FdFilestatGet},
    {"fd_filestat_set_size", "iI", true, FdFilestatSetSize},
    {"fd_filestat_set_times", "iIIi", true, FdFilestatSetTimes},
    {"fd_pread", "iiiIi", true, FdPread},
    {"fd_prestat_get", "ii", true, FdPrestatGet},
    {"fd_prestat_dir_name", "iii", true, FdPrestatDirName},
    {"fd_pwrite", "iiiIi", true, FdPwrite},
    {"fd_read", "iiii", true, FdRead},
    {"fd_renumber", "ii", true, FdRenumber},
    {"fd_seek", "iIii", true, FdSeek},
    {"fd_sync", "i", true, FdSync},
    {"fd_tell", "ii", true, FdTell},
    {"fd_write", "iiii", true, FdWrite},
};
// clang-format on

}  // namespace

std::span<const WasiFunction> FdFunctions() {
  return kFunctions;
}

}  // namespace wasmtier::wasi
