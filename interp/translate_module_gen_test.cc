// Every defined function of generated, compiler-shaped modules (bench/module_gen:
// 2.0 scalar code, post-MVP ops, several seeds) translates, and the code is
// well formed (Disassemble walks every instruction). Also prints translation
// throughput in MB/s of instruction bytes beside validation alone; the goal is
// >= 100 MB/s, measured with: bazel test -c opt //interp:translate_module_gen_test --test_output=all
#include <algorithm>
#include <chrono>
#include <cstdio>

#include "bench/module_gen.h"
#include "engine/validator.h"
#include "gtest/gtest.h"
#include "interp/interp.h"

namespace wasmtier::interp {
namespace {

double Seconds(std::chrono::steady_clock::duration d) { return std::chrono::duration<double>(d).count(); }

TEST(TranslateModuleGenTest, EveryFunctionTranslates) {
  for (uint64_t seed : {1, 2, 3}) {
    bench::ModuleGenOptions options;
    options.seed = seed;
    options.min_code_bytes = 256 << 10;
    const bench::GeneratedModule generated = bench::GenerateModule(options);
    auto module = DecodeAndValidate(generated.bytes.data(), generated.bytes.size(), Features());
    ASSERT_TRUE(module.ok()) << module.status();
    const WasmModule& m = **module;
    for (const Config& config : {Config(), Config{.profile_counters = false}, Config{.consume_fuel = true}}) {
      for (uint32_t i = m.num_imported_functions; i < m.functions.size(); ++i) {
        auto code = Translate(m, i, config);
        ASSERT_TRUE(code.ok()) << "seed " << seed << " function " << i << ": " << code.status();
        const std::string text = Disassemble(**code);
        ASSERT_EQ(text.find("<unknown handler>"), std::string::npos) << text;
        ASSERT_TRUE(std::is_sorted((*code)->source_map.begin(), (*code)->source_map.end()));
      }
    }
  }
}

TEST(TranslateModuleGenTest, Throughput) {
  bench::ModuleGenOptions options;
  options.min_code_bytes = 4 << 20;
  const bench::GeneratedModule generated = bench::GenerateModule(options);
  auto module = DecodeAndValidate(generated.bytes.data(), generated.bytes.size(), Features());
  ASSERT_TRUE(module.ok()) << module.status();
  const WasmModule& m = **module;
  size_t body_bytes = 0;
  for (uint32_t i = m.num_imported_functions; i < m.functions.size(); ++i) body_bytes += m.functions[i].code.length;
  size_t words = 0;
  double translate = 1e9, validate = 1e9;
  for (int round = 0; round < 3; ++round) {
    auto start = std::chrono::steady_clock::now();
    words = 0;
    for (uint32_t i = m.num_imported_functions; i < m.functions.size(); ++i) {
      auto code = Translate(m, i, Config());
      ASSERT_TRUE(code.ok()) << code.status();
      words += (*code)->words.size();
    }
    translate = std::min(translate, Seconds(std::chrono::steady_clock::now() - start));
    start = std::chrono::steady_clock::now();
    ASSERT_TRUE(ValidateFunctions(m, Features()).ok());
    validate = std::min(validate, Seconds(std::chrono::steady_clock::now() - start));
  }
  const double mb = body_bytes / double(1 << 20);
  std::printf("%.1f MB of bodies -> %.2f words of register code per body byte\n", mb, double(words) / body_bytes);
  std::printf("translate: %.1f MB/s (validate only: %.1f MB/s)\n", mb / translate, mb / validate);
}

}  // namespace
}  // namespace wasmtier::interp
