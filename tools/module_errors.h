// Error text for modules that fail to decode or validate, shared by the
// subcommands: the kind of failure in the spec's terms, the byte offset, and
// the function whose body holds that offset.
#ifndef WASMTIER_TOOLS_MODULE_ERRORS_H_
#define WASMTIER_TOOLS_MODULE_ERRORS_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "absl/status/status.h"
#include "engine/module.h"

namespace wasmtier::cli {

// "malformed: unexpected end (at offset 0x8)", "invalid: type mismatch (at
// offset 0x31) in function 2 $fib", "unsupported: ...". When {module} is
// given (the same bytes decoded without body validation), an offset inside
// a function body names that function.
std::string DescribeModuleError(const absl::Status& status, const WasmModule* module);

// The function whose code entry contains module byte {offset}, if any.
std::optional<uint32_t> FunctionAtOffset(const WasmModule& module, size_t offset);

}  // namespace wasmtier::cli

#endif  // WASMTIER_TOOLS_MODULE_ERRORS_H_
