// The one check every fuzzer runs on an input (libFuzzer's entry point and
// the plain mutation driver alike): decode and validate it with all features,
// then assert what must hold whatever the bytes are. A broken invariant
// prints what broke and aborts, so the harness reports the input.
#ifndef WASMTIER_ENGINE_FUZZ_FUZZ_TARGET_H_
#define WASMTIER_ENGINE_FUZZ_FUZZ_TARGET_H_

#include <cstddef>
#include <cstdint>

namespace wasmtier::fuzz {

struct CheckResult {
  bool valid = false;        // accepted with Features::All()
  size_t error_offset = 0;   // where it was rejected, if it was
  bool unsupported = false;  // rejected for using what the engine does not support
};

// Invariants checked:
//  - no crash, hang or leak (the sanitizers and the harness watch for those);
//  - a rejection is malformed, invalid or unsupported, with a message and an
//    offset within the input;
//  - DecodeAndValidate agrees with DecodeModule + ValidateFunctions;
//  - an accepted module keeps the input bytes and all its ranges (bodies,
//    code, sections, segments, custom sections) lie inside them;
//  - enabling features never rejects a module the default features accept.
CheckResult CheckModuleBytes(const uint8_t* data, size_t size);

}  // namespace wasmtier::fuzz

#endif  // WASMTIER_ENGINE_FUZZ_FUZZ_TARGET_H_
