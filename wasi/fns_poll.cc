// poll_oneoff: wait until one of the guest's subscriptions (clock deadlines,
// descriptors readable/writable) is ready, and report every ready one as an
// event. Descriptors are waited on with ppoll(2); the nearest clock deadline
// is its timeout.
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <vector>

#include "wasi/blocking.h"
#include "wasi/fn_util.h"
#include "wasi/functions.h"
#include "wasi/host_fd.h"
#include "wasi/types.h"

namespace wasmtier::wasi {
namespace {

// More subscriptions than this are EINVAL, as poll(2) refuses more fds than
// RLIMIT_NOFILE. It bounds the host memory a guest-chosen count allocates
// (about 40 bytes each) while leaving room for any real program.
constexpr uint32_t kMaxSubscriptions = 1 << 16;

struct Subscription {
  uint64_t userdata = 0;
  uint8_t type = 0;
  Errno error = Errno::kSuccess;  // not kSuccess: reported at once
  clockid_t clock = CLOCK_MONOTONIC;
  uint64_t deadline = 0;  // on {clock}, ns
  int pollfd = -1;        // index into the pollfd array
};

uint64_t Now(clockid_t clock) {
  struct timespec ts;
  ::clock_gettime(clock, &ts);
  return TimespecToNs(ts);
}

// Reads clock subscription {sub} (relative or absolute deadline). Only the
// realtime and monotonic clocks can be waited on: a CPU-time clock does not
// advance while we sleep, so its subscription is ENOTSUP.
void ParseClock(const GuestMemory& memory, uint64_t base, Subscription& sub) {
  uint32_t id = *memory.Load<uint32_t>(base + kSubscriptionClockId);
  uint64_t timeout = *memory.Load<uint64_t>(base + kSubscriptionClockTimeout);
  uint16_t flags = *memory.Load<uint16_t>(base + kSubscriptionClockFlags);
  if (flags & ~kSubclockflagsAbstime) {
    sub.error = Errno::kInval;
    return;
  }
  switch (id) {
    case kClockRealtime:
      sub.clock = CLOCK_REALTIME;
      break;
    case kClockMonotonic:
      sub.clock = CLOCK_MONOTONIC;
      break;
    case kClockProcessCputime:
    case kClockThreadCputime:
      sub.error = Errno::kNotsup;
      return;
    default:
      sub.error = Errno::kInval;
      return;
  }
  if (flags & kSubclockflagsAbstime) {
    sub.deadline = timeout;
  } else {
    uint64_t now = Now(sub.clock);
    sub.deadline = timeout > UINT64_MAX - now ? UINT64_MAX : now + timeout;
  }
}

// Reads every subscription; descriptor ones get a pollfd. Bad descriptors and
// missing rights become event errors, not a failure of the whole call, so the
// guest learns which subscription was wrong (wasi-libc's poll() turns them
// into POLLNVAL-like revents).
void ParseAll(WasiCtx& ctx, const GuestMemory& memory, uint32_t in, uint32_t n,
              std::vector<Subscription>& subs, std::vector<struct pollfd>& pollfds) {
  subs.resize(n);
  for (uint32_t i = 0; i < n; ++i) {
    uint64_t base = in + uint64_t{i} * kSubscriptionSize;  // inside the checked span
    Subscription& sub = subs[i];
    sub.userdata = *memory.Load<uint64_t>(base + kSubscriptionUserdata);
    sub.type = *memory.Load<uint8_t>(base + kSubscriptionTag);
    if (sub.type == kEventtypeClock) {
      ParseClock(memory, base, sub);
    } else if (sub.type == kEventtypeFdRead || sub.type == kEventtypeFdWrite) {
      FdEntry* entry;
      uint32_t fd = *memory.Load<uint32_t>(base + kSubscriptionFdFd);
      sub.error = ctx.Lookup(fd, kRightPollFdReadwrite, &entry);
      if (sub.error != Errno::kSuccess) continue;
      sub.pollfd = static_cast<int>(pollfds.size());
      short events = sub.type == kEventtypeFdRead ? POLLIN : POLLOUT;
      pollfds.push_back({entry->host.get(), events, 0});
    } else {
      sub.error = Errno::kInval;
    }
  }
}

// Bytes available to read from {fd}: what is left of a regular file after its
// position, else FIONREAD's count (0 when the host cannot say).
uint64_t ReadableBytes(int fd) {
  struct stat st;
  if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) {
    off_t pos = ::lseek(fd, 0, SEEK_CUR);
    return pos >= 0 && st.st_size > pos ? static_cast<uint64_t>(st.st_size - pos) : 0;
  }
  int avail = 0;
  return ::ioctl(fd, FIONREAD, &avail) == 0 && avail > 0 ? static_cast<uint64_t>(avail) : 0;
}

// Appends the event of {sub} to {out} if it is ready now.
void CollectReady(const Subscription& sub, const std::vector<struct pollfd>& pollfds,
                  std::vector<GuestStruct<kEventSize>>& out) {
  GuestStruct<kEventSize> event;
  event.Put<uint64_t>(kEventUserdata, sub.userdata);
  event.Put<uint8_t>(kEventType, sub.type);
  if (sub.error != Errno::kSuccess) {
    event.Put<uint16_t>(kEventError, static_cast<uint16_t>(sub.error));
  } else if (sub.type == kEventtypeClock) {
    if (Now(sub.clock) < sub.deadline) return;
  } else {
    const struct pollfd& p = pollfds[sub.pollfd];
    if (p.revents == 0) return;
    if (p.revents & (POLLERR | POLLNVAL)) {
      event.Put<uint16_t>(kEventError, static_cast<uint16_t>(Errno::kIo));
    } else if (sub.type == kEventtypeFdRead) {
      event.Put<uint64_t>(kEventFdNbytes, ReadableBytes(p.fd));
    }
    if (p.revents & POLLHUP) event.Put<uint16_t>(kEventFdFlags, kEventrwflagsHangup);
  }
  out.push_back(event);
}

// The ppoll timeout until the nearest clock deadline; nullopt: none (wait for
// descriptors only).
std::optional<struct timespec> NearestTimeout(const std::vector<Subscription>& subs) {
  std::optional<uint64_t> wait;
  for (const Subscription& sub : subs) {
    if (sub.type != kEventtypeClock || sub.error != Errno::kSuccess) continue;
    uint64_t now = Now(sub.clock);
    uint64_t remaining = sub.deadline > now ? sub.deadline - now : 0;
    wait = wait ? std::min(*wait, remaining) : remaining;
  }
  if (!wait) return std::nullopt;
  return NsToTimespec(*wait);
}

// poll_oneoff(in, out, nsubscriptions, nevents_ptr).
absl::StatusOr<Errno> PollOneoff(WasiCtx& ctx, const GuestMemory& memory, const uint64_t* args) {
  uint32_t in = ArgU32(args, 0), out = ArgU32(args, 1), n = ArgU32(args, 2);
  uint32_t nevents_ptr = ArgU32(args, 3);
  if (n == 0 || n > kMaxSubscriptions) return Errno::kInval;
  if (!Writable(memory, in, uint64_t{n} * kSubscriptionSize) ||
      !Writable(memory, out, uint64_t{n} * kEventSize) || !Writable(memory, nevents_ptr, 4)) {
    return Errno::kFault;
  }
  std::vector<Subscription> subs;
  std::vector<struct pollfd> pollfds;
  ParseAll(ctx, memory, in, n, subs, pollfds);
  bool immediate = std::any_of(subs.begin(), subs.end(),
                               [](const Subscription& s) { return s.error != Errno::kSuccess; });
  std::vector<GuestStruct<kEventSize>> events;
  while (events.empty()) {
    std::optional<struct timespec> timeout;
    if (immediate) {
      timeout = timespec{0, 0};
    } else {
      timeout = NearestTimeout(subs);
      // An interruptible store waits in slices, probing between them.
      const struct timespec slice = {0, kSliceMs * 1000000L};
      if (Interruptible() &&
          (!timeout || timeout->tv_sec > 0 || timeout->tv_nsec > slice.tv_nsec)) {
        timeout = slice;
      }
    }
    int rc = ::ppoll(pollfds.data(), pollfds.size(), timeout ? &*timeout : nullptr, nullptr);
    if (rc < 0 && errno != EINTR) return HostErrno();
    if (rc <= 0) {
      for (struct pollfd& p : pollfds) p.revents = 0;  // EINTR/timeout: nothing reported
    }
    for (const Subscription& sub : subs) CollectReady(sub, pollfds, events);
    if (events.empty()) {
      if (absl::Status interrupted = CheckInterrupt(); !interrupted.ok()) return interrupted;
    }
  }
  for (size_t i = 0; i < events.size(); ++i) memory.Store(out + i * kEventSize, events[i]);
  return StoreOut(memory, nevents_ptr, static_cast<uint32_t>(events.size()));
}

// One entry per line (clang-format would pack them).
// clang-format off
constexpr WasiFunction kFunctions[] = {
    {"poll_oneoff", "iiii", true, PollOneoff},
};
// clang-format on

}  // namespace

std::span<const WasiFunction> PollFunctions() {
  return kFunctions;
}

}  // namespace wasmtier::wasi
