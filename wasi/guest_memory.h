// Checked access to the calling instance's exported "memory", the only way
// WASI functions reach guest memory. Every pointer/length pair is checked
// against the memory's current size before the host touches a byte; a range
// outside it is EFAULT for the caller to return. Little-endian, unaligned
// accesses allowed (the guest chooses its pointers).
#ifndef WASMTIER_WASI_GUEST_MEMORY_H_
#define WASMTIER_WASI_GUEST_MEMORY_H_

#include <cstdint>
#include <cstring>
#include <optional>
#include <span>
#include <string_view>
#include <type_traits>

#include "engine/include/wasmtier/wasmtier.h"

namespace wasmtier::wasi {

class GuestMemory {
 public:
  // {memory} is nullopt when the caller exports no memory: every access fails.
  explicit GuestMemory(std::optional<Memory> memory) : memory_(memory) {}

  // The bytes [ptr, ptr + len), or nullopt if any is outside the memory.
  // Valid until the guest runs again.
  std::optional<std::span<uint8_t>> Span(uint64_t ptr, uint64_t len) const {
    if (!memory_) return std::nullopt;
    auto span = memory_->Span(ptr, len);
    if (!span.ok()) return std::nullopt;
    return *span;
  }

  std::optional<std::string_view> String(uint64_t ptr, uint64_t len) const {
    auto span = Span(ptr, len);
    if (!span) return std::nullopt;
    return std::string_view(reinterpret_cast<const char*>(span->data()), span->size());
  }

  template <typename T>
  std::optional<T> Load(uint64_t ptr) const {
    static_assert(std::is_trivially_copyable_v<T>);
    auto span = Span(ptr, sizeof(T));
    if (!span) return std::nullopt;
    T value;
    std::memcpy(&value, span->data(), sizeof(T));
    return value;
  }

  // False (nothing written) if [ptr, ptr + sizeof(T)) is outside the memory.
  template <typename T>
  bool Store(uint64_t ptr, const T& value) const {
    static_assert(std::is_trivially_copyable_v<T>);
    auto span = Span(ptr, sizeof(T));
    if (!span) return false;
    std::memcpy(span->data(), &value, sizeof(T));
    return true;
  }

  bool has_memory() const { return memory_.has_value(); }

 private:
  std::optional<Memory> memory_;
};

}  // namespace wasmtier::wasi

#endif  // WASMTIER_WASI_GUEST_MEMORY_H_
