// Value stacks and the native stack limit (see stack.h).
#include "engine/runtime/stack.h"

#include "engine/runtime/platform/vm.h"

namespace wasmtier::rt {

absl::StatusOr<std::unique_ptr<ValueStack>> ValueStack::Create(uint64_t bytes) {
  const uint64_t page = platform::PageSize();
  const uint64_t usable = bytes == 0 ? page : platform::RoundUpToPage(bytes);
  if (usable < bytes) return absl::ResourceExhaustedError("value stack size overflows");
  const uint64_t mapped = usable + page;  // + the guard page
  auto mapping = platform::Reserve(mapped);
  if (!mapping.ok()) return mapping.status();
  if (absl::Status s = platform::Commit(*mapping, usable); !s.ok()) {
    platform::Release(*mapping, mapped);
    return s;
  }
  return std::unique_ptr<ValueStack>(new ValueStack(*mapping, mapped, usable));
}

ValueStack::ValueStack(uint8_t* mapping, uint64_t mapped, uint64_t usable)
    : mapping_(mapping),
      mapped_(mapped),
      base_(reinterpret_cast<Slot*>(mapping)),
      limit_(reinterpret_cast<Slot*>(mapping + usable)) {}

ValueStack::~ValueStack() {
  platform::Release(mapping_, mapped_);
}

absl::StatusOr<std::unique_ptr<ValueStack>> CreateValueStack(ExecContext* ctx, uint64_t bytes) {
  auto stack = ValueStack::Create(bytes);
  if (!stack.ok()) return stack.status();
  ctx->stack_base = (*stack)->base();
  ctx->stack_top = ctx->stack_base;
  ctx->stack_limit = (*stack)->limit();
  return stack;
}

absl::Status EnsureValueStack(ExecContext* ctx, uint64_t bytes) {
  // A context may also run on a stack its owner set up (stack_base) itself.
  if (ctx->value_stack != nullptr || ctx->stack_base != nullptr) return absl::OkStatus();
  auto stack = CreateValueStack(ctx, bytes);
  if (!stack.ok()) return stack.status();
  ctx->value_stack = std::shared_ptr<ValueStack>(std::move(*stack));
  return absl::OkStatus();
}

uintptr_t ComputeNativeLimit(uintptr_t sp, uint64_t max_bytes, platform::StackBounds thread_stack) {
  const uintptr_t wanted = sp > max_bytes ? sp - max_bytes : 0;
  if (thread_stack.low == 0) return wanted;  // bounds unknown: trust the configuration
  const uintptr_t floor = thread_stack.low + kNativeStackReserve;
  return wanted > floor ? wanted : floor;
}

}  // namespace wasmtier::rt
