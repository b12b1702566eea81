// Text-format fuzzing oracle (see wat_fuzz_target.h).
#include "engine/fuzz/wat_fuzz_target.h"

#include <cstdio>
#include <cstdlib>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "engine/text/wat.h"

namespace wasmtier::fuzz {

CheckResult CheckWatText(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  absl::StatusOr<std::vector<uint8_t>> binary = text::WatToBinary(text);
  if (!binary.ok()) {
    if (binary.status().message().empty()) {
      std::fprintf(stderr, "fuzz invariant violated: text error without a message\n");
      std::abort();
    }
    return CheckResult{};
  }
  return CheckModuleBytes(binary->data(), binary->size());
}

}  // namespace wasmtier::fuzz
