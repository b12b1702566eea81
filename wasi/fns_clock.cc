// clock_res_get, clock_time_get, random_get, proc_exit, proc_raise and
// sched_yield: the functions that touch no descriptor.
#include <sched.h>
#include <sys/random.h>
#include <time.h>

#include <algorithm>

#include "wasi/fn_util.h"
#include "wasi/functions.h"
#include "wasi/host_fd.h"
#include "wasi/types.h"

namespace wasmtier::wasi {
namespace {

// The host clock behind a WASI clock id; nullopt for an unknown id (EINVAL).
std::optional<clockid_t> HostClock(uint32_t id) {
  switch (id) {
    case kClockRealtime:
      return CLOCK_REALTIME;
    case kClockMonotonic:
      return CLOCK_MONOTONIC;
    case kClockProcessCputime:
      return CLOCK_PROCESS_CPUTIME_ID;
    case kClockThreadCputime:
      return CLOCK_THREAD_CPUTIME_ID;
    default:
      return std::nullopt;
  }
}

absl::StatusOr<Errno> ClockResGet(WasiCtx&, const GuestMemory& memory, const uint64_t* args) {
  std::optional<clockid_t> clock = HostClock(ArgU32(args, 0));
  if (!clock) return Errno::kInval;
  uint32_t out = ArgU32(args, 1);
  if (!Writable(memory, out, 8)) return Errno::kFault;
  struct timespec ts;
  if (::clock_getres(*clock, &ts) != 0) return HostErrno();
  return StoreOut(memory, out, TimespecToNs(ts));
}

// {precision} (args[1]) is a hint the host clocks cannot use; ignored.
absl::StatusOr<Errno> ClockTimeGet(WasiCtx&, const GuestMemory& memory, const uint64_t* args) {
  std::optional<clockid_t> clock = HostClock(ArgU32(args, 0));
  if (!clock) return Errno::kInval;
  uint32_t out = ArgU32(args, 2);
  if (!Writable(memory, out, 8)) return Errno::kFault;
  struct timespec ts;
  if (::clock_gettime(*clock, &ts) != 0) return HostErrno();
  return StoreOut(memory, out, TimespecToNs(ts));
}

// getrandom(2) returns at most 32 MiB per call from the urandom source and
// may be interrupted, so fill in chunks until done.
absl::StatusOr<Errno> RandomGet(WasiCtx&, const GuestMemory& memory, const uint64_t* args) {
  std::optional<std::span<uint8_t>> buf = memory.Span(ArgU32(args, 0), ArgU32(args, 1));
  if (!buf) return Errno::kFault;
  size_t done = 0;
  while (done < buf->size()) {
    size_t chunk = std::min<size_t>(buf->size() - done, size_t{1} << 20);
    ssize_t n = ::getrandom(buf->data() + done, chunk, 0);
    if (n < 0) {
      if (errno == EINTR) continue;
      return HostErrno();
    }
    done += static_cast<size_t>(n);
  }
  return Errno::kSuccess;
}

absl::StatusOr<Errno> ProcExit(WasiCtx&, const GuestMemory&, const uint64_t* args) {
  return ExitStatus(ArgU32(args, 0));
}

// ENOSYS on purpose: raising a signal would act on the host process (the
// runtime and every other guest in it), which no guest capability grants.
// wasi-libc's raise() reports the error to the program.
absl::StatusOr<Errno> ProcRaise(WasiCtx&, const GuestMemory&, const uint64_t*) {
  return Errno::kNosys;
}

absl::StatusOr<Errno> SchedYield(WasiCtx&, const GuestMemory&, const uint64_t*) {
  ::sched_yield();
  return Errno::kSuccess;
}

// One entry per line (clang-format would pack them).
// clang-format off
constexpr WasiFunction kFunctions[] = {
    {"clock_res_get", "ii", true, ClockResGet},
    {"clock_time_get", "iIi", true, ClockTimeGet},
    {"random_get", "ii", true, RandomGet},
    {"proc_exit", "i", false, ProcExit},
    {"proc_raise", "i", true, ProcRaise},
    {"sched_yield", "", true, SchedYield},
};
// clang-format on

}  // namespace

std::span<const WasiFunction> ClockRandomProcFunctions() {
  return kFunctions;
}

}  // namespace wasmtier::wasi
