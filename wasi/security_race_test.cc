// WASI sandbox races through the guest's imports: a host thread keeps
// exchanging a directory inside the preopen with a symlink to a directory
// outside it (renameat2 RENAME_EXCHANGE, so `d` is always one or the other)
// while the guest opens, stats, creates and renames beneath `d` thousands of
// times. Nothing outside may ever be opened or changed (inotify watches it),
// per resolver. Loops are bounded by count and by time.
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <map>
#include <string>
#include <thread>

#include "gtest/gtest.h"
#include "wasi/sandbox.h"
#include "wasi/security/harness.h"

namespace wasmtier::wasi::security {
namespace {

constexpr int kMaxIterations = 20000;
constexpr auto kMaxTime = std::chrono::seconds(4);

// Exchanges {a} and {b} until stopped; counts the swaps.
class Swapper {
 public:
  Swapper(std::string a, std::string b)
      : a_(std::move(a)), b_(std::move(b)), thread_([this] { Run(); }) {}
  ~Swapper() { Stop(); }
  void Stop() {
    stop_ = true;
    if (thread_.joinable()) thread_.join();
  }
  long swaps() const { return swaps_; }
  long failures() const { return failures_; }

 private:
  void Run() {
    while (!stop_) {
      if (::renameat2(AT_FDCWD, a_.c_str(), AT_FDCWD, b_.c_str(), RENAME_EXCHANGE) == 0) {
        ++swaps_;
      } else {
        ++failures_;
      }
    }
  }
  std::string a_, b_;
  std::atomic<bool> stop_{false};
  std::atomic<long> swaps_{0};
  std::atomic<long> failures_{0};
  std::thread thread_;
};

class RaceTest : public ResolverTest {
 protected:
  void Populate() override {
    tree_.MakeDir("d");
    // Same name as the outside file, so an escape would find something.
    tree_.WriteFile("d/inner.txt", "INSIDE-D\n");
    tree_.Symlink("../outside_dir", "evil");
  }

  // Runs {step} (returning an outcome name) under the swapper; the outcomes
  // and their counts, for the failure message.
  template <typename Step>
  std::map<std::string, int> Race(Step step) {
    std::map<std::string, int> outcomes;
    Swapper swapper(tree_.InSandbox("d"), tree_.InSandbox("evil"));
    auto start = std::chrono::steady_clock::now();
    for (int i = 0; i < kMaxIterations && std::chrono::steady_clock::now() - start < kMaxTime;
         ++i) {
      ++outcomes[step()];
    }
    swapper.Stop();
    std::string summary;
    for (const auto& [k, v] : outcomes) summary += " " + k + "=" + std::to_string(v);
    std::printf("swaps=%ld failed=%ld outcomes:%s\n", swapper.swaps(), swapper.failures(),
                summary.c_str());
    return outcomes;
  }
};

// What a resolution under the race may legitimately answer: the inside file,
// or a refusal. ENOENT/ENOTDIR appear when `d` is mid-swap for the walker.
bool AllowedRefusal(const std::string& r) {
  return r == "ENOTCAPABLE" || r == "ENOENT" || r == "ENOTDIR" || r == "ELOOP";
}

TEST_P(RaceTest, OpenUnderSwapNeverReadsOutside) {
  auto outcomes = Race([&] {
    uint32_t fd = 0;
    std::string r = guest_->PathOpen(3, kLookupFollow, "d/inner.txt", 0, kRightFdRead, 0, &fd);
    if (r != "ESUCCESS") return r;
    std::string data = guest_->ReadAll(fd, 64);
    EXPECT_EQ(guest_->CallText("fd_close", {fd}), "ESUCCESS");
    return data == "INSIDE-D\n" ? std::string("inside") : "READ-OUTSIDE:" + data;
  });
  for (const auto& [outcome, count] : outcomes) {
    EXPECT_TRUE(outcome == "inside" || AllowedRefusal(outcome)) << outcome << " x" << count;
  }
  EXPECT_GT(outcomes["inside"], 0) << "the guest never opened the inside file";
}

TEST_P(RaceTest, OpenDirectoryUnderSwapThenOpenBeneathIt) {
  // Opening `d` itself may get either side; what matters is that a
  // descriptor the guest gets is the inside directory (the swap only moves
  // names, so an fd for outside_dir would be an escape).
  auto outcomes = Race([&] {
    uint32_t dirfd = 0;
    std::string r = guest_->PathOpen(3, kLookupFollow, "d", kOflagDirectory, kRightPathOpen,
                                     kRightFdRead, &dirfd);
    if (r != "ESUCCESS") return r;
    uint32_t fd = 0;
    std::string r2 = guest_->PathOpen(dirfd, 0, "inner.txt", 0, kRightFdRead, 0, &fd);
    std::string outcome = r2;
    if (r2 == "ESUCCESS") {
      std::string data = guest_->ReadAll(fd, 64);
      outcome = data == "INSIDE-D\n" ? "inside" : "READ-OUTSIDE:" + data;
      EXPECT_EQ(guest_->CallText("fd_close", {fd}), "ESUCCESS");
    }
    EXPECT_EQ(guest_->CallText("fd_close", {dirfd}), "ESUCCESS");
    return outcome;
  });
  for (const auto& [outcome, count] : outcomes) {
    EXPECT_TRUE(outcome == "inside" || AllowedRefusal(outcome)) << outcome << " x" << count;
  }
}

TEST_P(RaceTest, NameOperationsUnderSwapStayInside) {
  // mkdir/rmdir, symlink/unlink, renames within and out of `d`, link, create
  // and stat beneath `d`: each resolves `d` and acts on a name in it.
  int step = 0;
  auto outcomes = Race([&] {
    std::string r;
    switch (step++ % 8) {
      case 0:
        r = guest_->PathCall("path_create_directory", 3, "d/made");
        break;
      case 1:
        r = guest_->PathCall("path_remove_directory", 3, "d/made");
        break;
      case 2: {
        guest_->Write(8192, "d/inner.txt");
        guest_->Write(8300, "d/renamed.txt");
        r = guest_->CallText("path_rename", {3, 8192, 11, 3, 8300, 13});
        if (r == "ESUCCESS") guest_->CallText("path_rename", {3, 8300, 13, 3, 8192, 11});
        break;
      }
      case 3: {
        guest_->Write(8192, "target");
        guest_->Write(8300, "d/sym");
        r = guest_->CallText("path_symlink", {8192, 6, 3, 8300, 5});
        if (r == "ESUCCESS") guest_->PathCall("path_unlink_file", 3, "d/sym");
        break;
      }
      case 4: {
        // Out of `d` into the sandbox's root: an escape would move the
        // outside file in (exfiltration), which inotify sees.
        guest_->Write(8192, "d/inner.txt");
        guest_->Write(8300, "stolen.txt");
        r = guest_->CallText("path_rename", {3, 8192, 11, 3, 8300, 10});
        if (r == "ESUCCESS") {
          EXPECT_EQ(HostTree::ReadHostFile(tree_.InSandbox("stolen.txt")), "INSIDE-D\n");
          guest_->CallText("path_rename", {3, 8300, 10, 3, 8192, 11});
        }
        break;
      }
      case 5: {
        guest_->Write(8192, "d/inner.txt");
        guest_->Write(8300, "linked.txt");
        r = guest_->CallText("path_link", {3, 0, 8192, 11, 3, 8300, 10});
        if (r == "ESUCCESS") {
          EXPECT_EQ(HostTree::ReadHostFile(tree_.InSandbox("linked.txt")), "INSIDE-D\n");
          guest_->PathCall("path_unlink_file", 3, "linked.txt");
        }
        break;
      }
      case 6: {
        uint32_t fd = 0;
        r = guest_->PathOpen(3, 0, "d/created.txt", kOflagCreat, kRightFdRead, 0, &fd);
        if (r == "ESUCCESS") {
          guest_->CallText("fd_close", {fd});
          guest_->PathCall("path_unlink_file", 3, "d/created.txt");
        }
        break;
      }
      default: {
        guest_->Write(WasiGuest::kPathPtr, "d/inner.txt");
        r = guest_->CallText("path_filestat_get",
                             {3, kLookupFollow, WasiGuest::kPathPtr, 11, 1024});
      }
    }
    return r;
  });
  for (const auto& [outcome, count] : outcomes) {
    EXPECT_TRUE(outcome == "ESUCCESS" || outcome == "EEXIST" || outcome == "ENOTEMPTY" ||
                AllowedRefusal(outcome))
        << outcome << " x" << count;
  }
  EXPECT_FALSE(HostTree::Exists(tree_.Outside("outside_dir/made")));
  EXPECT_FALSE(HostTree::Exists(tree_.Outside("outside_dir/sym")));
  EXPECT_FALSE(HostTree::Exists(tree_.Outside("outside_dir/renamed.txt")));
  EXPECT_FALSE(HostTree::Exists(tree_.Outside("outside_dir/created.txt")));
}

INSTANTIATE_TEST_SUITE_P(Resolvers, RaceTest,
                         ::testing::Values(ResolveMode::kOpenat2, ResolveMode::kWalker),
                         ResolverName);

}  // namespace
}  // namespace wasmtier::wasi::security
