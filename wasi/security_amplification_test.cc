// Host memory a guest can make the runtime hold beyond its own linear memory
// and descriptor count. fd_readdir keeps each directory descriptor's whole
// listing (wasi/fns_dir.cc, dir_state), so a guest that opens the same large
// directory on many descriptors and starts a listing on each multiplies the
// directory's size by its descriptor limit. Bounded here by what one listing
// plus a small constant per descriptor would cost.
#include <fcntl.h>
#include <unistd.h>

#include <string>

#include "gtest/gtest.h"
#include "wasi/security/harness.h"

namespace wasmtier::wasi::security {
namespace {

constexpr int kFiles = 5000;
constexpr int kDescriptors = 500;

TEST(AmplificationTest, ReaddirListingsDoNotMultiplyByDescriptors) {
  HostTree tree;
  tree.MakeDir("big");
  for (int i = 0; i < kFiles; ++i) {
    // Names of 40 bytes: past std::string's inline buffer, as real names are.
    std::string name = "big/entry-with-a-realistic-long-name-" + std::to_string(100000 + i);
    int fd = ::open(tree.InSandbox(name).c_str(), O_CREAT | O_WRONLY | O_CLOEXEC, 0644);
    ASSERT_GE(fd, 0);
    ::close(fd);
  }
  WasiConfig config;
  config.preopens.push_back({tree.sandbox(), "/sandbox"});
  std::unique_ptr<WasiGuest> guest = WasiGuest::Create(config);
  ASSERT_NE(guest, nullptr);
  constexpr uint64_t kRightFdReaddir = 1ull << 14;
  // One listing first, so the baseline includes its cost.
  uint32_t first = 0;
  ASSERT_EQ(guest->PathOpen(3, 0, "big", kOflagDirectory, kRightFdReaddir, 0, &first), "ESUCCESS");
  ASSERT_EQ(guest->CallText("fd_readdir", {first, 8192, 64, 0, 256}), "ESUCCESS");
  long before = MaxRssKb();
  for (int i = 1; i < kDescriptors; ++i) {
    uint32_t fd = 0;
    ASSERT_EQ(guest->PathOpen(3, 0, "big", kOflagDirectory, kRightFdReaddir, 0, &fd), "ESUCCESS");
    // A 64-byte buffer: the guest reads almost nothing, the host lists all.
    ASSERT_EQ(guest->CallText("fd_readdir", {fd, 8192, 64, 0, 256}), "ESUCCESS");
  }
  long grown_kb = MaxRssKb() - before;
  // 500 listings of 5000 entries of ~40-byte names would be ~100+ MiB; a
  // runtime that does not multiply stays within a few MiB.
  EXPECT_LT(grown_kb, 16 * 1024) << "host RSS grew by " << grown_kb / 1024 << " MiB for "
                                 << kDescriptors << " descriptors on one " << kFiles
                                 << "-entry directory, each having read 64 bytes";
}

}  // namespace
}  // namespace wasmtier::wasi::security
