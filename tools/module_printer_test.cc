// Tests of the `inspect` report on hand-built WasmModule structures (no decoder
// needed): names from the name section, signatures, sizes, constant
// expressions and escaping of hostile names.
#include "tools/module_printer.h"

#include <string>

#include "absl/strings/match.h"
#include "gtest/gtest.h"

namespace wasmtier::cli {
namespace {

// Appends {bytes} to the module's wire bytes and returns their range.
WireRange Append(WasmModule& m, std::initializer_list<uint8_t> bytes) {
  WireRange r{static_cast<uint32_t>(m.bytes.size()), static_cast<uint32_t>(bytes.size())};
  m.bytes.insert(m.bytes.end(), bytes);
  return r;
}

TypeDef FuncTypeDef(std::vector<ValType> params, std::vector<ValType> results) {
  TypeDef t;
  t.func.params = std::move(params);
  t.func.results = std::move(results);
  return t;
}

WasmModule SampleModule() {
  WasmModule m;
  m.bytes = {0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00};
  m.types.push_back(FuncTypeDef({ValType::I32()}, {}));
  m.types.push_back(FuncTypeDef({ValType::I32(), ValType::I32()}, {ValType::I32()}));

  m.imports.push_back({"env", "log", ExternKind::kFunc, 0});
  Function log;
  log.type_index = 0;
  log.imported = true;
  m.functions.push_back(log);
  m.num_imported_functions = 1;

  Function add;
  add.type_index = 1;
  add.exported = true;
  add.body = Append(m, {0x01, 0x01, 0x7F, 0x20, 0x00, 0x20, 0x01, 0x6A, 0x0B});
  add.local_runs = {{1, ValType::I32()}};
  add.num_locals = 1;
  m.functions.push_back(add);

  WasmMemory mem;
  mem.type.limits.min = 1;
  mem.type.limits.max = 16;
  m.memories.push_back(mem);

  WasmGlobal g;
  g.type = {ValType::I64(), true};
  g.init.range = Append(m, {0x42, 0x7F, 0x0B});  // i64.const -1
  m.globals.push_back(g);

  m.exports.push_back({"add", ExternKind::kFunc, 1});
  m.exports.push_back({"memory", ExternKind::kMemory, 0});

  DataSegment d;
  d.offset.range = Append(m, {0x41, 0x80, 0x08, 0x0B});  // i32.const 1024
  d.bytes = Append(m, {'h', 'i', '\n', '"'});
  m.datas.push_back(d);

  m.names.module_name = "sample";
  m.names.function_names[0] = "log";
  m.names.function_names[1] = "add";
  m.customs.push_back({"name", WireRange{0, 12}});
  m.sections.push_back({SectionId::kType, WireRange{10, 12}});
  m.sections.push_back({SectionId::kCustom, WireRange{200, 30}});
  m.customs.back().payload = WireRange{205, 25};
  return m;
}

TEST(ModulePrinterTest, ReportsEveryPart) {
  EXPECT_EQ(FormatModule(SampleModule()),
            R"(Summary: 2 types, 1 import, 2 functions (1 imported), 1 memory, 1 global, 2 exports
Module name: "sample"

Sections (2):
  id  section  start       end         size  contents
   1  type     0x0000000a  0x00000016    12  2 types
   0  custom   0x000000c8  0x000000e6    30  "name"

Types (2):
  index  type                     rec group
      0  func [i32] -> []
      1  func [i32 i32] -> [i32]

Imports (1):
  module  name   kind  index  type
  "env"   "log"  func      0  type 0 [i32] -> []

Functions (2):
  index  name  type  signature           size  locals  notes
      0  $log     0  [i32] -> []            -       -  import "env" "log"
      1  $add     1  [i32 i32] -> [i32]     9       1  export "add"

Memories (1):
  index  limits              notes
      0  min 1 max 16 pages

Globals (1):
  index  type       init
      0  (mut i64)  i64.const -1

Exports (2):
  name      kind    index  target
  "add"     func        1  $add
  "memory"  memory      0  min 1 max 16 pages

Data segments (1):
  index  mode    memory  offset          size  bytes
      0  active       0  i32.const 1024     4  "hi\0a\""

Custom sections (1):
  name    size  notes
  "name"    25  2 function names, 0 local names
)");
}

TEST(ModulePrinterTest, OnlySomeParts) {
  EXPECT_EQ(FormatModule(SampleModule(), {"memories", "summary"}),
            "Summary: 2 types, 1 import, 2 functions (1 imported), 1 memory, 1 global, 2 exports\n"
            "Module name: \"sample\"\n"
            "\n"
            "Memories (1):\n"
            "  index  limits              notes\n"
            "      0  min 1 max 16 pages\n");
  EXPECT_EQ(ReportPartNames().size(), 13u);
}

TEST(ModulePrinterTest, EmptyModule) {
  WasmModule m;
  EXPECT_EQ(FormatModule(m), "Summary: 0 types, 0 imports, 0 functions, 0 exports\n");
}

TEST(ModulePrinterTest, HostileNamesAreEscapedAndShortened) {
  WasmModule m = SampleModule();
  m.names.function_names[1] = std::string("a\x1b[2Jb") + std::string(100, 'z');
  std::string name = FunctionName(m, 1);
  EXPECT_TRUE(absl::StartsWith(name, "$a\\1b[2Jb")) << name;
  EXPECT_TRUE(absl::EndsWith(name, "...")) << name;
  EXPECT_LT(name.size(), 50u);
  EXPECT_EQ(FunctionName(m, 7), "");
}

TEST(ModulePrinterTest, ConstExprs) {
  WasmModule m;
  ConstExpr e;
  e.range = Append(m, {0x23, 0x03, 0x41, 0x05, 0x6A, 0x0B});  // global.get 3; i32.const 5; i32.add
  EXPECT_EQ(FormatConstExpr(m, e), "global.get 3; i32.const 5; i32.add");
  e.range = Append(m, {0xD0, 0x70, 0x0B});  // ref.null func
  EXPECT_EQ(FormatConstExpr(m, e), "ref.null func");
  e.range = Append(m, {0x43, 0x00, 0x00, 0xC0, 0x3F, 0x0B});  // f32.const 1.5
  EXPECT_EQ(FormatConstExpr(m, e), "f32.const 1.5");
  e.range = WireRange{1000, 4};  // out of range: never read
  EXPECT_EQ(FormatConstExpr(m, e), "...");
}

TEST(ModulePrinterTest, TypeDefs) {
  TypeDef s;
  s.kind = TypeDef::Kind::kStruct;
  s.struct_.fields.push_back({{ValType::I32(), StorageType::kI8}, true});
  s.struct_.fields.push_back({{ValType::F64()}, false});
  EXPECT_EQ(FormatTypeDef(s), "struct (field (mut i8)) (field f64)");
  TypeDef a;
  a.kind = TypeDef::Kind::kArray;
  a.array.field = {{ValType::I32(), StorageType::kI16}, true};
  a.is_final = false;
  a.supertype = 2;
  EXPECT_EQ(FormatTypeDef(a), "(sub 2) array (mut i16)");
}

}  // namespace
}  // namespace wasmtier::cli
