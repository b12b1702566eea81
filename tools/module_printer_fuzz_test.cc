// `wasmtier inspect` prints untrusted modules, including ones whose function
// bodies fail validation. This runs the report over thousands of mutated
// seed modules that still decode, so the printer never reads out of bounds
// (run it under --config=asan) or chokes on an odd but legal module.
#include <memory>
#include <vector>

#include "engine/decoder.h"
#include "engine/features.h"
#include "engine/fuzz/mutator.h"
#include "engine/fuzz/seed_corpus.h"
#include "gtest/gtest.h"
#include "tools/module_printer.h"

namespace wasmtier::cli {
namespace {

TEST(ModulePrinterFuzzTest, PrintsEveryDecodableMutant) {
  std::vector<fuzz::Bytes> pool;
  for (fuzz::Seed& seed : fuzz::SeedModules()) pool.push_back(std::move(seed.bytes));
  const size_t num_seeds = pool.size();
  fuzz::Mutator mutator(7);
  int printed = 0;
  for (int i = 0; i < 20000; ++i) {
    fuzz::Bytes input = mutator.Mutate(pool[mutator.rng().Below(pool.size())], pool, 16384);
    auto module = DecodeModule(input.data(), input.size(), Features::All());
    if (!module.ok()) continue;
    std::string report = FormatModule(**module);
    ASSERT_FALSE(report.empty());
    ++printed;
    if (pool.size() < num_seeds + 512) pool.push_back(std::move(input));
  }
  EXPECT_GT(printed, 1000);
}

}  // namespace
}  // namespace wasmtier::cli
