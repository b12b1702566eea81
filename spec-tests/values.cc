// Arguments and result patterns of the spec scripts. Floats are compared by
// their bits: the spec's assert_return is bit-exact except for the two NaN
// classes, and printing shows the bits so a failure names the payload.
#include "spec-tests/values.h"

#include <bit>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace wasmtier::spec {
namespace {

using text::ScriptValue;
using VK = ScriptValue::Kind;

constexpr uint32_t kF32CanonicalNan = 0x7fc00000;
constexpr uint64_t kF64CanonicalNan = 0x7ff8000000000000;

bool MatchF32(const ScriptValue& e, uint32_t bits) {
  switch (e.nan) {
    case ScriptValue::Nan::kCanonical:  // either sign, payload exactly the quiet bit
      return (bits & 0x7fffffff) == kF32CanonicalNan;
    case ScriptValue::Nan::kArithmetic:  // any NaN with the quiet bit set
      return (bits & kF32CanonicalNan) == kF32CanonicalNan;
    case ScriptValue::Nan::kNone:
      return bits == static_cast<uint32_t>(e.bits[0]);
  }
  return false;
}

bool MatchF64(const ScriptValue& e, uint64_t bits) {
  switch (e.nan) {
    case ScriptValue::Nan::kCanonical:
      return (bits & 0x7fffffffffffffff) == kF64CanonicalNan;
    case ScriptValue::Nan::kArithmetic:
      return (bits & kF64CanonicalNan) == kF64CanonicalNan;
    case ScriptValue::Nan::kNone:
      return bits == e.bits[0];
  }
  return false;
}

std::string NanName(ScriptValue::Nan nan) {
  return nan == ScriptValue::Nan::kCanonical ? "nan:canonical" : "nan:arithmetic";
}

std::string F32Text(uint32_t bits) {
  return absl::StrFormat("%.9g (0x%08x)", std::bit_cast<float>(bits), bits);
}

std::string F64Text(uint64_t bits) {
  return absl::StrFormat("%.17g (0x%016x)", std::bit_cast<double>(bits), bits);
}

std::string DescribeActual(const Val& v) {
  switch (v.type().kind()) {
    case ValueKind::kI32:
      return absl::StrCat("i32:", v.i32());
    case ValueKind::kI64:
      return absl::StrCat("i64:", v.i64());
    case ValueKind::kF32:
      return absl::StrCat("f32:", F32Text(v.f32_bits()));
    case ValueKind::kF64:
      return absl::StrCat("f64:", F64Text(v.f64_bits()));
    case ValueKind::kV128:
      return absl::StrFormat("v128:0x%016x%016x", v.hi(), v.lo());
    default:
      return v.ToString();
  }
}

}  // namespace

bool InvolvesV128(const ScriptValue& value) {
  if (value.kind == VK::kV128) return true;
  return InvolvesV128(value.alternatives);
}

bool InvolvesV128(std::span<const ScriptValue> values) {
  for (const ScriptValue& v : values) {
    if (InvolvesV128(v)) return true;
  }
  return false;
}

Val ExternRefs::Get(Store& store, uint64_t data) {
  auto it = refs_.find(data);
  if (it == refs_.end()) it = refs_.emplace(data, Val::ExternRef(store, data)).first;
  return it->second;
}

absl::StatusOr<Val> ToArg(const ScriptValue& value, ValType param, Store& store,
                          ExternRefs& externs) {
  switch (value.kind) {
    case VK::kI32:
      return Val::I32(static_cast<int32_t>(value.bits[0]));
    case VK::kI64:
      return Val::I64(static_cast<int64_t>(value.bits[0]));
    case VK::kF32:
      return Val::F32Bits(static_cast<uint32_t>(value.bits[0]));
    case VK::kF64:
      return Val::F64Bits(value.bits[0]);
    case VK::kV128:
      return Val::V128(value.bits[0], value.bits[1]);
    case VK::kRefNull:
      if (!param.is_ref()) {
        return absl::InvalidArgumentError(
            absl::StrCat("a null reference for a ", param.ToString(), " parameter"));
      }
      return Val::Null(param);
    case VK::kRefExtern:
      return externs.Get(store, value.bits[0]);
    default:
      return absl::UnimplementedError(
          absl::StrCat("unsupported: argument ", DescribeExpected(value)));
  }
}

Match MatchValue(const ScriptValue& e, const Val& actual) {
  const ValType type = actual.type();
  auto is = [](bool b) { return b ? Match::kYes : Match::kNo; };
  switch (e.kind) {
    case VK::kI32:
      return is(type == ValType::I32() &&
                static_cast<uint32_t>(actual.lo()) == static_cast<uint32_t>(e.bits[0]));
    case VK::kI64:
      return is(type == ValType::I64() && actual.lo() == e.bits[0]);
    case VK::kF32:
      return is(type == ValType::F32() && MatchF32(e, actual.f32_bits()));
    case VK::kF64:
      return is(type == ValType::F64() && MatchF64(e, actual.f64_bits()));
    case VK::kRefNull:  // a null of any heap type
      return is(type.is_ref() && actual.is_null());
    case VK::kRefExtern: {
      if (!type.is_ref() || actual.is_null()) return Match::kNo;
      std::optional<uint64_t> data = actual.extern_data();
      if (!data) return Match::kNo;
      return is(!e.has_payload || *data == e.bits[0]);
    }
    case VK::kRefFunc:  // any non-null funcref: `(ref.func $f)` names are not resolved
      return is(type.is_ref() && !actual.is_null() && actual.func().has_value());
    case VK::kRefNonNull:
      return is(type.is_ref() && !actual.is_null());
    case VK::kEither: {
      Match result = Match::kNo;
      for (const ScriptValue& alternative : e.alternatives) {
        Match m = MatchValue(alternative, actual);
        if (m == Match::kYes) return Match::kYes;
        if (m == Match::kUnsupported) result = Match::kUnsupported;
      }
      return result;
    }
    default:  // v128 and the GC reference patterns
      return Match::kUnsupported;
  }
}

std::string DescribeExpected(const ScriptValue& v) {
  switch (v.kind) {
    case VK::kI32:
      return absl::StrCat("i32:", static_cast<int32_t>(v.bits[0]));
    case VK::kI64:
      return absl::StrCat("i64:", static_cast<int64_t>(v.bits[0]));
    case VK::kF32:
      return absl::StrCat("f32:", v.nan == ScriptValue::Nan::kNone
                                      ? F32Text(static_cast<uint32_t>(v.bits[0]))
                                      : NanName(v.nan));
    case VK::kF64:
      return absl::StrCat("f64:", v.nan == ScriptValue::Nan::kNone ? F64Text(v.bits[0])
                                                                   : NanName(v.nan));
    case VK::kV128:
      return absl::StrFormat("v128 %s:0x%016x%016x", v.shape, v.bits[1], v.bits[0]);
    case VK::kRefNull:
      return "ref.null";
    case VK::kRefExtern:
      return v.has_payload ? absl::StrCat("ref.extern ", v.bits[0]) : "ref.extern";
    case VK::kRefHost:
      return absl::StrCat("ref.host ", v.bits[0]);
    case VK::kRefFunc:
      return "ref.func";
    case VK::kRefAny:
      return "ref.any";
    case VK::kRefEq:
      return "ref.eq";
    case VK::kRefI31:
      return "ref.i31";
    case VK::kRefStruct:
      return "ref.struct";
    case VK::kRefArray:
      return "ref.array";
    case VK::kRefExn:
      return "ref.exn";
    case VK::kRefNonNull:
      return "ref";
    case VK::kEither: {
      std::string out = "either(";
      for (size_t i = 0; i < v.alternatives.size(); ++i) {
        absl::StrAppend(&out, i ? " | " : "", DescribeExpected(v.alternatives[i]));
      }
      return out + ")";
    }
  }
  return "?";
}

std::string DescribeValues(std::span<const Val> values) {
  std::string out = "[";
  for (size_t i = 0; i < values.size(); ++i) {
    absl::StrAppend(&out, i ? " " : "", DescribeActual(values[i]));
  }
  return out + "]";
}

std::string DescribeExpectedList(std::span<const ScriptValue> values) {
  std::string out = "[";
  for (size_t i = 0; i < values.size(); ++i) {
    absl::StrAppend(&out, i ? " " : "", DescribeExpected(values[i]));
  }
  return out + "]";
}

}  // namespace wasmtier::spec
