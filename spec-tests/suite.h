// Finding the testsuite and its scripts. The default location is
// <repo root>/../shared/wasm-testsuite; under `bazel test`/`bazel run` the repo
// root is found by resolving the runfile symlink of a checked-in file.
#ifndef WASMTIER_SPEC_TESTS_SUITE_H_
#define WASMTIER_SPEC_TESTS_SUITE_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace wasmtier::spec {

// The testsuite directory: {flag} if not empty, else $WASM_TESTSUITE, else the
// default next to the repository. NotFound, with a message naming the places
// tried and the overrides, when the directory does not exist.
absl::StatusOr<std::string> LocateTestsuite(const std::string& flag);

// Every .wast file below {root}, recursively, as '/'-separated paths relative
// to {root}, sorted.
absl::StatusOr<std::vector<std::string>> ListWastFiles(const std::string& root);

}  // namespace wasmtier::spec

#endif  // WASMTIER_SPEC_TESTS_SUITE_H_
