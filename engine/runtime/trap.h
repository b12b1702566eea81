// The closed set of traps (DESIGN.md §4) and their messages in the spec's
// words, which the spec runner matches against assert_trap texts.
#ifndef WASMTIER_ENGINE_RUNTIME_TRAP_H_
#define WASMTIER_ENGINE_RUNTIME_TRAP_H_

#include <cstdint>

namespace wasmtier {

enum class TrapCode : uint8_t {
  kNone = 0,                  // no trap (internal "ok" value of trapping helpers)
  kUnreachable,               // "unreachable"
  kMemoryOutOfBounds,         // "out of bounds memory access"
  kTableOutOfBounds,          // "out of bounds table access"
  kUndefinedElement,          // "undefined element": call_indirect index >= table size
  kUninitializedElement,      // "uninitialized element": call_indirect through a null entry
  kIndirectCallTypeMismatch,  // "indirect call type mismatch"
  kNullFunctionReference,     // "null function reference": call_ref / return_call_ref of null
  kNullReference,             // "null reference": ref.as_non_null of null
  kIntegerDivideByZero,       // "integer divide by zero"
  kIntegerOverflow,           // "integer overflow"
  kInvalidConversion,         // "invalid conversion to integer"
  kStackExhausted,            // "call stack exhausted"
  kOutOfFuel,                 // "all fuel consumed"
  kInterrupted,               // "interrupt" (epoch deadline / Store::Interrupt)
};

inline constexpr int kNumTrapCodes = static_cast<int>(TrapCode::kInterrupted) + 1;

// The spec's message for {code} ("" for kNone).
const char* TrapMessage(TrapCode code);

}  // namespace wasmtier

#endif  // WASMTIER_ENGINE_RUNTIME_TRAP_H_
