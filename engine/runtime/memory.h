// Creating linear memories (DESIGN.md §4): each reserves its maximum up front
// so its base never moves, 32-bit memories with a guard region that makes
// bounds checks unnecessary. Growing is MemoryGrow (instance_ops.h).
#ifndef WASMTIER_ENGINE_RUNTIME_MEMORY_H_
#define WASMTIER_ENGINE_RUNTIME_MEMORY_H_

#include <cstdint>
#include <memory>

#include "absl/status/statusor.h"
#include "engine/include/wasmtier/config.h"
#include "engine/runtime/exec.h"
#include "engine/types.h"

namespace wasmtier::rt {

// The effective maximum in pages of a memory of {type}: the least of the type's
// maximum, the engine's max_memory_bytes and the address type's index space
// (65536 pages of 64 KiB for a 32-bit memory).
uint64_t EffectiveMaxPages(const MemoryType& type, const Config& config);

// A memory of {type} with its minimum size accessible and zeroed. A 32-bit
// memory reserves MemoryInst::kGuardedReservation bytes (creation fails with
// kResourceExhausted where that is refused, e.g. under RLIMIT_AS: shared
// translated code accesses a 32-bit memory 0 unchecked); a 64-bit one its
// effective maximum. kResourceExhausted if the minimum exceeds the effective
// maximum or the address space cannot be reserved. Destroying the
// MemoryInst releases the reservation (MemoryInst::release). Pages smaller than the OS page
// (custom-page-sizes) are committed in whole OS pages, so the guard only starts at the next OS page
// boundary: tiers must check such memories explicitly. Page sizes above 64 KiB are "unsupported:
// ...".
absl::StatusOr<std::unique_ptr<MemoryInst>> CreateMemory(const MemoryType& type,
                                                         const Config& config);

// True if accesses to {memory} may skip bounds checks (index + offset < 2^33)
// and rely on the guard region: a 32-bit memory that got its full
// kGuardedReservation. False for memory64, whose accesses code must check
// explicitly.
bool IsGuarded(const MemoryInst& memory);

}  // namespace wasmtier::rt

#endif  // WASMTIER_ENGINE_RUNTIME_MEMORY_H_
