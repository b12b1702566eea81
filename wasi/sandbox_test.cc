// The path sandbox (sandbox.h) under both resolvers: escapes by `..`, absolute
// paths and symlinks are refused, symlinks inside the tree work, and racing
// renames/swaps never let a resolution open anything outside the tree.
#include "wasi/sandbox.h"

#include <fcntl.h>
#include <linux/openat2.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <ostream>
#include <string>
#include <thread>

#include "gtest/gtest.h"

namespace wasmtier::wasi {

// gtest prints Errno values by name.
void PrintTo(Errno e, std::ostream* os) { *os << ErrnoName(e); }

namespace {

bool KernelHasOpenat2() {
  open_how how{};
  how.flags = O_PATH | O_CLOEXEC;
  how.resolve = RESOLVE_BENEATH;
  long fd = syscall(SYS_openat2, AT_FDCWD, ".", &how, sizeof(how));
  if (fd < 0) return false;
  close(static_cast<int>(fd));
  return true;
}

std::string ReadAll(int fd) {
  std::string out;
  char buf[256];
  ssize_t n;
  while ((n = pread(fd, buf, sizeof(buf), static_cast<off_t>(out.size()))) > 0) {
    out.append(buf, static_cast<size_t>(n));
  }
  return out;
}

// Layout, under a fresh temporary directory {base_}:
//   out/secret          "SECRET"   (outside the sandbox)
//   tree/               the sandbox root ({tree_})
//   tree/file           "inside"
//   tree/dir/f          "dir-f"
//   tree/dir/sub/
// This fixture is independent of the wasi library on purpose: the sandbox
// sits below it and is tested alone.
class SandboxTest : public ::testing::TestWithParam<ResolveMode> {
 protected:
  void SetUp() override {
    if (GetParam() == ResolveMode::kOpenat2 && !KernelHasOpenat2()) {
      GTEST_SKIP() << "openat2 is not available here";
    }
    SetResolveModeForTesting(GetParam());
    const char* tmp = getenv("TEST_TMPDIR");
    std::string templ = std::string(tmp ? tmp : "/tmp") + "/sandbox_test.XXXXXX";
    ASSERT_NE(mkdtemp(templ.data()), nullptr);
    base_ = templ;
    ASSERT_EQ(mkdir(Host("out").c_str(), 0755), 0);
    ASSERT_EQ(mkdir(Host("tree").c_str(), 0755), 0);
    ASSERT_EQ(mkdir(Host("tree/dir").c_str(), 0755), 0);
    ASSERT_EQ(mkdir(Host("tree/dir/sub").c_str(), 0755), 0);
    Write("out/secret", "SECRET");
    Write("tree/file", "inside");
    Write("tree/dir/f", "dir-f");
    tree_ = open(Host("tree").c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    ASSERT_GE(tree_, 0);
    struct stat st;
    ASSERT_EQ(stat(Host("out/secret").c_str(), &st), 0);
    secret_ino_ = st.st_ino;
  }
  void TearDown() override {
    SetResolveModeForTesting(ResolveMode::kAuto);
    if (tree_ >= 0) close(tree_);
    if (!base_.empty()) std::filesystem::remove_all(base_);
  }

  std::string Host(const std::string& relative) const { return base_ + "/" + relative; }
  void Write(const std::string& relative, const std::string& text) {
    int fd = open(Host(relative).c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    ASSERT_GE(fd, 0) << relative;
    ASSERT_EQ(write(fd, text.data(), text.size()), static_cast<ssize_t>(text.size()));
    close(fd);
  }
  void Symlink(const std::string& target, const std::string& relative) {
    ASSERT_EQ(symlink(target.c_str(), Host(relative).c_str()), 0) << relative;
  }

  // The errno of opening {path} read-only, following a final symlink.
  Errno OpenError(std::string_view path, int flags = O_RDONLY, bool follow = true) {
    return OpenBeneath(tree_, path, flags, 0644, follow).error;
  }
  // The contents of {path} opened beneath the tree, or the error's name.
  std::string Contents(std::string_view path, bool follow = true) {
    OpenResult r = OpenBeneath(tree_, path, O_RDONLY, 0, follow);
    if (r.error != Errno::kSuccess) return ErrnoName(r.error);
    return ReadAll(r.fd.get());
  }
  bool IsSecret(int fd) {
    struct stat st;
    return fstat(fd, &st) == 0 && st.st_ino == secret_ino_;
  }

  std::string base_;
  int tree_ = -1;
  ino_t secret_ino_ = 0;
};

TEST_P(SandboxTest, OpensFilesBeneath) {
  EXPECT_EQ(Contents("file"), "inside");
  EXPECT_EQ(Contents("dir/f"), "dir-f");
  EXPECT_EQ(Contents("./dir/../file"), "inside");
  EXPECT_EQ(Contents("dir//sub/../../file"), "inside");
  EXPECT_EQ(Contents("missing"), "ENOENT");
  EXPECT_EQ(Contents("file/x"), "ENOTDIR");
  OpenResult dir = OpenBeneath(tree_, ".", O_RDONLY | O_DIRECTORY, 0, true);
  ASSERT_EQ(dir.error, Errno::kSuccess);
  struct stat got, want;
  ASSERT_EQ(stat(Host("tree/dir").c_str(), &want), 0);
  OpenResult up = OpenBeneath(tree_, "dir/sub/..", O_RDONLY | O_DIRECTORY, 0, true);
  ASSERT_EQ(up.error, Errno::kSuccess);
  ASSERT_EQ(fstat(up.fd.get(), &got), 0);
  EXPECT_EQ(got.st_ino, want.st_ino);
}

TEST_P(SandboxTest, DotDotPastTheRootIsNotCapable) {
  EXPECT_EQ(OpenError(".."), Errno::kNotcapable);
  EXPECT_EQ(OpenError("../out/secret"), Errno::kNotcapable);
  EXPECT_EQ(OpenError("dir/../../out/secret"), Errno::kNotcapable);
  EXPECT_EQ(OpenError("dir/sub/../../../tree/file"), Errno::kNotcapable);
  EXPECT_EQ(OpenError("./.."), Errno::kNotcapable);
}

TEST_P(SandboxTest, BadPathsAreRefusedBeforeTheFileSystem) {
  EXPECT_EQ(OpenError("/etc/passwd"), Errno::kNotcapable);
  EXPECT_EQ(OpenError(Host("out/secret")), Errno::kNotcapable);
  EXPECT_EQ(OpenError(std::string_view("file\0x", 6)), Errno::kInval);
  EXPECT_EQ(OpenError(std::string_view("\0", 1)), Errno::kInval);
  EXPECT_EQ(OpenError(""), Errno::kNoent);
  std::string deep;
  while (deep.size() < 5000) deep += "dir/../";
  EXPECT_EQ(OpenError(deep + "file"), Errno::kNametoolong);
  EXPECT_EQ(OpenError(std::string(300, 'n')), Errno::kNametoolong);
}

TEST_P(SandboxTest, SymlinksOutsideAreNotCapable) {
  Symlink("/etc", "tree/etc");
  Symlink(Host("out"), "tree/abs_out");
  Symlink("../..", "tree/upup");
  Symlink("../out", "tree/up_out");
  Symlink("../../out/secret", "tree/dir/deep_secret");
  // As the last component, followed.
  EXPECT_EQ(OpenError("etc", O_RDONLY | O_DIRECTORY), Errno::kNotcapable);
  EXPECT_EQ(OpenError("upup", O_RDONLY | O_DIRECTORY), Errno::kNotcapable);
  EXPECT_EQ(OpenError("dir/deep_secret"), Errno::kNotcapable);
  // As a middle component.
  EXPECT_EQ(OpenError("etc/passwd"), Errno::kNotcapable);
  EXPECT_EQ(OpenError("abs_out/secret"), Errno::kNotcapable);
  EXPECT_EQ(OpenError("upup/out/secret"), Errno::kNotcapable);
  EXPECT_EQ(OpenError("up_out/secret"), Errno::kNotcapable);
  // Not followed: the link itself is ELOOP, as O_NOFOLLOW gives.
  EXPECT_EQ(OpenError("etc", O_RDONLY, /*follow=*/false), Errno::kLoop);
  EXPECT_EQ(OpenError("dir/deep_secret", O_RDONLY, false), Errno::kLoop);
  // Creating through a dangling link that points outside creates nothing.
  Symlink("../out/created", "tree/dangling_out");
  EXPECT_EQ(OpenError("dangling_out", O_WRONLY | O_CREAT), Errno::kNotcapable);
  EXPECT_NE(access(Host("out/created").c_str(), F_OK), 0);
}

TEST_P(SandboxTest, SymlinksInsideWork) {
  Symlink("dir/f", "tree/to_f");
  Symlink("dir", "tree/to_dir");
  Symlink("../file", "tree/dir/to_file");
  Symlink("../../file", "tree/dir/sub/up_file");
  Symlink("sub/..", "tree/dir/sub_up");
  EXPECT_EQ(Contents("to_f"), "dir-f");
  EXPECT_EQ(Contents("to_dir/f"), "dir-f");
  EXPECT_EQ(Contents("to_dir/to_file"), "inside");
  EXPECT_EQ(Contents("dir/sub/up_file"), "inside");
  EXPECT_EQ(Contents("to_dir/sub_up/f"), "dir-f");
  // `..` after a symlink climbs from the target, not from the link.
  EXPECT_EQ(Contents("to_dir/sub/../f"), "dir-f");
  // A trailing slash follows even without SYMLINK_FOLLOW.
  EXPECT_EQ(OpenError("to_dir/", O_RDONLY, false), Errno::kSuccess);
  // O_PATH without following opens the link itself.
  OpenResult link = OpenBeneath(tree_, "to_f", O_PATH, 0, false);
  ASSERT_EQ(link.error, Errno::kSuccess);
  struct stat st;
  ASSERT_EQ(fstat(link.fd.get(), &st), 0);
  EXPECT_TRUE(S_ISLNK(st.st_mode));
}

TEST_P(SandboxTest, SymlinkLoopsAndChains) {
  Symlink("loop_b", "tree/loop_a");
  Symlink("loop_a", "tree/loop_b");
  Symlink("self", "tree/self");
  EXPECT_EQ(OpenError("loop_a"), Errno::kLoop);
  EXPECT_EQ(OpenError("loop_a/x"), Errno::kLoop);
  EXPECT_EQ(OpenError("self/"), Errno::kLoop);
  // Linux allows 40 expansions in one lookup: a chain of 40 links resolves,
  // 41 do not.
  Symlink("file", "tree/chain0");
  for (int i = 1; i <= 40; ++i) {
    Symlink("chain" + std::to_string(i - 1), "tree/chain" + std::to_string(i));
  }
  EXPECT_EQ(Contents("chain39"), "inside");
  EXPECT_EQ(OpenError("chain40"), Errno::kLoop);
}

TEST_P(SandboxTest, TrailingSlashesAndCreation) {
  EXPECT_EQ(OpenError("file/"), Errno::kNotdir);
  EXPECT_EQ(OpenError("dir/", O_RDONLY | O_DIRECTORY), Errno::kSuccess);
  EXPECT_EQ(OpenError("newdir/", O_WRONLY | O_CREAT), Errno::kIsdir);
  EXPECT_EQ(OpenError("dir/new", O_WRONLY | O_CREAT | O_EXCL), Errno::kSuccess);
  struct stat st;
  EXPECT_EQ(stat(Host("tree/dir/new").c_str(), &st), 0);
  EXPECT_EQ(OpenError("dir/new", O_WRONLY | O_CREAT | O_EXCL), Errno::kExist);
  // A dangling link inside the tree is followed to create its target, unless
  // O_EXCL (then the link itself exists).
  Symlink("dir/made_by_link", "tree/dangling_in");
  EXPECT_EQ(OpenError("dangling_in", O_WRONLY | O_CREAT | O_EXCL), Errno::kExist);
  EXPECT_EQ(OpenError("dangling_in", O_WRONLY | O_CREAT), Errno::kSuccess);
  EXPECT_EQ(stat(Host("tree/dir/made_by_link").c_str(), &st), 0);
}

TEST_P(SandboxTest, ResolveParentSplitsTheLastComponent) {
  struct stat want, got;
  ASSERT_EQ(stat(Host("tree/dir/sub").c_str(), &want), 0);
  ParentResult r = ResolveParent(tree_, "dir/sub/name");
  ASSERT_EQ(r.error, Errno::kSuccess);
  EXPECT_EQ(r.name, "name");
  EXPECT_FALSE(r.trailing_slash);
  ASSERT_EQ(fstat(r.dir.get(), &got), 0);
  EXPECT_EQ(got.st_ino, want.st_ino);

  r = ResolveParent(tree_, "dir/sub//");
  ASSERT_EQ(r.error, Errno::kSuccess);
  EXPECT_EQ(r.name, "sub");
  EXPECT_TRUE(r.trailing_slash);

  r = ResolveParent(tree_, "dir/sub/.");
  ASSERT_EQ(r.error, Errno::kSuccess);
  EXPECT_EQ(r.name, ".");
  ASSERT_EQ(fstat(r.dir.get(), &got), 0);
  EXPECT_EQ(got.st_ino, want.st_ino);

  ASSERT_EQ(stat(Host("tree/dir").c_str(), &want), 0);
  r = ResolveParent(tree_, "dir/sub/..");
  ASSERT_EQ(r.error, Errno::kSuccess);
  EXPECT_EQ(r.name, ".");
  ASSERT_EQ(fstat(r.dir.get(), &got), 0);
  EXPECT_EQ(got.st_ino, want.st_ino);

  r = ResolveParent(tree_, "plain");
  ASSERT_EQ(r.error, Errno::kSuccess);
  EXPECT_EQ(r.name, "plain");
  Symlink("dir", "tree/to_dir");
  r = ResolveParent(tree_, "to_dir");  // the last component is not followed
  ASSERT_EQ(r.error, Errno::kSuccess);
  EXPECT_EQ(r.name, "to_dir");
  r = ResolveParent(tree_, "to_dir/x");  // intermediate ones are
  ASSERT_EQ(r.error, Errno::kSuccess);
  ASSERT_EQ(fstat(r.dir.get(), &got), 0);
  EXPECT_EQ(got.st_ino, want.st_ino);

  EXPECT_EQ(ResolveParent(tree_, "..").error, Errno::kNotcapable);
  EXPECT_EQ(ResolveParent(tree_, "../x").error, Errno::kNotcapable);
  EXPECT_EQ(ResolveParent(tree_, "/x").error, Errno::kNotcapable);
  EXPECT_EQ(ResolveParent(tree_, "").error, Errno::kNoent);
  EXPECT_EQ(ResolveParent(tree_, std::string_view("a\0b", 3)).error, Errno::kInval);
  Symlink("/tmp", "tree/abs");
  EXPECT_EQ(ResolveParent(tree_, "abs/x").error, Errno::kNotcapable);
}

// With /proc as the root, its magic links (self/root, self/cwd, self/fd/N)
// would jump anywhere if followed as the kernel does for open(2); here they
// are ordinary links with absolute (or non-path) text, so refused.
TEST_P(SandboxTest, ProcMagicLinksAreNotFollowed) {
  int proc = open("/proc", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (proc < 0) GTEST_SKIP() << "no /proc";
  std::string fd_path = "self/fd/" + std::to_string(tree_);
  for (std::string path : {std::string("self/root/etc/passwd"), std::string("self/cwd"),
                           std::string("self/root"), fd_path, fd_path + "/file",
                           std::string("thread-self/root/etc")}) {
    SCOPED_TRACE(path);
    OpenResult r = OpenBeneath(proc, path, O_RDONLY, 0, true);
    EXPECT_NE(r.error, Errno::kSuccess);
  }
  // Ordinary files under /proc still open.
  EXPECT_EQ(OpenBeneath(proc, "self/status", O_RDONLY, 0, true).error, Errno::kSuccess);
  close(proc);
}

constexpr int kRaceResolutions = 4000;

// A thread moves tree/a/b out to x/b and back. If `..` were resolved by the
// kernel from b's descriptor while b is outside, "a/b/../../out/secret" would
// reach out/secret; the sandbox must only ever see tree/out/secret (missing).
TEST_P(SandboxTest, RenameRaceNeverLeavesTheTree) {
  ASSERT_EQ(mkdir(Host("tree/a").c_str(), 0755), 0);
  ASSERT_EQ(mkdir(Host("tree/a/b").c_str(), 0755), 0);
  ASSERT_EQ(mkdir(Host("x").c_str(), 0755), 0);
  std::atomic<bool> stop{false};
  std::string inside = Host("tree/a/b"), outside = Host("x/b");
  std::thread mover([&] {
    while (!stop.load(std::memory_order_relaxed)) {
      rename(inside.c_str(), outside.c_str());
      rename(outside.c_str(), inside.c_str());
    }
  });
  int escapes = 0;
  for (int i = 0; i < kRaceResolutions; ++i) {
    for (const char* path : {"a/b/../../out/secret", "a/b/../../../out/secret"}) {
      OpenResult r = OpenBeneath(tree_, path, O_RDONLY, 0, true);
      if (r.error == Errno::kSuccess && IsSecret(r.fd.get())) ++escapes;
    }
    ParentResult p = ResolveParent(tree_, "a/b/../../out/secret");
    if (p.error == Errno::kSuccess) {
      int fd = openat(p.dir.get(), p.name.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
      if (fd >= 0 && IsSecret(fd)) ++escapes;
      if (fd >= 0) close(fd);
    }
  }
  stop = true;
  mover.join();
  EXPECT_EQ(escapes, 0);
}

// A thread swaps tree/c between a directory (holding "secret" = "inside-c")
// and symlinks to the outside directory (relative and absolute).
TEST_P(SandboxTest, SymlinkSwapRaceNeverLeavesTheTree) {
  ASSERT_EQ(mkdir(Host("tree/c").c_str(), 0755), 0);
  Write("tree/c/secret", "inside-c");
  Symlink("../out", "tree/c_rel");
  Symlink(Host("out"), "tree/c_abs");
  std::atomic<bool> stop{false};
  std::string c = Host("tree/c"), rel = Host("tree/c_rel"), abs = Host("tree/c_abs");
  std::thread swapper([&] {
    while (!stop.load(std::memory_order_relaxed)) {
      renameat2(AT_FDCWD, c.c_str(), AT_FDCWD, rel.c_str(), RENAME_EXCHANGE);
      renameat2(AT_FDCWD, c.c_str(), AT_FDCWD, abs.c_str(), RENAME_EXCHANGE);
    }
  });
  int escapes = 0, inside = 0;
  for (int i = 0; i < kRaceResolutions; ++i) {
    OpenResult r = OpenBeneath(tree_, "c/secret", O_RDONLY, 0, true);
    if (r.error == Errno::kSuccess) {
      if (IsSecret(r.fd.get())) ++escapes;
      if (ReadAll(r.fd.get()) == "inside-c") ++inside;
    }
    OpenResult d = OpenBeneath(tree_, "c", O_RDONLY | O_DIRECTORY, 0, true);
    if (d.error == Errno::kSuccess) {
      int fd = openat(d.fd.get(), "secret", O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
      if (fd >= 0 && IsSecret(fd)) ++escapes;
      if (fd >= 0) close(fd);
    }
  }
  stop = true;
  swapper.join();
  EXPECT_EQ(escapes, 0);
  EXPECT_GT(inside, 0);  // the race did let ordinary resolutions through
}

// A thread swaps tree/target between a regular file and a link to the
// outside secret while the other truncates and creates through it, following
// links: the secret is never truncated and nothing is created outside.
TEST_P(SandboxTest, LastComponentSwapRaceNeverWritesOutside) {
  Write("tree/target", "inside");
  Symlink("../out/secret", "tree/target_link");
  Symlink("../out/created", "tree/create_link");
  Write("tree/create", "inside");
  std::atomic<bool> stop{false};
  std::string target = Host("tree/target"), link = Host("tree/target_link");
  std::string create = Host("tree/create"), create_link = Host("tree/create_link");
  std::thread swapper([&] {
    while (!stop.load(std::memory_order_relaxed)) {
      renameat2(AT_FDCWD, target.c_str(), AT_FDCWD, link.c_str(), RENAME_EXCHANGE);
      renameat2(AT_FDCWD, create.c_str(), AT_FDCWD, create_link.c_str(), RENAME_EXCHANGE);
    }
  });
  int opened = 0;
  for (int i = 0; i < kRaceResolutions; ++i) {
    if (OpenBeneath(tree_, "target", O_WRONLY | O_TRUNC, 0, true).error == Errno::kSuccess) {
      ++opened;
    }
    OpenBeneath(tree_, "create", O_WRONLY | O_CREAT, 0644, true);
  }
  stop = true;
  swapper.join();
  int secret = open(Host("out/secret").c_str(), O_RDONLY | O_CLOEXEC);
  ASSERT_GE(secret, 0);
  EXPECT_EQ(ReadAll(secret), "SECRET");
  close(secret);
  EXPECT_NE(access(Host("out/created").c_str(), F_OK), 0);
  EXPECT_GT(opened, 0);
}

INSTANTIATE_TEST_SUITE_P(BothResolvers, SandboxTest,
                         ::testing::Values(ResolveMode::kOpenat2, ResolveMode::kWalker),
                         [](const ::testing::TestParamInfo<ResolveMode>& info) {
                           return info.param == ResolveMode::kOpenat2 ? "Openat2" : "Walker";
                         });

}  // namespace
}  // namespace wasmtier::wasi
