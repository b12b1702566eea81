// Helpers of the interpreter micro-benchmarks (bench/interp_bench_util.h).
#include "bench/interp_bench_util.h"

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string_view>
#include <system_error>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "bench/kernels.h"
#include "engine/text/wat.h"

namespace wasmtier::bench {

using Bytes = std::vector<uint8_t>;

Config InterpConfig(bool profile_counters) {
  Config config;
  config.tier = TierMode::kInterp;
  config.profile_counters = profile_counters;
  return config;
}

absl::StatusOr<std::vector<Extern>> StubImports(Store& store, const Module& module) {
  std::vector<Extern> externs;
  for (const ImportDesc& import : module.imports()) {
    if (import.kind != ExternKind::kFunc) {
      return absl::UnimplementedError(absl::StrCat("unsupported: stub for non-function import ",
                                                   import.module, " ", import.name));
    }
    std::vector<ValType> result_types = import.func.results;
    externs.push_back(Func::Create(
        store, import.func,
        [result_types](Caller&, std::span<const Val>, std::span<Val> results) {
          for (size_t i = 0; i < results.size(); ++i) results[i] = Val::FromBits(result_types[i], 0);
          return absl::OkStatus();
        }));
  }
  return externs;
}

absl::Status EmitKernels(const std::string& dir) {
  std::error_code error;
  std::filesystem::create_directories(dir, error);
  if (error) return absl::InternalError(absl::StrCat("cannot create ", dir, ": ", error.message()));
  std::string manifest = "[\n";
  for (const Kernel& kernel : Kernels()) {
    absl::StatusOr<Bytes> wasm = text::WatToBinary(kernel.wat);
    if (!wasm.ok()) return wasm.status();
    const std::string file = absl::StrCat(std::string(kernel.name), ".wasm");
    std::ofstream out(dir + "/" + file, std::ios::binary);
    out.write(reinterpret_cast<const char*>(wasm->data()), static_cast<std::streamsize>(wasm->size()));
    if (!out) return absl::InternalError(absl::StrCat("cannot write ", dir, "/", file));
    absl::StrAppendFormat(&manifest,
                          "%s  {\"name\": \"%s\", \"file\": \"%s\", \"unit\": \"%s\", \"n\": %d, "
                          "\"units\": %d, \"expected\": %d}",
                          manifest.size() > 2 ? ",\n" : "", std::string(kernel.name), file,
                          std::string(kernel.unit),
                          kernel.bench_n, kernel.units(kernel.bench_n),
                          kernel.reference(kernel.bench_n));
  }
  manifest += "\n]\n";
  std::ofstream out(dir + "/kernels.json");
  out << manifest;
  if (!out) return absl::InternalError(absl::StrCat("cannot write ", dir, "/kernels.json"));
  std::fprintf(stderr, "wrote %zu kernels and kernels.json to %s\n", Kernels().size(), dir.c_str());
  return absl::OkStatus();
}

// ---- SummaryReporter ----

void SummaryReporter::ReportRuns(const std::vector<Run>& runs) {
  for (const Run& run : runs) {
    if (run.error_occurred) continue;
    const bool median = run.run_type == Run::RT_Aggregate && run.aggregate_name == "median";
    if (run.run_type == Run::RT_Aggregate && !median) continue;
    const std::string& name = run.run_name.function_name;
    int side = -1;
    std::string key;
    for (int on = 0; on < 2; ++on) {
      const std::string_view suffix = on ? "/counters_on" : "/counters_off";
      if (name.ends_with(suffix)) {
        side = on;
        key = name.substr(0, name.size() - suffix.size());
      }
    }
    if (side < 0) continue;
    auto counter = run.counters.find(kPerUnitCounter);
    if (counter == run.counters.end()) continue;
    Figure& figure = pairs_[key][side];
    if (figure.from_median && !median) continue;  // medians win over single runs
    figure = Figure{run.report_label, counter->second.value * 1e9, median};
  }
  ConsoleReporter::ReportRuns(runs);
}

void SummaryReporter::PrintSummary() const {
  if (pairs_.empty()) return;
  std::printf("\nCost of profile counting (interpreter, ns per unit of work)\n");
  std::printf("%-32s %-28s %12s %12s %10s\n", "benchmark", "label", "counters_off",
              "counters_on", "cost");
  for (const auto& [key, figures] : pairs_) {
    const Figure& off = figures[0];
    const Figure& on = figures[1];
    if (off.ns == 0 || on.ns == 0) continue;
    const double cost = (on.ns / off.ns - 1) * 100;
    std::printf("%-32s %-28s %12.3f %12.3f %+9.1f%%\n", key.c_str(), off.unit.c_str(), off.ns,
                on.ns, cost);
  }
  std::fflush(stdout);
}

}  // namespace wasmtier::bench
