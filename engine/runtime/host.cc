// The WasmEntry of host functions (host.h): runs the callback on the frame's
// slots and turns its error into an unwinding RaiseStatus.
#include "engine/runtime/host.h"

#include "engine/runtime/stack.h"

namespace wasmtier::rt {

void HostEntry(ExecContext* ctx, Slot* fp, FuncInst* callee) {
  HostFunc* host = callee->host;
  const FuncType& type = host->type;
  // Everything above the host function's params/results is dead in the
  // caller's frame, so a nested CallFromHost may put its frame there.
  Slot* const saved_stack_top = ctx->stack_top;
  ctx->stack_top = fp + CallSlots(type);
  absl::Status status = host->callback(ctx, callee, fp);
  ctx->stack_top = saved_stack_top;
  if (!status.ok()) RaiseStatus(ctx, std::move(status));
}

}  // namespace wasmtier::rt
