// Tests of numeric literal conversion: integer ranges and underscores, exact
// float rounding (ties, subnormals, overflow) for decimal and hex forms, NaNs.
#include "engine/text/literals.h"

#include <cmath>
#include <cstdlib>
#include <cstring>
#include <string>

#include "gtest/gtest.h"

namespace wasmtier::text {
namespace {

using S = LiteralStatus;

uint32_t F32(std::string_view s) {
  uint32_t b = 0xDEADBEEF;
  EXPECT_EQ(ParseF32(s, &b), S::kOk) << s;
  return b;
}
uint64_t F64(std::string_view s) {
  uint64_t b = 0xDEADBEEF;
  EXPECT_EQ(ParseF64(s, &b), S::kOk) << s;
  return b;
}
S F32Status(std::string_view s) {
  uint32_t b;
  return ParseF32(s, &b);
}
S F64Status(std::string_view s) {
  uint64_t b;
  return ParseF64(s, &b);
}

TEST(LiteralsTest, Unsigned) {
  uint32_t v = 0;
  EXPECT_EQ(ParseU32("0", &v), S::kOk);
  EXPECT_EQ(ParseU32("4294967295", &v), S::kOk);
  EXPECT_EQ(v, 4294967295u);
  EXPECT_EQ(ParseU32("0xffff_ffff", &v), S::kOk);
  EXPECT_EQ(v, 0xFFFFFFFFu);
  EXPECT_EQ(ParseU32("4294967296", &v), S::kOutOfRange);
  EXPECT_EQ(ParseU32("+1", &v), S::kMalformed);
  EXPECT_EQ(ParseU32("-1", &v), S::kMalformed);
  uint64_t w = 0;
  EXPECT_EQ(ParseU64("18446744073709551615", &w), S::kOk);
  EXPECT_EQ(ParseU64("18446744073709551616", &w), S::kOutOfRange);
  EXPECT_EQ(ParseU64("99999999999999999999999999", &w), S::kOutOfRange);
}

TEST(LiteralsTest, Underscores) {
  uint32_t v = 0;
  EXPECT_EQ(ParseU32("1_000_000", &v), S::kOk);
  EXPECT_EQ(v, 1000000u);
  for (const char* bad : {"_1", "1_", "1__0", "0x_1", "0_x1", "0x", "", "1a", "0x1g"}) {
    EXPECT_EQ(ParseU32(bad, &v), S::kMalformed) << bad;
  }
  for (const char* bad : {"1_.0", "1._0", "1.0_", "1e_1", "1_e1", "0x1_p1", "0x1p_1", "nan:0x_1",
                          "0x1.p", "1.0e", "1e+", ".5", "0x.8", "infinity", "nan:1", "1.0.0"}) {
    EXPECT_EQ(F32Status(bad), S::kMalformed) << bad;
  }
  EXPECT_EQ(F32("1_0.0_0e0_1"), 0x42C80000u);  // 100
}

TEST(LiteralsTest, SignedIntegers) {
  uint32_t v = 0;
  EXPECT_EQ(ParseI32("-2147483648", &v), S::kOk);
  EXPECT_EQ(v, 0x80000000u);
  EXPECT_EQ(ParseI32("-2147483649", &v), S::kOutOfRange);
  EXPECT_EQ(ParseI32("4294967295", &v), S::kOk);
  EXPECT_EQ(ParseI32("-0x8000_0000", &v), S::kOk);
  EXPECT_EQ(ParseI32("+0x7fffffff", &v), S::kOk);
  EXPECT_EQ(ParseI32("0x1_0000_0000", &v), S::kOutOfRange);
  EXPECT_EQ(ParseI32("-0", &v), S::kOk);
  EXPECT_EQ(v, 0u);
  uint64_t w = 0;
  EXPECT_EQ(ParseI64("-9223372036854775808", &w), S::kOk);
  EXPECT_EQ(w, 0x8000000000000000u);
  EXPECT_EQ(ParseI64("-9223372036854775809", &w), S::kOutOfRange);
  EXPECT_EQ(ParseI64("0xffffffffffffffff", &w), S::kOk);
  EXPECT_EQ(ParseIntN("-128", 8, &w), S::kOk);
  EXPECT_EQ(w, 0x80u);
  EXPECT_EQ(ParseIntN("255", 8, &w), S::kOk);
  EXPECT_EQ(ParseIntN("256", 8, &w), S::kOutOfRange);
  EXPECT_EQ(ParseIntN("-129", 8, &w), S::kOutOfRange);
  int64_t s = 0;
  EXPECT_EQ(ParseSignedN("-1", 33, &s), S::kOk);
  EXPECT_EQ(s, -1);
  EXPECT_EQ(ParseSignedN("4294967295", 33, &s), S::kOk);
  EXPECT_EQ(ParseSignedN("4294967296", 33, &s), S::kOutOfRange);
}

TEST(LiteralsTest, FloatSpecials) {
  EXPECT_EQ(F32("0"), 0u);
  EXPECT_EQ(F32("-0"), 0x80000000u);
  EXPECT_EQ(F32("-0.0"), 0x80000000u);
  EXPECT_EQ(F32("-0x0p+0"), 0x80000000u);
  EXPECT_EQ(F32("inf"), 0x7F800000u);
  EXPECT_EQ(F32("-inf"), 0xFF800000u);
  EXPECT_EQ(F32("nan"), 0x7FC00000u);
  EXPECT_EQ(F32("-nan"), 0xFFC00000u);
  EXPECT_EQ(F32("nan:0x7fffff"), 0x7FFFFFFFu);
  EXPECT_EQ(F32("+nan:0x1"), 0x7F800001u);
  EXPECT_EQ(F32Status("nan:0x800000"), S::kOutOfRange);
  EXPECT_EQ(F32Status("nan:0x0"), S::kOutOfRange);
  EXPECT_EQ(F64("nan:0xfffffffffffff"), 0x7FFFFFFFFFFFFFFFu);
  EXPECT_EQ(F64("-nan"), 0xFFF8000000000000u);
  EXPECT_EQ(F64Status("nan:0x10000000000000"), S::kOutOfRange);
}

TEST(LiteralsTest, HexFloats) {
  EXPECT_EQ(F32("0x1p-149"), 0x00000001u);
  EXPECT_EQ(F32("0x1p-126"), 0x00800000u);
  EXPECT_EQ(F32("0x1.fffffep127"), 0x7F7FFFFFu);
  EXPECT_EQ(F32("0x1P+0"), 0x3F800000u);
  EXPECT_EQ(F32("0x1."), 0x3F800000u);
  EXPECT_EQ(F32("0x10"), 0x41800000u);
  // Ties to even: 1 + 2^-24 is halfway between 1 and 1 + 2^-23.
  EXPECT_EQ(F32("0x1.000001p0"), 0x3F800000u);
  EXPECT_EQ(F32("0x1.000003p0"), 0x3F800002u);
  // Just above the tie rounds up, also when the deciding bit is far away.
  EXPECT_EQ(F32("0x1.00000100000000000000000000001p0"), 0x3F800001u);
  // Subnormal ties: 2^-150 is exactly half of the smallest subnormal -> 0.
  EXPECT_EQ(F32("0x1p-150"), 0u);
  EXPECT_EQ(F32("0x1.000000001p-150"), 1u);
  EXPECT_EQ(F32("0x1.8p-149"), 2u);  // 1.5 ulp -> 2 (even)
  EXPECT_EQ(F32("0x1p-1000"), 0u);
  // Largest value below the overflow threshold rounds down to max float.
  EXPECT_EQ(F32("0x1.fffffefffffffffffp127"), 0x7F7FFFFFu);
  EXPECT_EQ(F32Status("0x1.ffffffp127"), S::kOutOfRange);
  EXPECT_EQ(F32Status("0x1p128"), S::kOutOfRange);
  EXPECT_EQ(F32Status("0x1p1000000000000000000000"), S::kOutOfRange);
  EXPECT_EQ(F32("0x0.0000000000000000000000000000000000000000001p0"), 0u);
  EXPECT_EQ(F64("0x1p-1074"), 1u);
  EXPECT_EQ(F64("0x1.fffffffffffffp1023"), 0x7FEFFFFFFFFFFFFFu);
  EXPECT_EQ(F64Status("0x1.fffffffffffff8p1023"), S::kOutOfRange);
  EXPECT_EQ(F64("0x1.fffffffffffff7ffffffffffffffffp1023"), 0x7FEFFFFFFFFFFFFFu);
  EXPECT_EQ(F64("0x1.00000000000008p0"), 0x3FF0000000000000u);  // tie, even
  EXPECT_EQ(F64("0x1.00000000000018p0"), 0x3FF0000000000002u);  // tie, odd up
  EXPECT_EQ(F64("0x1.000000000000080000000001p0"), 0x3FF0000000000001u);
  EXPECT_EQ(F64("0x123456789ABCDEF0123456789p-100"), F64("0x1.23456789ABCDEF0123456789p-4"));
  EXPECT_EQ(F64("0x0.000000000000000000000001p96"), 0x3FF0000000000000u);
}

TEST(LiteralsTest, DecimalFloats) {
  EXPECT_EQ(F32("1"), 0x3F800000u);
  EXPECT_EQ(F32("1.5"), 0x3FC00000u);
  EXPECT_EQ(F32("1.e1"), 0x41200000u);
  EXPECT_EQ(F32("1E-1"), 0x3DCCCCCDu);
  EXPECT_EQ(F32("3.4028234663852886e38"), 0x7F7FFFFFu);
  // The f32 overflow threshold is max + half ulp: below rounds down.
  EXPECT_EQ(F32("3.4028235677973366e38"), 0x7F7FFFFFu);
  EXPECT_EQ(F32Status("3.40282356779733661637539395458142568448e38"), S::kOutOfRange);  // tie
  EXPECT_EQ(F32Status("3.4028235677973367e38"), S::kOutOfRange);
  EXPECT_EQ(F32Status("1e39"), S::kOutOfRange);
  EXPECT_EQ(F32("1e-50"), 0u);
  EXPECT_EQ(F32("1.4e-45"), 1u);
  EXPECT_EQ(F64("1e-400"), 0u);
  EXPECT_EQ(F64Status("1e309"), S::kOutOfRange);
  EXPECT_EQ(F64Status("1e1000000000000000000000000000"), S::kOutOfRange);
  EXPECT_EQ(F64("1e-1000000000000000000000000000"), 0u);
  EXPECT_EQ(F64("0.1"), 0x3FB999999999999Au);
  // Many digits: exactly the midpoint between 1 and the next double (ties to
  // even -> 1), and a hair above it (-> next).
  EXPECT_EQ(F64("1.00000000000000011102230246251565404236316680908203125"), 0x3FF0000000000000u);
  EXPECT_EQ(F64("1.000000000000000111022302462515654042363166809082031250000001"),
            0x3FF0000000000001u);
  // f32 decimal is rounded once (no double rounding through f64).
  EXPECT_EQ(F32("1.000000059604644775390625"), 0x3F800000u);  // tie -> even
  EXPECT_EQ(F32("1.00000005960464477539062500001"), 0x3F800001u);
  EXPECT_EQ(F64("-1_234.5_6e-0_2"), F64("-12.3456"));
}

// Our hex-float rounding against glibc's strtof/strtod, which round hex
// input correctly too: random mantissas of 1-40 digits (so bits far beyond
// 64 decide ties), random exponents around the normal, subnormal and overflow
// ranges. Deterministic.
TEST(LiteralsTest, HexFloatsMatchLibcOnRandomInputs) {
  uint64_t seed = 0x243F6A8885A308D3u;
  auto next = [&seed] {
    seed ^= seed << 13, seed ^= seed >> 7, seed ^= seed << 17;
    return seed;
  };
  const char* kDigits = "0123456789abcdef";
  for (int i = 0; i < 200000; ++i) {
    std::string text = "0x";
    int int_digits = 1 + next() % 20;
    for (int k = 0; k < int_digits; ++k) {
      // Mostly 0/1/8/f digits, to hit exact ties and long runs.
      uint64_t r = next();
      text += (r & 3) == 0 ? kDigits[r % 16] : "018f"[(r >> 2) % 4];
    }
    if (next() % 2) {
      text += '.';
      int frac_digits = next() % 20;
      for (int k = 0; k < frac_digits; ++k) {
        uint64_t r = next();
        text += (r & 3) == 0 ? kDigits[r % 16] : "018f"[(r >> 2) % 4];
      }
    }
    int64_t exp = static_cast<int64_t>(next() % 2400) - 1200;
    text += "p" + std::to_string(exp);
    std::string bare = text;  // strtod reads the same syntax here
    uint32_t f32 = 0;
    float want_f = std::strtof(bare.c_str(), nullptr);
    uint32_t want_f_bits;
    std::memcpy(&want_f_bits, &want_f, 4);
    LiteralStatus s32 = ParseF32(text, &f32);
    if (std::isinf(want_f)) {
      EXPECT_EQ(s32, S::kOutOfRange) << text;
    } else {
      EXPECT_EQ(s32, S::kOk) << text;
      EXPECT_EQ(f32, want_f_bits) << text;
    }
    uint64_t f64 = 0;
    double want_d = std::strtod(bare.c_str(), nullptr);
    uint64_t want_d_bits;
    std::memcpy(&want_d_bits, &want_d, 8);
    LiteralStatus s64 = ParseF64(text, &f64);
    if (std::isinf(want_d)) {
      EXPECT_EQ(s64, S::kOutOfRange) << text;
    } else {
      EXPECT_EQ(s64, S::kOk) << text;
      EXPECT_EQ(f64, want_d_bits) << text;
    }
    if (HasFailure()) return;
  }
}

}  // namespace
}  // namespace wasmtier::text
