// Text forms of types (error messages, inspect) and binary abstract heap types.
#include "engine/types.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace wasmtier {

std::optional<HeapType> HeapType::FromAbstractByte(uint8_t byte) {
  switch (byte) {
    case 0x70: return HeapType(kFunc);
    case 0x6F: return HeapType(kExtern);
    case 0x6E: return HeapType(kAny);
    case 0x6D: return HeapType(kEq);
    case 0x6C: return HeapType(kI31);
    case 0x6B: return HeapType(kStruct);
    case 0x6A: return HeapType(kArray);
    case 0x69: return HeapType(kExn);
    case 0x71: return HeapType(kNone);
    case 0x72: return HeapType(kNoExtern);
    case 0x73: return HeapType(kNoFunc);
    case 0x74: return HeapType(kNoExn);
    default: return std::nullopt;
  }
}

std::string HeapType::ToString() const {
  switch (repr_) {
    case kFunc: return "func";
    case kExtern: return "extern";
    case kAny: return "any";
    case kEq: return "eq";
    case kI31: return "i31";
    case kStruct: return "struct";
    case kArray: return "array";
    case kExn: return "exn";
    case kNone: return "none";
    case kNoExtern: return "noextern";
    case kNoFunc: return "nofunc";
    case kNoExn: return "noexn";
    case kBottom: return "bot";
    default: return absl::StrCat(repr_);
  }
}

std::string ValType::ToString() const {
  switch (kind()) {
    case ValueKind::kI32: return "i32";
    case ValueKind::kI64: return "i64";
    case ValueKind::kF32: return "f32";
    case ValueKind::kF64: return "f64";
    case ValueKind::kV128: return "v128";
    case ValueKind::kBottom: return "bot";
    case ValueKind::kRef:
      return absl::StrCat("(ref ", heap_type().ToString(), ")");
    case ValueKind::kRefNull:
      if (heap_type().is_abstract()) return absl::StrCat(heap_type().ToString(), "ref");
      return absl::StrCat("(ref null ", heap_type().ToString(), ")");
  }
  return "?";
}

std::string FuncType::ToString() const {
  auto fmt = [](std::string* out, ValType t) { out->append(t.ToString()); };
  return absl::StrCat("[", absl::StrJoin(params, " ", fmt), "] -> [",
                      absl::StrJoin(results, " ", fmt), "]");
}

const char* ExternKindName(ExternKind kind) {
  switch (kind) {
    case ExternKind::kFunc: return "func";
    case ExternKind::kTable: return "table";
    case ExternKind::kMemory: return "memory";
    case ExternKind::kGlobal: return "global";
    case ExternKind::kTag: return "tag";
  }
  return "?";
}

}  // namespace wasmtier
