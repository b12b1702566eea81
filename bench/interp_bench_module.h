// The parts of the interpreter benchmarks that work below the public API, on
// the decoded WasmModule and the interpreter's own entry points: BM_Translate
// and the "first" export splice. This header exposes neither, so
// interp_bench.cc itself uses only the embedding API.
#ifndef WASMTIER_BENCH_INTERP_BENCH_MODULE_H_
#define WASMTIER_BENCH_INTERP_BENCH_MODULE_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace wasmtier::bench {

// Decodes and validates {bytes} and registers "BM_Translate/{name}":
// interp::Translate of every defined function, MB/s of function-body bytes.
// The decoded module lives until exit.
absl::Status RegisterTranslateBenchmark(const std::string& name, const std::vector<uint8_t>& bytes);

// {bytes} (a valid module with type, function, export and code sections)
// plus one function exported as "first": () -> i32, returning kFirstResult.
// It is appended to the function index space, so no other index moves.
inline constexpr int32_t kFirstResult = 7;
absl::StatusOr<std::vector<uint8_t>> AddFirstExport(const std::vector<uint8_t>& bytes);

}  // namespace wasmtier::bench

#endif  // WASMTIER_BENCH_INTERP_BENCH_MODULE_H_
