// Counting and printing runner results: per command kind (passed / failed /
// unsupported / message mismatches), per file, per feature group and in
// total, as plain aligned text tables.
#ifndef WASMTIER_SPEC_TESTS_REPORT_H_
#define WASMTIER_SPEC_TESTS_REPORT_H_

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "spec-tests/runner.h"

namespace wasmtier::spec {

struct Counts {
  int passed = 0;
  int failed = 0;
  int unsupported = 0;
  int message_mismatches = 0;  // among {passed}
  void Add(const CommandResult& c);
  void Add(const Counts& other);
  int total() const { return passed + failed + unsupported; }
};

// Whether {kind} is judged by decoding and validation: the module commands
// (which also instantiate) and the assertions about invalid or malformed
// modules. Every other kind is an execution command.
bool IsValidationLevel(std::string_view kind);

// Counts by command kind (in the script keywords' canonical order).
class Summary {
 public:
  void Add(const FileResult& file);
  void Add(const Summary& other);
  const Counts& total() const { return total_; }
  Counts ValidationLevel() const;
  Counts Execution() const;  // every other command kind
  int files() const { return files_; }

  // The table: one row per command kind present, then "total".
  std::string Table(int indent = 2) const;

 private:
  std::map<std::string, Counts> by_kind_;
  Counts total_;
  int files_ = 0;
};

// The feature group a testsuite file belongs to, by where its tests come from:
// "1.0", "2.0" (bulk memory, reference types...), "SIMD" (the 2.0 SIMD files),
// "3.0" (tail calls, function references, GC, exceptions, memory64,
// multi-memory, relaxed SIMD, ...), or "proposals" (proposals/, legacy/,
// custom/). The top level of the testsuite is flattened, so this is a table.
std::string_view FeatureGroup(std::string_view name);

// Per-group table over {files}: validation-level and execution counts.
std::string GroupTable(const std::vector<FileResult>& files);

// The files that do not pass completely (a failed or unsupported command),
// one line each: group, name, counts, and the first non-passing command's
// line and detail. Tracks the goal "every file of a group passes".
std::string IncompleteFiles(const std::vector<FileResult>& files);

// One line per failed command ("file:line: kind: detail"); with
// {include_mismatches}, also the message mismatches.
std::string FailureList(const std::vector<FileResult>& files, bool include_mismatches);

}  // namespace wasmtier::spec

#endif  // WASMTIER_SPEC_TESTS_REPORT_H_
