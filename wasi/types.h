// `wasi_snapshot_preview1` constants and guest struct layouts (byte offsets
// and sizes), as the witx spec and wasi-libc's wasi/api.h define them. WASI
// code reads and writes guest structs field by field at these offsets through
// GuestMemory, never by casting guest bytes to host structs.
#ifndef WASMTIER_WASI_TYPES_H_
#define WASMTIER_WASI_TYPES_H_

#include <cstdint>

namespace wasmtier::wasi {

// ---- rights (__wasi_rights_t, u64) -----------------------------------------
inline constexpr uint64_t kRightFdDatasync = 1ull << 0;
inline constexpr uint64_t kRightFdRead = 1ull << 1;
inline constexpr uint64_t kRightFdSeek = 1ull << 2;
inline constexpr uint64_t kRightFdFdstatSetFlags = 1ull << 3;
inline constexpr uint64_t kRightFdSync = 1ull << 4;
inline constexpr uint64_t kRightFdTell = 1ull << 5;
inline constexpr uint64_t kRightFdWrite = 1ull << 6;
inline constexpr uint64_t kRightFdAdvise = 1ull << 7;
inline constexpr uint64_t kRightFdAllocate = 1ull << 8;
inline constexpr uint64_t kRightPathCreateDirectory = 1ull << 9;
inline constexpr uint64_t kRightPathCreateFile = 1ull << 10;
inline constexpr uint64_t kRightPathLinkSource = 1ull << 11;
inline constexpr uint64_t kRightPathLinkTarget = 1ull << 12;
inline constexpr uint64_t kRightPathOpen = 1ull << 13;
inline constexpr uint64_t kRightFdReaddir = 1ull << 14;
inline constexpr uint64_t kRightPathReadlink = 1ull << 15;
inline constexpr uint64_t kRightPathRenameSource = 1ull << 16;
inline constexpr uint64_t kRightPathRenameTarget = 1ull << 17;
inline constexpr uint64_t kRightPathFilestatGet = 1ull << 18;
inline constexpr uint64_t kRightPathFilestatSetSize = 1ull << 19;
inline constexpr uint64_t kRightPathFilestatSetTimes = 1ull << 20;
inline constexpr uint64_t kRightFdFilestatGet = 1ull << 21;
inline constexpr uint64_t kRightFdFilestatSetSize = 1ull << 22;
inline constexpr uint64_t kRightFdFilestatSetTimes = 1ull << 23;
inline constexpr uint64_t kRightPathSymlink = 1ull << 24;
inline constexpr uint64_t kRightPathRemoveDirectory = 1ull << 25;
inline constexpr uint64_t kRightPathUnlinkFile = 1ull << 26;
inline constexpr uint64_t kRightPollFdReadwrite = 1ull << 27;
inline constexpr uint64_t kRightSockShutdown = 1ull << 28;
inline constexpr uint64_t kRightSockAccept = 1ull << 29;
inline constexpr uint64_t kRightsAll = (1ull << 30) - 1;

// Rights sets given to descriptors by kind (what wasmtime/uvwasi grant: the
// operations that make sense on that kind of object).
// A regular file (and stdio backed by one): everything but path/dir rights.
inline constexpr uint64_t kRightsRegularFile =
    kRightFdDatasync | kRightFdRead | kRightFdSeek | kRightFdFdstatSetFlags | kRightFdSync |
    kRightFdTell | kRightFdWrite | kRightFdAdvise | kRightFdAllocate | kRightFdFilestatGet |
    kRightFdFilestatSetSize | kRightFdFilestatSetTimes | kRightPollFdReadwrite;
// A directory: path operations, readdir, and (inheriting) file rights.
inline constexpr uint64_t kRightsDirectory =
    kRightFdFdstatSetFlags | kRightFdSync | kRightFdAdvise | kRightPathCreateDirectory |
    kRightPathCreateFile | kRightPathLinkSource | kRightPathLinkTarget | kRightPathOpen |
    kRightFdReaddir | kRightPathReadlink | kRightPathRenameSource | kRightPathRenameTarget |
    kRightPathFilestatGet | kRightPathFilestatSetSize | kRightPathFilestatSetTimes |
    kRightFdFilestatGet | kRightFdFilestatSetTimes | kRightPathSymlink | kRightPathRemoveDirectory |
    kRightPathUnlinkFile | kRightPollFdReadwrite;
inline constexpr uint64_t kRightsDirectoryInheriting = kRightsDirectory | kRightsRegularFile;
// A character device, pipe or unknown stream (no seek/tell/allocate).
inline constexpr uint64_t kRightsStream = kRightFdDatasync | kRightFdRead | kRightFdFdstatSetFlags |
                                          kRightFdSync | kRightFdWrite | kRightFdAdvise |
                                          kRightFdFilestatGet | kRightFdFilestatSetSize |
                                          kRightFdFilestatSetTimes | kRightPollFdReadwrite;
// A socket: streams plus sock_shutdown / sock_accept.
inline constexpr uint64_t kRightsSocket = kRightsStream | kRightSockShutdown | kRightSockAccept;

// ---- filetype (u8) ---------------------------------------------------------
inline constexpr uint8_t kFiletypeUnknown = 0;
inline constexpr uint8_t kFiletypeBlockDevice = 1;
inline constexpr uint8_t kFiletypeCharacterDevice = 2;
inline constexpr uint8_t kFiletypeDirectory = 3;
inline constexpr uint8_t kFiletypeRegularFile = 4;
inline constexpr uint8_t kFiletypeSocketDgram = 5;
inline constexpr uint8_t kFiletypeSocketStream = 6;
inline constexpr uint8_t kFiletypeSymbolicLink = 7;

// ---- fdflags (u16) ---------------------------------------------------------
inline constexpr uint16_t kFdflagsAppend = 1 << 0;
inline constexpr uint16_t kFdflagsDsync = 1 << 1;
inline constexpr uint16_t kFdflagsNonblock = 1 << 2;
inline constexpr uint16_t kFdflagsRsync = 1 << 3;
inline constexpr uint16_t kFdflagsSync = 1 << 4;
inline constexpr uint16_t kFdflagsAll = (1 << 5) - 1;

// ---- oflags (u16), lookupflags (u32) ---------------------------------------
inline constexpr uint16_t kOflagsCreat = 1 << 0;
inline constexpr uint16_t kOflagsDirectory = 1 << 1;
inline constexpr uint16_t kOflagsExcl = 1 << 2;
inline constexpr uint16_t kOflagsTrunc = 1 << 3;
inline constexpr uint32_t kLookupflagsSymlinkFollow = 1 << 0;

// ---- whence (u8) -----------------------------------------------------------
inline constexpr uint8_t kWhenceSet = 0;
inline constexpr uint8_t kWhenceCur = 1;
inline constexpr uint8_t kWhenceEnd = 2;

// ---- clockid (u32) ---------------------------------------------------------
inline constexpr uint32_t kClockRealtime = 0;
inline constexpr uint32_t kClockMonotonic = 1;
inline constexpr uint32_t kClockProcessCputime = 2;
inline constexpr uint32_t kClockThreadCputime = 3;

// ---- advice (u8) -----------------------------------------------------------
inline constexpr uint8_t kAdviceNormal = 0;
inline constexpr uint8_t kAdviceSequential = 1;
inline constexpr uint8_t kAdviceRandom = 2;
inline constexpr uint8_t kAdviceWillneed = 3;
inline constexpr uint8_t kAdviceDontneed = 4;
inline constexpr uint8_t kAdviceNoreuse = 5;

// ---- fstflags (u16) --------------------------------------------------------
inline constexpr uint16_t kFstflagsAtim = 1 << 0;
inline constexpr uint16_t kFstflagsAtimNow = 1 << 1;
inline constexpr uint16_t kFstflagsMtim = 1 << 2;
inline constexpr uint16_t kFstflagsMtimNow = 1 << 3;

// ---- poll: eventtype (u8), eventrwflags (u16), subclockflags (u16) ---------
inline constexpr uint8_t kEventtypeClock = 0;
inline constexpr uint8_t kEventtypeFdRead = 1;
inline constexpr uint8_t kEventtypeFdWrite = 2;
inline constexpr uint16_t kEventrwflagsHangup = 1 << 0;
inline constexpr uint16_t kSubclockflagsAbstime = 1 << 0;

// ---- sockets: riflags, roflags, siflags, sdflags ---------------------------
inline constexpr uint16_t kRiflagsRecvPeek = 1 << 0;
inline constexpr uint16_t kRiflagsRecvWaitall = 1 << 1;
inline constexpr uint16_t kRoflagsRecvDataTruncated = 1 << 0;
inline constexpr uint16_t kSiflagsNone = 0;  // no flags are defined
inline constexpr uint8_t kSdflagsRd = 1 << 0;
inline constexpr uint8_t kSdflagsWr = 1 << 1;

// ---- preopentype (u8) ------------------------------------------------------
inline constexpr uint8_t kPreopentypeDir = 0;

// ---- struct layouts: offsets and sizes in guest memory ---------------------
// iovec / ciovec: { u32 buf; u32 buf_len; }
inline constexpr uint32_t kIovecSize = 8;
inline constexpr uint32_t kIovecBuf = 0;
inline constexpr uint32_t kIovecBufLen = 4;

// fdstat: { u8 filetype; u16 flags @2; u64 rights_base @8; u64 inheriting @16 }
inline constexpr uint32_t kFdstatSize = 24;
inline constexpr uint32_t kFdstatFiletype = 0;
inline constexpr uint32_t kFdstatFlags = 2;
inline constexpr uint32_t kFdstatRightsBase = 8;
inline constexpr uint32_t kFdstatRightsInheriting = 16;

// filestat: dev, ino, filetype (u8), nlink, size, atim, mtim, ctim
inline constexpr uint32_t kFilestatSize = 64;
inline constexpr uint32_t kFilestatDev = 0;
inline constexpr uint32_t kFilestatIno = 8;
inline constexpr uint32_t kFilestatFiletype = 16;
inline constexpr uint32_t kFilestatNlink = 24;
inline constexpr uint32_t kFilestatSizeField = 32;
inline constexpr uint32_t kFilestatAtim = 40;
inline constexpr uint32_t kFilestatMtim = 48;
inline constexpr uint32_t kFilestatCtim = 56;

// prestat: { u8 tag; union { prestat_dir { u32 pr_name_len } } @4 }
inline constexpr uint32_t kPrestatSize = 8;
inline constexpr uint32_t kPrestatTag = 0;
inline constexpr uint32_t kPrestatDirNameLen = 4;

// dirent: { u64 d_next; u64 d_ino @8; u32 d_namlen @16; u8 d_type @20 },
// followed by the name (not NUL-terminated).
inline constexpr uint32_t kDirentSize = 24;
inline constexpr uint32_t kDirentNext = 0;
inline constexpr uint32_t kDirentIno = 8;
inline constexpr uint32_t kDirentNamlen = 16;
inline constexpr uint32_t kDirentType = 20;

// subscription: { u64 userdata; subscription_u u @8 } where the union is
// { u8 tag @8; contents @16 }. Clock contents: id (u32) @16, timeout @24,
// precision @32, flags (u16) @40. fd_readwrite contents: fd (u32) @16.
inline constexpr uint32_t kSubscriptionSize = 48;
inline constexpr uint32_t kSubscriptionUserdata = 0;
inline constexpr uint32_t kSubscriptionTag = 8;
inline constexpr uint32_t kSubscriptionClockId = 16;
inline constexpr uint32_t kSubscriptionClockTimeout = 24;
inline constexpr uint32_t kSubscriptionClockPrecision = 32;
inline constexpr uint32_t kSubscriptionClockFlags = 40;
inline constexpr uint32_t kSubscriptionFdFd = 16;

// event: { u64 userdata; u16 error @8; u8 type @10;
//          fd_readwrite { u64 nbytes @16; u16 flags @24 } }
inline constexpr uint32_t kEventSize = 32;
inline constexpr uint32_t kEventUserdata = 0;
inline constexpr uint32_t kEventError = 8;
inline constexpr uint32_t kEventType = 10;
inline constexpr uint32_t kEventFdNbytes = 16;
inline constexpr uint32_t kEventFdFlags = 24;

}  // namespace wasmtier::wasi

#endif  // WASMTIER_WASI_TYPES_H_
