// The host CPU's identity and the x86-64 instruction-set extensions the JIT
// may use, detected once through Xbyak's CPUID wrapper (Xbyak::util::Cpu).
// Xbyak types stay in cpu_features.cc: callers outside jit/x64/ (the CLI's
// `settings`) see only this plain struct.
#ifndef WASMTIER_JIT_X64_CPU_FEATURES_H_
#define WASMTIER_JIT_X64_CPU_FEATURES_H_

#include <cstdint>
#include <span>
#include <string>

namespace wasmtier::jit::x64 {

struct CpuFeatures {
  std::string vendor;  // CPUID leaf 0: "GenuineIntel", "AuthenticAMD", ...
  std::string brand;   // CPUID leaves 0x80000002..4, trimmed; empty if absent
  int family = 0;      // display family and model (extended fields folded in)
  int model = 0;
  int stepping = 0;

  // Only what the OS has enabled: AVX* are off unless XSAVE state for the
  // YMM (and, for AVX-512, ZMM) registers is switched on (XGETBV).
  bool sse2 = false;
  bool sse3 = false;
  bool ssse3 = false;
  bool sse41 = false;
  bool sse42 = false;
  bool popcnt = false;
  bool lzcnt = false;
  bool bmi1 = false;  // includes TZCNT
  bool bmi2 = false;
  bool movbe = false;
  bool f16c = false;
  bool fma = false;
  bool avx = false;
  bool avx2 = false;
  bool avx512f = false;
  bool avx512dq = false;
  bool avx512bw = false;
  bool avx512vl = false;

  // "sse2 sse3 ... avx2": the names of the extensions present, in table order.
  std::string FeatureList() const;
};

// One row per extension: its conventional name and its member. Shared by
// FeatureList, the CLI and the tests so the three cannot disagree.
struct CpuFeatureName {
  const char* name;
  bool CpuFeatures::*member;
};
std::span<const CpuFeatureName> CpuFeatureNames();

// Runs CPUID on the first call; later calls return the same object.
const CpuFeatures& HostCpuFeatures();

}  // namespace wasmtier::jit::x64

#endif  // WASMTIER_JIT_X64_CPU_FEATURES_H_
