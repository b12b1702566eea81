// The path functions and fd_readdir as a guest sees them: a WAT module whose
// exports forward to the wasi_snapshot_preview1 imports, run over a
// temporary preopened directory (guest fd 3) under both resolvers, with the
// host checking every effect.
#include <fcntl.h>
#include <linux/openat2.h>
#include <sys/syscall.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <map>
#include <memory>
#include <ostream>
#include <set>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "wasi/errno.h"
#include "wasi/functions.h"
#include "wasi/sandbox.h"
#include "wasi/testing/wasi_test_util.h"
#include "wasi/types.h"

namespace wasmtier::wasi {

void PrintTo(Errno e, std::ostream* os) { *os << ErrnoName(e); }

namespace {

using testing::TempDir;
using testing::WasiHarness;

// The signatures of wasi-libc's wasi/api.h (each string and buffer a pointer
// and a length), written out independently of functions.h so the table is
// checked against them.
struct Import {
  const char* name;
  const char* params;  // 'i' = i32, 'I' = i64
};
constexpr Import kImports[] = {
    {"path_open", "iiiiiIIii"},      {"path_create_directory", "iii"},
    {"path_remove_directory", "iii"}, {"path_unlink_file", "iii"},
    {"path_rename", "iiiiii"},        {"path_link", "iiiiiii"},
    {"path_symlink", "iiiii"},        {"path_readlink", "iiiiii"},
    {"path_filestat_get", "iiiii"},   {"path_filestat_set_times", "iiiiIIi"},
    {"fd_readdir", "iiiIi"},
};

TEST(PathFunctionsTable, MatchesTheWasiLibcSignatures) {
  std::map<std::string, std::string> table;
  for (const WasiFunction& fn : PathFunctions()) {
    EXPECT_TRUE(fn.returns_errno) << fn.name;
    EXPECT_NE(fn.handler, nullptr) << fn.name;
    table[std::string(fn.name)] = std::string(fn.params);
  }
  EXPECT_EQ(table.size(), std::size(kImports));
  for (const Import& want : kImports) EXPECT_EQ(table[want.name], want.params) << want.name;
}

// Exports forwarding to the imports (a host-called import would have no
// calling instance, hence no memory).
std::string ForwardingModule() {
  return testing::ForwardingModule(
      {"path_open", "path_create_directory", "path_remove_directory", "path_unlink_file",
       "path_rename", "path_link", "path_symlink", "path_readlink", "path_filestat_get",
       "path_filestat_set_times", "fd_readdir", "fd_close"});
}

constexpr uint32_t kOutPtr = 16;         // results written by the functions
constexpr uint32_t kBufPtr = 4096;       // readlink/readdir buffers
constexpr uint32_t kStringsPtr = 32768;  // guest copies of the paths
constexpr uint32_t kMemorySize = 65536;

struct FileStat {
  Errno error;
  uint8_t filetype = 0;
  uint64_t nlink = 0, size = 0, ino = 0, atim = 0, mtim = 0;
};

bool KernelHasOpenat2() {
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
  int HostAccessMode(uint32_t fd) {
    FdEntry* entry = guest_->ctx().Get(fd);
    return entry == nullptr ? -1 : (fcntl(entry->host.get(), F_GETFL) & O_ACCMODE);
  }

  TempDir dir_;
  std::unique_ptr<WasiHarness> guest_;
  uint32_t next_string_ = kStringsPtr;
};

TEST_P(PathTest, CreateAndRemoveDirectories) {
  EXPECT_EQ(PathCall("path_create_directory", "d"), Errno::kSuccess);
  EXPECT_TRUE(dir_.Exists("d"));
  EXPECT_EQ(PathCall("path_create_directory", "d"), Errno::kExist);
  EXPECT_EQ(PathCall("path_create_directory", "d/e/"), Errno::kSuccess);
  EXPECT_EQ(PathCall("path_create_directory", "."), Errno::kExist);
  EXPECT_EQ(PathCall("path_create_directory", "file/x"), Errno::kNotdir);
  EXPECT_EQ(PathCall("path_remove_directory", "d"), Errno::kNotempty);
  EXPECT_EQ(PathCall("path_remove_directory", "file"), Errno::kNotdir);
  EXPECT_EQ(PathCall("path_remove_directory", "file/"), Errno::kNotdir);
  EXPECT_EQ(PathCall("path_remove_directory", "."), Errno::kInval);
  EXPECT_EQ(PathCall("path_remove_directory", "d/e/"), Errno::kSuccess);
  EXPECT_EQ(PathCall("path_remove_directory", "d"), Errno::kSuccess);
  EXPECT_FALSE(dir_.Exists("d"));
  EXPECT_EQ(PathCall("path_remove_directory", "d"), Errno::kNoent);
}

TEST_P(PathTest, UnlinkFiles) {
  ASSERT_EQ(Symlink("sub", "to_sub"), Errno::kSuccess);
  EXPECT_EQ(PathCall("path_unlink_file", "sub"), Errno::kIsdir);
  EXPECT_EQ(PathCall("path_unlink_file", "sub/"), Errno::kIsdir);
  EXPECT_EQ(PathCall("path_unlink_file", "file/"), Errno::kNotdir);
  EXPECT_EQ(PathCall("path_unlink_file", "."), Errno::kIsdir);
  EXPECT_EQ(PathCall("path_unlink_file", "missing"), Errno::kNoent);
  // A symlink is removed itself, never what it points to.
  EXPECT_EQ(PathCall("path_unlink_file", "to_sub"), Errno::kSuccess);
  EXPECT_TRUE(dir_.Exists("sub"));
  EXPECT_FALSE(HostIsSymlink("to_sub"));
  EXPECT_EQ(PathCall("path_unlink_file", "file"), Errno::kSuccess);
  EXPECT_FALSE(dir_.Exists("file"));
}

TEST_P(PathTest, OpenCreatesTruncatesAndChoosesAccessModes) {
  uint32_t fd;
  EXPECT_EQ(Open("new", kOflagsCreat | kOflagsExcl, kRightFdWrite | kRightFdSeek, &fd),
            Errno::kSuccess);
  EXPECT_TRUE(dir_.Exists("new"));
  EXPECT_EQ(HostAccessMode(fd), O_WRONLY);
  // A real open file, never an O_PATH handle the guest could not use.
  EXPECT_EQ(fcntl(guest_->ctx().Get(fd)->host.get(), F_GETFL) & O_PATH, 0);
  FdEntry* entry = guest_->ctx().Get(fd);
  ASSERT_NE(entry, nullptr);
  EXPECT_EQ(entry->filetype, kFiletypeRegularFile);
  EXPECT_EQ(entry->rights_base, kRightFdWrite | kRightFdSeek);
  EXPECT_EQ(Open("new", kOflagsCreat | kOflagsExcl, kRightFdWrite), Errno::kExist);

  EXPECT_EQ(Open("file", 0, kRightFdRead, &fd), Errno::kSuccess);
  EXPECT_EQ(HostAccessMode(fd), O_RDONLY);
  EXPECT_EQ(Open("file", 0, kRightFdRead | kRightFdWrite, &fd), Errno::kSuccess);
  EXPECT_EQ(HostAccessMode(fd), O_RDWR);
  EXPECT_EQ(dir_.ReadFile("file"), "hello");
  EXPECT_EQ(Open("file", kOflagsTrunc, kRightFdWrite, &fd), Errno::kSuccess);
  EXPECT_EQ(dir_.ReadFile("file"), "");

  EXPECT_EQ(Open("sub", kOflagsDirectory, kRightFdReaddir, &fd), Errno::kSuccess);
  EXPECT_EQ(guest_->ctx().Get(fd)->filetype, kFiletypeDirectory);
  EXPECT_EQ(Open("file", kOflagsDirectory, kRightFdRead), Errno::kNotdir);
  EXPECT_EQ(Open("sub", kOflagsDirectory | kOflagsCreat, kRightFdRead), Errno::kInval);
  EXPECT_EQ(Open("missing", 0, kRightFdRead), Errno::kNoent);
  EXPECT_EQ(Open("sub/", kOflagsCreat, kRightFdWrite), Errno::kIsdir);
  EXPECT_EQ(Open("sub", 0, kRightFdWrite), Errno::kIsdir);
  // fdflags reach the host descriptor.
  EXPECT_EQ(Open("file", 0, kRightFdWrite, &fd, false, 3, 0, kFdflagsAppend), Errno::kSuccess);
  EXPECT_TRUE(fcntl(guest_->ctx().Get(fd)->host.get(), F_GETFL) & O_APPEND);
  EXPECT_EQ(guest_->ctx().Get(fd)->fdflags, kFdflagsAppend);
}

TEST_P(PathTest, OpenChecksRightsAndDescriptors) {
  uint32_t sub;
  // A directory handed out with only FD_READ to inherit cannot open for write.
  ASSERT_EQ(Open("sub", kOflagsDirectory, kRightPathOpen | kRightFdReaddir, &sub, false, 3,
                 kRightFdRead),
            Errno::kSuccess);
  ASSERT_TRUE(dir_.WriteFile("sub/f", "x"));
  uint32_t fd;
  EXPECT_EQ(Open("f", 0, kRightFdRead, &fd, false, sub), Errno::kSuccess);
  EXPECT_EQ(Open("f", 0, kRightFdWrite, nullptr, false, sub), Errno::kNotcapable);
  // Inheriting rights beyond the directory's are narrowed, not refused (Go's
  // wasip1 port asks for all 32 low bits).
  uint32_t inner;
  ASSERT_EQ(Open("sub", kOflagsDirectory, kRightPathOpen, &inner, false, 3, 0xffffffffu),
            Errno::kSuccess);
  EXPECT_EQ(guest_->ctx().Get(inner)->rights_inheriting, kRightsDirectoryInheriting);
  // Only FD_READ and FD_WRITE choose the access mode.
  ASSERT_EQ(Open("file", 0, kRightFdRead | kRightFdFilestatSetSize | kRightFdDatasync |
                                kRightFdAllocate, &inner),
            Errno::kSuccess);
  EXPECT_EQ(HostAccessMode(inner), O_RDONLY);
  // Undefined flag bits are EINVAL.
  EXPECT_EQ(Open("file", 1u << 4, kRightFdRead), Errno::kInval);
  EXPECT_EQ(Open("file", 0, kRightFdRead, nullptr, false, 3, 0, 1u << 5), Errno::kInval);
  EXPECT_EQ(Call("path_open", {I(3), I(2), I(Put("file")), I(4), I(0), L(kRightFdRead), L(0),
                               I(0), I(kOutPtr)}),
            Errno::kInval);
  // Without PATH_CREATE_FILE the directory cannot create.
  EXPECT_EQ(Open("g", kOflagsCreat, kRightFdRead, nullptr, false, sub), Errno::kNotcapable);
  EXPECT_FALSE(dir_.Exists("sub/g"));
  // A file is not a directory; a closed descriptor is EBADF.
  EXPECT_EQ(Open("x", 0, kRightFdRead, nullptr, false, fd), Errno::kNotdir);
  EXPECT_EQ(Open("x", 0, kRightFdRead, nullptr, false, 99), Errno::kBadf);
  // Bad pointers are EFAULT and create nothing.
  EXPECT_EQ(Call("path_open", {I(3), I(0), I(kMemorySize - 2), I(8), I(kOflagsCreat),
                               L(kRightFdWrite), L(0), I(0), I(kOutPtr)}),
            Errno::kFault);
  std::string_view name = "created";
  EXPECT_EQ(Call("path_open", {I(3), I(0), I(Put(name)), I(name.size()), I(kOflagsCreat),
                               L(kRightFdWrite), L(0), I(0), I(kMemorySize - 2)}),
            Errno::kFault);
  EXPECT_FALSE(dir_.Exists("created"));
}

TEST_P(PathTest, OpenFailsWithEmfileWhenTheTableIsFull) {
  Reopen(/*max_open_fds=*/5);  // stdio, the preopen and one more
  uint32_t fd;
  EXPECT_EQ(Open("file", 0, kRightFdRead, &fd), Errno::kSuccess);
  EXPECT_EQ(Open("file", 0, kRightFdRead), Errno::kMfile);
  // A full table fails before the file system is touched.
  EXPECT_EQ(Open("file", kOflagsTrunc, kRightFdWrite), Errno::kMfile);
  EXPECT_EQ(dir_.ReadFile("file"), "hello");
  EXPECT_EQ(Open("new", kOflagsCreat, kRightFdWrite), Errno::kMfile);
  EXPECT_FALSE(dir_.Exists("new"));
  // A failed open leaves no descriptor behind.
  EXPECT_EQ(Call("fd_close", {I(fd)}), Errno::kSuccess);
  EXPECT_EQ(Open("missing", 0, kRightFdRead), Errno::kNoent);
  EXPECT_EQ(guest_->ctx().open_count(), 4u);
  ASSERT_EQ(Open("file", 0, kRightFdRead, &fd), Errno::kSuccess);
  EXPECT_EQ(Call("fd_close", {I(fd)}), Errno::kSuccess);
  EXPECT_EQ(Open("file", 0, kRightFdRead), Errno::kSuccess);
}

TEST_P(PathTest, SymlinksAreFollowedOnlyWhenAskedAndOnlyBeneath) {
  ASSERT_EQ(Symlink("file", "lnk"), Errno::kSuccess);
  ASSERT_EQ(Symlink("/etc/passwd", "abs"), Errno::kSuccess);
  ASSERT_EQ(Symlink("../../../../../../../etc/passwd", "up"), Errno::kSuccess);
  EXPECT_EQ(Open("lnk", 0, kRightFdRead, nullptr, /*follow=*/false), Errno::kLoop);
  EXPECT_EQ(Open("lnk", 0, kRightFdRead, nullptr, /*follow=*/true), Errno::kSuccess);
  EXPECT_EQ(Open("abs", 0, kRightFdRead, nullptr, true), Errno::kNotcapable);
  EXPECT_EQ(Open("up", 0, kRightFdRead, nullptr, true), Errno::kNotcapable);
  EXPECT_EQ(Open("../file", 0, kRightFdRead), Errno::kNotcapable);
  EXPECT_EQ(Open("/etc/passwd", 0, kRightFdRead), Errno::kNotcapable);
  EXPECT_EQ(Open(std::string_view("file\0", 5), 0, kRightFdRead), Errno::kInval);
  EXPECT_EQ(Open("", 0, kRightFdRead), Errno::kNoent);
}

TEST_P(PathTest, RenameWithinAndAcrossDirectories) {
  uint32_t sub;
  ASSERT_EQ(Open("sub", kOflagsDirectory, kRightPathRenameTarget | kRightPathLinkTarget, &sub),
            Errno::kSuccess);
  EXPECT_EQ(Rename("file", "moved"), Errno::kSuccess);
  EXPECT_EQ(dir_.ReadFile("moved"), "hello");
  EXPECT_FALSE(dir_.Exists("file"));
  EXPECT_EQ(Rename("moved", "inside", 3, sub), Errno::kSuccess);
  EXPECT_EQ(dir_.ReadFile("sub/inside"), "hello");
  // sub may only be a rename target.
  EXPECT_EQ(Rename("inside", "back", sub, 3), Errno::kNotcapable);
  EXPECT_EQ(Rename("sub/inside/", "x"), Errno::kNotdir);
  EXPECT_EQ(Rename("sub/inside", "x/"), Errno::kNotdir);
  EXPECT_EQ(Rename("sub/inside", "../x"), Errno::kNotcapable);
  EXPECT_EQ(Rename("../x", "y"), Errno::kNotcapable);
  EXPECT_EQ(Rename(".", "y"), Errno::kBusy);
  EXPECT_EQ(Rename("missing", "y"), Errno::kNoent);
  ASSERT_TRUE(dir_.MakeDir("d"));
  EXPECT_EQ(Rename("d/", "e/"), Errno::kSuccess);
  EXPECT_TRUE(dir_.Exists("e"));
}

TEST_P(PathTest, HardLinks) {
  uint32_t sub;
  ASSERT_EQ(Open("sub", kOflagsDirectory, kRightPathLinkTarget, &sub), Errno::kSuccess);
  EXPECT_EQ(Link("file", "twin", false, 3, sub), Errno::kSuccess);
  EXPECT_EQ(dir_.ReadFile("sub/twin"), "hello");
  EXPECT_EQ(Stat("file", false).nlink, 2u);
  EXPECT_EQ(Link("file", "twin", false, 3, sub), Errno::kExist);
  EXPECT_EQ(Link("sub", "dirlink"), Errno::kPerm);
  EXPECT_EQ(Link("file/", "x"), Errno::kNotdir);
  EXPECT_EQ(Link("file", "../x"), Errno::kNotcapable);
  // Without SYMLINK_FOLLOW the link itself is linked; with it, its target.
  ASSERT_EQ(Symlink("file", "lnk"), Errno::kSuccess);
  EXPECT_EQ(Link("lnk", "lnk_twin", false), Errno::kSuccess);
  EXPECT_TRUE(HostIsSymlink("lnk_twin"));
  EXPECT_EQ(Link("lnk", "file_twin", true), Errno::kSuccess);
  EXPECT_FALSE(HostIsSymlink("file_twin"));
  EXPECT_EQ(dir_.ReadFile("file_twin"), "hello");
  ASSERT_EQ(Symlink("/etc/passwd", "abs"), Errno::kSuccess);
  EXPECT_EQ(Link("abs", "stolen", true), Errno::kNotcapable);
  EXPECT_FALSE(dir_.Exists("stolen"));
}

TEST_P(PathTest, SymlinkAndReadlink) {
  EXPECT_EQ(Symlink("does/not/exist", "dangling"), Errno::kSuccess);
  EXPECT_EQ(Readlink("dangling", 100), std::make_pair(Errno::kSuccess, std::string("does/not/exist")));
  // Truncated to the buffer, with the length used.
  EXPECT_EQ(Readlink("dangling", 4), std::make_pair(Errno::kSuccess, std::string("does")));
  EXPECT_EQ(Readlink("dangling", 0), std::make_pair(Errno::kSuccess, std::string()));
  // Stored as given, even when it points outside: using it is what is refused.
  EXPECT_EQ(Symlink("/etc", "abs"), Errno::kSuccess);
  EXPECT_EQ(Readlink("abs", 100).second, "/etc");
  char host[16] = {};
  ASSERT_EQ(readlink(dir_.Path("abs").c_str(), host, sizeof(host) - 1), 4);
  EXPECT_STREQ(host, "/etc");
  EXPECT_EQ(Open("abs/passwd", 0, kRightFdRead), Errno::kNotcapable);

  EXPECT_EQ(Symlink("x", "file"), Errno::kExist);
  EXPECT_EQ(Symlink("x", "../escape"), Errno::kNotcapable);
  EXPECT_EQ(Symlink(std::string_view("a\0b", 3), "nul"), Errno::kInval);
  EXPECT_EQ(Symlink("", "empty"), Errno::kNoent);
  EXPECT_EQ(Readlink("file", 100).first, Errno::kInval);
  EXPECT_EQ(Readlink("missing", 100).first, Errno::kNoent);
  EXPECT_EQ(Readlink(".", 100).first, Errno::kInval);
  ASSERT_EQ(Symlink("sub", "to_sub"), Errno::kSuccess);
  EXPECT_EQ(Readlink("to_sub/", 100).first, Errno::kInval);  // names the directory
  // A buffer outside memory is EFAULT.
  EXPECT_EQ(Call("path_readlink", {I(3), I(Put("dangling")), I(8), I(kMemorySize - 2), I(8),
                                   I(kOutPtr)}),
            Errno::kFault);
}

TEST_P(PathTest, FilestatGetAndSetTimes) {
  ASSERT_EQ(Symlink("file", "lnk"), Errno::kSuccess);
  FileStat file = Stat("file", false);
  ASSERT_EQ(file.error, Errno::kSuccess);
  EXPECT_EQ(file.filetype, kFiletypeRegularFile);
  EXPECT_EQ(file.size, 5u);
  EXPECT_EQ(file.nlink, 1u);
  struct stat host;
  ASSERT_EQ(stat(dir_.Path("file").c_str(), &host), 0);
  EXPECT_EQ(file.ino, host.st_ino);
  EXPECT_EQ(Stat("lnk", false).filetype, kFiletypeSymbolicLink);
  EXPECT_EQ(Stat("lnk", true).filetype, kFiletypeRegularFile);
  EXPECT_EQ(Stat("sub", false).filetype, kFiletypeDirectory);
  EXPECT_EQ(Stat(".", false).filetype, kFiletypeDirectory);
  EXPECT_EQ(Stat("file/", false).error, Errno::kNotdir);
  EXPECT_EQ(Stat("missing", false).error, Errno::kNoent);
  EXPECT_EQ(Stat("..", false).error, Errno::kNotcapable);

  constexpr uint64_t kSec = 1000000000ull;
  EXPECT_EQ(SetTimes("file", false, 1000 * kSec + 5, 2000 * kSec + 7,
                     kFstflagsAtim | kFstflagsMtim),
            Errno::kSuccess);
  FileStat changed = Stat("file", false);
  EXPECT_EQ(changed.atim, 1000 * kSec + 5);
  EXPECT_EQ(changed.mtim, 2000 * kSec + 7);
  // Only MTIM: atime stays.
  EXPECT_EQ(SetTimes("file", false, 0, 3000 * kSec, kFstflagsMtim), Errno::kSuccess);
  EXPECT_EQ(Stat("file", false).atim, 1000 * kSec + 5);
  EXPECT_EQ(Stat("file", false).mtim, 3000 * kSec);
  // Through the link: without following the link's own times change.
  EXPECT_EQ(SetTimes("lnk", false, 0, 4000 * kSec, kFstflagsMtim), Errno::kSuccess);
  EXPECT_EQ(Stat("file", false).mtim, 3000 * kSec);
  EXPECT_EQ(Stat("lnk", false).mtim, 4000 * kSec);
  EXPECT_EQ(SetTimes("lnk", true, 0, 5000 * kSec, kFstflagsMtim), Errno::kSuccess);
  EXPECT_EQ(Stat("file", false).mtim, 5000 * kSec);
  EXPECT_EQ(Call("path_filestat_get", {I(3), I(2), I(Put("file")), I(4), I(kBufPtr)}),
            Errno::kInval);  // an undefined lookupflags bit
  EXPECT_EQ(SetTimes("file", false, 1, 0, 1u << 4), Errno::kInval);
  EXPECT_EQ(SetTimes("file", false, 1, 0, kFstflagsAtim | kFstflagsAtimNow), Errno::kInval);
  EXPECT_EQ(SetTimes("file", false, 0, 1, kFstflagsMtim | kFstflagsMtimNow), Errno::kInval);
  EXPECT_EQ(SetTimes("file/", false, 0, 1, kFstflagsMtim), Errno::kNotdir);
  EXPECT_EQ(SetTimes("sub/", false, 0, 6000 * kSec, kFstflagsMtim), Errno::kSuccess);
  EXPECT_EQ(Stat("sub", false).mtim, 6000 * kSec);
  ASSERT_EQ(Symlink("/etc/passwd", "abs"), Errno::kSuccess);
  EXPECT_EQ(SetTimes("abs", true, 0, 1, kFstflagsMtim), Errno::kNotcapable);
}

// One fd_readdir call: the complete entries in order, each with its d_next
// cookie, and the cookie after the last complete one.
struct ReaddirEntry {
  std::string name;
  uint8_t type;
  uint64_t next;
  bool operator==(const ReaddirEntry&) const = default;
};
struct ReaddirPage {
  Errno error;
  uint32_t used = 0;
  std::vector<ReaddirEntry> entries;
  uint64_t next_cookie = 0;
};

class ReaddirTest : public PathTest {
 protected:
  ReaddirPage Readdir(uint32_t fd, uint32_t buf_len, uint64_t cookie) {
    ReaddirPage page;
    page.next_cookie = cookie;
    page.error = Call("fd_readdir", {I(fd), I(kBufPtr), I(buf_len), L(cookie), I(kOutPtr)});
    if (page.error != Errno::kSuccess) return page;
    page.used = *guest_->LoadU32(kOutPtr);
    std::string bytes = *guest_->Read(kBufPtr, page.used);
    size_t at = 0;
    while (at + kDirentSize <= bytes.size()) {
      uint64_t next;
      uint32_t namlen;
      memcpy(&next, bytes.data() + at + kDirentNext, 8);
      memcpy(&namlen, bytes.data() + at + kDirentNamlen, 4);
      uint8_t type = static_cast<uint8_t>(bytes[at + kDirentType]);
      if (at + kDirentSize + namlen > bytes.size()) break;  // cut short
      page.entries.push_back({bytes.substr(at + kDirentSize, namlen), type, next});
      page.next_cookie = next;
      at += kDirentSize + namlen;
    }
    return page;
  }

  // Lists {fd} with {buf_len}-byte buffers, continuing from each call's last
  // complete entry, as wasi-libc's readdir does.
  std::vector<ReaddirEntry> ListAll(uint32_t fd, uint32_t buf_len) {
    std::vector<ReaddirEntry> all;
    uint64_t cookie = 0;
    for (int calls = 0; calls < 1000; ++calls) {
      ReaddirPage page = Readdir(fd, buf_len, cookie);
      EXPECT_EQ(page.error, Errno::kSuccess);
      all.insert(all.end(), page.entries.begin(), page.entries.end());
      if (page.used < buf_len) return all;  // the end
      EXPECT_FALSE(page.entries.empty()) << "buffer too small for one entry";
      if (page.entries.empty()) return all;
      cookie = page.next_cookie;
    }
    ADD_FAILURE() << "fd_readdir never finished";
    return all;
  }
};

TEST_P(ReaddirTest, ListsEveryEntryOnceWithStableCookies) {
  std::set<std::string> want = {".", "..", "file", "sub", "lnk"};
  ASSERT_EQ(Symlink("file", "lnk"), Errno::kSuccess);
  for (int i = 0; i < 30; ++i) {
    std::string name = "entry_" + std::to_string(i);
    ASSERT_TRUE(dir_.WriteFile(name, ""));
    want.insert(name);
  }
  for (uint32_t buf_len : {4096u, 64u, 40u}) {
    SCOPED_TRACE(buf_len);
    std::vector<ReaddirEntry> all = ListAll(3, buf_len);
    std::map<std::string, uint8_t> seen;
    for (const ReaddirEntry& entry : all) {
      EXPECT_TRUE(seen.emplace(entry.name, entry.type).second) << "listed twice: " << entry.name;
    }
    std::set<std::string> names;
    for (const auto& [name, type] : seen) names.insert(name);
    EXPECT_EQ(names, want);
    EXPECT_EQ(seen["file"], kFiletypeRegularFile);
    EXPECT_EQ(seen["sub"], kFiletypeDirectory);
    EXPECT_EQ(seen["lnk"], kFiletypeSymbolicLink);
    EXPECT_EQ(seen["."], kFiletypeDirectory);
    EXPECT_EQ(seen[".."], kFiletypeDirectory);
  }
  // Any entry's cookie gives the same continuation, in any order of calls.
  ReaddirPage first = Readdir(3, 4096, 0);
  ASSERT_EQ(first.entries.size(), want.size());
  for (size_t i : {size_t{20}, size_t{4}, size_t{4}, size_t{30}, size_t{0}}) {
    SCOPED_TRACE(i);
    ReaddirPage rest = Readdir(3, 4096, first.entries[i].next);
    ASSERT_EQ(rest.entries.size(), first.entries.size() - i - 1);
    EXPECT_TRUE(std::equal(rest.entries.begin(), rest.entries.end(),
                           first.entries.begin() + static_cast<long>(i) + 1));
  }
  // The last entry's cookie, and absurd ones, give nothing.
  for (uint64_t cookie : {first.entries.back().next, uint64_t{1000000}, ~uint64_t{0}}) {
    ReaddirPage none = Readdir(3, 4096, cookie);
    EXPECT_EQ(none.error, Errno::kSuccess);
    EXPECT_EQ(none.used, 0u) << cookie;
  }
  // Rewinding (cookie 0) sees a file created since.
  ASSERT_TRUE(dir_.WriteFile("late", ""));
  std::set<std::string> again;
  for (const ReaddirEntry& entry : ListAll(3, 4096)) again.insert(entry.name);
  EXPECT_EQ(again.count("late"), 1u);
}

// The ".." entry of the preopened directory carries the directory's own
// inode number: nothing about the parent outside the sandbox is shown.
TEST_P(ReaddirTest, DotDotDoesNotDescribeTheParent) {
  struct stat self;
  ASSERT_EQ(stat(dir_.path().c_str(), &self), 0);
  ReaddirPage page = Readdir(3, 4096, 0);
  ASSERT_EQ(page.error, Errno::kSuccess);
  std::string bytes = *guest_->Read(kBufPtr, page.used);
  size_t at = 0;
  bool found = false;
  while (at + kDirentSize <= bytes.size()) {
    uint64_t ino;
    uint32_t namlen;
    memcpy(&ino, bytes.data() + at + kDirentIno, 8);
    memcpy(&namlen, bytes.data() + at + kDirentNamlen, 4);
    if (bytes.substr(at + kDirentSize, namlen) == "..") {
      found = true;
      EXPECT_EQ(ino, self.st_ino);
    }
    at += kDirentSize + namlen;
  }
  EXPECT_TRUE(found);
}

TEST_P(ReaddirTest, TruncatesTheLastEntryAndFailsLoudlyOnBadArguments) {
  ReaddirPage all = Readdir(3, 4096, 0);
  ASSERT_GE(all.entries.size(), 2u);
  // Room for the first record and 5 bytes of the second: the second is cut.
  uint32_t first_size = kDirentSize + static_cast<uint32_t>(all.entries[0].name.size());
  ReaddirPage page = Readdir(3, first_size + 5, 0);
  ASSERT_EQ(page.error, Errno::kSuccess);
  EXPECT_EQ(page.used, first_size + 5);
  ASSERT_EQ(page.entries.size(), 1u);
  EXPECT_EQ(page.entries[0], all.entries[0]);
  // Continuing from it delivers the cut entry in full.
  ReaddirPage next = Readdir(3, 4096, page.next_cookie);
  ASSERT_FALSE(next.entries.empty());
  EXPECT_EQ(next.entries[0], all.entries[1]);
  EXPECT_EQ(Readdir(3, 0, 0).used, 0u);
  uint32_t file;
  ASSERT_EQ(Open("file", 0, kRightFdRead, &file), Errno::kSuccess);
  EXPECT_EQ(Readdir(file, 4096, 0).error, Errno::kNotdir);
  EXPECT_EQ(Readdir(99, 4096, 0).error, Errno::kBadf);
  EXPECT_EQ(Call("fd_readdir", {I(3), I(kMemorySize - 8), I(64), L(0), I(kOutPtr)}),
            Errno::kFault);
  uint32_t sub;
  ASSERT_EQ(Open("sub", kOflagsDirectory, kRightPathOpen, &sub), Errno::kSuccess);
  EXPECT_EQ(Readdir(sub, 4096, 0).error, Errno::kNotcapable);
}

TEST_P(PathTest, EveryPathFunctionRefusesEscapes) {
  for (std::string_view path : {"../x", "/x", "sub/../../x"}) {
    SCOPED_TRACE(path);
    EXPECT_EQ(PathCall("path_create_directory", path), Errno::kNotcapable);
    EXPECT_EQ(PathCall("path_remove_directory", path), Errno::kNotcapable);
    EXPECT_EQ(PathCall("path_unlink_file", path), Errno::kNotcapable);
    EXPECT_EQ(Open(path, kOflagsCreat, kRightFdWrite), Errno::kNotcapable);
    EXPECT_EQ(Rename("file", path), Errno::kNotcapable);
    EXPECT_EQ(Rename(path, "y"), Errno::kNotcapable);
    EXPECT_EQ(Link("file", path), Errno::kNotcapable);
    EXPECT_EQ(Link(path, "y"), Errno::kNotcapable);
    EXPECT_EQ(Symlink("file", path), Errno::kNotcapable);
    EXPECT_EQ(Readlink(path, 10).first, Errno::kNotcapable);
    EXPECT_EQ(Stat(path, true).error, Errno::kNotcapable);
    EXPECT_EQ(SetTimes(path, true, 0, 0, kFstflagsMtimNow), Errno::kNotcapable);
  }
}

auto ModeName = [](const ::testing::TestParamInfo<ResolveMode>& info) {
  return std::string(info.param == ResolveMode::kOpenat2 ? "Openat2" : "Walker");
};
INSTANTIATE_TEST_SUITE_P(BothResolvers, PathTest,
                         ::testing::Values(ResolveMode::kOpenat2, ResolveMode::kWalker), ModeName);
INSTANTIATE_TEST_SUITE_P(BothResolvers, ReaddirTest,
                         ::testing::Values(ResolveMode::kOpenat2, ResolveMode::kWalker), ModeName);

}  // namespace
}  // namespace wasmtier::wasi
