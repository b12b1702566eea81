// POSIX file reading for the CLI (see file_reader.h). Plain open/fstat/read:
// the size check must happen before reading, and errno gives the user the
// system's own words.
#include "tools/file_reader.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace wasmtier::cli {
namespace {

absl::Status SystemError(absl::string_view what, int error) {
  return absl::NotFoundError(absl::StrCat(what, ": ", std::strerror(error)));
}

std::string HumanSize(uint64_t bytes) {
  if (bytes >= (uint64_t{1} << 30) && bytes % (uint64_t{1} << 30) == 0) {
    return absl::StrCat(bytes >> 30, " GiB");
  }
  if (bytes >= (uint64_t{1} << 30)) {
    return absl::StrFormat("%.1f GiB", static_cast<double>(bytes) / (uint64_t{1} << 30));
  }
  return absl::StrCat(bytes, " bytes");
}

absl::Status TooLarge(uint64_t size, size_t max_size, bool at_least) {
  return absl::OutOfRangeError(absl::StrCat("file too large (", at_least ? "more than " : "",
                                            HumanSize(at_least ? max_size : size),
                                            "; the limit is ", HumanSize(max_size), ")"));
}

// Closes the descriptor on every path out of ReadModuleFile.
class FdCloser {
 public:
  explicit FdCloser(int fd) : fd_(fd) {}
  ~FdCloser() {
    if (fd_ > 0) close(fd_);  // never closes stdin (fd 0)
  }
  FdCloser(const FdCloser&) = delete;
  FdCloser& operator=(const FdCloser&) = delete;

 private:
  int fd_;
};

}  // namespace

absl::StatusOr<std::vector<uint8_t>> ReadModuleFile(const std::string& path, size_t max_size) {
  int fd = 0;
  if (path != "-") {
    // O_NONBLOCK keeps open() of a FIFO without a writer from hanging; it is
    // cleared again below for the actual reads.
    fd = open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
    if (fd < 0) return SystemError("cannot open", errno);
  }
  FdCloser closer(fd);

  struct stat st;
  if (fstat(fd, &st) != 0) return SystemError("cannot read", errno);
  if (S_ISDIR(st.st_mode)) return absl::InvalidArgumentError("is a directory, not a module file");
  bool regular = S_ISREG(st.st_mode);
  if (!regular && !S_ISFIFO(st.st_mode) && path != "-") {
    // Devices and sockets: /dev/zero would otherwise stream until the limit.
    return absl::InvalidArgumentError("not a regular file");
  }
  if (regular && static_cast<uint64_t>(st.st_size) > max_size) {
    return TooLarge(static_cast<uint64_t>(st.st_size), max_size, /*at_least=*/false);
  }
  if (path != "-") {
    int flags = fcntl(fd, F_GETFL);
    if (flags >= 0) fcntl(fd, F_SETFL, flags & ~O_NONBLOCK);
  }

  std::vector<uint8_t> bytes;
  if (regular) bytes.reserve(static_cast<size_t>(st.st_size));
  // Regular files can grow while being read, so the limit applies to what is
  // read as well: read at most {max_size} + 1 bytes.
  uint8_t buffer[64 * 1024];
  for (;;) {
    size_t want = sizeof(buffer);
    if (bytes.size() + want > max_size + 1) want = max_size + 1 - bytes.size();
    ssize_t n = read(fd, buffer, want);
    if (n < 0) {
      if (errno == EINTR) continue;
      return SystemError("cannot read", errno);
    }
    if (n == 0) break;
    bytes.insert(bytes.end(), buffer, buffer + n);
    if (bytes.size() > max_size) return TooLarge(bytes.size(), max_size, /*at_least=*/true);
  }
  return bytes;
}

}  // namespace wasmtier::cli
