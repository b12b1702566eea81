// The interpreter's execution half end to end, from WAT through the public
// API: trap backtraces with wasm byte offsets (FuncCode::source_offset), tail
// calls a million deep, guarded memory faults turned into traps, memory64's
// checked accesses, stack exhaustion that leaves the store usable, lazy
// translation errors that fail only the function that needs them.
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "engine/include/wasmtier/wasmtier.h"
#include "engine/module.h"
#include "gtest/gtest.h"

namespace wasmtier {
namespace {

class InterpE2ETest : public ::testing::TestWithParam<bool> {
 protected:
  static Config MakeConfig() {
    Config c;
    c.tier = TierMode::kInterp;
    c.profile_counters = GetParam();
    return c;
  }
  InterpE2ETest() : engine_(MakeConfig()), store_(engine_), linker_(engine_) {}

  Instance Load(std::string_view wat) {
    absl::StatusOr<Module> module = Module::CompileText(engine_, wat);
    EXPECT_TRUE(module.ok()) << module.status();
    module_ = std::make_unique<Module>(*module);
    absl::StatusOr<Instance> instance = linker_.Instantiate(store_, *module);
    EXPECT_TRUE(instance.ok()) << instance.status();
    return *instance;
  }

  absl::StatusOr<std::vector<Val>> Call(const Instance& instance, std::string_view name,
                                        std::vector<Val> args) {
    std::optional<Func> f = instance.GetFunc(name);
    if (!f) return absl::NotFoundError(std::string(name));
    return f->Call(store_, args);
  }

  // The trap of a call that must trap.
  Trap CallTrap(const Instance& instance, std::string_view name, std::vector<Val> args) {
    absl::StatusOr<std::vector<Val>> r = Call(instance, name, std::move(args));
    EXPECT_FALSE(r.ok()) << name;
    std::optional<Trap> trap = r.ok() ? std::nullopt : GetTrap(r.status());
    EXPECT_TRUE(trap.has_value()) << name << ": " << r.status();
    return trap.value_or(Trap{});
  }

  uint32_t BodyStart(uint32_t func_index) const {
    return module_->wasm_module().functions[func_index].code.offset;
  }

  Engine engine_;
  Store store_;
  Linker linker_;
  std::unique_ptr<Module> module_;
};

TEST_P(InterpE2ETest, BacktraceHasEveryFrameWithItsInstructionOffset) {
  Instance inst = Load(R"((module
    (func $inner (unreachable))
    (func $middle (call $inner))
    (func (export "outer") (nop) (call $middle)))
  )");
  const Trap trap = CallTrap(inst, "outer", {});
  EXPECT_EQ(trap.code, TrapCode::kUnreachable);
  ASSERT_EQ(trap.backtrace.size(), 3u);
  EXPECT_EQ(trap.backtrace[0].func_index, 0u);
  EXPECT_EQ(trap.backtrace[1].func_index, 1u);
  EXPECT_EQ(trap.backtrace[2].func_index, 2u);
  // unreachable and the calls are the first instructions of their bodies;
  // in $outer the call follows a one-byte nop.
  EXPECT_EQ(trap.backtrace[0].code_offset, BodyStart(0));
  EXPECT_EQ(trap.backtrace[1].code_offset, BodyStart(1));
  EXPECT_EQ(trap.backtrace[2].code_offset, BodyStart(2) + 1);
}

TEST_P(InterpE2ETest, TailCallsRunAMillionDeep) {
  Instance inst = Load(R"((module
    (type $t (func (param i64 i64) (result i64)))
    (table funcref (elem $even $odd))
    (func $sum (export "sum") (param i64 i64) (result i64)
      (if (result i64) (i64.eqz (local.get 0)) (then (local.get 1))
        (else (return_call $sum (i64.sub (local.get 0) (i64.const 1))
                                (i64.add (local.get 1) (local.get 0))))))
    (func $even (export "even") (param i64 i64) (result i64)
      (if (result i64) (i64.eqz (local.get 0)) (then (i64.const 1))
        (else (return_call_indirect (type $t)
                (i64.sub (local.get 0) (i64.const 1)) (local.get 1) (i32.const 1)))))
    (func $odd (param i64 i64) (result i64)
      (if (result i64) (i64.eqz (local.get 0)) (then (i64.const 0))
        (else (return_call_indirect (type $t)
                (i64.sub (local.get 0) (i64.const 1)) (local.get 1) (i32.const 0))))))
  )");
  absl::StatusOr<std::vector<Val>> r = Call(inst, "sum", {Val::I64(1'000'000), Val::I64(0)});
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ((*r)[0].i64(), 500'000'500'000);
  r = Call(inst, "even", {Val::I64(1'000'001), Val::I64(0)});
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ((*r)[0].i64(), 0);
}

TEST_P(InterpE2ETest, GuardedMemoryFaultsBecomeTraps) {
  Instance inst = Load(R"((module
    (memory 1)
    (func (export "load") (param i32) (result i32) (i32.load (local.get 0)))
    (func (export "load_far") (param i32) (result i64)
      (i64.load offset=0xFFFFFFFF (local.get 0)))
    (func (export "store8") (param i32 i32) (i32.store8 (local.get 0) (local.get 1))))
  )");
  EXPECT_TRUE(Call(inst, "store8", {Val::I32(65535), Val::I32(7)}).ok());
  absl::StatusOr<std::vector<Val>> r = Call(inst, "load", {Val::I32(65532)});
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ((*r)[0].i32(), 7 << 24);
  EXPECT_EQ(CallTrap(inst, "load", {Val::I32(65533)}).code, TrapCode::kMemoryOutOfBounds);
  EXPECT_EQ(CallTrap(inst, "load", {Val::I32(-1)}).code, TrapCode::kMemoryOutOfBounds);
  EXPECT_EQ(CallTrap(inst, "load_far", {Val::I32(-1)}).code, TrapCode::kMemoryOutOfBounds);
  EXPECT_EQ(CallTrap(inst, "store8", {Val::I32(65536), Val::I32(1)}).code,
            TrapCode::kMemoryOutOfBounds);
  // The store is still usable after a fault.
  EXPECT_TRUE(Call(inst, "load", {Val::I32(0)}).ok());
}

TEST_P(InterpE2ETest, Memory64UsesCheckedAccesses) {
  Instance inst = Load(R"((module
    (memory i64 1)
    (func (export "rw") (param i64 i64) (result i64)
      (i64.store offset=4 (local.get 0) (local.get 1))
      (i64.load offset=4 (local.get 0)))
    (func (export "grow") (param i64) (result i64) (memory.grow (local.get 0))))
  )");
  absl::StatusOr<std::vector<Val>> r = Call(inst, "rw", {Val::I64(65524), Val::I64(-5)});
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ((*r)[0].i64(), -5);
  EXPECT_EQ(CallTrap(inst, "rw", {Val::I64(65525), Val::I64(1)}).code,
            TrapCode::kMemoryOutOfBounds);
  EXPECT_EQ(CallTrap(inst, "rw", {Val::I64(int64_t{1} << 32), Val::I64(1)}).code,
            TrapCode::kMemoryOutOfBounds);
  r = Call(inst, "grow", {Val::I64(1)});
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ((*r)[0].i64(), 1);
  r = Call(inst, "rw", {Val::I64(65525), Val::I64(9)});
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ((*r)[0].i64(), 9);
}

TEST_P(InterpE2ETest, StackExhaustionTrapsAndTheStoreStaysUsable) {
  Instance inst = Load(R"((module
    (func $down (export "down") (param i32) (result i32)
      (i32.add (call $down (i32.add (local.get 0) (i32.const 1))) (i32.const 1)))
    (func $count (export "count") (param i32) (result i32)
      (if (result i32) (i32.eqz (local.get 0)) (then (i32.const 0))
        (else (i32.add (call $count (i32.sub (local.get 0) (i32.const 1))) (i32.const 1))))))
  )");
  const Trap trap = CallTrap(inst, "down", {Val::I32(0)});
  EXPECT_EQ(trap.code, TrapCode::kStackExhausted);
  EXPECT_FALSE(trap.backtrace.empty());
  absl::StatusOr<std::vector<Val>> r = Call(inst, "count", {Val::I32(100)});
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ((*r)[0].i32(), 100);
}

TEST_P(InterpE2ETest, AnUntranslatableFunctionFailsOnlyWhenCalled) {
  Instance inst = Load(R"((module
    (func (export "simd") (result i32)
      (i32x4.extract_lane 0 (v128.const i32x4 1 2 3 4)))
    (func (export "plain") (result i32) (i32.const 3)))
  )");
  absl::StatusOr<std::vector<Val>> r = Call(inst, "plain", {});
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ((*r)[0].i32(), 3);
  for (int i = 0; i < 2; ++i) {
    r = Call(inst, "simd", {});
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.status().code(), absl::StatusCode::kUnimplemented) << r.status();
    EXPECT_TRUE(absl::StartsWith(r.status().message(), "unsupported: ")) << r.status();
  }
}

TEST_P(InterpE2ETest, DivisionTrapsAndSaturation) {
  Instance inst = Load(R"((module
    (func (export "div") (param i32 i32) (result i32) (i32.div_s (local.get 0) (local.get 1)))
    (func (export "trunc") (param f64) (result i32) (i32.trunc_f64_s (local.get 0)))
    (func (export "sat") (param f64) (result i32) (i32.trunc_sat_f64_s (local.get 0))))
  )");
  EXPECT_EQ(CallTrap(inst, "div", {Val::I32(1), Val::I32(0)}).code, TrapCode::kIntegerDivideByZero);
  EXPECT_EQ(CallTrap(inst, "div", {Val::I32(INT32_MIN), Val::I32(-1)}).code,
            TrapCode::kIntegerOverflow);
  EXPECT_EQ(CallTrap(inst, "trunc", {Val::F64(3e10)}).code, TrapCode::kIntegerOverflow);
  absl::StatusOr<std::vector<Val>> r = Call(inst, "sat", {Val::F64(3e10)});
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ((*r)[0].i32(), INT32_MAX);
}

INSTANTIATE_TEST_SUITE_P(Counters, InterpE2ETest, ::testing::Bool(),
                         [](const ::testing::TestParamInfo<bool>& info) {
                           return info.param ? "Counting" : "Plain";
                         });

}  // namespace
}  // namespace wasmtier
