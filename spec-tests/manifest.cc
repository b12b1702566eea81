// Manifest parsing and the run-vs-manifest comparison.
#include "spec-tests/manifest.h"

#include <map>
#include <set>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace wasmtier::spec {

absl::StatusOr<Manifest> ParseManifest(std::string_view std_text) {
  // This abseil build's string_view is its own type; work in it here.
  absl::string_view text(std_text.data(), std_text.size());
  Manifest manifest;
  std::set<std::pair<std::string, uint32_t>> seen;
  uint32_t number = 0;
  for (absl::string_view raw : absl::StrSplit(text, '\n')) {
    ++number;
    absl::string_view line = raw;
    if (size_t hash = line.find('#'); hash != absl::string_view::npos) line = line.substr(0, hash);
    line = absl::StripAsciiWhitespace(line);
    if (line.empty()) continue;
    size_t space = line.find_first_of(" \t");
    absl::string_view target = line.substr(0, space);
    absl::string_view reason =
        space == absl::string_view::npos ? "" : absl::StripAsciiWhitespace(line.substr(space));
    auto error = [&](absl::string_view what) {
      return absl::InvalidArgumentError(absl::StrCat("manifest line ", number, ": ", what));
    };
    if (reason.empty()) return error("an entry needs a reason after the file name");
    ManifestEntry entry;
    entry.manifest_line = number;
    entry.reason = std::string(reason);
    size_t wast = target.find(".wast");
    if (wast == absl::string_view::npos) return error("expected FILE.wast[:LINE]");
    entry.file = std::string(target.substr(0, wast + 5));
    absl::string_view rest = target.substr(wast + 5);
    if (!rest.empty()) {
      if (rest[0] != ':' || !absl::SimpleAtoi(rest.substr(1), &entry.line) || entry.line == 0) {
        return error(absl::StrCat("bad line number in '", target, "'"));
      }
    }
    if (!seen.insert({entry.file, entry.line}).second) {
      return error(absl::StrCat("duplicate entry '", target, "'"));
    }
    manifest.entries.push_back(std::move(entry));
  }
  for (const ManifestEntry& e : manifest.entries) {
    if (e.line != 0 && seen.count({e.file, 0})) {
      return absl::InvalidArgumentError(absl::StrCat("manifest line ", e.manifest_line, ": ",
                                                     e.file, " already has a whole-file entry"));
    }
  }
  return manifest;
}

ManifestCheck CheckManifest(const Manifest& manifest, const std::vector<FileResult>& files,
                            bool complete_run) {
  ManifestCheck check;
  std::map<std::string, const ManifestEntry*> whole_file;
  std::map<std::pair<std::string, uint32_t>, const ManifestEntry*> by_line;
  for (const ManifestEntry& e : manifest.entries) {
    if (e.line == 0) {
      whole_file[e.file] = &e;
    } else {
      by_line[{e.file, e.line}] = &e;
    }
  }
  std::set<std::string> ran;
  // Lines of listed commands that failed, to find the listed ones that did not.
  std::set<std::pair<std::string, uint32_t>> failed_lines;
  std::map<std::pair<std::string, uint32_t>, Outcome> outcomes;
  for (const FileResult& f : files) {
    ran.insert(f.name);
    bool file_listed = whole_file.count(f.name) > 0;
    for (const CommandResult& c : f.commands) {
      outcomes[{f.name, c.line}] = c.outcome;
      if (c.outcome != Outcome::kFailed) continue;
      failed_lines.insert({f.name, c.line});
      if (file_listed || by_line.count({f.name, c.line})) {
        ++check.expected_failures;
      } else {
        check.unexpected_failures.push_back(
            absl::StrCat(f.name, ":", c.line, ": ", c.kind, ": ", c.detail));
      }
    }
    if (file_listed && f.failures() == 0) {
      check.unexpected_passes.push_back(
          absl::StrCat(f.name, ": ", whole_file[f.name]->reason, " (no command fails any more)"));
    }
  }
  for (const auto& [key, entry] : by_line) {
    if (!ran.count(key.first)) continue;
    if (!failed_lines.count(key)) {
      auto it = outcomes.find(key);
      const char* now = it == outcomes.end()                  ? "no command starts on that line"
                        : it->second == Outcome::kUnsupported ? "unsupported now"
                                                              : "passes now";
      check.unexpected_passes.push_back(
          absl::StrCat(key.first, ":", key.second, ": ", entry->reason, " (", now, ")"));
    }
  }
  if (complete_run) {
    for (const ManifestEntry& e : manifest.entries) {
      if (!ran.count(e.file)) {
        check.unexpected_passes.push_back(absl::StrCat(e.file, e.line ? ":" : "",
                                                       e.line ? absl::StrCat(e.line) : "",
                                                       ": no such file in the testsuite"));
      }
    }
  }
  return check;
}

}  // namespace wasmtier::spec
