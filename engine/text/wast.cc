// The WAST script parser: commands, actions and result patterns, read with the
// shared text-format lexer and literal parsing. A text module is handed to the
// WAT parser as the source span of its fields, so the module grammar lives in
// one place (wat*.cc); the script parser only finds where each module ends.
#include "engine/text/wast.h"

#include <cstring>
#include <utility>

#include "absl/status/status.h"
#include "engine/text/lexer.h"
#include "engine/text/literals.h"
#include "engine/text/wat.h"

namespace wasmtier::text {
namespace {

using Kind = ScriptCommand::Kind;

// absl's string_view is not std::string_view in this abseil build, so
// messages are joined here rather than with absl::StrCat.
template <typename... Parts>
std::string Cat(const Parts&... parts) {
  std::string out;
  (out.append(std::string_view(parts)), ...);
  return out;
}

// A decimal number without sign, as in "12:3: message".
bool ParseDecimal(std::string_view text, uint32_t* out) {
  if (text.empty() || text.size() > 9) return false;
  uint32_t v = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  *out = v;
  return true;
}

// Keywords that open a module field: a script made of them is one inline
// module (the spec's "module abbreviation" for whole scripts).
bool IsModuleFieldKeyword(std::string_view kw) {
  static constexpr std::string_view kFields[] = {"type",  "rec",    "import", "func",
                                                 "table", "memory", "global", "export",
                                                 "start", "elem",   "data",   "tag"};
  for (std::string_view f : kFields) {
    if (kw == f) return true;
  }
  return false;
}

std::optional<Kind> ModuleAssertionKind(std::string_view kw) {
  if (kw == "assert_invalid") return Kind::kAssertInvalid;
  if (kw == "assert_malformed") return Kind::kAssertMalformed;
  if (kw == "assert_unlinkable") return Kind::kAssertUnlinkable;
  if (kw == "assert_uninstantiable") return Kind::kAssertUninstantiable;
  if (kw == "assert_invalid_custom") return Kind::kAssertInvalidCustom;
  if (kw == "assert_malformed_custom") return Kind::kAssertMalformedCustom;
  return std::nullopt;
}

std::optional<HeapType> AbstractHeapType(std::string_view kw) {
  static constexpr std::pair<std::string_view, HeapType::Code> kNames[] = {
      {"func", HeapType::kFunc},     {"extern", HeapType::kExtern},
      {"any", HeapType::kAny},       {"eq", HeapType::kEq},
      {"i31", HeapType::kI31},       {"struct", HeapType::kStruct},
      {"array", HeapType::kArray},   {"exn", HeapType::kExn},
      {"none", HeapType::kNone},     {"noextern", HeapType::kNoExtern},
      {"nofunc", HeapType::kNoFunc}, {"noexn", HeapType::kNoExn},
  };
  for (const auto& [name, code] : kNames) {
    if (kw == name) return HeapType(code);
  }
  return std::nullopt;
}

// Shifts a "line:column: message" error of text parsed from a span starting at
// {line}:{column} of the script to script positions.
std::string ShiftError(std::string_view message, uint32_t line, uint32_t column) {
  size_t colon1 = message.find(':');
  size_t colon2 = colon1 == std::string_view::npos ? colon1 : message.find(':', colon1 + 1);
  uint32_t l = 0, c = 0;
  if (colon2 == std::string_view::npos || !ParseDecimal(message.substr(0, colon1), &l) ||
      !ParseDecimal(message.substr(colon1 + 1, colon2 - colon1 - 1), &c) || l == 0) {
    return std::string(message);
  }
  if (l == 1) c += column - 1;
  return FormatError(
      l + line - 1, c,
      message.substr(colon2 + 1 + (colon2 + 1 < message.size() && message[colon2 + 1] == ' ')));
}

class ScriptParser {
 public:
  explicit ScriptParser(std::string_view source) : source_(source), lexer_(source) {}

  absl::StatusOr<Script> Parse();

 private:
  // Result of parsing a value or an action: kUnknown means well-formed
  // S-expressions of a form this parser does not know; the command becomes
  // kUnsupported instead of failing the script.
  enum class Parsed : uint8_t { kOk, kUnknown, kError };

  bool Advance();
  bool Fail(const Token& at, std::string_view message);
  Parsed Error(const Token& at, std::string_view message) {
    Fail(at, message);
    return Parsed::kError;
  }
  bool Expect(TokenKind kind, std::string_view what);
  bool ExpectRParen() { return Expect(TokenKind::kRParen, "')'"); }
  // Consumes tokens up to and including the ')' that closes {depth} open
  // parentheses (depth 1: the current S-expression).
  bool SkipToClose(int depth);
  // Turns {cmd} into kUnsupported named {form} and skips the rest of it.
  bool MakeUnsupported(ScriptCommand* cmd, std::string form, int depth);

  bool ParseCommand(ScriptCommand* cmd);
  bool ParseInlineModuleScript(Script* script);
  // After `(module`: the module's forms up to and including its ')'.
  bool ParseModuleBody(const Token& open, ScriptModule* module);
  // At '(' of a `(module ...)`.
  bool ParseModule(ScriptModule* module);
  bool ParseStrings(std::string* out);
  bool ParseMessage(std::string* out);
  Parsed ParseAction(ScriptAction* action);
  Parsed ParseValue(ScriptValue* value, bool pattern);
  bool ParseScalar(std::string_view op, ScriptValue* value, bool pattern);
  bool ParseV128(ScriptValue* value, bool pattern);

  std::string_view source_;
  Lexer lexer_;
  Token tok_;
  std::string error_;
};

bool ScriptParser::Advance() {
  LexError e;
  if (!lexer_.Next(&tok_, &e)) {
    if (error_.empty()) error_ = FormatError(e);
    return false;
  }
  return true;
}

bool ScriptParser::Fail(const Token& at, std::string_view message) {
  if (error_.empty()) error_ = FormatError(at.line, at.column, message);
  return false;
}

bool ScriptParser::Expect(TokenKind kind, std::string_view what) {
  if (!tok_.Is(kind)) {
    return Fail(tok_, tok_.Is(TokenKind::kEof)
                          ? Cat("unexpected end of script, expected ", what)
                          : Cat("unexpected token '", tok_.text, "', expected ", what));
  }
  return Advance();
}

bool ScriptParser::SkipToClose(int depth) {
  while (depth > 0) {
    if (tok_.Is(TokenKind::kEof)) return Fail(tok_, "unexpected end of script, unclosed '('");
    if (tok_.Is(TokenKind::kLParen)) ++depth;
    if (tok_.Is(TokenKind::kRParen)) --depth;
    if (!Advance()) return false;
  }
  return true;
}

bool ScriptParser::MakeUnsupported(ScriptCommand* cmd, std::string form, int depth) {
  uint32_t line = cmd->line;
  *cmd = ScriptCommand{};
  cmd->kind = Kind::kUnsupported;
  cmd->line = line;
  cmd->unsupported_form = std::move(form);
  return SkipToClose(depth);
}

bool ScriptParser::ParseStrings(std::string* out) {
  while (tok_.Is(TokenKind::kString)) {
    out->append(DecodeString(tok_.text));
    if (!Advance()) return false;
  }
  return true;
}

bool ScriptParser::ParseMessage(std::string* out) {
  if (!tok_.Is(TokenKind::kString)) return Expect(TokenKind::kString, "a message string");
  *out = DecodeString(tok_.text);
  return Advance();
}

bool ScriptParser::ParseModule(ScriptModule* module) {
  Token open = tok_;
  if (!Expect(TokenKind::kLParen, "'(module'")) return false;
  if (!tok_.IsKeyword("module")) return Fail(tok_, "expected 'module'");
  if (!Advance()) return false;
  return ParseModuleBody(open, module);
}

bool ScriptParser::ParseModuleBody(const Token& open, ScriptModule* module) {
  if (tok_.IsKeyword("instance")) {
    module->form = ScriptModule::Form::kInstance;
    if (!Advance()) return false;
    // (module instance $instance? $definition?)
    if (tok_.Is(TokenKind::kId)) {
      module->id = IdName(tok_);
      if (!Advance()) return false;
    }
    if (tok_.Is(TokenKind::kId)) {
      module->instance_of = IdName(tok_);
      if (!Advance()) return false;
    }
    return ExpectRParen();
  }
  if (tok_.IsKeyword("definition")) {
    module->is_definition = true;
    if (!Advance()) return false;
  }
  if (tok_.Is(TokenKind::kId)) {
    module->id = IdName(tok_);
    if (!Advance()) return false;
  }
  if (tok_.IsKeyword("binary") || tok_.IsKeyword("quote")) {
    bool binary = tok_.IsKeyword("binary");
    module->form = binary ? ScriptModule::Form::kBinary : ScriptModule::Form::kQuote;
    if (!Advance()) return false;
    std::string text;
    if (!ParseStrings(&text)) return false;
    if (binary) {
      module->bytes.assign(text.begin(), text.end());
    } else {
      module->quote = std::move(text);
    }
    return ExpectRParen();
  }
  // Text: the fields run from here to the module's closing parenthesis.
  module->form = ScriptModule::Form::kText;
  Token first = tok_;
  size_t begin = tok_.offset;
  int depth = 1;
  while (true) {
    if (tok_.Is(TokenKind::kEof)) return Fail(open, "unclosed module");
    if (tok_.Is(TokenKind::kLParen)) ++depth;
    if (tok_.Is(TokenKind::kRParen) && --depth == 0) break;
    if (!Advance()) return false;
  }
  std::string_view fields = source_.substr(begin, tok_.offset - begin);
  absl::StatusOr<std::vector<uint8_t>> bytes = WatToBinary(fields);
  if (bytes.ok()) {
    module->bytes = *std::move(bytes);
  } else {
    module->encode_error =
        ShiftError(std::string(bytes.status().message()), first.line, first.column);
    if (module->encode_error.empty()) module->encode_error = "text module does not encode";
  }
  return Advance();  // the ')'
}

bool ScriptParser::ParseScalar(std::string_view op, ScriptValue* value, bool pattern) {
  using VK = ScriptValue::Kind;
  if (!tok_.Is(TokenKind::kNumber) && !tok_.Is(TokenKind::kKeyword)) {
    return Fail(tok_, Cat("expected a constant after ", op));
  }
  std::string_view t = tok_.text;
  LiteralStatus s;
  if (op == "i32.const") {
    value->kind = VK::kI32;
    uint32_t v = 0;
    s = ParseI32(t, &v);
    value->bits[0] = v;
  } else if (op == "i64.const") {
    value->kind = VK::kI64;
    s = ParseI64(t, &value->bits[0]);
  } else {
    bool f32 = op == "f32.const";
    value->kind = f32 ? VK::kF32 : VK::kF64;
    if (pattern && (t == "nan:canonical" || t == "nan:arithmetic")) {
      value->nan =
          t == "nan:canonical" ? ScriptValue::Nan::kCanonical : ScriptValue::Nan::kArithmetic;
      return Advance();
    }
    if (f32) {
      uint32_t bits = 0;
      s = ParseF32(t, &bits);
      value->bits[0] = bits;
    } else {
      s = ParseF64(t, &value->bits[0]);
    }
  }
  if (s != LiteralStatus::kOk) {
    return Fail(tok_, s == LiteralStatus::kOutOfRange ? "constant out of range"
                                                      : Cat("malformed constant '", t, "'"));
  }
  return Advance();
}

bool ScriptParser::ParseV128(ScriptValue* value, bool pattern) {
  value->kind = ScriptValue::Kind::kV128;
  if (!tok_.Is(TokenKind::kKeyword)) return Fail(tok_, "expected a v128 shape");
  std::string shape(tok_.text);
  int lanes = 0, lane_bits = 0;
  bool is_float = false;
  if (shape == "i8x16")
    lanes = 16, lane_bits = 8;
  else if (shape == "i16x8")
    lanes = 8, lane_bits = 16;
  else if (shape == "i32x4")
    lanes = 4, lane_bits = 32;
  else if (shape == "i64x2")
    lanes = 2, lane_bits = 64;
  else if (shape == "f32x4")
    lanes = 4, lane_bits = 32, is_float = true;
  else if (shape == "f64x2")
    lanes = 2, lane_bits = 64, is_float = true;
  else
    return Fail(tok_, Cat("unknown v128 shape '", shape, "'"));
  value->shape = shape;
  if (!Advance()) return false;
  if (is_float) value->lane_nans.assign(lanes, ScriptValue::Nan::kNone);
  for (int i = 0; i < lanes; ++i) {
    if (!tok_.Is(TokenKind::kNumber) && !tok_.Is(TokenKind::kKeyword)) {
      return Fail(tok_, Cat("expected ", std::to_string(lanes), " lanes for ", shape));
    }
    std::string_view t = tok_.text;
    uint64_t lane = 0;
    LiteralStatus s = LiteralStatus::kOk;
    if (is_float && pattern && (t == "nan:canonical" || t == "nan:arithmetic")) {
      value->lane_nans[i] =
          t == "nan:canonical" ? ScriptValue::Nan::kCanonical : ScriptValue::Nan::kArithmetic;
    } else if (is_float && lane_bits == 32) {
      uint32_t bits = 0;
      s = ParseF32(t, &bits);
      lane = bits;
    } else if (is_float) {
      s = ParseF64(t, &lane);
    } else {
      s = ParseIntN(t, lane_bits, &lane);
    }
    if (s != LiteralStatus::kOk) {
      return Fail(tok_, s == LiteralStatus::kOutOfRange ? "constant out of range"
                                                        : Cat("malformed lane '", t, "'"));
    }
    int bit = i * lane_bits;
    uint64_t mask = lane_bits == 64 ? ~uint64_t{0} : (uint64_t{1} << lane_bits) - 1;
    value->bits[bit / 64] |= (lane & mask) << (bit % 64);
    if (!Advance()) return false;
  }
  return true;
}

ScriptParser::Parsed ScriptParser::ParseValue(ScriptValue* value, bool pattern) {
  using VK = ScriptValue::Kind;
  if (!Expect(TokenKind::kLParen, "a value")) return Parsed::kError;
  if (!tok_.Is(TokenKind::kKeyword)) {
    return Error(tok_, "expected a value");
  }
  Token op = tok_;
  std::string_view kw = op.text;
  if (!Advance()) return Parsed::kError;
  if (kw == "i32.const" || kw == "i64.const" || kw == "f32.const" || kw == "f64.const") {
    if (!ParseScalar(kw, value, pattern)) return Parsed::kError;
  } else if (kw == "v128.const") {
    if (!ParseV128(value, pattern)) return Parsed::kError;
  } else if (kw == "ref.null") {
    value->kind = VK::kRefNull;
    // Without a heap type, or with one named by $id (which only the module
    // could resolve), {heap} stays bottom: any null reference matches.
    if (tok_.Is(TokenKind::kKeyword)) {
      std::optional<HeapType> ht = AbstractHeapType(tok_.text);
      if (!ht) return Error(tok_, "unknown heap type");
      value->heap = *ht;
      if (!Advance()) return Parsed::kError;
    } else if (tok_.Is(TokenKind::kNumber)) {
      uint32_t index = 0;
      if (ParseU32(tok_.text, &index) != LiteralStatus::kOk) {
        return Error(tok_, "malformed type index");
      }
      value->heap = HeapType::Index(index);
      if (!Advance()) return Parsed::kError;
    } else if (tok_.Is(TokenKind::kId)) {
      if (!Advance()) return Parsed::kError;
    } else if (tok_.Is(TokenKind::kLParen)) {
      if (!Advance() || !SkipToClose(1)) return Parsed::kError;  // (exact $t)
    }
  } else if (kw == "ref.extern" || kw == "ref.host" || kw == "ref.func") {
    value->kind = kw == "ref.extern" ? VK::kRefExtern
                  : kw == "ref.host" ? VK::kRefHost
                                     : VK::kRefFunc;
    if (tok_.Is(TokenKind::kNumber)) {
      uint64_t n = 0;
      if (ParseU64(tok_.text, &n) != LiteralStatus::kOk) {
        return Error(tok_, "malformed reference payload");
      }
      value->bits[0] = n;
      value->has_payload = true;
      if (!Advance()) return Parsed::kError;
    } else if (!tok_.Is(TokenKind::kRParen)) {
      return SkipToClose(1) ? Parsed::kUnknown : Parsed::kError;
    } else if (kw == "ref.host" || !pattern) {
      // An argument must name its reference.
      return Error(tok_, Cat("expected a number after ", kw));
    }
  } else if (pattern &&
             (kw == "ref.any" || kw == "ref.eq" || kw == "ref.i31" || kw == "ref.struct" ||
              kw == "ref.array" || kw == "ref.exn" || kw == "ref")) {
    value->kind = kw == "ref.any"      ? VK::kRefAny
                  : kw == "ref.eq"     ? VK::kRefEq
                  : kw == "ref.i31"    ? VK::kRefI31
                  : kw == "ref.struct" ? VK::kRefStruct
                  : kw == "ref.array"  ? VK::kRefArray
                  : kw == "ref.exn"    ? VK::kRefExn
                                       : VK::kRefNonNull;
  } else if (pattern && kw == "either") {
    value->kind = VK::kEither;
    while (tok_.Is(TokenKind::kLParen)) {
      ScriptValue alternative;
      Parsed p = ParseValue(&alternative, /*pattern=*/true);
      if (p != Parsed::kOk) {
        if (p == Parsed::kUnknown && !SkipToClose(1)) return Parsed::kError;
        return p;
      }
      value->alternatives.push_back(std::move(alternative));
    }
    if (value->alternatives.empty()) {
      return Error(tok_, "either needs alternatives");
    }
  } else {
    return SkipToClose(1) ? Parsed::kUnknown : Parsed::kError;
  }
  return ExpectRParen() ? Parsed::kOk : Parsed::kError;
}

ScriptParser::Parsed ScriptParser::ParseAction(ScriptAction* action) {
  if (!Expect(TokenKind::kLParen, "an action")) return Parsed::kError;
  if (tok_.IsKeyword("invoke")) {
    action->kind = ScriptAction::Kind::kInvoke;
  } else if (tok_.IsKeyword("get")) {
    action->kind = ScriptAction::Kind::kGet;
  } else {
    return SkipToClose(1) ? Parsed::kUnknown : Parsed::kError;
  }
  if (!Advance()) return Parsed::kError;
  if (tok_.Is(TokenKind::kId)) {
    action->module_id = IdName(tok_);
    if (!Advance()) return Parsed::kError;
  }
  if (!tok_.Is(TokenKind::kString)) {
    return Expect(TokenKind::kString, "an export name") ? Parsed::kOk : Parsed::kError;
  }
  action->name = DecodeString(tok_.text);
  if (!Advance()) return Parsed::kError;
  while (action->kind == ScriptAction::Kind::kInvoke && tok_.Is(TokenKind::kLParen)) {
    ScriptValue arg;
    Parsed p = ParseValue(&arg, /*pattern=*/false);
    if (p != Parsed::kOk) {
      if (p == Parsed::kUnknown && !SkipToClose(1)) return Parsed::kError;
      return p;
    }
    action->args.push_back(std::move(arg));
  }
  return ExpectRParen() ? Parsed::kOk : Parsed::kError;
}

// At the '(' of a command.
bool ScriptParser::ParseCommand(ScriptCommand* cmd) {
  Token open = tok_;
  cmd->line = open.line;
  if (!Advance()) return false;
  if (!tok_.Is(TokenKind::kKeyword)) return Fail(tok_, "expected a script command");
  std::string_view kw = tok_.text;
  if (!Advance()) return false;

  if (kw == "module") {
    cmd->kind = Kind::kModule;
    cmd->module.emplace();
    return ParseModuleBody(open, &*cmd->module);
  }
  if (kw == "register") {
    cmd->kind = Kind::kRegister;
    if (!tok_.Is(TokenKind::kString)) return Expect(TokenKind::kString, "a module name");
    cmd->register_name = DecodeString(tok_.text);
    if (!Advance()) return false;
    if (tok_.Is(TokenKind::kId)) {
      cmd->register_id = IdName(tok_);
      if (!Advance()) return false;
    }
    return ExpectRParen();
  }
  if (kw == "invoke" || kw == "get") {
    cmd->kind = Kind::kAction;
    cmd->action.emplace();
    cmd->action->kind = kw == "get" ? ScriptAction::Kind::kGet : ScriptAction::Kind::kInvoke;
    if (tok_.Is(TokenKind::kId)) {
      cmd->action->module_id = IdName(tok_);
      if (!Advance()) return false;
    }
    if (!tok_.Is(TokenKind::kString)) return Expect(TokenKind::kString, "an export name");
    cmd->action->name = DecodeString(tok_.text);
    if (!Advance()) return false;
    while (kw == "invoke" && tok_.Is(TokenKind::kLParen)) {
      ScriptValue arg;
      Parsed p = ParseValue(&arg, /*pattern=*/false);
      if (p == Parsed::kError) return false;
      if (p == Parsed::kUnknown) return MakeUnsupported(cmd, std::string(kw), 1);
      cmd->action->args.push_back(std::move(arg));
    }
    return ExpectRParen();
  }
  if (kw == "assert_return" || kw == "assert_exhaustion" || kw == "assert_exception" ||
      kw == "assert_trap") {
    cmd->kind = kw == "assert_return"       ? Kind::kAssertReturn
                : kw == "assert_exhaustion" ? Kind::kAssertExhaustion
                : kw == "assert_exception"  ? Kind::kAssertException
                                            : Kind::kAssertTrap;
    if (cmd->kind == Kind::kAssertTrap && tok_.Is(TokenKind::kLParen)) {
      // (assert_trap (module ...) "msg"): a module whose instantiation traps.
      Lexer saved_lexer = lexer_;
      Token saved = tok_;
      if (!Advance()) return false;
      bool is_module = tok_.IsKeyword("module");
      lexer_ = saved_lexer;
      tok_ = saved;
      if (is_module) {
        cmd->module.emplace();
        if (!ParseModule(&*cmd->module)) return false;
        if (!ParseMessage(&cmd->message)) return false;
        return ExpectRParen();
      }
    }
    cmd->action.emplace();
    Parsed p = ParseAction(&*cmd->action);
    if (p == Parsed::kError) return false;
    if (p == Parsed::kUnknown) return MakeUnsupported(cmd, std::string(kw), 1);
    if (cmd->kind == Kind::kAssertReturn) {
      while (tok_.Is(TokenKind::kLParen)) {
        ScriptValue v;
        Parsed r = ParseValue(&v, /*pattern=*/true);
        if (r == Parsed::kError) return false;
        if (r == Parsed::kUnknown) return MakeUnsupported(cmd, std::string(kw), 1);
        cmd->expected.push_back(std::move(v));
      }
    } else if (cmd->kind != Kind::kAssertException) {
      if (!ParseMessage(&cmd->message)) return false;
    }
    return ExpectRParen();
  }
  if (std::optional<Kind> kind = ModuleAssertionKind(kw)) {
    cmd->kind = *kind;
    cmd->module.emplace();
    if (!ParseModule(&*cmd->module)) return false;
    if (!ParseMessage(&cmd->message)) return false;
    return ExpectRParen();
  }
  // thread, wait, and whatever later proposals add: kept, not run.
  return MakeUnsupported(cmd, std::string(kw), 1);
}

bool ScriptParser::ParseInlineModuleScript(Script* script) {
  ScriptCommand cmd;
  cmd.kind = Kind::kModule;
  cmd.line = 1;
  cmd.module.emplace();
  absl::StatusOr<std::vector<uint8_t>> bytes = WatToBinary(source_);
  if (bytes.ok()) {
    cmd.module->bytes = *std::move(bytes);
  } else {
    cmd.module->encode_error = std::string(bytes.status().message());
  }
  script->commands.push_back(std::move(cmd));
  return true;
}

absl::StatusOr<Script> ScriptParser::Parse() {
  Script script;
  if (!Advance()) return absl::InvalidArgumentError(error_);
  // A script that starts with a module field is one module.
  if (tok_.Is(TokenKind::kLParen)) {
    Lexer peek = lexer_;
    Token next;
    LexError e;
    if (peek.Next(&next, &e) && next.Is(TokenKind::kKeyword) && IsModuleFieldKeyword(next.text)) {
      ParseInlineModuleScript(&script);
      return script;
    }
  }
  while (!tok_.Is(TokenKind::kEof)) {
    if (!tok_.Is(TokenKind::kLParen)) {
      Fail(tok_, Cat("unexpected token '", tok_.text, "', expected a command"));
      return absl::InvalidArgumentError(error_);
    }
    ScriptCommand cmd;
    if (!ParseCommand(&cmd)) return absl::InvalidArgumentError(error_);
    script.commands.push_back(std::move(cmd));
  }
  return script;
}

}  // namespace

absl::StatusOr<Script> ParseScript(std::string_view source) {
  return ScriptParser(source).Parse();
}

}  // namespace wasmtier::text
