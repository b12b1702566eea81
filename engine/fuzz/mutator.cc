// Mutations of wasm modules (see mutator.h). Byte-level mutations find the
// decoder's bounds and LEB handling; section-level ones keep the framing
// intact so the input reaches the deeper checks (section order, counts that
// must agree, index bounds) instead of failing at the first size field.
#include "engine/fuzz/mutator.h"

#include <algorithm>
#include <iterator>

namespace wasmtier::fuzz {
namespace {

constexpr size_t kPreamble = 8;  // magic + version

// Bytes with a meaning somewhere in the format: end, block types, type
// constructors, LEB boundaries, section ids, reference and vector types.
constexpr uint8_t kInteresting[] = {0x00, 0x01, 0x02, 0x0B, 0x0C, 0x3F, 0x40, 0x41, 0x5F,
                                    0x60, 0x63, 0x64, 0x6E, 0x6F, 0x70, 0x7B, 0x7F, 0x80,
                                    0x81, 0xC0, 0xFB, 0xFC, 0xFD, 0xFE, 0xFF};

// LEB values just past limits and at the edges of the encodings.
constexpr uint64_t kInterestingValues[] = {
    0,       1,       2,       0x3F,     0x40,       0x7F,       0x80,       0xFF,
    0x3FFF,  0x4000,  0x10000, 0x10001,  0x7FFFFFFF, 0x80000000, 0xFFFFFFFF, 0x100000000ull,
    1000000, 1000001, 100000,  65536 * 2};

Bytes Slice(const Bytes& b, size_t from, size_t to) {
  return Bytes(b.begin() + from, b.begin() + to);
}

}  // namespace

void AppendLeb(Bytes& out, uint64_t value) {
  do {
    uint8_t byte = value & 0x7F;
    value >>= 7;
    out.push_back(byte | (value ? 0x80 : 0));
  } while (value);
}

size_t ReadLeb(const Bytes& b, size_t pos, uint64_t* value) {
  uint64_t result = 0;
  for (size_t i = 0; i < 10 && pos + i < b.size(); ++i) {
    uint8_t byte = b[pos + i];
    result |= static_cast<uint64_t>(byte & 0x7F) << (7 * i);
    if (!(byte & 0x80)) {
      *value = result;
      return i + 1;
    }
  }
  return 0;
}

bool SplitSections(const Bytes& bytes, std::vector<SectionSpan>* sections) {
  sections->clear();
  if (bytes.size() < kPreamble) return false;
  size_t pos = kPreamble;
  while (pos < bytes.size()) {
    SectionSpan s;
    s.start = pos;
    s.id = bytes[pos];
    uint64_t size = 0;
    size_t n = ReadLeb(bytes, pos + 1, &size);
    if (n == 0 || n > 5) return false;
    s.payload = pos + 1 + n;
    if (size > bytes.size() - s.payload) return false;
    s.end = s.payload + size;
    sections->push_back(s);
    pos = s.end;
  }
  return true;
}

size_t Mutator::Position(const Bytes& b) {
  // Mostly past the preamble: a broken magic number teaches nothing new.
  if (b.size() > kPreamble && !rng_.OneIn(32)) {
    return kPreamble + rng_.Below(static_cast<uint32_t>(b.size() - kPreamble));
  }
  return rng_.Below(static_cast<uint32_t>(b.size()));
}

uint8_t Mutator::InterestingByte() {
  if (rng_.OneIn(4)) return static_cast<uint8_t>(rng_.Next());
  return kInteresting[rng_.Below(std::size(kInteresting))];
}

bool Mutator::FlipBit(Bytes& b) {
  if (b.empty()) return false;
  b[Position(b)] ^= static_cast<uint8_t>(1u << rng_.Below(8));
  return true;
}

bool Mutator::SetInterestingByte(Bytes& b) {
  if (b.empty()) return false;
  b[Position(b)] = InterestingByte();
  return true;
}

bool Mutator::InsertBytes(Bytes& b) {
  size_t pos = b.empty() ? 0 : Position(b);
  size_t n = 1 + rng_.Below(8);
  Bytes chunk;
  for (size_t i = 0; i < n; ++i) chunk.push_back(InterestingByte());
  b.insert(b.begin() + pos, chunk.begin(), chunk.end());
  return true;
}

bool Mutator::DeleteBytes(Bytes& b) {
  if (b.size() < 2) return false;
  size_t pos = Position(b);
  size_t n = std::min<size_t>(1 + rng_.Below(rng_.OneIn(8) ? 64 : 4), b.size() - pos);
  b.erase(b.begin() + pos, b.begin() + pos + n);
  return true;
}

bool Mutator::DuplicateRange(Bytes& b) {
  if (b.size() < 2) return false;
  size_t from = Position(b);
  size_t n = std::min<size_t>(1 + rng_.Below(32), b.size() - from);
  Bytes chunk = Slice(b, from, from + n);
  size_t to = Position(b);
  b.insert(b.begin() + to, chunk.begin(), chunk.end());
  return true;
}

// Finds a LEB near a random position and re-encodes it with another value or
// another (overlong, overflowing, unterminated) encoding. Counts, sizes and
// indices are all LEBs, so this hits the most decisions per byte.
bool Mutator::RewriteLeb(Bytes& b) {
  if (b.size() <= kPreamble) return false;
  size_t pos = Position(b);
  uint64_t value = 0;
  size_t len = ReadLeb(b, pos, &value);
  if (len == 0) return false;
  Bytes encoding;
  switch (rng_.Below(6)) {
    case 0:
      value += 1;
      break;
    case 1:
      value = value ? value - 1 : 0;
      break;
    case 2:
      value = kInterestingValues[rng_.Below(std::size(kInterestingValues))];
      break;
    case 3:
      value = rng_.Next() >> rng_.Below(64);
      break;
    case 4: {  // overlong: same value, padded with continuation bytes
      AppendLeb(encoding, value);
      size_t pad = 1 + rng_.Below(6);
      encoding.back() |= 0x80;
      for (size_t i = 1; i < pad; ++i) encoding.push_back(0x80);
      encoding.push_back(0x00);
      break;
    }
    case 5: {  // unterminated: every byte has the continuation bit
      AppendLeb(encoding, value);
      for (uint8_t& byte : encoding) byte |= 0x80;
      break;
    }
  }
  if (encoding.empty()) AppendLeb(encoding, value);
  b.erase(b.begin() + pos, b.begin() + pos + len);
  b.insert(b.begin() + pos, encoding.begin(), encoding.end());
  return true;
}

bool Mutator::Truncate(Bytes& b) {
  if (b.size() <= 1) return false;
  std::vector<SectionSpan> sections;
  if (SplitSections(b, &sections) && !sections.empty() && rng_.OneIn(2)) {
    // At or near a section boundary: the cases an "unexpected end" check
    // misses most often.
    const SectionSpan& s = sections[rng_.Below(sections.size())];
    size_t cut = rng_.OneIn(2) ? s.payload : s.end;
    cut = std::min(b.size() - 1, cut + rng_.Below(3));
    b.resize(cut);
    return true;
  }
  b.resize(rng_.Below(static_cast<uint32_t>(b.size())));
  return true;
}

bool Mutator::DropSection(Bytes& b) {
  std::vector<SectionSpan> sections;
  if (!SplitSections(b, &sections) || sections.empty()) return false;
  const SectionSpan& s = sections[rng_.Below(sections.size())];
  b.erase(b.begin() + s.start, b.begin() + s.end);
  return true;
}

bool Mutator::DuplicateSection(Bytes& b) {
  std::vector<SectionSpan> sections;
  if (!SplitSections(b, &sections) || sections.empty()) return false;
  const SectionSpan& s = sections[rng_.Below(sections.size())];
  Bytes copy = Slice(b, s.start, s.end);
  const SectionSpan& at = sections[rng_.Below(sections.size())];
  b.insert(b.begin() + (rng_.OneIn(2) ? at.start : at.end), copy.begin(), copy.end());
  return true;
}

bool Mutator::SwapSections(Bytes& b) {
  std::vector<SectionSpan> sections;
  if (!SplitSections(b, &sections) || sections.size() < 2) return false;
  size_t i = rng_.Below(sections.size() - 1);
  const SectionSpan& first = sections[i];
  const SectionSpan& second = sections[i + 1];
  Bytes swapped = Slice(b, second.start, second.end);
  swapped.insert(swapped.end(), b.begin() + first.start, b.begin() + first.end);
  std::copy(swapped.begin(), swapped.end(), b.begin() + first.start);
  return true;
}

// Replaces (or adds) a section with a section of the same id from another
// module, so a valid donor's contents meet the recipient's other sections.
bool Mutator::SpliceSection(Bytes& b, const std::vector<Bytes>& others) {
  if (others.empty()) return false;
  const Bytes& donor = others[rng_.Below(others.size())];
  std::vector<SectionSpan> mine, theirs;
  if (!SplitSections(b, &mine) || !SplitSections(donor, &theirs) || theirs.empty()) return false;
  const SectionSpan& d = theirs[rng_.Below(theirs.size())];
  Bytes section = Slice(donor, d.start, d.end);
  for (const SectionSpan& s : mine) {
    if (s.id == d.id && !rng_.OneIn(4)) {
      b.erase(b.begin() + s.start, b.begin() + s.end);
      b.insert(b.begin() + s.start, section.begin(), section.end());
      return true;
    }
  }
  // No section of that id: insert before the first section with a larger
  // id (keeping the order legal most of the time), else at the end.
  size_t at = b.size();
  for (const SectionSpan& s : mine) {
    if (s.id > d.id && d.id != 0) {
      at = s.start;
      break;
    }
  }
  b.insert(b.begin() + at, section.begin(), section.end());
  return true;
}

bool Mutator::BreakSectionSize(Bytes& b) {
  std::vector<SectionSpan> sections;
  if (!SplitSections(b, &sections) || sections.empty()) return false;
  const SectionSpan& s = sections[rng_.Below(sections.size())];
  uint64_t size = s.end - s.payload;
  switch (rng_.Below(4)) {
    case 0:
      size += 1;
      break;
    case 1:
      size = size ? size - 1 : 0;
      break;
    case 2:
      size = kInterestingValues[rng_.Below(std::size(kInterestingValues))];
      break;
    case 3:
      size = rng_.Below(static_cast<uint32_t>(size + 1));
      break;
  }
  Bytes encoding;
  AppendLeb(encoding, size);
  b.erase(b.begin() + s.start + 1, b.begin() + s.payload);
  b.insert(b.begin() + s.start + 1, encoding.begin(), encoding.end());
  return true;
}

bool Mutator::ChangeSectionId(Bytes& b) {
  std::vector<SectionSpan> sections;
  if (!SplitSections(b, &sections) || sections.empty()) return false;
  const SectionSpan& s = sections[rng_.Below(sections.size())];
  b[s.start] = rng_.OneIn(8) ? static_cast<uint8_t>(rng_.Next()) : rng_.Below(15);
  return true;
}

// Head of this module, tail of another.
bool Mutator::CrossOver(Bytes& b, const std::vector<Bytes>& others) {
  if (others.empty() || b.empty()) return false;
  const Bytes& donor = others[rng_.Below(others.size())];
  if (donor.empty()) return false;
  size_t cut = Position(b);
  size_t from = rng_.Below(static_cast<uint32_t>(donor.size()));
  b.resize(cut);
  b.insert(b.end(), donor.begin() + from, donor.end());
  return true;
}

Bytes Mutator::Mutate(const Bytes& input, const std::vector<Bytes>& others, size_t max_size) {
  static constexpr const char* kNames[] = {
      "flip-bit",       "set-byte",     "insert-bytes", "delete-bytes", "duplicate-range",
      "rewrite-leb",    "truncate",     "drop-section", "dup-section",  "swap-sections",
      "splice-section", "section-size", "section-id",   "cross-over"};
  constexpr uint32_t kKinds = std::size(kNames);
  Bytes b = input;
  description_.clear();
  uint32_t count = 1 + (rng_.OneIn(2) ? 0 : rng_.Below(4));
  for (uint32_t applied = 0, attempts = 0; applied < count && attempts < 32; ++attempts) {
    uint32_t kind = rng_.Below(kKinds);
    bool ok = false;
    switch (kind) {
      case 0:
        ok = FlipBit(b);
        break;
      case 1:
        ok = SetInterestingByte(b);
        break;
      case 2:
        ok = InsertBytes(b);
        break;
      case 3:
        ok = DeleteBytes(b);
        break;
      case 4:
        ok = DuplicateRange(b);
        break;
      case 5:
        ok = RewriteLeb(b);
        break;
      case 6:
        ok = Truncate(b);
        break;
      case 7:
        ok = DropSection(b);
        break;
      case 8:
        ok = DuplicateSection(b);
        break;
      case 9:
        ok = SwapSections(b);
        break;
      case 10:
        ok = SpliceSection(b, others);
        break;
      case 11:
        ok = BreakSectionSize(b);
        break;
      case 12:
        ok = ChangeSectionId(b);
        break;
      case 13:
        ok = CrossOver(b, others);
        break;
    }
    if (!ok) continue;
    ++applied;
    if (!description_.empty()) description_ += ",";
    description_ += kNames[kind];
    if (b.size() > max_size) b.resize(max_size);
  }
  return b;
}

}  // namespace wasmtier::fuzz
