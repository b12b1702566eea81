// Trap messages, in the spec testsuite's words (assert_trap texts).
#include "engine/runtime/trap.h"

namespace wasmtier {

const char* TrapMessage(TrapCode code) {
  switch (code) {
    case TrapCode::kNone: return "";
    case TrapCode::kUnreachable: return "unreachable";
    case TrapCode::kMemoryOutOfBounds: return "out of bounds memory access";
    case TrapCode::kTableOutOfBounds: return "out of bounds table access";
    case TrapCode::kUndefinedElement: return "undefined element";
    case TrapCode::kUninitializedElement: return "uninitialized element";
    case TrapCode::kIndirectCallTypeMismatch: return "indirect call type mismatch";
    case TrapCode::kNullFunctionReference: return "null function reference";
    case TrapCode::kNullReference: return "null reference";
    case TrapCode::kIntegerDivideByZero: return "integer divide by zero";
    case TrapCode::kIntegerOverflow: return "integer overflow";
    case TrapCode::kInvalidConversion: return "invalid conversion to integer";
    case TrapCode::kStackExhausted: return "call stack exhausted";
    case TrapCode::kOutOfFuel: return "all fuel consumed";
    case TrapCode::kInterrupted: return "interrupt";
  }
  return "unknown trap";
}

}  // namespace wasmtier
