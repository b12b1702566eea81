// Linear memory creation and release (see memory.h); growth lives with the
// other memory operations in instance_ops.cc.
#include "engine/runtime/memory.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "engine/runtime/platform/vm.h"

namespace wasmtier::rt {
namespace {

constexpr uint64_t kMaxAddressSpace = 1ull << 47;

void ReleaseMemory(MemoryInst* memory) {
  platform::Release(memory->base, memory->reserved);
  memory->base = nullptr;
  memory->reserved = 0;
  memory->size = 0;
}

}  // namespace

uint64_t EffectiveMaxPages(const MemoryType& type, const Config& config) {
  const uint32_t log2 = type.page_size_log2;
  // Pages addressable with the memory's index type: 2^32 bytes for a 32-bit
  // memory; for a 64-bit one, what a process can map at all (x86-64 user
  // space is 2^47 bytes), which also keeps every size computation below 2^64.
  const uint64_t index_space =
      type.limits.is64 ? (kMaxAddressSpace >> log2) : (1ull << (32 - log2));
  uint64_t max = std::min(index_space, config.max_memory_bytes >> log2);
  if (type.limits.max.has_value()) max = std::min(max, *type.limits.max);
  return max;
}

bool IsGuarded(const MemoryInst& memory) {
  return !memory.is64() && memory.reserved >= MemoryInst::kGuardedReservation;
}

absl::StatusOr<std::unique_ptr<MemoryInst>> CreateMemory(const MemoryType& type,
                                                         const Config& config) {
  if (type.page_size_log2 > 16) {
    return absl::UnimplementedError(
        absl::StrCat("unsupported: memory page size 2^", type.page_size_log2));
  }
  const uint64_t max_pages = EffectiveMaxPages(type, config);
  if (type.limits.min > max_pages) {
    return absl::ResourceExhaustedError(absl::StrCat(
        "memory minimum of ", type.limits.min, " pages exceeds the limit of ", max_pages,
        " pages (type maximum, engine max_memory_bytes ", config.max_memory_bytes, ")"));
  }
  // A 32-bit memory owns every address a guarded access can form (index +
  // offset < 2^33, plus the access size), so tiers may skip bounds checks and
  // let the fault handler turn a guard-region fault into a trap. A 64-bit one
  // is checked explicitly and only needs room for its maximum; it still gets
  // one page so that {base} is a real address even for a 0-page maximum.
  // Where 8 GiB of address space is not to be had (RLIMIT_AS), creation fails:
  // translated code is shared by every instance of a module and accesses a
  // 32-bit memory 0 unchecked, so a 32-bit memory without its guard region
  // would let such code reach host memory. (Falling back to checked code per
  // instance is future work.)
  const uint64_t unguarded = std::max<uint64_t>(
      platform::RoundUpToPage(max_pages << type.page_size_log2), platform::PageSize());
  const uint64_t reservation = type.limits.is64 ? unguarded : MemoryInst::kGuardedReservation;
  absl::StatusOr<uint8_t*> reserved = platform::Reserve(reservation);
  if (!reserved.ok() && !type.limits.is64) {
    return absl::ResourceExhaustedError(absl::StrCat(
        "cannot reserve the 8 GiB guard region of a 32-bit memory: ", reserved.status().message()));
  }
  if (!reserved.ok()) return reserved.status();

  auto memory = std::make_unique<MemoryInst>();
  memory->base = *reserved;
  memory->reserved = reservation;
  memory->release = &ReleaseMemory;
  memory->type = type;
  memory->max_pages = max_pages;
  const uint64_t size = type.limits.min << type.page_size_log2;
  if (absl::Status s = platform::Commit(memory->base, platform::RoundUpToPage(size)); !s.ok()) {
    return s;  // the unique_ptr releases the reservation
  }
  memory->size = size;
  return memory;
}

}  // namespace wasmtier::rt
