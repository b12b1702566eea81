// Small helpers shared by the fns_*.cc handlers: reading raw argument slots,
// host errno, and building a guest struct host-side so it is stored with one
// checked write (all or nothing: EFAULT leaves guest memory untouched).
#ifndef WASMTIER_WASI_FN_UTIL_H_
#define WASMTIER_WASI_FN_UTIL_H_

#include <cerrno>
#include <cstdint>
#include <cstring>

#include "wasi/errno.h"
#include "wasi/guest_memory.h"

namespace wasmtier::wasi {

// An i32 parameter (the low 32 bits of its slot).
inline uint32_t ArgU32(const uint64_t* args, int i) {
  return static_cast<uint32_t>(args[i]);
}
inline uint64_t ArgU64(const uint64_t* args, int i) {
  return args[i];
}

// The current host errno as a WASI errno.
inline Errno HostErrno() {
  return FromHostErrno(errno);
}

// {N} bytes of a guest struct, zeroed (padding included), filled at offsets.
template <size_t N>
struct GuestStruct {
  uint8_t bytes[N] = {};
  template <typename T>
  void Put(uint32_t offset, T value) {
    static_assert(sizeof(T) <= N);
    std::memcpy(bytes + offset, &value, sizeof(T));
  }
};

// Stores {value} at {ptr}: kSuccess, or EFAULT with nothing written.
template <typename T>
Errno StoreOut(const GuestMemory& memory, uint64_t ptr, const T& value) {
  return memory.Store(ptr, value) ? Errno::kSuccess : Errno::kFault;
}

// Whether [ptr, ptr + len) is inside guest memory (checked before side
// effects, so a bad output pointer fails before anything happens).
inline bool Writable(const GuestMemory& memory, uint64_t ptr, uint64_t len) {
  return memory.Span(ptr, len).has_value();
}

}  // namespace wasmtier::wasi

#endif  // WASMTIER_WASI_FN_UTIL_H_
