// testdata/libc_core.c, compiled for wasm32-wasi with wasi-libc, run on the
// WASI core: checks that what wasi-libc expects of fd_*, poll_oneoff, clocks,
// random_get and sock_* (struct layouts, rights, errno values) holds.
#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <string>

#include "gtest/gtest.h"
#include "wasi/testing/wasi_test_util.h"

namespace wasmtier::wasi {
namespace {

using testing::CaptureFile;
using testing::Outcome;
using testing::TempDir;
using testing::WasiHarness;

Outcome RunLibcCore(const WasiConfig& config) {
  std::optional<std::vector<uint8_t>> wasm = testing::ReadBinaryFile("wasi/libc_core.wasm");
  Outcome outcome;
  if (!wasm) {
    outcome.status = absl::NotFoundError("wasi/libc_core.wasm");
    return outcome;
  }
  auto harness = WasiHarness::CreateBinary(*wasm, config);
  if (!harness.ok()) {
    outcome.status = harness.status();
    return outcome;
  }
  return (*harness)->RunStart();
}

TEST(LibcCoreTest, FilesClocksAndPolling) {
  TempDir dir;
  ASSERT_TRUE(dir.WriteFile("stdin", "0123456789"));
  int in = ::open(dir.Path("stdin").c_str(), O_RDONLY | O_CLOEXEC);
  ASSERT_GE(in, 0);
  CaptureFile out;
  TempDir sandbox;
  WasiConfig config;
  config.args = {"libc_core", "files"};
  config.stdin_fd = in;
  config.stdout_fd = out.fd();
  config.preopens.push_back({sandbox.path(), "/sandbox"});
  Outcome outcome = RunLibcCore(config);
  ::close(in);
  EXPECT_EQ(outcome.exit_code, 7u) << outcome.status << "\n" << out.ReadAll();
  EXPECT_EQ(out.ReadAll(), "0 failures\n");
  EXPECT_EQ(sandbox.ReadFile("t.txt"), "a");
}

TEST(LibcCoreTest, SocketAsStdin) {
  int sv[2];
  ASSERT_EQ(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv), 0);
  ASSERT_EQ(::write(sv[1], "pong", 4), 4);
  CaptureFile out;
  WasiConfig config;
  config.args = {"libc_core", "socket"};
  config.stdin_fd = sv[0];
  config.stdout_fd = out.fd();
  Outcome outcome = RunLibcCore(config);
  EXPECT_EQ(outcome.exit_code, 7u) << outcome.status << "\n" << out.ReadAll();
  EXPECT_EQ(out.ReadAll(), "0 failures\n");
  ::close(sv[0]);  // the guest's duplicate is gone with its context
  std::string received = testing::ReadFdToEnd(sv[1]);
  EXPECT_EQ(received, "ping");  // then EOF: the guest shut down its write side
  ::close(sv[1]);
}

}  // namespace
}  // namespace wasmtier::wasi
