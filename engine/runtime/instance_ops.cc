// Memory, table and segment operations with the spec's bounds rules (see
// instance_ops.h). Every bulk operation checks its whole range before writing
// anything (spec 2.0: no partial writes), and a range of length 0 is in bounds
// up to and including the end.
#include "engine/runtime/instance_ops.h"

#include <algorithm>
#include <cstring>

#include "engine/runtime/platform/vm.h"

namespace wasmtier::rt {
namespace {

// [start, start + length) lies within [0, size).
inline bool InRange(uint64_t start, uint64_t length, uint64_t size) {
  return start <= size && length <= size - start;
}

// The most elements a table's index type can address: table.grow returns the
// old size or -1, so a 32-bit table stays below 2^32 - 1 elements.
uint64_t TableCeiling(const TableInst* table) {
  uint64_t ceiling = table->type.limits.is64 ? UINT64_MAX - 1 : UINT32_MAX - 1ull;
  ceiling = std::min(ceiling, table->max_elements);
  if (table->type.limits.max.has_value()) ceiling = std::min(ceiling, *table->type.limits.max);
  return ceiling;
}

}  // namespace

// ---- Memories ----

int64_t MemoryGrow(MemoryInst* memory, uint64_t delta_pages) {
  const uint64_t old_pages = memory->pages();
  if (delta_pages > memory->max_pages - std::min(memory->max_pages, old_pages)) return -1;
  const uint64_t new_size = (old_pages + delta_pages) << memory->type.page_size_log2;
  if (new_size > memory->reserved) return -1;
  // Pages beyond the old size were never accessible, so they are still the
  // zero pages the reservation started with: no clearing needed.
  const uint64_t committed = platform::RoundUpToPage(memory->size);
  const uint64_t wanted = platform::RoundUpToPage(new_size);
  if (wanted > committed && !platform::Commit(memory->base + committed, wanted - committed).ok()) {
    return -1;
  }
  memory->size = new_size;
  return static_cast<int64_t>(old_pages);
}

TrapCode MemoryFill(MemoryInst* memory, uint64_t dst, uint8_t value, uint64_t length) {
  if (!InRange(dst, length, memory->size)) return TrapCode::kMemoryOutOfBounds;
  if (length != 0) memset(memory->base + dst, value, length);
  return TrapCode::kNone;
}

TrapCode MemoryCopy(MemoryInst* dst_memory, uint64_t dst, MemoryInst* src_memory, uint64_t src,
                    uint64_t length) {
  if (!InRange(dst, length, dst_memory->size) || !InRange(src, length, src_memory->size)) {
    return TrapCode::kMemoryOutOfBounds;
  }
  // memmove: the spec defines an overlapping copy as if through a temporary.
  if (length != 0) memmove(dst_memory->base + dst, src_memory->base + src, length);
  return TrapCode::kNone;
}

TrapCode MemoryInit(MemoryInst* memory, uint64_t dst, const DataInst& data, uint64_t src,
                    uint64_t length) {
  if (!InRange(src, length, data.size) || !InRange(dst, length, memory->size)) {
    return TrapCode::kMemoryOutOfBounds;
  }
  if (length != 0) memcpy(memory->base + dst, data.bytes + src, length);
  return TrapCode::kNone;
}

void DataDrop(DataInst* data) {
  data->bytes = nullptr;
  data->size = 0;
}

// ---- Tables ----

int64_t TableGrow(TableInst* table, uint64_t delta, Slot init) {
  const uint64_t old_size = table->size();
  const uint64_t ceiling = TableCeiling(table);
  if (old_size > ceiling || delta > ceiling - old_size) return -1;
  table->elements.resize(old_size + delta, init);
  return static_cast<int64_t>(old_size);
}

TrapCode TableGet(const TableInst* table, uint64_t index, Slot* out) {
  if (index >= table->size()) return TrapCode::kTableOutOfBounds;
  *out = table->elements[index];
  return TrapCode::kNone;
}

TrapCode TableSet(TableInst* table, uint64_t index, Slot value) {
  if (index >= table->size()) return TrapCode::kTableOutOfBounds;
  table->elements[index] = value;
  return TrapCode::kNone;
}

TrapCode TableFill(TableInst* table, uint64_t dst, Slot value, uint64_t length) {
  if (!InRange(dst, length, table->size())) return TrapCode::kTableOutOfBounds;
  std::fill_n(table->elements.begin() + dst, length, value);
  return TrapCode::kNone;
}

TrapCode TableCopy(TableInst* dst_table, uint64_t dst, TableInst* src_table, uint64_t src,
                   uint64_t length) {
  if (!InRange(dst, length, dst_table->size()) || !InRange(src, length, src_table->size())) {
    return TrapCode::kTableOutOfBounds;
  }
  if (length != 0) {
    memmove(dst_table->elements.data() + dst, src_table->elements.data() + src,
            length * sizeof(Slot));
  }
  return TrapCode::kNone;
}

TrapCode TableInit(TableInst* table, uint64_t dst, const ElemInst& elem, uint64_t src,
                   uint64_t length) {
  if (!InRange(src, length, elem.refs.size()) || !InRange(dst, length, table->size())) {
    return TrapCode::kTableOutOfBounds;
  }
  std::copy_n(elem.refs.begin() + src, length, table->elements.begin() + dst);
  return TrapCode::kNone;
}

void ElemDrop(ElemInst* elem) {
  elem->refs.clear();
  elem->refs.shrink_to_fit();
}

}  // namespace wasmtier::rt
