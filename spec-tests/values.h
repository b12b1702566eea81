// Script values against engine values: turning an action's arguments into
// wasmtier::Val, and judging a result against an assert_return pattern
// (bit-exact scalars, NaN classes, reference kinds, `either`).
#ifndef WASMTIER_SPEC_TESTS_VALUES_H_
#define WASMTIER_SPEC_TESTS_VALUES_H_

#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "engine/include/wasmtier/wasmtier.h"
#include "engine/text/wast.h"

namespace wasmtier::spec {

// Whether {value} (or one of its `either` alternatives) is a v128: such
// commands are not judged yet.
bool InvolvesV128(const text::ScriptValue& value);
bool InvolvesV128(std::span<const text::ScriptValue> values);

// Makes the externref objects of a script: the same N gives the same
// reference every time, so identity survives a round trip through wasm.
class ExternRefs {
 public:
  Val Get(Store& store, uint64_t data);

 private:
  std::map<uint64_t, Val> refs_;
};

// The argument {value} for a parameter of type {param}. A null takes the
// parameter's type (the script may name a heap type only the module knows).
// Kinds that cannot be arguments yet (GC host references) are unsupported.
absl::StatusOr<Val> ToArg(const text::ScriptValue& value, ValType param, Store& store,
                          ExternRefs& externs);

// How a result compares with its pattern.
enum class Match : uint8_t { kYes, kNo, kUnsupported };
Match MatchValue(const text::ScriptValue& expected, const Val& actual);

// "i32:42", "f32:nan:canonical", "ref.extern 3", "either(i32:1 | i32:2)"...
std::string DescribeExpected(const text::ScriptValue& value);
std::string DescribeValues(std::span<const Val> values);
std::string DescribeExpectedList(std::span<const text::ScriptValue> values);

}  // namespace wasmtier::spec

#endif  // WASMTIER_SPEC_TESTS_VALUES_H_
