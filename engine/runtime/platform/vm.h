// The thin OS layer for virtual memory (as wasmtime's vm/sys/unix): reserve
// address space, make parts of it accessible, release it. Linear memories and
// the value stack are built on these; nothing else in the runtime calls mmap.
#ifndef WASMTIER_ENGINE_RUNTIME_PLATFORM_VM_H_
#define WASMTIER_ENGINE_RUNTIME_PLATFORM_VM_H_

#include <cstddef>
#include <cstdint>

#include "absl/status/statusor.h"

namespace wasmtier::rt::platform {

// The OS page size (4 KiB on x86-64 Linux).
size_t PageSize();
// {bytes} rounded up to a whole number of OS pages.
uint64_t RoundUpToPage(uint64_t bytes);

// Reserves {bytes} (a multiple of the page size) of inaccessible address space
// without committing memory (MAP_NORESERVE): it costs no RAM until made
// accessible. kResourceExhausted if the address space is not available.
absl::StatusOr<uint8_t*> Reserve(uint64_t bytes);
// Makes [addr, addr + bytes) of a reservation readable and writable. Pages
// never touched before read as zero.
absl::Status Commit(uint8_t* addr, uint64_t bytes);
// Makes [addr, addr + bytes) inaccessible again (touching it faults).
absl::Status Protect(uint8_t* addr, uint64_t bytes);
// Returns a reservation to the OS.
void Release(uint8_t* addr, uint64_t bytes);

}  // namespace wasmtier::rt::platform

#endif  // WASMTIER_ENGINE_RUNTIME_PLATFORM_VM_H_
