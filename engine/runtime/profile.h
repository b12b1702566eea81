// Tier-up profiling (DESIGN.md §5): each function instance has a budget
// (FuncInst::budget) that counting code charges one unit per call and per
// loop back-edge. When it drops below zero the tier calls OnBudgetExhausted:
// the one place where a JIT compile request and the OSR check will go.
#ifndef WASMTIER_ENGINE_RUNTIME_PROFILE_H_
#define WASMTIER_ENGINE_RUNTIME_PROFILE_H_

#include <cstdint>

#include "engine/runtime/exec.h"

namespace wasmtier::rt {

// Called with {func}'s budget exhausted, at a function entry ({loop_pc} ==
// nullptr) or at a loop back-edge ({loop_pc} = the tier code address of the
// loop header the branch goes to). Refills the budget. Today no JIT exists, so
// it only counts (ProfileStats); later: request compilation of {func} in auto
// mode and, at a back-edge, return an OSR entry for the loop if compiled code
// has one (the caller then jumps into it with its own fp).
void OnBudgetExhausted(ExecContext* ctx, FuncInst* func, const void* loop_pc);

// Budget exhaustions counted by OnBudgetExhausted in this process (relaxed
// counters: statistics, not synchronization).
struct ProfileStats {
  uint64_t call_exhaustions = 0;  // at function entries
  uint64_t loop_exhaustions = 0;  // at loop back-edges
};
ProfileStats GetProfileStats();

}  // namespace wasmtier::rt

#endif  // WASMTIER_ENGINE_RUNTIME_PROFILE_H_
