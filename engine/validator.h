// Validation of function bodies, and the one entry point that turns bytes
// into a valid WasmModule (decode + validate). Everything that accepts a module
// (CLI, spec runner, embedding API) goes through DecodeAndValidate.
#ifndef WASMTIER_ENGINE_VALIDATOR_H_
#define WASMTIER_ENGINE_VALIDATOR_H_

#include <cstddef>
#include <cstdint>
#include <memory>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "engine/features.h"
#include "engine/module.h"

namespace wasmtier {

// Validates the body of defined function {func_index} (spec 3.3, the
// algorithm of the appendix: operand and control stacks).
absl::Status ValidateFunction(const WasmModule& module, uint32_t func_index, const Features& features);

// Validates every defined function body; the first error wins.
absl::Status ValidateFunctions(const WasmModule& module, const Features& features);

absl::StatusOr<std::unique_ptr<WasmModule>> DecodeAndValidate(const uint8_t* data, size_t size,
                                                          const Features& features);

}  // namespace wasmtier

#endif  // WASMTIER_ENGINE_VALIDATOR_H_
