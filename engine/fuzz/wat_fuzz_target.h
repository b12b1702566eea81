// Fuzzing oracle for the text format: parsing arbitrary text must end in a
// module or an error message, never a crash or hang; a module it produces
// then goes through the binary oracle (fuzz_target.h).
#ifndef WASMTIER_ENGINE_FUZZ_WAT_FUZZ_TARGET_H_
#define WASMTIER_ENGINE_FUZZ_WAT_FUZZ_TARGET_H_

#include <cstddef>
#include <cstdint>

#include "engine/fuzz/fuzz_target.h"

namespace wasmtier::fuzz {

// {valid}: the text parsed and its encoding is a valid module.
CheckResult CheckWatText(const uint8_t* data, size_t size);

}  // namespace wasmtier::fuzz

#endif  // WASMTIER_ENGINE_FUZZ_WAT_FUZZ_TARGET_H_
