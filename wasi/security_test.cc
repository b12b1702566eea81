// WASI sandbox escapes through the guest's imports: `..`, absolute paths, NUL
// bytes, symlinks (final, intermediate, climbing, absolute, chains, loops,
// dangling), hard links and renames across the preopen's edge. Every attempt
// must be refused with the spec's errno, and HostTree's inotify watch proves
// nothing outside the preopen was opened, created, changed or removed. Runs
// once per resolver (openat2 where the kernel has it, and the walker).
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "wasi/sandbox.h"
#include "wasi/security/harness.h"

namespace wasmtier::wasi::security {
namespace {

class EscapeTest : public ResolverTest {
 protected:
  void Populate() override {
    tree_.WriteFile("file.txt", "INSIDE\n");
    tree_.MakeDir("a");
    tree_.MakeDir("a/b");
    tree_.WriteFile("a/b/deep.txt", "DEEP\n");
    tree_.Symlink("../secret.txt", "out_link");
    tree_.Symlink(tree_.Outside("secret.txt"), "out_abs_link");
    tree_.Symlink("../outside_dir", "out_dir_link");
    tree_.Symlink(tree_.Outside("outside_dir"), "out_abs_dir_link");
    tree_.Symlink("a/../../secret.txt", "climb_link");
    tree_.Symlink("../../../secret.txt", "a/b/climb2");
    tree_.Symlink("chain2", "chain1");
    tree_.Symlink("a/chain3", "chain2");
    tree_.Symlink("../../secret.txt", "a/chain3");
    tree_.Symlink("ok_chain2", "ok_chain1");
    tree_.Symlink("a/b/../../file.txt", "ok_chain2");
    tree_.Symlink("loop2", "loop1");
    tree_.Symlink("loop1", "loop2");
    tree_.Symlink("self_loop", "self_loop");
    tree_.Symlink("../created_outside.txt", "dangling_out");
    tree_.Symlink("/", "root_link");
    tree_.Symlink("..", "dotdot_link");
    tree_.Symlink("a/b/deep.txt", "in_link");
  }

  // Opens {path} read-only beneath the preopen; on success closes it again
  // and returns "ESUCCESS:<contents>".
  std::string Open(std::string_view path, uint32_t lookup, uint32_t oflags = 0) {
    uint32_t fd = 0;
    uint64_t rights = kRightFdRead | kRightFdSeek | kRightPathOpen;
    std::string r = guest_->PathOpen(3, lookup, path, oflags, rights, rights, &fd);
    if (r != "ESUCCESS") return r;
    std::string data = (oflags & kOflagDirectory) ? "" : guest_->ReadAll(fd);
    EXPECT_EQ(guest_->CallText("fd_close", {fd}), "ESUCCESS");
    return "ESUCCESS:" + data;
  }

  std::string TwoPaths(std::string_view name, std::string_view a, std::string_view b,
                       uint32_t lookup = 0) {
    constexpr uint32_t kA = 4096, kB = 8192;
    guest_->Write(kA, a);
    guest_->Write(kB, b);
    if (name == "path_link") {
      return guest_->CallText(name, {3, lookup, kA, a.size(), 3, kB, b.size()});
    }
    if (name == "path_rename") return guest_->CallText(name, {3, kA, a.size(), 3, kB, b.size()});
    return guest_->CallText(name, {kA, a.size(), 3, kB, b.size()});  // path_symlink
  }
};

TEST_P(EscapeTest, DotDotPastTheRootIsNotCapable) {
  for (const char* path :
       {"..", "../", "../secret.txt", "a/../../secret.txt", "a/b/../../../secret.txt",
        "./../secret.txt", "../outside_dir/inner.txt", "a/b/../../..", "../sandbox/file.txt",
        "a/../../sandbox/file.txt", "a/b/../../../outside_dir"}) {
    for (uint32_t lookup : {0u, kLookupFollow}) {
      SCOPED_TRACE(std::string(path) + (lookup ? " (follow)" : ""));
      EXPECT_EQ(Open(path, lookup), "ENOTCAPABLE");
    }
  }
  // `..` that stays inside is fine.
  EXPECT_EQ(Open("a/../file.txt", 0), "ESUCCESS:INSIDE\n");
  EXPECT_EQ(Open("a/b/../../file.txt", 0), "ESUCCESS:INSIDE\n");
  EXPECT_EQ(Open("a/..", 0, kOflagDirectory), "ESUCCESS:");
}

TEST_P(EscapeTest, AbsolutePathsAreNotCapable) {
  for (const char* path : {"/etc/passwd", "/", "//etc/passwd", "/sandbox/file.txt"}) {
    SCOPED_TRACE(path);
    EXPECT_EQ(Open(path, kLookupFollow), "ENOTCAPABLE");
    EXPECT_EQ(Stat(path, kLookupFollow), "ENOTCAPABLE");
  }
  std::string abs_secret = tree_.Outside("secret.txt");
  EXPECT_EQ(Open(abs_secret, 0), "ENOTCAPABLE");
}

TEST_P(EscapeTest, NulByteInsidePathIsInvalid) {
  using namespace std::string_literals;
  for (const std::string& path :
       {"file.txt\0/../../secret.txt"s, "\0"s, "file.txt\0"s, "../secret.txt\0file.txt"s}) {
    SCOPED_TRACE(testing::PrintToString(path));
    std::string r = Open(path, kLookupFollow);
    // "../secret.txt\0..." may be refused for either reason; never opened.
    if (path[0] == '.') {
      EXPECT_TRUE(r == "EINVAL" || r == "ENOTCAPABLE") << r;
    } else {
      EXPECT_EQ(r, "EINVAL");
    }
  }
}

TEST_P(EscapeTest, EmptyPathIsNoent) {
  EXPECT_EQ(Open("", kLookupFollow), "ENOENT");
}

TEST_P(EscapeTest, FinalSymlinkOutsideIsNotCapableWhenFollowed) {
  for (const char* path :
       {"out_link", "out_abs_link", "climb_link", "a/b/climb2", "chain1", "dangling_out"}) {
    SCOPED_TRACE(path);
    EXPECT_EQ(Open(path, kLookupFollow), "ENOTCAPABLE");
    // Not following: the last component is a symlink, as O_NOFOLLOW says.
    EXPECT_EQ(Open(path, 0), "ELOOP");
  }
  for (const char* path : {"root_link", "dotdot_link", "out_dir_link", "out_abs_dir_link"}) {
    SCOPED_TRACE(path);
    EXPECT_EQ(Open(path, kLookupFollow, kOflagDirectory), "ENOTCAPABLE");
    std::string r = Open(path, 0, kOflagDirectory);
    EXPECT_TRUE(r == "ELOOP" || r == "ENOTDIR") << r;
  }
}

TEST_P(EscapeTest, SymlinksInsideStillWork) {
  EXPECT_EQ(Open("in_link", kLookupFollow), "ESUCCESS:DEEP\n");
  EXPECT_EQ(Open("ok_chain1", kLookupFollow), "ESUCCESS:INSIDE\n");
}

TEST_P(EscapeTest, SymlinkLoopsAreEloop) {
  for (const char* path : {"loop1", "self_loop", "loop1/x", "a/../loop2"}) {
    SCOPED_TRACE(path);
    EXPECT_EQ(Open(path, kLookupFollow), "ELOOP");
  }
}

TEST_P(EscapeTest, SymlinkInTheMiddleOfAPathIsNotCapable) {
  for (const char* path :
       {"out_dir_link/inner.txt", "out_abs_dir_link/inner.txt", "dotdot_link/secret.txt",
        "root_link/etc/passwd", "dotdot_link/sandbox/file.txt", "a/../out_dir_link/inner.txt",
        "out_dir_link/../secret.txt"}) {
    for (uint32_t lookup : {0u, kLookupFollow}) {
      SCOPED_TRACE(std::string(path) + (lookup ? " (follow)" : ""));
      EXPECT_EQ(Open(path, lookup), "ENOTCAPABLE");
      EXPECT_EQ(Stat(path, lookup), "ENOTCAPABLE");
    }
  }
}

TEST_P(EscapeTest, StatOfOutsideSymlinkOnlyWithoutFollowing) {
  constexpr int kSymlinkFiletype = 7, kRegularFiletype = 4;
  EXPECT_EQ(Stat("out_link", 0), "ESUCCESS:" + std::to_string(kSymlinkFiletype));
  EXPECT_EQ(Stat("out_link", kLookupFollow), "ENOTCAPABLE");
  EXPECT_EQ(Stat("out_abs_link", kLookupFollow), "ENOTCAPABLE");
  EXPECT_EQ(Stat("chain1", kLookupFollow), "ENOTCAPABLE");
  EXPECT_EQ(Stat("../secret.txt", 0), "ENOTCAPABLE");
  EXPECT_EQ(Stat("in_link", kLookupFollow), "ESUCCESS:" + std::to_string(kRegularFiletype));
  // ".." as the last component is resolved, not handed to fstatat.
  EXPECT_EQ(Stat("..", 0), "ENOTCAPABLE");
  EXPECT_EQ(Stat("a/b/../../..", 0), "ENOTCAPABLE");
}

TEST_P(EscapeTest, ReadlinkReturnsOnlyTheText) {
  guest_->Write(WasiGuest::kPathPtr, "out_link");
  EXPECT_EQ(guest_->CallText("path_readlink", {3, WasiGuest::kPathPtr, 8, 1024, 64, 256}),
            "ESUCCESS");
  uint32_t used = guest_->ReadU32(256);
  EXPECT_EQ(guest_->Read(1024, used), "../secret.txt");
  guest_->Write(WasiGuest::kPathPtr, "out_dir_link/x");
  EXPECT_EQ(guest_->CallText("path_readlink", {3, WasiGuest::kPathPtr, 14, 1024, 64, 256}),
            "ENOTCAPABLE");
}

TEST_P(EscapeTest, CreatedSymlinkToOutsideCannotBeFollowed) {
  std::string r = TwoPaths("path_symlink", "../secret.txt", "new_link");
  // Making the link is allowed (it is only text); refusing it is safe too.
  EXPECT_TRUE(r == "ESUCCESS" || r == "ENOTCAPABLE") << r;
  if (r == "ESUCCESS") {
    EXPECT_EQ(Open("new_link", kLookupFollow), "ENOTCAPABLE");
    EXPECT_EQ(Stat("new_link", kLookupFollow), "ENOTCAPABLE");
  }
  r = TwoPaths("path_symlink", tree_.Outside("outside_dir"), "new_dir_link");
  EXPECT_TRUE(r == "ESUCCESS" || r == "ENOTCAPABLE") << r;
  if (r == "ESUCCESS") EXPECT_EQ(Open("new_dir_link/inner.txt", 0), "ENOTCAPABLE");
  // The link's own location must be inside.
  EXPECT_EQ(TwoPaths("path_symlink", "file.txt", "../evil_link"), "ENOTCAPABLE");
  EXPECT_EQ(TwoPaths("path_symlink", "file.txt", "out_dir_link/evil_link"), "ENOTCAPABLE");
  EXPECT_EQ(TwoPaths("path_symlink", "file.txt", "dotdot_link/evil_link"), "ENOTCAPABLE");
  EXPECT_FALSE(HostTree::Exists(tree_.Outside("evil_link")));
  EXPECT_FALSE(HostTree::Exists(tree_.Outside("outside_dir/evil_link")));
}

TEST_P(EscapeTest, HardLinksNeverReachOutside) {
  EXPECT_EQ(TwoPaths("path_link", "../secret.txt", "hl1"), "ENOTCAPABLE");
  EXPECT_EQ(TwoPaths("path_link", "out_dir_link/inner.txt", "hl2"), "ENOTCAPABLE");
  // linkat(AT_SYMLINK_FOLLOW) on a link to outside would pull the outside
  // file's inode into the sandbox.
  EXPECT_EQ(TwoPaths("path_link", "out_link", "hl3", kLookupFollow), "ENOTCAPABLE");
  EXPECT_EQ(TwoPaths("path_link", "chain1", "hl4", kLookupFollow), "ENOTCAPABLE");
  EXPECT_EQ(TwoPaths("path_link", "file.txt", "../hl5"), "ENOTCAPABLE");
  EXPECT_EQ(TwoPaths("path_link", "file.txt", "out_dir_link/hl6"), "ENOTCAPABLE");
  for (const char* name : {"hl1", "hl2", "hl3", "hl4"}) {
    EXPECT_FALSE(HostTree::Exists(tree_.InSandbox(name))) << name;
  }
  EXPECT_FALSE(HostTree::Exists(tree_.Outside("hl5")));
  // Without following, a link to the symlink itself stays a symlink.
  std::string r = TwoPaths("path_link", "out_link", "hl7");
  struct stat st;
  if (::lstat(tree_.InSandbox("hl7").c_str(), &st) == 0) {
    EXPECT_TRUE(S_ISLNK(st.st_mode)) << "path_link made a non-symlink from a symlink: " << r;
  }
  // An ordinary link inside works.
  EXPECT_EQ(TwoPaths("path_link", "file.txt", "a/hl_ok"), "ESUCCESS");
  EXPECT_EQ(HostTree::ReadHostFile(tree_.InSandbox("a/hl_ok")), "INSIDE\n");
}

TEST_P(EscapeTest, RenameNeverCrossesTheEdge) {
  EXPECT_EQ(TwoPaths("path_rename", "file.txt", "../stolen.txt"), "ENOTCAPABLE");
  EXPECT_EQ(TwoPaths("path_rename", "../secret.txt", "mine.txt"), "ENOTCAPABLE");
  EXPECT_EQ(TwoPaths("path_rename", "file.txt", "out_dir_link/x"), "ENOTCAPABLE");
  EXPECT_EQ(TwoPaths("path_rename", "out_dir_link/inner.txt", "mine.txt"), "ENOTCAPABLE");
  EXPECT_EQ(TwoPaths("path_rename", "a", "../a"), "ENOTCAPABLE");
  EXPECT_EQ(TwoPaths("path_rename", "file.txt", "/tmp/stolen.txt"), "ENOTCAPABLE");
  EXPECT_EQ(TwoPaths("path_rename", "file.txt", ".."), "ENOTCAPABLE");
  EXPECT_FALSE(HostTree::Exists(tree_.Outside("stolen.txt")));
  EXPECT_FALSE(HostTree::Exists(tree_.InSandbox("mine.txt")));
  EXPECT_EQ(HostTree::ReadHostFile(tree_.InSandbox("file.txt")), "INSIDE\n");
  // Renaming the symlink itself is fine; its target is untouched.
  EXPECT_EQ(TwoPaths("path_rename", "out_link", "a/moved_link"), "ESUCCESS");
  EXPECT_EQ(TwoPaths("path_rename", "file.txt", "a/b/renamed.txt"), "ESUCCESS");
  EXPECT_EQ(HostTree::ReadHostFile(tree_.InSandbox("a/b/renamed.txt")), "INSIDE\n");
}

TEST_P(EscapeTest, CreateRemoveAndUnlinkStayInside) {
  for (const char* path : {"../newdir", "out_dir_link/newdir", "/tmp/newdir", "dotdot_link/nd"}) {
    SCOPED_TRACE(path);
    EXPECT_EQ(guest_->PathCall("path_create_directory", 3, path), "ENOTCAPABLE");
  }
  EXPECT_FALSE(HostTree::Exists(tree_.Outside("newdir")));
  EXPECT_FALSE(HostTree::Exists(tree_.Outside("outside_dir/newdir")));
  for (const char* path : {"../secret.txt", "out_dir_link/inner.txt", "dotdot_link/secret.txt"}) {
    SCOPED_TRACE(path);
    EXPECT_EQ(guest_->PathCall("path_unlink_file", 3, path), "ENOTCAPABLE");
  }
  for (const char* path : {"../outside_dir", "dotdot_link/outside_dir", "a/../.."}) {
    SCOPED_TRACE(path);
    EXPECT_EQ(guest_->PathCall("path_remove_directory", 3, path), "ENOTCAPABLE");
  }
  // Unlinking the symlink removes the link, never its target.
  EXPECT_EQ(guest_->PathCall("path_unlink_file", 3, "out_link"), "ESUCCESS");
  EXPECT_FALSE(HostTree::Exists(tree_.InSandbox("out_link")));
}

TEST_P(EscapeTest, OpenWithCreateNeverCreatesOrTruncatesOutside) {
  uint64_t rw = kRightFdRead | kRightFdWrite;
  EXPECT_EQ(guest_->PathOpen(3, kLookupFollow, "dangling_out", kOflagCreat, rw, 0), "ENOTCAPABLE");
  std::string r = guest_->PathOpen(3, 0, "dangling_out", kOflagCreat, rw, 0);
  EXPECT_TRUE(r == "ELOOP" || r == "EEXIST") << r;
  EXPECT_EQ(guest_->PathOpen(3, kLookupFollow, "out_link", kOflagCreat | kOflagTrunc, rw, 0),
            "ENOTCAPABLE");
  EXPECT_EQ(guest_->PathOpen(3, kLookupFollow, "out_dir_link/new.txt", kOflagCreat, rw, 0),
            "ENOTCAPABLE");
  EXPECT_EQ(guest_->PathOpen(3, kLookupFollow, "../new.txt", kOflagCreat, rw, 0), "ENOTCAPABLE");
  EXPECT_FALSE(HostTree::Exists(tree_.Outside("created_outside.txt")));
  EXPECT_FALSE(HostTree::Exists(tree_.Outside("outside_dir/new.txt")));
  EXPECT_FALSE(HostTree::Exists(tree_.Outside("new.txt")));
}

TEST_P(EscapeTest, SetTimesOutsideIsNotCapable) {
  for (const char* path : {"../secret.txt", "out_link", "out_dir_link/inner.txt"}) {
    SCOPED_TRACE(path);
    guest_->Write(WasiGuest::kPathPtr, path);
    uint32_t len = std::string_view(path).size();
    // fst_flags = ATIM_NOW | MTIM_NOW.
    EXPECT_EQ(guest_->CallText("path_filestat_set_times",
                               {3, kLookupFollow, WasiGuest::kPathPtr, len, 0, 0, 2 | 8}),
              "ENOTCAPABLE");
  }
}

// Not per resolver: a directory the host happens to have as stdin (a shell's
// `< dir`, an inherited descriptor) is not a capability the user granted;
// only --dir/preopens are. Stdio is a stream, as wasmtime makes it.
TEST(StdioEscapeTest, StdinThatIsADirectoryGrantsNoPaths) {
  HostTree tree;
  int outside = ::open(tree.root().c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  ASSERT_GE(outside, 0);
  // The test's own open of the root is not the guest's doing: start the
  // watch from here (OutsideUntouched reports since its last call).
  static_cast<void>(tree.OutsideUntouched());
  WasiConfig config;
  config.stdin_fd = outside;
  config.preopens.push_back({tree.sandbox(), "/sandbox"});
  std::unique_ptr<WasiGuest> guest = WasiGuest::Create(config);
  ::close(outside);
  ASSERT_NE(guest, nullptr);
  uint32_t fd = 0;
  std::string r = guest->PathOpen(0, 0, "secret.txt", 0, kRightFdRead, 0, &fd);
  EXPECT_NE(r, "ESUCCESS") << "stdin (a directory outside the preopen) opened secret.txt: "
                           << guest->ReadAll(fd);
  guest->Write(WasiGuest::kPathPtr, "outside_dir/inner.txt");
  EXPECT_NE(guest->CallText("path_unlink_file", {0, WasiGuest::kPathPtr, 21}), "ESUCCESS");
  guest->Write(WasiGuest::kPathPtr, "made_by_guest");
  EXPECT_NE(guest->CallText("path_create_directory", {0, WasiGuest::kPathPtr, 13}), "ESUCCESS");
  guest.reset();
  EXPECT_FALSE(HostTree::Exists(tree.Outside("made_by_guest")));
  EXPECT_TRUE(tree.OutsideUntouched());
}

INSTANTIATE_TEST_SUITE_P(Resolvers, EscapeTest,
                         ::testing::Values(ResolveMode::kOpenat2, ResolveMode::kWalker),
                         ResolverName);

}  // namespace
}  // namespace wasmtier::wasi::security
