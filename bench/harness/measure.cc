// The harness's measurement loop (see measure.h).
#include "bench/harness/measure.h"

#include <unistd.h>

#include "absl/strings/str_format.h"

namespace wasmtier::bench {

Summary Results::Seconds(size_t workload, size_t runtime) const {
  return Summarize(cells[workload][runtime].seconds);
}

double Results::Ratio(size_t workload, size_t runtime) const {
  if (native_index < 0) return 0;
  const Cell& cell = cells[workload][runtime];
  const Cell& native = cells[workload][native_index];
  if (!cell.ok() || !native.ok()) return 0;
  double native_median = Summarize(native.seconds).median;
  return native_median > 0 ? Summarize(cell.seconds).median / native_median : 0;
}

double Results::GeomeanRatio(size_t runtime, int* covered) const {
  std::vector<double> ratios;
  for (size_t w = 0; w < workloads.size(); w++) {
    if (double ratio = Ratio(w, runtime); ratio > 0) ratios.push_back(ratio);
  }
  if (covered != nullptr) *covered = static_cast<int>(ratios.size());
  return GeometricMean(ratios);
}

int Results::Failures() const {
  int failures = 0;
  for (const std::vector<Cell>& row : cells) {
    for (const Cell& cell : row) failures += cell.failure.empty() ? 0 : 1;
  }
  return failures;
}

Progress::Progress(FILE* out, int total)
    : out_(out), terminal_(isatty(fileno(out)) != 0), total_(total) {}

void Progress::Step(const std::string& workload, const std::string& runtime, int rep, int reps) {
  done_++;
  int width = static_cast<int>(std::to_string(total_).size());
  std::string line = absl::StrFormat("[%*d/%d] %s %s rep %d/%d ...", width, done_, total_, workload,
                                     runtime, rep, reps);
  // \033[K clears what a longer previous line left behind.
  std::fprintf(out_, terminal_ ? "\r%s\033[K" : "%s\n", line.c_str());
  std::fflush(out_);
}

void Progress::Done() {
  if (terminal_ && done_ > 0) std::fputs("\r\033[K", out_);
  std::fflush(out_);
}

namespace {

// Runs one repetition of one cell and records it.
void RunCell(Runtime& runtime, const WorkloadInfo& workload, uint32_t size, uint64_t reference,
             Cell& cell) {
  absl::StatusOr<RunResult> result = runtime.Run(workload, size);
  if (!result.ok()) {
    std::string message(result.status().message());
    (IsUnsupported(result.status()) ? cell.unavailable : cell.failure) = message;
    return;
  }
  if (result->checksum != reference) {
    cell.failure = absl::StrFormat("checksum %016x, native %016x", result->checksum, reference);
    return;
  }
  cell.seconds.push_back(result->seconds);
  cell.wall_seconds.push_back(result->wall_seconds);
}

}  // namespace

Results Measure(std::span<Runtime* const> runtimes, std::span<const WorkloadInfo* const> workloads,
                uint32_t size, int reps, Progress& progress) {
  Results results;
  results.size = size;
  results.reps = reps;
  // Native runs first within each (rep, workload) so that its first run
  // gives the reference before any other runtime is checked.
  std::vector<size_t> order;
  for (size_t r = 0; r < runtimes.size(); r++) {
    RuntimeColumn column{runtimes[r]->Name(), runtimes[r]->TimingNote(),
                         runtimes[r]->Unavailable()};
    if (column.name == "native") {
      results.native_index = static_cast<int>(r);
      order.insert(order.begin(), r);
    } else {
      order.push_back(r);
    }
    results.runtimes.push_back(std::move(column));
  }
  for (const WorkloadInfo* w : workloads) {
    results.workloads.push_back(w->name);
    // Untimed reference run when native is not compared.
    results.reference.push_back(results.native_index < 0 ? RunNative(*w, size).checksum : 0);
    results.cells.emplace_back(runtimes.size());
    for (size_t r = 0; r < runtimes.size(); r++) {
      results.cells.back()[r].unavailable = results.runtimes[r].unavailable;
    }
  }
  for (int rep = 0; rep < reps; rep++) {
    for (size_t w = 0; w < workloads.size(); w++) {
      for (size_t r : order) {
        progress.Step(workloads[w]->name, results.runtimes[r].name, rep + 1, reps);
        Cell& cell = results.cells[w][r];
        if (!cell.failure.empty() || !cell.unavailable.empty()) continue;
        if (static_cast<int>(r) == results.native_index) {
          // Native is its own reference; a later repetition that differs
          // means the workload is not deterministic.
          RunResult native = RunNative(*workloads[w], size);
          if (rep == 0) results.reference[w] = native.checksum;
          if (native.checksum != results.reference[w]) {
            cell.failure = absl::StrFormat("native checksum changed: %016x then %016x",
                                           results.reference[w], native.checksum);
            continue;
          }
          cell.seconds.push_back(native.seconds);
          cell.wall_seconds.push_back(native.wall_seconds);
          continue;
        }
        RunCell(*runtimes[r], *workloads[w], size, results.reference[w], cell);
      }
    }
  }
  progress.Done();
  return results;
}

}  // namespace wasmtier::bench
