// Bounds-checked cursor over wasm bytes with LEB128 decoding. Every read is
// checked; the first error sticks (later reads return 0 and do not advance past
// the end), so decoders can read a whole item and test ok() once, as V8's
// Decoder does. Hot paths (one-byte LEBs) are inline.
#ifndef WASMTIER_ENGINE_READER_H_
#define WASMTIER_ENGINE_READER_H_

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "absl/status/status.h"

namespace wasmtier {

class Reader {
 public:
  // {base_offset} is the module offset of {data[0]}, so errors report module
  // offsets even for sub-readers over a section or a function body.
  Reader(const uint8_t* data, size_t size, size_t base_offset = 0)
      : start_(data), pc_(data), end_(data + size), base_offset_(base_offset) {}

  // Message used when a read runs past {end}: "unexpected end" for the whole
  // module, "unexpected end of section or function" inside a section.
  void set_eof_message(const char* m) { eof_message_ = m; }

  bool ok() const { return error_.ok(); }
  const absl::Status& status() const { return error_; }
  bool at_end() const { return pc_ >= end_; }
  size_t remaining() const { return static_cast<size_t>(end_ - pc_); }
  const uint8_t* pc() const { return pc_; }
  const uint8_t* start() const { return start_; }
  const uint8_t* end() const { return end_; }
  // WasmModule offset of the next byte.
  size_t offset() const { return base_offset_ + static_cast<size_t>(pc_ - start_); }
  size_t OffsetOf(const uint8_t* p) const { return base_offset_ + static_cast<size_t>(p - start_); }

  // Records a malformed-module error at {offset} unless one is recorded already.
  void Fail(size_t offset, std::string_view message);
  void FailHere(std::string_view message) { Fail(offset(), message); }
  // Records an arbitrary (e.g. invalid or unsupported) status if none yet.
  void FailWith(absl::Status status);

  uint8_t ReadU8() {
    if (__builtin_expect(pc_ < end_, 1)) return *pc_++;
    FailEof();
    return 0;
  }
  uint8_t PeekU8() const { return pc_ < end_ ? *pc_ : 0; }

  uint32_t ReadU32() {  // fixed 4-byte little endian (magic, version)
    if (!Has(4)) return 0;
    uint32_t v;
    std::memcpy(&v, pc_, 4);
    pc_ += 4;
    return v;
  }
  uint64_t ReadU64() {  // fixed 8-byte little endian (f64 bits)
    if (!Has(8)) return 0;
    uint64_t v;
    std::memcpy(&v, pc_, 8);
    pc_ += 8;
    return v;
  }

  uint32_t ReadVarU32() {
    if (__builtin_expect(pc_ < end_ && *pc_ < 0x80, 1)) return *pc_++;
    return static_cast<uint32_t>(ReadLebSlow(32, false));
  }
  int32_t ReadVarS32() {
    if (__builtin_expect(pc_ < end_ && *pc_ < 0x80, 1)) {
      return static_cast<int32_t>(static_cast<int8_t>(*pc_++ << 1) >> 1);
    }
    return static_cast<int32_t>(ReadLebSlow(32, true));
  }
  uint64_t ReadVarU64() { return ReadLebSlow(64, false); }
  int64_t ReadVarS64() { return static_cast<int64_t>(ReadLebSlow(64, true)); }
  // s33 block type index.
  int64_t ReadVarS33() { return static_cast<int64_t>(ReadLebSlow(33, true)); }

  // Advances {n} bytes, returning their start, or nullptr (and an error).
  const uint8_t* ReadBytes(size_t n) {
    if (!Has(n)) return nullptr;
    const uint8_t* p = pc_;
    pc_ += n;
    return p;
  }
  // A vec(byte) name: length prefix then UTF-8 checked bytes ("malformed UTF-8 encoding").
  std::string ReadName();

  bool Has(size_t n) {
    if (__builtin_expect(remaining() >= n, 1)) return true;
    FailEof();
    return false;
  }
  void Skip(size_t n) { ReadBytes(n); }
  void Reset(const uint8_t* pc) { pc_ = pc; }

  static bool IsValidUtf8(const uint8_t* data, size_t size);

 private:
  uint64_t ReadLebSlow(int bits, bool is_signed);
  void FailEof();

  const uint8_t* start_;
  const uint8_t* pc_;
  const uint8_t* end_;
  size_t base_offset_;
  const char* eof_message_ = "unexpected end";
  absl::Status error_;
};

}  // namespace wasmtier

#endif  // WASMTIER_ENGINE_READER_H_
