// The version `wasmtier --version` prints. Bumped by hand at releases.
#ifndef WASMTIER_TOOLS_VERSION_H_
#define WASMTIER_TOOLS_VERSION_H_

namespace wasmtier::cli {

inline constexpr char kVersion[] = "0.1.0";

}  // namespace wasmtier::cli

#endif  // WASMTIER_TOOLS_VERSION_H_
