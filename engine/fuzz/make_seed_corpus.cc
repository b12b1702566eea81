// Writes the fuzzers' seed modules (seed_corpus.h) into a directory, one
// NAME.wasm each, as the starting corpus for libFuzzer; with --text, the text
// seeds (text_seeds.h) as NAME.wat for wat_fuzzer:
//   bazel run //engine/fuzz:make_seed_corpus -- /tmp/wasm-corpus
//   bazel run //engine/fuzz:make_seed_corpus -- --text /tmp/wat-corpus
#include <sys/stat.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>
#include <utility>
#include <vector>

#include "engine/fuzz/seed_corpus.h"
#include "engine/fuzz/text_seeds.h"

int main(int argc, char** argv) {
  bool text = argc == 3 && std::string(argv[1]) == "--text";
  if (argc != 2 && !text) {
    std::fprintf(stderr, "usage: make_seed_corpus [--text] DIRECTORY\n");
    return 2;
  }
  std::string dir = argv[argc - 1];
  if (mkdir(dir.c_str(), 0755) != 0 && errno != EEXIST) {
    std::fprintf(stderr, "make_seed_corpus: cannot create %s: %s\n", dir.c_str(),
                 std::strerror(errno));
    return 1;
  }
  std::vector<std::pair<std::string, std::vector<uint8_t>>> files;
  if (text) {
    for (const wasmtier::fuzz::TextSeed& seed : wasmtier::fuzz::TextSeedModules()) {
      files.push_back(
          {seed.name + ".wat", std::vector<uint8_t>(seed.text.begin(), seed.text.end())});
    }
  } else {
    for (wasmtier::fuzz::Seed& seed : wasmtier::fuzz::SeedModules()) {
      files.push_back({seed.name + ".wasm", std::move(seed.bytes)});
    }
  }
  int written = 0;
  for (const auto& [name, bytes] : files) {
    std::string path = dir + "/" + name;
    FILE* f = std::fopen(path.c_str(), "wb");
    if (f == nullptr || std::fwrite(bytes.data(), 1, bytes.size(), f) != bytes.size() ||
        std::fclose(f) != 0) {
      std::fprintf(stderr, "make_seed_corpus: cannot write %s\n", path.c_str());
      return 1;
    }
    ++written;
  }
  std::fprintf(stderr, "make_seed_corpus: wrote %d modules to %s\n", written, dir.c_str());
  return 0;
}
