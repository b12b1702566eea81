// Runtime micro-benchmarks not covered by interp_bench/decode_bench (issue 6):
// memory.grow, memory.size and table operations (get/set, grow, fill, copy,
// size), from wasm and through the host API, in the interpreter.
//   bazel run -c opt //bench:runtime_bench
// Each wasm benchmark runs a loop of N operations in one call, so the figure
// (ns per item) includes the loop's few instructions: BM_EmptyLoop is that
// overhead alone.
#include <cstdint>
#include <optional>
#include <string>

#include "absl/strings/str_cat.h"
#include "benchmark/benchmark.h"
#include "engine/include/wasmtier/wasmtier.h"

namespace wasmtier::bench {
namespace {

constexpr char kWat[] = R"wat(
(module
  (memory (export "memory") 1)
  (table $t (export "table") 16 funcref)
  (func $seven (result i32) (i32.const 7))
  (elem declare func $seven)
  (func (export "empty_loop") (param $n i32) (result i32)
    (loop $l
      (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
    (local.get $n))
  ;; memory.grow by one page, n times; the final size in pages.
  (func (export "grow_memory") (param $n i32) (result i32)
    (loop $l
      (drop (memory.grow (i32.const 1)))
      (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
    (memory.size))
  (func (export "memory_size") (param $n i32) (result i32)
    (local $sum i32)
    (loop $l
      (local.set $sum (i32.add (local.get $sum) (memory.size)))
      (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
    (local.get $sum))
  ;; One table.set and one table.get per iteration; counts null entries read.
  (func (export "table_get_set") (param $n i32) (result i32)
    (local $nulls i32)
    (loop $l
      (table.set $t (i32.and (local.get $n) (i32.const 15)) (ref.func $seven))
      (local.set $nulls (i32.add (local.get $nulls)
        (ref.is_null (table.get $t (i32.and (i32.add (local.get $n) (i32.const 7))
                                            (i32.const 15))))))
      (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
    (local.get $nulls))
  (func (export "table_size") (param $n i32) (result i32)
    (local $sum i32)
    (loop $l
      (local.set $sum (i32.add (local.get $sum) (table.size $t)))
      (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
    (local.get $sum))
  ;; table.grow by one null entry, n times; the final size.
  (func (export "table_grow") (param $n i32) (result i32)
    (loop $l
      (drop (table.grow $t (ref.null func) (i32.const 1)))
      (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
    (table.size $t))
  ;; table.fill of all 16 entries, n times.
  (func (export "table_fill") (param $n i32) (result i32)
    (loop $l
      (table.fill $t (i32.const 0) (ref.func $seven) (i32.const 16))
      (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
    (local.get $n))
  ;; table.copy of 8 entries (overlapping halves), n times.
  (func (export "table_copy") (param $n i32) (result i32)
    (loop $l
      (table.copy $t $t (i32.const 4) (i32.const 0) (i32.const 8))
      (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
    (local.get $n))
)
)wat";

// The engine and module, compiled once for every benchmark.
struct Fixture {
  Engine engine{Config{.tier = TierMode::kInterp, .profile_counters = false}};
  std::optional<Module> module;
  std::string error;
  Fixture() {
    absl::StatusOr<Module> compiled = Module::CompileText(engine, kWat);
    if (compiled.ok()) {
      module = *std::move(compiled);
    } else {
      error = std::string(compiled.status().message());
    }
  }
};

const Fixture& GetFixture() {
  static const Fixture* fixture = new Fixture();
  return *fixture;
}

// A fresh instance in its own store (so grown memories and tables start over).
struct Live {
  Store store;
  std::optional<Instance> instance;
  explicit Live(const Fixture& f) : store(f.engine) {
    absl::StatusOr<Instance> created = Instance::Create(store, *f.module, {});
    if (created.ok()) instance = *std::move(created);
  }
};

// Calls {name}(n); false (and the benchmark skipped) on any error.
bool CallI32(benchmark::State& state, Live& live, const char* name, int32_t n, int32_t* result) {
  std::optional<Func> func = live.instance->GetFunc(name);
  Val args[1] = {Val::I32(n)};
  Val results[1];
  absl::Status status = func ? func->Call(live.store, args, results)
                             : absl::NotFoundError(absl::StrCat("no export ", name));
  if (!status.ok()) {
    state.SkipWithError(std::string(status.message()).c_str());
    return false;
  }
  *result = results[0].i32();
  return true;
}

bool Ready(benchmark::State& state, Live& live) {
  if (!GetFixture().error.empty()) {
    state.SkipWithError(GetFixture().error.c_str());
    return false;
  }
  if (!live.instance) {
    state.SkipWithError("instantiation failed");
    return false;
  }
  return true;
}

// A loop of state.range(0) operations in one call per iteration.
void RunLoop(benchmark::State& state, const char* name) {
  Live live(GetFixture());
  if (!Ready(state, live)) return;
  int32_t n = static_cast<int32_t>(state.range(0)), result = 0;
  for (auto _ : state) {
    if (!CallI32(state, live, name, n, &result)) return;
    benchmark::DoNotOptimize(result);
  }
  state.SetItemsProcessed(state.iterations() * n);
}

void BM_EmptyLoop(benchmark::State& state) {
  RunLoop(state, "empty_loop");
}
void BM_MemorySize(benchmark::State& state) {
  RunLoop(state, "memory_size");
}
void BM_TableGetSet(benchmark::State& state) {
  RunLoop(state, "table_get_set");
}
void BM_TableSize(benchmark::State& state) {
  RunLoop(state, "table_size");
}
void BM_TableFill16(benchmark::State& state) {
  RunLoop(state, "table_fill");
}
void BM_TableCopy8(benchmark::State& state) {
  RunLoop(state, "table_copy");
}
BENCHMARK(BM_EmptyLoop)->Arg(1 << 20);
BENCHMARK(BM_MemorySize)->Arg(1 << 20);
BENCHMARK(BM_TableGetSet)->Arg(1 << 20);
BENCHMARK(BM_TableSize)->Arg(1 << 20);
BENCHMARK(BM_TableFill16)->Arg(1 << 18);
BENCHMARK(BM_TableCopy8)->Arg(1 << 18);

// Grows need a fresh instance per iteration so every iteration grows from
// the same size: state.range(0) grows of one page / one entry. Creating it and
// destroying the previous one (unmapping the grown memory) are not timed.
// Times one call of {export_name}(n) on a fresh instance; it grows by n units
// and returns the new size, which must be {initial} + n.
void GrowInWasm(benchmark::State& state, const char* export_name, int32_t initial,
                const char* unit) {
  int32_t n = static_cast<int32_t>(state.range(0)), size = 0;
  std::optional<Live> live;
  for (auto _ : state) {
    state.PauseTiming();
    live.reset();
    live.emplace(GetFixture());
    if (!Ready(state, *live)) return;
    state.ResumeTiming();
    if (!CallI32(state, *live, export_name, n, &size)) return;
    state.PauseTiming();
    if (size != initial + n) {
      state.SkipWithError(
          absl::StrCat(export_name, ": ", size, " ", unit, ", want ", initial + n).c_str());
      return;
    }
    state.ResumeTiming();
  }
  state.SetItemsProcessed(state.iterations() * n);
}

void BM_MemoryGrowWasm(benchmark::State& state) {
  GrowInWasm(state, "grow_memory", 1, "pages");
}
BENCHMARK(BM_MemoryGrowWasm)->Arg(1000);

void BM_MemoryGrowHost(benchmark::State& state) {
  int64_t n = state.range(0);
  std::optional<Live> live;
  for (auto _ : state) {
    state.PauseTiming();
    live.reset();
    live.emplace(GetFixture());
    if (!Ready(state, *live)) return;
    std::optional<Memory> memory = live->instance->GetMemory("memory");
    state.ResumeTiming();
    for (int64_t i = 0; i < n; i++) {
      absl::StatusOr<uint64_t> old = memory->Grow(1);
      if (!old.ok() || *old != static_cast<uint64_t>(i + 1)) {
        state.SkipWithError("Memory::Grow failed");
        return;
      }
    }
  }
  state.SetItemsProcessed(state.iterations() * n);
}
BENCHMARK(BM_MemoryGrowHost)->Arg(1000);

void BM_TableGrowWasm(benchmark::State& state) {
  GrowInWasm(state, "table_grow", 16, "entries");
}
BENCHMARK(BM_TableGrowWasm)->Arg(10000);

// Table::Get and Table::Set through the host API: one of each per item.
void BM_TableGetSetHost(benchmark::State& state) {
  Live live(GetFixture());
  if (!Ready(state, live)) return;
  std::optional<Extern> exported = live.instance->GetExport("table");
  std::optional<Table> table = exported ? exported->table() : std::nullopt;
  if (!table) {
    state.SkipWithError("no table export");
    return;
  }
  absl::StatusOr<Val> entry = table->Get(0);
  int64_t i = 0;
  for (auto _ : state) {
    absl::Status set = table->Set(i & 15, *entry);
    absl::StatusOr<Val> got = table->Get((i + 7) & 15);
    if (!set.ok() || !got.ok()) {
      state.SkipWithError("Table::Get/Set failed");
      return;
    }
    benchmark::DoNotOptimize(*got);
    i++;
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_TableGetSetHost);

}  // namespace
}  // namespace wasmtier::bench

BENCHMARK_MAIN();
