// The fault handler passes faults it does not own to the handler installed
// before it (here an SA_SIGINFO handler that repairs the fault), so embedders'
// and sanitizers' handlers keep working. A binary of its own: the runtime's
// handler must be installed after the test's, once per process.
#include <signal.h>
#include <sys/mman.h>

#include "engine/runtime/exec.h"
#include "engine/runtime/signals.h"
#include "gtest/gtest.h"

namespace wasmtier::rt {
namespace {

uint8_t* g_page = nullptr;
int g_repairs = 0;

// The embedder's handler: makes the faulting page accessible and returns, so
// the faulting instruction runs again and succeeds.
void RepairingHandler(int, siginfo_t* info, void*) {
  uint8_t* address = static_cast<uint8_t*>(info->si_addr);
  if (address >= g_page && address < g_page + 4096) {
    mprotect(g_page, 4096, PROT_READ | PROT_WRITE);
    ++g_repairs;
  }
}

void TouchEntry(ExecContext*, Slot* fp, FuncInst*) {
  fp[0] = *reinterpret_cast<volatile uint8_t*>(g_page + 10) + 1;
}

TEST(SignalsChainTest, UnclaimedFaultGoesToThePreviousHandler) {
  void* page = mmap(nullptr, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  ASSERT_NE(page, MAP_FAILED);
  g_page = static_cast<uint8_t*>(page);
  struct sigaction action = {};
  action.sa_sigaction = &RepairingHandler;
  action.sa_flags = SA_SIGINFO;
  sigemptyset(&action.sa_mask);
  struct sigaction original;
  ASSERT_EQ(sigaction(SIGSEGV, &action, &original), 0);
  EnsureFaultHandler();  // installed after the embedder's: it chains

  FuncType type;
  type.params = {ValType::I64()};
  type.results = {ValType::I64()};
  FuncCode code;
  code.entry.store(&TouchEntry);
  FuncInst func;
  func.code = &code;
  func.type = &type;
  ExecContext ctx;
  Slot slot[1] = {0};
  ASSERT_TRUE(CallFromHost(&ctx, &func, slot).ok());
  EXPECT_EQ(slot[0], 1u);  // the repaired page reads as zero
  EXPECT_EQ(g_repairs, 1);

  struct sigaction now;
  sigaction(SIGSEGV, nullptr, &now);
  EXPECT_NE(now.sa_sigaction, &RepairingHandler);  // ours is in front
  munmap(page, 4096);
}

}  // namespace
}  // namespace wasmtier::rt
