// Command-line options of //bench:harness and the list of runtimes they
// select (built-in names, well-known WASI runtimes, --runtime=NAME=COMMAND).
#ifndef WASMTIER_BENCH_HARNESS_OPTIONS_H_
#define WASMTIER_BENCH_HARNESS_OPTIONS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace wasmtier::bench {

// A runtime to compare: a built-in one (interp, auto, jit, native, node) has
// an empty command; any other runs {command} on W_cmd.wasm.
struct RuntimeSpec {
  std::string name;
  std::string command;
};

struct HarnessOptions {
  uint32_t size = 1;  // medium
  int reps = 3;
  std::vector<RuntimeSpec> runtimes;  // in column order
  std::vector<std::string> only;      // workload names; empty = all
  std::string out;                    // "" = the default directory
  double timeout_seconds = 600;       // per subprocess run (node, commands)
};

extern const char kHarnessUsage[];

// Parses argv[1..]. Without --runtimes the list is interp,auto,jit,native,
// node; each --runtime=NAME=COMMAND is added after the list unless the list
// names it already (then it takes that place).
absl::StatusOr<HarnessOptions> ParseHarnessOptions(const std::vector<std::string>& args);

// Where results go without --out: bench/results/latest under the workspace
// (BUILD_WORKSPACE_DIRECTORY under `bazel run`), else under the current
// directory.
std::string DefaultOutDir();

}  // namespace wasmtier::bench

#endif  // WASMTIER_BENCH_HARNESS_OPTIONS_H_
