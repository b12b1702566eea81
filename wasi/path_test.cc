// The path functions as a guest sees them: WAT exports forwarding to the
// wasi_snapshot_preview1 imports, run over a temporary preopened directory
// (guest fd 3) under both resolvers, with the host checking every effect.
// fd_readdir is in readdir_test.cc.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "gtest/gtest.h"
#include "wasi/functions.h"
#include "wasi/path_test_util.h"

namespace wasmtier::wasi::path_testing {
namespace {

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

// open(2) of a FIFO waits in the kernel for the other end, where no
// interrupt reaches: path_open must not. A host thread opens the writing end
// after 2 s so a blocking implementation fails by the clock instead of
// hanging the test. The guest's descriptor ends up blocking unless it asked
// for NONBLOCK; write-only with no reader is ENXIO rather than a wait.
TEST_P(PathTest, OpeningAFifoNeverWaitsForItsOtherEnd) {
  ASSERT_EQ(::mkfifo(dir_.Path("fifo").c_str(), 0600), 0);
  std::thread unblocker([path = dir_.Path("fifo")] {
    std::this_thread::sleep_for(std::chrono::seconds(2));
    int w = ::open(path.c_str(), O_WRONLY | O_NONBLOCK | O_CLOEXEC);
    if (w >= 0) ::close(w);
  });
  auto start = std::chrono::steady_clock::now();
  uint32_t reader = 0, nonblocking = 0;
  Errno opened = Open("fifo", 0, kRightFdRead, &reader);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(1));
  unblocker.join();
  ASSERT_EQ(opened, Errno::kSuccess);
  EXPECT_EQ(HostStatusFlags(reader) & O_NONBLOCK, 0) << "the guest did not ask for NONBLOCK";
  ASSERT_EQ(Open("fifo", 0, kRightFdRead, &nonblocking, false, 3, 0, kFdflagsNonblock),
            Errno::kSuccess);
  EXPECT_NE(HostStatusFlags(nonblocking) & O_NONBLOCK, 0);
  EXPECT_EQ(Call("fd_close", {I(reader)}), Errno::kSuccess);
  EXPECT_EQ(Call("fd_close", {I(nonblocking)}), Errno::kSuccess);
  EXPECT_EQ(Open("fifo", 0, kRightFdWrite), Errno::kNxio);
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

INSTANTIATE_TEST_SUITE_P(BothResolvers, PathTest,
                         ::testing::Values(ResolveMode::kOpenat2, ResolveMode::kWalker),
                         ResolverName);

}  // namespace
}  // namespace wasmtier::wasi::path_testing
