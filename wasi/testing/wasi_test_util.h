// Test support for wasi/: a WAT module instantiated with WASI linked in
// (WasiHarness), plus temporary directories and files for host-side setup and
// checks. Shared by every wasi/*_test.cc; test-only.
#ifndef WASMTIER_WASI_TESTING_WASI_TEST_UTIL_H_
#define WASMTIER_WASI_TESTING_WASI_TEST_UTIL_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "engine/include/wasmtier/wasmtier.h"
#include "wasi/ctx.h"
#include "wasi/wasi.h"

namespace wasmtier::wasi::testing {

// How a call into the guest ended.
struct Outcome {
  absl::Status status;                // OK, a trap, proc_exit's status, or an error
  std::vector<Val> results;           // when status is OK
  std::optional<uint32_t> exit_code;  // proc_exit's code (ExitCode(status))
  std::optional<Trap> trap;           // GetTrap(status)
  // The single i32 result, or -1 if the call did not return exactly one.
  int32_t i32() const { return results.size() == 1 ? results[0].i32() : -1; }
};

// One guest: {wat} compiled, a WasiCtx made from {config}, WASI added to a
// linker and the module instantiated. Everything lives as long as the harness.
class WasiHarness {
 public:
  // Any failure (compile, CreateContext, AddToLinker, link) is returned.
  static absl::StatusOr<std::unique_ptr<WasiHarness>> Create(std::string_view wat,
                                                             const WasiConfig& config,
                                                             const Config& engine_config = {});
  // Same from a binary module (e.g. a wasm32-wasi command built by clang).
  static absl::StatusOr<std::unique_ptr<WasiHarness>> CreateBinary(
      std::span<const uint8_t> wasm, const WasiConfig& config, const Config& engine_config = {});

  // Calls export {name} with {args}.
  Outcome Call(std::string_view name, std::span<const Val> args = {});
  // Convenience for i32 arguments (the usual shape of WASI test exports).
  Outcome CallI32(std::string_view name, std::initializer_list<int32_t> args);
  // Calls "_start" (a command's entry). exit_code is 0 if it returned normally.
  Outcome RunStart();

  // Host-side access to the exported "memory" (absent: empty/false).
  bool Write(uint32_t ptr, std::string_view bytes);
  bool WriteU32(uint32_t ptr, uint32_t value);
  bool WriteU64(uint32_t ptr, uint64_t value);
  std::optional<std::string> Read(uint32_t ptr, uint32_t len);
  std::optional<uint8_t> LoadU8(uint32_t ptr);
  std::optional<uint16_t> LoadU16(uint32_t ptr);
  std::optional<uint32_t> LoadU32(uint32_t ptr);
  std::optional<uint64_t> LoadU64(uint32_t ptr);

  WasiCtx& ctx() { return *ctx_; }
  Store& store() { return store_; }
  Instance& instance() { return *instance_; }

 private:
  explicit WasiHarness(const Config& engine_config)
      : engine_(engine_config), store_(engine_), linker_(engine_) {}
  static absl::StatusOr<std::unique_ptr<WasiHarness>> Link(std::unique_ptr<WasiHarness> harness,
                                                           const Module& module,
                                                           const WasiConfig& config);
  std::optional<Memory> memory() const;

  Engine engine_;
  Store store_;
  Linker linker_;
  std::unique_ptr<WasiCtx> ctx_;
  std::optional<Instance> instance_;
};

// WAT for a module that exports a 1-page (or {pages}) "memory" and, for each
// named `wasi_snapshot_preview1` function, an export of the same name that
// forwards its params to the import and returns its result: tests set up
// memory from the host, call e.g. "fd_write" directly and check errno and
// memory. Signatures come from functions.h; an unknown name is left out (the
// Call then fails with NotFound).
std::string ForwardingModule(std::initializer_list<std::string_view> functions, uint32_t pages = 1);

// One-shot: compile, link, run "_start" (or {entry}), tear down.
Outcome RunWat(std::string_view wat, const WasiConfig& config, std::string_view entry = "_start");

// A fresh directory under $TEST_TMPDIR (or /tmp), removed recursively with
// everything in it when destroyed.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::string& path() const { return path_; }
  // {path() + "/" + relative}.
  std::string Path(std::string_view relative) const;
  // Creates/overwrites a file (parent directories must exist); false on error.
  bool WriteFile(std::string_view relative, std::string_view contents) const;
  std::optional<std::string> ReadFile(std::string_view relative) const;
  bool MakeDir(std::string_view relative) const;
  bool Exists(std::string_view relative) const;

 private:
  std::string path_;
};

// An anonymous read/write temporary file (already unlinked): give its fd as
// WasiConfig::stdout_fd and read what the guest wrote with ReadAll. Closed on
// destruction.
class CaptureFile {
 public:
  CaptureFile();
  ~CaptureFile();
  CaptureFile(const CaptureFile&) = delete;
  CaptureFile& operator=(const CaptureFile&) = delete;
  int fd() const { return fd_; }
  // The whole file's contents (from offset 0, whatever the fd's position).
  std::string ReadAll() const;

 private:
  int fd_ = -1;
};

// The bytes of a file (e.g. a test's data dependency, relative to the runfiles
// directory a test starts in); nullopt if it cannot be read.
std::optional<std::vector<uint8_t>> ReadBinaryFile(const std::string& path);

// Every byte readable from {fd} until EOF (blocking); for pipes in tests.
std::string ReadFdToEnd(int fd);

}  // namespace wasmtier::wasi::testing

#endif  // WASMTIER_WASI_TESTING_WASI_TEST_UTIL_H_
