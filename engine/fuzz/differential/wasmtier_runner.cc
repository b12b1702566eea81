// Wasmtier's side of the differential run (wasmtier_runner.h), through the
// public embedding API only: what an embedder sees is what is compared.
#include "engine/fuzz/differential/wasmtier_runner.h"

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>

#include "absl/strings/str_cat.h"

namespace wasmtier::difffuzz {

// One thread for the driver's lifetime: Arm() sets a deadline at which the
// store's interrupt handle is called; Disarm() cancels it. Cheaper than a
// thread per module, and the handle is safe to call from another thread.
class WasmtierRunner::Watchdog {
 public:
  Watchdog() : thread_([this] { Loop(); }) {}
  ~Watchdog() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      stop_ = true;
    }
    cv_.notify_all();
    thread_.join();
  }
  void Arm(std::function<void()> fire, int timeout_ms) {
    std::lock_guard<std::mutex> lock(mu_);
    fire_ = std::move(fire);
    deadline_ = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
    cv_.notify_all();
  }
  void Disarm() {
    std::lock_guard<std::mutex> lock(mu_);
    deadline_.reset();
    fire_ = nullptr;
  }

 private:
  void Loop() {
    std::unique_lock<std::mutex> lock(mu_);
    while (!stop_) {
      if (!deadline_) {
        cv_.wait(lock);
        continue;
      }
      if (std::chrono::steady_clock::now() >= *deadline_) {
        if (fire_) fire_();
        deadline_.reset();
        continue;
      }
      cv_.wait_until(lock, *deadline_);
    }
  }
  std::mutex mu_;
  std::condition_variable cv_;
  std::optional<std::chrono::steady_clock::time_point> deadline_;
  std::function<void()> fire_;
  bool stop_ = false;
  std::thread thread_;
};

namespace {

constexpr std::string_view kFuzzingSupport = "fuzzing-support";
constexpr std::string_view kHangLimitInitializer = "hangLimitInitializer";

Config MakeConfig(const WasmtierRunOptions& options) {
  Config config;
  config.tier = options.tier;
  config.interruptible = options.timeout_ms > 0;
  return config;
}

// binaryen calls exports with Literal::makeZero of each parameter type.
std::optional<std::vector<Val>> ZeroArguments(const FuncType& type) {
  std::vector<Val> args;
  for (ValType t : type.params) {
    if (!t.is_defaultable()) return std::nullopt;
    switch (t.kind()) {
      case ValueKind::kI32: args.push_back(Val::I32(0)); break;
      case ValueKind::kI64: args.push_back(Val::I64(0)); break;
      case ValueKind::kF32: args.push_back(Val::F32Bits(0)); break;
      case ValueKind::kF64: args.push_back(Val::F64Bits(0)); break;
      case ValueKind::kV128: args.push_back(Val::V128(0, 0)); break;
      default: args.push_back(Val::Null(t)); break;
    }
  }
  return args;
}

// Records how a call ended in {segment}; false if it ended the run (the
// watchdog fired: the store stays interrupted).
bool RecordCall(const absl::StatusOr<std::vector<Val>>& result, WasmtierSegment& segment) {
  if (result.ok()) {
    segment.outcome = Outcome::kReturned;
    segment.results = *result;
    return true;
  }
  std::optional<Trap> trap = GetTrap(result.status());
  if (!trap) {
    // A host error or an engine failure that is not a trap: never expected
    // here; the comparison reports it.
    segment.outcome = Outcome::kTrapped;
    segment.trap = absl::StrCat("NOT A TRAP: ", result.status().ToString());
    return true;
  }
  segment.trap = trap->message();
  switch (trap->code) {
    case TrapCode::kStackExhausted: segment.outcome = Outcome::kStackExhausted; return true;
    case TrapCode::kInterrupted: segment.outcome = Outcome::kTimeout; return false;
    default: segment.outcome = Outcome::kTrapped; return true;
  }
}

}  // namespace

WasmtierRunner::WasmtierRunner(WasmtierRunOptions options)
    : options_(options), engine_(MakeConfig(options)) {
  if (options_.timeout_ms > 0) watchdog_ = std::make_unique<Watchdog>();
}

WasmtierRunner::~WasmtierRunner() = default;

WasmtierRun WasmtierRunner::Run(std::span<const uint8_t> wasm) {
  WasmtierRun run;
  absl::StatusOr<Module> module = Module::Compile(engine_, wasm);
  if (!module.ok()) {
    run.compile_error = module.status();
    return run;
  }
  Store store(engine_);
  // Log calls land in the segment being run; segments only grow at the end,
  // so the index stays valid while a host function runs.
  std::vector<WasmtierSegment>& segments = run.segments;
  segments.emplace_back();
  std::vector<Extern> imports;
  for (const ImportDesc& import : module->imports()) {
    if (import.kind != ExternKind::kFunc || import.module != kFuzzingSupport) {
      run.harness_gap = absl::StrCat("import \"", import.module, "\" \"", import.name, "\"");
      return run;
    }
    imports.push_back(Func::Create(store, import.func,
                                   [&segments](Caller&, std::span<const Val> args, std::span<Val> results) {
                                     segments.back().logs.emplace_back(args.begin(), args.end());
                                     for (Val& r : results) r = Val::FromBits(r.type(), 0);
                                     return absl::OkStatus();
                                   }));
  }
  if (watchdog_) watchdog_->Arm(store.InterruptHandle(), options_.timeout_ms);
  absl::StatusOr<Instance> instance = Instance::Create(store, *module, imports);
  if (!instance.ok()) {
    RecordCall(instance.status(), segments.back());
    if (watchdog_) watchdog_->Disarm();
    return run;
  }
  std::optional<Func> hang_init = instance->GetFunc(kHangLimitInitializer);
  for (const ExportDesc& desc : module->exports()) {
    if (desc.kind != ExternKind::kFunc) continue;
    WasmtierSegment& segment = segments.emplace_back();
    segment.name = desc.name;
    if (hang_init) {
      absl::StatusOr<std::vector<Val>> init = hang_init->Call(store, {});
      if (!init.ok()) {
        if (!RecordCall(init, segment)) break;
        continue;
      }
    }
    std::optional<std::vector<Val>> args = ZeroArguments(desc.func);
    if (!args) {
      segment.outcome = Outcome::kNotCalled;
      continue;
    }
    std::optional<Func> func = instance->GetFunc(desc.name);
    if (!RecordCall(func->Call(store, *args), segment)) break;
  }
  if (watchdog_) watchdog_->Disarm();
  return run;
}

}  // namespace wasmtier::difffuzz
