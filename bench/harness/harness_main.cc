// //bench:harness: runs the bundled workloads (bench/workloads/) on every
// Wasmtier tier mode, natively, on Node.js and on other WASI runtimes,
// checks every checksum against native, and writes tables, CSV, JSON,
// Markdown and an SVG chart. Usage: options.cc's kHarnessUsage; README "Performance".
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>
#include <system_error>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "bench/harness/measure.h"
#include "bench/harness/options.h"
#include "bench/harness/report.h"
#include "bench/harness/runtimes.h"
#include "bench/harness/svg_chart.h"

namespace wasmtier::bench {
namespace {

std::unique_ptr<Runtime> MakeRuntime(const RuntimeSpec& spec, const std::string& argv0,
                                     double timeout) {
  if (!spec.command.empty()) return MakeCommandRuntime(spec.name, spec.command, argv0, timeout);
  if (spec.name == "native") return MakeNativeRuntime();
  if (spec.name == "node") return MakeNodeRuntime(argv0, timeout);
  if (spec.name == "interp") return MakeTierRuntime(TierMode::kInterp, argv0);
  if (spec.name == "auto") return MakeTierRuntime(TierMode::kAuto, argv0);
  return MakeTierRuntime(TierMode::kJit, argv0);
}

absl::Status WriteOutputs(const Results& results, const MachineInfo& machine,
                          const std::string& dir) {
  std::error_code error;
  std::filesystem::create_directories(dir, error);
  if (error) return absl::InternalError(absl::StrCat("cannot create ", dir, ": ", error.message()));
  std::string subtitle =
      absl::StrFormat("median of %d interleaved run(s); %s, %d cores, %s; %s", results.reps,
                      machine.cpu, machine.cores, machine.os, machine.date);
  for (const auto& [name, contents] :
       {std::pair{"results.csv", ResultsCsv(results)},
        std::pair{"results.json", ResultsJson(results, machine)},
        std::pair{"results.md", ResultsMarkdown(results, machine)},
        std::pair{"results.svg", RenderSvg(ChartFromResults(results, subtitle))}}) {
    if (absl::Status status = WriteTextFile(absl::StrCat(dir, "/", name), contents); !status.ok()) {
      return status;
    }
  }
  return absl::OkStatus();
}

int Run(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  absl::StatusOr<HarnessOptions> options = ParseHarnessOptions(args);
  if (!options.ok()) {
    std::fprintf(stderr, "harness: %s\n%s", std::string(options.status().message()).c_str(),
                 kHarnessUsage);
    return 2;
  }
  std::vector<std::unique_ptr<Runtime>> owned;
  std::vector<Runtime*> runtimes;
  for (const RuntimeSpec& spec : options->runtimes) {
    owned.push_back(MakeRuntime(spec, argv[0], options->timeout_seconds));
    runtimes.push_back(owned.back().get());
  }
  std::vector<const WorkloadInfo*> workloads;
  for (const WorkloadInfo& w : AllWorkloads()) {
    if (options->only.empty()) workloads.push_back(&w);
  }
  for (const std::string& name : options->only) workloads.push_back(FindWorkload(name));

  MachineInfo machine = ReadMachineInfo();
  machine.command = absl::StrCat("bazel run -c opt //bench:harness -- ", absl::StrJoin(args, " "));
  int total = options->reps * static_cast<int>(workloads.size() * runtimes.size());
  Progress progress(stderr, total);
  Results results = Measure(runtimes, workloads, options->size, options->reps, progress);
  machine.load_after = ReadLoadAverage();

  PrintTables(results, machine, stdout);
  std::string out = options->out.empty() ? DefaultOutDir() : options->out;
  if (absl::Status status = WriteOutputs(results, machine, out); !status.ok()) {
    std::fprintf(stderr, "harness: %s\n", std::string(status.message()).c_str());
    return 1;
  }
  std::printf("\nwrote %s/results.{csv,json,md,svg}\n", out.c_str());
  int failures = results.Failures();
  if (failures > 0) std::printf("%d run(s) FAILED (see above): exit status 1\n", failures);
  return failures > 0 ? 1 : 0;
}

}  // namespace
}  // namespace wasmtier::bench

int main(int argc, char** argv) {
  return wasmtier::bench::Run(argc, argv);
}
