// Call handlers and entries: direct, indirect, by reference and host calls,
// tail calls (a million deep in a small value stack), stack exhaustion, call
// budgets, fuel and interrupts, and lazy translation through LazyEntry.
#include <vector>

#include "engine/runtime/host.h"
#include "gtest/gtest.h"
#include "interp/code.h"
#include "interp/interp.h"
#include "interp/testing/handler_harness.h"

namespace wasmtier::interp {
namespace {

using testing::LazyCodes;
using testing::TestInstance;
using testing::TranslateCalls;

IOp W(Opcode op) { return WasmForm(op); }

Code Finish(CodeBuilder& b, uint32_t params, uint32_t locals, uint32_t frame) {
  Code code;
  code.words = b.Finish();
  code.num_params = params;
  code.num_locals = locals;
  code.frame_slots = frame;
  return code;
}

Code AddCode() {
  CodeBuilder b;
  b.Emit(W(Opcode::kI64Add), {0, 0, 1});
  b.Emit(IOp::kReturn, {});
  return Finish(b, 2, 0, 2);
}

// (a, b) -> add(a, b) + 1 through the call op {emit} writes; the callee frame
// is at slot 3, its arguments copied there.
template <typename EmitCall>
Code CallerCode(uint32_t params, EmitCall emit) {
  CodeBuilder b;
  b.Emit(IOp::kCopy, {3, 0});
  b.Emit(IOp::kCopy, {4, 1});
  emit(b);
  b.Emit(IOp::kConst, {2}, {1});
  b.Emit(W(Opcode::kI64Add), {0, 3, 2});
  b.Emit(IOp::kReturn, {});
  return Finish(b, params, 0, 5);
}

absl::Status RunIn(TestInstance& t, rt::FuncInst* f, std::vector<rt::Slot>& args) {
  return t.Call(f, args);
}

TEST(CallsTest, DirectCall) {
  TestInstance t;
  t.Add(AddCode(), 2, 1);  // function 0
  rt::FuncInst* f = t.Add(CallerCode(2, [](CodeBuilder& b) { b.Emit(IOp::kCall, {0, 3}); }), 2, 1);
  std::vector<rt::Slot> args = {40, 1};
  ASSERT_TRUE(RunIn(t, f, args).ok());
  EXPECT_EQ(args[0], 42u);
}

TEST(CallsTest, CallIndirectChecksTableAndSignature) {
  TestInstance t;
  rt::FuncInst* add = t.Add(AddCode(), 2, 1, /*sig_id=*/t.sig_ids_[0]);
  rt::FuncInst* other = t.Add(AddCode(), 2, 1, /*sig_id=*/t.sig_ids_[1]);
  rt::TableInst* table = t.AddTable(3);
  table->elements[0] = reinterpret_cast<rt::Slot>(add);
  table->elements[2] = reinterpret_cast<rt::Slot>(other);
  // f(a, b, i) = table[i](a, b) + 1 with type index 0.
  rt::FuncInst* f =
      t.Add(CallerCode(3, [](CodeBuilder& b) { b.Emit(IOp::kCallIndirect, {0, 0, 2, 3}); }), 3, 1);
  std::vector<rt::Slot> args = {5, 6, 0};
  ASSERT_TRUE(RunIn(t, f, args).ok());
  EXPECT_EQ(args[0], 12u);
  const std::pair<uint64_t, TrapCode> traps[] = {{1, TrapCode::kUninitializedElement},
                                                 {2, TrapCode::kIndirectCallTypeMismatch},
                                                 {3, TrapCode::kUndefinedElement},
                                                 {0x100000000, TrapCode::kNone}};  // u32 index 0
  for (const auto& [index, trap] : traps) {
    args = {5, 6, index};
    const absl::Status s = RunIn(t, f, args);
    EXPECT_EQ(t.ctx().trap, trap) << index;
    EXPECT_EQ(s.ok(), trap == TrapCode::kNone) << index;
  }
}

TEST(CallsTest, CallRefAndNullTrap) {
  TestInstance t;
  t.Add(AddCode(), 2, 1);
  // f(a, b, r) calls add through ref.func, g(a, b, r) calls the ref r.
  rt::FuncInst* f = t.Add(CallerCode(3,
                                     [](CodeBuilder& b) {
                                       b.Emit(IOp::kRefFunc, {2, 0});
                                       b.Emit(IOp::kCallRef, {0, 2, 3});
                                     }),
                          3, 1);
  rt::FuncInst* g = t.Add(CallerCode(3, [](CodeBuilder& b) { b.Emit(IOp::kCallRef, {0, 2, 3}); }), 3, 1);
  std::vector<rt::Slot> args = {1, 2, 0};
  ASSERT_TRUE(RunIn(t, f, args).ok());
  EXPECT_EQ(args[0], 4u);
  args = {1, 2, 0};
  EXPECT_FALSE(RunIn(t, g, args).ok());
  EXPECT_EQ(t.ctx().trap, TrapCode::kNullFunctionReference);
}

TEST(CallsTest, HostCallAndHostError) {
  TestInstance t;
  rt::FuncInst* mul = t.AddHost(2, 1, [](rt::ExecContext*, rt::FuncInst*, rt::Slot* slots) {
    if (slots[1] == 0) return absl::InvalidArgumentError("host says no");
    slots[0] = slots[0] * slots[1];
    return absl::OkStatus();
  });
  ASSERT_EQ(mul->func_index, 0u);
  rt::FuncInst* f = t.Add(CallerCode(2, [](CodeBuilder& b) { b.Emit(IOp::kCall, {0, 3}); }), 2, 1);
  std::vector<rt::Slot> args = {6, 7};
  ASSERT_TRUE(RunIn(t, f, args).ok());
  EXPECT_EQ(args[0], 43u);
  args = {6, 0};
  const absl::Status s = RunIn(t, f, args);
  EXPECT_EQ(s.message(), "host says no");
}

// sum(n, acc) = n == 0 ? acc : return_call sum(n - 1, acc + n), as function
// {self}; the tail call is made by {op} (ReturnCall, or ReturnCallRef through
// ref.func).
Code TailSum(uint32_t self, IOp op) {
  CodeBuilder b;  // 0 n, 1 acc, 2 one, 3..4 outgoing, 5 ref
  const uint32_t test = b.Emit(IOp::kBrIfEqz, {0, 0});
  b.Emit(IOp::kConst, {2}, {1});
  b.Emit(W(Opcode::kI64Sub), {3, 0, 2});
  b.Emit(W(Opcode::kI64Add), {4, 1, 0});
  if (op == IOp::kReturnCall) {
    b.Emit(IOp::kReturnCall, {self, 3});
  } else {
    b.Emit(IOp::kRefFunc, {5, self});
    b.Emit(IOp::kReturnCallRef, {0, 5, 3});
  }
  const uint32_t done = b.Emit(IOp::kReturn1, {1});
  b.SetTarget(test, 1, done);
  return Finish(b, 2, 0, 6);
}

TEST(CallsTest, TailCallsRunInConstantStack) {
  Config config;
  config.max_wasm_stack_bytes = 4096;  // 512 slots: a million frames would not fit
  config.max_native_stack_bytes = 64 << 10;
  TestInstance t(config);
  rt::FuncInst* sum = t.Add(TailSum(0, IOp::kReturnCall), 2, 1);
  rt::FuncInst* sum_ref = t.Add(TailSum(1, IOp::kReturnCallRef), 2, 1);
  for (rt::FuncInst* f : {sum, sum_ref}) {
    std::vector<rt::Slot> args = {1'000'000, 0};
    const absl::Status s = RunIn(t, f, args);
    ASSERT_TRUE(s.ok()) << s;
    EXPECT_EQ(args[0], 1'000'000ull * 1'000'001 / 2);
  }
}

TEST(CallsTest, ReturnCallIndirectAndIntoHost) {
  TestInstance t;
  rt::FuncInst* host = t.AddHost(2, 1, [](rt::ExecContext*, rt::FuncInst*, rt::Slot* slots) {
    slots[0] = slots[0] - slots[1];
    return absl::OkStatus();
  });
  rt::FuncInst* add = t.Add(AddCode(), 2, 1, t.sig_ids_[0]);
  rt::TableInst* table = t.AddTable(2);
  table->elements[0] = reinterpret_cast<rt::Slot>(add);
  host->sig_id = t.sig_ids_[0];
  table->elements[1] = reinterpret_cast<rt::Slot>(host);
  // f(a, b, i) = return_call_indirect table[i](b, a)
  CodeBuilder b;
  b.Emit(IOp::kCopy, {3, 1});
  b.Emit(IOp::kCopy, {4, 0});
  b.Emit(IOp::kReturnCallIndirect, {0, 0, 2, 3});
  rt::FuncInst* f = t.Add(Finish(b, 3, 0, 5), 3, 1);
  std::vector<rt::Slot> args = {10, 3, 0};
  ASSERT_TRUE(RunIn(t, f, args).ok());
  EXPECT_EQ(args[0], 13u);
  args = {10, 3, 1};
  ASSERT_TRUE(RunIn(t, f, args).ok());
  EXPECT_EQ(args[0], static_cast<uint64_t>(3 - 10));
}

TEST(CallsTest, UnboundedRecursionExhaustsTheStack) {
  for (uint32_t base : {0u, 1u, 64u}) {  // native stack first, or the value stack
    TestInstance t;
    CodeBuilder b;
    b.Emit(IOp::kCall, {0, base});
    b.Emit(IOp::kReturn, {});
    rt::FuncInst* f = t.Add(Finish(b, 0, 0, base + 1), 0, 0);
    std::vector<rt::Slot> args;
    EXPECT_FALSE(RunIn(t, f, args).ok());
    EXPECT_EQ(t.ctx().trap, TrapCode::kStackExhausted) << base;
    ASSERT_FALSE(t.ctx().trap_frames.empty());
    EXPECT_EQ(t.ctx().trap_frames[0].func, f);
  }
}

TEST(CallsTest, LocalsAreZeroedAtEntry) {
  TestInstance t;
  CodeBuilder b;  // returns param + local 1 + local 2, locals must read 0
  b.Emit(W(Opcode::kI64Add), {0, 0, 1});
  b.Emit(W(Opcode::kI64Add), {0, 0, 2});
  b.Emit(IOp::kConst, {1}, {77});  // dirty the slots for the next call
  b.Emit(IOp::kConst, {2}, {88});
  b.Emit(IOp::kReturn, {});
  rt::FuncInst* f = t.Add(Finish(b, 1, 2, 3), 1, 1);
  for (int i = 0; i < 2; ++i) {
    std::vector<rt::Slot> args = {5};
    ASSERT_TRUE(RunIn(t, f, args).ok());
    EXPECT_EQ(args[0], 5u);
  }
}

TEST(CallsTest, CountingCodeChargesCalls) {
  TestInstance t;
  Code code = AddCode();
  code.count_calls = true;
  rt::FuncInst* add = t.Add(std::move(code), 2, 1);
  add->budget = 100;
  std::vector<rt::Slot> args = {1, 2};
  ASSERT_TRUE(RunIn(t, add, args).ok());
  ASSERT_TRUE(RunIn(t, add, args).ok());
  EXPECT_EQ(add->budget, 98);
}

// A loop of {n} iterations closed by a Checked back-edge; entry checks on.
Code CheckedLoop() {
  CodeBuilder b;  // 0 n, 1 one
  b.Emit(IOp::kConst, {1}, {1});
  const uint32_t head = b.Emit(W(Opcode::kI32Sub), {0, 0, 1});
  const uint32_t back = b.Emit(IOp::kBackBrIfNezChecked, {0, 0});
  b.SetTarget(back, 1, head);
  b.Emit(IOp::kReturn, {});
  Code code = Finish(b, 1, 1, 2);
  code.entry_checks = true;
  return code;
}

TEST(CallsTest, FuelIsChargedPerCallAndBackEdge) {
  Config config;
  config.consume_fuel = true;
  TestInstance t(config);
  rt::FuncInst* f = t.Add(CheckedLoop(), 1, 1);
  t.ctx().fuel = 100;
  std::vector<rt::Slot> args = {50};  // 1 entry + 49 taken back-edges
  ASSERT_TRUE(RunIn(t, f, args).ok());
  EXPECT_EQ(t.ctx().fuel, 50);
  args = {60};
  EXPECT_FALSE(RunIn(t, f, args).ok());
  EXPECT_EQ(t.ctx().trap, TrapCode::kOutOfFuel);
  EXPECT_EQ(t.ctx().fuel, 0);
}

TEST(CallsTest, InterruptStopsALoopAndFuelOffIsIgnored) {
  Config config;
  config.interruptible = true;  // fuel off: the counter may wrap harmlessly
  TestInstance t(config);
  rt::FuncInst* f = t.Add(CheckedLoop(), 1, 1);
  t.ctx().fuel = 3;
  std::vector<rt::Slot> args = {1000};
  ASSERT_TRUE(RunIn(t, f, args).ok());
  t.ctx().interrupt.store(1);
  args = {1000};
  EXPECT_FALSE(RunIn(t, f, args).ok());
  EXPECT_EQ(t.ctx().trap, TrapCode::kInterrupted);
  t.ctx().interrupt.store(0);
}

TEST(LazyEntryTest, TranslatesOncePublishesAndRuns) {
  TestInstance t;
  rt::FuncInst* add = t.Add(AddCode(), 2, 1, 0, /*lazy=*/true);
  Code code = AddCode();
  code.source_map = {{0, 0x30}};
  LazyCodes().insert_or_assign(add->func_index, std::move(code));
  rt::FuncInst* f = t.Add(CallerCode(2, [](CodeBuilder& b) { b.Emit(IOp::kCall, {0, 3}); }), 2, 1);
  const int before = TranslateCalls();
  for (int i = 0; i < 3; ++i) {
    std::vector<rt::Slot> args = {20, 21};
    ASSERT_TRUE(RunIn(t, f, args).ok());
    EXPECT_EQ(args[0], 42u);
  }
  EXPECT_EQ(TranslateCalls(), before + 1);
  EXPECT_EQ(add->code->entry.load(), &InterpEntry);
  ASSERT_NE(add->code->interp.load(), nullptr);
  auto source_offset = add->code->source_offset.load();
  ASSERT_NE(source_offset, nullptr);
  EXPECT_EQ(source_offset(add->code, nullptr), 0x30u);
  absl::StatusOr<const Code*> again = GetOrTranslate(t.module_code(), add->func_index);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again, add->code->interp.load());
}

TEST(LazyEntryTest, TailCallIntoALazyCallee) {
  TestInstance t;
  t.Add(TailSum(0, IOp::kReturnCall), 2, 1, 0, /*lazy=*/true);
  CodeBuilder b;
  b.Emit(IOp::kReturnCall, {0, 0});
  rt::FuncInst* f = t.Add(Finish(b, 2, 0, 2), 2, 1);
  std::vector<rt::Slot> args = {100, 0};
  ASSERT_TRUE(RunIn(t, f, args).ok());
  EXPECT_EQ(args[0], 5050u);
}

TEST(LazyEntryTest, TranslationErrorsAreRaisedAndRemembered) {
  TestInstance t;
  rt::FuncInst* bad = t.Add(AddCode(), 2, 1, 0, /*lazy=*/true);
  LazyCodes().insert_or_assign(bad->func_index,
                               absl::UnimplementedError("unsupported: SIMD (v128.load)"));
  const int before = TranslateCalls();
  for (int i = 0; i < 2; ++i) {
    std::vector<rt::Slot> args = {1, 2};
    const absl::Status s = RunIn(t, bad, args);
    EXPECT_EQ(s.code(), absl::StatusCode::kUnimplemented);
    EXPECT_EQ(s.message(), "unsupported: SIMD (v128.load)");
  }
  EXPECT_EQ(TranslateCalls(), before + 1);
  EXPECT_EQ(bad->code->entry.load(), &LazyEntry);
}

}  // namespace
}  // namespace wasmtier::interp
