// The descriptor table (ctx.h): lowest-free numbering, rights lookups,
// close and renumber. Entries own their host descriptors.
#include "wasi/ctx.h"

namespace wasmtier::wasi {

WasiCtx::WasiCtx(const WasiConfig& config)
    : args_(config.args), env_(config.env), max_open_fds_(config.max_open_fds) {}

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
