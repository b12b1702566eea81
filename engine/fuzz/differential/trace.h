// The two sides of a differential run, as segments: what happened during
// instantiation, then one segment per exported function called (binaryen's
// `--fuzz-exec` order). Binaryen's side is parsed from its printed output and
// keeps its value texts; Wasmtier's side keeps typed values. compare.h decides
// whether the two agree.
#ifndef WASMTIER_ENGINE_FUZZ_DIFFERENTIAL_TRACE_H_
#define WASMTIER_ENGINE_FUZZ_DIFFERENTIAL_TRACE_H_

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "engine/include/wasmtier/wasmtier.h"

namespace wasmtier::difffuzz {

// How a segment ended.
enum class Outcome {
  kReturned,        // normally (results, if any, in {results})
  kTrapped,         // any trap; {trap} holds the engine's message
  kNotCalled,       // binaryen refuses non-defaultable parameters ("[trap fuzzer can only ...]")
  kStackExhausted,  // binaryen "[trap stack limit]" / Wasmtier "call stack exhausted"
  kHostLimit,       // binaryen only: "[host limit ...]" (its interpreter's own resource limit)
  kTimeout,         // Wasmtier only: interrupted by the driver's watchdog
};

// ---- binaryen ----
struct BinaryenSegment {
  std::string name;                              // "" = instantiation (start function)
  std::vector<std::vector<std::string>> logs;    // tokens of each "[LoggingExternalInterface logging ...]"
  Outcome outcome = Outcome::kReturned;
  bool has_result_line = false;                  // "[fuzz-exec] note result: NAME => TEXT"
  std::string result_text;                       // TEXT
  std::string trap;                              // "[trap TEXT]"
  std::vector<std::string> lines;                // the raw lines, for reports
};

// Parses the stdout of `wasm-opt --fuzz-exec-before`. Lines it does not know
// are an error (binaryen's format changed: the harness must be taught).
absl::StatusOr<std::vector<BinaryenSegment>> ParseBinaryenOutput(std::string_view text);

// The tokens of a result text: "(1, -2.5, funcref(null))" -> {"1", "-2.5",
// "funcref(null)"}; a single value -> {text}.
std::vector<std::string> SplitResultText(std::string_view text, size_t expected_count);

// ---- Wasmtier ----
struct WasmtierSegment {
  std::string name;
  std::vector<std::vector<Val>> logs;            // arguments of each fuzzing-support call
  Outcome outcome = Outcome::kReturned;
  std::vector<Val> results;
  std::string trap;                              // the trap's message
};

// One value as binaryen would print it, for reports ("-5", "1.5", "nan",
// "funcref(null)").
std::string FormatValue(const Val& value);
std::string FormatSegment(const WasmtierSegment& segment);

}  // namespace wasmtier::difffuzz

#endif  // WASMTIER_ENGINE_FUZZ_DIFFERENTIAL_TRACE_H_
