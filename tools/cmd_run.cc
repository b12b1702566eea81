// `wasmtier run [OPTIONS] FILE [ARGS...]`: instantiates a module with WASI
// preview 1 linked in (wasi/wasi.h) and runs it — the command entry point
// `_start`, or the export named by --invoke with arguments parsed from the
// command line (its results printed one per line). Shaped like `wasmtime run`:
// the guest's proc_exit code becomes the exit status, a trap exits with 134.
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "engine/include/wasmtier/wasmtier.h"
#include "tools/args.h"
#include "tools/command.h"
#include "tools/module_input.h"
#include "tools/run_invoke.h"
#include "tools/run_options.h"
#include "wasi/wasi.h"

namespace wasmtier::cli {
namespace {

// wasmtime exits with 128 + SIGABRT when the guest traps.
constexpr int kExitTrap = 134;

struct RunOptions {
  EngineOptions engine;
  std::optional<std::string> invoke;
  std::vector<DirOption> dirs;
  std::vector<std::string> env;  // "NAME=VALUE", after inheritance
  std::string file;
  std::vector<std::string> args;  // everything after FILE
};

void PrintError(const std::string& message) {
  std::fprintf(stderr, "error: %s\n", message.c_str());
}

// The exit status for a guest run that ended with {status}: proc_exit's code,
// 134 for a trap (message and wasm backtrace on stderr), 1 for anything else.
int GuestOutcome(const std::string& label, const absl::Status& status) {
  if (std::optional<uint32_t> code = wasi::ExitCode(status)) {
    const int exit_status = ProcessExitStatus(*code);
    if (exit_status != static_cast<int>(*code)) {
      std::fprintf(stderr, "error: '%s' exited with code %u, which does not fit in 0..255\n",
                   label.c_str(), *code);
    }
    return exit_status;
  }
  if (std::optional<Trap> trap = GetTrap(status)) {
    std::fprintf(stderr, "error: failed to run main module '%s'\n%s", label.c_str(),
                 trap->ToString().c_str());
    return kExitTrap;
  }
  PrintError(absl::StrCat("failed to run main module '", label, "': ", status.message()));
  return kExitFailure;
}

// The guest's WASI view: argv[0] is FILE as given, then ARGS; the
// environment holds only what --env passed; the preopens are the --dirs.
absl::StatusOr<std::unique_ptr<wasi::WasiCtx>> MakeWasiContext(const RunOptions& options) {
  wasi::WasiConfig config;
  config.args.push_back(options.file);
  config.args.insert(config.args.end(), options.args.begin(), options.args.end());
  config.env = options.env;
  for (const DirOption& dir : options.dirs) config.preopens.push_back({dir.host, dir.guest});
  return wasi::CreateContext(config);
}

// Parses ARGS as the parameters of {func}; prints the problem and returns
// nullopt when they do not fit.
std::optional<std::vector<Val>> InvokeArgs(const RunOptions& options, const std::string& name,
                                           const Func& func) {
  const FuncType type = func.type();
  if (options.args.size() != type.params.size()) {
    PrintError(absl::StrCat("'", name, "' takes ", type.params.size(), " argument(s), ",
                            options.args.size(), " given"));
    return std::nullopt;
  }
  std::vector<Val> args;
  for (size_t i = 0; i < type.params.size(); ++i) {
    absl::StatusOr<Val> v = ParseArg(options.args[i], type.params[i]);
    if (!v.ok()) {
      PrintError(std::string(v.status().message()));
      return std::nullopt;
    }
    args.push_back(*v);
  }
  return args;
}

// Calls `_start`, or --invoke's export (after `_initialize` when a reactor
// module has one, as wasmtime does), printing the results of an --invoke.
int CallEntry(const RunOptions& options, const std::string& label, Store& store,
              const Instance& instance) {
  const std::string name = options.invoke.value_or("_start");
  std::optional<Func> func = instance.GetFunc(name);
  if (!func) {
    PrintError(absl::StrCat(label, ": no exported function '", name, "'",
                            options.invoke ? "" : " (use --invoke NAME to call another export)"));
    return kExitFailure;
  }
  std::vector<Val> args;
  if (options.invoke) {
    std::optional<std::vector<Val>> parsed = InvokeArgs(options, name, *func);
    if (!parsed) return kExitUsage;
    args = *std::move(parsed);
    if (std::optional<Func> init = instance.GetFunc("_initialize"); init && name != "_initialize") {
      if (absl::Status s = init->Call(store, {}).status(); !s.ok()) return GuestOutcome(label, s);
    }
  }
  absl::StatusOr<std::vector<Val>> results = func->Call(store, args);
  if (!results.ok()) return GuestOutcome(label, results.status());
  for (const Val& v : *results) std::printf("%s\n", FormatResult(v).c_str());
  return kExitOk;
}

int Run(const RunOptions& options) {
  const std::string label = InputLabel(options.file);
  absl::StatusOr<ModuleInput> input = LoadModuleInput(options.file);
  if (!input.ok()) {
    PrintError(absl::StrCat(label, ": ", input.status().message()));
    return kExitFailure;
  }
  Engine engine(options.engine.config);
  absl::StatusOr<Module> module = Module::Compile(engine, input->bytes);
  if (!module.ok()) {
    PrintError(absl::StrCat(label, ": ", module.status().message()));
    return kExitFailure;
  }
  Store store(engine);
  if (options.engine.limits.fuel) {
    if (absl::Status s = store.SetFuel(*options.engine.limits.fuel); !s.ok()) {
      PrintError(std::string(s.message()));
      return kExitFailure;
    }
  }
  absl::StatusOr<std::unique_ptr<wasi::WasiCtx>> wasi_ctx = MakeWasiContext(options);
  if (!wasi_ctx.ok()) {
    PrintError(std::string(wasi_ctx.status().message()));
    return kExitFailure;
  }
  Linker linker(engine);
  if (absl::Status s = wasi::AddToLinker(linker, store, **wasi_ctx); !s.ok()) {
    PrintError(absl::StrCat("cannot define the WASI imports: ", s.message()));
    return kExitFailure;
  }
  // The guest writes descriptor 1 directly: whatever the CLI has buffered
  // must reach it first, and the results printed after the guest must follow.
  std::fflush(stdout);
  int exit_status;
  {
    // The timeout covers the start function too.
    std::optional<Watchdog> watchdog;
    if (options.engine.limits.timeout) {
      watchdog.emplace(*options.engine.limits.timeout, store.InterruptHandle());
    }
    absl::StatusOr<Instance> instance = linker.Instantiate(store, *module);
    if (instance.ok()) {
      exit_status = CallEntry(options, label, store, *instance);
    } else if (wasi::ExitCode(instance.status()) || GetTrap(instance.status())) {
      exit_status = GuestOutcome(label, instance.status());  // from the start function
    } else {
      PrintError(absl::StrCat(label, ": ", instance.status().message()));
      exit_status = kExitFailure;
    }
  }
  std::fflush(stdout);
  return exit_status;
}

// Parses `run`'s command line into {options}; returns an exit status when
// the command should stop (help printed or a usage error).
std::optional<int> ParseRunArgs(const Command& self, const std::vector<std::string>& args,
                                RunOptions* options) {
  const HostEnvLookup host_env = [](const std::string& name) -> std::optional<std::string> {
    const char* value = std::getenv(name.c_str());
    if (value == nullptr) return std::nullopt;
    return std::string(value);
  };
  ArgCursor cursor(args);
  while (!cursor.done()) {
    if (cursor.Flag("-h", "--help")) {
      PrintCommandHelp(self);
      return kExitOk;
    } else if (std::optional<std::string> name = cursor.Value("", "--invoke")) {
      options->invoke = *name;
    } else if (std::optional<std::string> dir = cursor.Value("", "--dir")) {
      absl::StatusOr<DirOption> parsed = ParseDirOption(*dir);
      if (!parsed.ok()) return UsageError(self, parsed.status().message());
      options->dirs.push_back(*std::move(parsed));
    } else if (std::optional<std::string> env = cursor.Value("", "--env")) {
      if (absl::Status s = AddEnvOption(*env, host_env, &options->env); !s.ok()) {
        return UsageError(self, s.message());
      }
    } else if (std::optional<absl::Status> s = ConsumeEngineOption(cursor, &options->engine)) {
      if (!s->ok()) return UsageError(self, s->message());
    } else if (cursor.IsOption()) {
      return UsageError(self, "unexpected option '" + cursor.current() + "'");
    } else if (!cursor.error().empty()) {
      break;
    } else {
      options->file = cursor.TakePositional();
      // Everything after FILE belongs to the guest, options included.
      options->args = cursor.TakeRest();
    }
  }
  if (!cursor.error().empty()) return UsageError(self, cursor.error());
  if (options->file.empty()) return UsageError(self, "no module file given");
  return std::nullopt;
}

int RunRun(const Command& self, const std::vector<std::string>& args) {
  RunOptions options;
  if (std::optional<int> done = ParseRunArgs(self, args, &options)) return *done;
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
    "Instantiates FILE (binary or text format) with WASI preview 1\n"
    "(wasi_snapshot_preview1) available to it and calls its `_start` export, or\n"
    "the export named by --invoke with ARGS parsed as its parameters (the results\n"
    "are printed one per line). The guest sees argv = FILE ARGS..., only the\n"
    "environment given with --env, and only the directories given with --dir.\n"
    "\n"
    "Exit status: the code the guest passed to proc_exit (a code above 255 gives 1,\n"
    "with a message); 0 when `_start` returns; 134 when the guest traps (the trap\n"
    "and a wasm backtrace are printed to stderr); 1 for any other error (unreadable\n"
    "or invalid module, unknown import, a --dir that cannot be opened); 2 for a\n"
    "bad command line.\n"
    "\n"
    "Options:\n"
    "      --dir HOST_DIR[::GUEST_DIR]\n"
    "          Grant the guest access to HOST_DIR and everything below it, under the\n"
    "          name GUEST_DIR [default: HOST_DIR]. Repeatable\n"
    "      --env NAME[=VALUE]\n"
    "          Set the guest's environment variable NAME to VALUE; NAME alone passes\n"
    "          the host's value (nothing when the host has none). Repeatable\n"
    "      --invoke NAME\n"
    "          Call the exported function NAME instead of `_start`\n"
    "@TIER@"
    "@RUNTIME@"
    "@FEATURES@"
    "  -h, --help\n"
    "          Print help\n",
    RunRun,
};

}  // namespace wasmtier::cli
