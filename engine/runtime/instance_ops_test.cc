// Bounds and trap rules of the bulk memory, table and segment operations
// (instance_ops.h): checked before any write, length 0 fine at the very end,
// overlapping copies behave like memmove, dropped segments have size 0.
#include "engine/runtime/instance_ops.h"

#include <cstring>
#include <numeric>

#include "engine/runtime/memory.h"
#include "gtest/gtest.h"

namespace wasmtier::rt {
namespace {

constexpr uint64_t kPage = 64 * 1024;

std::unique_ptr<MemoryInst> OnePageMemory() {
  MemoryType type;
  type.limits.min = 1;
  type.limits.max = 2;
  auto memory = CreateMemory(type, Config());
  EXPECT_TRUE(memory.ok());
  return std::move(*memory);
}

TEST(InstanceOpsTest, CheckedAddress) {
  auto m = OnePageMemory();
  EXPECT_EQ(CheckedAddress(m.get(), 0, 0, 4), m->base);
  EXPECT_EQ(CheckedAddress(m.get(), kPage - 4, 0, 4), m->base + kPage - 4);
  EXPECT_EQ(CheckedAddress(m.get(), kPage - 4, 1, 4), nullptr);
  EXPECT_EQ(CheckedAddress(m.get(), kPage, 0, 0), m->base + kPage);
  EXPECT_EQ(CheckedAddress(m.get(), kPage + 1, 0, 0), nullptr);
  EXPECT_EQ(CheckedAddress(m.get(), UINT64_MAX, 1, 1), nullptr);  // address + offset wraps
  EXPECT_EQ(CheckedAddress(m.get(), 1, UINT64_MAX, 1), nullptr);
}

TEST(InstanceOpsTest, MemoryFillBounds) {
  auto m = OnePageMemory();
  EXPECT_EQ(MemoryFill(m.get(), 10, 0x5A, 3), TrapCode::kNone);
  EXPECT_EQ(m->base[9], 0);
  EXPECT_EQ(m->base[10], 0x5A);
  EXPECT_EQ(m->base[12], 0x5A);
  EXPECT_EQ(m->base[13], 0);
  EXPECT_EQ(MemoryFill(m.get(), kPage, 1, 0), TrapCode::kNone);  // empty at the end
  EXPECT_EQ(MemoryFill(m.get(), kPage + 1, 1, 0), TrapCode::kMemoryOutOfBounds);
  // Crossing the end: nothing is written.
  EXPECT_EQ(MemoryFill(m.get(), kPage - 2, 0x77, 3), TrapCode::kMemoryOutOfBounds);
  EXPECT_EQ(m->base[kPage - 2], 0);
  EXPECT_EQ(MemoryFill(m.get(), 1, 1, UINT64_MAX), TrapCode::kMemoryOutOfBounds);
}

TEST(InstanceOpsTest, MemoryCopyOverlapsBothWays) {
  auto m = OnePageMemory();
  for (int i = 0; i < 8; ++i) m->base[i] = static_cast<uint8_t>(i + 1);
  EXPECT_EQ(MemoryCopy(m.get(), 2, m.get(), 0, 6), TrapCode::kNone);  // forward overlap
  EXPECT_EQ(std::vector<uint8_t>(m->base, m->base + 8),
            (std::vector<uint8_t>{1, 2, 1, 2, 3, 4, 5, 6}));
  EXPECT_EQ(MemoryCopy(m.get(), 0, m.get(), 2, 6), TrapCode::kNone);  // backward overlap
  EXPECT_EQ(std::vector<uint8_t>(m->base, m->base + 8),
            (std::vector<uint8_t>{1, 2, 3, 4, 5, 6, 5, 6}));
}

TEST(InstanceOpsTest, MemoryCopyBoundsAcrossMemories) {
  auto a = OnePageMemory();
  auto b = OnePageMemory();
  ASSERT_EQ(MemoryGrow(b.get(), 1), 1);
  b->base[kPage + 5] = 9;
  EXPECT_EQ(MemoryCopy(a.get(), 0, b.get(), kPage + 5, 1), TrapCode::kNone);
  EXPECT_EQ(a->base[0], 9);
  // In bounds for the source, not for the destination: no byte moves.
  EXPECT_EQ(MemoryCopy(a.get(), kPage - 1, b.get(), kPage, 2), TrapCode::kMemoryOutOfBounds);
  EXPECT_EQ(a->base[kPage - 1], 0);
  EXPECT_EQ(MemoryCopy(b.get(), 0, a.get(), kPage - 1, 2), TrapCode::kMemoryOutOfBounds);
  EXPECT_EQ(MemoryCopy(a.get(), kPage, b.get(), 2 * kPage, 0), TrapCode::kNone);
  EXPECT_EQ(MemoryCopy(a.get(), kPage, b.get(), 2 * kPage + 1, 0), TrapCode::kMemoryOutOfBounds);
}

TEST(InstanceOpsTest, MemoryInitAndDataDrop) {
  auto m = OnePageMemory();
  static const uint8_t kBytes[] = {10, 20, 30, 40};
  DataInst data{kBytes, 4};
  EXPECT_EQ(MemoryInit(m.get(), 100, data, 1, 3), TrapCode::kNone);
  EXPECT_EQ(m->base[100], 20);
  EXPECT_EQ(m->base[102], 40);
  EXPECT_EQ(MemoryInit(m.get(), 0, data, 4, 0), TrapCode::kNone);  // empty at the segment's end
  EXPECT_EQ(MemoryInit(m.get(), 0, data, 5, 0), TrapCode::kMemoryOutOfBounds);
  EXPECT_EQ(MemoryInit(m.get(), 0, data, 2, 3), TrapCode::kMemoryOutOfBounds);
  EXPECT_EQ(MemoryInit(m.get(), kPage - 1, data, 0, 2), TrapCode::kMemoryOutOfBounds);
  EXPECT_EQ(m->base[kPage - 1], 0);
  DataDrop(&data);
  EXPECT_EQ(data.size, 0u);
  EXPECT_EQ(MemoryInit(m.get(), 0, data, 0, 0), TrapCode::kNone);
  EXPECT_EQ(MemoryInit(m.get(), 0, data, 0, 1), TrapCode::kMemoryOutOfBounds);
}

TableInst MakeTable(uint64_t size, std::optional<uint64_t> max, bool is64 = false) {
  TableInst table;
  table.type.limits.min = size;
  table.type.limits.max = max;
  table.type.limits.is64 = is64;
  table.max_elements = 10'000'000;
  table.elements.assign(size, 0);
  return table;
}

TEST(InstanceOpsTest, TableGrowRespectsEveryLimit) {
  TableInst t = MakeTable(2, 5);
  EXPECT_EQ(TableGrow(&t, 2, 42), 2);
  EXPECT_EQ(t.size(), 4u);
  EXPECT_EQ(t.elements[3], 42u);
  EXPECT_EQ(t.elements[1], 0u);
  EXPECT_EQ(TableGrow(&t, 2, 0), -1);  // type maximum
  EXPECT_EQ(TableGrow(&t, 0, 0), 4);
  t.max_elements = 4;
  EXPECT_EQ(TableGrow(&t, 1, 0), -1);  // engine cap
  TableInst big = MakeTable(0, std::nullopt);
  EXPECT_EQ(TableGrow(&big, UINT64_MAX, 0), -1);
  EXPECT_EQ(TableGrow(&big, 1ull << 32, 0), -1);  // beyond a 32-bit index space
}

TEST(InstanceOpsTest, TableGetSetBounds) {
  TableInst t = MakeTable(3, std::nullopt);
  EXPECT_EQ(TableSet(&t, 2, 7), TrapCode::kNone);
  Slot v = 0;
  EXPECT_EQ(TableGet(&t, 2, &v), TrapCode::kNone);
  EXPECT_EQ(v, 7u);
  EXPECT_EQ(TableGet(&t, 3, &v), TrapCode::kTableOutOfBounds);
  EXPECT_EQ(TableSet(&t, 3, 1), TrapCode::kTableOutOfBounds);
  EXPECT_EQ(TableGet(&t, UINT64_MAX, &v), TrapCode::kTableOutOfBounds);  // table64 index
}

TEST(InstanceOpsTest, TableFillCopyBounds) {
  TableInst t = MakeTable(6, std::nullopt);
  EXPECT_EQ(TableFill(&t, 1, 9, 2), TrapCode::kNone);
  EXPECT_EQ(t.elements, (std::vector<Slot>{0, 9, 9, 0, 0, 0}));
  EXPECT_EQ(TableFill(&t, 6, 1, 0), TrapCode::kNone);
  EXPECT_EQ(TableFill(&t, 7, 1, 0), TrapCode::kTableOutOfBounds);
  EXPECT_EQ(TableFill(&t, 5, 1, 2), TrapCode::kTableOutOfBounds);
  EXPECT_EQ(t.elements[5], 0u);  // nothing written

  std::iota(t.elements.begin(), t.elements.end(), 1);
  EXPECT_EQ(TableCopy(&t, 1, &t, 0, 5), TrapCode::kNone);
  EXPECT_EQ(t.elements, (std::vector<Slot>{1, 1, 2, 3, 4, 5}));
  EXPECT_EQ(TableCopy(&t, 0, &t, 1, 5), TrapCode::kNone);
  EXPECT_EQ(t.elements, (std::vector<Slot>{1, 2, 3, 4, 5, 5}));
  TableInst other = MakeTable(2, std::nullopt);
  EXPECT_EQ(TableCopy(&other, 0, &t, 4, 2), TrapCode::kNone);
  EXPECT_EQ(other.elements, (std::vector<Slot>{5, 5}));
  EXPECT_EQ(TableCopy(&other, 1, &t, 0, 2), TrapCode::kTableOutOfBounds);
  EXPECT_EQ(TableCopy(&t, 0, &other, 1, 2), TrapCode::kTableOutOfBounds);
  EXPECT_EQ(TableCopy(&t, 6, &other, 2, 0), TrapCode::kNone);
}

TEST(InstanceOpsTest, TableInitAndElemDrop) {
  TableInst t = MakeTable(4, std::nullopt);
  ElemInst elem{{11, 22, 33}};
  EXPECT_EQ(TableInit(&t, 1, elem, 1, 2), TrapCode::kNone);
  EXPECT_EQ(t.elements, (std::vector<Slot>{0, 22, 33, 0}));
  EXPECT_EQ(TableInit(&t, 3, elem, 0, 2), TrapCode::kTableOutOfBounds);
  EXPECT_EQ(t.elements[3], 0u);
  EXPECT_EQ(TableInit(&t, 0, elem, 2, 2), TrapCode::kTableOutOfBounds);
  EXPECT_EQ(TableInit(&t, 4, elem, 3, 0), TrapCode::kNone);
  ElemDrop(&elem);
  EXPECT_EQ(TableInit(&t, 0, elem, 0, 0), TrapCode::kNone);
  EXPECT_EQ(TableInit(&t, 0, elem, 0, 1), TrapCode::kTableOutOfBounds);
}

TEST(InstanceOpsTest, LookupIndirect) {
  FuncInst f;
  f.sig_id = 3;
  TableInst t = MakeTable(2, std::nullopt);
  t.elements[0] = reinterpret_cast<Slot>(&f);
  FuncInst* out = nullptr;
  EXPECT_EQ(LookupIndirect(&t, 0, 3, &out), TrapCode::kNone);
  EXPECT_EQ(out, &f);
  EXPECT_EQ(LookupIndirect(&t, 0, 4, &out), TrapCode::kIndirectCallTypeMismatch);
  EXPECT_EQ(LookupIndirect(&t, 1, 3, &out), TrapCode::kUninitializedElement);
  EXPECT_EQ(LookupIndirect(&t, 2, 3, &out), TrapCode::kUndefinedElement);
}

}  // namespace
}  // namespace wasmtier::rt
