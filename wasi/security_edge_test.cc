// WASI sandbox edge cases beyond the plain escapes of security_test.cc, per
// resolver: trailing slashes on symlinks (the kernel follows "link/" even
// under O_NOFOLLOW / AT_SYMLINK_NOFOLLOW), NUL bytes in every path parameter
// of every path function, very long paths, a symlink "billion laughs" (links
// whose targets repeat other links: the 40-link limit must count every
// expansion, not only the nesting depth), the preopen's own directory as a
// name ("." and "a/.."), and creation through dangling symlinks.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <string>

#include "gtest/gtest.h"
#include "wasi/sandbox.h"
#include "wasi/security/harness.h"

namespace wasmtier::wasi::security {
namespace {

constexpr int kSymlinkFiletype = 7;
constexpr int kDirectoryFiletype = 3;

class EdgeTest : public ResolverTest {
 protected:
  void Populate() override {
    tree_.WriteFile("file.txt", "INSIDE\n");
    tree_.MakeDir("a");
    tree_.MakeDir("a/b");
    tree_.Symlink("../secret.txt", "out_link");
    tree_.Symlink("../outside_dir", "out_dir_link");
    tree_.Symlink("..", "dotdot_link");
    tree_.Symlink("../created_outside.txt", "dangling_out");
    tree_.Symlink("../newdir_outside", "dangling_dir");
  }

  void TearDown() override {
    struct stat st;
    EXPECT_EQ(::lstat(tree_.sandbox().c_str(), &st), 0) << "the preopen's directory is gone";
    EXPECT_TRUE(S_ISDIR(st.st_mode));
    EXPECT_FALSE(HostTree::Exists(tree_.Outside("created_outside.txt")));
    EXPECT_FALSE(HostTree::Exists(tree_.Outside("newdir_outside")));
    ResolverTest::TearDown();
  }

  std::string Open(std::string_view path, uint32_t lookup, uint32_t oflags = 0) {
    uint32_t fd = 0;
    std::string r = guest_->PathOpen(3, lookup, path, oflags, kRightFdRead, 0, &fd);
    if (r == "ESUCCESS") guest_->CallText("fd_close", {fd});
    return r;
  }
};

TEST_P(EdgeTest, TrailingSlashOnAnOutsideSymlinkNeverReachesIt) {
  for (const char* path : {"out_dir_link/", "out_dir_link/.", "dotdot_link/", "dotdot_link/.",
                           "out_dir_link//", "out_link/"}) {
    for (uint32_t lookup : {0u, kLookupFollow}) {
      SCOPED_TRACE(std::string(path) + (lookup ? " (follow)" : ""));
      std::string r = Open(path, lookup, kOflagDirectory);
      EXPECT_TRUE(r == "ENOTCAPABLE" || r == "ELOOP" || r == "ENOTDIR") << r;
      r = Stat(path, lookup);
      // The link's own stat is harmless; the outside directory's is a leak.
      EXPECT_NE(r, "ESUCCESS:" + std::to_string(kDirectoryFiletype));
      EXPECT_TRUE(r == "ENOTCAPABLE" || r == "ELOOP" || r == "ENOTDIR" ||
                  r == "ESUCCESS:" + std::to_string(kSymlinkFiletype))
          << r;
      guest_->Write(WasiGuest::kPathPtr, path);
      uint32_t len = std::string_view(path).size();
      r = guest_->CallText("path_filestat_set_times",
                           {3, lookup, WasiGuest::kPathPtr, len, 0, 0, 2 | 8});
      EXPECT_NE(r, "ESUCCESS") << "set_times through " << path;
    }
  }
  EXPECT_NE(guest_->PathCall("path_remove_directory", 3, "out_dir_link/"), "ESUCCESS");
  EXPECT_NE(guest_->PathCall("path_unlink_file", 3, "out_link/"), "ESUCCESS");
  EXPECT_NE(guest_->PathCall("path_create_directory", 3, "out_dir_link/new/"), "ESUCCESS");
  EXPECT_FALSE(HostTree::Exists(tree_.Outside("outside_dir/new")));
  EXPECT_TRUE(HostTree::Exists(tree_.InSandbox("out_link")));
}

TEST_P(EdgeTest, CreationThroughDanglingSymlinksStaysInside) {
  // mkdir/symlink/link never follow a final symlink: EEXIST, nothing outside.
  EXPECT_EQ(guest_->PathCall("path_create_directory", 3, "dangling_dir"), "EEXIST");
  std::string r = guest_->PathCall("path_create_directory", 3, "dangling_dir/");
  EXPECT_TRUE(r == "EEXIST" || r == "ENOTCAPABLE" || r == "ENOENT") << r;
  guest_->Write(8192, "file.txt");
  guest_->Write(8300, "dangling_out");
  EXPECT_EQ(guest_->CallText("path_link", {3, 0, 8192, 8, 3, 8300, 12}), "EEXIST");
  EXPECT_EQ(guest_->CallText("path_symlink", {8192, 8, 3, 8300, 12}), "EEXIST");
  // O_CREAT|O_EXCL never follows either, even when asked to.
  EXPECT_EQ(Open("dangling_out", kLookupFollow, kOflagCreat | kOflagExcl), "EEXIST");
  // Renaming onto the dangling link replaces the link itself.
  guest_->Write(8192, "file.txt");
  EXPECT_EQ(guest_->CallText("path_rename", {3, 8192, 8, 3, 8300, 12}), "ESUCCESS");
  EXPECT_EQ(HostTree::ReadHostFile(tree_.InSandbox("dangling_out")), "INSIDE\n");
}

TEST_P(EdgeTest, NulBytesInEveryPathParameter) {
  using namespace std::string_literals;
  const std::string bad = "file.txt\0junk"s;  // a C-string view would name file.txt
  const std::string good = "other.txt";
  constexpr uint32_t kBad = 8192, kGood = 8300;
  guest_->Write(kBad, bad);
  guest_->Write(kGood, good);
  uint32_t b = bad.size(), g = good.size();
  EXPECT_EQ(guest_->CallText("path_open", {3, 0, kBad, b, 0, kRightFdRead, 0, 0, 256}), "EINVAL");
  EXPECT_EQ(guest_->CallText("path_filestat_get", {3, 0, kBad, b, 1024}), "EINVAL");
  EXPECT_EQ(guest_->CallText("path_filestat_set_times", {3, 0, kBad, b, 0, 0, 2 | 8}), "EINVAL");
  EXPECT_EQ(guest_->CallText("path_readlink", {3, kBad, b, 1024, 64, 256}), "EINVAL");
  EXPECT_EQ(guest_->CallText("path_unlink_file", {3, kBad, b}), "EINVAL");
  EXPECT_EQ(guest_->CallText("path_remove_directory", {3, kBad, b}), "EINVAL");
  EXPECT_EQ(guest_->CallText("path_create_directory", {3, kBad, b}), "EINVAL");
  EXPECT_EQ(guest_->CallText("path_rename", {3, kBad, b, 3, kGood, g}), "EINVAL");
  EXPECT_EQ(guest_->CallText("path_rename", {3, kGood, g, 3, kBad, b}), "EINVAL");
  EXPECT_EQ(guest_->CallText("path_link", {3, 0, kBad, b, 3, kGood, g}), "EINVAL");
  EXPECT_EQ(guest_->CallText("path_link", {3, 0, kGood, g, 3, kBad, b}), "EINVAL");
  // The symlink's target text too: symlinkat would store only "file.txt".
  EXPECT_EQ(guest_->CallText("path_symlink", {kBad, b, 3, kGood, g}), "EINVAL");
  EXPECT_EQ(guest_->CallText("path_symlink", {kGood, g, 3, kBad, b}), "EINVAL");
  EXPECT_EQ(HostTree::ReadHostFile(tree_.InSandbox("file.txt")), "INSIDE\n");
  EXPECT_FALSE(HostTree::Exists(tree_.InSandbox("other.txt")));
}

TEST_P(EdgeTest, VeryLongPaths) {
  std::string climb;
  for (int i = 0; i < 5000; ++i) climb += "a/../";
  std::string r = Open(climb + "file.txt", 0);
  EXPECT_TRUE(r == "ESUCCESS" || r == "ENAMETOOLONG") << r;
  std::string out;
  for (int i = 0; i < 5000; ++i) out += "../";
  r = Open(out + "secret.txt", 0);
  EXPECT_TRUE(r == "ENOTCAPABLE" || r == "ENAMETOOLONG") << r;
  std::string deep;
  for (int i = 0; i < 10000; ++i) deep += "./";
  r = Open(deep + "../secret.txt", kLookupFollow);
  EXPECT_TRUE(r == "ENOTCAPABLE" || r == "ENAMETOOLONG") << r;
  r = Open(std::string(40000, 'x'), 0);  // one huge component
  EXPECT_TRUE(r == "ENAMETOOLONG" || r == "ENOENT") << r;
}

TEST_P(EdgeTest, SymlinkBillionLaughsIsBounded) {
  // l0 -> l1/l1/.../l1, l1 -> l2/l2/..., l2 -> l3/..., l3 -> ".": resolving
  // l0 fully would take 1000^3 expansions; the 40-link limit stops it.
  for (int level = 0; level < 3; ++level) {
    std::string target;
    for (int i = 0; i < 1000; ++i) target += "l" + std::to_string(level + 1) + "/";
    target.pop_back();
    tree_.Symlink(target, "l" + std::to_string(level));
  }
  tree_.Symlink(".", "l3");
  auto start = std::chrono::steady_clock::now();
  std::string r = Open("l0", kLookupFollow, kOflagDirectory);
  std::string r2 = Stat("l0/file.txt", kLookupFollow);
  auto elapsed = std::chrono::steady_clock::now() - start;
  EXPECT_TRUE(r == "ELOOP" || r == "ENAMETOOLONG") << r;
  EXPECT_TRUE(r2 == "ELOOP" || r2 == "ENAMETOOLONG") << r2;
  EXPECT_LT(elapsed, std::chrono::seconds(5));
}

TEST_P(EdgeTest, ThePreopenItselfCannotBeRemovedOrRenamed) {
  for (const char* path : {".", "a/..", "a/b/../..", "./", "a/../."}) {
    SCOPED_TRACE(path);
    EXPECT_NE(guest_->PathCall("path_remove_directory", 3, path), "ESUCCESS");
    EXPECT_NE(guest_->PathCall("path_unlink_file", 3, path), "ESUCCESS");
    guest_->Write(8300, "moved");
    guest_->Write(8192, path);
    uint32_t len = std::string_view(path).size();
    EXPECT_NE(guest_->CallText("path_rename", {3, 8192, len, 3, 8300, 5}), "ESUCCESS");
    EXPECT_NE(guest_->CallText("path_rename", {3, 8300, 5, 3, 8192, len}), "ESUCCESS");
  }
  // And nothing moved the tree into itself.
  EXPECT_TRUE(HostTree::Exists(tree_.InSandbox("a/b")));
  EXPECT_EQ(HostTree::ReadHostFile(tree_.InSandbox("file.txt")), "INSIDE\n");
}

TEST_P(EdgeTest, DescriptorsForSubdirectoriesAreTheirOwnRoots) {
  // Beneath a descriptor means beneath it, even when its parent is still in
  // the preopen (RESOLVE_BENEATH's rule, and wasmtime's).
  uint32_t sub = 0;
  ASSERT_EQ(guest_->PathOpen(3, 0, "a", kOflagDirectory, kRightPathOpen | kRightFdRead,
                             kRightFdRead, &sub),
            "ESUCCESS");
  EXPECT_EQ(guest_->PathOpen(sub, 0, "../file.txt", 0, kRightFdRead, 0), "ENOTCAPABLE");
  EXPECT_EQ(guest_->PathOpen(sub, 0, "b/../../file.txt", 0, kRightFdRead, 0), "ENOTCAPABLE");
  EXPECT_EQ(guest_->PathOpen(sub, 0, "..", kOflagDirectory, kRightFdRead, 0), "ENOTCAPABLE");
  EXPECT_EQ(guest_->CallText("fd_close", {sub}), "ESUCCESS");
}

INSTANTIATE_TEST_SUITE_P(Resolvers, EdgeTest,
                         ::testing::Values(ResolveMode::kOpenat2, ResolveMode::kWalker),
                         ResolverName);

}  // namespace
}  // namespace wasmtier::wasi::security
