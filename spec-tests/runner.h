// The spec-testsuite runner: runs the commands of one parsed .wast script and
// records an outcome per command. Validation-level commands (module,
// assert_invalid, assert_malformed) are judged through DecodeAndValidate;
// modules are then instantiated and execution commands run through the public
// embedding API, one Engine/Store/Linker per script. Shared by the
// spec_runner binary, its Bazel tests and `wasmtier wast`.
#ifndef WASMTIER_SPEC_TESTS_RUNNER_H_
#define WASMTIER_SPEC_TESTS_RUNNER_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/features.h"
#include "engine/text/wast.h"

namespace wasmtier::spec {

// Tier mode (DESIGN.md §5): the engine's Config::tier, and which
// expected-failure manifest applies.
enum class Tier : uint8_t { kInterp, kJit, kAuto };
const char* TierName(Tier tier);
std::optional<Tier> ParseTier(std::string_view name);

enum class Outcome : uint8_t { kPassed, kFailed, kUnsupported };
struct CommandResult;

struct RunOptions {
  Tier tier = Tier::kAuto;
  Features features;  // the engine's defaults: GC, exceptions, threads off
  // Observers, called before and after each command (isolate.h streams the
  // results to its parent process with them, so a crash names its command).
  std::function<void(uint32_t line, const std::string& kind)> before_command;
  std::function<void(const CommandResult& result)> after_command;
};

struct CommandResult {
  uint32_t line = 0;  // 0 for a script that does not parse
  std::string kind;   // "module", "assert_invalid", ... (the script's keyword)
  Outcome outcome = Outcome::kUnsupported;
  // Passed with the right error class but a message that does not contain
  // the expected text (the spec harness matches by prefix; we do not fail on
  // it, but list it).
  bool message_mismatch = false;
  std::string detail;  // failures: expected vs actual; unsupported: why
};

struct FileResult {
  std::string name;  // path relative to the testsuite root, '/'-separated
  std::vector<CommandResult> commands;
  int failures() const;
};

// Runs an already parsed script.
FileResult RunScript(std::string_view name, const text::Script& script, const RunOptions& options);

// Parses {source} and runs it; a script that does not parse is one failed
// command of kind "script" at the error's line.
FileResult RunScriptSource(std::string_view name, std::string_view source,
                           const RunOptions& options);

// Reads and runs the file at {path}, naming the result {name}.
FileResult RunScriptFile(const std::string& path, std::string_view name, const RunOptions& options);

}  // namespace wasmtier::spec

#endif  // WASMTIER_SPEC_TESTS_RUNNER_H_
