// The options of `wasmtier run` that are plain data, parsed and checked here
// so they can be unit-tested without an engine: the engine options `run` and
// `settings` share (--tier, -W), the WASI options (--dir, --env) and the
// mapping of a guest's exit code to the process's.
#ifndef WASMTIER_TOOLS_RUN_OPTIONS_H_
#define WASMTIER_TOOLS_RUN_OPTIONS_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "engine/include/wasmtier/config.h"
#include "tools/args.h"
#include "tools/feature_flags.h"

namespace wasmtier::cli {

// What a run's engine and store are configured with.
struct EngineOptions {
  Config config;
  RuntimeLimits limits;  // fuel and timeout are per store; the rest is in config
};

// Consumes the engine option under the cursor (--tier auto|interp|jit, or
// -W/--wasm SPEC). Returns nullopt when the argument is not one of them (or
// its value is missing: see cursor.error()), else the outcome of applying it.
std::optional<absl::Status> ConsumeEngineOption(ArgCursor& cursor, EngineOptions* options);

// The --tier paragraph of a command's help.
std::string TierOptionHelp();

// `--dir HOST[::GUEST]`: a host directory preopened for the guest under the
// name GUEST (HOST itself when absent, as in wasmtime).
struct DirOption {
  std::string host;
  std::string guest;
};
absl::StatusOr<DirOption> ParseDirOption(absl::string_view spec);

// `--env NAME=VALUE` sets NAME; `--env NAME` passes the host's value of NAME,
// and nothing when the host has none. Later options for one NAME replace
// earlier ones in place. {host_env} looks a name up (getenv in the CLI).
using HostEnvLookup = std::function<std::optional<std::string>(const std::string& name)>;
absl::Status AddEnvOption(absl::string_view spec, const HostEnvLookup& host_env,
                          std::vector<std::string>* env);

// The process exit status for a guest's proc_exit(code). 0..255 pass through
// unchanged; a larger code cannot be represented by a Unix exit status (the
// kernel keeps the low 8 bits, so 256 would read as success), so it becomes
// kExitCodeOutOfRange and the CLI says so on stderr.
inline constexpr int kExitCodeOutOfRange = 1;
int ProcessExitStatus(uint32_t guest_code);

}  // namespace wasmtier::cli

#endif  // WASMTIER_TOOLS_RUN_OPTIONS_H_
