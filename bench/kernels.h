// CPU-bound kernels (WAT text) shared by the interpreter micro-benchmarks
// (bench/interp_bench.cc), their correctness test and the Node.js side
// (bench/node/kernels.js reads the binaries and a manifest written by
// `interp_bench --emit-wasm=DIR`), so every runtime runs the same bytes.
//
// Every kernel module exports `run: (i32 n) -> i32`, returning a checksum that
// Reference() computes in C++; one call does Units(n) units of work.
#ifndef WASMTIER_BENCH_KERNELS_H_
#define WASMTIER_BENCH_KERNELS_H_

#include <cstdint>
#include <span>
#include <string_view>

namespace wasmtier::bench {

struct Kernel {
  std::string_view name;  // "fib", "loops", ...
  std::string_view wat;
  std::string_view unit;  // what one unit of work is: "call", "inner_iter", ...
  int32_t bench_n;        // argument of `run` in the benchmarks
  // Units of work done by run(n).
  int64_t (*units)(int32_t n);
  // The checksum run(n) returns.
  int32_t (*reference)(int32_t n);
};

// All kernels, in report order.
std::span<const Kernel> Kernels();

// The module of the call benchmarks. Imports "env" "host": (i32) -> i32.
// Exports inc: (i32) -> i32 (returns x + 1), call_wasm / call_host /
// loop_only: (i32 n) -> i32 (n calls of a wasm / the host function, or the
// same loop with the callee inlined: its cost is the loop's share per call).
extern const std::string_view kCallsWat;

// A small module as a toolchain emits for a tiny program: a few functions,
// one memory with a data segment, a table with an element segment, a mutable
// global. Exports `tiny: () -> i32` (returns 42 + the first data byte, 'h').
extern const std::string_view kSmallWat;
inline constexpr int32_t kSmallTinyResult = 42 + 'h';

}  // namespace wasmtier::bench

#endif  // WASMTIER_BENCH_KERNELS_H_
