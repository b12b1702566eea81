// The bundled C workloads (bench/workloads/) as the harness and the smoke test
// see them: the native -O2 function linked in-process, and one run of the
// wasm reactor in Wasmtier (public embedding API) or in Node.js (V8).
#ifndef WASMTIER_BENCH_WORKLOAD_RUNNER_H_
#define WASMTIER_BENCH_WORKLOAD_RUNNER_H_

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "engine/include/wasmtier/wasmtier.h"

namespace wasmtier::bench {

using NativeWorkloadFn = uint64_t (*)(uint32_t size);

struct WorkloadInfo {
  const char* name;
  NativeWorkloadFn native;
};

// All 15, in workloads.def order.
std::span<const WorkloadInfo> AllWorkloads();
const WorkloadInfo* FindWorkload(std::string_view name);

// "small"|"medium"|"large" or "0"|"1"|"2".
absl::StatusOr<uint32_t> ParseSize(std::string_view text);

// One timed run: the checksum workload_run returned, the time of the call,
// and the wall time of the whole run (a child process's startup included;
// the same as {seconds} for in-process runs).
struct RunResult {
  uint64_t checksum = 0;
  double seconds = 0;
  double wall_seconds = 0;
};

RunResult RunNative(const WorkloadInfo& workload, uint32_t size);

// Where the runfiles of this binary (or test) are: the .wasm reactors and
// bench/node/run_workload.js are found relative to it.
std::string RunfilesPath(const char* argv0, std::string_view workspace_relative);

absl::StatusOr<std::vector<uint8_t>> ReadFileBytes(const std::string& path);

// A compiled workload module for one engine; each run instantiates it in a
// fresh store, so no state carries over between repetitions.
class WasmWorkload {
 public:
  static absl::StatusOr<WasmWorkload> Load(const Engine& engine, std::span<const uint8_t> bytes);
  // Instantiates and calls workload_run(size). The time covers the call
  // only (the interpreter translates lazily, so that is included), not
  // instantiation. A trap or unsupported feature comes back as the status.
  absl::StatusOr<RunResult> Run(uint32_t size) const;

 private:
  WasmWorkload(const Engine* engine, Module module) : engine_(engine), module_(std::move(module)) {}
  const Engine* engine_;
  Module module_;
};

// Runs `node {script} {wasm_path} {size}` and parses its checksum and the
// elapsed time node measured around the call (and node's wall time).
// A {timeout_seconds} > 0 kills node after that long (an error).
absl::StatusOr<RunResult> RunNode(const std::string& script, const std::string& wasm_path,
                                  uint32_t size, double timeout_seconds = 0);

}  // namespace wasmtier::bench

#endif  // WASMTIER_BENCH_WORKLOAD_RUNNER_H_
