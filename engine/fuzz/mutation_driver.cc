// A fuzzing loop without libFuzzer: mutates the seed modules (mutator.h) and
// runs every result through CheckModuleBytes (with --text: mutates text
// seeds and runs them through the text-format parser first, CheckWatText),
// for a bounded number of
// iterations and seconds, so CI can run a short smoke under the sanitizers.
// Inputs that stay valid after mutation join the pool, to reach deeper.
// Deterministic for a given --seed. On a crash, a hang (per-input watchdog),
// a broken invariant or (with --max-heap-per-byte=N) an input whose decoding
// holds more than 1 MiB + N bytes of heap per input byte, the input is
// printed in hex with a command that turns it back into a file for the
// replaying decode_fuzzer.
//
//   mutation_driver [--iterations=N] [--seconds=S] [--seed=N] [--timeout=S]
//                   [--max-size=BYTES] [--max-heap-per-byte=N] [--crash-file=PATH]
//                   [--text] [--verbose] [SEED_FILE_OR_DIR...]
#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

#include "engine/fuzz/fuzz_target.h"
#include "engine/fuzz/heap_meter.h"
#include "engine/fuzz/mutator.h"
#include "engine/fuzz/seed_corpus.h"
#include "engine/fuzz/text_seeds.h"
#include "engine/fuzz/wat_fuzz_target.h"

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define WASMTIER_FUZZ_ASAN 1
#endif
#endif

// Present when a sanitizer runtime is linked: called as the sanitizer dies.
extern "C" void __sanitizer_set_death_callback(void (*callback)(void)) __attribute__((weak));

namespace wasmtier::fuzz {
namespace {

struct Options {
  uint64_t iterations = 20000;
  double seconds = 25;
  uint64_t seed = 1;
  double timeout = 10;  // per input
  size_t max_size = 64 * 1024;
  size_t max_heap_per_byte = 0;  // 0: no memory-amplification check
  std::string crash_file;
  bool text = false;  // fuzz the text-format parser instead of the decoder
  bool verbose = false;
  std::vector<std::string> seed_paths;
};

// ---- The input under test, for the crash, abort and hang reports. ----
// Written only by the main thread between inputs; read by signal handlers
// and the watchdog, which print it with write(2) alone (async-signal-safe).

struct CurrentInput {
  const uint8_t* data = nullptr;
  size_t size = 0;
  uint64_t iteration = 0;
  char mutations[160] = {};
};
CurrentInput g_current;
std::atomic<int64_t> g_input_start_ms{0};  // 0 while no input is running
std::atomic<bool> g_dumped{false};
char g_crash_file[512] = {};

void WriteAll(const char* s, size_t n) {
  while (n > 0) {
    ssize_t w = write(STDERR_FILENO, s, n);
    if (w <= 0) return;
    s += w;
    n -= static_cast<size_t>(w);
  }
}
void WriteStr(const char* s) {
  WriteAll(s, std::strlen(s));
}
void WriteNumber(uint64_t v) {
  char buf[24];
  int i = sizeof(buf);
  do {
    buf[--i] = static_cast<char>('0' + v % 10);
    v /= 10;
  } while (v);
  WriteAll(buf + i, sizeof(buf) - i);
}

void DumpCurrentInput() {
  if (g_current.data == nullptr || g_dumped.exchange(true)) return;
  static const char kHex[] = "0123456789abcdef";
  WriteStr("\n==== mutation_driver: failing input, iteration ");
  WriteNumber(g_current.iteration);
  WriteStr(", ");
  WriteNumber(g_current.size);
  WriteStr(" bytes, mutations: ");
  WriteStr(g_current.mutations);
  WriteStr(
      "\n==== reproduce: echo '<hex below>' | xxd -r -p > crash.wasm &&\n"
      "====   bazel run --config=asan //engine/fuzz:decode_fuzzer -- $PWD/crash.wasm\n"
      "====   (wat_fuzzer instead of decode_fuzzer for a --text run)\n");
  char line[65];
  for (size_t i = 0; i < g_current.size; i += 32) {
    size_t n = 0;
    for (size_t k = i; k < g_current.size && k < i + 32; ++k) {
      line[n++] = kHex[g_current.data[k] >> 4];
      line[n++] = kHex[g_current.data[k] & 15];
    }
    line[n++] = '\n';
    WriteAll(line, n);
  }
  WriteStr("==== end of input\n");
  if (g_crash_file[0] != '\0') {
    int fd = open(g_crash_file, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd >= 0) {
      ssize_t unused = write(fd, g_current.data, g_current.size);
      (void)unused;
      close(fd);
      WriteStr("==== written to ");
      WriteStr(g_crash_file);
      WriteStr("\n");
    }
  }
}

void OnFatalSignal(int sig) {
  DumpCurrentInput();
  signal(sig, SIG_DFL);
  raise(sig);
}

void InstallCrashReporting() {
  if (__sanitizer_set_death_callback != nullptr) __sanitizer_set_death_callback(DumpCurrentInput);
  static char alt_stack[64 * 1024];
  stack_t ss = {};
  ss.ss_sp = alt_stack;
  ss.ss_size = sizeof(alt_stack);
  sigaltstack(&ss, nullptr);
  struct sigaction sa = {};
  sa.sa_handler = OnFatalSignal;
  sa.sa_flags = SA_ONSTACK | SA_RESETHAND;
  sigemptyset(&sa.sa_mask);
  int signals[] = {SIGABRT, SIGBUS, SIGILL, SIGFPE, SIGSEGV};
  for (int sig : signals) {
#ifdef WASMTIER_FUZZ_ASAN
    if (sig == SIGSEGV || sig == SIGBUS || sig == SIGFPE) continue;  // ASan reports these
#endif
    sigaction(sig, &sa, nullptr);
  }
}

int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

// Aborts with the input when one input runs longer than {timeout_ms}.
class Watchdog {
 public:
  explicit Watchdog(int64_t timeout_ms)
      : thread_([this, timeout_ms] {
          while (!stop_.load()) {
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
            int64_t start = g_input_start_ms.load();
            if (start != 0 && NowMs() - start > timeout_ms) {
              WriteStr("\n==== mutation_driver: hang: one input ran for more than ");
              WriteNumber(static_cast<uint64_t>(timeout_ms));
              WriteStr(" ms\n");
              DumpCurrentInput();
              _exit(3);
            }
          }
        }) {}
  ~Watchdog() {
    stop_ = true;
    thread_.join();
  }

 private:
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

// ---- Command line and seed files. ----

bool ParseOptions(int argc, char** argv, Options* o) {
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    auto value = [&](const char* name) -> const char* {
      size_t n = std::strlen(name);
      if (arg.compare(0, n, name) == 0 && arg.size() > n && arg[n] == '=') return argv[i] + n + 1;
      return nullptr;
    };
    if (const char* v = value("--iterations")) {
      o->iterations = std::strtoull(v, nullptr, 10);
    } else if (const char* v = value("--seconds")) {
      o->seconds = std::strtod(v, nullptr);
    } else if (const char* v = value("--seed")) {
      o->seed = std::strtoull(v, nullptr, 10);
    } else if (const char* v = value("--timeout")) {
      o->timeout = std::strtod(v, nullptr);
    } else if (const char* v = value("--max-size")) {
      o->max_size = std::strtoull(v, nullptr, 10);
    } else if (const char* v = value("--max-heap-per-byte")) {
      o->max_heap_per_byte = std::strtoull(v, nullptr, 10);
    } else if (const char* v = value("--crash-file")) {
      o->crash_file = v;
    } else if (arg == "--text") {
      o->text = true;
    } else if (arg == "--verbose") {
      o->verbose = true;
    } else if (!arg.empty() && arg[0] == '-') {
      std::fprintf(stderr, "mutation_driver: unknown option %s (see the file comment)\n",
                   arg.c_str());
      return false;
    } else {
      o->seed_paths.push_back(arg);
    }
  }
  if (o->max_size < 16) o->max_size = 16;
  return true;
}

void AddSeedFiles(const std::string& path, std::vector<Bytes>* pool) {
  struct stat st;
  if (stat(path.c_str(), &st) != 0) {
    std::fprintf(stderr, "mutation_driver: cannot read %s\n", path.c_str());
    return;
  }
  if (S_ISDIR(st.st_mode)) {
    if (DIR* dir = opendir(path.c_str())) {
      while (dirent* entry = readdir(dir)) {
        std::string name = entry->d_name;
        if (name != "." && name != "..") AddSeedFiles(path + "/" + name, pool);
      }
      closedir(dir);
    }
    return;
  }
  FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) return;
  Bytes bytes;
  uint8_t buffer[65536];
  size_t n;
  while ((n = std::fread(buffer, 1, sizeof(buffer), f)) > 0)
    bytes.insert(bytes.end(), buffer, buffer + n);
  std::fclose(f);
  pool->push_back(std::move(bytes));
}

CheckResult RunOne(const Bytes& input, uint64_t iteration, const std::string& mutations,
                   const Options& options) {
  const size_t max_heap_per_byte = options.max_heap_per_byte;
  g_current.data = input.data();
  g_current.size = input.size();
  g_current.iteration = iteration;
  std::snprintf(g_current.mutations, sizeof(g_current.mutations), "%s", mutations.c_str());
  size_t heap_before = HeapLiveBytes();
  ResetHeapPeak();
  g_input_start_ms = NowMs();
  CheckResult result = options.text ? CheckWatText(input.data(), input.size())
                                    : CheckModuleBytes(input.data(), input.size());
  g_input_start_ms = 0;
  size_t heap_used = HeapPeakBytes() - heap_before;
  if (max_heap_per_byte > 0 && heap_used > (size_t{1} << 20) + max_heap_per_byte * input.size()) {
    std::fprintf(stderr,
                 "\n==== mutation_driver: memory amplification: a %zu-byte input held %zu bytes "
                 "of heap (limit 1 MiB + %zu per input byte)\n",
                 input.size(), heap_used, max_heap_per_byte);
    DumpCurrentInput();
    std::_Exit(4);
  }
  g_current.data = nullptr;
  return result;
}

int Main(int argc, char** argv) {
  Options options;
  if (!ParseOptions(argc, argv, &options)) return 2;
  std::snprintf(g_crash_file, sizeof(g_crash_file), "%s", options.crash_file.c_str());
  InstallCrashReporting();

  std::vector<Bytes> pool;
  if (options.text) {
    for (const TextSeed& seed : TextSeedModules())
      pool.emplace_back(seed.text.begin(), seed.text.end());
  } else {
    for (Seed& seed : SeedModules()) pool.push_back(std::move(seed.bytes));
  }
  for (const std::string& path : options.seed_paths) AddSeedFiles(path, &pool);
  const size_t num_seeds = pool.size();
  constexpr size_t kMaxPool = 1024;

  std::fprintf(stderr,
               "mutation_driver: seed %llu, %zu seed modules, up to %llu iterations / %.0f s\n",
               static_cast<unsigned long long>(options.seed), num_seeds,
               static_cast<unsigned long long>(options.iterations), options.seconds);
  Watchdog watchdog(static_cast<int64_t>(options.timeout * 1000));
  const int64_t start = NowMs();
  const int64_t deadline = start + static_cast<int64_t>(options.seconds * 1000);

  // The seeds themselves first.
  for (size_t i = 0; i < num_seeds; ++i) {
    RunOne(pool[i], 0, "none (seed)", options);
  }

  Mutator mutator(options.seed);
  uint64_t iterations = 0, valid = 0, pool_additions = 0;
  for (; iterations < options.iterations; ++iterations) {
    if ((iterations & 63) == 0 && NowMs() > deadline) break;
    // Half the time an original seed: the pool alone drifts towards whatever
    // mutants stay valid most easily, which are the small ones.
    const Bytes& base = pool[mutator.rng().Below(mutator.rng().OneIn(2) ? num_seeds : pool.size())];
    Bytes input = options.text ? mutator.MutateText(base, pool, options.max_size)
                               : mutator.Mutate(base, pool, options.max_size);
    CheckResult result = RunOne(input, iterations + 1, mutator.last_description(), options);
    if (options.verbose) {
      std::fprintf(stderr, "%llu: %zu bytes %s (%s)\n",
                   static_cast<unsigned long long>(iterations + 1), input.size(),
                   result.valid ? "valid" : "rejected", mutator.last_description().c_str());
    }
    // Valid mutants reach further on their next mutation; so do a few inputs
    // rejected late. Mutants that lost half their base are not kept, for the
    // same reason.
    bool keep = result.valid || (result.error_offset > input.size() / 2 && mutator.rng().OneIn(16));
    if (input.size() < base.size() / 2) keep = false;
    if (result.valid) ++valid;
    if (keep) {
      ++pool_additions;
      if (pool.size() < kMaxPool) {
        pool.push_back(std::move(input));
      } else {
        pool[num_seeds + mutator.rng().Below(kMaxPool - num_seeds)] = std::move(input);
      }
    }
  }
  double elapsed = (NowMs() - start) / 1000.0;
  std::fprintf(stderr,
               "mutation_driver: %llu inputs in %.1f s (%.0f/s): %llu valid, %llu rejected; "
               "%llu joined the pool; no failures\n",
               static_cast<unsigned long long>(iterations), elapsed,
               elapsed > 0 ? iterations / elapsed : 0.0, static_cast<unsigned long long>(valid),
               static_cast<unsigned long long>(iterations - valid),
               static_cast<unsigned long long>(pool_additions));
  return 0;
}

}  // namespace
}  // namespace wasmtier::fuzz

int main(int argc, char** argv) {
  return wasmtier::fuzz::Main(argc, argv);
}
