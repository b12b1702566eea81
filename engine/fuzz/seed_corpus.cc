// Seed modules (see seed_corpus.h). Bodies are written as raw instruction
// bytes, one feature family per module, so a mutation of one seed stays
// within the decoder paths that family exercises.
#include "engine/fuzz/seed_corpus.h"

#include <utility>

#include "bench/module_gen.h"
#include "engine/testing/wasm_builder.h"

namespace wasmtier::fuzz {
namespace {

using testing::Bytes;
using testing::Emitter;
using testing::kExternRef;
using testing::kF32;
using testing::kF64;
using testing::kFuncRef;
using testing::kI32;
using testing::kI64;
using testing::kV128;
using testing::WasmBuilder;

constexpr uint8_t kEnd = 0x0B;
constexpr uint8_t kVoid = 0x40;
enum : uint8_t { kExportFunc = 0, kExportTable = 1, kExportMemory = 2, kExportGlobal = 3 };

// clang-format off: instruction bytes are laid out one instruction per group.

Bytes Arith() {
  WasmBuilder b;
  uint32_t ii_i = b.AddFuncType({kI32, kI32}, {kI32});
  uint32_t l_l = b.AddFuncType({kI64}, {kI64});
  uint32_t fd_d = b.AddFuncType({kF32, kF64}, {kF64});
  uint32_t add = b.AddFunction(ii_i, {}, {0x20, 0, 0x20, 1, 0x6A, kEnd});
  b.AddFunction(ii_i, {kI32},
                {0x20, 0,     0x20, 1,    0x6C, 0x21,
                 2,                                                         // local2 = a * b
                 0x20, 2,     0x41, 7,    0x70, 0x45,                       // (local2 % 7) == 0
                 0x04, kI32,                                                // if (result i32)
                 0x20, 0,     0x20, 1,    0x10, static_cast<uint8_t>(add),  //   call add
                 0x05,                                                      // else
                 0x02, kVoid,                                               //   block
                 0x20, 1,     0x0E, 2,    0,    0,
                 0,  //     br_table 0 0 0
                 kEnd, 0x20,  2,    0x41, 3,    0x20,
                 0,    0x1B,                     //   select
                 kEnd, 0x41,  0x7F, 0x73, 0x67,  // xor -1, clz
                 0x20, 0,     0x41, 5,    0x76, 0x20,
                 1,    0x77,  0x6B,  // rotl(a >>> 5, b), sub
                 kEnd});
  b.AddFunction(l_l, {}, {0x03, kI64,                             // loop (result i64)
                          0x20, 0,    0x42, 1,    0x7D, 0x22, 0,  //   n - 1, tee
                          0x20, 0,    0x50, 0x0D, 1,    0x1A,  //   br_if 1 (function end) when zero
                          0x20, 0,    0x42, 0x80, 0x01, 0x7E, 0x21, 0, 0x0C, 0,  //   n *= 128, br 0
                          kEnd, kEnd});
  b.AddFunction(
      fd_d, {kF64},
      {0x20, 0,   0xBB, 0x20, 1,    0xA0, 0x9F, 0x21, 2,  // sqrt(promote(a) + b)
       0x20, 2,   0x44, 0,    0,    0,    0,    0,    0,    0xF0, 0x3F, 0xA2,  // * 1.0
       0x20, 0,   0x43, 0,    0,    0x80, 0x3F, 0x92, 0x8C, 0xBB, 0xA0,  // + promote(-(a + 1.0f))
       0x20, 0,   0xA8, 0xB7, 0xA0,                                      // + f64(i32(a))
       0x01, kEnd});
  b.AddFunction(b.AddFuncType({}, {}), {},
                {0x0F, 0x00, 0x6A, 0x1A, kEnd});  // dead code after return
  b.AddExport("add", kExportFunc, add);
  return b.Build();
}

Bytes Imports() {
  WasmBuilder b;
  uint32_t v_v = b.AddFuncType({}, {});
  uint32_t i_v = b.AddFuncType({kI32}, {});
  b.ImportFunc("env", "log", i_v);
  Emitter table, memory, global;
  table.Name("env").Name("table").U8(0x01).U8(kFuncRef).U8(0x01).U32(1).U32(10);
  memory.Name("env").Name("memory").U8(0x02).U8(0x00).U32(1);
  global.Name("env").Name("base").U8(0x03).U8(kI32).U8(0x00);
  b.AddRawImport(table.Take());
  b.AddRawImport(memory.Take());
  b.AddRawImport(global.Take());
  uint32_t start = b.AddFunction(v_v, {}, {0x23, 0, 0x10, 0, kEnd});
  b.AddGlobal(kI32, true, {0x23, 0, 0x41, 16, 0x6A, kEnd});  // extended const: base + 16
  b.SetStart(start);
  b.AddExport("start", kExportFunc, start);
  b.AddExport("table", kExportTable, 0);
  b.AddExport("memory", kExportMemory, 0);
  b.AddExport("base", kExportGlobal, 0);
  b.AddExport("next", kExportGlobal, 1);
  return b.Build();
}

Bytes Globals() {
  WasmBuilder b;
  uint32_t v_i = b.AddFuncType({}, {kI32});
  uint32_t f = b.AddFunction(v_i, {}, {0x23, 0, 0x23, 5, 0x6A, 0x24, 5, 0x23, 5, kEnd});
  b.AddGlobal(kI32, false, {0x41, 0xC0, 0x00, kEnd});                      // i32.const 64
  b.AddGlobal(kI64, false, {0x42, 0x7F, kEnd});                            // i64.const -1
  b.AddGlobal(kF32, false, {0x43, 0, 0, 0xC0, 0x7F, kEnd});                // f32 NaN
  b.AddGlobal(kF64, true, {0x44, 0, 0, 0, 0, 0, 0, 0xF0, 0x7F, kEnd});     // f64 +inf
  b.AddGlobal(kFuncRef, false, {0xD2, static_cast<uint8_t>(f), kEnd});     // ref.func
  b.AddGlobal(kI32, true, {0x23, 0, 0x41, 3, 0x6C, 0x41, 1, 0x6B, kEnd});  // g0 * 3 - 1
  b.AddGlobal(kExternRef, true, {0xD0, 0x6F, kEnd});                       // ref.null extern
  b.AddExport("f", kExportFunc, f);
  return b.Build();
}

Bytes MemoryAndData() {
  WasmBuilder b;
  uint32_t ii_i = b.AddFuncType({kI32, kI32}, {kI32});
  b.AddMemory(1, 4);
  b.SetDataCount(2);
  b.AddFunction(ii_i, {kI64},
                {0x20, 0,    0x20, 1,    0x36, 2,    0,  // i32.store
                 0x20, 0,    0x29, 3,    8,    0x21, 2,  // i64.load offset 8
                 0x20, 0,    0x20, 2,    0x3C, 0,    1,  // i64.store8 offset 1
                 0x20, 0,    0x2D, 0,    4,    0x1A,     // i32.load8_u offset 4, drop
                 0x20, 0,    0x41, 0,    0x41, 4,    0xFC, 0x08, 1,    0,  // memory.init 1
                 0xFC, 0x09, 1,                                            // data.drop 1
                 0x20, 0,    0x20, 1,    0x41, 8,    0xFC, 0x0A, 0,    0,  // memory.copy
                 0x20, 0,    0x41, 0xFF, 0x00, 0x41, 8,    0xFC, 0x0B, 0,  // memory.fill
                 0x3F, 0,    0x40, 0,  // memory.grow(memory.size)
                 kEnd});
  Emitter active, passive;
  active.U8(0x00).Raw({0x41, 0x10, kEnd}).Name("hello, world");
  passive.U8(0x01).Name(std::string("\x00\x01\x02\x03\xFF", 5));
  b.AddRawData(active.Take());
  b.AddRawData(passive.Take());
  b.AddExport("mem", kExportMemory, 0);
  return b.Build();
}

Bytes TablesAndElems() {
  WasmBuilder b;
  uint32_t i_i = b.AddFuncType({kI32}, {kI32});
  uint32_t v_v = b.AddFuncType({}, {});
  uint32_t f0 = b.AddFunction(i_i, {}, {0x20, 0, kEnd});
  uint32_t f1 = b.AddFunction(i_i, {},
                              {0x20, 0, 0x20, 0, 0x20, 0, 0x11, static_cast<uint8_t>(i_i), 0, 0x6A,
                               kEnd});  // call_indirect table 0
  b.AddFunction(v_v, {},
                {0x41, 1, 0x41, 0, 0x25, 0, 0x26, 0,  // table[1] = table[0]
                 kEnd});
  b.AddTable(kFuncRef, 4, 8);
  b.AddTable(kExternRef, 1);
  Emitter e0, e1, e2, e3, e4, e5, e6, e7;
  e0.U8(0).Raw({0x41, 0, kEnd}).U32(2).U32(f0).U32(f1);
  e1.U8(1).U8(0x00).U32(1).U32(f1);
  e2.U8(2).U32(0).Raw({0x41, 2, kEnd}).U8(0x00).U32(1).U32(f0);
  e3.U8(3).U8(0x00).U32(1).U32(f0);
  e4.U8(4)
      .Raw({0x41, 3, kEnd})
      .U32(2)
      .Raw({0xD2, static_cast<uint8_t>(f1), kEnd, 0xD0, 0x70, kEnd});
  e5.U8(5).U8(kFuncRef).U32(1).Raw({0xD0, 0x70, kEnd});
  e6.U8(6).U32(1).Raw({0x41, 0, kEnd}).U8(kExternRef).U32(1).Raw({0xD0, 0x6F, kEnd});
  e7.U8(7).U8(kFuncRef).U32(1).Raw({0xD2, static_cast<uint8_t>(f0), kEnd});
  for (Emitter* e : {&e0, &e1, &e2, &e3, &e4, &e5, &e6, &e7}) b.AddRawElem(e->Take());
  return b.Build();
}

Bytes TableOps() {
  WasmBuilder b;
  uint32_t v_i = b.AddFuncType({}, {kI32});
  b.AddTable(kFuncRef, 2);
  b.AddTable(kExternRef, 2);
  uint32_t f = b.AddFunction(
      v_i, {}, {0x41, 0,    0x25, 0,    0xD1, 0x1A,              // table.get 0, ref.is_null, drop
                0x41, 1,    0xD0, 0x6F, 0x26, 1,                 // table.set 1 (ref.null extern)
                0xD0, 0x70, 0x41, 1,    0xFC, 0x0F, 0,    0x1A,  // table.grow 0, drop
                0x41, 0,    0xD0, 0x6F, 0x41, 1,    0xFC, 0x11, 1,     // table.fill 1
                0x41, 0,    0x41, 1,    0x41, 1,    0xFC, 0x0E, 0, 0,  // table.copy 0 0
                0x41, 0,    0x41, 0,    0x41, 1,    0xFC, 0x0C, 0, 0,  // table.init 0 0
                0xFC, 0x0D, 0,                                         // elem.drop 0
                0xFC, 0x10, 0,                                         // table.size 0
                kEnd});
  Emitter e;
  e.U8(1).U8(0x00).U32(1).U32(f);
  b.AddRawElem(e.Take());
  return b.Build();
}

Bytes MultiValue() {
  WasmBuilder b;
  uint32_t ii_ii = b.AddFuncType({kI32, kI32}, {kI32, kI32});
  uint32_t i_ii = b.AddFuncType({kI32}, {kI32, kI32});
  b.AddFunction(
      ii_ii, {},
      {0x20, 1, 0x20, 0, 0x02, static_cast<uint8_t>(ii_ii),  // block (type ii->ii): swap again
       0x21, 0, 0x20, 0, 0x0C, 0, kEnd, kEnd});
  b.AddFunction(i_ii, {},
                {0x20, 0, 0x20, 0,    0x04, static_cast<uint8_t>(i_ii),  // if (type i->ii)
                 0x41, 1, 0x05, 0x41, 2,    kEnd,
                 0x20, 0, 0x1C, 1,    kI32, 0x20,
                 0,  // select (result i32)
                 kEnd});
  return b.Build();
}

Bytes Simd() {
  WasmBuilder b;
  uint32_t i_i = b.AddFuncType({kI32}, {kI32});
  b.AddMemory(1);
  Bytes code = {0xFD, 0x0C};  // v128.const
  for (int i = 0; i < 16; ++i) code.push_back(static_cast<uint8_t>(i * 17));
  Bytes rest = {
      0x20, 0,    0xFD, 0x00, 4,    0,           // v128.load
      0xFD, 0x6E,                                // i8x16.add
      0x20, 0,    0xFD, 0x11, 0xFD, 0xAE, 0x01,  // i32x4.splat, i32x4.add
      0x22, 1,                                   // local.tee (v128)
      0x20, 1,    0xFD, 0x0D, 0,    17,   2,    19, 4,    21,   6, 23,
      8,    25,   10,   27,   12,   29,   14,   31, 0xFD, 0x1B, 3,  // i32x4.extract_lane 3
      0x20, 0,    0x20, 1,    0xFD, 0x0B, 4,    16,                 // v128.store offset 16
      0x20, 1,    0xFD, 0x53, 0x6A,                                 // v128.any_true, add
      kEnd};
  code.insert(code.end(), rest.begin(), rest.end());
  b.AddFunction(i_i, {kV128}, code);
  return b.Build();
}

Bytes TailCalls() {
  WasmBuilder b;
  uint32_t ii_i = b.AddFuncType({kI32, kI32}, {kI32});
  b.AddTable(kFuncRef, 1);
  uint32_t f = b.AddFunction(
      ii_i, {}, {0x20, 0, 0x45, 0x04, kVoid, 0x20, 1, 0x0F, kEnd,  // if n == 0 return acc
                 0x20, 0, 0x41, 1,    0x6B,  0x20, 1, 0x20, 0,    0x6A, 0x12, 0,  // return_call 0
                 kEnd});
  b.AddFunction(ii_i, {}, {0x20, 0, 0x20, 1, 0x41, 0, 0x13, static_cast<uint8_t>(ii_i), 0, kEnd});
  Emitter e;
  e.U8(0).Raw({0x41, 0, kEnd}).U32(1).U32(f);
  b.AddRawElem(e.Take());
  return b.Build();
}

Bytes Memory64AndMultiMemory() {
  WasmBuilder b;
  uint32_t l_l = b.AddFuncType({kI64}, {kI64});
  Emitter mem64, mem32;
  mem64.U8(0x05).U32(1).U32(100);  // i64 limits min 1 max 100
  mem32.U8(0x00).U32(0);
  b.AddRawSection(4, 5, [&] {
    Emitter s;
    s.U32(2).Raw(mem64.bytes()).Raw(mem32.bytes());
    return s.Take();
  }());
  b.AddFunction(l_l, {},
                {0x20, 0, 0x29, 3, 0,        // i64.load from memory 0 (i64 address)
                 0x41, 0, 0x28, 0x42, 1, 4,  // i32.load memory 1 (memidx flag 0x40)
                 0xAD, 0x7C,                 // i64.extend_i32_u, add
                 0x3F, 1, 0xAD, 0x7C,        // memory.size 1
                 kEnd});
  return b.Build();
}

Bytes FunctionReferences() {
  WasmBuilder b;
  uint32_t i_i = b.AddFuncType({kI32}, {kI32});
  // (func (param (ref null $0) i32) (result i32))
  uint32_t ri_i = b.AddRawType({0x60, 2, 0x63, static_cast<uint8_t>(i_i), kI32, 1, kI32});
  uint32_t f = b.AddFunction(i_i, {}, {0x20, 0, kEnd});
  b.AddFunction(ri_i, {}, {0x02, kVoid,
                           0x20, 0,
                           0xD5, 0,  // br_on_null 0
                           0x1A, kEnd,
                           0x20, 1,
                           0x20, 0,
                           0xD4,                             // ref.as_non_null
                           0x14, static_cast<uint8_t>(i_i),  // call_ref $0
                           0x20, 1,
                           0xD2, static_cast<uint8_t>(f),
                           0x15, static_cast<uint8_t>(i_i),  // return_call_ref
                           kEnd});
  Emitter e;  // declarative segment making ref.func f legal
  e.U8(3).U8(0x00).U32(1).U32(f);
  b.AddRawElem(e.Take());
  return b.Build();
}

Bytes Gc() {
  WasmBuilder b;
  // rec { $point = struct (mut i32) (mut i32); $points = array (mut (ref null $point)) }
  b.AddRawType({0x4E, 2, 0x50, 0, 0x5F, 2, kI32, 1, kI32, 1, 0x4F, 0, 0x5E, 0x63, 0, 1});
  // The builder counts entries, not types: the rec group above defines 0 and 1.
  b.AddRawType({0x50, 1, 0, 0x5F, 3, kI32, 1, kI32, 1, 0x78, 0});  // type 2: sub $point
  b.AddFuncType({kI32}, {kI32});                                   // type 3
  constexpr uint32_t sub = 2, i_i = 3;
  b.AddFunction(i_i, {}, {0x20, 0,    0x41,
                          2,    0x41, 3,
                          0xFB, 0x00, static_cast<uint8_t>(sub),  // struct.new $sub
                          0xFB, 0x08, 1,
                          1,  // array.new_fixed $points 1
                          0x41, 0,    0xFB,
                          0x0B, 1,  // array.get
                          0xFB, 0x02, 0,
                          1,  // struct.get $point 1
                          0x20, 0,    0xFB,
                          0x1C, 0xFB, 0x1D,
                          0x6A,  // ref.i31, i31.get_s
                          0xD0, 0x6E, 0xFB,
                          0x14, 0x6C, 0x6A,  // ref.test i31
                          kEnd});
  return b.Build();
}

Bytes Exceptions() {
  WasmBuilder b;
  uint32_t i_v = b.AddFuncType({kI32}, {});
  uint32_t v_i = b.AddFuncType({}, {kI32});
  b.AddRawSection(5, 13, {1, 0x00, static_cast<uint8_t>(i_v)});  // tag 0 : [i32] -> []
  b.AddFunction(v_i, {},
                {0x02, kI32,                  // block (result i32)
                 0x1F, kVoid, 1, 0x00, 0, 0,  //   try_table (catch 0 0)
                 0x41, 42, 0x08, 0,           //     throw 0
                 kEnd, 0x41, 0, kEnd, kEnd});
  return b.Build();
}

Bytes Threads() {
  WasmBuilder b;
  uint32_t i_i = b.AddFuncType({kI32}, {kI32});
  b.AddRawSection(4, 5, {1, 0x03, 1, 2});  // shared memory min 1 max 2
  b.AddFunction(i_i, {},
                {0x20, 0,    0xFE, 0x10, 2,    0,                       // i32.atomic.load
                 0x20, 0,    0x41, 1,    0xFE, 0x1E, 2,    0,    0x6A,  // i32.atomic.rmw.add
                 0x20, 0,    0x41, 0,    0x41, 1,    0xFE, 0x48, 2,    0, 0x6A,  // cmpxchg
                 0xFE, 0x03, 0x00,                                               // atomic.fence
                 0x20, 0,    0x41, 1,    0xFE, 0x00, 2,    0,    0x6A,  // memory.atomic.notify
                 kEnd});
  return b.Build();
}

Bytes ConversionsAndNames() {
  WasmBuilder b;
  uint32_t f_i = b.AddFuncType({kF32}, {kI32});
  uint32_t f = b.AddFunction(
      f_i, {kI64}, {0x20, 0,    0xFC, 0x00,                 // i32.trunc_sat_f32_s
                    0xC0, 0xC1,                             // i32.extend8_s, extend16_s
                    0x20, 0,    0xFC, 0x05, 0xC4, 0x22, 1,  // i64.trunc_sat_f32_u, extend32_s
                    0xA7, 0x6A,                             // i32.wrap_i64
                    0x20, 0,    0xBC, 0x73,                 // i32.reinterpret_f32, xor
                    kEnd});
  b.AddExport("convert", kExportFunc, f);
  Emitter module_name, func_names, local_names, names;
  module_name.Name("seeds");
  func_names.U32(1).U32(f).Name("convert");
  local_names.U32(1).U32(f).U32(2).U32(0).Name("x").U32(1).Name("wide");
  names.U8(0).Sized(module_name.bytes()).U8(1).Sized(func_names.bytes());
  names.U8(2).Sized(local_names.bytes());
  b.AddCustom("name", names.Take());
  b.AddCustom("producers", {0});
  return b.Build();
}

// clang-format on

}  // namespace

std::vector<Seed> SeedModules() {
  std::vector<Seed> seeds = {
      {"empty", {0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00}},
      {"arith", Arith()},
      {"imports", Imports()},
      {"globals", Globals()},
      {"memory_data", MemoryAndData()},
      {"tables_elems", TablesAndElems()},
      {"table_ops", TableOps()},
      {"multi_value", MultiValue()},
      {"simd", Simd()},
      {"tail_calls", TailCalls()},
      {"memory64_multi_memory", Memory64AndMultiMemory()},
      {"function_references", FunctionReferences()},
      {"gc", Gc(), /*pending_support=*/true},
      {"exceptions", Exceptions(), /*pending_support=*/true},
      {"threads", Threads(), /*pending_support=*/true},
      {"conversions_names", ConversionsAndNames()},
  };
  // Compiler-shaped modules: many small functions, calls, memory traffic.
  for (uint64_t seed = 1; seed <= 4; ++seed) {
    bench::ModuleGenOptions options;
    options.seed = seed;
    options.min_code_bytes = 1500 * seed;
    options.max_function_bytes = 600;
    options.post_mvp_ops = seed % 2 == 0;
    options.name_section = seed <= 2;
    seeds.push_back({"gen_" + std::to_string(seed), bench::GenerateModule(options).bytes});
  }
  return seeds;
}

}  // namespace wasmtier::fuzz
