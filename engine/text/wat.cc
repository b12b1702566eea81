// WatToBinary: the public entry of the WAT parser (engine/text/wat.h).
#include "engine/text/wat.h"

#include "engine/text/wat_parser.h"

namespace wasmtier::text {

absl::StatusOr<std::vector<uint8_t>> WatToBinary(std::string_view source) {
  internal::WatParser parser(source);
  std::vector<uint8_t> bytes;
  if (!parser.Parse(&bytes)) return absl::InvalidArgumentError(parser.error());
  return bytes;
}

}  // namespace wasmtier::text
