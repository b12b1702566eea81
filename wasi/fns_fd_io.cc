// fd_read, fd_write, fd_pread, fd_pwrite, fd_seek, fd_tell: data through a
// descriptor, straight between the host fd and guest memory (readv/writev on
// iovecs that point into the guest's buffers; no intermediate copy).
#include "wasi/fns_fd_io.h"

#include <limits.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#include <vector>

#include "wasi/blocking.h"
#include "wasi/fn_util.h"
#include "wasi/iovec.h"
#include "wasi/types.h"

namespace wasmtier::wasi {
namespace {

enum class Direction { kRead, kWrite };

// Keeps the first {cap} bytes of {iov} (a legal short write).
void CapTotal(std::vector<struct iovec>& iov, size_t cap) {
  size_t total = 0;
  for (size_t i = 0; i < iov.size(); ++i) {
    if (iov[i].iov_len >= cap - total) {
      iov[i].iov_len = cap - total;
      iov.resize(i + 1);
      return;
    }
    total += iov[i].iov_len;
  }
}

bool IsFifo(int fd) {
  struct stat st;
  return ::fstat(fd, &st) == 0 && S_ISFIFO(st.st_mode);
}

// readv/writev on a stream (pipe, socket, terminal...), interruptible when
// the store is: sockets go through SocketIo (MSG_DONTWAIT and sliced waits);
// others wait for readiness first, and a write to a pipe is capped at
// PIPE_BUF, which a writable pipe always has room for, so it cannot block
// after the wait. -1 with errno set on failure.
absl::StatusOr<ssize_t> StreamTransfer(int host, bool is_socket, std::vector<struct iovec>& iov,
                                       Direction direction) {
  bool read = direction == Direction::kRead;
  if (is_socket && Interruptible()) {
    struct msghdr msg = {};
    msg.msg_iov = iov.data();
    msg.msg_iovlen = iov.size();
    return SocketIo(host, read ? POLLIN : POLLOUT, read ? 0 : MSG_NOSIGNAL, [&](int flags) {
      return read ? ::recvmsg(host, &msg, flags) : ::sendmsg(host, &msg, flags);
    });
  }
  if (absl::Status ready = WaitReady(host, read ? POLLIN : POLLOUT); !ready.ok()) return ready;
  if (!read && Interruptible() && IsFifo(host)) CapTotal(iov, PIPE_BUF);
  int count = static_cast<int>(iov.size());
  ssize_t n;
  do {
    n = read ? ::readv(host, iov.data(), count) : ::writev(host, iov.data(), count);
  } while (n < 0 && errno == EINTR);
  return n;
}

// The shared body: rights, iovecs, output pointer checked before any I/O, the
// syscall ({offset} set: positioned), the count stored.
absl::StatusOr<Errno> Transfer(WasiCtx& ctx, const GuestMemory& memory, uint32_t fd, uint32_t iovs,
                               uint32_t iovs_len, std::optional<uint64_t> offset, uint32_t out_ptr,
                               Direction direction) {
  uint64_t rights = direction == Direction::kRead ? kRightFdRead : kRightFdWrite;
  if (offset) rights |= kRightFdSeek;  // positioned I/O needs seek, as in wasmtime
  FdEntry* entry;
  if (Errno e = ctx.Lookup(fd, rights, &entry); e != Errno::kSuccess) return e;
  // WASI filesize is u64, host off_t is signed: an offset the host cannot
  // represent is invalid rather than a huge negative position.
  if (offset && *offset > static_cast<uint64_t>(INT64_MAX)) return Errno::kInval;
  std::vector<struct iovec> iov;
  if (Errno e = ReadIovecs(memory, iovs, iovs_len, iov); e != Errno::kSuccess) return e;
  if (!Writable(memory, out_ptr, 4)) return Errno::kFault;
  int host = entry->host.get();
  bool is_file = entry->filetype == kFiletypeRegularFile ||
                 entry->filetype == kFiletypeBlockDevice || entry->filetype == kFiletypeDirectory;
  bool is_socket =
      entry->filetype == kFiletypeSocketStream || entry->filetype == kFiletypeSocketDgram;
  ssize_t n;
  if (!offset && !is_file) {
    // A stream may block indefinitely: wait for it where an interrupt can
    // end the wait (files never wait for a peer, so they skip this).
    absl::StatusOr<ssize_t> moved = StreamTransfer(host, is_socket, iov, direction);
    if (!moved.ok()) return moved.status();
    n = *moved;
  } else {
    int count = static_cast<int>(iov.size());
    do {
      if (direction == Direction::kRead) {
        n = offset ? ::preadv(host, iov.data(), count, static_cast<off_t>(*offset))
                   : ::readv(host, iov.data(), count);
      } else {
        n = offset ? ::pwritev(host, iov.data(), count, static_cast<off_t>(*offset))
                   : ::writev(host, iov.data(), count);
      }
    } while (n < 0 && errno == EINTR);
  }
  if (n < 0) return HostErrno();
  // n <= sum of at most 1024 u32 lengths, but one call may move more than
  // 4 GiB only if the guest has that much memory, which wasm32 cannot.
  return StoreOut(memory, out_ptr, static_cast<uint32_t>(n));
}

}  // namespace

absl::StatusOr<Errno> FdRead(WasiCtx& ctx, const GuestMemory& memory, const uint64_t* args) {
  return Transfer(ctx, memory, ArgU32(args, 0), ArgU32(args, 1), ArgU32(args, 2), std::nullopt,
                  ArgU32(args, 3), Direction::kRead);
}

absl::StatusOr<Errno> FdWrite(WasiCtx& ctx, const GuestMemory& memory, const uint64_t* args) {
  return Transfer(ctx, memory, ArgU32(args, 0), ArgU32(args, 1), ArgU32(args, 2), std::nullopt,
                  ArgU32(args, 3), Direction::kWrite);
}

absl::StatusOr<Errno> FdPread(WasiCtx& ctx, const GuestMemory& memory, const uint64_t* args) {
  return Transfer(ctx, memory, ArgU32(args, 0), ArgU32(args, 1), ArgU32(args, 2), ArgU64(args, 3),
                  ArgU32(args, 4), Direction::kRead);
}

// Note: on Linux, pwrite on a descriptor opened with O_APPEND appends whatever
// the offset (a documented kernel behaviour); the guest sees the same.
absl::StatusOr<Errno> FdPwrite(WasiCtx& ctx, const GuestMemory& memory, const uint64_t* args) {
  return Transfer(ctx, memory, ArgU32(args, 0), ArgU32(args, 1), ArgU32(args, 2), ArgU64(args, 3),
                  ArgU32(args, 4), Direction::kWrite);
}

// fd_seek(fd, offset: filedelta (s64), whence: u8, newoffset_ptr). Asking
// for the current position (CUR, 0) needs only FD_TELL, as in wasmtime; any
// other seek needs FD_SEEK.
absl::StatusOr<Errno> FdSeek(WasiCtx& ctx, const GuestMemory& memory, const uint64_t* args) {
  uint32_t fd = ArgU32(args, 0);
  int64_t delta = static_cast<int64_t>(ArgU64(args, 1));
  uint32_t whence = ArgU32(args, 2);
  uint32_t out = ArgU32(args, 3);
  uint64_t rights = (whence == kWhenceCur && delta == 0) ? kRightFdTell : kRightFdSeek;
  FdEntry* entry;
  if (Errno e = ctx.Lookup(fd, rights, &entry); e != Errno::kSuccess) return e;
  int host_whence;
  switch (whence) {
    case kWhenceSet:
      host_whence = SEEK_SET;
      break;
    case kWhenceCur:
      host_whence = SEEK_CUR;
      break;
    case kWhenceEnd:
      host_whence = SEEK_END;
      break;
    default:
      return Errno::kInval;
  }
  if (!Writable(memory, out, 8)) return Errno::kFault;
  off_t pos = ::lseek(entry->host.get(), static_cast<off_t>(delta), host_whence);
  if (pos < 0) return HostErrno();  // EINVAL for a negative result, ESPIPE on pipes
  return StoreOut(memory, out, static_cast<uint64_t>(pos));
}

absl::StatusOr<Errno> FdTell(WasiCtx& ctx, const GuestMemory& memory, const uint64_t* args) {
  FdEntry* entry;
  if (Errno e = ctx.Lookup(ArgU32(args, 0), kRightFdTell, &entry); e != Errno::kSuccess) return e;
  uint32_t out = ArgU32(args, 1);
  if (!Writable(memory, out, 8)) return Errno::kFault;
  off_t pos = ::lseek(entry->host.get(), 0, SEEK_CUR);
  if (pos < 0) return HostErrno();
  return StoreOut(memory, out, static_cast<uint64_t>(pos));
}

}  // namespace wasmtier::wasi
