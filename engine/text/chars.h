// Character classes of the text format's lexical grammar, shared by the lexer
// and the numeric-literal parser so both read digits the same way.
#ifndef WASMTIER_ENGINE_TEXT_CHARS_H_
#define WASMTIER_ENGINE_TEXT_CHARS_H_

namespace wasmtier::text {

inline bool IsDigit(char c) { return c >= '0' && c <= '9'; }
inline bool IsHexDigit(char c) {
  return IsDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}
// Value of a hex digit (callers check IsHexDigit first).
inline int HexDigitValue(char c) {
  if (IsDigit(c)) return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return c - 'A' + 10;
}

}  // namespace wasmtier::text

#endif  // WASMTIER_ENGINE_TEXT_CHARS_H_
