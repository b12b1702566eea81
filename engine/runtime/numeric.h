// Exact semantics of every scalar numeric instruction (spec 4.3: integer and
// float operators, comparisons, conversions, reinterpretations, sign
// extensions, saturating truncations), on slot bits. One source of truth for
// the interpreter's handlers, constant-expression evaluation and the JIT's
// constant folding.
//
// Operands and results are slot bits (engine/runtime/exec.h): i32/f32 in the
// low 32 bits. Results of i32/f32 ops have their high 32 bits zero; operand
// high bits are ignored. Float results follow the spec's NaN rules
// (arithmetic NaNs from arithmetic, exact bit patterns from neg/abs/copysign
// and reinterpretations), min/max order -0 below +0, nearest rounds to even,
// trapping truncations trap outside the representable range.
#ifndef WASMTIER_ENGINE_RUNTIME_NUMERIC_H_
#define WASMTIER_ENGINE_RUNTIME_NUMERIC_H_

#include <cstdint>

#include "engine/opcodes.h"
#include "engine/runtime/trap.h"

namespace wasmtier::numeric {

// True for the opcodes this header evaluates: every row of the opcode table
// whose operands and result are i32/i64/f32/f64, with no immediates and a
// fixed signature of one or two operands and one result (so not the consts,
// not SIMD, not ref ops).
constexpr bool IsNumeric(Opcode op);
// Number of operands (1 or 2) of a numeric opcode.
constexpr int Arity(Opcode op);
// True if the operation can trap: integer div/rem, the trapping float->int
// truncations.
constexpr bool CanTrap(Opcode op);

// Non-trapping operations: Eval<op>(a) or Eval<op>(a, b).
template <Opcode kOp>
inline uint64_t Eval(uint64_t a, uint64_t b = 0);
// Trapping operations: TrapCode::kNone and *out = result, or the trap
// (kIntegerDivideByZero, kIntegerOverflow, kInvalidConversion).
template <Opcode kOp>
inline TrapCode EvalTrapping(uint64_t a, uint64_t b, uint64_t* out);

// Any numeric opcode, dispatched at run time (constant folding, tests).
TrapCode EvalDynamic(Opcode op, uint64_t a, uint64_t b, uint64_t* out);

}  // namespace wasmtier::numeric

#include "engine/runtime/numeric_impl.h"

#endif  // WASMTIER_ENGINE_RUNTIME_NUMERIC_H_
