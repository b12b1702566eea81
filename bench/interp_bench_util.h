// Helpers of the interpreter micro-benchmarks (bench/interp_bench.cc) on the
// public API: engine configuration, host stubs for a module's imports, the
// --emit-wasm kernel files for Node.js, and the reporter that prints the
// counters-on/off summary.
#ifndef WASMTIER_BENCH_INTERP_BENCH_UTIL_H_
#define WASMTIER_BENCH_INTERP_BENCH_UTIL_H_

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "bench/bench_files.h"
#include "absl/status/statusor.h"
#include "benchmark/benchmark.h"
#include "engine/include/wasmtier/wasmtier.h"

namespace wasmtier::bench {

// The counter holding seconds per unit of work ("unit=..." in the label).
inline constexpr char kPerUnitCounter[] = "per_unit";

// The interpreter only (never compile), with or without profile counters.
Config InterpConfig(bool profile_counters);

// One host function per function import of {module}, returning zeros (the
// generated module imports "env" "host_N" as a WASI program would). Other
// import kinds fail with "unsupported: ...".
absl::StatusOr<std::vector<Extern>> StubImports(Store& store, const Module& module);

// Writes DIR/<kernel>.wasm for every kernel (bench/kernels.h) and
// DIR/kernels.json: [{name, file, unit, n, units, expected}], the manifest
// bench/node/kernels.js runs. Creates DIR if needed.
absl::Status EmitKernels(const std::string& dir);


// The console reporter, plus a table at the end pairing every
// ".../counters_off" benchmark with its ".../counters_on" twin: ns per unit of
// both and the cost of counting in percent (the tier-up issue's "<= 3%").
class SummaryReporter : public benchmark::ConsoleReporter {
 public:
  void ReportRuns(const std::vector<Run>& runs) override;
  void PrintSummary() const;

 private:
  struct Figure {
    std::string unit;  // the run's label: "unit=call x1000000"
    double ns = 0;
    bool from_median = false;
  };
  // Key: benchmark name without "/counters_on|off"; [0] = off, [1] = on.
  std::map<std::string, Figure[2]> pairs_;
};

}  // namespace wasmtier::bench

#endif  // WASMTIER_BENCH_INTERP_BENCH_UTIL_H_
