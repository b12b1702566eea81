// Test-only drivers for the WASI security tests (wasi/security_*_test.cc).
// WasiGuest: a module that wraps every wasi_snapshot_preview1 import in an
// exported wasm function, so a test calls any WASI function with any argument
// (hostile pointers included) and the host function sees a real wasm caller
// with its memory. HostTree: a temporary tree with a preopen and sentinels
// next to it, watched with inotify, to prove nothing outside was touched.
#ifndef WASMTIER_WASI_SECURITY_HARNESS_H_
#define WASMTIER_WASI_SECURITY_HARNESS_H_

#include <chrono>
#include <cstdint>
#include <initializer_list>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "engine/include/wasmtier/wasmtier.h"
#include "gtest/gtest.h"
#include "wasi/ctx.h"
#include "wasi/errno.h"
#include "wasi/sandbox.h"
#include "wasi/wasi.h"

namespace wasmtier::wasi::security {

// WASI constants (wasi/api.h of wasi-libc) the tests use.
inline constexpr uint64_t kRightFdRead = 1ull << 1;
inline constexpr uint64_t kRightFdSeek = 1ull << 2;
inline constexpr uint64_t kRightFdWrite = 1ull << 6;
inline constexpr uint64_t kRightFdAllocate = 1ull << 8;
inline constexpr uint64_t kRightPathCreateFile = 1ull << 10;
inline constexpr uint64_t kRightPathOpen = 1ull << 13;
inline constexpr uint64_t kRightFdFilestatSetSize = 1ull << 22;
inline constexpr uint64_t kAllRights = (1ull << 30) - 1;
inline constexpr uint32_t kLookupFollow = 1;
inline constexpr uint32_t kOflagCreat = 1, kOflagDirectory = 2, kOflagExcl = 4, kOflagTrunc = 8;

// The core-wasm signature of one import: 'i' = i32, 'I' = i64 per param;
// every function returns an i32 errno except proc_exit.
struct WasiSignature {
  std::string_view name;
  std::string_view params;
  bool returns_errno;
};
std::span<const WasiSignature> AllWasiSignatures();

// Whether openat2(RESOLVE_BENEATH) works here (kernel >= 5.6, no seccomp
// filter refusing it); the openat2 resolver's tests skip otherwise.
bool KernelHasOpenat2();
// Test-name suffix for a resolver parameter: "openat2" / "walker".
std::string ResolverName(const ::testing::TestParamInfo<ResolveMode>& info);

// "ENOTCAPABLE", or "trap: <message>" / "error: <status>" when the call did
// not return an errno. Test expectations compare these strings so a failure
// prints what actually happened.
std::string Describe(const absl::StatusOr<Errno>& result);

class WasiGuest {
 public:
  // A guest with {pages} pages of memory, serving a context made from {config}.
  static std::unique_ptr<WasiGuest> Create(const WasiConfig& config, uint32_t pages = 1);
  ~WasiGuest();

  // Calls import {name} through its wrapper; {args} are raw (an i32 takes the
  // low 32 bits). A status that is not an errno (trap, exit) comes back as is.
  absl::StatusOr<Errno> Call(std::string_view name, std::span<const uint64_t> args);
  absl::StatusOr<Errno> Call(std::string_view name, std::initializer_list<uint64_t> args) {
    return Call(name, std::span<const uint64_t>(args.begin(), args.size()));
  }
  std::string CallText(std::string_view name, std::initializer_list<uint64_t> args) {
    return Describe(Call(name, args));
  }

  // Host-side access to guest memory (test failure if out of bounds).
  void Write(uint32_t ptr, std::string_view bytes);
  void WriteU32(uint32_t ptr, uint32_t value);
  std::string Read(uint32_t ptr, uint32_t len);
  uint32_t ReadU32(uint32_t ptr);
  uint64_t ReadU64(uint32_t ptr);
  uint64_t memory_size() const;

  // path_open of {path} (written at kPathPtr) relative to {dirfd}; the new
  // descriptor in {*fd} on success.
  static constexpr uint32_t kPathPtr = 4096;
  static constexpr uint32_t kResultPtr = 256;
  std::string PathOpen(uint32_t dirfd, uint32_t lookup, std::string_view path, uint32_t oflags,
                       uint64_t rights_base, uint64_t rights_inheriting, uint32_t* fd = nullptr,
                       uint32_t fdflags = 0);
  // A path_* call whose only path is {path}: (fd, path, len) or, with
  // {lookup}, (fd, lookup, path, len, extra...).
  std::string PathCall(std::string_view name, uint32_t dirfd, std::string_view path);
  // Reads up to {max} bytes from {fd} with fd_read (the data, or "" + failure).
  std::string ReadAll(uint32_t fd, uint32_t max = 4096);

  WasiCtx& ctx() { return *ctx_; }
  Store& store() { return *store_; }

 private:
  WasiGuest() = default;
  std::unique_ptr<WasiCtx> ctx_;  // outlives the store, whose functions use it
  std::unique_ptr<Engine> engine_;
  std::unique_ptr<Store> store_;
  std::optional<Instance> instance_;
  std::optional<Memory> memory_;
};

// A temporary directory {root} holding the preopen {sandbox} and, next to
// it, the sentinels: file secret.txt and directory outside_dir/ (with
// inner.txt). inotify watches root and outside_dir from construction.
class HostTree {
 public:
  HostTree();
  ~HostTree();
  HostTree(const HostTree&) = delete;
  HostTree& operator=(const HostTree&) = delete;

  const std::string& root() const { return root_; }
  const std::string& sandbox() const { return sandbox_; }
  std::string InSandbox(std::string_view rel) const { return sandbox_ + "/" + std::string(rel); }
  std::string Outside(std::string_view rel) const { return root_ + "/" + std::string(rel); }

  void WriteFile(std::string_view rel, std::string_view content);  // in the sandbox
  void MakeDir(std::string_view rel);
  void Symlink(std::string_view target, std::string_view rel);
  static std::string ReadHostFile(const std::string& path);  // "<missing>" if absent
  static bool Exists(const std::string& path);               // lstat succeeds

  // Whether anything outside the sandbox was opened, read, written, created,
  // deleted, renamed or had attributes changed since construction (or the
  // last call): inotify events plus a content check of the sentinels.
  ::testing::AssertionResult OutsideUntouched();

 private:
  std::vector<std::string> DrainEvents();
  std::string root_, sandbox_;
  int inotify_fd_ = -1;
  int root_watch_ = -1, dir_watch_ = -1;
};

// Runs the "_start" export of {wat} (WASI linked, interpreter, interruptible
// store) and interrupts the store from another thread after {delay}. The
// call's status, how long the call took, and the peak RSS growth (KiB)
// during it.
struct InterruptedRun {
  absl::Status status;
  std::chrono::steady_clock::duration elapsed{};
  long rss_growth_kb = 0;
};
InterruptedRun RunWithInterrupt(std::string_view wat, const WasiConfig& config,
                                std::chrono::milliseconds delay);
long MaxRssKb();  // getrusage's ru_maxrss of this process

// Base of the per-resolver tests: selects the resolver (skipping openat2
// where the kernel lacks it), lets the test populate the sandbox, then makes
// a guest with the sandbox preopened as fd 3. TearDown checks that no guest
// descriptor leaked and that nothing outside the sandbox was touched.
class ResolverTest : public ::testing::TestWithParam<ResolveMode> {
 protected:
  void SetUp() override;
  void TearDown() override;
  virtual void Populate() {}

  // path_filestat_get of {path} beneath fd 3: "ESUCCESS:<filetype>" or the errno.
  std::string Stat(std::string_view path, uint32_t lookup);

  HostTree tree_;
  std::unique_ptr<WasiGuest> guest_;
  uint32_t baseline_fds_ = 0;
};

inline constexpr char kSecret[] = "SECRET-CONTENT\n";
inline constexpr char kInner[] = "INNER-SECRET\n";

}  // namespace wasmtier::wasi::security

#endif  // WASMTIER_WASI_SECURITY_HARNESS_H_
