// Tests of the WAST script parser: every command form, every result pattern,
// unknown forms kept as kUnsupported, and script-level errors with positions.
#include "engine/text/wast.h"

#include <bit>

#include "engine/text/wat.h"
#include "gtest/gtest.h"

namespace wasmtier::text {
namespace {

using Kind = ScriptCommand::Kind;
using VK = ScriptValue::Kind;
using Nan = ScriptValue::Nan;

Script MustParse(std::string_view src) {
  absl::StatusOr<Script> script = ParseScript(src);
  EXPECT_TRUE(script.ok()) << script.status();
  return script.ok() ? *std::move(script) : Script{};
}

std::string ParseError(std::string_view src) {
  absl::StatusOr<Script> script = ParseScript(src);
  EXPECT_FALSE(script.ok());
  return script.ok() ? "" : std::string(script.status().message());
}

TEST(WastTest, EmptyScriptAndComments) {
  EXPECT_TRUE(MustParse("").commands.empty());
  EXPECT_TRUE(MustParse(";; nothing\n(; block ;)\n").commands.empty());
}

TEST(WastTest, BinaryModuleConcatenatesStrings) {
  Script s = MustParse("\n(module $M binary \"\\00asm\" \"\\01\\00\\00\\00\")");
  ASSERT_EQ(s.commands.size(), 1u);
  const ScriptCommand& c = s.commands[0];
  EXPECT_EQ(c.kind, Kind::kModule);
  EXPECT_EQ(c.line, 2u);
  ASSERT_TRUE(c.module.has_value());
  EXPECT_EQ(c.module->form, ScriptModule::Form::kBinary);
  EXPECT_EQ(c.module->id, "M");
  EXPECT_FALSE(c.module->is_definition);
  EXPECT_EQ(c.module->bytes, (std::vector<uint8_t>{0, 'a', 's', 'm', 1, 0, 0, 0}));
}

TEST(WastTest, QuoteModuleKeepsText) {
  Script s = MustParse("(module quote \"(func\" \" (result i32))\")");
  ASSERT_EQ(s.commands.size(), 1u);
  EXPECT_EQ(s.commands[0].module->form, ScriptModule::Form::kQuote);
  EXPECT_EQ(s.commands[0].module->quote, "(func (result i32))");
  EXPECT_TRUE(s.commands[0].module->bytes.empty());
}

TEST(WastTest, TextModuleIsEncodedFromItsFields) {
  Script s = MustParse(
      "(module $m (func (export \"f\") (result i32) (i32.const 1)))\n"
      "(module definition $d (memory 1))");
  ASSERT_EQ(s.commands.size(), 2u);
  const ScriptModule& m = *s.commands[0].module;
  EXPECT_EQ(m.form, ScriptModule::Form::kText);
  EXPECT_EQ(m.id, "m");
  absl::StatusOr<std::vector<uint8_t>> direct =
      WatToBinary("(func (export \"f\") (result i32) (i32.const 1))");
  if (direct.ok()) {
    EXPECT_EQ(m.bytes, *direct);
    EXPECT_EQ(m.encode_error, "");
  } else {
    EXPECT_FALSE(m.encode_error.empty());
  }
  const ScriptModule& d = *s.commands[1].module;
  EXPECT_TRUE(d.is_definition);
  EXPECT_EQ(d.id, "d");
  EXPECT_EQ(d.form, ScriptModule::Form::kText);
}

TEST(WastTest, TextModuleErrorIsKeptNotFatal) {
  // Whatever the WAT parser says about a bad operator, the script goes on.
  Script s = MustParse("(module (func (no.such.op)))\n(module binary \"\")");
  ASSERT_EQ(s.commands.size(), 2u);
  EXPECT_FALSE(s.commands[0].module->encode_error.empty());
  EXPECT_EQ(s.commands[1].module->form, ScriptModule::Form::kBinary);
}

TEST(WastTest, TextModuleErrorsUseScriptPositions) {
  // The WAT parser sees only the module's fields; its line:column are moved
  // back to where the fields sit in the script.
  Script s =
      MustParse("(module binary \"\")\n(module $m\n  (func (bogus.op)))\n(module (func (nope)))");
  ASSERT_EQ(s.commands.size(), 3u);
  EXPECT_EQ(s.commands[1].module->encode_error.substr(0, 5), "3:10:")
      << s.commands[1].module->encode_error;
  EXPECT_EQ(s.commands[2].module->encode_error.substr(0, 5), "4:16:")
      << s.commands[2].module->encode_error;
}

TEST(WastTest, ModuleDefinitionBinaryAndInstance) {
  Script s = MustParse(
      "(module definition $D binary \"\\00asm\\01\\00\\00\\00\")\n"
      "(module instance $I $D)\n(module instance)");
  ASSERT_EQ(s.commands.size(), 3u);
  EXPECT_TRUE(s.commands[0].module->is_definition);
  EXPECT_EQ(s.commands[0].module->form, ScriptModule::Form::kBinary);
  const ScriptModule& i = *s.commands[1].module;
  EXPECT_EQ(i.form, ScriptModule::Form::kInstance);
  EXPECT_EQ(i.id, "I");
  EXPECT_EQ(i.instance_of, "D");
  EXPECT_FALSE(s.commands[2].module->id.has_value());
  EXPECT_FALSE(s.commands[2].module->instance_of.has_value());
}

TEST(WastTest, RegisterAndActions) {
  Script s = MustParse(
      "(register \"M\" $m)\n(register \"N\")\n"
      "(invoke \"f\" (i32.const -1) (i64.const 0x10))\n(get $g \"glob\")");
  ASSERT_EQ(s.commands.size(), 4u);
  EXPECT_EQ(s.commands[0].kind, Kind::kRegister);
  EXPECT_EQ(s.commands[0].register_name, "M");
  EXPECT_EQ(s.commands[0].register_id, "m");
  EXPECT_FALSE(s.commands[1].register_id.has_value());
  const ScriptAction& inv = *s.commands[2].action;
  EXPECT_EQ(s.commands[2].kind, Kind::kAction);
  EXPECT_EQ(inv.kind, ScriptAction::Kind::kInvoke);
  EXPECT_EQ(inv.name, "f");
  ASSERT_EQ(inv.args.size(), 2u);
  EXPECT_EQ(inv.args[0].kind, VK::kI32);
  EXPECT_EQ(inv.args[0].bits[0], 0xFFFFFFFFu);
  EXPECT_EQ(inv.args[1].kind, VK::kI64);
  EXPECT_EQ(inv.args[1].bits[0], 16u);
  const ScriptAction& get = *s.commands[3].action;
  EXPECT_EQ(get.kind, ScriptAction::Kind::kGet);
  EXPECT_EQ(get.module_id, "g");
  EXPECT_EQ(get.name, "glob");
}

TEST(WastTest, ExportNamesDecodeEscapes) {
  Script s = MustParse("(invoke \"a\\u{1F600}\\t\")");
  EXPECT_EQ(s.commands[0].action->name, "a\xF0\x9F\x98\x80\t");
}

TEST(WastTest, AssertReturnScalars) {
  Script s = MustParse(
      "(assert_return (invoke \"f\" (f32.const 1.5) (f64.const -0x1p-1))"
      " (i32.const 7) (f32.const nan:canonical) (f64.const nan:arithmetic) (f32.const -nan:0x1))");
  const ScriptCommand& c = s.commands[0];
  EXPECT_EQ(c.kind, Kind::kAssertReturn);
  ASSERT_EQ(c.action->args.size(), 2u);
  EXPECT_EQ(c.action->args[0].bits[0], std::bit_cast<uint32_t>(1.5f));
  EXPECT_EQ(c.action->args[1].bits[0], std::bit_cast<uint64_t>(-0.5));
  ASSERT_EQ(c.expected.size(), 4u);
  EXPECT_EQ(c.expected[0].bits[0], 7u);
  EXPECT_EQ(c.expected[1].kind, VK::kF32);
  EXPECT_EQ(c.expected[1].nan, Nan::kCanonical);
  EXPECT_EQ(c.expected[2].kind, VK::kF64);
  EXPECT_EQ(c.expected[2].nan, Nan::kArithmetic);
  EXPECT_EQ(c.expected[3].nan, Nan::kNone);
  EXPECT_EQ(c.expected[3].bits[0], 0xFF800001u);
}

TEST(WastTest, V128LanesAndLanePatterns) {
  Script s = MustParse(
      "(assert_return (invoke \"v\" (v128.const i8x16 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 -1))"
      " (v128.const i16x8 1 2 3 4 5 6 7 0xffff)"
      " (v128.const f32x4 nan:canonical 1.0 nan:arithmetic 0)"
      " (v128.const i64x2 1 -1) (v128.const f64x2 -0.0 nan:canonical))");
  const ScriptCommand& c = s.commands[0];
  const ScriptValue& arg = c.action->args[0];
  EXPECT_EQ(arg.kind, VK::kV128);
  EXPECT_EQ(arg.shape, "i8x16");
  EXPECT_EQ(arg.bits[0], 0x0706050403020100u);
  EXPECT_EQ(arg.bits[1], 0xFF0E0D0C0B0A0908u);
  EXPECT_TRUE(arg.lane_nans.empty());
  ASSERT_EQ(c.expected.size(), 4u);
  EXPECT_EQ(c.expected[0].bits[0], 0x0004000300020001u);
  EXPECT_EQ(c.expected[0].bits[1], 0xFFFF000700060005u);
  const ScriptValue& f = c.expected[1];
  EXPECT_EQ(f.shape, "f32x4");
  ASSERT_EQ(f.lane_nans.size(), 4u);
  EXPECT_EQ(f.lane_nans[0], Nan::kCanonical);
  EXPECT_EQ(f.lane_nans[1], Nan::kNone);
  EXPECT_EQ(f.lane_nans[2], Nan::kArithmetic);
  EXPECT_EQ(f.bits[0] >> 32, std::bit_cast<uint32_t>(1.0f));
  EXPECT_EQ(c.expected[2].bits[1], ~uint64_t{0});
  EXPECT_EQ(c.expected[3].bits[0], std::bit_cast<uint64_t>(-0.0));
  EXPECT_EQ(c.expected[3].lane_nans[1], Nan::kCanonical);
}

TEST(WastTest, ReferencePatterns) {
  Script s = MustParse(
      "(assert_return (invoke \"r\" (ref.null extern) (ref.extern 3) (ref.host 4))"
      " (ref.null func) (ref.null) (ref.null $t) (ref.null 2) (ref.null (exact $a))"
      " (ref.func) (ref.func 5) (ref.extern) (ref.extern 1) (ref.host 9)"
      " (ref.any) (ref.eq) (ref.i31) (ref.struct) (ref.array) (ref.exn) (ref))");
  const ScriptCommand& c = s.commands[0];
  ASSERT_EQ(c.action->args.size(), 3u);
  EXPECT_EQ(c.action->args[0].kind, VK::kRefNull);
  EXPECT_EQ(c.action->args[0].heap, HeapType(HeapType::kExtern));
  EXPECT_EQ(c.action->args[1].kind, VK::kRefExtern);
  EXPECT_TRUE(c.action->args[1].has_payload);
  EXPECT_EQ(c.action->args[1].bits[0], 3u);
  EXPECT_EQ(c.action->args[2].kind, VK::kRefHost);
  EXPECT_EQ(c.action->args[2].bits[0], 4u);
  const std::vector<ScriptValue>& e = c.expected;
  ASSERT_EQ(e.size(), 17u);
  EXPECT_EQ(e[0].heap, HeapType(HeapType::kFunc));
  EXPECT_EQ(e[1].heap, HeapType());  // any null
  EXPECT_EQ(e[2].heap, HeapType());  // named: unresolved
  EXPECT_EQ(e[3].heap, HeapType::Index(2));
  EXPECT_EQ(e[4].kind, VK::kRefNull);
  EXPECT_EQ(e[5].kind, VK::kRefFunc);
  EXPECT_FALSE(e[5].has_payload);
  EXPECT_TRUE(e[6].has_payload);
  EXPECT_EQ(e[6].bits[0], 5u);
  EXPECT_EQ(e[7].kind, VK::kRefExtern);
  EXPECT_FALSE(e[7].has_payload);
  EXPECT_TRUE(e[8].has_payload);
  EXPECT_EQ(e[9].kind, VK::kRefHost);
  const VK kinds[] = {VK::kRefAny,   VK::kRefEq,  VK::kRefI31,    VK::kRefStruct,
                      VK::kRefArray, VK::kRefExn, VK::kRefNonNull};
  for (int i = 0; i < 7; ++i) EXPECT_EQ(e[10 + i].kind, kinds[i]) << i;
}

TEST(WastTest, Either) {
  Script s = MustParse(
      "(assert_return (invoke \"e\") (either (i32.const 1) (v128.const f32x4 nan:canonical 0 0 "
      "0)))");
  const ScriptValue& v = s.commands[0].expected[0];
  EXPECT_EQ(v.kind, VK::kEither);
  ASSERT_EQ(v.alternatives.size(), 2u);
  EXPECT_EQ(v.alternatives[0].kind, VK::kI32);
  EXPECT_EQ(v.alternatives[1].lane_nans[0], Nan::kCanonical);
}

TEST(WastTest, TrapExhaustionException) {
  Script s = MustParse(
      "(assert_trap (invoke \"t\") \"unreachable\")\n"
      "(assert_trap (module binary \"\") \"out of bounds\")\n"
      "(assert_exhaustion (invoke \"loop\") \"call stack exhausted\")\n"
      "(assert_exception (invoke \"throw\"))");
  ASSERT_EQ(s.commands.size(), 4u);
  EXPECT_EQ(s.commands[0].kind, Kind::kAssertTrap);
  EXPECT_EQ(s.commands[0].message, "unreachable");
  EXPECT_TRUE(s.commands[0].action.has_value());
  EXPECT_EQ(s.commands[1].kind, Kind::kAssertTrap);
  EXPECT_TRUE(s.commands[1].module.has_value());
  EXPECT_FALSE(s.commands[1].action.has_value());
  EXPECT_EQ(s.commands[1].message, "out of bounds");
  EXPECT_EQ(s.commands[2].kind, Kind::kAssertExhaustion);
  EXPECT_EQ(s.commands[2].message, "call stack exhausted");
  EXPECT_EQ(s.commands[3].kind, Kind::kAssertException);
  EXPECT_EQ(s.commands[3].action->name, "throw");
}

TEST(WastTest, ModuleAssertions) {
  Script s = MustParse(
      "(assert_invalid (module binary \"a\") \"type mismatch\")\n"
      "(assert_malformed (module quote \"(func\") \"unexpected end\")\n"
      "(assert_unlinkable (module binary \"b\") \"unknown import\")\n"
      "(assert_uninstantiable (module binary \"c\") \"unreachable\")\n"
      "(assert_invalid_custom (module binary \"d\") \"bad hint\")\n"
      "(assert_malformed_custom (module quote \"(@custom)\") \"@custom annotation\")");
  const Kind kinds[] = {Kind::kAssertInvalid,       Kind::kAssertMalformed,
                        Kind::kAssertUnlinkable,    Kind::kAssertUninstantiable,
                        Kind::kAssertInvalidCustom, Kind::kAssertMalformedCustom};
  ASSERT_EQ(s.commands.size(), 6u);
  for (int i = 0; i < 6; ++i) {
    EXPECT_EQ(s.commands[i].kind, kinds[i]) << i;
    EXPECT_EQ(s.commands[i].line, static_cast<uint32_t>(i + 1));
    ASSERT_TRUE(s.commands[i].module.has_value());
  }
  EXPECT_EQ(s.commands[0].message, "type mismatch");
  EXPECT_EQ(s.commands[1].module->quote, "(func");
  EXPECT_EQ(s.commands[5].module->quote, "(@custom)");
}

TEST(WastTest, UnknownFormsAreUnsupported) {
  Script s = MustParse(
      "(thread $T (shared (module $Mem)) (module (memory 1 1 shared)) (invoke \"run\"))\n"
      "(wait $T)\n"
      "(assert_return (invoke \"f\") (ref.weird 1 (nested)))\n"
      "(assert_return (invoke \"g\") (either (ref.weird) (i32.const 0)))\n"
      "(assert_trap (thread-action) \"x\")\n"
      "(module binary \"\")");
  ASSERT_EQ(s.commands.size(), 6u);
  EXPECT_EQ(s.commands[0].kind, Kind::kUnsupported);
  EXPECT_EQ(s.commands[0].unsupported_form, "thread");
  EXPECT_EQ(s.commands[1].unsupported_form, "wait");
  EXPECT_EQ(s.commands[2].kind, Kind::kUnsupported);
  EXPECT_EQ(s.commands[2].unsupported_form, "assert_return");
  EXPECT_EQ(s.commands[2].line, 3u);
  EXPECT_EQ(s.commands[3].kind, Kind::kUnsupported);
  EXPECT_EQ(s.commands[4].kind, Kind::kUnsupported);
  EXPECT_EQ(s.commands[5].kind, Kind::kModule);
}

TEST(WastTest, InlineModuleScript) {
  Script s = MustParse("(func) (memory 0) (func (export \"f\"))");
  ASSERT_EQ(s.commands.size(), 1u);
  EXPECT_EQ(s.commands[0].kind, Kind::kModule);
  EXPECT_EQ(s.commands[0].module->form, ScriptModule::Form::kText);
}

TEST(WastTest, Errors) {
  EXPECT_EQ(ParseError("(module binary \"\")\n  (assert_return (invoke \"f\")"),
            "2:30: unexpected end of script, expected ')'");
  EXPECT_EQ(ParseError("(module binary \"\") foo"),
            "1:20: unexpected token 'foo', expected a command");
  EXPECT_EQ(ParseError("(assert_return (invoke \"f\") (i32.const 0x1_0000_0000))"),
            "1:40: constant out of range");
  EXPECT_EQ(ParseError("(assert_invalid (module binary \"\"))"),
            "1:35: unexpected token ')', expected a message string");
  EXPECT_EQ(ParseError("(assert_return (invoke \"f\") (v128.const i32x4 1 2))"),
            "1:50: expected 4 lanes for i32x4");
  EXPECT_EQ(ParseError("(invoke \"f\" (i32.const 1)"),
            "1:26: unexpected end of script, expected ')'");
  EXPECT_EQ(ParseError("(module (func)"), "1:1: unclosed module");
  EXPECT_EQ(ParseError("(register $m)"), "1:11: unexpected token '$m', expected a module name");
  EXPECT_EQ(ParseError("(module binary \"\\q\")"), ParseError("(module binary \"\\q\")"));
}

}  // namespace
}  // namespace wasmtier::text
