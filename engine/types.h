// Value, heap, reference and composite types. Packed into 32-bit words so the
// validator's operand stack stays small and comparisons are one instruction.
// The representation already holds the 3.0 type system (abstract heap types of
// GC and exception handling, type-index heap types, recursion groups, declared
// supertypes), so GC and exceptions can be added without a redesign.
#ifndef WASMTIER_ENGINE_TYPES_H_
#define WASMTIER_ENGINE_TYPES_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace wasmtier {

// Largest type index a module may use (V8 and wasmtime both cap at 1,000,000).
inline constexpr uint32_t kMaxTypeIndex = 1000000;

// A heap type: either a concrete type index (< kFirstAbstract) or an abstract
// heap type. Abstract codes are ordered to mirror the binary encoding.
class HeapType {
 public:
  enum Code : uint32_t {
    kFirstAbstract = 0x100000,
    kFunc = kFirstAbstract,  // 0x70
    kExtern,                 // 0x6F
    kAny,                    // 0x6E
    kEq,                     // 0x6D
    kI31,                    // 0x6C
    kStruct,                 // 0x6B
    kArray,                  // 0x6A
    kExn,                    // 0x69
    kNone,                   // 0x71  (bottom of any)
    kNoExtern,               // 0x72  (bottom of extern)
    kNoFunc,                 // 0x73  (bottom of func)
    kNoExn,                  // 0x74  (bottom of exn)
    kBottom,                 // validator-internal: bottom of everything (unreachable code)
  };

  constexpr HeapType() : repr_(kBottom) {}
  constexpr explicit HeapType(uint32_t repr) : repr_(repr) {}
  static constexpr HeapType Index(uint32_t index) { return HeapType(index); }

  constexpr bool is_index() const { return repr_ < kFirstAbstract; }
  constexpr bool is_abstract() const { return repr_ >= kFirstAbstract; }
  constexpr uint32_t index() const { return repr_; }
  constexpr uint32_t repr() const { return repr_; }
  constexpr bool operator==(const HeapType&) const = default;

  // Maps a one-byte abstract heap type encoding (0x69..0x74) to a HeapType.
  static std::optional<HeapType> FromAbstractByte(uint8_t byte);
  std::string ToString() const;  // "func", "extern", "17", ...

 private:
  uint32_t repr_;
};

enum class ValueKind : uint8_t {
  kI32,
  kI64,
  kF32,
  kF64,
  kV128,
  kRef,      // (ref ht): non-nullable
  kRefNull,  // (ref null ht)
  kBottom,   // validator-internal "unknown" operand of unreachable code
};

// A value type packed as kind (8 bits) | heap type (24 bits).
class ValType {
 public:
  constexpr ValType() : bits_(Pack(ValueKind::kBottom, HeapType::kBottom)) {}
  static constexpr ValType I32() { return ValType(ValueKind::kI32); }
  static constexpr ValType I64() { return ValType(ValueKind::kI64); }
  static constexpr ValType F32() { return ValType(ValueKind::kF32); }
  static constexpr ValType F64() { return ValType(ValueKind::kF64); }
  static constexpr ValType V128() { return ValType(ValueKind::kV128); }
  static constexpr ValType Bottom() { return ValType(); }
  static constexpr ValType Ref(HeapType ht, bool nullable) {
    return ValType(Pack(nullable ? ValueKind::kRefNull : ValueKind::kRef, ht.repr()));
  }
  static constexpr ValType FuncRef() { return Ref(HeapType(HeapType::kFunc), true); }
  static constexpr ValType ExternRef() { return Ref(HeapType(HeapType::kExtern), true); }
  static constexpr ValType Of(ValueKind k) { return ValType(k); }

  constexpr ValueKind kind() const { return static_cast<ValueKind>(bits_ & 0xFF); }
  constexpr HeapType heap_type() const { return HeapType(bits_ >> 8); }
  constexpr bool is_ref() const { return kind() == ValueKind::kRef || kind() == ValueKind::kRefNull; }
  constexpr bool is_nullable() const { return kind() == ValueKind::kRefNull; }
  constexpr bool is_bottom() const { return kind() == ValueKind::kBottom; }
  constexpr bool is_numeric() const { return kind() <= ValueKind::kF64; }
  constexpr bool is_defaultable() const { return kind() != ValueKind::kRef; }
  constexpr ValType AsNullable() const { return is_ref() ? Ref(heap_type(), true) : *this; }
  constexpr ValType AsNonNull() const { return is_ref() ? Ref(heap_type(), false) : *this; }
  // Number of 8-byte frame slots a value of this type occupies (DESIGN.md §3).
  constexpr int slots() const { return kind() == ValueKind::kV128 ? 2 : 1; }
  constexpr uint32_t bits() const { return bits_; }
  constexpr bool operator==(const ValType&) const = default;

  std::string ToString() const;  // "i32", "funcref", "(ref null 3)", ...

 private:
  constexpr explicit ValType(ValueKind k) : bits_(Pack(k, HeapType::kBottom)) {}
  constexpr explicit ValType(uint32_t bits) : bits_(bits) {}
  static constexpr uint32_t Pack(ValueKind k, uint32_t heap) {
    return static_cast<uint32_t>(k) | (heap << 8);
  }
  uint32_t bits_;
};

// Field storage types of structs and arrays: a value type or a packed integer.
struct StorageType {
  enum Packed : uint8_t { kNotPacked, kI8, kI16 };
  ValType type;  // the unpacked type (i32 for packed fields)
  Packed packed = kNotPacked;
  bool operator==(const StorageType&) const = default;
};

struct FieldType {
  StorageType storage;
  bool mutable_ = false;
  bool operator==(const FieldType&) const = default;
};

struct FuncType {
  std::vector<ValType> params;
  std::vector<ValType> results;
  bool operator==(const FuncType&) const = default;
  std::string ToString() const;  // "[i32 i64] -> [f32]"
};

struct StructType {
  std::vector<FieldType> fields;
  bool operator==(const StructType&) const = default;
};

struct ArrayType {
  FieldType field;
  bool operator==(const ArrayType&) const = default;
};

// One entry of the type section: a composite type with its subtyping data.
// Every type belongs to a recursion group (a singleton unless declared with
// `rec`); iso-recursive equivalence compares whole groups.
struct TypeDef {
  enum class Kind : uint8_t { kFunc, kStruct, kArray };
  static constexpr uint32_t kNoSupertype = UINT32_MAX;

  Kind kind = Kind::kFunc;
  bool is_final = true;
  uint32_t supertype = kNoSupertype;
  uint32_t rec_group_start = 0;  // index of the first type of its rec group
  uint32_t rec_group_size = 1;
  FuncType func;      // valid when kind == kFunc
  StructType struct_;  // valid when kind == kStruct
  ArrayType array;    // valid when kind == kArray
};

// Table/memory size limits. {is64} marks a 64-bit address type (memory64,
// table64); {shared} a shared memory (threads).
struct Limits {
  uint64_t min = 0;
  std::optional<uint64_t> max;
  bool is64 = false;
  bool shared = false;
};

struct TableType {
  ValType elem = ValType::FuncRef();
  Limits limits;
};

struct MemoryType {
  Limits limits;
  uint32_t page_size_log2 = 16;  // custom-page-sizes proposal may lower it
};

struct GlobalType {
  ValType type;
  bool is_mutable = false;
};

enum class ExternKind : uint8_t { kFunc = 0, kTable = 1, kMemory = 2, kGlobal = 3, kTag = 4 };
const char* ExternKindName(ExternKind kind);

}  // namespace wasmtier

#endif  // WASMTIER_ENGINE_TYPES_H_
