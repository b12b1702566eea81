// Instructions in WAT, flat and folded, encoded straight to binary. Names,
// encodings and immediate kinds come from the one opcode table
// (engine/opcodes.def); this file only knows the text syntax of each
// immediate kind and of the structured (block/loop/if/try) forms.
//
// Flat structured instructions are tracked on an explicit label stack, so
// `block block block ...` needs no recursion; folded expressions recurse and
// their depth is capped.
#include <algorithm>
#include <cstring>
#include <unordered_map>

#include "engine/text/wat_parser.h"

namespace wasmtier::text::internal {
namespace {

constexpr int kMaxFoldedDepth = 1000;

constexpr uint8_t kBlock = 0x02, kLoop = 0x03, kIf = 0x04, kElse = 0x05, kTry = 0x06, kCatch = 0x07,
                  kEnd = 0x0B, kDelegate = 0x18, kCatchAll = 0x19, kTryTable = 0x1F;

const OpcodeInfo* FindOpcode(std::string_view name) {
  static const auto* const map = [] {
    auto* m = new std::unordered_map<std::string_view, const OpcodeInfo*>();
    size_t n = 0;
    const OpcodeInfo* all = AllOpcodes(&n);
    // emplace keeps the first entry of a name: select, ref.test and ref.cast
    // have two encodings each, chosen by their immediates.
    for (size_t i = 0; i < n; ++i) m->emplace(all[i].name, &all[i]);
    return m;
  }();
  auto it = map->find(name);
  return it == map->end() ? nullptr : it->second;
}

void EmitOpcode(Bytes* out, const OpcodeInfo& info) {
  if (info.prefix == 0) {
    PutU8(out, static_cast<uint8_t>(info.code));
  } else {
    PutU8(out, info.prefix);
    PutU32(out, info.code);
  }
}

void EmitPrefixed(Bytes* out, uint8_t prefix, uint32_t code) {
  PutU8(out, prefix);
  PutU32(out, code);
}

// Natural alignment (access width in bytes) of a memory instruction, from
// its name: the width after load/store/rmw/wait ("i64.load32_u" -> 4,
// "v128.load8x8_s" -> 8), else the width of its type prefix.
uint32_t NaturalAlignment(std::string_view name) {
  size_t dot = name.find('.');
  std::string_view type = name.substr(0, dot);
  uint32_t width = (type == "i64" || type == "f64") ? 8 : type == "v128" ? 16 : 4;
  for (std::string_view key : {"load", "store", "rmw", "wait"}) {
    size_t k = name.find(key, dot);
    if (k == std::string_view::npos) continue;
    size_t p = k + key.size();
    uint32_t n = 0;
    while (p < name.size() && name[p] >= '0' && name[p] <= '9') n = n * 10 + (name[p++] - '0');
    if (n == 0) continue;
    if (p < name.size() && name[p] == 'x') {
      uint32_t m = 0;
      ++p;
      while (p < name.size() && name[p] >= '0' && name[p] <= '9') m = m * 10 + (name[p++] - '0');
      return n * m / 8;
    }
    return n / 8;
  }
  return width;
}

// Keywords that are syntax, not instructions: seeing one where an
// instruction should be is an unexpected token, not an unknown operator.
bool IsStructuralKeyword(std::string_view kw) {
  static constexpr const char* kWords[] = {
      "param",  "result", "local", "type",      "export",    "import",        "then",
      "else",   "do",     "catch", "catch_all", "catch_ref", "catch_all_ref", "item",
      "offset", "func",   "table", "memory",    "global",    "elem",          "data",
      "start",  "module", "end",   "delegate",  "mut",       "ref",           "field",
      "struct", "array",  "sub",   "rec",       "tag",
  };
  for (const char* w : kWords) {
    if (kw == w) return true;
  }
  return false;
}

const char* UnknownIndexMessage(Space space) {
  switch (space) {
    case Space::kType:
      return "unknown type";
    case Space::kFunc:
      return "unknown function";
    case Space::kTable:
      return "unknown table";
    case Space::kMemory:
      return "unknown memory";
    case Space::kGlobal:
      return "unknown global";
    case Space::kTag:
      return "unknown tag";
    case Space::kElem:
      return "unknown elem segment";
    case Space::kData:
      return "unknown data segment";
    default:
      return "unknown index";
  }
}

}  // namespace

bool WatParser::IsIndexToken(size_t ahead) const {
  TokenKind k = Peek(ahead).kind;
  return k == TokenKind::kNumber || k == TokenKind::kId;
}

bool WatParser::ParseIndex(Space space, uint32_t* out) {
  const Token& t = Peek();
  if (t.kind == TokenKind::kNumber) return ParseU32Token(out);
  if (t.kind != TokenKind::kId) return Unexpected();
  const IndexSpace& s = SpaceOf(spaces_, space);
  auto it = s.ids.find(IdName(t));
  if (it == s.ids.end())
    return Fail(t, std::string(UnknownIndexMessage(space)) + " " + std::string(t.text));
  *out = it->second;
  Next();
  return true;
}

bool WatParser::ParseIndexOpt(Space space, uint32_t* out) {
  *out = 0;
  if (!IsIndexToken()) return true;
  return ParseIndex(space, out);
}

bool WatParser::ParseLocalIndex(BodyState* body, uint32_t* out) {
  const Token& t = Peek();
  if (t.kind == TokenKind::kNumber) return ParseU32Token(out);
  if (t.kind != TokenKind::kId) return Unexpected();
  auto it = body->local_ids.find(IdName(t));
  if (it == body->local_ids.end()) return Fail(t, "unknown local " + std::string(t.text));
  *out = it->second;
  Next();
  return true;
}

// Labels by name keep a stack of their positions, so resolving a name is
// O(1) however deep the (flat) nesting: no quadratic input.
void WatParser::PushLabel(BodyState* body, const std::string& id, uint8_t kind, bool flat) {
  if (!id.empty()) body->label_positions[id].push_back(body->labels.size());
  body->labels.push_back({id, kind, flat});
}

void WatParser::PopLabel(BodyState* body) {
  const std::string& id = body->labels.back().id;
  if (!id.empty()) body->label_positions[id].pop_back();
  body->labels.pop_back();
}

bool WatParser::ParseLabelIndex(BodyState* body, uint32_t* out) {
  const Token& t = Peek();
  if (t.kind == TokenKind::kNumber) return ParseU32Token(out);
  if (t.kind != TokenKind::kId) return Unexpected();
  auto it = body->label_positions.find(IdName(t));
  if (it == body->label_positions.end() || it->second.empty()) {
    return Fail(t, "unknown label " + std::string(t.text));
  }
  *out = static_cast<uint32_t>(body->labels.size() - 1 - it->second.back());
  Next();
  return true;
}

bool WatParser::ParseFieldIndex(uint32_t type_index, uint32_t* out) {
  const Token& t = Peek();
  if (t.kind == TokenKind::kNumber) return ParseU32Token(out);
  if (t.kind != TokenKind::kId) return Unexpected();
  if (type_index < types_.size()) {
    auto it = types_[type_index].field_ids.find(IdName(t));
    if (it != types_[type_index].field_ids.end()) {
      *out = it->second;
      Next();
      return true;
    }
  }
  return Fail(t, "unknown field " + std::string(t.text));
}

void WatParser::NoteBranchHint(BodyState* body, size_t token, std::string_view instr,
                               size_t offset) {
  if (branch_hints_at_.empty() || (instr != "if" && instr != "br_if")) return;
  auto it = branch_hints_at_.find(token);
  if (it != branch_hints_at_.end()) body->hints.emplace_back(offset, it->second);
}

bool WatParser::CheckEndLabel(BodyState* body) {
  if (Peek().kind != TokenKind::kId) return true;
  const Token& t = Peek();
  if (body->labels.empty() || body->labels.back().id != IdName(t)) {
    return Fail(t, "mismatching label");
  }
  Next();
  return true;
}

// Label, block type and (for try_table) catch clauses; the label is not yet
// pushed, since catch labels and folded `if` conditions see the outer labels.
bool WatParser::ParseBlockHeader(BodyState* body, uint8_t opcode, std::string* label, Bytes* out) {
  if (std::optional<std::string> id = TakeId()) *label = *id;
  PutU8(out, opcode);
  if (!ParseBlockType(out)) return false;
  if (opcode != kTryTable) return true;
  static constexpr const char* kCatchKinds[] = {"catch", "catch_ref", "catch_all", "catch_all_ref"};
  Bytes catches;
  uint32_t count = 0;
  while (Peek().kind == TokenKind::kLParen) {
    int kind = -1;
    for (int k = 0; k < 4; ++k) {
      if (Peek(1).IsKeyword(kCatchKinds[k])) kind = k;
    }
    if (kind < 0) break;
    Next();
    Next();
    PutU8(&catches, kind);
    uint32_t index;
    if (kind < 2) {
      if (!ParseIndex(Space::kTag, &index)) return false;
      PutU32(&catches, index);
    }
    if (!ParseLabelIndex(body, &index) || !ExpectRParen()) return false;
    PutU32(&catches, index);
    ++count;
  }
  PutU32(out, count);
  PutBytes(out, catches);
  return true;
}

bool WatParser::ParseInstrList(BodyState* body) {
  const size_t base = body->labels.size();
  while (true) {
    const Token& t = Peek();
    if (t.kind == TokenKind::kRParen || t.kind == TokenKind::kEof) break;
    if (t.kind == TokenKind::kLParen) {
      if (!ParseFolded(body)) return false;
      continue;
    }
    if (t.kind != TokenKind::kKeyword) return Unexpected();
    std::string_view kw = t.text;
    uint8_t block_op = kw == "block"       ? kBlock
                       : kw == "loop"      ? kLoop
                       : kw == "if"        ? kIf
                       : kw == "try_table" ? kTryTable
                       : kw == "try"       ? kTry
                                           : 0;
    if (block_op != 0) {
      NoteBranchHint(body, pos_, kw, body->out->size());
      Next();
      std::string label;
      if (!ParseBlockHeader(body, block_op, &label, body->out)) return false;
      PushLabel(body, label, block_op, true);
      continue;
    }
    BodyState::Label* top = body->labels.size() > base ? &body->labels.back() : nullptr;
    if (kw == "end") {
      if (top == nullptr) return Unexpected();
      Next();
      if (!CheckEndLabel(body)) return false;
      PutU8(body->out, kEnd);
      PopLabel(body);
      continue;
    }
    if (kw == "else") {
      if (top == nullptr || top->kind != kIf || top->in_else) return Unexpected();
      Next();
      if (!CheckEndLabel(body)) return false;
      PutU8(body->out, kElse);
      top->in_else = true;
      continue;
    }
    if (kw == "catch" || kw == "catch_all") {
      if (top == nullptr || top->kind != kTry) return Unexpected();
      Next();
      if (kw == "catch") {
        PutU8(body->out, kCatch);
        uint32_t tag;
        if (!ParseIndex(Space::kTag, &tag)) return false;
        PutU32(body->out, tag);
      } else {
        PutU8(body->out, kCatchAll);
      }
      top->in_catch = true;
      continue;
    }
    if (kw == "delegate") {
      if (top == nullptr || top->kind != kTry || top->in_catch) return Unexpected();
      Next();
      PopLabel(body);
      PutU8(body->out, kDelegate);
      uint32_t label;
      if (!ParseLabelIndex(body, &label)) return false;
      PutU32(body->out, label);
      continue;
    }
    NoteBranchHint(body, pos_, kw, body->out->size());
    if (!ParsePlain(body, body->out)) return false;
  }
  if (body->labels.size() != base) return Unexpected();
  return true;
}

bool WatParser::ParseFolded(BodyState* body) {
  if (body->depth >= kMaxFoldedDepth)
    return FailHere("folded instructions nested too deeply (limit " +
                    std::to_string(kMaxFoldedDepth) + ")");
  ++body->depth;
  bool ok = [&]() -> bool {
    const size_t open = pos_;  // a branch hint annotation precedes the '('
    if (!Expect(TokenKind::kLParen)) return false;
    const Token& t = Peek();
    if (t.kind != TokenKind::kKeyword) return Unexpected();
    std::string_view kw = t.text;
    Bytes* out = body->out;
    if (kw == "block" || kw == "loop" || kw == "try_table") {
      Next();
      uint8_t op = kw == "block" ? kBlock : kw == "loop" ? kLoop : kTryTable;
      std::string label;
      if (!ParseBlockHeader(body, op, &label, out)) return false;
      PushLabel(body, label, op, false);
      if (!ParseInstrList(body) || !ExpectRParen()) return false;
      PopLabel(body);
      PutU8(out, kEnd);
      return true;
    }
    if (kw == "if") {
      Next();
      std::string label;
      Bytes header;
      if (!ParseBlockHeader(body, kIf, &label, &header)) return false;
      while (Peek().kind == TokenKind::kLParen && !AtLParenKeyword("then")) {
        if (!ParseFolded(body)) return false;
      }
      NoteBranchHint(body, open, kw, out->size());
      PutBytes(out, header);
      PushLabel(body, label, kIf, false);
      if (!ExpectLParenKeyword("then") || !ParseInstrList(body) || !ExpectRParen()) return false;
      if (AtLParenKeyword("else")) {
        Next();
        Next();
        PutU8(out, kElse);
        if (!ParseInstrList(body) || !ExpectRParen()) return false;
      }
      if (!ExpectRParen()) return false;
      PopLabel(body);
      PutU8(out, kEnd);
      return true;
    }
    if (kw == "try") {
      // Legacy exceptions: (try bt (do ...) (catch x ...)* (catch_all ...)?)
      // or (try bt (do ...) (delegate l)).
      Next();
      std::string label;
      if (!ParseBlockHeader(body, kTry, &label, out)) return false;
      PushLabel(body, label, kTry, false);
      if (!ExpectLParenKeyword("do") || !ParseInstrList(body) || !ExpectRParen()) return false;
      if (AtLParenKeyword("delegate")) {
        Next();
        Next();
        PopLabel(body);
        PutU8(out, kDelegate);
        uint32_t depth;
        if (!ParseLabelIndex(body, &depth) || !ExpectRParen() || !ExpectRParen()) return false;
        PutU32(out, depth);
        return true;
      }
      while (AtLParenKeyword("catch")) {
        Next();
        Next();
        PutU8(out, kCatch);
        uint32_t tag;
        if (!ParseIndex(Space::kTag, &tag)) return false;
        PutU32(out, tag);
        if (!ParseInstrList(body) || !ExpectRParen()) return false;
      }
      if (AtLParenKeyword("catch_all")) {
        Next();
        Next();
        PutU8(out, kCatchAll);
        if (!ParseInstrList(body) || !ExpectRParen()) return false;
      }
      if (!ExpectRParen()) return false;
      PopLabel(body);
      PutU8(out, kEnd);
      return true;
    }
    // A plain instruction: immediates first, then its folded operands, which
    // are encoded before it.
    Bytes instr;
    if (!ParsePlain(body, &instr)) return false;
    while (Peek().kind == TokenKind::kLParen) {
      if (!ParseFolded(body)) return false;
    }
    if (!ExpectRParen()) return false;
    NoteBranchHint(body, open, kw, out->size());
    PutBytes(out, instr);
    return true;
  }();
  --body->depth;
  return ok;
}

bool WatParser::ParsePlain(BodyState* body, Bytes* out) {
  const Token& t = Peek();
  if (t.kind != TokenKind::kKeyword) return Unexpected();
  std::string_view name = t.text;
  const OpcodeInfo* info = FindOpcode(name);
  if (info == nullptr || info->imm == ImmKind::kBlockType || info->imm == ImmKind::kTryTable ||
      info->imm == ImmKind::kTryLegacy || info->imm == ImmKind::kDelegate ||
      info->opcode == Opcode::kElse || info->opcode == Opcode::kEnd ||
      info->opcode == Opcode::kCatch || info->opcode == Opcode::kCatchAll) {
    if (info != nullptr || IsStructuralKeyword(name)) return Fail(t, "unexpected token");
    return Fail(t, "unknown operator " + std::string(name));
  }
  Next();
  if (name == "select") {
    std::vector<Bytes> types;
    bool typed = false;
    while (AtLParenKeyword("result")) {
      Next();
      Next();
      typed = true;
      while (Peek().kind != TokenKind::kRParen) {
        Bytes vt;
        if (!ParseValType(&vt)) return false;
        types.push_back(std::move(vt));
      }
      Next();
    }
    if (!typed) {
      PutU8(out, 0x1B);
      return true;
    }
    PutU8(out, 0x1C);
    PutU32(out, types.size());
    for (const Bytes& vt : types) PutBytes(out, vt);
    return true;
  }
  if (name == "ref.test" || name == "ref.cast") {
    Bytes type, heap;
    bool nullable;
    if (!ParseRefType(&type, &nullable, &heap)) return false;
    uint32_t code = (name == "ref.test" ? 0x14 : 0x16) + (nullable ? 1 : 0);
    EmitPrefixed(out, 0xFB, code);
    PutBytes(out, heap);
    return true;
  }
  if (info->imm == ImmKind::kBrOnCast) {
    uint32_t label;
    if (!ParseLabelIndex(body, &label)) return false;
    Bytes t1, h1, t2, h2;
    bool n1, n2;
    if (!ParseRefType(&t1, &n1, &h1) || !ParseRefType(&t2, &n2, &h2)) return false;
    EmitOpcode(out, *info);
    PutU8(out, (n1 ? 1 : 0) | (n2 ? 2 : 0));
    PutU32(out, label);
    PutBytes(out, h1);
    PutBytes(out, h2);
    return true;
  }
  EmitOpcode(out, *info);
  return ParseImmediates(body, *info, name, out);
}

bool WatParser::ParseMemArg(std::string_view name, bool lane, Bytes* out) {
  uint32_t memory = 0;
  bool has_memory = false;
  if (Peek().kind == TokenKind::kId) {
    has_memory = true;
  } else if (Peek().kind == TokenKind::kNumber) {
    // With a lane immediate, a lone number is the lane.
    const Token& next = Peek(1);
    has_memory = !lane || next.kind == TokenKind::kNumber || next.kind == TokenKind::kId ||
                 (next.kind == TokenKind::kKeyword &&
                  (next.text.substr(0, 7) == "offset=" || next.text.substr(0, 6) == "align="));
  }
  if (has_memory && !ParseIndex(Space::kMemory, &memory)) return false;
  uint64_t offset = 0;
  uint64_t align = NaturalAlignment(name);
  if (Peek().kind == TokenKind::kKeyword && Peek().text.substr(0, 7) == "offset=") {
    const Token& t = Next();
    if (!CheckLiteral(ParseU64(t.text.substr(7), &offset), t)) return false;
  }
  if (Peek().kind == TokenKind::kKeyword && Peek().text.substr(0, 6) == "align=") {
    const Token& t = Next();
    if (!CheckLiteral(ParseU64(t.text.substr(6), &align), t)) return false;
    if (align == 0 || (align & (align - 1)) != 0) {
      return Fail(t, "alignment must be a power of two");
    }
  }
  uint32_t flags = __builtin_ctzll(align);
  if (memory != 0) {
    PutU32(out, flags | 0x40);
    PutU32(out, memory);
  } else {
    PutU32(out, flags);
  }
  PutU32(out, offset);
  return true;
}

bool WatParser::ParseV128Const(Bytes* out) {
  const Token& shape = Peek();
  int lanes = 0, bits = 0;
  bool is_float = false;
  if (shape.IsKeyword("i8x16")) lanes = 16, bits = 8;
  if (shape.IsKeyword("i16x8")) lanes = 8, bits = 16;
  if (shape.IsKeyword("i32x4")) lanes = 4, bits = 32;
  if (shape.IsKeyword("i64x2")) lanes = 2, bits = 64;
  if (shape.IsKeyword("f32x4")) lanes = 4, bits = 32, is_float = true;
  if (shape.IsKeyword("f64x2")) lanes = 2, bits = 64, is_float = true;
  if (lanes == 0) return Fail(shape, "unexpected token");
  Next();
  // The lane count is checked before the lanes' values.
  int count = 0;
  while (Peek(count).kind == TokenKind::kNumber || Peek(count).kind == TokenKind::kReserved) {
    ++count;
  }
  if (count != lanes) {
    const Token& at = Peek(std::min(count, lanes));
    if (count < lanes && at.kind != TokenKind::kRParen && at.kind != TokenKind::kEof) {
      return Fail(at, "unexpected token");
    }
    return Fail(at, "wrong number of lane literals");
  }
  for (int i = 0; i < lanes; ++i) {
    const Token& t = Peek();
    if (t.kind != TokenKind::kNumber) return Unexpected();
    uint64_t v = 0;
    LiteralStatus s;
    if (is_float && bits == 32) {
      uint32_t f;
      s = ParseF32(t.text, &f);
      v = f;
    } else if (is_float) {
      s = ParseF64(t.text, &v);
    } else {
      s = ParseIntN(t.text, bits, &v);
    }
    if (!CheckLiteral(s, t)) return false;
    Next();
    for (int b = 0; b < bits / 8; ++b) PutU8(out, static_cast<uint8_t>(v >> (8 * b)));
  }
  if (Peek().kind == TokenKind::kNumber) return Fail(Peek(), "wrong number of lane literals");
  return true;
}

// Memory, lane and constant immediates.
bool WatParser::ParseNumericImmediate(const OpcodeInfo& info, std::string_view name, Bytes* out) {
  uint32_t a = 0;
  // A lane index is a natural number below 256; other numbers (signed,
  // fractional, inf, nan) are unexpected tokens there, as the reference
  // parser reports.
  auto lane_index = [&](uint32_t* lane) -> bool {
    const Token& t = Peek();
    if (t.kind != TokenKind::kNumber) return Unexpected();
    uint64_t v;
    LiteralStatus s = ParseU64(t.text, &v);
    if (s == LiteralStatus::kMalformed) return Fail(t, "unexpected token");
    if (s == LiteralStatus::kOutOfRange || v > 255) return Fail(t, "i8 constant out of range");
    Next();
    *lane = static_cast<uint32_t>(v);
    return true;
  };
  switch (info.imm) {
    case ImmKind::kMemArg:
      return ParseMemArg(name, false, out);
    case ImmKind::kMemArgLane:
      if (!ParseMemArg(name, true, out) || !lane_index(&a)) return false;
      PutU8(out, a);
      return true;
    case ImmKind::kLane:
      if (!lane_index(&a)) return false;
      PutU8(out, a);
      return true;
    case ImmKind::kShuffle:
      // Shuffle lanes are i8 literals: any number that is not one is out
      // of range (the reference parser's wording).
      for (int i = 0; i < 16; ++i) {
        const Token& t = Peek();
        if (t.kind != TokenKind::kNumber) return Fail(t, "invalid lane length");
        uint64_t v;
        if (ParseU64(t.text, &v) != LiteralStatus::kOk || v > 255) {
          return Fail(t, "i8 constant out of range");
        }
        Next();
        PutU8(out, static_cast<uint8_t>(v));
      }
      if (Peek().kind == TokenKind::kNumber) return Fail(Peek(), "invalid lane length");
      return true;
    case ImmKind::kI32: {
      uint32_t v;
      if (!ParseNumberToken(ParseI32, &v)) return false;
      PutS64(out, static_cast<int32_t>(v));
      return true;
    }
    case ImmKind::kI64: {
      uint64_t v;
      if (!ParseNumberToken(ParseI64, &v)) return false;
      PutS64(out, static_cast<int64_t>(v));
      return true;
    }
    case ImmKind::kF32:
    case ImmKind::kF64: {
      const Token& t = Peek();
      if (t.kind != TokenKind::kNumber) return Unexpected();
      uint64_t v = 0;
      LiteralStatus s;
      int bytes = info.imm == ImmKind::kF32 ? 4 : 8;
      if (bytes == 4) {
        uint32_t f;
        s = ParseF32(t.text, &f);
        v = f;
      } else {
        s = ParseF64(t.text, &v);
      }
      if (!CheckLiteral(s, t)) return false;
      Next();
      for (int i = 0; i < bytes; ++i) PutU8(out, static_cast<uint8_t>(v >> (8 * i)));
      return true;
    }
    case ImmKind::kV128:
      return ParseV128Const(out);
    default:
      return Fail(Peek(), "unexpected token");
  }
}

bool WatParser::ParseImmediates(BodyState* body, const OpcodeInfo& info, std::string_view name,
                                Bytes* out) {
  uint32_t a = 0, b = 0;
  switch (info.imm) {
    case ImmKind::kNone:
      return true;
    case ImmKind::kLabel:
    case ImmKind::kLabelType:
      if (!ParseLabelIndex(body, &a)) return false;
      PutU32(out, a);
      return true;
    case ImmKind::kBrTable: {
      std::vector<uint32_t> labels;
      while (IsIndexToken()) {
        if (!ParseLabelIndex(body, &a)) return false;
        labels.push_back(a);
      }
      if (labels.empty()) return Unexpected();
      PutU32(out, labels.size() - 1);
      for (uint32_t l : labels) PutU32(out, l);
      return true;
    }
    case ImmKind::kFunc:
      if (!ParseIndex(Space::kFunc, &a)) return false;
      PutU32(out, a);
      return true;
    case ImmKind::kCallIndirect: {
      if (!ParseIndexOpt(Space::kTable, &b)) return false;
      TypeUse use;
      if (!ParseTypeUse(&use, false) || !ResolveTypeUse(&use, &a)) return false;
      PutU32(out, a);
      PutU32(out, b);
      return true;
    }
    case ImmKind::kLocal:
      if (!ParseLocalIndex(body, &a)) return false;
      PutU32(out, a);
      return true;
    case ImmKind::kGlobal:
      if (!ParseIndex(Space::kGlobal, &a)) return false;
      PutU32(out, a);
      return true;
    case ImmKind::kTable:
      if (!ParseIndexOpt(Space::kTable, &a)) return false;
      PutU32(out, a);
      return true;
    case ImmKind::kMemory:
      if (!ParseIndexOpt(Space::kMemory, &a)) return false;
      PutU32(out, a);
      return true;
    case ImmKind::kMemArg:
    case ImmKind::kMemArgLane:
    case ImmKind::kLane:
    case ImmKind::kShuffle:
    case ImmKind::kI32:
    case ImmKind::kI64:
    case ImmKind::kF32:
    case ImmKind::kF64:
    case ImmKind::kV128:
      return ParseNumericImmediate(info, name, out);
    case ImmKind::kSelectT:
      return true;  // handled by name in ParsePlain
    case ImmKind::kHeapType:
      return ParseHeapType(out);
    case ImmKind::kType:
      if (!ParseTypeIndex(&a)) return false;
      PutU32(out, a);
      return true;
    case ImmKind::kTypeField:
      if (!ParseTypeIndex(&a) || !ParseFieldIndex(a, &b)) return false;
      PutU32(out, a);
      PutU32(out, b);
      return true;
    case ImmKind::kTypeType:
      if (!ParseTypeIndex(&a) || !ParseTypeIndex(&b)) return false;
      PutU32(out, a);
      PutU32(out, b);
      return true;
    case ImmKind::kTypeData:
      needs_data_count_ = true;
      if (!ParseTypeIndex(&a) || !ParseIndex(Space::kData, &b)) return false;
      PutU32(out, a);
      PutU32(out, b);
      return true;
    case ImmKind::kTypeElem:
      if (!ParseTypeIndex(&a) || !ParseIndex(Space::kElem, &b)) return false;
      PutU32(out, a);
      PutU32(out, b);
      return true;
    case ImmKind::kTypeCount:
      if (!ParseTypeIndex(&a) || !ParseU32Token(&b)) return false;
      PutU32(out, a);
      PutU32(out, b);
      return true;
    case ImmKind::kElem:
      if (!ParseIndex(Space::kElem, &a)) return false;
      PutU32(out, a);
      return true;
    case ImmKind::kData:
      needs_data_count_ = true;
      if (!ParseIndex(Space::kData, &a)) return false;
      PutU32(out, a);
      return true;
    case ImmKind::kElemTable:  // table.init table? elem
      if (IsIndexToken(1)) {
        if (!ParseIndex(Space::kTable, &b)) return false;
      }
      if (!ParseIndex(Space::kElem, &a)) return false;
      PutU32(out, a);
      PutU32(out, b);
      return true;
    case ImmKind::kDataMemory:  // memory.init memory? data
      needs_data_count_ = true;
      if (IsIndexToken(1)) {
        if (!ParseIndex(Space::kMemory, &b)) return false;
      }
      if (!ParseIndex(Space::kData, &a)) return false;
      PutU32(out, a);
      PutU32(out, b);
      return true;
    case ImmKind::kTableTable:
    case ImmKind::kMemoryMemory: {
      Space space = info.imm == ImmKind::kTableTable ? Space::kTable : Space::kMemory;
      if (IsIndexToken()) {
        if (!ParseIndex(space, &a) || !ParseIndex(space, &b)) return false;
      }
      PutU32(out, a);
      PutU32(out, b);
      return true;
    }
    case ImmKind::kTag:
      if (!ParseIndex(Space::kTag, &a)) return false;
      PutU32(out, a);
      return true;
    case ImmKind::kZeroByte:
      PutU8(out, 0x00);
      return true;
    default:
      return Fail(Peek(), "unexpected token");
  }
}

}  // namespace wasmtier::text::internal
