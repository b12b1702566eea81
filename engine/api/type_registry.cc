// Rec groups are flattened into keys of 32-bit words (prefix-free: counts
// before variable parts, a marker word before every type-index word) and
// interned in a hash map under a mutex: modules compile on any thread.
#include "engine/api/type_registry.h"

namespace wasmtier::api {
namespace {

constexpr uint32_t kInGroupBit = 0x80000000u;  // an index relative to the group
constexpr uint32_t kConcreteMarker = 0xFFFFFFu;  // heap field of a type-index ref
// Stands for a type index with no id (host function types never have one).
constexpr uint32_t kUnknownIndex = 0x7FFFFFFFu;

}  // namespace

void TypeRegistry::AppendIndex(uint32_t index, uint32_t start, uint32_t end,
                               const std::vector<uint32_t>& ids) {
  if (index >= start && index < end) {
    key_.push_back(kInGroupBit | (index - start));
  } else {
    // Validation admits only references to earlier groups, which have ids.
    key_.push_back(index < ids.size() ? ids[index] : kUnknownIndex);
  }
}

void TypeRegistry::AppendValType(ValType type, uint32_t start, uint32_t end,
                                 const std::vector<uint32_t>& ids) {
  if (type.is_ref() && type.heap_type().is_index()) {
    key_.push_back(static_cast<uint32_t>(type.kind()) | (kConcreteMarker << 8));
    AppendIndex(type.heap_type().index(), start, end, ids);
  } else {
    key_.push_back(type.bits());
  }
}

void TypeRegistry::AppendGroupKey(const std::vector<TypeDef>& types, uint32_t start,
                                  uint32_t size, const std::vector<uint32_t>& ids) {
  const uint32_t end = start + size;
  key_.push_back(size);
  for (uint32_t i = start; i < end; ++i) {
    const TypeDef& def = types[i];
    const bool has_super = def.supertype != TypeDef::kNoSupertype;
    key_.push_back(static_cast<uint32_t>(def.kind) | (def.is_final ? 1u << 8 : 0) |
                   (has_super ? 1u << 9 : 0));
    if (has_super) AppendIndex(def.supertype, start, end, ids);
    auto append_field = [&](const FieldType& field) {
      key_.push_back(static_cast<uint32_t>(field.storage.packed) | (field.mutable_ ? 1u << 2 : 0));
      AppendValType(field.storage.type, start, end, ids);
    };
    switch (def.kind) {
      case TypeDef::Kind::kFunc:
        key_.push_back(static_cast<uint32_t>(def.func.params.size()));
        key_.push_back(static_cast<uint32_t>(def.func.results.size()));
        for (ValType t : def.func.params) AppendValType(t, start, end, ids);
        for (ValType t : def.func.results) AppendValType(t, start, end, ids);
        break;
      case TypeDef::Kind::kStruct:
        key_.push_back(static_cast<uint32_t>(def.struct_.fields.size()));
        for (const FieldType& field : def.struct_.fields) append_field(field);
        break;
      case TypeDef::Kind::kArray:
        append_field(def.array.field);
        break;
    }
  }
}

uint32_t TypeRegistry::InternGroup(const std::vector<TypeDef>& types, uint32_t start,
                                   uint32_t size, const std::vector<uint32_t>& ids) {
  key_.clear();
  AppendGroupKey(types, start, size, ids);
  auto it = groups_.find(key_);
  if (it != groups_.end()) return it->second;
  const uint32_t base = static_cast<uint32_t>(supers_.size());
  for (uint32_t k = 0; k < size; ++k) {
    const TypeDef& def = types[start + k];
    uint32_t super = kNoSuper;
    if (def.supertype != TypeDef::kNoSupertype) {
      super = def.supertype >= start ? base + (def.supertype - start)
              : def.supertype < ids.size() ? ids[def.supertype]
                                           : kNoSuper;
    }
    supers_.push_back(super);
    kinds_.push_back(def.kind);
  }
  groups_.emplace(key_, base);
  return base;
}

std::vector<uint32_t> TypeRegistry::Register(const WasmModule& module) {
  const std::vector<TypeDef>& types = module.types;
  std::vector<uint32_t> ids(types.size());
  std::lock_guard<std::mutex> lock(mu_);
  for (uint32_t i = 0; i < types.size();) {
    const uint32_t size = types[i].rec_group_size == 0 ? 1 : types[i].rec_group_size;
    const uint32_t base = InternGroup(types, i, size, ids);
    for (uint32_t k = 0; k < size; ++k) ids[i + k] = base + k;
    i += size;
  }
  return ids;
}

uint32_t TypeRegistry::RegisterFuncType(const FuncType& type) {
  std::vector<TypeDef> types(1);
  types[0].kind = TypeDef::Kind::kFunc;
  types[0].func = type;
  std::lock_guard<std::mutex> lock(mu_);
  return InternGroup(types, 0, 1, {});
}

bool TypeRegistry::IsSubtypeId(uint32_t sub, uint32_t super) const {
  std::lock_guard<std::mutex> lock(mu_);
  // Chains are acyclic (a supertype precedes its subtype) and bounded by the
  // decoder's subtyping-depth limit.
  for (uint32_t id = sub; id < supers_.size(); id = supers_[id]) {
    if (id == super) return true;
  }
  return false;
}

TypeDef::Kind TypeRegistry::KindOf(uint32_t id) const {
  std::lock_guard<std::mutex> lock(mu_);
  return id < kinds_.size() ? kinds_[id] : TypeDef::Kind::kFunc;
}

}  // namespace wasmtier::api
