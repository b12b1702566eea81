// The harness's tables, CSV and JSON (see report.h).
#include "bench/harness/report.h"

#include <sys/utsname.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <sstream>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/strip.h"

namespace wasmtier::bench {
namespace {

std::string ReadWholeFile(const char* path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// The value of the first "key: value" / key=value line starting with {key}.
std::string FindField(const std::string& text, absl::string_view key, char separator) {
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    if (!absl::StartsWith(line, key)) continue;
    size_t at = line.find(separator);
    if (at == std::string::npos) continue;
    std::string value(absl::StripAsciiWhitespace(line.substr(at + 1)));
    if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
      value = value.substr(1, value.size() - 2);
    }
    return value;
  }
  return "unknown";
}

const char* Status(const Cell& cell) {
  if (!cell.failure.empty()) return "failed";
  if (!cell.unavailable.empty()) return "unavailable";
  return cell.ok() ? "ok" : "not run";
}

// A seconds cell: "1.234 ±5%" (spread = (max - min) / median), "n/a", "FAIL".
std::string SecondsText(const Results& results, size_t w, size_t r) {
  const Cell& cell = results.cells[w][r];
  if (!cell.failure.empty()) return "FAIL";
  if (!cell.ok()) return "n/a";
  Summary s = results.Seconds(w, r);
  if (s.count < 2) return absl::StrFormat("%.4f", s.median);
  return absl::StrFormat("%.4f ±%.0f%%", s.median, 100 * RelativeSpread(s) / 2);
}

std::string RatioText(const Results& results, size_t w, size_t r) {
  const Cell& cell = results.cells[w][r];
  if (!cell.failure.empty()) return "FAIL";
  double ratio = results.Ratio(w, r);
  return ratio > 0 ? absl::StrFormat("%.2fx", ratio) : "n/a";
}

void PrintRow(FILE* out, const std::string& first, const std::vector<std::string>& cells,
              int width) {
  std::fprintf(out, "%-14s", first.c_str());
  for (const std::string& cell : cells) std::fprintf(out, " %*s", width, cell.c_str());
  std::fputc('\n', out);
}

void PrintNotes(const Results& results, FILE* out) {
  std::fputs("\nhow each runtime is timed:\n", out);
  int width = 0;
  for (const RuntimeColumn& column : results.runtimes) {
    width = std::max<int>(width, column.name.size());
  }
  for (const RuntimeColumn& column : results.runtimes) {
    std::fprintf(out, "  %-*s %s\n", width, column.name.c_str(), column.timing_note.c_str());
  }
  std::vector<std::string> lines;
  for (size_t r = 0; r < results.runtimes.size(); r++) {
    if (!results.runtimes[r].unavailable.empty()) {
      lines.push_back(absl::StrCat("  ", results.runtimes[r].name,
                                   ": unavailable: ", results.runtimes[r].unavailable));
      continue;
    }
    std::string first_unsupported;
    int unsupported = 0;
    for (const std::vector<Cell>& row : results.cells) {
      if (row[r].unavailable.empty()) continue;
      if (unsupported++ == 0) first_unsupported = row[r].unavailable;
    }
    if (unsupported > 0) {
      lines.push_back(absl::StrFormat("  %s: unavailable on %d workload(s): %s",
                                      results.runtimes[r].name, unsupported, first_unsupported));
    }
  }
  if (!lines.empty()) std::fprintf(out, "not measured:\n%s\n", absl::StrJoin(lines, "\n").c_str());
  for (size_t w = 0; w < results.workloads.size(); w++) {
    for (size_t r = 0; r < results.runtimes.size(); r++) {
      const std::string& failure = results.cells[w][r].failure;
      if (failure.empty()) continue;
      std::fprintf(out, "FAILED: %s on %s: %s\n", results.workloads[w].c_str(),
                   results.runtimes[r].name.c_str(), failure.c_str());
    }
  }
}

}  // namespace

double ReadLoadAverage() {
  double load[1];
  return getloadavg(load, 1) == 1 ? load[0] : -1;
}

MachineInfo ReadMachineInfo() {
  MachineInfo info;
  info.cpu = FindField(ReadWholeFile("/proc/cpuinfo"), "model name", ':');
  info.cores = static_cast<int>(sysconf(_SC_NPROCESSORS_ONLN));
  info.os = FindField(ReadWholeFile("/etc/os-release"), "PRETTY_NAME", '=');
  struct utsname names;
  if (uname(&names) == 0) absl::StrAppend(&info.os, ", ", names.sysname, " ", names.release);
  std::time_t now = std::time(nullptr);
  char date[32];
  std::strftime(date, sizeof date, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&now));
  info.date = date;
  info.load_before = ReadLoadAverage();
  return info;
}

const char* SizeLabel(uint32_t size) {
  static const char* const kNames[] = {"small", "medium", "large"};
  return kNames[std::min<uint32_t>(size, 2)];
}

void PrintTables(const Results& results, const MachineInfo& machine, FILE* out) {
  std::fprintf(out, "size %s, %d repetition(s) interleaved, median ±half the min-max spread\n",
               SizeLabel(results.size), results.reps);
  std::fprintf(out, "machine: %s, %d cores, %s; load average %.2f before, %.2f after\n",
               machine.cpu.c_str(), machine.cores, machine.os.c_str(), machine.load_before,
               machine.load_after);
  int width = 8;
  std::vector<std::string> names;
  for (const RuntimeColumn& column : results.runtimes) {
    names.push_back(column.name);
    width = std::max<int>(width, column.name.size());
  }
  int seconds_width = std::max(width, 13);
  std::fputs("\nseconds\n", out);
  PrintRow(out, "workload", names, seconds_width);
  for (size_t w = 0; w < results.workloads.size(); w++) {
    std::vector<std::string> cells;
    for (size_t r = 0; r < names.size(); r++) cells.push_back(SecondsText(results, w, r));
    PrintRow(out, results.workloads[w], cells, seconds_width);
  }
  if (results.native_index >= 0) {
    std::fputs("\nratio to native (median / native median)\n", out);
    PrintRow(out, "workload", names, width);
    for (size_t w = 0; w < results.workloads.size(); w++) {
      std::vector<std::string> cells;
      for (size_t r = 0; r < names.size(); r++) cells.push_back(RatioText(results, w, r));
      PrintRow(out, results.workloads[w], cells, width);
    }
    std::vector<std::string> geomeans;
    std::string coverage;
    for (size_t r = 0; r < names.size(); r++) {
      int covered = 0;
      double geomean = results.GeomeanRatio(r, &covered);
      geomeans.push_back(covered > 0 ? absl::StrFormat("%.2fx", geomean) : "n/a");
      if (covered > 0 && covered < static_cast<int>(results.workloads.size())) {
        absl::StrAppendFormat(&coverage, "  %s's geomean covers only %d of %d workloads\n",
                              names[r], covered, results.workloads.size());
      }
    }
    PrintRow(out, "geomean", geomeans, width);
    std::fputs(coverage.c_str(), out);
  }
  PrintNotes(results, out);
}

std::string ResultsCsv(const Results& results) {
  std::string csv =
      "workload,runtime,status,runs,median_s,min_s,q1_s,q3_s,max_s,ratio_to_native,"
      "median_wall_s,checksum,detail\n";
  for (size_t w = 0; w < results.workloads.size(); w++) {
    for (size_t r = 0; r < results.runtimes.size(); r++) {
      const Cell& cell = results.cells[w][r];
      Summary s = Summarize(cell.seconds);
      Summary wall = Summarize(cell.wall_seconds);
      std::string detail = !cell.failure.empty() ? cell.failure : cell.unavailable;
      // CSV quoting: double the quotes inside a quoted field.
      std::string quoted = "\"";
      for (char c : detail) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
      quoted += '"';
      absl::StrAppendFormat(&csv, "%s,%s,%s,%d,%.6f,%.6f,%.6f,%.6f,%.6f,%.4f,%.6f,%016x,%s\n",
                            results.workloads[w], results.runtimes[r].name, Status(cell), s.count,
                            s.median, s.min, s.q1, s.q3, s.max, results.Ratio(w, r), wall.median,
                            results.reference[w], quoted);
    }
  }
  return csv;
}

std::string JsonQuote(absl::string_view text) {
  std::string out = "\"";
  for (unsigned char c : text) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c < 0x20) {
      absl::StrAppendFormat(&out, "\\u%04x", c);
    } else {
      out += static_cast<char>(c);
    }
  }
  return out + "\"";
}

namespace {

std::string JsonNumbers(const std::vector<double>& values) {
  return absl::StrCat(
      "[",
      absl::StrJoin(values, ", ",
                    [](std::string* out, double v) { absl::StrAppendFormat(out, "%.6f", v); }),
      "]");
}

std::string JsonCell(const Results& results, size_t w, size_t r) {
  const Cell& cell = results.cells[w][r];
  Summary s = Summarize(cell.seconds);
  std::string detail = !cell.failure.empty() ? cell.failure : cell.unavailable;
  return absl::StrFormat(
      "{\"status\": \"%s\", \"seconds\": %s, \"wall_seconds\": %s, \"median\": %.6f, "
      "\"min\": %.6f, \"q1\": %.6f, \"q3\": %.6f, \"max\": %.6f, \"ratio_to_native\": %.4f, "
      "\"detail\": %s}",
      Status(cell), JsonNumbers(cell.seconds), JsonNumbers(cell.wall_seconds), s.median, s.min,
      s.q1, s.q3, s.max, results.Ratio(w, r), JsonQuote(detail));
}

}  // namespace

std::string ResultsJson(const Results& results, const MachineInfo& machine) {
  std::string json = absl::StrFormat(
      "{\n  \"size\": \"%s\",\n  \"reps\": %d,\n  \"date\": %s,\n  \"command\": %s,\n"
      "  \"machine\": {\"cpu\": %s, \"cores\": %d, \"os\": %s, \"load_before\": %.2f, "
      "\"load_after\": %.2f},\n  \"failures\": %d,\n  \"runtimes\": [\n",
      SizeLabel(results.size), results.reps, JsonQuote(machine.date), JsonQuote(machine.command),
      JsonQuote(machine.cpu), machine.cores, JsonQuote(machine.os), machine.load_before,
      machine.load_after, results.Failures());
  for (size_t r = 0; r < results.runtimes.size(); r++) {
    const RuntimeColumn& column = results.runtimes[r];
    int covered = 0;
    double geomean = results.GeomeanRatio(r, &covered);
    absl::StrAppendFormat(&json,
                          "    {\"name\": %s, \"timing\": %s, \"unavailable\": %s, "
                          "\"geomean_ratio\": %.4f, \"geomean_workloads\": %d}%s\n",
                          JsonQuote(column.name), JsonQuote(column.timing_note),
                          JsonQuote(column.unavailable), geomean, covered,
                          r + 1 < results.runtimes.size() ? "," : "");
  }
  json += "  ],\n  \"workloads\": [\n";
  for (size_t w = 0; w < results.workloads.size(); w++) {
    absl::StrAppendFormat(&json,
                          "    {\"name\": %s, \"native_checksum\": \"%016x\", \"cells\": {\n",
                          JsonQuote(results.workloads[w]), results.reference[w]);
    for (size_t r = 0; r < results.runtimes.size(); r++) {
      absl::StrAppendFormat(&json, "      %s: %s%s\n", JsonQuote(results.runtimes[r].name),
                            JsonCell(results, w, r), r + 1 < results.runtimes.size() ? "," : "");
    }
    absl::StrAppendFormat(&json, "    }}%s\n", w + 1 < results.workloads.size() ? "," : "");
  }
  return json + "  ]\n}\n";
}

std::string ResultsMarkdown(const Results& results, const MachineInfo& machine) {
  // Columns: every runtime that produced a number (native last in ratios).
  std::vector<size_t> shown;
  std::string missing;
  for (size_t r = 0; r < results.runtimes.size(); r++) {
    bool any = false;
    for (const std::vector<Cell>& row : results.cells)
      any |= row[r].ok() || !row[r].failure.empty();
    if (any) {
      shown.push_back(r);
      continue;
    }
    std::string why = results.runtimes[r].unavailable;
    for (const std::vector<Cell>& row : results.cells) {
      if (why.empty()) why = row[r].unavailable;
    }
    absl::StrAppendFormat(&missing, "- %s: not measured (%s)\n", results.runtimes[r].name,
                          why.empty() ? "no result" : why);
  }
  std::string md = absl::StrFormat(
      "Size %s, median of %d interleaved runs; %s, %d cores, %s; %s; load average %.2f "
      "before, %.2f after.\n\n",
      SizeLabel(results.size), results.reps, machine.cpu, machine.cores, machine.os, machine.date,
      machine.load_before, machine.load_after);
  if (results.native_index >= 0) {
    md += "| time / native |";
    std::string rule = "|---|";
    for (size_t r : shown) {
      if (static_cast<int>(r) == results.native_index) continue;
      absl::StrAppend(&md, " ", results.runtimes[r].name, " |");
      rule += "---:|";
    }
    md += "\n" + rule + "\n";
    for (size_t w = 0; w <= results.workloads.size(); w++) {
      bool geomean = w == results.workloads.size();
      md += geomean ? "| **geomean** |" : absl::StrCat("| ", results.workloads[w], " |");
      for (size_t r : shown) {
        if (static_cast<int>(r) == results.native_index) continue;
        std::string cell = geomean ? absl::StrFormat("**%.2fx**", results.GeomeanRatio(r, nullptr))
                                   : RatioText(results, w, r);
        absl::StrAppend(&md, " ", cell, " |");
      }
      md += "\n";
    }
    md += "\n";
  }
  md += "| seconds (median ±half the min-max spread) |";
  std::string rule = "|---|";
  for (size_t r : shown) {
    absl::StrAppend(&md, " ", results.runtimes[r].name, " |");
    rule += "---:|";
  }
  md += "\n" + rule + "\n";
  for (size_t w = 0; w < results.workloads.size(); w++) {
    absl::StrAppend(&md, "| ", results.workloads[w], " |");
    for (size_t r : shown) absl::StrAppend(&md, " ", SecondsText(results, w, r), " |");
    md += "\n";
  }
  if (!missing.empty()) md += "\n" + missing;
  return md;
}

absl::Status WriteTextFile(const std::string& path, const std::string& contents) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) return absl::InternalError(absl::StrCat("cannot write ", path));
  out << contents;
  out.close();
  if (!out) return absl::InternalError(absl::StrCat("error writing ", path));
  return absl::OkStatus();
}

}  // namespace wasmtier::bench
