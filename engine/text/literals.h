// Numeric literals of the text format: integers (sign, decimal or 0x hex,
// single underscores between digits) and floats (decimal, hex, inf, nan,
// nan:0x...) converted exactly, with IEEE round-to-nearest-even, to the bit
// patterns the binary format stores.
#ifndef WASMTIER_ENGINE_TEXT_LITERALS_H_
#define WASMTIER_ENGINE_TEXT_LITERALS_H_

#include <cstdint>
#include <string_view>

namespace wasmtier::text {

enum class LiteralStatus : uint8_t {
  kOk,
  kMalformed,   // not a literal of that kind ("unknown operator" in the parser)
  kOutOfRange,  // well-formed but does not fit ("constant out of range")
};

// Unsigned literal without sign (indices, offsets, alignments, limits):
// the spec's u32 / u64.
LiteralStatus ParseU32(std::string_view text, uint32_t* out);
LiteralStatus ParseU64(std::string_view text, uint64_t* out);

// Integer of {bits} (8, 16, 32 or 64) as written in iN.const or a lane:
// optional sign, range [-2^(bits-1), 2^bits - 1]; the result is the two's
// complement pattern in the low {bits} bits.
LiteralStatus ParseIntN(std::string_view text, int bits, uint64_t* out);
inline LiteralStatus ParseI32(std::string_view text, uint32_t* out) {
  uint64_t v = 0;
  LiteralStatus s = ParseIntN(text, 32, &v);
  *out = static_cast<uint32_t>(v);
  return s;
}
inline LiteralStatus ParseI64(std::string_view text, uint64_t* out) {
  return ParseIntN(text, 64, out);
}

// Signed literal (sN): optional sign, range [-2^(bits-1), 2^(bits-1) - 1].
LiteralStatus ParseSignedN(std::string_view text, int bits, int64_t* out);

// Floats to bit patterns. A finite literal that rounds to infinity and a NaN
// payload of zero or wider than the significand are out of range.
LiteralStatus ParseF32(std::string_view text, uint32_t* bits);
LiteralStatus ParseF64(std::string_view text, uint64_t* bits);

}  // namespace wasmtier::text

#endif  // WASMTIER_ENGINE_TEXT_LITERALS_H_
