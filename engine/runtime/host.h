// Host functions as the runtime sees them: a callback on slots. The public API
// (engine/include/wasmtier) wraps typed and Val-based callbacks around it.
#ifndef WASMTIER_ENGINE_RUNTIME_HOST_H_
#define WASMTIER_ENGINE_RUNTIME_HOST_H_

#include <functional>

#include "absl/status/status.h"
#include "engine/runtime/exec.h"
#include "engine/types.h"

namespace wasmtier::rt {

// Params are in slots[0..params) on entry; the callback writes its results to
// slots[0..results) (it may overwrite params). A non-OK status unwinds the wasm
// stack and reaches the host that called into wasm unchanged (a trap status
// from engine/runtime/trap_status.h traps with that code; a WASI exit status
// carries its exit code). {ctx->top} is the calling wasm frame, if any.
using HostCallback = std::function<absl::Status(ExecContext* ctx, FuncInst* self, Slot* slots)>;

struct HostFunc {
  FuncType type;
  HostCallback callback;
  FuncCode code;  // entry = HostEntry
};

// The WasmEntry of every host function: calls callee->host->callback on the
// frame's slots and raises its error status, if any.
void HostEntry(ExecContext* ctx, Slot* fp, FuncInst* callee);

}  // namespace wasmtier::rt

#endif  // WASMTIER_ENGINE_RUNTIME_HOST_H_
