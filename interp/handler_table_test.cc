// Walks the interpreter's op space (interp/code.h): every own op, fused
// compare, numeric row and scalar load/store (guarded and checked) has a
// handler of its own; SIMD, GC and atomics rows have none.
#include <set>
#include <string>

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
  EXPECT_NE(GetHandler(IOp::kBrIfI32GeUImm), nullptr);
  EXPECT_NE(GetHandler(IOp::kBrIfNotI32EqImm), nullptr);
  EXPECT_NE(GetHandler(IOp::kBackBrIfI32LtS), nullptr);
  EXPECT_NE(GetHandler(IOp::kBackBrIfNotI32GeUImm), nullptr);
}

TEST(HandlerTableTest, OpcodeRowsHaveHandlersExactlyWhenExecutable) {
  size_t count = 0;
  const OpcodeInfo* rows = AllOpcodes(&count);
  int numeric = 0, memory = 0, immediate = 0;
  for (size_t i = 0; i < count; ++i) {
    const OpcodeInfo& info = rows[i];
    const Handler w = GetHandler(WasmForm(info.opcode));
    const Handler m = GetHandler(CheckedMemoryForm(info.opcode));
    const Handler imm = GetHandler(ImmediateForm(info.opcode));
    if (HasImmediateForm(info.opcode)) {
      ++immediate;
      EXPECT_NE(imm, nullptr) << info.name;
      EXPECT_EQ(Layout(ImmediateForm(info.opcode)), "DSU") << info.name;
      EXPECT_EQ(numeric::Arity(info.opcode), 2) << info.name;
      EXPECT_FALSE(numeric::CanTrap(info.opcode)) << info.name;
    } else {
      EXPECT_EQ(imm, nullptr) << info.name;
    }
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
      const bool load = Layout(WasmForm(info.opcode)) == "DSU";
      EXPECT_NE(GetHandler(AddImmLoadForm(info.opcode)), nullptr) << info.name;
      EXPECT_EQ(GetHandler(AddLoadForm(info.opcode)) != nullptr, load) << info.name;
      EXPECT_EQ(Layout(AddImmLoadForm(info.opcode)), load ? "DSUU" : "SUSU") << info.name;
      if (load) EXPECT_EQ(Layout(AddLoadForm(info.opcode)), "DSSU") << info.name;
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
  EXPECT_EQ(immediate, 42);  // 21 i32 + 21 i64 integer binops
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

// ...which is what lets the disassembler tell look-alike handlers apart (an
// i32 and an f32 load do the same work).
TEST(HandlerTableTest, DisassemblerNamesOpsByHandler) {
  CodeBuilder b;
  b.Emit(WasmForm(Opcode::kF32Load), {1, 0, 8});
  b.Emit(CheckedMemoryForm(Opcode::kI32Load), {1, 0, 2}, {16});
  b.Emit(IOp::kReturn1, {1});
  Code code;
  code.words = b.Finish();
  const std::string text = Disassemble(code);
  EXPECT_NE(text.find("0: W:f32.load 1 0 8"), std::string::npos) << text;
  EXPECT_NE(text.find("3: M:i32.load 1 0 2 #16"), std::string::npos) << text;
  EXPECT_NE(text.find("7: Return1 1"), std::string::npos) << text;
}

}  // namespace
}  // namespace wasmtier::interp
