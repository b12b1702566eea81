// Tests of engine/runtime/numeric.h: which table rows are numeric, and the
// exact results and traps of every kind of numeric opcode, at the edges the
// spec testsuite probes (vectors marked "spec:" are copied from
// ../shared/wasm-testsuite conversions.wast, i32.wast, i64.wast, f32.wast).
#include "engine/runtime/numeric.h"

#include <bit>
#include <cmath>
#include <cfenv>
#include <cstdint>
#include <limits>
#include <random>
#include <vector>

#include "gtest/gtest.h"

namespace wasmtier::numeric {
namespace {

uint64_t F32Bits(float f) { return std::bit_cast<uint32_t>(f); }
uint64_t F64Bits(double d) { return std::bit_cast<uint64_t>(d); }
uint64_t I32Bits(int32_t v) { return static_cast<uint32_t>(v); }
uint64_t I64Bits(int64_t v) { return static_cast<uint64_t>(v); }

constexpr uint64_t kF32Nan = 0x7FC00000;  // canonical
constexpr uint64_t kF32NegNan = 0xFFC00000;
constexpr uint64_t kF64Nan = 0x7FF8000000000000;
constexpr uint64_t kF32Inf = 0x7F800000;
constexpr uint64_t kF64Inf = 0x7FF0000000000000;

bool IsF32Nan(uint64_t bits) {
  return (bits >> 32) == 0 && (bits & 0x7F800000) == 0x7F800000 && (bits & 0x007FFFFF) != 0;
}
bool IsF32QuietNan(uint64_t bits) { return IsF32Nan(bits) && (bits & 0x00400000) != 0; }
bool IsF64Nan(uint64_t bits) {
  return (bits & kF64Inf) == kF64Inf && (bits & 0x000FFFFFFFFFFFFF) != 0;
}
bool IsF64QuietNan(uint64_t bits) { return IsF64Nan(bits) && (bits & 0x0008000000000000) != 0; }

// Result of a non-trapping op through EvalDynamic (checked not to trap).
uint64_t Ev(Opcode op, uint64_t a, uint64_t b = 0) {
  uint64_t out = 0xDEADBEEFDEADBEEF;
  EXPECT_EQ(EvalDynamic(op, a, b, &out), TrapCode::kNone) << OpcodeName(op);
  return out;
}
TrapCode EvTrap(Opcode op, uint64_t a, uint64_t b = 0) {
  uint64_t out = 0;
  return EvalDynamic(op, a, b, &out);
}

// ---- The opcode table ----

// The definition in the task's words, independent of the signature parsing
// IsNumeric uses: the MVP block i32.eqz .. i64.extend32_s (0x45..0xC4) and
// the saturating truncations 0xFC 0..7.
bool ExpectedNumeric(const OpcodeInfo& info) {
  if (info.prefix == 0) return info.code >= 0x45 && info.code <= 0xC4;
  if (info.prefix == 0xFC) return info.code <= 7;
  return false;
}

TEST(NumericTableTest, IsNumericMatchesTheDefinition) {
  size_t count = 0;
  const OpcodeInfo* all = AllOpcodes(&count);
  int numeric = 0;
  for (size_t i = 0; i < count; ++i) {
    const OpcodeInfo& info = all[i];
    EXPECT_EQ(IsNumeric(info.opcode), ExpectedNumeric(info)) << info.name;
    if (!IsNumeric(info.opcode)) {
      EXPECT_FALSE(CanTrap(info.opcode)) << info.name;
      continue;
    }
    ++numeric;
    EXPECT_EQ(Arity(info.opcode), info.sig.num_params) << info.name;
    EXPECT_TRUE(Arity(info.opcode) == 1 || Arity(info.opcode) == 2) << info.name;
  }
  EXPECT_EQ(numeric, 136);
}

static_assert(IsNumeric(Opcode::kI32Add) && Arity(Opcode::kI32Add) == 2);
static_assert(IsNumeric(Opcode::kI64TruncSatF64U) && Arity(Opcode::kI64TruncSatF64U) == 1);
static_assert(!IsNumeric(Opcode::kI32Const) && !IsNumeric(Opcode::kI64MulWideS));
static_assert(!IsNumeric(Opcode::kI32Load) && !IsNumeric(Opcode::kSelect));
static_assert(!IsNumeric(Opcode::kI32x4Splat) && !IsNumeric(Opcode::kRefIsNull));
static_assert(CanTrap(Opcode::kI64RemS) && CanTrap(Opcode::kI32TruncF64U));
static_assert(!CanTrap(Opcode::kI32TruncSatF32S) && !CanTrap(Opcode::kF32Div));

// Operand samples covering zeros, extremes, NaNs, infinities and the
// boundaries of every truncation, in both widths.
std::vector<uint64_t> SampleOperands() {
  std::vector<uint64_t> v = {0,          1,          2,          0x7FFFFFFF, 0x80000000,
                             0xFFFFFFFF, 0x7FFFFFFFFFFFFFFF, 0x8000000000000000,
                             0xFFFFFFFFFFFFFFFF, kF32Nan, kF32NegNan, 0x7FA00000, kF32Inf,
                             kF64Nan, kF64Inf, 0xFFF0000000000000, 0x7FF4000000000000};
  for (double d : {0.5, -0.5, 1.5, -1.0, 2147483648.0, -2147483649.0, 4294967296.0,
                   9223372036854775808.0, 18446744073709551616.0, 1e300}) {
    v.push_back(F64Bits(d));
    v.push_back(F32Bits(static_cast<float>(d)));
  }
  std::mt19937_64 rng(42);
  for (int i = 0; i < 40; ++i) v.push_back(rng());
  return v;
}

// Every numeric opcode runs through EvalDynamic, agrees with CanTrap, leaves
// the high half of 32-bit results zero, and ignores operand high halves.
TEST(NumericTableTest, EvalDynamicHandlesEveryNumericOpcode) {
  size_t count = 0;
  const OpcodeInfo* all = AllOpcodes(&count);
  const std::vector<uint64_t> samples = SampleOperands();
  for (size_t i = 0; i < count; ++i) {
    const OpcodeInfo& info = all[i];
    if (!IsNumeric(info.opcode)) continue;
    bool trapped = false;
    const bool narrow_result = info.sig.results[0] == OpSig::kI32 || info.sig.results[0] == OpSig::kF32;
    auto narrow = [&](int k) {
      return info.sig.params[k] == OpSig::kI32 || info.sig.params[k] == OpSig::kF32;
    };
    for (uint64_t a : samples) {
      for (uint64_t b : samples) {
        uint64_t out = 0;
        TrapCode t = EvalDynamic(info.opcode, a, b, &out);
        if (t != TrapCode::kNone) {
          trapped = true;
          continue;
        }
        if (narrow_result) EXPECT_EQ(out >> 32, 0u) << info.name;
        // Garbage in unused high halves must not change the result (NaN
        // results compared as "both NaN": their sign/payload may differ
        // with hardware operand order, which the spec allows).
        uint64_t a2 = narrow(0) ? (a | 0xA5A5A5A500000000) : a;
        uint64_t b2 = info.sig.num_params == 2 && narrow(1) ? (b | 0x5A5A5A5A00000000) : b;
        uint64_t out2 = 0;
        ASSERT_EQ(EvalDynamic(info.opcode, a2, b2, &out2), TrapCode::kNone) << info.name;
        EXPECT_EQ(out, out2) << info.name;
      }
    }
    EXPECT_EQ(trapped, CanTrap(info.opcode)) << info.name;
  }
}

// Asking for a non-numeric opcode is a caller bug and must not pass silently.
TEST(NumericTableTest, EvalDynamicRejectsNonNumericOpcodes) {
  uint64_t out = 0;
  EXPECT_DEATH(EvalDynamic(Opcode::kI32Const, 1, 2, &out), "not a numeric opcode: i32.const");
  EXPECT_DEATH(EvalDynamic(Opcode::kI64MulWideS, 1, 2, &out), "not a numeric opcode");
}

// ---- Integer operators ----

TEST(NumericIntTest, DivRemTraps) {
  EXPECT_EQ(EvTrap(Opcode::kI32DivS, 1, 0), TrapCode::kIntegerDivideByZero);
  EXPECT_EQ(EvTrap(Opcode::kI32DivU, 1, 0), TrapCode::kIntegerDivideByZero);
  EXPECT_EQ(EvTrap(Opcode::kI32RemS, 1, 0), TrapCode::kIntegerDivideByZero);
  EXPECT_EQ(EvTrap(Opcode::kI32RemU, 1, 0), TrapCode::kIntegerDivideByZero);
  EXPECT_EQ(EvTrap(Opcode::kI64DivS, 1, 0), TrapCode::kIntegerDivideByZero);
  EXPECT_EQ(EvTrap(Opcode::kI64DivU, 1, 0), TrapCode::kIntegerDivideByZero);
  EXPECT_EQ(EvTrap(Opcode::kI64RemS, 1, 0), TrapCode::kIntegerDivideByZero);
  EXPECT_EQ(EvTrap(Opcode::kI64RemU, 1, 0), TrapCode::kIntegerDivideByZero);
  // The divisor is the low 32 bits only for i32: 0x1_00000000 is zero.
  EXPECT_EQ(EvTrap(Opcode::kI32DivU, 1, 0x100000000), TrapCode::kIntegerDivideByZero);
  EXPECT_EQ(EvTrap(Opcode::kI32DivS, 0x80000000, I32Bits(-1)), TrapCode::kIntegerOverflow);
  EXPECT_EQ(EvTrap(Opcode::kI64DivS, 0x8000000000000000, I64Bits(-1)),
            TrapCode::kIntegerOverflow);
  // spec: rem_s of INT_MIN by -1 is 0, no trap.
  EXPECT_EQ(Ev(Opcode::kI32RemS, 0x80000000, I32Bits(-1)), 0u);
  EXPECT_EQ(Ev(Opcode::kI64RemS, 0x8000000000000000, I64Bits(-1)), 0u);
  // Unsigned ops treat INT_MIN / -1 as plain numbers.
  EXPECT_EQ(Ev(Opcode::kI32DivU, 0x80000000, I32Bits(-1)), 0u);
  EXPECT_EQ(Ev(Opcode::kI32RemU, 0x80000000, I32Bits(-1)), 0x80000000u);
}

TEST(NumericIntTest, DivRemRoundTowardZero) {
  // spec i32.wast: div_s -7 / 2 = -3, rem_s -7 % 2 = -1, rem_s 7 % -2 = 1.
  EXPECT_EQ(Ev(Opcode::kI32DivS, I32Bits(-7), 2), I32Bits(-3));
  EXPECT_EQ(Ev(Opcode::kI32RemS, I32Bits(-7), 2), I32Bits(-1));
  EXPECT_EQ(Ev(Opcode::kI32RemS, 7, I32Bits(-2)), 1u);
  EXPECT_EQ(Ev(Opcode::kI32DivU, I32Bits(-5), 2), 0x7FFFFFFDu);
  EXPECT_EQ(Ev(Opcode::kI32DivS, 0x80000000, 2), 0xC0000000u);  // spec
  EXPECT_EQ(Ev(Opcode::kI64DivS, I64Bits(-7), 2), I64Bits(-3));
  EXPECT_EQ(Ev(Opcode::kI64RemS, I64Bits(-7), 2), I64Bits(-1));
  EXPECT_EQ(Ev(Opcode::kI64DivU, 0x8000000000000001, 1000), 0x20C49BA5E353F7u);  // spec
  EXPECT_EQ(Ev(Opcode::kI64RemU, 0x8000000000000001, 1000), 809u);              // spec
}

TEST(NumericIntTest, WrappingArithmetic) {
  EXPECT_EQ(Ev(Opcode::kI32Add, 0x7FFFFFFF, 1), 0x80000000u);
  EXPECT_EQ(Ev(Opcode::kI32Sub, 0x80000000, 1), 0x7FFFFFFFu);
  EXPECT_EQ(Ev(Opcode::kI32Mul, 0x01234567, 0x76543210), 0x358E7470u);  // spec
  EXPECT_EQ(Ev(Opcode::kI32Add, 0xFFFFFFFF, 1), 0u);                    // high bits stay zero
  EXPECT_EQ(Ev(Opcode::kI64Add, 0x7FFFFFFFFFFFFFFF, 1), 0x8000000000000000u);
  EXPECT_EQ(Ev(Opcode::kI64Mul, 0x0123456789ABCDEF, 0xFEDCBA9876543210),
            0x2236D88FE5618CF0u);  // spec
  EXPECT_EQ(Ev(Opcode::kI64Mul, 0x8000000000000000, I64Bits(-1)), 0x8000000000000000u);
}

TEST(NumericIntTest, ShiftsTakeTheCountModuloTheWidth) {
  EXPECT_EQ(Ev(Opcode::kI32Shl, 1, 32), 1u);
  EXPECT_EQ(Ev(Opcode::kI32Shl, 1, 33), 2u);
  EXPECT_EQ(Ev(Opcode::kI32Shl, 1, 31), 0x80000000u);
  EXPECT_EQ(Ev(Opcode::kI32Shl, 1, I32Bits(-1)), 0x80000000u);  // spec
  EXPECT_EQ(Ev(Opcode::kI32ShrS, 0x80000000, 31), 0xFFFFFFFFu);
  EXPECT_EQ(Ev(Opcode::kI32ShrS, 0x80000000, 32), 0x80000000u);
  EXPECT_EQ(Ev(Opcode::kI32ShrS, I32Bits(-1), 0x7FFFFFFF), 0xFFFFFFFFu);  // spec
  EXPECT_EQ(Ev(Opcode::kI32ShrU, 0x80000000, 31), 1u);
  EXPECT_EQ(Ev(Opcode::kI32ShrU, 0x80000000, 63), 1u);
  EXPECT_EQ(Ev(Opcode::kI64Shl, 1, 64), 1u);
  EXPECT_EQ(Ev(Opcode::kI64Shl, 1, 63), 0x8000000000000000u);
  EXPECT_EQ(Ev(Opcode::kI64Shl, 1, 65), 2u);
  EXPECT_EQ(Ev(Opcode::kI64ShrS, 0x8000000000000000, 63), 0xFFFFFFFFFFFFFFFFu);
  EXPECT_EQ(Ev(Opcode::kI64ShrS, 0x8000000000000000, 64), 0x8000000000000000u);
  EXPECT_EQ(Ev(Opcode::kI64ShrU, 0x8000000000000000, 127), 1u);
  // An i64 count is the whole slot, not its low 32 bits.
  EXPECT_EQ(Ev(Opcode::kI64Shl, 1, 0x100000001), 2u);
}

TEST(NumericIntTest, Rotates) {
  EXPECT_EQ(Ev(Opcode::kI32Rotl, 0xFE00DC00, 4), 0xE00DC00Fu);        // spec
  EXPECT_EQ(Ev(Opcode::kI32Rotl, 0xABCD9876, 1), 0x579B30EDu);        // spec
  EXPECT_EQ(Ev(Opcode::kI32Rotl, 0x00008000, 37), 0x00100000u);       // spec
  EXPECT_EQ(Ev(Opcode::kI32Rotl, 1, 32), 1u);
  EXPECT_EQ(Ev(Opcode::kI32Rotl, 1, 0), 1u);
  EXPECT_EQ(Ev(Opcode::kI32Rotr, 0xB0C1D2E3, 5), 0x1D860E97u);        // spec
  EXPECT_EQ(Ev(Opcode::kI32Rotr, 0x769ABCDF, I32Bits(-1)), 0xED3579BEu);  // count 31
  EXPECT_EQ(Ev(Opcode::kI32Rotr, 1, 1), 0x80000000u);
  EXPECT_EQ(Ev(Opcode::kI64Rotl, 0xABD1234EF567809C, 63), 0x55E891A77AB3C04Eu);  // spec
  EXPECT_EQ(Ev(Opcode::kI64Rotl, 1, 64), 1u);
  EXPECT_EQ(Ev(Opcode::kI64Rotr, 1, 1), 0x8000000000000000u);
  EXPECT_EQ(Ev(Opcode::kI64Rotr, 0xABCD1234EF567809, 53), 0x6891A77AB3C04D5Eu);  // spec
}

TEST(NumericIntTest, BitCounts) {
  EXPECT_EQ(Ev(Opcode::kI32Clz, 0), 32u);
  EXPECT_EQ(Ev(Opcode::kI32Ctz, 0), 32u);
  EXPECT_EQ(Ev(Opcode::kI32Popcnt, 0), 0u);
  EXPECT_EQ(Ev(Opcode::kI32Clz, 1), 31u);
  EXPECT_EQ(Ev(Opcode::kI32Clz, 0x8000), 16u);
  EXPECT_EQ(Ev(Opcode::kI32Ctz, 0x80000000), 31u);
  EXPECT_EQ(Ev(Opcode::kI32Popcnt, 0xFFFFFFFF), 32u);
  EXPECT_EQ(Ev(Opcode::kI32Popcnt, 0xAAAAAAAA55555555), 16u);  // high half ignored
  EXPECT_EQ(Ev(Opcode::kI32Clz, 0x100000000), 32u);             // high half ignored
  EXPECT_EQ(Ev(Opcode::kI64Clz, 0), 64u);
  EXPECT_EQ(Ev(Opcode::kI64Ctz, 0), 64u);
  EXPECT_EQ(Ev(Opcode::kI64Clz, 1), 63u);
  EXPECT_EQ(Ev(Opcode::kI64Ctz, 0x8000000000000000), 63u);
  EXPECT_EQ(Ev(Opcode::kI64Popcnt, 0xFFFFFFFFFFFFFFFF), 64u);
  EXPECT_EQ(Ev(Opcode::kI64Popcnt, 0x00008000), 1u);
}

TEST(NumericIntTest, ComparisonsAndEqz) {
  EXPECT_EQ(Ev(Opcode::kI32Eqz, 0), 1u);
  EXPECT_EQ(Ev(Opcode::kI32Eqz, 0x100000000), 1u);  // only the low half counts
  EXPECT_EQ(Ev(Opcode::kI64Eqz, 0x100000000), 0u);
  EXPECT_EQ(Ev(Opcode::kI32LtS, 0x80000000, 0), 1u);
  EXPECT_EQ(Ev(Opcode::kI32LtU, 0x80000000, 0), 0u);
  EXPECT_EQ(Ev(Opcode::kI32GeS, 0x7FFFFFFF, 0x80000000), 1u);
  EXPECT_EQ(Ev(Opcode::kI32GtU, 0xFFFFFFFF, 0), 1u);
  EXPECT_EQ(Ev(Opcode::kI32LeS, I32Bits(-1), I32Bits(-1)), 1u);
  EXPECT_EQ(Ev(Opcode::kI32Eq, 0x1FFFFFFFF, 0xFFFFFFFF), 1u);
  EXPECT_EQ(Ev(Opcode::kI64LtS, 0x8000000000000000, 0), 1u);
  EXPECT_EQ(Ev(Opcode::kI64LtU, 0x8000000000000000, 0), 0u);
  EXPECT_EQ(Ev(Opcode::kI64Ne, 0x100000000, 0), 1u);
  EXPECT_EQ(Ev(Opcode::kI64GeU, 0, 0xFFFFFFFFFFFFFFFF), 0u);
}

TEST(NumericIntTest, Extensions) {
  EXPECT_EQ(Ev(Opcode::kI32Extend8S, 0x80), 0xFFFFFF80u);
  EXPECT_EQ(Ev(Opcode::kI32Extend8S, 0x7F), 0x7Fu);
  EXPECT_EQ(Ev(Opcode::kI32Extend8S, 0x012345FE), 0xFFFFFFFEu);
  EXPECT_EQ(Ev(Opcode::kI32Extend16S, 0x8000), 0xFFFF8000u);
  EXPECT_EQ(Ev(Opcode::kI32Extend16S, 0xFEDC7FFF), 0x7FFFu);
  EXPECT_EQ(Ev(Opcode::kI64Extend8S, 0x80), 0xFFFFFFFFFFFFFF80u);
  EXPECT_EQ(Ev(Opcode::kI64Extend16S, 0x8000), 0xFFFFFFFFFFFF8000u);
  EXPECT_EQ(Ev(Opcode::kI64Extend32S, 0x80000000), 0xFFFFFFFF80000000u);
  EXPECT_EQ(Ev(Opcode::kI64Extend32S, 0xFFFFFFFF7FFFFFFF), 0x7FFFFFFFu);
  EXPECT_EQ(Ev(Opcode::kI64ExtendI32S, 0x80000000), 0xFFFFFFFF80000000u);
  EXPECT_EQ(Ev(Opcode::kI64ExtendI32S, 0xFFFFFFFF7FFFFFFF), 0x7FFFFFFFu);
  EXPECT_EQ(Ev(Opcode::kI64ExtendI32U, 0xFFFFFFFF80000000), 0x80000000u);
  EXPECT_EQ(Ev(Opcode::kI32WrapI64, 0xFFFFFFFF80000001), 0x80000001u);
}

// ---- Float operators ----

TEST(NumericFloatTest, MinMaxSignedZerosAndNans) {
  const uint64_t pz32 = F32Bits(0.0f), nz32 = F32Bits(-0.0f);
  EXPECT_EQ(Ev(Opcode::kF32Min, pz32, nz32), nz32);
  EXPECT_EQ(Ev(Opcode::kF32Min, nz32, pz32), nz32);
  EXPECT_EQ(Ev(Opcode::kF32Max, pz32, nz32), pz32);
  EXPECT_EQ(Ev(Opcode::kF32Max, nz32, pz32), pz32);
  EXPECT_EQ(Ev(Opcode::kF32Min, nz32, nz32), nz32);
  const uint64_t pz64 = F64Bits(0.0), nz64 = F64Bits(-0.0);
  EXPECT_EQ(Ev(Opcode::kF64Min, pz64, nz64), nz64);
  EXPECT_EQ(Ev(Opcode::kF64Min, nz64, pz64), nz64);
  EXPECT_EQ(Ev(Opcode::kF64Max, nz64, pz64), pz64);
  EXPECT_EQ(Ev(Opcode::kF64Max, pz64, nz64), pz64);
  EXPECT_EQ(Ev(Opcode::kF32Min, F32Bits(1.0f), F32Bits(-2.0f)), F32Bits(-2.0f));
  EXPECT_EQ(Ev(Opcode::kF32Max, F32Bits(-INFINITY), F32Bits(-2.0f)), F32Bits(-2.0f));
  EXPECT_EQ(Ev(Opcode::kF64Max, F64Bits(1.0), F64Bits(INFINITY)), F64Bits(INFINITY));
  // Any NaN operand, either side, gives a quiet NaN, even against infinity.
  for (uint64_t nan : {kF32Nan, kF32NegNan, uint64_t{0x7FA00000}, uint64_t{0x7F800001}}) {
    for (Opcode op : {Opcode::kF32Min, Opcode::kF32Max}) {
      EXPECT_TRUE(IsF32QuietNan(Ev(op, nan, F32Bits(1.0f)))) << OpcodeName(op);
      EXPECT_TRUE(IsF32QuietNan(Ev(op, F32Bits(-INFINITY), nan))) << OpcodeName(op);
      EXPECT_TRUE(IsF32QuietNan(Ev(op, nan, nan))) << OpcodeName(op);
    }
  }
  for (uint64_t nan : {kF64Nan, uint64_t{0x7FF0000000000001}, uint64_t{0xFFF4000000000000}}) {
    for (Opcode op : {Opcode::kF64Min, Opcode::kF64Max}) {
      EXPECT_TRUE(IsF64QuietNan(Ev(op, nan, F64Bits(1.0)))) << OpcodeName(op);
      EXPECT_TRUE(IsF64QuietNan(Ev(op, F64Bits(INFINITY), nan))) << OpcodeName(op);
    }
  }
  // spec: a canonical NaN operand gives a canonical NaN (either sign).
  EXPECT_EQ(Ev(Opcode::kF32Min, kF32Nan, F32Bits(0.0f)) & 0x7FFFFFFF, kF32Nan);
  EXPECT_EQ(Ev(Opcode::kF64Max, F64Bits(0.0), kF64Nan) & 0x7FFFFFFFFFFFFFFF, kF64Nan);
}

TEST(NumericFloatTest, NearestRoundsHalfToEven) {
  struct Case {
    double in, out;
  };
  for (Case c : std::vector<Case>{{0.5, 0.0},
                                  {1.5, 2.0},
                                  {2.5, 2.0},
                                  {3.5, 4.0},
                                  {-0.5, -0.0},
                                  {-1.5, -2.0},
                                  {-2.5, -2.0},
                                  {0.49999999999999994, 0.0},
                                  {-0.3, -0.0},
                                  {4.7, 5.0},
                                  {-4.2, -4.0},
                                  {4503599627370495.5, 4503599627370496.0},   // 0x1.fffffffffffffp+51
                                  {-4503599627370495.5, -4503599627370496.0},
                                  {4503599627370497.0, 4503599627370497.0},   // no fraction
                                  {0.0, 0.0},
                                  {-0.0, -0.0},
                                  {INFINITY, INFINITY},
                                  {-INFINITY, -INFINITY}}) {
    EXPECT_EQ(Ev(Opcode::kF64Nearest, F64Bits(c.in)), F64Bits(c.out)) << c.in;
    float f = static_cast<float>(c.in);
    if (static_cast<double>(f) == c.in && std::fabs(c.in) < 8388608.0) {
      EXPECT_EQ(Ev(Opcode::kF32Nearest, F32Bits(f)), F32Bits(static_cast<float>(c.out))) << f;
    }
  }
  EXPECT_EQ(Ev(Opcode::kF32Nearest, F32Bits(8388609.0f)), F32Bits(8388609.0f));
  // spec (float_misc.wast): the largest values nearest changes, and ties.
  EXPECT_EQ(Ev(Opcode::kF32Nearest, F32Bits(0x1.fffffep+22f)), F32Bits(0x1p+23f));
  EXPECT_EQ(Ev(Opcode::kF32Nearest, F32Bits(-0x1.fffffep+22f)), F32Bits(-0x1p+23f));
  EXPECT_EQ(Ev(Opcode::kF32Nearest, F32Bits(0x1.000002p+23f)), F32Bits(0x1.000002p+23f));
  EXPECT_EQ(Ev(Opcode::kF32Nearest, F32Bits(4.5f)), F32Bits(4.0f));
  EXPECT_EQ(Ev(Opcode::kF32Nearest, F32Bits(-3.5f)), F32Bits(-4.0f));
  EXPECT_EQ(Ev(Opcode::kF64Nearest, F64Bits(0x1.fffffffffffffp-2)), F64Bits(0.0));
  EXPECT_EQ(Ev(Opcode::kF64Nearest, F64Bits(0x1.0000000000001p+52)), F64Bits(0x1.0000000000001p+52));
  EXPECT_EQ(Ev(Opcode::kF32Nearest, F32Bits(0.49999997f)), F32Bits(0.0f));
  EXPECT_TRUE(IsF32QuietNan(Ev(Opcode::kF32Nearest, 0x7FA00000)));
  EXPECT_TRUE(IsF64QuietNan(Ev(Opcode::kF64Nearest, 0x7FF4000000000000)));
}

// nearest must not depend on the dynamic rounding mode (a host embedding us
// may have changed it); the ties still go to even under every mode.
TEST(NumericFloatTest, NearestIgnoresTheRoundingMode) {
  const int saved = std::fegetround();
  for (int mode : {FE_DOWNWARD, FE_UPWARD, FE_TOWARDZERO}) {
    ASSERT_EQ(std::fesetround(mode), 0);
    EXPECT_EQ(Ev(Opcode::kF64Nearest, F64Bits(2.5)), F64Bits(2.0)) << mode;
    EXPECT_EQ(Ev(Opcode::kF64Nearest, F64Bits(3.5)), F64Bits(4.0)) << mode;
    EXPECT_EQ(Ev(Opcode::kF64Nearest, F64Bits(-2.5)), F64Bits(-2.0)) << mode;
    EXPECT_EQ(Ev(Opcode::kF64Nearest, F64Bits(-0.5)), F64Bits(-0.0)) << mode;
    EXPECT_EQ(Ev(Opcode::kF64Nearest, F64Bits(0.7)), F64Bits(1.0)) << mode;
    EXPECT_EQ(Ev(Opcode::kF32Nearest, F32Bits(-1.5f)), F32Bits(-2.0f)) << mode;
    EXPECT_EQ(Ev(Opcode::kF32Nearest, F32Bits(0.5f)), F32Bits(0.0f)) << mode;
    EXPECT_EQ(Ev(Opcode::kF32Nearest, F32Bits(-0x1.fffffep+22f)), F32Bits(-0x1p+23f)) << mode;
  }
  std::fesetround(saved);
}

TEST(NumericFloatTest, CeilFloorTruncKeepSignedZeros) {
  EXPECT_EQ(Ev(Opcode::kF32Ceil, F32Bits(-0.5f)), F32Bits(-0.0f));
  EXPECT_EQ(Ev(Opcode::kF32Floor, F32Bits(-0.5f)), F32Bits(-1.0f));
  EXPECT_EQ(Ev(Opcode::kF32Trunc, F32Bits(-0.5f)), F32Bits(-0.0f));
  EXPECT_EQ(Ev(Opcode::kF32Floor, F32Bits(0.5f)), F32Bits(0.0f));
  EXPECT_EQ(Ev(Opcode::kF64Ceil, F64Bits(-0.5)), F64Bits(-0.0));
  EXPECT_EQ(Ev(Opcode::kF64Ceil, F64Bits(1.0000000000000002)), F64Bits(2.0));
  EXPECT_EQ(Ev(Opcode::kF64Floor, F64Bits(-1.0000000000000002)), F64Bits(-2.0));
  EXPECT_EQ(Ev(Opcode::kF64Trunc, F64Bits(-1.9)), F64Bits(-1.0));
  EXPECT_TRUE(IsF32QuietNan(Ev(Opcode::kF32Ceil, 0x7FA00000)));
  EXPECT_TRUE(IsF64QuietNan(Ev(Opcode::kF64Trunc, 0x7FF4000000000000)));
}

TEST(NumericFloatTest, SignOpsAreBitExact) {
  // Payloads, signalling bits and signs of NaNs survive untouched.
  EXPECT_EQ(Ev(Opcode::kF32Neg, 0x7FA00001), 0xFFA00001u);
  EXPECT_EQ(Ev(Opcode::kF32Abs, 0xFFA00001), 0x7FA00001u);
  EXPECT_EQ(Ev(Opcode::kF32Abs, 0x7FA00001), 0x7FA00001u);
  EXPECT_EQ(Ev(Opcode::kF32Copysign, 0x7FA00001, F32Bits(-1.0f)), 0xFFA00001u);
  EXPECT_EQ(Ev(Opcode::kF32Copysign, F32Bits(-2.0f), kF32Nan), F32Bits(2.0f));
  EXPECT_EQ(Ev(Opcode::kF32Copysign, F32Bits(2.0f), kF32NegNan), F32Bits(-2.0f));
  EXPECT_EQ(Ev(Opcode::kF32Neg, F32Bits(0.0f)), F32Bits(-0.0f));
  EXPECT_EQ(Ev(Opcode::kF64Neg, 0x7FF0000000000001), 0xFFF0000000000001u);
  EXPECT_EQ(Ev(Opcode::kF64Abs, 0xFFF4000000000000), 0x7FF4000000000000u);
  EXPECT_EQ(Ev(Opcode::kF64Copysign, 0x7FF4000000000000, F64Bits(-0.0)), 0xFFF4000000000000u);
  EXPECT_EQ(Ev(Opcode::kF64Copysign, F64Bits(1.0), F64Bits(-0.0)), F64Bits(-1.0));
}

TEST(NumericFloatTest, ComparisonsWithNanAndZeros) {
  for (Opcode op : {Opcode::kF32Eq, Opcode::kF32Lt, Opcode::kF32Gt, Opcode::kF32Le, Opcode::kF32Ge}) {
    EXPECT_EQ(Ev(op, kF32Nan, kF32Nan), 0u) << OpcodeName(op);
    EXPECT_EQ(Ev(op, F32Bits(1.0f), kF32Nan), 0u) << OpcodeName(op);
  }
  EXPECT_EQ(Ev(Opcode::kF32Ne, kF32Nan, kF32Nan), 1u);
  EXPECT_EQ(Ev(Opcode::kF64Ne, kF64Nan, kF64Nan), 1u);
  EXPECT_EQ(Ev(Opcode::kF64Eq, kF64Nan, kF64Nan), 0u);
  EXPECT_EQ(Ev(Opcode::kF64Ge, kF64Nan, F64Bits(0.0)), 0u);
  EXPECT_EQ(Ev(Opcode::kF32Eq, F32Bits(0.0f), F32Bits(-0.0f)), 1u);
  EXPECT_EQ(Ev(Opcode::kF64Lt, F64Bits(-0.0), F64Bits(0.0)), 0u);
  EXPECT_EQ(Ev(Opcode::kF64Le, F64Bits(-INFINITY), F64Bits(-1e308)), 1u);
}

TEST(NumericFloatTest, Arithmetic) {
  EXPECT_EQ(Ev(Opcode::kF32Add, F32Bits(1.0f), F32Bits(2.0f)), F32Bits(3.0f));
  EXPECT_EQ(Ev(Opcode::kF32Sub, F32Bits(0.0f), F32Bits(0.0f)), F32Bits(0.0f));
  EXPECT_EQ(Ev(Opcode::kF32Add, F32Bits(-0.0f), F32Bits(-0.0f)), F32Bits(-0.0f));
  EXPECT_EQ(Ev(Opcode::kF32Div, F32Bits(1.0f), F32Bits(-0.0f)), F32Bits(-INFINITY));
  EXPECT_EQ(Ev(Opcode::kF32Mul, F32Bits(1e30f), F32Bits(1e30f)), kF32Inf);
  EXPECT_EQ(Ev(Opcode::kF64Div, F64Bits(1.0), F64Bits(3.0)), F64Bits(1.0 / 3.0));
  EXPECT_EQ(Ev(Opcode::kF64Sqrt, F64Bits(2.0)), 0x3FF6A09E667F3BCDu);  // correctly rounded
  EXPECT_EQ(Ev(Opcode::kF32Sqrt, F32Bits(-0.0f)), F32Bits(-0.0f));
  // Invalid operations and NaN operands produce NaNs (any arithmetic NaN).
  EXPECT_TRUE(IsF32Nan(Ev(Opcode::kF32Sqrt, F32Bits(-1.0f))));
  EXPECT_TRUE(IsF32Nan(Ev(Opcode::kF32Sub, kF32Inf, kF32Inf)));
  EXPECT_TRUE(IsF32QuietNan(Ev(Opcode::kF32Add, 0x7FA00000, F32Bits(1.0f))));
  EXPECT_TRUE(IsF64Nan(Ev(Opcode::kF64Mul, F64Bits(0.0), kF64Inf)));
  EXPECT_TRUE(IsF64QuietNan(Ev(Opcode::kF64Div, 0x7FF4000000000000, F64Bits(1.0))));
  // f32 arithmetic rounds in single precision (not via double).
  EXPECT_EQ(Ev(Opcode::kF32Add, F32Bits(16777216.0f), F32Bits(1.0f)), F32Bits(16777216.0f));
  EXPECT_EQ(Ev(Opcode::kF32Add, F32Bits(16777216.0f), F32Bits(3.0f)), F32Bits(16777220.0f));
}

// ---- Conversions ----

struct TruncCase {
  Opcode op;
  uint64_t in;
  TrapCode trap;
  uint64_t out;  // when trap == kNone
};

// For every (source, target) pair: the last value in range on each side and
// the first one out of it, plus NaN and infinities.
TEST(NumericConversionTest, TrappingTruncationBoundaries) {
  constexpr TrapCode kOk = TrapCode::kNone;
  constexpr TrapCode kOverflow = TrapCode::kIntegerOverflow;
  constexpr TrapCode kInvalid = TrapCode::kInvalidConversion;
  const std::vector<TruncCase> cases = {
      // i32.trunc_f32_s (spec).
      {Opcode::kI32TruncF32S, F32Bits(2147483520.0f), kOk, 2147483520},
      {Opcode::kI32TruncF32S, F32Bits(2147483648.0f), kOverflow, 0},
      {Opcode::kI32TruncF32S, F32Bits(-2147483648.0f), kOk, 0x80000000},
      {Opcode::kI32TruncF32S, F32Bits(-2147483904.0f), kOverflow, 0},
      {Opcode::kI32TruncF32S, F32Bits(-1.9f), kOk, I32Bits(-1)},
      {Opcode::kI32TruncF32S, F32Bits(-0x1p-149f), kOk, 0},
      // i32.trunc_f32_u (spec).
      {Opcode::kI32TruncF32U, F32Bits(4294967040.0f), kOk, 0xFFFFFF00},
      {Opcode::kI32TruncF32U, F32Bits(4294967296.0f), kOverflow, 0},
      {Opcode::kI32TruncF32U, F32Bits(-0x1.fffffep-1f), kOk, 0},
      {Opcode::kI32TruncF32U, F32Bits(-1.0f), kOverflow, 0},
      {Opcode::kI32TruncF32U, F32Bits(2147483648.0f), kOk, 0x80000000},
      // i32.trunc_f64_s (spec): fractions beyond the bounds still fit.
      {Opcode::kI32TruncF64S, F64Bits(2147483647.9), kOk, 0x7FFFFFFF},
      {Opcode::kI32TruncF64S, F64Bits(2147483648.0), kOverflow, 0},
      {Opcode::kI32TruncF64S, F64Bits(-2147483648.9), kOk, 0x80000000},
      {Opcode::kI32TruncF64S, F64Bits(-2147483649.0), kOverflow, 0},
      // i32.trunc_f64_u (spec).
      {Opcode::kI32TruncF64U, F64Bits(4294967295.9), kOk, 0xFFFFFFFF},
      {Opcode::kI32TruncF64U, F64Bits(4294967296.0), kOverflow, 0},
      {Opcode::kI32TruncF64U, F64Bits(-0.9), kOk, 0},
      {Opcode::kI32TruncF64U, F64Bits(-0x1.fffffffffffffp-1), kOk, 0},
      {Opcode::kI32TruncF64U, F64Bits(-1.0), kOverflow, 0},
      {Opcode::kI32TruncF64U, F64Bits(9223372036854775808.0), kOverflow, 0},
      // i64.trunc_f32_s (spec).
      {Opcode::kI64TruncF32S, F32Bits(9223371487098961920.0f), kOk, 9223371487098961920u},
      {Opcode::kI64TruncF32S, F32Bits(9223372036854775808.0f), kOverflow, 0},
      {Opcode::kI64TruncF32S, F32Bits(-9223372036854775808.0f), kOk, 0x8000000000000000},
      {Opcode::kI64TruncF32S, F32Bits(-9223373136366403584.0f), kOverflow, 0},
      {Opcode::kI64TruncF32S, F32Bits(-4294967296.0f), kOk, 0xFFFFFFFF00000000},
      // i64.trunc_f32_u (spec).
      {Opcode::kI64TruncF32U, F32Bits(18446742974197923840.0f), kOk, 0xFFFFFF0000000000},
      {Opcode::kI64TruncF32U, F32Bits(18446744073709551616.0f), kOverflow, 0},
      {Opcode::kI64TruncF32U, F32Bits(-0x1.fffffep-1f), kOk, 0},
      {Opcode::kI64TruncF32U, F32Bits(-1.0f), kOverflow, 0},
      // i64.trunc_f64_s (spec).
      {Opcode::kI64TruncF64S, F64Bits(9223372036854774784.0), kOk, 9223372036854774784u},
      {Opcode::kI64TruncF64S, F64Bits(9223372036854775808.0), kOverflow, 0},
      {Opcode::kI64TruncF64S, F64Bits(-9223372036854775808.0), kOk, 0x8000000000000000},
      {Opcode::kI64TruncF64S, F64Bits(-9223372036854777856.0), kOverflow, 0},
      // i64.trunc_f64_u (spec).
      {Opcode::kI64TruncF64U, F64Bits(18446744073709549568.0), kOk, 0xFFFFFFFFFFFFF800},
      {Opcode::kI64TruncF64U, F64Bits(18446744073709551616.0), kOverflow, 0},
      {Opcode::kI64TruncF64U, F64Bits(-0.9), kOk, 0},
      {Opcode::kI64TruncF64U, F64Bits(-1.0), kOverflow, 0},
      {Opcode::kI64TruncF64U, F64Bits(9223372036854775808.0), kOk, 0x8000000000000000},
      {Opcode::kI64TruncF64U, F64Bits(1e16), kOk, 10000000000000000},
  };
  for (const TruncCase& c : cases) {
    uint64_t out = 0;
    EXPECT_EQ(EvalDynamic(c.op, c.in, 0, &out), c.trap) << OpcodeName(c.op) << " " << c.in;
    if (c.trap == kOk) EXPECT_EQ(out, c.out) << OpcodeName(c.op) << " " << c.in;
  }
  // NaN (any sign or payload) is an invalid conversion; infinities overflow.
  for (Opcode op : {Opcode::kI32TruncF32S, Opcode::kI32TruncF32U, Opcode::kI64TruncF32S,
                    Opcode::kI64TruncF32U}) {
    for (uint64_t nan : {kF32Nan, kF32NegNan, uint64_t{0x7FA00000}, uint64_t{0xFF800001}}) {
      EXPECT_EQ(EvTrap(op, nan), kInvalid) << OpcodeName(op);
    }
    EXPECT_EQ(EvTrap(op, kF32Inf), kOverflow) << OpcodeName(op);
    EXPECT_EQ(EvTrap(op, F32Bits(-INFINITY)), kOverflow) << OpcodeName(op);
  }
  for (Opcode op : {Opcode::kI32TruncF64S, Opcode::kI32TruncF64U, Opcode::kI64TruncF64S,
                    Opcode::kI64TruncF64U}) {
    for (uint64_t nan : {kF64Nan, uint64_t{0xFFF8000000000000}, uint64_t{0x7FF4000000000000}}) {
      EXPECT_EQ(EvTrap(op, nan), kInvalid) << OpcodeName(op);
    }
    EXPECT_EQ(EvTrap(op, kF64Inf), kOverflow) << OpcodeName(op);
    EXPECT_EQ(EvTrap(op, F64Bits(-INFINITY)), kOverflow) << OpcodeName(op);
  }
}

// The same boundary through the templates the interpreter inlines.
TEST(NumericConversionTest, EvalTrappingTemplates) {
  uint64_t out = 0;
  EXPECT_EQ(EvalTrapping<Opcode::kI32TruncF64S>(F64Bits(-2147483648.9), 0, &out), TrapCode::kNone);
  EXPECT_EQ(out, 0x80000000u);
  EXPECT_EQ(EvalTrapping<Opcode::kI32TruncF64S>(F64Bits(-2147483649.0), 0, &out),
            TrapCode::kIntegerOverflow);
  EXPECT_EQ(EvalTrapping<Opcode::kI64DivS>(5, 0, &out), TrapCode::kIntegerDivideByZero);
  EXPECT_EQ(EvalTrapping<Opcode::kI32Add>(5, 6, &out), TrapCode::kNone);
  EXPECT_EQ(out, 11u);
  EXPECT_EQ(Eval<Opcode::kI32Popcnt>(0xFF), 8u);
  EXPECT_EQ(Eval<Opcode::kF64Min>(F64Bits(0.0), F64Bits(-0.0)), F64Bits(-0.0));
}

TEST(NumericConversionTest, SaturatingTruncation) {
  struct Case {
    Opcode op;
    uint64_t in, out;
  };
  const std::vector<Case> cases = {
      {Opcode::kI32TruncSatF32S, kF32Nan, 0},
      {Opcode::kI32TruncSatF32S, kF32NegNan, 0},
      {Opcode::kI32TruncSatF32S, F32Bits(2147483648.0f), 0x7FFFFFFF},
      {Opcode::kI32TruncSatF32S, F32Bits(-2147483904.0f), 0x80000000},
      {Opcode::kI32TruncSatF32S, F32Bits(-2147483648.0f), 0x80000000},
      {Opcode::kI32TruncSatF32S, kF32Inf, 0x7FFFFFFF},
      {Opcode::kI32TruncSatF32S, F32Bits(-1.9f), I32Bits(-1)},
      {Opcode::kI32TruncSatF32U, F32Bits(-1.0f), 0},
      {Opcode::kI32TruncSatF32U, F32Bits(4294967296.0f), 0xFFFFFFFF},
      {Opcode::kI32TruncSatF32U, F32Bits(4294967040.0f), 0xFFFFFF00},
      {Opcode::kI32TruncSatF32U, F32Bits(-INFINITY), 0},
      {Opcode::kI32TruncSatF64S, F64Bits(-2147483649.0), 0x80000000},
      {Opcode::kI32TruncSatF64S, F64Bits(2147483647.9), 0x7FFFFFFF},
      {Opcode::kI32TruncSatF64S, F64Bits(1e300), 0x7FFFFFFF},
      {Opcode::kI32TruncSatF64U, F64Bits(4294967295.9), 0xFFFFFFFF},
      {Opcode::kI32TruncSatF64U, F64Bits(1e16), 0xFFFFFFFF},
      {Opcode::kI32TruncSatF64U, F64Bits(-0.9), 0},
      {Opcode::kI32TruncSatF64U, kF64Nan, 0},
      {Opcode::kI64TruncSatF32S, F32Bits(9223372036854775808.0f), 0x7FFFFFFFFFFFFFFF},
      {Opcode::kI64TruncSatF32S, F32Bits(-9223373136366403584.0f), 0x8000000000000000},
      {Opcode::kI64TruncSatF32S, kF32NegNan, 0},
      {Opcode::kI64TruncSatF32U, F32Bits(18446744073709551616.0f), 0xFFFFFFFFFFFFFFFF},
      {Opcode::kI64TruncSatF32U, F32Bits(18446742974197923840.0f), 0xFFFFFF0000000000},
      {Opcode::kI64TruncSatF32U, F32Bits(-5.0f), 0},
      {Opcode::kI64TruncSatF64S, F64Bits(9223372036854775808.0), 0x7FFFFFFFFFFFFFFF},
      {Opcode::kI64TruncSatF64S, F64Bits(-9223372036854777856.0), 0x8000000000000000},
      {Opcode::kI64TruncSatF64S, F64Bits(-9223372036854775808.0), 0x8000000000000000},
      {Opcode::kI64TruncSatF64S, 0xFFF4000000000000, 0},
      {Opcode::kI64TruncSatF64U, F64Bits(18446744073709551616.0), 0xFFFFFFFFFFFFFFFF},
      {Opcode::kI64TruncSatF64U, F64Bits(18446744073709549568.0), 0xFFFFFFFFFFFFF800},
      {Opcode::kI64TruncSatF64U, F64Bits(-INFINITY), 0},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(Ev(c.op, c.in), c.out) << OpcodeName(c.op) << " " << c.in;
  }
}

TEST(NumericConversionTest, IntegerToFloatRoundsOnce) {
  // u64 -> f32: through double these would round twice and come out wrong.
  // 0x7FFFFFBFFFFFFFFF is just below the tie 2^63 - 2^39 (rounds down);
  // 0x8000008000000001 just above the tie 2^63 + 2^39 (rounds up).
  EXPECT_EQ(Ev(Opcode::kF32ConvertI64U, 0x7FFFFFBFFFFFFFFF), F32Bits(0x1.fffffep+62f));
  EXPECT_EQ(Ev(Opcode::kF32ConvertI64U, 0x8000008000000001), F32Bits(0x1.000002p+63f));
  EXPECT_EQ(Ev(Opcode::kF32ConvertI64U, 0x8000008000000000), F32Bits(0x1p+63f));  // tie to even
  EXPECT_EQ(Ev(Opcode::kF32ConvertI64U, 0xFFFFFFFFFFFFFFFF), F32Bits(0x1p+64f));
  EXPECT_EQ(Ev(Opcode::kF32ConvertI64U, 0xFFFFFF7FFFFFFFFF), F32Bits(0x1.fffffep+63f));
  EXPECT_EQ(Ev(Opcode::kF32ConvertI64U, 0xFFFFFF8000000000), F32Bits(0x1p+64f));  // tie to even
  EXPECT_EQ(Ev(Opcode::kF32ConvertI64U, 0x0020000020000001), F32Bits(0x1.000002p+53f));  // spec
  EXPECT_EQ(Ev(Opcode::kF32ConvertI64U, 0x8000000000000000), F32Bits(0x1p+63f));
  EXPECT_EQ(Ev(Opcode::kF32ConvertI64S, 0x7FFFFFBFFFFFFFFF), F32Bits(0x1.fffffep+62f));
  EXPECT_EQ(Ev(Opcode::kF32ConvertI64S, I64Bits(-0x7FFFFFBFFFFFFFFF)), F32Bits(-0x1.fffffep+62f));
  EXPECT_EQ(Ev(Opcode::kF32ConvertI64S, 0x0020000020000001), F32Bits(0x1.000002p+53f));  // spec
  EXPECT_EQ(Ev(Opcode::kF32ConvertI64S, 0x8000000000000000), F32Bits(-0x1p+63f));
  // u64 -> f64, same idea around 2^63 and 2^64.
  EXPECT_EQ(Ev(Opcode::kF64ConvertI64U, 0x8000000000000401), F64Bits(0x1.0000000000001p+63));
  EXPECT_EQ(Ev(Opcode::kF64ConvertI64U, 0x8000000000000400), F64Bits(0x1p+63));  // tie to even
  EXPECT_EQ(Ev(Opcode::kF64ConvertI64U, 0x8000000000000C00), F64Bits(0x1.0000000000002p+63));
  EXPECT_EQ(Ev(Opcode::kF64ConvertI64U, 0xFFFFFFFFFFFFFBFF), F64Bits(0x1.fffffffffffffp+63));
  EXPECT_EQ(Ev(Opcode::kF64ConvertI64U, 0xFFFFFFFFFFFFFFFF), F64Bits(0x1p+64));
  EXPECT_EQ(Ev(Opcode::kF64ConvertI64U, 0x20000000000001), F64Bits(9007199254740992.0));  // spec
  EXPECT_EQ(Ev(Opcode::kF64ConvertI64S, 0x20000000000003), F64Bits(9007199254740996.0));
  // 32-bit sources.
  EXPECT_EQ(Ev(Opcode::kF32ConvertI32U, 0xFFFFFFFF), F32Bits(4294967296.0f));
  EXPECT_EQ(Ev(Opcode::kF32ConvertI32U, 0x80000080), F32Bits(2147483648.0f));  // spec tie
  EXPECT_EQ(Ev(Opcode::kF32ConvertI32U, 0x80000081), F32Bits(2147483904.0f));  // spec
  EXPECT_EQ(Ev(Opcode::kF32ConvertI32S, 0x80000000), F32Bits(-2147483648.0f));
  EXPECT_EQ(Ev(Opcode::kF32ConvertI32S, 16777217), F32Bits(16777216.0f));  // spec
  EXPECT_EQ(Ev(Opcode::kF64ConvertI32U, 0xFFFFFFFF), F64Bits(4294967295.0));
  EXPECT_EQ(Ev(Opcode::kF64ConvertI32S, 0xFFFFFFFF), F64Bits(-1.0));
  EXPECT_EQ(Ev(Opcode::kF64ConvertI32S, 0x1FFFFFFFF), F64Bits(-1.0));  // high half ignored
}

TEST(NumericConversionTest, DemotePromote) {
  EXPECT_EQ(Ev(Opcode::kF32DemoteF64, F64Bits(0x1.fffffefffffffp-1)), F32Bits(0x1.fffffep-1f));
  EXPECT_EQ(Ev(Opcode::kF32DemoteF64, F64Bits(0x1.fffffefffffffp+127)),
            F32Bits(0x1.fffffep+127f));  // spec
  EXPECT_EQ(Ev(Opcode::kF32DemoteF64, F64Bits(0x1.ffffffp+127)), kF32Inf);  // spec
  EXPECT_EQ(Ev(Opcode::kF32DemoteF64, F64Bits(-0.0)), F32Bits(-0.0f));
  EXPECT_EQ(Ev(Opcode::kF32DemoteF64, F64Bits(0x1p-150)), F32Bits(0.0f));       // spec: tie to 0
  EXPECT_EQ(Ev(Opcode::kF32DemoteF64, F64Bits(0x1.0000000000001p-150)), 1u);  // spec
  EXPECT_EQ(Ev(Opcode::kF64PromoteF32, F32Bits(0x1p-149f)), F64Bits(0x1p-149));
  EXPECT_EQ(Ev(Opcode::kF64PromoteF32, F32Bits(-INFINITY)), F64Bits(-INFINITY));
  // NaNs come out quiet, keeping sign; canonical stays canonical.
  EXPECT_EQ(Ev(Opcode::kF32DemoteF64, kF64Nan), kF32Nan);
  EXPECT_EQ(Ev(Opcode::kF32DemoteF64, 0xFFF8000000000000), kF32NegNan);
  EXPECT_EQ(Ev(Opcode::kF64PromoteF32, kF32Nan), kF64Nan);
  EXPECT_EQ(Ev(Opcode::kF64PromoteF32, kF32NegNan), 0xFFF8000000000000u);
  const uint64_t demoted_snan = Ev(Opcode::kF32DemoteF64, 0x7FF0000000000001);
  EXPECT_TRUE(IsF32QuietNan(demoted_snan)) << demoted_snan;
  EXPECT_TRUE(IsF32QuietNan(Ev(Opcode::kF32DemoteF64, 0xFFF4000000000000)));
  EXPECT_TRUE(IsF64QuietNan(Ev(Opcode::kF64PromoteF32, 0x7F800001)));
  EXPECT_EQ(Ev(Opcode::kF64PromoteF32, 0x7FA00000), 0x7FFC000000000000u);  // payload kept
}

TEST(NumericConversionTest, ReinterpretIsBitExact) {
  EXPECT_EQ(Ev(Opcode::kI32ReinterpretF32, 0x7FA00001), 0x7FA00001u);
  EXPECT_EQ(Ev(Opcode::kF32ReinterpretI32, 0xFFA00001), 0xFFA00001u);
  EXPECT_EQ(Ev(Opcode::kF32ReinterpretI32, 0xABCD12345678), 0x12345678u);  // high half dropped
  EXPECT_EQ(Ev(Opcode::kI64ReinterpretF64, 0x7FF0000000000001), 0x7FF0000000000001u);
  EXPECT_EQ(Ev(Opcode::kF64ReinterpretI64, 0xFFF4000000000001), 0xFFF4000000000001u);
}

}  // namespace
}  // namespace wasmtier::numeric
