// Starting another runtime as a child process for the harness: PATH lookup,
// splitting a --runtime command into words, and a run that captures the
// child's output and its wall-clock time (startup included).
#ifndef WASMTIER_BENCH_HARNESS_SUBPROCESS_H_
#define WASMTIER_BENCH_HARNESS_SUBPROCESS_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace wasmtier::bench {

// The executable {program} names: itself if it contains a '/', else the
// first executable file called {program} in a directory of $PATH.
std::optional<std::string> FindExecutable(absl::string_view program);

// Splits on spaces and tabs; no quoting (runtime commands are simple words).
std::vector<std::string> SplitWords(absl::string_view command);

struct ProcessResult {
  int exit_code = -1;       // the child's exit status if it exited
  int term_signal = 0;      // the signal that killed it, else 0
  std::string output;       // stdout and stderr interleaved, capped at 1 MiB
  double wall_seconds = 0;  // spawn to exit
  bool timed_out = false;   // killed at the deadline
};

// Runs argv (argv[0] looked up on PATH) with stdin from /dev/null, killing
// it (SIGKILL) after {timeout_seconds} if that is > 0. Fails only if the
// child cannot be started; a failing child is a ProcessResult.
absl::StatusOr<ProcessResult> RunProcess(const std::vector<std::string>& argv,
                                         double timeout_seconds = 0);

// "exit status 3" / "killed by signal 11" / "timed out after 600 s
// (killed)" / "" for a clean exit.
std::string DescribeExit(const ProcessResult& result);

}  // namespace wasmtier::bench

#endif  // WASMTIER_BENCH_HARNESS_SUBPROCESS_H_
