// args_get, args_sizes_get, environ_get, environ_sizes_get: the guest's argv
// and environment, as NUL-terminated strings packed into one guest buffer
// plus an array of pointers to them.
#include <string>
#include <vector>

#include "wasi/fn_util.h"
#include "wasi/functions.h"

namespace wasmtier::wasi {
namespace {

// Count and total size (NUL terminators included) of {strings}. A guest
// cannot change these lists, but the embedder could pass >4 GiB; saturate so
// the guest sees a size it cannot allocate rather than a wrapped one.
void Sizes(const std::vector<std::string>& strings, uint32_t* count, uint32_t* bytes) {
  uint64_t total = 0;
  for (const std::string& s : strings) total += s.size() + 1;
  *count = static_cast<uint32_t>(std::min<uint64_t>(strings.size(), UINT32_MAX));
  *bytes = static_cast<uint32_t>(std::min<uint64_t>(total, UINT32_MAX));
}

absl::StatusOr<Errno> SizesGet(const std::vector<std::string>& strings, const GuestMemory& memory,
                               const uint64_t* args) {
  uint32_t count_ptr = ArgU32(args, 0), size_ptr = ArgU32(args, 1);
  if (!Writable(memory, count_ptr, 4) || !Writable(memory, size_ptr, 4)) return Errno::kFault;
  uint32_t count, bytes;
  Sizes(strings, &count, &bytes);
  memory.Store(count_ptr, count);
  memory.Store(size_ptr, bytes);
  return Errno::kSuccess;
}

// Writes pointers to {ptrs} (4 bytes each) and the strings to {buf}. Both
// ranges are checked whole before the first byte is written.
absl::StatusOr<Errno> Get(const std::vector<std::string>& strings, const GuestMemory& memory,
                          const uint64_t* args) {
  uint32_t ptrs = ArgU32(args, 0), buf = ArgU32(args, 1);
  uint32_t count, bytes;
  Sizes(strings, &count, &bytes);
  std::optional<std::span<uint8_t>> ptr_span = memory.Span(ptrs, uint64_t{count} * 4);
  std::optional<std::span<uint8_t>> buf_span = memory.Span(buf, bytes);
  if (!ptr_span || !buf_span) return Errno::kFault;
  uint64_t offset = 0;
  for (uint32_t i = 0; i < count; ++i) {
    const std::string& s = strings[i];
    if (offset + s.size() + 1 > buf_span->size()) return Errno::kOverflow;  // > 4 GiB total
    uint32_t address = static_cast<uint32_t>(buf + offset);
    std::memcpy(ptr_span->data() + uint64_t{i} * 4, &address, 4);
    std::memcpy(buf_span->data() + offset, s.data(), s.size());
    buf_span->data()[offset + s.size()] = 0;
    offset += s.size() + 1;
  }
  return Errno::kSuccess;
}

absl::StatusOr<Errno> ArgsGet(WasiCtx& ctx, const GuestMemory& memory, const uint64_t* args) {
  return Get(ctx.args(), memory, args);
}
absl::StatusOr<Errno> ArgsSizesGet(WasiCtx& ctx, const GuestMemory& memory, const uint64_t* args) {
  return SizesGet(ctx.args(), memory, args);
}
absl::StatusOr<Errno> EnvironGet(WasiCtx& ctx, const GuestMemory& memory, const uint64_t* args) {
  return Get(ctx.env(), memory, args);
}
absl::StatusOr<Errno> EnvironSizesGet(WasiCtx& ctx, const GuestMemory& memory,
                                      const uint64_t* args) {
  return SizesGet(ctx.env(), memory, args);
}

// One entry per line (clang-format would pack them).
// clang-format off
constexpr WasiFunction kFunctions[] = {
    {"args_get", "ii", true, ArgsGet},
    {"args_sizes_get", "ii", true, ArgsSizesGet},
    {"environ_get", "ii", true, EnvironGet},
    {"environ_sizes_get", "ii", true, EnvironSizesGet},
};
// clang-format on

}  // namespace

std::span<const WasiFunction> ArgsEnvFunctions() {
  return kFunctions;
}

}  // namespace wasmtier::wasi
