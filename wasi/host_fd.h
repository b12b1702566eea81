// What a host descriptor is, in WASI's terms: its filetype, the rights a guest
// descriptor of that kind starts with, its fdflags, and filestat fields.
// Shared by CreateContext, path_open and sock_accept so all agree.
#ifndef WASMTIER_WASI_HOST_FD_H_
#define WASMTIER_WASI_HOST_FD_H_

#include <sys/stat.h>
#include <time.h>

#include <cstdint>

#include "wasi/errno.h"
#include "wasi/types.h"

namespace wasmtier::wasi {

// __wasi_filetype_t of {st} (a socket's stream/dgram kind is asked of {fd}).
// A FIFO is UNKNOWN: WASI has no pipe type, and wasi-libc treats UNKNOWN as a
// plain stream.
uint8_t FiletypeFromStat(const struct stat& st, int fd);
// fstat({fd}) and the above; UNKNOWN if fstat fails.
uint8_t HostFiletype(int fd);
// Whether {fd} is a socket on the host (sock_* accept only those).
bool IsHostSocket(int fd);

// The rights a new descriptor of {filetype} gets (before any narrowing by
// path_open's requested rights or a parent's inheriting rights).
uint64_t BaseRightsFor(uint8_t filetype);
uint64_t InheritingRightsFor(uint8_t filetype);

// The WASI fdflags (APPEND, NONBLOCK, DSYNC, RSYNC, SYNC) set on {fd}.
uint16_t HostFdflags(int fd);

// A host timestamp as WASI nanoseconds since the epoch (0 for times before it).
uint64_t TimespecToNs(const struct timespec& ts);
// The 64-byte __wasi_filestat_t for {st} ({fd}: the socket kind, or -1).
void EncodeFilestat(const struct stat& st, int fd, uint8_t out[kFilestatSize]);

// WASI nanoseconds as a timespec.
struct timespec NsToTimespec(uint64_t ns);

// The {times} utimensat/futimens take for fd_ and path_filestat_set_times:
// ATIM (the given {atim}) and ATIM_NOW exclude each other, as do MTIM and
// MTIM_NOW; a time named by neither is left alone (UTIME_OMIT). EINVAL for
// undefined {fstflags} bits or both of a pair.
Errno FstflagsToTimespecs(uint64_t atim, uint64_t mtim, uint32_t fstflags,
                          struct timespec times[2]);

}  // namespace wasmtier::wasi

#endif  // WASMTIER_WASI_HOST_FD_H_
