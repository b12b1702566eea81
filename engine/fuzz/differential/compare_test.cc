// Tests of the harness itself, without binaryen installed: parsing
// binaryen 108's --fuzz-exec output (texts recorded from real runs), value
// matching, the segment comparison, and Wasmtier's side run the way
// binaryen runs a module.
#include <vector>

#include "engine/fuzz/differential/compare.h"
#include "engine/fuzz/differential/trace.h"
#include "engine/fuzz/differential/wasmtier_runner.h"
#include "engine/text/wat.h"
#include "gtest/gtest.h"

namespace wasmtier::difffuzz {
namespace {

std::vector<BinaryenSegment> Parse(std::string_view text) {
  absl::StatusOr<std::vector<BinaryenSegment>> segments = ParseBinaryenOutput(text);
  EXPECT_TRUE(segments.ok()) << segments.status();
  return segments.ok() ? *segments : std::vector<BinaryenSegment>{};
}

TEST(ParseBinaryenOutput, SegmentsLogsResultsTraps) {
  std::vector<BinaryenSegment> s = Parse(
      "[LoggingExternalInterface logging 5]\n"
      "[fuzz-exec] calling a\n"
      "[LoggingExternalInterface logging -5 -1]\n"
      "[fuzz-exec] note result: a => (-1, 1.e+300, funcref(null))\n"
      "[fuzz-exec] calling b\n"
      "[trap i32.div_s by 0]\n"
      "[fuzz-exec] calling c\n"
      "[trap stack limit]\n"
      "[fuzz-exec] calling d\n"
      "[trap fuzzer can only send defaultable parameters to exports]\n"
      "[fuzz-exec] calling e\n");
  ASSERT_EQ(s.size(), 6u);
  EXPECT_EQ(s[0].name, "");
  ASSERT_EQ(s[0].logs.size(), 1u);
  EXPECT_EQ(s[0].logs[0], std::vector<std::string>{"5"});
  EXPECT_EQ(s[1].name, "a");
  EXPECT_EQ(s[1].logs[0], (std::vector<std::string>{"-5", "-1"}));
  EXPECT_TRUE(s[1].has_result_line);
  EXPECT_EQ(SplitResultText(s[1].result_text, 3),
            (std::vector<std::string>{"-1", "1.e+300", "funcref(null)"}));
  EXPECT_EQ(s[2].outcome, Outcome::kTrapped);
  EXPECT_EQ(s[2].trap, "i32.div_s by 0");
  EXPECT_EQ(s[3].outcome, Outcome::kStackExhausted);
  EXPECT_EQ(s[4].outcome, Outcome::kNotCalled);
  EXPECT_EQ(s[5].outcome, Outcome::kReturned);
  EXPECT_FALSE(s[5].has_result_line);
}

TEST(ParseBinaryenOutput, UnknownLineIsAnError) {
  EXPECT_FALSE(ParseBinaryenOutput("[fuzz-exec] something new\n").ok());
  EXPECT_FALSE(ParseBinaryenOutput("[fuzz-exec] calling a\n[fuzz-exec] note result: b => 1\n").ok());
}

TEST(ValueMatches, IntegersExactly) {
  EXPECT_TRUE(ValueMatches("-5", Val::I32(-5), true));
  EXPECT_FALSE(ValueMatches("5", Val::I32(-5), true));
  EXPECT_TRUE(ValueMatches("-9223372036854775808", Val::I64(INT64_MIN), true));
}

TEST(ValueMatches, FloatsAsBinaryenPrintsThem) {
  EXPECT_TRUE(ValueMatches("0.1", Val::F64(0.1), true));
  EXPECT_TRUE(ValueMatches("0.10000000149011612", Val::F32(0.1f), true));  // f32 widened
  EXPECT_TRUE(ValueMatches("1.e+300", Val::F64(1e300), true));
  EXPECT_TRUE(ValueMatches("123456789012345680", Val::F64(123456789012345678.0), true));
  EXPECT_TRUE(ValueMatches("-0", Val::F64(-0.0), true));
  EXPECT_FALSE(ValueMatches("-0", Val::F64(0.0), true));
  EXPECT_TRUE(ValueMatches("-inf", Val::F32(-INFINITY), true));
  EXPECT_FALSE(ValueMatches("inf", Val::F32(-INFINITY), true));
  EXPECT_FALSE(ValueMatches("1.5", Val::F64(1.5000000000000002), true));
}

TEST(ValueMatches, AnyNanMatchesAnyNan) {
  EXPECT_TRUE(ValueMatches("nan:0x400000", Val::F32Bits(0xFFC00001), true));
  EXPECT_TRUE(ValueMatches("-nan:0xfffffffffaa31", Val::F64Bits(0x7FF8000000000000), true));
  EXPECT_FALSE(ValueMatches("nan:0x400000", Val::F32(1.0f), true));
  EXPECT_FALSE(ValueMatches("1", Val::F32Bits(0x7FC00000), true));
}

TEST(ValueMatches, ReferencesByNullness) {
  Val null = Val::Null(ValType::FuncRef());
  EXPECT_TRUE(ValueMatches("funcref", null, /*single_result=*/true));  // only the type is printed
  EXPECT_TRUE(ValueMatches("funcref(null)", null, false));
  EXPECT_FALSE(ValueMatches("funcref(0)", null, false));
  EXPECT_TRUE(ValueMatches("anyref(null)", Val::Null(ValType::ExternRef()), false));
}

WasmtierSegment Segment(std::string name, std::vector<std::vector<Val>> logs, Outcome outcome,
                        std::vector<Val> results = {}) {
  WasmtierSegment s;
  s.name = std::move(name);
  s.logs = std::move(logs);
  s.outcome = outcome;
  s.results = std::move(results);
  return s;
}

TEST(CompareRuns, MatchWithSplitI64LogAndTrap) {
  std::vector<BinaryenSegment> b = Parse(
      "[fuzz-exec] calling a\n"
      "[LoggingExternalInterface logging -5 -1]\n"
      "[fuzz-exec] note result: a => (7, 2.5)\n"
      "[fuzz-exec] calling b\n"
      "[trap unreachable]\n");
  std::vector<WasmtierSegment> w = {
      Segment("", {}, Outcome::kReturned),
      Segment("a", {{Val::I64(-5)}}, Outcome::kReturned, {Val::I32(7), Val::F64(2.5)}),
      Segment("b", {}, Outcome::kTrapped),
  };
  Comparison c = CompareRuns(b, w);
  EXPECT_EQ(c.verdict, Verdict::kMatch) << c.detail;
  EXPECT_EQ(c.segments_compared, 3);
  EXPECT_EQ(c.traps_compared, 1);
  EXPECT_EQ(c.logs_compared, 1);
}

TEST(CompareRuns, Mismatches) {
  std::vector<BinaryenSegment> b = Parse("[fuzz-exec] calling a\n[fuzz-exec] note result: a => 1\n");
  auto run = [&](WasmtierSegment a) {
    return CompareRuns(b, {Segment("", {}, Outcome::kReturned), std::move(a)});
  };
  EXPECT_EQ(run(Segment("a", {}, Outcome::kReturned, {Val::I32(2)})).verdict, Verdict::kMismatch);
  EXPECT_EQ(run(Segment("a", {}, Outcome::kTrapped)).verdict, Verdict::kMismatch);
  EXPECT_EQ(run(Segment("a", {{Val::I32(1)}}, Outcome::kReturned, {Val::I32(1)})).verdict,
            Verdict::kMismatch);  // an extra log
  EXPECT_EQ(run(Segment("x", {}, Outcome::kReturned, {Val::I32(1)})).verdict, Verdict::kMismatch);
  EXPECT_EQ(CompareRuns(b, {Segment("", {}, Outcome::kReturned)}).verdict, Verdict::kMismatch);
  // An engine error that is not a trap never passes for a trap.
  std::vector<BinaryenSegment> trapped = Parse("[fuzz-exec] calling a\n[trap unreachable]\n");
  WasmtierSegment host_error = Segment("a", {}, Outcome::kTrapped);
  host_error.trap = "NOT A TRAP: INTERNAL: oops";
  EXPECT_EQ(CompareRuns(trapped, {Segment("", {}, Outcome::kReturned), host_error}).verdict,
            Verdict::kMismatch);
}

TEST(CompareRuns, StackLimitsStopTheComparison) {
  std::vector<BinaryenSegment> b = Parse(
      "[fuzz-exec] calling a\n[LoggingExternalInterface logging 1]\n[trap stack limit]\n"
      "[fuzz-exec] calling b\n[fuzz-exec] note result: b => 1\n");
  // Wasmtier went deeper (more logs) and then differs: not compared.
  std::vector<WasmtierSegment> w = {
      Segment("", {}, Outcome::kReturned),
      Segment("a", {{Val::I32(1)}, {Val::I32(1)}}, Outcome::kReturned),
      Segment("b", {}, Outcome::kReturned, {Val::I32(2)}),
  };
  EXPECT_EQ(CompareRuns(b, w).verdict, Verdict::kStackLimit);
  std::vector<BinaryenSegment> b2 = Parse("[fuzz-exec] calling a\n[fuzz-exec] note result: a => 1\n");
  EXPECT_EQ(CompareRuns(b2, {Segment("", {}, Outcome::kReturned), Segment("a", {}, Outcome::kStackExhausted)})
                .verdict,
            Verdict::kWasmtierStack);
}

// Wasmtier's side, against the output binaryen 108 printed for this module
// (wasm-opt --fuzz-exec-before): hangLimitInitializer runs before every
// export, itself included; zero arguments; non-defaultable parameters are
// refused; i64 logs split.
constexpr char kModule[] = R"((module
  (import "fuzzing-support" "log-i32" (func $li (param i32)))
  (import "fuzzing-support" "log-i64" (func $ll (param i64)))
  (type $t (func (result i32)))
  (global $g (mut i32) (i32.const 0))
  (func (export "hangLimitInitializer") (call $li (i32.const 99)))
  (func (export "a") (param i32 f64) (result i32 f64)
    (call $ll (i64.const -5))
    (global.set $g (i32.add (global.get $g) (i32.const 1)))
    (global.get $g) (local.get 1))
  (func (export "b") (param (ref $t)) (result i32) (i32.const 1))
  (func (export "c") (result i32) (i32.div_s (i32.const 1) (i32.const 0)))
  (func (export "d") (result i32) (global.get $g)))
)";
constexpr char kBinaryenOutput[] =
    "[fuzz-exec] calling hangLimitInitializer\n"
    "[LoggingExternalInterface logging 99]\n"
    "[LoggingExternalInterface logging 99]\n"
    "[fuzz-exec] calling a\n"
    "[LoggingExternalInterface logging 99]\n"
    "[LoggingExternalInterface logging -5 -1]\n"
    "[fuzz-exec] note result: a => (1, 0)\n"
    "[fuzz-exec] calling b\n"
    "[LoggingExternalInterface logging 99]\n"
    "[trap fuzzer can only send defaultable parameters to exports]\n"
    "[fuzz-exec] calling c\n"
    "[LoggingExternalInterface logging 99]\n"
    "[trap i32.div_s by 0]\n"
    "[fuzz-exec] calling d\n"
    "[LoggingExternalInterface logging 99]\n"
    "[fuzz-exec] note result: d => 1\n";

TEST(WasmtierRunner, RunsLikeBinaryen) {
  absl::StatusOr<std::vector<uint8_t>> wasm = text::WatToBinary(kModule);
  ASSERT_TRUE(wasm.ok()) << wasm.status();
  WasmtierRunner runner({});
  WasmtierRun run = runner.Run(*wasm);
  ASSERT_TRUE(run.compile_error.ok()) << run.compile_error;
  ASSERT_TRUE(run.harness_gap.empty());
  Comparison c = CompareRuns(Parse(kBinaryenOutput), run.segments);
  EXPECT_EQ(c.verdict, Verdict::kMatch) << c.detail;
  EXPECT_EQ(c.segments_compared, 6);
}

TEST(WasmtierRunner, ReportsImportsItCannotProvide) {
  absl::StatusOr<std::vector<uint8_t>> wasm =
      text::WatToBinary(R"((module (import "env" "f" (func))))");
  ASSERT_TRUE(wasm.ok());
  WasmtierRunner runner({});
  EXPECT_EQ(runner.Run(*wasm).harness_gap, "import \"env\" \"f\"");
}

}  // namespace
}  // namespace wasmtier::difffuzz
