// `wasmtier settings [OPTIONS]`: prints the engine configuration a `run` with
// the same --tier and -W options would use (tier mode, proposals, limits,
// fuel and interruption, tier-up budget) and the host CPU's identity and
// instruction-set extensions (jit/x64/cpu_features.h). In the spirit of
// `wasmtime settings`, which lists the compiler's settings and the host's
// detected CPU features.
#include <cstdio>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/time/time.h"
#include "engine/include/wasmtier/config.h"
#include "jit/x64/cpu_features.h"
#include "tools/args.h"
#include "tools/command.h"
#include "tools/feature_flags.h"
#include "tools/run_options.h"
#include "tools/text_table.h"

namespace wasmtier::cli {
namespace {

// "4294967296 (4 GiB)": exact bytes, plus a rounded unit when one fits.
std::string Bytes(uint64_t n) {
  constexpr struct {
    uint64_t size;
    const char* unit;
  } kUnits[] = {{1ull << 40, "TiB"}, {1ull << 30, "GiB"}, {1ull << 20, "MiB"}, {1ull << 10, "KiB"}};
  for (const auto& u : kUnits) {
    if (n >= u.size && n % u.size == 0) return absl::StrCat(n, " bytes (", n / u.size, " ", u.unit, ")");
  }
  return absl::StrCat(n, " bytes");
}

// The public API cannot tell whether the JIT exists; until jit/ lands the
// engine runs auto as interp and fails every call in jit mode
// (engine/api/module.cc), and this text says so. Update it with the JIT.
const char* TierDescription(TierMode mode) {
  switch (mode) {
    case TierMode::kAuto:
      return "interpreter first, hot functions tier up to the JIT; the JIT is not built yet, "
             "so everything stays in the interpreter";
    case TierMode::kInterp: return "interpreter only";
    case TierMode::kJit:
      return "every function compiled before its first call; the JIT is not built yet, so "
             "calls fail with 'unsupported'";
  }
  return "";
}

void AppendEngine(const EngineOptions& options, std::string* out) {
  const Config& c = options.config;
  TextTable t({"setting", "value"}, {TextTable::kLeft, TextTable::kLeft});
  t.AddRow({"tier", absl::StrCat(TierModeName(c.tier), " (", TierDescription(c.tier), ")")});
  t.AddRow({"profile-counters", c.profile_counters ? "on" : "off"});
  t.AddRow({"tier-up-budget", absl::StrCat(c.tier_up_budget, " units (calls and loop back-edges)")});
  t.AddRow({"max-memory-size", Bytes(c.max_memory_bytes)});
  t.AddRow({"max-table-elements", absl::StrCat(c.max_table_elements)});
  t.AddRow({"max-wasm-stack", Bytes(c.max_wasm_stack_bytes)});
  t.AddRow({"max-native-stack", Bytes(c.max_native_stack_bytes)});
  t.AddRow({"consume-fuel", c.consume_fuel ? "on" : "off"});
  t.AddRow({"fuel", options.limits.fuel ? absl::StrCat(*options.limits.fuel, " units") : "-"});
  t.AddRow({"interruptible", c.interruptible ? "on" : "off"});
  t.AddRow({"timeout", options.limits.timeout
                           ? absl::FormatDuration(absl::FromChrono(*options.limits.timeout))
                           : "-"});
  absl::StrAppend(out, "Engine:\n");
  t.AppendTo(out);
}

void AppendFeatures(const Features& features, std::string* out) {
  std::vector<std::string> on, off;
  for (const auto& [name, enabled] : FeatureStates(features)) (enabled ? on : off).push_back(name);
  absl::StrAppend(out, "\nWebAssembly proposals:\n  enabled:  ", absl::StrJoin(on, " "),
                  "\n  disabled: ", off.empty() ? "-" : absl::StrJoin(off, " "), "\n");
}

void AppendCpu(std::string* out) {
  const jit::x64::CpuFeatures& cpu = jit::x64::HostCpuFeatures();
  std::vector<std::string> missing;
  for (const jit::x64::CpuFeatureName& row : jit::x64::CpuFeatureNames()) {
    if (!(cpu.*(row.member))) missing.push_back(row.name);
  }
  absl::StrAppendFormat(out,
                        "\nHost CPU:\n"
                        "  CPU: %s, %s (family %d, model %d, stepping %d)\n"
                        "  features: %s\n"
                        "  missing:  %s\n",
                        cpu.vendor, cpu.brand.empty() ? "no brand string" : cpu.brand, cpu.family,
                        cpu.model, cpu.stepping, cpu.FeatureList(),
                        missing.empty() ? "-" : absl::StrJoin(missing, " "));
}

int RunSettings(const Command& self, const std::vector<std::string>& args) {
  EngineOptions options;
  ArgCursor cursor(args);
  while (!cursor.done()) {
    if (cursor.Flag("-h", "--help")) {
      PrintCommandHelp(self);
      return kExitOk;
    } else if (std::optional<absl::Status> s = ConsumeEngineOption(cursor, &options)) {
      if (!s->ok()) return UsageError(self, s->message());
    } else if (cursor.IsOption()) {
      return UsageError(self, "unexpected option '" + cursor.current() + "'");
    } else if (cursor.error().empty()) {
      return UsageError(self, "unexpected argument '" + cursor.current() + "'");
    }
  }
  if (!cursor.error().empty()) return UsageError(self, cursor.error());
  std::string out;
  AppendEngine(options, &out);
  AppendFeatures(options.config.features, &out);
  AppendCpu(&out);
  std::fputs(out.c_str(), stdout);
  return kExitOk;
}

}  // namespace

const Command kSettingsCommand = {
    "settings",
    "Print the engine configuration and the host CPU's features",
    "Print the engine configuration and the host CPU's features\n"
    "\n"
    "Usage: wasmtier settings [OPTIONS]\n"
    "\n"
    "Prints the configuration `wasmtier run` would use with the same options: the\n"
    "tier mode and tier-up budget, the limits on memories, tables and stacks, fuel\n"
    "and interruption, and which WebAssembly proposals are enabled. Then the host\n"
    "CPU (vendor, brand, family/model/stepping) and the x86-64 extensions it\n"
    "offers (SSE2 ... AVX-512), which the JIT chooses instructions from.\n"
    "\n"
    "Options:\n"
    "@TIER@"
    "@RUNTIME@"
    "@FEATURES@"
    "  -h, --help\n"
    "          Print help\n",
    RunSettings,
};

}  // namespace wasmtier::cli
