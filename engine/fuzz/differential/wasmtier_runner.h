// Runs a module in Wasmtier the way binaryen's --fuzz-exec runs it: one
// instance, the "fuzzing-support" imports as logging host functions, then
// every exported function in export order with zero/null arguments, each
// preceded by a call of the "hangLimitInitializer" export when there is one.
#ifndef WASMTIER_ENGINE_FUZZ_DIFFERENTIAL_WASMTIER_RUNNER_H_
#define WASMTIER_ENGINE_FUZZ_DIFFERENTIAL_WASMTIER_RUNNER_H_

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "engine/fuzz/differential/trace.h"
#include "engine/include/wasmtier/wasmtier.h"

namespace wasmtier::difffuzz {

struct WasmtierRunOptions {
  TierMode tier = TierMode::kInterp;
  // Per module, all calls together. Uses Config::interruptible; 0 = no
  // watchdog (the plain default configuration is run).
  int timeout_ms = 10000;
};

struct WasmtierRun {
  absl::Status compile_error;   // not OK: Module::Compile rejected the bytes
  std::string harness_gap;      // not empty: an import the harness cannot provide
  std::vector<WasmtierSegment> segments;  // instantiation first, then one per called export
};

class WasmtierRunner {
 public:
  explicit WasmtierRunner(WasmtierRunOptions options);
  ~WasmtierRunner();
  WasmtierRun Run(std::span<const uint8_t> wasm);

 private:
  class Watchdog;
  WasmtierRunOptions options_;
  Engine engine_;
  std::unique_ptr<Watchdog> watchdog_;
};

}  // namespace wasmtier::difffuzz

#endif  // WASMTIER_ENGINE_FUZZ_DIFFERENTIAL_WASMTIER_RUNNER_H_
