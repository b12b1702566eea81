// WasmModule decoder: binary bytes -> WasmModule. Parses every section in order and
// enforces every module-level rule as it goes (section order and sizes,
// index bounds, limits, unique export names, start signature, counts that
// must agree). Function bodies are split into locals and code here but their
// instructions are validated by engine/validator.h; constant expressions are
// checked as they are met, through engine/const_expr.h.
#ifndef WASMTIER_ENGINE_DECODER_H_
#define WASMTIER_ENGINE_DECODER_H_

#include <cstddef>
#include <cstdint>
#include <memory>

#include "absl/status/statusor.h"
#include "engine/features.h"
#include "engine/module.h"

namespace wasmtier {

// Malformed input gives a status for which IsMalformed() holds, invalid
// module-level structure one for which IsInvalid() holds, a disabled feature
// IsUnsupported(). The module keeps its own copy of {data}.
absl::StatusOr<std::unique_ptr<WasmModule>> DecodeModule(const uint8_t* data, size_t size,
                                                     const Features& features);

// Like DecodeModule, but when the whole module decoded and only a module-level
// validation error was found, the module comes back beside that error instead
// of being dropped. The spec decodes everything before validating, so the
// caller must still read the function bodies: a malformed body wins over
// {deferred_invalid}. DecodeAndValidate does exactly that.
struct DecodedModule {
  std::unique_ptr<WasmModule> module;
  absl::Status deferred_invalid;
};
absl::StatusOr<DecodedModule> DecodeModuleDeferred(const uint8_t* data, size_t size,
                                                   const Features& features);

}  // namespace wasmtier

#endif  // WASMTIER_ENGINE_DECODER_H_
