// WasiGuest and HostTree (see harness.h): the trampoline module is generated
// from the signature table below, written from the WASI preview 1 spec rather
// than taken from wasi/functions.h, so a mismatch in the implementation's
// signatures fails instantiation ("incompatible import type").
#include "wasi/security/harness.h"

#include <fcntl.h>
#include <ftw.h>
#include <linux/openat2.h>
#include <stdlib.h>
#include <sys/inotify.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <thread>

#include "absl/strings/str_cat.h"

namespace wasmtier::wasi::security {
namespace {

constexpr WasiSignature kSignatures[] = {
    {"args_get", "ii", true},
    {"args_sizes_get", "ii", true},
    {"environ_get", "ii", true},
    {"environ_sizes_get", "ii", true},
    {"clock_res_get", "ii", true},
    {"clock_time_get", "iIi", true},
    {"fd_advise", "iIIi", true},
    {"fd_allocate", "iII", true},
    {"fd_close", "i", true},
    {"fd_datasync", "i", true},
    {"fd_fdstat_get", "ii", true},
    {"fd_fdstat_set_flags", "ii", true},
    {"fd_fdstat_set_rights", "iII", true},
    {"fd_filestat_get", "ii", true},
    {"fd_filestat_set_size", "iI", true},
    {"fd_filestat_set_times", "iIIi", true},
    {"fd_pread", "iiiIi", true},
    {"fd_prestat_get", "ii", true},
    {"fd_prestat_dir_name", "iii", true},
    {"fd_pwrite", "iiiIi", true},
    {"fd_read", "iiii", true},
    {"fd_readdir", "iiiIi", true},
    {"fd_renumber", "ii", true},
    {"fd_seek", "iIii", true},
    {"fd_sync", "i", true},
    {"fd_tell", "ii", true},
    {"fd_write", "iiii", true},
    {"path_create_directory", "iii", true},
    {"path_filestat_get", "iiiii", true},
    {"path_filestat_set_times", "iiiiIIi", true},
    {"path_link", "iiiiiii", true},
    {"path_open", "iiiiiIIii", true},
    {"path_readlink", "iiiiii", true},
    {"path_remove_directory", "iii", true},
    {"path_rename", "iiiiii", true},
    {"path_symlink", "iiiii", true},
    {"path_unlink_file", "iii", true},
    {"poll_oneoff", "iiii", true},
    {"proc_exit", "i", false},
    {"sched_yield", "", true},
    {"random_get", "ii", true},
    {"sock_accept", "iii", true},
    {"sock_recv", "iiiiii", true},
    {"sock_send", "iiiii", true},
    {"sock_shutdown", "ii", true},
};

const WasiSignature* FindSignature(std::string_view name) {
  for (const WasiSignature& s : kSignatures) {
    if (s.name == name) return &s;
  }
  return nullptr;
}

// Imports only what the linker defines, so a missing function fails the
// tests that call it, not every test.
std::string TrampolineWat(const Linker& linker, uint32_t pages) {
  std::string imports, funcs;
  for (const WasiSignature& s : kSignatures) {
    if (!linker.Get("wasi_snapshot_preview1", s.name)) continue;
    std::string name(s.name), params, gets;
    for (size_t i = 0; i < s.params.size(); ++i) {
      absl::StrAppend(&params, s.params[i] == 'I' ? " i64" : " i32");
      absl::StrAppend(&gets, " (local.get ", i, ")");
    }
    std::string type = absl::StrCat("(param", params, ")", s.returns_errno ? " (result i32)" : "");
    absl::StrAppend(&imports, "  (import \"wasi_snapshot_preview1\" \"", name, "\" (func $", name,
                    " ", type, "))\n");
    absl::StrAppend(&funcs, "  (func (export \"", name, "\") ", type, " (call $", name, gets,
                    "))\n");
  }
  return absl::StrCat("(module\n", imports, "  (memory (export \"memory\") ", pages, ")\n", funcs,
                      ")\n");
}

}  // namespace

std::span<const WasiSignature> AllWasiSignatures() {
  return kSignatures;
}

bool KernelHasOpenat2() {
  struct open_how how = {};
  how.flags = O_RDONLY | O_DIRECTORY | O_CLOEXEC;
  how.resolve = RESOLVE_BENEATH;
  long fd = ::syscall(SYS_openat2, AT_FDCWD, ".", &how, sizeof how);
  if (fd < 0) return false;
  ::close(static_cast<int>(fd));
  return true;
}

std::string ResolverName(const ::testing::TestParamInfo<ResolveMode>& info) {
  return info.param == ResolveMode::kOpenat2 ? "openat2" : "walker";
}

std::string Describe(const absl::StatusOr<Errno>& result) {
  if (result.ok()) return ErrnoName(*result);
  if (std::optional<Trap> trap = GetTrap(result.status())) return "trap: " + trap->message();
  if (std::optional<uint32_t> code = ExitCode(result.status())) {
    return absl::StrCat("exit: ", *code);
  }
  return "error: " + result.status().ToString();
}

std::unique_ptr<WasiGuest> WasiGuest::Create(const WasiConfig& config, uint32_t pages) {
  std::unique_ptr<WasiGuest> guest(new WasiGuest());
  absl::StatusOr<std::unique_ptr<WasiCtx>> ctx = CreateContext(config);
  if (!ctx.ok()) {
    ADD_FAILURE() << "CreateContext: " << ctx.status();
    return nullptr;
  }
  guest->ctx_ = std::move(*ctx);
  Config engine_config;
  engine_config.tier = TierMode::kInterp;
  guest->engine_ = std::make_unique<Engine>(engine_config);
  guest->store_ = std::make_unique<Store>(*guest->engine_);
  Linker linker(*guest->engine_);
  if (absl::Status s = AddToLinker(linker, *guest->store_, *guest->ctx_); !s.ok()) {
    ADD_FAILURE() << "AddToLinker: " << s;
    return nullptr;
  }
  absl::StatusOr<Module> module =
      Module::CompileText(*guest->engine_, TrampolineWat(linker, pages));
  if (!module.ok()) {
    ADD_FAILURE() << "trampoline module: " << module.status();
    return nullptr;
  }
  absl::StatusOr<Instance> instance = linker.Instantiate(*guest->store_, *module);
  if (!instance.ok()) {
    ADD_FAILURE() << "instantiate (signatures differ from the spec?): " << instance.status();
    return nullptr;
  }
  guest->instance_ = *instance;
  guest->memory_ = instance->GetMemory("memory");
  return guest;
}

WasiGuest::~WasiGuest() {
  // The store's host functions refer to the context: end the store first.
  instance_.reset();
  memory_.reset();
  store_.reset();
  ctx_.reset();
}

absl::StatusOr<Errno> WasiGuest::Call(std::string_view name, std::span<const uint64_t> args) {
  const WasiSignature* sig = FindSignature(name);
  if (sig == nullptr)
    return absl::NotFoundError(absl::StrCat("no signature for ", std::string(name)));
  std::optional<Func> func = instance_->GetFunc(name);
  if (!func)
    return absl::NotFoundError(absl::StrCat(std::string(name), " is not defined by AddToLinker"));
  if (args.size() != sig->params.size()) {
    return absl::InvalidArgumentError(absl::StrCat(std::string(name), ": wrong argument count"));
  }
  std::vector<Val> vals;
  size_t i = 0;
  for (uint64_t arg : args) {
    vals.push_back(sig->params[i++] == 'I' ? Val::I64(static_cast<int64_t>(arg))
                                           : Val::I32(static_cast<int32_t>(arg)));
  }
  absl::StatusOr<std::vector<Val>> results = func->Call(*store_, vals);
  if (!results.ok()) return results.status();
  if (!sig->returns_errno) return absl::InternalError(absl::StrCat(std::string(name), " returned"));
  return static_cast<Errno>(static_cast<uint32_t>((*results)[0].i32()));
}

void WasiGuest::Write(uint32_t ptr, std::string_view bytes) {
  auto span = memory_->Span(ptr, bytes.size());
  ASSERT_TRUE(span.ok()) << "harness write outside guest memory";
  std::memcpy(span->data(), bytes.data(), bytes.size());
}

void WasiGuest::WriteU32(uint32_t ptr, uint32_t value) {
  Write(ptr, std::string_view(reinterpret_cast<const char*>(&value), 4));
}

std::string WasiGuest::Read(uint32_t ptr, uint32_t len) {
  auto span = memory_->Span(ptr, len);
  if (!span.ok()) {
    ADD_FAILURE() << "harness read outside guest memory";
    return "";
  }
  return std::string(reinterpret_cast<const char*>(span->data()), len);
}

uint32_t WasiGuest::ReadU32(uint32_t ptr) {
  uint32_t v = 0;
  std::string bytes = Read(ptr, 4);
  if (bytes.size() == 4) std::memcpy(&v, bytes.data(), 4);
  return v;
}

uint64_t WasiGuest::ReadU64(uint32_t ptr) {
  uint64_t v = 0;
  std::string bytes = Read(ptr, 8);
  if (bytes.size() == 8) std::memcpy(&v, bytes.data(), 8);
  return v;
}

uint64_t WasiGuest::memory_size() const {
  return memory_->size_bytes();
}

std::string WasiGuest::PathOpen(uint32_t dirfd, uint32_t lookup, std::string_view path,
                                uint32_t oflags, uint64_t rights_base, uint64_t rights_inheriting,
                                uint32_t* fd, uint32_t fdflags) {
  Write(kPathPtr, path);
  WriteU32(kResultPtr, 0xDEADBEEF);
  std::string r = CallText("path_open", {dirfd, lookup, kPathPtr, path.size(), oflags, rights_base,
                                         rights_inheriting, fdflags, kResultPtr});
  if (fd != nullptr) *fd = ReadU32(kResultPtr);
  return r;
}

std::string WasiGuest::PathCall(std::string_view name, uint32_t dirfd, std::string_view path) {
  Write(kPathPtr, path);
  return CallText(name, {dirfd, kPathPtr, path.size()});
}

std::string WasiGuest::ReadAll(uint32_t fd, uint32_t max) {
  constexpr uint32_t kIov = 512, kNread = 520, kBuf = 8192;
  std::string data;
  while (data.size() < max) {
    WriteU32(kIov, kBuf);
    WriteU32(kIov + 4, max - data.size());
    std::string r = CallText("fd_read", {fd, kIov, 1, kNread});
    if (r != "ESUCCESS") {
      ADD_FAILURE() << "fd_read: " << r;
      return data;
    }
    uint32_t n = ReadU32(kNread);
    if (n == 0) break;
    data += Read(kBuf, n);
  }
  return data;
}

// ---------------------------------------------------------------------------
namespace {

void WriteHostFile(const std::string& path, std::string_view content) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << content;
  ASSERT_TRUE(out.good()) << "cannot write " << path;
}

int RemoveEntry(const char* path, const struct stat*, int, struct FTW*) {
  ::remove(path);
  return 0;
}

}  // namespace

HostTree::HostTree() {
  const char* tmp = std::getenv("TEST_TMPDIR");
  std::string templ = std::string(tmp ? tmp : "/tmp") + "/wasi_sec_XXXXXX";
  char* made = ::mkdtemp(templ.data());
  if (made == nullptr) {
    ADD_FAILURE() << "mkdtemp: " << std::strerror(errno);
    return;
  }
  root_ = made;
  sandbox_ = root_ + "/sandbox";
  ::mkdir(sandbox_.c_str(), 0755);
  ::mkdir((root_ + "/outside_dir").c_str(), 0755);
  WriteHostFile(root_ + "/secret.txt", kSecret);
  WriteHostFile(root_ + "/outside_dir/inner.txt", kInner);
  inotify_fd_ = ::inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
  if (inotify_fd_ < 0) {
    ADD_FAILURE() << "inotify_init1: " << std::strerror(errno);
    return;
  }
  constexpr uint32_t kMask = IN_ALL_EVENTS & ~IN_CLOSE_NOWRITE;
  root_watch_ = ::inotify_add_watch(inotify_fd_, root_.c_str(), kMask);
  dir_watch_ = ::inotify_add_watch(inotify_fd_, (root_ + "/outside_dir").c_str(), kMask);
  if (root_watch_ < 0 || dir_watch_ < 0) ADD_FAILURE() << "inotify_add_watch failed";
}

HostTree::~HostTree() {
  if (inotify_fd_ >= 0) ::close(inotify_fd_);
  // FTW_PHYS: never follow the symlinks the tests planted.
  if (!root_.empty()) ::nftw(root_.c_str(), RemoveEntry, 16, FTW_DEPTH | FTW_PHYS);
}

void HostTree::WriteFile(std::string_view rel, std::string_view content) {
  WriteHostFile(InSandbox(rel), content);
}

void HostTree::MakeDir(std::string_view rel) {
  ASSERT_EQ(::mkdir(InSandbox(rel).c_str(), 0755), 0) << rel << ": " << std::strerror(errno);
}

void HostTree::Symlink(std::string_view target, std::string_view rel) {
  ASSERT_EQ(::symlink(std::string(target).c_str(), InSandbox(rel).c_str()), 0)
      << rel << ": " << std::strerror(errno);
}

std::string HostTree::ReadHostFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return "<missing>";
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

bool HostTree::Exists(const std::string& path) {
  struct stat st;
  return ::lstat(path.c_str(), &st) == 0;
}

std::vector<std::string> HostTree::DrainEvents() {
  std::vector<std::string> events;
  alignas(struct inotify_event) char buf[8192];
  for (;;) {
    ssize_t n = ::read(inotify_fd_, buf, sizeof buf);
    if (n <= 0) break;
    for (ssize_t off = 0; off < n;) {
      auto* ev = reinterpret_cast<struct inotify_event*>(buf + off);
      off += sizeof(struct inotify_event) + ev->len;
      std::string name = ev->len ? std::string(ev->name) : "";
      bool on_root = ev->wd == root_watch_;
      // The sandbox directory itself is opened by CreateContext and by the
      // tests' own setup; only its disappearance counts.
      if (on_root && name == "sandbox" &&
          !(ev->mask & (IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO | IN_CREATE))) {
        continue;
      }
      if (ev->mask & IN_IGNORED) continue;
      events.push_back(
          absl::StrCat(on_root ? "root/" : "outside_dir/", name, " mask=0x", absl::Hex(ev->mask)));
    }
  }
  return events;
}

::testing::AssertionResult HostTree::OutsideUntouched() {
  std::vector<std::string> events = DrainEvents();
  // Content checks after draining: they open the sentinels themselves.
  std::string secret = ReadHostFile(root_ + "/secret.txt");
  std::string inner = ReadHostFile(root_ + "/outside_dir/inner.txt");
  struct stat st;
  bool outside_dir_ok = ::lstat((root_ + "/outside_dir").c_str(), &st) == 0 && S_ISDIR(st.st_mode);
  DrainEvents();  // our own reads
  std::string problems;
  for (const std::string& e : events) absl::StrAppend(&problems, "\n  inotify: ", e);
  if (secret != kSecret) absl::StrAppend(&problems, "\n  secret.txt now: ", secret);
  if (inner != kInner) absl::StrAppend(&problems, "\n  outside_dir/inner.txt now: ", inner);
  if (!outside_dir_ok) absl::StrAppend(&problems, "\n  outside_dir is no longer a directory");
  if (problems.empty()) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "outside the preopen was touched:" << problems;
}

// ---------------------------------------------------------------------------
long MaxRssKb() {
  struct rusage usage;
  ::getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

InterruptedRun RunWithInterrupt(std::string_view wat, const WasiConfig& config,
                                std::chrono::milliseconds delay) {
  InterruptedRun run;
  absl::StatusOr<std::unique_ptr<WasiCtx>> ctx = CreateContext(config);
  if (!ctx.ok()) return {ctx.status()};
  Config engine_config;
  engine_config.tier = TierMode::kInterp;
  engine_config.interruptible = true;
  Engine engine(engine_config);
  Store store(engine);
  Linker linker(engine);
  if (absl::Status s = AddToLinker(linker, store, **ctx); !s.ok()) return {s};
  absl::StatusOr<Module> module = Module::CompileText(engine, wat);
  if (!module.ok()) return {module.status()};
  absl::StatusOr<Instance> instance = linker.Instantiate(store, *module);
  if (!instance.ok()) return {instance.status()};
  long rss_before = MaxRssKb();
  std::function<void()> interrupt = store.InterruptHandle();
  std::thread watchdog([interrupt, delay] {
    std::this_thread::sleep_for(delay);
    interrupt();
  });
  auto start = std::chrono::steady_clock::now();
  absl::StatusOr<std::vector<Val>> result = instance->GetFunc("_start")->Call(store, {});
  run.elapsed = std::chrono::steady_clock::now() - start;
  watchdog.join();
  run.status = result.status();
  run.rss_growth_kb = MaxRssKb() - rss_before;
  return run;
}

void ResolverTest::SetUp() {
  if (GetParam() == ResolveMode::kOpenat2 && !KernelHasOpenat2()) {
    GTEST_SKIP() << "this kernel has no openat2";
  }
  SetResolveModeForTesting(GetParam());
  Populate();
  WasiConfig config;
  config.preopens.push_back({tree_.sandbox(), "/sandbox"});
  guest_ = WasiGuest::Create(config);
  ASSERT_NE(guest_, nullptr);
  baseline_fds_ = guest_->ctx().open_count();
}

void ResolverTest::TearDown() {
  SetResolveModeForTesting(ResolveMode::kAuto);
  if (guest_ != nullptr) EXPECT_EQ(guest_->ctx().open_count(), baseline_fds_) << "fd leaked";
  EXPECT_TRUE(tree_.OutsideUntouched());
}

std::string ResolverTest::Stat(std::string_view path, uint32_t lookup) {
  constexpr uint32_t kStatBuf = 1024, kFiletypeOffset = 16;
  guest_->Write(WasiGuest::kPathPtr, path);
  std::string r = guest_->CallText("path_filestat_get",
                                   {3, lookup, WasiGuest::kPathPtr, path.size(), kStatBuf});
  if (r != "ESUCCESS") return r;
  return "ESUCCESS:" + std::to_string(guest_->Read(kStatBuf + kFiletypeOffset, 1)[0]);
}

}  // namespace wasmtier::wasi::security
