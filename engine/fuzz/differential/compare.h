// Decides whether binaryen's and Wasmtier's runs of one module agree
// (README.md "What is compared"): same exports called in the same order, the
// same logged values, the same results, a trap where the other traps (the
// messages differ between engines and are not compared). NaNs compare as
// "a NaN" (payload and sign not compared), references as null/non-null.
#ifndef WASMTIER_ENGINE_FUZZ_DIFFERENTIAL_COMPARE_H_
#define WASMTIER_ENGINE_FUZZ_DIFFERENTIAL_COMPARE_H_

#include <string>
#include <string_view>
#include <vector>

#include "engine/fuzz/differential/trace.h"

namespace wasmtier::difffuzz {

enum class Verdict {
  kMatch,
  kMismatch,
  // The comparison stopped early for a reason that is not a disagreement
  // about the spec; everything up to that export matched.
  kStackLimit,        // binaryen hit its interpreter's stack limit (depth ~250; Wasmtier's is larger)
  kHostLimit,         // binaryen hit another resource limit of its own
  kWasmtierStack,     // Wasmtier ran out of stack where binaryen did not: reported for triage
  kTimeout,           // Wasmtier's watchdog fired
};
const char* VerdictName(Verdict verdict);

struct Comparison {
  Verdict verdict = Verdict::kMatch;
  int segments_compared = 0;  // fully compared segments (instantiation counts as one)
  int traps_compared = 0;     // of those, segments where both engines trapped
  int logs_compared = 0;      // log calls compared in them
  std::string detail;         // for anything but kMatch: where and how
};

Comparison CompareRuns(const std::vector<BinaryenSegment>& binaryen,
                       const std::vector<WasmtierSegment>& wasmtier);

// One value: binaryen's printed {token} against Wasmtier's {value}.
// {single_result}: binaryen prints a lone reference result as its type only.
bool ValueMatches(std::string_view token, const Val& value, bool single_result);

}  // namespace wasmtier::difffuzz

#endif  // WASMTIER_ENGINE_FUZZ_DIFFERENTIAL_COMPARE_H_
