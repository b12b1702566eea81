// The fault handler (signals.h): a fault inside a linear memory's reservation
// while running wasm becomes "out of bounds memory access" and returns to the
// innermost host entry; any other fault is not claimed and kills the process
// as it would without the runtime.
#include "engine/runtime/signals.h"

#include <sys/wait.h>

#include <csignal>
#include <thread>

#include "engine/runtime/exec.h"
#include "engine/runtime/host.h"
#include "engine/runtime/instance_ops.h"
#include "engine/runtime/memory.h"
#include "gtest/gtest.h"

namespace wasmtier::rt {
namespace {

constexpr uint64_t kPage = 64 * 1024;

// How an unclaimed fault ends the process: killed by SIGSEGV itself, or,
// under a sanitizer (whose handler is the one chained to), its "SEGV" report
// followed by exit(1) or abort().
constexpr char kFaultReport[] = "SEGV on unknown address|^$";
bool DiedOfFault(int status) {
  if (WIFSIGNALED(status)) return WTERMSIG(status) == SIGSEGV || WTERMSIG(status) == SIGABRT;
  return WIFEXITED(status) && WEXITSTATUS(status) != 0;
}

struct TestFunc {
  FuncType type;
  FuncCode code;
  FuncInst inst;
  explicit TestFunc(WasmEntry entry) {
    type.params = {ValType::I64()};
    type.results = {ValType::I64()};
    code.entry.store(entry);
    inst.code = &code;
    inst.type = &type;
  }
};

std::unique_ptr<MemoryInst> NewMemory(bool is64 = false) {
  MemoryType type;
  type.limits.min = 1;
  type.limits.max = 4;
  type.limits.is64 = is64;
  auto memory = CreateMemory(type, Config());
  EXPECT_TRUE(memory.ok());
  return std::move(*memory);
}

MemoryInst* g_memory = nullptr;

// A guarded load as compiled code does it: base + address, no bounds check.
// fp[0] is the address; the byte read is the result.
void LoadEntry(ExecContext* ctx, Slot* fp, FuncInst* callee) {
  FrameRecord frame{ctx->top, callee, reinterpret_cast<const void*>(0xAB)};
  ctx->top = &frame;
  fp[0] = *reinterpret_cast<volatile uint8_t*>(g_memory->base + fp[0]);
  ctx->top = frame.prev;
}

void StoreEntry(ExecContext* ctx, Slot* fp, FuncInst*) {
  *reinterpret_cast<volatile uint8_t*>(g_memory->base + fp[0]) = 1;
}

TEST(SignalsTest, GuardRegionFaultBecomesATrap) {
  auto memory = NewMemory();
  g_memory = memory.get();
  memory->base[5] = 77;
  ExecContext ctx;
  ctx.memories.push_back(memory.get());
  TestFunc load(&LoadEntry);

  Slot slot[1] = {5};
  ASSERT_TRUE(CallFromHost(&ctx, &load.inst, slot).ok());
  EXPECT_EQ(slot[0], 77u);

  for (uint64_t address : {kPage, 2 * kPage - 1, uint64_t{5} << 30, (uint64_t{8} << 30) + 1000}) {
    slot[0] = address;
    absl::Status status = CallFromHost(&ctx, &load.inst, slot);
    EXPECT_EQ(status.code(), absl::StatusCode::kAborted) << address;
    EXPECT_EQ(status.message(), "out of bounds memory access");
    EXPECT_EQ(ctx.trap, TrapCode::kMemoryOutOfBounds);
    ASSERT_EQ(ctx.trap_frames.size(), 1u);  // the frame that faulted
    EXPECT_EQ(ctx.trap_frames[0].pc, reinterpret_cast<const void*>(0xAB));
    EXPECT_EQ(ctx.top, nullptr);
    EXPECT_EQ(ctx.entry, nullptr);
    EXPECT_EQ(CurrentContext(), nullptr);
  }
  // Stores fault the same way; after growing, the same address works.
  TestFunc store(&StoreEntry);
  slot[0] = kPage + 3;
  EXPECT_EQ(CallFromHost(&ctx, &store.inst, slot).message(), "out of bounds memory access");
  ASSERT_EQ(MemoryGrow(memory.get(), 1), 1);
  slot[0] = kPage + 3;
  EXPECT_TRUE(CallFromHost(&ctx, &store.inst, slot).ok());
  EXPECT_EQ(memory->base[kPage + 3], 1);
}

TEST(SignalsTest, ManyFaultsInARow) {
  // Each trap leaves the handler state clean (no blocked signal, no leak).
  auto memory = NewMemory();
  g_memory = memory.get();
  ExecContext ctx;
  ctx.memories.push_back(memory.get());
  TestFunc load(&LoadEntry);
  for (int i = 0; i < 1000; ++i) {
    Slot slot[1] = {kPage + static_cast<uint64_t>(i)};
    ASSERT_EQ(CallFromHost(&ctx, &load.inst, slot).message(), "out of bounds memory access");
  }
}

TEST(SignalsTest, Memory64ReservationFaultBecomesATrap) {
  auto memory = NewMemory(/*is64=*/true);
  g_memory = memory.get();
  ExecContext ctx;
  ctx.memories.push_back(memory.get());
  TestFunc load(&LoadEntry);
  Slot slot[1] = {3 * kPage};  // reserved up to the maximum, not accessible
  EXPECT_EQ(CallFromHost(&ctx, &load.inst, slot).message(), "out of bounds memory access");
}

void ValueStackOverrunEntry(ExecContext* ctx, Slot*, FuncInst*) {
  *reinterpret_cast<volatile Slot*>(ctx->stack_limit) = 1;  // no limit check: the guard catches it
}

TEST(SignalsTest, ValueStackGuardFaultIsStackExhaustion) {
  ExecContext ctx;
  TestFunc f(&ValueStackOverrunEntry);
  Slot slot[1] = {0};
  EXPECT_EQ(CallFromHost(&ctx, &f.inst, slot).message(), "call stack exhausted");
  EXPECT_EQ(ctx.trap, TrapCode::kStackExhausted);
}

// Faults in nested entries return to the innermost host only.
TestFunc* g_inner = nullptr;
absl::Status g_inner_status;
void OuterEntry(ExecContext* ctx, Slot* fp, FuncInst*) {
  HostFunc host;
  host.type.params = {ValType::I64()};
  host.type.results = {ValType::I64()};
  host.callback = [](ExecContext* ctx, FuncInst*, Slot* slots) {
    Slot inner[1] = {8ull << 30};
    g_inner_status = CallFromHost(ctx, &g_inner->inst, inner);
    slots[0] = 1234;
    return absl::OkStatus();
  };
  FuncInst host_inst;
  host_inst.host = &host;
  host_inst.type = &host.type;
  HostEntry(ctx, fp, &host_inst);
  fp[0] += 1;
}

TEST(SignalsTest, NestedFaultReturnsToTheInnerHost) {
  auto memory = NewMemory();
  g_memory = memory.get();
  ExecContext ctx;
  ctx.memories.push_back(memory.get());
  TestFunc inner(&LoadEntry);
  g_inner = &inner;
  TestFunc outer(&OuterEntry);
  Slot slot[1] = {0};
  ASSERT_TRUE(CallFromHost(&ctx, &outer.inst, slot).ok());
  EXPECT_EQ(slot[0], 1235u);
  EXPECT_EQ(g_inner_status.message(), "out of bounds memory access");
}

TEST(SignalsTest, TrapsOnAnyThread) {
  auto memory = NewMemory();
  g_memory = memory.get();
  absl::Status status;
  bool has_alt_stack = false;
  std::thread thread([&] {
    ExecContext ctx;  // a store used from this thread
    ctx.memories.push_back(memory.get());
    TestFunc load(&LoadEntry);
    Slot slot[1] = {3ull << 30};
    status = CallFromHost(&ctx, &load.inst, slot);
    stack_t alt;
    has_alt_stack = sigaltstack(nullptr, &alt) == 0 && (alt.ss_flags & SS_DISABLE) == 0;
  });
  thread.join();
  EXPECT_EQ(status.message(), "out of bounds memory access");
  EXPECT_TRUE(has_alt_stack);
}

void NullDerefEntry(ExecContext*, Slot* fp, FuncInst*) {
  fp[0] = *reinterpret_cast<volatile uint64_t*>(fp[0]);
}

TEST(SignalsDeathTest, NullDereferenceInsideWasmIsNotClaimed) {
  auto memory = NewMemory();
  ExecContext ctx;
  ctx.memories.push_back(memory.get());
  TestFunc f(&NullDerefEntry);
  Slot slot[1] = {0};
  EXPECT_EXIT(CallFromHost(&ctx, &f.inst, slot).IgnoreError(), DiedOfFault, kFaultReport);
}

TEST(SignalsDeathTest, GuardFaultOutsideWasmIsNotClaimed) {
  auto memory = NewMemory();
  ExecContext ctx;
  ctx.memories.push_back(memory.get());
  EnsureFaultHandler();
  // The same address that traps inside CallFromHost crashes the host here.
  EXPECT_EXIT(*reinterpret_cast<volatile uint8_t*>(memory->base + kPage) = 1, DiedOfFault,
              kFaultReport);
}

TEST(SignalsDeathTest, FaultInAnotherStoresMemoryIsNotClaimed) {
  auto mine = NewMemory();
  auto other = NewMemory();
  g_memory = other.get();
  ExecContext ctx;
  ctx.memories.push_back(mine.get());
  TestFunc store(&StoreEntry);
  Slot slot[1] = {kPage};
  EXPECT_EXIT(CallFromHost(&ctx, &store.inst, slot).IgnoreError(), DiedOfFault, kFaultReport);
}

// Recursion that ignores ctx->native_limit runs into the thread's guard page:
// not a wasm memory, so the fault goes on (the handler itself runs on the
// alternate signal stack) and the process dies as it would without us.
__attribute__((noinline)) uint64_t Overflow(volatile uint64_t* depth) {
  volatile char frame[512];
  frame[0] = static_cast<char>(*depth);
  if (*depth == UINT64_MAX) return 0;  // never: the stack runs out first
  *depth = *depth + 1;
  return Overflow(depth) + frame[0];  // not a tail call
}

void OverflowEntry(ExecContext*, Slot* fp, FuncInst*) {
  volatile uint64_t depth = 0;
  fp[0] = Overflow(&depth);
}

TEST(SignalsDeathTest, NativeStackOverflowIsNotClaimed) {
  auto memory = NewMemory();
  ExecContext ctx;
  ctx.memories.push_back(memory.get());
  TestFunc f(&OverflowEntry);
  Slot slot[1] = {0};
  EXPECT_EXIT(CallFromHost(&ctx, &f.inst, slot).IgnoreError(), DiedOfFault,
              "stack-overflow|SEGV|^$");
}

}  // namespace
}  // namespace wasmtier::rt
