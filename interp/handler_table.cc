// GetHandler (interp/code.h): the handler of every interpreter op, built once
// from the same X-macro lists that define the ops, so an op without a handler
// is a link error (own ops) or a nullptr the handler-table test catches.
#include <array>

#include "interp/handlers.h"

namespace wasmtier::interp {
namespace {

using HandlerTable = std::array<Handler, static_cast<size_t>(IOp::kCount)>;

HandlerTable BuildHandlerTable() {
  HandlerTable table{};
#define INTERP_OP(Name, layout, doc) table[static_cast<size_t>(IOp::k##Name)] = &Op##Name;
#include "interp/ops.def"
#undef INTERP_OP
#define INTERP_FUSED(Cmp)                                                   \
  table[static_cast<size_t>(IOp::kBrIf##Cmp)] = &OpBrIf##Cmp;               \
  table[static_cast<size_t>(IOp::kBrIfNot##Cmp)] = &OpBrIfNot##Cmp;       \
  table[static_cast<size_t>(IOp::kBrIf##Cmp##Imm)] = &OpBrIf##Cmp##Imm;     \
  table[static_cast<size_t>(IOp::kBrIfNot##Cmp##Imm)] = &OpBrIfNot##Cmp##Imm; \
  table[static_cast<size_t>(IOp::kBackBrIf##Cmp)] = &OpBackBrIf##Cmp;       \
  table[static_cast<size_t>(IOp::kBackBrIfNot##Cmp)] = &OpBackBrIfNot##Cmp; \
  table[static_cast<size_t>(IOp::kBackBrIf##Cmp##Imm)] = &OpBackBrIf##Cmp##Imm; \
  table[static_cast<size_t>(IOp::kBackBrIfNot##Cmp##Imm)] = &OpBackBrIfNot##Cmp##Imm;
  INTERP_I32_COMPARES(INTERP_FUSED)
#undef INTERP_FUSED
  // Opcode-table rows: a numeric row runs its numeric handler; a scalar load
  // or store its guarded (kW) and checked (kM) access.
#define WASM_OPCODE(Name, ...)                                                \
  {                                                                           \
    const Handler numeric = NumericHandler(Opcode::k##Name);                  \
    table[static_cast<size_t>(IOp::kW##Name)] =                               \
        numeric != nullptr ? numeric : LoadStoreHandler(Opcode::k##Name, false); \
    table[static_cast<size_t>(IOp::kM##Name)] = LoadStoreHandler(Opcode::k##Name, true); \
    table[static_cast<size_t>(IOp::kI##Name)] = ImmediateHandler(Opcode::k##Name);       \
    table[static_cast<size_t>(IOp::kA##Name)] = AddLoadHandler(Opcode::k##Name, true);   \
    table[static_cast<size_t>(IOp::kX##Name)] = AddLoadHandler(Opcode::k##Name, false);  \
  }
#include "engine/opcodes.def"
#undef WASM_OPCODE
  return table;
}

}  // namespace

Handler GetHandler(IOp op) {
  static const HandlerTable table = BuildHandlerTable();
  const size_t i = static_cast<size_t>(op);
  return i < table.size() ? table[i] : nullptr;
}

}  // namespace wasmtier::interp
