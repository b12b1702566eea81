// sock_accept, sock_recv, sock_send, sock_shutdown on host sockets (a guest
// gets them as inherited stdio or from an embedder; preview 1 cannot create
// or connect sockets). A descriptor is a socket if its host fd is one; any
// other open descriptor is ENOTSOCK.
#include <poll.h>
#include <sys/socket.h>

#include <vector>

#include "wasi/blocking.h"
#include "wasi/fn_util.h"
#include "wasi/functions.h"
#include "wasi/host_fd.h"
#include "wasi/iovec.h"
#include "wasi/types.h"

namespace wasmtier::wasi {
namespace {

// EBADF, then ENOTSOCK, then ENOTCAPABLE: a file lacks socket rights, but the
// error that explains the failure is that it is not a socket.
Errno LookupSocket(WasiCtx& ctx, uint32_t fd, uint64_t rights, FdEntry** out) {
  FdEntry* entry = ctx.Get(fd);
  if (entry == nullptr) return Errno::kBadf;
  if (!IsHostSocket(entry->host.get())) return Errno::kNotsock;
  return ctx.Lookup(fd, rights, out);
}

// sock_accept(fd, flags: fdflags, result_fd_ptr). Only NONBLOCK may be asked
// for the new descriptor.
absl::StatusOr<Errno> SockAccept(WasiCtx& ctx, const GuestMemory& memory, const uint64_t* args) {
  uint32_t flags = ArgU32(args, 1), out = ArgU32(args, 2);
  FdEntry* entry;
  if (Errno e = LookupSocket(ctx, ArgU32(args, 0), kRightSockAccept, &entry);
      e != Errno::kSuccess) {
    return e;
  }
  if (flags & ~uint32_t{kFdflagsNonblock}) return Errno::kInval;
  if (!Writable(memory, out, 4)) return Errno::kFault;
  // Refuse before accepting, so a full table leaves the connection queued.
  if (ctx.open_count() >= ctx.max_open_fds()) return Errno::kMfile;
  int host_flags = SOCK_CLOEXEC | ((flags & kFdflagsNonblock) ? SOCK_NONBLOCK : 0);
  if (absl::Status ready = WaitReady(entry->host.get(), POLLIN); !ready.ok()) return ready;
  int fd;
  do {
    fd = ::accept4(entry->host.get(), nullptr, nullptr, host_flags);
  } while (fd < 0 && errno == EINTR);
  if (fd < 0) return HostErrno();
  FdEntry accepted;
  accepted.host = UniqueFd(fd);
  accepted.filetype = HostFiletype(fd);
  accepted.rights_base = BaseRightsFor(accepted.filetype);
  accepted.rights_inheriting = 0;
  accepted.fdflags = static_cast<uint16_t>(flags);
  std::optional<uint32_t> guest_fd = ctx.Insert(std::move(accepted));
  if (!guest_fd) return Errno::kMfile;  // the host fd closed with {accepted}
  return StoreOut(memory, out, *guest_fd);
}

// sock_recv(fd, ri_data, ri_data_len, ri_flags, ro_datalen_ptr, ro_flags_ptr).
absl::StatusOr<Errno> SockRecv(WasiCtx& ctx, const GuestMemory& memory, const uint64_t* args) {
  uint32_t iovs = ArgU32(args, 1), iovs_len = ArgU32(args, 2), ri_flags = ArgU32(args, 3);
  uint32_t datalen_ptr = ArgU32(args, 4), flags_ptr = ArgU32(args, 5);
  FdEntry* entry;
  if (Errno e = LookupSocket(ctx, ArgU32(args, 0), kRightFdRead, &entry); e != Errno::kSuccess) {
    return e;
  }
  if (ri_flags & ~uint32_t{kRiflagsRecvPeek | kRiflagsRecvWaitall}) return Errno::kInval;
  std::vector<struct iovec> iov;
  if (Errno e = ReadIovecs(memory, iovs, iovs_len, iov); e != Errno::kSuccess) return e;
  if (!Writable(memory, datalen_ptr, 4) || !Writable(memory, flags_ptr, 2)) return Errno::kFault;
  struct msghdr msg = {};
  msg.msg_iov = iov.data();
  msg.msg_iovlen = iov.size();
  int host_flags = ((ri_flags & kRiflagsRecvPeek) ? MSG_PEEK : 0) |
                   ((ri_flags & kRiflagsRecvWaitall) ? MSG_WAITALL : 0);
  int host = entry->host.get();
  absl::StatusOr<ssize_t> n =
      SocketIo(host, POLLIN, host_flags, [&](int f) { return ::recvmsg(host, &msg, f); });
  if (!n.ok()) return n.status();
  if (*n < 0) return HostErrno();
  uint16_t ro_flags = (msg.msg_flags & MSG_TRUNC) ? kRoflagsRecvDataTruncated : 0;
  memory.Store(datalen_ptr, static_cast<uint32_t>(*n));
  memory.Store(flags_ptr, ro_flags);
  return Errno::kSuccess;
}

// sock_send(fd, si_data, si_data_len, si_flags, so_datalen_ptr). No siflags
// are defined; any bit is EINVAL. MSG_NOSIGNAL: a closed peer is EPIPE for
// the guest, never SIGPIPE for the host.
absl::StatusOr<Errno> SockSend(WasiCtx& ctx, const GuestMemory& memory, const uint64_t* args) {
  uint32_t iovs = ArgU32(args, 1), iovs_len = ArgU32(args, 2), si_flags = ArgU32(args, 3);
  uint32_t datalen_ptr = ArgU32(args, 4);
  FdEntry* entry;
  if (Errno e = LookupSocket(ctx, ArgU32(args, 0), kRightFdWrite, &entry); e != Errno::kSuccess) {
    return e;
  }
  if (si_flags != kSiflagsNone) return Errno::kInval;
  std::vector<struct iovec> iov;
  if (Errno e = ReadIovecs(memory, iovs, iovs_len, iov); e != Errno::kSuccess) return e;
  if (!Writable(memory, datalen_ptr, 4)) return Errno::kFault;
  struct msghdr msg = {};
  msg.msg_iov = iov.data();
  msg.msg_iovlen = iov.size();
  int host = entry->host.get();
  absl::StatusOr<ssize_t> n =
      SocketIo(host, POLLOUT, MSG_NOSIGNAL, [&](int f) { return ::sendmsg(host, &msg, f); });
  if (!n.ok()) return n.status();
  if (*n < 0) return HostErrno();
  return StoreOut(memory, datalen_ptr, static_cast<uint32_t>(*n));
}

// sock_shutdown(fd, how: sdflags): RD, WR or both; no bit set is EINVAL.
absl::StatusOr<Errno> SockShutdown(WasiCtx& ctx, const GuestMemory&, const uint64_t* args) {
  uint32_t how = ArgU32(args, 1);
  FdEntry* entry;
  if (Errno e = LookupSocket(ctx, ArgU32(args, 0), kRightSockShutdown, &entry);
      e != Errno::kSuccess) {
    return e;
  }
  int host_how;
  switch (how) {
    case kSdflagsRd:
      host_how = SHUT_RD;
      break;
    case kSdflagsWr:
      host_how = SHUT_WR;
      break;
    case kSdflagsRd | kSdflagsWr:
      host_how = SHUT_RDWR;
      break;
    default:
      return Errno::kInval;
  }
  if (::shutdown(entry->host.get(), host_how) != 0) return HostErrno();
  return Errno::kSuccess;
}

// One entry per line (clang-format would pack them).
// clang-format off
constexpr WasiFunction kFunctions[] = {
    {"sock_accept", "iii", true, SockAccept},
    {"sock_recv", "iiiiii", true, SockRecv},
    {"sock_send", "iiiii", true, SockSend},
    {"sock_shutdown", "ii", true, SockShutdown},
};
// clang-format on

}  // namespace

std::span<const WasiFunction> SockFunctions() {
  return kFunctions;
}

}  // namespace wasmtier::wasi
