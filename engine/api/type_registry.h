// The engine-wide type registry: canonical ids for the types of every module
// compiled by one Engine, so call_indirect, call_ref and import matching
// compare function types across modules with one integer compare.
// Iso-recursive (spec 3.0 "Type equivalence"), like each module's own
// canonical_type_ids, but with ids shared by all modules of the engine.
#ifndef WASMTIER_ENGINE_API_TYPE_REGISTRY_H_
#define WASMTIER_ENGINE_API_TYPE_REGISTRY_H_

#include <cstdint>
#include <mutex>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "engine/module.h"
#include "engine/types.h"

namespace wasmtier::api {

// A value type with concrete heap types named by engine-wide ids instead of a
// module's type indices, so types of different modules can be compared.
struct CanonValType {
  ValType type;            // heap type index meaningless when {concrete}
  bool concrete = false;   // a (ref $t) / (ref null $t)
  uint32_t id = 0;         // engine-wide id of $t when {concrete}
  bool operator==(const CanonValType&) const = default;
};

class TypeRegistry {
 public:
  static constexpr uint32_t kNoSuper = UINT32_MAX;

  // Engine-wide ids of every type index of {module}, registering the rec
  // groups not seen before. A rec group's key is its structure with
  // references into the group relative to it and references out of it replaced
  // by their engine-wide ids; the ids of a new group are fresh and never
  // reused, so an id stays valid as long as the engine lives.
  std::vector<uint32_t> Register(const WasmModule& module);
  // The id of a function type standing alone (a singleton rec group, final,
  // no supertype) as host functions declare it: equal to the id a module
  // gets for `(type (func ...))` with the same params and results.
  // Concrete reference types in {type} are not meaningful without a module,
  // so callers must not pass them (Func::Create rejects them).
  uint32_t RegisterFuncType(const FuncType& type);

  // {sub} <: {super} for engine-wide ids: equal, or {super} on {sub}'s
  // declared supertype chain (only GC modules declare supertypes).
  bool IsSubtypeId(uint32_t sub, uint32_t super) const;
  // The kind (func/struct/array) of the type with engine-wide id {id}.
  TypeDef::Kind KindOf(uint32_t id) const;

 private:
  // Builds the key of types [start, start + size) (engine/type_canon.h) in
  // {key_} and looks it up, registering the group with fresh ids if new;
  // returns the id of the group's first type. Caller holds {mu_}.
  uint32_t InternGroup(const std::vector<TypeDef>& types, uint32_t start, uint32_t size,
                       const std::vector<uint32_t>& ids);

  mutable std::mutex mu_;
  absl::flat_hash_map<std::vector<uint32_t>, uint32_t> groups_;
  // Per engine-wide id: its declared supertype's id (kNoSuper) and its kind.
  std::vector<uint32_t> supers_;
  std::vector<TypeDef::Kind> kinds_;
  std::vector<uint32_t> key_;  // scratch, under {mu_}
};

}  // namespace wasmtier::api

#endif  // WASMTIER_ENGINE_API_TYPE_REGISTRY_H_
