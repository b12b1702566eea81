// The harness's runtimes (see runtimes.h).
#include "bench/harness/runtimes.h"

#include <map>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "bench/harness/subprocess.h"

namespace wasmtier::bench {
namespace {

constexpr const char* kSizeNames[] = {"small", "medium", "large"};

const char* SizeName(uint32_t size) {
  return kSizeNames[size < 3 ? size : 2];
}

// The last few lines of a child's output, for an error message.
std::string Tail(absl::string_view output) {
  std::vector<absl::string_view> lines = absl::StrSplit(output, '\n', absl::SkipEmpty());
  size_t from = lines.size() > 4 ? lines.size() - 4 : 0;
  std::string tail = absl::StrJoin(lines.begin() + from, lines.end(), " | ");
  return tail.size() > 400 ? tail.substr(0, 400) + "..." : tail;
}

class NativeRuntime : public Runtime {
 public:
  const std::string& Name() const override { return name_; }
  std::string TimingNote() const override {
    return "in-process call of the -O2 function (clang, no FMA contraction)";
  }
  absl::StatusOr<RunResult> Run(const WorkloadInfo& workload, uint32_t size) override {
    return RunNative(workload, size);
  }

 private:
  std::string name_ = "native";
};

// One engine per tier mode; each workload's module is compiled once (not
// timed) and instantiated afresh for every run.
class TierRuntime : public Runtime {
 public:
  TierRuntime(TierMode mode, std::string argv0)
      : name_(TierModeName(mode)), argv0_(std::move(argv0)), engine_(Config{.tier = mode}) {}
  const std::string& Name() const override { return name_; }
  std::string TimingNote() const override {
    return "in-process: the workload_run call through the public API (compile and "
           "instantiate excluded; lazy translation and tier-up included)";
  }
  absl::StatusOr<RunResult> Run(const WorkloadInfo& workload, uint32_t size) override {
    auto [it, inserted] = modules_.try_emplace(workload.name, absl::UnknownError("not loaded"));
    if (inserted) it->second = Load(workload);
    if (!it->second.ok()) return it->second.status();
    return it->second->Run(size);
  }

 private:
  absl::StatusOr<WasmWorkload> Load(const WorkloadInfo& workload) {
    std::string path =
        RunfilesPath(argv0_.c_str(), absl::StrCat("bench/workloads/", workload.name, ".wasm"));
    absl::StatusOr<std::vector<uint8_t>> bytes = ReadFileBytes(path);
    if (!bytes.ok()) return bytes.status();
    return WasmWorkload::Load(engine_, *bytes);
  }

  std::string name_;
  std::string argv0_;
  Engine engine_;
  std::map<std::string, absl::StatusOr<WasmWorkload>> modules_;
};

class NodeRuntime : public Runtime {
 public:
  NodeRuntime(std::string argv0, double timeout_seconds)
      : argv0_(std::move(argv0)), timeout_seconds_(timeout_seconds) {}
  const std::string& Name() const override { return name_; }
  std::string TimingNote() const override {
    return "subprocess; the time run_workload.js measures around the workload_run call "
           "(node startup, compile and instantiate excluded; wall clock with startup "
           "is in results.csv)";
  }
  std::string Unavailable() const override {
    return FindExecutable("node") ? "" : "node is not on PATH";
  }
  absl::StatusOr<RunResult> Run(const WorkloadInfo& workload, uint32_t size) override {
    return RunNode(
        RunfilesPath(argv0_.c_str(), "bench/node/run_workload.js"),
        RunfilesPath(argv0_.c_str(), absl::StrCat("bench/workloads/", workload.name, ".wasm")),
        size, timeout_seconds_);
  }

 private:
  std::string name_ = "node";
  std::string argv0_;
  double timeout_seconds_;
};

class CommandRuntime : public Runtime {
 public:
  CommandRuntime(std::string name, std::string command, std::string argv0, double timeout_seconds)
      : name_(std::move(name)),
        words_(SplitWords(command)),
        argv0_(std::move(argv0)),
        timeout_seconds_(timeout_seconds) {}
  const std::string& Name() const override { return name_; }
  std::string TimingNote() const override {
    std::string command = absl::StrReplaceAll(absl::StrJoin(words_, " "),
                                              {{"{node_wasi_js}", "bench/node/run_wasi.js"}});
    return absl::StrCat("subprocess `", command,
                        "` on W_cmd.wasm (WASI): wall clock including process startup "
                        "and compilation");
  }
  std::string Unavailable() const override {
    if (words_.empty()) return "empty command";
    if (!FindExecutable(words_[0])) return absl::StrCat(words_[0], " is not on PATH");
    return "";
  }
  absl::StatusOr<RunResult> Run(const WorkloadInfo& workload, uint32_t size) override {
    std::string wasm =
        RunfilesPath(argv0_.c_str(), absl::StrCat("bench/workloads/", workload.name, "_cmd.wasm"));
    std::vector<std::string> argv;
    bool placed = false;
    for (const std::string& word : words_) {
      placed |=
          word.find("{wasm}") != std::string::npos || word.find("{size}") != std::string::npos;
      argv.push_back(absl::StrReplaceAll(
          word, {{"{wasm}", wasm},
                 {"{size}", SizeName(size)},
                 {"{node_wasi_js}", RunfilesPath(argv0_.c_str(), "bench/node/run_wasi.js")}}));
    }
    if (!placed) {
      argv.push_back(wasm);
      argv.push_back(SizeName(size));
    }
    absl::StatusOr<ProcessResult> process = RunProcess(argv, timeout_seconds_);
    if (!process.ok()) return process.status();
    if (std::string exit = DescribeExit(*process); !exit.empty()) {
      return absl::InternalError(absl::StrCat(exit, ": ", Tail(process->output)));
    }
    std::optional<uint64_t> checksum = ParseChecksumLine(process->output);
    if (!checksum) {
      return absl::InternalError(absl::StrCat("no checksum line in: ", Tail(process->output)));
    }
    return RunResult{*checksum, process->wall_seconds, process->wall_seconds};
  }

 private:
  std::string name_;
  std::vector<std::string> words_;
  std::string argv0_;
  double timeout_seconds_;
};

}  // namespace

bool IsUnsupported(const absl::Status& status) {
  return status.code() == absl::StatusCode::kUnimplemented ||
         absl::StartsWith(status.message(), "unsupported");
}

std::optional<uint64_t> ParseChecksumLine(absl::string_view output) {
  for (absl::string_view line : absl::StrSplit(output, '\n')) {
    uint64_t value;
    if (absl::ConsumePrefix(&line, "checksum: ") &&
        absl::SimpleHexAtoi(absl::StripTrailingAsciiWhitespace(line), &value)) {
      return value;
    }
  }
  return std::nullopt;
}

std::unique_ptr<Runtime> MakeNativeRuntime() {
  return std::make_unique<NativeRuntime>();
}

std::unique_ptr<Runtime> MakeTierRuntime(TierMode mode, std::string argv0) {
  return std::make_unique<TierRuntime>(mode, std::move(argv0));
}

std::unique_ptr<Runtime> MakeNodeRuntime(std::string argv0, double timeout_seconds) {
  return std::make_unique<NodeRuntime>(std::move(argv0), timeout_seconds);
}

std::unique_ptr<Runtime> MakeCommandRuntime(std::string name, std::string command,
                                            std::string argv0, double timeout_seconds) {
  return std::make_unique<CommandRuntime>(std::move(name), std::move(command), std::move(argv0),
                                          timeout_seconds);
}

std::optional<std::string> KnownRuntimeCommand(absl::string_view name) {
  // Each runs a WASI command module with its arguments after the file.
  static const std::map<absl::string_view, absl::string_view> kKnown = {
      {"wasm3", "wasm3"},
      {"iwasm", "iwasm"},
      {"wasmtime", "wasmtime run"},
      {"wasmer", "wasmer run {wasm} -- {size}"},
      {"wabt", "wasm-interp --wasi"},
      // Node's own WASI on the command build, timed like the others (whole
      // process), unlike "node", which times the reactor's call inside V8.
      // Node 20.20 segfaults at exit about every other run of hashmap_cmd.wasm
      // (after printing the right checksum) unless the GC is single-threaded.
      {"node-wasi", "node --no-warnings --single-threaded-gc {node_wasi_js}"},
  };
  auto it = kKnown.find(name);
  if (it == kKnown.end()) return std::nullopt;
  return std::string(it->second);
}

}  // namespace wasmtier::bench
