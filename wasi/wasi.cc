// CreateContext, AddToLinker and the exit status of wasi.h: the glue between
// the public embedding API and the function table of functions.h.
#include "wasi/wasi.h"

#include <fcntl.h>
#include <signal.h>

#include <array>
#include <cstring>
#include <string>

#include "absl/strings/cord.h"
#include "absl/strings/str_cat.h"
#include "wasi/blocking.h"
#include "wasi/ctx.h"
#include "wasi/functions.h"
#include "wasi/host_fd.h"
#include "wasi/types.h"

namespace wasmtier::wasi {
namespace {

// Every right that reaches a file by name beneath a descriptor, or lists it.
constexpr uint64_t kRightsNamingPaths =
    kRightPathCreateDirectory | kRightPathCreateFile | kRightPathLinkSource | kRightPathLinkTarget |
    kRightPathOpen | kRightFdReaddir | kRightPathReadlink | kRightPathRenameSource |
    kRightPathRenameTarget | kRightPathFilestatGet | kRightPathFilestatSetSize |
    kRightPathFilestatSetTimes | kRightPathSymlink | kRightPathRemoveDirectory |
    kRightPathUnlinkFile;

constexpr char kExitPayloadUrl[] = "wasmtier.dev/wasi/proc_exit";

// An entry for a duplicate of host descriptor {host_fd} (F_DUPFD_CLOEXEC so
// the guest closing it never closes the embedder's descriptor).
absl::StatusOr<FdEntry> DuplicateStdio(int host_fd, const char* what) {
  int dup = ::fcntl(host_fd, F_DUPFD_CLOEXEC, 0);
  if (dup < 0) {
    return absl::FailedPreconditionError(
        absl::StrCat("cannot use host fd ", host_fd, " as ", what, ": ", std::strerror(errno)));
  }
  FdEntry entry;
  entry.host = UniqueFd(dup);
  entry.filetype = HostFiletype(dup);
  // Only preopens grant paths: a directory that happens to be the host's
  // stdin (`wasmtier run guest.wasm < DIR`, an inherited descriptor) is not
  // a capability the user gave, so stdio never carries path_* or fd_readdir
  // rights and hands nothing on, whatever it is.
  entry.rights_base = BaseRightsFor(entry.filetype) & ~kRightsNamingPaths;
  entry.rights_inheriting = 0;
  entry.fdflags = HostFdflags(dup);
  entry.shared_with_host = true;
  return entry;
}

absl::StatusOr<FdEntry> OpenPreopen(const PreopenDir& dir) {
  int fd = ::open(dir.host_path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) {
    return absl::NotFoundError(absl::StrCat("cannot open preopened directory '", dir.host_path,
                                            "': ", std::strerror(errno)));
  }
  FdEntry entry;
  entry.host = UniqueFd(fd);
  entry.filetype = kFiletypeDirectory;
  entry.rights_base = kRightsDirectory;
  entry.rights_inheriting = kRightsDirectoryInheriting;
  entry.preopen_name = dir.guest_path;
  return entry;
}

FuncType TypeOf(const WasiFunction& fn) {
  FuncType type;
  for (char c : fn.params) type.params.push_back(c == 'I' ? ValType::I64() : ValType::I32());
  if (fn.returns_errno) type.results.push_back(ValType::I32());
  return type;
}

}  // namespace

absl::StatusOr<std::unique_ptr<WasiCtx>> CreateContext(const WasiConfig& config) {
  // A guest writing to a pipe or socket whose reader is gone must get EPIPE,
  // not kill the host with SIGPIPE. Only the default disposition is changed:
  // an embedder that installed its own handler keeps it.
  struct sigaction old;
  if (::sigaction(SIGPIPE, nullptr, &old) == 0 && old.sa_handler == SIG_DFL) {
    ::signal(SIGPIPE, SIG_IGN);
  }
  auto ctx = std::make_unique<WasiCtx>(config);
  const std::array<std::pair<int, const char*>, 3> stdio = {
      {{config.stdin_fd, "stdin"}, {config.stdout_fd, "stdout"}, {config.stderr_fd, "stderr"}}};
  size_t open_stdio = 0;
  for (const auto& [fd, name] : stdio) open_stdio += fd >= 0 ? 1 : 0;
  if (open_stdio + config.preopens.size() > config.max_open_fds) {
    return absl::InvalidArgumentError(
        absl::StrCat("max_open_fds (", config.max_open_fds, ") is below the ", open_stdio,
                     " stdio descriptors plus ", config.preopens.size(), " preopened directories"));
  }
  ctx->fds_.resize(3 + config.preopens.size());
  for (size_t i = 0; i < stdio.size(); ++i) {
    if (stdio[i].first < 0) continue;  // closed in the guest
    absl::StatusOr<FdEntry> entry = DuplicateStdio(stdio[i].first, stdio[i].second);
    if (!entry.ok()) return entry.status();
    ctx->fds_[i] = std::move(*entry);
    ++ctx->open_count_;
  }
  for (size_t i = 0; i < config.preopens.size(); ++i) {
    absl::StatusOr<FdEntry> entry = OpenPreopen(config.preopens[i]);
    if (!entry.ok()) return entry.status();
    ctx->fds_[3 + i] = std::move(*entry);
    ++ctx->open_count_;
  }
  while (!ctx->fds_.empty() && !ctx->fds_.back().has_value()) ctx->fds_.pop_back();
  return ctx;
}

absl::Status AddToLinker(Linker& linker, Store& store, WasiCtx& ctx) {
  // Waits are sliced and watch the store's interrupt only when its engine can
  // be interrupted at all (blocking.h).
  const bool interruptible = store.engine().config().interruptible;
  const std::span<const WasiFunction> groups[] = {
      ArgsEnvFunctions(), ClockRandomProcFunctions(),
      FdFunctions(),      PathFunctions(),
      PollFunctions(),    SockFunctions(),
  };
  for (std::span<const WasiFunction> group : groups) {
    for (const WasiFunction& fn : group) {
      WasiHandler handler = fn.handler;
      WasiCtx* context = &ctx;
      bool returns_errno = fn.returns_errno;
      Func func = Func::CreateRaw(
          store, TypeOf(fn),
          [context, handler, returns_errno, interruptible](Caller& caller,
                                                           uint64_t* slots) -> absl::Status {
            ScopedInterruptWatch watch(interruptible ? &caller.store() : nullptr);
            std::optional<Memory> memory;
            if (std::optional<Extern> ext = caller.GetExport("memory")) memory = ext->memory();
            absl::StatusOr<Errno> result = handler(*context, GuestMemory(memory), slots);
            if (!result.ok()) return result.status();
            if (returns_errno) slots[0] = static_cast<uint16_t>(*result);
            return absl::OkStatus();
          });
      absl::Status defined = linker.Define("wasi_snapshot_preview1", fn.name, func);
      if (!defined.ok()) return defined;
    }
  }
  return absl::OkStatus();
}

absl::Status ExitStatus(uint32_t code) {
  absl::Status status(absl::StatusCode::kCancelled, absl::StrCat("proc_exit(", code, ")"));
  char bytes[4];
  std::memcpy(bytes, &code, 4);
  status.SetPayload(kExitPayloadUrl, absl::Cord(absl::string_view(bytes, 4)));
  return status;
}

std::optional<uint32_t> ExitCode(const absl::Status& status) {
  if (status.ok()) return std::nullopt;
  auto payload = status.GetPayload(kExitPayloadUrl);  // absl::optional in this abseil
  if (!payload || payload->size() != 4) return std::nullopt;
  std::string bytes(*payload);
  uint32_t code;
  std::memcpy(&code, bytes.data(), 4);
  return code;
}

}  // namespace wasmtier::wasi
