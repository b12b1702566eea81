// Host descriptors in WASI's terms (host_fd.h): filetype, initial rights,
// fdflags, filestat encoding and timestamp conversion.
#include "wasi/host_fd.h"

#include <fcntl.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include <cstring>

#include "wasi/types.h"

namespace wasmtier::wasi {

uint8_t FiletypeFromStat(const struct stat& st, int fd) {
  switch (st.st_mode & S_IFMT) {
    case S_IFREG:
      return kFiletypeRegularFile;
    case S_IFDIR:
      return kFiletypeDirectory;
    case S_IFCHR:
      return kFiletypeCharacterDevice;
    case S_IFBLK:
      return kFiletypeBlockDevice;
    case S_IFLNK:
      return kFiletypeSymbolicLink;
    case S_IFSOCK: {
      int type = 0;
      socklen_t len = sizeof type;
      if (fd >= 0 && ::getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &len) == 0 &&
          type == SOCK_DGRAM) {
        return kFiletypeSocketDgram;
      }
      return kFiletypeSocketStream;
    }
    default:
      return kFiletypeUnknown;  // FIFOs and anything else
  }
}

uint8_t HostFiletype(int fd) {
  struct stat st;
  if (::fstat(fd, &st) != 0) return kFiletypeUnknown;
  return FiletypeFromStat(st, fd);
}

bool IsHostSocket(int fd) {
  struct stat st;
  return ::fstat(fd, &st) == 0 && S_ISSOCK(st.st_mode);
}

uint64_t BaseRightsFor(uint8_t filetype) {
  switch (filetype) {
    case kFiletypeDirectory:
      return kRightsDirectory;
    case kFiletypeRegularFile:
    case kFiletypeBlockDevice:
    // Pipes keep seek/tell so fd_seek reports the host's ESPIPE rather than
    // ENOTCAPABLE, which is what a POSIX program expects.
    case kFiletypeUnknown:
      return kRightsRegularFile;
    // No seek/tell: wasi-libc's isatty() is "character device without
    // FD_SEEK and FD_TELL".
    case kFiletypeCharacterDevice:
      return kRightsStream;
    case kFiletypeSocketDgram:
    case kFiletypeSocketStream:
      return kRightsSocket;
    default:
      return kRightsStream;
  }
}

uint64_t InheritingRightsFor(uint8_t filetype) {
  return filetype == kFiletypeDirectory ? kRightsDirectoryInheriting : 0;
}

uint16_t HostFdflags(int fd) {
  int flags = ::fcntl(fd, F_GETFL);
  if (flags < 0) return 0;
  uint16_t out = 0;
  if (flags & O_APPEND) out |= kFdflagsAppend;
  if (flags & O_NONBLOCK) out |= kFdflagsNonblock;
  // O_SYNC includes the O_DSYNC bit on Linux; report the stronger one alone.
  if ((flags & O_SYNC) == O_SYNC) {
    out |= kFdflagsSync;
  } else if (flags & O_DSYNC) {
    out |= kFdflagsDsync;
  }
#if defined(O_RSYNC) && O_RSYNC != O_SYNC
  if (flags & O_RSYNC) out |= kFdflagsRsync;
#endif
  return out;
}

uint64_t TimespecToNs(const struct timespec& ts) {
  if (ts.tv_sec < 0) return 0;
  return static_cast<uint64_t>(ts.tv_sec) * 1000000000ull + static_cast<uint64_t>(ts.tv_nsec);
}

void EncodeFilestat(const struct stat& st, int fd, uint8_t out[kFilestatSize]) {
  std::memset(out, 0, kFilestatSize);
  auto put = [out](uint32_t offset, uint64_t value) { std::memcpy(out + offset, &value, 8); };
  put(kFilestatDev, static_cast<uint64_t>(st.st_dev));
  put(kFilestatIno, static_cast<uint64_t>(st.st_ino));
  out[kFilestatFiletype] = FiletypeFromStat(st, fd);
  put(kFilestatNlink, static_cast<uint64_t>(st.st_nlink));
  put(kFilestatSizeField, static_cast<uint64_t>(st.st_size));
  put(kFilestatAtim, TimespecToNs(st.st_atim));
  put(kFilestatMtim, TimespecToNs(st.st_mtim));
  put(kFilestatCtim, TimespecToNs(st.st_ctim));
}

struct timespec NsToTimespec(uint64_t ns) {
  struct timespec ts;
  ts.tv_sec = static_cast<time_t>(ns / 1000000000ull);
  ts.tv_nsec = static_cast<long>(ns % 1000000000ull);
  return ts;
}

Errno FstflagsToTimespecs(uint64_t atim, uint64_t mtim, uint32_t fstflags,
                          struct timespec times[2]) {
  constexpr uint32_t kAll = kFstflagsAtim | kFstflagsAtimNow | kFstflagsMtim | kFstflagsMtimNow;
  if (fstflags & ~kAll) return Errno::kInval;
  if ((fstflags & kFstflagsAtim) && (fstflags & kFstflagsAtimNow)) return Errno::kInval;
  if ((fstflags & kFstflagsMtim) && (fstflags & kFstflagsMtimNow)) return Errno::kInval;
  times[0].tv_sec = times[1].tv_sec = 0;
  times[0].tv_nsec = times[1].tv_nsec = UTIME_OMIT;
  if (fstflags & kFstflagsAtim) times[0] = NsToTimespec(atim);
  if (fstflags & kFstflagsAtimNow) times[0].tv_nsec = UTIME_NOW;
  if (fstflags & kFstflagsMtim) times[1] = NsToTimespec(mtim);
  if (fstflags & kFstflagsMtimNow) times[1].tv_nsec = UTIME_NOW;
  return Errno::kSuccess;
}

}  // namespace wasmtier::wasi
