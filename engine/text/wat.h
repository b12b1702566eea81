// The WebAssembly text format (to the 3.0 grammar): parses a module written in
// text and encodes it to the binary format, which then goes through the one
// decoder (text never takes a second path into the engine). Errors name
// line:column and use the spec testsuite's wording for malformed text
// ("unknown operator", "unexpected token", "constant out of range",
// "alignment", "unknown type", "mismatching label", ...).
#ifndef WASMTIER_ENGINE_TEXT_WAT_H_
#define WASMTIER_ENGINE_TEXT_WAT_H_

#include <cstdint>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace wasmtier::text {

// Parses `(module ...)` or a bare sequence of module fields.
absl::StatusOr<std::vector<uint8_t>> WatToBinary(std::string_view source);

}  // namespace wasmtier::text

#endif  // WASMTIER_ENGINE_TEXT_WAT_H_
