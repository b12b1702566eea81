// WASI preview 1 (`wasi_snapshot_preview1`) for embedders: a context holding a
// guest's arguments, environment, preopened directories and descriptors, and
// the import functions that serve it. Written on the public embedding API only
// (engine/include/wasmtier/wasmtier.h): host functions plus checked views of the
// calling instance's exported "memory".
#ifndef WASMTIER_WASI_WASI_H_
#define WASMTIER_WASI_WASI_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "engine/include/wasmtier/wasmtier.h"

namespace wasmtier::wasi {

// A host directory the guest may use, under the name it sees (`--dir
// HOST::GUEST`). Nothing outside these trees is reachable from the guest.
struct PreopenDir {
  std::string host_path;
  std::string guest_path;
};

struct WasiConfig {
  std::vector<std::string> args;  // argv; args[0] is the program name
  std::vector<std::string> env;   // "NAME=VALUE" entries, in order
  std::vector<PreopenDir> preopens;  // guest descriptors 3, 4, ... in order
  // Host descriptors behind guest 0, 1 and 2 (duplicated, so closing them in
  // the guest never closes the host's). -1: the guest descriptor is closed.
  int stdin_fd = 0;
  int stdout_fd = 1;
  int stderr_fd = 2;
  // Most guest descriptors open at once, stdio and preopens included; past it
  // path_open and sock_accept fail with EMFILE.
  uint32_t max_open_fds = 1024;
};

class WasiCtx;

}  // namespace wasmtier::wasi

// WasiCtx is opaque here, so std::unique_ptr<WasiCtx> is destroyed through
// this deleter, defined in ctx.cc where the type is complete: an embedder
// needs nothing but wasi.h to own and drop a context. (Specializing
// default_delete for a program-defined type is allowed by [namespace.std].)
namespace std {
template <>
struct default_delete<wasmtier::wasi::WasiCtx> {
  void operator()(wasmtier::wasi::WasiCtx* ctx) const;
};
}  // namespace std

namespace wasmtier::wasi {

// Opens the preopened directories (an error names the one that failed) and
// the stdio duplicates.
absl::StatusOr<std::unique_ptr<WasiCtx>> CreateContext(const WasiConfig& config);

// Defines every function of `wasi_snapshot_preview1` in {linker} as host
// functions of {store}, serving {ctx}. {ctx} must outlive every call.
absl::Status AddToLinker(Linker& linker, Store& store, WasiCtx& ctx);

// proc_exit(code) ends the guest: the outermost Func::Call returns a status for
// which ExitCode() gives the code. Any other status gives nullopt.
std::optional<uint32_t> ExitCode(const absl::Status& status);

}  // namespace wasmtier::wasi

#endif  // WASMTIER_WASI_WASI_H_
