// Seed modules in the text format for fuzzing the WAT parser: one module per
// family of syntax (folded and flat instructions, abbreviations, ids and
// labels, literals, memories and data strings, tables and elements, GC types,
// SIMD, annotations and comments).
#ifndef WASMTIER_ENGINE_FUZZ_TEXT_SEEDS_H_
#define WASMTIER_ENGINE_FUZZ_TEXT_SEEDS_H_

#include <string>
#include <vector>

namespace wasmtier::fuzz {

struct TextSeed {
  std::string name;
  std::string text;
};

// Every seed parses and encodes to a module that decodes with all features
// (fuzz_test checks it).
std::vector<TextSeed> TextSeedModules();

}  // namespace wasmtier::fuzz

#endif  // WASMTIER_ENGINE_FUZZ_TEXT_SEEDS_H_
