// Expected-failure manifests (spec-tests/expected-failures/TIER.txt): which
// commands are known to fail in a tier mode, each with a reason. The lists may
// only shrink: a run fails on a failure that is not listed and on a listed
// entry that no longer fails (it must then be removed).
//
// Format, one entry per line, '#' starts a comment:
//   FILE.wast:LINE  reason    the command starting at LINE fails
//   FILE.wast  reason         the file has failures (any number, at least one)
// FILE is the path relative to the testsuite root ("proposals/threads/atomic.wast").
#ifndef WASMTIER_SPEC_TESTS_MANIFEST_H_
#define WASMTIER_SPEC_TESTS_MANIFEST_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "spec-tests/runner.h"

namespace wasmtier::spec {

struct ManifestEntry {
  std::string file;
  uint32_t line = 0;  // 0: the whole file
  std::string reason;
  uint32_t manifest_line = 0;
};

struct Manifest {
  std::vector<ManifestEntry> entries;
};

// Errors name the manifest line: a missing reason, a bad line number, a
// duplicate entry, or a line entry for a file that also has a whole-file entry.
absl::StatusOr<Manifest> ParseManifest(std::string_view text);

struct ManifestCheck {
  int expected_failures = 0;                     // failed commands the manifest lists
  std::vector<std::string> unexpected_failures;  // "file:line: kind: detail"
  std::vector<std::string> unexpected_passes;    // "file[:line]: reason (why)"
  bool ok() const { return unexpected_failures.empty() && unexpected_passes.empty(); }
};

// Compares a run with the manifest. Entries for files that did not run are
// ignored unless {complete_run} (the whole testsuite ran): then they are stale
// and reported as unexpected passes.
ManifestCheck CheckManifest(const Manifest& manifest, const std::vector<FileResult>& files,
                            bool complete_run);

}  // namespace wasmtier::spec

#endif  // WASMTIER_SPEC_TESTS_MANIFEST_H_
