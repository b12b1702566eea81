// //bench:harness's command line (see options.h).
#include "bench/harness/options.h"

#include <cstdlib>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "bench/harness/runtimes.h"
#include "bench/workload_runner.h"

namespace wasmtier::bench {

const char kHarnessUsage[] =
    "usage: bazel run -c opt //bench:harness -- [--size=small|medium|large] [--reps=N]\n"
    "         [--runtimes=interp,auto,jit,native,node,...] [--runtime=NAME=COMMAND ...]\n"
    "         [--only=workload,...] [--out=DIR] [--timeout=SECONDS]\n"
    "  --runtimes   columns, in order (default interp,auto,jit,native,node); besides the\n"
    "               built-in ones, wasm3, iwasm, wasmtime, wasmer, wabt (wasm-interp)\n"
    "               and node-wasi (node's WASI) name WASI runtimes found on PATH\n"
    "  --runtime    any other WASI runtime: runs `COMMAND W_cmd.wasm SIZE` ({wasm} and\n"
    "               {size} in COMMAND place them instead), timed by wall clock\n"
    "  --out        where results.csv, results.json and results.svg go\n"
    "               (default bench/results/latest in the workspace)\n"
    "  --timeout    a subprocess run taking longer is killed and fails (default 600)\n";

namespace {

constexpr const char* kBuiltins[] = {"interp", "auto", "jit", "native", "node"};

bool IsBuiltin(std::string_view name) {
  for (const char* b : kBuiltins) {
    if (name == b) return true;
  }
  return false;
}

// Resolves the --runtimes list against the --runtime definitions.
absl::StatusOr<std::vector<RuntimeSpec>> SelectRuntimes(const std::vector<std::string>& names,
                                                        const std::vector<RuntimeSpec>& defined) {
  std::vector<RuntimeSpec> selected;
  auto find_defined = [&](std::string_view name) -> const RuntimeSpec* {
    for (const RuntimeSpec& spec : defined) {
      if (spec.name == name) return &spec;
    }
    return nullptr;
  };
  auto listed = [&](std::string_view name) {
    for (const RuntimeSpec& spec : selected) {
      if (spec.name == name) return true;
    }
    return false;
  };
  for (const std::string& name : names) {
    if (listed(name))
      return absl::InvalidArgumentError(absl::StrCat("runtime listed twice: ", name));
    if (const RuntimeSpec* spec = find_defined(name)) {
      selected.push_back(*spec);
    } else if (IsBuiltin(name)) {
      selected.push_back({name, ""});
    } else if (std::optional<std::string> command = KnownRuntimeCommand(name)) {
      selected.push_back({name, *command});
    } else {
      return absl::InvalidArgumentError(absl::StrCat(
          "unknown runtime '", name, "': define it with --runtime=", name, "=COMMAND"));
    }
  }
  for (const RuntimeSpec& spec : defined) {
    if (!listed(spec.name)) selected.push_back(spec);
  }
  return selected;
}

}  // namespace

absl::StatusOr<HarnessOptions> ParseHarnessOptions(const std::vector<std::string>& args) {
  HarnessOptions options;
  std::vector<std::string> names(std::begin(kBuiltins), std::end(kBuiltins));
  std::vector<RuntimeSpec> defined;
  for (const std::string& raw : args) {
    absl::string_view arg = raw;
    if (absl::ConsumePrefix(&arg, "--size=")) {
      absl::StatusOr<uint32_t> size = ParseSize(std::string_view(arg.data(), arg.size()));
      if (!size.ok()) return size.status();
      options.size = *size;
    } else if (absl::ConsumePrefix(&arg, "--reps=")) {
      if (!absl::SimpleAtoi(arg, &options.reps) || options.reps < 1 || options.reps > 1000) {
        return absl::InvalidArgumentError(absl::StrCat("bad --reps: ", arg));
      }
    } else if (absl::ConsumePrefix(&arg, "--runtimes=")) {
      names = absl::StrSplit(arg, ',', absl::SkipEmpty());
    } else if (absl::ConsumePrefix(&arg, "--runtime=")) {
      std::vector<std::string> parts = absl::StrSplit(arg, absl::MaxSplits('=', 1));
      if (parts.size() != 2 || parts[0].empty() || absl::StripAsciiWhitespace(parts[1]).empty()) {
        return absl::InvalidArgumentError(absl::StrCat("expected --runtime=NAME=COMMAND: ", raw));
      }
      if (IsBuiltin(parts[0])) {
        return absl::InvalidArgumentError(absl::StrCat("'", parts[0], "' is a built-in runtime"));
      }
      defined.push_back({parts[0], parts[1]});
    } else if (absl::ConsumePrefix(&arg, "--only=")) {
      options.only = absl::StrSplit(arg, ',', absl::SkipEmpty());
      for (const std::string& name : options.only) {
        if (FindWorkload(name) == nullptr) {
          return absl::InvalidArgumentError(absl::StrCat("unknown workload: ", name));
        }
      }
    } else if (absl::ConsumePrefix(&arg, "--timeout=")) {
      if (!absl::SimpleAtod(arg, &options.timeout_seconds) || !(options.timeout_seconds > 0)) {
        return absl::InvalidArgumentError(absl::StrCat("bad --timeout: ", arg));
      }
    } else if (absl::ConsumePrefix(&arg, "--out=")) {
      options.out = std::string(arg);
    } else {
      return absl::InvalidArgumentError(absl::StrCat("unknown argument: ", raw));
    }
  }
  absl::StatusOr<std::vector<RuntimeSpec>> runtimes = SelectRuntimes(names, defined);
  if (!runtimes.ok()) return runtimes.status();
  if (runtimes->empty()) return absl::InvalidArgumentError("no runtime selected");
  options.runtimes = *std::move(runtimes);
  return options;
}

std::string DefaultOutDir() {
  const char* workspace = std::getenv("BUILD_WORKSPACE_DIRECTORY");
  return absl::StrCat(workspace != nullptr ? workspace : ".", "/bench/results/latest");
}

}  // namespace wasmtier::bench
