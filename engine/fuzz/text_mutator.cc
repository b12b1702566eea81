// Token-level mutations of text-format modules (Mutator::MutateText, see
// mutator.h). Tokens are split roughly as the lexer does (parentheses,
// strings, runs of other characters) and joined with newlines, so a `;;`
// token comments out only itself.
#include <algorithm>
#include <iterator>
#include <string>
#include <vector>

#include "engine/fuzz/mutator.h"

namespace wasmtier::fuzz {
namespace {

using Tokens = std::vector<std::string>;

// Keywords, literals at the edges of their ranges, and broken syntax.
constexpr const char* kInterestingTokens[] = {
    "(",
    ")",
    "module",
    "func",
    "param",
    "result",
    "local",
    "type",
    "import",
    "export",
    "memory",
    "data",
    "table",
    "elem",
    "global",
    "mut",
    "start",
    "rec",
    "sub",
    "final",
    "struct",
    "array",
    "field",
    "ref",
    "null",
    "block",
    "loop",
    "if",
    "then",
    "else",
    "end",
    "br",
    "br_table",
    "call",
    "call_indirect",
    "return_call",
    "i32.const",
    "i64.const",
    "f32.const",
    "f64.const",
    "v128.const",
    "i32x4",
    "i8x16.shuffle",
    "offset=4294967296",
    "align=3",
    "align=0",
    "$x",
    "$",
    "$\"q\"",
    "0",
    "-0",
    "1",
    "-1",
    "0x7fffffff",
    "0xffffffff",
    "4294967296",
    "-2147483649",
    "18446744073709551616",
    "1_000",
    "1__0",
    "0x",
    "nan",
    "nan:0x1",
    "nan:0x0",
    "-nan:0x7fffff",
    "inf",
    "1e400",
    "0x1p-1075",
    "0x1.p",
    "\"\"",
    "\"\\ff\"",
    "\"\\u{110000}\"",
    "\"\\x\"",
    "\"unterminated",
    "(;",
    ";)",
    ";;",
    "(@a",
    "funcref",
    "externref",
    "anyref",
    "i31ref",
    "v128",
    "i8",
    "i16",
    "unreachable",
    "nop",
    "drop",
    "select",
    "local.get",
    "local.set",
    "global.get",
    "memory.grow",
    "i32.load",
    "i32.add",
    "ref.func",
    "ref.null",
    "struct.new",
    "array.new_fixed",
};

Tokens Tokenize(const Bytes& text) {
  Tokens tokens;
  size_t i = 0, n = text.size();
  auto scan_string = [&](size_t j) {  // j at the opening quote; returns past the closing one
    for (++j; j < n && text[j] != '"'; ++j) {
      if (text[j] == '\\' && j + 1 < n) ++j;
    }
    return std::min(n, j + 1);
  };
  while (i < n) {
    char c = static_cast<char>(text[i]);
    if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
      ++i;
    } else if (c == '(' || c == ')') {
      tokens.emplace_back(1, c);
      ++i;
    } else {
      size_t j = i;
      while (j < n && text[j] != ' ' && text[j] != '\n' && text[j] != '\t' && text[j] != '\r' &&
             text[j] != '(' && text[j] != ')') {
        j = text[j] == '"' ? scan_string(j) : j + 1;
      }
      tokens.emplace_back(text.begin() + i, text.begin() + j);
      i = j;
    }
  }
  return tokens;
}

Bytes Join(const Tokens& tokens) {
  Bytes out;
  for (const std::string& t : tokens) {
    if (!out.empty()) out.push_back('\n');
    out.insert(out.end(), t.begin(), t.end());
  }
  return out;
}

// Index just past the group opened at tokens[open] (a "("), or tokens.size().
size_t GroupEnd(const Tokens& tokens, size_t open) {
  int depth = 0;
  for (size_t i = open; i < tokens.size(); ++i) {
    if (tokens[i] == "(") ++depth;
    if (tokens[i] == ")" && --depth == 0) return i + 1;
  }
  return tokens.size();
}

}  // namespace

Bytes Mutator::MutateText(const Bytes& input, const std::vector<Bytes>& others, size_t max_size) {
  static constexpr const char* kNames[] = {"delete-token",  "duplicate-token", "swap-tokens",
                                           "replace-token", "insert-token",    "foreign-token",
                                           "edit-token",    "drop-group",      "dup-group",
                                           "move-group",    "cross-over"};
  Tokens tokens = Tokenize(input);
  description_.clear();
  uint32_t count = 1 + (rng_.OneIn(2) ? 0 : rng_.Below(4));
  for (uint32_t applied = 0, attempts = 0; applied < count && attempts < 32; ++attempts) {
    uint32_t kind = rng_.Below(std::size(kNames));
    size_t n = tokens.size();
    size_t at = n == 0 ? 0 : rng_.Below(static_cast<uint32_t>(n));
    bool ok = true;
    switch (kind) {
      case 0:
        if (n == 0)
          ok = false;
        else
          tokens.erase(tokens.begin() + at);
        break;
      case 1:
        if (n == 0)
          ok = false;
        else
          tokens.insert(tokens.begin() + at, tokens[at]);
        break;
      case 2:
        if (n < 2)
          ok = false;
        else
          std::swap(tokens[at], tokens[rng_.Below(static_cast<uint32_t>(n))]);
        break;
      case 3:
        if (n == 0)
          ok = false;
        else
          tokens[at] = kInterestingTokens[rng_.Below(std::size(kInterestingTokens))];
        break;
      case 4:
        tokens.insert(tokens.begin() + at,
                      kInterestingTokens[rng_.Below(std::size(kInterestingTokens))]);
        break;
      case 5: {
        if (others.empty() || n == 0) {
          ok = false;
          break;
        }
        Tokens donor = Tokenize(others[rng_.Below(others.size())]);
        if (donor.empty()) {
          ok = false;
          break;
        }
        tokens[at] = donor[rng_.Below(static_cast<uint32_t>(donor.size()))];
        break;
      }
      case 6: {  // one character of a token changed, added or removed
        if (n == 0 || tokens[at].empty()) {
          ok = false;
          break;
        }
        std::string& t = tokens[at];
        size_t pos = rng_.Below(static_cast<uint32_t>(t.size()));
        static constexpr char kChars[] = "0123456789abcdefxp_.-+$\"\\;:=nie";
        char c = kChars[rng_.Below(sizeof(kChars) - 1)];
        switch (rng_.Below(3)) {
          case 0:
            t[pos] = c;
            break;
          case 1:
            t.insert(t.begin() + pos, c);
            break;
          case 2:
            t.erase(t.begin() + pos);
            break;
        }
        break;
      }
      case 7:
      case 8:
      case 9: {
        std::vector<size_t> opens;
        for (size_t i = 1; i < n; ++i) {  // never the outermost group
          if (tokens[i] == "(") opens.push_back(i);
        }
        if (opens.empty()) {
          ok = false;
          break;
        }
        size_t open = opens[rng_.Below(opens.size())];
        size_t end = GroupEnd(tokens, open);
        Tokens group(tokens.begin() + open, tokens.begin() + end);
        if (kind == 7) {
          tokens.erase(tokens.begin() + open, tokens.begin() + end);
        } else if (kind == 8) {
          tokens.insert(tokens.begin() + end, group.begin(), group.end());
        } else {
          tokens.erase(tokens.begin() + open, tokens.begin() + end);
          size_t to = tokens.empty() ? 0 : rng_.Below(static_cast<uint32_t>(tokens.size()));
          tokens.insert(tokens.begin() + to, group.begin(), group.end());
        }
        break;
      }
      case 10: {
        if (others.empty()) {
          ok = false;
          break;
        }
        Tokens donor = Tokenize(others[rng_.Below(others.size())]);
        size_t from = donor.empty() ? 0 : rng_.Below(static_cast<uint32_t>(donor.size()));
        tokens.resize(at);
        tokens.insert(tokens.end(), donor.begin() + from, donor.end());
        break;
      }
    }
    if (!ok) continue;
    ++applied;
    if (!description_.empty()) description_ += ",";
    description_ += kNames[kind];
  }
  Bytes out = Join(tokens);
  if (out.size() > max_size) out.resize(max_size);
  return out;
}

}  // namespace wasmtier::fuzz
