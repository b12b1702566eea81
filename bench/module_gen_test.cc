// The generator's contract: deterministic output that our decoder and
// validator accept, of at least the requested size, using only the proposals
// it is allowed to use.
#include "bench/module_gen.h"

#include <string>
#include <vector>

#include "engine/decoder.h"
#include "engine/validator.h"
#include "gtest/gtest.h"

namespace wasmtier::bench {
namespace {

ModuleGenOptions Small(uint64_t seed) {
  ModuleGenOptions options;
  options.seed = seed;
  options.min_code_bytes = 64 * 1024;
  options.max_function_bytes = 4096;
  return options;
}

TEST(ModuleGenTest, SameSeedSameBytes) {
  GeneratedModule a = GenerateModule(Small(7));
  GeneratedModule b = GenerateModule(Small(7));
  GeneratedModule c = GenerateModule(Small(8));
  EXPECT_EQ(a.bytes, b.bytes);
  EXPECT_NE(a.bytes, c.bytes);
}

uint64_t Fnv1a(const std::vector<uint8_t>& bytes) {
  uint64_t h = 0xCBF29CE484222325ull;
  for (uint8_t b : bytes) h = (h ^ b) * 0x100000001B3ull;
  return h;
}

// The benchmark's workload must not drift: MB/s figures are only comparable
// across commits if the module is the same. A generator change that alters
// the output updates these constants deliberately (and says so in its commit).
TEST(ModuleGenTest, OutputIsPinned) {
  EXPECT_EQ(Fnv1a(GenerateModule(Small(1)).bytes), 0x304D05423244F165ull);
  EXPECT_EQ(Fnv1a(GenerateModule(ModuleGenOptions()).bytes), 0x5F59D973DA4673B5ull);
}

TEST(ModuleGenTest, MeetsTheCodeBudget) {
  GeneratedModule m = GenerateModule(Small(3));
  EXPECT_GE(m.code_bytes, size_t{64 * 1024});
  EXPECT_GT(m.bytes.size(), m.code_bytes);
  EXPECT_GT(m.num_defined_functions, 20u);
}

TEST(ModuleGenTest, TinyBudgetStillHasEveryResultKind) {
  ModuleGenOptions options = Small(11);
  options.min_code_bytes = 1;
  GeneratedModule m = GenerateModule(options);
  // One callee per result kind (none, i32, i64, f32, f64) is always planned.
  EXPECT_GE(m.num_defined_functions, 5u);
  auto module = DecodeAndValidate(m.bytes.data(), m.bytes.size(), Features());
  EXPECT_TRUE(module.ok()) << module.status();
}

TEST(ModuleGenTest, DecodesToTheGeneratedShape) {
  GeneratedModule m = GenerateModule(Small(5));
  auto module = DecodeModule(m.bytes.data(), m.bytes.size(), Features());
  ASSERT_TRUE(module.ok()) << module.status();
  const WasmModule& mod = **module;
  EXPECT_EQ(mod.functions.size(), m.num_imported_functions + m.num_defined_functions);
  EXPECT_EQ(mod.num_imported_functions, m.num_imported_functions);
  EXPECT_EQ(mod.memories.size(), 1u);
  EXPECT_EQ(mod.tables.size(), 1u);
  EXPECT_EQ(mod.elems.size(), 1u);
  EXPECT_EQ(mod.datas.size(), 52u);  // 48 active + 4 passive
  ASSERT_TRUE(mod.data_count.has_value());
  EXPECT_EQ(*mod.data_count, 52u);
  EXPECT_EQ(mod.names.function_names.size(), mod.functions.size());
  EXPECT_EQ(mod.names.function_names.at(3), "func_3");
}

TEST(ModuleGenTest, ValidatesAcrossSeeds) {
  for (uint64_t seed = 1; seed <= 20; ++seed) {
    GeneratedModule m = GenerateModule(Small(seed));
    auto module = DecodeAndValidate(m.bytes.data(), m.bytes.size(), Features());
    EXPECT_TRUE(module.ok()) << "seed " << seed << ": " << module.status();
  }
}

TEST(ModuleGenTest, SimdModulesValidateAcrossSeeds) {
  for (uint64_t seed = 1; seed <= 10; ++seed) {
    ModuleGenOptions options = Small(seed);
    options.simd_ops = true;
    GeneratedModule m = GenerateModule(options);
    auto module = DecodeAndValidate(m.bytes.data(), m.bytes.size(), Features());
    EXPECT_TRUE(module.ok()) << "seed " << seed << ": " << module.status();
  }
}

TEST(ModuleGenTest, SimdOpsNeedTheSimdFeature) {
  ModuleGenOptions options = Small(2);
  options.simd_ops = true;
  GeneratedModule m = GenerateModule(options);
  Features no_simd;
  no_simd.simd = no_simd.relaxed_simd = false;
  EXPECT_FALSE(DecodeAndValidate(m.bytes.data(), m.bytes.size(), no_simd).ok());
}

Features MvpFeatures() {
  Features mvp;
  mvp.sign_extension = mvp.saturating_float_to_int = mvp.bulk_memory = false;
  mvp.reference_types = mvp.simd = mvp.relaxed_simd = mvp.tail_call = false;
  mvp.extended_const = mvp.multi_memory = mvp.memory64 = mvp.function_references = false;
  return mvp;
}

TEST(ModuleGenTest, MvpOnlyModuleNeedsNoLaterProposal) {
  ModuleGenOptions options = Small(9);
  options.post_mvp_ops = false;
  GeneratedModule m = GenerateModule(options);
  // The funcref table (elemtype 0x70) is MVP: no reference types needed.
  auto module = DecodeAndValidate(m.bytes.data(), m.bytes.size(), MvpFeatures());
  EXPECT_TRUE(module.ok()) << module.status();
}

TEST(ModuleGenTest, PostMvpOpsAreRejectedWithoutTheirFeatures) {
  // The default module uses bulk memory (passive data, memory.fill...); a
  // validator with bulk memory off must refuse it. Guards against a
  // generator that silently stopped emitting those instructions.
  GeneratedModule m = GenerateModule(Small(9));
  Features no_bulk;
  no_bulk.bulk_memory = false;
  auto module = DecodeAndValidate(m.bytes.data(), m.bytes.size(), no_bulk);
  EXPECT_FALSE(module.ok());
}

TEST(ModuleGenTest, BenchmarkSizedModuleValidates) {
  GeneratedModule m = GenerateModule(ModuleGenOptions());
  EXPECT_GE(m.code_bytes, size_t{6} << 20);
  EXPECT_GT(m.num_defined_functions, 2000u);
  auto module = DecodeAndValidate(m.bytes.data(), m.bytes.size(), Features());
  EXPECT_TRUE(module.ok()) << module.status();
}

}  // namespace
}  // namespace wasmtier::bench
