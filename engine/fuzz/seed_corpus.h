// Seed modules for the fuzzers: small hand-built modules that between them
// use every section and the common instruction families (2.0 and 3.0
// features included), plus a few generated compiler-shaped modules from
// bench/module_gen. Mutations start from these.
#ifndef WASMTIER_ENGINE_FUZZ_SEED_CORPUS_H_
#define WASMTIER_ENGINE_FUZZ_SEED_CORPUS_H_

#include <cstdint>
#include <string>
#include <vector>

namespace wasmtier::fuzz {

struct Seed {
  std::string name;  // file name stem for make_seed_corpus ("globals", "gen_3")
  std::vector<uint8_t> bytes;
  // Uses instructions the validator does not support yet (GC, exceptions,
  // threads): rejected as "unsupported" until it does, then valid.
  bool pending_support = false;
};

// Every seed is valid with Features::All(), or unsupported while it is
// pending_support (fuzz_test checks it).
std::vector<Seed> SeedModules();

}  // namespace wasmtier::fuzz

#endif  // WASMTIER_ENGINE_FUZZ_SEED_CORPUS_H_
