// Constant expressions (spec 3.3.10): global initialisers, segment offsets,
// element items and table initialisers. Decoded and validated by the one
// function-body decoder in constant mode, so no second instruction parser
// exists.
#ifndef WASMTIER_ENGINE_CONST_EXPR_H_
#define WASMTIER_ENGINE_CONST_EXPR_H_

#include <cstdint>

#include "absl/status/status.h"
#include "engine/features.h"
#include "engine/module.h"
#include "engine/reader.h"

namespace wasmtier {

// Reads one constant expression from {reader} (which must be a reader over
// {module.bytes}) through its final `end`, checks that it is constant and
// produces exactly {expected}, and stores its byte range in {out}.
// {visible_globals}: globals with a smaller index may be read by global.get
// (they must be immutable). `ref.func x` marks function x as declared.
// On error the status is recorded in {reader} as well as returned.
absl::Status DecodeConstExpr(Reader& reader, WasmModule& module, ValType expected,
                             uint32_t visible_globals, const Features& features,
                             ConstExpr* out);

}  // namespace wasmtier

#endif  // WASMTIER_ENGINE_CONST_EXPR_H_
