// Numeric literal conversion. Decimal floats go through glibc's strtof/strtod
// (correctly rounded for any number of digits and any exponent) on a copy
// without underscores; hex floats are rounded here, exactly: the first 64
// significant bits plus a sticky bit for everything after them determine the
// round-to-nearest-even result at every precision up to 53 bits.
#include "engine/text/literals.h"

#include "engine/text/chars.h"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <string>

namespace wasmtier::text {
namespace {


// Scans `digit ('_'? digit)*` from {pos}; returns the end, or npos if there is
// no digit at {pos} or an underscore is not between two digits.
size_t ScanDigits(std::string_view s, size_t pos, bool hex) {
  auto is_digit = [hex](char c) { return hex ? IsHexDigit(c) : IsDigit(c); };
  if (pos >= s.size() || !is_digit(s[pos])) return std::string_view::npos;
  ++pos;
  while (pos < s.size()) {
    if (is_digit(s[pos])) {
      ++pos;
    } else if (s[pos] == '_') {
      if (pos + 1 >= s.size() || !is_digit(s[pos + 1])) return std::string_view::npos;
      pos += 2;
    } else {
      break;
    }
  }
  return pos;
}

// Parses an unsigned magnitude `num` or `0x hexnum` that must span all of {s}.
// {overflow} is set if it exceeds 2^64 - 1.
bool ParseMagnitude(std::string_view s, uint64_t* out, bool* overflow) {
  bool hex = s.size() > 2 && s[0] == '0' && s[1] == 'x';
  size_t start = hex ? 2 : 0;
  size_t end = ScanDigits(s, start, hex);
  if (end != s.size()) return false;
  uint64_t v = 0;
  *overflow = false;
  uint64_t base = hex ? 16 : 10;
  for (size_t i = start; i < end; ++i) {
    if (s[i] == '_') continue;
    uint64_t d = HexDigitValue(s[i]);
    if (v > (UINT64_MAX - d) / base) *overflow = true;
    v = v * base + d;
  }
  *out = v;
  return true;
}

// Splits an optional sign off {s}.
bool TakeSign(std::string_view* s) {
  if (!s->empty() && (s->front() == '+' || s->front() == '-')) {
    bool negative = s->front() == '-';
    s->remove_prefix(1);
    return negative;
  }
  return false;
}

struct FloatFormat {
  int mantissa_bits;  // explicit significand bits: 23 or 52
  int exponent_bias;  // 127 or 1023
  int total_bits;     // 32 or 64
};
constexpr FloatFormat kF32Format{23, 127, 32};
constexpr FloatFormat kF64Format{52, 1023, 64};

uint64_t InfBits(const FloatFormat& f) {
  return ((uint64_t{1} << (f.total_bits - 1 - f.mantissa_bits)) - 1) << f.mantissa_bits;
}

// Rounds m * 2^e (m != 0, plus {sticky}: nonzero bits below m) to format {f};
// returns the unsigned bit pattern (InfBits or above means overflow).
uint64_t RoundBinary(uint64_t m, int64_t e, bool sticky, const FloatFormat& f) {
  // Normalize so that bit 63 is the leading one.
  int lz = __builtin_clzll(m);
  m <<= lz;
  e -= lz;
  int64_t msb_exp = e + 63;               // exponent of the leading bit
  int64_t min_exp = 1 - f.exponent_bias;  // smallest normal exponent
  int64_t max_exp = f.exponent_bias;      // largest normal exponent
  if (msb_exp > max_exp + 1) return InfBits(f);
  int64_t shift;  // bits of m to drop
  if (msb_exp >= min_exp) {
    shift = 63 - f.mantissa_bits;
  } else {
    // Subnormal: the last kept bit has exponent min_exp - mantissa_bits.
    shift = (min_exp - f.mantissa_bits) - e;
  }
  uint64_t kept;
  if (shift >= 65) {
    return 0;  // below half of the smallest subnormal
  } else if (shift == 64) {
    kept = 0;
    uint64_t half = uint64_t{1} << 63;
    if (m > half || (m == half && sticky)) kept = 1;
  } else {
    kept = m >> shift;
    uint64_t dropped = m & ((uint64_t{1} << shift) - 1);
    uint64_t half = uint64_t{1} << (shift - 1);
    if (dropped > half || (dropped == half && (sticky || (kept & 1)))) ++kept;
  }
  if (msb_exp >= min_exp) {
    // kept has the implicit bit at position mantissa_bits; adding it to the
    // biased exponent field (minus one) lets a rounding carry propagate.
    uint64_t biased = static_cast<uint64_t>(msb_exp + f.exponent_bias - 1);
    uint64_t bits = (biased << f.mantissa_bits) + kept;
    return bits >= InfBits(f) ? InfBits(f) : bits;
  }
  return kept;  // subnormal (a carry into bit mantissa_bits makes it normal)
}

// Hex float body (after "0x"): hexnum ['.' [hexfrac]] [('p'|'P') sign num].
LiteralStatus ParseHexFloat(std::string_view s, const FloatFormat& f, uint64_t* bits) {
  size_t int_end = ScanDigits(s, 0, true);
  if (int_end == std::string_view::npos) return LiteralStatus::kMalformed;
  size_t pos = int_end;
  size_t frac_begin = pos, frac_end = pos;
  if (pos < s.size() && s[pos] == '.') {
    ++pos;
    frac_begin = pos;
    if (pos < s.size() && IsHexDigit(s[pos])) {
      frac_end = ScanDigits(s, pos, true);
      if (frac_end == std::string_view::npos) return LiteralStatus::kMalformed;
    } else {
      frac_end = pos;
    }
    pos = frac_end;
  }
  int64_t exp = 0;
  if (pos < s.size() && (s[pos] == 'p' || s[pos] == 'P')) {
    ++pos;
    bool neg_exp = false;
    if (pos < s.size() && (s[pos] == '+' || s[pos] == '-')) neg_exp = s[pos++] == '-';
    size_t exp_end = ScanDigits(s, pos, false);
    if (exp_end != s.size()) return LiteralStatus::kMalformed;
    for (size_t i = pos; i < exp_end; ++i) {
      if (s[i] == '_') continue;
      if (exp < (int64_t{1} << 40)) exp = exp * 10 + (s[i] - '0');  // saturates harmlessly
    }
    if (neg_exp) exp = -exp;
    pos = exp_end;
  }
  if (pos != s.size()) return LiteralStatus::kMalformed;

  // Accumulate up to 64 significant bits; later nonzero digits go to sticky.
  uint64_t m = 0;
  int64_t e = exp;
  bool sticky = false;
  auto add_digit = [&](int d, bool fractional) {
    if (m >> 60 == 0) {
      m = m * 16 + d;
      if (fractional) e -= 4;
    } else {
      if (d != 0) sticky = true;
      if (!fractional) e += 4;
    }
  };
  for (size_t i = 0; i < int_end; ++i) {
    if (s[i] != '_') add_digit(HexDigitValue(s[i]), false);
  }
  for (size_t i = frac_begin; i < frac_end; ++i) {
    if (s[i] != '_') add_digit(HexDigitValue(s[i]), true);
  }
  if (m == 0) {
    *bits = 0;
    return LiteralStatus::kOk;
  }
  uint64_t b = RoundBinary(m, e, sticky, f);
  if (b >= InfBits(f)) return LiteralStatus::kOutOfRange;
  *bits = b;
  return LiteralStatus::kOk;
}

// Decimal float syntax check: num ['.' [frac]] [('e'|'E') sign num].
bool IsDecimalFloat(std::string_view s) {
  size_t pos = ScanDigits(s, 0, false);
  if (pos == std::string_view::npos) return false;
  if (pos < s.size() && s[pos] == '.') {
    ++pos;
    if (pos < s.size() && IsDigit(s[pos])) {
      pos = ScanDigits(s, pos, false);
      if (pos == std::string_view::npos) return false;
    }
  }
  if (pos < s.size() && (s[pos] == 'e' || s[pos] == 'E')) {
    ++pos;
    if (pos < s.size() && (s[pos] == '+' || s[pos] == '-')) ++pos;
    pos = ScanDigits(s, pos, false);
    if (pos == std::string_view::npos) return false;
  }
  return pos == s.size();
}

LiteralStatus ParseFloat(std::string_view text, const FloatFormat& f, uint64_t* bits) {
  std::string_view s = text;
  bool negative = TakeSign(&s);
  uint64_t sign = negative ? uint64_t{1} << (f.total_bits - 1) : 0;
  uint64_t inf = InfBits(f);
  if (s == "inf") {
    *bits = sign | inf;
    return LiteralStatus::kOk;
  }
  if (s == "nan") {
    *bits = sign | inf | (uint64_t{1} << (f.mantissa_bits - 1));
    return LiteralStatus::kOk;
  }
  if (s.substr(0, 6) == "nan:0x") {
    size_t end = ScanDigits(s, 6, true);
    if (end != s.size()) return LiteralStatus::kMalformed;
    uint64_t payload = 0;
    bool overflow = false;
    for (size_t i = 6; i < end; ++i) {
      if (s[i] == '_') continue;
      if (payload >> 60) overflow = true;
      payload = payload * 16 + HexDigitValue(s[i]);
    }
    if (overflow || payload == 0 || payload >= (uint64_t{1} << f.mantissa_bits)) {
      return LiteralStatus::kOutOfRange;
    }
    *bits = sign | inf | payload;
    return LiteralStatus::kOk;
  }
  if (s.size() > 2 && s[0] == '0' && s[1] == 'x') {
    uint64_t b = 0;
    LiteralStatus st = ParseHexFloat(s.substr(2), f, &b);
    if (st != LiteralStatus::kOk) return st;
    *bits = sign | b;
    return LiteralStatus::kOk;
  }
  if (!IsDecimalFloat(s)) return LiteralStatus::kMalformed;
  std::string clean;
  clean.reserve(s.size());
  for (char c : s) {
    if (c != '_') clean.push_back(c);
  }
  errno = 0;
  uint64_t b;
  if (f.total_bits == 32) {
    float v = std::strtof(clean.c_str(), nullptr);
    uint32_t b32;
    std::memcpy(&b32, &v, 4);
    b = b32;
  } else {
    double v = std::strtod(clean.c_str(), nullptr);
    std::memcpy(&b, &v, 8);
  }
  if ((b & ~sign) >= inf) return LiteralStatus::kOutOfRange;
  *bits = sign | b;
  return LiteralStatus::kOk;
}

}  // namespace

LiteralStatus ParseU64(std::string_view text, uint64_t* out) {
  bool overflow = false;
  uint64_t v = 0;
  if (!ParseMagnitude(text, &v, &overflow)) return LiteralStatus::kMalformed;
  if (overflow) return LiteralStatus::kOutOfRange;
  *out = v;
  return LiteralStatus::kOk;
}

LiteralStatus ParseU32(std::string_view text, uint32_t* out) {
  uint64_t v = 0;
  LiteralStatus s = ParseU64(text, &v);
  if (s != LiteralStatus::kOk) return s;
  if (v > UINT32_MAX) return LiteralStatus::kOutOfRange;
  *out = static_cast<uint32_t>(v);
  return LiteralStatus::kOk;
}

LiteralStatus ParseIntN(std::string_view text, int bits, uint64_t* out) {
  std::string_view s = text;
  bool negative = TakeSign(&s);
  bool overflow = false;
  uint64_t v = 0;
  if (!ParseMagnitude(s, &v, &overflow)) return LiteralStatus::kMalformed;
  if (overflow) return LiteralStatus::kOutOfRange;
  uint64_t mask = bits == 64 ? UINT64_MAX : (uint64_t{1} << bits) - 1;
  if (negative) {
    if (v > (uint64_t{1} << (bits - 1))) return LiteralStatus::kOutOfRange;
    *out = (0 - v) & mask;
  } else {
    if (v > mask) return LiteralStatus::kOutOfRange;
    *out = v;
  }
  return LiteralStatus::kOk;
}

LiteralStatus ParseSignedN(std::string_view text, int bits, int64_t* out) {
  std::string_view s = text;
  bool negative = TakeSign(&s);
  bool overflow = false;
  uint64_t v = 0;
  if (!ParseMagnitude(s, &v, &overflow)) return LiteralStatus::kMalformed;
  if (overflow) return LiteralStatus::kOutOfRange;
  uint64_t limit = uint64_t{1} << (bits - 1);
  if (negative ? v > limit : v >= limit) return LiteralStatus::kOutOfRange;
  *out = negative ? static_cast<int64_t>(0 - v) : static_cast<int64_t>(v);
  return LiteralStatus::kOk;
}

LiteralStatus ParseF32(std::string_view text, uint32_t* bits) {
  uint64_t b = 0;
  LiteralStatus s = ParseFloat(text, kF32Format, &b);
  *bits = static_cast<uint32_t>(b);
  return s;
}

LiteralStatus ParseF64(std::string_view text, uint64_t* bits) {
  return ParseFloat(text, kF64Format, bits);
}

}  // namespace wasmtier::text
