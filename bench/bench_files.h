// Reading benchmark inputs: files named on the command line and the bundled
// wasi-libc module (a data dependency found in the runfiles tree under
// `bazel run`, or next to the binary when it is run directly).
#ifndef WASMTIER_BENCH_BENCH_FILES_H_
#define WASMTIER_BENCH_BENCH_FILES_H_

#include <cstdint>
#include <string>
#include <vector>

namespace wasmtier::bench {

// Reads {path} whole into {out}; false if it cannot be read.
bool ReadFile(const std::string& path, std::vector<uint8_t>* out);
// Reads bench/wasi_libc.wasm; {argv0} is the benchmark's argv[0].
bool FindWasiLibc(const char* argv0, std::vector<uint8_t>* out);

}  // namespace wasmtier::bench

#endif  // WASMTIER_BENCH_BENCH_FILES_H_
