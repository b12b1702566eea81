// libFuzzer entry point for the text-format parser (WatToBinary), whose
// output then goes through the decoder oracle. Built like decode_fuzzer: with
// libFuzzer under --config=fuzz, as a replayer of input files otherwise.
#include <cstddef>
#include <cstdint>

#include "engine/fuzz/wat_fuzz_target.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  wasmtier::fuzz::CheckWatText(data, size);
  return 0;
}
