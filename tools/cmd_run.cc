// `wasmtier run [OPTIONS] FILE [ARGS...]`: instantiates a module through the
// public embedding API and runs it — the export named by --invoke with
// arguments parsed from the command line (its results printed one per line),
// else the command entry point `_start`. Shaped like `wasmtime run`.
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "engine/include/wasmtier/wasmtier.h"
#include "tools/args.h"
#include "tools/command.h"
#include "tools/feature_flags.h"
#include "tools/module_input.h"

namespace wasmtier::cli {
namespace {

// wasmtime exits with 128 + SIGABRT when the guest traps.
constexpr int kExitTrap = 134;

struct RunOptions {
  Config config;
  std::optional<std::string> invoke;
  std::optional<uint64_t> fuel;
  std::optional<std::chrono::nanoseconds> timeout;
  std::string file;
  std::vector<std::string> args;  // guest arguments (after FILE)
};

// Parses one command-line argument as a value of {type}.
absl::StatusOr<Val> ParseArg(const std::string& text, ValType type) {
  switch (type.kind()) {
    case ValueKind::kI32: {
      int64_t v;
      if (absl::SimpleAtoi(text, &v) && v >= INT32_MIN && v <= UINT32_MAX) {
        return Val::I32(static_cast<int32_t>(v));
      }
      break;
    }
    case ValueKind::kI64: {
      int64_t v;
      uint64_t u;
      if (absl::SimpleAtoi(text, &v)) return Val::I64(v);
      if (absl::SimpleAtoi(text, &u)) return Val::I64(static_cast<int64_t>(u));
      break;
    }
    case ValueKind::kF32: {
      float v;
      if (absl::SimpleAtof(text, &v)) return Val::F32(v);
      break;
    }
    case ValueKind::kF64: {
      double v;
      if (absl::SimpleAtod(text, &v)) return Val::F64(v);
      break;
    }
    default:
      return absl::UnimplementedError(
          absl::StrCat("unsupported: passing a ", type.ToString(), " argument from the command line"));
  }
  return absl::InvalidArgumentError(
      absl::StrCat("invalid ", type.ToString(), " argument '", text, "'"));
}

// How wasmtime prints a result: the number alone.
std::string FormatResult(const Val& v) {
  switch (v.type().kind()) {
    case ValueKind::kI32: return absl::StrCat(v.i32());
    case ValueKind::kI64: return absl::StrCat(v.i64());
    case ValueKind::kF32: return absl::StrCat(v.f32());
    case ValueKind::kF64: return absl::StrCat(v.f64());
    default: return v.ToString();
  }
}

// Reports an error from running the guest: a trap with its backtrace, or any
// other error, on stderr. Returns the exit code.
int ReportRunError(const std::string& label, const absl::Status& status) {
  if (std::optional<Trap> trap = GetTrap(status)) {
    std::fprintf(stderr, "error: failed to run main module '%s'\n%s\n", label.c_str(),
                 trap->ToString().c_str());
    return kExitTrap;
  }
  std::fprintf(stderr, "error: failed to run main module '%s': %s\n", label.c_str(),
               std::string(status.message()).c_str());
  return kExitFailure;
}

// Interrupts the store after {timeout} unless cancelled first.
class Watchdog {
 public:
  Watchdog(std::chrono::nanoseconds timeout, std::function<void()> interrupt)
      : thread_([this, timeout, interrupt] {
          std::unique_lock<std::mutex> lock(mu_);
          if (!cv_.wait_for(lock, timeout, [this] { return done_; })) interrupt();
        }) {}
  ~Watchdog() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      done_ = true;
    }
    cv_.notify_one();
    thread_.join();
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  bool done_ = false;
  std::thread thread_;
};

int Run(const RunOptions& options) {
  const char* label = InputLabel(options.file);
  std::optional<ModuleInput> input = LoadModuleInputOrReport(options.file);
  if (!input) return kExitFailure;
  Engine engine(options.config);
  absl::StatusOr<Module> module = Module::Compile(engine, input->bytes);
  if (!module.ok()) {
    std::fprintf(stderr, "error: %s: %s\n", label, std::string(module.status().message()).c_str());
    return kExitFailure;
  }
  Store store(engine);
  if (options.fuel) {
    if (absl::Status s = store.SetFuel(*options.fuel); !s.ok()) {
      std::fprintf(stderr, "error: %s\n", std::string(s.message()).c_str());
      return kExitFailure;
    }
  }
  Linker linker(engine);
  absl::StatusOr<Instance> instance = linker.Instantiate(store, *module);
  if (!instance.ok()) {
    std::string hint;
    for (const ImportDesc& import : module->imports()) {
      if (import.module.starts_with("wasi_")) {
        hint = "\n(WASI is not built yet: modules that import it cannot run)";
      }
    }
    std::fprintf(stderr, "error: %s: %s%s\n", label,
                 std::string(instance.status().message()).c_str(), hint.c_str());
    return GetTrap(instance.status()) ? kExitTrap : kExitFailure;
  }
  const std::string name = options.invoke.value_or("_start");
  std::optional<Func> func = instance->GetFunc(name);
  if (!func) {
    std::fprintf(stderr, "error: %s: no exported function '%s'%s\n", label, name.c_str(),
                 options.invoke ? "" : " (use --invoke NAME to call another export)");
    return kExitFailure;
  }
  const FuncType type = func->type();
  if (options.args.size() != type.params.size()) {
    std::fprintf(stderr, "error: '%s' takes %zu argument(s), %zu given\n", name.c_str(),
                 type.params.size(), options.args.size());
    return kExitUsage;
  }
  std::vector<Val> args;
  for (size_t i = 0; i < type.params.size(); ++i) {
    absl::StatusOr<Val> v = ParseArg(options.args[i], type.params[i]);
    if (!v.ok()) {
      std::fprintf(stderr, "error: %s\n", std::string(v.status().message()).c_str());
      return kExitUsage;
    }
    args.push_back(*v);
  }
  std::optional<Watchdog> watchdog;
  if (options.timeout) watchdog.emplace(*options.timeout, store.InterruptHandle());
  absl::StatusOr<std::vector<Val>> results = func->Call(store, args);
  watchdog.reset();
  if (!results.ok()) return ReportRunError(label, results.status());
  for (const Val& v : *results) std::printf("%s\n", FormatResult(v).c_str());
  return kExitOk;
}

int RunRun(const Command& self, const std::vector<std::string>& args) {
  RunOptions options;
  ArgCursor cursor(args);
  while (!cursor.done()) {
    if (cursor.Flag("-h", "--help")) {
      PrintCommandHelp(self);
      return kExitOk;
    } else if (std::optional<std::string> name = cursor.Value("", "--invoke")) {
      options.invoke = *name;
    } else if (std::optional<std::string> tier = cursor.Value("", "--tier")) {
      if (*tier == "auto") options.config.tier = TierMode::kAuto;
      else if (*tier == "interp") options.config.tier = TierMode::kInterp;
      else if (*tier == "jit") options.config.tier = TierMode::kJit;
      else return UsageError(self, "--tier must be auto, interp or jit");
    } else if (std::optional<std::string> spec = cursor.Value("-W", "--wasm")) {
      RuntimeLimits limits;
      if (absl::Status s = ApplyWasmOption(*spec, &options.config.features, &limits); !s.ok()) {
        return UsageError(self, s.message());
      }
      ApplyRuntimeLimits(limits, &options.config);
      if (limits.fuel) options.fuel = limits.fuel;
      if (limits.timeout) options.timeout = limits.timeout;
    } else if (cursor.IsOption()) {
      return UsageError(self, "unexpected option '" + cursor.current() + "'");
    } else if (!cursor.error().empty()) {
      break;
    } else {
      options.file = cursor.TakePositional();
      // Everything after FILE belongs to the guest, options included.
      options.args = cursor.TakeRest();
    }
  }
  if (!cursor.error().empty()) return UsageError(self, cursor.error());
  if (options.file.empty()) return UsageError(self, "no module file given");
  return Run(options);
}

}  // namespace

const Command kRunCommand = {
    "run",
    "Run a WebAssembly module",
    "Run a WebAssembly module\n"
    "\n"
    "Usage: wasmtier run [OPTIONS] FILE [ARGS]...\n"
    "\n"
    "Instantiates FILE (binary or text format) and calls its `_start` export, or\n"
    "the export named by --invoke with ARGS parsed as its parameters; the results\n"
    "are printed one per line. A trap prints the trap and a wasm backtrace to\n"
    "stderr and exits with status 134. WASI is not built yet: modules importing\n"
    "it cannot be instantiated.\n"
    "\n"
    "Options:\n"
    "      --invoke NAME\n"
    "          Call the exported function NAME instead of `_start`\n"
    "      --tier auto|interp|jit\n"
    "          Execution tier [default: auto]; jit is not built yet\n"
    "@RUNTIME@"
    "@FEATURES@"
    "  -h, --help\n"
    "          Print help\n",
    RunRun,
};

}  // namespace wasmtier::cli
