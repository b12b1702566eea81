// `wasmtier wast FILE...`: runs .wast scripts (the spec testsuite's format)
// through the spec runner library (spec-tests/runner.h) and prints its tables:
// per file, and a total when there are several files.
#include <cstdio>
#include <string>
#include <vector>

#include "engine/features.h"
#include "spec-tests/report.h"
#include "spec-tests/runner.h"
#include "tools/args.h"
#include "tools/command.h"
#include "tools/feature_flags.h"

namespace wasmtier::cli {
namespace {

int RunWast(const Command& self, const std::vector<std::string>& args) {
  spec::RunOptions options;
  bool verbose = false;
  std::vector<std::string> files;
  ArgCursor cursor(args);
  while (!cursor.done()) {
    if (cursor.Flag("-h", "--help")) {
      PrintCommandHelp(self);
      return kExitOk;
    } else if (cursor.Flag("-v", "--verbose")) {
      verbose = true;
    } else if (std::optional<std::string> tier = cursor.Value("", "--tier")) {
      std::optional<spec::Tier> parsed = spec::ParseTier(*tier);
      if (!parsed)
        return UsageError(self, "invalid value '" + *tier + "' for '--tier' (interp, jit, auto)");
      options.tier = *parsed;
    } else if (std::optional<std::string> spec = cursor.Value("-W", "--wasm")) {
      if (absl::Status s = ApplyFeatureFlag(*spec, &options.features); !s.ok()) {
        return UsageError(self, s.message());
      }
    } else if (cursor.IsOption()) {
      return UsageError(self, "unexpected option '" + cursor.current() + "'");
    } else if (!cursor.error().empty()) {
      break;
    } else {
      files.push_back(cursor.TakePositional());
    }
  }
  if (!cursor.error().empty()) return UsageError(self, cursor.error());
  if (files.empty()) return UsageError(self, "no script files given");

  std::vector<spec::FileResult> results;
  spec::Summary total;
  for (const std::string& file : files) {
    results.push_back(spec::RunScriptFile(file, file, options));
    spec::Summary one;
    one.Add(results.back());
    total.Add(one);
    std::printf("%s\n%s\n", file.c_str(), one.Table().c_str());
  }
  if (files.size() > 1)
    std::printf("total over %zu files:\n%s\n", files.size(), total.Table().c_str());
  std::string failures = spec::FailureList(results, verbose);
  if (!failures.empty()) std::fputs(failures.c_str(), stderr);
  if (total.total().failed > 0) return kExitFailure;
  return kExitOk;
}

}  // namespace

const Command kWastCommand = {
    "wast",
    "Run WebAssembly .wast test scripts",
    "Run WebAssembly .wast test scripts\n"
    "\n"
    "Usage: wasmtier wast [OPTIONS] FILE...\n"
    "\n"
    "Runs each script (the spec testsuite's format) and prints a table per file:\n"
    "commands passed, failed and unsupported by command kind, and expected\n"
    "error messages that differ from ours (msg-mismatch). Modules, assert_invalid\n"
    "and assert_malformed are judged by decoding and validating; commands that\n"
    "execute code are counted as unsupported until a tier executes. Failures are\n"
    "listed on stderr as FILE:LINE.\n"
    "\n"
    "Exit status: 0 if no command failed, 1 otherwise, 2 for a bad command line.\n"
    "\n"
    "Options:\n"
    "      --tier <MODE>\n"
    "          Tier mode: interp, jit or auto [default: auto]\n"
    "  -v, --verbose\n"
    "          Also list message mismatches\n"
    "@FEATURES@"
    "  -h, --help\n"
    "          Print help\n",
    RunWast,
};

}  // namespace wasmtier::cli
