// Recursion groups are serialised into a flat key of 32-bit words and looked up
// in a hash map, so canonicalising a whole type section is linear on average.
// The key is prefix-free: every variable-length part is preceded by its count,
// and a value type's first word says whether a type index word follows.
#include "engine/type_canon.h"

namespace wasmtier {
namespace {

constexpr uint32_t kInGroupBit = 0x80000000u;  // type index relative to the group
constexpr uint32_t kConcreteMarker = 0xFFFFFFu;  // heap field of a type-index ref

}  // namespace

void TypeCanonicalizer::AppendTypeIndex(const WasmModule& module, uint32_t index,
                                        uint32_t group_start, uint32_t group_end) {
  if (index >= group_start && index < group_end) {
    key_.push_back(kInGroupBit | (index - group_start));
  } else {
    // The decoder only admits references below the group's end, so an index
    // outside the group is earlier and already has its canonical id.
    key_.push_back(module.canonical_type_ids[index]);
  }
}

void TypeCanonicalizer::AppendValType(const WasmModule& module, ValType type, uint32_t group_start,
                                      uint32_t group_end) {
  if (type.is_ref() && type.heap_type().is_index()) {
    key_.push_back(static_cast<uint32_t>(type.kind()) | (kConcreteMarker << 8));
    AppendTypeIndex(module, type.heap_type().index(), group_start, group_end);
  } else {
    key_.push_back(type.bits());
  }
}

void TypeCanonicalizer::AddRecGroup(WasmModule& module, uint32_t group_start, uint32_t group_size) {
  const uint32_t group_end = group_start + group_size;
  key_.clear();
  key_.push_back(group_size);
  for (uint32_t i = group_start; i < group_end; ++i) {
    const TypeDef& def = module.types[i];
    const bool has_super = def.supertype != TypeDef::kNoSupertype;
    key_.push_back(static_cast<uint32_t>(def.kind) | (def.is_final ? 1u << 8 : 0) |
                   (has_super ? 1u << 9 : 0));
    if (has_super) AppendTypeIndex(module, def.supertype, group_start, group_end);
    auto append_field = [&](const FieldType& field) {
      key_.push_back(static_cast<uint32_t>(field.storage.packed) | (field.mutable_ ? 1u << 2 : 0));
      AppendValType(module, field.storage.type, group_start, group_end);
    };
    switch (def.kind) {
      case TypeDef::Kind::kFunc:
        key_.push_back(static_cast<uint32_t>(def.func.params.size()));
        key_.push_back(static_cast<uint32_t>(def.func.results.size()));
        for (ValType t : def.func.params) AppendValType(module, t, group_start, group_end);
        for (ValType t : def.func.results) AppendValType(module, t, group_start, group_end);
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
  auto [it, inserted] = groups_.try_emplace(key_, group_start);
  const uint32_t first = it->second;
  for (uint32_t k = 0; k < group_size; ++k) module.canonical_type_ids.push_back(first + k);
}

}  // namespace wasmtier
