// The tier-up hook (profile.h). Today it refills the budget and counts; it is
// where a JIT compile request and the OSR lookup will go.
#include "engine/runtime/profile.h"

#include <atomic>

#include "engine/include/wasmtier/config.h"
#include "engine/runtime/module_code.h"

namespace wasmtier::rt {
namespace {

// Relaxed: these are statistics; an exhaustion happens once per
// tier_up_budget units, so the shared cache line is touched rarely.
std::atomic<uint64_t> call_exhaustions{0};
std::atomic<uint64_t> loop_exhaustions{0};

}  // namespace

void OnBudgetExhausted(ExecContext* ctx, FuncInst* func, const void* loop_pc) {
  (loop_pc == nullptr ? call_exhaustions : loop_exhaustions)
      .fetch_add(1, std::memory_order_relaxed);
  // Host functions have no module, so no configuration: they use the default.
  const int32_t budget = func->instance != nullptr && func->instance->code != nullptr
                             ? func->instance->code->config.tier_up_budget
                             : Config().tier_up_budget;
  func->budget = budget;
  // JIT: in TierMode::kAuto, request a background compile of {func} here
  // (once: remember the request in the FuncCode). OSR: when {loop_pc} is set
  // and {func}'s compiled code has an entry for that loop header, hand it back
  // to the caller, which jumps into it with its own fp (DESIGN.md §3).
}

ProfileStats GetProfileStats() {
  ProfileStats stats;
  stats.call_exhaustions = call_exhaustions.load(std::memory_order_relaxed);
  stats.loop_exhaustions = loop_exhaustions.load(std::memory_order_relaxed);
  return stats;
}

}  // namespace wasmtier::rt
