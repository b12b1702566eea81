// Which WebAssembly proposals the engine accepts. A module using a disabled
// feature is rejected with "unsupported: <feature>" (never silently accepted).
#ifndef WASMTIER_ENGINE_FEATURES_H_
#define WASMTIER_ENGINE_FEATURES_H_

namespace wasmtier {

struct Features {
  // WebAssembly 2.0 (always on in practice; switchable for tests).
  bool sign_extension = true;
  bool saturating_float_to_int = true;
  bool multi_value = true;
  bool bulk_memory = true;
  bool reference_types = true;
  bool simd = true;
  bool relaxed_simd = true;
  // WebAssembly 3.0 features in scope of the validator.
  bool tail_call = true;
  bool extended_const = true;
  bool multi_memory = true;
  bool memory64 = true;
  bool function_references = true;
  // Later: decoded types are representable, instructions not yet validated.
  bool gc = false;
  bool exceptions = false;
  bool threads = false;
  bool custom_page_sizes = false;
  bool wide_arithmetic = false;

  static Features All() {
    Features f;
    f.gc = f.exceptions = f.threads = f.custom_page_sizes = f.wide_arithmetic = true;
    return f;
  }
};

}  // namespace wasmtier

#endif  // WASMTIER_ENGINE_FEATURES_H_
