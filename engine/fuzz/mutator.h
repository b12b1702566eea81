// Structure-aware byte mutations of wasm modules for the plain (non-libFuzzer)
// mutation driver: bit flips, interesting bytes, inserts and deletes, LEB128
// rewrites, truncations, and section-level edits (drop, duplicate, swap,
// splice from another module, wrong section sizes and ids). Deterministic for
// a given seed, so a failure is reproduced by rerunning with that seed.
#ifndef WASMTIER_ENGINE_FUZZ_MUTATOR_H_
#define WASMTIER_ENGINE_FUZZ_MUTATOR_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace wasmtier::fuzz {

using Bytes = std::vector<uint8_t>;

// splitmix64: tiny, fast and identical on every platform.
class Rng {
 public:
  explicit Rng(uint64_t seed) : state_(seed) {}
  uint64_t Next() {
    uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  // Uniform in [0, n); n > 0.
  uint32_t Below(uint32_t n) { return static_cast<uint32_t>(Next() % n); }
  bool OneIn(uint32_t n) { return Below(n) == 0; }

 private:
  uint64_t state_;
};

// A top-level section of a module: [start, payload) is the id byte and the
// size LEB, [payload, end) the contents.
struct SectionSpan {
  size_t start = 0;
  size_t payload = 0;
  size_t end = 0;
  uint8_t id = 0;
};

// Splits {bytes} after the 8-byte preamble into sections; false when the
// framing itself is broken (sizes running past the end, bad LEBs).
bool SplitSections(const Bytes& bytes, std::vector<SectionSpan>* sections);

class Mutator {
 public:
  explicit Mutator(uint64_t seed) : rng_(seed) {}

  // Returns {input} changed by 1-4 stacked mutations; {others} (may be empty)
  // donate sections and tails for splicing. Never returns more than
  // {max_size} bytes.
  Bytes Mutate(const Bytes& input, const std::vector<Bytes>& others, size_t max_size);

  // The same for a module in the text format: token-level edits (delete,
  // duplicate, swap, replace with keywords and edge-case literals), whole
  // parenthesised groups dropped, duplicated or moved, and cross-over.
  Bytes MutateText(const Bytes& input, const std::vector<Bytes>& others, size_t max_size);

  // Names of the mutations applied by the last Mutate or MutateText call ("flip-bit,
  // leb-rewrite"), for logs.
  const std::string& last_description() const { return description_; }

  Rng& rng() { return rng_; }

 private:
  // Each returns false if it could not apply to {b} (then another is tried).
  bool FlipBit(Bytes& b);
  bool SetInterestingByte(Bytes& b);
  bool InsertBytes(Bytes& b);
  bool DeleteBytes(Bytes& b);
  bool DuplicateRange(Bytes& b);
  bool RewriteLeb(Bytes& b);
  bool Truncate(Bytes& b);
  bool DropSection(Bytes& b);
  bool DuplicateSection(Bytes& b);
  bool SwapSections(Bytes& b);
  bool SpliceSection(Bytes& b, const std::vector<Bytes>& others);
  bool BreakSectionSize(Bytes& b);
  bool ChangeSectionId(Bytes& b);
  bool CrossOver(Bytes& b, const std::vector<Bytes>& others);

  size_t Position(const Bytes& b);  // a random index, biased past the preamble
  uint8_t InterestingByte();

  Rng rng_;
  std::string description_;
};

// Unsigned LEB128 helpers (also used by tests).
void AppendLeb(Bytes& out, uint64_t value);
// Reads a LEB at {pos}; returns its length in bytes (0 if it is not one: runs
// off the end or past 10 bytes) and stores the value.
size_t ReadLeb(const Bytes& b, size_t pos, uint64_t* value);

}  // namespace wasmtier::fuzz

#endif  // WASMTIER_ENGINE_FUZZ_MUTATOR_H_
