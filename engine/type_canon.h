// Iso-recursive type canonicalisation (spec 3.0, "Type equivalence"): two
// type indices denote the same type iff their recursion groups are
// structurally identical once references into the group are made relative
// to the group and references out of it are replaced by canonical ids, and
// the two types sit at the same position in their groups. The module decoder
// feeds each recursion group here as soon as it is read; the engine-wide type
// registry (engine/api/type_registry.h) builds the same key with its own ids.
#ifndef WASMTIER_ENGINE_TYPE_CANON_H_
#define WASMTIER_ENGINE_TYPE_CANON_H_

#include <cstdint>
#include <span>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/functional/function_ref.h"
#include "engine/module.h"

namespace wasmtier {

// Appends to {key} the structural key of the recursion group
// [start, start + size) of {types}: a flat, prefix-free list of 32-bit words
// (counts before variable parts, a marker word before every type-index word).
// A reference into the group is written relative to {start}; one out of it
// (always to an earlier group) is written as {outer_id(index)}, the id the
// caller's numbering (module-canonical or engine-wide) gives that type. Two
// groups are equivalent iff their keys are equal under the same numbering.
void AppendRecGroupKey(std::span<const TypeDef> types, uint32_t start, uint32_t size,
                       absl::FunctionRef<uint32_t(uint32_t)> outer_id, std::vector<uint32_t>& key);

class TypeCanonicalizer {
 public:
  // Appends the canonical ids of types [group_start, group_start + group_size)
  // of {module.types} to {module.canonical_type_ids}, whose size must be
  // {group_start}. A canonical id is the index of the first type equivalent to
  // the type, so ids of earlier types never change. Expected O(group size).
  void AddRecGroup(WasmModule& module, uint32_t group_start, uint32_t group_size);

 private:
  // Structural key of a group -> index of the first type of its first occurrence.
  absl::flat_hash_map<std::vector<uint32_t>, uint32_t> groups_;
  std::vector<uint32_t> key_;  // scratch, reused across groups
};

}  // namespace wasmtier

#endif  // WASMTIER_ENGINE_TYPE_CANON_H_
