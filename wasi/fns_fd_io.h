// The data-moving fd_* handlers (fns_fd_io.cc), listed in FdFunctions() by
// fns_fd.cc together with the descriptor-management ones.
#ifndef WASMTIER_WASI_FNS_FD_IO_H_
#define WASMTIER_WASI_FNS_FD_IO_H_

#include "wasi/functions.h"

namespace wasmtier::wasi {

absl::StatusOr<Errno> FdRead(WasiCtx& ctx, const GuestMemory& memory, const uint64_t* args);
absl::StatusOr<Errno> FdWrite(WasiCtx& ctx, const GuestMemory& memory, const uint64_t* args);
absl::StatusOr<Errno> FdPread(WasiCtx& ctx, const GuestMemory& memory, const uint64_t* args);
absl::StatusOr<Errno> FdPwrite(WasiCtx& ctx, const GuestMemory& memory, const uint64_t* args);
absl::StatusOr<Errno> FdSeek(WasiCtx& ctx, const GuestMemory& memory, const uint64_t* args);
absl::StatusOr<Errno> FdTell(WasiCtx& ctx, const GuestMemory& memory, const uint64_t* args);

}  // namespace wasmtier::wasi

#endif  // WASMTIER_WASI_FNS_FD_IO_H_
