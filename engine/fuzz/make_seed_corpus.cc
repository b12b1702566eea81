// Writes the fuzzers' seed modules (seed_corpus.h) into a directory, one
// NAME.wasm each, as the starting corpus for libFuzzer:
//   bazel run //engine/fuzz:make_seed_corpus -- /tmp/wasm-corpus
#include <sys/stat.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>

#include "engine/fuzz/seed_corpus.h"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: make_seed_corpus DIRECTORY\n");
    return 2;
  }
  std::string dir = argv[1];
  if (mkdir(dir.c_str(), 0755) != 0 && errno != EEXIST) {
    std::fprintf(stderr, "make_seed_corpus: cannot create %s: %s\n", dir.c_str(),
                 std::strerror(errno));
    return 1;
  }
  int written = 0;
  for (const wasmtier::fuzz::Seed& seed : wasmtier::fuzz::SeedModules()) {
    std::string path = dir + "/" + seed.name + ".wasm";
    FILE* f = std::fopen(path.c_str(), "wb");
    if (f == nullptr ||
        std::fwrite(seed.bytes.data(), 1, seed.bytes.size(), f) != seed.bytes.size() ||
        std::fclose(f) != 0) {
      std::fprintf(stderr, "make_seed_corpus: cannot write %s\n", path.c_str());
      return 1;
    }
    ++written;
  }
  std::fprintf(stderr, "make_seed_corpus: wrote %d modules to %s\n", written, dir.c_str());
  return 0;
}
