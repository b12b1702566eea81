// interp_disasm: prints the interpreter's register code for functions of a
// wasm module (a measuring aid: instruction counts per loop iteration).
// Usage: interp_disasm FILE.wasm [NAME_SUBSTRING...] (no names: every function).
#include <cstdio>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "engine/include/wasmtier/config.h"
#include "engine/validator.h"
#include "interp/code.h"
#include "interp/interp.h"

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s FILE.wasm [NAME...]\n", argv[0]);
    return 2;
  }
  std::ifstream in(argv[1], std::ios::binary);
  std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  wasmtier::Config config;
  auto module = wasmtier::DecodeAndValidate(bytes.data(), bytes.size(), config.features);
  if (!module.ok()) {
    std::fprintf(stderr, "%s\n", std::string(module.status().message()).c_str());
    return 1;
  }
  const wasmtier::WasmModule& m = **module;
  for (uint32_t f = m.num_imported_functions; f < m.functions.size(); ++f) {
    auto it = m.names.function_names.find(f);
    const std::string name = it != m.names.function_names.end() ? it->second : std::to_string(f);
    bool wanted = argc == 2;
    for (int i = 2; i < argc; ++i) wanted |= name.find(argv[i]) != std::string::npos;
    if (!wanted) continue;
    auto code = wasmtier::interp::Translate(m, f, config);
    if (!code.ok()) {
      std::printf("== %u %s: %s\n", f, name.c_str(), std::string(code.status().message()).c_str());
      continue;
    }
    std::printf("== %u %s (%zu words)\n%s", f, name.c_str(), (*code)->words.size(),
                wasmtier::interp::Disassemble(**code).c_str());
  }
  return 0;
}
