// Thread stack bounds and alternate signal stacks on Linux (see thread.h).
#include "engine/runtime/platform/thread.h"

#include <pthread.h>
#include <signal.h>
#include <sys/mman.h>

#include <cstdio>
#include <cstdlib>

namespace wasmtier::rt::platform {
namespace {

StackBounds QueryThreadStack() {
  StackBounds bounds;
  pthread_attr_t attr;
  if (pthread_getattr_np(pthread_self(), &attr) != 0) return bounds;
  void* addr = nullptr;
  size_t size = 0;
  size_t guard = 0;
  if (pthread_attr_getstack(&attr, &addr, &size) == 0) {
    pthread_attr_getguardsize(&attr, &guard);
    bounds.low = reinterpret_cast<uintptr_t>(addr) + guard;
    bounds.high = reinterpret_cast<uintptr_t>(addr) + size;
  }
  pthread_attr_destroy(&attr);
  return bounds;
}

// Owns the alternate signal stack this code installed on a thread, and
// removes it at thread exit before unmapping it (a signal stack must never
// point at freed memory).
class AltStack {
 public:
  ~AltStack() {
    if (memory_ == nullptr) return;
    stack_t current;
    if (sigaltstack(nullptr, &current) == 0 && current.ss_sp == memory_) {
      stack_t off = {};
      off.ss_flags = SS_DISABLE;
      sigaltstack(&off, nullptr);
    }
    munmap(memory_, kSize);
  }
  void Ensure() {
    if (checked_) return;
    checked_ = true;
    stack_t current;
    if (sigaltstack(nullptr, &current) != 0) return;
    if ((current.ss_flags & SS_DISABLE) == 0) return;  // someone (ASan, the embedder) has one
    void* p = mmap(nullptr, kSize, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) return;  // the handler then runs on the thread's own stack
    stack_t mine = {};
    mine.ss_sp = p;
    mine.ss_size = kSize;
    if (sigaltstack(&mine, nullptr) != 0) {
      munmap(p, kSize);
      return;
    }
    memory_ = p;
  }

 private:
  // Enough for the handler's own frame plus ASan's report if it is chained.
  static constexpr size_t kSize = 64 * 1024;
  void* memory_ = nullptr;
  bool checked_ = false;
};

}  // namespace

StackBounds CurrentThreadStack() {
  thread_local StackBounds bounds = QueryThreadStack();
  return bounds;
}

void EnsureAltSignalStack() {
  thread_local AltStack alt_stack;
  alt_stack.Ensure();
}

}  // namespace wasmtier::rt::platform
