// Subtyping of value and heap types (spec 3.0 "Matching"), over a module's
// type section: abstract hierarchy (none <: i31/struct/array <: eq <: any,
// nofunc <: func, noextern <: extern, noexn <: exn), declared supertypes of
// concrete types, and iso-recursive equivalence via WasmModule::canonical_type_ids.
#ifndef WASMTIER_ENGINE_SUBTYPING_H_
#define WASMTIER_ENGINE_SUBTYPING_H_

#include "engine/module.h"
#include "engine/types.h"

namespace wasmtier {

bool IsHeapSubtype(HeapType sub, HeapType super, const WasmModule& module);
bool IsSubtype(ValType sub, ValType super, const WasmModule& module);
// Two type indices denote equivalent types (same canonical id).
bool TypesEquivalent(uint32_t a, uint32_t b, const WasmModule& module);

// Building blocks for callers that name concrete types by other ids (the
// engine-wide registry, engine/api): the top of the hierarchy an abstract
// heap type {repr} lives in (func, extern, any or exn; kBottom for the
// unknown type of unreachable code), and whether a concrete type of {kind}
// is below the abstract heap type {super}.
uint32_t AbstractTopOf(uint32_t repr);
bool ConcreteBelowAbstract(TypeDef::Kind kind, uint32_t super);

}  // namespace wasmtier

#endif  // WASMTIER_ENGINE_SUBTYPING_H_
