// bench/workload_runner: times each bundled workload natively (in-process,
// -O2), in Wasmtier's interpreter and optionally in Node.js (V8), checks that
// every runtime returns the native checksum, and prints medians and ratios.
//   bazel run -c opt //bench:workload_runner -- [--size=small|medium|large]
//       [--reps=N] [--only=a,b] [--node] [--tier=interp|auto|jit]
#include <cstdio>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "bench/workload_runner.h"

namespace wasmtier::bench {
namespace {

struct Options {
  uint32_t size = 0;
  int reps = 3;
  std::vector<std::string> only;
  bool node = false;
  TierMode tier = TierMode::kInterp;
};

constexpr char kUsage[] =
    "usage: workload_runner [--size=small|medium|large] [--reps=N] [--only=a,b] [--node]\n"
    "                       [--tier=interp|auto|jit]\n";

std::optional<Options> ParseOptions(int argc, char** argv) {
  Options options;
  for (int i = 1; i < argc; i++) {
    absl::string_view arg = argv[i];
    if (absl::ConsumePrefix(&arg, "--size=")) {
      absl::StatusOr<uint32_t> size = ParseSize(std::string(arg));
      if (!size.ok()) return std::nullopt;
      options.size = *size;
    } else if (absl::ConsumePrefix(&arg, "--reps=")) {
      if (!absl::SimpleAtoi(arg, &options.reps) || options.reps < 1) return std::nullopt;
    } else if (absl::ConsumePrefix(&arg, "--only=")) {
      options.only = absl::StrSplit(arg, ',', absl::SkipEmpty());
    } else if (arg == "--node") {
      options.node = true;
    } else if (absl::ConsumePrefix(&arg, "--tier=")) {
      if (arg == "interp") options.tier = TierMode::kInterp;
      else if (arg == "auto") options.tier = TierMode::kAuto;
      else if (arg == "jit") options.tier = TierMode::kJit;
      else return std::nullopt;
    } else {
      return std::nullopt;
    }
  }
  return options;
}

// Medians of one workload's repetitions; a runtime that failed has an error.
struct Row {
  std::string name;
  double native = 0, wasm = 0, node = 0;
  std::string wasm_error, node_error;
};

std::string CheckChecksum(const absl::StatusOr<RunResult>& result, uint64_t expected) {
  if (!result.ok()) return std::string(result.status().message());
  if (result->checksum == expected) return "";
  return absl::StrFormat("checksum %016x, native %016x", result->checksum, expected);
}

// Runs the repetitions interleaved (native, wasm, node, native, ...) so that
// machine noise hits every runtime alike; stops a runtime at its first error.
Row MeasureWorkload(const WorkloadInfo& workload, const Options& options, const Engine& engine,
                    const char* argv0) {
  Row row{std::string(workload.name)};
  std::string wasm_path =
      RunfilesPath(argv0, std::string("bench/workloads/") + workload.name + ".wasm");
  std::string script = RunfilesPath(argv0, "bench/node/run_workload.js");
  std::optional<WasmWorkload> wasm;
  absl::StatusOr<std::vector<uint8_t>> bytes = ReadFileBytes(wasm_path);
  if (!bytes.ok()) {
    row.wasm_error = std::string(bytes.status().message());
  } else if (absl::StatusOr<WasmWorkload> loaded = WasmWorkload::Load(engine, *bytes); !loaded.ok()) {
    row.wasm_error = absl::StrCat("compile: ", loaded.status().message());
  } else {
    wasm = *std::move(loaded);
  }
  if (!options.node) row.node_error = "-";
  std::vector<double> native_s, wasm_s, node_s;
  for (int rep = 0; rep < options.reps; rep++) {
    RunResult native = RunNative(workload, options.size);
    native_s.push_back(native.seconds);
    if (row.wasm_error.empty()) {
      absl::StatusOr<RunResult> result = wasm->Run(options.size);
      row.wasm_error = CheckChecksum(result, native.checksum);
      if (row.wasm_error.empty()) wasm_s.push_back(result->seconds);
    }
    if (row.node_error.empty()) {
      absl::StatusOr<RunResult> result = RunNode(script, wasm_path, options.size);
      row.node_error = CheckChecksum(result, native.checksum);
      if (row.node_error.empty()) node_s.push_back(result->seconds);
    }
  }
  row.native = Median(native_s);
  if (row.wasm_error.empty()) row.wasm = Median(wasm_s);
  if (row.node_error.empty()) row.node = Median(node_s);
  return row;
}

// A table cell: "-" not measured, "FAIL" (details after the table), or the value.
std::string Cell(const std::string& error, double value, bool ratio) {
  if (error == "-") return "-";
  if (!error.empty()) return "FAIL";
  return ratio ? absl::StrFormat("%.2fx", value) : absl::StrFormat("%.4f", value);
}

int Run(int argc, char** argv) {
  std::optional<Options> options = ParseOptions(argc, argv);
  if (!options) {
    std::fputs(kUsage, stderr);
    return 2;
  }
  std::vector<const WorkloadInfo*> selected;
  for (const WorkloadInfo& w : AllWorkloads()) {
    if (options->only.empty()) selected.push_back(&w);
  }
  for (const std::string& name : options->only) {
    const WorkloadInfo* w = FindWorkload(name);
    if (w == nullptr) {
      std::fprintf(stderr, "unknown workload '%s'\n", name.c_str());
      return 2;
    }
    selected.push_back(w);
  }
  Config config;
  config.tier = options->tier;
  Engine engine(config);
  std::printf("size %u, %d reps (median), wasm tier %s\n", options->size, options->reps,
              TierModeName(options->tier));
  std::printf("%-14s %10s %10s %9s %10s %9s\n", "workload", "native s", "wasm s", "wasm/nat",
              "node s", "node/nat");
  std::vector<Row> rows;
  std::vector<double> wasm_ratios, node_ratios;
  for (const WorkloadInfo* w : selected) {
    Row row = MeasureWorkload(*w, *options, engine, argv[0]);
    std::printf("%-14s %10.4f %10s %9s %10s %9s\n", row.name.c_str(), row.native,
                Cell(row.wasm_error, row.wasm, false).c_str(),
                Cell(row.wasm_error, row.wasm / row.native, true).c_str(),
                Cell(row.node_error, row.node, false).c_str(),
                Cell(row.node_error, row.node / row.native, true).c_str());
    std::fflush(stdout);
    if (row.wasm_error.empty()) wasm_ratios.push_back(row.wasm / row.native);
    if (row.node_error.empty()) node_ratios.push_back(row.node / row.native);
    rows.push_back(std::move(row));
  }
  std::printf("%-14s %10s %10s %9s %10s %9s\n", "geomean", "", "",
              Cell(wasm_ratios.empty() ? "-" : "", GeometricMean(wasm_ratios), true).c_str(), "",
              Cell(node_ratios.empty() ? "-" : "", GeometricMean(node_ratios), true).c_str());
  // A geomean over a subset would mislead silently: say what it covers.
  int failures = 0;
  for (const Row& row : rows) {
    for (const auto& [runtime, error] : {std::pair{"wasmtier", row.wasm_error},
                                         std::pair{"node", row.node_error}}) {
      if (error.empty() || error == "-") continue;
      std::fprintf(stderr, "error: %s in %s: %s\n", row.name.c_str(), runtime, error.c_str());
      failures++;
    }
  }
  if (failures > 0) {
    std::fprintf(stderr, "%d failure(s); geomeans cover only the workloads that passed\n",
                 failures);
  }
  return failures > 0 ? 1 : 0;
}

}  // namespace
}  // namespace wasmtier::bench

int main(int argc, char** argv) { return wasmtier::bench::Run(argc, argv); }
