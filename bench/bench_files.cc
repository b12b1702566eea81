// Benchmark input files (bench_files.h).
#include "bench/bench_files.h"

#include <cstdlib>
#include <fstream>
#include <iterator>

namespace wasmtier::bench {

bool ReadFile(const std::string& path, std::vector<uint8_t>* out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  out->assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  return true;
}

bool FindWasiLibc(const char* argv0, std::vector<uint8_t>* out) {
  std::vector<std::string> candidates = {"bench/wasi_libc.wasm"};
  if (const char* dir = std::getenv("RUNFILES_DIR")) {
    candidates.push_back(std::string(dir) + "/wasmtier/bench/wasi_libc.wasm");
  }
  candidates.push_back(std::string(argv0) + ".runfiles/wasmtier/bench/wasi_libc.wasm");
  for (const std::string& path : candidates) {
    if (ReadFile(path, out)) return true;
  }
  return false;
}

}  // namespace wasmtier::bench
