// Constant expressions, decoded and validated by the one function-body decoder
// in constant mode (engine/function_body_decoder.h), so there is no second
// instruction parser. The consumer only collects `ref.func` targets, which
// become declared function references (spec C.refs).
#include "engine/const_expr.h"

#include <memory>
#include <vector>

#include "engine/function_body_decoder.h"

namespace wasmtier {
namespace {

struct ConstExprInterface : ValidateOnlyInterface {
  std::vector<uint32_t> ref_funcs;

  template <typename D>
  void OnInstr(D&, const Instr& instr, const Entry*, uint32_t, Entry*, uint32_t) {
    if (instr.opcode == Opcode::kRefFunc) ref_funcs.push_back(instr.index);
  }
};

// One decoder per thread, rebound per call: element segments can hold
// millions of expressions, and a fresh decoder would allocate its stacks each time.
struct ConstExprDecoder {
  ConstExprInterface interface;
  std::unique_ptr<FunctionBodyDecoder<ConstExprInterface>> decoder;
};

}  // namespace

absl::Status DecodeConstExpr(Reader& reader, WasmModule& module, ValType expected,
                             uint32_t visible_globals, const Features& features,
                             ConstExpr* out) {
  thread_local ConstExprDecoder cached;
  if (cached.decoder == nullptr) {
    cached.decoder = std::make_unique<FunctionBodyDecoder<ConstExprInterface>>(module, features, cached.interface);
  } else {
    cached.decoder->Rebind(module, features);
  }
  cached.interface.ref_funcs.clear();
  const size_t start = reader.offset();
  absl::Status status = cached.decoder->DecodeConstExpr(reader, expected, visible_globals);
  if (!status.ok()) {
    reader.FailWith(status);
    return status;
  }
  for (uint32_t index : cached.interface.ref_funcs) module.functions[index].declared = true;
  out->range.offset = static_cast<uint32_t>(start);
  out->range.length = static_cast<uint32_t>(reader.offset() - start);
  return absl::OkStatus();
}

}  // namespace wasmtier
