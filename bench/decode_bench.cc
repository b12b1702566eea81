// Decode + validate throughput (MB/s of wire bytes), the cost every module
// pays before its first instruction runs. Workloads: a generated
// compiler-shaped module of several MB (bench/module_gen.h), all of wasi-libc
// as compiled by clang, and any .wasm files named on the command line:
//   bazel run -c opt //bench:decode_bench [-- --benchmark_filter=... FILE.wasm...]
// BM_DecodeOnly and BM_ValidateOnly split BM_DecodeValidate into its parts.
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "bench/bench_files.h"
#include "bench/module_gen.h"
#include "benchmark/benchmark.h"
#include "engine/decoder.h"
#include "engine/validator.h"

namespace wasmtier::bench {
namespace {

using Bytes = std::vector<uint8_t>;

void SetCounters(benchmark::State& state, const Bytes& bytes) {
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) *
                          static_cast<int64_t>(bytes.size()));
  state.counters["module_MB"] = static_cast<double>(bytes.size()) / 1e6;
}

void BM_DecodeValidate(benchmark::State& state, const Bytes* bytes) {
  const Features features;
  for (auto _ : state) {
    auto module = DecodeAndValidate(bytes->data(), bytes->size(), features);
    if (!module.ok()) {
      state.SkipWithError(std::string(module.status().message()).c_str());
      return;
    }
    benchmark::DoNotOptimize(module->get());
  }
  SetCounters(state, *bytes);
}

void BM_DecodeOnly(benchmark::State& state, const Bytes* bytes) {
  const Features features;
  for (auto _ : state) {
    auto module = DecodeModule(bytes->data(), bytes->size(), features);
    if (!module.ok()) {
      state.SkipWithError(std::string(module.status().message()).c_str());
      return;
    }
    benchmark::DoNotOptimize(module->get());
  }
  SetCounters(state, *bytes);
}

// Function-body validation alone, on a module decoded once outside the loop.
void BM_ValidateOnly(benchmark::State& state, const Bytes* bytes) {
  const Features features;
  auto module = DecodeModule(bytes->data(), bytes->size(), features);
  if (!module.ok()) {
    state.SkipWithError(std::string(module.status().message()).c_str());
    return;
  }
  for (auto _ : state) {
    absl::Status status = ValidateFunctions(**module, features);
    if (!status.ok()) {
      state.SkipWithError(std::string(status.message()).c_str());
      return;
    }
  }
  SetCounters(state, *bytes);
}


void Register(const std::string& name, const Bytes* bytes) {
  benchmark::RegisterBenchmark(("BM_DecodeValidate/" + name).c_str(), BM_DecodeValidate, bytes)
      ->Unit(benchmark::kMillisecond);
  benchmark::RegisterBenchmark(("BM_DecodeOnly/" + name).c_str(), BM_DecodeOnly, bytes)
      ->Unit(benchmark::kMillisecond);
  benchmark::RegisterBenchmark(("BM_ValidateOnly/" + name).c_str(), BM_ValidateOnly, bytes)
      ->Unit(benchmark::kMillisecond);
}

}  // namespace
}  // namespace wasmtier::bench

int main(int argc, char** argv) {
  using namespace wasmtier::bench;
  benchmark::Initialize(&argc, argv);
  // Workloads live until exit: the registered benchmarks point at them.
  std::vector<std::unique_ptr<Bytes>> workloads;

  GeneratedModule generated = GenerateModule(ModuleGenOptions());
  std::fprintf(stderr, "generated: %zu bytes, %u functions, %zu instruction bytes\n",
               generated.bytes.size(), generated.num_defined_functions, generated.code_bytes);
  workloads.push_back(std::make_unique<Bytes>(std::move(generated.bytes)));
  Register("generated", workloads.back().get());

  auto libc = std::make_unique<Bytes>();
  if (FindWasiLibc(argv[0], libc.get())) {
    workloads.push_back(std::move(libc));
    Register("wasi_libc", workloads.back().get());
  } else {
    std::fprintf(stderr, "bench/wasi_libc.wasm not found; skipping it\n");
  }

  // Benchmark flags are consumed by Initialize; what remains are files.
  for (int i = 1; i < argc; ++i) {
    auto file = std::make_unique<Bytes>();
    if (!ReadFile(argv[i], file.get())) {
      std::fprintf(stderr, "cannot read %s\n", argv[i]);
      return 1;
    }
    std::string name = argv[i];
    name = name.substr(name.find_last_of('/') + 1);
    workloads.push_back(std::move(file));
    Register(name, workloads.back().get());
  }

  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
