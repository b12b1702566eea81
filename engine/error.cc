// Error construction: the message text stays exactly the spec's wording; the
// offset travels as a status payload and as a suffix for humans.
#include "engine/error.h"

#include <cstdint>
#include <cstdlib>

#include "absl/strings/cord.h"
#include "absl/strings/str_format.h"

namespace wasmtier {
namespace {

constexpr char kOffsetPayload[] = "wasmtier/offset";

absl::Status Make(absl::StatusCode code, size_t offset, std::string_view prefix,
                  std::string_view message) {
  absl::Status s(code, absl::StrFormat("%s%s (at offset 0x%x)", prefix, message, offset));
  s.SetPayload(kOffsetPayload, absl::Cord(absl::StrFormat("%d", offset)));
  return s;
}

}  // namespace

absl::Status MalformedError(size_t offset, std::string_view message) {
  return Make(absl::StatusCode::kInvalidArgument, offset, "", message);
}

absl::Status InvalidError(size_t offset, std::string_view message) {
  return Make(absl::StatusCode::kFailedPrecondition, offset, "", message);
}

absl::Status UnsupportedError(size_t offset, std::string_view message) {
  return Make(absl::StatusCode::kUnimplemented, offset, "unsupported: ", message);
}

size_t ErrorOffset(const absl::Status& s) {
  auto payload = s.GetPayload(kOffsetPayload);
  if (!payload) return SIZE_MAX;
  std::string text(*payload);
  return static_cast<size_t>(std::strtoull(text.c_str(), nullptr, 10));
}

}  // namespace wasmtier
