// fd_readdir: a directory's entries as WASI dirent records (24-byte header,
// then the name without NUL). The listing is read once per rewind (cookie 0)
// into the descriptor's dir_state and served by index, so a cookie is simply
// the index of the next entry: stable across calls whatever the buffer sizes,
// and the guest sees one consistent listing even while the directory changes.
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "wasi/fn_util.h"
#include "wasi/fns_path.h"
#include "wasi/host_fd.h"
#include "wasi/types.h"

namespace wasmtier::wasi {
namespace {

struct DirListing {
  struct Entry {
    std::string name;
    uint64_t ino;
    uint8_t filetype;
  };
  std::vector<Entry> entries;
};

uint8_t FiletypeOfDirent(int dirfd, const struct dirent& de) {
  switch (de.d_type) {
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
  struct stat st;
  if (::fstatat(dirfd, de.d_name, &st, AT_SYMLINK_NOFOLLOW) != 0) return kFiletypeUnknown;
  return FiletypeFromStat(st, -1);
}

// Reads every entry of the directory {dirfd} (through a fresh descriptor, so
// the guest's own file offset is untouched). "." and ".." come first, as
// wasi-libc and POSIX programs expect; both carry the directory's own inode
// number, since ".." of a preopened directory lies outside the sandbox and
// is not looked at.
Errno ReadListing(int dirfd, DirListing* out) {
  int fd = ::openat(dirfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return HostErrno();
  struct stat self;
  if (::fstat(fd, &self) != 0) {
    Errno e = HostErrno();
    ::close(fd);
    return e;
  }
  DIR* stream = ::fdopendir(fd);
  if (stream == nullptr) {
    Errno e = HostErrno();
    ::close(fd);
    return e;
  }
  out->entries.clear();
  out->entries.push_back({".", self.st_ino, kFiletypeDirectory});
  out->entries.push_back({"..", self.st_ino, kFiletypeDirectory});
  Errno result = Errno::kSuccess;
  for (;;) {
    errno = 0;
    struct dirent* de = ::readdir(stream);
    if (de == nullptr) {
      if (errno != 0) result = HostErrno();
      break;
    }
    if (std::strcmp(de->d_name, ".") == 0 || std::strcmp(de->d_name, "..") == 0) continue;
    out->entries.push_back({de->d_name, de->d_ino, FiletypeOfDirent(::dirfd(stream), *de)});
  }
  ::closedir(stream);  // closes fd
  return result;
}

}  // namespace

// fd_readdir(fd, buf, buf_len, cookie, bufused_ptr). Entries from index
// {cookie} are packed until the buffer is full; the last one may be cut
// short (the spec's signal, with bufused == buf_len, for the guest to retry
// with a larger buffer from that entry's cookie).
absl::StatusOr<Errno> FdReaddir(WasiCtx& ctx, const GuestMemory& memory, const uint64_t* args) {
  FdEntry* dir;
  if (Errno e = LookupDir(ctx, ArgU32(args, 0), kRightFdReaddir, &dir); e != Errno::kSuccess) {
    return e;
  }
  uint32_t buf = ArgU32(args, 1), buf_len = ArgU32(args, 2), used_ptr = ArgU32(args, 4);
  uint64_t cookie = ArgU64(args, 3);
  std::optional<std::span<uint8_t>> out = memory.Span(buf, buf_len);
  if (!out || !Writable(memory, used_ptr, sizeof(uint32_t))) return Errno::kFault;

  auto listing = std::static_pointer_cast<DirListing>(dir->dir_state);
  if (cookie == 0 || listing == nullptr) {
    auto fresh = std::make_shared<DirListing>();
    if (Errno e = ReadListing(dir->host.get(), fresh.get()); e != Errno::kSuccess) return e;
    listing = fresh;
    dir->dir_state = std::move(fresh);
  }
  size_t used = 0;
  for (uint64_t i = cookie; i < listing->entries.size() && used < buf_len; ++i) {
    const DirListing::Entry& entry = listing->entries[i];
    GuestStruct<kDirentSize> header;
    header.Put<uint64_t>(kDirentNext, i + 1);
    header.Put<uint64_t>(kDirentIno, entry.ino);
    header.Put<uint32_t>(kDirentNamlen, static_cast<uint32_t>(entry.name.size()));
    header.Put<uint8_t>(kDirentType, entry.filetype);
    size_t n = std::min<size_t>(kDirentSize, buf_len - used);
    std::memcpy(out->data() + used, header.bytes, n);
    used += n;
    n = std::min(entry.name.size(), buf_len - used);
    std::memcpy(out->data() + used, entry.name.data(), n);
    used += n;
  }
  return StoreOut(memory, used_ptr, static_cast<uint32_t>(used));
}

}  // namespace wasmtier::wasi
