// Implementation limits, as wasmtime and V8 set them (V8's wasm-limits.h).
// Exceeding one is a clear error, never an unbounded allocation or a deep
// native recursion.
#ifndef WASMTIER_ENGINE_LIMITS_H_
#define WASMTIER_ENGINE_LIMITS_H_

#include <cstddef>
#include <cstdint>

namespace wasmtier::limits {

inline constexpr size_t kMaxModuleSize = size_t{1} << 30;  // 1 GiB of wire bytes
inline constexpr uint32_t kMaxTypes = 1000000;
inline constexpr uint32_t kMaxFunctions = 1000000;
inline constexpr uint32_t kMaxImports = 100000;
inline constexpr uint32_t kMaxExports = 100000;
inline constexpr uint32_t kMaxGlobals = 1000000;
inline constexpr uint32_t kMaxTables = 100000;
inline constexpr uint32_t kMaxMemories = 100000;
inline constexpr uint32_t kMaxTags = 1000000;
inline constexpr uint32_t kMaxElemSegments = 10000000;
inline constexpr uint32_t kMaxDataSegments = 100000;
inline constexpr uint32_t kMaxFunctionSize = 7654321;  // bytes of one body
inline constexpr uint32_t kMaxFunctionLocals = 50000;  // "too many locals" beyond
inline constexpr uint32_t kMaxFunctionParams = 1000;
inline constexpr uint32_t kMaxFunctionReturns = 1000;
inline constexpr uint32_t kMaxStructFields = 10000;
inline constexpr uint32_t kMaxRecGroupSize = 1000000;
inline constexpr uint32_t kMaxSubtypingDepth = 63;
inline constexpr uint32_t kMaxBrTableSize = 65520;
inline constexpr uint32_t kMaxControlDepth = 10000;    // nested blocks in one body
inline constexpr uint32_t kMaxOperandStack = 50000;    // operand height in one body
inline constexpr uint32_t kMaxArrayNewFixed = 10000;
inline constexpr uint32_t kMaxTableInitEntries = 10000000;
inline constexpr uint32_t kMaxConstExprOps = 100000;   // instructions in one constant expression
inline constexpr uint32_t kMaxCustomSections = 100000;
inline constexpr uint32_t kMaxNameEntries = 10000000;

// Memory limits in pages (64 KiB), per spec: 2^16 for 32-bit memories, 2^48
// for 64-bit ones. Table limits: 2^32-1 elements for 32-bit tables.
inline constexpr uint64_t kMaxMemory32Pages = uint64_t{1} << 16;
inline constexpr uint64_t kMaxMemory64Pages = uint64_t{1} << 48;

}  // namespace wasmtier::limits

#endif  // WASMTIER_ENGINE_LIMITS_H_
