// Decode and validation errors. The first error wins; it carries the byte offset
// in the module and a message in the spec's words, so the spec runner can match
// assert_malformed / assert_invalid texts.
#ifndef WASMTIER_ENGINE_ERROR_H_
#define WASMTIER_ENGINE_ERROR_H_

#include <cstddef>
#include <string>
#include <string_view>

#include "absl/status/status.h"

namespace wasmtier {

// Malformed: the bytes are not a well-formed binary (spec "decoding" failure).
// Reported as absl::StatusCode::kInvalidArgument.
absl::Status MalformedError(size_t offset, std::string_view message);

// Invalid: well-formed but rejected by validation.
// Reported as absl::StatusCode::kFailedPrecondition.
absl::Status InvalidError(size_t offset, std::string_view message);

// Unsupported: a feature this build knows but does not (yet) implement or
// that is disabled in the engine's Features. kUnimplemented; the message
// starts with "unsupported: ".
absl::Status UnsupportedError(size_t offset, std::string_view message);

inline bool IsMalformed(const absl::Status& s) { return s.code() == absl::StatusCode::kInvalidArgument; }
inline bool IsInvalid(const absl::Status& s) { return s.code() == absl::StatusCode::kFailedPrecondition; }
inline bool IsUnsupported(const absl::Status& s) { return s.code() == absl::StatusCode::kUnimplemented; }

// The byte offset recorded by the helpers above, or SIZE_MAX if none.
size_t ErrorOffset(const absl::Status& s);

}  // namespace wasmtier

#endif  // WASMTIER_ENGINE_ERROR_H_
