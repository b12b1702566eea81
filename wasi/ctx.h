// The state behind one guest's WASI imports: arguments, environment and the
// descriptor table. Internal to wasi/ (embedders see wasi.h).
#ifndef WASMTIER_WASI_CTX_H_
#define WASMTIER_WASI_CTX_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "wasi/errno.h"
#include "wasi/unique_fd.h"
#include "wasi/wasi.h"

namespace wasmtier::wasi {

// One open guest descriptor. Rights follow the WASI spec: {rights_base} limits
// what may be done with this descriptor, {rights_inheriting} what descriptors
// opened through it (path_open) may get; a right missing is ENOTCAPABLE.
struct FdEntry {
  UniqueFd host;                 // owned host descriptor
  uint8_t filetype = 0;          // __wasi_filetype_t
  uint64_t rights_base = 0;
  uint64_t rights_inheriting = 0;
  uint16_t fdflags = 0;          // __wasi_fdflags_t as the guest last set them
  // For preopened directories: the name the guest sees (fd_prestat_*).
  std::optional<std::string> preopen_name;
  // Stdio: the host descriptor is a duplicate of the embedder's, sharing its
  // open file description (and so its APPEND/NONBLOCK flags).
  bool shared_with_host = false;
  // Whether the description's host flags were saved for restoring already.
  bool host_flags_saved = false;
  // Directory-listing state of fd_readdir (wasi/fns_dir.cc owns its meaning;
  // destroyed with the entry).
  std::shared_ptr<void> dir_state;
};

class WasiCtx {
 public:
  explicit WasiCtx(const WasiConfig& config);
  // Gives the host's shared descriptions their saved flags back (see
  // SaveHostFlags).
  ~WasiCtx();
  WasiCtx(const WasiCtx&) = delete;
  WasiCtx& operator=(const WasiCtx&) = delete;

  const std::vector<std::string>& args() const { return args_; }
  const std::vector<std::string>& env() const { return env_; }

  // The entry for guest descriptor {fd}, or nullptr (EBADF).
  FdEntry* Get(uint32_t fd);
  // Like Get, but EBADF if absent and ENOTCAPABLE unless every bit of
  // {rights} is in rights_base.
  Errno Lookup(uint32_t fd, uint64_t rights, FdEntry** out);
  // Puts {entry} at the lowest free descriptor number; EMFILE (nullopt) when
  // max_open_fds descriptors are open.
  std::optional<uint32_t> Insert(FdEntry entry);
  Errno Close(uint32_t fd);           // EBADF if not open
  Errno Renumber(uint32_t from, uint32_t to);  // fd_renumber: `to` must be open
  // Before the guest changes the status flags of {entry}: if it shares the
  // host's open file description, remember the host's flags (once per entry)
  // so the destructor can restore them. The host's errno if they cannot be
  // kept (then the guest's change must not happen).
  Errno SaveHostFlags(FdEntry& entry);
  uint32_t open_count() const { return open_count_; }
  uint32_t max_open_fds() const { return max_open_fds_; }

 private:
  friend absl::StatusOr<std::unique_ptr<WasiCtx>> CreateContext(const WasiConfig& config);
  std::vector<std::string> args_;
  std::vector<std::string> env_;
  std::vector<std::optional<FdEntry>> fds_;
  // Host flags to restore, each with its own duplicate of the description
  // (the guest may close its descriptor first); restored last to first.
  std::vector<std::pair<UniqueFd, int>> saved_host_flags_;
  uint32_t open_count_ = 0;
  uint32_t max_open_fds_;
};

}  // namespace wasmtier::wasi

#endif  // WASMTIER_WASI_CTX_H_
