// Blocking inside a WASI call without escaping the embedder's interrupt.
//
// Store::InterruptHandle() makes wasm trap at its next call or back-edge, but
// a guest asleep in poll_oneoff or reading a silent pipe is in host code and
// would never get there. The public API has no "is an interrupt pending?"
// query, so WASI asks the engine itself: it calls an empty wasm function of
// the same store (the probe), whose entry check traps exactly when an
// interrupt is pending. Blocking waits are cut into slices of kSliceMs with a
// probe between them; the probe's trap ends the WASI call and unwinds the
// guest like any trap. Engines built without `interruptible` get no probe
// and wait in one piece. With fuel on, each probe costs one unit.
#ifndef WASMTIER_WASI_BLOCKING_H_
#define WASMTIER_WASI_BLOCKING_H_

#include <optional>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "engine/include/wasmtier/wasmtier.h"

namespace wasmtier::wasi {

inline constexpr int kSliceMs = 50;

class InterruptProbe {
 public:
  // nullopt when {store}'s engine is not interruptible (nothing to watch).
  static absl::StatusOr<std::optional<InterruptProbe>> Create(Store& store);
  // OK, or the interrupt trap (as TrapStatus) if one is pending.
  absl::Status Check() const;

 private:
  InterruptProbe(Store* store, Func probe) : store_(store), probe_(probe) {}
  Store* store_;
  Func probe_;
};

// Makes {probe} the one CheckInterrupt/WaitReady use on this thread while a
// handler runs (a store is used by one thread at a time; nested guest calls
// restore the outer probe).
class ScopedProbe {
 public:
  explicit ScopedProbe(const InterruptProbe* probe);
  ~ScopedProbe();
  ScopedProbe(const ScopedProbe&) = delete;
  ScopedProbe& operator=(const ScopedProbe&) = delete;

 private:
  const InterruptProbe* previous_;
};

// Whether the running handler's store can be interrupted (waits are sliced).
bool Interruptible();
// OK, or the pending interrupt's trap.
absl::Status CheckInterrupt();
// Returns once {fd} is ready for {events} (POLLIN/POLLOUT), it is
// nonblocking, or poll fails (the I/O call that follows reports the error);
// the interrupt trap if one comes first. Without a probe: OK at once.
absl::Status WaitReady(int fd, short events);

}  // namespace wasmtier::wasi

#endif  // WASMTIER_WASI_BLOCKING_H_
