// Memory, table, global and reference handlers: guarded and checked loads and
// stores of every width (sign/zero extension, stores writing only their
// bytes, unaligned addresses, bounds traps), memory64 addresses, bulk memory
// and table instructions, segments, globals.
#include <cstring>
#include <vector>

#include "gtest/gtest.h"
#include "interp/code.h"
#include "interp/interp.h"
#include "interp/testing/handler_harness.h"

namespace wasmtier::interp {
namespace {

using testing::TestInstance;

IOp W(Opcode op) { return WasmForm(op); }
IOp M(Opcode op) { return CheckedMemoryForm(op); }

Code Finish(CodeBuilder& b, uint32_t params, uint32_t frame) {
  Code code;
  code.words = b.Finish();
  code.num_params = params;
  code.frame_slots = frame;
  return code;
}

// f(addr) = {load}(addr + offset) in guarded form on memory 0.
rt::FuncInst* GuardedLoad(TestInstance& t, Opcode load, uint32_t offset) {
  CodeBuilder b;
  b.Emit(W(load), {0, 0, offset});
  b.Emit(IOp::kReturn, {});
  return t.Add(Finish(b, 1, 1), 1, 1);
}

// f(addr) = {load} in checked form on memory {memory} at offset {offset}.
rt::FuncInst* CheckedLoad(TestInstance& t, Opcode load, uint32_t memory, uint64_t offset) {
  CodeBuilder b;
  b.Emit(M(load), {0, 0, memory}, {offset});
  b.Emit(IOp::kReturn, {});
  return t.Add(Finish(b, 1, 1), 1, 1);
}

// f(addr, value) = {store}, checked when {checked} (memory {memory}).
rt::FuncInst* Store(TestInstance& t, Opcode store, bool checked, uint32_t memory = 0,
                    uint64_t offset = 0) {
  CodeBuilder b;
  if (checked) {
    b.Emit(M(store), {0, 1, memory}, {offset});
  } else {
    b.Emit(W(store), {0, 1, static_cast<uint32_t>(offset)});
  }
  b.Emit(IOp::kReturn, {});
  return t.Add(Finish(b, 2, 2), 2, 0);
}

uint64_t Call1(TestInstance& t, rt::FuncInst* f, uint64_t a) {
  std::vector<rt::Slot> args = {a};
  const absl::Status s = t.Call(f, args);
  EXPECT_TRUE(s.ok()) << s;
  return args[0];
}

void Call2(TestInstance& t, rt::FuncInst* f, uint64_t a, uint64_t b) {
  std::vector<rt::Slot> args = {a, b};
  const absl::Status s = t.Call(f, args);
  EXPECT_TRUE(s.ok()) << s;
}

struct LoadCase {
  Opcode op;
  uint64_t expected;  // of the bytes 0x81 0x82 ... 0x88 at address 3
};
const LoadCase kLoads[] = {
    {Opcode::kI32Load, 0x84838281},          {Opcode::kI64Load, 0x8887868584838281},
    {Opcode::kF32Load, 0x84838281},          {Opcode::kF64Load, 0x8887868584838281},
    {Opcode::kI32Load8S, 0xFFFFFF81},        {Opcode::kI32Load8U, 0x81},
    {Opcode::kI32Load16S, 0xFFFF8281},       {Opcode::kI32Load16U, 0x8281},
    {Opcode::kI64Load8S, 0xFFFFFFFFFFFFFF81}, {Opcode::kI64Load8U, 0x81},
    {Opcode::kI64Load16S, 0xFFFFFFFFFFFF8281}, {Opcode::kI64Load16U, 0x8281},
    {Opcode::kI64Load32S, 0xFFFFFFFF84838281}, {Opcode::kI64Load32U, 0x84838281},
};

TEST(MemoryHandlersTest, LoadsExtendAsTheirOpcodeSays) {
  for (bool checked : {false, true}) {
    TestInstance t;
    rt::MemoryInst* memory = t.AddMemory(1);
    for (int i = 0; i < 8; ++i) memory->base[3 + i] = static_cast<uint8_t>(0x81 + i);
    for (const LoadCase& c : kLoads) {
      // Address 1 + offset 2 = 3: unaligned on purpose.
      rt::FuncInst* f = checked ? CheckedLoad(t, c.op, 0, 2) : GuardedLoad(t, c.op, 2);
      EXPECT_EQ(Call1(t, f, 1), c.expected) << OpcodeName(c.op) << " checked " << checked;
      if (t.instance().funcs.size() == TestInstance::kMaxFuncs) break;
    }
  }
}

// The add-folded loads address u32(base + addend) + offset: the addend wraps
// in 32 bits as the folded i32.add did (0xFFFFFFFF + 2 = 1), then the static
// offset is added without wrapping.
TEST(MemoryHandlersTest, AddFoldedLoadsWrapTheAddLikeI32Add) {
  for (bool imm : {true, false}) {
    TestInstance t;
    rt::MemoryInst* memory = t.AddMemory(1);
    for (int i = 0; i < 8; ++i) memory->base[3 + i] = static_cast<uint8_t>(0x81 + i);
    for (const LoadCase& c : kLoads) {
      CodeBuilder b;
      if (imm) {
        b.Emit(AddImmLoadForm(c.op), {0, 0, 2, 2});  // fp[0] + 2, offset 2
      } else {
        b.Emit(AddLoadForm(c.op), {0, 0, 1, 2});  // fp[0] + fp[1], offset 2
      }
      b.Emit(IOp::kReturn, {});
      rt::FuncInst* f = t.Add(Finish(b, 2, 2), 2, 1);
      std::vector<rt::Slot> args = {0xFFFFFFFF, 2};
      ASSERT_TRUE(t.Call(f, args).ok());
      EXPECT_EQ(args[0], c.expected) << OpcodeName(c.op) << " imm " << imm;
      if (t.instance().funcs.size() == TestInstance::kMaxFuncs) break;
    }
  }
}

TEST(MemoryHandlersTest, AddFoldedStoresWrapTheAddLikeI32Add) {
  TestInstance t;
  rt::MemoryInst* memory = t.AddMemory(1);
  CodeBuilder b;
  b.Emit(AddImmLoadForm(Opcode::kI32Store16), {0, 5, 1, 2});  // at u32(fp[0] + 5) + 2
  b.Emit(IOp::kReturn, {});
  rt::FuncInst* f = t.Add(Finish(b, 2, 2), 2, 0);
  Call2(t, f, 0xFFFFFFFE, 0xABCD1234);  // 0xFFFFFFFE + 5 wraps to 3: bytes 5, 6
  EXPECT_EQ(memory->base[4], 0);
  EXPECT_EQ(memory->base[5], 0x34);
  EXPECT_EQ(memory->base[6], 0x12);
  EXPECT_EQ(memory->base[7], 0);
}

TEST(MemoryHandlersTest, StoresWriteOnlyTheirBytes) {
  const std::pair<Opcode, int> stores[] = {
      {Opcode::kI32Store, 4},  {Opcode::kI64Store, 8},   {Opcode::kF32Store, 4},
      {Opcode::kF64Store, 8},  {Opcode::kI32Store8, 1},  {Opcode::kI32Store16, 2},
      {Opcode::kI64Store8, 1}, {Opcode::kI64Store16, 2}, {Opcode::kI64Store32, 4}};
  for (bool checked : {false, true}) {
    TestInstance t;
    rt::MemoryInst* memory = t.AddMemory(1);
    for (const auto& [op, width] : stores) {
      std::memset(memory->base, 0xEE, 32);
      rt::FuncInst* f = Store(t, op, checked, 0, 1);
      Call2(t, f, 4, 0x0102030405060708);  // at 5
      for (int i = 0; i < 32; ++i) {
        const uint8_t expected = i >= 5 && i < 5 + width ? static_cast<uint8_t>(0x08 - (i - 5)) : 0xEE;
        EXPECT_EQ(memory->base[i], expected) << OpcodeName(op) << " byte " << i;
      }
    }
  }
}

TEST(MemoryHandlersTest, GuardedAddressesAreUnsigned32Bit) {
  TestInstance t;
  rt::MemoryInst* memory = t.AddMemory(1);
  memory->base[0x10] = 0x5A;
  rt::FuncInst* f = GuardedLoad(t, Opcode::kI32Load8U, 0);
  EXPECT_EQ(Call1(t, f, 0xFFFFFFFF00000010), 0x5Au);  // high half of the slot ignored
}

TEST(MemoryHandlersTest, CheckedAccessesTrapOutOfBounds) {
  TestInstance t;
  t.AddMemory(1);
  rt::MemoryInst* memory64 = t.AddMemory(1, /*is64=*/true);
  rt::FuncInst* load32 = CheckedLoad(t, Opcode::kI32Load, 0, 0);
  rt::FuncInst* load64 = CheckedLoad(t, Opcode::kI64Load, 1, 8);
  rt::FuncInst* store64 = Store(t, Opcode::kI64Store, true, 1, 0);
  memory64->base[65528] = 7;
  EXPECT_EQ(Call1(t, load64, 65520), 7u);
  EXPECT_EQ(Call1(t, load32, 65532), 0u);
  std::vector<rt::Slot> args = {65533};
  EXPECT_FALSE(t.Call(load32, args).ok());
  EXPECT_EQ(t.ctx().trap, TrapCode::kMemoryOutOfBounds);
  args = {0xFFFFFFFFFFFFFFF8};  // + offset 8 wraps: out of bounds, not address 0
  EXPECT_FALSE(t.Call(load64, args).ok());
  EXPECT_EQ(t.ctx().trap, TrapCode::kMemoryOutOfBounds);
  args = {1ull << 32, 1};  // a 64-bit address uses all 64 bits
  EXPECT_FALSE(t.Call(store64, args).ok());
  EXPECT_EQ(t.ctx().trap, TrapCode::kMemoryOutOfBounds);
}

TEST(MemoryHandlersTest, SizeGrowFillCopyInit) {
  TestInstance t;
  rt::MemoryInst* memory = t.AddMemory(1);
  const uint8_t segment[] = {1, 2, 3, 4};
  t.instance().datas.push_back(rt::DataInst{segment, 4});
  CodeBuilder b;  // 0 result, 1 a, 2 b, 3 c
  b.Emit(IOp::kMemorySize, {0, 0});
  b.Emit(IOp::kConst, {1}, {1});
  b.Emit(IOp::kMemoryGrow, {1, 1, 0});  // no room in the test buffer: -1
  b.Emit(W(Opcode::kI32Add), {0, 0, 1});  // 1 + -1 = 0 (i32)
  b.Emit(IOp::kConst, {1}, {10});
  b.Emit(IOp::kConst, {2}, {0xAB});
  b.Emit(IOp::kConst, {3}, {3});
  b.Emit(IOp::kMemoryFill, {1, 2, 3, 0});   // [10, 13) = 0xAB
  b.Emit(IOp::kConst, {1}, {20});
  b.Emit(IOp::kConst, {2}, {9});
  b.Emit(IOp::kConst, {3}, {5});
  b.Emit(IOp::kMemoryCopy, {1, 2, 3, 0, 0});  // [20, 25) = [9, 14)
  b.Emit(IOp::kConst, {1}, {30});
  b.Emit(IOp::kConst, {2}, {1});
  b.Emit(IOp::kConst, {3}, {3});
  b.Emit(IOp::kMemoryInit, {1, 2, 3, 0, 0});  // [30, 33) = segment[1, 4)
  b.Emit(IOp::kDataDrop, {0});
  b.Emit(IOp::kMemoryInit, {1, 2, 3, 0, 0});  // dropped: traps
  b.Emit(IOp::kReturn, {});
  rt::FuncInst* f = t.Add(Finish(b, 0, 4), 0, 1);
  std::vector<rt::Slot> args;
  EXPECT_FALSE(t.Call(f, args).ok());
  EXPECT_EQ(t.ctx().trap, TrapCode::kMemoryOutOfBounds);
  const uint8_t expected_copy[] = {0, 0xAB, 0xAB, 0xAB, 0};
  EXPECT_EQ(std::memcmp(memory->base + 20, expected_copy, 5), 0);
  EXPECT_EQ(memory->base[30], 2);
  EXPECT_EQ(memory->base[32], 4);
  EXPECT_EQ(t.instance().datas[0].size, 0u);
}

TEST(TableHandlersTest, GetSetSizeGrowFillCopyInitDrop) {
  TestInstance t;
  rt::TableInst* table = t.AddTable(4);
  t.instance().elems.push_back(rt::ElemInst{{11, 12, 13}});
  CodeBuilder b;  // 0 result, 1 a, 2 b, 3 c
  b.Emit(IOp::kConst, {1}, {2});
  b.Emit(IOp::kConst, {2}, {0x77});
  b.Emit(IOp::kTableSet, {1, 2, 0});         // t[2] = 0x77
  b.Emit(IOp::kTableGet, {3, 1, 0});         // c = t[2]
  b.Emit(IOp::kTableGrow, {0, 2, 1, 0});     // grow by 2 with 0x77: old size 4
  b.Emit(IOp::kTableSize, {1, 0});           // 6
  b.Emit(W(Opcode::kI64Add), {0, 0, 1});     // 10
  b.Emit(IOp::kConst, {1}, {0});
  b.Emit(IOp::kConst, {3}, {2});
  b.Emit(IOp::kTableFill, {1, 2, 3, 0});     // t[0..2) = 0x77
  b.Emit(IOp::kConst, {1}, {1});
  b.Emit(IOp::kConst, {2}, {0});
  b.Emit(IOp::kConst, {3}, {3});
  b.Emit(IOp::kTableInit, {1, 2, 3, 0, 0});  // t[1..4) = 11, 12, 13
  b.Emit(IOp::kConst, {1}, {4});
  b.Emit(IOp::kConst, {2}, {2});
  b.Emit(IOp::kConst, {3}, {2});
  b.Emit(IOp::kTableCopy, {1, 2, 3, 0, 0});  // t[4..6) = t[2..4)
  b.Emit(IOp::kElemDrop, {0});
  b.Emit(IOp::kReturn, {});
  rt::FuncInst* f = t.Add(Finish(b, 0, 4), 0, 1);
  std::vector<rt::Slot> args;
  const absl::Status s = t.Call(f, args);
  ASSERT_TRUE(s.ok()) << s;
  EXPECT_EQ(args[0], 10u);
  EXPECT_EQ(table->elements, (std::vector<rt::Slot>{0x77, 11, 12, 13, 12, 13}));
  EXPECT_TRUE(t.instance().elems[0].refs.empty());

  CodeBuilder oob;
  oob.Emit(IOp::kTableGet, {0, 0, 0});
  oob.Emit(IOp::kReturn, {});
  rt::FuncInst* g = t.Add(Finish(oob, 1, 1), 1, 1);
  args = {6};
  EXPECT_FALSE(t.Call(g, args).ok());
  EXPECT_EQ(t.ctx().trap, TrapCode::kTableOutOfBounds);
}

TEST(GlobalAndRefHandlersTest, GlobalsAndRefAsNonNull) {
  TestInstance t;
  rt::GlobalInst* global = t.AddGlobal(5);
  CodeBuilder b;
  b.Emit(IOp::kGlobalGet, {1, 0});
  b.Emit(IOp::kGlobalSet, {0, 0});
  b.Emit(IOp::kRefAsNonNull, {0, 1});
  b.Emit(IOp::kReturn, {});
  rt::FuncInst* f = t.Add(Finish(b, 1, 2), 1, 1);
  EXPECT_EQ(Call1(t, f, 9), 5u);
  EXPECT_EQ(global->value[0], 9u);
  global->value[0] = 0;
  std::vector<rt::Slot> args = {1};
  EXPECT_FALSE(t.Call(f, args).ok());
  EXPECT_EQ(t.ctx().trap, TrapCode::kNullReference);
}

}  // namespace
}  // namespace wasmtier::interp
