// The WasmEntry of host functions (host.h): runs the callback on the frame's
// slots and turns its error into an unwinding RaiseStatus.
#include "engine/runtime/host.h"

#include <algorithm>

namespace wasmtier::rt {
namespace {

size_t SlotCount(const std::vector<ValType>& types) {
  size_t n = 0;
  for (ValType t : types) n += t.slots();
  return n;
}

}  // namespace

void HostEntry(ExecContext* ctx, Slot* fp, FuncInst* callee) {
  HostFunc* host = callee->host;
  const FuncType& type = host->type;
  // Everything above the host function's params/results is dead in the
  // caller's frame, so a nested CallFromHost may put its frame there.
  Slot* const saved_stack_top = ctx->stack_top;
  ctx->stack_top = fp + std::max(SlotCount(type.params), SlotCount(type.results));
  absl::Status status = host->callback(ctx, callee, fp);
  ctx->stack_top = saved_stack_top;
  if (!status.ok()) RaiseStatus(ctx, std::move(status));
}

}  // namespace wasmtier::rt
