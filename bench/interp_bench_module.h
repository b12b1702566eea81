// The parts of the interpreter benchmarks that need the decoded WasmModule
// (engine/module.h): BM_Translate and the "first" export splice. Kept apart
// from files that include the public API header, because engine/module.h and
// engine/include/wasmtier/wasmtier.h both define wasmtier::Table, Memory and
// Global today; this header includes neither.
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
