// Writes one generated module (bench/module_gen.h) to a file so that other
// tools (wasm-validate, wasm-opt, node) can cross-check the generator.
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "bench/module_gen.h"

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: gen_module OUT.wasm [seed] [min_code_bytes] [simd]\n");
    return 2;
  }
  wasmtier::bench::ModuleGenOptions options;
  if (argc > 2) options.seed = std::strtoull(argv[2], nullptr, 0);
  if (argc > 3) options.min_code_bytes = std::strtoull(argv[3], nullptr, 0);
  if (argc > 4) options.simd_ops = std::string_view(argv[4]) == "simd";
  wasmtier::bench::GeneratedModule module = wasmtier::bench::GenerateModule(options);
  std::FILE* f = std::fopen(argv[1], "wb");
  if (f == nullptr ||
      std::fwrite(module.bytes.data(), 1, module.bytes.size(), f) != module.bytes.size()) {
    std::perror(argv[1]);
    return 1;
  }
  std::fclose(f);
  std::printf("%zu bytes, %u functions (%u imported), %zu instruction bytes\n", module.bytes.size(),
              module.num_defined_functions + module.num_imported_functions,
              module.num_imported_functions, module.code_bytes);
  return 0;
}
