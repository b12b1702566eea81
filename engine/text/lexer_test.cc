// Tests of the text-format lexer: token kinds, positions, comments,
// annotations, strings and the lexical errors of the spec testsuite.
#include "engine/text/lexer.h"

#include <vector>

#include "gtest/gtest.h"

namespace wasmtier::text {
namespace {

struct Lexed {
  std::vector<Token> tokens;
  std::string error;  // "line:col: message" of the first error
};

Lexed LexAll(std::string_view src) {
  Lexed out;
  Lexer lexer(src);
  while (true) {
    Token t;
    LexError e;
    if (!lexer.Next(&t, &e)) {
      out.error = FormatError(e);
      return out;
    }
    if (t.kind == TokenKind::kEof) return out;
    out.tokens.push_back(t);
  }
}

std::vector<TokenKind> Kinds(std::string_view src) {
  std::vector<TokenKind> kinds;
  for (const Token& t : LexAll(src).tokens) kinds.push_back(t.kind);
  return kinds;
}

using K = TokenKind;

TEST(LexerTest, BasicTokens) {
  Lexed l = LexAll("(module $m (func (i32.const -0x1_0) \"a\\n\"))");
  ASSERT_EQ(l.error, "");
  std::vector<K> want = {K::kLParen,  K::kKeyword, K::kId,     K::kLParen, K::kKeyword, K::kLParen,
                         K::kKeyword, K::kNumber,  K::kRParen, K::kString, K::kRParen,  K::kRParen};
  ASSERT_EQ(l.tokens.size(), want.size());
  for (size_t i = 0; i < want.size(); ++i) EXPECT_EQ(l.tokens[i].kind, want[i]) << i;
  EXPECT_EQ(l.tokens[2].text, "$m");
  EXPECT_EQ(IdName(l.tokens[2]), "m");
  EXPECT_EQ(l.tokens[7].text, "-0x1_0");
  EXPECT_EQ(DecodeString(l.tokens[9].text), "a\n");
}

TEST(LexerTest, LineAndColumn) {
  Lexed l = LexAll("(module\n  (func))\n");
  ASSERT_EQ(l.tokens.size(), 6u);
  EXPECT_EQ(l.tokens[2].line, 2u);
  EXPECT_EQ(l.tokens[2].column, 3u);
  EXPECT_EQ(l.tokens[3].column, 4u);
}

TEST(LexerTest, CommentsAndAnnotationsAreSkipped) {
  EXPECT_EQ(Kinds("(; a (; nested ;) b ;) nop ;; line\n nop"),
            (std::vector<K>{K::kKeyword, K::kKeyword}));
  EXPECT_EQ(Kinds("(func;;bla\n)"), (std::vector<K>{K::kLParen, K::kKeyword, K::kRParen}));
  // A lone carriage return is a newline too (comments.wast:105), also inside annotations.
  EXPECT_EQ(Kinds("nop ;; line\rnop"), (std::vector<K>{K::kKeyword, K::kKeyword}));
  EXPECT_EQ(Kinds("(@a ;; )\r) nop"), (std::vector<K>{K::kKeyword}));
  EXPECT_EQ(Kinds("((@a x (y \")\") (@b)) func)"),
            (std::vector<K>{K::kLParen, K::kKeyword, K::kRParen}));
  EXPECT_EQ(LexAll("(; never closed").error, "1:1: unclosed comment");
}

TEST(LexerTest, NumbersKeywordsReserved) {
  EXPECT_EQ(Kinds("inf -inf nan:0x1 +12 offset=4 0$l $l$l a\"b\" , \"a\"\"b\""),
            (std::vector<K>{K::kNumber, K::kNumber, K::kNumber, K::kNumber, K::kKeyword, K::kNumber,
                            K::kId, K::kReserved, K::kReserved, K::kReserved}));
}

TEST(LexerTest, QuotedIds) {
  Lexed l = LexAll("$\"a b\" $\"\\41\"");
  ASSERT_EQ(l.error, "");
  ASSERT_EQ(l.tokens.size(), 2u);
  EXPECT_EQ(IdName(l.tokens[0]), "a b");
  EXPECT_EQ(IdName(l.tokens[1]), "A");
  EXPECT_EQ(LexAll("(func $)").error, "1:7: empty identifier");
  EXPECT_EQ(LexAll("(func $\"\")").error, "1:7: empty identifier");
  EXPECT_EQ(LexAll("(func $\"a\nb\")").error, "1:7: empty identifier");
  EXPECT_EQ(LexAll("(func $\"\\ef\")").error, "1:7: malformed UTF-8 encoding");
}

TEST(LexerTest, StringEscapesKeepRawBytes) {
  Lexed l = LexAll(R"("\00\ff\t\r\'\"\\\u{48}\u{10_FFFF}")");
  ASSERT_EQ(l.error, "");
  std::string want("\x00\xff\t\r'\"\\H\xf4\x8f\xbf\xbf", 12);
  EXPECT_EQ(DecodeString(l.tokens[0].text), want);
  EXPECT_EQ(LexAll(R"("\u{D800}")").error, "1:2: illegal escape");
  EXPECT_EQ(LexAll(R"("\q")").error, "1:2: illegal escape");
  EXPECT_EQ(LexAll("\"abc").error, "1:5: unclosed string");
  EXPECT_EQ(LexAll("\"a\x01\"").error, "1:3: illegal character");
}

TEST(LexerTest, Annotations) {
  EXPECT_EQ(LexAll("(@)").error, "1:3: empty annotation id");
  EXPECT_EQ(LexAll("(@ x)").error, "1:3: empty annotation id");
  EXPECT_EQ(LexAll("(@\"\")").error, "1:3: empty annotation id");
  EXPECT_EQ(LexAll("(@x (y (z))").error, "1:1: unclosed annotation");
  EXPECT_EQ(LexAll("(@a \x01)").error, "1:5: illegal character");
  EXPECT_EQ(LexAll("(@a \x80)").error, "1:5: malformed UTF-8 encoding");
  EXPECT_EQ(LexAll("(@a \xc3\x9f)").error, "1:5: illegal character");
  EXPECT_EQ(LexAll("(@x \"").error, "1:6: unclosed string");
}

TEST(LexerTest, AnnotationSink) {
  std::vector<AnnotationSpan> spans;
  Lexer lexer("(a (@x (@y)) b)\n(@z)");
  lexer.set_annotation_sink(&spans);
  Token t;
  LexError e;
  int tokens = 0;
  while (lexer.Next(&t, &e) && t.kind != TokenKind::kEof) ++tokens;
  EXPECT_EQ(tokens, 4);
  ASSERT_EQ(spans.size(), 2u);  // nested (@y) is part of (@x ...)
  EXPECT_EQ(spans[0].begin, 3u);
  EXPECT_EQ(spans[0].end, 12u);
  EXPECT_EQ(spans[1].line, 2u);
  EXPECT_EQ(spans[1].column, 1u);
}

TEST(LexerTest, DeepNestingDoesNotRecurse) {
  std::string deep(200000, '(');
  deep = "(@a " + deep;
  EXPECT_EQ(LexAll(deep).error, "1:1: unclosed annotation");
  std::string comments;
  for (int i = 0; i < 100000; ++i) comments += "(;";
  for (int i = 0; i < 100000; ++i) comments += ";)";
  EXPECT_EQ(LexAll(comments).error, "");
}

TEST(LexerTest, Utf8Validation) {
  EXPECT_TRUE(IsValidUtf8("abc\xc3\x9f\xe2\x82\xac\xf0\x9f\x98\x80"));
  EXPECT_FALSE(IsValidUtf8("\xc0\x80"));          // overlong
  EXPECT_FALSE(IsValidUtf8("\xed\xa0\x80"));      // surrogate
  EXPECT_FALSE(IsValidUtf8("\xf4\x90\x80\x80"));  // > U+10FFFF
  EXPECT_FALSE(IsValidUtf8("\xe2\x82"));          // truncated
}

}  // namespace
}  // namespace wasmtier::text
