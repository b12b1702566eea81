// A guest's (c)iovec array (fd_read/fd_write/fd_pread/fd_pwrite/sock_*) as
// host iovecs pointing into guest memory, every buffer bounds-checked.
#ifndef WASMTIER_WASI_IOVEC_H_
#define WASMTIER_WASI_IOVEC_H_

#include <sys/uio.h>

#include <cstdint>
#include <vector>

#include "wasi/errno.h"
#include "wasi/guest_memory.h"

namespace wasmtier::wasi {

// At most this many entries of a guest array are used per call (Linux's
// IOV_MAX): later ones are ignored, which the guest sees as a short read or
// write, as POSIX allows. It also bounds what a guest-chosen count allocates.
inline constexpr uint32_t kMaxIovecs = 1024;

// Fills {out} with the first min({iovs_len}, kMaxIovecs) entries of the array
// at {iovs}. EFAULT if an entry or a buffer it names is outside guest memory;
// {out} is then unspecified. The pointers stay valid until the guest runs.
Errno ReadIovecs(const GuestMemory& memory, uint32_t iovs, uint32_t iovs_len,
                 std::vector<struct iovec>& out);

}  // namespace wasmtier::wasi

#endif  // WASMTIER_WASI_IOVEC_H_
