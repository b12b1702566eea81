// libFuzzer entry point for the module decoder and validator. Built with
// libFuzzer by --config=fuzz (see BUILD); without it, standalone_main.cc
// makes the same binary replay inputs given as files.
#include <cstddef>
#include <cstdint>

#include "engine/fuzz/fuzz_target.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  wasmtier::fuzz::CheckModuleBytes(data, size);
  return 0;
}
