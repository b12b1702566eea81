// Hostile guest pointers, lengths and descriptor numbers for every WASI
// import that takes them: each range that leaves the guest's memory must be
// EFAULT (or a trap), never a host access (run under --config=asan), with no
// descriptor leaked; huge counts must not make the host allocate; random fd
// numbers are EBADF. Boundary cases that exactly fit must succeed, so an
// off-by-one in either direction fails.
#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <set>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "wasi/security/harness.h"

namespace wasmtier::wasi::security {
namespace {

constexpr uint32_t kEnd = 65536;      // one page
constexpr uint32_t kPath = 4096;      // "file.txt"
constexpr uint32_t kLinkPath = 4200;  // "the_link"
constexpr uint32_t kNewPath = 4300;   // "new_x"
constexpr uint32_t kIov = 512;        // one iovec {kBuf, 16}
constexpr uint32_t kBadIov = 600;     // one iovec {kEnd - 4, 16}
constexpr uint32_t kBuf = 8192;
constexpr uint32_t kResult = 256;
constexpr uint32_t kSub = 2048;  // a clock subscription, relative timeout 0
constexpr uint32_t kEvents = 3072;

struct Case {
  std::string name;
  std::vector<uint64_t> args;
  std::set<std::string> also_allowed = {};  // besides EFAULT and traps
};

class MemoryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    tree_.WriteFile("file.txt", "0123456789abcdef-file\n");
    tree_.Symlink("file.txt", "the_link");
    devnull_ = ::open("/dev/null", O_RDWR | O_CLOEXEC);
    ASSERT_GE(devnull_, 0);
    WasiConfig config;
    config.args = {"prog", "argument"};
    config.env = {"A=1", "LONGER=value"};
    config.stdin_fd = devnull_;
    config.stdout_fd = devnull_;
    config.preopens.push_back({tree_.sandbox(), "/sandbox"});
    guest_ = WasiGuest::Create(config);
    ASSERT_NE(guest_, nullptr);
    uint64_t rw = kRightFdRead | kRightFdWrite | kRightFdSeek | (1ull << 5) | (1ull << 21);
    ASSERT_EQ(guest_->PathOpen(3, 0, "file.txt", 0, rw, 0, &file_fd_), "ESUCCESS");
    baseline_fds_ = guest_->ctx().open_count();
  }

  void TearDown() override {
    if (guest_ != nullptr) EXPECT_EQ(guest_->ctx().open_count(), baseline_fds_) << "fd leaked";
    guest_.reset();
    if (devnull_ >= 0) ::close(devnull_);
    EXPECT_TRUE(tree_.OutsideUntouched());
  }

  // Rewrites the scratch data every case relies on (a case may clobber it).
  void Scratch() {
    guest_->Write(kPath, "file.txt");
    guest_->Write(kLinkPath, "the_link");
    guest_->Write(kNewPath, "new_x");
    guest_->WriteU32(kIov, kBuf);
    guest_->WriteU32(kIov + 4, 16);
    guest_->WriteU32(kBadIov, kEnd - 4);
    guest_->WriteU32(kBadIov + 4, 16);
    std::string sub(48, '\0');
    sub[8] = 0;                // tag: clock
    guest_->Write(kSub, sub);  // clock id 0 (realtime), timeout 0, relative
  }

  void RunCases(const std::vector<Case>& cases) {
    for (const Case& c : cases) {
      Scratch();
      std::string trace = c.name + "(";
      for (uint64_t a : c.args) trace += std::to_string(a) + ",";
      SCOPED_TRACE(trace + ")");
      absl::StatusOr<Errno> r = guest_->Call(c.name, c.args);
      std::string text = Describe(r);
      bool ok = text == "EFAULT" || text.rfind("trap: ", 0) == 0 || c.also_allowed.count(text);
      EXPECT_TRUE(ok) << "got " << text;
      EXPECT_EQ(guest_->ctx().open_count(), baseline_fds_) << "descriptor leaked";
      // Remove anything a case may have created, so the next one starts clean.
      ::unlink(tree_.InSandbox("new_x").c_str());
      ::rmdir(tree_.InSandbox("new_x").c_str());
    }
  }

  HostTree tree_;
  std::unique_ptr<WasiGuest> guest_;
  int devnull_ = -1;
  uint32_t file_fd_ = 0;
  uint32_t baseline_fds_ = 0;
};

TEST_F(MemoryTest, ArgsEnvClockRandomResultsOutsideMemory) {
  RunCases({
      {"args_sizes_get", {kEnd - 2, kResult}},
      {"args_sizes_get", {kResult, kEnd}},
      {"args_get", {kEnd - 4, kBuf}},     // two pointers need 8 bytes
      {"args_get", {kResult, kEnd - 8}},  // "prog\0argument\0" is 14 bytes
      {"args_get", {0xFFFFFFFF, kBuf}},
      {"environ_sizes_get", {0xFFFFFFFC, kResult}},
      {"environ_get", {kEnd - 4, kBuf}},
      {"environ_get", {kResult, kEnd - 10}},
      {"clock_res_get", {0, kEnd - 4}},
      {"clock_time_get", {0, 0, kEnd - 7}},
      {"clock_time_get", {1, 0, 0xFFFFFFF8}},
      {"random_get", {kEnd - 1, 2}},
      {"random_get", {0, kEnd + 1}},
      {"random_get", {0xFFFFFFFF, 1}},
      {"random_get", {1, 0xFFFFFFFF}},
  });
}

TEST_F(MemoryTest, FdResultsOutsideMemory) {
  uint32_t f = file_fd_;
  RunCases({
      {"fd_fdstat_get", {3, kEnd - 23}},
      {"fd_filestat_get", {f, kEnd - 63}},
      {"fd_prestat_get", {3, kEnd - 7}},
      {"fd_prestat_dir_name", {3, kEnd - 3, 8}},
      {"fd_prestat_dir_name", {3, 0xFFFFFFFF, 8}, {"EINVAL", "ENAMETOOLONG"}},
      {"fd_seek", {f, 0, 0, kEnd - 4}},
      {"fd_tell", {f, kEnd - 7}},
      {"fd_readdir", {3, kEnd - 10, 100, 0, kResult}},
      {"fd_readdir", {3, kBuf, 100, 0, kEnd - 2}},
      {"fd_readdir", {3, kBuf, 0xFFFFFFFF, 0, kResult}},
      {"poll_oneoff", {kEnd - 10, kEvents, 1, kResult}},
      {"poll_oneoff", {kSub, kEnd - 10, 1, kResult}},
      {"poll_oneoff", {kSub, kEvents, 1, kEnd - 2}},
      {"poll_oneoff", {kSub, kEvents, 0xFFFFFFFF, kResult}, {"EINVAL"}},
      {"poll_oneoff", {kSub, kEvents, 0x10000000, kResult}, {"EINVAL"}},
  });
}

TEST_F(MemoryTest, IovecsOutsideMemory) {
  uint32_t f = file_fd_;
  RunCases({
      {"fd_read", {f, kEnd - 4, 1, kResult}},  // the iovec array itself
      {"fd_read", {f, kBadIov, 1, kResult}},   // the buffer an iovec names
      {"fd_read", {f, kIov, 1, kEnd - 2}},     // nread
      {"fd_read", {f, kIov, 0xFFFFFFFF, kResult}, {"EINVAL", "ESUCCESS"}},  // bounded prefix
      {"fd_read", {f, kEnd - 64, 0xFFFFFFFF, kResult}, {"EINVAL"}},
      {"fd_read", {f, kIov, 0x20000000, kResult}, {"EINVAL", "ESUCCESS"}},
      {"fd_write", {1, kEnd - 4, 1, kResult}},
      {"fd_write", {1, kBadIov, 1, kResult}},
      {"fd_write", {1, kIov, 1, kEnd - 1}},
      {"fd_write", {1, 0xFFFFFFF8, 1, kResult}},
      {"fd_write", {1, kIov, 0xFFFFFFFF, kResult}, {"EINVAL", "ESUCCESS"}},
      {"fd_write", {1, kEnd - 64, 0xFFFFFFFF, kResult}, {"EINVAL"}},
      {"fd_pread", {f, kEnd - 4, 1, 0, kResult}},
      {"fd_pread", {f, kBadIov, 1, 0, kResult}},
      {"fd_pread", {f, kIov, 1, 0, kEnd - 2}},
      {"fd_pread", {f, kIov, 0xFFFFFFFF, 0, kResult}, {"EINVAL", "ESUCCESS"}},
      {"fd_pwrite", {f, kBadIov, 1, 0, kResult}},
      {"fd_pwrite", {f, kIov, 1, 0, 0xFFFFFFFF}},
      {"fd_pwrite", {f, kEnd - 64, 0xFFFFFFFF, 0, kResult}, {"EINVAL"}},
  });
  // The file was never written through a bad iovec.
  EXPECT_EQ(HostTree::ReadHostFile(tree_.InSandbox("file.txt")).size(), 22u);
}

TEST_F(MemoryTest, IovecLengthsThatOverflowWhenSummed) {
  // Two iovecs of 2 GiB each: their sum wraps 32 bits; memory is 64 KiB.
  guest_->WriteU32(700, 0);
  guest_->WriteU32(704, 0x80000000);
  guest_->WriteU32(708, 0);
  guest_->WriteU32(712, 0x80000000);
  std::string r = guest_->CallText("fd_write", {1, 700, 2, kResult});
  EXPECT_TRUE(r == "EFAULT" || r == "EINVAL" || r.rfind("trap: ", 0) == 0) << r;
  r = guest_->CallText("fd_read", {file_fd_, 700, 2, kResult});
  EXPECT_TRUE(r == "EFAULT" || r == "EINVAL" || r.rfind("trap: ", 0) == 0) << r;
}

TEST_F(MemoryTest, PathPointersOutsideMemory) {
  uint64_t rights = kRightFdRead;
  RunCases({
      {"path_open", {3, 0, kEnd - 4, 8, 0, rights, 0, 0, kResult}},
      {"path_open", {3, 0, kPath, 0xFFFFFFFF, 0, rights, 0, 0, kResult}, {"ENAMETOOLONG"}},
      {"path_open", {3, 0, 0xFFFFFFFF, 2, 0, rights, 0, 0, kResult}},
      {"path_open", {3, 0, kPath, 8, 0, rights, 0, 0, kEnd - 2}},  // the new fd's slot
      {"path_open", {3, 0, kNewPath, 5, kOflagCreat, rights, 0, 0, kEnd - 1}},
      {"path_filestat_get", {3, 0, kEnd - 4, 8, kBuf}},
      {"path_filestat_get", {3, 0, kPath, 8, kEnd - 32}},
      {"path_filestat_set_times", {3, 0, kEnd - 1, 5, 0, 0, 0}},
      {"path_readlink", {3, kEnd - 2, 8, kBuf, 64, kResult}},
      {"path_readlink", {3, kLinkPath, 8, kEnd - 4, 64, kResult}},
      {"path_readlink", {3, kLinkPath, 8, kBuf, 64, kEnd - 1}},
      {"path_readlink", {3, kLinkPath, 8, kBuf, 0xFFFFFFFF, kResult}},
      {"path_symlink", {kEnd - 2, 8, 3, kNewPath, 5}},
      {"path_symlink", {kPath, 8, 3, kEnd - 1, 5}},
      {"path_link", {3, 0, kEnd - 2, 8, 3, kNewPath, 5}},
      {"path_link", {3, 0, kPath, 8, 3, 0xFFFFFFFF, 5}},
      {"path_rename", {3, kEnd - 2, 8, 3, kNewPath, 5}},
      {"path_rename", {3, kPath, 8, 3, kEnd - 2, 5}},
      {"path_create_directory", {3, kEnd - 1, 5}},
      {"path_create_directory", {3, kNewPath, 0x80000000}, {"ENAMETOOLONG"}},
      {"path_remove_directory", {3, kEnd - 1, 5}},
      {"path_unlink_file", {3, kEnd - 1, 5}},
  });
  EXPECT_EQ(HostTree::ReadHostFile(tree_.InSandbox("file.txt")), "0123456789abcdef-file\n");
}

TEST_F(MemoryTest, SocketPointersOutsideMemory) {
  // stdin is /dev/null, not a socket: refusing that first is fine too.
  std::set<std::string> not_socket = {"ENOTSOCK", "EBADF", "ENOTCAPABLE", "ENOTSUP", "ENOSYS"};
  RunCases({
      {"sock_accept", {0, 0, kEnd - 2}, not_socket},
      {"sock_recv", {0, kEnd - 4, 1, 0, kResult, kResult + 8}, not_socket},
      {"sock_recv", {0, kIov, 1, 0, kEnd - 2, kResult}, not_socket},
      {"sock_recv", {0, kEnd - 64, 0xFFFFFFFF, 0, kResult, kResult + 8}, not_socket},
      {"sock_send", {0, kBadIov, 1, 0, kResult}, not_socket},
      {"sock_send", {0, kIov, 1, 0, kEnd}, not_socket},
  });
}

TEST_F(MemoryTest, SocketPointersOutsideMemoryOnARealSocket) {
  // The guest's stdin is one end of a socketpair, so the pointer checks are
  // reached; the peer holds data so that no receive can block.
  int sv[2];
  ASSERT_EQ(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv), 0);
  std::string data(4096, 'd');
  ASSERT_EQ(::write(sv[1], data.data(), data.size()), static_cast<ssize_t>(data.size()));
  WasiConfig config;
  config.stdin_fd = sv[0];
  config.stdout_fd = devnull_;
  guest_ = WasiGuest::Create(config);
  ::close(sv[0]);
  ASSERT_NE(guest_, nullptr);
  baseline_fds_ = guest_->ctx().open_count();
  RunCases({
      {"sock_recv", {0, kEnd - 4, 1, 0, kResult, kResult + 8}},
      {"sock_recv", {0, kBadIov, 1, 0, kResult, kResult + 8}},
      {"sock_recv", {0, kIov, 1, 0, kEnd - 2, kResult + 8}},
      {"sock_recv", {0, kIov, 1, 0, kResult, kEnd - 1}},
      {"sock_recv", {0, kEnd - 64, 0xFFFFFFFF, 0, kResult, kResult + 8}},
      {"sock_send", {0, kEnd - 4, 1, 0, kResult}},
      {"sock_send", {0, kBadIov, 1, 0, kResult}},
      {"sock_send", {0, kIov, 1, 0, kEnd}},
      {"sock_accept", {0, 0, kEnd - 2}, {"EINVAL", "ENOTSUP", "EAGAIN"}},
  });
  Scratch();
  EXPECT_EQ(guest_->CallText("sock_shutdown", {0, 0xFF}), "EINVAL");
  // The socket still works after all that.
  EXPECT_EQ(guest_->CallText("sock_recv", {0, kIov, 1, 0, kResult, kResult + 8}), "ESUCCESS");
  EXPECT_EQ(guest_->ReadU32(kResult), 16u);
  ::close(sv[1]);
}

TEST_F(MemoryTest, ResultsThatExactlyFitTheMemorySucceed) {
  EXPECT_EQ(guest_->CallText("args_sizes_get", {kEnd - 8, kEnd - 4}), "ESUCCESS");
  EXPECT_EQ(guest_->ReadU32(kEnd - 8), 2u);
  EXPECT_EQ(guest_->ReadU32(kEnd - 4), 14u);
  EXPECT_EQ(guest_->CallText("args_get", {kEnd - 8, kEnd - 22}), "ESUCCESS");
  EXPECT_EQ(guest_->Read(kEnd - 22, 14), std::string("prog\0argument\0", 14));
  EXPECT_EQ(guest_->CallText("fd_fdstat_get", {3, kEnd - 24}), "ESUCCESS");
  EXPECT_EQ(guest_->CallText("fd_prestat_get", {3, kEnd - 8}), "ESUCCESS");
  EXPECT_EQ(guest_->CallText("fd_prestat_dir_name", {3, kEnd - 8, 8}), "ESUCCESS");
  EXPECT_EQ(guest_->Read(kEnd - 8, 8), "/sandbox");
  EXPECT_EQ(guest_->CallText("fd_filestat_get", {file_fd_, kEnd - 64}), "ESUCCESS");
  EXPECT_EQ(guest_->ReadU64(kEnd - 64 + 32), 22u);  // st_size
  EXPECT_EQ(guest_->CallText("clock_time_get", {0, 0, kEnd - 8}), "ESUCCESS");
  EXPECT_EQ(guest_->CallText("random_get", {kEnd - 16, 16}), "ESUCCESS");
  // Reading into the memory's last bytes.
  guest_->WriteU32(kIov, kEnd - 4);
  guest_->WriteU32(kIov + 4, 4);
  EXPECT_EQ(guest_->CallText("fd_pread", {file_fd_, kIov, 1, 0, kEnd - 8}), "ESUCCESS");
  EXPECT_EQ(guest_->Read(kEnd - 4, 4), "0123");
  // A path ending at the memory's last byte.
  guest_->Write(kEnd - 8, "file.txt");
  EXPECT_EQ(guest_->CallText("path_filestat_get", {3, 0, kEnd - 8, 8, kBuf}), "ESUCCESS");
  // An empty range at the very end is inside.
  EXPECT_EQ(guest_->CallText("random_get", {kEnd, 0}), "ESUCCESS");
}

TEST_F(MemoryTest, RandomGetFillsAWholeLargeMemory) {
  // 1024 pages: 64 MiB in one call is fine; one byte more is EFAULT.
  WasiConfig config;
  std::unique_ptr<WasiGuest> big = WasiGuest::Create(config, 1024);
  ASSERT_NE(big, nullptr);
  uint64_t size = big->memory_size();
  ASSERT_EQ(size, 1024u * 65536u);
  EXPECT_EQ(big->CallText("random_get", {0, size}), "ESUCCESS");
  // Random bytes: 4 KiB of zeros at the end would mean it stopped short.
  EXPECT_NE(big->Read(size - 4096, 4096), std::string(4096, '\0'));
  EXPECT_EQ(big->CallText("random_get", {0, size + 1}), "EFAULT");
  EXPECT_EQ(big->CallText("random_get", {1, size}), "EFAULT");
}

TEST_F(MemoryTest, HostileDescriptorNumbersAreEbadf) {
  for (uint64_t fd : {0xFFFFFFFFull, 0x80000000ull, 0x7FFFFFFFull, 1024ull, 65536ull, 5ull}) {
    SCOPED_TRACE(fd);
    Scratch();
    EXPECT_EQ(guest_->CallText("fd_close", {fd}), "EBADF");
    EXPECT_EQ(guest_->CallText("fd_read", {fd, kIov, 1, kResult}), "EBADF");
    EXPECT_EQ(guest_->CallText("fd_write", {fd, kIov, 1, kResult}), "EBADF");
    EXPECT_EQ(guest_->CallText("fd_seek", {fd, 0, 0, kResult}), "EBADF");
    EXPECT_EQ(guest_->CallText("fd_fdstat_get", {fd, kBuf}), "EBADF");
    EXPECT_EQ(guest_->CallText("fd_fdstat_set_flags", {fd, 0}), "EBADF");
    EXPECT_EQ(guest_->CallText("fd_fdstat_set_rights", {fd, 0, 0}), "EBADF");
    EXPECT_EQ(guest_->CallText("fd_filestat_get", {fd, kBuf}), "EBADF");
    EXPECT_EQ(guest_->CallText("fd_prestat_get", {fd, kBuf}), "EBADF");
    EXPECT_EQ(guest_->CallText("fd_readdir", {fd, kBuf, 100, 0, kResult}), "EBADF");
    EXPECT_EQ(guest_->CallText("fd_sync", {fd}), "EBADF");
    EXPECT_EQ(guest_->CallText("fd_allocate", {fd, 0, 1}), "EBADF");
    EXPECT_EQ(guest_->CallText("fd_renumber", {fd, 3}), "EBADF");
    EXPECT_EQ(guest_->CallText("fd_renumber", {3, fd}), "EBADF");
    EXPECT_EQ(guest_->CallText("path_open", {fd, 0, kPath, 8, 0, kRightFdRead, 0, 0, kResult}),
              "EBADF");
    EXPECT_EQ(guest_->CallText("path_filestat_get", {fd, 0, kPath, 8, kBuf}), "EBADF");
    EXPECT_EQ(guest_->CallText("path_create_directory", {fd, kNewPath, 5}), "EBADF");
    EXPECT_EQ(guest_->CallText("path_rename", {3, kPath, 8, fd, kNewPath, 5}), "EBADF");
    EXPECT_EQ(guest_->CallText("path_link", {3, 0, kPath, 8, fd, kNewPath, 5}), "EBADF");
    EXPECT_EQ(guest_->CallText("path_symlink", {kPath, 8, fd, kNewPath, 5}), "EBADF");
    EXPECT_EQ(guest_->CallText("sock_accept", {fd, 0, kResult}), "EBADF");
  }
  // The preopen survived fd_renumber(3, bad).
  EXPECT_EQ(guest_->CallText("fd_prestat_get", {3, kBuf}), "ESUCCESS");
  EXPECT_EQ(HostTree::ReadHostFile(tree_.InSandbox("file.txt")), "0123456789abcdef-file\n");
}

TEST_F(MemoryTest, HostileIntegerArgumentsAreRefusedWithoutOverflow) {
  // 64-bit offsets, sizes and times at the edges: the host must not
  // overflow (UBSan reports signed overflow) nor act on a wrapped value.
  uint32_t f = file_fd_;
  constexpr uint64_t kMax = ~0ull, kSignedMax = kMax >> 1, kSignedMin = 1ull << 63;
  auto refused = [](const std::string& r) { return r != "ESUCCESS" && r.rfind("trap", 0) != 0; };
  Scratch();
  EXPECT_PRED1(refused, guest_->CallText("fd_allocate", {f, kSignedMax, kSignedMax}));
  EXPECT_PRED1(refused, guest_->CallText("fd_allocate", {f, kMax, 1}));
  EXPECT_PRED1(refused, guest_->CallText("fd_filestat_set_size", {f, kMax}));
  EXPECT_PRED1(refused, guest_->CallText("fd_filestat_set_size", {f, kSignedMin}));
  EXPECT_PRED1(refused, guest_->CallText("fd_pread", {f, kIov, 1, kMax, kResult}));
  EXPECT_PRED1(refused, guest_->CallText("fd_pwrite", {f, kIov, 1, kSignedMin, kResult}));
  EXPECT_PRED1(refused, guest_->CallText("fd_seek", {f, kSignedMin, 1, kResult}));
  EXPECT_PRED1(refused, guest_->CallText("fd_seek", {f, 0, 7, kResult}));  // bad whence
  EXPECT_PRED1(refused, guest_->CallText("fd_advise", {f, kSignedMax, kSignedMax, 0}));
  EXPECT_PRED1(refused, guest_->CallText("fd_advise", {f, 0, 0, 99}));  // bad advice
  EXPECT_PRED1(refused, guest_->CallText("clock_time_get", {0xFFFFFFFF, 0, kResult}));
  EXPECT_PRED1(refused, guest_->CallText("clock_res_get", {4, kResult}));
  // Both "now" and a value for the same time, and unknown flag bits.
  EXPECT_PRED1(refused, guest_->CallText("fd_filestat_set_times", {f, 0, 0, 1 | 2}));
  EXPECT_PRED1(refused, guest_->CallText("fd_filestat_set_times", {f, 0, 0, 0xFFFF}));
  // Times far in the future are representable (u64 nanoseconds fit in a
  // timespec), so they may succeed; they must not overflow.
  guest_->CallText("fd_filestat_set_times", {f, kMax, kMax, 1 | 4});
  guest_->CallText("path_filestat_set_times", {3, 0, kPath, 8, kMax, kSignedMax, 1 | 4});
  // readdir from absurd cookies: nothing, not a crash.
  for (uint64_t cookie : {kMax, kSignedMin, uint64_t{1000000}}) {
    EXPECT_EQ(guest_->CallText("fd_readdir", {3, kBuf, 256, cookie, kResult}), "ESUCCESS");
    EXPECT_EQ(guest_->ReadU32(kResult), 0u) << cookie;
  }
  // A clock subscription with the largest timeout, next to one that is
  // already due: poll returns at once with the due one.
  std::string subs(96, '\0');
  subs[16] = 1;                                    // clock id monotonic
  for (int i = 24; i < 32; ++i) subs[i] = '\xff';  // timeout u64 max
  subs[48 + 16] = 1;                               // second: monotonic, timeout 0
  guest_->Write(kSub, subs);
  EXPECT_EQ(guest_->CallText("poll_oneoff", {kSub, kEvents, 2, kResult}), "ESUCCESS");
  EXPECT_EQ(guest_->ReadU32(kResult), 1u);
  EXPECT_EQ(HostTree::ReadHostFile(tree_.InSandbox("file.txt")).size(), 22u);
}

// A guest whose "memory" is missing, is not a memory, or has no pages:
// every pointer is EFAULT, never a host access.
std::string CallInOddGuest(const std::string& memory_decl, const std::string& call) {
  absl::StatusOr<std::unique_ptr<WasiCtx>> ctx = CreateContext(WasiConfig{});
  if (!ctx.ok()) return ctx.status().ToString();
  Engine engine;
  Store store(engine);
  Linker linker(engine);
  if (absl::Status st = AddToLinker(linker, store, **ctx); !st.ok()) return st.ToString();
  std::string wat = R"((module
    (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
    (import "wasi_snapshot_preview1" "random_get" (func $random_get (param i32 i32) (result i32)))
    (import "wasi_snapshot_preview1" "args_sizes_get" (func $args_sizes_get (param i32 i32) (result i32)))
    )" + memory_decl +
                    R"(
    (func (export "go") (result i32) )" +
                    call + R"()))";
  absl::StatusOr<Module> module = Module::CompileText(engine, wat);
  if (!module.ok()) return module.status().ToString();
  absl::StatusOr<Instance> instance = linker.Instantiate(store, *module);
  if (!instance.ok()) return instance.status().ToString();
  absl::StatusOr<std::vector<Val>> r = instance->GetFunc("go")->Call(store, {});
  if (!r.ok()) return Describe(r.status());
  return ErrnoName(static_cast<Errno>((*r)[0].i32()));
}

TEST(OddMemoryTest, MissingWrongOrEmptyMemoryIsEfault) {
  const std::string calls[] = {
      "(call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8))",
      "(call $random_get (i32.const 0) (i32.const 16))",
      "(call $args_sizes_get (i32.const 0) (i32.const 4))",
  };
  for (const std::string& call : calls) {
    SCOPED_TRACE(call);
    EXPECT_EQ(CallInOddGuest("", call), "EFAULT");
    EXPECT_EQ(CallInOddGuest("(func (export \"memory\"))", call), "EFAULT");
    EXPECT_EQ(CallInOddGuest("(memory (export \"memory\") 0)", call), "EFAULT");
    EXPECT_EQ(CallInOddGuest("(memory (export \"mem\") 1)", call), "EFAULT");
  }
  EXPECT_EQ(CallInOddGuest("(memory (export \"memory\") 0)",
                           "(call $random_get (i32.const 0) (i32.const 0))"),
            "ESUCCESS");
}

}  // namespace
}  // namespace wasmtier::wasi::security
