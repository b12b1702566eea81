// Inputs built to make decoding hold far more heap than their size must not:
// the check the mutation driver makes with --max-heap-per-byte, measured with
// the same heap meter (linked into this test), on hand-made worst cases.
#include <cstddef>
#include <cstdint>

#include "engine/fuzz/fuzz_target.h"
#include "engine/fuzz/heap_meter.h"
#include "engine/limits.h"
#include "engine/testing/wasm_builder.h"
#include "gtest/gtest.h"

namespace wasmtier::fuzz {
namespace {

using testing::Bytes;
using testing::Emitter;

// The driver's limit: 1 MiB plus this many bytes per input byte.
constexpr size_t kMaxHeapPerByte = 64;

// Peak heap held while decoding and validating {wasm} as the fuzzers do.
size_t PeakHeapOfCheck(const Bytes& wasm, bool* valid) {
  const size_t before = HeapLiveBytes();
  ResetHeapPeak();
  *valid = CheckModuleBytes(wasm.data(), wasm.size()).valid;
  return HeapPeakBytes() - before;
}

Bytes Section(uint8_t id, const Bytes& payload) {
  Emitter e;
  e.U8(id).Sized(payload);
  return e.Take();
}

// {num_functions} functions [] -> [], each body declaring {locals_each} i32
// locals in one 4-byte declaration and doing nothing else.
Bytes ManyFunctionsWithManyLocals(uint32_t num_functions, uint32_t locals_each) {
  Emitter body, function_section, code_section;
  body.U8(1).U32(locals_each).U8(testing::kI32).U8(0x0b);
  function_section.U32(num_functions);
  code_section.U32(num_functions);
  for (uint32_t i = 0; i < num_functions; ++i) {
    function_section.U8(0);
    code_section.Sized(body.bytes());
  }
  Emitter out;
  out.Raw({0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00});
  out.Raw(Section(1, {1, 0x60, 0, 0}));
  out.Raw(Section(3, function_section.bytes()));
  out.Raw(Section(10, code_section.bytes()));
  return out.Take();
}

// Regression: local declarations were expanded into the WasmModule at decode time,
// so this 32 KB module (4,000 bodies of 01 d0 86 03 7f 0b: 50,000 i32 locals
// each) held 800 MB. Locals are now kept as runs and expanded per function.
TEST(HeapAmplificationTest, LocalDeclarationsAreNotExpandedPerModule) {
  const Bytes wasm = ManyFunctionsWithManyLocals(4000, limits::kMaxFunctionLocals);
  ASSERT_LT(wasm.size(), 33000u);
  bool valid = false;
  const size_t peak = PeakHeapOfCheck(wasm, &valid);
  EXPECT_TRUE(valid);
  EXPECT_LE(peak, (size_t{1} << 20) + kMaxHeapPerByte * wasm.size())
      << "a " << wasm.size() << "-byte module held " << peak << " bytes of heap";
}

}  // namespace
}  // namespace wasmtier::fuzz
