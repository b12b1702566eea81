// CPU feature detection (see cpu_features.h). Xbyak::util::Cpu does the CPUID
// and XGETBV work; this file copies its answers into CpuFeatures and reads the
// vendor and brand strings through the same wrapper's raw CPUID call.
#include "jit/x64/cpu_features.h"

#include <cstring>

// Only the Cpu class: the assembler (and its exceptions) is not needed here.
#define XBYAK_ONLY_CLASS_CPU
#include "xbyak/xbyak_util.h"

namespace wasmtier::jit::x64 {
namespace {

using XCpu = Xbyak::util::Cpu;

constexpr CpuFeatureName kNames[] = {
    {"sse2", &CpuFeatures::sse2},         {"sse3", &CpuFeatures::sse3},
    {"ssse3", &CpuFeatures::ssse3},       {"sse4.1", &CpuFeatures::sse41},
    {"sse4.2", &CpuFeatures::sse42},      {"popcnt", &CpuFeatures::popcnt},
    {"lzcnt", &CpuFeatures::lzcnt},       {"bmi1", &CpuFeatures::bmi1},
    {"bmi2", &CpuFeatures::bmi2},         {"movbe", &CpuFeatures::movbe},
    {"f16c", &CpuFeatures::f16c},         {"fma", &CpuFeatures::fma},
    {"avx", &CpuFeatures::avx},           {"avx2", &CpuFeatures::avx2},
    {"avx512f", &CpuFeatures::avx512f},   {"avx512dq", &CpuFeatures::avx512dq},
    {"avx512bw", &CpuFeatures::avx512bw}, {"avx512vl", &CpuFeatures::avx512vl},
};

// The 12-byte vendor id: EBX, EDX, ECX of leaf 0, in that order.
std::string Vendor() {
  uint32_t regs[4] = {};
  XCpu::getCpuid(0, regs);
  char text[12];
  std::memcpy(text, &regs[1], 4);
  std::memcpy(text + 4, &regs[3], 4);
  std::memcpy(text + 8, &regs[2], 4);
  return std::string(text, sizeof(text));
}

// The 48-byte brand string of leaves 0x80000002..4 (NUL-padded, often with
// leading blanks), or "" on a CPU without those leaves.
std::string Brand() {
  uint32_t regs[4] = {};
  XCpu::getCpuid(0x80000000u, regs);
  if (regs[0] < 0x80000004u) return "";
  char text[48];
  for (uint32_t i = 0; i < 3; ++i) {
    XCpu::getCpuid(0x80000002u + i, regs);
    std::memcpy(text + 16 * i, regs, 16);
  }
  std::string brand(text, strnlen(text, sizeof(text)));
  const size_t first = brand.find_first_not_of(' ');
  if (first == std::string::npos) return "";
  const size_t last = brand.find_last_not_of(' ');
  return brand.substr(first, last - first + 1);
}

CpuFeatures Detect() {
  const XCpu cpu;
  CpuFeatures f;
  f.vendor = Vendor();
  f.brand = Brand();
  f.family = cpu.displayFamily;
  f.model = cpu.displayModel;
  f.stepping = cpu.stepping;
  f.sse2 = cpu.has(XCpu::tSSE2);
  f.sse3 = cpu.has(XCpu::tSSE3);
  f.ssse3 = cpu.has(XCpu::tSSSE3);
  f.sse41 = cpu.has(XCpu::tSSE41);
  f.sse42 = cpu.has(XCpu::tSSE42);
  f.popcnt = cpu.has(XCpu::tPOPCNT);
  f.lzcnt = cpu.has(XCpu::tLZCNT);
  f.bmi1 = cpu.has(XCpu::tBMI1);
  f.bmi2 = cpu.has(XCpu::tBMI2);
  f.movbe = cpu.has(XCpu::tMOVBE);
  f.f16c = cpu.has(XCpu::tF16C);
  f.fma = cpu.has(XCpu::tFMA);
  f.avx = cpu.has(XCpu::tAVX);
  f.avx2 = cpu.has(XCpu::tAVX2);
  f.avx512f = cpu.has(XCpu::tAVX512F);
  f.avx512dq = cpu.has(XCpu::tAVX512DQ);
  f.avx512bw = cpu.has(XCpu::tAVX512BW);
  f.avx512vl = cpu.has(XCpu::tAVX512VL);
  return f;
}

}  // namespace

std::span<const CpuFeatureName> CpuFeatureNames() { return kNames; }

std::string CpuFeatures::FeatureList() const {
  std::string out;
  for (const CpuFeatureName& row : kNames) {
    if (!(this->*(row.member))) continue;
    if (!out.empty()) out += ' ';
    out += row.name;
  }
  return out;
}

const CpuFeatures& HostCpuFeatures() {
  // CPUID is not free (and traps to the hypervisor in a VM): run it once.
  static const CpuFeatures features = Detect();
  return features;
}

}  // namespace wasmtier::jit::x64
