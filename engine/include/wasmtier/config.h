// Engine configuration: tier mode, limits and interruption. Part of the public
// embedding API (engine/include/wasmtier/wasmtier.h).
#ifndef WASMTIER_ENGINE_INCLUDE_WASMTIER_CONFIG_H_
#define WASMTIER_ENGINE_INCLUDE_WASMTIER_CONFIG_H_

#include <cstdint>

#include "engine/features.h"

namespace wasmtier {

// DESIGN.md §5: auto = interpreter first, tier up hot functions; interp = never
// compile; jit = compile every function before its first call.
enum class TierMode : uint8_t { kAuto, kInterp, kJit };
const char* TierModeName(TierMode mode);

struct Config {
  TierMode tier = TierMode::kAuto;
  Features features;  // proposals accepted (GC, exceptions, threads off by default)

  // ---- Limits. Exceeding one makes memory.grow / table.grow fail (-1), or
  // instantiation fail with a resource error, never a host crash. ----
  uint64_t max_memory_bytes = 4ull << 30;      // per linear memory (also caps memory64)
  uint64_t max_table_elements = 10'000'000;   // per table
  // Wasm stack: the value stack of a store (8-byte slots) and the native stack
  // that wasm frames may use below the host's entry point. Overflowing either
  // is the trap "call stack exhausted".
  uint64_t max_wasm_stack_bytes = 1ull << 20;
  uint64_t max_native_stack_bytes = 1ull << 20;

  // ---- Interruption (opt-in, as in wasmtime: code checks only when enabled). ----
  // Fuel: every function call and loop back-edge costs one unit; a store with
  // no fuel left traps "all fuel consumed".
  bool consume_fuel = false;
  // Interrupts: Store::Interrupt() (callable from any thread) or a deadline
  // makes running code trap "interrupt" at its next call or back-edge.
  bool interruptible = false;

  // ---- Tier-up (DESIGN.md §5). ----
  // Count calls and loop back-edges per function (needed for auto mode; off in
  // interp mode unless asked for, so its cost can be measured).
  bool profile_counters = true;
  int32_t tier_up_budget = 100'000;  // units before a function asks to tier up
};

}  // namespace wasmtier

#endif  // WASMTIER_ENGINE_INCLUDE_WASMTIER_CONFIG_H_
