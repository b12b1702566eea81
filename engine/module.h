// The decoded, validated module: immutable after validation and shared
// between threads (DESIGN.md §7). It owns a copy of the wire bytes; function
// bodies, constant expressions and data payloads are byte ranges into them, so
// tiers translate bodies lazily straight from the original encoding.
#ifndef WASMTIER_ENGINE_MODULE_H_
#define WASMTIER_ENGINE_MODULE_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "engine/types.h"

namespace wasmtier {

// A byte range [offset, offset + length) of WasmModule::bytes.
struct WireRange {
  uint32_t offset = 0;
  uint32_t length = 0;
  uint32_t end() const { return offset + length; }
};

// A constant expression (global init, segment offsets, element items, table
// init), kept as the byte range of its instructions up to and including `end`.
// Validation checks it; instantiation evaluates it.
struct ConstExpr {
  WireRange range;
};

struct Import {
  std::string module;
  std::string name;
  ExternKind kind = ExternKind::kFunc;
  uint32_t index = 0;  // index into the module's space of {kind} that it defines
};

struct Export {
  std::string name;
  ExternKind kind = ExternKind::kFunc;
  uint32_t index = 0;
};

// One local declaration of a code entry: {count} locals of {type}.
struct LocalRun {
  uint32_t count = 0;
  ValType type;
  bool operator==(const LocalRun&) const = default;
};

struct Function {
  uint32_t type_index = 0;  // must name a func type
  bool imported = false;
  bool exported = false;
  // Referenced outside function bodies (exports, elements, globals): the set
  // that `ref.func` inside a body may name (spec C.refs).
  bool declared = false;
  WireRange body;  // code entry body, locals declarations included (not for imports)
  // Locals beyond the parameters, kept as the body's run-length declarations
  // (zero-count runs dropped) and never expanded here: one declaration of 2+
  // input bytes may declare up to kMaxFunctionLocals locals, so expanding them
  // per function would let a 32 KB module of 4,000 such bodies hold 800 MB.
  // Each run costs at least 2 input bytes, so this stays proportional to the
  // input. The function-body decoder expands one function at a time into its
  // own reused vector.
  std::vector<LocalRun> local_runs;
  uint32_t num_locals = 0;  // sum of local_runs[i].count (parameters excluded)
  WireRange code;  // the instruction bytes after the locals, through the final `end`
};

struct WasmTable {
  TableType type;
  bool imported = false;
  std::optional<ConstExpr> init;  // 3.0 table initialiser expression
};

struct WasmMemory {
  MemoryType type;
  bool imported = false;
};

struct WasmGlobal {
  GlobalType type;
  bool imported = false;
  ConstExpr init;  // not for imports
};

struct Tag {
  uint32_t type_index = 0;  // a func type with empty results
  bool imported = false;
};

enum class SegmentMode : uint8_t { kActive, kPassive, kDeclarative };

struct ElemSegment {
  SegmentMode mode = SegmentMode::kActive;
  uint32_t table_index = 0;  // kActive only
  ConstExpr offset;          // kActive only
  ValType elem_type = ValType::FuncRef();
  // Exactly one of these is used: flags 0-3 carry function indices, flags
  // 4-7 carry constant expressions.
  bool uses_exprs = false;
  std::vector<uint32_t> func_indices;
  std::vector<ConstExpr> exprs;
  uint32_t size() const {
    return static_cast<uint32_t>(uses_exprs ? exprs.size() : func_indices.size());
  }
};

struct DataSegment {
  SegmentMode mode = SegmentMode::kActive;  // never kDeclarative
  uint32_t memory_index = 0;
  ConstExpr offset;
  WireRange bytes;
};

struct CustomSection {
  std::string name;
  WireRange payload;
};

// Decoded "name" custom section. A malformed name section is ignored (the
// spec says custom sections never make a module invalid), with the error kept
// for `wasmtier inspect`.
struct NameSection {
  std::optional<std::string> module_name;
  std::map<uint32_t, std::string> function_names;
  std::map<uint32_t, std::map<uint32_t, std::string>> local_names;
};

enum class SectionId : uint8_t {
  kCustom = 0,
  kType = 1,
  kImport = 2,
  kFunction = 3,
  kTable = 4,
  kMemory = 5,
  kGlobal = 6,
  kExport = 7,
  kStart = 8,
  kElement = 9,
  kCode = 10,
  kData = 11,
  kDataCount = 12,
  kTag = 13,
};

struct SectionInfo {
  SectionId id;
  WireRange payload;  // the section's contents after id and size
};

class WasmModule {
 public:
  std::vector<uint8_t> bytes;  // owned wire bytes

  std::vector<TypeDef> types;
  std::vector<Import> imports;
  // Index spaces: imports first, then definitions, as in the spec.
  std::vector<Function> functions;
  std::vector<WasmTable> tables;
  std::vector<WasmMemory> memories;
  std::vector<WasmGlobal> globals;
  std::vector<Tag> tags;
  std::vector<Export> exports;
  std::optional<uint32_t> start;
  std::vector<ElemSegment> elems;
  std::vector<DataSegment> datas;
  std::optional<uint32_t> data_count;
  std::vector<CustomSection> customs;
  NameSection names;
  std::string name_section_error;  // why the name section was ignored, if it was
  std::vector<SectionInfo> sections;  // every section in file order (for inspect)

  uint32_t num_imported_functions = 0;
  uint32_t num_imported_tables = 0;
  uint32_t num_imported_memories = 0;
  uint32_t num_imported_globals = 0;
  uint32_t num_imported_tags = 0;

  // Canonical id per type index: two indices have the same id iff their types
  // are equivalent under iso-recursive canonicalisation (filled by the decoder
  // after the type section; used by subtyping and call_indirect checks).
  std::vector<uint32_t> canonical_type_ids;

  const FuncType& func_type(uint32_t type_index) const { return types[type_index].func; }
  const FuncType& function_type(uint32_t func_index) const {
    return types[functions[func_index].type_index].func;
  }
  const uint8_t* data(WireRange r) const { return bytes.data() + r.offset; }
};

}  // namespace wasmtier

#endif  // WASMTIER_ENGINE_MODULE_H_
