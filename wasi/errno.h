// WASI's errno values (`__wasi_errno_t`, the spec's order) and the mapping
// from host errno.
#ifndef WASMTIER_WASI_ERRNO_H_
#define WASMTIER_WASI_ERRNO_H_

#include <cstdint>

namespace wasmtier::wasi {

enum class Errno : uint16_t {
  kSuccess = 0, k2big, kAcces, kAddrinuse, kAddrnotavail, kAfnosupport, kAgain,
  kAlready, kBadf, kBadmsg, kBusy, kCanceled, kChild, kConnaborted, kConnrefused,
  kConnreset, kDeadlk, kDestaddrreq, kDom, kDquot, kExist, kFault, kFbig,
  kHostunreach, kIdrm, kIlseq, kInprogress, kIntr, kInval, kIo, kIsconn, kIsdir,
  kLoop, kMfile, kMlink, kMsgsize, kMultihop, kNametoolong, kNetdown, kNetreset,
  kNetunreach, kNfile, kNobufs, kNodev, kNoent, kNoexec, kNolck, kNolink, kNomem,
  kNomsg, kNoprotoopt, kNospc, kNosys, kNotconn, kNotdir, kNotempty,
  kNotrecoverable, kNotsock, kNotsup, kNotty, kNxio, kOverflow, kOwnerdead, kPerm,
  kPipe, kProto, kProtonosupport, kPrototype, kRange, kRofs, kSpipe, kSrch, kStale,
  kTimedout, kTxtbsy, kXdev, kNotcapable,  // = 76
};

// The WASI errno for a host errno value; EIO for one WASI has no name for.
Errno FromHostErrno(int host_errno);

// "ENOENT"-style name, for traces and test messages.
const char* ErrnoName(Errno e);

}  // namespace wasmtier::wasi

#endif  // WASMTIER_WASI_ERRNO_H_
