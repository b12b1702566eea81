// WASI rights can only shrink: fd_fdstat_set_rights never adds a right,
// path_open never yields more than the directory's rights_inheriting (neither
// directly nor through a subdirectory opened from it), and a descriptor
// without FD_WRITE never writes, whatever call the guest tries. The host file
// is checked after each attempt.
#include <functional>
#include <string>

#include "gtest/gtest.h"
#include "wasi/security/harness.h"

namespace wasmtier::wasi::security {
namespace {

constexpr uint32_t kFdstat = 1024;  // 24 bytes: filetype, flags, base, inheriting
constexpr uint64_t kRightFdTell = 1ull << 5;
constexpr uint64_t kRightPathUnlinkFile = 1ull << 26;
constexpr char kContent[] = "original content\n";

class RightsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    tree_.WriteFile("file.txt", kContent);
    tree_.MakeDir("sub");
    tree_.WriteFile("sub/inner.txt", kContent);
    WasiConfig config;
    config.preopens.push_back({tree_.sandbox(), "/sandbox"});
    guest_ = WasiGuest::Create(config);
    ASSERT_NE(guest_, nullptr);
  }
  void TearDown() override {
    EXPECT_EQ(HostTree::ReadHostFile(tree_.InSandbox("file.txt")), kContent);
    EXPECT_EQ(HostTree::ReadHostFile(tree_.InSandbox("sub/inner.txt")), kContent);
    EXPECT_TRUE(tree_.OutsideUntouched());
  }

  struct Rights {
    uint64_t base = 0, inheriting = 0;
  };
  Rights Get(uint32_t fd) {
    EXPECT_EQ(guest_->CallText("fd_fdstat_get", {fd, kFdstat}), "ESUCCESS");
    return {guest_->ReadU64(kFdstat + 8), guest_->ReadU64(kFdstat + 16)};
  }

  // Every way to change a file's bytes or size through {fd}; each must fail.
  void ExpectNoWrite(uint32_t fd) {
    guest_->Write(8192, "EVIL");
    guest_->WriteU32(512, 8192);
    guest_->WriteU32(516, 4);
    EXPECT_EQ(guest_->CallText("fd_write", {fd, 512, 1, 256}), "ENOTCAPABLE");
    EXPECT_EQ(guest_->CallText("fd_pwrite", {fd, 512, 1, 0, 256}), "ENOTCAPABLE");
    EXPECT_EQ(guest_->CallText("fd_filestat_set_size", {fd, 0}), "ENOTCAPABLE");
    EXPECT_EQ(guest_->CallText("fd_allocate", {fd, 0, 4096}), "ENOTCAPABLE");
  }

  HostTree tree_;
  std::unique_ptr<WasiGuest> guest_;
};

TEST_F(RightsTest, SetRightsCannotAddRights) {
  Rights before = Get(3);
  EXPECT_EQ(guest_->CallText("fd_fdstat_set_rights", {3, ~0ull, ~0ull}), "ENOTCAPABLE");
  EXPECT_EQ(guest_->CallText("fd_fdstat_set_rights", {3, before.base, ~0ull}), "ENOTCAPABLE");
  Rights after = Get(3);
  EXPECT_EQ(after.base, before.base);
  EXPECT_EQ(after.inheriting, before.inheriting);
}

TEST_F(RightsTest, DroppedWriteRightCannotBeRegained) {
  uint32_t fd = 0;
  uint64_t rw = kRightFdRead | kRightFdWrite | kRightFdSeek | kRightFdFilestatSetSize |
                kRightFdAllocate | kRightFdTell;
  ASSERT_EQ(guest_->PathOpen(3, 0, "file.txt", 0, rw, 0, &fd), "ESUCCESS");
  ASSERT_EQ(Get(fd).base & kRightFdWrite, kRightFdWrite);
  EXPECT_EQ(guest_->CallText("fd_fdstat_set_rights", {fd, kRightFdRead | kRightFdSeek, 0}),
            "ESUCCESS");
  EXPECT_EQ(Get(fd).base, kRightFdRead | kRightFdSeek);
  ExpectNoWrite(fd);
  EXPECT_EQ(guest_->CallText("fd_fdstat_set_rights", {fd, rw, 0}), "ENOTCAPABLE");
  EXPECT_EQ(Get(fd).base, kRightFdRead | kRightFdSeek);
  ExpectNoWrite(fd);
  // fd_renumber keeps the entry's rights: it is not a way around them.
  EXPECT_EQ(guest_->CallText("fd_renumber", {fd, 1}), "ESUCCESS");
  ExpectNoWrite(1);
  EXPECT_EQ(guest_->ReadAll(1), kContent);
}

TEST_F(RightsTest, ReadOnlyOpenedFileIsNeverWritten) {
  uint32_t fd = 0;
  ASSERT_EQ(guest_->PathOpen(3, 0, "file.txt", 0, kRightFdRead | kRightFdSeek, 0, &fd), "ESUCCESS");
  ExpectNoWrite(fd);
  EXPECT_EQ(guest_->ReadAll(fd), kContent);
  // Append mode asked afterwards does not grant writing either.
  guest_->CallText("fd_fdstat_set_flags", {fd, 1});
  ExpectNoWrite(fd);
}

TEST_F(RightsTest, WriteOnlyOpenedFileIsNeverRead) {
  uint32_t fd = 0;
  ASSERT_EQ(guest_->PathOpen(3, 0, "file.txt", 0, kRightFdWrite, 0, &fd), "ESUCCESS");
  guest_->WriteU32(512, 8192);
  guest_->WriteU32(516, 64);
  EXPECT_EQ(guest_->CallText("fd_read", {fd, 512, 1, 256}), "ENOTCAPABLE");
  EXPECT_EQ(guest_->CallText("fd_pread", {fd, 512, 1, 0, 256}), "ENOTCAPABLE");
  EXPECT_NE(guest_->Read(8192, 8), "original");
}

// path_open asking for rights the directory may not hand out: refusing
// (ENOTCAPABLE) or granting only the allowed subset are both safe; what is
// checked is that no write happens through the result.
void ExpectOpenedWithoutWrite(WasiGuest& guest, uint32_t dirfd, std::string_view path,
                              std::string_view description) {
  SCOPED_TRACE(description);
  uint32_t fd = 0;
  uint64_t asked = kRightFdRead | kRightFdWrite | kRightFdSeek | kRightFdFilestatSetSize;
  std::string r = guest.PathOpen(dirfd, 0, path, 0, asked, 0, &fd);
  if (r == "ENOTCAPABLE") return;
  ASSERT_EQ(r, "ESUCCESS");
  guest.CallText("fd_fdstat_get", {fd, kFdstat});
  EXPECT_EQ(guest.ReadU64(kFdstat + 8) & kRightFdWrite, 0u) << "path_open granted FD_WRITE";
  guest.Write(8192, "EVIL");
  guest.WriteU32(512, 8192);
  guest.WriteU32(516, 4);
  EXPECT_EQ(guest.CallText("fd_write", {fd, 512, 1, 256}), "ENOTCAPABLE");
  EXPECT_EQ(guest.CallText("fd_close", {fd}), "ESUCCESS");
}

TEST_F(RightsTest, PathOpenCannotExceedInheritingRights) {
  Rights pre = Get(3);
  uint64_t read_only = kRightFdRead | kRightFdSeek | kRightPathOpen | kRightFdTell;
  ASSERT_EQ(guest_->CallText("fd_fdstat_set_rights", {3, pre.base, read_only}), "ESUCCESS");
  ExpectOpenedWithoutWrite(*guest_, 3, "file.txt", "directly");
  // O_TRUNC is governed by the directory's PATH_FILESTAT_SET_SIZE (the
  // spec's rule): without it the file keeps its bytes (TearDown checks).
  constexpr uint64_t kRightPathFilestatSetSize = 1ull << 19;
  ASSERT_EQ(guest_->CallText("fd_fdstat_set_rights",
                             {3, pre.base & ~kRightPathFilestatSetSize, read_only}),
            "ESUCCESS");
  EXPECT_EQ(guest_->PathOpen(3, 0, "file.txt", kOflagTrunc, kRightFdRead, 0), "ENOTCAPABLE");
  std::string r;
  // A subdirectory opened from it asks for everything as its inheriting set.
  uint32_t sub = 0;
  r = guest_->PathOpen(3, 0, "sub", kOflagDirectory, kRightPathOpen | kRightFdRead, kAllRights,
                       &sub);
  ASSERT_TRUE(r == "ESUCCESS" || r == "ENOTCAPABLE") << r;
  if (r == "ESUCCESS") {
    EXPECT_EQ(Get(sub).inheriting & kRightFdWrite, 0u) << "a subdirectory widened inheriting";
    ExpectOpenedWithoutWrite(*guest_, sub, "inner.txt", "through a subdirectory");
  }
}

TEST_F(RightsTest, DirectoryWithoutPathRightsRefusesPathCalls) {
  Rights pre = Get(3);
  uint64_t base = pre.base & ~(kRightPathOpen | kRightPathCreateFile | kRightPathUnlinkFile);
  ASSERT_EQ(guest_->CallText("fd_fdstat_set_rights", {3, base, pre.inheriting}), "ESUCCESS");
  uint32_t fd = 0;
  EXPECT_EQ(guest_->PathOpen(3, 0, "file.txt", 0, kRightFdRead, 0, &fd), "ENOTCAPABLE");
  EXPECT_EQ(guest_->PathOpen(3, 0, "created.txt", kOflagCreat, kRightFdRead, 0, &fd),
            "ENOTCAPABLE");
  EXPECT_EQ(guest_->PathCall("path_unlink_file", 3, "file.txt"), "ENOTCAPABLE");
  EXPECT_FALSE(HostTree::Exists(tree_.InSandbox("created.txt")));
  EXPECT_TRUE(HostTree::Exists(tree_.InSandbox("file.txt")));
}

TEST_F(RightsTest, PathCallsOnAFileDescriptorFail) {
  uint32_t fd = 0;
  Rights pre = Get(3);
  ASSERT_EQ(guest_->PathOpen(3, 0, "file.txt", 0, pre.inheriting, pre.inheriting, &fd), "ESUCCESS");
  std::string r = guest_->PathOpen(fd, 0, "x", kOflagCreat, kRightFdRead, 0);
  EXPECT_TRUE(r == "ENOTDIR" || r == "ENOTCAPABLE") << r;
  r = guest_->PathOpen(fd, 0, "../secret.txt", 0, kRightFdRead, 0);
  EXPECT_TRUE(r == "ENOTDIR" || r == "ENOTCAPABLE") << r;
}

// Each path function on a directory lacking exactly the right it needs:
// ENOTCAPABLE, and the host tree unchanged.
struct NeedsRight {
  const char* what;
  uint64_t right;
  std::function<std::string(WasiGuest&)> call;
};

std::string TwoPathCall(WasiGuest& g, std::string_view name, std::string_view a, std::string_view b,
                        bool with_lookup) {
  g.Write(8192, a);
  g.Write(8300, b);
  if (with_lookup) return g.CallText(name, {3, 0, 8192, a.size(), 3, 8300, b.size()});
  return g.CallText(name, {3, 8192, a.size(), 3, 8300, b.size()});
}

TEST_F(RightsTest, EveryPathFunctionChecksItsRight) {
  tree_.Symlink("file.txt", "a_link");
  tree_.MakeDir("empty");
  const NeedsRight cases[] = {
      {"mkdir", 1ull << 9,
       [](WasiGuest& g) { return g.PathCall("path_create_directory", 3, "nd"); }},
      {"creat", 1ull << 10,
       [](WasiGuest& g) { return g.PathOpen(3, 0, "new.txt", kOflagCreat, kRightFdRead, 0); }},
      {"link source", 1ull << 11,
       [](WasiGuest& g) { return TwoPathCall(g, "path_link", "file.txt", "hl", true); }},
      {"link target", 1ull << 12,
       [](WasiGuest& g) { return TwoPathCall(g, "path_link", "file.txt", "hl", true); }},
      {"open", 1ull << 13,
       [](WasiGuest& g) { return g.PathOpen(3, 0, "file.txt", 0, kRightFdRead, 0); }},
      {"readdir", 1ull << 14,
       [](WasiGuest& g) {
         return g.CallText("fd_readdir", {3, 8192, 256, 0, 256});
       }},
      {"readlink", 1ull << 15,
       [](WasiGuest& g) {
         g.Write(8192, "a_link");
         return g.CallText("path_readlink", {3, 8192, 6, 9000, 64, 256});
       }},
      {"rename source", 1ull << 16,
       [](WasiGuest& g) { return TwoPathCall(g, "path_rename", "file.txt", "moved", false); }},
      {"rename target", 1ull << 17,
       [](WasiGuest& g) { return TwoPathCall(g, "path_rename", "file.txt", "moved", false); }},
      {"stat", 1ull << 18,
       [](WasiGuest& g) {
         g.Write(8192, "file.txt");
         return g.CallText("path_filestat_get", {3, 0, 8192, 8, 9000});
       }},
      {"trunc", 1ull << 19,
       [](WasiGuest& g) { return g.PathOpen(3, 0, "file.txt", kOflagTrunc, kRightFdRead, 0); }},
      {"set times", 1ull << 20,
       [](WasiGuest& g) {
         g.Write(8192, "file.txt");
         return g.CallText("path_filestat_set_times", {3, 0, 8192, 8, 0, 0, 2 | 8});
       }},
      {"symlink", 1ull << 24,
       [](WasiGuest& g) {
         g.Write(8192, "file.txt");
         g.Write(8300, "sl");
         return g.CallText("path_symlink", {8192, 8, 3, 8300, 2});
       }},
      {"rmdir", 1ull << 25,
       [](WasiGuest& g) { return g.PathCall("path_remove_directory", 3, "empty"); }},
      {"unlink", 1ull << 26,
       [](WasiGuest& g) { return g.PathCall("path_unlink_file", 3, "a_link"); }},
  };
  for (const NeedsRight& c : cases) {
    SCOPED_TRACE(c.what);
    WasiConfig config;
    config.preopens.push_back({tree_.sandbox(), "/sandbox"});
    std::unique_ptr<WasiGuest> g = WasiGuest::Create(config);
    ASSERT_NE(g, nullptr);
    g->CallText("fd_fdstat_get", {3, kFdstat});
    uint64_t base = g->ReadU64(kFdstat + 8), inheriting = g->ReadU64(kFdstat + 16);
    ASSERT_NE(base & c.right, 0u) << "the preopen lacks the right to begin with";
    ASSERT_EQ(g->CallText("fd_fdstat_set_rights", {3, base & ~c.right, inheriting}), "ESUCCESS");
    EXPECT_EQ(c.call(*g), "ENOTCAPABLE");
  }
  for (const char* made : {"nd", "new.txt", "hl", "moved", "sl"}) {
    EXPECT_FALSE(HostTree::Exists(tree_.InSandbox(made))) << made;
  }
  EXPECT_TRUE(HostTree::Exists(tree_.InSandbox("empty")));
  EXPECT_TRUE(HostTree::Exists(tree_.InSandbox("a_link")));
}

}  // namespace
}  // namespace wasmtier::wasi::security
