// Subtyping of value and heap types (spec 3.0 "Matching"). Concrete types are
// compared by canonical id (iso-recursive equivalence) and walk their declared
// supertype chain, which the module decoder has bounded by
// limits::kMaxSubtypingDepth, so every query is O(depth) with no recursion.
#include "engine/subtyping.h"

#include "engine/limits.h"

namespace wasmtier {
namespace {

using K = HeapType::Code;

// Canonical id of a type index; falls back to the index itself while the
// decoder has not filled canonical ids (tests building a WasmModule by hand).
uint32_t CanonicalId(uint32_t index, const WasmModule& module) {
  return index < module.canonical_type_ids.size() ? module.canonical_type_ids[index] : index;
}

// The abstract top below which a heap type lives: func, extern, any or exn.
uint32_t TopOf(HeapType ht, const WasmModule& module) {
  if (ht.is_index()) {
    if (ht.index() >= module.types.size()) return K::kBottom;
    return module.types[ht.index()].kind == TypeDef::Kind::kFunc ? K::kFunc : K::kAny;
  }
  return AbstractTopOf(ht.repr());
}

bool IsBottomOf(uint32_t repr) {
  return repr == K::kNone || repr == K::kNoFunc || repr == K::kNoExtern || repr == K::kNoExn;
}

// Abstract heap type {sub} <: abstract {super} (neither is an index).
bool AbstractSubtype(uint32_t sub, uint32_t super) {
  if (sub == super) return true;
  switch (super) {
    case K::kAny: return sub == K::kEq || sub == K::kI31 || sub == K::kStruct ||
                         sub == K::kArray || sub == K::kNone;
    case K::kEq: return sub == K::kI31 || sub == K::kStruct || sub == K::kArray || sub == K::kNone;
    case K::kI31:
    case K::kStruct:
    case K::kArray: return sub == K::kNone;
    case K::kFunc: return sub == K::kNoFunc;
    case K::kExtern: return sub == K::kNoExtern;
    case K::kExn: return sub == K::kNoExn;
    default: return false;
  }
}

}  // namespace

uint32_t AbstractTopOf(uint32_t repr) {
  switch (repr) {
    case K::kFunc:
    case K::kNoFunc: return K::kFunc;
    case K::kExtern:
    case K::kNoExtern: return K::kExtern;
    case K::kExn:
    case K::kNoExn: return K::kExn;
    case K::kBottom: return K::kBottom;
    default: return K::kAny;  // any, eq, i31, struct, array, none
  }
}

bool ConcreteBelowAbstract(TypeDef::Kind kind, uint32_t super) {
  switch (kind) {
    case TypeDef::Kind::kFunc: return super == K::kFunc;
    case TypeDef::Kind::kStruct: return super == K::kStruct || super == K::kEq || super == K::kAny;
    case TypeDef::Kind::kArray: return super == K::kArray || super == K::kEq || super == K::kAny;
  }
  return false;
}

bool TypesEquivalent(uint32_t a, uint32_t b, const WasmModule& module) {
  return a == b || CanonicalId(a, module) == CanonicalId(b, module);
}

bool IsHeapSubtype(HeapType sub, HeapType super, const WasmModule& module) {
  if (sub == super) return true;
  if (sub.repr() == K::kBottom) return true;  // unreachable code's unknown type
  if (super.repr() == K::kBottom) return false;
  if (sub.is_abstract() && super.is_abstract()) return AbstractSubtype(sub.repr(), super.repr());
  if (sub.is_abstract()) {
    // Only a bottom type (none, nofunc, ...) is below a concrete type, and
    // only the bottom of the concrete type's own hierarchy.
    return IsBottomOf(sub.repr()) && TopOf(sub, module) == TopOf(super, module) &&
           TopOf(super, module) != K::kBottom;
  }
  if (sub.index() >= module.types.size()) return false;
  const TypeDef& def = module.types[sub.index()];
  if (super.is_abstract()) return ConcreteBelowAbstract(def.kind, super.repr());
  // Both concrete: equivalent, or {super} is on {sub}'s declared chain.
  const uint32_t target = CanonicalId(super.index(), module);
  uint32_t current = sub.index();
  for (uint32_t steps = 0; steps <= limits::kMaxSubtypingDepth + 1; ++steps) {
    if (CanonicalId(current, module) == target) return true;
    const uint32_t next = module.types[current].supertype;
    if (next == TypeDef::kNoSupertype || next >= module.types.size()) return false;
    current = next;
  }
  return false;
}

bool IsSubtype(ValType sub, ValType super, const WasmModule& module) {
  if (sub == super) return true;
  if (sub.is_bottom()) return true;
  if (!sub.is_ref() || !super.is_ref()) return false;
  if (sub.is_nullable() && !super.is_nullable()) return false;
  return IsHeapSubtype(sub.heap_type(), super.heap_type(), module);
}

}  // namespace wasmtier
