// The `-W NAME[=y|n][,...]` option that switches WebAssembly proposals on and
// off, spelled as wasmtime spells it (`-W gc=y,threads`, `-W all-proposals`).
// Shared by every subcommand that decodes modules.
#ifndef WASMTIER_TOOLS_FEATURE_FLAGS_H_
#define WASMTIER_TOOLS_FEATURE_FLAGS_H_

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "engine/features.h"
#include "engine/include/wasmtier/config.h"

namespace wasmtier::cli {

// Applies one -W value (a comma-separated list of NAME, NAME=y or NAME=n;
// y/yes/true/on and n/no/false/off are accepted) to {features}.
absl::Status ApplyFeatureFlag(absl::string_view spec, Features* features);

// Runtime settings that wasmtime also spells as -W NAME=VALUE (`run` only):
// fuel=N, timeout=DURATION (10s, 500ms), max-memory-size=BYTES,
// max-table-elements=N, max-wasm-stack=BYTES.
struct RuntimeLimits {
  std::optional<uint64_t> fuel;
  std::optional<std::chrono::nanoseconds> timeout;
  std::optional<uint64_t> max_memory_size;
  std::optional<uint64_t> max_table_elements;
  std::optional<uint64_t> max_wasm_stack;
};

// Applies one -W value that may mix feature switches and runtime settings.
absl::Status ApplyWasmOption(absl::string_view spec, Features* features, RuntimeLimits* limits);
// Copies the limits that live in the engine configuration (memory, stack,
// fuel and interruption switches) into {config}.
void ApplyRuntimeLimits(const RuntimeLimits& limits, Config* config);
// The "-W" paragraph of the runtime settings.
std::string RuntimeLimitsHelp();

// The "-W" paragraph of a command's help: every name, what it switches and
// its default.
std::string FeatureFlagHelp();

// Every -W feature name with its state in {features}, in help order (what
// `wasmtier settings` lists).
std::vector<std::pair<std::string, bool>> FeatureStates(const Features& features);

}  // namespace wasmtier::cli

#endif  // WASMTIER_TOOLS_FEATURE_FLAGS_H_
