// Tests of the fuzzing pieces: every seed is a valid module, the mutator is
// deterministic and bounded, and section framing is parsed as the format
// says.
#include <set>
#include <string>

#include "engine/decoder.h"
#include "engine/features.h"
#include "engine/fuzz/fuzz_target.h"
#include "engine/fuzz/mutator.h"
#include "engine/fuzz/seed_corpus.h"
#include "engine/fuzz/text_seeds.h"
#include "engine/fuzz/wat_fuzz_target.h"
#include "engine/text/wat.h"
#include "gtest/gtest.h"

namespace wasmtier::fuzz {
namespace {

TEST(SeedCorpusTest, EverySeedIsValidWithAllFeatures) {
  std::set<std::string> names;
  for (const Seed& seed : SeedModules()) {
    EXPECT_TRUE(names.insert(seed.name).second) << "duplicate seed name " << seed.name;
    CheckResult r = CheckModuleBytes(seed.bytes.data(), seed.bytes.size());
    EXPECT_TRUE(r.valid || (seed.pending_support && r.unsupported))
        << seed.name << " rejected at offset " << r.error_offset;
    if (seed.pending_support && r.valid) {
      ADD_FAILURE() << seed.name << " is valid now: clear its pending_support";
    }
  }
  EXPECT_GE(names.size(), 16u);
}

TEST(TextSeedsTest, EverySeedParsesAndDecodes) {
  for (const TextSeed& seed : TextSeedModules()) {
    auto binary = text::WatToBinary(seed.text);
    ASSERT_TRUE(binary.ok()) << seed.name << ": " << binary.status();
    auto module = DecodeModule(binary->data(), binary->size(), Features::All());
    EXPECT_TRUE(module.ok()) << seed.name << ": " << module.status();
    CheckWatText(reinterpret_cast<const uint8_t*>(seed.text.data()), seed.text.size());
  }
}

TEST(MutatorTest, TextMutationsAreDeterministic) {
  std::vector<Bytes> pool;
  for (const TextSeed& seed : TextSeedModules())
    pool.emplace_back(seed.text.begin(), seed.text.end());
  Mutator a(9), b(9);
  for (int i = 0; i < 500; ++i) {
    const Bytes& base = pool[i % pool.size()];
    Bytes x = a.MutateText(base, pool, 8192);
    ASSERT_EQ(x, b.MutateText(base, pool, 8192));
    ASSERT_LE(x.size(), 8192u);
    CheckWatText(x.data(), x.size());
  }
}

TEST(MutatorTest, LebRoundTrip) {
  for (uint64_t v : {0ull, 1ull, 127ull, 128ull, 16383ull, 16384ull, 0xFFFFFFFFull, ~0ull}) {
    Bytes b = {0xAA};
    AppendLeb(b, v);
    uint64_t out = 0;
    size_t n = ReadLeb(b, 1, &out);
    EXPECT_EQ(n, b.size() - 1);
    EXPECT_EQ(out, v);
  }
  uint64_t out;
  EXPECT_EQ(ReadLeb({0x80, 0x80}, 0, &out), 0u);  // unterminated
}

TEST(MutatorTest, SplitsSections) {
  // type section of 4 bytes, then a custom section of 2 bytes.
  Bytes m = {0, 'a', 's', 'm', 1, 0, 0, 0, 1, 4, 1, 0x60, 0, 0, 0, 2, 1, 'x'};
  std::vector<SectionSpan> sections;
  ASSERT_TRUE(SplitSections(m, &sections));
  ASSERT_EQ(sections.size(), 2u);
  EXPECT_EQ(sections[0].id, 1);
  EXPECT_EQ(sections[0].payload, 10u);
  EXPECT_EQ(sections[0].end, 14u);
  EXPECT_EQ(sections[1].id, 0);
  EXPECT_EQ(sections[1].end, m.size());
  m[9] = 40;  // section size past the end
  EXPECT_FALSE(SplitSections(m, &sections));
}

TEST(MutatorTest, DeterministicBoundedAndEffective) {
  std::vector<Bytes> pool;
  for (const Seed& seed : SeedModules()) pool.push_back(seed.bytes);
  Mutator a(42), b(42);
  size_t changed = 0;
  for (int i = 0; i < 2000; ++i) {
    const Bytes& base = pool[i % pool.size()];
    Bytes x = a.Mutate(base, pool, 4096);
    Bytes y = b.Mutate(base, pool, 4096);
    ASSERT_EQ(x, y) << "same seed, different mutation at " << i;
    ASSERT_LE(x.size(), 4096u);
    EXPECT_FALSE(a.last_description().empty());
    if (x != base) ++changed;
  }
  EXPECT_GT(changed, 1900u);  // a few mutations may undo themselves
}

TEST(FuzzTargetTest, RejectsGarbageCleanly) {
  const uint8_t garbage[] = {0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00, 0x01, 0xFF};
  for (size_t n = 0; n <= sizeof(garbage); ++n) {
    CheckResult r = CheckModuleBytes(garbage, n);
    EXPECT_EQ(r.valid, n == 8) << n;
  }
}

}  // namespace
}  // namespace wasmtier::fuzz
