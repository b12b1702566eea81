// Rec groups are flattened into the same structural keys as a module's own
// canonicalisation (engine/type_canon.h), with engine-wide ids for references
// out of the group, and interned in a hash map under a mutex: modules compile
// on any thread.
#include "engine/api/type_registry.h"

#include "engine/type_canon.h"

namespace wasmtier::api {
namespace {

// Stands for a type index with no id (host function types never have one).
constexpr uint32_t kUnknownIndex = 0x7FFFFFFFu;

}  // namespace

uint32_t TypeRegistry::InternGroup(const std::vector<TypeDef>& types, uint32_t start,
                                   uint32_t size, const std::vector<uint32_t>& ids) {
  key_.clear();
  // Validation admits only references to earlier groups, which have ids.
  AppendRecGroupKey(
      types, start, size,
      [&ids](uint32_t index) { return index < ids.size() ? ids[index] : kUnknownIndex; }, key_);
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
