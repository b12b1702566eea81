// Function-body validation through the one function-body decoder with the
// validate-only consumer, and DecodeAndValidate (module decoder, then bodies).
// One decoder instance serves all bodies, so its stacks are allocated once.
#include "engine/validator.h"

#include "absl/strings/str_cat.h"
#include "engine/decoder.h"
#include "engine/error.h"
#include "engine/function_body_decoder.h"

namespace wasmtier {

absl::Status ValidateFunction(const WasmModule& module, uint32_t func_index, const Features& features) {
  if (func_index >= module.functions.size() || module.functions[func_index].imported) {
    return InvalidError(0, absl::StrCat("function ", func_index, " has no body"));
  }
  ValidateOnlyInterface interface;
  FunctionBodyDecoder<ValidateOnlyInterface> decoder(module, features, interface);
  return decoder.DecodeFunction(func_index);
}

// The spec decodes the whole module before validating it, so a malformed body
// after an invalid one wins: once a body is invalid, the remaining bodies are
// still read in syntax-only mode.
absl::Status ValidateFunctions(const WasmModule& module, const Features& features) {
  ValidateOnlyInterface interface;
  FunctionBodyDecoder<ValidateOnlyInterface> decoder(module, features, interface);
  absl::Status first_error;
  for (uint32_t i = module.num_imported_functions; i < module.functions.size(); ++i) {
    if (module.functions[i].imported) continue;
    if (first_error.ok()) {
      absl::Status status = decoder.DecodeFunction(i);
      if (IsMalformed(status)) return status;
      first_error = std::move(status);
    } else {
      absl::Status status = decoder.ScanFunction(i);
      if (!status.ok()) return status;
    }
  }
  return first_error;
}

absl::StatusOr<std::unique_ptr<WasmModule>> DecodeAndValidate(const uint8_t* data, size_t size,
                                                          const Features& features) {
  absl::StatusOr<DecodedModule> decoded = DecodeModuleDeferred(data, size, features);
  if (!decoded.ok()) return decoded.status();
  const WasmModule& module = *decoded->module;
  if (!decoded->deferred_invalid.ok()) {
    // The module is invalid already, but a malformed body still wins (the
    // spec decodes before it validates): scan every body for syntax only.
    ValidateOnlyInterface interface;
    FunctionBodyDecoder<ValidateOnlyInterface> decoder(module, features, interface);
    for (uint32_t i = module.num_imported_functions; i < module.functions.size(); ++i) {
      absl::Status status = decoder.ScanFunction(i);
      if (IsMalformed(status)) return status;
    }
    return decoded->deferred_invalid;
  }
  absl::Status status = ValidateFunctions(module, features);
  if (!status.ok()) return status;
  return std::move(decoded->module);
}

}  // namespace wasmtier
