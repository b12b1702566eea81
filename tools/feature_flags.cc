// -W feature switches (see feature_flags.h). One table maps each name to its
// Features member, so help text and parsing cannot disagree.
#include "tools/feature_flags.h"

#include <optional>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "absl/time/time.h"

namespace wasmtier::cli {
namespace {

struct FeatureFlag {
  const char* name;
  bool Features::*member;
  const char* description;
};

constexpr FeatureFlag kFeatureFlags[] = {
    {"sign-extension", &Features::sign_extension, "sign-extension operators (2.0)"},
    {"saturating-float-to-int", &Features::saturating_float_to_int,
     "non-trapping float-to-int conversions (2.0)"},
    {"multi-value", &Features::multi_value, "multiple results and block params (2.0)"},
    {"bulk-memory", &Features::bulk_memory, "bulk memory and table operations (2.0)"},
    {"reference-types", &Features::reference_types, "reference types, multiple tables (2.0)"},
    {"simd", &Features::simd, "128-bit SIMD (2.0)"},
    {"relaxed-simd", &Features::relaxed_simd, "relaxed SIMD (3.0)"},
    {"tail-call", &Features::tail_call, "tail calls (3.0)"},
    {"extended-const", &Features::extended_const, "extended constant expressions (3.0)"},
    {"multi-memory", &Features::multi_memory, "multiple memories (3.0)"},
    {"memory64", &Features::memory64, "64-bit memories and tables (3.0)"},
    {"function-references", &Features::function_references, "typed function references (3.0)"},
    {"gc", &Features::gc, "garbage-collected structs and arrays (3.0)"},
    {"exceptions", &Features::exceptions, "exception handling (3.0)"},
    {"threads", &Features::threads, "shared memories and atomics"},
    {"custom-page-sizes", &Features::custom_page_sizes, "custom memory page sizes"},
    {"wide-arithmetic", &Features::wide_arithmetic, "128-bit arithmetic"},
};

constexpr const char* kAllNames[] = {"all-proposals", "all"};

std::optional<bool> ParseSwitch(absl::string_view value) {
  std::string v = absl::AsciiStrToLower(value);
  if (v == "y" || v == "yes" || v == "true" || v == "on") return true;
  if (v == "n" || v == "no" || v == "false" || v == "off") return false;
  return std::nullopt;
}

}  // namespace

absl::Status ApplyFeatureFlag(absl::string_view spec, Features* features) {
  for (absl::string_view item : absl::StrSplit(spec, ',')) {
    absl::string_view name = item;
    bool on = true;
    if (size_t eq = item.find('='); eq != absl::string_view::npos) {
      name = item.substr(0, eq);
      std::optional<bool> value = ParseSwitch(item.substr(eq + 1));
      if (!value) {
        return absl::InvalidArgumentError(
            absl::StrCat("invalid value in '-W ", item, "': expected y or n"));
      }
      on = *value;
    }
    if (name == kAllNames[0] || name == kAllNames[1]) {
      // Turning every proposal off would leave less than WebAssembly 2.0,
      // which nothing needs; "all" only switches everything on.
      if (!on) return absl::InvalidArgumentError("'-W all-proposals=n' is not supported");
      *features = Features::All();
      continue;
    }
    const FeatureFlag* flag = nullptr;
    for (const FeatureFlag& f : kFeatureFlags) {
      if (name == f.name) flag = &f;
    }
    if (flag == nullptr) {
      return absl::InvalidArgumentError(
          absl::StrCat("unknown WebAssembly feature '", name, "' in -W (see --help)"));
    }
    features->*(flag->member) = on;
  }
  return absl::OkStatus();
}

absl::Status ApplyWasmOption(absl::string_view spec, Features* features, RuntimeLimits* limits) {
  for (absl::string_view item : absl::StrSplit(spec, ',')) {
    const size_t eq = item.find('=');
    const absl::string_view name = item.substr(0, eq);
    const absl::string_view value = eq == absl::string_view::npos ? "" : item.substr(eq + 1);
    auto bytes = [&](std::optional<uint64_t>* out) -> absl::Status {
      uint64_t v;
      if (!absl::SimpleAtoi(value, &v)) {
        return absl::InvalidArgumentError(absl::StrCat("invalid number in '-W ", item, "'"));
      }
      *out = v;
      return absl::OkStatus();
    };
    if (name == "fuel") {
      if (absl::Status s = bytes(&limits->fuel); !s.ok()) return s;
    } else if (name == "max-memory-size") {
      if (absl::Status s = bytes(&limits->max_memory_size); !s.ok()) return s;
    } else if (name == "max-table-elements") {
      if (absl::Status s = bytes(&limits->max_table_elements); !s.ok()) return s;
    } else if (name == "max-wasm-stack") {
      if (absl::Status s = bytes(&limits->max_wasm_stack); !s.ok()) return s;
    } else if (name == "timeout") {
      absl::Duration d;
      double seconds;
      if (absl::SimpleAtod(value, &seconds) && seconds >= 0) {
        d = absl::Seconds(seconds);
      } else if (!absl::ParseDuration(value, &d) || d < absl::ZeroDuration()) {
        return absl::InvalidArgumentError(
            absl::StrCat("invalid duration in '-W ", item, "' (examples: 10s, 500ms)"));
      }
      limits->timeout = absl::ToChronoNanoseconds(d);
    } else if (absl::Status s = ApplyFeatureFlag(item, features); !s.ok()) {
      return s;
    }
  }
  return absl::OkStatus();
}

void ApplyRuntimeLimits(const RuntimeLimits& limits, Config* config) {
  if (limits.max_memory_size) config->max_memory_bytes = *limits.max_memory_size;
  if (limits.max_table_elements) config->max_table_elements = *limits.max_table_elements;
  if (limits.max_wasm_stack) config->max_wasm_stack_bytes = *limits.max_wasm_stack;
  if (limits.fuel) config->consume_fuel = true;
  if (limits.timeout) config->interruptible = true;
}

std::string RuntimeLimitsHelp() {
  return "  -W fuel=N\n"
         "          Stop with a trap after N units of fuel (a call or loop iteration each)\n"
         "  -W timeout=DURATION\n"
         "          Interrupt the guest after DURATION (10s, 500ms, 1.5)\n"
         "  -W max-memory-size=BYTES\n"
         "          Largest size of any linear memory [default: 4 GiB]\n"
         "  -W max-table-elements=N\n"
         "          Largest number of elements of any table [default: 10000000]\n"
         "  -W max-wasm-stack=BYTES\n"
         "          Size of the wasm value stack [default: 1 MiB]\n";
}

std::string FeatureFlagHelp() {
  std::string out =
      "  -W, --wasm NAME[=y|n][,...]\n"
      "          Enable (=y, the default) or disable (=n) WebAssembly proposals:\n";
  const Features defaults;
  for (const FeatureFlag& f : kFeatureFlags) {
    absl::StrAppendFormat(&out, "            %-24s %s [default: %s]\n", f.name, f.description,
                          defaults.*(f.member) ? "on" : "off");
  }
  absl::StrAppendFormat(&out, "            %-24s %s\n", kAllNames[0],
                        "every proposal above (alias: all)");
  return out;
}

std::vector<std::pair<std::string, bool>> FeatureStates(const Features& features) {
  std::vector<std::pair<std::string, bool>> states;
  for (const FeatureFlag& f : kFeatureFlags) states.emplace_back(f.name, features.*(f.member));
  return states;
}

}  // namespace wasmtier::cli
