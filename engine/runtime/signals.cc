// The SIGSEGV/SIGBUS handler for guarded linear memories (see signals.h).
//
// A fault is claimed only when (1) the thread is inside CallFromHost (its
// current context is set and has an entry record) and (2) the faulting address
// lies inside the reservation of one of that context's memories (the trap
// kMemoryOutOfBounds) or in its value stack's guard page (kStackExhausted).
// Anything else (a host bug, a null dereference, a stack overflow in host
// code) goes to the previous handler exactly as if this one did not exist, so
// ASan's reports and the default crash still happen. The pc is not checked
// (the interpreter's code is ordinary C++), so a host function called from
// wasm that strays into a wasm memory's guard region traps too.
//
// A claimed fault does not unwind from inside the handler: on x86-64 it edits
// the interrupted context so that, when the handler returns, the thread
// "calls" TrapFromFault on its own stack as if the faulting instruction had
// done so. The trap is then raised by the ordinary RaiseTrap path (backtrace,
// allocation, _longjmp) outside signal context, and the alternate stack ASan
// or we installed is never the stack a longjmp leaves from.
#include "engine/runtime/signals.h"

#include <signal.h>
#include <ucontext.h>

#include <csetjmp>
#include <cstdint>
#include <mutex>

#include "engine/runtime/platform/thread.h"

namespace wasmtier::rt {
namespace {

// initial-exec: reading it from the handler must not call __tls_get_addr
// (which may allocate on a thread's first access).
__attribute__((tls_model("initial-exec"))) thread_local ExecContext* tls_current = nullptr;

struct sigaction previous_segv;
struct sigaction previous_bus;

// The guard page after a value stack (stack.h): at least this many bytes.
constexpr uintptr_t kValueStackGuard = 4096;

// The trap a fault at {address} means for code running in {ctx}, or kNone if
// the address is not the context's: kMemoryOutOfBounds inside a memory's
// reservation, kStackExhausted in the value stack's guard page (a tier that
// relies on the guard instead of comparing with stack_limit).
TrapCode ClassifyFault(const ExecContext* ctx, uintptr_t address) {
  for (const MemoryInst* memory : ctx->memories) {
    const uintptr_t base = reinterpret_cast<uintptr_t>(memory->base);
    if (address >= base && address - base < memory->reserved) return TrapCode::kMemoryOutOfBounds;
  }
  const uintptr_t limit = reinterpret_cast<uintptr_t>(ctx->stack_limit);
  if (limit != 0 && address >= limit && address - limit < kValueStackGuard) {
    return TrapCode::kStackExhausted;
  }
  return TrapCode::kNone;
}

// Entered, not called: the handler points the faulting thread here.
[[noreturn]] void TrapFromFault(ExecContext* ctx, TrapCode code) {
  RaiseTrap(ctx, code);
}

// Sends the fault on to the handler that was installed before ours.
void Chain(int signo, siginfo_t* info, void* ucontext) {
  const struct sigaction& previous = signo == SIGSEGV ? previous_segv : previous_bus;
  if ((previous.sa_flags & SA_SIGINFO) != 0) {
    previous.sa_sigaction(signo, info, ucontext);
    return;
  }
  if (previous.sa_handler == SIG_DFL || previous.sa_handler == SIG_IGN) {
    // A synchronous fault cannot be ignored: restore the default action and
    // return, so the faulting instruction runs again and the process dies as
    // it would have without us. A signal sent by kill() is re-raised instead.
    struct sigaction default_action = {};
    default_action.sa_handler = SIG_DFL;
    sigemptyset(&default_action.sa_mask);
    sigaction(signo, &default_action, nullptr);
    if (info->si_code <= 0) raise(signo);
    return;
  }
  previous.sa_handler(signo);
}

void HandleFault(int signo, siginfo_t* info, void* ucontext) {
  ExecContext* ctx = tls_current;
  const uintptr_t address = reinterpret_cast<uintptr_t>(info->si_addr);
  const TrapCode code = ctx == nullptr || ctx->entry == nullptr || info->si_code <= 0
                            ? TrapCode::kNone
                            : ClassifyFault(ctx, address);
  if (code == TrapCode::kNone) {
    Chain(signo, info, ucontext);
    return;
  }
#if defined(__x86_64__)
  auto* uc = static_cast<ucontext_t*>(ucontext);
  greg_t* regs = uc->uc_mcontext.gregs;
  // Simulate "call TrapFromFault(ctx, code)" at the faulting instruction: skip the
  // red zone, align as at a call site, push the faulting pc as the return
  // address (so debuggers and ASan see where the fault was). Wasm code keeps
  // its sp above ctx->native_limit, which leaves kNativeStackReserve (64 KiB)
  // for RaiseTrap; only if that was violated do we unwind from here.
  uintptr_t sp = static_cast<uintptr_t>(regs[REG_RSP]) - 128;
  if (sp >= ctx->native_limit) {
    sp &= ~uintptr_t{15};
    sp -= 8;
    *reinterpret_cast<uintptr_t*>(sp) = static_cast<uintptr_t>(regs[REG_RIP]);
    regs[REG_RSP] = static_cast<greg_t>(sp);
    regs[REG_RDI] = static_cast<greg_t>(reinterpret_cast<uintptr_t>(ctx));
    regs[REG_RSI] = static_cast<greg_t>(code);
    regs[REG_RIP] = static_cast<greg_t>(reinterpret_cast<uintptr_t>(&TrapFromFault));
    return;
  }
#endif
  // Unwind straight from the handler: no backtrace (it would allocate in a
  // signal handler); SA_NODEFER left the signal unblocked, so skipping
  // sigreturn loses nothing. CallFromHost turns {trap} into the status.
  ctx->trap = code;
  ctx->trap_frames.clear();
  _longjmp(ctx->entry->unwind, 1);
}

void Install() {
  struct sigaction action = {};
  action.sa_sigaction = &HandleFault;
  // SA_ONSTACK: a fault with the native stack exhausted still gets a stack.
  // SA_NODEFER: the trap path leaves the handler by longjmp on some hosts.
  action.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_NODEFER;
  sigemptyset(&action.sa_mask);
  sigaction(SIGSEGV, &action, &previous_segv);
  sigaction(SIGBUS, &action, &previous_bus);
}

}  // namespace

ExecContext* CurrentContext() {
  return tls_current;
}
void SetCurrentContext(ExecContext* ctx) {
  tls_current = ctx;
}

void EnsureFaultHandler() {
  static std::once_flag installed;
  std::call_once(installed, &Install);
  platform::EnsureAltSignalStack();
}

}  // namespace wasmtier::rt
