// The table behind AddToLinker: every `wasi_snapshot_preview1` import as a
// name, a signature and a handler. Each fns_*.cc file supplies one group.
#ifndef WASMTIER_WASI_FUNCTIONS_H_
#define WASMTIER_WASI_FUNCTIONS_H_

#include <cstdint>
#include <span>
#include <string_view>

#include "absl/status/statusor.h"
#include "wasi/ctx.h"
#include "wasi/errno.h"
#include "wasi/guest_memory.h"

namespace wasmtier::wasi {

// A handler gets the params as raw slots (an i32 in the low 32 bits of its
// slot) and returns the errno for the guest, or a non-OK status that ends the
// call: a trap (TrapStatus) or proc_exit's exit status.
using WasiHandler = absl::StatusOr<Errno> (*)(WasiCtx& ctx, const GuestMemory& memory,
                                              const uint64_t* args);

struct WasiFunction {
  std::string_view name;
  std::string_view params;  // one letter per param: 'i' = i32, 'I' = i64
  bool returns_errno;       // false only for proc_exit (no results)
  WasiHandler handler;
};

std::span<const WasiFunction> ArgsEnvFunctions();    // args_*, environ_*
std::span<const WasiFunction> ClockRandomProcFunctions();  // clock_*, random_get, proc_*, sched_yield
std::span<const WasiFunction> FdFunctions();         // fd_* except fd_readdir
std::span<const WasiFunction> PathFunctions();       // path_*, fd_readdir
std::span<const WasiFunction> PollFunctions();       // poll_oneoff
std::span<const WasiFunction> SockFunctions();       // sock_*

// The status proc_exit returns (see ExitCode in wasi.h).
absl::Status ExitStatus(uint32_t code);

}  // namespace wasmtier::wasi

#endif  // WASMTIER_WASI_FUNCTIONS_H_
