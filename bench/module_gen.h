// Deterministic generator of large, valid, compiler-shaped wasm modules: the
// workload of the decode/validate benchmark, and an input source for decoder
// tests and fuzzing. Same options, same bytes, on every platform (own PRNG, no
// std distributions).
#ifndef WASMTIER_BENCH_MODULE_GEN_H_
#define WASMTIER_BENCH_MODULE_GEN_H_

#include <cstddef>
#include <cstdint>
#include <vector>

namespace wasmtier::bench {

struct ModuleGenOptions {
  uint64_t seed = 1;
  // Functions are planned until their bodies' target sizes add up to this
  // many bytes; bodies only overshoot their targets, so the code section ends
  // up at least this large.
  size_t min_code_bytes = size_t{6} << 20;
  // Upper bound of a body's target size; sizes are log-uniform between ~24
  // bytes and this, so most functions are small and a few are large, as in
  // compiled C/C++/Rust.
  uint32_t max_function_bytes = 8192;
  // Instructions of WebAssembly 2.0 beyond MVP that clang emits by default or
  // with common flags: sign extension, saturating truncation, and bulk memory
  // (memory.copy/fill/init, data.drop, passive data and a data count section).
  bool post_mvp_ops = true;
  // SIMD 128 and relaxed SIMD instructions, v128 locals, parameters and
  // results. Off for the benchmark (compilers emit SIMD only in vectorized
  // loops); on for validator tests and fuzzing.
  bool simd_ops = false;
  // A "name" custom section naming every function.
  bool name_section = true;
};

struct GeneratedModule {
  std::vector<uint8_t> bytes;
  uint32_t num_imported_functions = 0;
  uint32_t num_defined_functions = 0;
  size_t code_bytes = 0;  // instruction bytes of all bodies (without local declarations)
};

GeneratedModule GenerateModule(const ModuleGenOptions& options);

}  // namespace wasmtier::bench

#endif  // WASMTIER_BENCH_MODULE_GEN_H_
