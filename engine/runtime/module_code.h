// Per-module executable state shared by every instance of a module in every
// store: one FuncCode per function (entry pointer, tier code), the engine-wide
// canonical signature ids, and the tiers' own data. Created with the public
// Module (engine/api), read by tiers.
#ifndef WASMTIER_ENGINE_RUNTIME_MODULE_CODE_H_
#define WASMTIER_ENGINE_RUNTIME_MODULE_CODE_H_

#include <cstdint>
#include <memory>
#include <mutex>
#include <vector>

#include "engine/include/wasmtier/config.h"
#include "engine/module.h"
#include "engine/runtime/exec.h"

namespace wasmtier::rt {

// Data a tier keeps per module (the interpreter's translated functions...).
struct TierData {
  virtual ~TierData() = default;
};

struct ModuleCode {
  std::shared_ptr<const WasmModule> module;
  Config config;  // the engine's configuration (tier mode, counters, fuel...)
  // One per function index; entries of imported functions are unused.
  std::unique_ptr<FuncCode[]> funcs;
  // Engine-wide canonical id per type index (TypeRegistry, engine/api/type_registry.h).
  std::vector<uint32_t> sig_ids;
  // The interpreter's per-module data; created by the interpreter under {mu}.
  std::mutex mu;
  std::unique_ptr<TierData> interp;
};

}  // namespace wasmtier::rt

#endif  // WASMTIER_ENGINE_RUNTIME_MODULE_CODE_H_
