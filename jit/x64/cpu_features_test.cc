// Tests of CPU feature detection: x86-64's baseline, the implications between
// extensions, and agreement with the kernel's view in /proc/cpuinfo.
#include "jit/x64/cpu_features.h"

#include <fstream>
#include <set>
#include <sstream>
#include <string>

#include "gtest/gtest.h"

namespace wasmtier::jit::x64 {
namespace {

TEST(CpuFeaturesTest, BaselineAndIdentity) {
  const CpuFeatures& cpu = HostCpuFeatures();
  EXPECT_TRUE(cpu.sse2) << "SSE2 is part of every x86-64 CPU";
  EXPECT_EQ(cpu.vendor.size(), 12u);
  EXPECT_GT(cpu.family, 0);
  EXPECT_EQ(cpu.brand.find_first_of('\0'), std::string::npos);
  if (!cpu.brand.empty()) {
    EXPECT_NE(cpu.brand.front(), ' ');
    EXPECT_NE(cpu.brand.back(), ' ');
  }
  EXPECT_EQ(&cpu, &HostCpuFeatures()) << "detected once";
}

TEST(CpuFeaturesTest, ImplicationsHold) {
  const CpuFeatures& cpu = HostCpuFeatures();
  if (cpu.sse42) EXPECT_TRUE(cpu.sse41);
  if (cpu.sse41) EXPECT_TRUE(cpu.ssse3);
  if (cpu.ssse3) EXPECT_TRUE(cpu.sse3);
  if (cpu.avx2) EXPECT_TRUE(cpu.avx);
  if (cpu.fma) EXPECT_TRUE(cpu.avx);
  if (cpu.avx512bw || cpu.avx512dq || cpu.avx512vl) EXPECT_TRUE(cpu.avx512f);
}

TEST(CpuFeaturesTest, FeatureListFollowsTheTable) {
  CpuFeatures none;
  EXPECT_EQ(none.FeatureList(), "");
  CpuFeatures some;
  some.sse2 = some.popcnt = some.avx2 = true;
  EXPECT_EQ(some.FeatureList(), "sse2 popcnt avx2");
  std::set<std::string> names;
  for (const CpuFeatureName& row : CpuFeatureNames()) {
    EXPECT_TRUE(names.insert(row.name).second) << "duplicate " << row.name;
  }
  EXPECT_GE(names.size(), 18u);
}

// The kernel's "flags" line for the first CPU, or "" off Linux.
std::set<std::string> KernelFlags() {
  std::ifstream in("/proc/cpuinfo");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("flags", 0) != 0) continue;
    std::istringstream words(line.substr(line.find(':') + 1));
    std::set<std::string> flags;
    for (std::string w; words >> w;) flags.insert(w);
    return flags;
  }
  return {};
}

TEST(CpuFeaturesTest, AgreesWithTheKernel) {
  const std::set<std::string> flags = KernelFlags();
  if (flags.empty()) GTEST_SKIP() << "no /proc/cpuinfo flags";
  // The kernel's spelling of each extension (lzcnt is "abm" on Linux).
  const struct {
    const char* kernel;
    bool CpuFeatures::*member;
  } kRows[] = {
      {"sse2", &CpuFeatures::sse2},       {"pni", &CpuFeatures::sse3},
      {"ssse3", &CpuFeatures::ssse3},     {"sse4_1", &CpuFeatures::sse41},
      {"sse4_2", &CpuFeatures::sse42},    {"popcnt", &CpuFeatures::popcnt},
      {"abm", &CpuFeatures::lzcnt},       {"bmi1", &CpuFeatures::bmi1},
      {"bmi2", &CpuFeatures::bmi2},       {"movbe", &CpuFeatures::movbe},
      {"fma", &CpuFeatures::fma},         {"avx", &CpuFeatures::avx},
      {"avx2", &CpuFeatures::avx2},       {"avx512f", &CpuFeatures::avx512f},
      {"avx512bw", &CpuFeatures::avx512bw},
  };
  const CpuFeatures& cpu = HostCpuFeatures();
  for (const auto& row : kRows) {
    EXPECT_EQ(cpu.*(row.member), flags.count(row.kernel) == 1) << row.kernel;
  }
}

}  // namespace
}  // namespace wasmtier::jit::x64
