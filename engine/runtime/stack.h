// The two stacks wasm runs on (DESIGN.md §3): the value stack, one slot array
// per store with a guard page after it, and the limit wasm frames may use on
// the thread's native stack. Both overflows become kStackExhausted; tiers
// check them in their entry (fp + frame_slots <= ctx->stack_limit, native sp
// >= ctx->native_limit).
#ifndef WASMTIER_ENGINE_RUNTIME_STACK_H_
#define WASMTIER_ENGINE_RUNTIME_STACK_H_

#include <algorithm>
#include <cstdint>
#include <memory>
#include <span>

#include "absl/status/statusor.h"
#include "engine/runtime/exec.h"
#include "engine/runtime/platform/thread.h"

namespace wasmtier::rt {

// Slots values of {types} take in a frame (v128 = two).
inline uint32_t SlotCount(std::span<const ValType> types) {
  uint32_t n = 0;
  for (ValType t : types) n += t.slots();
  return n;
}
// Slots at a frame's start that a call to a function of {type} uses: its
// params on entry, its results on return.
inline uint32_t CallSlots(const FuncType& type) {
  return std::max(SlotCount(type.params), SlotCount(type.results));
}

// One value stack mapping: {slots} accessible slots followed by an
// inaccessible guard page, released on destruction.
class ValueStack {
 public:
  // {bytes} is rounded up to whole OS pages (at least one).
  static absl::StatusOr<std::unique_ptr<ValueStack>> Create(uint64_t bytes);
  ~ValueStack();
  ValueStack(const ValueStack&) = delete;
  ValueStack& operator=(const ValueStack&) = delete;

  Slot* base() const { return base_; }
  Slot* limit() const { return limit_; }  // one past the last usable slot

 private:
  ValueStack(uint8_t* mapping, uint64_t mapped, uint64_t usable);
  uint8_t* mapping_;
  uint64_t mapped_;
  Slot* base_;
  Slot* limit_;
};

// Maps a value stack of {bytes} and points {ctx} at it (stack_base,
// stack_top, stack_limit); the caller owns it and must keep it alive while
// {ctx} runs wasm. This is how a store fixes the size from its engine config.
absl::StatusOr<std::unique_ptr<ValueStack>> CreateValueStack(ExecContext* ctx, uint64_t bytes);

// Gives {ctx} a value stack of {bytes} unless it has one (from
// CreateValueStack or set up by hand): then ctx->value_stack owns it.
// CallFromHost calls it with the callee module's max_wasm_stack_bytes, so a
// context nobody prepared still runs.
absl::Status EnsureValueStack(ExecContext* ctx, uint64_t bytes);

// Below the host's frame at {sp}, wasm may use {max_bytes} of native stack,
// but never the last kNativeStackReserve bytes above the thread's stack bottom
// (so the trap path, host functions and the fault handler still have room).
inline constexpr uint64_t kNativeStackReserve = 64 * 1024;
uintptr_t ComputeNativeLimit(uintptr_t sp, uint64_t max_bytes, platform::StackBounds thread_stack);

}  // namespace wasmtier::rt

#endif  // WASMTIER_ENGINE_RUNTIME_STACK_H_
