// fd_* functions driven from WAT: each test instantiates a module that
// re-exports the imports (ForwardingModule), sets up guest memory from the
// host, calls, and checks the errno, guest memory and the host-side effect.
#include <fcntl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <string>
#include <vector>

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
using testing::L;
using testing::Outcome;
using testing::TempDir;
using testing::WasiHarness;

constexpr uint32_t kPage = 65536;

class FdTest : public ForwardingTest {
 protected:
  // Stdio closed unless a test sets it.
  FdTest() { config_.stdin_fd = config_.stdout_fd = config_.stderr_fd = -1; }

  // Writes one iovec {buf, len} at {at}.
  void Iovec(uint32_t at, uint32_t buf, uint32_t len) {
    ASSERT_TRUE(harness_->WriteU32(at, buf));
    ASSERT_TRUE(harness_->WriteU32(at + 4, len));
  }
  // A host file with {contents}, opened read/write; closed by the fixture.
  int HostFile(std::string_view name, std::string_view contents, int flags = O_RDWR) {
    EXPECT_TRUE(dir_.WriteFile(name, contents));
    int fd = ::open(dir_.Path(name).c_str(), flags | O_CLOEXEC);
    EXPECT_GE(fd, 0);
    host_fds_.push_back(fd);
    return fd;
  }
  void Pipe(int fds[2]) {
    ASSERT_EQ(::pipe2(fds, O_CLOEXEC), 0);
    host_fds_.push_back(fds[0]);
    host_fds_.push_back(fds[1]);
  }

  TempDir dir_;
};

TEST_F(FdTest, WriteGathersIovecsToTheHostDescriptor) {
  CaptureFile out;
  config_.stdout_fd = out.fd();
  Make({"fd_write"});
  harness_->Write(100, "hello, ");
  harness_->Write(200, "world\n");
  Iovec(0, 100, 7);
  Iovec(8, 200, 6);
  EXPECT_EQ(Call("fd_write", {I(1), I(0), I(2), I(300)}), 0);
  EXPECT_EQ(harness_->LoadU32(300), 13u);
  EXPECT_EQ(out.ReadAll(), "hello, world\n");
}

TEST_F(FdTest, ReadScattersAndReportsEof) {
  int p[2];
  Pipe(p);
  ASSERT_EQ(::write(p[1], "abcdef", 6), 6);
  ::close(p[1]);
  host_fds_.pop_back();
  config_.stdin_fd = p[0];
  Make({"fd_read"});
  Iovec(0, 100, 2);
  Iovec(8, 200, 10);
  EXPECT_EQ(Call("fd_read", {I(0), I(0), I(2), I(300)}), 0);
  EXPECT_EQ(harness_->LoadU32(300), 6u);
  EXPECT_EQ(harness_->Read(100, 2), "ab");
  EXPECT_EQ(harness_->Read(200, 4), "cdef");
  EXPECT_EQ(Call("fd_read", {I(0), I(0), I(2), I(300)}), 0);
  EXPECT_EQ(harness_->LoadU32(300), 0u);  // EOF
}

TEST_F(FdTest, OutOfBoundsPointersAreEfaultWithNoSideEffect) {
  CaptureFile out;
  config_.stdout_fd = out.fd();
  Make({"fd_write", "fd_read"});
  harness_->Write(100, "data");
  // The iovec array itself outside memory.
  EXPECT_EQ(Call("fd_write", {I(1), I(kPage - 4), I(1), I(300)}), E(Errno::kFault));
  // A buffer running past the end.
  Iovec(0, kPage - 2, 4);
  EXPECT_EQ(Call("fd_write", {I(1), I(0), I(1), I(300)}), E(Errno::kFault));
  // A buffer whose pointer + length wraps 32 bits.
  Iovec(0, 100, 0xFFFFFFF0u);
  EXPECT_EQ(Call("fd_write", {I(1), I(0), I(1), I(300)}), E(Errno::kFault));
  // A good buffer but the count pointer outside: nothing may be written.
  Iovec(0, 100, 4);
  EXPECT_EQ(Call("fd_write", {I(1), I(0), I(1), I(kPage - 3)}), E(Errno::kFault));
  EXPECT_EQ(Call("fd_write", {I(1), I(0), I(1), I(-1)}), E(Errno::kFault));
  EXPECT_EQ(out.ReadAll(), "");
}

TEST_F(FdTest, HugeIovecCountUsesOnlyTheFirst1024Entries) {
  CaptureFile out;
  config_.stdout_fd = out.fd();
  Make({"fd_write"});
  // 2000 one-byte iovecs (16000 bytes of array) all pointing at "x".
  harness_->Write(60000, "x");
  for (uint32_t i = 0; i < 2000; ++i) Iovec(i * 8, 60000, 1);
  EXPECT_EQ(Call("fd_write", {I(1), I(0), I(2000), I(62000)}), 0);
  EXPECT_EQ(harness_->LoadU32(62000), 1024u);  // a legal short write
  EXPECT_EQ(out.ReadAll(), std::string(1024, 'x'));
  // A count of 2^32-1 neither allocates for it nor reads past the first 1024.
  EXPECT_EQ(Call("fd_write", {I(1), I(0), I(-1), I(62000)}), 0);
  EXPECT_EQ(harness_->LoadU32(62000), 1024u);
  // ...but those 1024 must be inside memory.
  EXPECT_EQ(Call("fd_write", {I(1), I(kPage - 1000 * 8), I(-1), I(62000)}), E(Errno::kFault));
}

TEST_F(FdTest, ClosedOrUnknownDescriptorsAreEbadf) {
  Make({"fd_write", "fd_read", "fd_close", "fd_fdstat_get"});
  Iovec(0, 100, 1);
  EXPECT_EQ(Call("fd_write", {I(1), I(0), I(1), I(300)}), E(Errno::kBadf));  // stdout -1
  EXPECT_EQ(Call("fd_read", {I(99), I(0), I(1), I(300)}), E(Errno::kBadf));
  EXPECT_EQ(Call("fd_read", {I(-1), I(0), I(1), I(300)}), E(Errno::kBadf));
  EXPECT_EQ(Call("fd_close", {I(0)}), E(Errno::kBadf));
  EXPECT_EQ(Call("fd_fdstat_get", {I(2), I(0)}), E(Errno::kBadf));
}

TEST_F(FdTest, NoExportedMemoryMakesEveryPointerEfault) {
  CaptureFile out;
  config_.stdout_fd = out.fd();
  auto harness = WasiHarness::Create(R"((module
    (import "wasi_snapshot_preview1" "fd_write"
      (func $fd_write (param i32 i32 i32 i32) (result i32)))
    (func (export "go") (result i32)
      (call $fd_write (i32.const 1) (i32.const 0) (i32.const 0) (i32.const 0)))))",
                                     config_);
  ASSERT_TRUE(harness.ok()) << harness.status();
  Outcome outcome = (*harness)->Call("go");
  ASSERT_TRUE(outcome.status.ok()) << outcome.status;
  EXPECT_EQ(outcome.i32(), E(Errno::kFault));
}

TEST_F(FdTest, FdstatDescribesFilesDevicesPipesAndSockets) {
  int file = HostFile("f", "");
  int null = ::open("/dev/null", O_RDWR | O_CLOEXEC);
  ASSERT_GE(null, 0);
  host_fds_.push_back(null);
  int p[2];
  Pipe(p);
  config_.stdin_fd = file;
  config_.stdout_fd = null;
  config_.stderr_fd = p[1];
  Make({"fd_fdstat_get"});
  ASSERT_EQ(Call("fd_fdstat_get", {I(0), I(0)}), 0);
  EXPECT_EQ(harness_->LoadU8(kFdstatFiletype), kFiletypeRegularFile);
  EXPECT_EQ(harness_->LoadU64(kFdstatRightsBase), kRightsRegularFile);
  ASSERT_EQ(Call("fd_fdstat_get", {I(1), I(0)}), 0);
  EXPECT_EQ(harness_->LoadU8(kFdstatFiletype), kFiletypeCharacterDevice);
  // wasi-libc's isatty(): a character device without seek and tell.
  EXPECT_EQ(*harness_->LoadU64(kFdstatRightsBase) & (kRightFdSeek | kRightFdTell), 0u);
  ASSERT_EQ(Call("fd_fdstat_get", {I(2), I(0)}), 0);
  EXPECT_EQ(harness_->LoadU8(kFdstatFiletype), kFiletypeUnknown);  // a FIFO
  EXPECT_EQ(Call("fd_fdstat_get", {I(0), I(kPage - 23)}), E(Errno::kFault));
}

TEST_F(FdTest, SetRightsMayOnlyDropRights) {
  CaptureFile out;
  config_.stdout_fd = out.fd();
  Make({"fd_write", "fd_fdstat_set_rights", "fd_fdstat_get", "fd_tell"});
  harness_->Write(100, "x");
  Iovec(0, 100, 1);
  uint64_t without_write = kRightsRegularFile & ~kRightFdWrite;
  EXPECT_EQ(Call("fd_fdstat_set_rights", {I(1), L(without_write), L(0)}), 0);
  EXPECT_EQ(Call("fd_write", {I(1), I(0), I(1), I(300)}), E(Errno::kNotcapable));
  EXPECT_EQ(Call("fd_tell", {I(1), I(300)}), 0);  // other rights stay
  // Adding one back is refused and changes nothing.
  EXPECT_EQ(Call("fd_fdstat_set_rights", {I(1), L(kRightsRegularFile), L(0)}),
            E(Errno::kNotcapable));
  EXPECT_EQ(Call("fd_fdstat_set_rights", {I(1), L(0), L(kRightFdRead)}), E(Errno::kNotcapable));
  ASSERT_EQ(Call("fd_fdstat_get", {I(1), I(400)}), 0);
  EXPECT_EQ(harness_->LoadU64(400 + kFdstatRightsBase), without_write);
  EXPECT_EQ(out.ReadAll(), "");
}

TEST_F(FdTest, PreopensHavePrestatsAndDirectoryRights) {
  config_.preopens.push_back({dir_.path(), "/sandbox"});
  Make({"fd_prestat_get", "fd_prestat_dir_name", "fd_fdstat_get", "fd_close"});
  ASSERT_EQ(Call("fd_prestat_get", {I(3), I(0)}), 0);
  EXPECT_EQ(harness_->LoadU8(kPrestatTag), kPreopentypeDir);
  EXPECT_EQ(harness_->LoadU32(kPrestatDirNameLen), 8u);
  harness_->Write(100, "..........");
  ASSERT_EQ(Call("fd_prestat_dir_name", {I(3), I(100), I(10)}), 0);
  EXPECT_EQ(harness_->Read(100, 10), "/sandbox..");  // no NUL written
  EXPECT_EQ(Call("fd_prestat_dir_name", {I(3), I(200), I(7)}), E(Errno::kNametoolong));
  EXPECT_EQ(Call("fd_prestat_dir_name", {I(3), I(kPage - 4), I(8)}), E(Errno::kFault));
  EXPECT_EQ(Call("fd_prestat_get", {I(4), I(0)}), E(Errno::kBadf));
  ASSERT_EQ(Call("fd_fdstat_get", {I(3), I(0)}), 0);
  EXPECT_EQ(harness_->LoadU8(kFdstatFiletype), kFiletypeDirectory);
  EXPECT_EQ(harness_->LoadU64(kFdstatRightsBase), kRightsDirectory);
  EXPECT_EQ(harness_->LoadU64(kFdstatRightsInheriting), kRightsDirectoryInheriting);
  EXPECT_EQ(Call("fd_close", {I(3)}), 0);  // closing a preopen is allowed
  EXPECT_EQ(Call("fd_prestat_get", {I(3), I(0)}), E(Errno::kBadf));
  EXPECT_EQ(Call("fd_close", {I(3)}), E(Errno::kBadf));
}

TEST_F(FdTest, PrestatOfAnOpenNonPreopenIsEbadf) {
  CaptureFile out;
  config_.stdout_fd = out.fd();
  Make({"fd_prestat_get"});
  EXPECT_EQ(Call("fd_prestat_get", {I(1), I(0)}), E(Errno::kBadf));
}

TEST_F(FdTest, SeekAndTellFollowThePosition) {
  config_.stdin_fd = HostFile("f", "0123456789");
  Make({"fd_seek", "fd_tell", "fd_read"});
  ASSERT_EQ(Call("fd_seek", {I(0), L(4), I(kWhenceSet), I(500)}), 0);
  EXPECT_EQ(harness_->LoadU64(500), 4u);
  Iovec(0, 100, 3);
  ASSERT_EQ(Call("fd_read", {I(0), I(0), I(1), I(300)}), 0);
  EXPECT_EQ(harness_->Read(100, 3), "456");
  ASSERT_EQ(Call("fd_tell", {I(0), I(500)}), 0);
  EXPECT_EQ(harness_->LoadU64(500), 7u);
  ASSERT_EQ(Call("fd_seek", {I(0), L(static_cast<uint64_t>(-2)), I(kWhenceCur), I(500)}), 0);
  EXPECT_EQ(harness_->LoadU64(500), 5u);
  ASSERT_EQ(Call("fd_seek", {I(0), L(static_cast<uint64_t>(-1)), I(kWhenceEnd), I(500)}), 0);
  EXPECT_EQ(harness_->LoadU64(500), 9u);
  EXPECT_EQ(Call("fd_seek", {I(0), L(0), I(3), I(500)}), E(Errno::kInval));
  EXPECT_EQ(Call("fd_seek", {I(0), L(static_cast<uint64_t>(-20)), I(kWhenceCur), I(500)}),
            E(Errno::kInval));
  EXPECT_EQ(Call("fd_seek", {I(0), L(0), I(kWhenceSet), I(kPage - 7)}), E(Errno::kFault));
  ASSERT_EQ(Call("fd_tell", {I(0), I(500)}), 0);
  EXPECT_EQ(harness_->LoadU64(500), 9u);  // the failed seeks moved nothing
}

TEST_F(FdTest, SeekOnAPipeIsEspipe) {
  int p[2];
  Pipe(p);
  config_.stdin_fd = p[0];
  Make({"fd_seek", "fd_tell"});
  EXPECT_EQ(Call("fd_seek", {I(0), L(1), I(kWhenceSet), I(500)}), E(Errno::kSpipe));
  EXPECT_EQ(Call("fd_tell", {I(0), I(500)}), E(Errno::kSpipe));
}

TEST_F(FdTest, PreadAndPwriteUseOffsetsNotThePosition) {
  int fd = HostFile("f", "0123456789");
  config_.stdin_fd = fd;
  Make({"fd_pread", "fd_pwrite", "fd_tell"});
  harness_->Write(100, "AB");
  Iovec(0, 100, 2);
  ASSERT_EQ(Call("fd_pwrite", {I(0), I(0), I(1), L(3), I(300)}), 0);
  EXPECT_EQ(harness_->LoadU32(300), 2u);
  Iovec(8, 200, 6);
  ASSERT_EQ(Call("fd_pread", {I(0), I(8), I(1), L(1), I(300)}), 0);
  EXPECT_EQ(harness_->LoadU32(300), 6u);
  EXPECT_EQ(harness_->Read(200, 6), "12AB56");
  ASSERT_EQ(Call("fd_tell", {I(0), I(400)}), 0);
  EXPECT_EQ(harness_->LoadU64(400), 0u);
  EXPECT_EQ(Call("fd_pread", {I(0), I(8), I(1), L(1ull << 63), I(300)}), E(Errno::kInval));
  EXPECT_EQ(Call("fd_pwrite", {I(0), I(0), I(1), L(~0ull), I(300)}), E(Errno::kInval));
  EXPECT_EQ(dir_.ReadFile("f"), "012AB56789");
}

TEST_F(FdTest, AppendFlagMakesWritesGoToTheEnd) {
  int fd = HostFile("f", "abc");
  config_.stdout_fd = fd;
  Make({"fd_fdstat_set_flags", "fd_fdstat_get", "fd_write", "fd_seek"});
  ASSERT_EQ(Call("fd_fdstat_set_flags", {I(1), I(kFdflagsAppend)}), 0);
  ASSERT_EQ(Call("fd_fdstat_get", {I(1), I(400)}), 0);
  EXPECT_EQ(harness_->LoadU16(400 + kFdstatFlags), kFdflagsAppend);
  ASSERT_EQ(Call("fd_seek", {I(1), L(0), I(kWhenceSet), I(500)}), 0);
  harness_->Write(100, "XY");
  Iovec(0, 100, 2);
  ASSERT_EQ(Call("fd_write", {I(1), I(0), I(1), I(300)}), 0);
  EXPECT_EQ(dir_.ReadFile("f"), "abcXY");
  // Back to plain writes at the position.
  ASSERT_EQ(Call("fd_fdstat_set_flags", {I(1), I(0)}), 0);
  ASSERT_EQ(Call("fd_seek", {I(1), L(0), I(kWhenceSet), I(500)}), 0);
  ASSERT_EQ(Call("fd_write", {I(1), I(0), I(1), I(300)}), 0);
  EXPECT_EQ(dir_.ReadFile("f"), "XYcXY");
  EXPECT_EQ(Call("fd_fdstat_set_flags", {I(1), I(kFdflagsSync)}), E(Errno::kNotsup));
  EXPECT_EQ(Call("fd_fdstat_set_flags", {I(1), I(0x100)}), E(Errno::kInval));
}

TEST_F(FdTest, FilestatGetMatchesTheHost) {
  int fd = HostFile("f", "twelve bytes");
  config_.stdin_fd = fd;
  Make({"fd_filestat_get"});
  ASSERT_EQ(Call("fd_filestat_get", {I(0), I(64)}), 0);
  struct stat st;
  ASSERT_EQ(::fstat(fd, &st), 0);
  EXPECT_EQ(harness_->LoadU64(64 + kFilestatDev), static_cast<uint64_t>(st.st_dev));
  EXPECT_EQ(harness_->LoadU64(64 + kFilestatIno), static_cast<uint64_t>(st.st_ino));
  EXPECT_EQ(harness_->LoadU8(64 + kFilestatFiletype), kFiletypeRegularFile);
  EXPECT_EQ(harness_->LoadU64(64 + kFilestatNlink), 1u);
  EXPECT_EQ(harness_->LoadU64(64 + kFilestatSizeField), 12u);
  uint64_t mtim = uint64_t(st.st_mtim.tv_sec) * 1000000000 + uint64_t(st.st_mtim.tv_nsec);
  EXPECT_EQ(harness_->LoadU64(64 + kFilestatMtim), mtim);
  EXPECT_GT(*harness_->LoadU64(64 + kFilestatCtim), 0u);
  EXPECT_EQ(Call("fd_filestat_get", {I(0), I(kPage - 63)}), E(Errno::kFault));
}

TEST_F(FdTest, FilestatSetSizeAndTimes) {
  int fd = HostFile("f", "0123456789");
  config_.stdin_fd = fd;
  Make({"fd_filestat_set_size", "fd_filestat_set_times"});
  ASSERT_EQ(Call("fd_filestat_set_size", {I(0), L(3)}), 0);
  EXPECT_EQ(dir_.ReadFile("f"), "012");
  EXPECT_EQ(Call("fd_filestat_set_size", {I(0), L(1ull << 63)}), E(Errno::kInval));

  const uint64_t t = 1'000'000'000ull * 1'500'000'000 + 123456789;
  ASSERT_EQ(
      Call("fd_filestat_set_times", {I(0), L(t), L(t + 1000), I(kFstflagsAtim | kFstflagsMtim)}),
      0);
  struct stat st;
  ASSERT_EQ(::fstat(fd, &st), 0);
  EXPECT_EQ(st.st_atim.tv_sec, 1'500'000'000);
  EXPECT_EQ(st.st_atim.tv_nsec, 123456789);
  EXPECT_EQ(st.st_mtim.tv_nsec, 123457789);
  // MTIM_NOW only: atime is left alone.
  ASSERT_EQ(Call("fd_filestat_set_times", {I(0), L(0), L(0), I(kFstflagsMtimNow)}), 0);
  ASSERT_EQ(::fstat(fd, &st), 0);
  EXPECT_EQ(st.st_atim.tv_sec, 1'500'000'000);
  EXPECT_GT(st.st_mtim.tv_sec, 1'600'000'000);
  EXPECT_EQ(Call("fd_filestat_set_times", {I(0), L(t), L(0), I(kFstflagsAtim | kFstflagsAtimNow)}),
            E(Errno::kInval));
  EXPECT_EQ(Call("fd_filestat_set_times", {I(0), L(0), L(t), I(kFstflagsMtim | kFstflagsMtimNow)}),
            E(Errno::kInval));
  EXPECT_EQ(Call("fd_filestat_set_times", {I(0), L(0), L(0), I(16)}), E(Errno::kInval));
}

TEST_F(FdTest, RenumberMovesTheDescriptorAndClosesTheTarget) {
  config_.stdin_fd = HostFile("in", "from stdin");
  CaptureFile out;
  config_.stdout_fd = out.fd();
  Make({"fd_renumber", "fd_read", "fd_fdstat_get"});
  EXPECT_EQ(Call("fd_renumber", {I(0), I(7)}), E(Errno::kBadf));  // target not open
  EXPECT_EQ(Call("fd_renumber", {I(5), I(1)}), E(Errno::kBadf));
  ASSERT_EQ(Call("fd_renumber", {I(0), I(1)}), 0);
  EXPECT_EQ(Call("fd_fdstat_get", {I(0), I(400)}), E(Errno::kBadf));
  Iovec(0, 100, 4);
  ASSERT_EQ(Call("fd_read", {I(1), I(0), I(1), I(300)}), 0);
  EXPECT_EQ(harness_->Read(100, 4), "from");
  EXPECT_EQ(Call("fd_renumber", {I(1), I(1)}), 0);
  EXPECT_EQ(harness_->ctx().open_count(), 1u);
}

TEST_F(FdTest, AdviseAllocateAndSync) {
  int fd = HostFile("f", "abc");
  config_.stdin_fd = fd;
  Make({"fd_advise", "fd_allocate", "fd_sync", "fd_datasync"});
  EXPECT_EQ(Call("fd_advise", {I(0), L(0), L(3), I(kAdviceSequential)}), 0);
  EXPECT_EQ(Call("fd_advise", {I(0), L(0), L(3), I(6)}), E(Errno::kInval));
  EXPECT_EQ(Call("fd_advise", {I(9), L(0), L(3), I(0)}), E(Errno::kBadf));
  int32_t allocated = Call("fd_allocate", {I(0), L(0), L(4096)});
  if (allocated == 0) {
    struct stat st;
    ASSERT_EQ(::fstat(fd, &st), 0);
    EXPECT_EQ(st.st_size, 4096);
  } else {
    EXPECT_EQ(allocated, E(Errno::kNotsup));  // a filesystem that cannot preallocate
  }
  EXPECT_EQ(Call("fd_allocate", {I(0), L(1ull << 63), L(1)}), E(Errno::kInval));
  EXPECT_EQ(Call("fd_sync", {I(0)}), 0);
  EXPECT_EQ(Call("fd_datasync", {I(0)}), 0);
}

TEST_F(FdTest, ReadingWithoutTheReadRightIsNotcapable) {
  config_.stdin_fd = HostFile("f", "abc");
  Make({"fd_fdstat_set_rights", "fd_read", "fd_pread", "fd_seek"});
  Iovec(0, 100, 3);
  ASSERT_EQ(Call("fd_fdstat_set_rights", {I(0), L(kRightFdRead | kRightFdTell), L(0)}), 0);
  EXPECT_EQ(Call("fd_pread", {I(0), I(0), I(1), L(0), I(300)}), E(Errno::kNotcapable));
  EXPECT_EQ(Call("fd_seek", {I(0), L(1), I(kWhenceSet), I(300)}), E(Errno::kNotcapable));
  EXPECT_EQ(Call("fd_seek", {I(0), L(0), I(kWhenceCur), I(300)}), 0);  // tell only
  ASSERT_EQ(Call("fd_fdstat_set_rights", {I(0), L(0), L(0)}), 0);
  EXPECT_EQ(Call("fd_read", {I(0), I(0), I(1), I(300)}), E(Errno::kNotcapable));
}

TEST_F(FdTest, WritingToAPipeWithoutReaderIsEpipeNotSigpipe) {
  int p[2];
  Pipe(p);
  config_.stdout_fd = p[1];
  Make({"fd_write"});
  ::close(p[0]);
  host_fds_.erase(host_fds_.begin());
  harness_->Write(100, "x");
  Iovec(0, 100, 1);
  EXPECT_EQ(Call("fd_write", {I(1), I(0), I(1), I(300)}), E(Errno::kPipe));
}

TEST_F(FdTest, TooManyPreopensForTheTableFailsCreateContext) {
  // Closed stdio takes no slot: one preopen fits in a table of one.
  config_.preopens.push_back({dir_.path(), "/a"});
  config_.max_open_fds = 1;
  EXPECT_TRUE(CreateContext(config_).ok());
  config_.stdin_fd = 0;
  EXPECT_FALSE(CreateContext(config_).ok());
  config_.stdin_fd = -1;
  config_.preopens.push_back({dir_.path() + "/missing", "/b"});
  config_.max_open_fds = 10;
  absl::StatusOr<std::unique_ptr<WasiCtx>> ctx = CreateContext(config_);
  ASSERT_FALSE(ctx.ok());
  EXPECT_NE(ctx.status().message().find("missing"), std::string::npos) << ctx.status();
}

}  // namespace
}  // namespace wasmtier::wasi
