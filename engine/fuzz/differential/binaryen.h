// The oracle's side: binaryen's wasm-opt turns random bytes into a valid
// module (-ttf, "translate to fuzz") and runs its exports in binaryen's own
// interpreter (--fuzz-exec-before). Feature profiles keep the generated
// modules inside what Wasmtier's interpreter runs.
#ifndef WASMTIER_ENGINE_FUZZ_DIFFERENTIAL_BINARYEN_H_
#define WASMTIER_ENGINE_FUZZ_DIFFERENTIAL_BINARYEN_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace wasmtier::difffuzz {

enum class Profile {
  // MVP + sign-ext, saturating conversions, bulk memory, multi-value, tail
  // calls, mutable globals. Every module binaryen 108 makes is standard.
  kStandard,
  // kStandard + reference types. binaryen 108 predates the final proposal
  // (funcref <: anyref, typed refs): most modules it makes are invalid by the
  // spec; the driver skips those that wabt's wasm-validate also rejects.
  kReferenceTypes,
};
bool ParseProfile(const std::string& name, Profile* profile);
const char* ProfileName(Profile profile);

class Binaryen {
 public:
  Binaryen(std::string wasm_opt, Profile profile, std::string scratch_dir, int timeout_ms = 60000);

  // `wasm-opt IN -ttf <features> [--fuzz-passes] -o OUT`; --fuzz-passes lets
  // the input bytes also pick optimization passes to run on the module.
  absl::Status TranslateToFuzz(const std::string& in_path, const std::string& out_path,
                               bool fuzz_passes = false);
  // `wasm-opt IN <features> ARGS... -o OUT`, e.g. ARGS = {"-O3"}: optimized
  // code has other shapes (br_table, select, merged locals) than -ttf's.
  absl::Status Optimize(const std::string& in_path, const std::vector<std::string>& args,
                        const std::string& out_path);
  // Rewrites the constant that -ttf's "hangLimitInitializer" export stores
  // (10 in binaryen 108: every export runs at most ~10 loop iterations and
  // calls deep) to {limit}, through wasm-dis and wasm-as, so runs go deeper:
  // longer loops, recursion down to the engines' stack limits.
  absl::Status SetHangLimit(const std::string& in_path, uint32_t limit, const std::string& out_path);
  // `wasm-opt IN <features> --fuzz-exec-before`: its stdout.
  absl::StatusOr<std::string> FuzzExec(const std::string& wasm_path);
  // `wasm-opt IN <features> --denan -o OUT`: NaNs replaced by numbers at
  // every float-producing instruction, to tell spec-allowed NaN
  // nondeterminism from real bugs.
  absl::Status Denan(const std::string& in_path, const std::string& out_path);
  // wabt's `wasm-validate` with the profile's features: OK if it accepts.
  // Unavailable when wabt is not installed.
  absl::Status WabtValidate(const std::string& wasm_path);

  std::vector<std::string> FeatureFlags() const;

 private:
  absl::StatusOr<std::string> Run(std::vector<std::string> argv);
  std::string wasm_opt_;
  Profile profile_;
  std::string scratch_dir_;
  int timeout_ms_;
};

}  // namespace wasmtier::difffuzz

#endif  // WASMTIER_ENGINE_FUZZ_DIFFERENTIAL_BINARYEN_H_
