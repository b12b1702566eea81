// poll_oneoff (clock and descriptor subscriptions) and sock_* on host
// sockets (socketpairs and a listening Unix socket given as stdio), driven
// from WAT.
#include <fcntl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "gtest/gtest.h"
#include "wasi/errno.h"
#include "wasi/testing/forwarding_test.h"
#include "wasi/testing/wasi_test_util.h"
#include "wasi/types.h"

namespace wasmtier::wasi {
namespace {

using testing::CaptureFile;
using testing::E;
using testing::ForwardingModule;
using testing::ForwardingTest;
using testing::I;
using testing::Outcome;
using testing::WasiHarness;

constexpr uint32_t kPage = 65536;
constexpr uint32_t kSubs = 1024;    // subscriptions written here
constexpr uint32_t kEvents = 8192;  // events read from here
constexpr uint32_t kNevents = 60000;

uint64_t MonotonicNs() {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return uint64_t(ts.tv_sec) * 1000000000 + uint64_t(ts.tv_nsec);
}

class PollSockTest : public ForwardingTest {
 protected:
  PollSockTest() { config_.stdin_fd = config_.stdout_fd = config_.stderr_fd = -1; }

  void Track(int fd) { host_fds_.push_back(fd); }
  void CloseHost(int fd) {
    ::close(fd);
    host_fds_.erase(std::find(host_fds_.begin(), host_fds_.end(), fd));
  }

  // Subscription {i} at kSubs.
  void ClockSub(uint32_t i, uint64_t userdata, uint32_t clock, uint64_t timeout, uint16_t flags) {
    uint32_t at = kSubs + i * kSubscriptionSize;
    harness_->Write(at, std::string(kSubscriptionSize, '\0'));
    harness_->WriteU64(at + kSubscriptionUserdata, userdata);
    harness_->Write(at + kSubscriptionTag, std::string(1, char(kEventtypeClock)));
    harness_->WriteU32(at + kSubscriptionClockId, clock);
    harness_->WriteU64(at + kSubscriptionClockTimeout, timeout);
    harness_->Write(at + kSubscriptionClockFlags, std::string(1, char(flags)));
  }
  void FdSub(uint32_t i, uint64_t userdata, uint8_t type, uint32_t fd) {
    uint32_t at = kSubs + i * kSubscriptionSize;
    harness_->Write(at, std::string(kSubscriptionSize, '\0'));
    harness_->WriteU64(at + kSubscriptionUserdata, userdata);
    harness_->Write(at + kSubscriptionTag, std::string(1, char(type)));
    harness_->WriteU32(at + kSubscriptionFdFd, fd);
  }
  int32_t Poll(uint32_t n) {
    return Call("poll_oneoff", {I(kSubs), I(kEvents), I(n), I(kNevents)});
  }
  uint32_t Nevents() { return *harness_->LoadU32(kNevents); }
  struct Event {
    uint64_t userdata;
    uint16_t error;
    uint8_t type;
    uint64_t nbytes;
    uint16_t flags;
  };
  Event EventAt(uint32_t i) {
    uint32_t at = kEvents + i * kEventSize;
    return {*harness_->LoadU64(at + kEventUserdata), *harness_->LoadU16(at + kEventError),
            *harness_->LoadU8(at + kEventType), *harness_->LoadU64(at + kEventFdNbytes),
            *harness_->LoadU16(at + kEventFdFlags)};
  }
  // {iovs} at 0 describing one buffer {buf, len}.
  void Iovec(uint32_t buf, uint32_t len) {
    harness_->WriteU32(0, buf);
    harness_->WriteU32(4, len);
  }
};

TEST_F(PollSockTest, NoSubscriptionsIsEinval) {
  Make({"poll_oneoff"});
  EXPECT_EQ(Poll(0), E(Errno::kInval));
}

TEST_F(PollSockTest, OutOfBoundsOrHugeCountsFailWithoutWaiting) {
  Make({"poll_oneoff"});
  ClockSub(0, 1, kClockMonotonic, 10'000'000'000ull, 0);  // 10 s: must not be waited for
  EXPECT_EQ(Call("poll_oneoff", {I(kPage - 40), I(kEvents), I(1), I(kNevents)}), E(Errno::kFault));
  EXPECT_EQ(Call("poll_oneoff", {I(kSubs), I(kPage - 16), I(1), I(kNevents)}), E(Errno::kFault));
  EXPECT_EQ(Call("poll_oneoff", {I(kSubs), I(kEvents), I(1), I(kPage - 2)}), E(Errno::kFault));
  // 2^32-1 subscriptions: refused before anything is read or allocated.
  EXPECT_EQ(Call("poll_oneoff", {I(kSubs), I(kEvents), I(-1), I(kNevents)}), E(Errno::kInval));
  // Within the bound but larger than memory: EFAULT.
  EXPECT_EQ(Call("poll_oneoff", {I(kSubs), I(kEvents), I(2000), I(kNevents)}), E(Errno::kFault));
}

TEST_F(PollSockTest, RelativeClockWaitsAtLeastItsTimeout) {
  Make({"poll_oneoff"});
  ClockSub(0, 0xC10C, kClockMonotonic, 20'000'000, 0);
  uint64_t start = MonotonicNs();
  ASSERT_EQ(Poll(1), 0);
  EXPECT_GE(MonotonicNs() - start, 20'000'000u);
  ASSERT_EQ(Nevents(), 1u);
  Event e = EventAt(0);
  EXPECT_EQ(e.userdata, 0xC10Cu);
  EXPECT_EQ(e.error, 0);
  EXPECT_EQ(e.type, kEventtypeClock);
}

TEST_F(PollSockTest, AbsoluteClockWaitsUntilTheDeadline) {
  Make({"poll_oneoff", "clock_time_get"});
  ASSERT_EQ(Call("clock_time_get", {I(kClockRealtime), Val::I64(0), I(16)}), 0);
  uint64_t deadline = *harness_->LoadU64(16) + 25'000'000;
  ClockSub(0, 5, kClockRealtime, deadline, kSubclockflagsAbstime);
  ASSERT_EQ(Poll(1), 0);
  ASSERT_EQ(Call("clock_time_get", {I(kClockRealtime), Val::I64(0), I(16)}), 0);
  EXPECT_GE(*harness_->LoadU64(16), deadline);
  ASSERT_EQ(Nevents(), 1u);
  EXPECT_EQ(EventAt(0).userdata, 5u);
  // A deadline in the past is ready at once.
  ClockSub(0, 6, kClockMonotonic, 1, kSubclockflagsAbstime);
  ASSERT_EQ(Poll(1), 0);
  EXPECT_EQ(Nevents(), 1u);
}

TEST_F(PollSockTest, ReadableDescriptorWinsOverALongClock) {
  int p[2];
  ASSERT_EQ(::pipe2(p, O_CLOEXEC), 0);
  Track(p[0]);
  Track(p[1]);
  ASSERT_EQ(::write(p[1], "abc", 3), 3);
  config_.stdin_fd = p[0];
  Make({"poll_oneoff"});
  FdSub(0, 10, kEventtypeFdRead, 0);
  ClockSub(1, 11, kClockMonotonic, 10'000'000'000ull, 0);
  uint64_t start = MonotonicNs();
  ASSERT_EQ(Poll(2), 0);
  EXPECT_LT(MonotonicNs() - start, 5'000'000'000ull);
  ASSERT_EQ(Nevents(), 1u);
  Event e = EventAt(0);
  EXPECT_EQ(e.userdata, 10u);
  EXPECT_EQ(e.type, kEventtypeFdRead);
  EXPECT_EQ(e.error, 0);
  EXPECT_EQ(e.nbytes, 3u);
  EXPECT_EQ(e.flags, 0);
}

TEST_F(PollSockTest, EmptyPipeTimesOutAndClosedWriterIsHangup) {
  int p[2];
  ASSERT_EQ(::pipe2(p, O_CLOEXEC), 0);
  Track(p[0]);
  Track(p[1]);
  config_.stdin_fd = p[0];
  config_.stdout_fd = p[1];
  Make({"poll_oneoff"});
  FdSub(0, 1, kEventtypeFdRead, 0);
  ClockSub(1, 2, kClockMonotonic, 10'000'000, 0);
  ASSERT_EQ(Poll(2), 0);
  ASSERT_EQ(Nevents(), 1u);
  EXPECT_EQ(EventAt(0).userdata, 2u);
  // fd_write on the pipe's write end is ready at once.
  FdSub(0, 3, kEventtypeFdWrite, 1);
  ASSERT_EQ(Poll(1), 0);
  ASSERT_EQ(Nevents(), 1u);
  EXPECT_EQ(EventAt(0).type, kEventtypeFdWrite);
  // Every writer gone: readable with HANGUP.
  CloseHost(p[1]);
  harness_->ctx().Close(1);
  FdSub(0, 4, kEventtypeFdRead, 0);
  ASSERT_EQ(Poll(1), 0);
  ASSERT_EQ(Nevents(), 1u);
  EXPECT_EQ(EventAt(0).flags, kEventrwflagsHangup);
}

TEST_F(PollSockTest, BadSubscriptionsAreReportedAsEventErrors) {
  CaptureFile file;
  config_.stdout_fd = file.fd();
  Make({"poll_oneoff", "fd_fdstat_set_rights"});
  FdSub(0, 1, kEventtypeFdRead, 42);                      // not open
  ClockSub(1, 2, kClockThreadCputime, 1000, 0);           // cannot be waited on
  ClockSub(2, 3, 17, 1000, 0);                            // no such clock
  FdSub(3, 4, 9, 0);                                      // no such event type
  ClockSub(4, 5, kClockMonotonic, 10'000'000'000ull, 0);  // not due: not reported
  ASSERT_EQ(Poll(5), 0);
  ASSERT_EQ(Nevents(), 4u);
  EXPECT_EQ(EventAt(0).userdata, 1u);
  EXPECT_EQ(EventAt(0).error, E(Errno::kBadf));
  EXPECT_EQ(EventAt(1).error, E(Errno::kNotsup));
  EXPECT_EQ(EventAt(2).error, E(Errno::kInval));
  EXPECT_EQ(EventAt(3).error, E(Errno::kInval));
  // A regular file is always ready; without POLL_FD_READWRITE it is refused.
  FdSub(0, 6, kEventtypeFdWrite, 1);
  ASSERT_EQ(Poll(1), 0);
  ASSERT_EQ(Nevents(), 1u);
  EXPECT_EQ(EventAt(0).error, 0);
  ASSERT_EQ(Call("fd_fdstat_set_rights", {I(1), Val::I64(kRightFdWrite), Val::I64(0)}), 0);
  ASSERT_EQ(Poll(1), 0);
  EXPECT_EQ(EventAt(0).error, E(Errno::kNotcapable));
}

// ---- interrupts: a guest blocked in a WASI call is still stoppable ----------
// _start sleeps {timeout} ns on the monotonic clock, then returns.
std::string Sleeper(uint64_t timeout_ns) {
  std::string bytes;
  for (int i = 0; i < 8; ++i)
    bytes += "\\" + absl::StrFormat("%02x", (timeout_ns >> (8 * i)) & 0xff);
  return absl::StrCat(R"((module
    (import "wasi_snapshot_preview1" "poll_oneoff" (func $poll (param i32 i32 i32 i32) (result i32)))
    (memory (export "memory") 1)
    (data (i32.const 24) ")",
                      bytes, R"(")
    (data (i32.const 16) "\01\00\00\00")
    (func (export "_start") (result i32)
      (call $poll (i32.const 0) (i32.const 256) (i32.const 1) (i32.const 512)))))");
}

// Runs {harness}'s _start with Store's interrupt fired after {after}.
Outcome RunInterruptedAfter(WasiHarness& harness, std::chrono::milliseconds after,
                            std::chrono::steady_clock::duration* elapsed) {
  std::function<void()> interrupt = harness.store().InterruptHandle();
  std::thread watchdog([interrupt, after] {
    std::this_thread::sleep_for(after);
    interrupt();
  });
  auto start = std::chrono::steady_clock::now();
  Outcome outcome = harness.Call("_start");
  *elapsed = std::chrono::steady_clock::now() - start;
  watchdog.join();
  return outcome;
}

TEST(InterruptTest, EndsAPollOneoffSleepWithTheInterruptTrap) {
  Config engine;
  engine.interruptible = true;
  auto harness = WasiHarness::Create(Sleeper(5'000'000'000ull), WasiConfig{}, engine);
  ASSERT_TRUE(harness.ok()) << harness.status();
  std::chrono::steady_clock::duration elapsed;
  Outcome outcome = RunInterruptedAfter(**harness, std::chrono::milliseconds(100), &elapsed);
  EXPECT_LT(elapsed, std::chrono::milliseconds(2000));
  ASSERT_TRUE(outcome.trap.has_value()) << outcome.status;
  EXPECT_EQ(outcome.trap->code, TrapCode::kInterrupted);
  // The backtrace is the guest's: its _start (function 1) called poll_oneoff.
  ASSERT_FALSE(outcome.trap->backtrace.empty());
  EXPECT_EQ(outcome.trap->backtrace[0].func_index, 1u) << outcome.trap->ToString();
}

// Watching for the interrupt between wait slices runs no wasm, so it costs
// no fuel: a guest with 3 units left sleeps 300 ms (6 slices) and returns.
TEST(InterruptTest, SlicedWaitsCostNoFuel) {
  Config engine;
  engine.interruptible = true;
  engine.consume_fuel = true;
  auto harness = WasiHarness::Create(Sleeper(300'000'000ull), WasiConfig{}, engine);
  ASSERT_TRUE(harness.ok()) << harness.status();
  ASSERT_TRUE((*harness)->store().SetFuel(3).ok());
  Outcome outcome = (*harness)->Call("_start");
  ASSERT_TRUE(outcome.status.ok()) << outcome.status;
  EXPECT_EQ(outcome.i32(), 0);
  absl::StatusOr<uint64_t> fuel = (*harness)->store().GetFuel();
  ASSERT_TRUE(fuel.ok());
  EXPECT_GE(*fuel, 1u);  // _start's own call only
}

TEST(InterruptTest, EndsAReadOnASilentPipe) {
  int p[2];
  ASSERT_EQ(::pipe2(p, O_CLOEXEC), 0);
  WasiConfig config;
  config.stdin_fd = p[0];
  Config engine;
  engine.interruptible = true;
  auto harness = WasiHarness::Create(R"((module
    (import "wasi_snapshot_preview1" "fd_read" (func $read (param i32 i32 i32 i32) (result i32)))
    (memory (export "memory") 1)
    (data (i32.const 0) "\00\01\00\00\01\00\00\00")
    (func (export "_start") (result i32)
      (call $read (i32.const 0) (i32.const 0) (i32.const 1) (i32.const 16)))))",
                                     config, engine);
  ASSERT_TRUE(harness.ok()) << harness.status();
  std::chrono::steady_clock::duration elapsed;
  // A byte arrives after 5 s unless the read ended first, so a failure
  // cannot hang the test.
  std::atomic<bool> done{false};
  std::thread feeder([w = p[1], &done] {
    for (int i = 0; i < 500 && !done.load(); ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    (void)!::write(w, "x", 1);
  });
  Outcome outcome = RunInterruptedAfter(**harness, std::chrono::milliseconds(100), &elapsed);
  done.store(true);
  feeder.join();
  ::close(p[0]);
  ::close(p[1]);
  EXPECT_LT(elapsed, std::chrono::milliseconds(2000));
  ASSERT_TRUE(outcome.trap.has_value()) << outcome.status;
  EXPECT_EQ(outcome.trap->code, TrapCode::kInterrupted);
}

// "recv"/"send": sock_recv or sock_send of 4096 bytes on stdin.
constexpr char kSockIo[] = R"((module
  (import "wasi_snapshot_preview1" "sock_recv" (func $recv (param i32 i32 i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "sock_send" (func $send (param i32 i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 0) "\00\10\00\00\00\10\00\00")
  (func (export "recv") (result i32)
    (call $recv (i32.const 0) (i32.const 0) (i32.const 1) (i32.const 0) (i32.const 16) (i32.const 20)))
  (func (export "send") (result i32)
    (call $send (i32.const 0) (i32.const 0) (i32.const 1) (i32.const 0) (i32.const 16)))))";

// Calls {name} of kSockIo with stdin = one end of a socketpair, interrupting
// after 100 ms; a peer thread ends the wait after 5 s if the interrupt does not.
void ExpectSockCallInterrupted(const char* name, bool fill_first) {
  int sv[2];
  ASSERT_EQ(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv), 0);
  if (fill_first) {
    // Fill the guest's send buffer (MSG_DONTWAIT leaves the shared file
    // status flags blocking, as the guest sees them).
    char block[4096] = {};
    while (::send(sv[0], block, sizeof block, MSG_DONTWAIT) > 0) {
    }
  }
  WasiConfig config;
  config.stdin_fd = sv[0];
  Config engine;
  engine.interruptible = true;
  auto harness = WasiHarness::Create(kSockIo, config, engine);
  ASSERT_TRUE(harness.ok()) << harness.status();
  std::atomic<bool> done{false};
  std::thread peer([p = sv[1], &done] {
    for (int i = 0; i < 500 && !done.load(); ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    ::shutdown(p, SHUT_RDWR);
  });
  std::function<void()> interrupt = (*harness)->store().InterruptHandle();
  std::thread watchdog([interrupt] {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    interrupt();
  });
  auto start = std::chrono::steady_clock::now();
  Outcome outcome = (*harness)->Call(name);
  auto elapsed = std::chrono::steady_clock::now() - start;
  done.store(true);
  watchdog.join();
  peer.join();
  ::close(sv[0]);
  ::close(sv[1]);
  EXPECT_LT(elapsed, std::chrono::milliseconds(2000)) << name;
  ASSERT_TRUE(outcome.trap.has_value()) << name << ": " << outcome.status;
  EXPECT_EQ(outcome.trap->code, TrapCode::kInterrupted);
}

TEST(InterruptTest, EndsASockRecvFromASilentPeer) {
  ExpectSockCallInterrupted("recv", false);
}

TEST(InterruptTest, EndsASockSendToAFullSocket) {
  ExpectSockCallInterrupted("send", true);
}

// A pipe with one page free and a guest writing 64 KiB at a time in a loop:
// each write must fit what the pipe can take at once (PIPE_BUF), so the
// writer ends up in an interruptible wait, never inside a blocked writev.
TEST(InterruptTest, EndsALargeWriteToANearlyFullPipe) {
  int p[2];
  ASSERT_EQ(::pipe2(p, O_CLOEXEC), 0);
  ASSERT_EQ(::fcntl(p[1], F_SETFL, O_NONBLOCK), 0);
  char block[4096] = {};
  while (::write(p[1], block, sizeof block) > 0) {
  }
  ASSERT_EQ(::fcntl(p[1], F_SETFL, 0), 0);
  ASSERT_EQ(::read(p[0], block, sizeof block), 4096);
  WasiConfig config;
  config.stdout_fd = p[1];
  Config engine;
  engine.interruptible = true;
  auto harness = WasiHarness::Create(R"((module
    (import "wasi_snapshot_preview1" "fd_write" (func $write (param i32 i32 i32 i32) (result i32)))
    (memory (export "memory") 2)
    (data (i32.const 0) "\00\00\01\00\00\00\01\00")
    (func (export "_start") (result i32)
      (loop $again
        (br_if $again (i32.eqz (call $write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 16)))))
      (i32.const -1))))",
                                     config, engine);
  ASSERT_TRUE(harness.ok()) << harness.status();
  std::atomic<bool> done{false};
  std::thread drain([r = p[0], &done] {
    for (int i = 0; i < 500 && !done.load(); ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    char sink[65536];
    while (!done.load() && ::read(r, sink, sizeof sink) > 0) {
    }
  });
  std::chrono::steady_clock::duration elapsed;
  Outcome outcome = RunInterruptedAfter(**harness, std::chrono::milliseconds(100), &elapsed);
  done.store(true);
  ::close(p[1]);
  (*harness).reset();  // closes the guest's copy of the write end: the drain sees EOF
  drain.join();
  ::close(p[0]);
  EXPECT_LT(elapsed, std::chrono::milliseconds(2000));
  ASSERT_TRUE(outcome.trap.has_value()) << outcome.status;
  EXPECT_EQ(outcome.trap->code, TrapCode::kInterrupted);
}

TEST(InterruptTest, SlicedWaitsStillReturnNormally) {
  // Interruptible but never interrupted: the sleep completes with success.
  Config engine;
  engine.interruptible = true;
  auto harness = WasiHarness::Create(Sleeper(120'000'000), WasiConfig{}, engine);
  ASSERT_TRUE(harness.ok()) << harness.status();
  uint64_t start = MonotonicNs();
  Outcome outcome = (*harness)->Call("_start");
  EXPECT_GE(MonotonicNs() - start, 120'000'000u);
  ASSERT_TRUE(outcome.status.ok()) << outcome.status;
  EXPECT_EQ(outcome.i32(), 0);
  EXPECT_EQ((*harness)->LoadU32(512), 1u);  // one event
}

// ---- sockets ---------------------------------------------------------------
class SockTest : public PollSockTest {
 protected:
  // A socketpair: the guest's stdin is one end, {peer_} the other.
  void SetUpPair() {
    int sv[2];
    ASSERT_EQ(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv), 0);
    Track(sv[0]);
    Track(sv[1]);
    config_.stdin_fd = sv[0];
    peer_ = sv[1];
  }
  // A listening Unix socket at an autobound abstract address (no path-length
  // limit, nothing left in the filesystem); its address in {addr}/{len}.
  int Listen(struct sockaddr_un* addr, socklen_t* len) {
    int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    EXPECT_GE(fd, 0);
    Track(fd);
    sa_family_t family = AF_UNIX;
    EXPECT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&family), sizeof family), 0);
    EXPECT_EQ(::listen(fd, 4), 0);
    *len = sizeof *addr;
    EXPECT_EQ(::getsockname(fd, reinterpret_cast<sockaddr*>(addr), len), 0);
    return fd;
  }
  int peer_ = -1;
};

TEST_F(SockTest, SocketpairStdinIsASocket) {
  SetUpPair();
  Make({"fd_fdstat_get"});
  ASSERT_EQ(Call("fd_fdstat_get", {I(0), I(64)}), 0);
  EXPECT_EQ(harness_->LoadU8(64 + kFdstatFiletype), kFiletypeSocketStream);
  EXPECT_EQ(*harness_->LoadU64(64 + kFdstatRightsBase) & kRightSockShutdown, kRightSockShutdown);
}

TEST_F(SockTest, SendAndReceiveThroughASocketpair) {
  SetUpPair();
  Make({"sock_send", "sock_recv"});
  harness_->Write(100, "ping");
  Iovec(100, 4);
  ASSERT_EQ(Call("sock_send", {I(0), I(0), I(1), I(0), I(300)}), 0);
  EXPECT_EQ(harness_->LoadU32(300), 4u);
  char buf[8] = {};
  ASSERT_EQ(::read(peer_, buf, sizeof buf), 4);
  EXPECT_STREQ(buf, "ping");

  ASSERT_EQ(::write(peer_, "pong!", 5), 5);
  Iovec(200, 16);
  harness_->WriteU32(304, 0xFFFF);
  ASSERT_EQ(Call("sock_recv", {I(0), I(0), I(1), I(kRiflagsRecvPeek), I(300), I(304)}), 0);
  EXPECT_EQ(harness_->LoadU32(300), 5u);
  EXPECT_EQ(harness_->LoadU16(304), 0u);
  harness_->Write(200, "_____");
  // PEEK left the data queued; a plain receive gets it again.
  ASSERT_EQ(Call("sock_recv", {I(0), I(0), I(1), I(0), I(300), I(304)}), 0);
  EXPECT_EQ(harness_->LoadU32(300), 5u);
  EXPECT_EQ(harness_->Read(200, 5), "pong!");
}

TEST_F(SockTest, DatagramTooLongForTheBuffersIsTruncated) {
  int sv[2];
  ASSERT_EQ(::socketpair(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0, sv), 0);
  Track(sv[0]);
  Track(sv[1]);
  config_.stdin_fd = sv[0];
  Make({"sock_recv", "fd_fdstat_get"});
  ASSERT_EQ(Call("fd_fdstat_get", {I(0), I(64)}), 0);
  EXPECT_EQ(harness_->LoadU8(64 + kFdstatFiletype), kFiletypeSocketDgram);
  ASSERT_EQ(::send(sv[1], "0123456789", 10, 0), 10);
  Iovec(200, 4);
  ASSERT_EQ(Call("sock_recv", {I(0), I(0), I(1), I(0), I(300), I(304)}), 0);
  EXPECT_EQ(harness_->LoadU32(300), 4u);
  EXPECT_EQ(harness_->LoadU16(304), kRoflagsRecvDataTruncated);
  EXPECT_EQ(harness_->Read(200, 4), "0123");
}

TEST_F(SockTest, BadArgumentsAndPointers) {
  SetUpPair();
  Make({"sock_send", "sock_recv", "sock_shutdown"});
  Iovec(100, 4);
  EXPECT_EQ(Call("sock_send", {I(0), I(0), I(1), I(1), I(300)}), E(Errno::kInval));
  EXPECT_EQ(Call("sock_recv", {I(0), I(0), I(1), I(4), I(300), I(304)}), E(Errno::kInval));
  EXPECT_EQ(Call("sock_send", {I(0), I(0), I(1), I(0), I(kPage - 3)}), E(Errno::kFault));
  EXPECT_EQ(Call("sock_recv", {I(0), I(0), I(1), I(0), I(300), I(kPage - 1)}), E(Errno::kFault));
  EXPECT_EQ(Call("sock_shutdown", {I(0), I(0)}), E(Errno::kInval));
  EXPECT_EQ(Call("sock_shutdown", {I(0), I(4)}), E(Errno::kInval));
  EXPECT_EQ(Call("sock_send", {I(7), I(0), I(1), I(0), I(300)}), E(Errno::kBadf));
  // Nothing reached the peer.
  char c;
  EXPECT_EQ(::recv(peer_, &c, 1, MSG_DONTWAIT), -1);
}

TEST_F(SockTest, ShutdownWriteGivesThePeerEof) {
  SetUpPair();
  Make({"sock_shutdown", "sock_send"});
  ASSERT_EQ(Call("sock_shutdown", {I(0), I(kSdflagsWr)}), 0);
  char c;
  EXPECT_EQ(::read(peer_, &c, 1), 0);
  harness_->Write(100, "x");
  Iovec(100, 1);
  // Sending after shutdown is EPIPE (and no SIGPIPE kills the test).
  EXPECT_EQ(Call("sock_send", {I(0), I(0), I(1), I(0), I(300)}), E(Errno::kPipe));
}

TEST_F(SockTest, NonSocketsAreEnotsock) {
  CaptureFile file;
  config_.stdout_fd = file.fd();
  Make({"sock_send", "sock_recv", "sock_shutdown", "sock_accept"});
  Iovec(100, 1);
  EXPECT_EQ(Call("sock_send", {I(1), I(0), I(1), I(0), I(300)}), E(Errno::kNotsock));
  EXPECT_EQ(Call("sock_recv", {I(1), I(0), I(1), I(0), I(300), I(304)}), E(Errno::kNotsock));
  EXPECT_EQ(Call("sock_shutdown", {I(1), I(kSdflagsRd)}), E(Errno::kNotsock));
  EXPECT_EQ(Call("sock_accept", {I(1), I(0), I(300)}), E(Errno::kNotsock));
  EXPECT_EQ(Call("sock_accept", {I(5), I(0), I(300)}), E(Errno::kBadf));
  EXPECT_EQ(file.ReadAll(), "");
}

TEST_F(SockTest, AcceptGivesANewDescriptor) {
  struct sockaddr_un addr;
  socklen_t len;
  int listener = Listen(&addr, &len);
  int client = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  Track(client);
  ASSERT_EQ(::connect(client, reinterpret_cast<sockaddr*>(&addr), len), 0);
  ASSERT_EQ(::write(client, "hi", 2), 2);

  config_.stdin_fd = listener;
  Make({"sock_accept", "sock_recv", "fd_fdstat_get"});
  EXPECT_EQ(Call("sock_accept", {I(0), I(kFdflagsAppend), I(300)}), E(Errno::kInval));
  EXPECT_EQ(Call("sock_accept", {I(0), I(0), I(kPage - 2)}), E(Errno::kFault));
  ASSERT_EQ(Call("sock_accept", {I(0), I(kFdflagsNonblock), I(300)}), 0);
  uint32_t fd = *harness_->LoadU32(300);
  EXPECT_EQ(fd, 1u);  // lowest free: stdout/stderr are closed
  ASSERT_EQ(Call("fd_fdstat_get", {I(fd), I(400)}), 0);
  EXPECT_EQ(harness_->LoadU8(400 + kFdstatFiletype), kFiletypeSocketStream);
  EXPECT_EQ(harness_->LoadU16(400 + kFdstatFlags), kFdflagsNonblock);
  Iovec(100, 8);
  ASSERT_EQ(Call("sock_recv", {I(fd), I(0), I(1), I(0), I(304), I(308)}), 0);
  EXPECT_EQ(harness_->LoadU32(304), 2u);
  EXPECT_EQ(harness_->Read(100, 2), "hi");
  // Nonblocking: nothing more queued is EAGAIN, not a hang.
  EXPECT_EQ(Call("sock_recv", {I(fd), I(0), I(1), I(0), I(304), I(308)}), E(Errno::kAgain));
}

TEST_F(SockTest, AcceptRefusesWhenTheTableIsFull) {
  struct sockaddr_un addr;
  socklen_t len;
  int listener = Listen(&addr, &len);
  int client = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  Track(client);
  ASSERT_EQ(::connect(client, reinterpret_cast<sockaddr*>(&addr), len), 0);
  config_.stdin_fd = listener;
  config_.max_open_fds = 1;
  Make({"sock_accept"});
  EXPECT_EQ(Call("sock_accept", {I(0), I(0), I(300)}), E(Errno::kMfile));
  // The connection stayed queued: the host can still accept it.
  int accepted = ::accept4(listener, nullptr, nullptr, SOCK_CLOEXEC | SOCK_NONBLOCK);
  EXPECT_GE(accepted, 0);
  if (accepted >= 0) ::close(accepted);
}

}  // namespace
}  // namespace wasmtier::wasi
