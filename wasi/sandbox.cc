// Resolution of guest paths beneath a directory descriptor (sandbox.h).
// Placeholder while the resolvers are written: every resolution fails with
// ENOSYS, so nothing is ever opened outside the sandbox.
#include "wasi/sandbox.h"

namespace wasmtier::wasi {

void SetResolveModeForTesting(ResolveMode) {}

OpenResult OpenBeneath(int, std::string_view, int, mode_t, bool) {
  return OpenResult{UniqueFd(), Errno::kNosys};
}

ParentResult ResolveParent(int, std::string_view) {
  ParentResult result;
  result.error = Errno::kNosys;
  return result;
}

}  // namespace wasmtier::wasi
