// Writes tools/examples/example.wasm: the module of example.wat, encoded with
// the engine's test builder until the text-format parser exists. The
// committed example.wasm must equal this program's output (example_test
// checks it); after changing either file, regenerate with
//   bazel run //tools/examples:make_example -- $PWD/tools/examples/example.wasm
#include <cstdio>
#include <string>
#include <utility>
#include <vector>

#include "engine/testing/wasm_builder.h"

namespace {

using wasmtier::testing::Bytes;
using wasmtier::testing::Emitter;
using wasmtier::testing::kFuncRef;
using wasmtier::testing::kI32;
using wasmtier::testing::kI64;
using wasmtier::testing::WasmBuilder;

// clang-format off: instruction lists are laid out like the text format.

// Instruction bytes used below (engine/opcodes.def has the full table).
enum : uint8_t {
  kBlock = 0x02,
  kLoop = 0x03,
  kEnd = 0x0B,
  kBr = 0x0C,
  kBrIf = 0x0D,
  kCallIndirect = 0x11,
  kLocalGet = 0x20,
  kLocalSet = 0x21,
  kGlobalGet = 0x23,
  kGlobalSet = 0x24,
  kI32Load = 0x28,
  kI32Const = 0x41,
  kI64Const = 0x42,
  kI32Eqz = 0x45,
  kI64LtU = 0x54,
  kI32Add = 0x6A,
  kI32Sub = 0x6B,
  kI32Mul = 0x6C,
  kI64Sub = 0x7D,
  kI64Mul = 0x7E,
  kVoid = 0x40,
};
enum : uint8_t { kExportFunc = 0, kExportTable = 1, kExportMemory = 2, kExportGlobal = 3 };

Bytes Factorial() {  // (param $n i64) (result i64) (local $acc i64)
  return {kI64Const, 1,         kLocalSet, 1,       kBlock,    kVoid, kLoop,     kVoid, kLocalGet,
          0,         kI64Const, 2,         kI64LtU, kBrIf,     1,     kLocalGet, 1,     kLocalGet,
          0,         kI64Mul,   kLocalSet, 1,       kLocalGet, 0,     kI64Const, 1,     kI64Sub,
          kLocalSet, 0,         kBr,       0,       kEnd,      kEnd,  kLocalGet, 1,     kEnd};
}

Bytes Fibonacci() {  // (param $n i32) (result i32) (local $a i32) (local $b i32) (local $t i32)
  return {kI32Const, 1,         kLocalSet, 2,         kBlock,    kVoid,     kLoop,
          kVoid,     kLocalGet, 0,         kI32Eqz,   kBrIf,     1,         kLocalGet,
          1,         kLocalGet, 2,         kI32Add,   kLocalSet, 3,         kLocalGet,
          2,         kLocalSet, 1,         kLocalGet, 3,         kLocalSet, 2,
          kLocalGet, 0,         kI32Const, 1,         kI32Sub,   kLocalSet, 0,
          kBr,       0,         kEnd,      kEnd,      kLocalGet, 1,         kEnd};
}

Bytes Sum() {  // (param $ptr i32) (param $count i32) (result i32) (local $acc i32)
  return {kBlock,    kVoid,     kLoop,     kVoid,     kLocalGet, 1,         kI32Eqz, kBrIf,
          1,         kLocalGet, 2,         kLocalGet, 0,         kI32Load,  2,       0,
          kI32Add,   kLocalSet, 2,         kLocalGet, 0,         kI32Const, 4,       kI32Add,
          kLocalSet, 0,         kLocalGet, 1,         kI32Const, 1,         kI32Sub, kLocalSet,
          1,         kBr,       0,         kEnd,      kEnd,      kLocalGet, 2,       kEnd};
}

Bytes Square() {  // (param $x i32) (result i32)
  return {kLocalGet, 0, kLocalGet, 0, kI32Mul, kEnd};
}

Bytes Apply(uint32_t unary_type) {  // (param $f i32) (param $x i32) (result i32)
  return {kGlobalGet,
          0,
          kI32Const,
          1,
          kI32Add,
          kGlobalSet,
          0,
          kLocalGet,
          1,
          kLocalGet,
          0,
          kCallIndirect,
          static_cast<uint8_t>(unary_type),
          0,
          kEnd};
}

// clang-format on

// An active segment for memory 0 / table 0 at a constant i32 offset.
Bytes DataSegment(uint32_t offset, const std::string& bytes) {
  Emitter e;
  e.U8(0x00).U8(kI32Const).S64(offset).U8(kEnd).Name(bytes);
  return e.Take();
}

Bytes NameSection(const std::vector<std::pair<std::string, std::vector<std::string>>>& funcs) {
  Emitter module_name, func_names, local_names;
  module_name.Name("example");
  func_names.U32(funcs.size());
  local_names.U32(funcs.size());
  for (uint32_t i = 0; i < funcs.size(); ++i) {
    func_names.U32(i).Name(funcs[i].first);
    local_names.U32(i).U32(funcs[i].second.size());
    for (uint32_t k = 0; k < funcs[i].second.size(); ++k)
      local_names.U32(k).Name(funcs[i].second[k]);
  }
  Emitter section;
  section.U8(0).Sized(module_name.bytes());
  section.U8(1).Sized(func_names.bytes());
  section.U8(2).Sized(local_names.bytes());
  return section.Take();
}

Bytes BuildExample() {
  WasmBuilder b;
  uint32_t i64_to_i64 = b.AddFuncType({kI64}, {kI64});
  uint32_t i32_to_i32 = b.AddFuncType({kI32}, {kI32});
  uint32_t i32_i32_to_i32 = b.AddFuncType({kI32, kI32}, {kI32});

  b.AddTable(kFuncRef, 2, 2);
  b.AddMemory(1, 16);
  b.AddGlobal(kI32, /*is_mutable=*/true, {kI32Const, 0, kEnd});

  uint32_t factorial = b.AddFunction(i64_to_i64, {kI64}, Factorial());
  uint32_t fibonacci = b.AddFunction(i32_to_i32, {kI32, kI32, kI32}, Fibonacci());
  uint32_t sum = b.AddFunction(i32_i32_to_i32, {kI32}, Sum());
  uint32_t square = b.AddFunction(i32_to_i32, {}, Square());
  uint32_t apply = b.AddFunction(i32_i32_to_i32, {}, Apply(i32_to_i32));

  b.AddExport("memory", kExportMemory, 0);
  b.AddExport("factorial", kExportFunc, factorial);
  b.AddExport("fibonacci", kExportFunc, fibonacci);
  b.AddExport("sum", kExportFunc, sum);
  b.AddExport("apply", kExportFunc, apply);
  b.AddExport("calls", kExportGlobal, 0);

  Emitter elem;  // flags 0: table 0, offset expr, vec(funcidx)
  elem.U8(0x00).Raw({kI32Const, 0, kEnd}).U32(2).U32(fibonacci).U32(square);
  b.AddRawElem(elem.Take());

  b.AddRawData(DataSegment(0, std::string("Hello from Wasmtier!\0", 21)));
  std::string numbers;
  for (char n = 1; n <= 8; ++n) numbers += std::string({n, 0, 0, 0});
  b.AddRawData(DataSegment(64, numbers));

  b.AddCustom("name", NameSection({{"factorial", {"n", "acc"}},
                                   {"fibonacci", {"n", "a", "b", "t"}},
                                   {"sum", {"ptr", "count", "acc"}},
                                   {"square", {"x"}},
                                   {"apply", {"f", "x"}}}));
  return b.Build();
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: make_example OUTPUT.wasm (\"-\" for stdout)\n");
    return 2;
  }
  Bytes bytes = BuildExample();
  std::string path = argv[1];
  FILE* out = path == "-" ? stdout : std::fopen(path.c_str(), "wb");
  if (out == nullptr) {
    std::perror(path.c_str());
    return 1;
  }
  bool ok = std::fwrite(bytes.data(), 1, bytes.size(), out) == bytes.size();
  ok &= (out == stdout ? std::fflush(out) : std::fclose(out)) == 0;
  if (!ok) {
    std::perror(path.c_str());
    return 1;
  }
  return 0;
}
