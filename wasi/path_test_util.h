// The fixture shared by path_test.cc and readdir_test.cc: a guest whose
// exports forward to the path functions, over a temporary directory
// preopened as guest fd 3 ("file" = "hello", "sub/"), parameterized by the
// resolver mode. Test-only.
#ifndef WASMTIER_WASI_PATH_TEST_UTIL_H_
#define WASMTIER_WASI_PATH_TEST_UTIL_H_

#include <fcntl.h>
#include <linux/openat2.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "wasi/errno.h"
#include "wasi/sandbox.h"
#include "wasi/testing/wasi_test_util.h"
#include "wasi/types.h"

namespace wasmtier::wasi {

// gtest prints Errno values by name.
inline void PrintTo(Errno e, std::ostream* os) { *os << ErrnoName(e); }

namespace path_testing {

using testing::TempDir;
using testing::WasiHarness;

// Exports forwarding to the imports (a host-called import would have no
// calling instance, hence no memory).
inline std::string ForwardingModule() {
  return testing::ForwardingModule(
      {"path_open", "path_create_directory", "path_remove_directory", "path_unlink_file",
       "path_rename", "path_link", "path_symlink", "path_readlink", "path_filestat_get",
       "path_filestat_set_times", "fd_readdir", "fd_close"});
}

inline constexpr uint32_t kOutPtr = 16;         // results written by the functions
inline constexpr uint32_t kBufPtr = 4096;       // readlink/readdir buffers
inline constexpr uint32_t kStringsPtr = 32768;  // guest copies of the paths
inline constexpr uint32_t kMemorySize = 65536;

struct FileStat {
  Errno error;
  uint8_t filetype = 0;
  uint64_t nlink = 0, size = 0, ino = 0, atim = 0, mtim = 0;
};

inline bool KernelHasOpenat2() {
  open_how how{};
  how.flags = O_PATH | O_CLOEXEC;
  how.resolve = RESOLVE_BENEATH;
  long fd = syscall(SYS_openat2, AT_FDCWD, ".", &how, sizeof(how));
  if (fd >= 0) close(static_cast<int>(fd));
  return fd >= 0;
}

class PathTest : public ::testing::TestWithParam<ResolveMode> {
 protected:
  void SetUp() override {
    if (GetParam() == ResolveMode::kOpenat2 && !KernelHasOpenat2()) {
      GTEST_SKIP() << "openat2 is not available here";
    }
    SetResolveModeForTesting(GetParam());
    ASSERT_TRUE(dir_.WriteFile("file", "hello"));
    ASSERT_TRUE(dir_.MakeDir("sub"));
    Reopen();
  }
  void TearDown() override { SetResolveModeForTesting(ResolveMode::kAuto); }

  void Reopen(uint32_t max_open_fds = 64) {
    WasiConfig config;
    config.preopens.push_back({dir_.path(), "."});
    config.max_open_fds = max_open_fds;
    auto harness = WasiHarness::Create(ForwardingModule(), config);
    ASSERT_TRUE(harness.ok()) << harness.status();
    guest_ = std::move(*harness);
  }

  // Copies {text} into guest memory; its pointer (the length is text.size()).
  uint32_t Put(std::string_view text) {
    if (next_string_ + text.size() > kMemorySize) next_string_ = kStringsPtr;
    uint32_t at = next_string_;
    EXPECT_TRUE(guest_->Write(at, text));
    next_string_ += static_cast<uint32_t>(text.size()) + 1;
    return at;
  }
  Errno Call(const char* name, std::vector<Val> args) {
    testing::Outcome out = guest_->Call(name, args);
    EXPECT_TRUE(out.status.ok()) << name << ": " << out.status;
    return static_cast<Errno>(out.i32());
  }
  static Val I(uint32_t v) { return Val::I32(static_cast<int32_t>(v)); }
  static Val L(uint64_t v) { return Val::I64(static_cast<int64_t>(v)); }

  // One-path calls on directory {fd}: create/remove/unlink.
  Errno PathCall(const char* name, std::string_view path, uint32_t fd = 3) {
    return Call(name, {I(fd), I(Put(path)), I(static_cast<uint32_t>(path.size()))});
  }
  // path_open; {*fd} gets the new descriptor on success.
  Errno Open(std::string_view path, uint32_t oflags, uint64_t base, uint32_t* fd = nullptr,
             bool follow = false, uint32_t dirfd = 3, uint64_t inheriting = 0,
             uint32_t fdflags = 0) {
    EXPECT_TRUE(guest_->WriteU32(kOutPtr, 0xffffffff));
    Errno e = Call("path_open", {I(dirfd), I(follow ? kLookupflagsSymlinkFollow : 0),
                                 I(Put(path)), I(static_cast<uint32_t>(path.size())),
                                 I(oflags), L(base), L(inheriting), I(fdflags), I(kOutPtr)});
    if (fd != nullptr) *fd = *guest_->LoadU32(kOutPtr);
    return e;
  }
  Errno Rename(std::string_view from, std::string_view to, uint32_t from_fd = 3,
               uint32_t to_fd = 3) {
    return Call("path_rename", {I(from_fd), I(Put(from)), I(static_cast<uint32_t>(from.size())),
                                I(to_fd), I(Put(to)), I(static_cast<uint32_t>(to.size()))});
  }
  Errno Link(std::string_view from, std::string_view to, bool follow = false,
             uint32_t from_fd = 3, uint32_t to_fd = 3) {
    return Call("path_link", {I(from_fd), I(follow ? kLookupflagsSymlinkFollow : 0),
                              I(Put(from)), I(static_cast<uint32_t>(from.size())), I(to_fd),
                              I(Put(to)), I(static_cast<uint32_t>(to.size()))});
  }
  Errno Symlink(std::string_view target, std::string_view path) {
    return Call("path_symlink", {I(Put(target)), I(static_cast<uint32_t>(target.size())), I(3),
                                 I(Put(path)), I(static_cast<uint32_t>(path.size()))});
  }
  // path_readlink into a {buf_len}-byte buffer: the error and the bytes used.
  std::pair<Errno, std::string> Readlink(std::string_view path, uint32_t buf_len) {
    Errno e = Call("path_readlink", {I(3), I(Put(path)), I(static_cast<uint32_t>(path.size())),
                                     I(kBufPtr), I(buf_len), I(kOutPtr)});
    if (e != Errno::kSuccess) return {e, ""};
    return {e, *guest_->Read(kBufPtr, *guest_->LoadU32(kOutPtr))};
  }
  FileStat Stat(std::string_view path, bool follow) {
    FileStat st;
    st.error = Call("path_filestat_get", {I(3), I(follow ? kLookupflagsSymlinkFollow : 0),
                                          I(Put(path)), I(static_cast<uint32_t>(path.size())),
                                          I(kBufPtr)});
    st.ino = *guest_->LoadU64(kBufPtr + kFilestatIno);
    st.filetype = *guest_->LoadU8(kBufPtr + kFilestatFiletype);
    st.nlink = *guest_->LoadU64(kBufPtr + kFilestatNlink);
    st.size = *guest_->LoadU64(kBufPtr + kFilestatSizeField);
    st.atim = *guest_->LoadU64(kBufPtr + kFilestatAtim);
    st.mtim = *guest_->LoadU64(kBufPtr + kFilestatMtim);
    return st;
  }
  Errno SetTimes(std::string_view path, bool follow, uint64_t atim, uint64_t mtim,
                 uint32_t flags) {
    return Call("path_filestat_set_times",
                {I(3), I(follow ? kLookupflagsSymlinkFollow : 0), I(Put(path)),
                 I(static_cast<uint32_t>(path.size())), L(atim), L(mtim), I(flags)});
  }
  bool HostIsSymlink(const std::string& relative) {
    struct stat st;
    return lstat(dir_.Path(relative).c_str(), &st) == 0 && S_ISLNK(st.st_mode);
  }
  int HostStatusFlags(uint32_t fd) {
    FdEntry* entry = guest_->ctx().Get(fd);
    return entry == nullptr ? -1 : fcntl(entry->host.get(), F_GETFL);
  }
  int HostAccessMode(uint32_t fd) {
    FdEntry* entry = guest_->ctx().Get(fd);
    return entry == nullptr ? -1 : (fcntl(entry->host.get(), F_GETFL) & O_ACCMODE);
  }

  TempDir dir_;
  std::unique_ptr<WasiHarness> guest_;
  uint32_t next_string_ = kStringsPtr;
};

inline std::string ResolverName(const ::testing::TestParamInfo<ResolveMode>& info) {
  return info.param == ResolveMode::kOpenat2 ? "Openat2" : "Walker";
}

}  // namespace path_testing
}  // namespace wasmtier::wasi

#endif  // WASMTIER_WASI_PATH_TEST_UTIL_H_
