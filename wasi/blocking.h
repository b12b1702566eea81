// Blocking inside a WASI call without escaping the embedder's interrupt.
//
// Store::InterruptHandle() makes wasm trap at its next call or back-edge, but
// a guest asleep in poll_oneoff or reading a silent pipe is in host code and
// would never get there. So blocking waits are cut into slices of kSliceMs,
// and between slices Store::InterruptPending() is asked; a pending interrupt
// ends the WASI call with the interrupt trap (the engine gives it the guest's
// backtrace), which unwinds the guest like any trap. Stores whose engine is
// not `interruptible` wait in one piece: nothing could interrupt them.
#ifndef WASMTIER_WASI_BLOCKING_H_
#define WASMTIER_WASI_BLOCKING_H_

#include <fcntl.h>
#include <sys/socket.h>
#include <sys/types.h>

#include <cerrno>
#include <optional>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "engine/include/wasmtier/wasmtier.h"

namespace wasmtier::wasi {

inline constexpr int kSliceMs = 50;

// Makes {store} the one CheckInterrupt/WaitReady watch on this thread while a
// handler runs (a store is used by one thread at a time; nested guest calls
// restore the outer store). nullptr: nothing to watch (not interruptible).
class ScopedInterruptWatch {
 public:
  explicit ScopedInterruptWatch(const Store* store);
  ~ScopedInterruptWatch();
  ScopedInterruptWatch(const ScopedInterruptWatch&) = delete;
  ScopedInterruptWatch& operator=(const ScopedInterruptWatch&) = delete;

 private:
  const Store* previous_;
};

// Whether the running handler's store can be interrupted (waits are sliced).
bool Interruptible();
// OK, or the pending interrupt's trap.
absl::Status CheckInterrupt();
// Returns once {fd} is ready for {events} (POLLIN/POLLOUT), it is
// nonblocking, or poll fails (the I/O call that follows reports the error);
// the interrupt trap if one comes first. Not interruptible: OK at once.
absl::Status WaitReady(int fd, short events);

// One send/recv-style socket call {io(flags)} as the guest asked for it
// (blocking unless the descriptor is nonblocking). For an interruptible store
// the call is made with MSG_DONTWAIT and retried after interruptible waits,
// so a silent peer cannot outlast an interrupt. MSG_WAITALL keeps the plain
// blocking call (only the wait for the first bytes is interruptible):
// DONTWAIT would defeat it. -1 with errno set on failure.
template <typename Io>
absl::StatusOr<ssize_t> SocketIo(int fd, short events, int flags, Io io) {
  int status_flags = ::fcntl(fd, F_GETFL);
  bool sliced = Interruptible() && !(flags & MSG_WAITALL) && status_flags >= 0 &&
                !(status_flags & O_NONBLOCK);
  if (!sliced) {
    if (absl::Status ready = WaitReady(fd, events); !ready.ok()) return ready;
  }
  while (true) {
    ssize_t n = io(sliced ? flags | MSG_DONTWAIT : flags);
    if (n >= 0) return n;
    if (errno == EINTR) continue;
    if (!sliced || (errno != EAGAIN && errno != EWOULDBLOCK)) return n;
    if (absl::Status ready = WaitReady(fd, events); !ready.ok()) return ready;
  }
}

}  // namespace wasmtier::wasi

#endif  // WASMTIER_WASI_BLOCKING_H_
