// The `-W NAME[=y|n][,...]` option that switches WebAssembly proposals on and
// off, spelled as wasmtime spells it (`-W gc=y,threads`, `-W all-proposals`).
// Shared by every subcommand that decodes modules.
#ifndef WASMTIER_TOOLS_FEATURE_FLAGS_H_
#define WASMTIER_TOOLS_FEATURE_FLAGS_H_

#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "engine/features.h"

namespace wasmtier::cli {

// Applies one -W value (a comma-separated list of NAME, NAME=y or NAME=n;
// y/yes/true/on and n/no/false/off are accepted) to {features}.
absl::Status ApplyFeatureFlag(absl::string_view spec, Features* features);

// The "-W" paragraph of a command's help: every name, what it switches and
// its default.
std::string FeatureFlagHelp();

}  // namespace wasmtier::cli

#endif  // WASMTIER_TOOLS_FEATURE_FLAGS_H_
