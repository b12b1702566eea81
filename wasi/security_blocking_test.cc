// A guest that blocks inside a WASI call must still be stoppable: an
// embedder's interrupt (what `wasmtier run -W timeout=...` uses) has to end a
// poll_oneoff sleep or an fd_read on a silent pipe, not only wasm loops.
// Each test bounds itself: the guest's sleep is 3 s and the pipe gets a byte
// after 3 s, so a failure costs seconds, not a hang; the interrupt fires at
// 200 ms and the call must come back well before the 3 s.
#include <fcntl.h>
#include <unistd.h>

#include <chrono>
#include <string>
#include <thread>

#include "gtest/gtest.h"
#include "wasi/security/harness.h"

namespace wasmtier::wasi::security {
namespace {

using std::chrono::milliseconds;

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

TEST(BlockingTest, InterruptEndsAnFdReadOnASilentPipe) {
  int fds[2];
  ASSERT_EQ(::pipe2(fds, O_CLOEXEC), 0);
  WasiConfig config;
  config.stdin_fd = fds[0];
  // Unblocks the read after 3 s, whatever happens, so the test cannot hang.
  std::thread feeder([w = fds[1]] {
    std::this_thread::sleep_for(milliseconds(3000));
    (void)!::write(w, "x", 1);
  });
  InterruptedRun run = RunWithInterrupt(kReader, config, milliseconds(200));
  feeder.join();
  ::close(fds[0]);
  ::close(fds[1]);
  EXPECT_LT(run.elapsed, milliseconds(1500))
      << "the interrupt waited for fd_read on a silent stdin (" << run.status << ")";
}

}  // namespace
}  // namespace wasmtier::wasi::security
