// Resource exhaustion by a guest: opening descriptors until the context's
// max_open_fds gives EMFILE at exactly the limit while the host keeps working,
// and every host descriptor is released when the context dies; a guest
// flooding stdout is stopped by an interrupt with the host's memory flat.
#include <dirent.h>
#include <fcntl.h>
#include <sys/resource.h>
#include <unistd.h>

#include <chrono>
#include <string>
#include <thread>

#include "gtest/gtest.h"
#include "wasi/security/harness.h"

namespace wasmtier::wasi::security {
namespace {

int HostFdCount() {
  int count = 0;
  DIR* dir = ::opendir("/proc/self/fd");
  if (dir == nullptr) return -1;
  while (struct dirent* e = ::readdir(dir)) {
    if (e->d_name[0] != '.') ++count;
  }
  ::closedir(dir);
  return count;
}

class ResourceTest : public ::testing::Test {
 protected:
  void SetUp() override { tree_.WriteFile("file.txt", "x"); }
  void TearDown() override { EXPECT_TRUE(tree_.OutsideUntouched()); }

  // Opens file.txt until path_open fails; the number opened and the failure.
  std::pair<uint32_t, std::string> OpenUntilFailure(WasiGuest& guest, uint32_t cap) {
    uint32_t opened = 0;
    std::string r;
    while (opened < cap) {
      r = guest.PathOpen(3, 0, "file.txt", 0, kRightFdRead, 0);
      if (r != "ESUCCESS") break;
      ++opened;
    }
    return {opened, r};
  }

  HostTree tree_;
};

TEST_F(ResourceTest, EmfileAtTheLimitAndTheHostKeepsWorking) {
  int host_before = HostFdCount();
  {
    WasiConfig config;
    config.preopens.push_back({tree_.sandbox(), "/sandbox"});
    config.max_open_fds = 16;
    std::unique_ptr<WasiGuest> guest = WasiGuest::Create(config);
    ASSERT_NE(guest, nullptr);
    uint32_t start = guest->ctx().open_count();
    EXPECT_EQ(start, 4u);  // stdio and the preopen count
    auto [opened, failure] = OpenUntilFailure(*guest, 100);
    EXPECT_EQ(opened, 16 - start);
    EXPECT_EQ(failure, "EMFILE");
    EXPECT_EQ(guest->ctx().open_count(), 16u);
    // Still refused, and no other call is harmed by the full table.
    EXPECT_EQ(guest->PathOpen(3, 0, "file.txt", 0, kRightFdRead, 0), "EMFILE");
    EXPECT_EQ(guest->CallText("fd_fdstat_get", {3, 1024}), "ESUCCESS");
    // The host can still open files.
    int probe = ::open(tree_.InSandbox("file.txt").c_str(), O_RDONLY | O_CLOEXEC);
    EXPECT_GE(probe, 0);
    if (probe >= 0) ::close(probe);
    // Closing one makes room for exactly one.
    EXPECT_EQ(guest->CallText("fd_close", {10}), "ESUCCESS");
    uint32_t fd = 0;
    EXPECT_EQ(guest->PathOpen(3, 0, "file.txt", 0, kRightFdRead, 0, &fd), "ESUCCESS");
    EXPECT_EQ(fd, 10u);  // the lowest free number
    EXPECT_EQ(guest->PathOpen(3, 0, "file.txt", 0, kRightFdRead, 0), "EMFILE");
    EXPECT_GE(HostFdCount(), host_before + 16);
  }
  EXPECT_EQ(HostFdCount(), host_before) << "host descriptors outlived the context";
}

TEST_F(ResourceTest, EmfileHasNoSideEffects) {
  // open(2) reserves the descriptor before touching the file system, so a
  // full table never truncates or creates anything; path_open must match.
  tree_.WriteFile("keep.txt", "precious\n");
  WasiConfig config;
  config.preopens.push_back({tree_.sandbox(), "/sandbox"});
  config.max_open_fds = 8;
  std::unique_ptr<WasiGuest> guest = WasiGuest::Create(config);
  ASSERT_NE(guest, nullptr);
  auto [opened, failure] = OpenUntilFailure(*guest, 100);
  ASSERT_EQ(failure, "EMFILE");
  uint64_t rw = kRightFdRead | kRightFdWrite;
  EXPECT_EQ(guest->PathOpen(3, 0, "keep.txt", kOflagTrunc, rw, 0), "EMFILE");
  EXPECT_EQ(HostTree::ReadHostFile(tree_.InSandbox("keep.txt")), "precious\n")
      << "path_open truncated the file, then failed with EMFILE";
  EXPECT_EQ(guest->PathOpen(3, 0, "new.txt", kOflagCreat, rw, 0), "EMFILE");
  EXPECT_FALSE(HostTree::Exists(tree_.InSandbox("new.txt")))
      << "path_open created the file, then failed with EMFILE";
}

TEST_F(ResourceTest, ThousandsOfOpensStopAtTheDefaultLimit) {
  int host_before = HostFdCount();
  {
    WasiConfig config;
    config.preopens.push_back({tree_.sandbox(), "/sandbox"});
    ASSERT_EQ(config.max_open_fds, 1024u);
    std::unique_ptr<WasiGuest> guest = WasiGuest::Create(config);
    ASSERT_NE(guest, nullptr);
    auto [opened, failure] = OpenUntilFailure(*guest, 5000);
    EXPECT_EQ(failure, "EMFILE");
    EXPECT_EQ(opened, 1024u - 4u);
    // fd_renumber cannot duplicate past the limit either: it moves.
    EXPECT_EQ(guest->CallText("fd_renumber", {100, 101}), "ESUCCESS");
    EXPECT_EQ(guest->ctx().open_count(), 1023u);
  }
  EXPECT_EQ(HostFdCount(), host_before);
}

TEST_F(ResourceTest, HostDescriptorLimitBelowTheContextsIsEmfileNotACrash) {
  struct rlimit old_limit;
  ASSERT_EQ(::getrlimit(RLIMIT_NOFILE, &old_limit), 0);
  int host_before = HostFdCount();
  {
    WasiConfig config;
    config.preopens.push_back({tree_.sandbox(), "/sandbox"});
    config.max_open_fds = 100000;
    std::unique_ptr<WasiGuest> guest = WasiGuest::Create(config);
    ASSERT_NE(guest, nullptr);
    struct rlimit low = old_limit;
    low.rlim_cur = host_before + 64;
    ASSERT_EQ(::setrlimit(RLIMIT_NOFILE, &low), 0);
    auto [opened, failure] = OpenUntilFailure(*guest, 5000);
    ::setrlimit(RLIMIT_NOFILE, &old_limit);
    EXPECT_EQ(failure, "EMFILE") << "the host's own EMFILE, mapped";
    EXPECT_LT(opened, 64u);
    EXPECT_EQ(guest->CallText("fd_fdstat_get", {3, 1024}), "ESUCCESS");
  }
  EXPECT_EQ(HostFdCount(), host_before);
}

TEST_F(ResourceTest, GuestClosingStdioNeverClosesTheHosts) {
  int fds[2];
  ASSERT_EQ(::pipe2(fds, O_CLOEXEC), 0);
  WasiConfig config;
  config.stdin_fd = fds[0];
  config.stdout_fd = fds[1];
  config.stderr_fd = fds[1];
  {
    std::unique_ptr<WasiGuest> guest = WasiGuest::Create(config);
    ASSERT_NE(guest, nullptr);
    for (uint32_t fd : {0u, 1u, 2u}) EXPECT_EQ(guest->CallText("fd_close", {fd}), "ESUCCESS");
    EXPECT_EQ(guest->CallText("fd_close", {1}), "EBADF");
    // The host's ends are still open and usable.
    EXPECT_NE(::fcntl(fds[0], F_GETFD), -1);
    EXPECT_EQ(::write(fds[1], "y", 1), 1);
  }
  char c = 0;
  EXPECT_EQ(::read(fds[0], &c, 1), 1);
  EXPECT_EQ(c, 'y');
  ::close(fds[0]);
  ::close(fds[1]);
}

TEST_F(ResourceTest, GuestLeavesTheHostsDescriptorFlagsAsTheyWere) {
  // Guest stdio shares the host's open file descriptions, so a guest's
  // O_NONBLOCK on stdin is the embedder's (or the user's shell's) too. Once
  // the guest's context is gone the host's descriptors must be as they were:
  // a shell whose terminal was left non-blocking fails its next read.
  int in[2], out[2];
  ASSERT_EQ(::pipe2(in, O_CLOEXEC), 0);
  ASSERT_EQ(::pipe2(out, O_CLOEXEC), 0);
  int in_flags = ::fcntl(in[0], F_GETFL), out_flags = ::fcntl(out[1], F_GETFL);
  WasiConfig config;
  config.stdin_fd = in[0];
  config.stdout_fd = out[1];
  {
    std::unique_ptr<WasiGuest> guest = WasiGuest::Create(config);
    ASSERT_NE(guest, nullptr);
    constexpr uint32_t kAppend = 1, kNonblock = 4;
    EXPECT_EQ(guest->CallText("fd_fdstat_set_flags", {0, kNonblock}), "ESUCCESS");
    EXPECT_EQ(guest->CallText("fd_fdstat_set_flags", {1, kAppend | kNonblock}), "ESUCCESS");
  }
  EXPECT_EQ(::fcntl(in[0], F_GETFL), in_flags) << "stdin's flags changed by the guest";
  EXPECT_EQ(::fcntl(out[1], F_GETFL), out_flags) << "stdout's flags changed by the guest";
  for (int fd : {in[0], in[1], out[0], out[1]}) ::close(fd);
}

// A guest that writes 64 KiB to stdout forever (stdout is /dev/null); the
// host interrupts it after 300 ms. The host's RSS must not grow with the
// bytes written (no buffering of guest output).
constexpr char kFlood[] = R"((module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 2)
  (func (export "_start")
    (i32.store (i32.const 0) (i32.const 1024))
    (i32.store (i32.const 4) (i32.const 65536))
    (loop $again
      (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))
      (br $again))))
)";

TEST_F(ResourceTest, StdoutFloodIsInterruptedWithFlatMemory) {
  int devnull = ::open("/dev/null", O_WRONLY | O_CLOEXEC);
  ASSERT_GE(devnull, 0);
  WasiConfig config;
  config.stdout_fd = devnull;
  InterruptedRun run = RunWithInterrupt(kFlood, config, std::chrono::milliseconds(300));
  ::close(devnull);
  std::optional<Trap> trap = GetTrap(run.status);
  ASSERT_TRUE(trap.has_value()) << run.status;
  EXPECT_EQ(trap->code, TrapCode::kInterrupted);
  EXPECT_LT(run.elapsed, std::chrono::seconds(10));
  EXPECT_LT(run.rss_growth_kb, 32 * 1024) << "RSS grew while flooding stdout";
}

}  // namespace
}  // namespace wasmtier::wasi::security
