// Recursion groups are serialised into a flat key of 32-bit words and looked up
// in a hash map, so canonicalising a whole type section is linear on average.
// The key is prefix-free: every variable-length part is preceded by its count,
// and a value type's first word says whether a type index word follows.
#include "engine/type_canon.h"

namespace wasmtier {
namespace {

constexpr uint32_t kInGroupBit = 0x80000000u;  // type index relative to the group
constexpr uint32_t kConcreteMarker = 0xFFFFFFu;  // heap field of a type-index ref

// Builds one group's key; the members only carry what every word needs.
struct KeyWriter {
  uint32_t start;
  uint32_t end;
  absl::FunctionRef<uint32_t(uint32_t)> outer_id;
  std::vector<uint32_t>& key;

  void Index(uint32_t index) {
    key.push_back(index >= start && index < end ? kInGroupBit | (index - start) : outer_id(index));
  }
  void Value(ValType type) {
    if (type.is_ref() && type.heap_type().is_index()) {
      key.push_back(static_cast<uint32_t>(type.kind()) | (kConcreteMarker << 8));
      Index(type.heap_type().index());
    } else {
      key.push_back(type.bits());
    }
  }
  void Field(const FieldType& field) {
    key.push_back(static_cast<uint32_t>(field.storage.packed) | (field.mutable_ ? 1u << 2 : 0));
    Value(field.storage.type);
  }
  void Type(const TypeDef& def) {
    const bool has_super = def.supertype != TypeDef::kNoSupertype;
    key.push_back(static_cast<uint32_t>(def.kind) | (def.is_final ? 1u << 8 : 0) |
                  (has_super ? 1u << 9 : 0));
    if (has_super) Index(def.supertype);
    switch (def.kind) {
      case TypeDef::Kind::kFunc:
        key.push_back(static_cast<uint32_t>(def.func.params.size()));
        key.push_back(static_cast<uint32_t>(def.func.results.size()));
        for (ValType t : def.func.params) Value(t);
        for (ValType t : def.func.results) Value(t);
        break;
      case TypeDef::Kind::kStruct:
        key.push_back(static_cast<uint32_t>(def.struct_.fields.size()));
        for (const FieldType& field : def.struct_.fields) Field(field);
        break;
      case TypeDef::Kind::kArray:
        Field(def.array.field);
        break;
    }
  }
};

}  // namespace

void AppendRecGroupKey(std::span<const TypeDef> types, uint32_t start, uint32_t size,
                       absl::FunctionRef<uint32_t(uint32_t)> outer_id, std::vector<uint32_t>& key) {
  KeyWriter writer{start, start + size, outer_id, key};
  key.push_back(size);
  for (uint32_t i = start; i < start + size; ++i) writer.Type(types[i]);
}

void TypeCanonicalizer::AddRecGroup(WasmModule& module, uint32_t group_start, uint32_t group_size) {
  key_.clear();
  // The decoder only admits references below the group's end, so an index
  // outside the group is earlier and already has its canonical id.
  AppendRecGroupKey(
      module.types, group_start, group_size,
      [&module](uint32_t index) { return module.canonical_type_ids[index]; }, key_);
  auto [it, inserted] = groups_.try_emplace(key_, group_start);
  const uint32_t first = it->second;
  for (uint32_t k = 0; k < group_size; ++k) module.canonical_type_ids.push_back(first + k);
}

}  // namespace wasmtier
