// The embedding API end to end: compile WAT, instantiate, call exports with
// every value type, host functions (nested host <-> wasm calls, errors),
// traps with named backtraces, stack exhaustion, fuel and interrupts. Runs in
// the interpreter and auto tiers; jit mode must fail loudly until it exists.
#include <string>
#include <thread>
#include <vector>

#include "engine/api/api_test_harness.h"
#include "engine/include/wasmtier/wasmtier.h"
#include "engine/module.h"
#include "engine/runtime/exec.h"
#include "gtest/gtest.h"

namespace wasmtier {
namespace {

class ApiTest : public ::testing::TestWithParam<TierMode>, protected ApiHarness {
 protected:
  static Config MakeConfig(bool fuel = false, bool interruptible = false) {
    Config c;
    c.tier = GetParam();
    c.consume_fuel = fuel;
    c.interruptible = interruptible;
    return c;
  }
  ApiTest() : ApiHarness(MakeConfig()) {}

  std::vector<Val> Call(const Instance& instance, std::string_view name, std::vector<Val> args) {
    std::optional<Func> f = instance.GetFunc(name);
    EXPECT_TRUE(f.has_value()) << name;
    absl::StatusOr<std::vector<Val>> results = f->Call(store_, args);
    EXPECT_TRUE(results.ok()) << results.status();
    return results.ok() ? *results : std::vector<Val>{};
  }
};

TEST_P(ApiTest, CallsAnExport) {
  Instance inst = Load(R"((module
    (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))))");
  std::vector<Val> r = Call(inst, "add", {Val::I32(40), Val::I32(2)});
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].type(), ValType::I32());
  EXPECT_EQ(r[0].i32(), 42);
  EXPECT_EQ(Call(inst, "add", {Val::I32(-1), Val::I32(-2)})[0].i32(), -3);
}

TEST_P(ApiTest, PassesEveryValueType) {
  Instance inst = Load(R"((module
    (func (export "i64") (param i64) (result i64) (i64.mul (local.get 0) (i64.const 3)))
    (func (export "f32") (param f32) (result f32) (f32.neg (local.get 0)))
    (func (export "f64") (param f64) (result f64) (f64.add (local.get 0) (f64.const 0.5)))
    (func (export "ext") (param externref) (result externref) (local.get 0))
    (func (export "fref") (param funcref) (result funcref) (local.get 0))
    (func (export "multi") (param i32 i64) (result i64 i32) (local.get 1) (local.get 0))))");
  EXPECT_EQ(Call(inst, "i64", {Val::I64(int64_t{1} << 40)})[0].i64(), int64_t{3} << 40);
  EXPECT_EQ(Call(inst, "f32", {Val::F32(1.5f)})[0].f32(), -1.5f);
  EXPECT_EQ(Call(inst, "f64", {Val::F64(2.0)})[0].f64(), 2.5);
  // NaN bits survive the round trip through slots.
  EXPECT_EQ(Call(inst, "f32", {Val::F32Bits(0x7fa00001)})[0].f32_bits(), 0xffa00001u);

  Val ext = Val::ExternRef(store_, 1234);
  std::vector<Val> r = Call(inst, "ext", {ext});
  ASSERT_EQ(r[0].extern_data(), std::optional<uint64_t>(1234));
  EXPECT_TRUE(Call(inst, "ext", {Val::Null(ValType::ExternRef())})[0].is_null());

  Func add = *inst.GetFunc("i64");
  r = Call(inst, "fref", {Val::FuncRef(add)});
  ASSERT_TRUE(r[0].func().has_value());
  EXPECT_EQ(r[0].func()->raw(), add.raw());
  EXPECT_EQ(Call(inst, "fref", {Val::Null(ValType::FuncRef())})[0].ToString(), "funcref:null");

  r = Call(inst, "multi", {Val::I32(7), Val::I64(-9)});
  ASSERT_EQ(r.size(), 2u);
  EXPECT_EQ(r[0].i64(), -9);
  EXPECT_EQ(r[1].i32(), 7);
}

TEST_P(ApiTest, RejectsIllTypedArguments) {
  Instance inst = Load(R"((module (func (export "f") (param i32 externref))))");
  Func f = *inst.GetFunc("f");
  EXPECT_FALSE(f.Call(store_, std::vector<Val>{Val::I32(1)}).ok());  // too few
  absl::StatusOr<std::vector<Val>> r = f.Call(store_, std::vector<Val>{Val::I64(1), Val::Null(ValType::ExternRef())});
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("type mismatch"), std::string::npos) << r.status();
  // A funcref where an externref is expected.
  EXPECT_FALSE(f.Call(store_, std::vector<Val>{Val::I32(1), Val::Null(ValType::FuncRef())}).ok());
  EXPECT_TRUE(f.Call(store_, std::vector<Val>{Val::I32(1), Val::Null(ValType::ExternRef())}).ok());
}

TEST_P(ApiTest, HostFunctionsAreCalledWithTheCaller) {
  int calls = 0;
  Func twice = Func::Create(store_, FuncType{{ValType::I32()}, {ValType::I32()}},
                            [&](Caller& caller, std::span<const Val> args, std::span<Val> results) {
                              ++calls;
                              EXPECT_EQ(&caller.store(), &store_);
                              // The calling instance's exports are reachable (WASI needs "memory").
                              EXPECT_TRUE(caller.GetExport("memory").has_value());
                              results[0] = Val::I32(args[0].i32() * 2);
                              return absl::OkStatus();
                            });
  ASSERT_TRUE(linker_.Define("host", "twice", twice).ok());
  Instance inst = Load(R"((module
    (import "host" "twice" (func $twice (param i32) (result i32)))
    (memory (export "memory") 1)
    (func (export "quad") (param i32) (result i32) (call $twice (call $twice (local.get 0))))))");
  EXPECT_EQ(Call(inst, "quad", {Val::I32(5)})[0].i32(), 20);
  EXPECT_EQ(calls, 2);
  // Called directly from the host there is no calling instance.
  Func direct = Func::Create(store_, FuncType{{}, {ValType::I32()}},
                             [](Caller& caller, std::span<const Val>, std::span<Val> results) {
                               EXPECT_FALSE(caller.GetExport("memory").has_value());
                               results[0] = Val::I32(3);
                               return absl::OkStatus();
                             });
  absl::StatusOr<std::vector<Val>> r = direct.Call(store_, {});
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ((*r)[0].i32(), 3);
  // Nor when the host calls it from inside a host function that wasm called.
  Func outer = Func::Create(store_, FuncType{{}, {ValType::I32()}},
                            [&](Caller& caller, std::span<const Val>, std::span<Val> results) {
                              EXPECT_TRUE(caller.GetExport("memory").has_value());
                              absl::StatusOr<std::vector<Val>> inner = direct.Call(caller.store(), {});
                              if (!inner.ok()) return inner.status();
                              results[0] = (*inner)[0];
                              return absl::OkStatus();
                            });
  ASSERT_TRUE(linker_.Define("host", "outer", outer).ok());
  Instance viaouter = Load(R"((module
    (import "host" "outer" (func $outer (result i32)))
    (memory (export "memory") 1)
    (func (export "f") (result i32) (call $outer))))");
  EXPECT_EQ(Call(viaouter, "f", {})[0].i32(), 3);
}

TEST_P(ApiTest, RawHostFunctions) {
  Func sum = Func::CreateRaw(store_, FuncType{{ValType::I64(), ValType::I64()}, {ValType::I64()}},
                             [](Caller&, uint64_t* slots) {
                               slots[0] = slots[0] + slots[1];
                               return absl::OkStatus();
                             });
  ASSERT_TRUE(linker_.Define("host", "sum", sum).ok());
  Instance inst = Load(R"((module
    (import "host" "sum" (func $sum (param i64 i64) (result i64)))
    (func (export "f") (result i64) (call $sum (i64.const 40) (i64.const 2)))))");
  EXPECT_EQ(Call(inst, "f", {})[0].i64(), 42);
}

// host -> wasm -> host -> wasm -> host: each level sees the right values and
// a trap in the innermost wasm returns to the innermost host caller only.
TEST_P(ApiTest, NestedHostAndWasmCalls) {
  Instance* self = nullptr;
  Func reenter = Func::Create(
      store_, FuncType{{ValType::I32()}, {ValType::I32()}},
      [&](Caller& caller, std::span<const Val> args, std::span<Val> results) -> absl::Status {
        const int32_t n = args[0].i32();
        if (n == 0) {
          // The innermost trap comes back to this host function as a status.
          absl::StatusOr<std::vector<Val>> t = self->GetFunc("boom")->Call(caller.store(), {});
          EXPECT_FALSE(t.ok());
          std::optional<Trap> trap = GetTrap(t.status());
          EXPECT_TRUE(trap.has_value());
          if (trap) EXPECT_EQ(trap->code, TrapCode::kUnreachable);
          results[0] = Val::I32(100);
          return absl::OkStatus();
        }
        absl::StatusOr<std::vector<Val>> r =
            self->GetFunc("down")->Call(caller.store(), std::vector<Val>{Val::I32(n - 1)});
        if (!r.ok()) return r.status();
        results[0] = Val::I32((*r)[0].i32() + 1);
        return absl::OkStatus();
      });
  ASSERT_TRUE(linker_.Define("host", "reenter", reenter).ok());
  Instance inst = Load(R"((module
    (import "host" "reenter" (func $reenter (param i32) (result i32)))
    (func (export "down") (param i32) (result i32)
      (i32.add (call $reenter (local.get 0)) (i32.const 1000)))
    (func (export "boom") unreachable)))");
  self = &inst;
  // Each of the 4 wasm levels adds 1000 and each host level above 0 adds 1.
  EXPECT_EQ(Call(inst, "down", {Val::I32(3)})[0].i32(), 100 + 3 + 4 * 1000);
  // Still usable afterwards.
  EXPECT_EQ(Call(inst, "down", {Val::I32(0)})[0].i32(), 1100);
}

TEST_P(ApiTest, HostErrorsPropagateUnchanged) {
  Func fail = Func::Create(store_, FuncType{},
                           [](Caller&, std::span<const Val>, std::span<Val>) {
                             return absl::PermissionDeniedError("no access");
                           });
  ASSERT_TRUE(linker_.Define("host", "fail", fail).ok());
  Instance inst = Load(R"((module
    (import "host" "fail" (func $fail))
    (func (export "f") (result i32) (call $fail) (i32.const 1))))");
  absl::StatusOr<std::vector<Val>> r = inst.GetFunc("f")->Call(store_, {});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(r.status().message(), "no access");
  EXPECT_FALSE(GetTrap(r.status()).has_value());
}

TEST_P(ApiTest, HostFunctionsMayTrap) {
  Func trap = Func::Create(store_, FuncType{},
                           [](Caller&, std::span<const Val>, std::span<Val>) {
                             return TrapStatus(Trap{TrapCode::kIntegerOverflow, {}});
                           });
  ASSERT_TRUE(linker_.Define("host", "trap", trap).ok());
  Instance inst = Load(R"((module
    (import "host" "trap" (func $trap))
    (func $caller (export "f") (call $trap))))");
  absl::StatusOr<std::vector<Val>> r = inst.GetFunc("f")->Call(store_, {});
  ASSERT_FALSE(r.ok());
  std::optional<Trap> t = GetTrap(r.status());
  ASSERT_TRUE(t.has_value()) << r.status();
  EXPECT_EQ(t->code, TrapCode::kIntegerOverflow);
  EXPECT_EQ(r.status().message(), "integer overflow");
  // The host's trap gets the backtrace of the wasm code that called it.
  ASSERT_EQ(t->backtrace.size(), 1u);
  EXPECT_EQ(t->backtrace[0].func_name, "caller");
  EXPECT_EQ(t->backtrace[0].func_index, 1u);
}

TEST_P(ApiTest, TrapsCarryANamedBacktrace) {
  Instance inst = Load(R"((module $m
    (func $inner (param i32) (result i32) (i32.div_s (i32.const 1) (local.get 0)))
    (func $outer (export "run") (param i32) (result i32) (call $inner (local.get 0)))))");
  absl::StatusOr<std::vector<Val>> r = inst.GetFunc("run")->Call(store_, std::vector<Val>{Val::I32(0)});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), absl::StatusCode::kAborted);
  EXPECT_EQ(r.status().message(), "integer divide by zero");
  std::optional<Trap> trap = GetTrap(r.status());
  ASSERT_TRUE(trap.has_value());
  EXPECT_EQ(trap->code, TrapCode::kIntegerDivideByZero);
  ASSERT_EQ(trap->backtrace.size(), 2u);
  EXPECT_EQ(trap->backtrace[0].func_index, 0u);
  EXPECT_EQ(trap->backtrace[0].func_name, "inner");
  EXPECT_EQ(trap->backtrace[0].module_name, "m");
  EXPECT_EQ(trap->backtrace[1].func_name, "outer");
  // Code offsets point at the trapping instruction and at the call.
  const std::vector<uint8_t>& bytes = inst.raw()->module->bytes;
  ASSERT_TRUE(trap->backtrace[0].code_offset.has_value());
  ASSERT_TRUE(trap->backtrace[1].code_offset.has_value());
  EXPECT_EQ(bytes.at(*trap->backtrace[0].code_offset), 0x6D);  // i32.div_s
  EXPECT_EQ(bytes.at(*trap->backtrace[1].code_offset), 0x10);  // call
  const std::string text = trap->ToString();
  EXPECT_NE(text.find("wasm trap: integer divide by zero"), std::string::npos) << text;
  EXPECT_NE(text.find("m!inner"), std::string::npos) << text;
  // The store is usable after a trap.
  EXPECT_EQ(Call(inst, "run", {Val::I32(1)})[0].i32(), 1);
}

TEST_P(ApiTest, InfiniteRecursionIsAStackExhaustedTrap) {
  Instance inst = Load(R"((module
    (func $f (export "f") (param i32) (result i32) (i32.add (call $f (local.get 0)) (i32.const 1)))))");
  absl::StatusOr<std::vector<Val>> r = inst.GetFunc("f")->Call(store_, std::vector<Val>{Val::I32(0)});
  ASSERT_FALSE(r.ok());
  std::optional<Trap> trap = GetTrap(r.status());
  ASSERT_TRUE(trap.has_value()) << r.status();
  EXPECT_EQ(trap->code, TrapCode::kStackExhausted);
  EXPECT_EQ(r.status().message(), "call stack exhausted");
}

TEST_P(ApiTest, MemoryFromTheHost) {
  absl::StatusOr<Memory> mem = Memory::Create(store_, MemoryType{Limits{1, 3}});
  ASSERT_TRUE(mem.ok()) << mem.status();
  ASSERT_TRUE(linker_.Define("env", "mem", *mem).ok());
  Instance inst = Load(R"((module
    (import "env" "mem" (memory 1))
    (func (export "store") (param i32 i32) (i32.store (local.get 0) (local.get 1)))
    (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))))");
  Call(inst, "store", {Val::I32(16), Val::I32(0x01020304)});
  uint8_t bytes[4];
  ASSERT_TRUE(mem->Read(16, bytes).ok());
  EXPECT_EQ(bytes[0], 4);
  EXPECT_EQ(bytes[3], 1);
  EXPECT_FALSE(mem->Read(65535, bytes).ok());  // crosses the end
  EXPECT_EQ(Call(inst, "grow", {Val::I32(1)})[0].i32(), 1);
  EXPECT_EQ(mem->pages(), 2u);
  absl::StatusOr<uint64_t> old = mem->Grow(1);
  ASSERT_TRUE(old.ok());
  EXPECT_EQ(*old, 2u);
  EXPECT_FALSE(mem->Grow(1).ok());  // maximum 3
  EXPECT_EQ(Call(inst, "grow", {Val::I32(1)})[0].i32(), -1);
  EXPECT_EQ(mem->size_bytes(), 3u * 65536);
}

TEST_P(ApiTest, GlobalsAndTablesFromTheHost) {
  absl::StatusOr<Global> counter =
      Global::Create(store_, GlobalType{ValType::I64(), true}, Val::I64(10));
  ASSERT_TRUE(counter.ok());
  absl::StatusOr<Global> constant = Global::Create(store_, GlobalType{ValType::I32(), false}, Val::I32(7));
  ASSERT_TRUE(constant.ok());
  EXPECT_FALSE(constant->Set(Val::I32(8)).ok());      // immutable
  EXPECT_FALSE(counter->Set(Val::I32(8)).ok());       // wrong type
  EXPECT_FALSE(Global::Create(store_, GlobalType{ValType::I32(), false}, Val::F32(1)).ok());
  absl::StatusOr<Table> table = Table::Create(store_, TableType{ValType::FuncRef(), Limits{2, 10}},
                                              Val::Null(ValType::FuncRef()));
  ASSERT_TRUE(table.ok());
  ASSERT_TRUE(linker_.Define("env", "counter", *counter).ok());
  ASSERT_TRUE(linker_.Define("env", "seven", *constant).ok());
  ASSERT_TRUE(linker_.Define("env", "table", *table).ok());
  Instance inst = Load(R"((module
    (import "env" "counter" (global $c (mut i64)))
    (import "env" "seven" (global $s i32))
    (import "env" "table" (table 2 funcref))
    (func $nine (result i32) (i32.const 9))
    (elem (i32.const 1) $nine)
    (func (export "bump") (global.set $c (i64.add (global.get $c) (i64.extend_i32_u (global.get $s)))))
    (func (export "call1") (result i32) (call_indirect (result i32) (i32.const 1)))))");
  Call(inst, "bump", {});
  EXPECT_EQ(counter->Get().i64(), 17);
  ASSERT_TRUE(counter->Set(Val::I64(100)).ok());
  Call(inst, "bump", {});
  EXPECT_EQ(counter->Get().i64(), 107);

  // The element segment wrote the instance's function into the host table.
  absl::StatusOr<Val> slot1 = table->Get(1);
  ASSERT_TRUE(slot1.ok());
  ASSERT_TRUE(slot1->func().has_value());
  absl::StatusOr<std::vector<Val>> nine = slot1->func()->Call(store_, {});
  ASSERT_TRUE(nine.ok());
  EXPECT_EQ((*nine)[0].i32(), 9);
  EXPECT_EQ(Call(inst, "call1", {})[0].i32(), 9);
  // A host function stored by the host is called through the table.
  Func ten = Func::Create(store_, FuncType{{}, {ValType::I32()}},
                          [](Caller&, std::span<const Val>, std::span<Val> results) {
                            results[0] = Val::I32(10);
                            return absl::OkStatus();
                          });
  ASSERT_TRUE(table->Set(1, Val::FuncRef(ten)).ok());
  EXPECT_EQ(Call(inst, "call1", {})[0].i32(), 10);
  EXPECT_FALSE(table->Set(2, Val::FuncRef(ten)).ok());  // out of bounds
  EXPECT_FALSE(table->Set(0, Val::ExternRef(store_, 1)).ok());  // wrong type
  absl::StatusOr<uint64_t> old = table->Grow(3, Val::FuncRef(ten));
  ASSERT_TRUE(old.ok());
  EXPECT_EQ(*old, 2u);
  EXPECT_EQ(table->size(), 5u);
  EXPECT_EQ(table->type().limits.min, 5u);
}

TEST_P(ApiTest, StartFunctionRunsAtInstantiation) {
  Instance inst = Load(R"((module
    (global $g (mut i32) (i32.const 1))
    (func $start (global.set $g (i32.const 42)))
    (start $start)
    (func (export "get") (result i32) (global.get $g))))");
  EXPECT_EQ(Call(inst, "get", {})[0].i32(), 42);
}

TEST_P(ApiTest, FuelRunsOut) {
  Engine engine(MakeConfig(/*fuel=*/true));
  Store store(engine);
  absl::StatusOr<Module> module = Module::CompileText(engine, R"((module
    (func (export "spin") (loop $l (br $l)))
    (func (export "nop"))))");
  ASSERT_TRUE(module.ok());
  absl::StatusOr<Instance> inst = Instance::Create(store, *module, {});
  ASSERT_TRUE(inst.ok());
  ASSERT_TRUE(store.SetFuel(1000).ok());
  absl::StatusOr<std::vector<Val>> r = inst->GetFunc("spin")->Call(store, {});
  ASSERT_FALSE(r.ok());
  std::optional<Trap> trap = GetTrap(r.status());
  ASSERT_TRUE(trap.has_value()) << r.status();
  EXPECT_EQ(trap->code, TrapCode::kOutOfFuel);
  EXPECT_EQ(*store.GetFuel(), 0u);
  ASSERT_TRUE(store.SetFuel(10).ok());
  EXPECT_TRUE(inst->GetFunc("nop")->Call(store, {}).ok());
  EXPECT_LT(*store.GetFuel(), 10u);
}

TEST_P(ApiTest, FuelIsAnErrorWhenDisabled) {
  EXPECT_EQ(store_.SetFuel(5).code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_FALSE(store_.GetFuel().ok());
}

// A watchdog's handle may fire after its store is gone: it must do nothing
// (ASan would report the write to the freed flag).
TEST_P(ApiTest, InterruptHandleOutlivingItsStoreIsHarmless) {
  Engine engine(MakeConfig(/*fuel=*/false, /*interruptible=*/true));
  std::function<void()> interrupt;
  {
    Store store(engine);
    interrupt = store.InterruptHandle();
    Store moved(std::move(store));
    interrupt();  // still reaches the moved store's flag
  }
  interrupt();
  SUCCEED();
}

TEST_P(ApiTest, InterruptStopsALoop) {
  Engine engine(MakeConfig(/*fuel=*/false, /*interruptible=*/true));
  Store store(engine);
  std::function<void()> interrupt = store.InterruptHandle();
  Func stop = Func::Create(store, FuncType{},
                           [&](Caller&, std::span<const Val>, std::span<Val>) {
                             interrupt();  // as another thread would
                             return absl::OkStatus();
                           });
  absl::StatusOr<Module> module = Module::CompileText(engine, R"((module
    (import "host" "stop" (func $stop))
    (func (export "spin") (call $stop) (loop $l (br $l)))
    (func (export "nop"))))");
  ASSERT_TRUE(module.ok());
  absl::StatusOr<Instance> inst = Instance::Create(store, *module, std::vector<Extern>{stop});
  ASSERT_TRUE(inst.ok()) << inst.status();
  absl::StatusOr<std::vector<Val>> r = inst->GetFunc("spin")->Call(store, {});
  ASSERT_FALSE(r.ok());
  std::optional<Trap> trap = GetTrap(r.status());
  ASSERT_TRUE(trap.has_value()) << r.status();
  EXPECT_EQ(trap->code, TrapCode::kInterrupted);
  store.ClearInterrupt();
  EXPECT_TRUE(inst->GetFunc("nop")->Call(store, {}).ok());
}

// InterruptPending follows the flag a handle sets and ClearInterrupt clears,
// so a waiting host function can end the guest with the interrupt trap; that
// trap carries the guest's frames, not an empty backtrace.
TEST_P(ApiTest, InterruptPendingLetsAHostFunctionEndTheGuest) {
  Engine engine(MakeConfig(/*fuel=*/false, /*interruptible=*/true));
  Store store(engine);
  EXPECT_FALSE(store.InterruptPending());
  std::function<void()> interrupt = store.InterruptHandle();
  int waits = 0;
  Func wait = Func::Create(store, FuncType{},
                           [&](Caller& caller, std::span<const Val>, std::span<Val>) {
                             ++waits;
                             if (waits == 2) interrupt();  // as a watchdog thread would
                             if (caller.store().InterruptPending()) {
                               return TrapStatus(Trap{TrapCode::kInterrupted, {}});
                             }
                             return absl::OkStatus();
                           });
  absl::StatusOr<Module> module = Module::CompileText(engine, R"((module
    (import "host" "wait" (func $wait))
    (func $sleeper (export "sleeper") (loop $l (call $wait) (br $l)))))");
  ASSERT_TRUE(module.ok()) << module.status();
  absl::StatusOr<Instance> inst = Instance::Create(store, *module, std::vector<Extern>{wait});
  ASSERT_TRUE(inst.ok()) << inst.status();
  absl::StatusOr<std::vector<Val>> r = inst->GetFunc("sleeper")->Call(store, {});
  ASSERT_FALSE(r.ok());
  std::optional<Trap> trap = GetTrap(r.status());
  ASSERT_TRUE(trap.has_value()) << r.status();
  EXPECT_EQ(trap->code, TrapCode::kInterrupted);
  EXPECT_EQ(waits, 2);  // ended by the host function, not the loop's own check
  ASSERT_FALSE(trap->backtrace.empty());
  EXPECT_EQ(trap->backtrace[0].func_name, "sleeper");
  EXPECT_TRUE(store.InterruptPending());  // until cleared
  store.ClearInterrupt();
  EXPECT_FALSE(store.InterruptPending());
}

TEST_P(ApiTest, ImportAndExportDescriptors) {
  absl::StatusOr<Module> module = Module::CompileText(engine_, R"((module
    (import "a" "f" (func (param i32) (result f64)))
    (import "a" "m" (memory 1 2))
    (global (export "g") (mut i64) (i64.const 0))
    (table (export "t") 3 externref)))");
  ASSERT_TRUE(module.ok());
  std::vector<ImportDesc> imports = module->imports();
  ASSERT_EQ(imports.size(), 2u);
  EXPECT_EQ(imports[0].kind, ExternKind::kFunc);
  EXPECT_EQ(imports[0].func.ToString(), (FuncType{{ValType::I32()}, {ValType::F64()}}).ToString());
  EXPECT_EQ(imports[1].name, "m");
  EXPECT_EQ(imports[1].memory.limits.max, std::optional<uint64_t>(2));
  std::vector<ExportDesc> exports = module->exports();
  ASSERT_EQ(exports.size(), 2u);
  EXPECT_EQ(exports[0].global.type, ValType::I64());
  EXPECT_TRUE(exports[0].global.is_mutable);
  EXPECT_EQ(exports[1].table.elem, ValType::ExternRef());
  EXPECT_EQ(module->wasm_module().imports.size(), 2u);
}

// Engine and Module are shared between threads; each thread has its own
// Store (DESIGN.md §7). Lazy translation of the shared code table races here.
TEST_P(ApiTest, StoresOnManyThreadsShareAModule) {
  absl::StatusOr<Module> module = Module::CompileText(engine_, R"((module
    (func $fib (export "fib") (param i32) (result i32)
      (if (result i32) (i32.lt_u (local.get 0) (i32.const 2))
        (then (local.get 0))
        (else (i32.add (call $fib (i32.sub (local.get 0) (i32.const 1)))
                       (call $fib (i32.sub (local.get 0) (i32.const 2)))))))))");
  ASSERT_TRUE(module.ok());
  std::vector<int32_t> results(4, 0);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      Store store(engine_);
      absl::StatusOr<Instance> inst = Instance::Create(store, *module, {});
      if (!inst.ok()) return;
      absl::StatusOr<std::vector<Val>> r =
          inst->GetFunc("fib")->Call(store, std::vector<Val>{Val::I32(15 + t)});
      if (r.ok()) results[t] = (*r)[0].i32();
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(results, (std::vector<int32_t>{610, 987, 1597, 2584}));
}

TEST_P(ApiTest, CompileReportsMalformedAndInvalidModules) {
  const uint8_t kNotWasm[] = {0x00, 0x61, 0x73, 0x6d, 0x02, 0x00, 0x00, 0x00};
  absl::StatusOr<Module> bad = Module::Compile(engine_, kNotWasm);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), absl::StatusCode::kInvalidArgument);  // malformed
  absl::StatusOr<Module> invalid =
      Module::CompileText(engine_, "(module (func (result i32) (i64.const 1)))");
  ASSERT_FALSE(invalid.ok());
  EXPECT_EQ(invalid.status().code(), absl::StatusCode::kFailedPrecondition);  // invalid
  const uint8_t kEmpty[] = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00};
  absl::StatusOr<Module> empty = Module::Compile(engine_, kEmpty);
  ASSERT_TRUE(empty.ok()) << empty.status();
  EXPECT_TRUE(Instance::Create(store_, *empty, {}).ok());
}

TEST_P(ApiTest, Memory64FromTheHost) {
  absl::StatusOr<Memory> mem = Memory::Create(store_, MemoryType{Limits{1, 4, /*is64=*/true}});
  ASSERT_TRUE(mem.ok()) << mem.status();
  ASSERT_TRUE(linker_.Define("env", "mem64", *mem).ok());
  Instance inst = Load(R"((module
    (import "env" "mem64" (memory i64 1))
    (func (export "load") (param i64) (result i64) (i64.load (local.get 0)))))");
  const uint8_t bytes[8] = {1, 2, 3, 4, 5, 6, 7, 8};
  ASSERT_TRUE(mem->Write(65536 - 8, bytes).ok());
  EXPECT_EQ(Call(inst, "load", {Val::I64(65536 - 8)})[0].i64(), 0x0807060504030201);
  absl::StatusOr<std::vector<Val>> r =
      inst.GetFunc("load")->Call(store_, std::vector<Val>{Val::I64(65536 - 4)});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(GetTrap(r.status())->code, TrapCode::kMemoryOutOfBounds);
  EXPECT_TRUE(mem->type().limits.is64);
}

// A moved Store keeps its instances, and host functions see the Store
// object it now lives in.
TEST_P(ApiTest, MovedStoresKeepWorking) {
  Store original(engine_);
  Store* seen = nullptr;
  Func probe = Func::Create(original, FuncType{},
                            [&](Caller& caller, std::span<const Val>, std::span<Val>) {
                              seen = &caller.store();
                              return absl::OkStatus();
                            });
  absl::StatusOr<Module> module = Module::CompileText(engine_, R"((module
    (import "host" "probe" (func $probe))
    (func (export "f") (call $probe))))");
  ASSERT_TRUE(module.ok());
  absl::StatusOr<Instance> inst = Instance::Create(original, *module, std::vector<Extern>{probe});
  ASSERT_TRUE(inst.ok());
  Store moved(std::move(original));
  ASSERT_TRUE(inst->GetFunc("f")->Call(moved, {}).ok());
  EXPECT_EQ(seen, &moved);
  Store assigned(engine_);
  assigned = std::move(moved);
  ASSERT_TRUE(inst->GetFunc("f")->Call(assigned, {}).ok());
  EXPECT_EQ(seen, &assigned);
}

TEST_P(ApiTest, ExternrefsInTablesAndGlobals) {
  absl::StatusOr<Table> table = Table::Create(store_, TableType{ValType::ExternRef(), Limits{2}},
                                              Val::ExternRef(store_, 5));
  ASSERT_TRUE(table.ok());
  absl::StatusOr<Global> global =
      Global::Create(store_, GlobalType{ValType::ExternRef(), true}, Val::Null(ValType::ExternRef()));
  ASSERT_TRUE(global.ok());
  ASSERT_TRUE(linker_.Define("env", "t", *table).ok());
  ASSERT_TRUE(linker_.Define("env", "g", *global).ok());
  Instance inst = Load(R"((module
    (import "env" "t" (table 2 externref))
    (import "env" "g" (global $g (mut externref)))
    (func (export "swap") (global.set $g (table.get 0 (i32.const 1)))
                          (table.set 0 (i32.const 1) (ref.null extern)))))");
  Call(inst, "swap", {});
  EXPECT_EQ(global->Get().extern_data(), std::optional<uint64_t>(5));
  EXPECT_EQ(global->Get().ToString(), "externref:5");
  EXPECT_TRUE(table->Get(1)->is_null());
  EXPECT_EQ(table->Get(0)->extern_data(), std::optional<uint64_t>(5));
  EXPECT_FALSE(global->Set(Val::Null(ValType::FuncRef())).ok());
}

INSTANTIATE_TEST_SUITE_P(Tiers, ApiTest, ::testing::Values(TierMode::kInterp, TierMode::kAuto),
                         [](const auto& info) { return std::string(TierModeName(info.param)); });

TEST(JitModeTest, EveryCallFailsLoudlyUntilTheJitExists) {
  Config config;
  config.tier = TierMode::kJit;
  Engine engine(config);
  Store store(engine);
  absl::StatusOr<Module> module =
      Module::CompileText(engine, R"((module (func (export "f") (result i32) (i32.const 1))))");
  ASSERT_TRUE(module.ok());
  absl::StatusOr<Instance> inst = Instance::Create(store, *module, {});
  ASSERT_TRUE(inst.ok());
  absl::StatusOr<std::vector<Val>> r = inst->GetFunc("f")->Call(store, {});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), absl::StatusCode::kUnimplemented);
  EXPECT_EQ(r.status().message(), "unsupported: the JIT tier is not built yet");
}

TEST(ValTest, ToStringAndTrapRoundTrip) {
  EXPECT_EQ(Val::I32(-5).ToString(), "i32:-5");
  EXPECT_EQ(Val::I64(7).ToString(), "i64:7");
  EXPECT_EQ(Val::F64(1.5).ToString(), "f64:1.5");
  EXPECT_EQ(Val::F32Bits(0x7fc00000).ToString(), "f32:nan(0x7fc00000)");
  EXPECT_EQ(Val::Null(ValType::ExternRef()).ToString(), "externref:null");
  EXPECT_EQ(std::string(TierModeName(TierMode::kAuto)), "auto");

  Trap trap{TrapCode::kMemoryOutOfBounds, {TrapFrame{3, "load", "m", 0x1a}, TrapFrame{1, "", "", {}}}};
  absl::Status status = TrapStatus(trap);
  EXPECT_EQ(status.code(), absl::StatusCode::kAborted);
  EXPECT_EQ(status.message(), "out of bounds memory access");
  std::optional<Trap> back = GetTrap(status);
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(back->code, TrapCode::kMemoryOutOfBounds);
  ASSERT_EQ(back->backtrace.size(), 2u);
  EXPECT_EQ(back->backtrace[0].func_name, "load");
  EXPECT_EQ(back->backtrace[0].code_offset, std::optional<uint32_t>(0x1a));
  EXPECT_FALSE(back->backtrace[1].code_offset.has_value());
  EXPECT_EQ(back->ToString(),
            "wasm trap: out of bounds memory access\nwasm backtrace:\n"
            "  0: 0x1a - m!load\n  1: <unknown> - func[1]\n");
  EXPECT_FALSE(GetTrap(absl::AbortedError("out of bounds memory access")).has_value());
  EXPECT_FALSE(GetTrap(absl::OkStatus()).has_value());
}

TEST(ValTest, DeepBacktracesArePrintedFolded) {
  Trap trap{TrapCode::kStackExhausted, {}};
  for (int i = 0; i < 5000; ++i) trap.backtrace.push_back(TrapFrame{2, "rec", "", 0x41});
  trap.backtrace.push_back(TrapFrame{0, "main", "", 0x10});
  EXPECT_EQ(trap.ToString(),
            "wasm trap: call stack exhausted\nwasm backtrace:\n"
            "  0: 0x41 - rec\n  1..4999: the same frame 4999 more times\n  5000: 0x10 - main\n");
  Trap mutual{TrapCode::kStackExhausted, {}};
  for (int i = 0; i < 1000; ++i) mutual.backtrace.push_back(TrapFrame{uint32_t(i % 2), "", "", 0x20});
  const std::string text = mutual.ToString();
  EXPECT_NE(text.find("  63: 0x20 - func[1]\n  ... 936 more frames\n"), std::string::npos) << text;
}

}  // namespace
}  // namespace wasmtier
