// WasmModule-level WAT parsing: tokens and errors, pass 1 (index spaces and
// identifiers) and pass 2 (each field encoded in textual order). The final
// assembly of sections is in wat_assemble.cc.
#include <algorithm>
#include <cstring>

#include "engine/text/wat_parser.h"

namespace wasmtier::text::internal {

void PutU8(Bytes* out, uint8_t b) {
  out->push_back(b);
}

void PutU32(Bytes* out, uint64_t v) {
  do {
    uint8_t byte = v & 0x7F;
    v >>= 7;
    out->push_back(byte | (v ? 0x80 : 0));
  } while (v);
}

void PutS64(Bytes* out, int64_t v) {
  bool more = true;
  while (more) {
    uint8_t byte = v & 0x7F;
    v >>= 7;  // arithmetic shift
    more = !((v == 0 && !(byte & 0x40)) || (v == -1 && (byte & 0x40)));
    out->push_back(byte | (more ? 0x80 : 0));
  }
}

void PutBytes(Bytes* out, const Bytes& b) {
  out->insert(out->end(), b.begin(), b.end());
}

void PutName(Bytes* out, std::string_view s) {
  PutU32(out, s.size());
  out->insert(out->end(), s.begin(), s.end());
}

IndexSpace& SpaceOf(IndexSpace* spaces, Space s) {
  return spaces[static_cast<int>(s)];
}

namespace {

const char* SpaceKindName(Space s) {
  switch (s) {
    case Space::kType:
      return "type";
    case Space::kFunc:
      return "func";
    case Space::kTable:
      return "table";
    case Space::kMemory:
      return "memory";
    case Space::kGlobal:
      return "global";
    case Space::kTag:
      return "tag";
    case Space::kElem:
      return "elem";
    case Space::kData:
      return "data";
    default:
      return "?";
  }
}

const char* DefinitionName(Space s) {
  switch (s) {
    case Space::kFunc:
      return "function";
    default:
      return SpaceKindName(s);
  }
}

}  // namespace

WatParser::WatParser(std::string_view source) : source_(source) {
  Lexer lexer(source);
  lexer.set_annotation_sink(&annotations_);
  while (true) {
    Token t;
    LexError e;
    if (!lexer.Next(&t, &e)) {
      lex_failed_ = true;
      lex_error_ = e;
      eof_.line = e.line;
      eof_.column = e.column;
      break;
    }
    if (t.kind == TokenKind::kEof) {
      eof_ = t;
      break;
    }
    tokens_.push_back(t);
  }
  eof_.kind = TokenKind::kEof;
}

const Token& WatParser::Peek(size_t ahead) const {
  size_t i = pos_ + ahead;
  return i < tokens_.size() ? tokens_[i] : eof_;
}

const Token& WatParser::Next() {
  const Token& t = Peek();
  if (pos_ < tokens_.size()) ++pos_;
  return t;
}

bool WatParser::AtLParenKeyword(std::string_view kw, size_t ahead) const {
  return Peek(ahead).kind == TokenKind::kLParen && Peek(ahead + 1).IsKeyword(kw);
}

bool WatParser::Fail(const Token& at, std::string message) {
  if (!error_.empty()) return false;
  size_t index = tokens_.size();
  if (!tokens_.empty() && &at >= tokens_.data() && &at < tokens_.data() + tokens_.size()) {
    index = &at - tokens_.data();
  }
  error_token_ = index;
  error_ = FormatError(at.line, at.column, message);
  return false;
}

bool WatParser::Unexpected() {
  const Token& t = Peek();
  // Reserved tokens, and number-like tokens that are no literal (`0x`, `1a`,
  // `0$l`), are what the reference lexer calls unknown operators; a
  // well-formed number out of place is just an unexpected token.
  uint64_t bits;
  if (t.kind == TokenKind::kReserved ||
      (t.kind == TokenKind::kNumber && ParseF64(t.text, &bits) == LiteralStatus::kMalformed)) {
    return Fail(t, "unknown operator");
  }
  return Fail(t, "unexpected token");
}

bool WatParser::Expect(TokenKind kind) {
  if (Peek().kind != kind) return Unexpected();
  Next();
  return true;
}

bool WatParser::ExpectKeyword(std::string_view kw) {
  if (!Peek().IsKeyword(kw)) return Unexpected();
  Next();
  return true;
}

bool WatParser::ExpectLParenKeyword(std::string_view kw) {
  if (!Expect(TokenKind::kLParen)) return false;
  return ExpectKeyword(kw);
}

bool WatParser::SkipForm() {
  size_t depth = 0;
  while (pos_ < tokens_.size()) {
    TokenKind k = tokens_[pos_++].kind;
    if (k == TokenKind::kLParen) {
      ++depth;
    } else if (k == TokenKind::kRParen) {
      if (depth <= 1) return true;
      --depth;
    }
  }
  return false;
}

bool WatParser::CheckLiteral(LiteralStatus status, const Token& at) {
  if (status == LiteralStatus::kOk) return true;
  if (status == LiteralStatus::kOutOfRange) return Fail(at, "constant out of range");
  return Fail(at, "unknown operator");
}

bool WatParser::ParseString(std::string* out) {
  if (Peek().kind != TokenKind::kString) return Unexpected();
  *out = DecodeString(Next().text);
  return true;
}

bool WatParser::ParseName(std::string* out) {
  const Token& t = Peek();
  if (!ParseString(out)) return false;
  if (!IsValidUtf8(*out)) return Fail(t, "malformed UTF-8 encoding");
  return true;
}

std::optional<std::string> WatParser::TakeId() {
  if (Peek().kind != TokenKind::kId) return std::nullopt;
  return IdName(Next());
}

// ---- Entry ----

bool WatParser::Parse(Bytes* out) {
  bool ok = ParseModule();
  if (ok) AssembleModule(out);
  if (lex_failed_ && (ok || error_token_ >= tokens_.size())) {
    error_ = FormatError(lex_error_);
    return false;
  }
  return ok;
}

bool WatParser::ParseModule() {
  bool wrapped = AtLParenKeyword("module");
  if (wrapped) {
    Next();
    Next();
    if (Peek().IsKeyword("definition")) Next();
    module_name_ = TakeId();
    if (Peek().IsKeyword("binary") || Peek().IsKeyword("quote")) {
      bool binary = Next().text == "binary";
      std::string text;
      while (Peek().kind == TokenKind::kString) text += DecodeString(Next().text);
      if (!ExpectRParen()) return false;
      if (Peek().kind != TokenKind::kEof) return Unexpected();
      passthrough_ = true;
      if (binary) {
        binary_.assign(text.begin(), text.end());
        return true;
      }
      quoted_ = std::move(text);
      WatParser inner(quoted_);
      if (!inner.Parse(&binary_)) {
        error_ = inner.error();
        error_token_ = 0;
        return false;
      }
      return true;
    }
  }
  // The first error in the text wins, whichever pass finds it: errors of
  // pass 1 and of the type definitions are held back while the fields are
  // encoded, and the earliest one is reported.
  bool collected = CollectIds();
  size_t end = pos_;
  DeferError();
  if (!ParseCustomAnnotations(wrapped)) DeferError();
  if (!ParseTypeDefs()) DeferError();
  for (size_t field : fields_) {
    pos_ = field;
    if (!EncodeField()) break;
  }
  if (error_.empty() && collected) {
    pos_ = end;
    if (!wrapped || ExpectRParen()) {
      if (Peek().kind != TokenKind::kEof) Unexpected();
    }
  }
  DeferError();
  if (deferred_error_.empty()) return true;
  error_ = deferred_error_;
  error_token_ = deferred_token_;
  return false;
}

void WatParser::DeferError() {
  if (error_.empty()) return;
  if (deferred_error_.empty() || error_token_ < deferred_token_) {
    deferred_error_ = error_;
    deferred_token_ = error_token_;
  }
  error_.clear();
  error_token_ = SIZE_MAX;
}

// ---- Pass 1 ----

bool WatParser::CollectIds() {
  while (true) {
    const Token& t = Peek();
    if (t.kind == TokenKind::kRParen || t.kind == TokenKind::kEof) return true;
    if (t.kind != TokenKind::kLParen) return Unexpected();
    if (Peek(1).kind != TokenKind::kKeyword) {
      Next();
      return Unexpected();
    }
    size_t start = pos_;
    fields_.push_back(start);
    if (!CollectField()) DeferError();  // keep numbering the later fields
    pos_ = start;
    if (!SkipForm()) {
      // Unbalanced: let pass 2 report where the field ends too early.
      pos_ = start;
      return true;
    }
  }
}

bool WatParser::DefineId(Space space, const std::string& id, const Token& at) {
  IndexSpace& s = SpaceOf(spaces_, space);
  if (!s.ids.emplace(id, s.count).second) {
    return Fail(at, std::string("duplicate ") + SpaceKindName(space));
  }
  return true;
}

bool WatParser::NoteImport(Space space, const Token& at) {
  if (last_definition_kind_ != nullptr) {
    return Fail(at, std::string("import after ") + last_definition_kind_);
  }
  ++SpaceOf(spaces_, space).imported;
  return true;
}

// Whether {t} names an index space an import, export or definition can be of.
static bool IsSpaceKeyword(const Token& t, Space* space) {
  static constexpr std::pair<const char*, Space> kKinds[] = {
      {"func", Space::kFunc},     {"table", Space::kTable}, {"memory", Space::kMemory},
      {"global", Space::kGlobal}, {"tag", Space::kTag},
  };
  for (auto [name, s] : kKinds) {
    if (t.IsKeyword(name)) {
      *space = s;
      return true;
    }
  }
  return false;
}

bool WatParser::CollectField() {
  Next();  // '('
  const Token& kw = Next();
  auto define = [&](Space space) -> bool {
    IndexSpace& s = SpaceOf(spaces_, space);
    const Token& at = Peek();
    std::optional<std::string> id = TakeId();
    bool ok = !id || DefineId(space, *id, at);
    s.names.push_back(id.value_or(""));
    ++s.count;  // a duplicate still takes its index
    return ok;
  };
  Space space;
  if (kw.IsKeyword("type")) {
    return define(Space::kType);
  }
  if (kw.IsKeyword("rec")) {
    bool ok = true;
    while (AtLParenKeyword("type")) {
      size_t start = pos_;
      Next();
      Next();
      ok = define(Space::kType) && ok;  // keep counting the group's types
      pos_ = start;
      SkipForm();
    }
    return ok;
  }
  if (IsSpaceKeyword(kw, &space)) {
    size_t id_pos = pos_;
    if (Peek().kind == TokenKind::kId) Next();
    while (AtLParenKeyword("export")) SkipForm();
    bool imported = AtLParenKeyword("import");
    size_t after = pos_;
    pos_ = id_pos;
    if (space == Space::kFunc) func_of_field_[fields_.back()] = SpaceOf(spaces_, space).count;
    // After an error (a duplicate id) the field is still numbered completely.
    bool ok = define(space);
    if (imported) return NoteImport(space, kw) && ok;
    last_definition_kind_ = DefinitionName(space);
    // Inline element / data segments are numbered where they appear.
    pos_ = after;
    if (space == Space::kTable || space == Space::kMemory) {
      const char* inner = space == Space::kTable ? "elem" : "data";
      while (Peek().kind != TokenKind::kRParen && Peek().kind != TokenKind::kEof) {
        if (AtLParenKeyword(inner)) {
          IndexSpace& s = SpaceOf(spaces_, space == Space::kTable ? Space::kElem : Space::kData);
          s.names.push_back("");
          ++s.count;
          break;
        }
        if (Peek().kind == TokenKind::kLParen) {
          SkipForm();
        } else {
          Next();
        }
      }
    }
    return ok;
  }
  if (kw.IsKeyword("import")) {
    if (Peek().kind == TokenKind::kString) Next();
    if (Peek().kind == TokenKind::kString) Next();
    if (Peek().kind != TokenKind::kLParen || !IsSpaceKeyword(Peek(1), &space)) return true;
    Next();
    Next();
    bool ok = define(space);
    return NoteImport(space, kw) && ok;
  }
  if (kw.IsKeyword("elem")) return define(Space::kElem);
  if (kw.IsKeyword("data")) return define(Space::kData);
  if (kw.IsKeyword("export") || kw.IsKeyword("start")) return true;
  return Fail(kw, "unexpected token");
}

// ---- Pass 2: fields ----

bool WatParser::EncodeField() {
  const Token& kw = Peek(1);
  if (kw.IsKeyword("type") || kw.IsKeyword("rec")) return true;  // done by ParseTypeDefs
  if (kw.IsKeyword("func")) return EncodeFunc();
  if (kw.IsKeyword("table")) return EncodeTable();
  if (kw.IsKeyword("memory")) return EncodeMemory();
  if (kw.IsKeyword("global")) return EncodeGlobal();
  if (kw.IsKeyword("tag")) return EncodeTag();
  if (kw.IsKeyword("import")) return EncodeImport();
  if (kw.IsKeyword("export")) return EncodeExport();
  if (kw.IsKeyword("start")) return EncodeStart();
  if (kw.IsKeyword("elem")) return EncodeElem();
  if (kw.IsKeyword("data")) return EncodeData();
  return Fail(kw, "unexpected token");
}

uint32_t WatParser::NextIndex(Space space, bool imported) {
  IndexSpace& s = SpaceOf(spaces_, space);
  uint32_t& seen = next_index_[static_cast<int>(space)];
  uint32_t& seen_imports = next_import_[static_cast<int>(space)];
  if (imported) return seen_imports++;
  return s.imported + seen++;
}

bool WatParser::ParseInlineExports(uint8_t kind, uint32_t index) {
  while (AtLParenKeyword("export")) {
    Next();
    Next();
    std::string name;
    if (!ParseName(&name) || !ExpectRParen()) return false;
    Bytes e;
    PutName(&e, name);
    PutU8(&e, kind);
    PutU32(&e, index);
    exports_.push_back(std::move(e));
  }
  return true;
}

bool WatParser::ParseInlineImport(Bytes* out, bool* present) {
  *present = false;
  if (!AtLParenKeyword("import")) return true;
  Next();
  Next();
  std::string module, name;
  if (!ParseName(&module) || !ParseName(&name) || !ExpectRParen()) return false;
  PutName(out, module);
  PutName(out, name);
  *present = true;
  return true;
}

// The head every definition field shares: `(kind $id? (export ..)* (import ..)?`.
// Whether the field is an import is looked up before the exports are encoded,
// because an inline export names the field's index and imports are numbered
// apart from definitions.
bool WatParser::ParseFieldHead(Space space, uint8_t export_kind, uint32_t* index, bool* imported,
                               Bytes* import) {
  Next();
  Next();
  TakeId();
  size_t save = pos_;
  while (AtLParenKeyword("export")) SkipForm();
  *imported = AtLParenKeyword("import");
  pos_ = save;
  *index = NextIndex(space, *imported);
  if (!ParseInlineExports(export_kind, *index)) return false;
  bool present;
  return ParseInlineImport(import, &present);
}

bool WatParser::EncodeImport() {
  Next();
  Next();
  Bytes e;
  std::string module, name;
  if (!ParseName(&module) || !ParseName(&name)) return false;
  PutName(&e, module);
  PutName(&e, name);
  Space space;
  if (Peek().kind != TokenKind::kLParen || !IsSpaceKeyword(Peek(1), &space)) {
    if (Peek().kind == TokenKind::kLParen) Next();
    return Unexpected();
  }
  Next();
  Next();
  TakeId();
  NextIndex(space, true);
  switch (space) {
    case Space::kFunc:
    case Space::kTag: {
      TypeUse use;
      uint32_t type_index;
      if (!ParseTypeUse(&use, true) || !ResolveTypeUse(&use, &type_index)) return false;
      PutU8(&e, space == Space::kFunc ? 0x00 : 0x04);
      if (space == Space::kTag) PutU8(&e, 0x00);
      PutU32(&e, type_index);
      break;
    }
    case Space::kTable: {
      PutU8(&e, 0x01);
      bool is64;
      if (!ParseTableType(&e, &is64)) return false;
      break;
    }
    case Space::kMemory:
      PutU8(&e, 0x02);
      if (!ParseMemoryType(&e)) return false;
      break;
    default:
      PutU8(&e, 0x03);
      if (!ParseGlobalType(&e)) return false;
      break;
  }
  if (!ExpectRParen() || !ExpectRParen()) return false;
  imports_.push_back(std::move(e));
  return true;
}

bool WatParser::EncodeFunc() {
  uint32_t index;
  bool imported;
  Bytes import;
  if (!ParseFieldHead(Space::kFunc, 0x00, &index, &imported, &import)) return false;
  TypeUse use;
  uint32_t type_index;
  if (!ParseTypeUse(&use, true) || !ResolveTypeUse(&use, &type_index)) return false;
  if (imported) {
    if (!ExpectRParen()) return false;
    PutU8(&import, 0x00);
    PutU32(&import, type_index);
    imports_.push_back(std::move(import));
    return true;
  }
  BodyState body;
  std::vector<std::pair<uint32_t, std::string>> names;
  uint32_t num_locals = 0;
  auto add_local = [&](const std::string& id, const Token& at) -> bool {
    if (!id.empty()) {
      if (!body.local_ids.emplace(id, num_locals).second) return Fail(at, "duplicate local");
      names.emplace_back(num_locals, id);
    }
    ++num_locals;
    return true;
  };
  const Token& type_token = tokens_[std::min(use.token, tokens_.size() - 1)];
  if (use.has_inline) {
    for (const std::string& id : use.param_names) {
      if (!add_local(id, type_token)) return false;
    }
  } else if (type_index < types_.size() && types_[type_index].kind == TypeInfo::Kind::kFunc) {
    num_locals = types_[type_index].sig.params.size();
  }
  std::vector<Bytes> local_types;
  while (AtLParenKeyword("local")) {
    Next();
    Next();
    const Token& at = Peek();
    if (std::optional<std::string> id = TakeId()) {
      Bytes t;
      if (!ParseValType(&t) || !ExpectRParen()) return false;
      if (!add_local(*id, at)) return false;
      local_types.push_back(std::move(t));
      continue;
    }
    while (Peek().kind != TokenKind::kRParen) {
      Bytes t;
      if (!ParseValType(&t)) return false;
      ++num_locals;
      local_types.push_back(std::move(t));
    }
    Next();
  }
  Bytes code;
  body.out = &code;
  if (!ParseInstrList(&body) || !ExpectRParen()) return false;
  PutU8(&code, 0x0B);
  // Locals are grouped by runs of equal types.
  Bytes entry;
  std::vector<std::pair<uint32_t, const Bytes*>> groups;
  for (const Bytes& t : local_types) {
    if (!groups.empty() && *groups.back().second == t) {
      ++groups.back().first;
    } else {
      groups.emplace_back(1, &t);
    }
  }
  PutU32(&entry, groups.size());
  for (auto& [n, t] : groups) {
    PutU32(&entry, n);
    PutBytes(&entry, *t);
  }
  if (!body.hints.empty()) {
    // Offsets count from the start of the body, i.e. of its locals.
    for (auto& [offset, hint] : body.hints) offset += entry.size();
    branch_hints_.emplace_back(index, std::move(body.hints));
  }
  PutBytes(&entry, code);
  Bytes sized;
  PutU32(&sized, entry.size());
  PutBytes(&sized, entry);
  codes_.push_back(std::move(sized));
  Bytes decl;
  PutU32(&decl, type_index);
  functions_.push_back(std::move(decl));
  if (!names.empty()) local_names_.emplace_back(index, std::move(names));
  return true;
}

// Limits are u64 in the binary for every address type (3.0); a size too
// large for its address type is left to the validator to reject.
bool WatParser::ParseLimits(bool is64, Bytes* out) {
  uint64_t min = 0, max = 0;
  bool has_max = false;
  if (!ParseU64Token(&min)) return false;
  if (Peek().kind == TokenKind::kNumber) {
    if (!ParseU64Token(&max)) return false;
    has_max = true;
  }
  PutU8(out, (has_max ? 0x01 : 0x00) | (is64 ? 0x04 : 0x00));
  PutU32(out, min);
  if (has_max) PutU32(out, max);
  return true;
}

bool WatParser::ParseAddressType(bool* is64) {
  *is64 = false;
  if (Peek().IsKeyword("i64")) {
    *is64 = true;
    Next();
  } else if (Peek().IsKeyword("i32")) {
    Next();
  }
  return true;
}

bool WatParser::ParseTableType(Bytes* out, bool* is64) {
  ParseAddressType(is64);
  Bytes limits;
  if (!ParseLimits(*is64, &limits)) return false;
  Bytes type;
  bool nullable;
  Bytes heap;
  if (!ParseRefType(&type, &nullable, &heap)) return false;
  PutBytes(out, type);
  PutBytes(out, limits);
  return true;
}

bool WatParser::ParseMemoryType(Bytes* out) {
  bool is64;
  ParseAddressType(&is64);
  uint64_t min = 0, max = 0;
  bool has_max = false;
  auto limit = [&](uint64_t* v) {
    const Token& t = Peek();
    if (t.kind == TokenKind::kNumber && ParseU64(t.text, v) == LiteralStatus::kOutOfRange) {
      return Fail(t, is64 ? "i64 constant out of range" : "i32 constant out of range");
    }
    return ParseU64Token(v);
  };
  if (!limit(&min)) return false;
  if (Peek().kind == TokenKind::kNumber) {
    if (!limit(&max)) return false;
    has_max = true;
  }
  uint8_t flags = (has_max ? 0x01 : 0) | (is64 ? 0x04 : 0);
  if (Peek().IsKeyword("shared")) {
    Next();
    flags |= 0x02;
  } else if (Peek().IsKeyword("unshared")) {
    Next();
  }
  std::optional<uint32_t> page_size_log2;
  if (AtLParenKeyword("pagesize")) {
    Next();
    Next();
    const Token& pt = Peek();
    uint64_t size;
    if (!ParseU64Token(&size) || !ExpectRParen()) return false;
    if (size == 0 || (size & (size - 1)) != 0) return Fail(pt, "invalid custom page size");
    page_size_log2 = __builtin_ctzll(size);
    flags |= 0x08;
  }
  PutU8(out, flags);
  PutU32(out, min);
  if (has_max) PutU32(out, max);
  if (page_size_log2) PutU32(out, *page_size_log2);
  return true;
}

bool WatParser::ParseGlobalType(Bytes* out) {
  if (AtLParenKeyword("mut")) {
    Next();
    Next();
    if (!ParseValType(out) || !ExpectRParen()) return false;
    PutU8(out, 0x01);
    return true;
  }
  if (!ParseValType(out)) return false;
  PutU8(out, 0x00);
  return true;
}

bool WatParser::ParseConstExpr(Bytes* out) {
  BodyState body;
  body.out = out;
  if (!ParseInstrList(&body)) return false;
  PutU8(out, 0x0B);
  return true;
}

bool WatParser::ParseOffsetOrExpr(Bytes* out) {
  BodyState body;
  body.out = out;
  if (AtLParenKeyword("offset")) {
    Next();
    Next();
    if (!ParseInstrList(&body) || !ExpectRParen()) return false;
  } else {
    if (Peek().kind != TokenKind::kLParen) return Unexpected();
    if (!ParseFolded(&body)) return false;
  }
  PutU8(out, 0x0B);
  return true;
}

// Element list: `func funcidx*`, `reftype elemexpr*` or bare `funcidx*`.
// {type} receives the elemkind byte (function indices) or the reftype.
bool WatParser::ParseElemList(Bytes* type, std::vector<Bytes>* items, bool* as_exprs) {
  *as_exprs = false;
  if (Peek().IsKeyword("func")) {
    Next();
  } else if (IsValTypeStart()) {
    bool nullable;
    Bytes heap;
    if (!ParseRefType(type, &nullable, &heap)) return false;
    *as_exprs = true;
    while (Peek().kind == TokenKind::kLParen) {
      Bytes expr;
      BodyState body;
      body.out = &expr;
      if (AtLParenKeyword("item")) {
        Next();
        Next();
        if (!ParseInstrList(&body) || !ExpectRParen()) return false;
      } else if (!ParseFolded(&body)) {
        return false;
      }
      PutU8(&expr, 0x0B);
      items->push_back(std::move(expr));
    }
    return true;
  }
  PutU8(type, 0x00);  // elemkind funcref
  while (IsIndexToken()) {
    uint32_t f;
    if (!ParseIndex(Space::kFunc, &f)) return false;
    Bytes b;
    PutU32(&b, f);
    items->push_back(std::move(b));
  }
  return true;
}

// Encodes an element segment; {mode}: 0 active, 1 passive, 2 declarative.
static Bytes EncodeElemSegment(int mode, uint32_t table, const Bytes& offset, const Bytes& type,
                               const std::vector<Bytes>& items, bool as_exprs) {
  // Function-index forms (0-3) give the segment type (ref func), so a
  // funcref segment of ref.func items keeps the expression form.
  bool funcref = type.size() == 1 && (type[0] == 0x70 || type[0] == 0x00);
  Bytes e;
  if (mode == 0 && table == 0 && funcref) {
    PutU8(&e, as_exprs ? 0x04 : 0x00);
    PutBytes(&e, offset);
  } else if (mode == 0) {
    PutU8(&e, as_exprs ? 0x06 : 0x02);
    PutU32(&e, table);
    PutBytes(&e, offset);
    PutBytes(&e, type);
  } else {
    PutU8(&e, (mode == 1 ? 0x01 : 0x03) | (as_exprs ? 0x04 : 0x00));
    PutBytes(&e, type);
  }
  PutU32(&e, items.size());
  for (const Bytes& item : items) PutBytes(&e, item);
  return e;
}

bool WatParser::EncodeTable() {
  uint32_t index;
  bool imported;
  Bytes import;
  if (!ParseFieldHead(Space::kTable, 0x01, &index, &imported, &import)) return false;
  if (imported) {
    PutU8(&import, 0x01);
    bool is64;
    if (!ParseTableType(&import, &is64) || !ExpectRParen()) return false;
    imports_.push_back(std::move(import));
    return true;
  }
  bool is64;
  ParseAddressType(&is64);
  Bytes table;
  if (IsValTypeStart()) {
    // (table reftype (elem ...)): limits from the number of elements.
    Bytes type;
    bool nullable;
    Bytes heap;
    if (!ParseRefType(&type, &nullable, &heap)) return false;
    if (!ExpectLParenKeyword("elem")) return false;
    std::vector<Bytes> items;
    bool as_exprs = false;
    Bytes elem_type;
    if (Peek().kind == TokenKind::kLParen) {
      as_exprs = true;
      elem_type = type;
      while (Peek().kind == TokenKind::kLParen) {
        Bytes expr;
        BodyState body;
        body.out = &expr;
        if (AtLParenKeyword("item")) {
          Next();
          Next();
          if (!ParseInstrList(&body) || !ExpectRParen()) return false;
        } else if (!ParseFolded(&body)) {
          return false;
        }
        PutU8(&expr, 0x0B);
        items.push_back(std::move(expr));
      }
    } else {
      if (!ParseElemList(&elem_type, &items, &as_exprs)) return false;
      if (!(type.size() == 1 && type[0] == 0x70)) {
        // Function indices into a typed table: the segment has the table's
        // type, so its items become ref.func expressions.
        for (Bytes& item : items) {
          Bytes expr{0xD2};
          PutBytes(&expr, item);
          PutU8(&expr, 0x0B);
          item = std::move(expr);
        }
        elem_type = type;
        as_exprs = true;
      }
    }
    if (!ExpectRParen() || !ExpectRParen()) return false;
    PutBytes(&table, type);
    PutU8(&table, is64 ? 0x05 : 0x01);
    PutU32(&table, items.size());
    PutU32(&table, items.size());
    tables_.push_back(std::move(table));
    Bytes offset;
    PutU8(&offset, is64 ? 0x42 : 0x41);
    PutU8(&offset, 0x00);
    PutU8(&offset, 0x0B);
    elems_.push_back(EncodeElemSegment(0, index, offset, elem_type, items, as_exprs));
    NextIndex(Space::kElem, false);
    return true;
  }
  Bytes limits;
  if (!ParseLimits(is64, &limits)) return false;
  Bytes type;
  bool nullable;
  Bytes heap;
  if (!ParseRefType(&type, &nullable, &heap)) return false;
  if (Peek().kind != TokenKind::kRParen) {
    Bytes init;
    if (!ParseConstExpr(&init)) return false;
    PutU8(&table, 0x40);
    PutU8(&table, 0x00);
    PutBytes(&table, type);
    PutBytes(&table, limits);
    PutBytes(&table, init);
  } else {
    PutBytes(&table, type);
    PutBytes(&table, limits);
  }
  if (!ExpectRParen()) return false;
  tables_.push_back(std::move(table));
  return true;
}

bool WatParser::EncodeMemory() {
  uint32_t index;
  bool imported;
  Bytes import;
  if (!ParseFieldHead(Space::kMemory, 0x02, &index, &imported, &import)) return false;
  if (imported) {
    PutU8(&import, 0x02);
    if (!ParseMemoryType(&import) || !ExpectRParen()) return false;
    imports_.push_back(std::move(import));
    return true;
  }
  size_t type_start = pos_;
  bool is64;
  ParseAddressType(&is64);
  std::optional<uint32_t> page_size_log2;
  if (AtLParenKeyword("pagesize") && AtLParenKeyword("data", 4)) {
    Next();
    Next();
    const Token& pt = Peek();
    uint64_t size;
    if (!ParseU64Token(&size) || !ExpectRParen()) return false;
    if (size == 0 || (size & (size - 1)) != 0) return Fail(pt, "invalid custom page size");
    page_size_log2 = __builtin_ctzll(size);
  }
  if (AtLParenKeyword("data")) {
    Next();
    Next();
    std::string data;
    while (Peek().kind == TokenKind::kString) data += DecodeString(Next().text);
    if (!ExpectRParen() || !ExpectRParen()) return false;
    uint64_t page = uint64_t{1} << page_size_log2.value_or(16);
    uint64_t pages = (data.size() + page - 1) / page;
    Bytes mem;
    PutU8(&mem, (is64 ? 0x05 : 0x01) | (page_size_log2 ? 0x08 : 0x00));
    PutU32(&mem, pages);
    PutU32(&mem, pages);
    if (page_size_log2) PutU32(&mem, *page_size_log2);
    memories_.push_back(std::move(mem));
    Bytes seg;
    if (index == 0) {
      PutU8(&seg, 0x00);
    } else {
      PutU8(&seg, 0x02);
      PutU32(&seg, index);
    }
    PutU8(&seg, is64 ? 0x42 : 0x41);
    PutU8(&seg, 0x00);
    PutU8(&seg, 0x0B);
    PutName(&seg, data);
    datas_.push_back(std::move(seg));
    NextIndex(Space::kData, false);
    return true;
  }
  pos_ = type_start;
  Bytes mem;
  if (!ParseMemoryType(&mem) || !ExpectRParen()) return false;
  memories_.push_back(std::move(mem));
  return true;
}

bool WatParser::EncodeGlobal() {
  uint32_t index;
  bool imported;
  Bytes import;
  if (!ParseFieldHead(Space::kGlobal, 0x03, &index, &imported, &import)) return false;
  if (imported) {
    PutU8(&import, 0x03);
    if (!ParseGlobalType(&import) || !ExpectRParen()) return false;
    imports_.push_back(std::move(import));
    return true;
  }
  Bytes global;
  if (!ParseGlobalType(&global) || !ParseConstExpr(&global) || !ExpectRParen()) return false;
  globals_.push_back(std::move(global));
  return true;
}

bool WatParser::EncodeTag() {
  uint32_t index;
  bool imported;
  Bytes import;
  if (!ParseFieldHead(Space::kTag, 0x04, &index, &imported, &import)) return false;
  TypeUse use;
  uint32_t type_index;
  if (!ParseTypeUse(&use, true) || !ResolveTypeUse(&use, &type_index)) return false;
  if (!ExpectRParen()) return false;
  Bytes* out;
  Bytes tag;
  if (imported) {
    PutU8(&import, 0x04);
    out = &import;
  } else {
    out = &tag;
  }
  PutU8(out, 0x00);
  PutU32(out, type_index);
  if (imported) {
    imports_.push_back(std::move(import));
  } else {
    tags_.push_back(std::move(tag));
  }
  return true;
}

bool WatParser::EncodeExport() {
  Next();
  Next();
  std::string name;
  if (!ParseName(&name)) return false;
  if (!Expect(TokenKind::kLParen)) return false;
  Space space;
  if (!IsSpaceKeyword(Peek(), &space)) return Unexpected();
  Next();
  uint32_t index;
  if (!ParseIndex(space, &index) || !ExpectRParen() || !ExpectRParen()) return false;
  static constexpr uint8_t kKindByte[] = {0, 0x00, 0x01, 0x02, 0x03, 0x04};
  Bytes e;
  PutName(&e, name);
  PutU8(&e, kKindByte[static_cast<int>(space)]);
  PutU32(&e, index);
  exports_.push_back(std::move(e));
  return true;
}

bool WatParser::EncodeStart() {
  Next();
  const Token& kw = Next();
  if (start_) return Fail(kw, "multiple start sections");
  uint32_t index;
  if (!ParseIndex(Space::kFunc, &index) || !ExpectRParen()) return false;
  start_ = index;
  return true;
}

bool WatParser::EncodeElem() {
  Next();
  Next();
  TakeId();
  NextIndex(Space::kElem, false);
  int mode = 1;  // passive
  uint32_t table = 0;
  Bytes offset;
  if (Peek().IsKeyword("declare")) {
    Next();
    mode = 2;
  } else if (AtLParenKeyword("table")) {
    Next();
    Next();
    if (!ParseIndex(Space::kTable, &table) || !ExpectRParen()) return false;
    if (!ParseOffsetOrExpr(&offset)) return false;
    mode = 0;
  } else if (IsIndexToken() && Peek(1).kind == TokenKind::kLParen) {
    // MVP form: (elem tableidx (offset ...) ...).
    if (!ParseIndex(Space::kTable, &table) || !ParseOffsetOrExpr(&offset)) return false;
    mode = 0;
  } else if (Peek().kind == TokenKind::kLParen && !AtLParenKeyword("ref")) {
    if (!ParseOffsetOrExpr(&offset)) return false;
    mode = 0;
  }
  Bytes type;
  std::vector<Bytes> items;
  bool as_exprs;
  if (!ParseElemList(&type, &items, &as_exprs) || !ExpectRParen()) return false;
  elems_.push_back(EncodeElemSegment(mode, table, offset, type, items, as_exprs));
  return true;
}

bool WatParser::EncodeData() {
  Next();
  Next();
  TakeId();
  NextIndex(Space::kData, false);
  bool active = false;
  uint32_t memory = 0;
  Bytes offset;
  if (AtLParenKeyword("memory")) {
    Next();
    Next();
    if (!ParseIndex(Space::kMemory, &memory) || !ExpectRParen()) return false;
    if (!ParseOffsetOrExpr(&offset)) return false;
    active = true;
  } else if (IsIndexToken() && Peek(1).kind == TokenKind::kLParen) {
    if (!ParseIndex(Space::kMemory, &memory) || !ParseOffsetOrExpr(&offset)) return false;
    active = true;
  } else if (Peek().kind == TokenKind::kLParen) {
    if (!ParseOffsetOrExpr(&offset)) return false;
    active = true;
  }
  std::string data;
  while (Peek().kind == TokenKind::kString) data += DecodeString(Next().text);
  if (!ExpectRParen()) return false;
  Bytes seg;
  if (!active) {
    PutU8(&seg, 0x01);
  } else if (memory == 0) {
    PutU8(&seg, 0x00);
    PutBytes(&seg, offset);
  } else {
    PutU8(&seg, 0x02);
    PutU32(&seg, memory);
    PutBytes(&seg, offset);
  }
  PutName(&seg, data);
  datas_.push_back(std::move(seg));
  return true;
}

}  // namespace wasmtier::text::internal
