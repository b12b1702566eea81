// Translated code run end to end through the public API (interp tier, in the
// three back-edge modes: plain, counting, fuel-checked): the translator's
// folding, fusion, parallel moves, stubs and calling convention must compute
// what the spec says, not only look right in the disassembly.
#include <string>
#include <vector>

#include "engine/include/wasmtier/wasmtier.h"
#include "gtest/gtest.h"

namespace wasmtier {
namespace {

enum class Mode { kPlain, kCounting, kFuel };

class TranslateExecTest : public ::testing::TestWithParam<Mode> {
 protected:
  static Config MakeConfig() {
    Config c;
    c.tier = TierMode::kInterp;
    c.profile_counters = GetParam() != Mode::kPlain;
    c.consume_fuel = GetParam() == Mode::kFuel;
    return c;
  }
  TranslateExecTest() : engine_(MakeConfig()), store_(engine_), linker_(engine_) {
    if (GetParam() == Mode::kFuel) EXPECT_TRUE(store_.SetFuel(1'000'000'000).ok());
  }

  Instance Load(std::string_view wat) {
    absl::StatusOr<Module> module = Module::CompileText(engine_, wat);
    EXPECT_TRUE(module.ok()) << module.status();
    absl::StatusOr<Instance> instance = linker_.Instantiate(store_, *module);
    EXPECT_TRUE(instance.ok()) << instance.status();
    return *instance;
  }

  absl::StatusOr<std::vector<Val>> TryCall(const Instance& instance, std::string_view name, std::vector<Val> args) {
    std::optional<Func> f = instance.GetFunc(name);
    if (!f) return absl::NotFoundError(std::string(name));
    return f->Call(store_, args);
  }

  std::vector<Val> Call(const Instance& instance, std::string_view name, std::vector<Val> args) {
    absl::StatusOr<std::vector<Val>> results = TryCall(instance, name, std::move(args));
    EXPECT_TRUE(results.ok()) << name << ": " << results.status();
    return results.ok() ? *results : std::vector<Val>{};
  }

  int32_t I32(const Instance& instance, std::string_view name, std::vector<Val> args) {
    std::vector<Val> r = Call(instance, name, std::move(args));
    return r.empty() ? INT32_MIN : r[0].i32();
  }

  Engine engine_;
  Store store_;
  Linker linker_;
};

TEST_P(TranslateExecTest, LoopsWithFusedCompares) {
  Instance inst = Load(R"((module
    (func (export "sum") (param i32) (result i32) (local i32 i32)
      (loop $l
        local.get 2 local.get 1 i32.add local.set 2
        local.get 1 i32.const 1 i32.add local.tee 1
        local.get 0 i32.lt_s br_if $l)
      local.get 2)
    (func (export "fact") (param i64) (result i64) (local i64)
      i64.const 1 local.set 1
      (block $done (loop $l
        local.get 0 i64.eqz br_if $done
        local.get 1 local.get 0 i64.mul local.set 1
        local.get 0 i64.const 1 i64.sub local.set 0
        br $l))
      local.get 1)))");
  EXPECT_EQ(I32(inst, "sum", {Val::I32(10)}), 45);
  EXPECT_EQ(I32(inst, "sum", {Val::I32(100000)}), 704982704);  // wraps: 4999950000 mod 2^32
  EXPECT_EQ(Call(inst, "fact", {Val::I64(20)})[0].i64(), 2432902008176640000);
}

TEST_P(TranslateExecTest, BitTestBranches) {
  // popcount by testing the low bit (i32.and + br_if / if fused) and a
  // counted back-edge on a bit test; the high half of a slot never leaks in.
  Instance inst = Load(R"((module
    (func (export "popcnt") (param i32) (result i32) (local i32)
      (block $done (loop $l
        local.get 0 i32.eqz br_if $done
        local.get 0 i32.const 1 i32.and
        (if (then local.get 1 i32.const 1 i32.add local.set 1))
        local.get 0 i32.const 1 i32.shr_u local.set 0
        br $l))
      local.get 1)
    (func (export "shared") (param i32 i32) (result i32)
      (block $yes local.get 0 local.get 1 i32.and br_if $yes i32.const 0 return)
      i32.const 1)
    (func (export "lowzero") (param i32) (result i32) (local i32)
      (block $done (loop $l
        local.get 0 i32.const 1 i32.and i32.eqz i32.eqz br_if $done
        local.get 1 i32.const 1 i32.add local.set 1
        local.get 0 i32.const 1 i32.shr_u local.tee 0
        i32.const 1 i32.and i32.eqz br_if $l))
      local.get 1)
    (func (export "notless") (param i32 i32) (result i32)
      local.get 0 local.get 1 i32.lt_u i32.eqz (if (result i32) (then i32.const 7) (else i32.const 9)))
    (func (export "clearlow") (param i32) (result i32) (local i32)
      (loop $l
        local.get 1 i32.const 1 i32.add local.set 1
        local.get 0 i32.const 1 i32.shl local.tee 0
        i32.const 0xff i32.and br_if $l)
      local.get 1)))");
  EXPECT_EQ(I32(inst, "popcnt", {Val::I32(0)}), 0);
  EXPECT_EQ(I32(inst, "popcnt", {Val::I32(-1)}), 32);
  EXPECT_EQ(I32(inst, "popcnt", {Val::I32(0x5A5A)}), 8);
  EXPECT_EQ(I32(inst, "shared", {Val::I32(0x10), Val::I32(0x30)}), 1);
  EXPECT_EQ(I32(inst, "shared", {Val::I32(0x10), Val::I32(0x20)}), 0);
  EXPECT_EQ(I32(inst, "shared", {Val::I32(INT32_MIN), Val::I32(INT32_MIN)}), 1);
  EXPECT_EQ(I32(inst, "lowzero", {Val::I32(0x28)}), 3);  // trailing zeros
  EXPECT_EQ(I32(inst, "lowzero", {Val::I32(INT32_MIN)}), 31);
  EXPECT_EQ(I32(inst, "notless", {Val::I32(3), Val::I32(-1)}), 9);  // unsigned 3 < 0xFFFFFFFF
  EXPECT_EQ(I32(inst, "notless", {Val::I32(-1), Val::I32(3)}), 7);
  EXPECT_EQ(I32(inst, "clearlow", {Val::I32(0x81)}), 8);  // 0x81 << 8 leaves the low byte clear
  EXPECT_EQ(I32(inst, "clearlow", {Val::I32(0x100)}), 1);
}

TEST_P(TranslateExecTest, DecrementAndBranchLoops) {
  // Fused add-of-a-constant + br_if on the local: counted down to zero
  // (wrapping past it from 0), up by 3 until it wraps to 0, forward exits.
  Instance inst = Load(R"((module
    (func (export "down") (param i32) (result i32) (local i32)
      (loop $l
        local.get 1 i32.const 2 i32.add local.set 1
        local.get 0 i32.const 1 i32.sub local.tee 0 br_if $l)
      local.get 1)
    (func (export "up") (param i32) (result i32) (local i32)
      (loop $l
        local.get 1 i32.const 1 i32.add local.set 1
        local.get 0 i32.const 3 i32.add local.tee 0 br_if $l)
      local.get 1)
    (func (export "skip") (param i32) (result i32)
      (block $b local.get 0 i32.const -5 i32.add local.tee 0 br_if $b i32.const 100 return)
      local.get 0)))");
  EXPECT_EQ(I32(inst, "down", {Val::I32(10)}), 20);
  EXPECT_EQ(I32(inst, "down", {Val::I32(1)}), 2);
  EXPECT_EQ(I32(inst, "up", {Val::I32(-9)}), 3);
  EXPECT_EQ(I32(inst, "skip", {Val::I32(5)}), 100);
  EXPECT_EQ(I32(inst, "skip", {Val::I32(12)}), 7);
}

TEST_P(TranslateExecTest, ParallelMovesAndMultiValue) {
  Instance inst = Load(R"((module
    (func (export "swap") (param i32 i32) (result i32 i32) local.get 1 local.get 0)
    (func (export "rot") (param i32 i32 i32) (result i32 i32 i32) local.get 1 local.get 2 local.get 0)
    (func (export "dup") (param i32) (result i32 i32 i32) local.get 0 i32.const 9 local.get 0)
    (func (export "block") (param i32 i32) (result i32 i32)
      local.get 0 local.get 1
      (block (param i32 i32) (result i32 i32)
        local.get 1 local.get 0 local.get 0 br_if 0 drop drop))
    (func (export "ifpar") (param i32 i32) (result i32)
      local.get 1 local.get 0
      (if (param i32) (result i32) (then i32.const 1 i32.add) (else i32.const 2 i32.mul)))))");
  std::vector<Val> r = Call(inst, "swap", {Val::I32(1), Val::I32(2)});
  ASSERT_EQ(r.size(), 2u);
  EXPECT_EQ(r[0].i32(), 2);
  EXPECT_EQ(r[1].i32(), 1);
  r = Call(inst, "rot", {Val::I32(1), Val::I32(2), Val::I32(3)});
  ASSERT_EQ(r.size(), 3u);
  EXPECT_EQ(r[0].i32(), 2);
  EXPECT_EQ(r[1].i32(), 3);
  EXPECT_EQ(r[2].i32(), 1);
  r = Call(inst, "dup", {Val::I32(5)});
  ASSERT_EQ(r.size(), 3u);
  EXPECT_EQ(r[0].i32(), 5);
  EXPECT_EQ(r[1].i32(), 9);
  EXPECT_EQ(r[2].i32(), 5);
  r = Call(inst, "block", {Val::I32(1), Val::I32(2)});  // branch taken: (2, 1)
  ASSERT_EQ(r.size(), 2u);
  EXPECT_EQ(r[0].i32(), 2);
  EXPECT_EQ(r[1].i32(), 1);
  r = Call(inst, "block", {Val::I32(0), Val::I32(2)});  // falls through: (0, 2)
  ASSERT_EQ(r.size(), 2u);
  EXPECT_EQ(r[0].i32(), 0);
  EXPECT_EQ(r[1].i32(), 2);
  EXPECT_EQ(I32(inst, "ifpar", {Val::I32(1), Val::I32(10)}), 11);
  EXPECT_EQ(I32(inst, "ifpar", {Val::I32(0), Val::I32(10)}), 20);
}

TEST_P(TranslateExecTest, LocalWritesDoNotChangeValuesAlreadyOnTheStack) {
  Instance inst = Load(R"((module
    (func (export "f") (param i32) (result i32)
      local.get 0 local.get 0 i32.const 1 i32.add local.set 0 local.get 0 i32.const 100 i32.mul i32.add)
    (func (export "g") (param i32 i32) (result i32)
      local.get 0
      local.get 1 if i32.const 7 local.set 0 end
      local.get 0 i32.const 10 i32.mul i32.add)
    (func (export "tee") (param i32) (result i32) (local i32)
      local.get 1 local.get 0 local.tee 1 i32.sub)))");
  EXPECT_EQ(I32(inst, "f", {Val::I32(5)}), 605);
  EXPECT_EQ(I32(inst, "g", {Val::I32(3), Val::I32(1)}), 73);
  EXPECT_EQ(I32(inst, "g", {Val::I32(3), Val::I32(0)}), 33);
  EXPECT_EQ(I32(inst, "tee", {Val::I32(4)}), -4);
}

TEST_P(TranslateExecTest, BrTableWithStubs) {
  Instance inst = Load(R"((module
    (func (export "sel") (param i32) (result i32)
      (block $c (result i32)
        (block $b (result i32)
          (block $a (result i32)
            i32.const 100 local.get 0 br_table $a $b $c 3)
          i32.const 1 i32.add return)
        i32.const 2 i32.add return)
      i32.const 3 i32.add)
    (func (export "count") (param i32) (result i32) (local i32)
      (block $out (loop $l
        local.get 1 i32.const 1 i32.add local.set 1
        local.get 0 i32.const 1 i32.sub local.tee 0
        br_table $out $l))
      local.get 1)))");
  EXPECT_EQ(I32(inst, "sel", {Val::I32(0)}), 101);
  EXPECT_EQ(I32(inst, "sel", {Val::I32(1)}), 102);
  EXPECT_EQ(I32(inst, "sel", {Val::I32(2)}), 103);
  EXPECT_EQ(I32(inst, "sel", {Val::I32(3)}), 100);  // return straight from the table
  EXPECT_EQ(I32(inst, "sel", {Val::I32(99)}), 100);
  EXPECT_EQ(I32(inst, "count", {Val::I32(5)}), 5);
}

TEST_P(TranslateExecTest, CallsTailCallsAndIndirectCalls) {
  Instance inst = Load(R"((module
    (type $bin (func (param i32 i32) (result i32)))
    (table 2 funcref)
    (elem (i32.const 0) $add $sub)
    (func $add (type $bin) local.get 0 local.get 1 i32.add)
    (func $sub (type $bin) local.get 0 local.get 1 i32.sub)
    (func (export "ind") (param i32 i32 i32) (result i32)
      local.get 0 local.get 1 local.get 2 call_indirect (type $bin))
    (func (export "ref") (param i32 i32) (result i32)
      local.get 0 local.get 1 ref.func $sub call_ref $bin)
    (func $even (export "even") (param i64) (result i32)
      local.get 0 i64.eqz if (result i32) i32.const 1 else local.get 0 i64.const 1 i64.sub return_call $odd end)
    (func $odd (param i64) (result i32)
      local.get 0 i64.eqz if (result i32) i32.const 0 else local.get 0 i64.const 1 i64.sub return_call $even end)
    (func $fib (export "fib") (param i32) (result i32)
      local.get 0 i32.const 2 i32.lt_u if (result i32) local.get 0
      else local.get 0 i32.const 1 i32.sub call $fib local.get 0 i32.const 2 i32.sub call $fib i32.add end)))");
  EXPECT_EQ(I32(inst, "ind", {Val::I32(7), Val::I32(2), Val::I32(0)}), 9);
  EXPECT_EQ(I32(inst, "ind", {Val::I32(7), Val::I32(2), Val::I32(1)}), 5);
  EXPECT_EQ(I32(inst, "ref", {Val::I32(7), Val::I32(2)}), 5);
  EXPECT_EQ(I32(inst, "fib", {Val::I32(20)}), 6765);
  // A million tail calls run in constant stack space.
  EXPECT_EQ(I32(inst, "even", {Val::I64(1'000'000)}), 1);
  EXPECT_EQ(I32(inst, "even", {Val::I64(999'999)}), 0);
}

TEST_P(TranslateExecTest, MemoriesGlobalsTablesAndRefs) {
  Instance inst = Load(R"((module
    (memory $m 1)
    (memory $m64 i64 1)
    (global $g (mut i32) (i32.const 5))
    (table $t 1 funcref)
    (type $v (func))
    (func $nop)
    (elem declare func $nop)
    (func (export "mem") (param i32) (result i32)
      local.get 0 i32.const 0x11223344 i32.store offset=4
      i64.const 8 local.get 0 i64.extend_i32_u i64.store $m64 offset=8
      local.get 0 i32.load8_u offset=4 i64.const 0 i64.load $m64 offset=16 i32.wrap_i64 i32.add)
    (func (export "bulk") (result i32)
      i32.const 0 i32.const 0xAB i32.const 16 memory.fill
      i32.const 32 i32.const 0 i32.const 16 memory.copy
      i32.const 40 i32.load8_u memory.size i32.add)
    (func (export "glob") (param i32) (result i32)
      global.get $g local.get 0 i32.add global.set $g global.get $g)
    (func (export "tab") (result i32)
      ref.func $nop i32.const 2 table.grow $t
      table.size $t i32.add
      i32.const 0 table.get $t ref.is_null i32.add)
    (func (export "sel") (param i32) (result i32) i32.const 10 i32.const 20 local.get 0 select)
    (func (export "nonnull") (param i32) (result i32)
      (block $null (result i32)
        i32.const 1
        ref.func $nop ref.null $v local.get 0 select (result (ref null $v))
        br_on_null $null drop drop i32.const 2))
    (func (export "div") (param i32 i32) (result i32) local.get 0 local.get 1 i32.div_s)))");
  EXPECT_EQ(I32(inst, "mem", {Val::I32(100)}), 0x44 + 100);
  EXPECT_EQ(I32(inst, "bulk", {}), 0xAB + 1);
  EXPECT_EQ(I32(inst, "glob", {Val::I32(3)}), 8);
  EXPECT_EQ(I32(inst, "glob", {Val::I32(3)}), 11);
  EXPECT_EQ(I32(inst, "tab", {}), 1 + 3 + 1);  // old size 1, new size 3, slot 0 still null
  EXPECT_EQ(I32(inst, "sel", {Val::I32(1)}), 10);
  EXPECT_EQ(I32(inst, "sel", {Val::I32(0)}), 20);
  EXPECT_EQ(I32(inst, "nonnull", {Val::I32(1)}), 2);
  EXPECT_EQ(I32(inst, "nonnull", {Val::I32(0)}), 1);
  EXPECT_EQ(I32(inst, "div", {Val::I32(-9), Val::I32(2)}), -4);
  absl::StatusOr<std::vector<Val>> trapped = TryCall(inst, "div", {Val::I32(1), Val::I32(0)});
  ASSERT_FALSE(trapped.ok());
  std::optional<Trap> trap = GetTrap(trapped.status());
  ASSERT_TRUE(trap.has_value()) << trapped.status();
  EXPECT_EQ(trap->code, TrapCode::kIntegerDivideByZero);
  ASSERT_FALSE(trap->backtrace.empty());
  EXPECT_TRUE(trap->backtrace[0].code_offset.has_value());
}

TEST_P(TranslateExecTest, ShiftedOperandBinopsComputeTheShiftThenTheOp) {
  // Every (op, shift) pair with the shift on the right and, for commutative
  // ops, on the left; counts of 32 and more are taken mod 32.
  const char* ops[] = {"add", "sub", "and", "or", "xor"};
  const char* shifts[] = {"shl", "shr_u", "shr_s"};
  const int32_t counts[] = {0, 3, 31, 33};
  std::string wat = "(module";
  for (const char* op : ops) {
    for (const char* shift : shifts) {
      for (int32_t k : counts) {
        const std::string name = std::string(op) + "_" + shift + "_" + std::to_string(k);
        wat += " (func (export \"" + name + "\") (param i32 i32) (result i32) local.get 0 local.get 1 i32.const " +
               std::to_string(k) + " i32." + shift + " i32." + op + ")";
        wat += " (func (export \"" + name + "_l\") (param i32 i32) (result i32) local.get 1 i32.const " +
               std::to_string(k) + " i32." + shift + " local.get 0 i32." + op + ")";
      }
    }
  }
  wat += " (func (export \"funnel\") (param i32 i32 i32 i32) (result i32) local.get 0 local.get 2 i32.shl "
         "local.get 1 local.get 3 i32.shr_u i32.or)";  // no constants: the plain ops, for reference
  for (int32_t k : counts) {
    for (int32_t j : counts) {
      wat += " (func (export \"funnel" + std::to_string(k) + "_" + std::to_string(j) +
             "\") (param i32 i32) (result i32) local.get 0 i32.const " + std::to_string(k) +
             " i32.shl local.get 1 i32.const " + std::to_string(j) + " i32.shr_u i32.or)";
      wat += " (func (export \"funnelr" + std::to_string(k) + "_" + std::to_string(j) +
             "\") (param i32 i32) (result i32) local.get 1 i32.const " + std::to_string(j) +
             " i32.shr_u local.get 0 i32.const " + std::to_string(k) + " i32.shl i32.or)";
    }
  }
  wat += ")";
  Instance inst = Load(wat);
  const uint32_t values[] = {0, 1, 0x7FFFFFFF, 0x80000000, 0xDEADBEEF, 0xFFFFFFFF};
  for (int32_t k : counts) {
    for (int32_t j : counts) {
      for (uint32_t a : values) {
        for (uint32_t b : values) {
          const uint32_t want = a << (k % 32) | b >> (j % 32);
          const std::vector<Val> args = {Val::I32(static_cast<int32_t>(a)), Val::I32(static_cast<int32_t>(b))};
          const std::string name = std::to_string(k) + "_" + std::to_string(j);
          EXPECT_EQ(static_cast<uint32_t>(I32(inst, "funnel" + name, args)), want) << name;
          EXPECT_EQ(static_cast<uint32_t>(I32(inst, "funnelr" + name, args)), want) << name;
          EXPECT_EQ(static_cast<uint32_t>(I32(inst, "funnel", {args[0], args[1], Val::I32(k), Val::I32(j)})), want);
        }
      }
    }
  }
  for (int o = 0; o < 5; ++o) {
    for (int sh = 0; sh < 3; ++sh) {
      for (int32_t k : counts) {
        const std::string name = std::string(ops[o]) + "_" + shifts[sh] + "_" + std::to_string(k);
        for (uint32_t a : values) {
          for (uint32_t b : values) {
            const uint32_t n = static_cast<uint32_t>(k) % 32;
            const uint32_t shifted = sh == 0 ? b << n : sh == 1 ? b >> n : static_cast<uint32_t>(static_cast<int32_t>(b) >> n);
            const uint32_t want = o == 0 ? a + shifted : o == 1 ? a - shifted : o == 2 ? a & shifted : o == 3 ? a | shifted : a ^ shifted;
            const std::vector<Val> args = {Val::I32(static_cast<int32_t>(a)), Val::I32(static_cast<int32_t>(b))};
            EXPECT_EQ(static_cast<uint32_t>(I32(inst, name, args)), want) << name << " " << a << " " << b;
            // The left-shift variants compute shifted op a; equal for the commutative ops.
            const uint32_t want_l = o == 1 ? shifted - a : want;
            EXPECT_EQ(static_cast<uint32_t>(I32(inst, name + "_l", args)), want_l) << name << "_l " << a << " " << b;
          }
        }
      }
    }
  }
}

TEST_P(TranslateExecTest, LoadStoreMovesCopyBytesAndTrapBeforeStoring) {
  // Copy loops of every width (Move ops with plain and add-folded
  // addresses), an address add that wraps at 2^32, and faults: an
  // out-of-bounds load stores nothing, an out-of-bounds store traps.
  Instance inst = Load(R"((module
    (memory 1)
    (data (i32.const 0) "\01\82\03\84\05\86\07\88\09\8a\0b\8c\0d\8e\0f\90")
    (func (export "copy") (param $dst i32) (param $src i32) (param $n i32)
      (loop $l
        local.get $dst local.get $src i64.load i64.store
        local.get $dst i32.const 8 i32.add local.get $src i32.const 8 i32.add i32.load16_s i32.store16 offset=2
        local.get $dst local.get $src i32.load8_s offset=15 i32.store8 offset=12
        local.get $dst i32.const 4 i32.add local.get $src i32.const 4 i32.add f32.load offset=8 f32.store offset=12
        local.get $dst i32.const 16 i32.add local.set $dst
        local.get $src i32.const 16 i32.add local.set $src
        local.get $n i32.const 1 i32.sub local.tee $n br_if $l))
    (func (export "wrap") (param $dst i32) (param $src i32)
      local.get $dst local.get $src i32.const -16 i32.add i64.load i64.store)
    (func (export "subaddr") (param $p i32) (result i32)
      local.get $p i32.const 8 i32.sub local.get $p i32.const 3 i32.sub i32.load8_u offset=1 i32.store16 offset=2
      local.get $p i32.const 6 i32.sub i32.load16_u)
    (func (export "sum") (param $at i32) (param $n i32) (result i64) (local i64)
      (loop $l
        local.get 2 local.get $at i64.load8_u i64.add local.set 2
        local.get $at i32.const 1 i32.add local.set $at
        local.get $n i32.const 1 i32.sub local.tee $n br_if $l)
      local.get 2)))");
  ASSERT_TRUE(TryCall(inst, "copy", {Val::I32(1000), Val::I32(0), Val::I32(1)}).ok());
  // 0..7 -> 1000..1007; 8..9 -> 1010..1011; byte 15 -> 1012; 12..15 -> 1016..1019.
  const int64_t expected = (1 + 0x82 + 3 + 0x84 + 5 + 0x86 + 7 + 0x88) + (9 + 0x8a) + 0x90 + (0x0d + 0x8e + 0x0f + 0x90);
  EXPECT_EQ(Call(inst, "sum", {Val::I32(1000), Val::I32(20)})[0].i64(), expected);
  ASSERT_TRUE(TryCall(inst, "wrap", {Val::I32(100), Val::I32(24)}).ok());  // 24 + 0xFFFFFFF0 wraps to 8
  EXPECT_EQ(Call(inst, "sum", {Val::I32(100), Val::I32(8)})[0].i64(), 9 + 0x8a + 0x0b + 0x8c + 0x0d + 0x8e + 0x0f + 0x90);
  // p - 8 + 2 = p - 6 receives the byte at p - 3 + 1; p = 10: byte 8 (0x09).
  EXPECT_EQ(I32(inst, "subaddr", {Val::I32(10)}), 0x09);
  auto trap_of = [&](std::vector<Val> args) {
    absl::StatusOr<std::vector<Val>> r = TryCall(inst, "copy", std::move(args));
    std::optional<Trap> trap = r.ok() ? std::nullopt : GetTrap(r.status());
    return trap ? trap->code : TrapCode::kNone;
  };
  EXPECT_EQ(trap_of({Val::I32(2000), Val::I32(65530), Val::I32(1)}), TrapCode::kMemoryOutOfBounds);
  EXPECT_EQ(Call(inst, "sum", {Val::I32(2000), Val::I32(8)})[0].i64(), 0);  // the faulting load stored nothing
  EXPECT_EQ(trap_of({Val::I32(65530), Val::I32(0), Val::I32(1)}), TrapCode::kMemoryOutOfBounds);
}

TEST_P(TranslateExecTest, BranchesCarryValuesOutOfNestedBlocksAndIntoLoops) {
  Instance inst = Load(R"((module
    (func (export "out") (param i32) (result i32 i32)
      (block $o (result i32 i32)
        (block $i (result i32)
          i32.const 1 i32.const 2 local.get 0 br_if $o drop drop
          local.get 0 i32.const 3 i32.add br $i)
        i32.const 4))
    (func (export "loopparams") (param i32) (result i32)
      ;; sum of n..1 with the sum and the counter carried as loop params
      i32.const 0 local.get 0
      (loop $l (param i32 i32) (result i32 i32)
        local.tee 0 i32.add
        local.get 0 i32.const 1 i32.sub
        local.get 0 i32.const 1 i32.gt_s br_if $l)
      drop)
    (func (export "fibloop") (param i32) (result i32) (local i32 i32)
      ;; the back-edge carries a local's value: copied into the loop's param slot
      i32.const 0 i32.const 1
      (loop $l (param i32 i32) (result i32 i32)
        local.set 2 local.set 1
        local.get 2
        local.get 1 local.get 2 i32.add
        local.get 0 i32.const 1 i32.sub local.tee 0
        br_if $l)
      drop)
    (func (export "unreach_then") (param i32) (result i32)
      (if (result i32) (local.get 0) (then (br 1 (i32.const 7)) (unreachable)) (else (i32.const 8))))
    (func $id (param i32) (result i32) local.get 0)
    (func (export "calls") (param i32) (result i32)
      ;; values below a call survive it (the callee's frame starts above them)
      local.get 0 i32.const 10 i32.mul
      local.get 0 call $id local.get 0 call $id i32.add
      i32.add)))");
  std::vector<Val> r = Call(inst, "out", {Val::I32(1)});
  ASSERT_EQ(r.size(), 2u);
  EXPECT_EQ(r[0].i32(), 1);
  EXPECT_EQ(r[1].i32(), 2);
  r = Call(inst, "out", {Val::I32(0)});
  ASSERT_EQ(r.size(), 2u);
  EXPECT_EQ(r[0].i32(), 3);
  EXPECT_EQ(r[1].i32(), 4);
  EXPECT_EQ(I32(inst, "loopparams", {Val::I32(4)}), 10);
  EXPECT_EQ(I32(inst, "fibloop", {Val::I32(10)}), 55);
  EXPECT_EQ(I32(inst, "unreach_then", {Val::I32(1)}), 7);
  EXPECT_EQ(I32(inst, "unreach_then", {Val::I32(0)}), 8);
  EXPECT_EQ(I32(inst, "calls", {Val::I32(3)}), 36);
}

TEST_P(TranslateExecTest, ReferencesAndMultiMemory) {
  Instance inst = Load(R"((module
    (type $t (func (result i32)))
    (memory $a 1)
    (memory $b 1)
    (table $tab i64 2 funcref)
    (func $seven (type $t) i32.const 7)
    (elem declare func $seven)
    (func (export "nonnull") (param i32) (result i32)
      (block $l (result (ref $t))
        (select (result (ref null $t)) (ref.func $seven) (ref.null $t) (local.get 0))
        br_on_non_null $l
        i32.const -1 return)
      call_ref $t)
    (func (export "asnonnull") (result i32) ref.func $seven ref.as_non_null call_ref $t)
    (func (export "copy") (result i32)
      (i32.store $a (i32.const 8) (i32.const 0x01020304))
      (memory.copy $b $a (i32.const 100) (i32.const 8) (i32.const 4))
      (i32.load8_u $b offset=101 (i32.const 0)))
    (func (export "table64") (result i32)
      (table.set $tab (i64.const 1) (ref.func $seven))
      (call_indirect $tab (type $t) (i64.const 1)))))");
  EXPECT_EQ(I32(inst, "nonnull", {Val::I32(1)}), 7);
  EXPECT_EQ(I32(inst, "nonnull", {Val::I32(0)}), -1);
  EXPECT_EQ(I32(inst, "asnonnull", {}), 7);
  EXPECT_EQ(I32(inst, "copy", {}), 3);
  EXPECT_EQ(I32(inst, "table64", {}), 7);
}

TEST_P(TranslateExecTest, LargeFramesTablesAndNesting) {
  // 20,000 locals (the return's parallel move swaps slots far apart), a
  // 10,000-entry br_table, 500 nested blocks.
  std::string wat = "(module (func (export \"big\") (param i32) (result i32 i32) (local";
  for (int i = 0; i < 20000; ++i) wat += " i32";
  wat += ")\n";
  wat += "  (local.set 20000 (i32.const 5)) (local.set 1 (local.get 0))\n";
  wat += "  (block $b2 (block $b1 (block $b0 (br_table ";
  for (int i = 0; i < 10000; ++i) wat += i % 3 == 0 ? "$b0 " : i % 3 == 1 ? "$b1 " : "$b2 ";
  wat += "$b2 (local.get 0)))\n";
  wat += "  (local.set 1 (i32.add (local.get 1) (i32.const 100))))\n";
  wat += "  (local.set 1 (i32.add (local.get 1) (i32.const 1000))))\n";
  for (int i = 0; i < 500; ++i) wat += "(block (result i32) ";
  wat += "(local.get 1)";
  for (int i = 0; i < 500; ++i) wat += ")";
  wat += " (local.set 1) (local.get 20000) (local.get 1)))";
  Instance inst = Load(wat);
  std::vector<Val> r = Call(inst, "big", {Val::I32(0)});  // $b0: +100 +1000
  ASSERT_EQ(r.size(), 2u);
  EXPECT_EQ(r[0].i32(), 5);
  EXPECT_EQ(r[1].i32(), 1100);
  r = Call(inst, "big", {Val::I32(1)});  // $b1: +1000
  ASSERT_EQ(r.size(), 2u);
  EXPECT_EQ(r[1].i32(), 1001);
  r = Call(inst, "big", {Val::I32(9998)});  // 9998 % 3 == 2: $b2
  ASSERT_EQ(r.size(), 2u);
  EXPECT_EQ(r[1].i32(), 9998);
  r = Call(inst, "big", {Val::I32(10000)});  // past the table: the default, $b2
  ASSERT_EQ(r.size(), 2u);
  EXPECT_EQ(r[1].i32(), 10000);
}

TEST_P(TranslateExecTest, SimdFailsLoudlyOnFirstCall) {
  Instance inst = Load(R"((module
    (func (export "f") (result i32) v128.const i32x4 1 2 3 4 i32x4.extract_lane 0)))");
  absl::StatusOr<std::vector<Val>> r = TryCall(inst, "f", {});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), absl::StatusCode::kUnimplemented) << r.status();
  EXPECT_NE(r.status().message().find("unsupported: SIMD in the interpreter (v128.const)"), std::string::npos)
      << r.status();
}

INSTANTIATE_TEST_SUITE_P(Modes, TranslateExecTest,
                         ::testing::Values(Mode::kPlain, Mode::kCounting, Mode::kFuel),
                         [](const ::testing::TestParamInfo<Mode>& info) {
                           switch (info.param) {
                             case Mode::kPlain: return std::string("Plain");
                             case Mode::kCounting: return std::string("Counting");
                             case Mode::kFuel: return std::string("Fuel");
                           }
                           return std::string();
                         });

}  // namespace
}  // namespace wasmtier
