// Handlers for the register forms of numeric opcodes ("DS" / "DSS"): one
// template instance per opcode-table row that numeric::IsNumeric accepts, so
// every handler is the exact semantics of engine/runtime/numeric.h inlined
// between a field decode and the tail call to the next handler. Also the
// shifted-operand binops of ops.def, from the same two numeric.h operations.
#include "engine/runtime/numeric.h"
#include "interp/handlers.h"

namespace wasmtier::interp {
namespace {

template <Opcode kOp>
INTERP_HANDLER(Unary) {
  SLOT(0) = numeric::Eval<kOp>(SLOT(1));
  NEXT(WORDS(2, 0));
}

// Integer comparisons (their 0/1 result is built with setcc into a register
// zeroed before the compare).
template <Opcode kOp>
constexpr bool kIsIntCompare = kOp >= Opcode::kI32Eq && kOp <= Opcode::kI64GeU && kOp != Opcode::kI64Eqz;

// Pins a comparison's result to rax: left to itself the compiler zeroes a
// fourth scratch register (a push/pop of rbx) while the operand registers
// are still live, though they are free again by the time the destination
// field is decoded.
template <Opcode kOp>
INTERP_INLINE void PinResult(uint64_t& result) {
  if constexpr (kIsIntCompare<kOp>) asm("" : "+a"(result));
}

template <Opcode kOp>
INTERP_HANDLER(Binary) {
  uint64_t result = numeric::Eval<kOp>(SLOT(1), SLOT(2));
  PinResult<kOp>(result);
  INTERP_FIELDS_AFTER();
  SLOT(0) = result;
  NEXT(WORDS(3, 0));
}

// Immediate forms ("DSU"): the right operand is field 2, an i32 constant
// as is or an i64 constant sign-extended from 32 bits (the translator emits
// this form only for i64 constants that fit).
template <Opcode kOp>
INTERP_HANDLER(BinaryImm) {
  constexpr bool kI64 = kOp >= Opcode::kI64Eq && kOp <= Opcode::kI64GeU ||
                        kOp >= Opcode::kI64Add && kOp <= Opcode::kI64Rotr;
  const uint64_t imm = kI64 ? static_cast<uint64_t>(int64_t{I32Field(ip, 2)}) : uint64_t{FLD(2)};
  uint64_t result = numeric::Eval<kOp>(SLOT(1), imm);
  PinResult<kOp>(result);
  INTERP_FIELDS_AFTER();
  SLOT(0) = result;
  NEXT(WORDS(3, 0));
}

// Division, remainder and trapping truncations: the trap leaves through a
// cold call, the result is written only on success.
template <Opcode kOp>
INTERP_HANDLER(TrappingUnary) {
  uint64_t result;
  const TrapCode trap = numeric::EvalTrapping<kOp>(SLOT(1), 0, &result);
  if (__builtin_expect(trap != TrapCode::kNone, 0)) TRAP(trap);
  SLOT(0) = result;
  NEXT(WORDS(2, 0));
}

template <Opcode kOp>
INTERP_HANDLER(TrappingBinary) {
  uint64_t result;
  const TrapCode trap = numeric::EvalTrapping<kOp>(SLOT(1), SLOT(2), &result);
  if (__builtin_expect(trap != TrapCode::kNone, 0)) TRAP(trap);
  SLOT(0) = result;
  NEXT(WORDS(3, 0));
}

// The handler of row {kOp}; only rows numeric.h evaluates are instantiated.
template <Opcode kOp>
constexpr Handler HandlerOf() {
  if constexpr (!numeric::IsNumeric(kOp)) {
    return nullptr;
  } else if constexpr (numeric::CanTrap(kOp)) {
    if constexpr (numeric::Arity(kOp) == 1) return &TrappingUnary<kOp>;
    else return &TrappingBinary<kOp>;
  } else {
    if constexpr (numeric::Arity(kOp) == 1) return &Unary<kOp>;
    else return &Binary<kOp>;
  }
}

}  // namespace

// fp[D] = fp[S0] op (fp[S1] shift U): numeric.h's shift (count mod 32), then its op.
#define INTERP_SHIFTED(Op, Shift)                                                        \
  INTERP_HANDLER(OpI32##Op##Shift) {                                                     \
    const uint64_t shifted = numeric::Eval<Opcode::kI32##Shift>(SLOT(2), uint64_t{FLD(3)}); \
    const uint64_t result = numeric::Eval<Opcode::kI32##Op>(SLOT(1), shifted);           \
    INTERP_FIELDS_AFTER();                                                               \
    SLOT(0) = result;                                                                    \
    NEXT(WORDS(4, 0));                                                                   \
  }
#define INTERP_SHIFTS(Op) INTERP_SHIFTED(Op, Shl) INTERP_SHIFTED(Op, ShrU) INTERP_SHIFTED(Op, ShrS)
INTERP_SHIFTS(Add)
INTERP_SHIFTS(Sub)
INTERP_SHIFTS(And)
INTERP_SHIFTS(Or)
INTERP_SHIFTS(Xor)
#undef INTERP_SHIFTS
#undef INTERP_SHIFTED

INTERP_HANDLER(OpI32OrShlShrU) {
  const uint64_t left = numeric::Eval<Opcode::kI32Shl>(SLOT(1), uint64_t{FLD(2)});
  const uint64_t right = numeric::Eval<Opcode::kI32ShrU>(SLOT(3), uint64_t{FLD(4)});
  const uint64_t result = numeric::Eval<Opcode::kI32Or>(left, right);
  INTERP_FIELDS_AFTER();
  SLOT(0) = result;
  NEXT(WORDS(5, 0));
}

Handler ImmediateHandler(Opcode op) {
  switch (op) {
#define INTERP_IMM_CASE(Name) \
  case Opcode::k##Name:       \
    return &BinaryImm<Opcode::k##Name>;
    INTERP_IMM_BINOPS(INTERP_IMM_CASE)
#undef INTERP_IMM_CASE
    default:
      return nullptr;
  }
}

Handler NumericHandler(Opcode op) {
  switch (op) {
#define WASM_OPCODE(Name, ...) \
  case Opcode::k##Name:        \
    return HandlerOf<Opcode::k##Name>();
#include "engine/opcodes.def"
#undef WASM_OPCODE
  }
  return nullptr;
}

}  // namespace wasmtier::interp
