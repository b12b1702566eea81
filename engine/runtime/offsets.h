// Offsets of the runtime fields that compiled code bakes into its
// instructions (as wasmtime's vmoffsets.rs): the JIT reads them from here
// only, and the static_asserts below pin today's layout so that a change to
// exec.h that moves one fails to compile instead of miscompiling wasm.
#ifndef WASMTIER_ENGINE_RUNTIME_OFFSETS_H_
#define WASMTIER_ENGINE_RUNTIME_OFFSETS_H_

#include <cstddef>
#include <cstdint>

#include "engine/runtime/exec.h"

namespace wasmtier::rt::offsets {

// offsetof on these structs is well-defined in practice (no virtual bases) but
// not all of them are standard-layout (std::atomic, std::vector members).
#pragma clang diagnostic push
#pragma clang diagnostic ignored "-Winvalid-offsetof"

// ExecContext: checked in every function prologue and at calls/back-edges.
inline constexpr int32_t kCtxStackLimit = offsetof(ExecContext, stack_limit);
inline constexpr int32_t kCtxNativeLimit = offsetof(ExecContext, native_limit);
inline constexpr int32_t kCtxTop = offsetof(ExecContext, top);
inline constexpr int32_t kCtxFuel = offsetof(ExecContext, fuel);
inline constexpr int32_t kCtxInterrupt = offsetof(ExecContext, interrupt);

// FuncInst: what a call instruction loads.
inline constexpr int32_t kFuncCode = offsetof(FuncInst, code);
inline constexpr int32_t kFuncInstance = offsetof(FuncInst, instance);
inline constexpr int32_t kFuncSigId = offsetof(FuncInst, sig_id);
inline constexpr int32_t kFuncBudget = offsetof(FuncInst, budget);

// FuncCode: the entry pointer a call jumps through.
inline constexpr int32_t kCodeEntry = offsetof(FuncCode, entry);

// InstanceData: memory 0's base (never moves, so it may be kept in a register).
inline constexpr int32_t kInstanceMemory0Base = offsetof(InstanceData, memory0_base);

// MemoryInst: other memories' base and the size explicit bounds checks compare.
inline constexpr int32_t kMemoryBase = offsetof(MemoryInst, base);
inline constexpr int32_t kMemorySize = offsetof(MemoryInst, size);

// FrameRecord: pushed by every activation for backtraces.
inline constexpr int32_t kFramePrev = offsetof(FrameRecord, prev);
inline constexpr int32_t kFrameFunc = offsetof(FrameRecord, func);
inline constexpr int32_t kFramePc = offsetof(FrameRecord, pc);

#pragma clang diagnostic pop

// The layout compiled code was written against (x86-64, LP64).
static_assert(sizeof(void*) == 8, "offsets assume a 64-bit target");
static_assert(kCtxStackLimit == 0 && kCtxNativeLimit == 8 && kCtxTop == 16);
static_assert(kCtxFuel == 32 && kCtxInterrupt == 40);
static_assert(kFuncCode == 0 && kFuncInstance == 8 && kFuncSigId == 16 && kFuncBudget == 24);
static_assert(kCodeEntry == 0);
static_assert(kInstanceMemory0Base == 0);
static_assert(kMemoryBase == 0 && kMemorySize == 8);
static_assert(kFramePrev == 0 && kFrameFunc == 8 && kFramePc == 16);
// Fields code updates with one instruction must have the width it uses.
static_assert(sizeof(ExecContext::fuel) == 8 && sizeof(ExecContext::interrupt) == 4);
static_assert(sizeof(FuncInst::budget) == 4 && sizeof(FuncCode::entry) == 8);

}  // namespace wasmtier::rt::offsets

#endif  // WASMTIER_ENGINE_RUNTIME_OFFSETS_H_
