// The harness's outputs: the text tables (seconds and ratio to native, with
// the geomean per runtime), results.csv, results.json, results.md, and the
// machine the numbers come from.
#ifndef WASMTIER_BENCH_HARNESS_REPORT_H_
#define WASMTIER_BENCH_HARNESS_REPORT_H_

#include <cstdio>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "bench/harness/measure.h"

namespace wasmtier::bench {

struct MachineInfo {
  std::string cpu;                           // /proc/cpuinfo "model name"
  int cores = 0;                             // online CPUs
  std::string os;                            // /etc/os-release PRETTY_NAME and the kernel release
  double load_before = -1, load_after = -1;  // 1-minute load average
  std::string date;                          // UTC, ISO 8601
  std::string command;                       // how the harness was started
};

MachineInfo ReadMachineInfo();
double ReadLoadAverage();  // -1 if unknown

const char* SizeLabel(uint32_t size);  // small|medium|large

void PrintTables(const Results& results, const MachineInfo& machine, FILE* out);
std::string ResultsCsv(const Results& results);
std::string ResultsJson(const Results& results, const MachineInfo& machine);
// Markdown: the ratio table (with geomeans) and the seconds table, for the
// README; runtimes with no result at all are listed under the tables.
std::string ResultsMarkdown(const Results& results, const MachineInfo& machine);

// Quotes a JSON string (exposed for the test).
std::string JsonQuote(absl::string_view text);

absl::Status WriteTextFile(const std::string& path, const std::string& contents);

}  // namespace wasmtier::bench

#endif  // WASMTIER_BENCH_HARNESS_REPORT_H_
