// ReadIovecs (iovec.h).
#include "wasi/iovec.h"

#include <algorithm>

#include "wasi/types.h"

namespace wasmtier::wasi {

Errno ReadIovecs(const GuestMemory& memory, uint32_t iovs, uint32_t iovs_len,
                 std::vector<struct iovec>& out) {
  uint32_t count = std::min(iovs_len, kMaxIovecs);
  out.clear();
  // The array itself first (64-bit arithmetic: no wrap), then each buffer.
  std::optional<std::span<uint8_t>> array =
      memory.Span(iovs, static_cast<uint64_t>(count) * kIovecSize);
  if (!array) return Errno::kFault;
  out.reserve(count);
  for (uint32_t i = 0; i < count; ++i) {
    uint64_t entry = static_cast<uint64_t>(iovs) + static_cast<uint64_t>(i) * kIovecSize;
    std::optional<uint32_t> buf = memory.Load<uint32_t>(entry + kIovecBuf);
    std::optional<uint32_t> len = memory.Load<uint32_t>(entry + kIovecBufLen);
    if (!buf || !len) return Errno::kFault;
    std::optional<std::span<uint8_t>> bytes = memory.Span(*buf, *len);
    if (!bytes) return Errno::kFault;
    out.push_back(iovec{bytes->data(), bytes->size()});
  }
  return Errno::kSuccess;
}

}  // namespace wasmtier::wasi
