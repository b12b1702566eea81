// Runs an external tool (binaryen's wasm-opt, wabt's wasm-validate) with a
// time limit, capturing its output: the differential driver's only way out of
// the process. No shell is involved, so paths need no quoting.
#ifndef WASMTIER_ENGINE_FUZZ_DIFFERENTIAL_SUBPROCESS_H_
#define WASMTIER_ENGINE_FUZZ_DIFFERENTIAL_SUBPROCESS_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace wasmtier::difffuzz {

struct ProcessResult {
  int exit_code = -1;      // -1 when killed by a signal or the time limit
  bool timed_out = false;
  std::string out;         // standard output
  std::string err;         // standard error
};

// Runs argv[0] (looked up on PATH) with argv[1..]; its stdout and stderr go
// to files under {scratch_dir} and are read back. Fails only if the program
// cannot be started.
absl::StatusOr<ProcessResult> RunProcess(const std::vector<std::string>& argv,
                                         const std::string& scratch_dir, int timeout_ms);

// True if {program} is an executable on PATH (or an executable path).
bool ProgramExists(const std::string& program);

}  // namespace wasmtier::difffuzz

#endif  // WASMTIER_ENGINE_FUZZ_DIFFERENTIAL_SUBPROCESS_H_
