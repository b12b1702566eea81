// Translator tests for the superinstructions of the third performance round:
// bit-test branches, eqz look-through, load-to-store Moves, shifted-operand
// and funnel-shift binops, sub-folded addresses (exact register code, as in
// translate_test.cc; translate_exec_test.cc runs the same shapes).
#include <string>

#include "engine/text/wat.h"
#include "engine/validator.h"
#include "gtest/gtest.h"
#include "interp/interp.h"

namespace wasmtier::interp {
namespace {

Config PlainConfig() {
  Config config;
  config.profile_counters = false;
  return config;
}

// The disassembly of function 0 (plain back-edges unless {config}), or the error's message.
std::string Dis(const std::string& wat, const Config& config = PlainConfig()) {
  auto bytes = text::WatToBinary(wat);
  if (!bytes.ok()) return std::string(bytes.status().message());
  auto module = DecodeAndValidate(bytes->data(), bytes->size(), config.features);
  if (!module.ok()) return std::string(module.status().message());
  auto code = Translate(**module, 0, config);
  if (!code.ok()) return std::string(code.status().message());
  return Disassemble(**code);
}

TEST(TranslateFusionTest, AndFusesIntoBitTestBranches) {
  // i32.and with a constant or a slot operand, read only by br_if / if /
  // a loop's back-edge, becomes a bit-test branch; a tee'd result does not.
  EXPECT_EQ(Dis("(module (func (param i32 i32) (result i32) "
                "(block $b local.get 0 i32.const 3 i32.and br_if $b "
                "local.get 0 local.get 1 i32.and (if (then unreachable)) "
                "(loop $l local.get 0 i32.const 1 i32.sub local.tee 0 i32.const 8 i32.and br_if $l) "
                "local.get 0 i32.const 4 i32.and local.tee 1 br_if $b) local.get 0))"),
            "params 2, locals 0, frame 4 slots\n"
            "  0: BrIfI32AndImm 0 3 -> 18\n"
            "  3: BrIfNotI32And 0 1 -> 7\n"
            "  6: Unreachable\n"
            "  7: I:i32.sub 0 0 1\n"
            "  10: BrIfI32AndImm 0 8 -> 7\n"
            "  13: I:i32.and 1 0 4\n"
            "  16: BrIfNez 1 -> 18\n"
            "  18: Return1 0\n");
}

TEST(TranslateFusionTest, EqzOfACompareOrAndFusesIntoTheNegatedBranch) {
  // and + eqz + br_if (also as a loop back-edge), compare + eqz + if; an eqz
  // of a local or with a label in between stays a test of the eqz operand.
  EXPECT_EQ(Dis("(module (func (param i32 i32) (result i32) "
                "(block $b local.get 0 i32.const 3 i32.and i32.eqz br_if $b "
                "local.get 0 local.get 1 i32.lt_s i32.eqz (if (then unreachable)) "
                "(loop $l local.get 0 i32.const 1 i32.sub local.tee 0 i32.const 8 i32.and i32.eqz br_if $l) "
                "local.get 1 i32.eqz br_if $b "
                "local.get 0 i32.const 2 i32.and (loop (param i32) (result i32) i32.eqz) br_if $b) local.get 0))"),
            "params 2, locals 0, frame 4 slots\n"
            "  0: BrIfNotI32AndImm 0 3 -> 20\n"
            "  3: BrIfI32LtS 0 1 -> 7\n"
            "  6: Unreachable\n"
            "  7: I:i32.sub 0 0 1\n"
            "  10: BrIfNotI32AndImm 0 8 -> 7\n"
            "  13: BrIfEqz 1 -> 20\n"
            "  15: I:i32.and 2 0 2\n"
            "  18: BrIfEqz 2 -> 20\n"
            "  20: Return1 0\n");
}

TEST(TranslateFusionTest, ALoadFeedingAStoreOfItsWidthBecomesAMove) {
  // Plain and add-folded addresses on both sides, every width (the load's
  // extension does not matter); a narrower store, a tee'd value and a
  // checked memory keep the load and the store.
  EXPECT_EQ(Dis("(module (memory 1) (func (param i32 i32) "
                "local.get 0 local.get 1 i64.load offset=8 i64.store offset=16 "
                "local.get 0 i32.const 4 i32.add local.get 1 i32.const 12 i32.add f32.load offset=1 f32.store offset=2 "
                "local.get 0 local.get 1 i32.load16_s i32.store16 "
                "local.get 0 local.get 1 i64.load8_u i64.store8 "
                "local.get 0 local.get 1 i32.load i32.store8 "
                "local.get 0 local.get 1 i32.load local.tee 1 i32.store))"),
            "params 2, locals 0, frame 5 slots\n"
            "  0: Move8 1 0 8 0 0 16\n"
            "  4: Move4 1 12 1 0 4 2\n"
            "  8: Move2 1 0 0 0 0 0\n"
            "  12: Move1 1 0 0 0 0 0\n"
            "  16: W:i32.load 3 1 0\n"
            "  19: W:i32.store8 0 3 0\n"
            "  22: W:i32.load 1 1 0\n"
            "  25: W:i32.store 0 1 0\n"
            "  28: Return\n");
  EXPECT_EQ(Dis("(module (memory i64 1) (func (param i64 i64) local.get 0 local.get 1 i32.load i32.store))"),
            "params 2, locals 0, frame 4 slots\n"
            "  0: M:i32.load 3 1 0 #0\n"
            "  4: M:i32.store 0 3 0 #0\n"
            "  8: Return\n");
}

TEST(TranslateFusionTest, OrOfOppositeConstantShiftsIsOneFunnelShift) {
  // shl then shr_u, shr_u then shl (the or commutes), and two shl (no funnel).
  EXPECT_EQ(Dis("(module (func (param i32 i32) (result i32) (local i32) "
                "local.get 0 i32.const 8 i32.shl local.get 1 i32.const 24 i32.shr_u i32.or local.set 2 "
                "local.get 0 i32.const 16 i32.shr_u local.get 1 i32.const 16 i32.shl i32.or local.set 2 "
                "local.get 0 i32.const 1 i32.shl local.get 1 i32.const 2 i32.shl i32.or))"),
            "params 2, locals 1, frame 6 slots\n"
            "  0: I32OrShlShrU 2 0 8 1 24\n"
            "  4: I32OrShlShrU 2 1 16 0 16\n"
            "  8: I:i32.shl 3 0 1\n"
            "  11: I32OrShl 3 3 1 2\n"
            "  14: Return1 3\n");
}

TEST(TranslateFusionTest, ShiftByAConstantFoldsIntoTheBinopThatReadsIt) {
  // Right operand; left operand of a commutative op; not into a sub's left
  // operand, not with a constant other operand (an immediate form instead),
  // not when the shift's result was tee'd.
  EXPECT_EQ(Dis("(module (func (param i32 i32) (result i32) (local i32) "
                "local.get 0 local.get 1 i32.const 3 i32.shl i32.add local.set 2 "
                "local.get 0 i32.const 24 i32.shr_u local.get 1 i32.or local.set 2 "
                "local.get 0 i32.const 7 i32.shr_s local.get 1 i32.sub local.set 2 "
                "local.get 0 i32.const 5 i32.shl i32.const 9 i32.xor local.set 2 "
                "local.get 0 local.get 1 i32.const 2 i32.shr_u local.tee 2 i32.and))"),
            "params 2, locals 1, frame 6 slots\n"
            "  0: I32AddShl 2 0 1 3\n"
            "  3: I32OrShrU 2 1 0 24\n"
            "  6: I:i32.shr_s 3 0 7\n"
            "  9: W:i32.sub 2 3 1\n"
            "  12: I:i32.shl 3 0 5\n"
            "  15: I:i32.xor 2 3 9\n"
            "  18: I:i32.shr_u 2 1 2\n"
            "  21: W:i32.and 3 0 2\n"
            "  24: Return1 3\n");
}

TEST(TranslateFusionTest, LoadsAndStoresFoldASubOfAConstantAsTheAddOfItsNegation) {
  EXPECT_EQ(Dis("(module (memory 1) (func (param i32 i32) (result f64) "
                "local.get 0 i32.const 8 i32.sub local.get 1 f64.convert_i32_u f64.store offset=4 "
                "local.get 1 i32.const 48 i32.sub f64.load))"),
            "params 2, locals 0, frame 4 slots\n"
            "  0: W:f64.convert_i32_u 3 1\n"
            "  2: A:f64.store 0 4294967288 3 4\n"
            "  5: A:f64.load 2 1 4294967248 0\n"
            "  8: Return1 2\n");
}

TEST(TranslateFusionTest, AddOfAConstantIntoALocalFusesWithTheBrIfOnIt) {
  // Decrement-and-branch as a plain, counted and (not fused) checked
  // back-edge; a forward br_if on an add; not when the branch tests another
  // local or a label comes between.
  const std::string loop = "(module (func (param i32) (loop $l local.get 0 i32.const 1 i32.sub local.tee 0 br_if $l)))";
  EXPECT_EQ(Dis(loop), "params 1, locals 0, frame 3 slots\n"
                       "  0: BrIfAddImmNez 0 0 4294967295 -> 0\n"
                       "  3: Return\n");
  EXPECT_EQ(Dis(loop, Config()), "params 1, locals 0, frame 3 slots\n"
                                 "  0: BackBrIfAddImmNez 0 0 4294967295 -> 0\n"
                                 "  3: Return\n");
  Config checked;
  checked.consume_fuel = true;
  EXPECT_EQ(Dis(loop, checked), "params 1, locals 0, frame 3 slots\n"
                                "  0: I:i32.sub 0 0 1\n"
                                "  3: BackBrIfNezChecked 0 -> 0\n"
                                "  5: Return\n");
  EXPECT_EQ(Dis("(module (func (param i32 i32) (block $b local.get 0 i32.const 4 i32.add local.tee 0 br_if $b "
                "local.get 0 i32.const 4 i32.add local.set 0 local.get 1 br_if $b "
                "local.get 0 i32.const 2 i32.add local.set 0 (loop $l local.get 0 br_if $b))))"),
            "params 2, locals 0, frame 4 slots\n"
            "  0: BrIfAddImmNez 0 0 4 -> 13\n"
            "  3: I:i32.add 0 0 4\n"
            "  6: BrIfNez 1 -> 13\n"
            "  8: I:i32.add 0 0 2\n"
            "  11: BrIfNez 0 -> 13\n"
            "  13: Return\n");
}

}  // namespace
}  // namespace wasmtier::interp
