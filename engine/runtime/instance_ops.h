// The semantics of memory, table and segment instructions that are not on a
// hot path (grow, fill, copy, init, drop, bounds-checked access), shared by
// every tier and by instantiation: one source of truth for their bounds and
// trap rules (spec 4.4.6-4.4.7). All return TrapCode::kNone on success.
#ifndef WASMTIER_ENGINE_RUNTIME_INSTANCE_OPS_H_
#define WASMTIER_ENGINE_RUNTIME_INSTANCE_OPS_H_

#include <cstdint>

#include "engine/runtime/exec.h"

namespace wasmtier::rt {

// ---- Memories ----
// memory.grow: the old size in pages, or -1 if {delta} pages cannot be added
// (type maximum, engine limit, reservation, commit failure).
int64_t MemoryGrow(MemoryInst* memory, uint64_t delta_pages);
// Address of [addr, addr + size) with addr = {address} + {offset} (unsigned,
// no wrap), or nullptr if it is not inside the memory.
inline uint8_t* CheckedAddress(const MemoryInst* memory, uint64_t address, uint64_t offset,
                               uint64_t size) {
  const uint64_t ea = address + offset;
  if (ea < address || ea > memory->size || memory->size - ea < size) return nullptr;
  return memory->base + ea;
}
TrapCode MemoryFill(MemoryInst* memory, uint64_t dst, uint8_t value, uint64_t length);
TrapCode MemoryCopy(MemoryInst* dst_memory, uint64_t dst, MemoryInst* src_memory, uint64_t src,
                    uint64_t length);
TrapCode MemoryInit(MemoryInst* memory, uint64_t dst, const DataInst& data, uint64_t src,
                    uint64_t length);
void DataDrop(DataInst* data);

// ---- Tables ----
// table.grow: the old size, or -1 if it cannot grow by {delta}.
int64_t TableGrow(TableInst* table, uint64_t delta, Slot init);
TrapCode TableGet(const TableInst* table, uint64_t index, Slot* out);
TrapCode TableSet(TableInst* table, uint64_t index, Slot value);
TrapCode TableFill(TableInst* table, uint64_t dst, Slot value, uint64_t length);
TrapCode TableCopy(TableInst* dst_table, uint64_t dst, TableInst* src_table, uint64_t src,
                   uint64_t length);
TrapCode TableInit(TableInst* table, uint64_t dst, const ElemInst& elem, uint64_t src,
                   uint64_t length);
void ElemDrop(ElemInst* elem);

// call_indirect's lookup: the function at {index} of {table} whose canonical
// type is {sig_id}, or the trap (kUndefinedElement, kUninitializedElement,
// kIndirectCallTypeMismatch).
inline TrapCode LookupIndirect(const TableInst* table, uint64_t index, uint32_t sig_id,
                               FuncInst** out) {
  if (index >= table->elements.size()) return TrapCode::kUndefinedElement;
  FuncInst* f = reinterpret_cast<FuncInst*>(table->elements[index]);
  if (f == nullptr) return TrapCode::kUninitializedElement;
  if (f->sig_id != sig_id) return TrapCode::kIndirectCallTypeMismatch;
  *out = f;
  return TrapCode::kNone;
}

}  // namespace wasmtier::rt

#endif  // WASMTIER_ENGINE_RUNTIME_INSTANCE_OPS_H_
