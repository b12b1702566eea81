// args_*, environ_*, clock_*, random_get, proc_exit, proc_raise and
// sched_yield, driven from WAT; plus a whole command (_start writing to stdout
// and exiting) run in every tier mode.
#include <time.h>

#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "wasi/errno.h"
#include "wasi/functions.h"
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
using testing::L;
using testing::Outcome;
using testing::WasiHarness;

constexpr uint32_t kPage = 65536;

class ArgsEnvClockTest : public ForwardingTest {
 protected:
  uint64_t HostNow(clockid_t clock) {
    struct timespec ts;
    clock_gettime(clock, &ts);
    return uint64_t(ts.tv_sec) * 1000000000 + uint64_t(ts.tv_nsec);
  }
};

TEST_F(ArgsEnvClockTest, ArgsSizesCountNulTerminators) {
  config_.args = {"prog", "a", "xyz"};
  Make({"args_sizes_get"});
  ASSERT_EQ(Call("args_sizes_get", {I(0), I(4)}), 0);
  EXPECT_EQ(harness_->LoadU32(0), 3u);
  EXPECT_EQ(harness_->LoadU32(4), 5u + 2u + 4u);
  EXPECT_EQ(Call("args_sizes_get", {I(0), I(kPage - 2)}), E(Errno::kFault));
}

TEST_F(ArgsEnvClockTest, ArgsGetWritesPointersAndStrings) {
  config_.args = {"prog", "", "xyz"};
  Make({"args_get"});
  ASSERT_EQ(Call("args_get", {I(100), I(1000)}), 0);
  EXPECT_EQ(harness_->LoadU32(100), 1000u);
  EXPECT_EQ(harness_->LoadU32(104), 1005u);
  EXPECT_EQ(harness_->LoadU32(108), 1006u);
  EXPECT_EQ(harness_->Read(1000, 10), std::string("prog\0\0xyz\0", 10));
}

TEST_F(ArgsEnvClockTest, ArgsGetChecksBothBuffersBeforeWriting) {
  config_.args = {"prog", "argument"};
  Make({"args_get"});
  // The strings would run past the end: the pointer array stays untouched.
  EXPECT_EQ(Call("args_get", {I(100), I(kPage - 10)}), E(Errno::kFault));
  EXPECT_EQ(harness_->LoadU32(100), 0u);
  EXPECT_EQ(Call("args_get", {I(kPage - 4), I(1000)}), E(Errno::kFault));
  EXPECT_EQ(harness_->LoadU8(1000), 0u);
}

TEST_F(ArgsEnvClockTest, EnvironRoundTrips) {
  config_.env = {"HOME=/home/guest", "EMPTY="};
  Make({"environ_sizes_get", "environ_get"});
  ASSERT_EQ(Call("environ_sizes_get", {I(0), I(4)}), 0);
  EXPECT_EQ(harness_->LoadU32(0), 2u);
  EXPECT_EQ(harness_->LoadU32(4), 17u + 7u);
  ASSERT_EQ(Call("environ_get", {I(100), I(200)}), 0);
  EXPECT_EQ(harness_->LoadU32(100), 200u);
  EXPECT_EQ(harness_->LoadU32(104), 217u);
  EXPECT_EQ(harness_->Read(200, 24), std::string("HOME=/home/guest\0EMPTY=\0", 24));
}

TEST_F(ArgsEnvClockTest, EmptyEnvironmentIsZeroSized) {
  Make({"environ_sizes_get", "environ_get"});
  harness_->WriteU32(0, 77);
  harness_->WriteU32(4, 77);
  ASSERT_EQ(Call("environ_sizes_get", {I(0), I(4)}), 0);
  EXPECT_EQ(harness_->LoadU32(0), 0u);
  EXPECT_EQ(harness_->LoadU32(4), 0u);
  // Zero-length buffers at the very end of memory are fine.
  EXPECT_EQ(Call("environ_get", {I(kPage), I(kPage)}), 0);
}

TEST_F(ArgsEnvClockTest, ClockTimeGetReadsTheHostClocks) {
  Make({"clock_time_get", "clock_res_get"});
  uint64_t before = HostNow(CLOCK_REALTIME);
  ASSERT_EQ(Call("clock_time_get", {I(kClockRealtime), L(1), I(8)}), 0);
  uint64_t after = HostNow(CLOCK_REALTIME);
  EXPECT_GE(*harness_->LoadU64(8), before);
  EXPECT_LE(*harness_->LoadU64(8), after);

  before = HostNow(CLOCK_MONOTONIC);
  ASSERT_EQ(Call("clock_time_get", {I(kClockMonotonic), L(0), I(16)}), 0);
  EXPECT_GE(*harness_->LoadU64(16), before);
  ASSERT_EQ(Call("clock_time_get", {I(kClockMonotonic), L(0), I(24)}), 0);
  EXPECT_GE(*harness_->LoadU64(24), *harness_->LoadU64(16));

  ASSERT_EQ(Call("clock_time_get", {I(kClockProcessCputime), L(0), I(32)}), 0);
  EXPECT_GT(*harness_->LoadU64(32), 0u);
  ASSERT_EQ(Call("clock_time_get", {I(kClockThreadCputime), L(0), I(40)}), 0);
  EXPECT_GT(*harness_->LoadU64(40), 0u);

  EXPECT_EQ(Call("clock_time_get", {I(4), L(0), I(8)}), E(Errno::kInval));
  EXPECT_EQ(Call("clock_time_get", {I(kClockRealtime), L(0), I(kPage - 4)}), E(Errno::kFault));

  ASSERT_EQ(Call("clock_res_get", {I(kClockMonotonic), I(48)}), 0);
  EXPECT_GT(*harness_->LoadU64(48), 0u);
  EXPECT_LE(*harness_->LoadU64(48), 1000000000u);
  EXPECT_EQ(Call("clock_res_get", {I(99), I(48)}), E(Errno::kInval));
  EXPECT_EQ(Call("clock_res_get", {I(kClockRealtime), I(kPage - 1)}), E(Errno::kFault));
}

TEST_F(ArgsEnvClockTest, RandomGetFillsLargeBuffers) {
  Make({"random_get"}, 4);
  const uint32_t kLen = 3 * kPage;
  ASSERT_EQ(Call("random_get", {I(100), I(kLen)}), 0);
  std::optional<std::string> first = harness_->Read(100, kLen);
  ASSERT_TRUE(first);
  // 196608 random bytes: a run of 64 zero bytes has odds ~2^-512.
  EXPECT_EQ(first->find(std::string(64, '\0')), std::string::npos);
  ASSERT_EQ(Call("random_get", {I(100), I(32)}), 0);
  EXPECT_NE(harness_->Read(100, 32), first->substr(0, 32));
  EXPECT_EQ(Call("random_get", {I(4 * kPage - 8), I(9)}), E(Errno::kFault));
  EXPECT_EQ(Call("random_get", {I(4 * kPage), I(0)}), 0);
}

TEST_F(ArgsEnvClockTest, ProcRaiseIsEnosysAndSchedYieldSucceeds) {
  Make({"proc_raise", "sched_yield"});
  EXPECT_EQ(Call("proc_raise", {I(2)}), E(Errno::kNosys));
  EXPECT_EQ(Call("sched_yield", {}), 0);
}

TEST_F(ArgsEnvClockTest, ProcExitEndsTheCallWithItsCode) {
  Make({"proc_exit"});
  Outcome outcome = harness_->Call("proc_exit", std::vector<Val>{I(42)});
  EXPECT_FALSE(outcome.status.ok());
  EXPECT_EQ(outcome.exit_code, 42u);
  EXPECT_FALSE(outcome.trap.has_value());
  EXPECT_EQ(ExitCode(ExitStatus(0)), 0u);
  EXPECT_EQ(ExitCode(ExitStatus(0xFFFFFFFFu)), 0xFFFFFFFFu);
  EXPECT_EQ(ExitCode(absl::OkStatus()), std::nullopt);
  EXPECT_EQ(ExitCode(absl::CancelledError("proc_exit(3)")), std::nullopt);
}

TEST_F(ArgsEnvClockTest, ATrapIsNotAnExit) {
  Outcome outcome = testing::RunWat("(module (func (export \"_start\") unreachable))", config_);
  EXPECT_FALSE(outcome.status.ok());
  EXPECT_TRUE(outcome.trap.has_value());
  EXPECT_EQ(outcome.exit_code, std::nullopt);
}

// A command as a toolchain would emit it: args read through args_sizes_get/
// args_get, "hello <argv[1]>\n" written to stdout, then proc_exit from a
// nested call, with code after it that must never run.
constexpr char kHelloCommand[] = R"((module
  (import "wasi_snapshot_preview1" "args_sizes_get" (func $args_sizes_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "args_get" (func $args_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 1)
  (data (i32.const 100) "hello ")
  (func $strlen (param $p i32) (result i32) (local $n i32)
    (block $done (loop $next
      (br_if $done (i32.eqz (i32.load8_u (i32.add (local.get $p) (local.get $n)))))
      (local.set $n (i32.add (local.get $n) (i32.const 1)))
      (br $next)))
    (local.get $n))
  (func $finish (param $code i32)
    (call $proc_exit (local.get $code))
    unreachable)
  (func (export "_start") (local $arg i32)
    (drop (call $args_sizes_get (i32.const 0) (i32.const 4)))
    (drop (call $args_get (i32.const 16) (i32.const 512)))
    (local.set $arg (i32.load (i32.const 20)))
    ;; iovecs at 200: "hello ", argv[1], "\n"
    (i32.store (i32.const 200) (i32.const 100))
    (i32.store (i32.const 204) (i32.const 6))
    (i32.store (i32.const 208) (local.get $arg))
    (i32.store (i32.const 212) (call $strlen (local.get $arg)))
    (i32.store8 (i32.const 300) (i32.const 10))
    (i32.store (i32.const 216) (i32.const 300))
    (i32.store (i32.const 220) (i32.const 1))
    (if (call $fd_write (i32.const 1) (i32.const 200) (i32.const 3) (i32.const 400))
      (then (call $finish (i32.const 99))))
    (call $finish (i32.load (i32.const 0)))))
)";

class CommandInEveryTier : public ::testing::TestWithParam<TierMode> {};

TEST_P(CommandInEveryTier, HelloWritesAndExitsWithArgc) {
  CaptureFile out;
  WasiConfig config;
  config.args = {"hello.wasm", "wasmtier"};
  config.stdout_fd = out.fd();
  Config engine;
  engine.tier = GetParam();
  auto harness = WasiHarness::Create(kHelloCommand, config, engine);
  ASSERT_TRUE(harness.ok()) << harness.status();
  Outcome outcome = (*harness)->RunStart();
  // Expected failure while jit/ is being written: the engine says so with
  // "unsupported"; the test runs for real as soon as the tier exists.
  if (GetParam() == TierMode::kJit && absl::IsUnimplemented(outcome.status)) {
    GTEST_SKIP() << outcome.status;
  }
  EXPECT_EQ(outcome.exit_code, 2u) << outcome.status;  // argc
  EXPECT_EQ(out.ReadAll(), "hello wasmtier\n");
}

INSTANTIATE_TEST_SUITE_P(Tiers, CommandInEveryTier,
                         ::testing::Values(TierMode::kAuto, TierMode::kInterp, TierMode::kJit),
                         [](const ::testing::TestParamInfo<TierMode>& info) {
                           return std::string(TierModeName(info.param));
                         });

}  // namespace
}  // namespace wasmtier::wasi
