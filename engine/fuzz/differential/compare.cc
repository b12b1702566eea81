// Segment-by-segment comparison of the two runs (compare.h).
#include "engine/fuzz/differential/compare.h"

#include <cmath>
#include <cstdlib>
#include <cstring>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace wasmtier::difffuzz {
namespace {

// Binaryen prints floats with the shortest text that reads back to the same
// double (f32 values are widened first), "-0", "inf", "nan:0x...".
bool FloatMatches(std::string_view token, double value) {
  std::string text(token);
  bool token_nan = text.starts_with("nan") || text.starts_with("-nan");
  if (token_nan || std::isnan(value)) return token_nan && std::isnan(value);
  if (text == "inf") return std::isinf(value) && value > 0;
  if (text == "-inf") return std::isinf(value) && value < 0;
  char* end = nullptr;
  double parsed = std::strtod(text.c_str(), &end);
  if (end != text.c_str() + text.size()) return false;
  return std::memcmp(&parsed, &value, sizeof(double)) == 0;  // keeps -0 != 0
}

// binaryen logs an i64 argument as two i32s, low half first.
std::vector<Val> ExpandLogValues(const std::vector<Val>& values) {
  std::vector<Val> out;
  for (const Val& v : values) {
    if (v.type().kind() == ValueKind::kI64) {
      out.push_back(Val::I32(static_cast<int32_t>(static_cast<uint64_t>(v.i64()))));
      out.push_back(Val::I32(static_cast<int32_t>(static_cast<uint64_t>(v.i64()) >> 32)));
    } else {
      out.push_back(v);
    }
  }
  return out;
}

bool TokensMatch(const std::vector<std::string>& tokens, const std::vector<Val>& values,
                 bool single_result) {
  if (tokens.size() != values.size()) return false;
  for (size_t i = 0; i < tokens.size(); ++i) {
    if (!ValueMatches(tokens[i], values[i], single_result)) return false;
  }
  return true;
}

std::string Describe(const BinaryenSegment& b, const WasmtierSegment& w, std::string_view what) {
  std::string name = b.name.empty() ? "(instantiation)" : b.name;
  std::string out = absl::StrCat("export ", name, ": ", std::string(what), "\n  binaryen:\n");
  for (const std::string& line : b.lines) absl::StrAppend(&out, "    ", line, "\n");
  absl::StrAppend(&out, "  wasmtier:\n", FormatSegment(w));
  return out;
}

// Empty if the segments agree, else what differs.
std::string CompareSegment(const BinaryenSegment& b, const WasmtierSegment& w) {
  if (b.logs.size() != w.logs.size()) {
    return absl::StrCat(b.logs.size(), " logs in binaryen, ", w.logs.size(), " in wasmtier");
  }
  for (size_t i = 0; i < b.logs.size(); ++i) {
    if (!TokensMatch(b.logs[i], ExpandLogValues(w.logs[i]), false)) {
      return absl::StrCat("log #", i, " differs");
    }
  }
  if (w.outcome == Outcome::kTrapped && w.trap.starts_with("NOT A TRAP")) {
    return "wasmtier failed with an error that is not a trap";
  }
  if (b.outcome != w.outcome) return "one trapped, the other did not";
  if (b.outcome != Outcome::kReturned) return "";
  if (w.results.empty()) return b.has_result_line ? "binaryen printed a result, wasmtier has none" : "";
  if (!b.has_result_line) return "wasmtier returned values, binaryen printed none";
  bool single = w.results.size() == 1;
  if (!TokensMatch(SplitResultText(b.result_text, w.results.size()), w.results, single)) {
    return "results differ";
  }
  return "";
}

}  // namespace

const char* VerdictName(Verdict verdict) {
  switch (verdict) {
    case Verdict::kMatch: return "match";
    case Verdict::kMismatch: return "MISMATCH";
    case Verdict::kStackLimit: return "binaryen-stack-limit";
    case Verdict::kHostLimit: return "binaryen-host-limit";
    case Verdict::kWasmtierStack: return "wasmtier-stack-exhausted";
    case Verdict::kTimeout: return "wasmtier-timeout";
  }
  return "?";
}

bool ValueMatches(std::string_view token, const Val& value, bool single_result) {
  ValType type = value.type();
  if (type.is_ref()) {
    if (single_result) return true;  // binaryen prints only the type
    return token.ends_with("(null)") == value.is_null();
  }
  switch (type.kind()) {
    case ValueKind::kI32:
    case ValueKind::kI64: return token == FormatValue(value);
    case ValueKind::kF32: return FloatMatches(token, static_cast<double>(value.f32()));
    case ValueKind::kF64: return FloatMatches(token, value.f64());
    default: return false;  // v128 is not generated (SIMD is disabled)
  }
}

Comparison CompareRuns(const std::vector<BinaryenSegment>& binaryen,
                       const std::vector<WasmtierSegment>& wasmtier) {
  Comparison c;
  size_t n = std::max(binaryen.size(), wasmtier.size());
  for (size_t i = 0; i < n; ++i) {
    if (i >= binaryen.size() || i >= wasmtier.size()) {
      c.verdict = Verdict::kMismatch;
      c.detail = absl::StrCat("binaryen ran ", binaryen.size(), " segments, wasmtier ",
                              wasmtier.size(), " (instantiation counts as one)");
      return c;
    }
    const BinaryenSegment& b = binaryen[i];
    const WasmtierSegment& w = wasmtier[i];
    if (b.name != w.name) {
      c.verdict = Verdict::kMismatch;
      c.detail = absl::StrCat("segment ", i, ": binaryen called '", b.name, "', wasmtier '", w.name, "'");
      return c;
    }
    // Resource limits end the comparison: past them the two runs legitimately
    // diverge (logs of a deeper recursion, globals it wrote).
    Verdict stop = Verdict::kMatch;
    if (b.outcome == Outcome::kStackExhausted) stop = Verdict::kStackLimit;
    else if (b.outcome == Outcome::kHostLimit) stop = Verdict::kHostLimit;
    else if (w.outcome == Outcome::kTimeout) stop = Verdict::kTimeout;
    else if (w.outcome == Outcome::kStackExhausted) stop = Verdict::kWasmtierStack;
    if (stop != Verdict::kMatch) {
      c.verdict = stop;
      c.detail = Describe(b, w, VerdictName(stop));
      return c;
    }
    if (std::string diff = CompareSegment(b, w); !diff.empty()) {
      c.verdict = Verdict::kMismatch;
      c.detail = Describe(b, w, diff);
      return c;
    }
    ++c.segments_compared;
    c.logs_compared += static_cast<int>(w.logs.size());
    if (w.outcome == Outcome::kTrapped) ++c.traps_compared;
  }
  return c;
}

}  // namespace wasmtier::difffuzz
