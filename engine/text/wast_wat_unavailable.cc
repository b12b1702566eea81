// Stand-in for WatToBinary while the WAT module parser is being written: every
// text module is reported unsupported, so scripts still parse and binary
// modules still run. Removed when engine/text's wat target lands.
#include "absl/status/status.h"
#include "engine/text/wat.h"

namespace wasmtier::text {

absl::StatusOr<std::vector<uint8_t>> WatToBinary(std::string_view source) {
  return absl::UnimplementedError("unsupported: text parser not available");
}

}  // namespace wasmtier::text
