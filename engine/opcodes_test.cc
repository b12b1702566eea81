// Walks the opcode table (engine/opcodes.def): encodings are unique and found
// by lookup, names follow the text format, per-prefix counts match the spec,
// and signatures parse to what the spec's typing rules say.
#include "engine/opcodes.h"

#include <map>
#include <set>
#include <string>
#include <utility>

#include "gtest/gtest.h"

namespace wasmtier {
namespace {

std::pair<const OpcodeInfo*, size_t> Table() {
  size_t count = 0;
  const OpcodeInfo* all = AllOpcodes(&count);
  return {all, count};
}

TEST(OpcodesTest, EveryEncodingIsUniqueAndFoundByLookup) {
  auto [all, count] = Table();
  ASSERT_GT(count, 0u);
  std::set<std::pair<uint8_t, uint32_t>> seen;
  for (size_t i = 0; i < count; ++i) {
    const OpcodeInfo& info = all[i];
    EXPECT_TRUE(seen.insert({info.prefix, info.code}).second)
        << "duplicate encoding for " << info.name;
    EXPECT_EQ(LookupOpcode(info.prefix, info.code), &info) << info.name;
  }
}

TEST(OpcodesTest, EnumValueMatchesEncodingAndRoundTrips) {
  auto [all, count] = Table();
  for (size_t i = 0; i < count; ++i) {
    const OpcodeInfo& info = all[i];
    EXPECT_EQ(OpcodePrefix(info.opcode), info.prefix) << info.name;
    EXPECT_EQ(OpcodeCode(info.opcode), info.code) << info.name;
    EXPECT_EQ(&GetOpcodeInfo(info.opcode), &info) << info.name;
    EXPECT_STREQ(OpcodeName(info.opcode), info.name);
  }
}

TEST(OpcodesTest, PrefixesAndCodesFitTheEncoding) {
  auto [all, count] = Table();
  for (size_t i = 0; i < count; ++i) {
    const OpcodeInfo& info = all[i];
    if (info.prefix == 0) {
      EXPECT_LE(info.code, 0xFFu) << info.name;
      EXPECT_FALSE(IsPrefixByte(static_cast<uint8_t>(info.code))) << info.name;
    } else {
      EXPECT_TRUE(IsPrefixByte(info.prefix)) << info.name;
      // The enum packs the code into 16 bits; the dense lookup tables stay small.
      EXPECT_LE(info.code, 0x1FFu) << info.name;
    }
  }
}

TEST(OpcodesTest, NamesAreLowercaseDottedTextNames) {
  auto [all, count] = Table();
  std::map<std::string, int> uses;
  for (size_t i = 0; i < count; ++i) {
    const OpcodeInfo& info = all[i];
    ASSERT_NE(info.name, nullptr);
    std::string name = info.name;
    EXPECT_FALSE(name.empty());
    for (char c : name) {
      EXPECT_TRUE((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_')
          << "bad character in " << name;
    }
    EXPECT_NE(name.front(), '.') << name;
    EXPECT_NE(name.back(), '.') << name;
    // Every prefixed opcode is "<namespace>.<op>" in the text format, except
    // the GC branches, which are control instructions like br_on_null.
    bool is_branch = name.rfind("br_", 0) == 0;
    if (info.prefix != 0 && !is_branch) EXPECT_NE(name.find('.'), std::string::npos) << name;
    ++uses[name];
  }
  // The spec reuses a text name only where the immediate tells them apart.
  std::set<std::string> shared;
  for (const auto& [name, n] : uses) {
    if (n > 1) shared.insert(name);
  }
  EXPECT_EQ(shared, (std::set<std::string>{"select", "ref.test", "ref.cast"}));
  EXPECT_EQ(uses["select"], 2);
  EXPECT_EQ(uses["ref.test"], 2);
  EXPECT_EQ(uses["ref.cast"], 2);
}

TEST(OpcodesTest, CountsPerPrefixMatchTheSpec) {
  auto [all, count] = Table();
  std::map<std::pair<uint8_t, OpFeature>, int> counts;
  std::map<uint8_t, int> per_prefix;
  for (size_t i = 0; i < count; ++i) {
    ++counts[{all[i].prefix, all[i].feature}];
    ++per_prefix[all[i].prefix];
  }
  EXPECT_EQ((counts[{0xFD, OpFeature::kSimd}]), 236);
  EXPECT_EQ((counts[{0xFD, OpFeature::kRelaxedSimd}]), 20);
  EXPECT_EQ(per_prefix[0xFD], 256);
  EXPECT_EQ((counts[{0xFB, OpFeature::kGc}]), 31);
  EXPECT_EQ(per_prefix[0xFB], 31);
  EXPECT_EQ((counts[{0xFC, OpFeature::kSaturatingConversion}]), 8);
  EXPECT_EQ((counts[{0xFC, OpFeature::kBulkMemory}]), 7);
  EXPECT_EQ((counts[{0xFC, OpFeature::kReferenceTypes}]), 3);
  EXPECT_EQ((counts[{0xFC, OpFeature::kWideArithmetic}]), 4);
  EXPECT_EQ(per_prefix[0xFC], 22);
  // 4 (notify, 2 waits, fence) + 7 loads + 7 stores + 7 rmw ops x 7 widths.
  EXPECT_EQ((counts[{0xFE, OpFeature::kThreads}]), 67);
  EXPECT_EQ(per_prefix[0xFE], 67);
}

TEST(OpcodesTest, SimdGapsAreUnassigned) {
  // Opcodes retired during the SIMD proposal; the final spec leaves them empty.
  for (uint32_t code : {0x9Au, 0xA2u, 0xA5u, 0xA6u, 0xAFu, 0xB0u, 0xB2u, 0xB3u, 0xB4u, 0xBBu,
                        0xC2u, 0xC5u, 0xC6u, 0xCFu, 0xD0u, 0xD2u, 0xD3u, 0xD4u, 0xE2u, 0xEEu}) {
    EXPECT_EQ(LookupOpcode(0xFD, code), nullptr) << std::hex << code;
  }
  for (uint32_t code = 0; code <= 0x113; ++code) {
    bool gap = LookupOpcode(0xFD, code) == nullptr;
    if (!gap) continue;
    EXPECT_TRUE(code >= 0x9A && code <= 0xEE) << "unexpected SIMD gap at " << std::hex << code;
  }
  EXPECT_EQ(LookupOpcode(0xFD, 0x114), nullptr);
}

TEST(OpcodesTest, UnknownEncodingsAreNotFound) {
  EXPECT_EQ(LookupOpcode(0x00, 0x27), nullptr);
  EXPECT_EQ(LookupOpcode(0x00, 0xFF), nullptr);
  EXPECT_EQ(LookupOpcode(0xFC, 0x12), nullptr);
  EXPECT_EQ(LookupOpcode(0xFC, 0x17), nullptr);
  EXPECT_EQ(LookupOpcode(0xFB, 0x1F), nullptr);
  EXPECT_EQ(LookupOpcode(0xFE, 0x04), nullptr);
  EXPECT_EQ(LookupOpcode(0xFE, 0x4F), nullptr);
  EXPECT_EQ(LookupOpcode(0xFA, 0x00), nullptr);
  EXPECT_EQ(LookupOpcode(0xFD, 0xFFFFFFFFu), nullptr);
}

// Spot checks of encodings against the spec's binary format.
TEST(OpcodesTest, SampleEncodings) {
  struct Expect {
    uint8_t prefix;
    uint32_t code;
    const char* name;
    ImmKind imm;
  };
  const Expect samples[] = {
      {0xFC, 0x00, "i32.trunc_sat_f32_s", ImmKind::kNone},
      {0xFC, 0x07, "i64.trunc_sat_f64_u", ImmKind::kNone},
      {0xFC, 0x08, "memory.init", ImmKind::kDataMemory},
      {0xFC, 0x0A, "memory.copy", ImmKind::kMemoryMemory},
      {0xFC, 0x0E, "table.copy", ImmKind::kTableTable},
      {0xFC, 0x11, "table.fill", ImmKind::kTable},
      {0xFC, 0x16, "i64.mul_wide_u", ImmKind::kNone},
      {0xFB, 0x08, "array.new_fixed", ImmKind::kTypeCount},
      {0xFB, 0x11, "array.copy", ImmKind::kTypeType},
      {0xFB, 0x15, "ref.test", ImmKind::kHeapType},
      {0xFB, 0x19, "br_on_cast_fail", ImmKind::kBrOnCast},
      {0xFB, 0x1E, "i31.get_u", ImmKind::kNone},
      {0xFD, 0x0C, "v128.const", ImmKind::kV128},
      {0xFD, 0x0D, "i8x16.shuffle", ImmKind::kShuffle},
      {0xFD, 0x1B, "i32x4.extract_lane", ImmKind::kLane},
      {0xFD, 0x54, "v128.load8_lane", ImmKind::kMemArgLane},
      {0xFD, 0x5C, "v128.load32_zero", ImmKind::kMemArg},
      {0xFD, 0x5F, "f64x2.promote_low_f32x4", ImmKind::kNone},
      {0xFD, 0x82, "i16x8.q15mulr_sat_s", ImmKind::kNone},
      {0xFD, 0xBA, "i32x4.dot_i16x8_s", ImmKind::kNone},
      {0xFD, 0xFF, "f64x2.convert_low_i32x4_u", ImmKind::kNone},
      {0xFD, 0x105, "f32x4.relaxed_madd", ImmKind::kNone},
      {0xFD, 0x112, "i16x8.relaxed_dot_i8x16_i7x16_s", ImmKind::kNone},
      {0xFD, 0x113, "i32x4.relaxed_dot_i8x16_i7x16_add_s", ImmKind::kNone},
      {0xFE, 0x03, "atomic.fence", ImmKind::kZeroByte},
      {0xFE, 0x10, "i32.atomic.load", ImmKind::kMemArg},
      {0xFE, 0x1E, "i32.atomic.rmw.add", ImmKind::kMemArg},
      {0xFE, 0x4E, "i64.atomic.rmw32.cmpxchg_u", ImmKind::kMemArg},
  };
  for (const Expect& e : samples) {
    const OpcodeInfo* info = LookupOpcode(e.prefix, e.code);
    ASSERT_NE(info, nullptr) << e.name;
    EXPECT_STREQ(info->name, e.name);
    EXPECT_EQ(info->imm, e.imm) << e.name;
  }
  EXPECT_EQ(Opcode::kI8x16Shuffle, static_cast<Opcode>(0xFD000D));
  EXPECT_EQ(Opcode::kV128Load8x8S, static_cast<Opcode>(0xFD0001));
  EXPECT_EQ(Opcode::kI32TruncSatF32S, static_cast<Opcode>(0xFC0000));
}

std::string SigString(const OpSig& sig) {
  if (sig.special) return "special";
  static const char kLetters[] = {'i', 'l', 'f', 'd', 'v', 'a'};
  std::string s;
  for (int i = 0; i < sig.num_params; ++i) s += kLetters[sig.params[i]];
  s += ':';
  for (int i = 0; i < sig.num_results; ++i) s += kLetters[sig.results[i]];
  return s;
}

TEST(OpcodesTest, SampleSignatures) {
  const std::pair<Opcode, const char*> samples[] = {
      {Opcode::kI32Add, "ii:i"},
      {Opcode::kI64Eqz, "l:i"},
      {Opcode::kF64PromoteF32, "f:d"},
      {Opcode::kI32Load, "a:i"},
      {Opcode::kI64Store32, "al:"},
      {Opcode::kMemoryGrow, "a:a"},
      {Opcode::kI64TruncSatF64U, "d:l"},
      {Opcode::kMemoryFill, "aia:"},
      {Opcode::kDataDrop, ":"},
      {Opcode::kI64Add128, "llll:ll"},
      {Opcode::kI64MulWideS, "ll:ll"},
      {Opcode::kV128Load, "a:v"},
      {Opcode::kV128Store, "av:"},
      {Opcode::kV128Const, ":v"},
      {Opcode::kI8x16Shuffle, "vv:v"},
      {Opcode::kI64x2Splat, "l:v"},
      {Opcode::kI8x16ExtractLaneU, "v:i"},
      {Opcode::kF64x2ReplaceLane, "vd:v"},
      {Opcode::kV128Bitselect, "vvv:v"},
      {Opcode::kV128AnyTrue, "v:i"},
      {Opcode::kI32x4Shl, "vi:v"},
      {Opcode::kV128Load16Lane, "av:v"},
      {Opcode::kV128Store64Lane, "av:"},
      {Opcode::kI32x4RelaxedDotI8x16I7x16AddS, "vvv:v"},
      {Opcode::kMemoryAtomicNotify, "ai:i"},
      {Opcode::kMemoryAtomicWait32, "ail:i"},
      {Opcode::kMemoryAtomicWait64, "all:i"},
      {Opcode::kI64AtomicStore8, "al:"},
      {Opcode::kI32AtomicRmw16XorU, "ai:i"},
      {Opcode::kI64AtomicRmwCmpxchg, "all:l"},
      {Opcode::kI32AtomicRmw8CmpxchgU, "aii:i"},
      // Typing that depends on immediates is the validator's.
      {Opcode::kMemoryCopy, "special"},
      {Opcode::kMemoryInit, "special"},
      {Opcode::kTableGrow, "special"},
      {Opcode::kStructNew, "special"},
      {Opcode::kArrayLen, "special"},
      {Opcode::kLocalGet, "special"},
      {Opcode::kSelect, "special"},
  };
  for (const auto& [op, expected] : samples) {
    EXPECT_EQ(SigString(GetOpcodeInfo(op).sig), expected) << OpcodeName(op);
  }
}

TEST(OpcodesTest, EveryGcOpcodeIsTypedByTheValidator) {
  auto [all, count] = Table();
  for (size_t i = 0; i < count; ++i) {
    if (all[i].prefix == 0xFB) EXPECT_TRUE(all[i].sig.special) << all[i].name;
  }
}

TEST(OpcodesTest, MemoryAccessesTakeAnAddress) {
  auto [all, count] = Table();
  int memargs = 0;
  for (size_t i = 0; i < count; ++i) {
    const OpcodeInfo& info = all[i];
    if (info.imm != ImmKind::kMemArg && info.imm != ImmKind::kMemArgLane) continue;
    ++memargs;
    ASSERT_FALSE(info.sig.special) << info.name;
    ASSERT_GE(info.sig.num_params, 1) << info.name;
    EXPECT_EQ(info.sig.params[0], OpSig::kAddr) << info.name;
    for (int p = 1; p < info.sig.num_params; ++p) {
      EXPECT_NE(info.sig.params[p], OpSig::kAddr) << info.name;
    }
  }
  // 23 MVP; SIMD: load, 6 extending loads, 4 splats, store, 2 zero-loads, 8
  // lane accesses; every atomic but the fence.
  EXPECT_EQ(memargs, 23 + 14 + 8 + 66);
}

TEST(OpcodesTest, FixedSignaturesStayWithinOpSigBounds) {
  auto [all, count] = Table();
  for (size_t i = 0; i < count; ++i) {
    const OpSig& sig = all[i].sig;
    if (sig.special) continue;
    EXPECT_LE(sig.num_params, OpSig::kMaxParams) << all[i].name;
    EXPECT_LE(sig.num_results, OpSig::kMaxResults) << all[i].name;
    // Only memory instructions (and memory.size/grow/fill) mention the address type.
    bool mentions_addr = false;
    for (int p = 0; p < sig.num_params; ++p) mentions_addr |= sig.params[p] == OpSig::kAddr;
    for (int r = 0; r < sig.num_results; ++r) mentions_addr |= sig.results[r] == OpSig::kAddr;
    if (mentions_addr) {
      EXPECT_TRUE(all[i].imm == ImmKind::kMemArg || all[i].imm == ImmKind::kMemArgLane ||
                  all[i].imm == ImmKind::kMemory)
          << all[i].name;
    }
  }
}

}  // namespace
}  // namespace wasmtier
