// The interrupt probe and sliced waits of blocking.h.
#include "wasi/blocking.h"

#include <fcntl.h>
#include <poll.h>

#include <cerrno>

namespace wasmtier::wasi {
namespace {

thread_local const InterruptProbe* current_probe = nullptr;

// An empty function: calling it runs only the engine's entry check.
constexpr char kProbeModule[] = "(module (func (export \"probe\")))";

}  // namespace

absl::StatusOr<std::optional<InterruptProbe>> InterruptProbe::Create(Store& store) {
  if (!store.engine().config().interruptible) return std::optional<InterruptProbe>();
  absl::StatusOr<Module> module = Module::CompileText(store.engine(), kProbeModule);
  if (!module.ok()) return module.status();
  absl::StatusOr<Instance> instance = Instance::Create(store, *module, {});
  if (!instance.ok()) return instance.status();
  std::optional<Func> probe = instance->GetFunc("probe");
  if (!probe) return absl::InternalError("interrupt probe has no export");
  return std::optional<InterruptProbe>(InterruptProbe(&store, *probe));
}

absl::Status InterruptProbe::Check() const {
  absl::Status status = probe_.Call(*store_, {}, {});
  // The probe's own frame says nothing about where the guest was: drop it,
  // and the engine gives the trap the guest's backtrace as it unwinds.
  if (std::optional<Trap> trap = GetTrap(status)) return TrapStatus(Trap{trap->code, {}});
  return status;
}

ScopedProbe::ScopedProbe(const InterruptProbe* probe) : previous_(current_probe) {
  current_probe = probe;
}

ScopedProbe::~ScopedProbe() {
  current_probe = previous_;
}

bool Interruptible() {
  return current_probe != nullptr;
}

absl::Status CheckInterrupt() {
  return current_probe ? current_probe->Check() : absl::OkStatus();
}

absl::Status WaitReady(int fd, short events) {
  if (current_probe == nullptr) return absl::OkStatus();
  int flags = ::fcntl(fd, F_GETFL);
  if (flags < 0 || (flags & O_NONBLOCK)) return absl::OkStatus();
  while (true) {
    struct pollfd p = {fd, events, 0};
    int rc = ::poll(&p, 1, kSliceMs);
    if (rc > 0 || (rc < 0 && errno != EINTR)) return absl::OkStatus();
    if (absl::Status interrupted = current_probe->Check(); !interrupted.ok()) return interrupted;
  }
}

}  // namespace wasmtier::wasi
