// Instantiation and linking: import resolution by name (assert_unlinkable's
// "unknown import" / "incompatible import type"), the matching rules per kind,
// constant expressions, segment application in order with a trapping segment
// keeping earlier writes, and cross-module calls through shared tables.
#include <string>
#include <vector>

#include "engine/api/api_test_harness.h"
#include "engine/include/wasmtier/wasmtier.h"
#include "gtest/gtest.h"

namespace wasmtier {
namespace {

class InstantiateTest : public ::testing::Test, protected ApiHarness {
 protected:
  InstantiateTest() : ApiHarness(MakeConfig()) {}
  static Config MakeConfig() {
    Config c;
    c.tier = TierMode::kInterp;
    return c;
  }
  int64_t CallI(const Instance& inst, std::string_view name, std::vector<Val> args = {}) {
    absl::StatusOr<std::vector<Val>> r = inst.GetFunc(name)->Call(store_, args);
    EXPECT_TRUE(r.ok()) << r.status();
    if (!r.ok() || r->empty()) return -999;
    return (*r)[0].type() == ValType::I64() ? (*r)[0].i64() : (*r)[0].i32();
  }
  // Expects linking {wat} to fail with a message containing {text}.
  void ExpectUnlinkable(std::string_view wat, std::string_view text) {
    absl::StatusOr<Instance> r = Try(wat);
    ASSERT_FALSE(r.ok()) << wat;
    EXPECT_NE(std::string(r.status().message()).find(std::string(text)), std::string::npos) << r.status();
    EXPECT_FALSE(GetTrap(r.status()).has_value());
  }
};

TEST_F(InstantiateTest, RegisteredInstancesLinkByName) {
  Instance a = Load(R"((module
    (global (export "g") i32 (i32.const 5))
    (func (export "five") (result i32) (global.get 0))))");
  ASSERT_TRUE(linker_.DefineInstance("A", a).ok());
  Instance b = Load(R"((module
    (import "A" "five" (func $five (result i32)))
    (import "A" "g" (global $g i32))
    (func (export "sum") (result i32) (i32.add (call $five) (global.get $g)))))");
  EXPECT_EQ(CallI(b, "sum"), 10);
  ASSERT_TRUE(linker_.Get("A", "five").has_value());
  EXPECT_FALSE(linker_.Get("A", "six").has_value());
  // Redefinition needs shadowing.
  EXPECT_EQ(linker_.DefineInstance("A", a).code(), absl::StatusCode::kAlreadyExists);
  linker_.AllowShadowing(true);
  EXPECT_TRUE(linker_.DefineInstance("A", a).ok());
}

TEST_F(InstantiateTest, UnknownImports) {
  ExpectUnlinkable(R"((module (import "nowhere" "f" (func))))", "unknown import");
  Instance a = Load(R"((module (func (export "f"))))");
  ASSERT_TRUE(linker_.DefineInstance("A", a).ok());
  ExpectUnlinkable(R"((module (import "A" "g" (func))))", "unknown import");
}

TEST_F(InstantiateTest, IncompatibleImportTypes) {
  Instance a = Load(R"((module
    (func (export "f") (param i32))
    (global (export "g") i32 (i32.const 0))
    (global (export "mg") (mut i32) (i32.const 0))
    (table (export "t") 10 20 funcref)
    (memory (export "m") 1 2)))");
  ASSERT_TRUE(linker_.DefineInstance("A", a).ok());
  // Kinds.
  ExpectUnlinkable(R"((module (import "A" "f" (global i32))))", "incompatible import type");
  ExpectUnlinkable(R"((module (import "A" "m" (table 1 funcref))))", "incompatible import type");
  // Function types are equal or nothing.
  ExpectUnlinkable(R"((module (import "A" "f" (func (param i64)))))", "incompatible import type");
  ExpectUnlinkable(R"((module (import "A" "f" (func (param i32) (result i32)))))",
                   "incompatible import type");
  // Globals: mutability and type.
  ExpectUnlinkable(R"((module (import "A" "g" (global (mut i32)))))", "incompatible import type");
  ExpectUnlinkable(R"((module (import "A" "mg" (global i32))))", "incompatible import type");
  ExpectUnlinkable(R"((module (import "A" "g" (global i64))))", "incompatible import type");
  // Tables: element type and limits (min <=, max >=).
  ExpectUnlinkable(R"((module (import "A" "t" (table 10 externref))))", "incompatible import type");
  ExpectUnlinkable(R"((module (import "A" "t" (table 11 funcref))))", "incompatible import type");
  ExpectUnlinkable(R"((module (import "A" "t" (table 10 15 funcref))))", "incompatible import type");
  ExpectUnlinkable(R"((module (import "A" "t" (table i64 10 funcref))))", "incompatible import type");
  // Memories: limits and address type.
  ExpectUnlinkable(R"((module (import "A" "m" (memory 2))))", "incompatible import type");
  ExpectUnlinkable(R"((module (import "A" "m" (memory 1 1))))", "incompatible import type");
  ExpectUnlinkable(R"((module (import "A" "m" (memory i64 1))))", "incompatible import type");
  // And what does match.
  Load(R"((module
    (import "A" "f" (func (param i32)))
    (import "A" "g" (global i32))
    (import "A" "mg" (global (mut i32)))
    (import "A" "t" (table 5 funcref))
    (import "A" "t" (table 10 30 funcref))
    (import "A" "m" (memory 0))
    (import "A" "m" (memory 1 2))))");
}

TEST_F(InstantiateTest, ImportCountIsChecked) {
  Module m = Compile(R"((module (import "a" "b" (func))))");
  absl::StatusOr<Instance> r = Instance::Create(store_, m, {});
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("import count"), std::string::npos) << r.status();
}

// A memory that grew matches by its current size (spec: external typing of
// memory instances).
TEST_F(InstantiateTest, GrownMemoryMatchesByCurrentSize) {
  Instance a = Load(R"((module (memory (export "m") 1 5)))");
  ASSERT_TRUE(linker_.DefineInstance("A", a).ok());
  ExpectUnlinkable(R"((module (import "A" "m" (memory 3))))", "incompatible import type");
  ASSERT_TRUE(a.GetMemory("m")->Grow(2).ok());
  Load(R"((module (import "A" "m" (memory 3))))");
}

TEST_F(InstantiateTest, ConstantExpressions) {
  Instance a = Load(R"((module (global (export "base") i32 (i32.const 100))))");
  ASSERT_TRUE(linker_.DefineInstance("A", a).ok());
  Instance b = Load(R"((module
    (import "A" "base" (global $base i32))
    (global $g1 i64 (i64.const -7))
    (global $g2 i32 (i32.add (global.get $base) (i32.mul (i32.const 3) (i32.const 4))))
    (global $g3 i64 (i64.sub (global.get $g1) (i64.const 1)))
    (global $f f64 (f64.const 2.5))
    (global $r funcref (ref.func $get))
    (func $get (export "g2") (result i32) (global.get $g2))
    (func (export "g3") (result i64) (global.get $g3))
    (func (export "f") (result f64) (global.get $f))
    (func (export "r") (result funcref) (global.get $r))))");
  EXPECT_EQ(CallI(b, "g2"), 112);
  EXPECT_EQ(CallI(b, "g3"), -8);
  absl::StatusOr<std::vector<Val>> f = b.GetFunc("f")->Call(store_, {});
  ASSERT_TRUE(f.ok());
  EXPECT_EQ((*f)[0].f64(), 2.5);
  absl::StatusOr<std::vector<Val>> r = b.GetFunc("r")->Call(store_, {});
  ASSERT_TRUE(r.ok());
  ASSERT_TRUE((*r)[0].func().has_value());
  EXPECT_EQ((*r)[0].func()->raw(), b.GetFunc("g2")->raw());  // ref.func is the instance's function
}

TEST_F(InstantiateTest, SegmentsAndTableInitialisers) {
  Instance inst = Load(R"((module
    (type $t (func (result i32)))
    (global $off i32 (i32.const 2))
    (func $a (result i32) (i32.const 1))
    (func $b (result i32) (i32.const 2))
    (table $t0 4 funcref)
    (table $t1 3 funcref (ref.func $b))
    (elem (table $t0) (global.get $off) func $a $b)
    (elem $passive func $b)
    (memory 1)
    (data (i32.const 8) "\2a")
    (data $later "\07")
    (func (export "call0") (param i32) (result i32) (call_indirect $t0 (type $t) (local.get 0)))
    (func (export "call1") (param i32) (result i32) (call_indirect $t1 (type $t) (local.get 0)))
    (func (export "load") (param i32) (result i32) (i32.load8_u (local.get 0)))
    (func (export "init") (memory.init $later (i32.const 0) (i32.const 0) (i32.const 1))
                          (table.init $t0 $passive (i32.const 0) (i32.const 0) (i32.const 1)))))");
  EXPECT_EQ(CallI(inst, "call0", {Val::I32(2)}), 1);
  EXPECT_EQ(CallI(inst, "call0", {Val::I32(3)}), 2);
  EXPECT_EQ(CallI(inst, "call1", {Val::I32(0)}), 2);  // from the table initialiser
  EXPECT_EQ(CallI(inst, "call1", {Val::I32(2)}), 2);
  EXPECT_EQ(CallI(inst, "load", {Val::I32(8)}), 42);
  // Passive segments stay for memory.init / table.init.
  ASSERT_TRUE(inst.GetFunc("init")->Call(store_, {}).ok());
  EXPECT_EQ(CallI(inst, "load", {Val::I32(0)}), 7);
  EXPECT_EQ(CallI(inst, "call0", {Val::I32(0)}), 2);
  // Active data segments are dropped after instantiation.
  absl::StatusOr<Instance> dropped = Try(R"((module (memory 1) (data (i32.const 0) "x")
    (func (export "f") (memory.init 0 (i32.const 0) (i32.const 0) (i32.const 1)))))");
  ASSERT_TRUE(dropped.ok());
  absl::StatusOr<std::vector<Val>> r = dropped->GetFunc("f")->Call(store_, {});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(GetTrap(r.status())->code, TrapCode::kMemoryOutOfBounds);
}

// linking.wast observes this: a segment that traps fails instantiation, but
// the writes of earlier segments into shared memories and tables stay.
TEST_F(InstantiateTest, TrappingSegmentKeepsEarlierWrites) {
  Instance a = Load(R"((module
    (memory (export "mem") 1)
    (table (export "tab") 3 funcref)
    (func (export "load") (param i32) (result i32) (i32.load8_u (local.get 0)))
    (func (export "call") (param i32) (result i32) (call_indirect (result i32) (local.get 0)))))");
  ASSERT_TRUE(linker_.DefineInstance("A", a).ok());
  absl::StatusOr<Instance> data = Try(R"((module
    (import "A" "mem" (memory 1))
    (data (i32.const 10) "\01")
    (data (i32.const 65535) "\02\03")
    (data (i32.const 11) "\04")))");
  ASSERT_FALSE(data.ok());
  std::optional<Trap> trap = GetTrap(data.status());
  ASSERT_TRUE(trap.has_value()) << data.status();
  EXPECT_EQ(trap->code, TrapCode::kMemoryOutOfBounds);
  EXPECT_EQ(CallI(a, "load", {Val::I32(10)}), 1);   // written before the trap
  EXPECT_EQ(CallI(a, "load", {Val::I32(65535)}), 0);  // the trapping segment wrote nothing
  EXPECT_EQ(CallI(a, "load", {Val::I32(11)}), 0);   // never reached

  absl::StatusOr<Instance> elems = Try(R"((module
    (import "A" "tab" (table 3 funcref))
    (import "A" "mem" (memory 1))
    (func $f (result i32) (i32.const 77))
    (elem (i32.const 0) $f)
    (elem (i32.const 2) $f $f)
    (data (i32.const 20) "\05")))");
  ASSERT_FALSE(elems.ok());
  ASSERT_TRUE(GetTrap(elems.status()).has_value()) << elems.status();
  EXPECT_EQ(GetTrap(elems.status())->code, TrapCode::kTableOutOfBounds);
  // The failed instance's function stays alive in the shared table.
  EXPECT_EQ(CallI(a, "call", {Val::I32(0)}), 77);
  EXPECT_EQ(CallI(a, "load", {Val::I32(20)}), 0);  // data comes after elements
}

TEST_F(InstantiateTest, StartTrapFailsInstantiation) {
  absl::StatusOr<Instance> r = Try(R"((module (func $s unreachable) (start $s)))");
  ASSERT_FALSE(r.ok());
  ASSERT_TRUE(GetTrap(r.status()).has_value());
  EXPECT_EQ(GetTrap(r.status())->code, TrapCode::kUnreachable);
}

// Modules of one engine share type ids: call_indirect across modules checks
// canonical types, not type indices.
TEST_F(InstantiateTest, CallIndirectAcrossModules) {
  Instance a = Load(R"((module
    (type $unused (func (param f64)))
    (type $t (func (param i32) (result i32)))
    (table (export "tab") 2 funcref)
    (func (export "call") (param i32 i32) (result i32)
      (call_indirect (type $t) (local.get 1) (local.get 0)))))");
  ASSERT_TRUE(linker_.DefineInstance("A", a).ok());
  Load(R"((module
    (import "A" "tab" (table 2 funcref))
    (func $inc (param i32) (result i32) (i32.add (local.get 0) (i32.const 1)))
    (func $other (param i64) (result i32) (i32.const 0))
    (elem (i32.const 0) $inc $other)))");
  EXPECT_EQ(CallI(a, "call", {Val::I32(0), Val::I32(41)}), 42);
  absl::StatusOr<std::vector<Val>> r =
      a.GetFunc("call")->Call(store_, std::vector<Val>{Val::I32(1), Val::I32(0)});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(GetTrap(r.status())->code, TrapCode::kIndirectCallTypeMismatch);
}

TEST_F(InstantiateTest, ModulesOfAnotherEngineAreRejected) {
  Engine other;
  absl::StatusOr<Module> m = Module::CompileText(other, "(module)");
  ASSERT_TRUE(m.ok());
  EXPECT_FALSE(Instance::Create(store_, *m, {}).ok());
  EXPECT_FALSE(linker_.Instantiate(store_, *m).ok());
}

TEST_F(InstantiateTest, ResourceLimits) {
  Config c;
  c.max_table_elements = 100;
  c.max_memory_bytes = 2 * 65536;
  Engine engine(c);
  Store store(engine);
  absl::StatusOr<Module> table = Module::CompileText(engine, "(module (table 101 funcref))");
  ASSERT_TRUE(table.ok());
  absl::StatusOr<Instance> r = Instance::Create(store, *table, {});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), absl::StatusCode::kResourceExhausted) << r.status();
  absl::StatusOr<Module> memory = Module::CompileText(engine, "(module (memory 3))");
  ASSERT_TRUE(memory.ok());
  r = Instance::Create(store, *memory, {});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), absl::StatusCode::kResourceExhausted) << r.status();
}

}  // namespace
}  // namespace wasmtier
