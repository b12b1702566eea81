// Native, Wasmtier and Node.js execution of one bundled workload, shared by
// //bench:harness and //bench:workloads_smoke_test.
#include "bench/workload_runner.h"

#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <iterator>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "bench/harness/subprocess.h"

// The -Dworkload_run=W_workload_run renamed native functions (C linkage).
#define WORKLOAD(name) extern "C" uint64_t name##_workload_run(uint32_t size);
#include "bench/workloads/workloads.def"
#undef WORKLOAD

namespace wasmtier::bench {
namespace {

constexpr WorkloadInfo kWorkloads[] = {
#define WORKLOAD(name) {#name, &name##_workload_run},
#include "bench/workloads/workloads.def"
#undef WORKLOAD
};

double SecondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

bool FileExists(const std::string& path) {
  return access(path.c_str(), R_OK) == 0;
}

}  // namespace

std::span<const WorkloadInfo> AllWorkloads() {
  return kWorkloads;
}

const WorkloadInfo* FindWorkload(std::string_view name) {
  for (const WorkloadInfo& w : kWorkloads) {
    if (name == w.name) return &w;
  }
  return nullptr;
}

absl::StatusOr<uint32_t> ParseSize(std::string_view text) {
  static constexpr std::string_view kNames[] = {"small", "medium", "large"};
  for (uint32_t i = 0; i < 3; i++) {
    if (text == kNames[i] || text == std::to_string(i)) return i;
  }
  return absl::InvalidArgumentError("unknown size '" + std::string(text) +
                                    "' (small|medium|large|0|1|2)");
}

RunResult RunNative(const WorkloadInfo& workload, uint32_t size) {
  auto start = std::chrono::steady_clock::now();
  uint64_t checksum = workload.native(size);
  double seconds = SecondsSince(start);
  return {checksum, seconds, seconds};
}

std::string RunfilesPath(const char* argv0, std::string_view workspace_relative) {
  // bazel run and bazel test start in <runfiles>/wasmtier; a binary started
  // directly finds its runfiles beside itself; RUNFILES_DIR wins if set.
  std::vector<std::string> candidates;
  if (const char* dir = std::getenv("RUNFILES_DIR")) {
    candidates.push_back(std::string(dir) + "/wasmtier/" + std::string(workspace_relative));
  }
  if (const char* dir = std::getenv("TEST_SRCDIR")) {
    candidates.push_back(std::string(dir) + "/wasmtier/" + std::string(workspace_relative));
  }
  if (argv0 != nullptr) {
    candidates.push_back(std::string(argv0) + ".runfiles/wasmtier/" +
                         std::string(workspace_relative));
  }
  candidates.push_back(std::string(workspace_relative));
  for (const std::string& path : candidates) {
    if (FileExists(path)) return path;
  }
  return std::string(workspace_relative);  // the open fails with this name
}

absl::StatusOr<std::vector<uint8_t>> ReadFileBytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot open ", path));
  return std::vector<uint8_t>(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

absl::StatusOr<WasmWorkload> WasmWorkload::Load(const Engine& engine,
                                                std::span<const uint8_t> bytes) {
  absl::StatusOr<Module> module = Module::Compile(engine, bytes);
  if (!module.ok()) return module.status();
  return WasmWorkload(&engine, *std::move(module));
}

absl::StatusOr<RunResult> WasmWorkload::Run(uint32_t size) const {
  Store store(*engine_);
  absl::StatusOr<Instance> instance = Instance::Create(store, module_, {});
  if (!instance.ok()) return instance.status();
  std::optional<Func> run = instance->GetFunc("workload_run");
  if (!run) return absl::NotFoundError("the module exports no function workload_run");
  Val args[1] = {Val::I32(static_cast<int32_t>(size))};
  Val results[1];
  auto start = std::chrono::steady_clock::now();
  absl::Status status = run->Call(store, args, results);
  double seconds = SecondsSince(start);
  if (!status.ok()) {
    if (std::optional<Trap> trap = GetTrap(status)) {
      return absl::AbortedError(trap->ToString());
    }
    return status;
  }
  return RunResult{static_cast<uint64_t>(results[0].i64()), seconds, seconds};
}

absl::StatusOr<RunResult> RunNode(const std::string& script, const std::string& wasm_path,
                                  uint32_t size, double timeout_seconds) {
  absl::StatusOr<ProcessResult> process =
      RunProcess({"node", script, wasm_path, std::to_string(size)}, timeout_seconds);
  if (!process.ok()) return process.status();
  if (std::string exit = DescribeExit(*process); !exit.empty()) {
    return absl::InternalError(absl::StrCat("node failed (", exit, "): ", process->output));
  }
  std::optional<uint64_t> checksum;
  std::optional<double> ms;
  for (absl::string_view line : absl::StrSplit(process->output, '\n')) {
    uint64_t value;
    double time;
    if (absl::ConsumePrefix(&line, "checksum: ") && absl::SimpleHexAtoi(line, &value)) {
      checksum = value;
    } else if (absl::ConsumePrefix(&line, "elapsed_ms: ") && absl::SimpleAtod(line, &time)) {
      ms = time;
    }
  }
  if (!checksum || !ms) {
    return absl::InternalError(absl::StrCat("unexpected node output: ", process->output));
  }
  return RunResult{*checksum, *ms / 1000.0, process->wall_seconds};
}

}  // namespace wasmtier::bench
