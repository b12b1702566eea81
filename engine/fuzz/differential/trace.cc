// Parsing binaryen's --fuzz-exec output and printing Wasmtier's values the
// way binaryen prints them (trace.h). The output format is binaryen's
// (src/tools/execution-results.h; checked against version 108):
//   [fuzz-exec] calling NAME
//   [LoggingExternalInterface logging V1 V2]   (an i64 argument prints as low, high i32)
//   [fuzz-exec] note result: NAME => V         (several results: "(V1, V2)")
//   [trap MESSAGE]                             (also "stack limit", and a refusal to call)
#include "engine/fuzz/differential/trace.h"

#include <cinttypes>
#include <cmath>
#include <cstdio>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace wasmtier::difffuzz {
namespace {

constexpr std::string_view kCalling = "[fuzz-exec] calling ";
constexpr std::string_view kResult = "[fuzz-exec] note result: ";
constexpr std::string_view kLogging = "[LoggingExternalInterface logging";
constexpr std::string_view kTrap = "[trap ";
constexpr std::string_view kHostLimit = "[host limit ";
// binaryen's interpreter stops a deep recursion at a depth of its own
// choosing; Wasmtier's limit is in bytes. Neither is the spec's.
constexpr std::string_view kStackLimit = "stack limit";
constexpr std::string_view kNotDefaultable = "fuzzer can only send defaultable parameters";

// absl::string_view is not std::string_view in Debian's abseil build, so
// the splitting is done here.
std::vector<std::string> Split(std::string_view text, std::string_view separator) {
  std::vector<std::string> parts;
  size_t start = 0;
  while (true) {
    size_t at = text.find(separator, start);
    if (at == std::string_view::npos) {
      parts.emplace_back(text.substr(start));
      return parts;
    }
    parts.emplace_back(text.substr(start, at - start));
    start = at + separator.size();
  }
}

}  // namespace

absl::StatusOr<std::vector<BinaryenSegment>> ParseBinaryenOutput(std::string_view text) {
  std::vector<BinaryenSegment> segments(1);  // instantiation
  for (const std::string& full_line : Split(text, "\n")) {
    std::string_view line = full_line;
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.remove_suffix(1);
    if (line.empty()) continue;
    BinaryenSegment* current = &segments.back();
    if (line.starts_with(kCalling)) {
      BinaryenSegment next;
      next.name = std::string(line.substr(kCalling.size()));
      segments.push_back(std::move(next));
      current = &segments.back();
    } else if (line.starts_with(kResult)) {
      std::string_view rest = line.substr(kResult.size());
      std::string prefix = absl::StrCat(current->name, " => ");
      if (!rest.starts_with(prefix)) {
        return absl::InvalidArgumentError(absl::StrCat("result line for another export: ", std::string(line)));
      }
      current->has_result_line = true;
      current->result_text = std::string(rest.substr(prefix.size()));
    } else if (line.starts_with(kLogging) && line.ends_with("]")) {
      std::string_view body = line.substr(kLogging.size(), line.size() - kLogging.size() - 1);
      std::vector<std::string> tokens;
      for (std::string& token : Split(body, " ")) {
        if (!token.empty()) tokens.push_back(std::move(token));
      }
      current->logs.push_back(std::move(tokens));
    } else if (line.starts_with(kTrap) && line.ends_with("]")) {
      current->trap = std::string(line.substr(kTrap.size(), line.size() - kTrap.size() - 1));
      if (current->trap == kStackLimit) {
        current->outcome = Outcome::kStackExhausted;
      } else if (current->trap.starts_with(kNotDefaultable)) {
        current->outcome = Outcome::kNotCalled;
      } else {
        current->outcome = Outcome::kTrapped;
      }
    } else if (line.starts_with(kHostLimit)) {
      current->outcome = Outcome::kHostLimit;
      current->trap = std::string(line);
    } else {
      return absl::InvalidArgumentError(absl::StrCat("unknown binaryen output line: ", std::string(line)));
    }
    current->lines.push_back(std::string(line));
  }
  return segments;
}

std::vector<std::string> SplitResultText(std::string_view text, size_t expected_count) {
  if (expected_count <= 1) return {std::string(text)};
  if (!text.starts_with("(") || !text.ends_with(")")) return {std::string(text)};
  return Split(text.substr(1, text.size() - 2), ", ");
}

std::string FormatValue(const Val& value) {
  ValType type = value.type();
  if (type.is_ref()) return value.is_null() ? "ref(null)" : "ref(non-null)";
  char buffer[64];
  switch (type.kind()) {
    case ValueKind::kI32:
      std::snprintf(buffer, sizeof(buffer), "%" PRId32, value.i32());
      return buffer;
    case ValueKind::kI64:
      std::snprintf(buffer, sizeof(buffer), "%" PRId64, value.i64());
      return buffer;
    case ValueKind::kF32:
    case ValueKind::kF64: {
      double d = type.kind() == ValueKind::kF32 ? static_cast<double>(value.f32()) : value.f64();
      if (std::isnan(d)) return std::signbit(d) ? "-nan" : "nan";
      if (std::isinf(d)) return d < 0 ? "-inf" : "inf";
      std::snprintf(buffer, sizeof(buffer), "%.17g", d);
      return buffer;
    }
    default:
      return value.ToString();
  }
}

std::string FormatSegment(const WasmtierSegment& segment) {
  std::string out;
  for (const std::vector<Val>& log : segment.logs) {
    absl::StrAppend(&out, "  log:");
    for (const Val& v : log) absl::StrAppend(&out, " ", FormatValue(v));
    absl::StrAppend(&out, "\n");
  }
  switch (segment.outcome) {
    case Outcome::kReturned: {
      std::vector<std::string> texts;
      for (const Val& v : segment.results) texts.push_back(FormatValue(v));
      absl::StrAppend(&out, "  returned (", absl::StrJoin(texts, ", "), ")\n");
      break;
    }
    case Outcome::kTrapped: absl::StrAppend(&out, "  trap: ", segment.trap, "\n"); break;
    case Outcome::kNotCalled: absl::StrAppend(&out, "  not called (non-defaultable params)\n"); break;
    case Outcome::kStackExhausted: absl::StrAppend(&out, "  call stack exhausted\n"); break;
    case Outcome::kHostLimit: absl::StrAppend(&out, "  host limit\n"); break;
    case Outcome::kTimeout: absl::StrAppend(&out, "  timeout (watchdog)\n"); break;
  }
  return out;
}

}  // namespace wasmtier::difffuzz
