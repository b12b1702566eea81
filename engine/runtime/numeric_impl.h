// Definitions behind engine/runtime/numeric.h: the opcode predicates (derived
// from engine/opcodes.def) and one Eval/EvalTrapping specialization per
// numeric opcode. Included only from numeric.h; every body is small and
// branch-light so an interpreter handler `fp[d] = Eval<op>(fp[a], fp[b])`
// inlines to a few instructions.
#ifndef WASMTIER_ENGINE_RUNTIME_NUMERIC_IMPL_H_
#define WASMTIER_ENGINE_RUNTIME_NUMERIC_IMPL_H_

#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <type_traits>

namespace wasmtier::numeric {

namespace internal {

// The numeric rows of the table: no immediates, a fixed signature of one or
// two i32/i64/f32/f64 operands and exactly one such result.
constexpr bool IsNumericRow(ImmKind imm, const OpSig& sig) {
  if (imm != ImmKind::kNone || sig.special) return false;
  if (sig.num_params < 1 || sig.num_params > 2 || sig.num_results != 1) return false;
  for (int i = 0; i < sig.num_params; ++i) {
    if (sig.params[i] > OpSig::kF64) return false;
  }
  return sig.results[0] <= OpSig::kF64;
}

// Per-opcode facts, each row folded to a constant at compile time (the
// constexpr locals) so run-time callers such as the interpreter's translator
// get a jump table of constants rather than signature parsing.
constexpr bool IsNumericOp(Opcode op) {
  switch (op) {
#define WASM_OPCODE(name, prefix, code, text, imm, sig, feature)      \
  case Opcode::k##name: {                                             \
    constexpr bool kNumeric = IsNumericRow(imm, OpSig::Parse(sig));   \
    return kNumeric;                                                  \
  }
#include "engine/opcodes.def"
#undef WASM_OPCODE
  }
  return false;
}

constexpr int NumParams(Opcode op) {
  switch (op) {
#define WASM_OPCODE(name, prefix, code, text, imm, sig, feature) \
  case Opcode::k##name: {                                        \
    constexpr int kParams = OpSig::Parse(sig).num_params;        \
    return kParams;                                              \
  }
#include "engine/opcodes.def"
#undef WASM_OPCODE
  }
  return 0;
}

// Slot <-> value. Operand high bits are ignored (numeric.h), so i32/f32
// operands are read from the low 32 bits only.
[[gnu::always_inline]] inline uint32_t U32(uint64_t s) { return static_cast<uint32_t>(s); }
[[gnu::always_inline]] inline int32_t S32(uint64_t s) { return static_cast<int32_t>(s); }
[[gnu::always_inline]] inline int64_t S64(uint64_t s) { return static_cast<int64_t>(s); }
[[gnu::always_inline]] inline float F32(uint64_t s) { return std::bit_cast<float>(U32(s)); }
[[gnu::always_inline]] inline double F64(uint64_t s) { return std::bit_cast<double>(s); }
[[gnu::always_inline]] inline uint64_t FromF32(float f) { return std::bit_cast<uint32_t>(f); }
[[gnu::always_inline]] inline uint64_t FromF64(double d) { return std::bit_cast<uint64_t>(d); }
[[gnu::always_inline]] inline uint64_t FromBool(bool b) { return b ? 1 : 0; }

constexpr uint32_t kF32Sign = 0x80000000u;
constexpr uint64_t kF64Sign = 0x8000000000000000ull;

// min/max (spec 4.3.3 fmin/fmax): a NaN operand gives a NaN (a + b is one,
// quieted as the spec's arithmetic NaN requires); equal operands can only
// differ in the sign of zero, where OR of the bits picks -0 and AND +0.
template <typename F, typename U>
[[gnu::always_inline]] inline F Min(F x, F y) {
  if (x != x || y != y) return x + y;
  if (x == y) return std::bit_cast<F>(std::bit_cast<U>(x) | std::bit_cast<U>(y));
  return x < y ? x : y;
}
template <typename F, typename U>
[[gnu::always_inline]] inline F Max(F x, F y) {
  if (x != x || y != y) return x + y;
  if (x == y) return std::bit_cast<F>(std::bit_cast<U>(x) & std::bit_cast<U>(y));
  return x > y ? x : y;
}

// Round half to even without depending on the dynamic rounding mode: values
// with no fractional bits (|x| >= 2^(mantissa bits)), infinities and zeros are
// returned as is, NaNs quieted; otherwise every step below is exact (the
// fraction x - trunc(x) and trunc(x) +- 1 are representable).
template <typename F>
[[gnu::always_inline]] inline F Nearest(F x) {
  constexpr F kNoFraction = F(1) * static_cast<F>(uint64_t{1} << (std::numeric_limits<F>::digits - 1));
  if (x != x) return x + x;
  if (!(std::fabs(x) < kNoFraction)) return x;
  F t = std::trunc(x);
  F frac = x - t;
  F step = x < 0 ? F(-1) : F(1);
  F half = std::fabs(frac);
  if (half > F(0.5) || (half == F(0.5) && (static_cast<int64_t>(t) & 1) != 0)) t += step;
  return std::copysign(t, x);  // keeps -0 for -0.5 < x < 0 and x = -0.5
}

// Unsigned 64-bit -> float in one rounding. Below 2^63 the signed hardware
// conversion is exact-then-rounded once. Above, halving would lose the low
// bit; OR-ing it back in as a sticky bit keeps round-to-nearest-even correct
// (the target has far fewer than 62 significant bits), and doubling is exact.
// Going through double instead would round twice (e.g. 0x7FFFFFBFFFFFFFFF).
template <typename F>
[[gnu::always_inline]] inline F FromU64(uint64_t x) {
  if (S64(x) >= 0) return static_cast<F>(S64(x));
  F half = static_cast<F>(S64((x >> 1) | (x & 1)));
  return half + half;
}

// Float -> double and back with NaNs handled bit-exactly: the spec wants a
// NaN result (quiet); keep the sign and the top payload bits, set the quiet
// bit, rather than trusting the conversion instruction or constant folder.
[[gnu::always_inline]] inline uint64_t Demote(double d) {
  if (d != d) {
    uint64_t bits = FromF64(d);
    uint32_t sign = static_cast<uint32_t>(bits >> 32) & kF32Sign;
    uint32_t payload = static_cast<uint32_t>((bits & 0x000FFFFFFFFFFFFFull) >> 29);
    return sign | 0x7FC00000u | payload;
  }
  return FromF32(static_cast<float>(d));
}
[[gnu::always_inline]] inline uint64_t Promote(float f) {
  if (f != f) {
    uint64_t bits = FromF32(f);
    uint64_t sign = (bits & kF32Sign) << 32;
    uint64_t payload = (bits & 0x007FFFFFull) << 29;
    return sign | 0x7FF8000000000000ull | payload;
  }
  return FromF64(static_cast<double>(f));
}

// Trapping truncation to a {Int} (int32_t, uint32_t, int64_t, uint64_t) from
// a value already widened exactly to double. The representable range is the
// open interval (min - 1, max + 1) in real numbers; the bounds below are that
// interval's ends, each exactly representable in double, except for int64
// where min - 1 is not and the closed bound -2^63 is the same set of doubles.
template <typename Int>
struct TruncBounds;
template <>
struct TruncBounds<int32_t> {
  static constexpr double kBelow = -2147483649.0;  // exclusive
  static constexpr double kAbove = 2147483648.0;   // exclusive
};
template <>
struct TruncBounds<uint32_t> {
  static constexpr double kBelow = -1.0;
  static constexpr double kAbove = 4294967296.0;
};
template <>
struct TruncBounds<uint64_t> {
  static constexpr double kBelow = -1.0;
  static constexpr double kAbove = 18446744073709551616.0;
};

template <typename Int>
[[gnu::always_inline]] inline bool InRange(double x) {
  if constexpr (std::is_same_v<Int, int64_t>) {
    return x >= -9223372036854775808.0 && x < 9223372036854775808.0;
  } else {
    return x > TruncBounds<Int>::kBelow && x < TruncBounds<Int>::kAbove;
  }
}

// Int results as slot bits: 32-bit results zero-extended.
template <typename Int>
[[gnu::always_inline]] inline uint64_t IntBits(Int v) {
  if constexpr (sizeof(Int) == 4) {
    return static_cast<uint32_t>(v);
  } else {
    return static_cast<uint64_t>(v);
  }
}

template <typename Int>
[[gnu::always_inline]] inline TrapCode Trunc(double x, uint64_t* out) {
  if (x != x) return TrapCode::kInvalidConversion;
  if (!InRange<Int>(x)) return TrapCode::kIntegerOverflow;
  *out = IntBits(static_cast<Int>(x));
  return TrapCode::kNone;
}

// Saturating truncation: NaN -> 0, out of range -> the nearer bound.
template <typename Int>
[[gnu::always_inline]] inline uint64_t TruncSat(double x) {
  if (x != x) return 0;
  if (!InRange<Int>(x)) {
    return IntBits(x < 0 ? std::numeric_limits<Int>::min() : std::numeric_limits<Int>::max());
  }
  return IntBits(static_cast<Int>(x));
}

// Integer division, spec 4.3.2: divisor 0 traps; signed MIN / -1 overflows;
// signed MIN % -1 is 0 (and must not reach the hardware, which faults).
template <typename S, typename U>
[[gnu::always_inline]] inline TrapCode DivS(S x, S y, uint64_t* out) {
  if (y == 0) return TrapCode::kIntegerDivideByZero;
  if (y == -1 && x == std::numeric_limits<S>::min()) return TrapCode::kIntegerOverflow;
  *out = IntBits(static_cast<U>(x / y));
  return TrapCode::kNone;
}
template <typename S, typename U>
[[gnu::always_inline]] inline TrapCode RemS(S x, S y, uint64_t* out) {
  if (y == 0) return TrapCode::kIntegerDivideByZero;
  *out = y == -1 ? 0 : IntBits(static_cast<U>(x % y));
  return TrapCode::kNone;
}
template <typename U>
[[gnu::always_inline]] inline TrapCode DivU(U x, U y, uint64_t* out) {
  if (y == 0) return TrapCode::kIntegerDivideByZero;
  *out = IntBits(static_cast<U>(x / y));
  return TrapCode::kNone;
}
template <typename U>
[[gnu::always_inline]] inline TrapCode RemU(U x, U y, uint64_t* out) {
  if (y == 0) return TrapCode::kIntegerDivideByZero;
  *out = IntBits(static_cast<U>(x % y));
  return TrapCode::kNone;
}

}  // namespace internal

constexpr bool IsNumeric(Opcode op) { return internal::IsNumericOp(op); }

constexpr int Arity(Opcode op) { return internal::NumParams(op); }

constexpr bool CanTrap(Opcode op) {
  switch (op) {
    case Opcode::kI32DivS:
    case Opcode::kI32DivU:
    case Opcode::kI32RemS:
    case Opcode::kI32RemU:
    case Opcode::kI64DivS:
    case Opcode::kI64DivU:
    case Opcode::kI64RemS:
    case Opcode::kI64RemU:
    case Opcode::kI32TruncF32S:
    case Opcode::kI32TruncF32U:
    case Opcode::kI32TruncF64S:
    case Opcode::kI32TruncF64U:
    case Opcode::kI64TruncF32S:
    case Opcode::kI64TruncF32U:
    case Opcode::kI64TruncF64S:
    case Opcode::kI64TruncF64U:
      return true;
    default:
      return false;
  }
}

// Only the specializations below exist; naming any other opcode (a trapping
// or non-numeric one) is a compile-time error rather than a silent fallback.
template <Opcode kOp>
inline uint64_t Eval(uint64_t a, uint64_t b) {
  static_assert(kOp != kOp, "Eval<op>: not a non-trapping numeric opcode (trapping ones use EvalTrapping)");
  return 0;
}

// Non-trapping numeric opcodes are accepted too (never trap), so generic
// callers such as EvalDynamic need no case split.
template <Opcode kOp>
inline TrapCode EvalTrapping(uint64_t a, uint64_t b, uint64_t* out) {
  static_assert(IsNumeric(kOp), "EvalTrapping<op>: not a numeric opcode");
  static_assert(!CanTrap(kOp), "EvalTrapping<op>: trapping opcode without a specialization");
  *out = Eval<kOp>(a, b);
  return TrapCode::kNone;
}

// One specialization per opcode: {a}, {b} are the operand slots.
#define WASMTIER_EVAL(Name, expr)                                                      \
  template <>                                                                          \
  [[gnu::always_inline]] inline uint64_t Eval<Opcode::k##Name>(uint64_t a, uint64_t b) { \
    using namespace internal;                                                          \
    return (expr);                                                                     \
  }
#define WASMTIER_EVAL_TRAPPING(Name, expr)                                                  \
  template <>                                                                               \
  [[gnu::always_inline]] inline TrapCode EvalTrapping<Opcode::k##Name>(uint64_t a, uint64_t b, \
                                                                       uint64_t* out) {     \
    using namespace internal;                                                               \
    return (expr);                                                                          \
  }

// ---- i32 / i64: comparisons, bit counts, arithmetic (wrapping), bitwise ----
// Shift and rotate counts are taken modulo the width (spec: "k modulo N").
WASMTIER_EVAL(I32Eqz, FromBool(U32(a) == 0))
WASMTIER_EVAL(I32Eq, FromBool(U32(a) == U32(b)))
WASMTIER_EVAL(I32Ne, FromBool(U32(a) != U32(b)))
WASMTIER_EVAL(I32LtS, FromBool(S32(a) < S32(b)))
WASMTIER_EVAL(I32LtU, FromBool(U32(a) < U32(b)))
WASMTIER_EVAL(I32GtS, FromBool(S32(a) > S32(b)))
WASMTIER_EVAL(I32GtU, FromBool(U32(a) > U32(b)))
WASMTIER_EVAL(I32LeS, FromBool(S32(a) <= S32(b)))
WASMTIER_EVAL(I32LeU, FromBool(U32(a) <= U32(b)))
WASMTIER_EVAL(I32GeS, FromBool(S32(a) >= S32(b)))
WASMTIER_EVAL(I32GeU, FromBool(U32(a) >= U32(b)))
WASMTIER_EVAL(I64Eqz, FromBool(a == 0))
WASMTIER_EVAL(I64Eq, FromBool(a == b))
WASMTIER_EVAL(I64Ne, FromBool(a != b))
WASMTIER_EVAL(I64LtS, FromBool(S64(a) < S64(b)))
WASMTIER_EVAL(I64LtU, FromBool(a < b))
WASMTIER_EVAL(I64GtS, FromBool(S64(a) > S64(b)))
WASMTIER_EVAL(I64GtU, FromBool(a > b))
WASMTIER_EVAL(I64LeS, FromBool(S64(a) <= S64(b)))
WASMTIER_EVAL(I64LeU, FromBool(a <= b))
WASMTIER_EVAL(I64GeS, FromBool(S64(a) >= S64(b)))
WASMTIER_EVAL(I64GeU, FromBool(a >= b))

WASMTIER_EVAL(I32Clz, static_cast<uint64_t>(std::countl_zero(U32(a))))
WASMTIER_EVAL(I32Ctz, static_cast<uint64_t>(std::countr_zero(U32(a))))
WASMTIER_EVAL(I32Popcnt, static_cast<uint64_t>(std::popcount(U32(a))))
WASMTIER_EVAL(I32Add, IntBits(U32(a) + U32(b)))
WASMTIER_EVAL(I32Sub, IntBits(U32(a) - U32(b)))
WASMTIER_EVAL(I32Mul, IntBits(U32(a) * U32(b)))
WASMTIER_EVAL(I32And, IntBits(U32(a) & U32(b)))
WASMTIER_EVAL(I32Or, IntBits(U32(a) | U32(b)))
WASMTIER_EVAL(I32Xor, IntBits(U32(a) ^ U32(b)))
WASMTIER_EVAL(I32Shl, IntBits(U32(a) << (b & 31)))
WASMTIER_EVAL(I32ShrS, IntBits(S32(a) >> (b & 31)))  // arithmetic shift (C++20)
WASMTIER_EVAL(I32ShrU, IntBits(U32(a) >> (b & 31)))
WASMTIER_EVAL(I32Rotl, IntBits(std::rotl(U32(a), static_cast<int>(b & 31))))
WASMTIER_EVAL(I32Rotr, IntBits(std::rotr(U32(a), static_cast<int>(b & 31))))
WASMTIER_EVAL(I64Clz, static_cast<uint64_t>(std::countl_zero(a)))
WASMTIER_EVAL(I64Ctz, static_cast<uint64_t>(std::countr_zero(a)))
WASMTIER_EVAL(I64Popcnt, static_cast<uint64_t>(std::popcount(a)))
WASMTIER_EVAL(I64Add, a + b)
WASMTIER_EVAL(I64Sub, a - b)
WASMTIER_EVAL(I64Mul, a * b)
WASMTIER_EVAL(I64And, a & b)
WASMTIER_EVAL(I64Or, a | b)
WASMTIER_EVAL(I64Xor, a ^ b)
WASMTIER_EVAL(I64Shl, a << (b & 63))
WASMTIER_EVAL(I64ShrS, IntBits(S64(a) >> (b & 63)))
WASMTIER_EVAL(I64ShrU, a >> (b & 63))
WASMTIER_EVAL(I64Rotl, std::rotl(a, static_cast<int>(b & 63)))
WASMTIER_EVAL(I64Rotr, std::rotr(a, static_cast<int>(b & 63)))

WASMTIER_EVAL_TRAPPING(I32DivS, (DivS<int32_t, uint32_t>(S32(a), S32(b), out)))
WASMTIER_EVAL_TRAPPING(I32DivU, DivU<uint32_t>(U32(a), U32(b), out))
WASMTIER_EVAL_TRAPPING(I32RemS, (RemS<int32_t, uint32_t>(S32(a), S32(b), out)))
WASMTIER_EVAL_TRAPPING(I32RemU, RemU<uint32_t>(U32(a), U32(b), out))
WASMTIER_EVAL_TRAPPING(I64DivS, (DivS<int64_t, uint64_t>(S64(a), S64(b), out)))
WASMTIER_EVAL_TRAPPING(I64DivU, DivU<uint64_t>(a, b, out))
WASMTIER_EVAL_TRAPPING(I64RemS, (RemS<int64_t, uint64_t>(S64(a), S64(b), out)))
WASMTIER_EVAL_TRAPPING(I64RemU, RemU<uint64_t>(a, b, out))

// Sign extensions (2.0): the low 8/16/32 bits, sign-extended.
WASMTIER_EVAL(I32Extend8S, IntBits(static_cast<int32_t>(static_cast<int8_t>(a))))
WASMTIER_EVAL(I32Extend16S, IntBits(static_cast<int32_t>(static_cast<int16_t>(a))))
WASMTIER_EVAL(I64Extend8S, IntBits(static_cast<int64_t>(static_cast<int8_t>(a))))
WASMTIER_EVAL(I64Extend16S, IntBits(static_cast<int64_t>(static_cast<int16_t>(a))))
WASMTIER_EVAL(I64Extend32S, IntBits(static_cast<int64_t>(S32(a))))

// ---- f32 / f64 ----
// Comparisons are IEEE's (NaN unordered: only ne holds). Arithmetic and sqrt
// are the hardware's, whose NaN results are arithmetic NaNs as the spec
// allows; abs/neg/copysign touch only the sign bit, keeping NaN payloads.
WASMTIER_EVAL(F32Eq, FromBool(F32(a) == F32(b)))
WASMTIER_EVAL(F32Ne, FromBool(F32(a) != F32(b)))
WASMTIER_EVAL(F32Lt, FromBool(F32(a) < F32(b)))
WASMTIER_EVAL(F32Gt, FromBool(F32(a) > F32(b)))
WASMTIER_EVAL(F32Le, FromBool(F32(a) <= F32(b)))
WASMTIER_EVAL(F32Ge, FromBool(F32(a) >= F32(b)))
WASMTIER_EVAL(F64Eq, FromBool(F64(a) == F64(b)))
WASMTIER_EVAL(F64Ne, FromBool(F64(a) != F64(b)))
WASMTIER_EVAL(F64Lt, FromBool(F64(a) < F64(b)))
WASMTIER_EVAL(F64Gt, FromBool(F64(a) > F64(b)))
WASMTIER_EVAL(F64Le, FromBool(F64(a) <= F64(b)))
WASMTIER_EVAL(F64Ge, FromBool(F64(a) >= F64(b)))

WASMTIER_EVAL(F32Abs, IntBits(U32(a) & ~kF32Sign))
WASMTIER_EVAL(F32Neg, IntBits(U32(a) ^ kF32Sign))
WASMTIER_EVAL(F32Copysign, IntBits((U32(a) & ~kF32Sign) | (U32(b) & kF32Sign)))
WASMTIER_EVAL(F32Ceil, FromF32(std::ceil(F32(a))))
WASMTIER_EVAL(F32Floor, FromF32(std::floor(F32(a))))
WASMTIER_EVAL(F32Trunc, FromF32(std::trunc(F32(a))))
WASMTIER_EVAL(F32Nearest, FromF32(Nearest(F32(a))))
WASMTIER_EVAL(F32Sqrt, FromF32(std::sqrt(F32(a))))
WASMTIER_EVAL(F32Add, FromF32(F32(a) + F32(b)))
WASMTIER_EVAL(F32Sub, FromF32(F32(a) - F32(b)))
WASMTIER_EVAL(F32Mul, FromF32(F32(a) * F32(b)))
WASMTIER_EVAL(F32Div, FromF32(F32(a) / F32(b)))
WASMTIER_EVAL(F32Min, FromF32(Min<float, uint32_t>(F32(a), F32(b))))
WASMTIER_EVAL(F32Max, FromF32(Max<float, uint32_t>(F32(a), F32(b))))
WASMTIER_EVAL(F64Abs, a & ~kF64Sign)
WASMTIER_EVAL(F64Neg, a ^ kF64Sign)
WASMTIER_EVAL(F64Copysign, (a & ~kF64Sign) | (b & kF64Sign))
WASMTIER_EVAL(F64Ceil, FromF64(std::ceil(F64(a))))
WASMTIER_EVAL(F64Floor, FromF64(std::floor(F64(a))))
WASMTIER_EVAL(F64Trunc, FromF64(std::trunc(F64(a))))
WASMTIER_EVAL(F64Nearest, FromF64(Nearest(F64(a))))
WASMTIER_EVAL(F64Sqrt, FromF64(std::sqrt(F64(a))))
WASMTIER_EVAL(F64Add, FromF64(F64(a) + F64(b)))
WASMTIER_EVAL(F64Sub, FromF64(F64(a) - F64(b)))
WASMTIER_EVAL(F64Mul, FromF64(F64(a) * F64(b)))
WASMTIER_EVAL(F64Div, FromF64(F64(a) / F64(b)))
WASMTIER_EVAL(F64Min, FromF64(Min<double, uint64_t>(F64(a), F64(b))))
WASMTIER_EVAL(F64Max, FromF64(Max<double, uint64_t>(F64(a), F64(b))))

// ---- Conversions ----
WASMTIER_EVAL(I32WrapI64, IntBits(U32(a)))
WASMTIER_EVAL(I64ExtendI32S, IntBits(static_cast<int64_t>(S32(a))))
WASMTIER_EVAL(I64ExtendI32U, IntBits(U32(a)))

// Trapping truncations: f32 operands widen to double exactly, so one bounds
// table serves both source types.
WASMTIER_EVAL_TRAPPING(I32TruncF32S, Trunc<int32_t>(F32(a), out))
WASMTIER_EVAL_TRAPPING(I32TruncF32U, Trunc<uint32_t>(F32(a), out))
WASMTIER_EVAL_TRAPPING(I32TruncF64S, Trunc<int32_t>(F64(a), out))
WASMTIER_EVAL_TRAPPING(I32TruncF64U, Trunc<uint32_t>(F64(a), out))
WASMTIER_EVAL_TRAPPING(I64TruncF32S, Trunc<int64_t>(F32(a), out))
WASMTIER_EVAL_TRAPPING(I64TruncF32U, Trunc<uint64_t>(F32(a), out))
WASMTIER_EVAL_TRAPPING(I64TruncF64S, Trunc<int64_t>(F64(a), out))
WASMTIER_EVAL_TRAPPING(I64TruncF64U, Trunc<uint64_t>(F64(a), out))
WASMTIER_EVAL(I32TruncSatF32S, TruncSat<int32_t>(F32(a)))
WASMTIER_EVAL(I32TruncSatF32U, TruncSat<uint32_t>(F32(a)))
WASMTIER_EVAL(I32TruncSatF64S, TruncSat<int32_t>(F64(a)))
WASMTIER_EVAL(I32TruncSatF64U, TruncSat<uint32_t>(F64(a)))
WASMTIER_EVAL(I64TruncSatF32S, TruncSat<int64_t>(F32(a)))
WASMTIER_EVAL(I64TruncSatF32U, TruncSat<uint64_t>(F32(a)))
WASMTIER_EVAL(I64TruncSatF64S, TruncSat<int64_t>(F64(a)))
WASMTIER_EVAL(I64TruncSatF64U, TruncSat<uint64_t>(F64(a)))

// Integer -> float: one correctly rounded conversion each. u32 goes through
// the exact int64 value; u64 needs FromU64's sticky-bit halving.
WASMTIER_EVAL(F32ConvertI32S, FromF32(static_cast<float>(S32(a))))
WASMTIER_EVAL(F32ConvertI32U, FromF32(static_cast<float>(static_cast<int64_t>(U32(a)))))
WASMTIER_EVAL(F32ConvertI64S, FromF32(static_cast<float>(S64(a))))
WASMTIER_EVAL(F32ConvertI64U, FromF32(FromU64<float>(a)))
WASMTIER_EVAL(F64ConvertI32S, FromF64(static_cast<double>(S32(a))))
WASMTIER_EVAL(F64ConvertI32U, FromF64(static_cast<double>(U32(a))))
WASMTIER_EVAL(F64ConvertI64S, FromF64(static_cast<double>(S64(a))))
WASMTIER_EVAL(F64ConvertI64U, FromF64(FromU64<double>(a)))
WASMTIER_EVAL(F32DemoteF64, Demote(F64(a)))
WASMTIER_EVAL(F64PromoteF32, Promote(F32(a)))

// Reinterpretations: the bits as they are.
WASMTIER_EVAL(I32ReinterpretF32, IntBits(U32(a)))
WASMTIER_EVAL(I64ReinterpretF64, a)
WASMTIER_EVAL(F32ReinterpretI32, IntBits(U32(a)))
WASMTIER_EVAL(F64ReinterpretI64, a)

}  // namespace wasmtier::numeric

#undef WASMTIER_EVAL
#undef WASMTIER_EVAL_TRAPPING

#endif  // WASMTIER_ENGINE_RUNTIME_NUMERIC_IMPL_H_
