// Out-of-line parts of Reader: multi-byte LEB128 with the spec's overlong and
// out-of-range rules, UTF-8 validation of names, error recording.
#include "engine/reader.h"

#include "engine/error.h"

namespace wasmtier {

void Reader::Fail(size_t offset, std::string_view message) {
  if (!error_.ok()) return;
  error_ = MalformedError(offset, message);
  pc_ = end_;  // Stop every later read.
}

void Reader::FailWith(absl::Status status) {
  if (!error_.ok() || status.ok()) return;
  error_ = std::move(status);
  pc_ = end_;
}

void Reader::FailEof() { Fail(offset(), eof_message_); }

// A LEB128 of N bits has at most ceil(N/7) bytes ("integer representation too
// long" past that); in the last byte the bits beyond N must be zero (unsigned)
// or copies of the sign bit (signed), else "integer too large".
uint64_t Reader::ReadLebSlow(int bits, bool is_signed) {
  const int max_bytes = (bits + 6) / 7;
  uint64_t result = 0;
  int shift = 0;
  for (int i = 0; i < max_bytes; ++i) {
    if (pc_ >= end_) {
      FailEof();
      return 0;
    }
    const size_t byte_offset = offset();
    const uint8_t byte = *pc_++;
    if (i == max_bytes - 1) {
      if (byte & 0x80) {
        Fail(byte_offset, "integer representation too long");
        return 0;
      }
      const int used = bits - shift;  // payload bits that fit in this byte
      if (used < 7) {
        const uint8_t extra = static_cast<uint8_t>(byte & 0x7F) >> (used - (is_signed ? 1 : 0));
        const uint8_t all = static_cast<uint8_t>(0x7F >> (used - (is_signed ? 1 : 0)));
        if (!is_signed ? extra != 0 : (extra != 0 && extra != all)) {
          Fail(byte_offset, "integer too large");
          return 0;
        }
      }
    }
    result |= static_cast<uint64_t>(byte & 0x7F) << shift;
    shift += 7;
    if (!(byte & 0x80)) {
      if (is_signed && shift < 64 && (byte & 0x40)) result |= ~uint64_t{0} << shift;
      if (bits == 32 && is_signed) result = static_cast<uint64_t>(static_cast<int64_t>(static_cast<int32_t>(result)));
      return result;
    }
  }
  return result;  // unreachable: the last byte either ended or failed
}

std::string Reader::ReadName() {
  const uint32_t length = ReadVarU32();
  const size_t name_offset = offset();
  const uint8_t* bytes = ReadBytes(length);
  if (bytes == nullptr) return {};
  if (!IsValidUtf8(bytes, length)) {
    Fail(name_offset, "malformed UTF-8 encoding");
    return {};
  }
  return std::string(reinterpret_cast<const char*>(bytes), length);
}

// Well-formed UTF-8 per Unicode: shortest form only, no surrogates, <= U+10FFFF.
bool Reader::IsValidUtf8(const uint8_t* s, size_t n) {
  size_t i = 0;
  while (i < n) {
    const uint8_t c = s[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    int len;
    uint32_t cp;
    if ((c & 0xE0) == 0xC0) {
      len = 2;
      cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      len = 3;
      cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      len = 4;
      cp = c & 0x07;
    } else {
      return false;
    }
    if (i + len > n) return false;
    for (int k = 1; k < len; ++k) {
      if ((s[i + k] & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (s[i + k] & 0x3F);
    }
    static constexpr uint32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < kMin[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    i += len;
  }
  return true;
}

}  // namespace wasmtier
