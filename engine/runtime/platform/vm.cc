// Virtual memory on POSIX: mmap/mprotect/munmap (see vm.h).
#include "engine/runtime/platform/vm.h"

#include <sys/mman.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "absl/strings/str_cat.h"

namespace wasmtier::rt::platform {

size_t PageSize() {
  static const size_t page_size = static_cast<size_t>(sysconf(_SC_PAGESIZE));
  return page_size;
}

uint64_t RoundUpToPage(uint64_t bytes) {
  const uint64_t mask = PageSize() - 1;
  return (bytes + mask) & ~mask;
}

absl::StatusOr<uint8_t*> Reserve(uint64_t bytes) {
  void* p = mmap(nullptr, bytes, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (p == MAP_FAILED) {
    return absl::ResourceExhaustedError(
        absl::StrCat("cannot reserve ", bytes, " bytes of address space: ", strerror(errno)));
  }
  return static_cast<uint8_t*>(p);
}

absl::Status Commit(uint8_t* addr, uint64_t bytes) {
  if (bytes == 0) return absl::OkStatus();
  if (mprotect(addr, bytes, PROT_READ | PROT_WRITE) != 0) {
    return absl::ResourceExhaustedError(
        absl::StrCat("cannot commit ", bytes, " bytes: ", strerror(errno)));
  }
  return absl::OkStatus();
}

absl::Status Protect(uint8_t* addr, uint64_t bytes) {
  if (bytes == 0) return absl::OkStatus();
  if (mprotect(addr, bytes, PROT_NONE) != 0) {
    return absl::InternalError(absl::StrCat("mprotect(PROT_NONE) failed: ", strerror(errno)));
  }
  return absl::OkStatus();
}

void Release(uint8_t* addr, uint64_t bytes) {
  if (addr != nullptr && bytes != 0) munmap(addr, bytes);
}

}  // namespace wasmtier::rt::platform
