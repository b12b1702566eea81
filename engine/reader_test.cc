// LEB128 and UTF-8 rules of the binary format (spec 5.2.2, 5.2.4).
#include "engine/reader.h"

#include <vector>

#include "engine/error.h"
#include "gtest/gtest.h"

namespace wasmtier {
namespace {

Reader Over(const std::vector<uint8_t>& b) { return Reader(b.data(), b.size()); }

TEST(Reader, U32Values) {
  std::vector<uint8_t> b = {0xE5, 0x8E, 0x26};
  Reader r = Over(b);
  EXPECT_EQ(r.ReadVarU32(), 624485u);
  EXPECT_TRUE(r.ok());
  std::vector<uint8_t> max = {0xFF, 0xFF, 0xFF, 0xFF, 0x0F};
  Reader r2 = Over(max);
  EXPECT_EQ(r2.ReadVarU32(), 0xFFFFFFFFu);
  EXPECT_TRUE(r2.ok());
}

TEST(Reader, U32TooLarge) {
  std::vector<uint8_t> b = {0xFF, 0xFF, 0xFF, 0xFF, 0x1F};
  Reader r = Over(b);
  r.ReadVarU32();
  EXPECT_TRUE(IsMalformed(r.status()));
  EXPECT_NE(r.status().message().find("integer too large"), std::string::npos);
  EXPECT_EQ(ErrorOffset(r.status()), 4u);
}

TEST(Reader, U32TooLong) {
  std::vector<uint8_t> b = {0x80, 0x80, 0x80, 0x80, 0x80, 0x00};
  Reader r = Over(b);
  r.ReadVarU32();
  EXPECT_NE(r.status().message().find("integer representation too long"), std::string::npos);
}

TEST(Reader, OverlongButInRangeIsFine) {
  std::vector<uint8_t> b = {0x80, 0x80, 0x80, 0x80, 0x00};
  Reader r = Over(b);
  EXPECT_EQ(r.ReadVarU32(), 0u);
  EXPECT_TRUE(r.ok());
}

TEST(Reader, S32SignRules) {
  std::vector<uint8_t> minus_one = {0xFF, 0xFF, 0xFF, 0xFF, 0x7F};
  Reader r = Over(minus_one);
  EXPECT_EQ(r.ReadVarS32(), -1);
  EXPECT_TRUE(r.ok());
  std::vector<uint8_t> bad = {0xFF, 0xFF, 0xFF, 0xFF, 0x4F};  // unused bits not sign copies
  Reader r2 = Over(bad);
  r2.ReadVarS32();
  EXPECT_NE(r2.status().message().find("integer too large"), std::string::npos);
  std::vector<uint8_t> small = {0x7F};
  Reader r3 = Over(small);
  EXPECT_EQ(r3.ReadVarS32(), -1);
  std::vector<uint8_t> min = {0x80, 0x80, 0x80, 0x80, 0x78};
  Reader r4 = Over(min);
  EXPECT_EQ(r4.ReadVarS32(), INT32_MIN);
  EXPECT_TRUE(r4.ok());
}

TEST(Reader, S64AndU64Limits) {
  std::vector<uint8_t> min64 = {0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x7F};
  Reader r = Over(min64);
  EXPECT_EQ(r.ReadVarS64(), INT64_MIN);
  EXPECT_TRUE(r.ok());
  std::vector<uint8_t> bad64 = {0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x02};
  Reader r2 = Over(bad64);
  r2.ReadVarU64();
  EXPECT_FALSE(r2.ok());
  std::vector<uint8_t> max64 = {0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01};
  Reader r3 = Over(max64);
  EXPECT_EQ(r3.ReadVarU64(), UINT64_MAX);
  EXPECT_TRUE(r3.ok());
}

TEST(Reader, UnexpectedEndAndSticky) {
  std::vector<uint8_t> b = {0x80};
  Reader r = Over(b);
  r.ReadVarU32();
  EXPECT_NE(r.status().message().find("unexpected end"), std::string::npos);
  EXPECT_EQ(r.ReadU8(), 0);  // sticky: later reads return 0
  r.set_eof_message("unexpected end of section or function");
  EXPECT_NE(r.status().message().find("unexpected end"), std::string::npos);
}

TEST(Reader, Utf8) {
  auto ok = [](std::vector<uint8_t> b) { return Reader::IsValidUtf8(b.data(), b.size()); };
  EXPECT_TRUE(ok({'a', 0xC2, 0xA9, 0xE2, 0x82, 0xAC, 0xF0, 0x9F, 0x98, 0x80}));
  EXPECT_FALSE(ok({0xC0, 0x80}));              // overlong NUL
  EXPECT_FALSE(ok({0xED, 0xA0, 0x80}));        // surrogate
  EXPECT_FALSE(ok({0xF4, 0x90, 0x80, 0x80}));  // > U+10FFFF
  EXPECT_FALSE(ok({0xE2, 0x82}));              // truncated
  EXPECT_FALSE(ok({0x80}));                    // stray continuation
}

}  // namespace
}  // namespace wasmtier
