// The path-based WASI functions (path_*) and fd_readdir: PathFunctions().
// Placeholder table while the implementation is written (empty: the guest
// sees these imports as missing, which fails loudly at link time).
#include <span>

#include "wasi/functions.h"

namespace wasmtier::wasi {

std::span<const WasiFunction> PathFunctions() { return {}; }

}  // namespace wasmtier::wasi
