// AddToLinker defines all of wasi_snapshot_preview1 with the ABI wasi-libc
// uses: a module importing every function with the signature clang emits for
// wasi/api.h (the imports of a wasm32-wasi build calling all 45 __wasi_*
// functions) must link, and a wrong signature must not.
#include <string>

#include "gtest/gtest.h"
#include "wasi/functions.h"
#include "wasi/testing/wasi_test_util.h"

namespace wasmtier::wasi {
namespace {

using testing::WasiHarness;

constexpr char kEveryImport[] = R"((module
    (import "wasi_snapshot_preview1" "args_get" (func (param i32 i32) (result i32)))
    (import "wasi_snapshot_preview1" "args_sizes_get" (func (param i32 i32) (result i32)))
    (import "wasi_snapshot_preview1" "clock_res_get" (func (param i32 i32) (result i32)))
    (import "wasi_snapshot_preview1" "clock_time_get" (func (param i32 i64 i32) (result i32)))
    (import "wasi_snapshot_preview1" "environ_get" (func (param i32 i32) (result i32)))
    (import "wasi_snapshot_preview1" "environ_sizes_get" (func (param i32 i32) (result i32)))
    (import "wasi_snapshot_preview1" "fd_advise" (func (param i32 i64 i64 i32) (result i32)))
    (import "wasi_snapshot_preview1" "fd_allocate" (func (param i32 i64 i64) (result i32)))
    (import "wasi_snapshot_preview1" "fd_close" (func (param i32) (result i32)))
    (import "wasi_snapshot_preview1" "fd_datasync" (func (param i32) (result i32)))
    (import "wasi_snapshot_preview1" "fd_fdstat_get" (func (param i32 i32) (result i32)))
    (import "wasi_snapshot_preview1" "fd_fdstat_set_flags" (func (param i32 i32) (result i32)))
    (import "wasi_snapshot_preview1" "fd_fdstat_set_rights" (func (param i32 i64 i64) (result i32)))
    (import "wasi_snapshot_preview1" "fd_filestat_get" (func (param i32 i32) (result i32)))
    (import "wasi_snapshot_preview1" "fd_filestat_set_size" (func (param i32 i64) (result i32)))
    (import "wasi_snapshot_preview1" "fd_filestat_set_times" (func (param i32 i64 i64 i32) (result i32)))
    (import "wasi_snapshot_preview1" "fd_pread" (func (param i32 i32 i32 i64 i32) (result i32)))
    (import "wasi_snapshot_preview1" "fd_prestat_dir_name" (func (param i32 i32 i32) (result i32)))
    (import "wasi_snapshot_preview1" "fd_prestat_get" (func (param i32 i32) (result i32)))
    (import "wasi_snapshot_preview1" "fd_pwrite" (func (param i32 i32 i32 i64 i32) (result i32)))
    (import "wasi_snapshot_preview1" "fd_read" (func (param i32 i32 i32 i32) (result i32)))
    (import "wasi_snapshot_preview1" "fd_readdir" (func (param i32 i32 i32 i64 i32) (result i32)))
    (import "wasi_snapshot_preview1" "fd_renumber" (func (param i32 i32) (result i32)))
    (import "wasi_snapshot_preview1" "fd_seek" (func (param i32 i64 i32 i32) (result i32)))
    (import "wasi_snapshot_preview1" "fd_sync" (func (param i32) (result i32)))
    (import "wasi_snapshot_preview1" "fd_tell" (func (param i32 i32) (result i32)))
    (import "wasi_snapshot_preview1" "fd_write" (func (param i32 i32 i32 i32) (result i32)))
    (import "wasi_snapshot_preview1" "path_create_directory" (func (param i32 i32 i32) (result i32)))
    (import "wasi_snapshot_preview1" "path_filestat_get" (func (param i32 i32 i32 i32 i32) (result i32)))
    (import "wasi_snapshot_preview1" "path_filestat_set_times" (func (param i32 i32 i32 i32 i64 i64 i32) (result i32)))
    (import "wasi_snapshot_preview1" "path_link" (func (param i32 i32 i32 i32 i32 i32 i32) (result i32)))
    (import "wasi_snapshot_preview1" "path_open" (func (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
    (import "wasi_snapshot_preview1" "path_readlink" (func (param i32 i32 i32 i32 i32 i32) (result i32)))
    (import "wasi_snapshot_preview1" "path_remove_directory" (func (param i32 i32 i32) (result i32)))
    (import "wasi_snapshot_preview1" "path_rename" (func (param i32 i32 i32 i32 i32 i32) (result i32)))
    (import "wasi_snapshot_preview1" "path_symlink" (func (param i32 i32 i32 i32 i32) (result i32)))
    (import "wasi_snapshot_preview1" "path_unlink_file" (func (param i32 i32 i32) (result i32)))
    (import "wasi_snapshot_preview1" "poll_oneoff" (func (param i32 i32 i32 i32) (result i32)))
    (import "wasi_snapshot_preview1" "proc_exit" (func (param i32)))
    (import "wasi_snapshot_preview1" "random_get" (func (param i32 i32) (result i32)))
    (import "wasi_snapshot_preview1" "sched_yield" (func (result i32)))
    (import "wasi_snapshot_preview1" "sock_accept" (func (param i32 i32 i32) (result i32)))
    (import "wasi_snapshot_preview1" "sock_recv" (func (param i32 i32 i32 i32 i32 i32) (result i32)))
    (import "wasi_snapshot_preview1" "sock_send" (func (param i32 i32 i32 i32 i32) (result i32)))
    (import "wasi_snapshot_preview1" "sock_shutdown" (func (param i32 i32) (result i32)))
    (memory (export "memory") 1)))";

TEST(LinkerTest, EveryPreview1FunctionLinksWithWasiLibcSignatures) {
  auto harness = WasiHarness::Create(kEveryImport, WasiConfig{});
  EXPECT_TRUE(harness.ok()) << harness.status();
}

// The 45 of this wasi-libc's api.h, plus proc_raise: in preview 1's original
// witx, dropped from later api.h; kept (as ENOSYS) for older toolchains.
TEST(LinkerTest, TheTableHasThe45FunctionsAndProcRaise) {
  size_t count = 0;
  for (auto group : {ArgsEnvFunctions(), ClockRandomProcFunctions(), FdFunctions(), PathFunctions(),
                     PollFunctions(), SockFunctions()}) {
    count += group.size();
  }
  EXPECT_EQ(count, 46u);
  auto harness = WasiHarness::Create(R"((module
    (import "wasi_snapshot_preview1" "proc_raise" (func (param i32) (result i32)))))",
                                     WasiConfig{});
  EXPECT_TRUE(harness.ok()) << harness.status();
}

TEST(LinkerTest, AWrongSignatureDoesNotLink) {
  auto harness = WasiHarness::Create(R"((module
    (import "wasi_snapshot_preview1" "fd_seek" (func (param i32 i32 i32 i32) (result i32)))))",
                                     WasiConfig{});
  EXPECT_FALSE(harness.ok());
}

TEST(LinkerTest, AnUnknownNameDoesNotLink) {
  auto harness = WasiHarness::Create(R"((module
    (import "wasi_snapshot_preview1" "fd_dup" (func (param i32 i32) (result i32)))))",
                                     WasiConfig{});
  EXPECT_FALSE(harness.ok());
}

}  // namespace
}  // namespace wasmtier::wasi
