// WasmModule decoder (spec 5.5 binary modules, WebAssembly 3.0). One pass over the
// sections with one Reader over the whole module; each section fills its part
// of the WasmModule and checks the module-level validity rules it can check at
// that point. Function bodies are only located and their local declarations
// decoded; their instructions are validated later by engine/validator.h.
//
// Error wording and the choice between messages follow the reference
// interpreter, which the spec testsuite's assert_malformed texts come from:
//  * items of a section are read from the module byte stream, not from a
//    reader clipped to the section: a count larger than the section reads on
//    into the following bytes, and only the final size check reports
//    "section size mismatch";
//  * every length (vector count, name and payload size, section size) must not
//    exceed the bytes left in the module counted from the length's own first
//    byte, else "length out of bounds". This also bounds every allocation
//    sized from input by the input's size (and limits.h caps it further);
//  * running off the end inside a section is
//    "unexpected end of section or function";
//  * function/code and data-count/data agreement is checked after the last
//    section, as the reference does;
//  * the spec decodes the whole module before validating it, so a malformed
//    error wins over an earlier validation error. Validation rules that later
//    decoding does not depend on (limits, export and start indices, duplicate
//    names, subtype matching, segment/table types...) are therefore deferred
//    (DeferInvalid) and reported only if the rest of the module decodes.
//    Rules that decoding relies on (type, table and memory indices) stop at
//    once.
// Constant expressions are read through a reader clipped to the section, so
// one that lacks its `end` stops at the section end rather than decoding the
// next section as instructions.
#include "engine/decoder.h"

#include <algorithm>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "engine/const_expr.h"
#include "engine/error.h"
#include "engine/limits.h"
#include "engine/reader.h"
#include "engine/subtyping.h"
#include "engine/type_canon.h"

namespace wasmtier {
namespace {

constexpr char kEofInSection[] = "unexpected end of section or function";
constexpr char kEofAtTop[] = "unexpected end";
constexpr uint32_t kWasmMagic = 0x6d736100;   // "\0asm"
constexpr uint32_t kWasmVersion = 1;
constexpr uint32_t kComponentVersion = 0x0001000d;  // version 0x0d, layer 1

// Position of each non-custom section id in the required order (0 = unknown):
// type import function table memory tag global export start element
// datacount code data.
constexpr uint8_t kSectionRank[14] = {0, 1, 2, 3, 4, 5, 7, 8, 9, 10, 12, 13, 11, 6};

// Limits flag bits (spec 5.3.7 plus threads and custom-page-sizes).
constexpr uint8_t kHasMax = 0x01;
constexpr uint8_t kShared = 0x02;
constexpr uint8_t kIs64 = 0x04;
constexpr uint8_t kCustomPageSize = 0x08;

std::string Quoted(std::string_view name) {
  std::string out = "\"";
  for (unsigned char c : name) {
    if (c >= 0x20 && c < 0x7F && c != '"' && c != '\\') {
      out.push_back(static_cast<char>(c));
    } else {
      static constexpr char kHex[] = "0123456789abcdef";
      out.push_back('\\');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 0xF]);
    }
  }
  out.push_back('"');
  return out;
}

class ModuleDecoder {
 public:
  ModuleDecoder(WasmModule& module, const Features& features)
      : module_(module),
        features_(features),
        bytes_(module.bytes.data()),
        size_(module.bytes.size()),
        r_(bytes_, size_) {}

  absl::Status Decode();
  // The reader has no error: decoding went through to the end of the module.
  bool ok() const { return r_.ok(); }

 private:
  // ---- errors: the first one sticks in {r_} (or a sub-reader) ----
  void Malformed(Reader& r, size_t offset, std::string_view message) { r.Fail(offset, message); }
  void Invalid(Reader& r, size_t offset, std::string_view message) {
    r.FailWith(InvalidError(offset, message));
  }
  void Unsupported(Reader& r, size_t offset, std::string_view feature) {
    r.FailWith(UnsupportedError(offset, feature));
  }
  // A validation error after which decoding can safely go on (nothing later
  // depends on the rule): kept aside so that a malformed error further on
  // still wins, as the spec decodes the whole module before validating it.
  void DeferInvalid(size_t offset, std::string_view message) {
    if (deferred_invalid_.ok()) deferred_invalid_ = InvalidError(offset, message);
  }
  // Counts against an implementation limit (limits.h).
  bool CheckLimit(Reader& r, size_t offset, uint64_t total, uint64_t limit, const char* what) {
    if (total <= limit) return true;
    Malformed(r, offset, absl::StrCat("too many ", what, " (limit ", limit, ")"));
    return false;
  }

  // ---- generic values ----
  // Type constructors are s7 LEBs in the reference decoder: a first byte with
  // the continuation bit is "integer representation too long" there (a
  // 7-bit LEB has one byte), whatever follows.
  bool MultiByteS7(Reader& r, size_t offset, uint8_t byte) {
    if (!(byte & 0x80)) return false;
    Malformed(r, offset + 1, "integer representation too long");
    return true;
  }
  uint32_t ReadLength(Reader& r);
  std::string ReadName(Reader& r);
  // How many entries of a vector with {count} entries to reserve up front:
  // no more than the rest of the module can hold at {min_entry_bytes} each,
  // and at most kMaxReserve (beyond it the vector grows geometrically as the
  // entries are actually read), so a hostile count never buys a large
  // allocation.
  size_t ReserveHint(uint32_t count, size_t min_entry_bytes) const {
    constexpr size_t kMaxReserve = size_t{1} << 16;
    return std::min({size_t{count}, r_.remaining() / min_entry_bytes, kMaxReserve});
  }
  uint32_t ReadIndex(Reader& r, size_t* offset) {
    *offset = r.offset();
    return r.ReadVarU32();
  }

  // ---- types ----
  ValType ReadValType(Reader& r, uint32_t type_bound, const char* malformed = "malformed value type");
  ValType ReadRefType(Reader& r, uint32_t type_bound);
  HeapType ReadHeapType(Reader& r, uint32_t type_bound);
  bool CheckAbstractHeapFeature(Reader& r, size_t offset, HeapType ht);
  ValType ReadRefTail(Reader& r, size_t offset, uint8_t byte, uint32_t type_bound);
  FieldType ReadFieldType(Reader& r, uint32_t type_bound);
  bool ReadLimits(Reader& r, bool is_memory, Limits* limits, uint32_t* page_size_log2);
  bool ReadTableType(Reader& r, TableType* type);
  bool ReadMemoryType(Reader& r, MemoryType* type);
  bool ReadGlobalType(Reader& r, GlobalType* type);
  bool ReadTagType(Reader& r, uint32_t* type_index);
  bool ReadFuncTypeIndex(Reader& r, uint32_t* type_index);
  bool AddMemory(Reader& r, size_t offset, const MemoryType& type, bool imported);
  bool CheckTableCount(size_t offset);

  // ---- sections ----
  void DecodeSection(uint8_t id, size_t payload_start, size_t payload_end);
  void DecodeCustomSection(size_t payload_start, size_t payload_end);
  void DecodeTypeSection();
  void DecodeSubType(uint32_t index, uint32_t group_start, uint32_t group_end);
  void CheckRecGroupSubtypes(uint32_t group_start, uint32_t group_end);
  bool MatchCompositeType(const TypeDef& sub, const TypeDef& super) const;
  bool MatchFieldType(const FieldType& sub, const FieldType& super) const;
  void DecodeImportSection();
  void DecodeFunctionSection();
  void DecodeTableSection();
  void DecodeMemorySection();
  void DecodeTagSection();
  void DecodeGlobalSection();
  void DecodeExportSection();
  void DecodeStartSection();
  void DecodeElementSection();
  bool DecodeElemSegment(ElemSegment* segment);
  void DecodeDataCountSection();
  void DecodeCodeSection();
  bool DecodeLocals(Reader& body, uint32_t num_params, Function* function);
  void DecodeDataSection();
  void DecodeNameSection(WireRange payload);
  bool ReadNameMap(Reader& r, std::map<uint32_t, std::string>* map);

  bool ReadConstExpr(ValType expected, uint32_t visible_globals, ConstExpr* out);
  ValType AddressType(bool is64) const { return is64 ? ValType::I64() : ValType::I32(); }
  uint32_t num_types() const { return static_cast<uint32_t>(module_.types.size()); }

  WasmModule& module_;
  const Features& features_;
  const uint8_t* bytes_;
  size_t size_;
  Reader r_;
  size_t section_end_ = 0;  // end of the current section, clipped to the module
  absl::Status deferred_invalid_;  // first DeferInvalid() error

  TypeCanonicalizer canonicalizer_;
  std::vector<uint8_t> subtype_depth_;      // per type index
  std::vector<size_t> type_offsets_;        // per type of the current rec group
  uint32_t num_defined_functions_ = 0;      // function section count
  uint32_t num_code_entries_ = 0;
  bool has_name_section_ = false;
  std::vector<LocalRun> local_runs_;  // scratch for one body's declarations
};

// ---------------------------------------------------------------------------
// Generic values

// The reference's len32: a u32 that may not exceed the bytes left in the
// module counted from the length's first byte.
uint32_t ModuleDecoder::ReadLength(Reader& r) {
  const size_t offset = r.offset();
  const uint32_t n = r.ReadVarU32();
  if (!r.ok()) return 0;
  if (n > size_ - offset) {
    Malformed(r, offset, "length out of bounds");
    return 0;
  }
  return n;
}

std::string ModuleDecoder::ReadName(Reader& r) {
  const size_t offset = r.offset();
  const uint32_t n = ReadLength(r);
  const uint8_t* p = r.ReadBytes(n);
  if (p == nullptr || !r.ok()) return {};
  if (!Reader::IsValidUtf8(p, n)) {
    Malformed(r, offset, "malformed UTF-8 encoding");
    return {};
  }
  return std::string(reinterpret_cast<const char*>(p), n);
}

// ---------------------------------------------------------------------------
// Types

bool ModuleDecoder::CheckAbstractHeapFeature(Reader& r, size_t offset, HeapType ht) {
  switch (ht.repr()) {
    case HeapType::kFunc:
      return true;  // funcref is the MVP table element type
    case HeapType::kExtern:
      if (features_.reference_types) return true;
      Unsupported(r, offset, "reference types");
      return false;
    case HeapType::kExn:
    case HeapType::kNoExn:
      if (features_.exceptions) return true;
      Unsupported(r, offset, "exceptions (exnref)");
      return false;
    default:
      if (features_.gc) return true;
      Unsupported(r, offset, "gc (abstract heap type)");
      return false;
  }
}

// heaptype ::= an abstract type as a one-byte negative s7 | a type index as s33.
HeapType ModuleDecoder::ReadHeapType(Reader& r, uint32_t type_bound) {
  const size_t offset = r.offset();
  if (r.at_end()) {
    r.ReadU8();  // records the end-of-input error
    return HeapType();
  }
  const uint8_t byte = r.PeekU8();
  if ((byte & 0xC0) == 0x40) {  // single-byte negative: abstract
    r.ReadU8();
    std::optional<HeapType> ht = HeapType::FromAbstractByte(byte);
    if (!ht) {
      Malformed(r, offset, "malformed heap type");
      return HeapType();
    }
    if (!CheckAbstractHeapFeature(r, offset, *ht)) return HeapType();
    return *ht;
  }
  const int64_t value = r.ReadVarS33();
  if (!r.ok()) return HeapType();
  if (value < 0) {
    Malformed(r, offset, "malformed heap type");
    return HeapType();
  }
  if (value >= type_bound) {
    Invalid(r, offset, absl::StrCat("unknown type ", value));
    return HeapType();
  }
  return HeapType::Index(static_cast<uint32_t>(value));
}

// The part of a reference type after its first byte {byte} (already read).
ValType ModuleDecoder::ReadRefTail(Reader& r, size_t offset, uint8_t byte, uint32_t type_bound) {
  if (MultiByteS7(r, offset, byte)) return ValType();
  if (byte == 0x63 || byte == 0x64) {
    if (!features_.function_references && !features_.gc) {
      Unsupported(r, offset, "function references (typed reference type)");
      return ValType();
    }
    const HeapType ht = ReadHeapType(r, type_bound);
    if (!r.ok()) return ValType();
    return ValType::Ref(ht, byte == 0x63);
  }
  std::optional<HeapType> ht = HeapType::FromAbstractByte(byte);
  if (!ht) {
    Malformed(r, offset, "malformed reference type");
    return ValType();
  }
  if (!CheckAbstractHeapFeature(r, offset, *ht)) return ValType();
  return ValType::Ref(*ht, true);
}

ValType ModuleDecoder::ReadValType(Reader& r, uint32_t type_bound, const char* malformed) {
  const size_t offset = r.offset();
  const uint8_t byte = r.ReadU8();
  if (!r.ok() || MultiByteS7(r, offset, byte)) return ValType();
  switch (byte) {
    case 0x7F: return ValType::I32();
    case 0x7E: return ValType::I64();
    case 0x7D: return ValType::F32();
    case 0x7C: return ValType::F64();
    case 0x7B:
      if (features_.simd) return ValType::V128();
      Unsupported(r, offset, "simd (v128)");
      return ValType();
    default:
      break;
  }
  if (byte == 0x63 || byte == 0x64 || HeapType::FromAbstractByte(byte)) {
    return ReadRefTail(r, offset, byte, type_bound);
  }
  Malformed(r, offset, malformed);
  return ValType();
}

ValType ModuleDecoder::ReadRefType(Reader& r, uint32_t type_bound) {
  const size_t offset = r.offset();
  const uint8_t byte = r.ReadU8();
  if (!r.ok()) return ValType();
  return ReadRefTail(r, offset, byte, type_bound);
}

FieldType ModuleDecoder::ReadFieldType(Reader& r, uint32_t type_bound) {
  FieldType field;
  const uint8_t byte = r.PeekU8();
  if (byte == 0x78 || byte == 0x77) {  // packed i8 / i16
    r.ReadU8();
    field.storage.type = ValType::I32();
    field.storage.packed = byte == 0x78 ? StorageType::kI8 : StorageType::kI16;
  } else {
    field.storage.type = ReadValType(r, type_bound, "malformed storage type");
  }
  const size_t offset = r.offset();
  const uint8_t mut = r.ReadU8();
  if (r.ok() && mut > 1) Malformed(r, offset, "malformed mutability");
  field.mutable_ = mut == 1;
  return field;
}

// limits ::= flags:byte min:u64 (max:u64)? (pagesize-log2:u32)?   (3.0: u64 for
// every address type; the range is a validation rule). Flag bits of features
// that are switched off are malformed, as they are in the core spec — except
// the threads proposal's "shared" bit, which the core testsuite never tests:
// it reports "unsupported: threads", naming what is missing.
bool ModuleDecoder::ReadLimits(Reader& r, bool is_memory, Limits* limits,
                               uint32_t* page_size_log2) {
  const size_t offset = r.offset();
  const uint8_t flags = r.ReadU8();
  if (!r.ok()) return false;
  uint8_t allowed = kHasMax;
  if (features_.memory64) allowed |= kIs64;
  if (is_memory && features_.threads) allowed |= kShared;
  if (is_memory && features_.custom_page_sizes) allowed |= kCustomPageSize;
  if (is_memory && (flags & kShared) && !features_.threads && !(flags & ~(allowed | kShared))) {
    Unsupported(r, offset, "threads (shared memory)");
    return false;
  }
  if (flags & ~allowed) {
    Malformed(r, offset, "malformed limits flags");
    return false;
  }
  limits->is64 = (flags & kIs64) != 0;
  limits->shared = (flags & kShared) != 0;
  limits->min = r.ReadVarU64();
  if (flags & kHasMax) limits->max = r.ReadVarU64();
  if (flags & kCustomPageSize) {
    const size_t page_offset = r.offset();
    const uint32_t log2 = r.ReadVarU32();
    // A page size that does not even fit in a u64 is malformed; other sizes
    // than 1 and 64 KiB are invalid (custom-page-sizes proposal).
    if (r.ok() && log2 > 64) {
      Malformed(r, page_offset, "invalid custom page size");
      return false;
    }
    if (r.ok() && log2 != 0 && log2 != 16) DeferInvalid(page_offset, "invalid custom page size");
    *page_size_log2 = log2;
  }
  if (!r.ok()) return false;

  // Validation (spec 3.2.x "Limits"): sizes within the address range, min <= max.
  uint64_t range;
  const char* message;
  if (is_memory) {
    const uint32_t log2 = *page_size_log2;
    if (limits->is64) {
      range = log2 == 0 ? UINT64_MAX : uint64_t{1} << (64 - log2);
      message = "memory size must be at most 2^48 pages (256TiB)";
    } else {
      range = log2 == 0 ? uint64_t{0xFFFFFFFF} : log2 >= 32 ? 1 : uint64_t{1} << (32 - log2);
      message = "memory size must be at most 65536 pages (4GiB)";
    }
  } else {
    range = limits->is64 ? UINT64_MAX : uint64_t{0xFFFFFFFF};
    message = limits->is64 ? "table size must be at most 2^64-1" : "table size must be at most 2^32-1";
  }
  if (limits->min > range || (limits->max && *limits->max > range)) {
    DeferInvalid(offset, message);
  } else if (limits->max && limits->min > *limits->max) {
    DeferInvalid(offset, "size minimum must not be greater than maximum");
  } else if (limits->shared && !limits->max) {
    DeferInvalid(offset, "shared memory must have maximum");
  }
  return true;
}

bool ModuleDecoder::ReadTableType(Reader& r, TableType* type) {
  type->elem = ReadRefType(r, num_types());
  if (!r.ok()) return false;
  uint32_t unused_page_size = 16;
  return ReadLimits(r, /*is_memory=*/false, &type->limits, &unused_page_size);
}

bool ModuleDecoder::ReadMemoryType(Reader& r, MemoryType* type) {
  return ReadLimits(r, /*is_memory=*/true, &type->limits, &type->page_size_log2);
}

bool ModuleDecoder::ReadGlobalType(Reader& r, GlobalType* type) {
  type->type = ReadValType(r, num_types());
  const size_t offset = r.offset();
  const uint8_t mut = r.ReadU8();
  if (!r.ok()) return false;
  if (mut > 1) {
    Malformed(r, offset, "malformed mutability");
    return false;
  }
  type->is_mutable = mut == 1;
  return true;
}

// A type index that must name a function type (functions, imports).
bool ModuleDecoder::ReadFuncTypeIndex(Reader& r, uint32_t* type_index) {
  size_t offset;
  *type_index = ReadIndex(r, &offset);
  if (!r.ok()) return false;
  if (*type_index >= num_types()) {
    Invalid(r, offset, absl::StrCat("unknown type ", *type_index));
    return false;
  }
  if (module_.types[*type_index].kind != TypeDef::Kind::kFunc) {
    Invalid(r, offset, absl::StrCat("non-function type ", *type_index));
    return false;
  }
  return true;
}

// tagtype ::= 0x00 typeidx, the type a function type without results.
bool ModuleDecoder::ReadTagType(Reader& r, uint32_t* type_index) {
  const size_t offset = r.offset();
  const uint8_t attribute = r.ReadU8();
  if (!r.ok()) return false;
  if (attribute != 0) {
    Malformed(r, offset, "zero byte expected");
    return false;
  }
  const size_t index_offset = r.offset();
  if (!ReadFuncTypeIndex(r, type_index)) return false;
  if (!module_.types[*type_index].func.results.empty()) {
    DeferInvalid(index_offset, "non-empty tag result type");
  }
  return true;
}

bool ModuleDecoder::AddMemory(Reader& r, size_t offset, const MemoryType& type, bool imported) {
  if (!module_.memories.empty() && !features_.multi_memory) DeferInvalid(offset, "multiple memories");
  if (!CheckLimit(r, offset, module_.memories.size() + 1, limits::kMaxMemories, "memories")) {
    return false;
  }
  WasmMemory memory;
  memory.type = type;
  memory.imported = imported;
  module_.memories.push_back(memory);
  return true;
}

// Before reference types a module had at most one table (MVP validation).
bool ModuleDecoder::CheckTableCount(size_t offset) {
  if (!module_.tables.empty() && !features_.reference_types) DeferInvalid(offset, "multiple tables");
  return CheckLimit(r_, offset, module_.tables.size() + 1, limits::kMaxTables, "tables");
}

// ---------------------------------------------------------------------------
// Type section: rectype* with rectype ::= 0x4E vec(subtype) | subtype.

void ModuleDecoder::DecodeTypeSection() {
  const size_t offset = r_.offset();
  const uint32_t count = ReadLength(r_);
  if (!ok() || !CheckLimit(r_, offset, count, limits::kMaxTypes, "types")) return;
  // A type entry takes at least three bytes (0x60 0x00 0x00).
  module_.types.reserve(ReserveHint(count, 3));
  module_.canonical_type_ids.reserve(ReserveHint(count, 3));
  for (uint32_t i = 0; i < count && ok(); ++i) {
    const size_t group_offset = r_.offset();
    uint32_t group_size = 1;
    if (r_.PeekU8() == 0x4E) {
      if (!features_.gc) return Unsupported(r_, group_offset, "gc (rec group)");
      r_.ReadU8();
      group_size = ReadLength(r_);
      if (!ok()) return;
    }
    const uint32_t group_start = num_types();
    if (!CheckLimit(r_, group_offset, uint64_t{group_start} + group_size, limits::kMaxTypes,
                    "types")) {
      return;
    }
    const uint32_t group_end = group_start + group_size;
    type_offsets_.clear();
    // Types are appended as they are read (not sized from {group_size}), so
    // memory follows the bytes actually present.
    for (uint32_t index = group_start; index < group_end && ok(); ++index) {
      type_offsets_.push_back(r_.offset());
      module_.types.emplace_back();
      subtype_depth_.push_back(0);
      DecodeSubType(index, group_start, group_end);
    }
    if (!ok()) return;
    canonicalizer_.AddRecGroup(module_, group_start, group_size);
    CheckRecGroupSubtypes(group_start, group_end);
  }
}

// subtype ::= 0x50 vec(typeidx) comptype | 0x4F vec(typeidx) comptype | comptype
void ModuleDecoder::DecodeSubType(uint32_t index, uint32_t group_start, uint32_t group_end) {
  TypeDef& def = module_.types[index];
  def.rec_group_start = group_start;
  def.rec_group_size = group_end - group_start;
  const uint8_t prefix = r_.PeekU8();
  if (prefix == 0x50 || prefix == 0x4F) {
    const size_t offset = r_.offset();
    if (!features_.gc) return Unsupported(r_, offset, "gc (sub type)");
    r_.ReadU8();
    def.is_final = prefix == 0x4F;
    const size_t count_offset = r_.offset();
    const uint32_t count = ReadLength(r_);
    if (!ok()) return;
    if (count > 1) return Invalid(r_, count_offset, "multiple supertypes");
    if (count == 1) {
      size_t super_offset;
      const uint32_t super = ReadIndex(r_, &super_offset);
      if (!ok()) return;
      if (super >= group_end) return Invalid(r_, super_offset, absl::StrCat("unknown type ", super));
      if (super >= index) {
        return Invalid(r_, super_offset,
                       absl::StrCat("forward use of type ", super, " in sub type definition"));
      }
      def.supertype = super;
    }
  }
  const size_t form_offset = r_.offset();
  const uint8_t form = r_.ReadU8();
  if (!ok() || MultiByteS7(r_, form_offset, form)) return;
  switch (form) {
    case 0x60: {  // func
      def.kind = TypeDef::Kind::kFunc;
      for (std::vector<ValType>* list : {&def.func.params, &def.func.results}) {
        const size_t count_offset = r_.offset();
        const uint32_t count = ReadLength(r_);
        if (!ok()) return;
        const bool params = list == &def.func.params;
        if (!CheckLimit(r_, count_offset, count,
                        params ? limits::kMaxFunctionParams : limits::kMaxFunctionReturns,
                        params ? "parameters" : "results")) {
          return;
        }
        if (!params && count > 1 && !features_.multi_value) {
          return Unsupported(r_, count_offset, "multi-value");
        }
        list->reserve(count);
        for (uint32_t k = 0; k < count && ok(); ++k) list->push_back(ReadValType(r_, group_end));
      }
      return;
    }
    case 0x5F: {  // struct
      if (!features_.gc) return Unsupported(r_, form_offset, "gc (struct type)");
      def.kind = TypeDef::Kind::kStruct;
      const size_t count_offset = r_.offset();
      const uint32_t count = ReadLength(r_);
      if (!ok() || !CheckLimit(r_, count_offset, count, limits::kMaxStructFields, "struct fields")) {
        return;
      }
      def.struct_.fields.reserve(count);
      for (uint32_t k = 0; k < count && ok(); ++k) {
        def.struct_.fields.push_back(ReadFieldType(r_, group_end));
      }
      return;
    }
    case 0x5E:  // array
      if (!features_.gc) return Unsupported(r_, form_offset, "gc (array type)");
      def.kind = TypeDef::Kind::kArray;
      def.array.field = ReadFieldType(r_, group_end);
      return;
    default:
      return Malformed(r_, form_offset, "malformed definition type");
  }
}

// Spec 3.0 "Recursive types": each declared supertype is not final and the
// composite type matches it; the declared chains are at most
// kMaxSubtypingDepth long. Runs after the group is canonicalised, since
// matching may compare types of the group itself.
void ModuleDecoder::CheckRecGroupSubtypes(uint32_t group_start, uint32_t group_end) {
  for (uint32_t index = group_start; index < group_end; ++index) {
    const TypeDef& def = module_.types[index];
    if (def.supertype == TypeDef::kNoSupertype) continue;
    const size_t offset = type_offsets_[index - group_start];
    const TypeDef& super = module_.types[def.supertype];
    if (super.is_final) {
      DeferInvalid(offset, absl::StrCat("sub type ", index, " has final super type ", def.supertype));
    } else if (!MatchCompositeType(def, super)) {
      DeferInvalid(offset, absl::StrCat("sub type ", index, " does not match super type ",
                                        def.supertype));
    }
    // Saturates, so that decoding on after a deferred error stays defined;
    // subtyping walks are bounded by the limit anyway.
    const int depth = subtype_depth_[def.supertype] + 1;
    subtype_depth_[index] = static_cast<uint8_t>(std::min(depth, 255));
    if (depth > static_cast<int>(limits::kMaxSubtypingDepth)) {
      DeferInvalid(offset, absl::StrCat("sub type ", index, " exceeds the subtyping depth limit of ",
                                        limits::kMaxSubtypingDepth));
    }
  }
}

bool ModuleDecoder::MatchFieldType(const FieldType& sub, const FieldType& super) const {
  if (sub.mutable_ != super.mutable_) return false;
  if (sub.storage.packed != super.storage.packed) return false;
  if (sub.storage.packed != StorageType::kNotPacked) return true;
  // Immutable fields are covariant; mutable ones must be equivalent.
  if (!IsSubtype(sub.storage.type, super.storage.type, module_)) return false;
  return !sub.mutable_ || IsSubtype(super.storage.type, sub.storage.type, module_);
}

bool ModuleDecoder::MatchCompositeType(const TypeDef& sub, const TypeDef& super) const {
  if (sub.kind != super.kind) return false;
  switch (sub.kind) {
    case TypeDef::Kind::kFunc: {
      const FuncType& a = sub.func;
      const FuncType& b = super.func;
      if (a.params.size() != b.params.size() || a.results.size() != b.results.size()) return false;
      for (size_t i = 0; i < a.params.size(); ++i) {
        if (!IsSubtype(b.params[i], a.params[i], module_)) return false;  // contravariant
      }
      for (size_t i = 0; i < a.results.size(); ++i) {
        if (!IsSubtype(a.results[i], b.results[i], module_)) return false;
      }
      return true;
    }
    case TypeDef::Kind::kStruct: {
      const auto& a = sub.struct_.fields;
      const auto& b = super.struct_.fields;
      if (a.size() < b.size()) return false;  // width subtyping: a prefix
      for (size_t i = 0; i < b.size(); ++i) {
        if (!MatchFieldType(a[i], b[i])) return false;
      }
      return true;
    }
    case TypeDef::Kind::kArray:
      return MatchFieldType(sub.array.field, super.array.field);
  }
  return false;
}

// ---------------------------------------------------------------------------
// Import, function, table, memory, tag, global sections

void ModuleDecoder::DecodeImportSection() {
  const size_t offset = r_.offset();
  const uint32_t count = ReadLength(r_);
  if (!ok() || !CheckLimit(r_, offset, count, limits::kMaxImports, "imports")) return;
  module_.imports.reserve(ReserveHint(count, 4));
  for (uint32_t i = 0; i < count && ok(); ++i) {
    const size_t entry_offset = r_.offset();
    Import import;
    import.module = ReadName(r_);
    import.name = ReadName(r_);
    const size_t kind_offset = r_.offset();
    const uint8_t kind = r_.ReadU8();
    if (!ok()) return;
    switch (kind) {
      case 0x00: {
        Function function;
        if (!ReadFuncTypeIndex(r_, &function.type_index)) return;
        if (!CheckLimit(r_, entry_offset, module_.functions.size() + 1, limits::kMaxFunctions,
                        "functions")) {
          return;
        }
        function.imported = true;
        import.index = static_cast<uint32_t>(module_.functions.size());
        module_.functions.push_back(std::move(function));
        ++module_.num_imported_functions;
        break;
      }
      case 0x01: {
        WasmTable table;
        if (!ReadTableType(r_, &table.type)) return;
        if (!CheckTableCount(entry_offset)) return;
        table.imported = true;
        import.index = static_cast<uint32_t>(module_.tables.size());
        module_.tables.push_back(std::move(table));
        ++module_.num_imported_tables;
        break;
      }
      case 0x02: {
        MemoryType type;
        if (!ReadMemoryType(r_, &type)) return;
        import.index = static_cast<uint32_t>(module_.memories.size());
        if (!AddMemory(r_, entry_offset, type, /*imported=*/true)) return;
        ++module_.num_imported_memories;
        break;
      }
      case 0x03: {
        WasmGlobal global;
        if (!ReadGlobalType(r_, &global.type)) return;
        if (!CheckLimit(r_, entry_offset, module_.globals.size() + 1, limits::kMaxGlobals,
                        "globals")) {
          return;
        }
        global.imported = true;
        import.index = static_cast<uint32_t>(module_.globals.size());
        module_.globals.push_back(global);
        ++module_.num_imported_globals;
        break;
      }
      case 0x04: {
        if (!features_.exceptions) return Unsupported(r_, kind_offset, "exceptions (tag import)");
        Tag tag;
        if (!ReadTagType(r_, &tag.type_index)) return;
        if (!CheckLimit(r_, entry_offset, module_.tags.size() + 1, limits::kMaxTags, "tags")) return;
        tag.imported = true;
        import.index = static_cast<uint32_t>(module_.tags.size());
        module_.tags.push_back(tag);
        ++module_.num_imported_tags;
        break;
      }
      default:
        return Malformed(r_, kind_offset, "malformed import kind");
    }
    import.kind = static_cast<ExternKind>(kind);
    module_.imports.push_back(std::move(import));
  }
}

void ModuleDecoder::DecodeFunctionSection() {
  const size_t offset = r_.offset();
  const uint32_t count = ReadLength(r_);
  if (!ok() || !CheckLimit(r_, offset, uint64_t{module_.functions.size()} + count,
                           limits::kMaxFunctions, "functions")) {
    return;
  }
  module_.functions.reserve(module_.functions.size() + ReserveHint(count, 1));
  for (uint32_t i = 0; i < count && ok(); ++i) {
    Function function;
    if (!ReadFuncTypeIndex(r_, &function.type_index)) return;
    module_.functions.push_back(std::move(function));
  }
  num_defined_functions_ = count;
}

// table ::= tabletype | 0x40 0x00 tabletype expr   (3.0 initialiser)
void ModuleDecoder::DecodeTableSection() {
  const size_t offset = r_.offset();
  const uint32_t count = ReadLength(r_);
  if (!ok() || !CheckLimit(r_, offset, uint64_t{module_.tables.size()} + count, limits::kMaxTables,
                           "tables")) {
    return;
  }
  module_.tables.reserve(module_.tables.size() + ReserveHint(count, 3));
  for (uint32_t i = 0; i < count && ok(); ++i) {
    const size_t entry_offset = r_.offset();
    WasmTable table;
    if (r_.PeekU8() == 0x40) {
      if (!features_.function_references && !features_.gc) {
        return Unsupported(r_, entry_offset, "function references (table initializer)");
      }
      r_.ReadU8();
      const size_t zero_offset = r_.offset();
      if (r_.ReadU8() != 0 && ok()) return Malformed(r_, zero_offset, "zero byte expected");
      if (!ReadTableType(r_, &table.type)) return;
      ConstExpr init;
      if (!ReadConstExpr(table.type.elem, static_cast<uint32_t>(module_.globals.size()), &init)) {
        return;
      }
      table.init = init;
    } else {
      if (!ReadTableType(r_, &table.type)) return;
      // The implicit initialiser is ref.null of the element type.
      if (!table.type.elem.is_nullable()) {
        DeferInvalid(entry_offset, absl::StrCat("type mismatch: table of non-nullable type ",
                                                table.type.elem.ToString(), " needs an initializer"));
      }
    }
    if (!CheckTableCount(entry_offset)) return;
    module_.tables.push_back(std::move(table));
  }
}

void ModuleDecoder::DecodeMemorySection() {
  const size_t offset = r_.offset();
  const uint32_t count = ReadLength(r_);
  if (!ok() || !CheckLimit(r_, offset, uint64_t{module_.memories.size()} + count,
                           limits::kMaxMemories, "memories")) {
    return;
  }
  module_.memories.reserve(module_.memories.size() + ReserveHint(count, 2));
  for (uint32_t i = 0; i < count && ok(); ++i) {
    const size_t entry_offset = r_.offset();
    MemoryType type;
    if (!ReadMemoryType(r_, &type)) return;
    if (!AddMemory(r_, entry_offset, type, /*imported=*/false)) return;
  }
}

void ModuleDecoder::DecodeTagSection() {
  const size_t offset = r_.offset();
  const uint32_t count = ReadLength(r_);
  if (!ok() || !CheckLimit(r_, offset, uint64_t{module_.tags.size()} + count, limits::kMaxTags,
                           "tags")) {
    return;
  }
  module_.tags.reserve(module_.tags.size() + ReserveHint(count, 2));
  for (uint32_t i = 0; i < count && ok(); ++i) {
    Tag tag;
    if (!ReadTagType(r_, &tag.type_index)) return;
    module_.tags.push_back(tag);
  }
}

void ModuleDecoder::DecodeGlobalSection() {
  const size_t offset = r_.offset();
  const uint32_t count = ReadLength(r_);
  if (!ok() || !CheckLimit(r_, offset, uint64_t{module_.globals.size()} + count,
                           limits::kMaxGlobals, "globals")) {
    return;
  }
  module_.globals.reserve(module_.globals.size() + ReserveHint(count, 3));
  for (uint32_t i = 0; i < count && ok(); ++i) {
    WasmGlobal global;
    if (!ReadGlobalType(r_, &global.type)) return;
    // A global's initialiser sees the globals before it (imports and, since
    // GC, earlier defined globals).
    if (!ReadConstExpr(global.type.type, static_cast<uint32_t>(module_.globals.size()),
                       &global.init)) {
      return;
    }
    module_.globals.push_back(global);
  }
}

// ---------------------------------------------------------------------------
// Export and start sections

void ModuleDecoder::DecodeExportSection() {
  const size_t offset = r_.offset();
  const uint32_t count = ReadLength(r_);
  if (!ok() || !CheckLimit(r_, offset, count, limits::kMaxExports, "exports")) return;
  module_.exports.reserve(ReserveHint(count, 3));
  absl::flat_hash_set<std::string_view> names;
  names.reserve(ReserveHint(count, 3));
  // The reference checks every index before name uniqueness, so the first
  // duplicate is reported only once all indices passed.
  size_t duplicate_offset = 0;
  std::string duplicate;
  for (uint32_t i = 0; i < count && ok(); ++i) {
    const size_t name_offset = r_.offset();
    Export entry;
    entry.name = ReadName(r_);
    const size_t kind_offset = r_.offset();
    const uint8_t kind = r_.ReadU8();
    size_t index_offset;
    entry.index = ReadIndex(r_, &index_offset);
    if (!ok()) return;
    size_t space;
    const char* what;
    switch (kind) {
      case 0x00: space = module_.functions.size(); what = "function"; break;
      case 0x01: space = module_.tables.size(); what = "table"; break;
      case 0x02: space = module_.memories.size(); what = "memory"; break;
      case 0x03: space = module_.globals.size(); what = "global"; break;
      case 0x04:
        if (!features_.exceptions) return Unsupported(r_, kind_offset, "exceptions (tag export)");
        space = module_.tags.size();
        what = "tag";
        break;
      default:
        return Malformed(r_, kind_offset, "malformed export kind");
    }
    entry.kind = static_cast<ExternKind>(kind);
    if (entry.index >= space) {
      DeferInvalid(index_offset, absl::StrCat("unknown ", what, " ", entry.index));
    } else if (entry.kind == ExternKind::kFunc) {
      Function& function = module_.functions[entry.index];
      function.exported = true;
      function.declared = true;
    }
    // The view points into the module's bytes, which outlive this function.
    const std::string_view key(reinterpret_cast<const char*>(bytes_) + (kind_offset - entry.name.size()),
                               entry.name.size());
    if (!names.insert(key).second && duplicate.empty()) {
      duplicate = Quoted(entry.name);
      duplicate_offset = name_offset;
    }
    module_.exports.push_back(std::move(entry));
  }
  if (ok() && !duplicate.empty()) {
    DeferInvalid(duplicate_offset, absl::StrCat("duplicate export name ", duplicate));
  }
}

void ModuleDecoder::DecodeStartSection() {
  size_t offset;
  const uint32_t index = ReadIndex(r_, &offset);
  if (!ok()) return;
  if (index >= module_.functions.size()) {
    return DeferInvalid(offset, absl::StrCat("unknown function ", index));
  }
  const FuncType& type = module_.function_type(index);
  if (!type.params.empty() || !type.results.empty()) {
    DeferInvalid(offset, "start function must not have parameters or results");
  }
  module_.start = index;
}

// ---------------------------------------------------------------------------
// Element section: eight encodings selected by a u32 flag word
//   bit 0: passive/declarative (vs active), bit 1: explicit table index (active)
//   or declarative (bit 0 set), bit 2: expressions (vs function indices).

void ModuleDecoder::DecodeElementSection() {
  const size_t offset = r_.offset();
  const uint32_t count = ReadLength(r_);
  if (!ok() || !CheckLimit(r_, offset, count, limits::kMaxElemSegments, "element segments")) return;
  module_.elems.reserve(ReserveHint(count, 3));
  for (uint32_t i = 0; i < count && ok(); ++i) {
    ElemSegment segment;
    if (!DecodeElemSegment(&segment)) return;
    module_.elems.push_back(std::move(segment));
  }
}

bool ModuleDecoder::DecodeElemSegment(ElemSegment* segment) {
  const size_t flags_offset = r_.offset();
  const uint32_t flags = r_.ReadVarU32();
  if (!ok()) return false;
  if (flags > 7) {
    Malformed(r_, flags_offset, "malformed elements segment kind");
    return false;
  }
  if (flags != 0 && !features_.bulk_memory) {
    Unsupported(r_, flags_offset, "bulk memory (element segment kind)");
    return false;
  }
  const bool passive_or_declarative = flags & 1;
  const bool explicit_table = !passive_or_declarative && (flags & 2);
  segment->uses_exprs = flags & 4;
  segment->mode = !passive_or_declarative ? SegmentMode::kActive
                  : (flags & 2)            ? SegmentMode::kDeclarative
                                           : SegmentMode::kPassive;
  const WasmTable* table = nullptr;
  size_t table_offset = flags_offset;
  if (segment->mode == SegmentMode::kActive) {
    segment->table_index = 0;
    if (explicit_table) segment->table_index = ReadIndex(r_, &table_offset);
    if (!ok()) return false;
    if (segment->table_index >= module_.tables.size()) {
      Invalid(r_, table_offset, absl::StrCat("unknown table ", segment->table_index));
      return false;
    }
    table = &module_.tables[segment->table_index];
    if (!ReadConstExpr(AddressType(table->type.limits.is64),
                       static_cast<uint32_t>(module_.globals.size()), &segment->offset)) {
      return false;
    }
  }
  // Element type: implicit for flags 0 and 4, else elemkind (indices) or reftype.
  const size_t type_offset = r_.offset();
  if (flags == 0) {
    segment->elem_type = ValType::Ref(HeapType(HeapType::kFunc), false);
  } else if (flags == 4) {
    segment->elem_type = ValType::FuncRef();
  } else if (!segment->uses_exprs) {
    const uint8_t kind = r_.ReadU8();
    if (!ok()) return false;
    if (kind != 0x00) {
      Malformed(r_, type_offset, "malformed element kind");
      return false;
    }
    segment->elem_type = ValType::Ref(HeapType(HeapType::kFunc), false);
  } else {
    segment->elem_type = ReadRefType(r_, num_types());
    if (!ok()) return false;
  }

  const size_t count_offset = r_.offset();
  const uint32_t count = ReadLength(r_);
  if (!ok()) return false;
  if (!CheckLimit(r_, count_offset, count, limits::kMaxTableInitEntries, "elements")) return false;
  const uint32_t visible_globals = static_cast<uint32_t>(module_.globals.size());
  if (segment->uses_exprs) {
    segment->exprs.reserve(ReserveHint(count, 2));
    for (uint32_t k = 0; k < count; ++k) {
      ConstExpr expr;
      if (!ReadConstExpr(segment->elem_type, visible_globals, &expr)) return false;
      segment->exprs.push_back(expr);
    }
  } else {
    segment->func_indices.reserve(ReserveHint(count, 1));
    for (uint32_t k = 0; k < count; ++k) {
      size_t index_offset;
      const uint32_t index = ReadIndex(r_, &index_offset);
      if (!ok()) return false;
      if (index >= module_.functions.size()) {
        DeferInvalid(index_offset, absl::StrCat("unknown function ", index));
      } else {
        module_.functions[index].declared = true;
      }
      segment->func_indices.push_back(index);
    }
  }
  if (table != nullptr && !IsSubtype(segment->elem_type, table->type.elem, module_)) {
    DeferInvalid(type_offset,
                 absl::StrCat("type mismatch: element segment's type ", segment->elem_type.ToString(),
                              " does not match table's element type ", table->type.elem.ToString()));
  }
  return true;
}

// ---------------------------------------------------------------------------
// Data count, code and data sections

void ModuleDecoder::DecodeDataCountSection() {
  const size_t offset = r_.offset();
  const uint32_t count = r_.ReadVarU32();
  if (!ok() || !CheckLimit(r_, offset, count, limits::kMaxDataSegments, "data segments")) return;
  module_.data_count = count;
}

void ModuleDecoder::DecodeCodeSection() {
  const size_t offset = r_.offset();
  const uint32_t count = ReadLength(r_);
  if (!ok() || !CheckLimit(r_, offset, count, limits::kMaxFunctions, "functions")) return;
  num_code_entries_ = count;
  // A count that disagrees with the function section is reported after the
  // last section (as the reference does); the surplus bodies are still read.
  Function surplus;
  for (uint32_t i = 0; i < count && ok(); ++i) {
    const size_t size_offset = r_.offset();
    const uint32_t body_size = ReadLength(r_);
    if (!ok()) return;
    if (!CheckLimit(r_, size_offset, body_size, limits::kMaxFunctionSize, "bytes in a function body")) {
      return;
    }
    const size_t body_start = r_.offset();
    const size_t body_end = body_start + body_size;
    if (body_end > size_) return Malformed(r_, size_, kEofInSection);

    Function* function = &surplus;
    uint32_t num_params = 0;
    if (i < num_defined_functions_) {
      function = &module_.functions[module_.num_imported_functions + i];
      num_params = static_cast<uint32_t>(module_.function_type(module_.num_imported_functions + i)
                                             .params.size());
    }
    function->body = {static_cast<uint32_t>(body_start), body_size};
    Reader body(bytes_, body_end);
    body.Reset(bytes_ + body_start);
    body.set_eof_message(kEofInSection);
    if (!DecodeLocals(body, num_params, function)) {
      r_.FailWith(body.status());
      return;
    }
    function->code = {static_cast<uint32_t>(body.offset()),
                      static_cast<uint32_t>(body_end - body.offset())};
    r_.Reset(bytes_ + body_end);
  }
}

// locals ::= vec(n:u32 valtype); the total, parameters included, is bounded by
// kMaxFunctionLocals (the spec's own bound, 2^32, is far above it). The
// declarations are kept as runs, not expanded (see Function::local_runs): a
// 4-byte declaration may stand for 50,000 locals.
bool ModuleDecoder::DecodeLocals(Reader& body, uint32_t num_params, Function* function) {
  const size_t offset = body.offset();
  const uint32_t num_decls = ReadLength(body);
  if (!body.ok()) return false;
  local_runs_.clear();
  uint64_t total = 0;
  for (uint32_t i = 0; i < num_decls; ++i) {
    const uint32_t n = body.ReadVarU32();
    const ValType type = ReadValType(body, num_types());
    if (!body.ok()) return false;
    total += n;
    if (n > 0) local_runs_.push_back({n, type});
  }
  if (total + num_params > limits::kMaxFunctionLocals) {
    Malformed(body, offset, "too many locals");
    return false;
  }
  // assign() from the scratch sizes the function's vector exactly.
  function->local_runs.assign(local_runs_.begin(), local_runs_.end());
  function->num_locals = static_cast<uint32_t>(total);
  return true;
}

void ModuleDecoder::DecodeDataSection() {
  const size_t offset = r_.offset();
  const uint32_t count = ReadLength(r_);
  if (!ok() || !CheckLimit(r_, offset, count, limits::kMaxDataSegments, "data segments")) return;
  module_.datas.reserve(ReserveHint(count, 2));
  for (uint32_t i = 0; i < count && ok(); ++i) {
    DataSegment segment;
    const size_t flags_offset = r_.offset();
    const uint32_t flags = r_.ReadVarU32();
    if (!ok()) return;
    if (flags > 2) return Malformed(r_, flags_offset, "malformed data segment kind");
    if (flags == 1) {
      if (!features_.bulk_memory) return Unsupported(r_, flags_offset, "bulk memory (passive data)");
      segment.mode = SegmentMode::kPassive;
    } else {
      segment.mode = SegmentMode::kActive;
      size_t memory_offset = flags_offset;
      if (flags == 2) segment.memory_index = ReadIndex(r_, &memory_offset);
      if (!ok()) return;
      if (segment.memory_index >= module_.memories.size()) {
        return Invalid(r_, memory_offset, absl::StrCat("unknown memory ", segment.memory_index));
      }
      const bool is64 = module_.memories[segment.memory_index].type.limits.is64;
      if (!ReadConstExpr(AddressType(is64), static_cast<uint32_t>(module_.globals.size()),
                         &segment.offset)) {
        return;
      }
    }
    const uint32_t length = ReadLength(r_);
    const size_t start = r_.offset();
    r_.Skip(length);
    if (!ok()) return;
    segment.bytes = {static_cast<uint32_t>(start), length};
    module_.datas.push_back(segment);
  }
}

// ---------------------------------------------------------------------------
// Custom sections and the name section

void ModuleDecoder::DecodeCustomSection(size_t payload_start, size_t payload_end) {
  CustomSection custom;
  custom.name = ReadName(r_);
  if (!ok()) return;
  if (r_.offset() > payload_end || payload_end > size_) {
    // The name overran the section (or the section the module): the
    // reference reads a negative-length payload and hits the end.
    return Malformed(r_, size_, kEofInSection);
  }
  custom.payload = {static_cast<uint32_t>(r_.offset()),
                    static_cast<uint32_t>(payload_end - r_.offset())};
  r_.Reset(bytes_ + payload_end);
  if (!CheckLimit(r_, payload_start, module_.customs.size() + 1, limits::kMaxCustomSections,
                  "custom sections")) {
    return;
  }
  if (custom.name == "name") DecodeNameSection(custom.payload);
  module_.customs.push_back(std::move(custom));
}

// Appendix "Name section": subsections in increasing id order, each a byte id,
// a u32 size and contents; ids 0 (module), 1 (functions) and 2 (locals) are
// decoded, others skipped. Errors never fail the module (custom sections
// cannot); they are recorded and the names dropped.
void ModuleDecoder::DecodeNameSection(WireRange payload) {
  if (has_name_section_) {
    module_.name_section_error = "duplicate name section ignored";
    return;
  }
  has_name_section_ = true;
  NameSection names;
  Reader r(bytes_, payload.end());
  r.Reset(bytes_ + payload.offset);
  int last_id = -1;
  while (r.ok() && !r.at_end()) {
    const size_t offset = r.offset();
    const uint8_t id = r.ReadU8();
    const uint32_t size = r.ReadVarU32();
    if (!r.ok()) break;
    if (size > r.remaining()) {
      r.Fail(offset, "name subsection size out of bounds");
      break;
    }
    if (static_cast<int>(id) <= last_id) {
      r.Fail(offset, "name subsection out of order or duplicated");
      break;
    }
    last_id = id;
    Reader sub(bytes_, r.offset() + size);
    sub.Reset(r.pc());
    switch (id) {
      case 0:
        names.module_name = sub.ReadName();
        break;
      case 1:
        ReadNameMap(sub, &names.function_names);
        break;
      case 2: {
        const uint32_t count = sub.ReadVarU32();
        if (sub.ok() && count > sub.remaining() / 2) sub.FailHere("name map count out of bounds");
        uint32_t previous = 0;
        for (uint32_t i = 0; i < count && sub.ok(); ++i) {
          const size_t index_offset = sub.offset();
          const uint32_t function = sub.ReadVarU32();
          if (i > 0 && function <= previous && sub.ok()) {
            sub.Fail(index_offset, "name map indices not in increasing order");
          }
          previous = function;
          if (sub.ok()) ReadNameMap(sub, &names.local_names[function]);
        }
        break;
      }
      default:
        sub.Skip(size);
        break;
    }
    if (sub.ok() && !sub.at_end()) sub.FailHere("name subsection size mismatch");
    if (!sub.ok()) {
      r.FailWith(sub.status());
      break;
    }
    r.Skip(size);
  }
  if (!r.ok()) {
    module_.name_section_error = std::string(r.status().message());
    return;
  }
  module_.names = std::move(names);
}

bool ModuleDecoder::ReadNameMap(Reader& r, std::map<uint32_t, std::string>* map) {
  const uint32_t count = r.ReadVarU32();
  if (!r.ok()) return false;
  // Each entry takes at least two bytes, so this bounds the work by the input.
  if (count > r.remaining() / 2 || count > limits::kMaxNameEntries) {
    r.FailHere("name map count out of bounds");
    return false;
  }
  uint32_t previous = 0;
  for (uint32_t i = 0; i < count; ++i) {
    const size_t offset = r.offset();
    const uint32_t index = r.ReadVarU32();
    std::string name = r.ReadName();
    if (!r.ok()) return false;
    if (i > 0 && index <= previous) {
      r.Fail(offset, "name map indices not in increasing order");
      return false;
    }
    previous = index;
    map->emplace_hint(map->end(), index, std::move(name));
  }
  return true;
}

// ---------------------------------------------------------------------------
// Constant expressions and the section loop

bool ModuleDecoder::ReadConstExpr(ValType expected, uint32_t visible_globals, ConstExpr* out) {
  // Items may already have been read past the section's end (see the file
  // comment); the expression then starts at the clipped reader's end.
  Reader sub(bytes_, std::max(section_end_, r_.offset()));
  sub.Reset(r_.pc());
  sub.set_eof_message(kEofInSection);
  absl::Status status = DecodeConstExpr(sub, module_, expected, visible_globals, features_, out);
  if (!status.ok()) {
    r_.FailWith(std::move(status));
    return false;
  }
  if (!sub.ok()) {
    r_.FailWith(sub.status());
    return false;
  }
  r_.Reset(sub.pc());
  return true;
}

void ModuleDecoder::DecodeSection(uint8_t id, size_t payload_start, size_t payload_end) {
  switch (static_cast<SectionId>(id)) {
    case SectionId::kCustom: return DecodeCustomSection(payload_start, payload_end);
    case SectionId::kType: return DecodeTypeSection();
    case SectionId::kImport: return DecodeImportSection();
    case SectionId::kFunction: return DecodeFunctionSection();
    case SectionId::kTable: return DecodeTableSection();
    case SectionId::kMemory: return DecodeMemorySection();
    case SectionId::kGlobal: return DecodeGlobalSection();
    case SectionId::kExport: return DecodeExportSection();
    case SectionId::kStart: return DecodeStartSection();
    case SectionId::kElement: return DecodeElementSection();
    case SectionId::kCode: return DecodeCodeSection();
    case SectionId::kData: return DecodeDataSection();
    case SectionId::kDataCount: return DecodeDataCountSection();
    case SectionId::kTag: return DecodeTagSection();
  }
}

absl::Status ModuleDecoder::Decode() {
  r_.set_eof_message(kEofAtTop);
  const uint32_t magic = r_.ReadU32();
  if (!ok()) return r_.status();
  if (magic != kWasmMagic) return MalformedError(0, "magic header not detected");
  const uint32_t version = r_.ReadU32();
  if (!ok()) return r_.status();
  if (version == kComponentVersion) {
    return UnsupportedError(4, "component (this is a component binary, not a core module)");
  }
  if (version != kWasmVersion) return MalformedError(4, "unknown binary version");

  uint8_t last_rank = 0;
  while (ok() && !r_.at_end()) {
    const size_t id_offset = r_.offset();
    const uint8_t id = r_.ReadU8();
    if (id > static_cast<uint8_t>(SectionId::kTag)) {
      Malformed(r_, id_offset, "malformed section id");
      break;
    }
    const uint32_t size = ReadLength(r_);
    if (!ok()) break;
    const size_t payload_start = r_.offset();
    const size_t payload_end = payload_start + size;
    if (id != 0) {
      // Out of order or repeated: the reference parser stops at it and finds
      // content after what it took as the last section.
      const uint8_t rank = kSectionRank[id];
      if (rank <= last_rank) {
        Malformed(r_, id_offset, "unexpected content after last section");
        break;
      }
      last_rank = rank;
      if (id == static_cast<uint8_t>(SectionId::kTag) && !features_.exceptions) {
        Unsupported(r_, id_offset, "exceptions (tag section)");
        break;
      }
      if (id == static_cast<uint8_t>(SectionId::kDataCount) && !features_.bulk_memory) {
        Unsupported(r_, id_offset, "bulk memory (data count section)");
        break;
      }
    }
    module_.sections.push_back({static_cast<SectionId>(id),
                                {static_cast<uint32_t>(payload_start), size}});
    section_end_ = std::min(payload_end, size_);
    r_.set_eof_message(kEofInSection);
    DecodeSection(id, payload_start, payload_end);
    r_.set_eof_message(kEofAtTop);
    if (ok() && r_.offset() != payload_end) {
      Malformed(r_, payload_start, "section size mismatch");
    }
  }
  if (!ok()) {
    // A malformed error wins over a deferred (earlier) validation error; an
    // immediate validation or feature error comes after the deferred one.
    if (IsMalformed(r_.status()) || deferred_invalid_.ok()) return r_.status();
    return deferred_invalid_;
  }
  if (num_code_entries_ != num_defined_functions_) {
    return MalformedError(size_, "function and code section have inconsistent lengths");
  }
  if (module_.data_count && *module_.data_count != module_.datas.size()) {
    return MalformedError(size_, "data count and data section have inconsistent lengths");
  }
  return deferred_invalid_;
}

}  // namespace

absl::StatusOr<DecodedModule> DecodeModuleDeferred(const uint8_t* data, size_t size,
                                                   const Features& features) {
  if (size > limits::kMaxModuleSize) {
    return MalformedError(0, absl::StrCat("module too large (limit ", limits::kMaxModuleSize,
                                          " bytes)"));
  }
  auto module = std::make_unique<WasmModule>();
  // Everything below reads the module's own copy, so byte ranges recorded in
  // the WasmModule and offsets in errors refer to the same bytes.
  module->bytes.assign(data, data + size);
  ModuleDecoder decoder(*module, features);
  absl::Status status = decoder.Decode();
  // The reader still being fine means every section was read to its end: the
  // error, if any, is the deferred validation error (or a count mismatch,
  // which is malformed and final).
  if (status.ok() || (decoder.ok() && IsInvalid(status))) {
    return DecodedModule{std::move(module), std::move(status)};
  }
  return status;
}

absl::StatusOr<std::unique_ptr<WasmModule>> DecodeModule(const uint8_t* data, size_t size,
                                                     const Features& features) {
  absl::StatusOr<DecodedModule> decoded = DecodeModuleDeferred(data, size, features);
  if (!decoded.ok()) return decoded.status();
  if (!decoded->deferred_invalid.ok()) return decoded->deferred_invalid;
  return std::move(decoded->module);
}

}  // namespace wasmtier
