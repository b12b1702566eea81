// Translator tests: WAT -> binary -> DecodeAndValidate -> Translate ->
// Disassemble, asserting the exact register code: operand folding, local.set
// retargeting, fused compare+branch, back-edge forms per config, parallel-move
// returns, br_table stubs, multi-value blocks, memories, calls, and the
// "unsupported: ..." errors for what the interpreter does not execute.
#include <string>

#include "engine/error.h"
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

Config CountingConfig() { return Config(); }

Config CheckedConfig() {
  Config config;
  config.consume_fuel = true;
  return config;
}

absl::StatusOr<std::unique_ptr<Code>> TranslateWat(const std::string& wat, uint32_t func, const Config& config) {
  auto bytes = text::WatToBinary(wat);
  if (!bytes.ok()) return bytes.status();
  auto module = DecodeAndValidate(bytes->data(), bytes->size(), config.features);
  if (!module.ok()) return module.status();
  return Translate(**module, func, config);
}

// The disassembly of function {func}, or the error's message.
std::string Dis(const std::string& wat, uint32_t func = 0, const Config& config = PlainConfig()) {
  auto code = TranslateWat(wat, func, config);
  if (!code.ok()) return std::string(code.status().message());
  return Disassemble(**code);
}

TEST(TranslateTest, LocalGetOperandsFoldAndLocalSetRetargets) {
  EXPECT_EQ(Dis("(module (func (param i32 i32) (local i32) local.get 0 local.get 1 i32.add local.set 2))"),
            "params 2, locals 1, frame 5 slots\n"
            "  0: W:i32.add 2 0 1\n"
            "  3: Return\n");
}

TEST(TranslateTest, SingleResultReturnsWithReturn1) {
  EXPECT_EQ(Dis("(module (func (param i32 i32) (result i32) local.get 0 local.get 1 i32.add))"),
            "params 2, locals 0, frame 4 slots\n"
            "  0: W:i32.add 2 0 1\n"
            "  3: Return1 2\n");
  // A constant result goes straight to fp[0].
  EXPECT_EQ(Dis("(module (func (result i64) i64.const -1))"),
            "params 0, locals 0, frame 1 slots\n"
            "  0: Const 0 #18446744073709551615\n"
            "  3: Return\n");
}

TEST(TranslateTest, LocalTeeRetargetsAndLaterReadsUseTheLocal) {
  EXPECT_EQ(Dis("(module (func (param i32) (result i32) (local i32) local.get 0 i32.const 3 i32.mul local.tee 1 "
                "local.get 1 i32.add))"),
            "params 1, locals 1, frame 4 slots\n"
            "  0: I:i32.mul 1 0 3\n"
            "  3: W:i32.add 2 1 1\n"
            "  6: Return1 2\n");
}

TEST(TranslateTest, StackReadsOfALocalAreCopiedBeforeItIsSet) {
  // The first local.get 0 is still on the stack when local 0 is written: it
  // gets its own copy first, so the retargeting no longer applies.
  EXPECT_EQ(Dis("(module (func (param i32) (result i32) local.get 0 local.get 0 i32.const 1 i32.add local.set 0 "
                "local.get 0 i32.add))"),
            "params 1, locals 0, frame 4 slots\n"
            "  0: I:i32.add 2 0 1\n"
            "  3: Copy2 1 0 0 2\n"
            "  6: W:i32.add 1 1 0\n"
            "  9: Return1 1\n");
}

TEST(TranslateTest, LoopBackEdgesInTheThreeConfigModes) {
  const std::string wat = "(module (func (param i32) (loop $l local.get 0 i32.const 1 i32.shr_u local.tee 0 br_if $l)))";
  const std::string body = "params 1, locals 0, frame 3 slots\n  0: I:i32.shr_u 0 0 1\n";
  EXPECT_EQ(Dis(wat, 0, PlainConfig()), body + "  3: BrIfNez 0 -> 0\n  5: Return\n");
  EXPECT_EQ(Dis(wat, 0, CountingConfig()), body + "  3: BackBrIfNez 0 -> 0\n  5: Return\n");
  EXPECT_EQ(Dis(wat, 0, CheckedConfig()), body + "  3: BackBrIfNezChecked 0 -> 0\n  5: Return\n");
  Config interruptible = PlainConfig();
  interruptible.interruptible = true;
  EXPECT_EQ(Dis(wat, 0, interruptible), body + "  3: BackBrIfNezChecked 0 -> 0\n  5: Return\n");
}

TEST(TranslateTest, UnconditionalBackEdgeFormsAndConditionalReturn) {
  // br_if to the function's label is a conditional return: a negated test
  // (the i32.eqz fused away) over the return sequence.
  const std::string wat =
      "(module (func (param i32) (loop $l local.get 0 i32.eqz br_if 1 local.get 0 i32.const 1 i32.sub local.set 0 "
      "br $l)))";
  const std::string head =
      "params 1, locals 0, frame 3 slots\n"
      "  0: BrIfNez 0 -> 3\n"
      "  2: Return\n"
      "  3: I:i32.sub 0 0 1\n";
  EXPECT_EQ(Dis(wat, 0, PlainConfig()), head + "  6: Br -> 0\n");
  EXPECT_EQ(Dis(wat, 0, CountingConfig()), head + "  6: BackBr -> 0\n");
  EXPECT_EQ(Dis(wat, 0, CheckedConfig()), head + "  6: BackBrChecked -> 0\n");
}

TEST(TranslateTest, CompareFusesIntoBranchUnlessTheBackEdgeIsChecked) {
  const std::string wat =
      "(module (func (param i32) (local i32) (loop $l local.get 1 i32.const 1 i32.add local.tee 1 local.get 0 "
      "i32.lt_s br_if $l)))";
  EXPECT_EQ(Dis(wat, 0, PlainConfig()),
            "params 1, locals 1, frame 4 slots\n"
            "  0: I:i32.add 1 1 1\n"
            "  3: BrIfI32LtS 1 0 -> 0\n"
            "  6: Return\n");
  EXPECT_EQ(Dis(wat, 0, CountingConfig()),
            "params 1, locals 1, frame 4 slots\n"
            "  0: I:i32.add 1 1 1\n"
            "  3: BackBrIfI32LtS 1 0 -> 0\n"
            "  6: Return\n");
  EXPECT_EQ(Dis(wat, 0, CheckedConfig()),
            "params 1, locals 1, frame 4 slots\n"
            "  0: I:i32.add 1 1 1\n"
            "  3: W:i32.lt_s 2 1 0\n"
            "  6: BackBrIfNezChecked 2 -> 0\n"
            "  8: Return\n");
  // With a constant bound: the immediate counted form.
  EXPECT_EQ(Dis("(module (func (local i32) (loop $l local.get 0 i32.const 1 i32.add local.tee 0 i32.const 100 "
                "i32.lt_u br_if $l)))",
                0, CountingConfig()),
            "params 0, locals 1, frame 3 slots\n"
            "  0: I:i32.add 0 0 1\n"
            "  3: BackBrIfI32LtUImm 0 100 -> 0\n"
            "  6: Return\n");
}

TEST(TranslateTest, EqzFusesIntoBranch) {
  EXPECT_EQ(Dis("(module (global $g (mut i32) (i32.const 0)) (func (param i32 i32) (block local.get 0 i32.eqz br_if 0 "
                "local.get 0 local.get 1 local.get 0 select global.set $g)))"),
            "params 2, locals 0, frame 5 slots\n"
            "  0: BrIfEqz 0 -> 7\n"
            "  2: Select 2 0 1 0\n"
            "  5: GlobalSet 2 0\n"
            "  7: Return\n");
}

TEST(TranslateTest, IfWithFusedCompareAndLocalsMaterializedAtTheLabel) {
  // The entry reading local 0 below the `if` is copied before the branch, so
  // both paths to the end see the old value.
  EXPECT_EQ(Dis("(module (func (param i32 i32) (result i32) local.get 0 local.get 0 local.get 1 i32.gt_u "
                "if i32.const 0 local.set 0 end))"),
            "params 2, locals 0, frame 5 slots\n"
            "  0: Copy 2 0\n"
            "  2: BrIfNotI32GtU 0 1 -> 8\n"
            "  5: Const 0 #0\n"
            "  8: Return1 2\n");
}

TEST(TranslateTest, IfWithoutElseBranchesOverTheThenArm) {
  EXPECT_EQ(Dis("(module (func (param i32) (result i32) (local i32) local.get 0 if local.get 0 local.set 1 end "
                "local.get 1))"),
            "params 1, locals 1, frame 3 slots\n"
            "  0: BrIfEqz 0 -> 4\n"
            "  2: Copy 1 0\n"
            "  4: Return1 1\n");
}

TEST(TranslateTest, ConstantOperandsBecomeImmediates) {
  // Right constant; left constant of a commutative op; a mirrored compare
  // (5 < x is x > 5); an i64 constant that fits in 32 bits (sign-extended) and
  // one that does not; i32.sub with a left constant has no immediate form.
  EXPECT_EQ(Dis("(module (func (param i32 i64) (result i32) (local i32 i64) "
                "local.get 0 i32.const -7 i32.and local.set 2 "
                "i32.const 9 local.get 0 i32.mul local.set 2 "
                "i32.const 5 local.get 0 i32.lt_u local.set 2 "
                "local.get 1 i64.const -3 i64.add local.set 3 "
                "local.get 1 i64.const 0x100000000 i64.add local.set 3 "
                "i32.const 1 local.get 0 i32.sub))"),
            "params 2, locals 2, frame 6 slots\n"
            "  0: I:i32.and 2 0 4294967289\n"
            "  3: I:i32.mul 2 0 9\n"
            "  6: I:i32.gt_u 2 0 5\n"
            "  9: I:i64.add 3 1 4294967293\n"
            "  12: Const 5 #4294967296\n"
            "  15: W:i64.add 3 1 5\n"
            "  18: Const 4 #1\n"
            "  21: W:i32.sub 4 4 0\n"
            "  24: Return1 4\n");
}

TEST(TranslateTest, CompareWithConstantFusesIntoImmediateBranch) {
  EXPECT_EQ(Dis("(module (func (param i32) (result i32) (block $b local.get 0 i32.const 10 i32.ge_s br_if $b "
                "i32.const 100 local.get 0 i32.ne (if (then unreachable))) local.get 0))"),
            "params 1, locals 0, frame 3 slots\n"
            "  0: BrIfI32GeSImm 0 10 -> 7\n"
            "  3: BrIfNotI32NeImm 0 100 -> 7\n"
            "  6: Unreachable\n"
            "  7: Return1 0\n");
}

TEST(TranslateTest, LoadsFoldTheAddThatComputedTheirAddress) {
  // Only when the add's result is a temporary read by the load alone: a
  // local.tee'd address keeps its add.
  EXPECT_EQ(Dis("(module (memory 1) (func (param i32 i32) (result i32) "
                "local.get 0 i32.const 16 i32.add i32.load offset=4 "
                "local.get 0 local.get 1 i32.add f64.load offset=8 drop "
                "local.get 0 i32.const 4 i32.add local.tee 1 i32.load i32.add))"),
            "params 2, locals 0, frame 5 slots\n"
            "  0: A:i32.load 2 0 16 4\n"
            "  3: X:f64.load 3 0 1 8\n"
            "  6: I:i32.add 1 0 4\n"
            "  9: W:i32.load 3 1 0\n"
            "  12: W:i32.add 2 2 3\n"
            "  15: Return1 2\n");
}

TEST(TranslateTest, FloatMultiplyFoldsIntoItsAddOrSub) {
  // a + b*c, b*c - a (product on the left: Rev), and a constant left operand.
  EXPECT_EQ(Dis("(module (func (param f64 f64 f64 f32 f32) (result f32) (local f64) "
                "local.get 0 local.get 1 local.get 2 f64.mul f64.add local.set 5 "
                "local.get 1 local.get 2 f64.mul local.get 0 f64.sub local.set 5 "
                "f32.const 2 local.get 3 local.get 4 f32.mul f32.sub))"),
            "params 5, locals 1, frame 9 slots\n"
            "  0: F64MulAdd 5 0 1 2\n"
            "  3: F64MulSubRev 5 0 1 2\n"
            "  6: Const 6 #1073741824\n"
            "  9: F32MulSub 6 6 3 4\n"
            "  12: Return1 6\n");
}

TEST(TranslateTest, StoresFoldTheAddOfTheirAddressWhenNothingIntervenes) {
  // The address add is followed by the value's computation (a load): the add
  // moves into the store. A local.set between them (here of the add's own
  // operand, through local.tee) keeps it; so does a branch.
  EXPECT_EQ(Dis("(module (memory 1) (func (param i32 i32) "
                "local.get 0 i32.const 8 i32.add local.get 1 i32.load8_u offset=4 i32.store offset=2 "
                "local.get 0 i32.const 8 i32.add local.get 1 local.tee 0 i32.store "
                "local.get 0 i32.const 8 i32.add (block (result i32) local.get 1 local.get 1 br_if 0) i32.store))"),
            "params 2, locals 0, frame 5 slots\n"
            "  0: W:i32.load8_u 3 1 4\n"
            "  3: A:i32.store 0 8 3 2\n"
            "  6: I:i32.add 2 0 8\n"
            "  9: Copy 0 1\n"
            "  11: W:i32.store 2 0 0\n"
            "  14: I:i32.add 2 0 8\n"
            "  17: BrIfEqz 1 -> 23\n"
            "  19: Copy 3 1\n"
            "  21: Br -> 25\n"
            "  23: Copy 3 1\n"
            "  25: W:i32.store 2 3 0\n"
            "  28: Return\n");
}

TEST(TranslateTest, StoresFoldTheirAddressAddAcrossWritesToOtherLocals) {
  // The value is computed through local 2 (a write to a local the add does
  // not read): the add still moves into the store. A write to the add's base
  // (local 0) keeps it.
  EXPECT_EQ(Dis("(module (memory 1) (func (param i32 i32) (local i32) "
                "local.get 0 i32.const 8 i32.add local.get 1 i32.load local.set 2 local.get 2 i32.store "
                "local.get 0 i32.const 8 i32.add local.get 1 i32.load local.set 0 local.get 0 i32.store))"),
            "params 2, locals 1, frame 5 slots\n"
            "  0: W:i32.load 2 1 0\n"
            "  3: A:i32.store 0 8 2 0\n"
            "  6: I:i32.add 3 0 8\n"
            "  9: W:i32.load 0 1 0\n"
            "  12: W:i32.store 3 0 0\n"
            "  15: Return\n");
}

TEST(TranslateTest, IfElseWithParamsAndResults) {
  EXPECT_EQ(Dis("(module (func (param i32 i32) (result i32) local.get 1 local.get 0 (if (param i32) (result i32) "
                "(then i32.const 1 i32.add) (else i32.const 2 i32.mul))))"),
            "params 2, locals 0, frame 4 slots\n"
            "  0: Copy 2 1\n"
            "  2: BrIfEqz 0 -> 9\n"
            "  4: I:i32.add 2 2 1\n"
            "  7: Br -> 12\n"
            "  9: I:i32.mul 2 2 2\n"
            "  12: Return1 2\n");
}

TEST(TranslateTest, MultiValueBlockAndBrIfWithValueCopies) {
  // br_if carries two values that are not in the label's slots: a negated
  // test jumps over the copies, so the fall-through keeps its stack.
  EXPECT_EQ(Dis("(module (func (param i32 i32) (result i32 i32) local.get 0 local.get 1 (block (param i32 i32) "
                "(result i32 i32) local.get 0 local.get 1 local.get 0 br_if 0 drop drop)))"),
            "params 2, locals 0, frame 7 slots\n"
            "  0: Copy2 2 0 3 1\n"
            "  3: BrIfEqz 0 -> 10\n"
            "  5: Copy2 2 0 3 1\n"
            "  8: Br -> 10\n"
            "  10: Copy2 1 3 0 2\n"
            "  13: Return\n");
  EXPECT_EQ(Dis("(module (func (param i32) (result i32) (block (result i32) i32.const 5 local.get 0 br_if 0 drop "
                "i32.const 6)))"),
            "params 1, locals 0, frame 3 slots\n"
            "  0: BrIfEqz 0 -> 7\n"
            "  2: Const 1 #5\n"
            "  5: Br -> 10\n"
            "  7: Const 1 #6\n"
            "  10: Return1 1\n");
}

TEST(TranslateTest, ReturnIsAParallelMove) {
  // Swap through a scratch slot above the stack (counted in the frame).
  EXPECT_EQ(Dis("(module (func (param i32 i32) (result i32 i32) local.get 1 local.get 0))"),
            "params 2, locals 0, frame 5 slots\n"
            "  0: Copy2 4 0 0 1\n"
            "  3: Copy 1 4\n"
            "  5: Return\n");
  EXPECT_EQ(Dis("(module (func (param i32 i32 i32) (result i32 i32 i32) local.get 1 local.get 2 local.get 0))"),
            "params 3, locals 0, frame 7 slots\n"
            "  0: Copy2 6 0 0 1\n"
            "  3: Copy2 1 2 2 6\n"
            "  6: Return\n");
  // Fan-out and a constant: fp[1] already holds its result.
  EXPECT_EQ(Dis("(module (func (param i32 i32) (result i32 i32 i32) local.get 1 local.get 1 i32.const 9))"),
            "params 2, locals 0, frame 5 slots\n"
            "  0: Const 2 #9\n"
            "  3: Copy 0 1\n"
            "  5: Return\n");
}

TEST(TranslateTest, BrTableDirectTargetsAndReturnStubs) {
  EXPECT_EQ(Dis("(module (func (param i32) (result i32) (block $a (block $b (block $c local.get 0 br_table $a $b $c)) "
                "i32.const 1 return) i32.const 2))"),
            "params 1, locals 0, frame 2 slots\n"
            "  0: BrTable 0 2 [8 4 4]\n"
            "  4: Const 0 #1\n"
            "  7: Return\n"
            "  8: Const 0 #2\n"
            "  11: Return\n");
  // Every target needs a value copy: one stub per distinct target; the one to
  // the function's label is a return.
  EXPECT_EQ(Dis("(module (func (param i32) (result i32) (block $out (result i32) local.get 0 local.get 0 "
                "br_table $out 1 $out) i32.const 1 i32.add))"),
            "params 1, locals 0, frame 3 slots\n"
            "  0: BrTable 0 2 [4 8 4]\n"
            "  4: Copy 1 0\n"
            "  6: Br -> 10\n"
            "  8: Return1 0\n"
            "  10: I:i32.add 1 1 1\n"
            "  13: Return1 1\n");
}

TEST(TranslateTest, BrTableToALoopGoesThroughABackEdgeStubWhenCounting) {
  const std::string wat =
      "(module (func (param i32) (result i32) i32.const 7 (loop $l (param i32) (result i32) local.get 0 "
      "br_table $l 1)))";
  EXPECT_EQ(Dis(wat, 0, PlainConfig()),
            "params 1, locals 0, frame 3 slots\n"
            "  0: Const 1 #7\n"
            "  3: BrTable 0 1 [3 6]\n"
            "  6: Return1 1\n");
  EXPECT_EQ(Dis(wat, 0, CountingConfig()),
            "params 1, locals 0, frame 3 slots\n"
            "  0: Const 1 #7\n"
            "  3: BrTable 0 1 [6 8]\n"
            "  6: BackBr -> 3\n"
            "  8: Return1 1\n");
}

TEST(TranslateTest, CallsPlaceArgumentsInConsecutiveSlots) {
  EXPECT_EQ(Dis("(module (func $f (param i32 i64) (result i32) local.get 0) (func (param i32) (result i32) local.get 0 "
                "i64.const 3 call $f))",
                1),
            "params 1, locals 0, frame 3 slots\n"
            "  0: Copy 1 0\n"
            "  2: Const 2 #3\n"
            "  5: Call 0 1\n"
            "  7: Return1 1\n");
}

TEST(TranslateTest, IndirectRefAndTailCalls) {
  EXPECT_EQ(Dis("(module (type $t (func (param i32) (result i32))) (table 1 funcref) (func $f (type $t) local.get 0) "
                "(elem declare func $f) (func (param i32) (result i32) local.get 0 i32.const 0 call_indirect (type $t) "
                "ref.func $f call_ref $t local.get 0 return_call $f))",
                1),
            "params 1, locals 0, frame 3 slots\n"
            "  0: Copy 1 0\n"
            "  2: Const 2 #0\n"
            "  5: CallIndirect 0 0 2 1\n"
            "  8: RefFunc 2 0\n"
            "  10: CallRef 0 2 1\n"
            "  13: Copy 2 0\n"
            "  15: ReturnCall 0 2\n");
  EXPECT_EQ(Dis("(module (type $t (func (param i32) (result i32))) (table $u 1 funcref) (table $v i64 1 funcref) "
                "(func (param i32 i64 funcref) (result i32) local.get 0 local.get 1 return_call_indirect $v (type $t)) "
                "(func (param i32 (ref null $t)) (result i32) local.get 0 local.get 1 return_call_ref $t))"),
            "params 3, locals 0, frame 5 slots\n"
            "  0: Copy 3 0\n"
            "  2: ReturnCallIndirect 0 1 1 3\n");
  EXPECT_EQ(Dis("(module (type $t (func (param i32) (result i32))) "
                "(func (param i32 (ref null $t)) (result i32) local.get 0 local.get 1 return_call_ref $t))"),
            "params 2, locals 0, frame 4 slots\n"
            "  0: Copy 2 0\n"
            "  2: ReturnCallRef 0 1 2\n");
}

TEST(TranslateTest, GuardedAndCheckedMemoryForms) {
  // Memory 0 is 32-bit: guarded W forms; memory 1 is 64-bit: checked M forms
  // with the memory index and a 64-bit offset.
  EXPECT_EQ(Dis("(module (memory 1) (memory $m64 i64 1) (func (param i32 i64) (result i32) local.get 0 "
                "i32.load offset=8 local.get 1 i32.load $m64 offset=16 i32.add local.get 0 i32.const 3 "
                "i32.store8 offset=1))"),
            "params 2, locals 0, frame 5 slots\n"
            "  0: W:i32.load 2 0 8\n"
            "  3: M:i32.load 3 1 1 #16\n"
            "  7: W:i32.add 2 2 3\n"
            "  10: Const 4 #3\n"
            "  13: W:i32.store8 0 4 1\n"
            "  16: Return1 2\n");
  // A 64-bit memory 0 is checked too, offsets beyond 4 GiB included.
  EXPECT_EQ(Dis("(module (memory i64 1) (func (param i64) (result i64) local.get 0 i64.load offset=0x100000000))"),
            "params 1, locals 0, frame 2 slots\n"
            "  0: M:i64.load 1 0 0 #4294967296\n"
            "  4: Return1 1\n");
}

TEST(TranslateTest, BulkMemoryAndTableOps) {
  EXPECT_EQ(Dis("(module (memory 1) (table 2 funcref) (data \"ab\") (elem funcref (ref.null func)) "
                "(func (param i32) (result i32) local.get 0 i32.const 0 i32.const 2 memory.init 0 data.drop 0 "
                "local.get 0 i32.const 1 i32.const 3 memory.fill ref.null func i32.const 1 table.grow 0 table.size 0 "
                "i32.add))"),
            "params 1, locals 0, frame 4 slots\n"
            "  0: Const 2 #0\n"
            "  3: Const 3 #2\n"
            "  6: MemoryInit 0 2 3 0 0\n"
            "  10: DataDrop 0\n"
            "  12: Const 2 #1\n"
            "  15: Const 3 #3\n"
            "  18: MemoryFill 0 2 3 0\n"
            "  21: Const 1 #0\n"
            "  24: Const 2 #1\n"
            "  27: TableGrow 1 1 2 0\n"
            "  30: TableSize 2 0\n"
            "  32: W:i32.add 1 1 2\n"
            "  35: Return1 1\n");
}

TEST(TranslateTest, BrOnNull) {
  EXPECT_EQ(Dis("(module (type $t (func)) (func (param (ref null $t)) (result (ref $t)) "
                "(block local.get 0 br_on_null 0 return) unreachable))"),
            "params 1, locals 0, frame 2 slots\n"
            "  0: BrOnNull 0 -> 4\n"
            "  2: Return1 0\n"
            "  4: Unreachable\n");
}

TEST(TranslateTest, BackEdgeFormsOfEqzAndReferenceBranches) {
  // i32.eqz fuses into the counting back-edge (BackBrIfEqz); br_on_null has
  // no back-edge form, so a counted one branches over a BackBr.
  EXPECT_EQ(Dis("(module (func (param i32) (loop $l local.get 0 i32.const 1 i32.sub local.tee 0 i32.eqz br_if $l)))",
                0, CountingConfig()),
            "params 1, locals 0, frame 3 slots\n"
            "  0: I:i32.sub 0 0 1\n"
            "  3: BackBrIfEqz 0 -> 0\n"
            "  5: Return\n");
  const std::string wat =
      "(module (type $t (func)) (func (param (ref null $t)) (loop $l local.get 0 br_on_null $l drop)))";
  EXPECT_EQ(Dis(wat, 0, PlainConfig()),
            "params 1, locals 0, frame 2 slots\n"
            "  0: BrOnNull 0 -> 0\n"
            "  2: Return\n");
  EXPECT_EQ(Dis(wat, 0, CountingConfig()),
            "params 1, locals 0, frame 2 slots\n"
            "  0: BrOnNonNull 0 -> 4\n"
            "  2: BackBr -> 0\n"
            "  4: Return\n");
  // br_on_non_null passes the reference itself as the label's last value.
  EXPECT_EQ(Dis("(module (type $t (func)) (func (param (ref null $t)) (result (ref $t)) "
                "(block $b (result (ref $t)) local.get 0 br_on_non_null $b unreachable)))"),
            "params 1, locals 0, frame 2 slots\n"
            "  0: BrOnNull 0 -> 6\n"
            "  2: Copy 1 0\n"
            "  4: Br -> 7\n"
            "  6: Unreachable\n"
            "  7: Return1 1\n");
}

TEST(TranslateTest, SimdIsUnsupported) {
  auto code = TranslateWat("(module (func (result i32) v128.const i32x4 1 2 3 4 i32x4.extract_lane 0))", 0,
                           PlainConfig());
  ASSERT_FALSE(code.ok());
  EXPECT_TRUE(IsUnsupported(code.status()));
  EXPECT_EQ(code.status().message(), "unsupported: SIMD in the interpreter (v128.const) (at offset 0x18)");
  code = TranslateWat("(module (func (param v128)))", 0, PlainConfig());
  ASSERT_FALSE(code.ok());
  EXPECT_TRUE(IsUnsupported(code.status()));
}

TEST(TranslateTest, SourceMapRecordsTrappingInstructionsAndCalls) {
  auto code = TranslateWat("(module (memory 1) (func $f) (func (param i32) (result i32) call $f local.get 0 "
                           "local.get 0 i32.div_u i32.load))",
                           1, PlainConfig());
  ASSERT_TRUE(code.ok()) << code.status();
  // call at 0x..., div_u, load: word indices 0, 2, 5.
  ASSERT_EQ((*code)->source_map.size(), 3u);
  EXPECT_EQ((*code)->source_map[0].first, 0u);
  EXPECT_EQ((*code)->source_map[1].first, 2u);
  EXPECT_EQ((*code)->source_map[2].first, 5u);
  EXPECT_LT((*code)->source_map[0].second, (*code)->source_map[1].second);
  EXPECT_LT((*code)->source_map[1].second, (*code)->source_map[2].second);
}

TEST(TranslateTest, ConfigFlagsReachTheCode) {
  auto code = TranslateWat("(module (func))", 0, CheckedConfig());
  ASSERT_TRUE(code.ok());
  EXPECT_TRUE((*code)->entry_checks);
  EXPECT_TRUE((*code)->count_calls);
  code = TranslateWat("(module (func))", 0, PlainConfig());
  ASSERT_TRUE(code.ok());
  EXPECT_FALSE((*code)->entry_checks);
  EXPECT_FALSE((*code)->count_calls);
}

TEST(TranslateTest, ImportedFunctionsAreNotTranslated) {
  auto code = TranslateWat("(module (import \"m\" \"f\" (func)) (func))", 0, PlainConfig());
  EXPECT_FALSE(code.ok());
  EXPECT_TRUE(TranslateWat("(module (import \"m\" \"f\" (func)) (func))", 1, PlainConfig()).ok());
}

}  // namespace
}  // namespace wasmtier::interp
