// WasmModule decoder tests: every section round-trips into the WasmModule, and every
// malformed/invalid rule family fails with the spec testsuite's wording and
// the right status kind. Also: truncation at every byte, hostile counts.
#include "engine/decoder.h"

#include <string>
#include <string_view>
#include <vector>

#include "engine/error.h"
#include "engine/limits.h"
#include "engine/subtyping.h"
#include "engine/testing/wasm_builder.h"
#include "gtest/gtest.h"

namespace wasmtier {
namespace {

using testing::Bytes;
using testing::Emitter;
using testing::WasmBuilder;
using testing::kF32;
using testing::kF64;
using testing::kFuncRef;
using testing::kExternRef;
using testing::kI32;
using testing::kI64;

const Bytes kPreamble = {0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00};

// Preamble followed by raw bytes.
Bytes Wasm(std::initializer_list<Bytes> parts) {
  Bytes out = kPreamble;
  for (const Bytes& p : parts) out.insert(out.end(), p.begin(), p.end());
  return out;
}

Bytes Section(uint8_t id, const Bytes& payload) {
  Emitter e;
  e.U8(id).Sized(payload);
  return e.Take();
}

Bytes Cat(std::initializer_list<Bytes> parts) {
  Bytes out;
  for (const Bytes& p : parts) out.insert(out.end(), p.begin(), p.end());
  return out;
}

Features Gc() {
  Features f;
  f.gc = true;
  return f;
}

absl::StatusOr<std::unique_ptr<WasmModule>> Decode(const Bytes& b, const Features& f = Features()) {
  return DecodeModule(b.data(), b.size(), f);
}

std::unique_ptr<WasmModule> DecodeOk(const Bytes& b, const Features& f = Features()) {
  auto result = Decode(b, f);
  EXPECT_TRUE(result.ok()) << result.status();
  return result.ok() ? std::move(*result) : nullptr;
}

bool StartsWith(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

// The message must start with the expected spec text (the offset follows it).
::testing::AssertionResult Fails(const Bytes& b, bool (*kind)(const absl::Status&),
                                 std::string_view kind_name, std::string_view message,
                                 const Features& f) {
  auto result = Decode(b, f);
  if (result.ok()) return ::testing::AssertionFailure() << "decoded fine, wanted: " << message;
  const absl::Status& s = result.status();
  if (!kind(s)) return ::testing::AssertionFailure() << "not " << kind_name << ": " << s;
  if (!StartsWith(std::string_view(s.message().data(), s.message().size()), message)) {
    return ::testing::AssertionFailure() << "wanted \"" << message << "\", got: " << s;
  }
  if (ErrorOffset(s) == SIZE_MAX || ErrorOffset(s) > b.size()) {
    return ::testing::AssertionFailure() << "bad offset in " << s;
  }
  return ::testing::AssertionSuccess();
}

::testing::AssertionResult Malformed(const Bytes& b, std::string_view m, const Features& f = {}) {
  return Fails(b, IsMalformed, "malformed", m, f);
}
::testing::AssertionResult Invalid(const Bytes& b, std::string_view m, const Features& f = {}) {
  return Fails(b, IsInvalid, "invalid", m, f);
}
::testing::AssertionResult Unsupported(const Bytes& b, std::string_view m, const Features& f = {}) {
  return Fails(b, IsUnsupported, "unsupported", m, f);
}

constexpr char kEof[] = "unexpected end of section or function";

// ---------------------------------------------------------------------------
// Preamble and section framing

TEST(DecoderPreamble, EmptyModule) {
  auto m = DecodeOk(kPreamble);
  ASSERT_NE(m, nullptr);
  EXPECT_TRUE(m->types.empty());
  EXPECT_TRUE(m->sections.empty());
  EXPECT_EQ(m->bytes, kPreamble);
}

TEST(DecoderPreamble, MagicAndVersion) {
  EXPECT_TRUE(Malformed({}, "unexpected end"));
  EXPECT_TRUE(Malformed({0x01}, "unexpected end"));
  EXPECT_TRUE(Malformed({0x00, 'a', 's'}, "unexpected end"));
  EXPECT_TRUE(Malformed({'a', 's', 'm', 0x00}, "magic header not detected"));
  EXPECT_TRUE(Malformed({0x00, 'A', 'S', 'M', 1, 0, 0, 0}, "magic header not detected"));
  EXPECT_TRUE(Malformed({0x00, 'a', 's', 'm', 1}, "unexpected end"));
  EXPECT_TRUE(Malformed({0x00, 'a', 's', 'm', 0, 0, 0, 0}, "unknown binary version"));
  EXPECT_TRUE(Malformed({0x00, 'a', 's', 'm', 0x0d, 0, 0, 0}, "unknown binary version"));
  EXPECT_TRUE(Malformed({0x00, 'a', 's', 'm', 0, 0, 0, 1}, "unknown binary version"));
  EXPECT_TRUE(Unsupported({0x00, 'a', 's', 'm', 0x0d, 0, 1, 0}, "unsupported: component"));
}

TEST(DecoderSections, MalformedSectionId) {
  EXPECT_TRUE(Malformed(Wasm({{0x0e, 0x01, 0x00}}), "malformed section id"));
  EXPECT_TRUE(Malformed(Wasm({{0x7f, 0x01, 0x00}}), "malformed section id"));
  EXPECT_TRUE(Malformed(Wasm({{0x80, 0x00, 0x01, 0x01, 0x00}}), "malformed section id"));
}

TEST(DecoderSections, OrderAndDuplicates) {
  const char* kMsg = "unexpected content after last section";
  EXPECT_TRUE(Malformed(Wasm({Section(1, {0}), Section(1, {0})}), kMsg));
  EXPECT_TRUE(Malformed(Wasm({Section(2, {0}), Section(1, {0})}), kMsg));
  EXPECT_TRUE(Malformed(Wasm({Section(10, {0}), Section(12, {0})}), kMsg));  // datacount after code
  EXPECT_TRUE(Malformed(Wasm({Section(12, {0}), Section(9, {0})}), kMsg));   // elem after datacount
  EXPECT_TRUE(Malformed(Wasm({Section(11, {0}), Section(10, {0})}), kMsg));
  EXPECT_TRUE(Malformed(Wasm({Section(9, {0}), Section(8, {0})}), kMsg));
  // Data count sits between element and code; custom sections go anywhere.
  auto m = DecodeOk(Wasm({Section(0, {1, 'x'}), Section(9, {0}), Section(0, {1, 'y'}),
                          Section(12, {0}), Section(10, {0}), Section(11, {0})}));
  ASSERT_NE(m, nullptr);
  ASSERT_EQ(m->sections.size(), 6u);
  EXPECT_EQ(m->sections[0].id, SectionId::kCustom);
  EXPECT_EQ(m->sections[3].id, SectionId::kDataCount);
  EXPECT_EQ(m->sections[3].payload.offset, kPreamble.size() + 3 + 2 + 3 + 3 + 2);
  EXPECT_EQ(m->sections[3].payload.length, 1u);
  ASSERT_TRUE(m->data_count.has_value());
  EXPECT_EQ(*m->data_count, 0u);
}

TEST(DecoderSections, TagSectionBetweenMemoryAndGlobal) {
  Features f = Features::All();
  // type [] -> [], memory, tag 0, global section (empty).
  Bytes ok = Wasm({Section(1, {1, 0x60, 0, 0}), Section(5, {1, 0, 0}), Section(13, {1, 0, 0}),
                   Section(6, {0})});
  auto m = DecodeOk(ok, f);
  ASSERT_NE(m, nullptr);
  ASSERT_EQ(m->tags.size(), 1u);
  EXPECT_EQ(m->tags[0].type_index, 0u);
  EXPECT_FALSE(m->tags[0].imported);
  EXPECT_TRUE(Malformed(Wasm({Section(1, {1, 0x60, 0, 0}), Section(6, {0}), Section(13, {1, 0, 0})}),
                        "unexpected content after last section", f));
  EXPECT_TRUE(Malformed(Wasm({Section(1, {1, 0x60, 0, 0}), Section(13, {1, 0, 0}), Section(5, {0})}),
                        "unexpected content after last section", f));
  EXPECT_TRUE(Unsupported(Wasm({Section(1, {1, 0x60, 0, 0}), Section(13, {1, 0, 0})}),
                          "unsupported: exceptions"));
  EXPECT_TRUE(Invalid(Wasm({Section(1, {1, 0x60, 0, 1, kI32}), Section(13, {1, 0, 0})}),
                      "non-empty tag result type", f));
  EXPECT_TRUE(Invalid(Wasm({Section(13, {1, 0, 0})}), "unknown type 0", f));
  EXPECT_TRUE(Malformed(Wasm({Section(1, {1, 0x60, 0, 0}), Section(13, {1, 1, 0})}),
                        "zero byte expected", f));
}

TEST(DecoderSections, SizeRules) {
  // Section size beyond the module.
  EXPECT_TRUE(Malformed(Wasm({{0x01, 0x07, 0x02, 0x60, 0x00, 0x00}}), "length out of bounds"));
  // Fewer bytes used than declared.
  EXPECT_TRUE(Malformed(Wasm({{0x01, 0x07, 0x01, 0x60, 0, 0, 0x60, 0, 0}}), "section size mismatch"));
  // Count larger than the contents, at the end of the module.
  EXPECT_TRUE(Malformed(Wasm({{0x04, 0x01, 0x01}}), kEof));
  EXPECT_TRUE(Malformed(Wasm({{0x05, 0x03, 0x02, 0x00, 0x00}}), kEof));
  // ... and followed by another section: items are read on from the module
  // stream (the reference does), so the next section's id becomes a name length.
  Bytes two_exports_one_given = Wasm({Section(1, {1, 0x60, 0, 0}), Section(3, {2, 0, 0}),
                                      {0x07, 0x06, 0x02, 0x02, 'f', '1', 0x00, 0x00},
                                      Section(10, {2, 2, 0, 0x0b, 2, 0, 0x0b})});
  EXPECT_TRUE(Malformed(two_exports_one_given, "length out of bounds"));
  // Section header itself truncated.
  EXPECT_TRUE(Malformed(Wasm({{0x00}}), "unexpected end"));
  EXPECT_TRUE(Malformed(Wasm({{0x01, 0x80}}), "unexpected end"));
  // Concatenated modules: the second magic reads as a custom section size.
  EXPECT_TRUE(Malformed(Cat({kPreamble, kPreamble}), "length out of bounds"));
}

TEST(DecoderSections, ErrorOffsets) {
  auto offset_of = [](const Bytes& b) {
    auto result = Decode(b);
    return result.ok() ? SIZE_MAX : ErrorOffset(result.status());
  };
  EXPECT_EQ(offset_of(Wasm({{0x0e, 0x01, 0x00}})), 8u);             // the id byte
  EXPECT_EQ(offset_of(Wasm({{0x01, 0x07, 0x01, 0x60, 0, 0, 0x60, 0, 0}})), 10u);  // payload
  EXPECT_EQ(offset_of(Wasm({Section(1, {1, 0x60, 0, 0}), Section(3, {2, 0, 5})})), 18u);  // index
  EXPECT_EQ(offset_of(Wasm({Section(2, {1, 0, 0, 0x07})})), 13u);   // the kind byte
  EXPECT_EQ(offset_of({0x00, 'a', 's', 'm', 2, 0, 0, 0}), 4u);
}

// The spec decodes the whole module before validating it, so a malformed
// error anywhere wins over a validation error earlier in the module (for the
// module-level rules that decoding does not depend on).
TEST(DecoderSections, MalformedWinsOverEarlierInvalid) {
  Bytes type = Section(1, {1, 0x60, 0, 0});
  Bytes big_memory = Section(5, {1, 0x00, 0x81, 0x80, 0x04});  // 65537 pages
  EXPECT_TRUE(Malformed(Wasm({big_memory, {0x0e, 0x01, 0x00}}), "malformed section id"));
  EXPECT_TRUE(Malformed(Wasm({big_memory, Section(11, {1, 0x05})}), "malformed data segment kind"));
  EXPECT_TRUE(Malformed(Wasm({type, Section(3, {1, 0}), Section(7, {1, 1, 'x', 0x00, 0x07})}),
                        "function and code section have inconsistent lengths"));
  EXPECT_TRUE(Malformed(Wasm({type, Section(3, {1, 0}), Section(8, {0x05}),
                              Section(10, {1, 2, 0, 0x0b}), Section(11, {1, 0x09})}),
                        "malformed data segment kind"));
  // Between validation errors the first one wins, deferred or not.
  EXPECT_TRUE(Invalid(Wasm({big_memory, Section(7, {2, 1, 'a', 0x02, 0, 1, 'a', 0x02, 0})}),
                      "memory size"));
  EXPECT_TRUE(Invalid(Wasm({big_memory, Section(11, {1, 0x02, 0x01, 0x41, 0, 0x0b, 0})}),
                      "memory size"));
  EXPECT_TRUE(Invalid(Wasm({Section(5, {1, 0x01, 2, 1}), Section(5 + 1, {1, 0x7F, 0x00, 0x41, 0,
                                                                          0x0b}),
                            Section(7, {1, 1, 'g', 0x03, 0x01})}),
                      "size minimum must not be greater than maximum"));
}

// ---------------------------------------------------------------------------
// Type section

TEST(DecoderTypes, FuncTypesRoundTrip) {
  WasmBuilder b;
  b.AddFuncType({kI32, kI64}, {kF32});
  b.AddFuncType({}, {});
  b.AddFuncType({kI32, kI64}, {kF32});
  b.AddFuncType({kFuncRef, kExternRef, testing::kV128}, {kF64, kI32});
  auto m = DecodeOk(b.Build());
  ASSERT_NE(m, nullptr);
  ASSERT_EQ(m->types.size(), 4u);
  EXPECT_EQ(m->types[0].kind, TypeDef::Kind::kFunc);
  EXPECT_EQ(m->types[0].func.ToString(), "[i32 i64] -> [f32]");
  EXPECT_EQ(m->types[3].func.ToString(), "[funcref externref v128] -> [f64 i32]");
  EXPECT_TRUE(m->types[0].is_final);
  EXPECT_EQ(m->types[0].supertype, TypeDef::kNoSupertype);
  EXPECT_EQ(m->types[2].rec_group_start, 2u);
  EXPECT_EQ(m->types[2].rec_group_size, 1u);
  ASSERT_EQ(m->canonical_type_ids.size(), 4u);
  EXPECT_EQ(m->canonical_type_ids[0], m->canonical_type_ids[2]);
  EXPECT_NE(m->canonical_type_ids[0], m->canonical_type_ids[1]);
  EXPECT_NE(m->canonical_type_ids[1], m->canonical_type_ids[3]);
  EXPECT_TRUE(TypesEquivalent(0, 2, *m));
}

TEST(DecoderTypes, TypedReferences) {
  // type 0: [] -> [], type 1: [(ref null 0)] -> [(ref 1)] (a singleton group
  // may refer to itself).
  Bytes types = {2, 0x60, 0, 0, 0x60, 1, 0x63, 0x00, 1, 0x64, 0x01};
  Features f;
  f.gc = false;
  auto m = DecodeOk(Wasm({Section(1, types)}), f);
  ASSERT_NE(m, nullptr);
  EXPECT_EQ(m->types[1].func.params[0], ValType::Ref(HeapType::Index(0), true));
  EXPECT_EQ(m->types[1].func.results[0], ValType::Ref(HeapType::Index(1), false));
  EXPECT_TRUE(Invalid(Wasm({Section(1, {2, 0x60, 1, 0x63, 0x01, 0, 0x60, 0, 0})}), "unknown type 1"));
  // Without GC each type is its own group: a reference past the section is unknown.
  EXPECT_TRUE(Invalid(Wasm({Section(1, {1, 0x60, 1, 0x63, 0x05, 0})}), "unknown type 5"));
  EXPECT_TRUE(Invalid(Wasm({Section(1, {1, 0x60, 1, 0x64, 0x80, 0x80, 0x04, 0})}),
                      "unknown type 65536"));
  // Abstract GC heap types need GC; exn needs exceptions.
  EXPECT_TRUE(Unsupported(Wasm({Section(1, {1, 0x60, 1, 0x6E, 0})}), "unsupported: gc"));
  EXPECT_TRUE(Unsupported(Wasm({Section(1, {1, 0x60, 1, 0x64, 0x6E, 0})}), "unsupported: gc"));
  EXPECT_TRUE(Unsupported(Wasm({Section(1, {1, 0x60, 1, 0x69, 0})}), "unsupported: exceptions"));
  auto g = DecodeOk(Wasm({Section(1, {1, 0x60, 2, 0x6E, 0x64, 0x6C, 0})}), Gc());
  ASSERT_NE(g, nullptr);
  EXPECT_EQ(g->types[0].func.params[0], ValType::Ref(HeapType(HeapType::kAny), true));
  EXPECT_EQ(g->types[0].func.params[1], ValType::Ref(HeapType(HeapType::kI31), false));
  // Malformed heap and value types.
  EXPECT_TRUE(Malformed(Wasm({Section(1, {1, 0x60, 1, 0x63, 0x40, 0})}), "malformed heap type"));
  EXPECT_TRUE(Malformed(Wasm({Section(1, {1, 0x60, 1, 0x63, 0xF0, 0x7F, 0})}),
                        "malformed heap type"));
  EXPECT_TRUE(Malformed(Wasm({Section(1, {1, 0x60, 1, 0x40, 0})}), "malformed value type"));
  EXPECT_TRUE(Malformed(Wasm({Section(1, {1, 0x61, 0, 0})}), "malformed definition type"));
  // Type constructors are one-byte s7 LEBs: a continuation bit is too long.
  EXPECT_TRUE(Malformed(Wasm({Section(1, {1, 0xE0, 0x7F, 0, 0})}), "integer representation too long"));
  EXPECT_TRUE(Malformed(Wasm({Section(1, {1, 0x60, 1, 0xFF, 0x7F, 0})}),
                        "integer representation too long"));
  // v128 needs SIMD.
  Features no_simd;
  no_simd.simd = false;
  EXPECT_TRUE(Unsupported(Wasm({Section(1, {1, 0x60, 1, 0x7B, 0})}), "unsupported: simd", no_simd));
}

TEST(DecoderTypes, GcCompositeTypesNeedGc) {
  EXPECT_TRUE(Unsupported(Wasm({Section(1, {1, 0x5F, 0})}), "unsupported: gc"));
  EXPECT_TRUE(Unsupported(Wasm({Section(1, {1, 0x5E, 0x7F, 0})}), "unsupported: gc"));
  EXPECT_TRUE(Unsupported(Wasm({Section(1, {1, 0x4E, 0})}), "unsupported: gc"));
  EXPECT_TRUE(Unsupported(Wasm({Section(1, {1, 0x50, 0, 0x60, 0, 0})}), "unsupported: gc"));
}

TEST(DecoderTypes, StructsArraysAndRecGroups) {
  // rec { 0: struct (field i8) (field (mut i64)) (field (ref null 1)),
  //       1: array (mut i16) }, 2: sub final struct, 3: array (ref 0)
  Bytes types = {3,
                 0x4E, 2,
                 0x5F, 3, 0x78, 0, 0x7E, 1, 0x63, 0x01, 0,
                 0x5E, 0x77, 1,
                 0x4F, 0, 0x5F, 0,
                 0x5E, 0x64, 0x00, 0};
  auto m = DecodeOk(Wasm({Section(1, types)}), Gc());
  ASSERT_NE(m, nullptr);
  ASSERT_EQ(m->types.size(), 4u);
  const TypeDef& s = m->types[0];
  EXPECT_EQ(s.kind, TypeDef::Kind::kStruct);
  ASSERT_EQ(s.struct_.fields.size(), 3u);
  EXPECT_EQ(s.struct_.fields[0].storage.packed, StorageType::kI8);
  EXPECT_EQ(s.struct_.fields[0].storage.type, ValType::I32());
  EXPECT_FALSE(s.struct_.fields[0].mutable_);
  EXPECT_EQ(s.struct_.fields[1].storage.type, ValType::I64());
  EXPECT_TRUE(s.struct_.fields[1].mutable_);
  EXPECT_EQ(s.struct_.fields[2].storage.type, ValType::Ref(HeapType::Index(1), true));
  EXPECT_EQ(s.rec_group_start, 0u);
  EXPECT_EQ(s.rec_group_size, 2u);
  EXPECT_EQ(m->types[1].kind, TypeDef::Kind::kArray);
  EXPECT_EQ(m->types[1].array.field.storage.packed, StorageType::kI16);
  EXPECT_TRUE(m->types[1].array.field.mutable_);
  EXPECT_EQ(m->types[1].rec_group_start, 0u);
  EXPECT_TRUE(m->types[2].is_final);
  EXPECT_EQ(m->types[2].rec_group_start, 2u);
  EXPECT_EQ(m->types[3].array.field.storage.type, ValType::Ref(HeapType::Index(0), false));

  // Reference past the group's end.
  EXPECT_TRUE(Invalid(Wasm({Section(1, {2, 0x5E, 0x63, 0x01, 0, 0x5F, 0})}), "unknown type 1", Gc()));
  EXPECT_TRUE(Malformed(Wasm({Section(1, {1, 0x5E, 0x78, 0x02})}), "malformed mutability", Gc()));
  EXPECT_TRUE(Malformed(Wasm({Section(1, {1, 0x5E, 0x40, 0x00})}), "malformed storage type", Gc()));
  // An empty rec group defines nothing.
  auto e = DecodeOk(Wasm({Section(1, {2, 0x4E, 0, 0x60, 0, 0})}), Gc());
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->types.size(), 1u);
}

TEST(DecoderTypes, IsoRecursiveCanonicalisation) {
  // Two identical rec groups {struct (ref null 1), struct (ref null 0)}: same
  // ids position by position; a third group with the members swapped in a
  // distinguishable way differs; singleton func types referring to equivalent
  // types are equivalent.
  Bytes group = {0x4E, 2, 0x5F, 1, 0x63, 0x01, 0, 0x5F, 1, 0x63, 0x00, 0};
  Bytes group_a = {0x4E, 2, 0x5F, 1, 0x63, 0x03, 0, 0x5F, 1, 0x63, 0x02, 0};  // indices 2,3
  Bytes group_b = {0x4E, 2, 0x5F, 1, 0x63, 0x05, 0, 0x5F, 1, 0x63, 0x04, 0};  // indices 4,5
  Bytes odd = {0x4E, 2, 0x5F, 1, 0x63, 0x07, 1, 0x5F, 1, 0x63, 0x06, 0};  // mutable field
  Bytes f0 = {0x60, 1, 0x63, 0x00, 0};  // [(ref null 0)] -> []
  Bytes f2 = {0x60, 1, 0x63, 0x02, 0};  // [(ref null 2)] -> []
  Bytes types = Cat({{6}, group, group_a, group_b, odd, f0, f2});
  // Types: 0,1 | 2,3 | 4,5 | 6,7 | 8 | 9
  auto m = DecodeOk(Wasm({Section(1, types)}), Gc());
  ASSERT_NE(m, nullptr);
  const auto& ids = m->canonical_type_ids;
  ASSERT_EQ(ids.size(), 10u);
  EXPECT_EQ(ids[0], 0u);
  EXPECT_EQ(ids[1], 1u);
  EXPECT_EQ(ids[2], ids[0]);
  EXPECT_EQ(ids[3], ids[1]);
  EXPECT_EQ(ids[4], ids[0]);
  EXPECT_EQ(ids[5], ids[1]);
  EXPECT_NE(ids[0], ids[1]);  // same shape but different positions in the group
  EXPECT_NE(ids[6], ids[0]);
  EXPECT_NE(ids[7], ids[1]);
  EXPECT_EQ(ids[8], ids[9]);  // refer to equivalent types 0 and 2
  EXPECT_TRUE(TypesEquivalent(8, 9, *m));
  EXPECT_FALSE(TypesEquivalent(0, 1, *m));
}

TEST(DecoderTypes, CanonicalisationDistinguishesFinality) {
  Bytes types = {3, 0x60, 0, 0, 0x50, 0, 0x60, 0, 0, 0x4F, 0, 0x60, 0, 0};
  auto m = DecodeOk(Wasm({Section(1, types)}), Gc());
  ASSERT_NE(m, nullptr);
  EXPECT_NE(m->canonical_type_ids[0], m->canonical_type_ids[1]);  // final vs not
  EXPECT_EQ(m->canonical_type_ids[0], m->canonical_type_ids[2]);  // `sub final` == plain
}

TEST(DecoderTypes, Subtyping) {
  // 0: sub (struct (field i32)), 1: sub 0 (struct (field i32) (field i64))
  auto m = DecodeOk(Wasm({Section(1, {2, 0x50, 0, 0x5F, 1, 0x7F, 0, 0x50, 1, 0, 0x5F, 2, 0x7F, 0,
                                       0x7E, 0})}),
                    Gc());
  ASSERT_NE(m, nullptr);
  EXPECT_FALSE(m->types[0].is_final);
  EXPECT_EQ(m->types[1].supertype, 0u);
  EXPECT_TRUE(IsHeapSubtype(HeapType::Index(1), HeapType::Index(0), *m));

  // Final supertype (a plain struct is final).
  EXPECT_TRUE(Invalid(Wasm({Section(1, {2, 0x5F, 0, 0x50, 1, 0, 0x5F, 0})}),
                      "sub type 1 has final super type 0", Gc()));
  // Kind mismatch, field mismatch, mutable field must be invariant.
  EXPECT_TRUE(Invalid(Wasm({Section(1, {2, 0x50, 0, 0x5E, 0x7F, 0, 0x50, 1, 0, 0x5F, 0})}),
                      "sub type 1 does not match super type 0", Gc()));
  EXPECT_TRUE(Invalid(Wasm({Section(1, {2, 0x50, 0, 0x5E, 0x7F, 0, 0x50, 1, 0, 0x5E, 0x7E, 0})}),
                      "sub type 1 does not match super type 0", Gc()));
  EXPECT_TRUE(Invalid(Wasm({Section(1, {2, 0x50, 0, 0x5E, 0x63, 0x6E, 1, 0x50, 1, 0, 0x5E, 0x63,
                                        0x71, 1})}),
                      "sub type 1 does not match super type 0", Gc()));
  // Immutable fields are covariant: (ref null none) <: anyref.
  EXPECT_NE(DecodeOk(Wasm({Section(1, {2, 0x50, 0, 0x5E, 0x63, 0x6E, 0, 0x50, 1, 0, 0x5E, 0x63,
                                       0x71, 0})}),
                     Gc()),
            nullptr);
  // Function subtyping: contravariant params, covariant results.
  EXPECT_NE(DecodeOk(Wasm({Section(1, {2, 0x50, 0, 0x60, 1, 0x71, 1, 0x6E, 0x50, 1, 0, 0x60, 1,
                                       0x6E, 1, 0x71})}),
                     Gc()),
            nullptr);
  EXPECT_TRUE(Invalid(Wasm({Section(1, {2, 0x50, 0, 0x60, 1, 0x6E, 0, 0x50, 1, 0, 0x60, 1, 0x71,
                                        0})}),
                      "sub type 1 does not match super type 0", Gc()));
  // Supertype index rules.
  EXPECT_TRUE(Invalid(Wasm({Section(1, {1, 0x50, 1, 0, 0x5F, 0})}),
                      "forward use of type 0 in sub type definition", Gc()));
  EXPECT_TRUE(Invalid(Wasm({Section(1, {1, 0x50, 1, 3, 0x5F, 0})}), "unknown type 3", Gc()));
  EXPECT_TRUE(Invalid(Wasm({Section(1, {2, 0x50, 0, 0x5F, 0, 0x50, 2, 0, 0, 0x5F, 0})}),
                      "multiple supertypes", Gc()));
}

TEST(DecoderTypes, SubtypingDepthLimit) {
  Bytes types;
  const uint32_t n = limits::kMaxSubtypingDepth + 2;
  Emitter e;
  e.U32(n).U8(0x50).U8(0).U8(0x5F).U8(0);
  for (uint32_t i = 1; i < n; ++i) e.U8(0x50).U8(1).U32(i - 1).U8(0x5F).U8(0);
  EXPECT_TRUE(Invalid(Wasm({Section(1, e.bytes())}), "sub type", Gc()));
  Emitter ok;
  ok.U32(n - 1).U8(0x50).U8(0).U8(0x5F).U8(0);
  for (uint32_t i = 1; i < n - 1; ++i) ok.U8(0x50).U8(1).U32(i - 1).U8(0x5F).U8(0);
  EXPECT_NE(DecodeOk(Wasm({Section(1, ok.bytes())}), Gc()), nullptr);
}

// ---------------------------------------------------------------------------
// Imports

TEST(DecoderImports, AllKindsRoundTrip) {
  WasmBuilder b;
  uint32_t t = b.AddFuncType({kI32}, {});
  b.ImportFunc("env", "f", t);
  Emitter table, memory, global, memory64;
  table.Name("env").Name("t").U8(0x01).U8(kFuncRef).U8(0x01).U32(1).U32(10);
  memory.Name("env").Name("m").U8(0x02).U8(0x00).U32(2);
  global.Name("env").Name("g").U8(0x03).U8(kI64).U8(0x01);
  memory64.Name("env").Name("m64").U8(0x02).U8(0x05).U32(1).U32(1ull << 40);
  b.AddRawImport(table.Take());
  b.AddRawImport(memory.Take());
  b.AddRawImport(global.Take());
  b.AddRawImport(memory64.Take());
  b.AddFunction(t, {}, {0x0b});
  auto m = DecodeOk(b.Build());
  ASSERT_NE(m, nullptr);
  ASSERT_EQ(m->imports.size(), 5u);
  EXPECT_EQ(m->imports[0].module, "env");
  EXPECT_EQ(m->imports[0].name, "f");
  EXPECT_EQ(m->imports[0].kind, ExternKind::kFunc);
  EXPECT_EQ(m->imports[1].kind, ExternKind::kTable);
  EXPECT_EQ(m->imports[2].kind, ExternKind::kMemory);
  EXPECT_EQ(m->imports[3].kind, ExternKind::kGlobal);
  EXPECT_EQ(m->imports[4].index, 1u);  // second memory
  EXPECT_EQ(m->num_imported_functions, 1u);
  EXPECT_EQ(m->num_imported_tables, 1u);
  EXPECT_EQ(m->num_imported_memories, 2u);
  EXPECT_EQ(m->num_imported_globals, 1u);
  ASSERT_EQ(m->functions.size(), 2u);
  EXPECT_TRUE(m->functions[0].imported);
  EXPECT_FALSE(m->functions[1].imported);
  EXPECT_EQ(m->tables[0].type.limits.min, 1u);
  EXPECT_EQ(*m->tables[0].type.limits.max, 10u);
  EXPECT_TRUE(m->tables[0].imported);
  EXPECT_FALSE(m->tables[0].init.has_value());
  EXPECT_EQ(m->memories[0].type.limits.min, 2u);
  EXPECT_FALSE(m->memories[0].type.limits.max.has_value());
  EXPECT_TRUE(m->memories[1].type.limits.is64);
  EXPECT_EQ(*m->memories[1].type.limits.max, 1ull << 40);
  EXPECT_EQ(m->globals[0].type.type, ValType::I64());
  EXPECT_TRUE(m->globals[0].type.is_mutable);
  EXPECT_TRUE(m->globals[0].imported);
}

TEST(DecoderImports, Errors) {
  EXPECT_TRUE(Malformed(Wasm({{0x02, 0x04, 0x01, 0x00, 0x00, 0x05}}), "malformed import kind"));
  EXPECT_TRUE(Malformed(Wasm({{0x02, 0x05, 0x01, 0x00, 0x00, 0x80, 0x00}}), "malformed import kind"));
  EXPECT_TRUE(Invalid(Wasm({Section(2, {1, 0, 0, 0x00, 0x00})}), "unknown type 0"));
  EXPECT_TRUE(Malformed(Wasm({Section(2, {1, 1, 0xFF, 0, 0x00, 0x00})}), "malformed UTF-8 encoding"));
  EXPECT_TRUE(Malformed(Wasm({Section(2, {1, 0, 2, 0xC0, 0x80, 0x00, 0x00})}),
                        "malformed UTF-8 encoding"));
  EXPECT_TRUE(Malformed(Wasm({Section(2, {1, 0, 0x20, 'a'})}), "length out of bounds"));
  EXPECT_TRUE(Malformed(Wasm({Section(2, {1, 0, 0, 0x03, kI32, 0x02})}), "malformed mutability"));
  // A function import's type must be a function type.
  EXPECT_TRUE(Invalid(Wasm({Section(1, {1, 0x5F, 0}), Section(2, {1, 0, 0, 0x00, 0x00})}),
                      "non-function type 0", Gc()));
  // Tags.
  Bytes tag_import = Wasm({Section(1, {1, 0x60, 1, kI32, 0}), Section(2, {1, 0, 0, 0x04, 0, 0})});
  EXPECT_TRUE(Unsupported(tag_import, "unsupported: exceptions"));
  auto m = DecodeOk(tag_import, Features::All());
  ASSERT_NE(m, nullptr);
  ASSERT_EQ(m->tags.size(), 1u);
  EXPECT_TRUE(m->tags[0].imported);
  EXPECT_EQ(m->num_imported_tags, 1u);
  EXPECT_EQ(m->imports[0].kind, ExternKind::kTag);
  EXPECT_TRUE(Invalid(Wasm({Section(1, {1, 0x60, 0, 1, kI32}), Section(2, {1, 0, 0, 0x04, 0, 0})}),
                      "non-empty tag result type", Features::All()));
}

// ---------------------------------------------------------------------------
// Limits, tables and memories

TEST(DecoderLimits, Flags) {
  const char* kMsg = "malformed limits flags";
  EXPECT_TRUE(Malformed(Wasm({{0x04, 0x03, 0x01, 0x70, 0x08}}), kMsg));
  EXPECT_TRUE(Malformed(Wasm({{0x04, 0x04, 0x01, 0x70, 0x08, 0x00}}), kMsg));
  EXPECT_TRUE(Malformed(Wasm({{0x04, 0x06, 0x01, 0x70, 0x81, 0x00, 0x00, 0x00}}), kMsg));
  EXPECT_TRUE(Malformed(Wasm({{0x05, 0x02, 0x01, 0x08}}), kMsg));
  EXPECT_TRUE(Malformed(Wasm({{0x05, 0x03, 0x01, 0x10, 0x00}}), kMsg));
  EXPECT_TRUE(Malformed(Wasm({{0x05, 0x05, 0x01, 0x81, 0x01, 0x00, 0x00}}), kMsg));
  // Shared needs threads (off: unsupported, naming it); 64-bit needs
  // memory64; tables are never shared.
  {
    const std::vector<uint8_t> bytes = Wasm({Section(5, {1, 0x03, 1, 1})});
    absl::StatusOr<std::unique_ptr<WasmModule>> shared =
        DecodeModule(bytes.data(), bytes.size(), Features());
    ASSERT_FALSE(shared.ok());
    EXPECT_TRUE(IsUnsupported(shared.status())) << shared.status();
    EXPECT_NE(shared.status().message().find("threads"), std::string_view::npos);
  }
  Features no64;
  no64.memory64 = false;
  EXPECT_TRUE(Malformed(Wasm({Section(5, {1, 0x04, 1})}), kMsg, no64));
  EXPECT_TRUE(Malformed(Wasm({Section(4, {1, 0x70, 0x03, 1, 1})}), kMsg, Features::All()));
  auto m = DecodeOk(Wasm({Section(5, {1, 0x03, 1, 2})}), Features::All());
  ASSERT_NE(m, nullptr);
  EXPECT_TRUE(m->memories[0].type.limits.shared);
  EXPECT_TRUE(Invalid(Wasm({Section(5, {1, 0x02, 1})}), "shared memory must have maximum",
                      Features::All()));
}

TEST(DecoderLimits, Ranges) {
  const char* kMinMax = "size minimum must not be greater than maximum";
  EXPECT_TRUE(Invalid(Wasm({Section(5, {1, 0x01, 2, 1})}), kMinMax));
  EXPECT_TRUE(Invalid(Wasm({Section(4, {1, 0x70, 0x01, 1, 0})}), kMinMax));
  EXPECT_TRUE(Invalid(Wasm({Section(4, {1, 0x70, 0x05, 1, 0})}), kMinMax));  // table64
  // 65536 pages is fine, 65537 is not (min or max).
  Emitter ok, big_min, big_max, big64, table_big;
  ok.U8(1).U8(0x01).U32(65536).U32(65536);
  big_min.U8(1).U8(0x00).U32(65537);
  big_max.U8(1).U8(0x01).U32(0).U32(65537);
  big64.U8(1).U8(0x04).U32((1ull << 48) + 1);
  table_big.U8(1).U8(kFuncRef).U8(0x00).U32(1ull << 32);
  EXPECT_NE(DecodeOk(Wasm({Section(5, ok.bytes())})), nullptr);
  EXPECT_TRUE(Invalid(Wasm({Section(5, big_min.bytes())}),
                      "memory size must be at most 65536 pages (4GiB)"));
  EXPECT_TRUE(Invalid(Wasm({Section(5, big_max.bytes())}), "memory size"));
  EXPECT_TRUE(Invalid(Wasm({Section(5, big64.bytes())}), "memory size"));
  EXPECT_TRUE(Invalid(Wasm({Section(4, table_big.bytes())}), "table size"));
  Emitter table64_big;
  table64_big.U8(1).U8(kFuncRef).U8(0x04).U32(1ull << 40);
  auto m = DecodeOk(Wasm({Section(4, table64_big.bytes())}));
  ASSERT_NE(m, nullptr);
  EXPECT_TRUE(m->tables[0].type.limits.is64);
  EXPECT_EQ(m->tables[0].type.limits.min, 1ull << 40);
  // Limits are u64 LEBs: 11 bytes is too long, unused bits must be clear.
  EXPECT_TRUE(Malformed(Wasm({Section(5, {1, 0x00, 0x82, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80,
                                          0x80, 0x80, 0x00})}),
                        "integer representation too long"));
  EXPECT_TRUE(Malformed(Wasm({Section(5, {1, 0x00, 0x82, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80,
                                          0x80, 0x70})}),
                        "integer too large"));
}

TEST(DecoderLimits, MultipleMemoriesAndCustomPageSizes) {
  Features single;
  single.multi_memory = false;
  EXPECT_TRUE(Invalid(Wasm({Section(5, {2, 0, 0, 0, 0})}), "multiple memories", single));
  EXPECT_TRUE(Invalid(Wasm({Section(2, {1, 0, 0, 0x02, 0, 0}), Section(5, {1, 0, 0})}),
                      "multiple memories", single));
  auto m = DecodeOk(Wasm({Section(5, {2, 0, 0, 0, 1})}));
  ASSERT_NE(m, nullptr);
  EXPECT_EQ(m->memories.size(), 2u);
  Features one_table;
  one_table.reference_types = false;
  EXPECT_TRUE(Invalid(Wasm({Section(4, {2, kFuncRef, 0, 0, kFuncRef, 0, 0})}), "multiple tables",
                      one_table));
  EXPECT_TRUE(Invalid(Wasm({Section(2, {1, 0, 0, 0x01, kFuncRef, 0, 0}),
                            Section(4, {1, kFuncRef, 0, 0})}),
                      "multiple tables", one_table));
  EXPECT_NE(DecodeOk(Wasm({Section(4, {2, kFuncRef, 0, 0, kFuncRef, 0, 0})})), nullptr);

  Features cps = Features::All();
  auto p = DecodeOk(Wasm({Section(5, {1, 0x08, 5, 0})}), cps);
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->memories[0].type.page_size_log2, 0u);
  EXPECT_TRUE(Invalid(Wasm({Section(5, {1, 0x08, 5, 3})}), "invalid custom page size", cps));
  EXPECT_TRUE(Malformed(Wasm({Section(5, {1, 0x08, 0, 0x41})}), "invalid custom page size", cps));
  // With one-byte pages a 32-bit memory may have 2^32-1 pages.
  Emitter max_pages, too_many;
  max_pages.U8(1).U8(0x08).U32(0xFFFFFFFFu).U32(0);
  too_many.U8(1).U8(0x08).U32(1ull << 32).U32(0);
  EXPECT_NE(DecodeOk(Wasm({Section(5, max_pages.bytes())}), cps), nullptr);
  EXPECT_TRUE(Invalid(Wasm({Section(5, too_many.bytes())}), "memory size must be at most", cps));
}

TEST(DecoderTables, TableTypesAndInitializers) {
  // (table 1 funcref), (table 0 2 externref), (table 0 (ref null 0) init)
  // Only the last has an init expression: ref.null 0.
  Bytes tables = {3, kFuncRef, 0x00, 1, kExternRef, 0x01, 0, 2,
                  0x40, 0x00, 0x63, 0x00, 0x00, 0, 0xD0, 0x00, 0x0B};
  auto m = DecodeOk(Wasm({Section(1, {1, 0x60, 0, 0}), Section(4, tables)}));
  ASSERT_NE(m, nullptr);
  ASSERT_EQ(m->tables.size(), 3u);
  EXPECT_EQ(m->tables[0].type.elem, ValType::FuncRef());
  EXPECT_EQ(m->tables[1].type.elem, ValType::ExternRef());
  EXPECT_EQ(*m->tables[1].type.limits.max, 2u);
  EXPECT_FALSE(m->tables[0].init.has_value());
  ASSERT_TRUE(m->tables[2].init.has_value());
  EXPECT_EQ(m->tables[2].type.elem, ValType::Ref(HeapType::Index(0), true));
  const WireRange init = m->tables[2].init->range;
  EXPECT_EQ(m->bytes[init.offset], 0xD0);
  EXPECT_EQ(m->bytes[init.end() - 1], 0x0B);

  // A non-nullable table needs an initialiser.
  EXPECT_TRUE(Invalid(Wasm({Section(4, {1, 0x64, 0x70, 0x00, 0})}), "type mismatch"));
  EXPECT_TRUE(Malformed(Wasm({Section(4, {1, 0x40, 0x01, 0x70, 0x00, 0, 0xD0, 0x70, 0x0B})}),
                        "zero byte expected"));
  EXPECT_TRUE(Malformed(Wasm({Section(4, {1, 0x7F, 0x00, 0})}), "malformed reference type"));
}

// ---------------------------------------------------------------------------
// Functions, globals, exports, start

TEST(DecoderFunctions, CodeRangesAndLocals) {
  WasmBuilder b;
  uint32_t t0 = b.AddFuncType({kI32, kI64}, {kI32});
  uint32_t t1 = b.AddFuncType({}, {});
  b.AddFunction(t0, {kI32, kI32, kF64, kI32}, {0x20, 0x00, 0x0b});
  b.AddFunction(t1, {}, {0x0b});
  auto m = DecodeOk(b.Build());
  ASSERT_NE(m, nullptr);
  ASSERT_EQ(m->functions.size(), 2u);
  const Function& f0 = m->functions[0];
  EXPECT_EQ(f0.type_index, 0u);
  // Runs as declared: WasmBuilder groups equal neighbours.
  EXPECT_EQ(f0.local_runs, (std::vector<LocalRun>{{2, ValType::I32()}, {1, ValType::F64()},
                                                  {1, ValType::I32()}}));
  EXPECT_EQ(f0.num_locals, 4u);
  // Body: 3 decl groups (1 + 3*2 bytes) then 3 instruction bytes.
  EXPECT_EQ(f0.body.length, 1u + 6u + 3u);
  EXPECT_EQ(f0.code.offset, f0.body.offset + 7);
  EXPECT_EQ(f0.code.length, 3u);
  EXPECT_EQ(m->bytes[f0.code.offset], 0x20);
  EXPECT_EQ(m->bytes[f0.code.end() - 1], 0x0b);
  EXPECT_TRUE(m->functions[1].local_runs.empty());
  EXPECT_EQ(m->functions[1].num_locals, 0u);
  EXPECT_EQ(m->functions[1].code.length, 1u);
  EXPECT_EQ(m->function_type(0).ToString(), "[i32 i64] -> [i32]");
}

// Regression (memory amplification): the decoder used to expand each body's
// local declarations into the WasmModule, so the 6-byte body 01 d0 86 03 7f 0b
// (50,000 i32) held 200 KB, and a 32 KB module of 4,000 such functions 800 MB.
// The WasmModule keeps the declarations as runs, which costs memory proportional
// to the input: each run takes at least 2 input bytes.
TEST(DecoderFunctions, LocalDeclarationsStayCompressed) {
  constexpr uint32_t kFunctions = 4000;
  Emitter body, function_section, code_section;
  body.U8(1).U32(limits::kMaxFunctionLocals).U8(kI32).U8(0x0b);
  ASSERT_EQ(body.bytes(), (Bytes{0x01, 0xd0, 0x86, 0x03, 0x7f, 0x0b}));
  function_section.U32(kFunctions);
  code_section.U32(kFunctions);
  for (uint32_t i = 0; i < kFunctions; ++i) {
    function_section.U8(0);
    code_section.Sized(body.bytes());
  }
  const Bytes wasm = Wasm({Section(1, {1, 0x60, 0, 0}), Section(3, function_section.bytes()),
                           Section(10, code_section.bytes())});
  auto m = DecodeOk(wasm);
  ASSERT_NE(m, nullptr);
  ASSERT_EQ(m->functions.size(), kFunctions);
  size_t run_bytes = 0;
  for (const Function& f : m->functions) {
    ASSERT_EQ(f.num_locals, limits::kMaxFunctionLocals);
    ASSERT_EQ(f.local_runs, (std::vector<LocalRun>{{limits::kMaxFunctionLocals, ValType::I32()}}));
    run_bytes += f.local_runs.capacity() * sizeof(LocalRun);
  }
  EXPECT_LE(run_bytes, wasm.size() / 2 * sizeof(LocalRun));
  // All the module holds for its functions, wire bytes included, is a small
  // multiple of the input (it was 6,000 times the input).
  const size_t held = m->bytes.capacity() + m->functions.capacity() * sizeof(Function) + run_bytes;
  EXPECT_LE(held, 16 * wasm.size()) << held << " bytes held for a " << wasm.size() << "-byte module";
}

TEST(DecoderFunctions, FunctionAndCodeCountsAgree) {
  const char* kMsg = "function and code section have inconsistent lengths";
  Bytes type = Section(1, {1, 0x60, 0, 0});
  EXPECT_TRUE(Malformed(Wasm({type, Section(3, {2, 0, 0})}), kMsg));
  EXPECT_TRUE(Malformed(Wasm({Section(10, {1, 2, 0, 0x0b})}), kMsg));
  EXPECT_TRUE(Malformed(Wasm({type, Section(3, {2, 0, 0}), Section(10, {1, 2, 0, 0x0b})}), kMsg));
  EXPECT_TRUE(Malformed(Wasm({type, Section(3, {1, 0}), Section(10, {2, 2, 0, 0x0b, 2, 0, 0x0b})}),
                        kMsg));
  EXPECT_NE(DecodeOk(Wasm({Section(3, {0})})), nullptr);
  EXPECT_NE(DecodeOk(Wasm({Section(10, {0})})), nullptr);
  // The mismatch is reported after the last section: a later malformed
  // section wins (as in the reference interpreter).
  EXPECT_TRUE(Malformed(Wasm({type, Section(3, {2, 0, 0}), Section(11, {1, 3})}),
                        "malformed data segment kind"));
  EXPECT_TRUE(Invalid(Wasm({Section(3, {1, 0})}), "unknown type 0"));
}

TEST(DecoderFunctions, Locals) {
  Bytes type = Section(1, {1, 0x60, 0, 0});
  Bytes func = Section(3, {1, 0});
  // 0x100000000 i32: integer too large.
  EXPECT_TRUE(Malformed(Wasm({type, func, Section(10, {1, 10, 2, 0x80, 0x80, 0x80, 0x80, 0x10,
                                                       0x7f, 0x02, 0x7e, 0x0b})}),
                        "integer too large"));
  // 0xFFFFFFFF + 2 locals.
  EXPECT_TRUE(Malformed(Wasm({type, func, Section(10, {1, 10, 2, 0xff, 0xff, 0xff, 0xff, 0x0f,
                                                       0x7f, 0x02, 0x7e, 0x0b})}),
                        "too many locals"));
  // 4 * 2^30 locals sum to 2^32.
  EXPECT_TRUE(Malformed(Wasm({Section(1, {1, 0x60, 2, kI32, kI32, 0}), func,
                              Section(10, {1, 0x1a, 4, 0x80, 0x80, 0x80, 0x80, 0x04, 0x7f, 0x80,
                                           0x80, 0x80, 0x80, 0x04, 0x7e, 0x80, 0x80, 0x80, 0x80,
                                           0x04, 0x7d, 0x80, 0x80, 0x80, 0x80, 0x04, 0x7c, 0x0b})}),
                        "too many locals"));
  // Implementation limit, parameters included.
  Emitter at_limit, over_limit;
  at_limit.U8(1).U32(limits::kMaxFunctionLocals - 2).U8(kI32).U8(0x0b);
  over_limit.U8(1).U32(limits::kMaxFunctionLocals - 1).U8(kI32).U8(0x0b);
  Bytes two_params = Section(1, {1, 0x60, 2, kI32, kI32, 0});
  EXPECT_NE(DecodeOk(Wasm({two_params, func, Section(10, Cat({{1}, Emitter().Sized(at_limit.bytes()).bytes()}))})),
            nullptr);
  EXPECT_TRUE(Malformed(Wasm({two_params, func,
                              Section(10, Cat({{1}, Emitter().Sized(over_limit.bytes()).bytes()}))}),
                        "too many locals"));
  // Zero-count declarations are fine (and not kept as runs).
  auto m = DecodeOk(Wasm({type, func, Section(10, {1, 8, 3, 0, 0x7f, 0, 0x7e, 2, 0x7d, 0x0b})}));
  ASSERT_NE(m, nullptr);
  EXPECT_EQ(m->functions[0].local_runs, (std::vector<LocalRun>{{2, ValType::F32()}}));
  EXPECT_EQ(m->functions[0].num_locals, 2u);
  // Bad local type; declarations running past the body.
  EXPECT_TRUE(Malformed(Wasm({type, func, Section(10, {1, 4, 1, 1, 0x40, 0x0b})}),
                        "malformed value type"));
  EXPECT_TRUE(Malformed(Wasm({type, func, Section(10, {1, 2, 1, 1}), Section(0, {1, 'x', 0x7f})}),
                        kEof));
  // Body size beyond the module.
  EXPECT_TRUE(Malformed(Wasm({type, func, Section(10, {1, 0x20, 0})}), "length out of bounds"));
}

TEST(DecoderGlobals, RoundTripAndErrors) {
  WasmBuilder b;
  b.AddGlobal(kI32, false, {0x41, 0x2A, 0x0b});
  b.AddGlobal(kF64, true, {0x44, 0, 0, 0, 0, 0, 0, 0xF0, 0x3F, 0x0b});
  auto m = DecodeOk(b.Build());
  ASSERT_NE(m, nullptr);
  ASSERT_EQ(m->globals.size(), 2u);
  EXPECT_FALSE(m->globals[0].imported);
  EXPECT_EQ(m->globals[1].type.type, ValType::F64());
  EXPECT_TRUE(m->globals[1].type.is_mutable);
  EXPECT_EQ(m->globals[0].init.range.length, 3u);
  EXPECT_EQ(m->bytes[m->globals[1].init.range.offset], 0x44);
  EXPECT_EQ(m->globals[1].init.range.length, 10u);

  EXPECT_TRUE(Malformed(Wasm({Section(6, {1, kI32, 0x02, 0x41, 0, 0x0b})}), "malformed mutability"));
  // Missing `end` before the next section.
  EXPECT_TRUE(Malformed(Wasm({Section(1, {1, 0x60, 0, 0}), Section(3, {1, 0}),
                              {0x06, 0x05, 0x01, 0x7f, 0x00, 0x41, 0x00},
                              Section(10, {1, 2, 0, 0x0b})}),
                        kEof));
  EXPECT_TRUE(Malformed(Wasm({{0x06, 0x06, 0x02, 0x7f, 0x00, 0x41, 0x00, 0x0b}}), kEof));
  EXPECT_TRUE(Malformed(Wasm({{0x06, 0x0b, 0x01, 0x7f, 0x00, 0x41, 0x00, 0x0b, 0x7f, 0x00, 0x41,
                               0x00, 0x0b}}),
                        "section size mismatch"));
  // The second global's type is read past the section's end (as the
  // reference does); its initialiser then finds the section exhausted rather
  // than decoding (and an f64.const reading) past the module's end.
  EXPECT_TRUE(Malformed(Wasm({{0x06, 0x06, 0x02, 0x7f, 0x00, 0x41, 0x00, 0x0b, 0x7c, 0x00, 0x44}}),
                        kEof));
  // A global may not read itself or a later global.
  EXPECT_FALSE(Decode(Wasm({Section(6, {1, kI32, 0, 0x23, 0x00, 0x0b})})).ok());
}

TEST(DecoderExports, RoundTripAndErrors) {
  WasmBuilder b;
  uint32_t t = b.AddFuncType({}, {});
  b.ImportFunc("m", "f", t);
  b.AddFunction(t, {}, {0x0b});
  b.AddFunction(t, {}, {0x0b});
  b.AddTable(kFuncRef, 1);
  b.AddMemory(1);
  b.AddGlobal(kI32, false, {0x41, 0, 0x0b});
  b.AddExport("f", 0x00, 2);
  b.AddExport("t", 0x01, 0);
  b.AddExport("m", 0x02, 0);
  b.AddExport("g", 0x03, 0);
  b.AddExport("", 0x00, 0);
  auto m = DecodeOk(b.Build());
  ASSERT_NE(m, nullptr);
  ASSERT_EQ(m->exports.size(), 5u);
  EXPECT_EQ(m->exports[0].name, "f");
  EXPECT_EQ(m->exports[0].kind, ExternKind::kFunc);
  EXPECT_EQ(m->exports[0].index, 2u);
  EXPECT_EQ(m->exports[3].kind, ExternKind::kGlobal);
  EXPECT_EQ(m->exports[4].name, "");
  EXPECT_TRUE(m->functions[2].exported);
  EXPECT_TRUE(m->functions[2].declared);
  EXPECT_TRUE(m->functions[0].declared);
  EXPECT_FALSE(m->functions[1].exported);
  EXPECT_FALSE(m->functions[1].declared);

  auto with_export = [](uint8_t kind, uint32_t index, const char* name2 = "b") {
    WasmBuilder w;
    uint32_t t = w.AddFuncType({}, {});
    w.AddFunction(t, {}, {0x0b});
    w.AddTable(kFuncRef, 1);
    w.AddMemory(1);
    w.AddGlobal(kI32, false, {0x41, 0, 0x0b});
    w.AddExport("a", 0x00, 0);
    w.AddExport(name2, kind, index);
    return w.Build();
  };
  EXPECT_TRUE(Invalid(with_export(0x00, 1), "unknown function 1"));
  EXPECT_TRUE(Invalid(with_export(0x01, 1), "unknown table 1"));
  EXPECT_TRUE(Invalid(with_export(0x02, 1), "unknown memory 1"));
  EXPECT_TRUE(Invalid(with_export(0x03, 1), "unknown global 1"));
  EXPECT_TRUE(Malformed(with_export(0x05, 0), "malformed export kind"));
  EXPECT_TRUE(Unsupported(with_export(0x04, 0), "unsupported: exceptions"));
  EXPECT_TRUE(Invalid(with_export(0x04, 0), "unknown tag 0", Features::All()));
  EXPECT_TRUE(Invalid(with_export(0x02, 0, "a"), "duplicate export name \"a\""));
  EXPECT_TRUE(Malformed(Wasm({Section(7, {1, 1, 0x80, 0x00, 0x00})}), "malformed UTF-8 encoding"));
}

TEST(DecoderStart, Rules) {
  WasmBuilder b;
  uint32_t t = b.AddFuncType({}, {});
  uint32_t t2 = b.AddFuncType({kI32}, {});
  b.AddFunction(t, {}, {0x0b});
  b.AddFunction(t2, {}, {0x0b});
  WasmBuilder ok = b, missing = b, typed = b;
  ok.SetStart(0);
  missing.SetStart(2);
  typed.SetStart(1);
  auto m = DecodeOk(ok.Build());
  ASSERT_NE(m, nullptr);
  EXPECT_EQ(m->start, 0u);
  EXPECT_TRUE(Invalid(missing.Build(), "unknown function 2"));
  EXPECT_TRUE(Invalid(typed.Build(), "start function"));
  // Two start sections.
  EXPECT_TRUE(Malformed(Wasm({Section(1, {1, 0x60, 0, 0}), Section(3, {1, 0}), Section(8, {0}),
                              Section(8, {0}), Section(10, {1, 2, 0, 0x0b})}),
                        "unexpected content after last section"));
  EXPECT_TRUE(Malformed(Wasm({Section(1, {1, 0x60, 0, 0}), Section(3, {1, 0}), Section(8, {0, 0}),
                              Section(10, {1, 2, 0, 0x0b})}),
                        "section size mismatch"));
}

// ---------------------------------------------------------------------------
// Element segments

// Type 0 [] -> [], three functions, one funcref table of size 10 and, when
// {externref_table}, a second externref table.
Bytes ElemModule(std::initializer_list<Bytes> segments, bool externref_table = false) {
  Emitter elems;
  elems.U32(segments.size());
  for (const Bytes& s : segments) elems.Raw(s);
  Bytes tables = externref_table ? Bytes{2, kFuncRef, 0, 10, kExternRef, 0, 10}
                                 : Bytes{1, kFuncRef, 0, 10};
  return Wasm({Section(1, {1, 0x60, 0, 0}), Section(3, {3, 0, 0, 0}), Section(4, tables),
               Section(9, elems.bytes()),
               Section(10, {3, 2, 0, 0x0b, 2, 0, 0x0b, 2, 0, 0x0b})});
}

TEST(DecoderElements, AllEightEncodings) {
  auto m = DecodeOk(ElemModule({
      {0x00, 0x41, 0x01, 0x0b, 2, 0, 1},                     // active table 0, funcs
      {0x01, 0x00, 1, 2},                                    // passive, elemkind, funcs
      {0x02, 0x00, 0x41, 0x02, 0x0b, 0x00, 1, 0},            // active table 0 explicit
      {0x03, 0x00, 1, 2},                                    // declarative
      {0x04, 0x41, 0x00, 0x0b, 2, 0xD2, 0x00, 0x0b, 0xD0, 0x70, 0x0b},  // active exprs
      {0x05, 0x70, 1, 0xD0, 0x70, 0x0b},                     // passive exprs
      {0x06, 0x00, 0x41, 0x00, 0x0b, 0x70, 0},               // active explicit exprs
      {0x07, 0x70, 1, 0xD2, 0x01, 0x0b},                     // declarative exprs
  }));
  ASSERT_NE(m, nullptr);
  ASSERT_EQ(m->elems.size(), 8u);
  const auto& e = m->elems;
  EXPECT_EQ(e[0].mode, SegmentMode::kActive);
  EXPECT_EQ(e[0].table_index, 0u);
  EXPECT_EQ(e[0].elem_type, ValType::Ref(HeapType(HeapType::kFunc), false));
  EXPECT_FALSE(e[0].uses_exprs);
  EXPECT_EQ(e[0].func_indices, (std::vector<uint32_t>{0, 1}));
  EXPECT_EQ(m->bytes[e[0].offset.range.offset], 0x41);
  EXPECT_EQ(e[1].mode, SegmentMode::kPassive);
  EXPECT_EQ(e[1].func_indices, (std::vector<uint32_t>{2}));
  EXPECT_EQ(e[2].mode, SegmentMode::kActive);
  EXPECT_EQ(e[3].mode, SegmentMode::kDeclarative);
  EXPECT_EQ(e[4].mode, SegmentMode::kActive);
  EXPECT_TRUE(e[4].uses_exprs);
  EXPECT_EQ(e[4].elem_type, ValType::FuncRef());
  EXPECT_EQ(e[4].size(), 2u);
  EXPECT_EQ(m->bytes[e[4].exprs[1].range.offset], 0xD0);
  EXPECT_EQ(e[5].mode, SegmentMode::kPassive);
  EXPECT_EQ(e[6].size(), 0u);
  EXPECT_EQ(e[7].mode, SegmentMode::kDeclarative);
  // Functions named by segments (and by ref.func) are declared.
  EXPECT_TRUE(m->functions[0].declared);
  EXPECT_TRUE(m->functions[1].declared);
  EXPECT_TRUE(m->functions[2].declared);
}

TEST(DecoderElements, Errors) {
  EXPECT_TRUE(Invalid(ElemModule({{0x00, 0x41, 0x00, 0x0b, 1, 3}}), "unknown function 3"));
  EXPECT_TRUE(Invalid(ElemModule({{0x02, 0x01, 0x41, 0x00, 0x0b, 0x00, 0}}), "unknown table 1"));
  EXPECT_TRUE(Invalid(Wasm({Section(9, {1, 0x00, 0x41, 0x00, 0x0b, 0})}), "unknown table 0"));
  EXPECT_TRUE(Malformed(ElemModule({{0x01, 0x01, 0}}), "malformed element kind"));
  EXPECT_TRUE(Malformed(ElemModule({{0x08, 0}}), "malformed elements segment kind"));
  EXPECT_TRUE(Malformed(ElemModule({{0x05, 0x7F, 1, 0xD2, 0x00, 0x0b}}), "malformed reference type"));
  // Segment type against table type.
  EXPECT_TRUE(Invalid(ElemModule({{0x02, 0x01, 0x41, 0x00, 0x0b, 0x00, 1, 0}}, true),
                      "type mismatch"));
  EXPECT_TRUE(Invalid(ElemModule({{0x06, 0x00, 0x41, 0x00, 0x0b, 0x6F, 0}}), "type mismatch"));
  EXPECT_NE(DecodeOk(ElemModule({{0x06, 0x01, 0x41, 0x00, 0x0b, 0x6F, 0}}, true)), nullptr);
  // Count larger than the section (at end of module).
  EXPECT_TRUE(Malformed(Wasm({Section(1, {1, 0x60, 0, 0}), Section(3, {1, 0}),
                              Section(4, {1, 0x70, 0, 1}),
                              {0x09, 0x07, 0x02, 0x00, 0x41, 0x00, 0x0b, 0x01, 0x00}}),
                        "unexpected end"));
}

// ---------------------------------------------------------------------------
// Data segments and the data count

TEST(DecoderData, EncodingsAndCounts) {
  WasmBuilder b;
  b.AddMemory(1);
  b.AddRawData({0x00, 0x41, 0x08, 0x0b, 3, 'a', 'b', 'c'});
  b.AddRawData({0x01, 2, 'x', 'y'});
  b.AddRawData({0x02, 0x00, 0x41, 0x00, 0x0b, 0});
  b.SetDataCount(3);
  auto m = DecodeOk(b.Build());
  ASSERT_NE(m, nullptr);
  ASSERT_EQ(m->datas.size(), 3u);
  EXPECT_EQ(m->datas[0].mode, SegmentMode::kActive);
  EXPECT_EQ(m->datas[0].memory_index, 0u);
  EXPECT_EQ(m->datas[0].bytes.length, 3u);
  EXPECT_EQ(m->bytes[m->datas[0].bytes.offset], 'a');
  EXPECT_EQ(m->datas[1].mode, SegmentMode::kPassive);
  EXPECT_EQ(m->bytes[m->datas[1].bytes.offset + 1], 'y');
  EXPECT_EQ(m->datas[2].bytes.length, 0u);
  EXPECT_EQ(*m->data_count, 3u);

  const char* kCount = "data count and data section have inconsistent lengths";
  EXPECT_TRUE(Malformed(Wasm({Section(12, {3}), Section(11, {2, 1, 0, 1, 0})}), kCount));
  EXPECT_TRUE(Malformed(Wasm({Section(12, {1}), Section(11, {2, 1, 0, 1, 0})}), kCount));
  EXPECT_TRUE(Malformed(Wasm({Section(5, {1, 0, 1}), Section(12, {1})}), kCount));
  EXPECT_NE(DecodeOk(Wasm({Section(12, {0})})), nullptr);
  auto no_count = DecodeOk(Wasm({Section(11, {1, 1, 0})}));
  ASSERT_NE(no_count, nullptr);
  EXPECT_FALSE(no_count->data_count.has_value());
}

TEST(DecoderData, Errors) {
  Bytes mem = Section(5, {1, 0, 1});
  EXPECT_TRUE(Invalid(Wasm({Section(11, {1, 0x00, 0x41, 0, 0x0b, 0})}), "unknown memory 0"));
  EXPECT_TRUE(Invalid(Wasm({mem, Section(11, {1, 0x02, 0x01, 0x41, 0, 0x0b, 0})}), "unknown memory 1"));
  EXPECT_TRUE(Malformed(Wasm({mem, Section(11, {1, 0x03, 0})}), "malformed data segment kind"));
  // 7 bytes declared, 6 given.
  EXPECT_TRUE(Malformed(Wasm({mem, {0x0b, 0x0c, 0x01, 0x00, 0x41, 0x03, 0x0b, 0x07, 'a', 'b', 'c',
                                    'd', 'e', 'f'}}),
                        kEof));
  // 5 bytes declared, 6 given.
  EXPECT_TRUE(Malformed(Wasm({mem, {0x0b, 0x0c, 0x01, 0x00, 0x41, 0x00, 0x0b, 0x05, 'a', 'b', 'c',
                                    'd', 'e', 'f'}}),
                        "section size mismatch"));
  // Memory index: overlong LEB within 5 bytes is fine, unused bits are not.
  Bytes two_mems = Section(5, {2, 0, 0, 0, 1});
  EXPECT_NE(DecodeOk(Wasm({two_mems, Section(11, {1, 0x02, 0x81, 0x80, 0x80, 0x00, 0x41, 0, 0x0b,
                                                  0})})),
            nullptr);
  EXPECT_TRUE(Malformed(Wasm({mem, Section(11, {1, 0x02, 0x80, 0x80, 0x80, 0x80, 0x10, 0x41, 0,
                                                0x0b, 0})}),
                        "integer too large"));
}

// ---------------------------------------------------------------------------
// Custom and name sections

TEST(DecoderCustom, StoredAndChecked) {
  auto m = DecodeOk(Wasm({Section(0, {4, 'a', 'b', 'c', 'd', 1, 2, 3}), Section(0, {0})}));
  ASSERT_NE(m, nullptr);
  ASSERT_EQ(m->customs.size(), 2u);
  EXPECT_EQ(m->customs[0].name, "abcd");
  EXPECT_EQ(m->customs[0].payload.length, 3u);
  EXPECT_EQ(m->bytes[m->customs[0].payload.offset], 1);
  EXPECT_EQ(m->customs[1].name, "");
  EXPECT_EQ(m->customs[1].payload.length, 0u);
  EXPECT_TRUE(Malformed(Wasm({Section(0, {2, 0xC0, 0x80})}), "malformed UTF-8 encoding"));
  EXPECT_TRUE(Malformed(Wasm({{0x00, 0x00}}), "unexpected end"));
  EXPECT_TRUE(Malformed(Wasm({{0x00, 0x00, 0x00, 0x05, 0x01, 0x00, 0x07, 0x00, 0x00}}),
                        "unexpected end"));
  EXPECT_TRUE(Malformed(Wasm({{0x00, 0x26, 0x10}, Bytes(16 + 19, 'a')}), "length out of bounds"));
  // A custom section one byte too long swallows the next section's id.
  EXPECT_TRUE(Malformed(Wasm({{0x00, 0x04, 0x01, 'a', 'b'}, {0x00, 0x24, 0x01, 'a'}}),
                        "malformed section id"));
}

Bytes NameSubsection(uint8_t id, const Bytes& payload) {
  Emitter e;
  e.U8(id).Sized(payload);
  return e.Take();
}

TEST(DecoderNames, DecodesModuleFunctionAndLocalNames) {
  WasmBuilder b;
  uint32_t t = b.AddFuncType({kI32}, {});
  b.AddFunction(t, {kI32}, {0x0b});
  b.AddFunction(t, {}, {0x0b});
  Emitter module_name, func_names, local_names;
  module_name.Name("mod");
  func_names.U32(2).U32(0).Name("first").U32(1).Name("second");
  local_names.U32(1).U32(0).U32(2).U32(0).Name("p").U32(1).Name("l");
  b.AddCustom("name", Cat({NameSubsection(0, module_name.bytes()),
                           NameSubsection(1, func_names.bytes()),
                           NameSubsection(2, local_names.bytes()),
                           NameSubsection(7, {1, 2, 3})}));
  auto m = DecodeOk(b.Build());
  ASSERT_NE(m, nullptr);
  EXPECT_EQ(m->name_section_error, "");
  EXPECT_EQ(m->names.module_name, "mod");
  ASSERT_EQ(m->names.function_names.size(), 2u);
  EXPECT_EQ(m->names.function_names.at(1), "second");
  EXPECT_EQ(m->names.local_names.at(0).at(0), "p");
  EXPECT_EQ(m->names.local_names.at(0).at(1), "l");
  ASSERT_EQ(m->customs.size(), 1u);
  EXPECT_EQ(m->customs[0].name, "name");
}

TEST(DecoderNames, MalformedNameSectionIsIgnored) {
  auto check = [](const Bytes& payload, std::string_view why) {
    WasmBuilder b;
    b.AddCustom("name", payload);
    auto m = DecodeOk(b.Build());
    ASSERT_NE(m, nullptr);
    EXPECT_TRUE(StartsWith(m->name_section_error, why)) << m->name_section_error;
    EXPECT_FALSE(m->names.module_name.has_value());
    EXPECT_TRUE(m->names.function_names.empty());
  };
  Emitter unordered;
  unordered.U32(2).U32(1).Name("a").U32(0).Name("b");
  check(Cat({NameSubsection(0, {1, 'm'}), NameSubsection(1, unordered.bytes())}),
        "name map indices not in increasing order");
  check(NameSubsection(0, {2, 0xC0, 0x80}), "malformed UTF-8 encoding");
  check(Cat({NameSubsection(1, {0}), NameSubsection(0, {1, 'm'})}),
        "name subsection out of order");
  check({0x00, 0x10, 0x01}, "name subsection size out of bounds");
  check(NameSubsection(0, {1, 'm', 'x'}), "name subsection size mismatch");
  check(NameSubsection(1, {0xFF, 0xFF, 0x03}), "name map count out of bounds");
}

// ---------------------------------------------------------------------------
// Robustness

Bytes RichModule() {
  WasmBuilder b;
  uint32_t t0 = b.AddFuncType({kI32}, {kI32});
  uint32_t t1 = b.AddFuncType({}, {});
  b.ImportFunc("env", "imp", t1);
  b.AddFunction(t0, {kI64, kI64}, {0x20, 0x00, 0x0b});
  b.AddFunction(t1, {}, {0x0b});
  b.AddTable(kFuncRef, 2, 4);
  b.AddMemory(1, 2);
  b.AddGlobal(kI32, true, {0x41, 0x07, 0x0b});
  b.AddExport("run", 0x00, 1);
  b.AddExport("mem", 0x02, 0);
  b.SetStart(2);
  b.AddRawElem({0x00, 0x41, 0x00, 0x0b, 2, 1, 2});
  b.AddRawData({0x00, 0x41, 0x00, 0x0b, 2, 'h', 'i'});
  b.AddRawData({0x01, 1, 'z'});
  b.SetDataCount(2);
  Emitter names;
  names.U32(1).U32(1).Name("run");
  b.AddCustom("name", NameSubsection(1, names.bytes()));
  return b.Build();
}

TEST(DecoderRobustness, RichModuleDecodes) {
  auto m = DecodeOk(RichModule());
  ASSERT_NE(m, nullptr);
  EXPECT_EQ(m->functions.size(), 3u);
  EXPECT_EQ(m->sections.size(), 13u);
  EXPECT_EQ(m->names.function_names.at(1), "run");
}

TEST(DecoderRobustness, EveryTruncationFails) {
  const Bytes full = RichModule();
  auto whole = Decode(full);
  ASSERT_TRUE(whole.ok());
  // Cutting the module anywhere before its last section's end must fail
  // (never crash); the tail custom section makes every cut land inside
  // something that needs the missing bytes.
  for (size_t n = 0; n < full.size(); ++n) {
    Bytes cut(full.begin(), full.begin() + n);
    auto result = Decode(cut);
    if (n == kPreamble.size()) {
      EXPECT_TRUE(result.ok()) << "bare preamble";
      continue;
    }
    bool boundary = false;
    // Cuts exactly at a section boundary produce a shorter valid-looking
    // module that may still fail only on cross-section rules; that is fine,
    // but it must not crash. Everything else must fail.
    for (const SectionInfo& s : (*whole)->sections) boundary |= s.payload.end() == n;
    if (boundary) continue;
    ASSERT_FALSE(result.ok()) << "cut at " << n;
    // A cut inside a section is a length beyond the module or an end of input.
    EXPECT_TRUE(IsMalformed(result.status())) << "cut at " << n << ": " << result.status();
  }
}

TEST(DecoderRobustness, FlippedBytesNeverCrash) {
  const Bytes full = RichModule();
  for (size_t i = 8; i < full.size(); ++i) {
    for (uint8_t v : {0x00, 0x01, 0x7F, 0x80, 0xFF}) {
      Bytes mutated = full;
      mutated[i] = v;
      (void)Decode(mutated, Features::All());
    }
  }
}

// A GC-heavy module: rec groups, subtypes, typed references, a tag, a
// table with an initialiser and expression element segments.
Bytes GcModule() {
  Bytes types = {4,
                 0x4E, 2, 0x50, 0, 0x5F, 2, 0x78, 1, 0x63, 0x01, 0, 0x5E, 0x63, 0x00, 1,
                 0x50, 1, 0, 0x5F, 3, 0x78, 1, 0x63, 0x01, 0, 0x7F, 0,
                 0x60, 1, 0x64, 0x00, 1, 0x6E,
                 0x60, 0, 0};
  return Wasm({Section(1, types), Section(3, {2, 3, 4}),
               Section(4, {1, 0x40, 0x00, 0x64, 0x70, 0x00, 1, 0xD2, 0x00, 0x0B}),
               Section(13, {1, 0, 4}), Section(6, {1, 0x63, 0x00, 0, 0xD0, 0x00, 0x0B}),
               Section(7, {1, 1, 'f', 0x00, 0x01}),
               Section(9, {1, 0x05, 0x70, 2, 0xD2, 0x00, 0x0B, 0xD0, 0x70, 0x0B}),
               Section(10, {2, 4, 0, 0x20, 0x00, 0x0B, 2, 0, 0x0B})});
}

TEST(DecoderRobustness, GcModuleDecodes) {
  auto m = DecodeOk(GcModule(), Features::All());
  ASSERT_NE(m, nullptr);
  EXPECT_EQ(m->types.size(), 5u);
  EXPECT_EQ(m->types[2].supertype, 0u);
  EXPECT_TRUE(m->tables[0].init.has_value());
  EXPECT_EQ(m->tags.size(), 1u);
  EXPECT_TRUE(m->functions[0].declared);  // ref.func in the table initialiser
  EXPECT_TRUE(m->functions[1].exported);
}

// Deterministic random mutations (overwrite, insert, delete, truncate) of
// valid modules: decoding must never crash or read out of bounds (run under
// ASan/UBSan), whatever it answers.
TEST(DecoderRobustness, RandomMutationsNeverCrash) {
  uint64_t state = 0x9E3779B97F4A7C15ull;
  auto next = [&state]() {
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    return state;
  };
  for (const Bytes& seed : {RichModule(), GcModule()}) {
    for (int iteration = 0; iteration < 3000; ++iteration) {
      Bytes m = seed;
      const int edits = 1 + static_cast<int>(next() % 4);
      for (int e = 0; e < edits && m.size() > 8; ++e) {
        const size_t at = 8 + next() % (m.size() - 8);
        switch (next() % 4) {
          case 0: m[at] = static_cast<uint8_t>(next()); break;
          case 1: m.insert(m.begin() + at, static_cast<uint8_t>(next())); break;
          case 2: m.erase(m.begin() + at); break;
          case 3: m.resize(at); break;
        }
      }
      (void)Decode(m, Features::All());
      (void)Decode(m, Features());
    }
  }
}

TEST(DecoderRobustness, HostileCountsFailFast) {
  // 0xFFFFFFFF functions, types, imports, elements, locals: all exceed the
  // module's size and are rejected before anything is sized from them.
  const Bytes huge = {0xFF, 0xFF, 0xFF, 0xFF, 0x0F};
  for (uint8_t id : {1, 2, 3, 4, 5, 6, 7, 9, 10, 11}) {
    EXPECT_TRUE(Malformed(Wasm({Section(id, huge)}), "length out of bounds")) << int(id);
  }
  EXPECT_TRUE(Malformed(Wasm({Section(1, {1, 0x60, 0, 0}), Section(3, {1, 0}),
                              Section(10, Cat({{1, 7}, huge, {0x7F, 0x0b}}))}),
                        "length out of bounds"));
  EXPECT_TRUE(Malformed(Wasm({Section(1, Cat({{1, 0x4E}, huge}))}), "length out of bounds", Gc()));
  EXPECT_TRUE(Malformed(Wasm({Section(1, {1, 0x4E, 3, 0x5F, 0})}), kEof, Gc()));
  // A count that fits the module but exceeds an implementation limit.
  Bytes many(limits::kMaxMemories + 10, 0);
  Emitter memories;
  memories.U32(limits::kMaxMemories + 1);
  Bytes payload = Cat({memories.bytes(), many});
  EXPECT_TRUE(Malformed(Wasm({Section(5, payload)}), "too many memories"));
}

TEST(DecoderFeatures, DisabledProposalsAreUnsupported) {
  Features f;
  f.bulk_memory = false;
  EXPECT_TRUE(Unsupported(Wasm({Section(12, {0})}), "unsupported: bulk memory", f));
  EXPECT_TRUE(Unsupported(Wasm({Section(11, {1, 1, 0})}), "unsupported: bulk memory", f));
  Features mv;
  mv.multi_value = false;
  EXPECT_TRUE(Unsupported(Wasm({Section(1, {1, 0x60, 0, 2, kI32, kI32})}), "unsupported: multi-value",
                          mv));
  Features fr;
  fr.function_references = false;
  EXPECT_TRUE(Unsupported(Wasm({Section(1, {1, 0x60, 1, 0x63, 0x70, 0})}),
                          "unsupported: function references", fr));
}

}  // namespace
}  // namespace wasmtier
