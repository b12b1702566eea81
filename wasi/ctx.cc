// The descriptor table (ctx.h): lowest-free numbering, rights lookups,
// close and renumber. Entries own their host descriptors.
#include "wasi/ctx.h"

#include <fcntl.h>

#include <cerrno>

namespace wasmtier::wasi {

WasiCtx::WasiCtx(const WasiConfig& config)
    : args_(config.args), env_(config.env), max_open_fds_(config.max_open_fds) {}

// Stdio flags are restored rather than emulated: a guest's NONBLOCK has to
// reach the host description for reads and writes on a tty or pipe to stop
// blocking (the WASI layer cannot make a plain read(2) nonblocking on its
// own, and an lseek-then-write APPEND would not be atomic). While the guest
// runs, the description is the guest's to set, as with any child process;
// afterwards the embedder (a user's shell, whose terminal must not stay
// non-blocking) gets back exactly what it had.
WasiCtx::~WasiCtx() {
  for (auto it = saved_host_flags_.rbegin(); it != saved_host_flags_.rend(); ++it) {
    // Best effort: a destructor has no one to report to, and putting back
    // flags once read from this same description is not expected to fail.
    (void)::fcntl(it->first.get(), F_SETFL, it->second);
  }
}

Errno WasiCtx::SaveHostFlags(FdEntry& entry) {
  if (!entry.shared_with_host || entry.host_flags_saved) return Errno::kSuccess;
  // Last to first restores the oldest value of a description shared by more
  // than one entry (stdout and stderr are often one terminal).
  UniqueFd keep(::fcntl(entry.host.get(), F_DUPFD_CLOEXEC, 0));
  if (keep.get() < 0) return FromHostErrno(errno);
  int flags = ::fcntl(keep.get(), F_GETFL);
  if (flags < 0) return FromHostErrno(errno);
  saved_host_flags_.emplace_back(std::move(keep), flags);
  entry.host_flags_saved = true;
  return Errno::kSuccess;
}

FdEntry* WasiCtx::Get(uint32_t fd) {
  if (fd >= fds_.size() || !fds_[fd].has_value()) return nullptr;
  return &*fds_[fd];
}

Errno WasiCtx::Lookup(uint32_t fd, uint64_t rights, FdEntry** out) {
  FdEntry* entry = Get(fd);
  if (entry == nullptr) return Errno::kBadf;
  if ((entry->rights_base & rights) != rights) return Errno::kNotcapable;
  *out = entry;
  return Errno::kSuccess;
}

std::optional<uint32_t> WasiCtx::Insert(FdEntry entry) {
  if (open_count_ >= max_open_fds_) return std::nullopt;
  // Lowest free number, as POSIX open does; the table never holds more than
  // max_open_fds entries, so the scan is bounded.
  uint32_t fd = 0;
  while (fd < fds_.size() && fds_[fd].has_value()) ++fd;
  if (fd == fds_.size()) fds_.emplace_back();
  fds_[fd] = std::move(entry);
  ++open_count_;
  return fd;
}

Errno WasiCtx::Close(uint32_t fd) {
  if (Get(fd) == nullptr) return Errno::kBadf;
  fds_[fd].reset();  // closes the host descriptor
  --open_count_;
  while (!fds_.empty() && !fds_.back().has_value()) fds_.pop_back();
  return Errno::kSuccess;
}

Errno WasiCtx::Renumber(uint32_t from, uint32_t to) {
  if (Get(from) == nullptr || Get(to) == nullptr) return Errno::kBadf;
  if (from == to) return Errno::kSuccess;
  fds_[to] = std::move(fds_[from]);  // the old `to` entry (and host fd) closes
  fds_[from].reset();
  --open_count_;
  while (!fds_.empty() && !fds_.back().has_value()) fds_.pop_back();
  return Errno::kSuccess;
}

}  // namespace wasmtier::wasi

void std::default_delete<wasmtier::wasi::WasiCtx>::operator()(wasmtier::wasi::WasiCtx* ctx) const {
  delete ctx;
}
