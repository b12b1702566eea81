// `wasmtier inspect` report (see module_printer.h). Every part is one
// function that fills a TextTable; FormatModule lists them in file order.
#include "tools/module_printer.h"

#include <algorithm>
#include <cstring>
#include <optional>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "engine/opcodes.h"
#include "engine/reader.h"
#include "tools/text_table.h"

namespace wasmtier::cli {
namespace {

using Row = std::vector<std::string>;
constexpr TextTable::Align L = TextTable::kLeft;
constexpr TextTable::Align R = TextTable::kRight;

const char* SectionName(SectionId id) {
  switch (id) {
    case SectionId::kCustom:
      return "custom";
    case SectionId::kType:
      return "type";
    case SectionId::kImport:
      return "import";
    case SectionId::kFunction:
      return "function";
    case SectionId::kTable:
      return "table";
    case SectionId::kMemory:
      return "memory";
    case SectionId::kGlobal:
      return "global";
    case SectionId::kExport:
      return "export";
    case SectionId::kStart:
      return "start";
    case SectionId::kElement:
      return "element";
    case SectionId::kCode:
      return "code";
    case SectionId::kData:
      return "data";
    case SectionId::kDataCount:
      return "datacount";
    case SectionId::kTag:
      return "tag";
  }
  return "unknown";
}

std::string Hex(uint64_t v) {
  return absl::StrFormat("0x%08x", v);
}

// "3 types", "1 type".
std::string Count(size_t n, absl::string_view singular, absl::string_view plural = "") {
  if (n == 1) return absl::StrCat("1 ", singular);
  return absl::StrCat(n, " ", plural.empty() ? absl::StrCat(singular, "s") : std::string(plural));
}

// One byte of a name or a data preview: printable ASCII kept, quote and
// backslash escaped with a backslash, anything else as \xx in hex, so a
// hostile module cannot garble the terminal.
void AppendEscaped(std::string* out, unsigned char c) {
  if (c == '"' || c == '\\') {
    *out += '\\';
    *out += static_cast<char>(c);
  } else if (c >= 0x20 && c < 0x7F) {
    *out += static_cast<char>(c);
  } else {
    absl::StrAppendFormat(out, "\\%02x", c);
  }
}

// A name for display: escaped byte by byte, long names shortened.
std::string Printable(absl::string_view s, size_t max = 48) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (out.size() >= max) {
      out += "...";
      break;
    }
    AppendEscaped(&out, static_cast<unsigned char>(s[i]));
  }
  return out;
}

std::string Quoted(absl::string_view s) {
  return absl::StrCat("\"", Printable(s), "\"");
}

std::string LimitsText(const Limits& limits, absl::string_view unit) {
  std::string out = absl::StrCat("min ", limits.min);
  if (limits.max) absl::StrAppend(&out, " max ", *limits.max);
  absl::StrAppend(&out, " ", unit);
  if (limits.is64) absl::StrAppend(&out, ", i64");
  if (limits.shared) absl::StrAppend(&out, ", shared");
  return out;
}

std::string MemoryText(const MemoryType& type) {
  std::string out = LimitsText(type.limits, "pages");
  if (type.page_size_log2 != 16) absl::StrAppend(&out, ", page size ", 1u << type.page_size_log2);
  return out;
}

std::string TableText(const TableType& type) {
  return absl::StrCat(type.elem.ToString(), " ", LimitsText(type.limits, "elements"));
}

std::string GlobalTypeText(const GlobalType& type) {
  return type.is_mutable ? absl::StrCat("(mut ", type.type.ToString(), ")") : type.type.ToString();
}

std::string StorageText(const FieldType& field) {
  std::string storage = field.storage.packed == StorageType::kI8    ? "i8"
                        : field.storage.packed == StorageType::kI16 ? "i16"
                                                                    : field.storage.type.ToString();
  return field.mutable_ ? absl::StrCat("(mut ", storage, ")") : storage;
}

// "[i32 i32] -> [i32]" of a type index, tolerating a bad index.
std::string SignatureOf(const WasmModule& m, uint32_t type_index) {
  if (type_index >= m.types.size() || m.types[type_index].kind != TypeDef::Kind::kFunc) {
    return "?";
  }
  return m.types[type_index].func.ToString();
}

// "type 2 [i32] -> []": a function's or a tag's type index and signature.
std::string TypeUseText(const WasmModule& m, uint32_t type_index) {
  return absl::StrCat("type ", type_index, " ", SignatureOf(m, type_index));
}

// What an import or a definition in each index space looks like.
std::string ExternText(const WasmModule& m, ExternKind kind, uint32_t index) {
  switch (kind) {
    case ExternKind::kFunc:
      if (index < m.functions.size()) return TypeUseText(m, m.functions[index].type_index);
      break;
    case ExternKind::kTable:
      if (index < m.tables.size()) return TableText(m.tables[index].type);
      break;
    case ExternKind::kMemory:
      if (index < m.memories.size()) return MemoryText(m.memories[index].type);
      break;
    case ExternKind::kGlobal:
      if (index < m.globals.size()) return GlobalTypeText(m.globals[index].type);
      break;
    case ExternKind::kTag:
      if (index < m.tags.size()) return TypeUseText(m, m.tags[index].type_index);
      break;
  }
  return "?";
}

// What a section holds, from the decoded module (the section's own counts
// were checked against these by the decoder).
std::string SectionContents(const WasmModule& m, const SectionInfo& s) {
  auto defined = [](size_t all, uint32_t imported) { return all - imported; };
  switch (s.id) {
    case SectionId::kCustom:
      for (const CustomSection& c : m.customs) {
        if (c.payload.end() == s.payload.end() && c.payload.offset >= s.payload.offset) {
          return Quoted(c.name);
        }
      }
      return "";
    case SectionId::kType:
      return Count(m.types.size(), "type");
    case SectionId::kImport:
      return Count(m.imports.size(), "import");
    case SectionId::kFunction:
      return Count(defined(m.functions.size(), m.num_imported_functions), "function");
    case SectionId::kTable:
      return Count(defined(m.tables.size(), m.num_imported_tables), "table");
    case SectionId::kMemory:
      return Count(defined(m.memories.size(), m.num_imported_memories), "memory", "memories");
    case SectionId::kGlobal:
      return Count(defined(m.globals.size(), m.num_imported_globals), "global");
    case SectionId::kExport:
      return Count(m.exports.size(), "export");
    case SectionId::kStart:
      return m.start ? absl::StrCat("function ", *m.start) : "";
    case SectionId::kElement:
      return Count(m.elems.size(), "segment");
    case SectionId::kCode:
      return Count(defined(m.functions.size(), m.num_imported_functions), "body", "bodies");
    case SectionId::kData:
      return Count(m.datas.size(), "segment");
    case SectionId::kDataCount:
      return m.data_count ? absl::StrCat(*m.data_count) : "";
    case SectionId::kTag:
      return Count(defined(m.tags.size(), m.num_imported_tags), "tag");
  }
  return "";
}

void AppendHeading(std::string* out, absl::string_view title, size_t count) {
  if (!out->empty()) *out += '\n';
  absl::StrAppend(out, title, " (", count, "):\n");
}

void AppendSummary(const WasmModule& m, std::string* out) {
  std::vector<std::string> parts;
  parts.push_back(Count(m.types.size(), "type"));
  parts.push_back(Count(m.imports.size(), "import"));
  std::string funcs = Count(m.functions.size(), "function");
  if (m.num_imported_functions > 0)
    absl::StrAppend(&funcs, " (", m.num_imported_functions, " imported)");
  parts.push_back(funcs);
  if (!m.tables.empty()) parts.push_back(Count(m.tables.size(), "table"));
  if (!m.memories.empty()) parts.push_back(Count(m.memories.size(), "memory", "memories"));
  if (!m.globals.empty()) parts.push_back(Count(m.globals.size(), "global"));
  if (!m.tags.empty()) parts.push_back(Count(m.tags.size(), "tag"));
  parts.push_back(Count(m.exports.size(), "export"));
  absl::StrAppend(out, "Summary: ", absl::StrJoin(parts, ", "), "\n");
  if (m.names.module_name)
    absl::StrAppend(out, "Module name: ", Quoted(*m.names.module_name), "\n");
  if (m.start) {
    absl::StrAppend(out, "Start function: ", *m.start, " ", FunctionName(m, *m.start), "\n");
  }
}

void AppendSections(const WasmModule& m, std::string* out) {
  if (m.sections.empty()) return;
  AppendHeading(out, "Sections", m.sections.size());
  TextTable table({"id", "section", "start", "end", "size", "contents"}, {R, L, L, L, R, L});
  for (const SectionInfo& s : m.sections) {
    table.AddRow({absl::StrCat(static_cast<int>(s.id)), SectionName(s.id), Hex(s.payload.offset),
                  Hex(s.payload.end()), absl::StrCat(s.payload.length), SectionContents(m, s)});
  }
  table.AppendTo(out);
}

void AppendTypes(const WasmModule& m, std::string* out) {
  if (m.types.empty()) return;
  AppendHeading(out, "Types", m.types.size());
  TextTable table({"index", "type", "rec group"}, {R, L, L});
  for (size_t i = 0; i < m.types.size(); ++i) {
    const TypeDef& t = m.types[i];
    std::string group;
    if (t.rec_group_size > 1) {
      group = absl::StrCat(t.rec_group_start, "..", t.rec_group_start + t.rec_group_size - 1);
    }
    table.AddRow({absl::StrCat(i), FormatTypeDef(t), group});
  }
  table.AppendTo(out);
}

void AppendImports(const WasmModule& m, std::string* out) {
  if (m.imports.empty()) return;
  AppendHeading(out, "Imports", m.imports.size());
  TextTable table({"module", "name", "kind", "index", "type"}, {L, L, L, R, L});
  for (const Import& imp : m.imports) {
    table.AddRow({Quoted(imp.module), Quoted(imp.name), ExternKindName(imp.kind),
                  absl::StrCat(imp.index), ExternText(m, imp.kind, imp.index)});
  }
  table.AppendTo(out);
}

// Where a function comes from or goes to: "import env.log", "export \"fact\"".
std::string FunctionNotes(const WasmModule& m, uint32_t index) {
  std::vector<std::string> notes;
  for (const Import& imp : m.imports) {
    if (imp.kind == ExternKind::kFunc && imp.index == index) {
      notes.push_back(absl::StrCat("import ", Quoted(imp.module), " ", Quoted(imp.name)));
    }
  }
  for (const Export& exp : m.exports) {
    if (exp.kind == ExternKind::kFunc && exp.index == index) {
      notes.push_back(absl::StrCat("export ", Quoted(exp.name)));
    }
  }
  if (m.start && *m.start == index) notes.push_back("start");
  return absl::StrJoin(notes, ", ");
}

void AppendFunctions(const WasmModule& m, std::string* out) {
  if (m.functions.empty()) return;
  AppendHeading(out, "Functions", m.functions.size());
  TextTable table({"index", "name", "type", "signature", "size", "locals", "notes"},
                  {R, L, R, L, R, R, L});
  for (uint32_t i = 0; i < m.functions.size(); ++i) {
    const Function& f = m.functions[i];
    std::string size = f.imported ? "-" : absl::StrCat(f.body.length);
    std::string locals = f.imported ? "-" : absl::StrCat(f.num_locals);
    table.AddRow({absl::StrCat(i), FunctionName(m, i), absl::StrCat(f.type_index),
                  SignatureOf(m, f.type_index), size, locals, FunctionNotes(m, i)});
  }
  table.AppendTo(out);
}

void AppendTables(const WasmModule& m, std::string* out) {
  if (m.tables.empty()) return;
  AppendHeading(out, "Tables", m.tables.size());
  TextTable table({"index", "type", "init"}, {R, L, L});
  for (size_t i = 0; i < m.tables.size(); ++i) {
    const WasmTable& t = m.tables[i];
    std::string init = t.imported ? "imported" : t.init ? FormatConstExpr(m, *t.init) : "";
    table.AddRow({absl::StrCat(i), TableText(t.type), init});
  }
  table.AppendTo(out);
}

void AppendMemories(const WasmModule& m, std::string* out) {
  if (m.memories.empty()) return;
  AppendHeading(out, "Memories", m.memories.size());
  TextTable table({"index", "limits", "notes"}, {R, L, L});
  for (size_t i = 0; i < m.memories.size(); ++i) {
    table.AddRow({absl::StrCat(i), MemoryText(m.memories[i].type),
                  m.memories[i].imported ? "imported" : ""});
  }
  table.AppendTo(out);
}

void AppendGlobals(const WasmModule& m, std::string* out) {
  if (m.globals.empty()) return;
  AppendHeading(out, "Globals", m.globals.size());
  TextTable table({"index", "type", "init"}, {R, L, L});
  for (size_t i = 0; i < m.globals.size(); ++i) {
    const WasmGlobal& g = m.globals[i];
    table.AddRow({absl::StrCat(i), GlobalTypeText(g.type),
                  g.imported ? "imported" : FormatConstExpr(m, g.init)});
  }
  table.AppendTo(out);
}

void AppendTags(const WasmModule& m, std::string* out) {
  if (m.tags.empty()) return;
  AppendHeading(out, "Tags", m.tags.size());
  TextTable table({"index", "type", "notes"}, {R, L, L});
  for (uint32_t i = 0; i < m.tags.size(); ++i) {
    table.AddRow({absl::StrCat(i), ExternText(m, ExternKind::kTag, i),
                  m.tags[i].imported ? "imported" : ""});
  }
  table.AppendTo(out);
}

void AppendExports(const WasmModule& m, std::string* out) {
  if (m.exports.empty()) return;
  AppendHeading(out, "Exports", m.exports.size());
  TextTable table({"name", "kind", "index", "target"}, {L, L, R, L});
  for (const Export& e : m.exports) {
    std::string target = e.kind == ExternKind::kFunc ? FunctionName(m, e.index) : "";
    if (target.empty()) target = ExternText(m, e.kind, e.index);
    table.AddRow({Quoted(e.name), ExternKindName(e.kind), absl::StrCat(e.index), target});
  }
  table.AppendTo(out);
}

const char* ModeName(SegmentMode mode) {
  switch (mode) {
    case SegmentMode::kActive:
      return "active";
    case SegmentMode::kPassive:
      return "passive";
    case SegmentMode::kDeclarative:
      return "declarative";
  }
  return "?";
}

void AppendElems(const WasmModule& m, std::string* out) {
  if (m.elems.empty()) return;
  AppendHeading(out, "Element segments", m.elems.size());
  TextTable table({"index", "mode", "table", "offset", "type", "count", "items"},
                  {R, L, R, L, L, R, L});
  constexpr size_t kShown = 8;
  for (size_t i = 0; i < m.elems.size(); ++i) {
    const ElemSegment& e = m.elems[i];
    bool active = e.mode == SegmentMode::kActive;
    std::vector<std::string> items;
    size_t n = e.size();
    for (size_t k = 0; k < n && k < kShown; ++k) {
      if (e.uses_exprs) {
        items.push_back(FormatConstExpr(m, e.exprs[k]));
      } else {
        uint32_t f = e.func_indices[k];
        std::string name = FunctionName(m, f);
        items.push_back(name.empty() ? absl::StrCat(f) : absl::StrCat(f, " ", name));
      }
    }
    if (n > kShown) items.push_back("...");
    table.AddRow({absl::StrCat(i), ModeName(e.mode), active ? absl::StrCat(e.table_index) : "",
                  active ? FormatConstExpr(m, e.offset) : "", e.elem_type.ToString(),
                  absl::StrCat(n), absl::StrJoin(items, ", ")});
  }
  table.AppendTo(out);
}

// The first bytes of a data segment as a C-like string literal.
std::string DataPreview(const WasmModule& m, const WireRange& range) {
  constexpr size_t kShown = 24;
  std::string out = "\"";
  size_t n = range.length < kShown ? range.length : kShown;
  if (range.end() > m.bytes.size()) return "";
  const uint8_t* p = m.data(range);
  for (size_t i = 0; i < n; ++i) AppendEscaped(&out, p[i]);
  out += '"';
  if (range.length > kShown) out += "...";
  return out;
}

void AppendDatas(const WasmModule& m, std::string* out) {
  if (m.datas.empty()) return;
  AppendHeading(out, "Data segments", m.datas.size());
  TextTable table({"index", "mode", "memory", "offset", "size", "bytes"}, {R, L, R, L, R, L});
  for (size_t i = 0; i < m.datas.size(); ++i) {
    const DataSegment& d = m.datas[i];
    bool active = d.mode == SegmentMode::kActive;
    table.AddRow({absl::StrCat(i), ModeName(d.mode), active ? absl::StrCat(d.memory_index) : "",
                  active ? FormatConstExpr(m, d.offset) : "", absl::StrCat(d.bytes.length),
                  DataPreview(m, d.bytes)});
  }
  table.AppendTo(out);
}

void AppendCustoms(const WasmModule& m, std::string* out) {
  if (m.customs.empty()) return;
  AppendHeading(out, "Custom sections", m.customs.size());
  TextTable table({"name", "size", "notes"}, {L, R, L});
  for (const CustomSection& c : m.customs) {
    std::string notes;
    if (c.name == "name") {
      if (!m.name_section_error.empty()) {
        notes = absl::StrCat("ignored: ", m.name_section_error);
      } else {
        size_t locals = 0;
        for (const auto& [func, names] : m.names.local_names) locals += names.size();
        notes = absl::StrCat(Count(m.names.function_names.size(), "function name"), ", ",
                             Count(locals, "local name"));
      }
    }
    table.AddRow({Quoted(c.name), absl::StrCat(c.payload.length), notes});
  }
  table.AppendTo(out);
}

// One immediate of a constant-expression instruction, or nullopt when the
// printer does not know how to show it.
std::optional<std::string> FormatImmediate(const WasmModule& m, ImmKind imm, Reader& r) {
  switch (imm) {
    case ImmKind::kNone:
      return std::string();
    case ImmKind::kI32:
      return absl::StrCat(" ", r.ReadVarS32());
    case ImmKind::kI64:
      return absl::StrCat(" ", r.ReadVarS64());
    case ImmKind::kF32: {
      uint32_t bits = 0;
      if (const uint8_t* p = r.ReadBytes(4)) std::memcpy(&bits, p, 4);
      float f;
      std::memcpy(&f, &bits, 4);
      return absl::StrFormat(" %g", f);
    }
    case ImmKind::kF64: {
      uint64_t bits = r.ReadU64();
      double d;
      std::memcpy(&d, &bits, 8);
      return absl::StrFormat(" %g", d);
    }
    case ImmKind::kGlobal:
    case ImmKind::kType:
      return absl::StrCat(" ", r.ReadVarU32());
    case ImmKind::kFunc: {
      uint32_t f = r.ReadVarU32();
      std::string name = FunctionName(m, f);
      return name.empty() ? absl::StrCat(" ", f) : absl::StrCat(" ", f, " ", name);
    }
    case ImmKind::kHeapType: {
      if (auto abstract = HeapType::FromAbstractByte(r.PeekU8())) {
        r.ReadU8();
        return absl::StrCat(" ", abstract->ToString());
      }
      return absl::StrCat(" ", r.ReadVarS33());
    }
    case ImmKind::kTypeCount: {
      uint32_t type = r.ReadVarU32();
      return absl::StrCat(" ", type, " ", r.ReadVarU32());
    }
    default:
      return std::nullopt;
  }
}

}  // namespace

std::string FunctionName(const WasmModule& module, uint32_t func_index) {
  auto it = module.names.function_names.find(func_index);
  if (it == module.names.function_names.end()) return "";
  return absl::StrCat("$", Printable(it->second, 32));
}

std::string FormatTypeDef(const TypeDef& type) {
  std::string body;
  switch (type.kind) {
    case TypeDef::Kind::kFunc:
      body = absl::StrCat("func ", type.func.ToString());
      break;
    case TypeDef::Kind::kStruct: {
      body = "struct";
      for (const FieldType& f : type.struct_.fields)
        absl::StrAppend(&body, " (field ", StorageText(f), ")");
      break;
    }
    case TypeDef::Kind::kArray:
      body = absl::StrCat("array ", StorageText(type.array.field));
      break;
  }
  if (type.is_final && type.supertype == TypeDef::kNoSupertype) return body;
  std::string sub = type.is_final ? "sub final" : "sub";
  if (type.supertype != TypeDef::kNoSupertype) absl::StrAppend(&sub, " ", type.supertype);
  return absl::StrCat("(", sub, ") ", body);
}

std::string FormatConstExpr(const WasmModule& module, const ConstExpr& expr) {
  const WireRange& range = expr.range;
  if (range.end() > module.bytes.size() || range.length == 0) return "...";
  Reader r(module.data(range), range.length, range.offset);
  std::vector<std::string> parts;
  constexpr size_t kMaxShown = 6;
  while (r.ok() && !r.at_end()) {
    uint8_t prefix = r.ReadU8();
    uint32_t code = prefix;
    if (IsPrefixByte(prefix)) {
      code = r.ReadVarU32();
    } else {
      prefix = 0;
    }
    const OpcodeInfo* info = LookupOpcode(prefix, code);
    if (info == nullptr || !r.ok()) return "...";
    if (info->opcode == Opcode::kEnd && r.at_end()) break;
    if (parts.size() == kMaxShown) {
      parts.push_back("...");
      break;
    }
    std::optional<std::string> immediate = FormatImmediate(module, info->imm, r);
    if (!immediate || !r.ok()) {
      parts.push_back(absl::StrCat(info->name, " ..."));
      break;
    }
    parts.push_back(absl::StrCat(info->name, *immediate));
  }
  return absl::StrJoin(parts, "; ");
}

namespace {

struct ReportPart {
  const char* name;
  void (*append)(const WasmModule&, std::string*);
};

// The report, in order; `inspect --only=NAME,...` picks parts by these names.
constexpr ReportPart kReportParts[] = {
    {"summary", AppendSummary},   {"sections", AppendSections},   {"types", AppendTypes},
    {"imports", AppendImports},   {"functions", AppendFunctions}, {"tables", AppendTables},
    {"memories", AppendMemories}, {"globals", AppendGlobals},     {"tags", AppendTags},
    {"exports", AppendExports},   {"elements", AppendElems},      {"data", AppendDatas},
    {"custom", AppendCustoms},
};

}  // namespace

std::vector<std::string> ReportPartNames() {
  std::vector<std::string> names;
  for (const ReportPart& part : kReportParts) names.push_back(part.name);
  return names;
}

std::string FormatModule(const WasmModule& module, const std::vector<std::string>& only) {
  std::string out;
  for (const ReportPart& part : kReportParts) {
    if (!only.empty() && std::find(only.begin(), only.end(), part.name) == only.end()) continue;
    part.append(module, &out);
  }
  return out;
}

}  // namespace wasmtier::cli
