// Walks the interpreter's op space (interp/code.h): every own op, fused
// compare, numeric row and scalar load/store (guarded and checked) has a
// handler of its own; SIMD, GC and atomics rows have none.
#include <set>

#include "engine/opcodes.h"
#include "engine/runtime/numeric.h"
#include "gtest/gtest.h"
#include "interp/code.h"

namespace wasmtier::interp {
namespace {

bool IsScalarLoadOrStore(const OpcodeInfo& info) {
  return info.imm == ImmKind::kMemArg && info.feature == OpFeature::kMvp;
}

TEST(HandlerTableTest, EveryOwnOpHasAHandler) {
  for (int i = 0; i < static_cast<int>(IOp::kWUnreachable); ++i) {
    EXPECT_NE(GetHandler(static_cast<IOp>(i)), nullptr) << Name(static_cast<IOp>(i));
  }
  EXPECT_NE(GetHandler(IOp::kBrIfI32GeU), nullptr);
  EXPECT_NE(GetHandler(IOp::kBrIfNotI32Eq), nullptr);
}

TEST(HandlerTableTest, OpcodeRowsHaveHandlersExactlyWhenExecutable) {
  size_t count = 0;
  const OpcodeInfo* rows = AllOpcodes(&count);
  int numeric = 0, memory = 0;
  for (size_t i = 0; i < count; ++i) {
    const OpcodeInfo& info = rows[i];
    const Handler w = GetHandler(WasmForm(info.opcode));
    const Handler m = GetHandler(CheckedMemoryForm(info.opcode));
    if (numeric::IsNumeric(info.opcode)) {
      ++numeric;
      EXPECT_NE(w, nullptr) << info.name;
      EXPECT_EQ(m, nullptr) << info.name;
      const int arity = numeric::Arity(info.opcode);
      EXPECT_EQ(Layout(WasmForm(info.opcode)), arity == 1 ? "DS" : "DSS") << info.name;
    } else if (IsScalarLoadOrStore(info)) {
      ++memory;
      EXPECT_NE(w, nullptr) << info.name;
      EXPECT_NE(m, nullptr) << info.name;
      EXPECT_NE(w, m) << info.name;
    } else {
      EXPECT_EQ(w, nullptr) << info.name;
      EXPECT_EQ(m, nullptr) << info.name;
    }
    const bool unsupported_feature =
        info.feature == OpFeature::kSimd || info.feature == OpFeature::kRelaxedSimd ||
        info.feature == OpFeature::kGc || info.feature == OpFeature::kThreads;
    if (unsupported_feature) {
      EXPECT_EQ(w, nullptr) << info.name;
      EXPECT_EQ(m, nullptr) << info.name;
    }
  }
  EXPECT_EQ(numeric, 136);
  EXPECT_EQ(memory, 23);  // 14 loads + 9 stores
}

// The disassembler names an op by its handler, so no two ops may share one.
TEST(HandlerTableTest, HandlersAreDistinct) {
  std::set<Handler> seen;
  for (int i = 0; i < static_cast<int>(IOp::kCount); ++i) {
    const Handler h = GetHandler(static_cast<IOp>(i));
    if (h == nullptr) continue;
    EXPECT_TRUE(seen.insert(h).second) << Name(static_cast<IOp>(i));
  }
}

}  // namespace
}  // namespace wasmtier::interp
