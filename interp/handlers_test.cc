// Handler tests: hand-built register code (CodeBuilder) run through
// rt::CallFromHost: moves, arithmetic, loops with back-edges, fused compare
// branches, br_table, calls of every kind, tail calls in constant stack, memory,
// tables, references, traps, fuel and interrupts, and lazy translation.
#include <cstring>
#include <vector>

#include "engine/runtime/numeric.h"
#include "engine/runtime/profile.h"
#include "gtest/gtest.h"
#include "interp/code.h"
#include "interp/testing/handler_harness.h"
#include "interp/interp.h"

namespace wasmtier::interp {
namespace {

using testing::TestInstance;

IOp W(Opcode op) { return WasmForm(op); }

Code Finish(CodeBuilder& b, uint32_t params, uint32_t locals, uint32_t frame) {
  Code code;
  code.words = b.Finish();
  code.num_params = params;
  code.num_locals = locals;
  code.frame_slots = frame;
  return code;
}

// fn(a, b) = {op}(a, b) as one handler.
Code BinaryCode(IOp op) {
  CodeBuilder b;
  b.Emit(op, {2, 0, 1});
  b.Emit(IOp::kReturn1, {2});
  return Finish(b, 2, 0, 3);
}

uint64_t Call2(TestInstance& t, rt::FuncInst* f, uint64_t a, uint64_t b) {
  std::vector<rt::Slot> args = {a, b};
  const absl::Status s = t.Call(f, args);
  EXPECT_TRUE(s.ok()) << s;
  return args[0];
}

TEST(HandlersTest, CopyConstSelect) {
  TestInstance t;
  CodeBuilder b;
  b.Emit(IOp::kConst, {1}, {0x1122334455667788});
  b.Emit(IOp::kCopy, {2, 0});
  b.Emit(IOp::kSelect, {0, 1, 2, 3});  // fp[3] is a zeroed local
  b.Emit(IOp::kReturn, {});
  rt::FuncInst* f = t.Add(Finish(b, 1, 3, 4), 1, 1);
  std::vector<rt::Slot> args = {7};
  ASSERT_TRUE(t.Call(f, args).ok());
  EXPECT_EQ(args[0], 7u);  // condition 0: the second operand (the copy of the param)

  CodeBuilder b2;
  b2.Emit(IOp::kConst, {1}, {0x1122334455667788});
  b2.Emit(IOp::kSelect, {0, 1, 0, 0});
  b2.Emit(IOp::kReturn, {});
  rt::FuncInst* g = t.Add(Finish(b2, 1, 1, 2), 1, 1);
  args = {0xFFFFFFFF00000001};  // only the low 32 bits are the condition
  ASSERT_TRUE(t.Call(g, args).ok());
  EXPECT_EQ(args[0], 0x1122334455667788u);
}

TEST(HandlersTest, NumericMatchesNumericH) {
  TestInstance t;
  struct Case { Opcode op; uint64_t a, b; };
  const Case cases[] = {
      {Opcode::kI32Add, 0xFFFFFFFF, 2},   {Opcode::kI32Sub, 1, 2},
      {Opcode::kI64Mul, 1ull << 40, 3},   {Opcode::kI32Shl, 1, 33},
      {Opcode::kI64ShrS, ~0ull, 63},      {Opcode::kI32LtS, 0xFFFFFFFF, 0},
      {Opcode::kF64Add, 0x3FF0000000000000, 0x4000000000000000},
      {Opcode::kF32Mul, 0x40000000, 0x40400000},
      {Opcode::kI32DivU, 7, 2},           {Opcode::kI64RemS, static_cast<uint64_t>(-7), 2},
  };
  for (const Case& c : cases) {
    rt::FuncInst* f = t.Add(BinaryCode(W(c.op)), 2, 1);
    uint64_t expected = 0;
    ASSERT_EQ(numeric::EvalDynamic(c.op, c.a, c.b, &expected), TrapCode::kNone);
    EXPECT_EQ(Call2(t, f, c.a, c.b), expected) << OpcodeName(c.op);
    if (t.instance().funcs.size() == TestInstance::kMaxFuncs) break;
  }
}

TEST(HandlersTest, UnaryNumeric) {
  TestInstance t;
  CodeBuilder b;
  b.Emit(W(Opcode::kI64ExtendI32S), {1, 0});
  b.Emit(W(Opcode::kI64Popcnt), {0, 1});
  b.Emit(IOp::kReturn, {});
  rt::FuncInst* f = t.Add(Finish(b, 1, 0, 2), 1, 1);
  std::vector<rt::Slot> args = {0x12345678FFFFFFFF};  // i32 -1 -> i64 -1: 64 bits set
  ASSERT_TRUE(t.Call(f, args).ok());
  EXPECT_EQ(args[0], 64u);
}

// sum(n) = 0 + 1 + ... + (n-1), a loop closed by a counting back-edge.
Code SumLoop(IOp back_edge) {
  CodeBuilder b;  // fp[0] = n, fp[1] = acc, fp[2] = i, fp[3] = 1
  b.Emit(IOp::kConst, {3}, {1});
  const uint32_t head = b.Emit(IOp::kBrIfNotI32LtU, {2, 0, 0});
  b.Emit(W(Opcode::kI32Add), {1, 1, 2});
  b.Emit(W(Opcode::kI32Add), {2, 2, 3});
  const uint32_t back = b.Emit(back_edge, {0});
  b.SetTarget(back, 0, head);
  const uint32_t exit = b.Emit(IOp::kReturn1, {1});
  b.SetTarget(head, 2, exit);
  return Finish(b, 1, 3, 4);
}

TEST(HandlersTest, LoopWithBackEdgeChargesBudget) {
  TestInstance t;
  rt::FuncInst* f = t.Add(SumLoop(IOp::kBackBr), 1, 1);
  f->budget = 1'000'000;
  std::vector<rt::Slot> args = {1000};
  ASSERT_TRUE(t.Call(f, args).ok());
  EXPECT_EQ(args[0], 999u * 1000 / 2);
  EXPECT_EQ(f->budget, 1'000'000 - 1000);  // the code does not count calls
}

TEST(HandlersTest, BudgetExhaustionCallsTheProfileHook) {
  TestInstance t;
  rt::FuncInst* f = t.Add(SumLoop(IOp::kBackBr), 1, 1);
  f->budget = 10;
  const uint64_t before = rt::GetProfileStats().loop_exhaustions;
  std::vector<rt::Slot> args = {100};
  ASSERT_TRUE(t.Call(f, args).ok());
  EXPECT_EQ(args[0], 99u * 100 / 2);
  EXPECT_GE(rt::GetProfileStats().loop_exhaustions, before + 1);
  EXPECT_GE(f->budget, 0);  // refilled
}

TEST(HandlersTest, FusedComparesBranchAsTheCompare) {
  const Opcode cmps[] = {Opcode::kI32Eq,  Opcode::kI32Ne,  Opcode::kI32LtS, Opcode::kI32LtU,
                         Opcode::kI32GtS, Opcode::kI32GtU, Opcode::kI32LeS, Opcode::kI32LeU,
                         Opcode::kI32GeS, Opcode::kI32GeU, Opcode::kI32And};
  const uint64_t values[] = {0, 1, 0x7FFFFFFF, 0x80000000, 0xFFFFFFFF, 0xABCD00000001};
  for (int k = 0; k < kNumFusedCompares; ++k) {
    TestInstance t;
    rt::FuncInst* fused[2];
    for (int negate = 0; negate < 2; ++negate) {
      // Returns 1 if the branch is taken, else 2.
      const IOp op = static_cast<IOp>(static_cast<int>(IOp::kBrIfI32Eq) + 2 * k + negate);
      CodeBuilder b;
      const uint32_t br = b.Emit(op, {0, 1, 0});
      b.Emit(IOp::kConst, {0}, {2});
      b.Emit(IOp::kReturn, {});
      const uint32_t taken = b.Emit(IOp::kConst, {0}, {1});
      b.Emit(IOp::kReturn, {});
      b.SetTarget(br, 2, taken);
      fused[negate] = t.Add(Finish(b, 2, 0, 2), 2, 1);
    }
    for (uint64_t a : values) {
      for (uint64_t c : values) {
        uint64_t result = 0;
        ASSERT_EQ(numeric::EvalDynamic(cmps[k], a, c, &result), TrapCode::kNone);
        const bool holds = result != 0;
        EXPECT_EQ(Call2(t, fused[0], a, c), holds ? 1u : 2u) << OpcodeName(cmps[k]);
        EXPECT_EQ(Call2(t, fused[1], a, c), holds ? 2u : 1u) << OpcodeName(cmps[k]);
      }
    }
  }
}

// The immediate forms compute what the register form computes with the
// constant in a slot (i64 immediates sign-extended from 32 bits), and the
// fused compare-with-constant branches branch as the compare.
TEST(HandlersTest, ImmediateFormsMatchRegisterForms) {
  const uint64_t values[] = {0, 1, 31, 0x7FFFFFFF, 0x80000000, 0xFFFFFFFF, 0xABCD00000001, ~uint64_t{0}};
  const int32_t imms[] = {0, 1, -1, 5, 33, INT32_MIN, INT32_MAX};
  size_t count = 0;
  const OpcodeInfo* rows = AllOpcodes(&count);
  int checked = 0;
  for (size_t i = 0; i < count; ++i) {
    const Opcode op = rows[i].opcode;
    if (!HasImmediateForm(op)) continue;
    ++checked;
    const bool is64 = rows[i].sig.params[0] == OpSig::kI64;
    TestInstance t;
    CodeBuilder b;
    b.Emit(ImmediateForm(op), {2, 0, 0});
    b.Emit(IOp::kReturn1, {2});
    Code code = Finish(b, 2, 0, 3);
    for (int32_t imm : imms) {
      code.words[2].u32[0] = static_cast<uint32_t>(imm);  // field 2
      rt::FuncInst* f = t.Add(Code(code), 2, 1);
      const uint64_t operand = is64 ? static_cast<uint64_t>(int64_t{imm}) : uint64_t{static_cast<uint32_t>(imm)};
      for (uint64_t a : values) {
        uint64_t expected = 0;
        ASSERT_EQ(numeric::EvalDynamic(op, a, operand, &expected), TrapCode::kNone);
        EXPECT_EQ(Call2(t, f, a, 0), expected) << OpcodeName(op) << " " << a << " " << imm;
      }
    }
  }
  EXPECT_EQ(checked, 42);
  const Opcode cmps[] = {Opcode::kI32Eq,  Opcode::kI32Ne,  Opcode::kI32LtS, Opcode::kI32LtU,
                         Opcode::kI32GtS, Opcode::kI32GtU, Opcode::kI32LeS, Opcode::kI32LeU,
                         Opcode::kI32GeS, Opcode::kI32GeU, Opcode::kI32And};
  for (int k = 0; k < kNumFusedCompares; ++k) {
    for (int32_t imm : imms) {
      TestInstance t;
      rt::FuncInst* fused[2];
      for (int negate = 0; negate < 2; ++negate) {
        const IOp op = static_cast<IOp>(static_cast<int>(IOp::kBrIfI32EqImm) + 2 * k + negate);
        CodeBuilder b;
        const uint32_t br = b.Emit(op, {0, static_cast<uint32_t>(imm), 0});
        b.Emit(IOp::kConst, {0}, {2});
        b.Emit(IOp::kReturn, {});
        const uint32_t taken = b.Emit(IOp::kConst, {0}, {1});
        b.Emit(IOp::kReturn, {});
        b.SetTarget(br, 2, taken);
        fused[negate] = t.Add(Finish(b, 2, 0, 2), 2, 1);
      }
      for (uint64_t a : values) {
        uint64_t result = 0;
        ASSERT_EQ(numeric::EvalDynamic(cmps[k], a, static_cast<uint32_t>(imm), &result), TrapCode::kNone);
        const bool holds = result != 0;
        EXPECT_EQ(Call2(t, fused[0], a, 0), holds ? 1u : 2u) << OpcodeName(cmps[k]) << " " << imm;
        EXPECT_EQ(Call2(t, fused[1], a, 0), holds ? 2u : 1u) << OpcodeName(cmps[k]) << " " << imm;
      }
    }
  }
}

// The counted back-edge compare forms branch as the compare and charge the
// budget once per taken branch.
TEST(HandlersTest, CountedFusedBackEdgesChargeWhenTaken) {
  // fp[0] counts up to 10 through I:i32.add and a fused back-edge: 9 taken.
  for (int form = 0; form < 4; ++form) {
    TestInstance t;
    CodeBuilder b;
    const uint32_t head = b.Emit(ImmediateForm(Opcode::kI32Add), {0, 0, 1});
    uint32_t br = 0;
    switch (form) {
      case 0: br = b.Emit(IOp::kBackBrIfI32LtU, {0, 1, 0}); break;     // fp[1] = 10
      case 1: br = b.Emit(IOp::kBackBrIfNotI32GeU, {0, 1, 0}); break;
      case 2: br = b.Emit(IOp::kBackBrIfI32LtUImm, {0, 10, 0}); break;
      case 3: br = b.Emit(IOp::kBackBrIfNotI32EqImm, {0, 10, 0}); break;
    }
    b.SetTarget(br, 2, head);
    b.Emit(IOp::kReturn, {});
    rt::FuncInst* f = t.Add(Finish(b, 2, 0, 2), 2, 1);
    f->budget = 1'000'000;
    const int32_t before = f->budget;
    std::vector<rt::Slot> args = {0, 10};
    ASSERT_TRUE(t.Call(f, args).ok());
    EXPECT_EQ(args[0], 10u) << form;
    EXPECT_EQ(before - f->budget, 9) << form;
  }
}

// The folded multiply computes the product, then the add/sub, each as
// numeric.h does (two roundings), in wasm operand order.
TEST(HandlersTest, FoldedMultiplyIsMulThenAddOrSub) {
  struct Case {
    IOp op;
    Opcode mul, addsub;
    bool rev;
  };
  const Case cases[] = {
      {IOp::kF64MulAdd, Opcode::kF64Mul, Opcode::kF64Add, false},
      {IOp::kF64MulAddRev, Opcode::kF64Mul, Opcode::kF64Add, true},
      {IOp::kF64MulSub, Opcode::kF64Mul, Opcode::kF64Sub, false},
      {IOp::kF64MulSubRev, Opcode::kF64Mul, Opcode::kF64Sub, true},
      {IOp::kF32MulAdd, Opcode::kF32Mul, Opcode::kF32Add, false},
      {IOp::kF32MulAddRev, Opcode::kF32Mul, Opcode::kF32Add, true},
      {IOp::kF32MulSub, Opcode::kF32Mul, Opcode::kF32Sub, false},
      {IOp::kF32MulSubRev, Opcode::kF32Mul, Opcode::kF32Sub, true},
  };
  // 0.1, 3.0, 1e308 (overflowing products), -0.0 (f64 bits), and f32 1/3, 1e38.
  const uint64_t values[] = {0x3FB999999999999A, 0x4008000000000000, 0x7FE1CCF385EBC8A0,
                             0x8000000000000000, 0x3EAAAAAB, 0x7E967699};
  for (const Case& k : cases) {
    TestInstance t;
    CodeBuilder b;
    b.Emit(k.op, {0, 0, 1, 2});
    b.Emit(IOp::kReturn, {});
    rt::FuncInst* f = t.Add(Finish(b, 3, 0, 3), 3, 1);
    for (uint64_t x : values) {
      for (uint64_t y : values) {
        for (uint64_t z : values) {
          uint64_t product = 0, expected = 0;
          ASSERT_EQ(numeric::EvalDynamic(k.mul, y, z, &product), TrapCode::kNone);
          ASSERT_EQ(k.rev ? numeric::EvalDynamic(k.addsub, product, x, &expected)
                          : numeric::EvalDynamic(k.addsub, x, product, &expected),
                    TrapCode::kNone);
          std::vector<rt::Slot> args = {x, y, z};
          ASSERT_TRUE(t.Call(f, args).ok());
          EXPECT_EQ(args[0], expected) << Name(k.op);
        }
      }
    }
  }
}

TEST(HandlersTest, BrTableClampsToDefault) {
  TestInstance t;
  CodeBuilder b;
  const uint32_t table = b.Emit(IOp::kBrTable, {0, 2, 0, 0, 0});  // S, U=2, 3 targets
  uint32_t arms[3];
  for (int i = 0; i < 3; ++i) {
    arms[i] = b.Emit(IOp::kConst, {0}, {static_cast<uint64_t>(10 + i)});
    b.Emit(IOp::kReturn, {});
  }
  for (int i = 0; i < 3; ++i) b.SetTarget(table, 2 + i, arms[i]);
  rt::FuncInst* f = t.Add(Finish(b, 1, 0, 1), 1, 1);
  for (uint64_t i : {0ull, 1ull, 2ull, 3ull, 0xFFFFFFFFull, 0x100000000ull}) {
    std::vector<rt::Slot> args = {i};
    ASSERT_TRUE(t.Call(f, args).ok());
    const uint64_t index = static_cast<uint32_t>(i);
    EXPECT_EQ(args[0], 10 + (index < 2 ? index : 2)) << i;
  }
}

TEST(HandlersTest, BranchesOnZeroAndRefs) {
  TestInstance t;
  // f(x) = x != 0 ? 1 : (ref.is_null(x) + 4)
  CodeBuilder b;
  const uint32_t br = b.Emit(IOp::kBrIfNez, {0, 0});
  b.Emit(IOp::kRefIsNull, {1, 0});
  b.Emit(IOp::kConst, {2}, {4});
  b.Emit(W(Opcode::kI32Add), {0, 1, 2});
  b.Emit(IOp::kReturn, {});
  const uint32_t one = b.Emit(IOp::kConst, {0}, {1});
  b.Emit(IOp::kReturn, {});
  b.SetTarget(br, 1, one);
  rt::FuncInst* f = t.Add(Finish(b, 1, 0, 3), 1, 1);
  std::vector<rt::Slot> args = {0};
  ASSERT_TRUE(t.Call(f, args).ok());
  EXPECT_EQ(args[0], 5u);
  args = {9};
  ASSERT_TRUE(t.Call(f, args).ok());
  EXPECT_EQ(args[0], 1u);

  // BrOnNull tests all 64 bits of a reference.
  CodeBuilder n;
  const uint32_t on_null = n.Emit(IOp::kBrOnNull, {0, 0});
  n.Emit(IOp::kConst, {0}, {1});
  n.Emit(IOp::kReturn, {});
  const uint32_t null_arm = n.Emit(IOp::kConst, {0}, {2});
  n.Emit(IOp::kReturn, {});
  n.SetTarget(on_null, 1, null_arm);
  rt::FuncInst* g = t.Add(Finish(n, 1, 0, 1), 1, 1);
  args = {1ull << 40};
  ASSERT_TRUE(t.Call(g, args).ok());
  EXPECT_EQ(args[0], 1u);
  args = {0};
  ASSERT_TRUE(t.Call(g, args).ok());
  EXPECT_EQ(args[0], 2u);
}

TEST(HandlersTest, TrapsCarryTheirCodeAndPc) {
  TestInstance t;
  CodeBuilder b;
  b.Emit(IOp::kConst, {1}, {1});
  const uint32_t trap_at = b.Emit(IOp::kUnreachable, {});
  Code code = Finish(b, 0, 0, 2);
  code.source_map = {{trap_at, 0x42}};
  rt::FuncInst* f = t.Add(std::move(code), 0, 0);
  std::vector<rt::Slot> args;
  const absl::Status s = t.Call(f, args);
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(t.ctx().trap, TrapCode::kUnreachable);
  ASSERT_EQ(t.ctx().trap_frames.size(), 1u);
  EXPECT_EQ(t.ctx().trap_frames[0].func, f);
  const Code* code_of_f = static_cast<const Code*>(f->code->interp.load());
  EXPECT_EQ(t.ctx().trap_frames[0].pc, &code_of_f->words[trap_at]);
}

TEST(HandlersTest, IntegerDivideByZeroTraps) {
  TestInstance t;
  rt::FuncInst* f = t.Add(BinaryCode(W(Opcode::kI32DivS)), 2, 1);
  std::vector<rt::Slot> args = {1, 0};
  EXPECT_FALSE(t.Call(f, args).ok());
  EXPECT_EQ(t.ctx().trap, TrapCode::kIntegerDivideByZero);
  args = {0x80000000, 0xFFFFFFFF};
  EXPECT_FALSE(t.Call(f, args).ok());
  EXPECT_EQ(t.ctx().trap, TrapCode::kIntegerOverflow);
  EXPECT_EQ(Call2(t, f, static_cast<uint32_t>(-9), 2), static_cast<uint32_t>(-4));
}

}  // namespace
}  // namespace wasmtier::interp
