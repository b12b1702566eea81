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
using std::chrono::steady_clock;

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

// Runs {wat}'s _start with an interrupt after 200 ms; how long it took.
steady_clock::duration RunInterrupted(const char* wat, const WasiConfig& config,
                                      std::string* outcome) {
  absl::StatusOr<std::unique_ptr<WasiCtx>> ctx = CreateContext(config);
  EXPECT_TRUE(ctx.ok()) << ctx.status();
  Config engine_config;
  engine_config.tier = TierMode::kInterp;
  engine_config.interruptible = true;
  Engine engine(engine_config);
  Store store(engine);
  Linker linker(engine);
  EXPECT_TRUE(AddToLinker(linker, store, **ctx).ok());
  absl::StatusOr<Module> module = Module::CompileText(engine, wat);
  EXPECT_TRUE(module.ok()) << module.status();
  absl::StatusOr<Instance> instance = linker.Instantiate(store, *module);
  EXPECT_TRUE(instance.ok()) << instance.status();
  std::function<void()> interrupt = store.InterruptHandle();
  std::thread watchdog([interrupt] {
    std::this_thread::sleep_for(milliseconds(200));
    interrupt();
  });
  auto start = steady_clock::now();
  absl::StatusOr<std::vector<Val>> result = instance->GetFunc("_start")->Call(store, {});
  auto elapsed = steady_clock::now() - start;
  watchdog.join();
  *outcome = result.ok() ? "returned" : result.status().ToString();
  return elapsed;
}

TEST(BlockingTest, InterruptEndsAPollOneoffSleep) {
  std::string outcome;
  auto elapsed = RunInterrupted(kSleeper, WasiConfig{}, &outcome);
  EXPECT_LT(elapsed, milliseconds(1500))
      << "the interrupt waited for the guest's 3 s poll_oneoff sleep (" << outcome << ")";
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
  std::string outcome;
  auto elapsed = RunInterrupted(kReader, config, &outcome);
  feeder.join();
  ::close(fds[0]);
  ::close(fds[1]);
  EXPECT_LT(elapsed, milliseconds(1500))
      << "the interrupt waited for fd_read on a silent stdin (" << outcome << ")";
}

}  // namespace
}  // namespace wasmtier::wasi::security
