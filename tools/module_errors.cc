// Error text for module failures (see module_errors.h).
#include "tools/module_errors.h"

#include <cstdint>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "engine/error.h"
#include "tools/module_printer.h"

namespace wasmtier::cli {

std::optional<uint32_t> FunctionAtOffset(const WasmModule& module, size_t offset) {
  for (uint32_t i = module.num_imported_functions; i < module.functions.size(); ++i) {
    const WireRange& body = module.functions[i].body;
    if (offset >= body.offset && offset < body.end()) return i;
  }
  return std::nullopt;
}

std::string DescribeModuleError(const absl::Status& status, const WasmModule* module) {
  std::string message(status.message());
  std::string text;
  if (IsMalformed(status)) {
    text = absl::StrCat("malformed: ", message);
  } else if (IsInvalid(status)) {
    text = absl::StrCat("invalid: ", message);
  } else if (IsUnsupported(status) || absl::StartsWith(message, "unsupported")) {
    text = message;  // already reads "unsupported: ..."
  } else {
    text = absl::StrCat("error: ", message);
  }
  size_t offset = ErrorOffset(status);
  if (module != nullptr && offset != SIZE_MAX) {
    if (std::optional<uint32_t> func = FunctionAtOffset(*module, offset)) {
      absl::StrAppend(&text, " in function ", *func);
      std::string name = FunctionName(*module, *func);
      if (!name.empty()) absl::StrAppend(&text, " ", name);
    }
  }
  return text;
}

}  // namespace wasmtier::cli
