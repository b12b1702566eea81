// Types in WAT: value/reference/heap types, type definitions (func, struct,
// array, sub/final, rec groups) and typeuses with the spec's abbreviation
// rule: an inline signature without `(type x)` uses the first matching
// plain function type, else a new one appended to the type section.
#include <cstring>

#include "engine/text/wat_parser.h"

namespace wasmtier::text::internal {
namespace {

struct NamedByte {
  const char* name;
  uint8_t byte;
};

constexpr NamedByte kNumTypes[] = {
    {"i32", 0x7F}, {"i64", 0x7E}, {"f32", 0x7D}, {"f64", 0x7C}, {"v128", 0x7B},
};

// Reference type shorthands: (ref null <heap>) with the same byte.
constexpr NamedByte kRefShorthands[] = {
    {"funcref", 0x70}, {"externref", 0x6F},     {"anyref", 0x6E},      {"eqref", 0x6D},
    {"i31ref", 0x6C},  {"structref", 0x6B},     {"arrayref", 0x6A},    {"exnref", 0x69},
    {"nullref", 0x71}, {"nullexternref", 0x72}, {"nullfuncref", 0x73}, {"nullexnref", 0x74},
};

constexpr NamedByte kAbstractHeapTypes[] = {
    {"func", 0x70}, {"extern", 0x6F},   {"any", 0x6E},    {"eq", 0x6D},
    {"i31", 0x6C},  {"struct", 0x6B},   {"array", 0x6A},  {"exn", 0x69},
    {"none", 0x71}, {"noextern", 0x72}, {"nofunc", 0x73}, {"noexn", 0x74},
};

template <size_t N>
const NamedByte* Find(const NamedByte (&table)[N], const Token& t) {
  if (t.kind != TokenKind::kKeyword) return nullptr;
  for (const NamedByte& e : table) {
    if (t.text == e.name) return &e;
  }
  return nullptr;
}

}  // namespace

bool WatParser::ParseTypeDefs() {
  types_.resize(SpaceOf(spaces_, Space::kType).count);
  num_explicit_types_ = types_.size();
  uint32_t next = 0;
  for (size_t field : fields_) {
    pos_ = field;
    // Pass 1 numbered these types; it may have stopped early on an error
    // (already held back), so never index past what it counted.
    if ((AtLParenKeyword("type") || AtLParenKeyword("rec")) && next >= types_.size()) {
      return FailHere("unexpected token");
    }
    if (AtLParenKeyword("type")) {
      Bytes entry;
      if (!ParseTypeField(&types_[next++], &entry)) return false;
      type_entries_.push_back(std::move(entry));
    } else if (AtLParenKeyword("rec")) {
      Next();
      Next();
      uint32_t first = next;
      std::vector<Bytes> subs;
      while (AtLParenKeyword("type")) {
        if (next >= types_.size()) return FailHere("unexpected token");
        Bytes sub;
        if (!ParseTypeField(&types_[next++], &sub)) return false;
        subs.push_back(std::move(sub));
      }
      if (!ExpectRParen()) return false;
      for (uint32_t i = first; i < next; ++i) types_[i].singleton_group = next - first == 1;
      Bytes entry;
      PutU8(&entry, 0x4E);
      PutU32(&entry, subs.size());
      for (const Bytes& s : subs) PutBytes(&entry, s);
      type_entries_.push_back(std::move(entry));
    }
  }
  return true;
}

bool WatParser::ParseTypeField(TypeInfo* info, Bytes* out) {
  Next();
  Next();
  TakeId();
  if (!ParseSubType(info, out)) return false;
  return ExpectRParen();
}

bool WatParser::ParseSubType(TypeInfo* info, Bytes* out) {
  if (!AtLParenKeyword("sub")) return ParseCompType(info, out);
  Next();
  Next();
  info->is_final = false;
  if (Peek().IsKeyword("final")) {
    Next();
    info->is_final = true;
  }
  std::vector<uint32_t> supers;
  while (IsIndexToken()) {
    uint32_t s;
    if (!ParseTypeIndex(&s)) return false;
    supers.push_back(s);
  }
  info->has_super = !supers.empty();
  if (!info->is_final || !supers.empty()) {
    PutU8(out, info->is_final ? 0x4F : 0x50);
    PutU32(out, supers.size());
    for (uint32_t s : supers) PutU32(out, s);
  }
  if (!ParseCompType(info, out)) return false;
  return ExpectRParen();
}

bool WatParser::ParseCompType(TypeInfo* info, Bytes* out) {
  if (!Expect(TokenKind::kLParen)) return false;
  const Token& kw = Peek();
  if (kw.IsKeyword("func")) {
    Next();
    info->kind = TypeInfo::Kind::kFunc;
    TypeUse use;
    if (!ParseParamsResults(&use, true)) return false;
    info->sig = use.sig;
    PutU8(out, 0x60);
    PutU32(out, use.sig.params.size());
    for (const Bytes& p : use.sig.params) PutBytes(out, p);
    PutU32(out, use.sig.results.size());
    for (const Bytes& r : use.sig.results) PutBytes(out, r);
    return ExpectRParen();
  }
  if (kw.IsKeyword("struct")) {
    Next();
    info->kind = TypeInfo::Kind::kStruct;
    std::vector<Bytes> fields;
    while (AtLParenKeyword("field")) {
      Next();
      Next();
      const Token& at = Peek();
      if (std::optional<std::string> id = TakeId()) {
        if (!info->field_ids.emplace(*id, fields.size()).second) {
          return Fail(at, "duplicate field");
        }
        Bytes f;
        if (!ParseFieldType(&f) || !ExpectRParen()) return false;
        fields.push_back(std::move(f));
        continue;
      }
      while (Peek().kind != TokenKind::kRParen) {
        Bytes f;
        if (!ParseFieldType(&f)) return false;
        fields.push_back(std::move(f));
      }
      Next();
    }
    PutU8(out, 0x5F);
    PutU32(out, fields.size());
    for (const Bytes& f : fields) PutBytes(out, f);
    return ExpectRParen();
  }
  if (kw.IsKeyword("array")) {
    Next();
    info->kind = TypeInfo::Kind::kArray;
    PutU8(out, 0x5E);
    if (!ParseFieldType(out)) return false;
    return ExpectRParen();
  }
  return Unexpected();
}

bool WatParser::ParseFieldType(Bytes* out) {
  if (AtLParenKeyword("mut")) {
    Next();
    Next();
    if (!ParseStorageType(out) || !ExpectRParen()) return false;
    PutU8(out, 0x01);
    return true;
  }
  if (!ParseStorageType(out)) return false;
  PutU8(out, 0x00);
  return true;
}

bool WatParser::ParseStorageType(Bytes* out) {
  if (Peek().IsKeyword("i8")) {
    Next();
    PutU8(out, 0x78);
    return true;
  }
  if (Peek().IsKeyword("i16")) {
    Next();
    PutU8(out, 0x77);
    return true;
  }
  return ParseValType(out);
}

bool WatParser::IsValTypeStart() const {
  const Token& t = Peek();
  return Find(kNumTypes, t) || Find(kRefShorthands, t) || AtLParenKeyword("ref");
}

bool WatParser::ParseValType(Bytes* out) {
  if (const NamedByte* n = Find(kNumTypes, Peek())) {
    Next();
    PutU8(out, n->byte);
    return true;
  }
  bool nullable;
  Bytes heap;
  return ParseRefType(out, &nullable, &heap);
}

bool WatParser::ParseRefType(Bytes* out, bool* nullable, Bytes* heap) {
  if (const NamedByte* n = Find(kRefShorthands, Peek())) {
    Next();
    *nullable = true;
    heap->assign(1, n->byte);
    PutU8(out, n->byte);
    return true;
  }
  if (!AtLParenKeyword("ref")) {
    const Token& t = Peek();
    if (t.kind == TokenKind::kKeyword) {
      return Fail(t, "unknown operator " + std::string(t.text));
    }
    return Unexpected();
  }
  Next();
  Next();
  *nullable = false;
  if (Peek().IsKeyword("null")) {
    Next();
    *nullable = true;
  }
  if (!ParseHeapType(heap) || !ExpectRParen()) return false;
  bool abstract = heap->size() == 1 && Find(kAbstractHeapTypes, tokens_[pos_ - 2]);
  if (*nullable && abstract) {
    PutBytes(out, *heap);  // the shorthand byte is the same type
  } else {
    PutU8(out, *nullable ? 0x63 : 0x64);
    PutBytes(out, *heap);
  }
  return true;
}

bool WatParser::ParseHeapType(Bytes* out) {
  if (const NamedByte* n = Find(kAbstractHeapTypes, Peek())) {
    Next();
    PutU8(out, n->byte);
    return true;
  }
  uint32_t index;
  if (!ParseTypeIndex(&index)) return false;
  PutS64(out, index);
  return true;
}

bool WatParser::ParseTypeIndex(uint32_t* out) {
  return ParseIndex(Space::kType, out);
}

bool WatParser::ParseTypeUse(TypeUse* use, bool allow_param_names) {
  use->token = pos_;
  if (AtLParenKeyword("type")) {
    Next();
    Next();
    uint32_t index;
    if (!ParseTypeIndex(&index) || !ExpectRParen()) return false;
    use->index = index;
  }
  return ParseParamsResults(use, allow_param_names);
}

bool WatParser::ParseParamsResults(TypeUse* use, bool allow_param_names) {
  while (AtLParenKeyword("param")) {
    Next();
    Next();
    use->has_inline = true;
    if (Peek().kind == TokenKind::kId) {
      if (!allow_param_names) return Unexpected();
      std::string name = IdName(Next());
      Bytes t;
      if (!ParseValType(&t) || !ExpectRParen()) return false;
      use->sig.params.push_back(std::move(t));
      use->param_names.push_back(std::move(name));
      continue;
    }
    while (Peek().kind != TokenKind::kRParen) {
      Bytes t;
      if (!ParseValType(&t)) return false;
      use->sig.params.push_back(std::move(t));
      use->param_names.emplace_back();
    }
    Next();
  }
  while (AtLParenKeyword("result")) {
    Next();
    Next();
    use->has_inline = true;
    while (Peek().kind != TokenKind::kRParen) {
      Bytes t;
      if (!ParseValType(&t)) return false;
      use->sig.results.push_back(std::move(t));
    }
    Next();
  }
  if (AtLParenKeyword("param")) {  // params after results
    Next();
    return Unexpected();
  }
  return true;
}

bool WatParser::ResolveTypeUse(TypeUse* use, uint32_t* index) {
  if (use->index) {
    *index = *use->index;
    bool known = *index < types_.size() && types_[*index].kind == TypeInfo::Kind::kFunc;
    if (use->has_inline) {
      const Token& at = use->token < tokens_.size() ? tokens_[use->token] : eof_;
      if (*index >= types_.size()) return Fail(at, "unknown type");
      if (!known || !(types_[*index].sig == use->sig)) return Fail(at, "inline function type");
    } else if (known) {
      use->sig = types_[*index].sig;
    }
    return true;
  }
  *index = FindOrAddFuncType(use->sig);
  return true;
}

namespace {

// A function signature's binary encoding (0x60 params results): equal
// encodings are equal signatures, since type indices are resolved.
Bytes EncodeFuncSig(const FuncSig& sig) {
  Bytes entry;
  PutU8(&entry, 0x60);
  PutU32(&entry, sig.params.size());
  for (const Bytes& p : sig.params) PutBytes(&entry, p);
  PutU32(&entry, sig.results.size());
  for (const Bytes& r : sig.results) PutBytes(&entry, r);
  return entry;
}

}  // namespace

uint32_t WatParser::FindOrAddFuncType(const FuncSig& sig) {
  // Candidates are plain function types: final, no supertype, alone in their
  // recursion group. Indexed lazily so many inline signatures stay linear.
  for (; func_sig_indexed_ < types_.size(); ++func_sig_indexed_) {
    const TypeInfo& t = types_[func_sig_indexed_];
    if (t.kind == TypeInfo::Kind::kFunc && t.is_final && !t.has_super && t.singleton_group) {
      Bytes key = EncodeFuncSig(t.sig);
      func_sig_index_.emplace(std::string(key.begin(), key.end()), func_sig_indexed_);
    }
  }
  Bytes entry = EncodeFuncSig(sig);
  std::string key(entry.begin(), entry.end());
  auto it = func_sig_index_.find(key);
  if (it != func_sig_index_.end()) return it->second;
  TypeInfo info;
  info.sig = sig;
  types_.push_back(std::move(info));
  type_entries_.push_back(std::move(entry));
  return types_.size() - 1;
}

bool WatParser::ParseBlockType(Bytes* out) {
  TypeUse use;
  if (!ParseTypeUse(&use, false)) return false;
  if (!use.index && use.sig.params.empty() && use.sig.results.size() <= 1) {
    if (use.sig.results.empty()) {
      PutU8(out, 0x40);
    } else {
      PutBytes(out, use.sig.results[0]);
    }
    return true;
  }
  uint32_t index;
  if (!ResolveTypeUse(&use, &index)) return false;
  // A type use whose signature has the short form is encoded short (the
  // same block type; wabt does the same).
  if (index < types_.size() && types_[index].kind == TypeInfo::Kind::kFunc &&
      types_[index].sig.params.empty() && types_[index].sig.results.size() <= 1) {
    const FuncSig& sig = types_[index].sig;
    if (sig.results.empty()) {
      PutU8(out, 0x40);
    } else {
      PutBytes(out, sig.results[0]);
    }
    return true;
  }
  PutS64(out, index);
  return true;
}

}  // namespace wasmtier::text::internal
