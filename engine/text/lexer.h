// Tokens of the WebAssembly text format (shared by the WAT module parser and
// the WAST script parser). Whitespace, line comments `;;`, nested block
// comments `(; ;)` and annotations `(@id ...)` are skipped; every token keeps
// its source text and its 1-based line:column for error messages.
#ifndef WASMTIER_ENGINE_TEXT_LEXER_H_
#define WASMTIER_ENGINE_TEXT_LEXER_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace wasmtier::text {

enum class TokenKind : uint8_t {
  kLParen,
  kRParen,
  kKeyword,   // starts with a-z: `func`, `i32.add`, `offset=4`, ...
  kId,        // `$name` or `$"quoted name"`
  kString,    // "..." (text includes the quotes; decode with DecodeString)
  kNumber,    // looks numeric: starts with a digit or sign+digit, or is
              // [+-]inf, [+-]nan, [+-]nan:... (validity and range are checked
              // by engine/text/literals.h); nan:canonical and nan:arithmetic
              // are keywords
  kReserved,  // any other run of token characters (always an error where used)
  kEof,
};

struct Token {
  TokenKind kind = TokenKind::kEof;
  std::string_view text;  // the token's exact source text
  uint32_t line = 0;      // 1-based
  uint32_t column = 0;    // 1-based, in bytes
  size_t offset = 0;      // byte offset in the source

  bool Is(TokenKind k) const { return kind == k; }
  bool IsKeyword(std::string_view kw) const { return kind == TokenKind::kKeyword && text == kw; }
};

// A lexical error: where and what ("illegal character", "unclosed string"...).
struct LexError {
  uint32_t line = 0;
  uint32_t column = 0;
  std::string message;
};

// Where a skipped top-level annotation `(@id ...)` was (for custom-section
// annotations, which the WAT parser interprets).
struct AnnotationSpan {
  size_t begin = 0;  // offset of its '('
  size_t end = 0;    // offset just past its ')'
  uint32_t line = 0;
  uint32_t column = 0;
};

class Lexer {
 public:
  explicit Lexer(std::string_view source) : src_(source) {}

  // Optionally records every annotation skipped between tokens (not the ones
  // nested inside another annotation).
  void set_annotation_sink(std::vector<AnnotationSpan>* sink) { annotations_ = sink; }

  // Reads the next token. Returns false and fills {error} on a lexical error;
  // at the end of input returns a kEof token. After an error the lexer is
  // positioned after the bad input, but callers should stop (first error wins).
  bool Next(Token* token, LexError* error);

  std::string_view source() const { return src_; }
  size_t offset() const { return pos_; }

 private:
  bool SkipBlanks(LexError* error);  // whitespace, comments, annotations
  bool SkipBlockComment(LexError* error);
  bool SkipAnnotation(LexError* error);
  // Scans one string starting at pos_ (at the opening quote). On success pos_
  // is after the closing quote.
  bool ScanString(LexError* error);
  // Reads a maximal run of token characters starting at pos_.
  bool ScanRun(Token* token, LexError* error);
  bool IllegalCharError(LexError* error);
  void Advance(size_t n);
  LexError ErrorHere(std::string message) const {
    return LexError{line_, col_, std::move(message)};
  }

  std::string_view src_;
  size_t pos_ = 0;
  uint32_t line_ = 1;
  uint32_t col_ = 1;
  std::vector<AnnotationSpan>* annotations_ = nullptr;
};

// Whether {c} may appear in keywords, ids and numbers (the spec's idchar).
bool IsIdChar(char c);

// Decodes the text of a kString token (quotes included, escapes already
// checked by the lexer) to its raw bytes, which may be any bytes.
std::string DecodeString(std::string_view token_text);

// The name of a kId token: the characters after `$`, or the decoded bytes of
// the quoted form `$"..."`.
std::string IdName(const Token& token);

// Whether {bytes} is well-formed UTF-8 (no overlongs, surrogates or values
// above U+10FFFF).
bool IsValidUtf8(std::string_view bytes);

// "line:column: message".
std::string FormatError(uint32_t line, uint32_t column, std::string_view message);
inline std::string FormatError(const LexError& e) {
  return FormatError(e.line, e.column, e.message);
}

}  // namespace wasmtier::text

#endif  // WASMTIER_ENGINE_TEXT_LEXER_H_
