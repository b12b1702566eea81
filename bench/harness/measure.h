// The harness's measurement loop: repetitions interleaved across runtimes
// (rep -> workload -> runtime), every run's checksum checked against the
// native one, and the results per (workload, runtime) cell.
#ifndef WASMTIER_BENCH_HARNESS_MEASURE_H_
#define WASMTIER_BENCH_HARNESS_MEASURE_H_

#include <cstdint>
#include <cstdio>
#include <span>
#include <string>
#include <vector>

#include "bench/harness/runtimes.h"
#include "bench/harness/stats.h"
#include "bench/workload_runner.h"

namespace wasmtier::bench {

// One (workload, runtime) cell. A cell stops running at its first failure
// or unsupported feature, so later repetitions do not repeat the error.
struct Cell {
  std::vector<double> seconds;       // verified runs, in repetition order
  std::vector<double> wall_seconds;  // same runs, whole process for subprocesses
  std::string failure;               // error or checksum mismatch: the harness fails
  std::string unavailable;           // the runtime cannot run it: reported, not a failure
  bool ok() const { return failure.empty() && unavailable.empty() && !seconds.empty(); }
};

struct RuntimeColumn {
  std::string name;
  std::string timing_note;
  std::string unavailable;  // the whole runtime (e.g. not on PATH), or ""
};

struct Results {
  uint32_t size = 0;
  int reps = 0;
  std::vector<std::string> workloads;
  std::vector<RuntimeColumn> runtimes;
  std::vector<uint64_t> reference;       // the native checksum, per workload
  std::vector<std::vector<Cell>> cells;  // [workload][runtime]
  int native_index = -1;                 // the "native" column, or -1

  // Median seconds; ratio of medians to native (0 if either is missing).
  Summary Seconds(size_t workload, size_t runtime) const;
  double Ratio(size_t workload, size_t runtime) const;
  // Geometric mean of the runtime's ratios over the workloads where both it
  // and native succeeded; {covered} is how many those are.
  double GeomeanRatio(size_t runtime, int* covered) const;
  int Failures() const;
};

// Writes "[ 12/90] matmul interp rep 2/3 ..." to {out}: overwritten in place
// when {out} is a terminal, one line per step otherwise.
class Progress {
 public:
  Progress(FILE* out, int total);
  void Step(const std::string& workload, const std::string& runtime, int rep, int reps);
  void Done();

 private:
  FILE* out_;
  bool terminal_;
  int total_;
  int done_ = 0;
};

// Runs every workload on every runtime {reps} times. A runtime's whole
// column is unavailable if Runtime::Unavailable() says so. The checksum of
// reference is the native function's (run once, untimed, if "native" is not
// among {runtimes}; otherwise native's first repetition, which runs first).
Results Measure(std::span<Runtime* const> runtimes, std::span<const WorkloadInfo* const> workloads,
                uint32_t size, int reps, Progress& progress);

}  // namespace wasmtier::bench

#endif  // WASMTIER_BENCH_HARNESS_MEASURE_H_
