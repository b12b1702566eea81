// A guest that blocks inside a WASI call must still be stoppable: an
// embedder's interrupt (what `wasmtier run -W timeout=...` uses) has to end a
// poll_oneoff sleep, a poll or fd_read on a silent pipe, or an fd_write to a
// full one, not only wasm loops. Each test bounds itself: the guest's sleep
// is 3 s and the pipes are fed or drained after 3 s, so a failure costs
// seconds, not a hang; the interrupt fires at 200 ms and the call must come
// back well before the 3 s.
#include <fcntl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstring>
#include <string>
#include <thread>

#include "gtest/gtest.h"
#include "wasi/security/harness.h"

namespace wasmtier::wasi::security {
namespace {

using std::chrono::milliseconds;

// Sleeps until {done} or 3 s have passed: the bound that keeps a failing
// test from hanging, without costing a passing one the full 3 s.
void WaitUpTo3s(const std::atomic<bool>& done) {
  auto until = std::chrono::steady_clock::now() + milliseconds(3000);
  while (!done && std::chrono::steady_clock::now() < until) {
    std::this_thread::sleep_for(milliseconds(10));
  }
}

// _start sleeps 3 s through one relative monotonic clock subscription.
constexpr char kSleeper[] = R"((module
  (import "wasi_snapshot_preview1" "poll_oneoff" (func $poll (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 0) "\00\00\00\00\00\00\00\00" "\00\00\00\00\00\00\00\00"
                      "\01\00\00\00\00\00\00\00" "\00\5e\d0\b2\00\00\00\00")
  (func (export "_start")
    (drop (call $poll (i32.const 0) (i32.const 256) (i32.const 1) (i32.const 512)))
    (loop $spin (br $spin))))
)";

// _start reads one byte from stdin, then spins.
constexpr char kReader[] = R"((module
  (import "wasi_snapshot_preview1" "fd_read" (func $read (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 0) "\00\01\00\00\01\00\00\00")
  (func (export "_start")
    (drop (call $read (i32.const 0) (i32.const 0) (i32.const 1) (i32.const 16)))
    (loop $spin (br $spin))))
)";

TEST(BlockingTest, InterruptEndsAPollOneoffSleep) {
  InterruptedRun run = RunWithInterrupt(kSleeper, WasiConfig{}, milliseconds(200));
  EXPECT_LT(run.elapsed, milliseconds(1500))
      << "the interrupt waited for the guest's 3 s poll_oneoff sleep (" << run.status << ")";
}

// Runs {wat} with stdin a pipe nobody writes to, interrupted after 200 ms.
// A byte arrives after 3 s whatever happens, so the test cannot hang.
InterruptedRun RunWithSilentStdin(const char* wat) {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) {
    ADD_FAILURE() << "pipe2: " << std::strerror(errno);
    return {absl::InternalError("pipe2 failed")};
  }
  WasiConfig config;
  config.stdin_fd = fds[0];
  std::atomic<bool> done{false};
  std::thread feeder([w = fds[1], &done] {
    WaitUpTo3s(done);
    (void)!::write(w, "x", 1);
  });
  InterruptedRun run = RunWithInterrupt(wat, config, milliseconds(200));
  done = true;
  feeder.join();
  ::close(fds[0]);
  ::close(fds[1]);
  return run;
}

TEST(BlockingTest, InterruptEndsAnFdReadOnASilentPipe) {
  InterruptedRun run = RunWithSilentStdin(kReader);
  EXPECT_LT(run.elapsed, milliseconds(1500))
      << "the interrupt waited for fd_read on a silent stdin (" << run.status << ")";
}

// _start writes 64 KiB blocks to stdout forever.
constexpr char kWriter[] = R"((module
  (import "wasi_snapshot_preview1" "fd_write" (func $write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 2)
  (data (i32.const 0) "\00\00\01\00\00\00\01\00")
  (func (export "_start")
    (loop $again
      (drop (call $write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 16)))
      (br $again))))
)";

TEST(BlockingTest, InterruptEndsAnFdWriteToAFullPipe) {
  int fds[2];
  ASSERT_EQ(::pipe2(fds, O_CLOEXEC), 0);
  WasiConfig config;
  config.stdout_fd = fds[1];
  // Nobody reads for 3 s, then everything is drained, so the test ends.
  std::atomic<bool> done{false};
  std::thread drainer([r = fds[0], &done] {
    WaitUpTo3s(done);
    ::fcntl(r, F_SETFL, O_NONBLOCK);
    char buf[65536];
    while (!done) {
      if (::read(r, buf, sizeof buf) <= 0) std::this_thread::sleep_for(milliseconds(1));
    }
  });
  InterruptedRun run = RunWithInterrupt(kWriter, config, milliseconds(200));
  done = true;
  drainer.join();
  ::close(fds[0]);
  ::close(fds[1]);
  EXPECT_LT(run.elapsed, milliseconds(1500))
      << "the interrupt waited for fd_write to a pipe nobody reads (" << run.status << ")";
}

// _start polls stdin for reading with no clock: it waits for data only.
constexpr char kPollStdin[] = R"((module
  (import "wasi_snapshot_preview1" "poll_oneoff" (func $poll (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 0) "\00\00\00\00\00\00\00\00" "\01\00\00\00\00\00\00\00"
                      "\00\00\00\00\00\00\00\00")
  (func (export "_start")
    (drop (call $poll (i32.const 0) (i32.const 256) (i32.const 1) (i32.const 512)))
    (loop $spin (br $spin))))
)";

TEST(BlockingTest, InterruptEndsAPollOnASilentPipe) {
  InterruptedRun run = RunWithSilentStdin(kPollStdin);
  EXPECT_LT(run.elapsed, milliseconds(1500))
      << "the interrupt waited for poll_oneoff on a silent stdin (" << run.status << ")";
}

// _start accepts a connection on stdin (a listening socket), then spins.
constexpr char kAccepter[] = R"((module
  (import "wasi_snapshot_preview1" "sock_accept" (func $accept (param i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (func (export "_start")
    (drop (call $accept (i32.const 0) (i32.const 0) (i32.const 16)))
    (loop $spin (br $spin))))
)";

TEST(BlockingTest, InterruptEndsASockAcceptWithNoClient) {
  int listener = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  ASSERT_GE(listener, 0);
  struct sockaddr_un addr = {};
  addr.sun_family = AF_UNIX;
  // Abstract address: nothing on disk to clean up.
  std::string name = "wasmtier-security-accept-" + std::to_string(::getpid());
  std::memcpy(addr.sun_path + 1, name.data(), name.size());
  socklen_t len = offsetof(struct sockaddr_un, sun_path) + 1 + name.size();
  ASSERT_EQ(::bind(listener, reinterpret_cast<sockaddr*>(&addr), len), 0);
  ASSERT_EQ(::listen(listener, 1), 0);
  WasiConfig config;
  config.stdin_fd = listener;
  // Connects after 3 s at most, so a blocked accept returns.
  std::atomic<bool> done{false};
  std::thread client([&] {
    WaitUpTo3s(done);
    int c = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    (void)::connect(c, reinterpret_cast<sockaddr*>(&addr), len);
    ::close(c);
  });
  InterruptedRun run = RunWithInterrupt(kAccepter, config, milliseconds(200));
  done = true;
  client.join();
  ::close(listener);
  EXPECT_LT(run.elapsed, milliseconds(1500))
      << "the interrupt waited for sock_accept with no client (" << run.status << ")";
}

}  // namespace
}  // namespace wasmtier::wasi::security
