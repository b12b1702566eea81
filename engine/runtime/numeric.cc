// EvalDynamic: the numeric opcodes of engine/opcodes.def dispatched at run
// time, for constant folding and tests. One switch generated from the table;
// each case is the same EvalTrapping<op> the interpreter's handlers inline.
#include <cstdio>
#include <cstdlib>

#include "engine/runtime/numeric.h"

namespace wasmtier::numeric {

TrapCode EvalDynamic(Opcode op, uint64_t a, uint64_t b, uint64_t* out) {
  // Non-numeric rows generate no call, so a missing specialization of a
  // numeric opcode fails to compile here rather than at run time.
  switch (op) {
#define WASM_OPCODE(name, prefix, code, text, imm, sig, feature)       \
  case Opcode::k##name:                                                \
    if constexpr (IsNumeric(Opcode::k##name)) {                        \
      return EvalTrapping<Opcode::k##name>(a, b, out);                 \
    }                                                                  \
    break;
#include "engine/opcodes.def"
#undef WASM_OPCODE
  }
  // A caller bug (callers check IsNumeric first): fail loudly.
  std::fprintf(stderr, "numeric::EvalDynamic: not a numeric opcode: %s\n", OpcodeName(op));
  std::abort();
}

}  // namespace wasmtier::numeric
