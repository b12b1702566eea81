// The thin OS layer for threads (as wasmtime's vm/sys/unix): the bounds of the
// calling thread's native stack, and an alternate signal stack so the fault
// handler can run even when a fault happens with the native stack exhausted.
#ifndef WASMTIER_ENGINE_RUNTIME_PLATFORM_THREAD_H_
#define WASMTIER_ENGINE_RUNTIME_PLATFORM_THREAD_H_

#include <cstdint>

namespace wasmtier::rt::platform {

struct StackBounds {
  uintptr_t low = 0;   // lowest usable address (the stack grows down toward it)
  uintptr_t high = 0;  // one past the highest address
};

// The calling thread's stack, from pthread_getattr_np; cached per thread.
// {low} excludes the guard area glibc puts below the stack.
StackBounds CurrentThreadStack();

// Gives the calling thread an alternate signal stack (sigaltstack) unless it
// already has one (ASan installs its own). Cheap after the first call on a
// thread; the stack is freed when the thread exits.
void EnsureAltSignalStack();

}  // namespace wasmtier::rt::platform

#endif  // WASMTIER_ENGINE_RUNTIME_PLATFORM_THREAD_H_
