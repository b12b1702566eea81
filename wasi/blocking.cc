// The interrupt watch and sliced waits of blocking.h.
#include "wasi/blocking.h"

#include <fcntl.h>
#include <poll.h>

#include <cerrno>

namespace wasmtier::wasi {
namespace {

thread_local const Store* watched_store = nullptr;

}  // namespace

ScopedInterruptWatch::ScopedInterruptWatch(const Store* store) : previous_(watched_store) {
  watched_store = store;
}

ScopedInterruptWatch::~ScopedInterruptWatch() {
  watched_store = previous_;
}

bool Interruptible() {
  return watched_store != nullptr;
}

absl::Status CheckInterrupt() {
  if (watched_store == nullptr || !watched_store->InterruptPending()) return absl::OkStatus();
  // No frames: the engine fills in the backtrace of the guest that called
  // the WASI function.
  return TrapStatus(Trap{TrapCode::kInterrupted, {}});
}

absl::Status WaitReady(int fd, short events) {
  if (watched_store == nullptr) return absl::OkStatus();
  int flags = ::fcntl(fd, F_GETFL);
  if (flags < 0 || (flags & O_NONBLOCK)) return absl::OkStatus();
  while (true) {
    if (absl::Status interrupted = CheckInterrupt(); !interrupted.ok()) return interrupted;
    struct pollfd p = {fd, events, 0};
    int rc = ::poll(&p, 1, kSliceMs);
    if (rc > 0 || (rc < 0 && errno != EINTR)) return absl::OkStatus();
  }
}

}  // namespace wasmtier::wasi
