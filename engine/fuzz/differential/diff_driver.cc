// Differential fuzzing of Wasmtier's interpreter against binaryen's (README.md):
// for each seed, random bytes -> `wasm-opt -ttf` -> a valid module, run by
// `wasm-opt --fuzz-exec-before` and by Wasmtier through the public API; the
// two runs' logs, results and traps are compared (compare.h).
//
//   diff_driver [--seed=S] [--count=N] [--profile=std|reftypes] [--tier=interp|auto|jit]
//               [--min-bytes=B] [--max-bytes=B] [--timeout-ms=T] [--max-seconds=T]
//               [--save-dir=DIR] [--wasm-opt=PATH] [--no-denan] [--skip-if-missing]
//               [--passes=ARG,ARG...] [--fuzz-passes] [--hang-limit=N] [--verbose] [--module=FILE.wasm|FILE.wat ...]
//
// --passes=-O3 (comma-separated wasm-opt arguments) optimizes each generated
// module with binaryen before both engines run it; --fuzz-passes lets each
// seed's bytes pick binaryen passes at random. --hang-limit=N raises the
// iteration/call budget -ttf modules give each export (10) to N.
//
// Exit status: 0 if nothing disagreed (stack-limit and NaN-only differences
// are listed but do not fail), 1 on a mismatch, a timeout or a harness error,
// 2 on bad usage.
#include <stdlib.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "engine/fuzz/differential/binaryen.h"
#include "engine/fuzz/differential/compare.h"
#include "engine/fuzz/differential/subprocess.h"
#include "engine/fuzz/differential/wasmtier_runner.h"
#include "engine/text/wat.h"

namespace wasmtier::difffuzz {
namespace {

struct Options {
  uint64_t seed = 1;
  uint64_t count = 100;
  size_t min_bytes = 1024;
  size_t max_bytes = 32 * 1024;
  Profile profile = Profile::kStandard;
  TierMode tier = TierMode::kInterp;
  int timeout_ms = 10000;
  double max_seconds = 0;  // 0 = no limit
  std::string save_dir;
  std::string wasm_opt = "wasm-opt";
  bool denan = true;
  bool fuzz_passes = false;
  uint32_t hang_limit = 0;  // 0: keep binaryen's
  bool skip_if_missing = false;
  bool verbose = false;
  std::vector<std::string> modules;  // --module: run these instead of seeds
  std::vector<std::string> passes;   // --passes: wasm-opt arguments applied after -ttf
};

// What one input came to. Extends Verdict with outcomes before comparing.
enum class Result {
  kMatch, kMismatch, kNanOnly, kStackLimit, kHostLimit, kWasmtierStack, kTimeout,
  kRejected,       // Wasmtier refused a module binaryen accepted
  kNonStandard,    // reftypes profile: invalid by the spec too (wabt agrees)
  kHarnessGap,     // an import the harness cannot provide
  kBinaryenError,  // wasm-opt failed or timed out: nothing to compare
  kHarnessError,   // binaryen's output could not be parsed
};
constexpr int kNumResults = static_cast<int>(Result::kHarnessError) + 1;
const char* ResultName(Result r) {
  static const char* const kNames[kNumResults] = {
      "match", "MISMATCH", "nan-only", "binaryen-stack-limit", "binaryen-host-limit",
      "wasmtier-stack-exhausted", "TIMEOUT", "REJECTED", "nonstandard-module", "harness-gap",
      "binaryen-error", "HARNESS-ERROR"};
  return kNames[static_cast<int>(r)];
}
bool Fails(Result r) {
  return r == Result::kMismatch || r == Result::kTimeout || r == Result::kRejected ||
         r == Result::kHarnessError;
}

Result FromVerdict(Verdict v) {
  switch (v) {
    case Verdict::kMatch: return Result::kMatch;
    case Verdict::kMismatch: return Result::kMismatch;
    case Verdict::kStackLimit: return Result::kStackLimit;
    case Verdict::kHostLimit: return Result::kHostLimit;
    case Verdict::kWasmtierStack: return Result::kWasmtierStack;
    case Verdict::kTimeout: return Result::kTimeout;
  }
  return Result::kHarnessError;
}

std::vector<uint8_t> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::vector<uint8_t>(std::istreambuf_iterator<char>(in), {});
}

bool WriteFile(const std::string& path, std::string_view bytes) {
  std::ofstream out(path, std::ios::binary);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  return static_cast<bool>(out);
}

// The ttf input of {seed}: mt19937_64 is fully specified by the standard,
// so a seed names the same module on every machine (for one binaryen version).
std::string RandomBytes(uint64_t seed, size_t min_bytes, size_t max_bytes) {
  std::mt19937_64 rng(seed);
  size_t size = min_bytes + (max_bytes > min_bytes ? rng() % (max_bytes - min_bytes + 1) : 0);
  std::string bytes(size, '\0');
  for (char& c : bytes) c = static_cast<char>(rng() & 0xFF);
  return bytes;
}

class Driver {
 public:
  Driver(const Options& options, std::string scratch)
      : options_(options), scratch_(scratch),
        binaryen_(options.wasm_opt, options.profile, scratch),
        runner_(WasmtierRunOptions{options.tier, options.timeout_ms}) {}

  Result RunSeed(uint64_t seed) {
    std::string in = scratch_ + "/input.bin", wasm = scratch_ + "/module.wasm";
    if (!WriteFile(in, RandomBytes(seed, options_.min_bytes, options_.max_bytes))) {
      return Note(absl::StrCat("seed ", seed), Result::kHarnessError, "cannot write the input");
    }
    if (absl::Status s = binaryen_.TranslateToFuzz(in, wasm, options_.fuzz_passes); !s.ok()) {
      return Note(absl::StrCat("seed ", seed), Result::kBinaryenError, s.ToString());
    }
    if (options_.hang_limit > 0) {
      std::string raised = scratch_ + "/raised.wasm";
      unlink(raised.c_str());  // written only if the module has the export
      if (absl::Status s = binaryen_.SetHangLimit(wasm, options_.hang_limit, raised); !s.ok()) {
        return Note(absl::StrCat("seed ", seed), Result::kBinaryenError, s.ToString());
      }
      if (access(raised.c_str(), F_OK) == 0) wasm = raised;
    }
    if (!options_.passes.empty()) {
      std::string optimized = scratch_ + "/optimized.wasm";
      if (absl::Status s = binaryen_.Optimize(wasm, options_.passes, optimized); !s.ok()) {
        return Note(absl::StrCat("seed ", seed), Result::kBinaryenError, s.ToString());
      }
      wasm = optimized;
    }
    return RunModule(absl::StrCat("seed ", seed), wasm, absl::StrCat("seed-", seed));
  }

  // {wasm_path} holds a binary module; {label} names it in reports.
  Result RunModule(const std::string& label, const std::string& wasm_path, const std::string& save_name) {
    std::string detail;
    int matched = 0;
    Result result = CompareOnce(wasm_path, &detail, &matched);
    if (result == Result::kMismatch && options_.denan) {
      // Spec-allowed NaN nondeterminism (sign, payload of arithmetic NaNs)
      // can reach integers through reinterpret, copysign or stores. If the
      // difference vanishes once binaryen has replaced every NaN, call it
      // NaN-only. --denan adds calls, so the denanned module may reach
      // binaryen's stack limit sooner: that still counts if the limit came
      // after the export that differed.
      std::string denanned = scratch_ + "/denan.wasm", denan_detail;
      int denan_matched = 0;
      if (binaryen_.Denan(wasm_path, denanned).ok()) {
        Result again = CompareOnce(denanned, &denan_detail, &denan_matched);
        bool stopped_later = (again == Result::kStackLimit || again == Result::kHostLimit) &&
                             denan_matched > matched;
        if (again == Result::kMatch || stopped_later) {
          result = Result::kNanOnly;
        } else {
          absl::StrAppend(&detail, "after --denan: ", ResultName(again), " (", denan_matched,
                          " segments matched)\n");
        }
      }
    }
    bool keep = result != Result::kMatch && result != Result::kNonStandard;
    if (keep && !options_.save_dir.empty()) {
      std::string base = absl::StrCat(options_.save_dir, "/", save_name);
      std::vector<uint8_t> bytes = ReadFile(wasm_path);
      WriteFile(base + ".wasm", std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
      WriteFile(base + ".txt", absl::StrCat(label, ": ", ResultName(result), "\n", detail));
    }
    return Note(label, result, detail);
  }

  void PrintSummary(uint64_t inputs, double seconds) const {
    std::string counts;
    for (int i = 0; i < kNumResults; ++i) {
      if (counts_[i] > 0) absl::StrAppend(&counts, " ", ResultName(static_cast<Result>(i)), "=", counts_[i]);
    }
    std::printf("difffuzz: %llu inputs in %.1f s, profile %s, tier %s:%s\n",
                static_cast<unsigned long long>(inputs), seconds, ProfileName(options_.profile),
                TierModeName(options_.tier), counts.c_str());
    std::printf("  compared: %llu export calls (%llu of them trapping) and %llu log calls\n",
                static_cast<unsigned long long>(segments_), static_cast<unsigned long long>(traps_),
                static_cast<unsigned long long>(logs_));
    // Skips that are expected in bulk (nonstandard-module) are only counted.
    constexpr size_t kMaxListed = 30;
    for (const auto& [result, labels] : labels_) {
      if (result == Result::kNonStandard) continue;
      std::vector<std::string> shown(labels.begin(), labels.begin() + std::min(labels.size(), kMaxListed));
      std::printf("  %s: %s%s\n", ResultName(result), absl::StrJoin(shown, ", ").c_str(),
                  labels.size() > kMaxListed ? absl::StrCat(" and ", labels.size() - kMaxListed, " more").c_str() : "");
    }
  }
  bool failed() const { return failed_; }

 private:
  // {matched}: segments that matched before the verdict's export.
  Result CompareOnce(const std::string& wasm_path, std::string* detail, int* matched) {
    absl::StatusOr<std::string> output = binaryen_.FuzzExec(wasm_path);
    if (!output.ok()) {
      *detail = output.status().ToString();
      return Result::kBinaryenError;
    }
    absl::StatusOr<std::vector<BinaryenSegment>> expected = ParseBinaryenOutput(*output);
    if (!expected.ok()) {
      *detail = expected.status().ToString();
      return Result::kHarnessError;
    }
    std::vector<uint8_t> bytes = ReadFile(wasm_path);
    WasmtierRun actual = runner_.Run(bytes);
    if (!actual.compile_error.ok()) {
      *detail = absl::StrCat("wasmtier rejected the module: ", actual.compile_error.ToString());
      if (options_.profile == Profile::kReferenceTypes) {
        absl::Status wabt = binaryen_.WabtValidate(wasm_path);
        if (!wabt.ok()) {
          absl::StrAppend(detail, "\n  wabt: ", wabt.ToString());
          return Result::kNonStandard;
        }
      }
      return Result::kRejected;
    }
    if (!actual.harness_gap.empty()) {
      *detail = actual.harness_gap;
      return Result::kHarnessGap;
    }
    Comparison c = CompareRuns(*expected, actual.segments);
    *matched = c.segments_compared;
    segments_ += c.segments_compared;
    traps_ += c.traps_compared;
    logs_ += c.logs_compared;
    if (c.verdict != Verdict::kMatch) {
      *detail = absl::StrCat(c.segments_compared, " segments matched before this. ", c.detail);
    }
    return FromVerdict(c.verdict);
  }

  Result Note(const std::string& label, Result result, const std::string& detail) {
    counts_[static_cast<int>(result)]++;
    if (result != Result::kMatch) labels_[result].push_back(label);
    if (Fails(result)) failed_ = true;
    bool quiet = result == Result::kMatch || result == Result::kNonStandard;
    if (!quiet || options_.verbose) {
      std::printf("%s: %s\n", label.c_str(), ResultName(result));
      if (!detail.empty() && (Fails(result) || options_.verbose || result == Result::kWasmtierStack ||
                              result == Result::kNanOnly)) {
        std::printf("%s\n", detail.c_str());
      }
      std::fflush(stdout);
    }
    return result;
  }

  const Options& options_;
  std::string scratch_;
  Binaryen binaryen_;
  WasmtierRunner runner_;
  uint64_t counts_[kNumResults] = {};
  std::map<Result, std::vector<std::string>> labels_;
  bool failed_ = false;
  uint64_t segments_ = 0, traps_ = 0, logs_ = 0;  // compared (in every comparison run)
};

int Usage(const char* message) {
  std::fprintf(stderr, "diff_driver: %s\n(see the comment at the top of diff_driver.cc)\n", message);
  return 2;
}

bool ParseArgs(int argc, char** argv, Options* o, std::string* error) {
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    auto value = [&](std::string_view flag, std::string_view* out) {
      if (!arg.starts_with(flag) || arg.size() <= flag.size() || arg[flag.size()] != '=') return false;
      *out = arg.substr(flag.size() + 1);
      return true;
    };
    std::string_view v;
    bool ok = true;
    if (value("--seed", &v)) ok = absl::SimpleAtoi(absl::string_view(v.data(), v.size()), &o->seed);
    else if (value("--count", &v)) ok = absl::SimpleAtoi(absl::string_view(v.data(), v.size()), &o->count);
    else if (value("--min-bytes", &v)) ok = absl::SimpleAtoi(absl::string_view(v.data(), v.size()), &o->min_bytes);
    else if (value("--max-bytes", &v)) ok = absl::SimpleAtoi(absl::string_view(v.data(), v.size()), &o->max_bytes);
    else if (value("--hang-limit", &v)) ok = absl::SimpleAtoi(absl::string_view(v.data(), v.size()), &o->hang_limit);
    else if (value("--timeout-ms", &v)) ok = absl::SimpleAtoi(absl::string_view(v.data(), v.size()), &o->timeout_ms);
    else if (value("--max-seconds", &v)) ok = absl::SimpleAtod(absl::string_view(v.data(), v.size()), &o->max_seconds);
    else if (value("--save-dir", &v)) o->save_dir = std::string(v);
    else if (value("--wasm-opt", &v)) o->wasm_opt = std::string(v);
    else if (value("--module", &v)) o->modules.push_back(std::string(v));
    else if (value("--passes", &v)) {
      size_t start = 0;
      while (start <= v.size()) {
        size_t comma = std::min(v.find(',', start), v.size());
        if (comma > start) o->passes.emplace_back(v.substr(start, comma - start));
        start = comma + 1;
      }
    }
    else if (value("--profile", &v)) ok = ParseProfile(std::string(v), &o->profile);
    else if (value("--tier", &v)) {
      if (v == "interp") o->tier = TierMode::kInterp;
      else if (v == "auto") o->tier = TierMode::kAuto;
      else if (v == "jit") o->tier = TierMode::kJit;
      else ok = false;
    } else if (arg == "--no-denan") o->denan = false;
    else if (arg == "--fuzz-passes") o->fuzz_passes = true;
    else if (arg == "--skip-if-missing") o->skip_if_missing = true;
    else if (arg == "--verbose") o->verbose = true;
    else ok = false;
    if (!ok) {
      *error = absl::StrCat("bad argument '", std::string(arg), "'");
      return false;
    }
  }
  if (o->min_bytes == 0 || o->max_bytes < o->min_bytes) {
    *error = "need 0 < --min-bytes <= --max-bytes";
    return false;
  }
  return true;
}

// --module=FILE: a .wat is encoded by Wasmtier's own text parser, so
// regression files need not be readable by binaryen 108's older parser.
bool PrepareModule(const std::string& path, const std::string& scratch, std::string* wasm_path) {
  if (!path.ends_with(".wat")) {
    *wasm_path = path;
    return true;
  }
  std::vector<uint8_t> text = ReadFile(path);
  absl::StatusOr<std::vector<uint8_t>> binary =
      text::WatToBinary(std::string_view(reinterpret_cast<const char*>(text.data()), text.size()));
  if (!binary.ok()) {
    std::printf("%s: cannot encode: %s\n", path.c_str(), binary.status().ToString().c_str());
    return false;
  }
  *wasm_path = scratch + "/from_wat.wasm";
  return WriteFile(*wasm_path, std::string_view(reinterpret_cast<const char*>(binary->data()), binary->size()));
}

int Main(int argc, char** argv) {
  Options options;
  std::string error;
  if (!ParseArgs(argc, argv, &options, &error)) return Usage(error.c_str());
  if (!ProgramExists(options.wasm_opt)) {
    if (options.skip_if_missing) {
      std::printf("SKIPPED: %s (binaryen) is not installed; tools/setup.sh installs it\n",
                  options.wasm_opt.c_str());
      return 0;
    }
    return Usage("wasm-opt not found (install binaryen, or pass --wasm-opt=PATH)");
  }
  const char* tmp = std::getenv("TEST_TMPDIR");
  if (tmp == nullptr) tmp = std::getenv("TMPDIR");
  std::string scratch = absl::StrCat(tmp ? tmp : "/tmp", "/difffuzz.XXXXXX");
  if (mkdtemp(scratch.data()) == nullptr) return Usage("cannot create a scratch directory");

  if (!options.save_dir.empty()) {
    std::error_code ignored;  // an existing directory is fine; a failure shows when saving
    std::filesystem::create_directories(options.save_dir, ignored);
  }
  Driver driver(options, scratch);
  const auto start = std::chrono::steady_clock::now();
  auto elapsed = [&] {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  };
  uint64_t inputs = 0;
  if (!options.modules.empty()) {
    for (const std::string& path : options.modules) {
      std::string wasm_path;
      ++inputs;
      if (!PrepareModule(path, scratch, &wasm_path)) return 1;
      std::string name = path.substr(path.find_last_of('/') + 1);
      driver.RunModule(path, wasm_path, name);
    }
  } else {
    for (uint64_t i = 0; i < options.count; ++i) {
      if (options.max_seconds > 0 && elapsed() > options.max_seconds) {
        std::printf("difffuzz: stopped after %.1f s (--max-seconds)\n", elapsed());
        break;
      }
      if (options.verbose) std::printf("seed %llu\n", static_cast<unsigned long long>(options.seed + i));
      driver.RunSeed(options.seed + i);
      ++inputs;
    }
  }
  driver.PrintSummary(inputs, elapsed());
  // The scratch files are small; remove them so long runs leave nothing.
  for (const char* f : {"input.bin", "module.wasm", "denan.wasm", "optimized.wasm", "raised.wasm", "hang.wat", "from_wat.wasm", "proc.out", "proc.err"}) {
    unlink(absl::StrCat(scratch, "/", f).c_str());
  }
  rmdir(scratch.c_str());
  return driver.failed() ? 1 : 0;
}

}  // namespace
}  // namespace wasmtier::difffuzz

int main(int argc, char** argv) { return wasmtier::difffuzz::Main(argc, argv); }
