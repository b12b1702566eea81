// Reading module files for the CLI, with the checks a user should hear about
// in plain words: missing, unreadable, a directory, not a regular file, or
// larger than the engine accepts (checked before a byte is read).
#ifndef WASMTIER_TOOLS_FILE_READER_H_
#define WASMTIER_TOOLS_FILE_READER_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "engine/limits.h"

namespace wasmtier::cli {

// Reads all of {path}; "-" reads standard input. Regular files and pipes are
// accepted; files over {max_size} bytes are rejected from their size alone
// (a pipe is read up to {max_size} + 1 bytes). The status message is meant to
// follow "PATH: " (e.g. "cannot read: No such file or directory").
absl::StatusOr<std::vector<uint8_t>> ReadModuleFile(const std::string& path,
                                                    size_t max_size = limits::kMaxModuleSize);

}  // namespace wasmtier::cli

#endif  // WASMTIER_TOOLS_FILE_READER_H_
