// Tables for runner results. Numbers are right-aligned, the command column
// left-aligned; no trailing blanks, so the output diffs well.
#include "spec-tests/report.h"

#include <algorithm>
#include <array>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace wasmtier::spec {
namespace {

// The row order of the kind table.
constexpr std::array<std::string_view, 18> kKindOrder = {
    "script",
    "module",
    "module instance",
    "assert_invalid",
    "assert_malformed",
    "assert_invalid_custom",
    "assert_malformed_custom",
    "register",
    "invoke",
    "get",
    "assert_return",
    "assert_trap",
    "assert_exhaustion",
    "assert_exception",
    "assert_unlinkable",
    "assert_uninstantiable",
    "other",
    "total",
};

int KindRank(std::string_view kind) {
  auto it = std::find(kKindOrder.begin(), kKindOrder.end(), kind);
  return static_cast<int>(it - kKindOrder.begin());
}

void AppendRow(std::string* out, int indent, std::string_view name, int width,
               const std::array<std::string, 4>& cells) {
  absl::StrAppend(out, std::string(indent, ' '),
                  absl::StrFormat("%-*s  %8s  %8s  %11s  %12s\n", width, name, cells[0], cells[1],
                                  cells[2], cells[3]));
}

void AppendCounts(std::string* out, int indent, std::string_view name, int width, const Counts& c) {
  AppendRow(out, indent, name, width,
            {absl::StrCat(c.passed), absl::StrCat(c.failed), absl::StrCat(c.unsupported),
             absl::StrCat(c.message_mismatches)});
}

}  // namespace

void Counts::Add(const CommandResult& c) {
  switch (c.outcome) {
    case Outcome::kPassed:
      ++passed;
      message_mismatches += c.message_mismatch;
      break;
    case Outcome::kFailed:
      ++failed;
      break;
    case Outcome::kUnsupported:
      ++unsupported;
      break;
  }
}

void Counts::Add(const Counts& o) {
  passed += o.passed;
  failed += o.failed;
  unsupported += o.unsupported;
  message_mismatches += o.message_mismatches;
}

bool IsValidationLevel(std::string_view kind) {
  return kind == "script" || kind == "module" || kind == "assert_invalid" ||
         kind == "assert_malformed" || kind == "assert_invalid_custom" ||
         kind == "assert_malformed_custom";
}

void Summary::Add(const FileResult& file) {
  ++files_;
  for (const CommandResult& c : file.commands) {
    by_kind_[c.kind].Add(c);
    total_.Add(c);
  }
}

void Summary::Add(const Summary& other) {
  files_ += other.files_;
  for (const auto& [kind, counts] : other.by_kind_) by_kind_[kind].Add(counts);
  total_.Add(other.total_);
}

Counts Summary::ValidationLevel() const {
  Counts c;
  for (const auto& [kind, counts] : by_kind_) {
    if (IsValidationLevel(kind)) c.Add(counts);
  }
  return c;
}

Counts Summary::Execution() const {
  Counts c;
  for (const auto& [kind, counts] : by_kind_) {
    if (!IsValidationLevel(kind)) c.Add(counts);
  }
  return c;
}

std::string Summary::Table(int indent) const {
  std::vector<std::pair<std::string, Counts>> rows(by_kind_.begin(), by_kind_.end());
  std::stable_sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) {
    return KindRank(a.first) < KindRank(b.first);
  });
  int width = 7;  // "command"
  for (const auto& row : rows) width = std::max(width, static_cast<int>(row.first.size()));
  std::string out;
  AppendRow(&out, indent, "command", width, {"passed", "failed", "unsupported", "msg-mismatch"});
  for (const auto& [kind, counts] : rows) AppendCounts(&out, indent, kind, width, counts);
  AppendCounts(&out, indent, "total", width, total_);
  return out;
}

std::string_view FeatureGroup(std::string_view name) {
  if (name.starts_with("proposals/") || name.starts_with("legacy/") ||
      name.starts_with("custom/")) {
    return "proposals";
  }
  std::string_view base = name;
  if (base.ends_with(".wast")) base.remove_suffix(5);
  // Relaxed SIMD is 3.0; the rest of simd_* is 2.0's SIMD.
  if ((base.find("relaxed") != std::string_view::npos)) return "3.0";
  if (base.starts_with("simd_")) return base == "simd_memory-multi" ? "3.0" : "SIMD";
  // memory64 (*64*) and multi-memory (one trailing digit: address0, load2; not i32).
  auto is_digit = [](char c) { return c >= '0' && c <= '9'; };
  bool multi_memory = base.size() >= 2 && is_digit(base.back()) && !is_digit(base[base.size() - 2]);
  if (base.find("64") != std::string_view::npos || multi_memory) {
    return "3.0";
  }
  static constexpr std::string_view k30[] = {
      // GC
      "array",
      "array_copy",
      "array_fill",
      "array_init_data",
      "array_init_elem",
      "array_new_data",
      "array_new_elem",
      "binary-gc",
      "br_on_cast",
      "br_on_cast_fail",
      "extern",
      "i31",
      "ref_cast",
      "ref_eq",
      "ref_test",
      "struct",
      "type-canon",
      "type-equivalence",
      "type-rec",
      "type-subtyping",
      // exceptions
      "tag",
      "throw",
      "throw_ref",
      "try_table",
      // tail calls, typed function references
      "return_call",
      "return_call_indirect",
      "return_call_ref",
      "call_ref",
      "br_on_null",
      "br_on_non_null",
      "ref_as_non_null",
      "local_init",
      "ref",
      // multi-memory, text-format additions
      "memory-multi",
      "memory_size_import",
      "instance",
      "annotations",
      "id",
      "obsolete-keywords",
  };
  static constexpr std::string_view k20[] = {
      "bulk",        "memory_copy",     "memory_fill", "memory_init", "ref_func",
      "ref_is_null", "ref_null",        "table-sub",   "table_copy",  "table_copy_mixed",
      "table_fill",  "table_get",       "table_grow",  "table_init",  "table_set",
      "table_size",  "unreached-valid",
  };
  for (std::string_view n : k30) {
    if (base == n) return "3.0";
  }
  for (std::string_view n : k20) {
    if (base == n) return "2.0";
  }
  return "1.0";
}

namespace {

void AppendGroupRow(std::string* out, std::string_view group, int files, const Counts& v,
                    const Counts& e) {
  absl::StrAppend(out, absl::StrFormat("  %-9s  %5d  %8d  %8d  %11d  %12d  %8d  %8d  %11d\n",
                                       std::string(group), files, v.passed, v.failed,
                                       v.unsupported, v.message_mismatches, e.passed, e.failed,
                                       e.unsupported));
}

}  // namespace

std::string GroupTable(const std::vector<FileResult>& files) {
  static constexpr std::string_view kGroups[] = {"1.0", "2.0", "SIMD", "3.0", "proposals"};
  std::map<std::string_view, Counts> validation;
  std::map<std::string_view, Counts> execution;
  std::map<std::string_view, int> file_counts;
  for (const FileResult& f : files) {
    std::string_view group = FeatureGroup(f.name);
    ++file_counts[group];
    for (const CommandResult& c : f.commands) {
      (IsValidationLevel(c.kind) ? validation : execution)[group].Add(c);
    }
  }
  std::string out = absl::StrFormat("  %-9s  %5s  %-45s  %s\n", "", "", "validation-level commands",
                                    "execution commands");
  absl::StrAppend(&out, absl::StrFormat("  %-9s  %5s  %8s  %8s  %11s  %12s  %8s  %8s  %11s\n",
                                        "group", "files", "passed", "failed", "unsupported",
                                        "msg-mismatch", "passed", "failed", "unsupported"));
  Counts total_v, total_e;
  int total_files = 0;
  for (std::string_view g : kGroups) {
    if (file_counts[g] == 0) continue;
    AppendGroupRow(&out, g, file_counts[g], validation[g], execution[g]);
    total_v.Add(validation[g]);
    total_e.Add(execution[g]);
    total_files += file_counts[g];
  }
  AppendGroupRow(&out, "total", total_files, total_v, total_e);
  return out;
}

std::string IncompleteFiles(const std::vector<FileResult>& files) {
  std::string out;
  for (const FileResult& f : files) {
    Counts c;
    const CommandResult* first = nullptr;
    for (const CommandResult& command : f.commands) {
      c.Add(command);
      if (!first && command.outcome != Outcome::kPassed) first = &command;
    }
    if (!first) continue;
    absl::StrAppend(&out, absl::StrFormat("%-9s %s: %d passed, %d failed, %d unsupported; first at "
                                          "line %u (%s): %s\n",
                                          std::string(FeatureGroup(f.name)), f.name, c.passed,
                                          c.failed, c.unsupported, first->line, first->kind,
                                          first->detail));
  }
  return out;
}

std::string FailureList(const std::vector<FileResult>& files, bool include_mismatches) {
  std::string out;
  for (const FileResult& f : files) {
    for (const CommandResult& c : f.commands) {
      if (c.outcome == Outcome::kFailed) {
        absl::StrAppend(&out, f.name, ":", c.line, ": FAIL ", c.kind, ": ", c.detail, "\n");
      } else if (include_mismatches && c.message_mismatch) {
        absl::StrAppend(&out, f.name, ":", c.line, ": message ", c.kind, ": ", c.detail, "\n");
      }
    }
  }
  return out;
}

}  // namespace wasmtier::spec
