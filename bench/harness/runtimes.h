// The runtimes the harness compares: native code and the Wasmtier tiers
// in-process, Node.js through bench/node/run_workload.js, and any other
// WASI runtime as a command running W_cmd.wasm. Each run returns the
// workload's checksum and its time; the harness checks the checksum.
#ifndef WASMTIER_BENCH_HARNESS_RUNTIMES_H_
#define WASMTIER_BENCH_HARNESS_RUNTIMES_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "bench/workload_runner.h"
#include "engine/include/wasmtier/wasmtier.h"

namespace wasmtier::bench {

class Runtime {
 public:
  virtual ~Runtime() = default;
  virtual const std::string& Name() const = 0;
  // How RunResult::seconds is measured, for the notes under the table.
  virtual std::string TimingNote() const = 0;
  // Why this runtime cannot run at all (e.g. not on PATH), or "".
  virtual std::string Unavailable() const { return ""; }
  virtual absl::StatusOr<RunResult> Run(const WorkloadInfo& workload, uint32_t size) = 0;
};

// An "unsupported: ..." status (kUnimplemented, the engine's convention): the
// runtime lacks a feature, so its cell is unavailable rather than failed.
bool IsUnsupported(const absl::Status& status);

// The "checksum: <hex>" line that main.c and run_workload.js print.
std::optional<uint64_t> ParseChecksumLine(absl::string_view output);

// {argv0} locates the runfiles (the .wasm files and the node script).
std::unique_ptr<Runtime> MakeNativeRuntime();
std::unique_ptr<Runtime> MakeTierRuntime(TierMode mode, std::string argv0);
// Subprocess runtimes are killed after {timeout_seconds} (> 0) per run.
std::unique_ptr<Runtime> MakeNodeRuntime(std::string argv0, double timeout_seconds);
// Runs `{command} W_cmd.wasm SIZE` (SIZE = small|medium|large). {wasm} and
// {size} in the command place those two words instead of appending them.
std::unique_ptr<Runtime> MakeCommandRuntime(std::string name, std::string command,
                                            std::string argv0, double timeout_seconds);

// The command behind a well-known runtime name (wasm3, iwasm, wasmtime,
// wasmer, wabt, node-wasi), or nullopt. {node_wasi_js} in a command is
// bench/node/run_wasi.js in the runfiles.
std::optional<std::string> KnownRuntimeCommand(absl::string_view name);

}  // namespace wasmtier::bench

#endif  // WASMTIER_BENCH_HARNESS_RUNTIMES_H_
