// Custom sections written as annotations (the text format appendix):
//   (@custom "name" (before|after first|last|<section>)? "data"*)
// at module-field level. The lexer skips every annotation and reports where
// they were; the ones named `custom` are parsed here and placed by
// AssembleModule. Other annotations stay ignored.
#include <algorithm>

#include "engine/text/wat_parser.h"

namespace wasmtier::text::internal {
namespace {

int SectionIdOf(std::string_view kind) {
  static constexpr std::pair<const char*, int> kKinds[] = {
      {"type", 1},   {"import", 2},     {"func", 3},  {"table", 4}, {"memory", 5},
      {"global", 6}, {"export", 7},     {"start", 8}, {"elem", 9},  {"code", 10},
      {"data", 11},  {"datacount", 12}, {"tag", 13},
  };
  for (auto [name, id] : kKinds) {
    if (kind == name) return id;
  }
  return 0;
}

}  // namespace

bool WatParser::ParseCustomAnnotations(bool wrapped) {
  if (annotations_.empty()) return true;
  // Parenthesis depth before each token, to find where each annotation sits.
  std::vector<int> depth(tokens_.size() + 1, 0);
  for (size_t i = 0; i < tokens_.size(); ++i) {
    depth[i + 1] = depth[i] + (tokens_[i].kind == TokenKind::kLParen) -
                   (tokens_[i].kind == TokenKind::kRParen);
  }
  const int field_level = wrapped ? 1 : 0;
  bool module_named = false;
  for (const AnnotationSpan& span : annotations_) {
    std::string_view text = source_.substr(span.begin, span.end - span.begin);
    size_t before = std::lower_bound(tokens_.begin(), tokens_.end(), span.begin,
                                     [](const Token& t, size_t off) { return t.offset < off; }) -
                    tokens_.begin();
    if (text.size() >= 7 && text.substr(0, 6) == "(@name" && !IsIdChar(text[6])) {
      if (!ParseNameAnnotation(span, before, &module_named)) return false;
      continue;
    }
    static constexpr std::string_view kHint = "(@metadata.code.branch_hint";
    if (text.size() > kHint.size() && text.substr(0, kHint.size()) == kHint &&
        !IsIdChar(text[kHint.size()])) {
      if (!ParseBranchHintAnnotation(span, before, depth[before] > field_level)) return false;
      continue;
    }
    if (text.size() < 9 || text.substr(0, 8) != "(@custom" || IsIdChar(text[8])) continue;
    if (depth[before] != field_level) {
      Token at;
      at.line = span.line;
      at.column = span.column;
      return Fail(at, "misplaced @custom annotation");
    }
    if (!ParseCustomAnnotation(span)) return false;
  }
  return true;
}

bool WatParser::ParseCustomAnnotation(const AnnotationSpan& span) {
  // The body between "(@custom" and the final ')', lexed on its own.
  std::string_view body = source_.substr(span.begin + 8, span.end - span.begin - 9);
  Lexer lexer(body);
  Token t;
  LexError lex_error;
  Token at;
  at.line = span.line;
  at.column = span.column;
  auto fail = [&](const char* what) {
    return Fail(at, std::string("@custom annotation: ") + what);
  };
  auto next = [&] {
    if (!lexer.Next(&t, &lex_error)) t.kind = TokenKind::kReserved;
  };
  next();
  if (t.kind != TokenKind::kString) return fail("missing section name");
  CustomSection custom;
  custom.name = DecodeString(t.text);
  if (!IsValidUtf8(custom.name)) return fail("malformed UTF-8 encoding");
  next();
  if (t.kind == TokenKind::kLParen) {
    next();
    if (!t.IsKeyword("before") && !t.IsKeyword("after")) return fail("malformed placement");
    custom.before = t.text == "before";
    next();
    if (t.IsKeyword("first")) {
      custom.anchor = CustomSection::kFirst;
    } else if (t.IsKeyword("last")) {
      custom.anchor = CustomSection::kLast;
    } else if (t.kind == TokenKind::kKeyword && SectionIdOf(t.text) != 0) {
      custom.anchor = SectionIdOf(t.text);
    } else {
      return fail("malformed section kind");
    }
    // (before last) is (after last) minus nothing that follows it; likewise
    // (after first) sits right after the header.
    if (custom.anchor == CustomSection::kLast) custom.before = false;
    if (custom.anchor == CustomSection::kFirst) custom.before = true;
    next();
    if (t.kind != TokenKind::kRParen) return fail("unexpected token");
    next();
  }
  while (t.kind == TokenKind::kString) {
    custom.data += DecodeString(t.text);
    next();
  }
  if (t.kind != TokenKind::kEof) return fail("unexpected token");
  customs_.push_back(std::move(custom));
  return true;
}

// (@name "string") right after the keyword (and id) of what it names: it
// overrides the module's or a function's name in the name section. Other
// named things accept it and keep their $id names.
bool WatParser::ParseNameAnnotation(const AnnotationSpan& span, size_t token_index,
                                    bool* module_named) {
  Token at;
  at.line = span.line;
  at.column = span.column;
  size_t head = token_index;  // the token the annotation follows
  if (head > 0 && tokens_[head - 1].kind == TokenKind::kId) --head;
  static constexpr const char* kNamed[] = {"module", "func", "param", "local", "global", "table",
                                           "memory", "tag",  "type",  "elem",  "data",   "field"};
  bool placed = false;
  if (head > 1 && tokens_[head - 2].kind == TokenKind::kLParen) {
    for (const char* kw : kNamed) placed = placed || tokens_[head - 1].IsKeyword(kw);
  }
  if (!placed) return Fail(at, "misplaced @name annotation");
  std::string_view body = source_.substr(span.begin + 6, span.end - span.begin - 7);
  Lexer lexer(body);
  Token t;
  LexError lex_error;
  if (!lexer.Next(&t, &lex_error) || t.kind != TokenKind::kString) {
    return Fail(at, "@name annotation: missing name");
  }
  std::string name = DecodeString(t.text);
  if (!IsValidUtf8(name)) return Fail(at, "@name annotation: malformed UTF-8 encoding");
  if (!lexer.Next(&t, &lex_error) || t.kind != TokenKind::kEof) {
    return Fail(at, "@name annotation: unexpected token");
  }
  const Token& keyword = tokens_[head - 1];
  if (keyword.IsKeyword("module")) {
    if (*module_named) return Fail(at, "@name annotation: multiple module");
    *module_named = true;
    module_name_ = name;
  } else if (keyword.IsKeyword("func")) {
    auto it = func_of_field_.find(head - 2);
    if (it != func_of_field_.end()) SpaceOf(spaces_, Space::kFunc).names[it->second] = name;
  }
  return true;
}

// (@metadata.code.branch_hint "\00"|"\01") before an `if` or `br_if` inside
// a function: kept by the token it precedes; the instruction encoder turns it
// into an entry of the metadata.code.branch_hint custom section. On other
// instructions the hint is dropped (the section would be invalid there).
bool WatParser::ParseBranchHintAnnotation(const AnnotationSpan& span, size_t token_index,
                                          bool in_field) {
  Token at;
  at.line = span.line;
  at.column = span.column;
  const std::string prefix = "@metadata.code.branch_hint annotation: ";
  if (!in_field) return Fail(at, prefix + "not in a function");
  constexpr size_t kHead = sizeof("(@metadata.code.branch_hint") - 1;
  std::string_view body = source_.substr(span.begin + kHead, span.end - span.begin - kHead - 1);
  Lexer lexer(body);
  Token t;
  LexError lex_error;
  if (!lexer.Next(&t, &lex_error) || t.kind != TokenKind::kString) {
    return Fail(at, prefix + "missing hint");
  }
  std::string hint = DecodeString(t.text);
  if (hint.size() != 1 || static_cast<uint8_t>(hint[0]) > 1) {
    return Fail(at, prefix + "malformed hint");
  }
  if (!lexer.Next(&t, &lex_error) || t.kind != TokenKind::kEof) {
    return Fail(at, prefix + "unexpected token");
  }
  if (!branch_hints_at_.emplace(token_index, static_cast<uint8_t>(hint[0])).second) {
    return Fail(at, prefix + "duplicate annotation");
  }
  return true;
}

}  // namespace wasmtier::text::internal
