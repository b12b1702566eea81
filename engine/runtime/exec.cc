// Entering wasm from the host and leaving it by a trap (exec.h): CallFromHost
// sets up the stacks and an EntryRecord; RaiseTrap/RaiseStatus capture a
// backtrace and _longjmp back to the innermost entry. _setjmp/_longjmp skip
// saving the signal mask (a system call): nothing on the wasm path changes it.
#include "engine/runtime/exec.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "engine/include/wasmtier/config.h"
#include "engine/runtime/module_code.h"
#include "engine/runtime/offsets.h"  // its static_asserts pin the layout
#include "engine/runtime/signals.h"
#include "engine/runtime/stack.h"

namespace wasmtier::rt {
namespace {

// The configuration {func} runs under: its module's, or the defaults for a
// host function (which has no module).
const Config& ConfigOf(const FuncInst* func) {
  static const Config kDefaults;
  if (func->instance != nullptr && func->instance->code != nullptr) {
    return func->instance->code->config;
  }
  return kDefaults;
}

[[noreturn]] void Unwind(ExecContext* ctx) {
  EntryRecord* entry = ctx->entry;
  if (entry == nullptr) {
    // A tier raised outside CallFromHost: nothing to return to.
    fprintf(stderr, "wasmtier: trap raised outside CallFromHost: %s %s\n", TrapMessage(ctx->trap),
            ctx->status.ToString().c_str());
    abort();
  }
  _longjmp(entry->unwind, 1);
}

// Copies the wasm activations of the innermost entry, innermost first.
void CaptureBacktrace(ExecContext* ctx) {
  ctx->trap_frames.clear();
  const FrameRecord* stop = ctx->entry != nullptr ? ctx->entry->saved_top : nullptr;
  for (const FrameRecord* f = ctx->top; f != nullptr && f != stop; f = f->prev) {
    ctx->trap_frames.push_back(*f);
  }
}

// Runs {func} under {entry}; true if it unwound. Kept apart from CallFromHost
// so that no local of the caller lives across _setjmp.
__attribute__((noinline)) bool Invoke(ExecContext* ctx, EntryRecord* entry, WasmEntry code,
                                      Slot* fp, FuncInst* func) {
  if (_setjmp(entry->unwind) != 0) return true;
  code(ctx, fp, func);
  return false;
}

}  // namespace

void RaiseTrap(ExecContext* ctx, TrapCode code) {
  CaptureBacktrace(ctx);
  ctx->trap = code;
  Unwind(ctx);
}

void RaiseStatus(ExecContext* ctx, absl::Status status) {
  CaptureBacktrace(ctx);
  ctx->trap = TrapCode::kNone;
  // Moving leaves {status} without a heap representation, so skipping its
  // destructor (we never return) leaks nothing.
  ctx->status = std::move(status);
  if (ctx->status.ok()) ctx->status = absl::InternalError("RaiseStatus called with an OK status");
  Unwind(ctx);
}

absl::Status CallFromHost(ExecContext* ctx, FuncInst* func, Slot* args_and_results) {
  const WasmEntry code =
      func->code != nullptr ? func->code->entry.load(std::memory_order_acquire) : nullptr;
  if (code == nullptr || func->type == nullptr) {
    return absl::FailedPreconditionError("CallFromHost: function has no code or type");
  }
  const Config& config = ConfigOf(func);
  if (absl::Status s = EnsureValueStack(ctx, config.max_wasm_stack_bytes); !s.ok()) return s;
  EnsureFaultHandler();
  ctx->trap = TrapCode::kNone;
  ctx->status = absl::OkStatus();
  ctx->trap_frames.clear();

  const size_t params = SlotCount(func->type->params);
  const size_t results = SlotCount(func->type->results);
  // The frame starts 16-byte aligned (v128 slots are); the stack's base is
  // page-aligned, so aligning the address aligns the slot index too.
  Slot* top = ctx->stack_top != nullptr ? ctx->stack_top : ctx->stack_base;
  Slot* fp = reinterpret_cast<Slot*>((reinterpret_cast<uintptr_t>(top) + 15) & ~uintptr_t{15});
  if (fp + CallSlots(*func->type) > ctx->stack_limit) {
    ctx->trap = TrapCode::kStackExhausted;
    ctx->status = absl::AbortedError(TrapMessage(ctx->trap));
    return ctx->status;
  }
  if (params != 0) memcpy(fp, args_and_results, params * sizeof(Slot));

  EntryRecord entry;
  entry.prev = ctx->entry;
  entry.saved_top = ctx->top;
  Slot* const saved_stack_top = ctx->stack_top;
  const uintptr_t saved_native_limit = ctx->native_limit;
  ExecContext* const saved_current = CurrentContext();
  if (ctx->native_limit == 0 && func->host == nullptr) {
    // The outermost entry into wasm (a host function called from the host
    // needs no limit; wasm it calls gets one from its own module's config):
    // wasm may use max_native_stack_bytes below this frame.
    ctx->native_limit =
        ComputeNativeLimit(reinterpret_cast<uintptr_t>(__builtin_frame_address(0)),
                           config.max_native_stack_bytes, platform::CurrentThreadStack());
  }
  ctx->entry = &entry;
  SetCurrentContext(ctx);

  const bool unwound = Invoke(ctx, &entry, code, fp, func);

  SetCurrentContext(saved_current);
  ctx->entry = entry.prev;
  ctx->top = entry.saved_top;
  ctx->stack_top = saved_stack_top;
  ctx->native_limit = saved_native_limit;
  if (unwound) {
    if (ctx->trap != TrapCode::kNone) ctx->status = absl::AbortedError(TrapMessage(ctx->trap));
    return ctx->status;
  }
  if (results != 0) memcpy(args_and_results, fp, results * sizeof(Slot));
  return absl::OkStatus();
}

}  // namespace wasmtier::rt
