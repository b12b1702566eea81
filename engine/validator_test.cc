// Function-body validation: one valid and one invalid case (status kind and
// spec message) per rule family, through DecodeAndValidate, plus the
// malformed-after-invalid ordering, implementation limits and the consumer
// interface of the function-body decoder.
#include "engine/validator.h"

#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "engine/decoder.h"
#include "engine/error.h"
#include "engine/function_body_decoder.h"
#include "engine/limits.h"
#include "engine/testing/wasm_builder.h"
#include "gtest/gtest.h"

namespace wasmtier {
namespace {

using testing::Bytes;
using testing::Emitter;
using testing::kF32;
using testing::kF64;
using testing::kFuncRef;
using testing::kExternRef;
using testing::kI32;
using testing::kI64;
using testing::kV128;
using testing::WasmBuilder;

// A few opcodes by name, for readable bodies.
constexpr uint8_t kUnreachable = 0x00, kNop = 0x01, kBlock = 0x02, kLoop = 0x03, kIf = 0x04,
                  kElse = 0x05, kEnd = 0x0B, kBr = 0x0C, kBrIf = 0x0D, kBrTable = 0x0E,
                  kReturn = 0x0F, kCall = 0x10, kCallIndirect = 0x11, kReturnCall = 0x12,
                  kReturnCallIndirect = 0x13, kCallRef = 0x14, kReturnCallRef = 0x15, kDrop = 0x1A,
                  kSelect = 0x1B, kSelectT = 0x1C, kLocalGet = 0x20, kLocalSet = 0x21,
                  kLocalTee = 0x22, kGlobalGet = 0x23, kGlobalSet = 0x24, kTableGet = 0x25,
                  kI32Load = 0x28, kI64Load = 0x29, kI32Load8U = 0x2D, kI32Store = 0x36,
                  kMemorySize = 0x3F, kI32Const = 0x41, kI64Const = 0x42, kF32Const = 0x43,
                  kI32Eqz = 0x45, kI32Add = 0x6A, kI64Add = 0x7C, kF32Add = 0x92,
                  kRefNull = 0xD0, kRefIsNull = 0xD1, kRefFunc = 0xD2, kRefAsNonNull = 0xD4,
                  kBrOnNull = 0xD5, kBrOnNonNull = 0xD6, kVoid = 0x40, kPrefixFC = 0xFC,
                  kPrefixFD = 0xFD, kPrefixFB = 0xFB;

Bytes Cat(std::initializer_list<Bytes> parts) {
  Bytes out;
  for (const Bytes& p : parts) out.insert(out.end(), p.begin(), p.end());
  return out;
}

absl::Status Validate(const Bytes& wasm, const Features& features = Features()) {
  return DecodeAndValidate(wasm.data(), wasm.size(), features).status();
}

// A module with one function [params] -> [results] and the given body.
Bytes OneFunc(Bytes params, Bytes results, Bytes locals, Bytes code) {
  WasmBuilder b;
  uint32_t t = b.AddFuncType(params, results);
  b.AddFunction(t, locals, code);
  return b.Build();
}

// Same, with one memory (and a data count section of 1 for bulk tests).
Bytes WithMemory(Bytes params, Bytes results, Bytes code) {
  WasmBuilder b;
  uint32_t t = b.AddFuncType(params, results);
  b.AddMemory(1);
  b.AddFunction(t, {}, code);
  return b.Build();
}

#define EXPECT_VALID(wasm)                                     \
  do {                                                         \
    absl::Status s_ = Validate(wasm);                          \
    EXPECT_TRUE(s_.ok()) << s_;                                \
  } while (0)

#define EXPECT_INVALID_F(wasm, features, text)                                       \
  do {                                                                               \
    absl::Status s_ = Validate(wasm, features);                                      \
    EXPECT_TRUE(IsInvalid(s_)) << s_;                                                \
    EXPECT_TRUE(absl::StartsWith(s_.message(), text)) << s_ << " expected: " << text; \
  } while (0)
#define EXPECT_INVALID(wasm, text) EXPECT_INVALID_F(wasm, Features(), text)

#define EXPECT_MALFORMED(wasm, text)                                                 \
  do {                                                                               \
    absl::Status s_ = Validate(wasm);                                                \
    EXPECT_TRUE(IsMalformed(s_)) << s_;                                              \
    EXPECT_TRUE(absl::StartsWith(s_.message(), text)) << s_ << " expected: " << text; \
  } while (0)

#define EXPECT_UNSUPPORTED(wasm, text)                                               \
  do {                                                                               \
    absl::Status s_ = Validate(wasm);                                                \
    EXPECT_TRUE(IsUnsupported(s_)) << s_;                                            \
    EXPECT_TRUE(absl::StrContains(s_.message(), text)) << s_ << " expected: " << text; \
  } while (0)

// ---- Numeric typing ----

TEST(ValidatorTest, NumericTyping) {
  EXPECT_VALID(OneFunc({}, {kI32}, {}, {kI32Const, 1, kI32Const, 2, kI32Add, kEnd}));
  EXPECT_VALID(OneFunc({kI64}, {kI64}, {}, {kLocalGet, 0, kI64Const, 1, kI64Add, kEnd}));
  EXPECT_INVALID(OneFunc({}, {kI32}, {}, {kI64Const, 1, kI32Const, 2, kI32Add, kEnd}),
                 "type mismatch: instruction requires [i32] but stack has [i64]");
  EXPECT_INVALID(OneFunc({}, {kI32}, {}, {kI32Const, 1, kI32Add, kEnd}),
                 "type mismatch: instruction requires [i32] but stack has []");
  // Result count and type at the function's end.
  EXPECT_INVALID(OneFunc({}, {}, {}, {kI32Const, 1, kEnd}),
                 "type mismatch: block requires [] but stack has [i32]");
  EXPECT_INVALID(OneFunc({}, {kI32}, {}, {kEnd}), "type mismatch");
  EXPECT_INVALID(OneFunc({}, {kF32}, {}, {kI32Const, 0, kEnd}), "type mismatch");
  // Conversions and sign extension from the table's signatures.
  EXPECT_VALID(OneFunc({kF32}, {kI64}, {}, {kLocalGet, 0, 0xAE /*i64.trunc_f32_s*/, kEnd}));
  EXPECT_VALID(OneFunc({kI32}, {kI32}, {}, {kLocalGet, 0, 0xC0 /*i32.extend8_s*/, kEnd}));
  EXPECT_VALID(OneFunc({kF64}, {kI32}, {}, {kLocalGet, 0, kPrefixFC, 0x02 /*i32.trunc_sat_f64_s*/, kEnd}));
  EXPECT_INVALID(OneFunc({kF32}, {kI32}, {}, {kLocalGet, 0, kPrefixFC, 0x02, kEnd}), "type mismatch");
}

TEST(ValidatorTest, DisabledFeatureIsUnsupported) {
  Features f;
  f.sign_extension = false;
  absl::Status s = Validate(OneFunc({kI32}, {kI32}, {}, {kLocalGet, 0, 0xC0, kEnd}), f);
  EXPECT_TRUE(IsUnsupported(s)) << s;
  EXPECT_TRUE(absl::StrContains(s.message(), "sign-extension")) << s;
}

// ---- Blocks, labels, multi-value ----

TEST(ValidatorTest, BlocksAndLabels) {
  EXPECT_VALID(OneFunc({}, {kI32}, {}, {kBlock, kI32, kI32Const, 1, kEnd, kEnd}));
  EXPECT_VALID(OneFunc({}, {kI32}, {}, {kBlock, kI32, kI32Const, 1, kBr, 0, kEnd, kEnd}));
  EXPECT_VALID(OneFunc({}, {}, {}, {kLoop, kVoid, kBr, 0, kEnd, kEnd}));
  EXPECT_INVALID(OneFunc({}, {}, {}, {kBlock, kVoid, kBr, 1 + 1, kEnd, kEnd}), "unknown label");
  EXPECT_INVALID(OneFunc({}, {kI32}, {}, {kBlock, kI32, kI64Const, 1, kEnd, kEnd}), "type mismatch");
  EXPECT_INVALID(OneFunc({}, {kI32}, {}, {kBlock, kI32, kBr, 0, kEnd, kEnd}), "type mismatch");
  // Values below a block are not visible inside it.
  EXPECT_INVALID(OneFunc({}, {}, {}, {kI32Const, 1, kBlock, kVoid, kDrop, kEnd, kEnd}), "type mismatch");
  // if / else.
  EXPECT_VALID(OneFunc({kI32}, {kI32}, {},
                       {kLocalGet, 0, kIf, kI32, kI32Const, 1, kElse, kI32Const, 2, kEnd, kEnd}));
  EXPECT_INVALID(OneFunc({kI32}, {kI32}, {}, {kLocalGet, 0, kIf, kI32, kI32Const, 1, kEnd, kEnd}),
                 "type mismatch");
  EXPECT_INVALID(OneFunc({kI32}, {}, {}, {kIf, kVoid, kEnd, kEnd}), "type mismatch");
  EXPECT_MALFORMED(OneFunc({}, {}, {}, {kBlock, kVoid, kElse, kEnd, kEnd}), "END opcode expected");
}

TEST(ValidatorTest, MultiValueBlockParams) {
  WasmBuilder b;
  uint32_t fn = b.AddFuncType({}, {kI32});
  uint32_t bt = b.AddFuncType({kI32, kI32}, {kI32});  // block [i32 i32] -> [i32]
  b.AddFunction(fn, {}, {kI32Const, 1, kI32Const, 2, kBlock, static_cast<uint8_t>(bt), kI32Add, kEnd, kEnd});
  EXPECT_VALID(b.Build());

  WasmBuilder loop;
  fn = loop.AddFuncType({}, {kI32});
  bt = loop.AddFuncType({kI32}, {kI32});
  // A loop's label takes the params: br 0 with an i32 is fine.
  loop.AddFunction(fn, {}, {kI32Const, 1, kLoop, static_cast<uint8_t>(bt), kI32Const, 0, kBrIf, 0, kEnd, kEnd});
  EXPECT_VALID(loop.Build());

  WasmBuilder missing;
  fn = missing.AddFuncType({}, {kI32});
  bt = missing.AddFuncType({kI32, kI32}, {kI32});
  missing.AddFunction(fn, {}, {kI32Const, 1, kBlock, static_cast<uint8_t>(bt), kI32Add, kEnd, kEnd});
  EXPECT_INVALID(missing.Build(), "type mismatch");

  EXPECT_INVALID(OneFunc({}, {}, {}, {kBlock, 0x05 /*type 5*/, kEnd, kEnd}), "unknown type");
  Features no_multi_value;
  no_multi_value.multi_value = false;
  absl::Status s = Validate(OneFunc({}, {}, {}, {kBlock, 0x00, kEnd, kEnd}), no_multi_value);
  EXPECT_TRUE(IsUnsupported(s)) << s;

  // One-armed if with params must pass them through unchanged.
  WasmBuilder one_armed;
  fn = one_armed.AddFuncType({}, {kI32});
  bt = one_armed.AddFuncType({kI32}, {kI32});
  one_armed.AddFunction(fn, {}, {kI32Const, 1, kI32Const, 0, kIf, static_cast<uint8_t>(bt), kEnd, kEnd});
  EXPECT_VALID(one_armed.Build());
}

// ---- br_table ----

TEST(ValidatorTest, BrTable) {
  EXPECT_VALID(OneFunc({kI32}, {}, {},
                       {kBlock, kVoid, kBlock, kVoid, kLocalGet, 0, kBrTable, 2, 0, 1, 0, kEnd, kEnd, kEnd}));
  EXPECT_VALID(OneFunc({kI32}, {kI32}, {},
                       {kBlock, kI32, kI32Const, 7, kLocalGet, 0, kBrTable, 1, 0, 0, kEnd, kEnd}));
  // Different arities.
  EXPECT_INVALID(OneFunc({kI32}, {kI32}, {},
                         {kBlock, kI32, kBlock, kVoid, kI32Const, 7, kLocalGet, 0, kBrTable, 1, 0, 1, kEnd,
                          kI32Const, 1, kEnd, kEnd}),
                 "type mismatch");
  EXPECT_INVALID(OneFunc({kI32}, {}, {}, {kBlock, kVoid, kLocalGet, 0, kBrTable, 1, 0, 5, kEnd, kEnd}),
                 "unknown label");
  // Repeated targets are checked once, but every one is still checked.
  EXPECT_INVALID(OneFunc({kI32}, {kI32}, {},
                         {kBlock, kI32, kBlock, kVoid, kI32Const, 7, kLocalGet, 0, kBrTable, 4, 1, 1, 1, 0, 1,
                          kEnd, kI32Const, 1, kEnd, kEnd}),
                 "type mismatch");
  EXPECT_VALID(OneFunc({kI32}, {}, {}, {kBlock, kVoid, kLocalGet, 0, kBrTable, 3, 0, 0, 0, 1, kEnd, kEnd}));
  EXPECT_INVALID(OneFunc({kI32}, {kI32}, {},
                         {kBlock, kVoid, kLocalGet, 0, kBrTable, 3, 0, 0, 0, 1, kEnd, kI32Const, 0, kEnd}),
                 "type mismatch");
  // Two br_tables in a row: the second one's targets are checked afresh.
  EXPECT_INVALID(OneFunc({kI32}, {kI32}, {},
                         {kBlock, kI32, kI32Const, 1, kLocalGet, 0, kBrTable, 1, 0, 0, kEnd, kDrop, kBlock, kI32,
                          kI64Const, 1, kLocalGet, 0, kBrTable, 1, 0, 0, kEnd, kEnd}),
                 "type mismatch");
  // Index must be i32.
  EXPECT_INVALID(OneFunc({}, {}, {}, {kBlock, kVoid, kI64Const, 0, kBrTable, 0, 0, kEnd, kEnd}), "type mismatch");
  // In unreachable code the operands are unknown but arities still must agree.
  EXPECT_VALID(OneFunc({}, {}, {},
                       {kBlock, kI32, kBlock, kI64, kUnreachable, kBrTable, 0, 0, kEnd, kDrop, kI32Const, 0,
                        kEnd, kDrop, kEnd}));
}

// ---- Unreachable code ----

TEST(ValidatorTest, UnreachablePolymorphism) {
  EXPECT_VALID(OneFunc({}, {kI32}, {}, {kUnreachable, kI32Add, kEnd}));
  EXPECT_VALID(OneFunc({}, {kI32}, {}, {kUnreachable, kEnd}));
  EXPECT_VALID(OneFunc({}, {}, {}, {kReturn, kI32Add, kDrop, kEnd}));
  EXPECT_VALID(OneFunc({}, {kI32}, {}, {kUnreachable, kSelect, kEnd}));
  EXPECT_VALID(OneFunc({}, {kI64}, {}, {kUnreachable, kI64Const, 1, kI32Const, 1, kSelect, kEnd}));
  // The condition is popped first: an i64 there is a mismatch even in dead code.
  EXPECT_INVALID(OneFunc({}, {kI64}, {}, {kUnreachable, kI64Const, 1, kSelect, kEnd}), "type mismatch");
  // Known operands are still checked.
  EXPECT_INVALID(OneFunc({}, {kI32}, {}, {kUnreachable, kI64Const, 1, kI32Add, kEnd}), "type mismatch");
  EXPECT_INVALID(OneFunc({}, {}, {}, {kUnreachable, kI32Const, 1, kI64Const, 1, kI32Const, 1, kSelect, kDrop, kEnd}),
                 "type mismatch");
  // Too many values at the end even in unreachable code.
  EXPECT_INVALID(OneFunc({}, {}, {}, {kUnreachable, kI32Const, 1, kEnd}), "type mismatch");
  // A block opened in unreachable code is typed normally.
  EXPECT_INVALID(OneFunc({}, {}, {}, {kUnreachable, kBlock, kVoid, kI32Add, kDrop, kEnd, kEnd}), "type mismatch");
}

TEST(ValidatorTest, Select) {
  EXPECT_VALID(OneFunc({kI32}, {kF64}, {}, {0x44, 0, 0, 0, 0, 0, 0, 0, 0, 0x44, 0, 0, 0, 0, 0, 0, 0, 0,
                                             kLocalGet, 0, kSelect, kEnd}));
  EXPECT_INVALID(OneFunc({kI32}, {kI32}, {}, {kI32Const, 1, kI64Const, 1, kLocalGet, 0, kSelect, kEnd}),
                 "type mismatch");
  // References need the typed select.
  EXPECT_INVALID(OneFunc({kI32}, {}, {}, {kRefNull, kFuncRef, kRefNull, kFuncRef, kLocalGet, 0, kSelect, kDrop, kEnd}),
                 "type mismatch");
  EXPECT_VALID(OneFunc({kI32}, {}, {},
                       {kRefNull, kFuncRef, kRefNull, kFuncRef, kLocalGet, 0, kSelectT, 1, kFuncRef, kDrop, kEnd}));
  EXPECT_INVALID(OneFunc({kI32}, {}, {}, {kI32Const, 1, kI32Const, 1, kLocalGet, 0, kSelectT, 0, kDrop, kEnd}),
                 "invalid result arity");
  EXPECT_INVALID(OneFunc({kI32}, {}, {},
                         {kI32Const, 1, kI32Const, 1, kLocalGet, 0, kSelectT, 2, kI32, kI32, kDrop, kEnd}),
                 "invalid result arity");
}

// ---- Locals and globals ----

TEST(ValidatorTest, Locals) {
  EXPECT_VALID(OneFunc({kI32}, {kI64}, {kI64}, {kLocalGet, 0, kDrop, kLocalGet, 1, kEnd}));
  EXPECT_VALID(OneFunc({}, {kF32}, {kF32}, {0x43, 0, 0, 0, 0, kLocalTee, 0, kEnd}));
  EXPECT_INVALID(OneFunc({kI32}, {}, {}, {kLocalGet, 1, kDrop, kEnd}), "unknown local");
  EXPECT_INVALID(OneFunc({}, {}, {kI32}, {kI64Const, 0, kLocalSet, 0, kEnd}), "type mismatch");
}

TEST(ValidatorTest, Globals) {
  WasmBuilder b;
  uint32_t t = b.AddFuncType({}, {});
  b.AddGlobal(kI32, /*mutable=*/false, {kI32Const, 0, kEnd});
  b.AddGlobal(kI64, /*mutable=*/true, {kI64Const, 0, kEnd});
  b.AddFunction(t, {}, {kGlobalGet, 0, kDrop, kI64Const, 1, kGlobalSet, 1, kEnd});
  EXPECT_VALID(b.Build());

  WasmBuilder immut;
  t = immut.AddFuncType({}, {});
  immut.AddGlobal(kI32, false, {kI32Const, 0, kEnd});
  immut.AddFunction(t, {}, {kI32Const, 1, kGlobalSet, 0, kEnd});
  EXPECT_INVALID(immut.Build(), "immutable global");

  EXPECT_INVALID(OneFunc({}, {}, {}, {kGlobalGet, 0, kDrop, kEnd}), "unknown global");

  WasmBuilder wrong;
  t = wrong.AddFuncType({}, {});
  wrong.AddGlobal(kI64, true, {kI64Const, 0, kEnd});
  wrong.AddFunction(t, {}, {kI32Const, 1, kGlobalSet, 0, kEnd});
  EXPECT_INVALID(wrong.Build(), "type mismatch");
}

// ---- Memory ----

TEST(ValidatorTest, MemoryAccess) {
  EXPECT_VALID(WithMemory({kI32}, {kI32}, {kLocalGet, 0, kI32Load, 2, 0, kEnd}));
  EXPECT_VALID(WithMemory({kI32}, {}, {kLocalGet, 0, kI32Const, 1, kI32Store, 2, 8, kEnd}));
  EXPECT_VALID(WithMemory({}, {kI32}, {kMemorySize, 0, kEnd}));
  EXPECT_INVALID(WithMemory({kI32}, {kI32}, {kLocalGet, 0, kI32Load, 3, 0, kEnd}),
                 "alignment must not be larger than natural");
  EXPECT_INVALID(WithMemory({kI32}, {kI32}, {kLocalGet, 0, kI32Load8U, 1, 0, kEnd}),
                 "alignment must not be larger than natural");
  EXPECT_INVALID(OneFunc({kI32}, {kI32}, {}, {kLocalGet, 0, kI32Load, 2, 0, kEnd}), "unknown memory");
  EXPECT_INVALID(OneFunc({}, {kI32}, {}, {kMemorySize, 0, kEnd}), "unknown memory");
  // Address must be i32 for a 32-bit memory.
  EXPECT_INVALID(WithMemory({kI64}, {kI32}, {kLocalGet, 0, kI32Load, 2, 0, kEnd}), "type mismatch");
  // Offsets beyond u32 are only for 64-bit memories.
  EXPECT_INVALID(WithMemory({kI32}, {kI32}, {kLocalGet, 0, kI32Load, 2, 0x80, 0x80, 0x80, 0x80, 0x10, kEnd}),
                 "offset out of range");
  // memop flags >= 0x80 are malformed.
  EXPECT_MALFORMED(WithMemory({kI32}, {kI32}, {kLocalGet, 0, kI32Load, 0x80, 0x01, 0, kEnd}),
                   "malformed memop flags");
}

Bytes Memory64Func(Bytes params, Bytes results, Bytes code) {
  WasmBuilder b;
  uint32_t t = b.AddFuncType(params, results);
  b.AddRawSection(4, 5, {0x01, 0x04, 0x01});  // one memory, flags 0x04 (i64), min 1
  b.AddFunction(t, {}, code);
  return b.Build();
}

TEST(ValidatorTest, Memory64) {
  EXPECT_VALID(Memory64Func({kI64}, {kI32}, {kLocalGet, 0, kI32Load, 2, 0, kEnd}));
  EXPECT_VALID(Memory64Func({kI64}, {kI32},
                            {kLocalGet, 0, kI32Load, 2, 0x80, 0x80, 0x80, 0x80, 0x10, kEnd}));
  EXPECT_VALID(Memory64Func({}, {kI64}, {kMemorySize, 0, kEnd}));
  // A u64 offset needing all 10 LEB bytes (2^63).
  EXPECT_VALID(Memory64Func({kI64}, {kI32}, {kLocalGet, 0, kI32Load, 2, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80,
                                              0x80, 0x80, 0x80, 0x01, kEnd}));
  EXPECT_MALFORMED(Memory64Func({kI64}, {kI32}, {kLocalGet, 0, kI32Load, 2, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80,
                                                  0x80, 0x80, 0x80, 0x02, kEnd}),
                   "integer too large");
  EXPECT_INVALID(Memory64Func({kI32}, {kI32}, {kLocalGet, 0, kI32Load, 2, 0, kEnd}), "type mismatch");
  EXPECT_INVALID(Memory64Func({}, {kI32}, {kMemorySize, 0, kEnd}), "type mismatch");
}

TEST(ValidatorTest, MultiMemory) {
  WasmBuilder b;
  uint32_t t = b.AddFuncType({kI32}, {kI32});
  b.AddMemory(1);
  b.AddMemory(1);
  // memarg flags 0x42: align 2, memory index follows (1).
  b.AddFunction(t, {}, {kLocalGet, 0, kI32Load, 0x42, 1, 0, kEnd});
  EXPECT_VALID(b.Build());

  WasmBuilder bad;
  t = bad.AddFuncType({kI32}, {kI32});
  bad.AddMemory(1);
  bad.AddFunction(t, {}, {kLocalGet, 0, kI32Load, 0x42, 1, 0, kEnd});
  EXPECT_INVALID(bad.Build(), "unknown memory 1");

  // Memory index 200 (two LEB bytes) with a two-byte offset.
  WasmBuilder far;
  t = far.AddFuncType({kI32}, {kI32});
  far.AddMemory(1);
  far.AddFunction(t, {}, {kLocalGet, 0, kI32Load, 0x42, 0xC8, 0x01, 0x80, 0x01, kEnd});
  EXPECT_INVALID(far.Build(), "unknown memory 200");
  // Two-byte offset and flags 0x41 (align 1) on memory 0 via the index form.
  WasmBuilder idx0;
  t = idx0.AddFuncType({kI32}, {kI32});
  idx0.AddMemory(1);
  idx0.AddFunction(t, {}, {kLocalGet, 0, kI32Load, 0x41, 0x00, 0x80, 0x01, kEnd});
  EXPECT_VALID(idx0.Build());

  // Without multi-memory, bit 6 is an alignment of 2^64.
  Features single;
  single.multi_memory = false;
  EXPECT_INVALID_F(WithMemory({kI32}, {kI32}, {kLocalGet, 0, kI32Load, 0x42, 0, kEnd}), single,
                   "alignment must not be larger than natural");
}

// ---- SIMD ----

TEST(ValidatorTest, SimdLanes) {
  const Bytes v128_const = {kPrefixFD, 0x0C, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
  EXPECT_VALID(OneFunc({}, {kI32}, {}, Cat({v128_const, {kPrefixFD, 0x15, 15, kEnd}})));  // i8x16.extract_lane_s 15
  EXPECT_INVALID(OneFunc({}, {kI32}, {}, Cat({v128_const, {kPrefixFD, 0x15, 16, kEnd}})), "invalid lane index");
  EXPECT_INVALID(OneFunc({}, {kI32}, {}, Cat({v128_const, {kPrefixFD, 0x1B, 4, kEnd}})), "invalid lane index");
  // i8x16.shuffle lanes < 32.
  Bytes shuffle = {kPrefixFD, 0x0D, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 31};
  EXPECT_VALID(OneFunc({}, {kV128}, {}, Cat({v128_const, v128_const, shuffle, {kEnd}})));
  shuffle.back() = 32;
  EXPECT_INVALID(OneFunc({}, {kV128}, {}, Cat({v128_const, v128_const, shuffle, {kEnd}})), "invalid lane index");
  // v128.load16_lane: align <= 1, lane < 8.
  EXPECT_VALID(WithMemory({kI32}, {kV128}, Cat({{kLocalGet, 0}, v128_const, {kPrefixFD, 0x55, 1, 0, 7, kEnd}})));
  EXPECT_INVALID(WithMemory({kI32}, {kV128}, Cat({{kLocalGet, 0}, v128_const, {kPrefixFD, 0x55, 1, 0, 8, kEnd}})),
                 "invalid lane index");
  EXPECT_INVALID(WithMemory({kI32}, {kV128}, Cat({{kLocalGet, 0}, v128_const, {kPrefixFD, 0x55, 2, 0, 0, kEnd}})),
                 "alignment must not be larger than natural");
  // v128.load: natural alignment 16 bytes (4).
  EXPECT_VALID(WithMemory({kI32}, {kV128}, {kLocalGet, 0, kPrefixFD, 0x00, 4, 0, kEnd}));
  EXPECT_INVALID(WithMemory({kI32}, {kV128}, {kLocalGet, 0, kPrefixFD, 0x00, 5, 0, kEnd}),
                 "alignment must not be larger than natural");
  // Relaxed SIMD: i8x16.relaxed_swizzle [v128 v128] -> [v128].
  EXPECT_VALID(OneFunc({}, {kV128}, {}, Cat({v128_const, v128_const, {kPrefixFD, 0x80, 0x02, kEnd}})));
  EXPECT_INVALID(OneFunc({}, {kV128}, {}, Cat({v128_const, {kPrefixFD, 0x80, 0x02, kEnd}})), "type mismatch");
}

// ---- Tables, bulk memory, references ----

TEST(ValidatorTest, TablesAndBulk) {
  WasmBuilder b;
  uint32_t t = b.AddFuncType({kI32}, {});
  b.AddTable(kFuncRef, 1);
  b.AddTable(kExternRef, 1);
  b.AddMemory(1);
  b.AddRawElem({0x05, kFuncRef, 0x00});  // passive funcref, no items (flags 5: exprs)
  b.SetDataCount(1);
  b.AddRawData({0x01, 0x00});  // passive, empty
  b.AddFunction(t, {},
                {kLocalGet, 0, kTableGet, 0, kDrop,                                     // table.get 0
                 kLocalGet, 0, kRefNull, kExternRef, 0x26, 1,                           // table.set 1
                 kPrefixFC, 16, 0, kDrop,                                               // table.size 0
                 kRefNull, kFuncRef, kLocalGet, 0, kPrefixFC, 15, 0, kDrop,             // table.grow 0
                 kLocalGet, 0, kRefNull, kFuncRef, kLocalGet, 0, kPrefixFC, 17, 0,      // table.fill 0
                 kLocalGet, 0, kLocalGet, 0, kLocalGet, 0, kPrefixFC, 12, 0, 0,         // table.init 0 0
                 kPrefixFC, 13, 0,                                                      // elem.drop 0
                 kLocalGet, 0, kLocalGet, 0, kLocalGet, 0, kPrefixFC, 14, 0, 0,         // table.copy 0 0
                 kLocalGet, 0, kLocalGet, 0, kLocalGet, 0, kPrefixFC, 8, 0, 0,          // memory.init 0 0
                 kPrefixFC, 9, 0,                                                       // data.drop 0
                 kLocalGet, 0, kLocalGet, 0, kLocalGet, 0, kPrefixFC, 10, 0, 0,         // memory.copy
                 kLocalGet, 0, kLocalGet, 0, kLocalGet, 0, kPrefixFC, 11, 0,            // memory.fill
                 kEnd});
  EXPECT_VALID(b.Build());

  EXPECT_INVALID(OneFunc({kI32}, {}, {}, {kLocalGet, 0, kTableGet, 0, kDrop, kEnd}), "unknown table");

  WasmBuilder mismatch;
  t = mismatch.AddFuncType({kI32}, {});
  mismatch.AddTable(kFuncRef, 1);
  mismatch.AddTable(kExternRef, 1);
  mismatch.AddFunction(t, {}, {kLocalGet, 0, kLocalGet, 0, kLocalGet, 0, kPrefixFC, 14, 0, 1, kEnd});
  EXPECT_INVALID(mismatch.Build(), "type mismatch");

  WasmBuilder set_wrong;
  t = set_wrong.AddFuncType({kI32}, {});
  set_wrong.AddTable(kFuncRef, 1);
  set_wrong.AddFunction(t, {}, {kLocalGet, 0, kRefNull, kExternRef, 0x26, 0, kEnd});
  EXPECT_INVALID(set_wrong.Build(), "type mismatch");

  WasmBuilder no_elem;
  t = no_elem.AddFuncType({}, {});
  no_elem.AddFunction(t, {}, {kPrefixFC, 13, 0, kEnd});
  EXPECT_INVALID(no_elem.Build(), "unknown elem segment 0");

  // table.init checks the table before the segment, as the spec does.
  WasmBuilder neither;
  t = neither.AddFuncType({}, {});
  neither.AddFunction(t, {}, {kI32Const, 0, kI32Const, 0, kI32Const, 0, kPrefixFC, 12, 0, 0, kEnd});
  EXPECT_INVALID(neither.Build(), "unknown table 0");
}

TEST(ValidatorTest, DataCountRequired) {
  WasmBuilder b;
  uint32_t t = b.AddFuncType({}, {});
  b.AddMemory(1);
  b.AddFunction(t, {}, {kPrefixFC, 9, 0, kEnd});  // data.drop 0 without a data count section
  b.AddRawData({0x01, 0x00});
  EXPECT_MALFORMED(b.Build(), "data count section required");

  WasmBuilder unknown;
  t = unknown.AddFuncType({}, {});
  unknown.AddMemory(1);
  unknown.SetDataCount(1);
  unknown.AddFunction(t, {}, {kPrefixFC, 9, 1, kEnd});
  unknown.AddRawData({0x01, 0x00});
  EXPECT_INVALID(unknown.Build(), "unknown data segment 1");
}

TEST(ValidatorTest, RefFuncDeclared) {
  WasmBuilder b;
  uint32_t t = b.AddFuncType({}, {});
  b.AddFunction(t, {}, {kRefFunc, 0, kDrop, kEnd});
  EXPECT_INVALID(b.Build(), "undeclared function reference");

  // Declared through an export.
  WasmBuilder exported;
  t = exported.AddFuncType({}, {});
  exported.AddFunction(t, {}, {kRefFunc, 0, kDrop, kEnd});
  exported.AddExport("f", 0, 0);
  EXPECT_VALID(exported.Build());

  // Declared through a global's initialiser (ref.func in a constant expression).
  WasmBuilder global;
  t = global.AddFuncType({}, {});
  global.AddGlobal(kFuncRef, false, {kRefFunc, 0, kEnd});
  global.AddFunction(t, {}, {kRefFunc, 0, kRefIsNull, kDrop, kEnd});
  EXPECT_VALID(global.Build());

  EXPECT_INVALID(OneFunc({}, {}, {}, {kRefFunc, 3, kDrop, kEnd}), "unknown function");
  EXPECT_INVALID(OneFunc({}, {}, {}, {kI32Const, 0, kRefIsNull, kDrop, kEnd}), "type mismatch");
}

// ---- Calls ----

TEST(ValidatorTest, Calls) {
  WasmBuilder b;
  uint32_t t0 = b.AddFuncType({kI32, kI64}, {kF32});
  uint32_t t1 = b.AddFuncType({}, {kF32});
  b.AddTable(kFuncRef, 1);
  b.AddFunction(t0, {}, {0x43, 0, 0, 0, 0, kEnd});
  b.AddFunction(t1, {}, {kI32Const, 1, kI64Const, 2, kCall, 0, kEnd});
  b.AddFunction(t1, {}, {kI32Const, 1, kI64Const, 2, kI32Const, 0, kCallIndirect, 0, 0, kEnd});
  b.AddFunction(t1, {}, {kI32Const, 1, kI64Const, 2, kReturnCall, 0, kEnd});
  b.AddFunction(t1, {}, {kI32Const, 1, kI64Const, 2, kI32Const, 0, kReturnCallIndirect, 0, 0, kEnd});
  EXPECT_VALID(b.Build());

  auto one = [](Bytes code) {
    WasmBuilder m;
    uint32_t a = m.AddFuncType({kI32}, {kI32});
    m.AddFuncType({}, {kI64});
    m.AddTable(kFuncRef, 1);
    m.AddFunction(a, {}, code);
    return m.Build();
  };
  EXPECT_INVALID(one({kI64Const, 1, kCall, 0, kEnd}), "type mismatch");
  EXPECT_INVALID(one({kLocalGet, 0, kCall, 9, kEnd}), "unknown function");
  EXPECT_INVALID(one({kLocalGet, 0, kI32Const, 0, kCallIndirect, 5, 0, kEnd}), "unknown type");
  EXPECT_INVALID(one({kLocalGet, 0, kI32Const, 0, kCallIndirect, 0, 3, kEnd}), "unknown table");
  EXPECT_INVALID(one({kLocalGet, 0, kI64Const, 0, kCallIndirect, 0, 0, kEnd}), "type mismatch");
  // Tail calls: the callee's results must match the caller's.
  EXPECT_INVALID(one({kI32Const, 0, kReturnCallIndirect, 1, 0, kEnd}), "type mismatch");
  EXPECT_VALID(one({kLocalGet, 0, kReturnCall, 0, kEnd}));
  // call_indirect on an externref table.
  WasmBuilder ext;
  uint32_t e = ext.AddFuncType({}, {});
  ext.AddTable(kExternRef, 1);
  ext.AddFunction(e, {}, {kI32Const, 0, kCallIndirect, 0, 0, kEnd});
  EXPECT_INVALID(ext.Build(), "type mismatch");
}

// ---- Typed function references ----

TEST(ValidatorTest, TypedFunctionReferences) {
  // type 0: [i32] -> [i32]; function 0 of type 0, declared via export.
  // {locals}: raw local declaration groups (count, type...) of function 1.
  auto module = [](Bytes locals, Bytes code, Bytes results = {0x01, kI32}) {
    WasmBuilder m;
    m.AddFuncType({kI32}, {kI32});
    Emitter type1;  // [] -> [results], written raw so results may be (ref 0)
    type1.U8(0x60).U32(0).Raw(results);
    m.AddRawType(type1.Take());
    m.AddRawSection(2, 3, {0x02, 0x00, 0x01});  // functions of types 0 and 1
    m.AddExport("f", 0, 0);
    Emitter f0, f1, code_section;
    f0.U32(0).Raw({kLocalGet, 0, kEnd});
    f1.U32(locals.empty() ? 0 : 1).Raw(locals).Raw(code);
    code_section.U32(2).Sized(f0.bytes()).Sized(f1.bytes());
    m.AddRawSection(9, 10, code_section.Take());
    return m.Build();
  };
  // call_ref with (ref 0) from ref.func.
  EXPECT_VALID(module({}, {kI32Const, 1, kRefFunc, 0, kCallRef, 0, kEnd}));
  EXPECT_VALID(module({}, {kI32Const, 1, kRefFunc, 0, kReturnCallRef, 0, kEnd}));
  EXPECT_INVALID(module({}, {kI32Const, 1, kRefNull, kFuncRef, kCallRef, 0, kEnd}), "type mismatch");
  // ref.as_non_null and br_on_null.
  EXPECT_VALID(module({}, {kI32Const, 1, kRefNull, 0x00, kRefAsNonNull, kCallRef, 0, kEnd}));
  EXPECT_VALID(module({}, {kBlock, kVoid, kRefNull, 0x00, kBrOnNull, 0, kDrop, kEnd, kI32Const, 0, kEnd}));
  // br_on_non_null: label must end in a reference type.
  EXPECT_VALID(module({}, {kBlock, 0x64, 0x00, kRefNull, 0x00, kBrOnNonNull, 0, kUnreachable, kEnd, kDrop,
                           kI32Const, 0, kEnd}));
  EXPECT_INVALID(module({}, {kBlock, kVoid, kRefNull, 0x00, kBrOnNonNull, 0, kEnd, kI32Const, 0, kEnd}),
                 "type mismatch");
  // Non-nullable locals must be set before use; leaving the block forgets it.
  EXPECT_INVALID(module({0x01, 0x64, 0x00}, {kLocalGet, 0, kDrop, kI32Const, 0, kEnd}), "uninitialized local");
  EXPECT_VALID(module({0x01, 0x64, 0x00}, {kRefFunc, 0, kLocalSet, 0, kLocalGet, 0, kDrop, kI32Const, 0, kEnd}));
  EXPECT_INVALID(module({0x01, 0x64, 0x00}, {kBlock, kVoid, kRefFunc, 0, kLocalSet, 0, kEnd, kLocalGet, 0, kDrop,
                                       kI32Const, 0, kEnd}),
                 "uninitialized local");
  // In dead code ref.as_non_null still yields a reference: (ref bot).
  EXPECT_VALID(module({}, {kUnreachable, kRefAsNonNull, kCallRef, 0, kEnd}));
  EXPECT_INVALID(module({}, {kUnreachable, kRefAsNonNull, 0x8B /*f32.abs*/, kDrop, kI32Const, 0, kEnd}),
                 "type mismatch");
  // Typed select with a non-nullable type.
  EXPECT_VALID(module({}, {kRefFunc, 0, kRefFunc, 0, kI32Const, 1, kSelectT, 1, 0x64, 0x00, kDrop, kI32Const, 0,
                           kEnd}));
  // Subtyping: (ref 0) flows into a funcref result.
  EXPECT_VALID(module({}, {kRefFunc, 0, kEnd}, {0x01, kFuncRef}));
  EXPECT_INVALID(module({}, {kRefNull, kFuncRef, kEnd}, {0x01, 0x64, 0x00}), "type mismatch");
  EXPECT_INVALID(module({}, {kRefNull, 0x07, kDrop, kI32Const, 0, kEnd}), "unknown type");
}

// ---- Local declarations ----

// The WasmModule keeps each body's local declarations as runs (Function::local_runs)
// and the body decoder expands them, one function at a time, into a vector it
// reuses: indices across run boundaries, a non-defaultable run among
// defaultable ones, and a function at the locals limit followed by a small one.
TEST(ValidatorTest, LocalRunsAreExpandedPerFunction) {
  // type 0: [i64] -> []; two functions of type 0, function 0 exported (so
  // ref.func 0 is allowed in bodies). {decls0}/{code0}: function 0's local
  // declarations (count included) and code; {code1}: function 1's, whose only
  // local declaration is one i32.
  auto module = [](const Bytes& decls0, const Bytes& code0, const Bytes& code1 = {kEnd}) {
    WasmBuilder m;
    m.AddFuncType({kI64}, {});
    m.AddRawSection(2, 3, {0x02, 0x00, 0x00});
    m.AddExport("f", 0, 0);
    Emitter f0, f1, code_section;
    f0.Raw(decls0).Raw(code0);
    f1.Raw({0x01, 0x01, kI32}).Raw(code1);
    code_section.U32(2).Sized(f0.bytes()).Sized(f1.bytes());
    m.AddRawSection(9, 10, code_section.Take());
    return m.Build();
  };
  // Locals: 0 i64 (the parameter), 1-2 i32, (no f32), 3 (ref 0), 4 f64.
  const Bytes decls = {0x04, 0x02, kI32, 0x00, kF32, 0x01, 0x64, 0x00, 0x01, kF64};
  EXPECT_VALID(module(decls, {kLocalGet, 1, kLocalGet, 2, kI32Add, kDrop, kLocalGet, 0, kI64Const, 1,
                              kI64Add, kDrop, kLocalGet, 4, kDrop, kEnd}));
  EXPECT_INVALID(module(decls, {kLocalGet, 4, kI32Eqz, kDrop, kEnd}), "type mismatch");
  EXPECT_INVALID(module(decls, {kLocalGet, 5, kDrop, kEnd}), "unknown local");
  EXPECT_INVALID(module(decls, {kLocalGet, 3, kDrop, kEnd}), "uninitialized local");
  EXPECT_VALID(module(decls, {kRefFunc, 0, kLocalSet, 3, kLocalGet, 3, kDrop, kLocalGet, 2, kDrop, kEnd}));
  // Function 1 sees its own locals only: [i64 i32], all defaultable.
  EXPECT_VALID(module(decls, {kEnd}, {kLocalGet, 1, kI32Eqz, kDrop, kEnd}));
  EXPECT_INVALID(module(decls, {kEnd}, {kLocalGet, 2, kDrop, kEnd}), "unknown local");

  // At the limit, parameter included: the last local is an i32.
  Emitter big_decls, last, past;
  big_decls.U8(1).U32(limits::kMaxFunctionLocals - 1).U8(kI32);
  last.U8(kLocalGet).U32(limits::kMaxFunctionLocals - 1).Raw({kI32Eqz, kDrop, kEnd});
  past.U8(kLocalGet).U32(limits::kMaxFunctionLocals).Raw({kDrop, kEnd});
  EXPECT_VALID(module(big_decls.bytes(), last.bytes(), {kLocalGet, 1, kDrop, kEnd}));
  EXPECT_INVALID(module(big_decls.bytes(), past.bytes()), "unknown local");
  EXPECT_INVALID(module(big_decls.bytes(), {kEnd}, {kLocalGet, 2, kDrop, kEnd}), "unknown local");
}

// ---- Constant expressions ----

TEST(ValidatorTest, ConstantExpressions) {
  WasmBuilder ok;
  ok.AddGlobal(kI32, false, {kI32Const, 1, kEnd});
  ok.AddGlobal(kI32, false, {kGlobalGet, 0, kI32Const, 2, kI32Add, kEnd});  // extended-const
  ok.AddGlobal(kV128, false, {kPrefixFD, 0x0C, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, kEnd});
  EXPECT_VALID(ok.Build());

  WasmBuilder not_const;
  not_const.AddGlobal(kI32, false, {kI32Const, 1, kI32Eqz, kEnd});
  EXPECT_INVALID(not_const.Build(), "constant expression required");

  WasmBuilder mut;
  mut.AddGlobal(kI32, true, {kI32Const, 1, kEnd});
  mut.AddGlobal(kI32, false, {kGlobalGet, 0, kEnd});
  EXPECT_INVALID(mut.Build(), "constant expression required");

  WasmBuilder forward;
  forward.AddGlobal(kI32, false, {kGlobalGet, 1, kEnd});
  forward.AddGlobal(kI32, false, {kI32Const, 1, kEnd});
  EXPECT_INVALID(forward.Build(), "unknown global");

  WasmBuilder wrong_type;
  wrong_type.AddGlobal(kI32, false, {kI64Const, 1, kEnd});
  EXPECT_INVALID(wrong_type.Build(), "type mismatch");

  WasmBuilder two;
  two.AddGlobal(kI32, false, {kI32Const, 1, kI32Const, 2, kEnd});
  EXPECT_INVALID(two.Build(), "type mismatch");

  Features no_ext;
  no_ext.extended_const = false;
  WasmBuilder ext;
  ext.AddGlobal(kI32, false, {kI32Const, 1, kI32Const, 2, kI32Add, kEnd});
  EXPECT_INVALID_F(ext.Build(), no_ext, "constant expression required");
}

// ---- Unsupported proposals and malformed bodies ----

TEST(ValidatorTest, GcAndExceptionsAreUnsupported) {
  EXPECT_UNSUPPORTED(OneFunc({}, {}, {}, {kPrefixFB, 0x1C, kDrop, kEnd}), "requires gc");  // ref.i31
  EXPECT_UNSUPPORTED(OneFunc({}, {}, {}, {0x08, 0x00, kEnd}), "requires exceptions");        // throw 0
  EXPECT_UNSUPPORTED(OneFunc({}, {}, {}, {0xFE, 0x03, 0x00, kEnd}), "requires threads");     // atomic.fence
  EXPECT_UNSUPPORTED(OneFunc({}, {}, {}, {kRefNull, 0x6E, kDrop, kEnd}), "requires gc");     // ref.null any
}

TEST(ValidatorTest, GcHeapTypesWhenEnabled) {
  // With gc on, abstract heap types type-check (GC instructions stay unsupported).
  Bytes wasm = OneFunc({}, {}, {}, {kRefNull, 0x6E /*any*/, kRefIsNull, kDrop, kEnd});
  EXPECT_TRUE(Validate(wasm, Features::All()).ok()) << Validate(wasm, Features::All());
  // (ref null none) <: anyref, but not funcref.
  EXPECT_TRUE(Validate(OneFunc({}, {0x6E}, {}, {kRefNull, 0x71, kEnd}), Features::All()).ok());
  absl::Status s = Validate(OneFunc({}, {kFuncRef}, {}, {kRefNull, 0x71, kEnd}), Features::All());
  EXPECT_TRUE(IsInvalid(s)) << s;
  s = Validate(OneFunc({}, {}, {}, {kPrefixFB, 0x1C, kDrop, kEnd}), Features::All());
  EXPECT_TRUE(IsUnsupported(s)) << s;
}

TEST(ValidatorTest, ValidateFunctionApi) {
  WasmBuilder b;
  uint32_t t = b.AddFuncType({}, {});
  b.ImportFunc("m", "f", t);
  b.AddFunction(t, {}, {kNop, kEnd});
  b.AddFunction(t, {}, {kI32Add, kEnd});
  Bytes wasm = b.Build();
  auto module = DecodeModule(wasm.data(), wasm.size(), Features());
  ASSERT_TRUE(module.ok()) << module.status();
  EXPECT_TRUE(ValidateFunction(**module, 1, Features()).ok());
  EXPECT_TRUE(IsInvalid(ValidateFunction(**module, 2, Features())));
  EXPECT_FALSE(ValidateFunction(**module, 0, Features()).ok());  // imported: no body
  EXPECT_TRUE(IsInvalid(ValidateFunctions(**module, Features())));
}

TEST(ValidatorTest, MalformedBodies) {
  EXPECT_MALFORMED(OneFunc({}, {}, {}, {0xFF, kEnd}), "illegal opcode ff");
  EXPECT_MALFORMED(OneFunc({}, {}, {}, {kPrefixFC, 0x7F, kEnd}), "illegal opcode fc 7f");
  EXPECT_MALFORMED(OneFunc({}, {}, {}, {kI32Const, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00, kDrop, kEnd}),
                   "integer representation too long");
  EXPECT_MALFORMED(OneFunc({}, {}, {}, {kEnd, kNop}), "section size mismatch");
  // LEB128 immediates at full length: in range, and out of range in the last byte.
  EXPECT_VALID(OneFunc({}, {kI32}, {}, {kI32Const, 0xFF, 0xFF, 0xFF, 0xFF, 0x07, kEnd}));  // INT32_MAX
  EXPECT_VALID(OneFunc({}, {kI32}, {}, {kI32Const, 0x80, 0x80, 0x80, 0x80, 0x78, kEnd}));  // INT32_MIN
  EXPECT_MALFORMED(OneFunc({}, {kI32}, {}, {kI32Const, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F, kEnd}), "integer too large");
  EXPECT_MALFORMED(OneFunc({}, {kI32}, {}, {kI32Const, 0x80, 0x80, 0x80, 0x80, 0x70, kEnd}), "integer too large");
  EXPECT_VALID(OneFunc({}, {kI64}, {}, {kI64Const, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F, kEnd}));
  EXPECT_VALID(OneFunc({}, {kI64}, {}, {kI64Const, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00, kEnd}));
  EXPECT_MALFORMED(OneFunc({}, {kI64}, {}, {kI64Const, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01, kEnd}),
                   "integer too large");
  EXPECT_MALFORMED(OneFunc({}, {}, {kI32}, {kLocalGet, 0x80, 0x80, 0x80, 0x80, 0x10, kDrop, kEnd}), "integer too large");
  EXPECT_INVALID(OneFunc({}, {}, {kI32}, {kLocalGet, 0x81, 0x01, kDrop, kEnd}), "unknown local 129");
  EXPECT_MALFORMED(OneFunc({}, {}, {}, {kBlock, 0x60, kEnd, kEnd}), "malformed value type");
  EXPECT_INVALID(OneFunc({}, {}, {}, {kBlock, 0x10, kEnd, kEnd}), "unknown type 16");
  EXPECT_MALFORMED(OneFunc({}, {}, {}, {kBlock, kVoid, kEnd}), "unexpected end of section or function");
}

// The spec decodes before validating: a body that is invalid early but
// malformed later is malformed, as is a later malformed body.
TEST(ValidatorTest, MalformedAfterInvalidWins) {
  EXPECT_MALFORMED(OneFunc({}, {}, {}, {kI32Add, kBlock, kVoid, 0xFF, kEnd, kEnd}), "illegal opcode ff");
  EXPECT_MALFORMED(OneFunc({}, {}, {}, {kLocalGet, 9, kI32Const, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00, kEnd}),
                   "integer representation too long");
  EXPECT_INVALID(OneFunc({}, {}, {}, {kI32Add, kBlock, kVoid, kNop, kEnd, kEnd}), "type mismatch");
  // Invalid function 0, malformed function 1.
  WasmBuilder two;
  uint32_t t = two.AddFuncType({}, {});
  two.AddFunction(t, {}, {kI32Add, kEnd});
  two.AddFunction(t, {}, {kNop, 0xFF, kEnd});
  EXPECT_MALFORMED(two.Build(), "illegal opcode ff");
  // Invalid function 0, valid function 1: the first invalid error.
  WasmBuilder first;
  t = first.AddFuncType({}, {});
  first.AddFunction(t, {}, {kLocalGet, 3, kEnd});
  first.AddFunction(t, {}, {kI32Add, kEnd});
  EXPECT_INVALID(first.Build(), "unknown local 3");
  // Unsupported early, malformed later.
  EXPECT_MALFORMED(OneFunc({}, {}, {}, {kPrefixFB, 0x1C, kDrop, 0xFF, kEnd}), "illegal opcode ff");
  // A module-level validation error (duplicate export, found by the module
  // decoder) and a malformed body after it: the body wins.
  WasmBuilder dup;
  t = dup.AddFuncType({}, {});
  uint32_t f = dup.AddFunction(t, {}, {kNop, 0xFF, kEnd});
  dup.AddExport("x", 0x00, f);
  dup.AddExport("x", 0x00, f);
  EXPECT_MALFORMED(dup.Build(), "illegal opcode ff");
  WasmBuilder dup_ok;
  t = dup_ok.AddFuncType({}, {});
  f = dup_ok.AddFunction(t, {}, {kNop, kEnd});
  dup_ok.AddExport("x", 0x00, f);
  dup_ok.AddExport("x", 0x00, f);
  EXPECT_INVALID(dup_ok.Build(), "duplicate export name");
}

// ---- Implementation limits ----

TEST(ValidatorTest, DeepNestingIsAnErrorNotACrash) {
  Bytes code;
  const int depth = 100000;
  for (int i = 0; i < depth; ++i) code.insert(code.end(), {kBlock, kVoid});
  for (int i = 0; i < depth; ++i) code.push_back(kEnd);
  code.push_back(kEnd);
  absl::Status s = Validate(OneFunc({}, {}, {}, code));
  EXPECT_TRUE(IsInvalid(s)) << s;
  EXPECT_TRUE(absl::StrContains(s.message(), "implementation limit")) << s;

  // Nesting within the limit is fine.
  Bytes ok;
  for (int i = 0; i < 5000; ++i) ok.insert(ok.end(), {kBlock, kVoid});
  for (int i = 0; i < 5000; ++i) ok.push_back(kEnd);
  ok.push_back(kEnd);
  EXPECT_VALID(OneFunc({}, {}, {}, ok));
}

TEST(ValidatorTest, BrTableSizeLimit) {
  Emitter code;
  code.U8(kBlock).U8(kVoid).U8(kI32Const).U8(0).U8(kBrTable).U32(70000);
  for (int i = 0; i <= 70000; ++i) code.U8(0);
  code.U8(kEnd).U8(kEnd);
  absl::Status s = Validate(OneFunc({}, {}, {}, code.Take()));
  EXPECT_FALSE(s.ok());
  EXPECT_TRUE(absl::StrContains(s.message(), "implementation limit")) << s;
}

TEST(ValidatorTest, OperandStackLimit) {
  Bytes code;
  for (int i = 0; i < 60000; ++i) code.insert(code.end(), {kI32Const, 0});
  code.push_back(kUnreachable);
  code.push_back(kEnd);
  absl::Status s = Validate(OneFunc({}, {}, {}, code));
  EXPECT_TRUE(IsInvalid(s)) << s;
  EXPECT_TRUE(absl::StrContains(s.message(), "implementation limit")) << s;
}

// ---- The consumer interface ----

// Records what a consumer sees: every hook, in order, with stack heights.
struct RecordingInterface {
  struct Value {
    int id = -1;
  };
  struct ControlData {
    int blocks_before = 0;
  };
  static constexpr bool kTracksValues = true;
  using Entry = StackEntry<Value>;
  using Ctrl = Control<ControlData>;

  std::vector<std::string> log;
  int next_id = 0;

  template <typename D> void StartFunction(D& d) { log.push_back("start"); }
  template <typename D>
  void OnInstr(D& d, const Instr& instr, const Entry* args, uint32_t nargs, Entry* results, uint32_t nresults) {
    std::string line = instr.info->name;
    for (uint32_t i = 0; i < nargs; ++i) line += " a" + std::to_string(args[i].value.id);
    for (uint32_t i = 0; i < nresults; ++i) {
      results[i].value.id = next_id++;
      line += " r" + std::to_string(results[i].value.id);
    }
    log.push_back(line);
  }
  template <typename D> void OnBlock(D& d, const Instr& instr, Ctrl& c, const Entry* cond) {
    log.push_back(std::string(instr.info->name) + (cond ? " c" + std::to_string(cond->value.id) : ""));
  }
  template <typename D> void OnElse(D& d, Ctrl& c) { log.push_back("else"); }
  template <typename D> void OnEnd(D& d, Ctrl& c, Entry* results) {
    log.push_back("end h" + std::to_string(d.stack_height()));
  }
  template <typename D> void OnBranch(D& d, const Instr& instr, const Entry* operand) {
    log.push_back(std::string(instr.info->name) + (operand ? " o" + std::to_string(operand->value.id) : ""));
  }
  template <typename D> void FinishFunction(D& d) { log.push_back("finish"); }
};

TEST(FunctionBodyDecoderTest, ConsumerSeesValuesAndControl) {
  Bytes wasm = OneFunc({kI32}, {kI32}, {},
                       {kLocalGet, 0, kIf, kI32, kI32Const, 1, kElse, kI32Const, 2, kEnd,  //
                        kLocalGet, 0, kI32Add, kBlock, kVoid, kBr, 0, kI32Const, 9, kDrop, kEnd, kEnd});
  auto module = DecodeAndValidate(wasm.data(), wasm.size(), Features());
  ASSERT_TRUE(module.ok()) << module.status();
  RecordingInterface rec;
  FunctionBodyDecoder<RecordingInterface> decoder(**module, Features(), rec);
  ASSERT_TRUE(decoder.DecodeFunction(0).ok());
  const std::vector<std::string> want = {
      "start",          "local.get r0", "if c0",       "i32.const r1", "else",
      "i32.const r2",   "end h1",       "local.get r3", "i32.add a2 a3 r4",
      "block",          "br",           "end h1",      "end h1",       "finish"};
  EXPECT_EQ(rec.log, want);
  EXPECT_EQ(decoder.max_stack_height(), 2u);
}

}  // namespace
}  // namespace wasmtier

namespace wasmtier {
namespace {

// Constants reach consumers decoded: every LEB length, both signs.
struct ConstRecorder : ValidateOnlyInterface {
  std::vector<int64_t> values;
  template <typename D>
  void OnInstr(D&, const Instr& instr, const Entry*, uint32_t, Entry*, uint32_t) {
    if (instr.opcode == Opcode::kI32Const) values.push_back(instr.value.i32);
    if (instr.opcode == Opcode::kI64Const) values.push_back(instr.value.i64);
  }
};

TEST(FunctionBodyDecoderTest, ConstantImmediates) {
  const std::vector<int64_t> i32s = {0, 1, -1, 63, 64, -64, -65, 8191, -8192, 1 << 20, -(1 << 27),
                                     INT32_MAX, INT32_MIN};
  const std::vector<int64_t> i64s = {0, -1, 1LL << 40, -(1LL << 50), INT64_MAX, INT64_MIN};
  Emitter code;
  for (int64_t v : i32s) code.U8(kI32Const).S64(v).U8(kDrop);
  for (int64_t v : i64s) code.U8(kI64Const).S64(v).U8(kDrop);
  code.U8(kEnd);
  Bytes wasm = OneFunc({}, {}, {}, code.Take());
  auto module = DecodeAndValidate(wasm.data(), wasm.size(), Features());
  ASSERT_TRUE(module.ok()) << module.status();
  ConstRecorder rec;
  FunctionBodyDecoder<ConstRecorder> decoder(**module, Features(), rec);
  ASSERT_TRUE(decoder.DecodeFunction(0).ok());
  std::vector<int64_t> want = i32s;
  want.insert(want.end(), i64s.begin(), i64s.end());
  EXPECT_EQ(rec.values, want);
}

}  // namespace
}  // namespace wasmtier

namespace wasmtier {
namespace {

// Random byte mutations of a module that exercises most instruction families:
// the decoder must return a status (never crash, hang or read out of bounds;
// run under --config=asan), and a value-tracking consumer must agree with it.
TEST(FunctionBodyDecoderTest, MutatedBodiesNeverCrash) {
  WasmBuilder b;
  uint32_t t = b.AddFuncType({kI32, kI64}, {kI32});
  uint32_t bt = b.AddFuncType({kI32}, {kI32});
  b.AddTable(kFuncRef, 1);
  b.AddMemory(1);
  b.AddGlobal(kI32, true, {kI32Const, 0, kEnd});
  b.SetDataCount(1);
  b.AddRawData({0x01, 0x00});
  const Bytes v128_const = {kPrefixFD, 0x0C, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
  Bytes code = Cat({{kLocalGet, 0, kBlock, static_cast<uint8_t>(bt), kLocalGet, 0, kI32Add, kLoop, kVoid,
                     kLocalGet, 0, kBrIf, 0, kEnd, kLocalGet, 0, kIf, kI32, kI32Const, 1, kElse,
                     kI32Const, 2, kEnd, kI32Add, kEnd, kGlobalSet, 0, kLocalGet, 0, kI32Load, 2, 4,
                     kLocalGet, 1, kI64Const, 7, kI64Add, kDrop, kI32Const, 0, kI32Const, 0, kI32Const, 0,
                     kPrefixFC, 8, 0, 0, kPrefixFC, 9, 0, kBlock, kVoid, kLocalGet, 0, kBrTable, 2, 0, 0, 0,
                     kEnd},
                    v128_const,
                    {kPrefixFD, 0x1B, 3, kI32Add, kI32Const, 0, kCallIndirect, 1, 0, kI32Const, 5, kRefNull,
                     kFuncRef, kRefIsNull, kSelect, kEnd}});
  b.AddFunction(t, {kI32, kF64}, code);
  const Bytes original = b.Build();
  ASSERT_TRUE(Validate(original).ok()) << Validate(original);

  uint64_t state = 0x9E3779B97F4A7C15ull;
  auto next = [&]() {
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    return state;
  };
  int valid = 0;
  for (int round = 0; round < 3000; ++round) {
    Bytes wasm = original;
    const int flips = 1 + next() % 3;
    for (int i = 0; i < flips; ++i) {
      // Mutate only the code section's tail, where the body lives.
      const size_t at = wasm.size() - 1 - next() % code.size();
      wasm[at] = static_cast<uint8_t>(next());
    }
    absl::Status s = Validate(wasm);
    ASSERT_TRUE(s.ok() || IsMalformed(s) || IsInvalid(s) || IsUnsupported(s)) << s;
    if (!s.ok()) continue;
    ++valid;
    auto module = DecodeAndValidate(wasm.data(), wasm.size(), Features());
    ASSERT_TRUE(module.ok());
    RecordingInterface rec;
    FunctionBodyDecoder<RecordingInterface> decoder(**module, Features(), rec);
    for (uint32_t f = (*module)->num_imported_functions; f < (*module)->functions.size(); ++f) {
      ASSERT_TRUE(decoder.DecodeFunction(f).ok());
    }
  }
  EXPECT_GT(valid, 0);
}

}  // namespace
}  // namespace wasmtier

namespace wasmtier {
namespace {

// Walks the opcode table: every row of a proposal the validator covers is
// typed, by hand or from its signature, and rows with lanes or memory accesses
// got their lane count / natural alignment from the table's names.
TEST(FunctionBodyDecoderTest, EveryOpcodeOfCoveredProposalsIsTyped) {
  size_t count;
  const OpcodeInfo* all = AllOpcodes(&count);
  for (size_t i = 0; i < count; ++i) {
    const OpcodeInfo& info = all[i];
    switch (info.feature) {
      case OpFeature::kGc:
      case OpFeature::kExceptions:
      case OpFeature::kLegacyExceptions:
      case OpFeature::kThreads:
      case OpFeature::kWideArithmetic:
        continue;  // later work: rejected as unsupported
      default:
        break;
    }
    if (info.sig.special) {
      EXPECT_TRUE(IsExplicitlyTyped(info.opcode)) << info.name;
    } else if (!IsExplicitlyTyped(info.opcode)) {
      EXPECT_TRUE(IsGenericImmediate(info.imm)) << info.name;
    }
    const OpcodeExtra& extra = GetOpcodeExtra(info);
    if (info.imm == ImmKind::kLane || info.imm == ImmKind::kMemArgLane) {
      EXPECT_TRUE(extra.lanes == 2 || extra.lanes == 4 || extra.lanes == 8 || extra.lanes == 16) << info.name;
    }
    if (info.imm == ImmKind::kShuffle) EXPECT_EQ(extra.lanes, 32) << info.name;
    if (info.imm == ImmKind::kMemArg || info.imm == ImmKind::kMemArgLane) {
      EXPECT_LE(extra.max_align_log2, 4) << info.name;
    }
  }
  // Spot checks of the name-derived facts.
  EXPECT_EQ(GetOpcodeExtra(GetOpcodeInfo(Opcode::kI64Load32S)).max_align_log2, 2);
  EXPECT_EQ(GetOpcodeExtra(GetOpcodeInfo(Opcode::kV128Load)).max_align_log2, 4);
  EXPECT_EQ(GetOpcodeExtra(GetOpcodeInfo(Opcode::kV128Load8x8S)).max_align_log2, 3);
  EXPECT_EQ(GetOpcodeExtra(GetOpcodeInfo(Opcode::kV128Load16Lane)).lanes, 8);
  EXPECT_EQ(GetOpcodeExtra(GetOpcodeInfo(Opcode::kI16x8ExtractLaneS)).lanes, 8);
  EXPECT_EQ(GetOpcodeExtra(GetOpcodeInfo(Opcode::kF64x2ReplaceLane)).lanes, 2);
}

}  // namespace
}  // namespace wasmtier
