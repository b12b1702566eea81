// Lexer of the text format. Tokens are maximal runs of token characters
// (idchars, strings and the reserved , ; [ ] { }), delimited by whitespace,
// parentheses and comments, then classified as the spec's token grammar says:
// a run that is not exactly one keyword/id/number/string is "reserved" and an
// error wherever it is used.
#include "engine/text/lexer.h"

#include "engine/text/chars.h"

namespace wasmtier::text {
namespace {

bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}
// Characters that extend a run besides idchars and strings.
bool IsReservedPunct(char c) {
  return c == ',' || c == ';' || c == '[' || c == ']' || c == '{' || c == '}';
}

// Length of the UTF-8 sequence at s[i], or 0 if it is malformed.
size_t Utf8SequenceLength(std::string_view s, size_t i) {
  uint8_t b0 = static_cast<uint8_t>(s[i]);
  if (b0 < 0x80) return 1;
  size_t len;
  uint32_t min;
  uint32_t cp;
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    len = 2, min = 0x80, cp = b0 & 0x1F;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    len = 3, min = 0x800, cp = b0 & 0x0F;
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    len = 4, min = 0x10000, cp = b0 & 0x07;
  } else {
    return 0;
  }
  if (i + len > s.size()) return 0;
  for (size_t k = 1; k < len; ++k) {
    uint8_t b = static_cast<uint8_t>(s[i + k]);
    if ((b & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (b & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return len;
}

void AppendUtf8(std::string* out, uint32_t cp) {
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

bool IsNumberLike(std::string_view run) {
  std::string_view s = run;
  if (!s.empty() && (s[0] == '+' || s[0] == '-')) s.remove_prefix(1);
  if (s.empty()) return false;
  if (IsDigit(s[0])) return true;
  // `nan:canonical` / `nan:arithmetic` (script result patterns) are keywords;
  // any other `nan:...` is a (possibly malformed) float.
  if (s.substr(0, 4) == "nan:") return s != "nan:canonical" && s != "nan:arithmetic";
  return s == "inf" || s == "nan";
}

}  // namespace

bool IsIdChar(char c) {
  if (IsDigit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) return true;
  switch (c) {
    case '!':
    case '#':
    case '$':
    case '%':
    case '&':
    case '\'':
    case '*':
    case '+':
    case '-':
    case '.':
    case '/':
    case ':':
    case '<':
    case '=':
    case '>':
    case '?':
    case '@':
    case '\\':
    case '^':
    case '_':
    case '`':
    case '|':
    case '~':
      return true;
    default:
      return false;
  }
}

bool IsValidUtf8(std::string_view bytes) {
  for (size_t i = 0; i < bytes.size();) {
    size_t n = Utf8SequenceLength(bytes, i);
    if (n == 0) return false;
    i += n;
  }
  return true;
}

std::string FormatError(uint32_t line, uint32_t column, std::string_view message) {
  std::string out = std::to_string(line) + ":" + std::to_string(column) + ": ";
  out.append(message);
  return out;
}

void Lexer::Advance(size_t n) {
  for (size_t end = pos_ + n; pos_ < end; ++pos_) {
    if (src_[pos_] == '\n') {
      ++line_;
      col_ = 1;
    } else {
      ++col_;
    }
  }
}

bool Lexer::IllegalCharError(LexError* error) {
  size_t n = Utf8SequenceLength(src_, pos_);
  *error = ErrorHere(n == 0 ? "malformed UTF-8 encoding" : "illegal character");
  return false;
}

bool Lexer::SkipBlockComment(LexError* error) {
  // At "(;". Nesting is counted, not recursed, so deep nesting is harmless.
  LexError start = ErrorHere("unclosed comment");
  size_t depth = 0;
  while (pos_ < src_.size()) {
    if (src_.compare(pos_, 2, "(;") == 0) {
      ++depth;
      Advance(2);
    } else if (src_.compare(pos_, 2, ";)") == 0) {
      Advance(2);
      if (--depth == 0) return true;
    } else {
      size_t n = Utf8SequenceLength(src_, pos_);
      if (n == 0) {
        *error = ErrorHere("malformed UTF-8 encoding");
        return false;
      }
      Advance(n);
    }
  }
  *error = start;
  return false;
}

bool Lexer::ScanString(LexError* error) {
  // At the opening quote.
  Advance(1);
  while (true) {
    if (pos_ >= src_.size()) {
      *error = ErrorHere("unclosed string");
      return false;
    }
    char c = src_[pos_];
    uint8_t u = static_cast<uint8_t>(c);
    if (c == '"') {
      Advance(1);
      return true;
    }
    if (c == '\\') {
      LexError escape_error = ErrorHere("illegal escape");
      if (pos_ + 1 >= src_.size()) {
        Advance(1);
        *error = ErrorHere("unclosed string");
        return false;
      }
      char e = src_[pos_ + 1];
      if (e == 't' || e == 'n' || e == 'r' || e == '"' || e == '\'' || e == '\\') {
        Advance(2);
      } else if (IsHexDigit(e) && pos_ + 2 < src_.size() && IsHexDigit(src_[pos_ + 2])) {
        Advance(3);
      } else if (e == 'u' && pos_ + 2 < src_.size() && src_[pos_ + 2] == '{') {
        Advance(3);
        uint64_t cp = 0;
        bool any = false, last_underscore = false;
        while (pos_ < src_.size() && (IsHexDigit(src_[pos_]) || src_[pos_] == '_')) {
          if (src_[pos_] == '_') {
            if (!any || last_underscore) break;
            last_underscore = true;
          } else {
            cp = cp * 16 + HexDigitValue(src_[pos_]);
            if (cp > 0x10FFFF) cp = 0x110000;  // saturate
            any = true;
            last_underscore = false;
          }
          Advance(1);
        }
        if (!any || last_underscore || pos_ >= src_.size() || src_[pos_] != '}' || cp >= 0x110000 ||
            (cp >= 0xD800 && cp < 0xE000)) {
          *error = escape_error;
          return false;
        }
        Advance(1);
      } else {
        *error = escape_error;
        return false;
      }
      continue;
    }
    if (u < 0x20 || u == 0x7F) {
      *error = ErrorHere("illegal character");
      return false;
    }
    size_t n = Utf8SequenceLength(src_, pos_);
    if (n == 0) {
      *error = ErrorHere("malformed UTF-8 encoding");
      return false;
    }
    Advance(n);
  }
}

bool Lexer::SkipAnnotation(LexError* error) {
  // At "(@". The annotation id is idchars or a non-empty UTF-8 string.
  LexError unclosed = ErrorHere("unclosed annotation");
  Advance(2);
  if (pos_ < src_.size() && src_[pos_] == '"') {
    size_t start = pos_;
    LexError bad = ErrorHere("empty annotation id");
    if (!ScanString(error)) {
      *error = bad;
      return false;
    }
    std::string name = DecodeString(src_.substr(start, pos_ - start));
    if (name.empty()) {
      *error = bad;
      return false;
    }
    if (!IsValidUtf8(name)) {
      *error = LexError{bad.line, bad.column, "malformed UTF-8 encoding"};
      return false;
    }
  } else {
    size_t start = pos_;
    while (pos_ < src_.size() && IsIdChar(src_[pos_])) Advance(1);
    if (pos_ == start) {
      *error = ErrorHere("empty annotation id");
      return false;
    }
  }
  // Skip the body up to the matching ')', counting nested parentheses
  // iteratively (nested annotations are just parenthesised content here).
  size_t depth = 1;
  while (true) {
    if (pos_ >= src_.size()) {
      *error = unclosed;
      return false;
    }
    char c = src_[pos_];
    if (IsSpace(c)) {
      Advance(1);
    } else if (src_.compare(pos_, 2, ";;") == 0) {
      while (pos_ < src_.size() && src_[pos_] != '\n' && src_[pos_] != '\r') Advance(1);
    } else if (src_.compare(pos_, 2, "(;") == 0) {
      if (!SkipBlockComment(error)) return false;
    } else if (c == '(') {
      ++depth;
      Advance(1);
    } else if (c == ')') {
      Advance(1);
      if (--depth == 0) return true;
    } else if (c == '"') {
      if (!ScanString(error)) return false;
    } else if (IsIdChar(c) || IsReservedPunct(c)) {
      Advance(1);
    } else {
      return IllegalCharError(error);
    }
  }
}

bool Lexer::SkipBlanks(LexError* error) {
  while (pos_ < src_.size()) {
    char c = src_[pos_];
    if (IsSpace(c)) {
      Advance(1);
    } else if (src_.compare(pos_, 2, ";;") == 0) {
      while (pos_ < src_.size() && src_[pos_] != '\n' && src_[pos_] != '\r') {
        size_t n = Utf8SequenceLength(src_, pos_);
        if (n == 0) {
          *error = ErrorHere("malformed UTF-8 encoding");
          return false;
        }
        Advance(n);
      }
    } else if (src_.compare(pos_, 2, "(;") == 0) {
      if (!SkipBlockComment(error)) return false;
    } else if (src_.compare(pos_, 2, "(@") == 0) {
      AnnotationSpan span{pos_, 0, line_, col_};
      if (!SkipAnnotation(error)) return false;
      span.end = pos_;
      if (annotations_ != nullptr) annotations_->push_back(span);
    } else {
      return true;
    }
  }
  return true;
}

bool Lexer::ScanRun(Token* token, LexError* error) {
  size_t start = pos_;
  bool only_idchars = true;
  int strings = 0;
  while (pos_ < src_.size()) {
    char c = src_[pos_];
    if (c == '"') {
      if (pos_ == start + 1 && src_[start] == '$') {
        // `$"..."`: a bad string here means the id itself is missing.
        LexError bad = ErrorHere("");
        bad.column -= 1;
        if (!ScanString(error)) {
          *error = LexError{bad.line, bad.column, "empty identifier"};
          return false;
        }
      } else if (!ScanString(error)) {
        return false;
      }
      ++strings;
      only_idchars = false;
    } else if (IsIdChar(c)) {
      Advance(1);
    } else if (IsReservedPunct(c)) {
      if (src_.compare(pos_, 2, ";;") == 0) break;
      only_idchars = false;
      Advance(1);
    } else {
      break;
    }
  }
  std::string_view run = src_.substr(start, pos_ - start);
  token->text = run;
  if (only_idchars) {
    char c0 = run[0];
    if (c0 == '$') {
      if (run.size() == 1) {
        *error = LexError{token->line, token->column, "empty identifier"};
        return false;
      }
      token->kind = TokenKind::kId;
    } else if (IsNumberLike(run)) {
      token->kind = TokenKind::kNumber;
    } else if (c0 >= 'a' && c0 <= 'z') {
      token->kind = TokenKind::kKeyword;
    } else {
      token->kind = TokenKind::kReserved;
    }
    return true;
  }
  if (strings == 1 && run[0] == '"' && run.back() == '"') {
    // Exactly one string iff the scan that started at run[0] ended at the end.
    Lexer probe(run);
    LexError ignored;
    if (probe.ScanString(&ignored) && probe.pos_ == run.size()) {
      token->kind = TokenKind::kString;
      return true;
    }
  }
  if (strings == 1 && run.size() >= 3 && run[0] == '$' && run[1] == '"' && run.back() == '"') {
    Lexer probe(run.substr(1));
    LexError ignored;
    if (probe.ScanString(&ignored) && probe.pos_ == run.size() - 1) {
      std::string name = DecodeString(run.substr(1));
      if (name.empty()) {
        *error = LexError{token->line, token->column, "empty identifier"};
        return false;
      }
      if (!IsValidUtf8(name)) {
        *error = LexError{token->line, token->column, "malformed UTF-8 encoding"};
        return false;
      }
      token->kind = TokenKind::kId;
      return true;
    }
  }
  token->kind = TokenKind::kReserved;
  return true;
}

bool Lexer::Next(Token* token, LexError* error) {
  if (!SkipBlanks(error)) return false;
  token->line = line_;
  token->column = col_;
  token->offset = pos_;
  if (pos_ >= src_.size()) {
    token->kind = TokenKind::kEof;
    token->text = {};
    return true;
  }
  char c = src_[pos_];
  if (c == '(' || c == ')') {
    token->kind = c == '(' ? TokenKind::kLParen : TokenKind::kRParen;
    token->text = src_.substr(pos_, 1);
    Advance(1);
    return true;
  }
  if (c == '"' || IsIdChar(c) || IsReservedPunct(c)) return ScanRun(token, error);
  return IllegalCharError(error);
}

std::string DecodeString(std::string_view text) {
  std::string out;
  if (text.size() < 2) return out;
  std::string_view s = text.substr(1, text.size() - 2);
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c != '\\' || i + 1 >= s.size()) {
      out.push_back(c);
      continue;
    }
    char e = s[++i];
    switch (e) {
      case 't':
        out.push_back('\t');
        break;
      case 'n':
        out.push_back('\n');
        break;
      case 'r':
        out.push_back('\r');
        break;
      case '"':
        out.push_back('"');
        break;
      case '\'':
        out.push_back('\'');
        break;
      case '\\':
        out.push_back('\\');
        break;
      case 'u': {
        uint32_t cp = 0;
        i += 2;  // past "u{"
        while (i < s.size() && s[i] != '}') {
          if (s[i] != '_') cp = cp * 16 + HexDigitValue(s[i]);
          ++i;
        }
        AppendUtf8(&out, cp);
        break;
      }
      default:
        if (i + 1 < s.size()) {
          out.push_back(static_cast<char>(HexDigitValue(e) * 16 + HexDigitValue(s[i + 1])));
          ++i;
        }
        break;
    }
  }
  return out;
}

std::string IdName(const Token& token) {
  std::string_view t = token.text;
  if (t.size() >= 2 && t[1] == '"') return DecodeString(t.substr(1));
  return std::string(t.substr(1));
}

}  // namespace wasmtier::text
