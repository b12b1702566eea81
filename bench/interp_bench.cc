// The interpreter tier's micro-benchmarks: translation throughput, time from a
// compiled Module to its first executed instruction, instantiation, the three
// call paths (host->wasm, wasm->wasm, wasm->host) and CPU-bound kernels
// (bench/kernels.h), each execution benchmark with profile counters off and on
// so the cost of counting shows side by side (summary table at the end), and
// BM_CountingCost measuring that cost pairwise, alternating both in one loop.
// Execution figures are CPU time per unit of work (counter per_unit, the unit
// in the label); Node.js runs the same kernels: bench/node/kernels_compare.sh.
//   bazel run -c opt //bench:interp_bench [-- --benchmark_filter=... FILE.wasm...]
//   bazel run -c opt //bench:interp_bench -- --emit-wasm=DIR  (kernels for bench/node/kernels.js)
// Extra FILE.wasm arguments are added to BM_Translate. For machine-readable
// results use --benchmark_out=FILE --benchmark_out_format=json.
#include <cstdio>
#include <ctime>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "bench/interp_bench_module.h"
#include "bench/interp_bench_util.h"
#include "bench/kernels.h"
#include "bench/module_gen.h"
#include "benchmark/benchmark.h"
#include "engine/include/wasmtier/wasmtier.h"
#include "engine/text/wat.h"

namespace wasmtier::bench {
namespace {

using Bytes = std::vector<uint8_t>;

// Skips the benchmark with {status}'s message; true if it did.
bool Failed(benchmark::State& state, const absl::Status& status, std::string_view what) {
  if (status.ok()) return false;
  state.SkipWithError(absl::StrCat(std::string(what), ": ", status.ToString()).c_str());
  return true;
}

// Counter "per_unit": benchmark time divided by the units of work done (an
// inverted rate: seconds per unit, printed as e.g. "9.65ns"; JSON has
// seconds), with the unit named in the label.
void SetTimePerUnit(benchmark::State& state, std::string_view unit, double units_per_iteration) {
  state.counters[kPerUnitCounter] = benchmark::Counter(
      units_per_iteration,
      benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert);
  state.SetLabel(absl::StrFormat("unit=%s x%.0f", std::string(unit), units_per_iteration));
}

const char* CountersName(bool on) { return on ? "counters_on" : "counters_off"; }

// ---------------------------------------------------------------------------
// From a compiled Module to the first instruction: Instance::Create, looking
// up the export, calling it. The store and the host functions the module
// imports are made before the clock starts (an embedder has them ready), and
// torn down after it stops.

struct FirstInstructionWorkload {
  Bytes bytes;            // with an export "first": () -> i32
  int32_t expected = 0;   // what "first" returns
};

absl::Status RunFirstInstruction(benchmark::State& state, Store& store, const Module& module,
                                 int32_t expected) {
  absl::StatusOr<std::vector<Extern>> imports = StubImports(store, module);
  if (!imports.ok()) return imports.status();
  state.ResumeTiming();
  absl::StatusOr<Instance> instance = Instance::Create(store, module, *imports);
  if (!instance.ok()) return instance.status();
  std::optional<Func> first = instance->GetFunc("first");
  if (!first) return absl::NotFoundError("no export \"first\"");
  Val result;
  absl::Status status = first->Call(store, {}, std::span<Val>(&result, 1));
  state.PauseTiming();
  if (!status.ok()) return status;
  if (result.i32() != expected) {
    return absl::InternalError(absl::StrCat("first() returned ", result.i32()));
  }
  return absl::OkStatus();
}

// {fresh_module}: compile the module again (untimed) for every iteration, so
// the lazy translation of "first" and whatever a module sets up on its first
// instantiation are measured too; else the module is shared by all
// iterations, as a server instantiating per request shares it.
void BM_FirstInstruction(benchmark::State& state, const FirstInstructionWorkload* workload,
                         bool fresh_module) {
  Engine engine(InterpConfig(false));
  std::optional<Module> module;
  for (auto _ : state) {
    state.PauseTiming();
    if (fresh_module || !module) {
      absl::StatusOr<Module> compiled = Module::Compile(engine, workload->bytes);
      if (Failed(state, compiled.status(), "compile")) return;
      module.emplace(*std::move(compiled));
    }
    {
      Store store(engine);
      absl::Status status = RunFirstInstruction(state, store, *module, workload->expected);
      if (Failed(state, status, "first instruction")) return;
    }
    state.ResumeTiming();
  }
  state.counters["module_MB"] = static_cast<double>(workload->bytes.size()) / 1e6;
}

// ---------------------------------------------------------------------------
// Instantiation of a small module. Stores are replaced (untimed) every
// kInstancesPerStore instances: each memory reserves its 8 GiB guarded range.

void BM_InstantiateSmall(benchmark::State& state, const Bytes* bytes) {
  constexpr int kInstancesPerStore = 256;
  Engine engine(InterpConfig(false));
  absl::StatusOr<Module> module = Module::Compile(engine, *bytes);
  if (Failed(state, module.status(), "compile")) return;
  auto store = std::make_unique<Store>(engine);
  int in_store = 0;
  for (auto _ : state) {
    if (in_store == kInstancesPerStore) {
      state.PauseTiming();
      store = std::make_unique<Store>(engine);
      in_store = 0;
      state.ResumeTiming();
    }
    absl::StatusOr<Instance> instance = Instance::Create(*store, *module, {});
    if (Failed(state, instance.status(), "instantiate")) return;
    ++in_store;
  }
}

// Store creation + instantiation + teardown, all timed: the whole cost of a
// short-lived sandbox.
void BM_StoreInstantiateTeardownSmall(benchmark::State& state, const Bytes* bytes) {
  Engine engine(InterpConfig(false));
  absl::StatusOr<Module> module = Module::Compile(engine, *bytes);
  if (Failed(state, module.status(), "compile")) return;
  for (auto _ : state) {
    Store store(engine);
    absl::StatusOr<Instance> instance = Instance::Create(store, *module, {});
    if (Failed(state, instance.status(), "instantiate")) return;
  }
}

// ---------------------------------------------------------------------------
// Calls (bench/kernels.h kCallsWat).

constexpr int32_t kCallsPerRun = 1'000'000;

enum class HostKind { kVal, kRaw };

struct CallsSetup {
  std::unique_ptr<Store> store;
  std::optional<Instance> instance;
};

absl::StatusOr<CallsSetup> InstantiateCalls(const Engine& engine, HostKind host_kind) {
  absl::StatusOr<Module> module = Module::CompileText(engine, kCallsWat);
  if (!module.ok()) return module.status();
  CallsSetup setup;
  setup.store = std::make_unique<Store>(engine);
  FuncType type{{ValType::I32()}, {ValType::I32()}};
  Func host = host_kind == HostKind::kVal
                  ? Func::Create(*setup.store, type,
                                 [](Caller&, std::span<const Val> args, std::span<Val> results) {
                                   results[0] = Val::I32(args[0].i32() + 1);
                                   return absl::OkStatus();
                                 })
                  : Func::CreateRaw(*setup.store, type, [](Caller&, uint64_t* slots) {
                      slots[0] = static_cast<uint32_t>(slots[0]) + 1u;
                      return absl::OkStatus();
                    });
  std::vector<Extern> imports = {Extern(host)};
  absl::StatusOr<Instance> instance = Instance::Create(*setup.store, *module, imports);
  if (!instance.ok()) return instance.status();
  setup.instance = *instance;
  return setup;
}

void BM_HostToWasmCall(benchmark::State& state, bool counters) {
  Engine engine(InterpConfig(counters));
  absl::StatusOr<CallsSetup> setup = InstantiateCalls(engine, HostKind::kRaw);
  if (Failed(state, setup.status(), "instantiate")) return;
  std::optional<Func> inc = setup->instance->GetFunc("inc");
  if (!inc) {
    state.SkipWithError("no export inc");
    return;
  }
  int32_t x = 0;
  for (auto _ : state) {
    Val arg = Val::I32(x);
    Val result;
    absl::Status status = inc->Call(*setup->store, std::span<const Val>(&arg, 1),
                                   std::span<Val>(&result, 1));
    if (Failed(state, status, "call")) return;
    x = result.i32();
  }
  if (x != static_cast<int32_t>(state.iterations())) {
    state.SkipWithError(absl::StrCat("inc chain ended at ", x).c_str());
  }
  SetTimePerUnit(state, "call", 1);
}

// Calls {func}: (i32 n) -> i32 with n = {n} per iteration; checks that it
// returns {expected} and reports ns per unit of work.
void RunLoop(benchmark::State& state, Store& store, const Func& func, const char* name, int32_t n,
             int32_t expected, std::string_view unit, double units) {
  const Val arg = Val::I32(n);
  for (auto _ : state) {
    Val result;
    absl::Status status = func.Call(store, std::span<const Val>(&arg, 1),
                                    std::span<Val>(&result, 1));
    if (Failed(state, status, name)) return;
    if (result.i32() != expected) {
      state.SkipWithError(absl::StrCat(name, " returned ", result.i32(), ", expected ",
                                       expected).c_str());
      return;
    }
  }
  SetTimePerUnit(state, unit, units);
}

// RunLoop on export {name} of {instance}.
void RunLoopExport(benchmark::State& state, Store& store, const Instance& instance,
                   const char* name, int32_t n, int32_t expected, std::string_view unit,
                   double units) {
  std::optional<Func> func = instance.GetFunc(name);
  if (!func) {
    state.SkipWithError(absl::StrCat("no export ", name).c_str());
    return;
  }
  RunLoop(state, store, *func, name, n, expected, unit, units);
}

void BM_WasmToWasmCall(benchmark::State& state, bool counters) {
  Engine engine(InterpConfig(counters));
  absl::StatusOr<CallsSetup> setup = InstantiateCalls(engine, HostKind::kRaw);
  if (Failed(state, setup.status(), "instantiate")) return;
  RunLoopExport(state, *setup->store, *setup->instance, "call_wasm", kCallsPerRun, kCallsPerRun,
                "call", kCallsPerRun);
}

// The loop of BM_WasmToWasmCall with the callee inlined: subtract it from the
// per-call figures to get a call's own cost.
void BM_WasmLoopBaseline(benchmark::State& state, bool counters) {
  Engine engine(InterpConfig(counters));
  absl::StatusOr<CallsSetup> setup = InstantiateCalls(engine, HostKind::kRaw);
  if (Failed(state, setup.status(), "instantiate")) return;
  RunLoopExport(state, *setup->store, *setup->instance, "loop_only", kCallsPerRun, kCallsPerRun,
                "iter", kCallsPerRun);
}

void BM_WasmToHostCall(benchmark::State& state, bool counters, HostKind host_kind) {
  Engine engine(InterpConfig(counters));
  absl::StatusOr<CallsSetup> setup = InstantiateCalls(engine, host_kind);
  if (Failed(state, setup.status(), "instantiate")) return;
  RunLoopExport(state, *setup->store, *setup->instance, "call_host", kCallsPerRun, kCallsPerRun,
                "call", kCallsPerRun);
}

// ---------------------------------------------------------------------------
// CPU kernels.

// A kernel's module instantiated in its own engine and store.
struct KernelInstance {
  std::optional<Engine> engine;
  std::optional<Store> store;
  std::optional<Func> run;
};

absl::Status MakeKernelInstance(const Kernel& kernel, bool counters, KernelInstance* out) {
  out->engine.emplace(InterpConfig(counters));
  absl::StatusOr<Module> module = Module::CompileText(*out->engine, kernel.wat);
  if (!module.ok()) return module.status();
  out->store.emplace(*out->engine);
  absl::StatusOr<Instance> instance = Instance::Create(*out->store, *module, {});
  if (!instance.ok()) return instance.status();
  out->run = instance->GetFunc("run");
  if (!out->run) return absl::NotFoundError("no export run");
  return absl::OkStatus();
}

void BM_Kernel(benchmark::State& state, const Kernel* kernel, bool counters) {
  KernelInstance instance;
  if (Failed(state, MakeKernelInstance(*kernel, counters, &instance), "setup")) return;
  const int32_t n = kernel->bench_n;
  RunLoop(state, *instance.store, *instance.run, "run", n, kernel->reference(n), kernel->unit,
          static_cast<double>(kernel->units(n)));
}

// This thread's CPU time (as Google Benchmark's CPU time, unlike the wall clock,
// it does not charge time the thread was not running).
int64_t ThreadCpuNs() {
  timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return int64_t{ts.tv_sec} * 1'000'000'000 + ts.tv_nsec;
}

// The cost of counting measured pairwise: each iteration runs the kernel once
// in an instance that counts and once in one that does not, alternating, each
// timed with the thread's CPU clock. Load that comes and goes on a shared
// machine then hits both sides alike, which two separate benchmarks (run
// seconds apart) cannot promise. Counters: ns per unit off and on, cost in %.
void BM_CountingCost(benchmark::State& state, const Kernel* kernel) {
  KernelInstance sides[2];  // [0] counters off, [1] on
  for (int on = 0; on < 2; ++on) {
    if (Failed(state, MakeKernelInstance(*kernel, on == 1, &sides[on]), "setup")) return;
  }
  const int32_t n = kernel->bench_n;
  const int32_t expected = kernel->reference(n);
  const Val arg = Val::I32(n);
  int64_t cpu_ns[2] = {0, 0};
  int first = 0;  // which side runs first alternates, so neither always follows the other
  for (auto _ : state) {
    first ^= 1;
    for (int k = 0; k < 2; ++k) {
      const int on = first ^ k;
      Val result;
      const int64_t start = ThreadCpuNs();
      absl::Status status = sides[on].run->Call(*sides[on].store, std::span<const Val>(&arg, 1),
                                                std::span<Val>(&result, 1));
      cpu_ns[on] += ThreadCpuNs() - start;
      if (Failed(state, status, "run")) return;
      if (result.i32() != expected) {
        state.SkipWithError(absl::StrCat("run returned ", result.i32()).c_str());
        return;
      }
    }
  }
  const double units = static_cast<double>(kernel->units(n)) * static_cast<double>(state.iterations());
  state.counters["off_ns"] = static_cast<double>(cpu_ns[0]) / units;
  state.counters["on_ns"] = static_cast<double>(cpu_ns[1]) / units;
  state.counters["cost_pct"] = (static_cast<double>(cpu_ns[1]) / cpu_ns[0] - 1) * 100;
  state.SetLabel(absl::StrCat("unit=", std::string(kernel->unit)));
}

// ---------------------------------------------------------------------------
// Registration.

struct Workloads {
  std::vector<std::pair<std::string, std::unique_ptr<FirstInstructionWorkload>>> first;
  Bytes small;
};

void RegisterAll(Workloads& w) {
  for (auto& [name, workload] : w.first) {
    benchmark::RegisterBenchmark(("BM_FirstInstruction/" + name).c_str(), BM_FirstInstruction,
                                 workload.get(), false)
        ->Unit(benchmark::kMicrosecond);
    benchmark::RegisterBenchmark(("BM_FirstInstruction/" + name + "/fresh_module").c_str(),
                                 BM_FirstInstruction, workload.get(), true)
        ->Unit(benchmark::kMicrosecond)
        ->Iterations(20);
  }
  benchmark::RegisterBenchmark("BM_InstantiateSmall", BM_InstantiateSmall, &w.small)
      ->Unit(benchmark::kMicrosecond);
  benchmark::RegisterBenchmark("BM_StoreInstantiateTeardownSmall",
                               BM_StoreInstantiateTeardownSmall, &w.small)
      ->Unit(benchmark::kMicrosecond);
  for (bool counters : {false, true}) {
    const std::string suffix = std::string("/") + CountersName(counters);
    benchmark::RegisterBenchmark(("BM_HostToWasmCall" + suffix).c_str(), BM_HostToWasmCall,
                                 counters);
    benchmark::RegisterBenchmark(("BM_WasmToWasmCall" + suffix).c_str(), BM_WasmToWasmCall,
                                 counters)
        ->Unit(benchmark::kMillisecond);
    benchmark::RegisterBenchmark(("BM_WasmLoopBaseline" + suffix).c_str(), BM_WasmLoopBaseline,
                                 counters)
        ->Unit(benchmark::kMillisecond);
    benchmark::RegisterBenchmark(("BM_WasmToHostCall/raw" + suffix).c_str(), BM_WasmToHostCall,
                                 counters, HostKind::kRaw)
        ->Unit(benchmark::kMillisecond);
    benchmark::RegisterBenchmark(("BM_WasmToHostCall/val" + suffix).c_str(), BM_WasmToHostCall,
                                 counters, HostKind::kVal)
        ->Unit(benchmark::kMillisecond);
  }
  for (const Kernel& kernel : Kernels()) {
    for (bool counters : {false, true}) {
      benchmark::RegisterBenchmark(
          absl::StrCat("BM_Kernel/", std::string(kernel.name), "/", CountersName(counters)).c_str(),
          BM_Kernel,
          &kernel, counters)
          ->Unit(benchmark::kMillisecond);
    }
  }
  for (const Kernel& kernel : Kernels()) {
    benchmark::RegisterBenchmark(absl::StrCat("BM_CountingCost/", std::string(kernel.name)).c_str(),
                                 BM_CountingCost, &kernel)
        ->Unit(benchmark::kMillisecond)
        ->MinTime(2);
  }
}

// BM_Translate/{name} over {bytes}; false (with a message) if not valid.
bool AddTranslateWorkload(const std::string& name, const Bytes& bytes) {
  absl::Status status = RegisterTranslateBenchmark(name, bytes);
  if (!status.ok()) std::fprintf(stderr, "%s: %s\n", name.c_str(), status.ToString().c_str());
  return status.ok();
}

int Main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  std::vector<std::string> files;
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    if (arg.starts_with("--emit-wasm=")) {
      absl::Status status = EmitKernels(std::string(arg.substr(12)));
      if (!status.ok()) {
        std::fprintf(stderr, "--emit-wasm: %s\n", status.ToString().c_str());
        return 1;
      }
      return 0;
    }
    files.emplace_back(arg);
  }

  Workloads w;
  GeneratedModule generated = GenerateModule(ModuleGenOptions());
  std::fprintf(stderr, "generated: %zu bytes, %u functions\n", generated.bytes.size(),
               generated.num_defined_functions);
  if (!AddTranslateWorkload("generated", generated.bytes)) return 1;
  Bytes libc;
  if (FindWasiLibc(argv[0], &libc)) {
    if (!AddTranslateWorkload("wasi_libc", libc)) return 1;
  } else {
    std::fprintf(stderr, "bench/wasi_libc.wasm not found; skipping it\n");
  }
  for (const std::string& file : files) {
    Bytes bytes;
    if (!ReadFile(file, &bytes)) {
      std::fprintf(stderr, "cannot read %s\n", file.c_str());
      return 1;
    }
    if (!AddTranslateWorkload(file.substr(file.find_last_of('/') + 1), bytes)) return 1;
  }

  absl::StatusOr<Bytes> small = text::WatToBinary(kSmallWat);
  if (!small.ok()) {
    std::fprintf(stderr, "small module: %s\n", small.status().ToString().c_str());
    return 1;
  }
  w.small = *small;
  // First instruction at three module sizes: the slope shows what still
  // grows with the module (lazy translation should leave only instantiation).
  ModuleGenOptions one_mb;
  one_mb.min_code_bytes = size_t{1} << 20;
  const Bytes generated_1mb = GenerateModule(one_mb).bytes;
  const std::pair<const char*, const Bytes*> first_workloads[] = {
      {"generated_6MB", &generated.bytes},
      {"generated_1MB", &generated_1mb},
      {"small", &w.small}};
  for (const auto& [name, bytes] : first_workloads) {
    absl::StatusOr<Bytes> with_first = AddFirstExport(*bytes);
    if (!with_first.ok()) {
      std::fprintf(stderr, "adding \"first\" to %s: %s\n", name,
                   with_first.status().ToString().c_str());
      return 1;
    }
    w.first.emplace_back(name, std::make_unique<FirstInstructionWorkload>(
                                   FirstInstructionWorkload{*std::move(with_first), kFirstResult}));
  }

  RegisterAll(w);
  SummaryReporter reporter;
  benchmark::RunSpecifiedBenchmarks(&reporter);
  reporter.PrintSummary();
  benchmark::Shutdown();
  return 0;
}

}  // namespace
}  // namespace wasmtier::bench

int main(int argc, char** argv) { return wasmtier::bench::Main(argc, argv); }
