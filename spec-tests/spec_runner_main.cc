// spec_runner: runs the official testsuite's .wast scripts (all of them, or the
// ones named) in one tier mode, prints a table per file, per feature group and
// in total, and checks the result against an expected-failure manifest.
// Exit status: 0 when every failure is listed and every listed entry still
// fails, 1 otherwise (or when the testsuite is missing), 2 for a bad command
// line. The Bazel tests //spec-tests:spec_{interp,jit,auto}_test run this.
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "spec-tests/isolate.h"
#include "spec-tests/manifest.h"
#include "spec-tests/report.h"
#include "spec-tests/runner.h"
#include "spec-tests/suite.h"

namespace wasmtier::spec {
namespace {

constexpr char kUsage[] =
    "Usage: spec_runner [OPTIONS] [FILE.wast...]\n"
    "\n"
    "Runs the WebAssembly spec testsuite's scripts (every .wast file below the\n"
    "testsuite directory, sorted, or only the FILEs given relative to it).\n"
    "\n"
    "Options:\n"
    "  --testsuite DIR            testsuite directory (default: $WASM_TESTSUITE,\n"
    "                             else <repo>/../shared/wasm-testsuite)\n"
    "  --tier=interp|jit|auto     tier mode (default auto)\n"
    "  --expected-failures FILE   manifest of known failures; the run fails on\n"
    "                             failures not listed and on listed entries that pass\n"
    "  --summary                  no per-file tables\n"
    "  --verbose                  also list message mismatches\n"
    "  --print-failures           print the failures as manifest lines\n"
    "  --list-unsupported         list the unsupported commands and why\n"
    "  --list-incomplete          list the files that do not pass completely\n"
    "  --no-isolate               run every file in this process (default: each file\n"
    "                             in a child process, so a crash or hang fails only\n"
    "                             that file, at the command that was running)\n"
    "  --timeout SECONDS          time limit per file when isolated (default 60)\n"
    "  --all-features             enable every proposal the engine knows (default:\n"
    "                             the engine's defaults, as the Bazel tests use)\n"
    "  -h, --help                 this text\n";

int Usage(const std::string& message) {
  std::fprintf(stderr, "spec_runner: %s\n\n%s", message.c_str(), kUsage);
  return 2;
}

bool ReadFile(const std::string& path, std::string* out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::stringstream buffer;
  buffer << in.rdbuf();
  *out = buffer.str();
  return true;
}

int Main(int argc, char** argv) {
  std::string testsuite_flag, manifest_path;
  RunOptions options;
  bool summary_only = false, verbose = false, print_failures = false, list_unsupported = false;
  bool isolate = true, list_incomplete = false;
  int timeout_seconds = 60;
  std::vector<std::string> selected;
  std::vector<std::string> args(argv + 1, argv + argc);
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    auto value = [&](std::string_view name, std::string* out) {
      if (a == name) {
        if (i + 1 >= args.size()) return false;
        *out = args[++i];
        return true;
      }
      if (a.size() > name.size() && a.compare(0, name.size(), name) == 0 && a[name.size()] == '=') {
        *out = a.substr(name.size() + 1);
        return true;
      }
      return false;
    };
    std::string tier, timeout;
    if (a == "-h" || a == "--help") {
      std::fputs(kUsage, stdout);
      return 0;
    } else if (value("--testsuite", &testsuite_flag) ||
               value("--expected-failures", &manifest_path)) {
    } else if (value("--tier", &tier)) {
      std::optional<Tier> t = ParseTier(tier);
      if (!t) return Usage("--tier must be interp, jit or auto");
      options.tier = *t;
    } else if (value("--timeout", &timeout)) {
      if (!absl::SimpleAtoi(timeout, &timeout_seconds) || timeout_seconds <= 0) {
        return Usage("--timeout must be a positive number of seconds");
      }
    } else if (a == "--no-isolate") {
      isolate = false;
    } else if (a == "--summary") {
      summary_only = true;
    } else if (a == "--verbose") {
      verbose = true;
    } else if (a == "--print-failures") {
      print_failures = true;
    } else if (a == "--list-unsupported") {
      list_unsupported = true;
    } else if (a == "--list-incomplete") {
      list_incomplete = true;
    } else if (a == "--all-features") {
      options.features = Features::All();
    } else if (absl::StartsWith(a, "-")) {
      return Usage(absl::StrCat("unknown option '", a, "'"));
    } else {
      selected.push_back(a);
    }
  }

  absl::StatusOr<std::string> root = LocateTestsuite(testsuite_flag);
  if (!root.ok()) {
    std::fprintf(stderr, "spec_runner: FAILED: %s\n", std::string(root.status().message()).c_str());
    return 1;
  }
  Manifest manifest;
  if (!manifest_path.empty()) {
    std::string text;
    if (!ReadFile(manifest_path, &text)) {
      std::fprintf(stderr, "spec_runner: cannot read %s\n", manifest_path.c_str());
      return 1;
    }
    absl::StatusOr<Manifest> parsed = ParseManifest(text);
    if (!parsed.ok()) {
      std::fprintf(stderr, "spec_runner: %s: %s\n", manifest_path.c_str(),
                   std::string(parsed.status().message()).c_str());
      return 1;
    }
    manifest = *std::move(parsed);
  }
  bool complete_run = selected.empty();
  if (complete_run) {
    absl::StatusOr<std::vector<std::string>> files = ListWastFiles(*root);
    if (!files.ok() || files->empty()) {
      std::fprintf(stderr, "spec_runner: FAILED: no .wast files in %s\n", root->c_str());
      return 1;
    }
    selected = *std::move(files);
  }

  std::printf("spec testsuite: %s (tier mode %s)\n\n", root->c_str(), TierName(options.tier));
  std::vector<FileResult> results;
  Summary total;
  for (const std::string& name : selected) {
    std::string path = absl::StrCat(*root, "/", name);
    results.push_back(isolate ? RunScriptFileIsolated(path, name, options, timeout_seconds)
                              : RunScriptFile(path, name, options));
    Summary file;
    file.Add(results.back());
    total.Add(file);
    if (!summary_only) std::printf("%s\n%s\n", name.c_str(), file.Table().c_str());
  }

  std::string failures = FailureList(results, verbose);
  if (!failures.empty())
    std::printf("failures%s:\n%s\n", verbose ? " and message mismatches" : "", failures.c_str());
  if (print_failures) {
    for (const FileResult& f : results) {
      for (const CommandResult& c : f.commands) {
        if (c.outcome == Outcome::kFailed)
          std::printf("%s:%u  %s\n", f.name.c_str(), c.line, c.detail.c_str());
      }
    }
  }
  if (list_unsupported) {
    for (const FileResult& f : results) {
      for (const CommandResult& c : f.commands) {
        if (c.outcome == Outcome::kUnsupported) {
          std::printf("%s:%u: unsupported %s: %s\n", f.name.c_str(), c.line, c.kind.c_str(),
                      c.detail.c_str());
        }
      }
    }
  }
  if (list_incomplete) {
    std::printf("files that do not pass completely:\n%s\n", IncompleteFiles(results).c_str());
  }
  std::printf("commands by feature group:\n%s\n", GroupTable(results).c_str());
  std::printf("total over %d files:\n%s\n", total.files(), total.Table().c_str());

  ManifestCheck check = CheckManifest(manifest, results, complete_run);
  Counts v = total.ValidationLevel();
  Counts e = total.Execution();
  std::printf(
      "validation-level commands: %d passed, %d failed, %d unsupported; execution commands: %d "
      "passed, %d failed, %d unsupported; %d failures expected by the manifest\n",
      v.passed, v.failed, v.unsupported, e.passed, e.failed, e.unsupported,
      check.expected_failures);
  for (const std::string& s : check.unexpected_failures) {
    std::printf("UNEXPECTED FAILURE %s\n", s.c_str());
  }
  for (const std::string& s : check.unexpected_passes) {
    std::printf("UNEXPECTED PASS %s -- remove it from the manifest\n", s.c_str());
  }
  if (!check.ok()) {
    std::printf("FAILED: %zu unexpected failures, %zu unexpected passes\n",
                check.unexpected_failures.size(), check.unexpected_passes.size());
    return 1;
  }
  std::printf("OK\n");
  return 0;
}

}  // namespace
}  // namespace wasmtier::spec

int main(int argc, char** argv) {
  return wasmtier::spec::Main(argc, argv);
}
