// `wasmtier inspect FILE`: decodes a module and prints what is in it (see
// module_printer.h). A module whose function bodies do not validate is still
// shown, with the validation error in the header line.
#include <algorithm>
#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "engine/decoder.h"
#include "engine/features.h"
#include "engine/validator.h"
#include "tools/args.h"
#include "tools/command.h"
#include "tools/feature_flags.h"
#include "tools/module_errors.h"
#include "tools/module_input.h"
#include "tools/module_printer.h"

namespace wasmtier::cli {
namespace {

int RunInspect(const Command& self, const std::vector<std::string>& args) {
  Features features;
  std::vector<std::string> files;
  std::vector<std::string> only;
  ArgCursor cursor(args);
  while (!cursor.done()) {
    if (cursor.Flag("-h", "--help")) {
      PrintCommandHelp(self);
      return kExitOk;
    } else if (std::optional<std::string> spec = cursor.Value("-W", "--wasm")) {
      if (absl::Status s = ApplyFeatureFlag(*spec, &features); !s.ok()) {
        return UsageError(self, s.message());
      }
    } else if (std::optional<std::string> parts = cursor.Value("", "--only")) {
      const std::vector<std::string> known = ReportPartNames();
      for (absl::string_view part : absl::StrSplit(*parts, ',', absl::SkipEmpty())) {
        if (std::find(known.begin(), known.end(), part) == known.end()) {
          return UsageError(self, absl::StrCat("unknown part '", part,
                                               "' in --only; parts: ", absl::StrJoin(known, ",")));
        }
        only.emplace_back(part);
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
  if (files.size() != 1) {
    return UsageError(self, files.empty() ? "no module file given" : "expected exactly one FILE");
  }
  const std::string& path = files[0];
  const char* label = InputLabel(path);

  std::optional<ModuleInput> input = LoadModuleInputOrReport(path);
  if (!input) return kExitFailure;
  const std::vector<uint8_t>& bytes = input->bytes;
  // WasmModule structure first (that is what is shown), then the bodies, so a
  // module with one bad function can still be inspected.
  absl::StatusOr<std::unique_ptr<WasmModule>> module =
      DecodeModule(bytes.data(), bytes.size(), features);
  if (!module.ok()) {
    std::fprintf(stderr, "%s: %s\n", label, DescribeModuleError(module.status(), nullptr).c_str());
    return kExitFailure;
  }
  absl::Status bodies = ValidateFunctions(**module, features);
  std::string validity = bodies.ok() ? "valid" : DescribeModuleError(bodies, module->get());
  if (input->from_text) {
    // Offsets below are those of the binary encoding of the text.
    std::printf("%s: text, %zu bytes encoded, %s\n", label, bytes.size(), validity.c_str());
  } else {
    std::printf("%s: %zu bytes, %s\n", label, bytes.size(), validity.c_str());
  }
  std::fputs(FormatModule(**module, only).c_str(), stdout);
  return bodies.ok() ? kExitOk : kExitFailure;
}

}  // namespace

const Command kInspectCommand = {
    "inspect",
    "Show the sections, types, imports, exports and functions of a module",
    "Show the sections, types, imports, exports and functions of a module\n"
    "\n"
    "Usage: wasmtier inspect [OPTIONS] FILE\n"
    "\n"
    "Prints, as aligned tables: every section with its byte range; the types,\n"
    "imports and functions (name from the name section, type, body size in\n"
    "bytes, number of locals beyond the parameters); tables, memories,\n"
    "globals, exports, element and data segments, and custom sections.\n"
    "A module whose function bodies fail validation is still shown, with the\n"
    "error on the first line, and the exit status is 1. FILE is a binary .wasm\n"
    "module or a .wat text module (shown as its binary encoding); \"-\" reads\n"
    "standard input.\n"
    "\n"
    "Options:\n"
    "  --only PART[,PART...]\n"
    "          Print only these parts of the report: summary, sections, types,\n"
    "          imports, functions, tables, memories, globals, tags, exports,\n"
    "          elements, data, custom\n"
    "@FEATURES@"
    "  -h, --help\n"
    "          Print help\n",
    RunInspect,
};

}  // namespace wasmtier::cli
