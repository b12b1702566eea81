// WasiHarness, TempDir and CaptureFile (wasi_test_util.h): the setup the WASI
// tests share, built only on the public API and wasi.h.
#include "wasi/testing/wasi_test_util.h"

#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <system_error>

#include "absl/strings/str_cat.h"
#include "wasi/functions.h"

namespace wasmtier::wasi::testing {

absl::StatusOr<std::unique_ptr<WasiHarness>> WasiHarness::Create(std::string_view wat,
                                                                 const WasiConfig& config,
                                                                 const Config& engine_config) {
  std::unique_ptr<WasiHarness> harness(new WasiHarness(engine_config));
  absl::StatusOr<Module> module = Module::CompileText(harness->engine_, wat);
  if (!module.ok()) return module.status();
  return Link(std::move(harness), *module, config);
}

absl::StatusOr<std::unique_ptr<WasiHarness>> WasiHarness::CreateBinary(
    std::span<const uint8_t> wasm, const WasiConfig& config, const Config& engine_config) {
  std::unique_ptr<WasiHarness> harness(new WasiHarness(engine_config));
  absl::StatusOr<Module> module = Module::Compile(harness->engine_, wasm);
  if (!module.ok()) return module.status();
  return Link(std::move(harness), *module, config);
}

absl::StatusOr<std::unique_ptr<WasiHarness>> WasiHarness::Link(std::unique_ptr<WasiHarness> harness,
                                                               const Module& module,
                                                               const WasiConfig& config) {
  absl::StatusOr<std::unique_ptr<WasiCtx>> ctx = CreateContext(config);
  if (!ctx.ok()) return ctx.status();
  harness->ctx_ = std::move(*ctx);
  absl::Status added = AddToLinker(harness->linker_, harness->store_, *harness->ctx_);
  if (!added.ok()) return added;
  absl::StatusOr<Instance> instance = harness->linker_.Instantiate(harness->store_, module);
  if (!instance.ok()) return instance.status();
  harness->instance_ = *instance;
  return harness;
}

Outcome WasiHarness::Call(std::string_view name, std::span<const Val> args) {
  Outcome outcome;
  std::optional<Func> func = instance_->GetFunc(name);
  if (!func) {
    outcome.status = absl::NotFoundError(std::string("no exported function ") + std::string(name));
    return outcome;
  }
  absl::StatusOr<std::vector<Val>> results = func->Call(store_, args);
  if (results.ok()) {
    outcome.results = std::move(*results);
  } else {
    outcome.status = results.status();
    outcome.exit_code = ExitCode(outcome.status);
    outcome.trap = GetTrap(outcome.status);
  }
  return outcome;
}

Outcome WasiHarness::CallI32(std::string_view name, std::initializer_list<int32_t> args) {
  std::vector<Val> vals;
  for (int32_t a : args) vals.push_back(Val::I32(a));
  return Call(name, vals);
}

Outcome WasiHarness::RunStart() {
  Outcome outcome = Call("_start");
  if (outcome.status.ok()) outcome.exit_code = 0;
  return outcome;
}

std::optional<Memory> WasiHarness::memory() const {
  if (!instance_) return std::nullopt;
  return instance_->GetMemory("memory");
}

bool WasiHarness::Write(uint32_t ptr, std::string_view bytes) {
  std::optional<Memory> mem = memory();
  if (!mem) return false;
  return mem
      ->Write(ptr, std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(bytes.data()),
                                            bytes.size()))
      .ok();
}

bool WasiHarness::WriteU32(uint32_t ptr, uint32_t value) {
  char bytes[4];
  std::memcpy(bytes, &value, 4);  // x86-64 host: little-endian like wasm
  return Write(ptr, std::string_view(bytes, 4));
}

bool WasiHarness::WriteU64(uint32_t ptr, uint64_t value) {
  char bytes[8];
  std::memcpy(bytes, &value, 8);
  return Write(ptr, std::string_view(bytes, 8));
}

std::optional<std::string> WasiHarness::Read(uint32_t ptr, uint32_t len) {
  std::optional<Memory> mem = memory();
  if (!mem) return std::nullopt;
  std::string out(len, '\0');
  absl::Status read =
      mem->Read(ptr, std::span<uint8_t>(reinterpret_cast<uint8_t*>(out.data()), out.size()));
  if (!read.ok()) return std::nullopt;
  return out;
}

template <typename T>
static std::optional<T> LoadAs(WasiHarness& harness, uint32_t ptr) {
  std::optional<std::string> bytes = harness.Read(ptr, sizeof(T));
  if (!bytes) return std::nullopt;
  T value;
  std::memcpy(&value, bytes->data(), sizeof(T));
  return value;
}

std::optional<uint8_t> WasiHarness::LoadU8(uint32_t ptr) {
  return LoadAs<uint8_t>(*this, ptr);
}
std::optional<uint16_t> WasiHarness::LoadU16(uint32_t ptr) {
  return LoadAs<uint16_t>(*this, ptr);
}
std::optional<uint32_t> WasiHarness::LoadU32(uint32_t ptr) {
  return LoadAs<uint32_t>(*this, ptr);
}
std::optional<uint64_t> WasiHarness::LoadU64(uint32_t ptr) {
  return LoadAs<uint64_t>(*this, ptr);
}

std::string ForwardingModule(std::initializer_list<std::string_view> functions, uint32_t pages) {
  const std::span<const WasiFunction> groups[] = {
      ArgsEnvFunctions(), ClockRandomProcFunctions(),
      FdFunctions(),      PathFunctions(),
      PollFunctions(),    SockFunctions(),
  };
  std::string imports, exports;
  for (std::string_view wanted : functions) {
    for (std::span<const WasiFunction> group : groups) {
      for (const WasiFunction& fn : group) {
        if (fn.name != wanted) continue;
        std::string name(fn.name);  // this abseil's AlphaNum takes no std::string_view
        std::string params, forward;
        for (size_t i = 0; i < fn.params.size(); ++i) {
          absl::StrAppend(&params, fn.params[i] == 'I' ? " i64" : " i32");
          absl::StrAppend(&forward, " local.get ", i);
        }
        std::string result = fn.returns_errno ? " (result i32)" : "";
        std::string sig = absl::StrCat("(param", params, ")", result);
        absl::StrAppend(&imports, "  (import \"wasi_snapshot_preview1\" \"", name, "\" (func $",
                        name, " ", sig, "))\n");
        absl::StrAppend(&exports, "  (func (export \"", name, "\") ", sig, forward, " call $", name,
                        ")\n");
      }
    }
  }
  return absl::StrCat("(module\n", imports, "  (memory (export \"memory\") ", pages, ")\n", exports,
                      ")\n");
}

Outcome RunWat(std::string_view wat, const WasiConfig& config, std::string_view entry) {
  absl::StatusOr<std::unique_ptr<WasiHarness>> harness = WasiHarness::Create(wat, config);
  if (!harness.ok()) {
    Outcome outcome;
    outcome.status = harness.status();
    return outcome;
  }
  if (entry == "_start") return (*harness)->RunStart();
  return (*harness)->Call(entry);
}

// ---------------------------------------------------------------------------
TempDir::TempDir() {
  const char* base = std::getenv("TEST_TMPDIR");
  std::string pattern = std::string(base && *base ? base : "/tmp") + "/wasi_test_XXXXXX";
  char* made = ::mkdtemp(pattern.data());
  if (made != nullptr) path_ = made;
}

TempDir::~TempDir() {
  if (path_.empty()) return;
  std::error_code ignored;
  // Tests may leave read-only or permission-less directories; make them
  // removable first so the tree does not leak between runs.
  for (auto it = std::filesystem::recursive_directory_iterator(
           path_, std::filesystem::directory_options::none, ignored);
       !ignored && it != std::filesystem::recursive_directory_iterator(); it.increment(ignored)) {
    if (it->is_directory(ignored) && !it->is_symlink(ignored)) ::chmod(it->path().c_str(), 0700);
  }
  std::filesystem::remove_all(path_, ignored);
}

std::string TempDir::Path(std::string_view relative) const {
  return path_ + "/" + std::string(relative);
}

bool TempDir::WriteFile(std::string_view relative, std::string_view contents) const {
  int fd = ::open(Path(relative).c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return false;
  size_t done = 0;
  while (done < contents.size()) {
    ssize_t n = ::write(fd, contents.data() + done, contents.size() - done);
    if (n <= 0) break;
    done += static_cast<size_t>(n);
  }
  ::close(fd);
  return done == contents.size();
}

std::optional<std::string> TempDir::ReadFile(std::string_view relative) const {
  int fd = ::open(Path(relative).c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return std::nullopt;
  std::string out = ReadFdToEnd(fd);
  ::close(fd);
  return out;
}

bool TempDir::MakeDir(std::string_view relative) const {
  return ::mkdir(Path(relative).c_str(), 0755) == 0;
}

bool TempDir::Exists(std::string_view relative) const {
  struct stat st;
  return ::lstat(Path(relative).c_str(), &st) == 0;
}

// ---------------------------------------------------------------------------
CaptureFile::CaptureFile() {
  const char* base = std::getenv("TEST_TMPDIR");
  std::string pattern = std::string(base && *base ? base : "/tmp") + "/wasi_capture_XXXXXX";
  fd_ = ::mkostemp(pattern.data(), O_CLOEXEC);
  if (fd_ >= 0) ::unlink(pattern.c_str());
}

CaptureFile::~CaptureFile() {
  if (fd_ >= 0) ::close(fd_);
}

std::string CaptureFile::ReadAll() const {
  std::string out;
  char buf[4096];
  off_t offset = 0;
  while (true) {
    ssize_t n = ::pread(fd_, buf, sizeof buf, offset);
    if (n <= 0) break;
    out.append(buf, static_cast<size_t>(n));
    offset += n;
  }
  return out;
}

std::optional<std::vector<uint8_t>> ReadBinaryFile(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return std::nullopt;
  std::string bytes = ReadFdToEnd(fd);
  ::close(fd);
  return std::vector<uint8_t>(bytes.begin(), bytes.end());
}

std::string ReadFdToEnd(int fd) {
  std::string out;
  char buf[4096];
  while (true) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n <= 0) break;
    out.append(buf, static_cast<size_t>(n));
  }
  return out;
}

}  // namespace wasmtier::wasi::testing
