// Tests of WatToBinary: exact encodings of small modules, abbreviations that
// must give the same bytes as their expanded forms, folded vs flat
// instructions, implicit types, the name section, errors with line:column,
// and hostile input (deep nesting).
#include "engine/text/wat.h"

#include <string>
#include <vector>

#include "engine/features.h"
#include "engine/validator.h"
#include "gtest/gtest.h"

namespace wasmtier::text {
namespace {

using Bytes = std::vector<uint8_t>;

Bytes Encode(std::string_view wat) {
  auto r = WatToBinary(wat);
  EXPECT_TRUE(r.ok()) << r.status().message() << "\n" << wat;
  return r.ok() ? *r : Bytes{};
}

std::string Error(std::string_view wat) {
  auto r = WatToBinary(wat);
  EXPECT_FALSE(r.ok()) << wat;
  return r.ok() ? "" : std::string(r.status().message());
}

bool Valid(const Bytes& b) {
  auto m = DecodeAndValidate(b.data(), b.size(), Features::All());
  EXPECT_TRUE(m.ok()) << m.status().message();
  return m.ok();
}

// The module's sections without custom ones (the name section).
Bytes WithoutCustom(const Bytes& b) {
  Bytes out(b.begin(), b.begin() + 8);
  size_t p = 8;
  while (p < b.size()) {
    size_t start = p;
    uint8_t id = b[p++];
    uint64_t size = 0;
    int shift = 0;
    uint8_t byte;
    do {
      byte = b[p++];
      size |= uint64_t{byte & 0x7Fu} << shift;
      shift += 7;
    } while (byte & 0x80);
    p += size;
    if (id != 0) out.insert(out.end(), b.begin() + start, b.begin() + p);
  }
  return out;
}

const Bytes kHeader = {0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00};

Bytes Concat(std::initializer_list<Bytes> parts) {
  Bytes out;
  for (const Bytes& p : parts) out.insert(out.end(), p.begin(), p.end());
  return out;
}

TEST(WatTest, EmptyModule) {
  EXPECT_EQ(Encode("(module)"), kHeader);
  EXPECT_EQ(Encode(""), kHeader);
  EXPECT_EQ(Encode("(module binary \"\\00asm\" \"\\01\\00\\00\\00\")"), kHeader);
  EXPECT_EQ(Encode("(module quote \"(func)\")"), Encode("(func)"));
}

TEST(WatTest, ExactEncoding) {
  Bytes b = Encode(R"((module (func (export "f") (param i32) (result i32) local.get 0)))");
  Bytes want = Concat({kHeader,
                       {0x01, 0x06, 0x01, 0x60, 0x01, 0x7F, 0x01, 0x7F},  // type
                       {0x03, 0x02, 0x01, 0x00},                          // function
                       {0x07, 0x05, 0x01, 0x01, 'f', 0x00, 0x00},         // export
                       {0x0A, 0x06, 0x01, 0x04, 0x00, 0x20, 0x00, 0x0B}});
  EXPECT_EQ(b, want);
  EXPECT_TRUE(Valid(b));
}

TEST(WatTest, FoldedAndFlatGiveIdenticalBytes) {
  const std::pair<const char*, const char*> kPairs[] = {
      {"(func (result i32) (i32.add (i32.const 1) (i32.const 2)))",
       "(func (result i32) i32.const 1 i32.const 2 i32.add)"},
      {"(func (param i32) (result i32) (if (result i32) (local.get 0) (then (i32.const 1)) "
       "(else (i32.const 2))))",
       "(func (param i32) (result i32) local.get 0 if (result i32) i32.const 1 else i32.const 2 "
       "end)"},
      {"(func (block $b (loop $l (br_if $b (i32.const 0)) (br $l))))",
       "(func block $b loop $l i32.const 0 br_if $b br $l end $l end $b)"},
      {"(func (param i32) (block (block (br_table 0 1 0 (local.get 0)))))",
       "(func (param i32) block block local.get 0 br_table 0 1 0 end end)"},
      {"(memory 1) (func (drop (i32.load offset=4 align=2 (i32.const 0))))",
       "(memory 1) (func i32.const 0 i32.load offset=4 align=2 drop)"},
      {"(func (result v128) (i8x16.shuffle 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 "
       "(v128.const i32x4 1 2 3 4) (v128.const f32x4 1.5 -0 inf nan)))",
       "(func (result v128) v128.const i32x4 1 2 3 4 v128.const f32x4 1.5 -0 inf nan "
       "i8x16.shuffle 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15)"},
  };
  for (auto [folded, flat] : kPairs) {
    Bytes a = Encode(folded), b = Encode(flat);
    EXPECT_EQ(a, b) << folded;
    EXPECT_TRUE(Valid(a)) << folded;
  }
}

TEST(WatTest, InlineExportImportAbbreviations) {
  EXPECT_EQ(WithoutCustom(Encode("(func $f (export \"a\") (export \"b\"))")),
            WithoutCustom(Encode("(func $f) (export \"a\" (func $f)) (export \"b\" (func $f))")));
  EXPECT_EQ(WithoutCustom(Encode("(func $f (import \"m\" \"n\") (param i32))")),
            WithoutCustom(Encode("(type (func (param i32))) (import \"m\" \"n\" (func $f (type 0)))")));
  EXPECT_EQ(Encode("(memory (export \"m\") (import \"a\" \"b\") 1 2)"),
            Encode("(import \"a\" \"b\" (memory 1 2)) (export \"m\" (memory 0))"));
  EXPECT_EQ(Encode("(global (import \"a\" \"b\") (mut i64))"),
            Encode("(import \"a\" \"b\" (global (mut i64)))"));
}

TEST(WatTest, TableAndMemorySegmentAbbreviations) {
  EXPECT_EQ(Encode("(func) (table funcref (elem 0 0))"),
            Encode("(func) (table 2 2 funcref) (elem (table 0) (i32.const 0) func 0 0)"));
  EXPECT_EQ(Encode("(memory (data \"ab\" \"c\"))"),
            Encode("(memory 1 1) (data (memory 0) (i32.const 0) \"abc\")"));
  EXPECT_EQ(Encode("(memory 1) (data (i32.const 8) \"x\")"),
            Encode("(memory 1) (data (offset (i32.const 8)) \"x\")"));
  Bytes b = Encode(
      "(table 4 funcref) (func $f) "
      "(elem (i32.const 0) $f) (elem func $f) (elem declare func $f) "
      "(elem (table 0) (offset (i32.const 1)) funcref (item ref.func $f) (ref.null func))");
  EXPECT_TRUE(Valid(b));
}

TEST(WatTest, ImplicitTypesAppendedInOrderOfFirstUse) {
  // The inline signatures come after the explicit type, in textual order;
  // a matching explicit type is reused.
  Bytes b = Encode(
      "(func (param i64)) (type (func (param i32))) (func (param i32)) "
      "(func (result f32) (f32.const 0))");
  Bytes types = {0x01, 0x0D, 0x03, 0x60, 0x01, 0x7F, 0x00, 0x60, 0x01, 0x7E,
                 0x00, 0x60, 0x00, 0x01, 0x7D};
  EXPECT_EQ(Bytes(b.begin() + 8, b.begin() + 8 + types.size()), types);
  Bytes funcs = {0x03, 0x04, 0x03, 0x01, 0x00, 0x02};
  EXPECT_EQ(Bytes(b.begin() + 8 + types.size(), b.begin() + 8 + types.size() + funcs.size()),
            funcs);
  EXPECT_TRUE(Valid(b));
}

TEST(WatTest, NamedIndicesEverywhere) {
  Bytes b = Encode(R"(
    (type $t (func (param i32) (result i32)))
    (import "m" "g" (global $g i32))
    (table $tab 1 funcref)
    (memory $m0 1) (memory $m1 1)
    (tag $e (param i32))
    (elem $seg func $f)
    (data $d "x")
    (func $f (type $t) (param $x i32) (result i32)
      (local $y i32)
      (local.set $y (global.get $g))
      (memory.init $m1 $d (i32.const 0) (i32.const 0) (i32.const 0))
      (table.init $tab $seg (i32.const 0) (i32.const 0) (i32.const 0))
      (drop (i32.load $m1 (i32.const 0)))
      (call_indirect $tab (type $t) (local.get $x) (local.get $y)))
    (start $s) (func $s))");
  EXPECT_TRUE(Valid(b));
  // Exceptions: encoded (the validator does not support them yet).
  Bytes e = Encode(R"(
    (tag $e (param i32))
    (func (result i32)
      (block $out (result i32) (try_table (catch $e $out) (throw $e (i32.const 1)))
        (i32.const 0))))");
  Bytes code = {0x0A, 0x14, 0x01, 0x12, 0x00, 0x02, 0x7F, 0x1F, 0x40, 0x01, 0x00, 0x00, 0x00,
                0x41, 0x01, 0x08, 0x00, 0x0B, 0x41, 0x00, 0x0B, 0x0B};
  EXPECT_EQ(Bytes(e.end() - code.size(), e.end()), code);
}

TEST(WatTest, NameSection) {
  Bytes b = Encode(
      "(module $M (import \"a\" \"b\" (func $imp)) (func $f (param $p i32) (local $l i32)))");
  // Custom section "name": module name, function names (imports included,
  // without the $), local names.
  Bytes name_section = {0x00, 0x25, 0x04, 'n', 'a', 'm', 'e',
                        0x00, 0x02, 0x01, 'M',
                        0x01, 0x09, 0x02, 0x00, 0x03, 'i', 'm', 'p', 0x01, 0x01, 'f',
                        0x02, 0x09, 0x01, 0x01, 0x02, 0x00, 0x01, 'p', 0x01, 0x01, 'l'};
  name_section[1] = static_cast<uint8_t>(name_section.size() - 2);
  ASSERT_GE(b.size(), name_section.size());
  EXPECT_EQ(Bytes(b.end() - name_section.size(), b.end()), name_section);
  EXPECT_TRUE(Valid(b));
  // No identifiers, no name section.
  EXPECT_EQ(Encode("(func)"), WithoutCustom(Encode("(func)")));
}

TEST(WatTest, GcTypesEncode) {
  Bytes b = Encode(R"(
    (rec (type $a (sub (struct (field $x i32) (field (mut i64)))))
         (type $b (sub final $a (struct (field i32) (field (mut i64)) (field (ref null $b))))))
    (type $arr (array (mut i8)))
    (func (param (ref $b)) (result i32) (struct.get $a $x (local.get 0))))");
  Bytes types = {0x01, 0x1D, 0x03,
                 0x4E, 0x02,
                 0x50, 0x00, 0x5F, 0x02, 0x7F, 0x00, 0x7E, 0x01,
                 0x4F, 0x01, 0x00, 0x5F, 0x03, 0x7F, 0x00, 0x7E, 0x01, 0x63, 0x01, 0x00,
                 0x5E, 0x78, 0x01,
                 0x60, 0x01, 0x64, 0x01, 0x01, 0x7F};
  types[1] = static_cast<uint8_t>(types.size() - 2);
  EXPECT_EQ(Bytes(b.begin() + 8, b.begin() + 8 + types.size()), types);
}

TEST(WatTest, ErrorsWithLineAndColumn) {
  EXPECT_EQ(Error("(module\n  (func (i32.const0)))"), "2:10: unknown operator i32.const0");
  EXPECT_EQ(Error("(func block $a end $b)"), "1:20: mismatching label");
  EXPECT_EQ(Error("(func $f) (func $f)"), "1:17: duplicate func");
  EXPECT_EQ(Error("(func (br $nowhere))"), "1:11: unknown label $nowhere");
  EXPECT_EQ(Error("(func (i32.const 4294967296) drop)"), "1:18: constant out of range");
  EXPECT_EQ(Error("(memory 1) (func (drop (i32.load align=3 (i32.const 0))))"),
            "1:34: alignment must be a power of two");
  EXPECT_EQ(Error("(type $t (func)) (func (type $t) (param i32))"), "1:24: inline function type");
  EXPECT_EQ(Error("(func) (import \"a\" \"b\" (func))"), "1:9: import after function");
  EXPECT_EQ(Error("(func $a) (start $a) (start $a)"), "1:23: multiple start sections");
  EXPECT_EQ(Error("(func (export \"\\ff\"))"), "1:15: malformed UTF-8 encoding");
  EXPECT_EQ(Error("(func (call $g))"), "1:13: unknown function $g");
  EXPECT_EQ(Error("(func (result i32) (f32.const nan:arithmetic))"), "1:31: unexpected token");
  EXPECT_EQ(Error("(func (v128.const i32x4 1 2 3) drop)"), "1:30: wrong number of lane literals");
  EXPECT_EQ(Error("(func (local.get $x))"), "1:18: unknown local $x");
  EXPECT_EQ(Error("(func (param i32) (param $x i32) (local $x i32))"), "1:41: duplicate local");
  EXPECT_EQ(Error("(func (result i32) (param i32))"), "1:21: unexpected token");
  EXPECT_EQ(Error("(func"), "1:6: unexpected token");
  EXPECT_EQ(Error("(func \"unterminated"), "1:20: unclosed string");
  // The first error wins: the syntax error comes before the lexical one.
  EXPECT_EQ(Error("(func (nop) (bad)) \x01"), "1:14: unknown operator bad");
  EXPECT_EQ(Error("(module) \x01"), "1:10: illegal character");
}

TEST(WatTest, DeepNestingIsAnErrorNotACrash) {
  std::string folded;
  for (int i = 0; i < 100000; ++i) folded += "(block ";
  EXPECT_NE(Error("(func " + folded).find("nesting too deep"), std::string::npos);
  // Flat blocks use an explicit label stack: deep nesting just works.
  std::string flat = "(func ";
  for (int i = 0; i < 20000; ++i) flat += "block ";
  for (int i = 0; i < 20000; ++i) flat += "end ";
  flat += ")";
  Bytes b = Encode(flat);
  EXPECT_GT(b.size(), 40000u);
}

TEST(WatTest, TruncatedInputNeverCrashes) {
  const std::string module = R"((module $m
    (type $t (func (param i32) (result i32)))
    (memory 1) (table 2 funcref)
    (func $f (type $t) (local i64)
      (block $b (result i32)
        (br_table $b 0 (i32.const 1) (local.get 0))))
    (elem (i32.const 0) $f)
    (data (i32.const 0) "hi\00")
    (func (export "x") (result v128) (v128.const i64x2 1 -1))))";
  ASSERT_TRUE(Valid(Encode(module)));
  for (size_t n = 0; n < module.size(); ++n) {
    (void)WatToBinary(module.substr(0, n));
    std::string damaged = module;
    damaged[n] = ')';
    (void)WatToBinary(damaged);
  }
}

}  // namespace
}  // namespace wasmtier::text
