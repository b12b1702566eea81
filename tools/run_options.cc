// Parsing of `run`'s data options (see run_options.h).
#include "tools/run_options.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace wasmtier::cli {

std::optional<absl::Status> ConsumeEngineOption(ArgCursor& cursor, EngineOptions* options) {
  if (std::optional<std::string> tier = cursor.Value("", "--tier")) {
    if (*tier == "auto") {
      options->config.tier = TierMode::kAuto;
    } else if (*tier == "interp") {
      options->config.tier = TierMode::kInterp;
    } else if (*tier == "jit") {
      options->config.tier = TierMode::kJit;
    } else {
      return absl::InvalidArgumentError(
          absl::StrCat("invalid value '", *tier, "' for '--tier': expected auto, interp or jit"));
    }
    return absl::OkStatus();
  }
  if (std::optional<std::string> spec = cursor.Value("-W", "--wasm")) {
    // Each -W adds to what earlier ones set, so limits accumulate in
    // options->limits and are copied into the config after every option.
    absl::Status s = ApplyWasmOption(*spec, &options->config.features, &options->limits);
    if (s.ok()) ApplyRuntimeLimits(options->limits, &options->config);
    return s;
  }
  return std::nullopt;
}

std::string TierOptionHelp() {
  return "      --tier auto|interp|jit\n"
         "          Execution tier: auto runs the interpreter and tiers hot functions up,\n"
         "          interp never compiles, jit compiles every function first [default: auto]\n"
         "          (the JIT is not built yet: jit fails on the first call)\n";
}

absl::StatusOr<DirOption> ParseDirOption(absl::string_view spec) {
  DirOption dir;
  if (size_t sep = spec.find("::"); sep != absl::string_view::npos) {
    dir.host = std::string(spec.substr(0, sep));
    dir.guest = std::string(spec.substr(sep + 2));
    if (dir.guest.empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat("invalid --dir '", spec, "': the guest name after '::' is empty"));
    }
  } else {
    dir.host = dir.guest = std::string(spec);
  }
  if (dir.host.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("invalid --dir '", spec, "': the host directory is empty"));
  }
  return dir;
}

absl::Status AddEnvOption(absl::string_view spec, const HostEnvLookup& host_env,
                          std::vector<std::string>* env) {
  const size_t eq = spec.find('=');
  const std::string name(spec.substr(0, eq));
  if (name.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("invalid --env '", spec, "': expected NAME=VALUE or NAME"));
  }
  std::string entry;
  if (eq != absl::string_view::npos) {
    entry = std::string(spec);
  } else if (std::optional<std::string> value = host_env(name)) {
    entry = absl::StrCat(name, "=", *value);
  }
  const std::string prefix = name + "=";
  for (auto it = env->begin(); it != env->end(); ++it) {
    if (!absl::StartsWith(*it, prefix)) continue;
    // A later --env wins; an inherited name the host lacks removes it.
    if (entry.empty()) {
      env->erase(it);
    } else {
      *it = std::move(entry);
    }
    return absl::OkStatus();
  }
  if (!entry.empty()) env->push_back(std::move(entry));
  return absl::OkStatus();
}

int ProcessExitStatus(uint32_t guest_code) {
  return guest_code <= 255 ? static_cast<int>(guest_code) : kExitCodeOutOfRange;
}

}  // namespace wasmtier::cli
