// The fault handler (DESIGN.md §4): turns a fault inside a linear memory's
// reservation, while the faulting thread runs wasm, into kMemoryOutOfBounds
// (and one in its value stack's guard page into kStackExhausted), and passes
// every other SIGSEGV/SIGBUS on to the handler installed before.
#ifndef WASMTIER_ENGINE_RUNTIME_SIGNALS_H_
#define WASMTIER_ENGINE_RUNTIME_SIGNALS_H_

#include "engine/runtime/exec.h"

namespace wasmtier::rt {

// The context the calling thread is running wasm in (set by CallFromHost for
// the duration of a call, restored after it), or nullptr outside wasm.
ExecContext* CurrentContext();
void SetCurrentContext(ExecContext* ctx);

// Installs the handler for SIGSEGV and SIGBUS once per process, saving the
// previous handlers, and gives the calling thread an alternate signal stack
// if it has none. Cheap after the first call on a thread.
void EnsureFaultHandler();

}  // namespace wasmtier::rt

#endif  // WASMTIER_ENGINE_RUNTIME_SIGNALS_H_
