// fd_readdir: a directory's entries as WASI dirent records (24-byte header,
// then the name without NUL), streamed from getdents64 on the descriptor.
// A cookie is the index of the next entry. The descriptor's dir_state keeps
// only where the last call stopped (that index and the kernel's position for
// it), so reading on sequentially seeks straight there, any other cookie
// re-counts from the start, and no listing is ever held in memory: many
// descriptors on a huge directory cost nothing per descriptor.
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstddef>
#include <cstring>
#include <memory>
#include <string_view>
#include <vector>

#include "wasi/fn_util.h"
#include "wasi/fns_path.h"
#include "wasi/host_fd.h"
#include "wasi/types.h"

namespace wasmtier::wasi {
namespace {

// Where the previous fd_readdir on this descriptor stopped.
struct ReaddirState {
  uint64_t index = 0;    // the cookie of the next entry
  int64_t position = 0;  // lseek offset of that entry in the host directory
};

struct HostDirent {
  uint64_t ino;
  int64_t next_position;  // d_off: where the entry after this one starts
  uint8_t type;           // DT_*
  std::string_view name;
};

// getdents64 over {fd}, one buffer at a time. Records are read field by
// field (memcpy) rather than through struct dirent64, whose d_name is
// declared longer than most records are.
class DirReader {
 public:
  DirReader(int fd, size_t buffer_size) : fd_(fd), buffer_(buffer_size) {}

  Errno Seek(int64_t position) {
    if (::lseek(fd_, position, SEEK_SET) < 0) return HostErrno();
    length_ = at_ = 0;
    return Errno::kSuccess;
  }

  // The next entry: true and {*out} set, false at the end (or on an error,
  // then in {*error}).
  bool Next(HostDirent* out, Errno* error) {
    if (at_ == length_) {
      ssize_t n = ::getdents64(fd_, buffer_.data(), buffer_.size());
      if (n < 0) {
        *error = HostErrno();
        return false;
      }
      if (n == 0) return false;
      length_ = static_cast<size_t>(n);
      at_ = 0;
    }
    const char* record = buffer_.data() + at_;
    uint16_t reclen;
    std::memcpy(&out->ino, record + offsetof(struct dirent64, d_ino), sizeof(out->ino));
    std::memcpy(&out->next_position, record + offsetof(struct dirent64, d_off),
                sizeof(out->next_position));
    std::memcpy(&reclen, record + offsetof(struct dirent64, d_reclen), sizeof(reclen));
    std::memcpy(&out->type, record + offsetof(struct dirent64, d_type), sizeof(out->type));
    size_t name_at = offsetof(struct dirent64, d_name);
    out->name = std::string_view(record + name_at, ::strnlen(record + name_at, reclen - name_at));
    at_ += reclen;
    return true;
  }

 private:
  int fd_;
  std::vector<char> buffer_;
  size_t length_ = 0, at_ = 0;
};

uint8_t WasiFiletype(int dirfd, const HostDirent& entry) {
  switch (entry.type) {
    case DT_REG: return kFiletypeRegularFile;
    case DT_DIR: return kFiletypeDirectory;
    case DT_LNK: return kFiletypeSymbolicLink;
    case DT_CHR: return kFiletypeCharacterDevice;
    case DT_BLK: return kFiletypeBlockDevice;
    case DT_SOCK: return kFiletypeSocketStream;  // its kind needs an open socket
    case DT_FIFO: return kFiletypeUnknown;        // as host_fd.h types FIFOs
    default: break;
  }
  // DT_UNKNOWN: file systems that do not record the type; ask the inode.
  std::string name(entry.name);
  struct stat st;
  if (::fstatat(dirfd, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) return kFiletypeUnknown;
  return FiletypeFromStat(st, -1);
}

// Appends as much of one dirent record as fits in {out} after {*used}.
// True if all of it fit.
bool PackDirent(int dirfd, const HostDirent& entry, uint64_t next_cookie, uint64_t ino,
                std::span<uint8_t> out, size_t* used) {
  GuestStruct<kDirentSize> header;
  header.Put<uint64_t>(kDirentNext, next_cookie);
  header.Put<uint64_t>(kDirentIno, ino);
  header.Put<uint32_t>(kDirentNamlen, static_cast<uint32_t>(entry.name.size()));
  header.Put<uint8_t>(kDirentType, WasiFiletype(dirfd, entry));
  size_t n = std::min<size_t>(kDirentSize, out.size() - *used);
  std::memcpy(out.data() + *used, header.bytes, n);
  *used += n;
  size_t name_bytes = std::min(entry.name.size(), out.size() - *used);
  std::memcpy(out.data() + *used, entry.name.data(), name_bytes);
  *used += name_bytes;
  return n == kDirentSize && name_bytes == entry.name.size();
}

// The directory's own inode number, given for ".." too: the parent of a
// preopened directory lies outside the sandbox and is not shown.
uint64_t OwnIno(int fd) {
  struct stat st;
  return ::fstat(fd, &st) == 0 ? st.st_ino : 0;
}

}  // namespace

// fd_readdir(fd, buf, buf_len, cookie, bufused_ptr). Entries from index
// {cookie} are packed until the buffer is full; the last one may be cut
// short (the spec's signal, with bufused == buf_len, for the guest to retry
// with a larger buffer from that entry's cookie). A cookie past the end
// gives nothing.
absl::StatusOr<Errno> FdReaddir(WasiCtx& ctx, const GuestMemory& memory, const uint64_t* args) {
  FdEntry* dir;
  if (Errno e = LookupDir(ctx, ArgU32(args, 0), kRightFdReaddir, &dir); e != Errno::kSuccess) {
    return e;
  }
  uint32_t buf = ArgU32(args, 1), buf_len = ArgU32(args, 2), used_ptr = ArgU32(args, 4);
  uint64_t cookie = ArgU64(args, 3);
  std::optional<std::span<uint8_t>> out = memory.Span(buf, buf_len);
  if (!out || !Writable(memory, used_ptr, sizeof(uint32_t))) return Errno::kFault;

  auto state = std::static_pointer_cast<ReaddirState>(dir->dir_state);
  if (state == nullptr) {
    state = std::make_shared<ReaddirState>();
    dir->dir_state = state;
  }
  // Cookie 0 (a rewind) or one before where we stopped: count from the start.
  if (cookie < state->index || cookie == 0) *state = ReaddirState{};
  int fd = dir->host.get();
  // Host records are about the guest's size for the same name, so a buffer
  // the guest's size reads about what can be delivered in one getdents64
  // call; bounded both ways.
  DirReader reader(fd, std::clamp<size_t>(buf_len, 4096, 65536));
  if (Errno e = reader.Seek(state->position); e != Errno::kSuccess) return e;
  HostDirent entry;
  Errno error = Errno::kSuccess;
  while (state->index < cookie) {  // skip to the cookie
    if (!reader.Next(&entry, &error)) {
      if (error != Errno::kSuccess) return error;
      return StoreOut(memory, used_ptr, uint32_t{0});  // past the end
    }
    state->index++;
    state->position = entry.next_position;
  }
  size_t used = 0;
  std::optional<uint64_t> own_ino;
  while (used < buf_len && reader.Next(&entry, &error)) {
    uint64_t ino = entry.ino;
    if (entry.name == "..") {
      if (!own_ino) own_ino = OwnIno(fd);
      ino = *own_ino;
    }
    if (!PackDirent(fd, entry, state->index + 1, ino, *out, &used)) break;  // cut short
    state->index++;
    state->position = entry.next_position;
  }
  if (error != Errno::kSuccess) return error;
  return StoreOut(memory, used_ptr, static_cast<uint32_t>(used));
}

}  // namespace wasmtier::wasi
