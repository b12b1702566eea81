// Memory, Table and Global handles: host-created instances and checked host
// access. Growth and element access go through engine/runtime/instance_ops.h,
// the same code wasm instructions run, so host and guest see one set of rules.
#include <cstring>

#include "absl/strings/str_cat.h"
#include "engine/api/impl.h"
#include "engine/runtime/instance_ops.h"

namespace wasmtier {

// ---- Memory ----

absl::StatusOr<Memory> Memory::Create(Store& store, const MemoryType& type) {
  absl::StatusOr<rt::MemoryInst*> memory = store.raw()->NewMemory(type);
  if (!memory.ok()) return memory.status();
  return Memory(*memory);
}

// The spec's external type of a memory instance: its limits' minimum is the
// current size (spec 4.5.2 "external typing").
MemoryType Memory::type() const {
  MemoryType t = memory_->type;
  t.limits.min = memory_->pages();
  return t;
}

uint64_t Memory::size_bytes() const { return memory_->size; }
uint64_t Memory::pages() const { return memory_->pages(); }

absl::StatusOr<uint64_t> Memory::Grow(uint64_t delta) const {
  const int64_t old = rt::MemoryGrow(memory_, delta);
  if (old < 0) {
    return absl::ResourceExhaustedError(absl::StrCat("memory cannot grow by ", delta,
                                                     " pages (maximum ", memory_->max_pages, ")"));
  }
  return static_cast<uint64_t>(old);
}

absl::StatusOr<std::span<uint8_t>> Memory::Span(uint64_t offset, uint64_t length) const {
  uint8_t* p = rt::CheckedAddress(memory_, offset, 0, length);
  if (p == nullptr) {
    return absl::OutOfRangeError(absl::StrCat("out of bounds memory access: [", offset, ", +",
                                              length, ") of ", memory_->size, " bytes"));
  }
  return std::span<uint8_t>(p, length);
}

absl::Status Memory::Read(uint64_t offset, std::span<uint8_t> out) const {
  absl::StatusOr<std::span<uint8_t>> src = Span(offset, out.size());
  if (!src.ok()) return src.status();
  if (!out.empty()) std::memcpy(out.data(), src->data(), out.size());
  return absl::OkStatus();
}

absl::Status Memory::Write(uint64_t offset, std::span<const uint8_t> bytes) const {
  absl::StatusOr<std::span<uint8_t>> dst = Span(offset, bytes.size());
  if (!dst.ok()) return dst.status();
  if (!bytes.empty()) std::memcpy(dst->data(), bytes.data(), bytes.size());
  return absl::OkStatus();
}

// ---- Table ----

absl::StatusOr<Table> Table::Create(Store& store, const TableType& type, Val init) {
  rt::StoreImpl& s = *store.raw();
  absl::Status ok = api::CheckVal(init, type.elem, nullptr, s, "table initial value");
  if (!ok.ok()) return ok;
  absl::StatusOr<rt::TableObj*> table = s.NewTable(type, init.lo(), nullptr);
  if (!table.ok()) return table.status();
  return Table(*table);
}

TableType Table::type() const {
  TableType t = table_->type;
  t.limits.min = table_->size();
  return t;
}

uint64_t Table::size() const { return table_->size(); }

absl::StatusOr<Val> Table::Get(uint64_t index) const {
  rt::Slot value = 0;
  if (rt::TableGet(table_, index, &value) != TrapCode::kNone) {
    return absl::OutOfRangeError(
        absl::StrCat("out of bounds table access: index ", index, " of ", table_->size()));
  }
  return Val::FromBits(table_->type.elem, value);
}

absl::Status Table::Set(uint64_t index, Val value) const {
  rt::TableObj* obj = rt::ObjOf(table_);
  absl::Status ok = api::CheckVal(value, table_->type.elem, obj->sig_ids,
                                  *obj->store, "table element");
  if (!ok.ok()) return ok;
  if (rt::TableSet(table_, index, value.lo()) != TrapCode::kNone) {
    return absl::OutOfRangeError(
        absl::StrCat("out of bounds table access: index ", index, " of ", table_->size()));
  }
  return absl::OkStatus();
}

absl::StatusOr<uint64_t> Table::Grow(uint64_t delta, Val init) const {
  rt::TableObj* obj = rt::ObjOf(table_);
  absl::Status ok = api::CheckVal(init, table_->type.elem, obj->sig_ids,
                                  *obj->store, "table element");
  if (!ok.ok()) return ok;
  const int64_t old = rt::TableGrow(table_, delta, init.lo());
  if (old < 0) {
    return absl::ResourceExhaustedError(absl::StrCat(
        "table cannot grow by ", delta, " elements (maximum ", table_->max_elements, ")"));
  }
  return static_cast<uint64_t>(old);
}

// ---- Global ----

absl::StatusOr<Global> Global::Create(Store& store, const GlobalType& type, Val value) {
  rt::StoreImpl& s = *store.raw();
  absl::Status ok = api::CheckVal(value, type.type, nullptr, s, "global value");
  if (!ok.ok()) return ok;
  rt::GlobalObj* global = s.NewGlobal(type, nullptr);
  api::ValToSlots(value, global->value);
  return Global(global);
}

GlobalType Global::type() const { return global_->type; }

Val Global::Get() const { return api::ValFromSlots(global_->type.type, global_->value); }

absl::Status Global::Set(Val value) const {
  if (!global_->type.is_mutable) return absl::FailedPreconditionError("global is immutable");
  rt::GlobalObj* obj = rt::ObjOf(global_);
  absl::Status ok = api::CheckVal(value, global_->type.type, obj->sig_ids,
                                  *obj->store, "global value");
  if (!ok.ok()) return ok;
  api::ValToSlots(value, global_->value);
  return absl::OkStatus();
}

}  // namespace wasmtier
