// Entering wasm and unwinding out of it (exec.h, host.h): CallFromHost with
// hand-written C++ functions standing in for tier code, traps and statuses
// from any depth, nested host->wasm->host->wasm entries, backtraces, both
// stack limits, and the context state restored after every exit.
#include "engine/runtime/exec.h"

#include <cstring>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "engine/runtime/host.h"
#include "engine/runtime/module_code.h"
#include "engine/runtime/signals.h"
#include "engine/runtime/stack.h"
#include "gtest/gtest.h"

namespace wasmtier::rt {
namespace {

// A "wasm" function whose tier code is a C++ function.
struct TestFunc {
  FuncType type;
  FuncCode code;
  FuncInst inst;
  TestFunc(WasmEntry entry, std::vector<ValType> params, std::vector<ValType> results,
           uint32_t index = 0) {
    type.params = std::move(params);
    type.results = std::move(results);
    code.entry.store(entry);
    code.func_index = index;
    inst.code = &code;
    inst.type = &type;
    inst.func_index = index;
  }
};

// A TestFunc of an instance whose module's config CallFromHost reads.
struct ModuleFunc {
  ModuleCode code;
  InstanceData instance;
  TestFunc func;
  ModuleFunc(WasmEntry entry, std::vector<ValType> params, std::vector<ValType> results)
      : func(entry, std::move(params), std::move(results)) {
    instance.code = &code;
    func.inst.instance = &instance;
  }
  Config& config() { return code.config; }
};

// A host function as the API would make it.
struct TestHost {
  HostFunc host;
  FuncInst inst;
  TestHost(HostCallback callback, std::vector<ValType> params, std::vector<ValType> results) {
    host.type.params = std::move(params);
    host.type.results = std::move(results);
    host.callback = std::move(callback);
    host.code.entry.store(&HostEntry);
    inst.code = &host.code;
    inst.type = &host.type;
    inst.host = &host;
  }
};

// What every tier does around a call: push a FrameRecord, pop it on return.
// (No RAII: a trap longjmps over the frame, so it must hold nothing to destroy.)
void Push(ExecContext* ctx, FrameRecord* record, FuncInst* f, uintptr_t pc) {
  record->prev = ctx->top;
  record->func = f;
  record->pc = reinterpret_cast<const void*>(pc);
  ctx->top = record;
}
void Pop(ExecContext* ctx, FrameRecord* record) {
  ctx->top = record->prev;
}

void CallEntry(ExecContext* ctx, Slot* fp, FuncInst* callee) {
  callee->code->entry.load(std::memory_order_acquire)(ctx, fp, callee);
}

const std::vector<ValType> kI32{ValType::I32()};
const std::vector<ValType> kI32x2{ValType::I32(), ValType::I32()};

void AddEntry(ExecContext*, Slot* fp, FuncInst*) {
  fp[0] = static_cast<uint32_t>(fp[0]) + static_cast<uint32_t>(fp[1]);
}

TEST(ExecTest, CallsAndCopiesResults) {
  ExecContext ctx;
  TestFunc add(&AddEntry, kI32x2, kI32);
  Slot slots[2] = {40, 2};
  ASSERT_TRUE(CallFromHost(&ctx, &add.inst, slots).ok());
  EXPECT_EQ(slots[0], 42u);
  // The value stack was mapped lazily with the default size.
  ASSERT_NE(ctx.stack_base, nullptr);
  EXPECT_EQ(static_cast<uint64_t>(ctx.stack_limit - ctx.stack_base) * sizeof(Slot),
            Config().max_wasm_stack_bytes);
  EXPECT_EQ(ctx.entry, nullptr);
  EXPECT_EQ(ctx.top, nullptr);
  EXPECT_EQ(CurrentContext(), nullptr);
}

TEST(ExecTest, FunctionWithoutCodeIsAnError) {
  ExecContext ctx;
  TestFunc f(nullptr, {}, {});
  Slot unused[1] = {0};
  EXPECT_EQ(CallFromHost(&ctx, &f.inst, unused).code(), absl::StatusCode::kFailedPrecondition);
}

TEST(ExecTest, ValueStackSizeComesFromTheModuleConfig) {
  ModuleFunc add(&AddEntry, kI32x2, kI32);
  add.config().max_wasm_stack_bytes = 64 * 1024;
  ExecContext ctx;
  Slot slots[2] = {1, 2};
  ASSERT_TRUE(CallFromHost(&ctx, &add.func.inst, slots).ok());
  EXPECT_EQ(ctx.stack_limit - ctx.stack_base, 8192);
}

TEST(ExecTest, CreateValueStackLeavesOwnershipWithTheCaller) {
  ExecContext ctx;
  auto stack = CreateValueStack(&ctx, 10000);  // rounded up to whole pages
  ASSERT_TRUE(stack.ok());
  EXPECT_EQ(ctx.stack_base, (*stack)->base());
  EXPECT_EQ(ctx.stack_limit - ctx.stack_base, 12288 / 8);
  TestFunc add(&AddEntry, kI32x2, kI32);
  Slot slots[2] = {1, 2};
  ASSERT_TRUE(CallFromHost(&ctx, &add.inst, slots).ok());
  EXPECT_EQ(ctx.value_stack, nullptr);  // CallFromHost used the given stack
  EXPECT_EQ(slots[0], 3u);
}

void CheckAlignedEntry(ExecContext* ctx, Slot* fp, FuncInst*) {
  if (reinterpret_cast<uintptr_t>(fp) % 16 != 0) RaiseTrap(ctx, TrapCode::kUnreachable);
  fp[0] = fp[0] ^ fp[1];  // the two halves of a v128 parameter
}

TEST(ExecTest, V128TakesTwoSlotsInAnAlignedFrame) {
  ExecContext ctx;
  TestFunc f(&CheckAlignedEntry, {ValType::V128()}, {ValType::I64()});
  Slot slots[2] = {0xF0, 0x0F};
  ASSERT_TRUE(CallFromHost(&ctx, &f.inst, slots).ok());
  EXPECT_EQ(slots[0], 0xFFu);
}

void TrapAtDepthEntry(ExecContext* ctx, Slot* fp, FuncInst* callee) {
  // fp[0] = remaining depth; each level pushes a frame whose pc is 0x100 + depth.
  FrameRecord frame;
  Push(ctx, &frame, callee, 0x100 + fp[0]);
  if (fp[0] == 0) RaiseTrap(ctx, TrapCode::kUnreachable);
  fp[1] = fp[0] - 1;
  CallEntry(ctx, fp + 1, callee);
  Pop(ctx, &frame);
}

TEST(ExecTest, TrapUnwindsWithABacktraceInnermostFirst) {
  ExecContext ctx;
  TestFunc f(&TrapAtDepthEntry, kI32, {}, /*index=*/7);
  Slot slots[1] = {2};
  absl::Status status = CallFromHost(&ctx, &f.inst, slots);
  EXPECT_EQ(status.code(), absl::StatusCode::kAborted);
  EXPECT_EQ(status.message(), "unreachable");
  EXPECT_EQ(ctx.trap, TrapCode::kUnreachable);
  ASSERT_EQ(ctx.trap_frames.size(), 3u);
  EXPECT_EQ(ctx.trap_frames[0].pc, reinterpret_cast<const void*>(0x100));
  EXPECT_EQ(ctx.trap_frames[1].pc, reinterpret_cast<const void*>(0x101));
  EXPECT_EQ(ctx.trap_frames[2].pc, reinterpret_cast<const void*>(0x102));
  EXPECT_EQ(ctx.trap_frames[2].func, &f.inst);
  // Everything is back as before the call.
  EXPECT_EQ(ctx.top, nullptr);
  EXPECT_EQ(ctx.entry, nullptr);
  EXPECT_EQ(ctx.stack_top, ctx.stack_base);
  EXPECT_EQ(ctx.native_limit, 0u);
  EXPECT_EQ(CurrentContext(), nullptr);
  // The context is reusable, and a good call clears the old trap.
  TestFunc add(&AddEntry, kI32x2, kI32);
  Slot args[2] = {1, 1};
  ASSERT_TRUE(CallFromHost(&ctx, &add.inst, args).ok());
  EXPECT_EQ(ctx.trap, TrapCode::kNone);
  EXPECT_TRUE(ctx.trap_frames.empty());
}

TEST(ExecTest, HostErrorReachesTheHostUnchanged) {
  ExecContext ctx;
  TestHost failing(
      [](ExecContext*, FuncInst*, Slot*) { return absl::NotFoundError("no such thing"); }, {}, {});
  Slot unused[1] = {0};
  absl::Status status = CallFromHost(&ctx, &failing.inst, unused);
  EXPECT_EQ(status, absl::NotFoundError("no such thing"));
  EXPECT_EQ(ctx.trap, TrapCode::kNone);
  EXPECT_EQ(ctx.status, status);
}

TEST(ExecTest, HostFrameReservesItsSlotsForNestedCalls) {
  ExecContext ctx;
  Slot* seen_top = nullptr;
  Slot* seen_slots = nullptr;
  TestHost host(
      [&](ExecContext* ctx, FuncInst*, Slot* slots) {
        seen_top = ctx->stack_top;
        seen_slots = slots;
        slots[0] = slots[0] + slots[1];
        return absl::OkStatus();
      },
      {ValType::V128()}, {ValType::I64()});
  Slot slots[2] = {5, 6};
  ASSERT_TRUE(CallFromHost(&ctx, &host.inst, slots).ok());
  EXPECT_EQ(slots[0], 11u);
  EXPECT_EQ(seen_top, seen_slots + 2);  // v128 = two slots
  EXPECT_EQ(ctx.stack_top, ctx.stack_base);
}

// Through a wasm frame: wasm -> host (error) unwinds the wasm frame too.
TestHost* g_failing_host = nullptr;
void CallsFailingHostEntry(ExecContext* ctx, Slot* fp, FuncInst* callee) {
  FrameRecord frame;
  Push(ctx, &frame, callee, 0x55);
  CallEntry(ctx, fp, &g_failing_host->inst);
  fp[0] = 999;  // never reached
  Pop(ctx, &frame);
}

TEST(ExecTest, HostErrorUnwindsWasmFramesWithBacktrace) {
  ExecContext ctx;
  TestHost failing(
      [](ExecContext* ctx, FuncInst*, Slot* slots) {
        EXPECT_NE(ctx->top, nullptr);  // the calling wasm frame
        return absl::PermissionDeniedError(absl::StrCat("got ", slots[0]));
      },
      kI32, kI32);
  g_failing_host = &failing;
  TestFunc f(&CallsFailingHostEntry, kI32, kI32);
  Slot slots[1] = {5};
  absl::Status status = CallFromHost(&ctx, &f.inst, slots);
  EXPECT_EQ(status, absl::PermissionDeniedError("got 5"));
  EXPECT_EQ(slots[0], 5u);  // results are not written on failure
  ASSERT_EQ(ctx.trap_frames.size(), 1u);
  EXPECT_EQ(ctx.trap_frames[0].pc, reinterpret_cast<const void*>(0x55));
  EXPECT_EQ(ctx.top, nullptr);
}

// ---- Nested entries: Outer (wasm) -> H (host) -> Inner (wasm) -> H2 (host)
// -> Deepest (wasm), which traps. The trap returns to H2 only; H2 fails with a
// status, which unwinds Inner and returns to H only; H recovers, so Outer
// completes normally.
struct Nested {
  TestFunc* inner = nullptr;
  TestFunc* deepest = nullptr;
  TestHost* h = nullptr;
  TestHost* h2 = nullptr;
  FrameRecord* outer_frame = nullptr;
  EntryRecord* outer_entry = nullptr;
  uintptr_t outer_native_limit = 0;
  std::vector<std::string> log;
};
Nested* g_nested = nullptr;

void OuterEntry(ExecContext* ctx, Slot* fp, FuncInst* callee) {
  FrameRecord frame;
  Push(ctx, &frame, callee, 0x1);
  g_nested->outer_frame = &frame;
  g_nested->outer_entry = ctx->entry;
  g_nested->outer_native_limit = ctx->native_limit;
  fp[1] = fp[0];
  CallEntry(ctx, fp + 1, &g_nested->h->inst);  // H's result lands in fp[1]
  fp[0] = fp[1] + 1;
  Pop(ctx, &frame);
}

void InnerEntry(ExecContext* ctx, Slot* fp, FuncInst* callee) {
  FrameRecord frame;
  Push(ctx, &frame, callee, 0x2);
  CallEntry(ctx, fp, &g_nested->h2->inst);
  g_nested->log.push_back("inner resumed");  // must not happen: H2 fails
  Pop(ctx, &frame);
}

void DeepestEntry(ExecContext* ctx, Slot*, FuncInst* callee) {
  FrameRecord frame;
  Push(ctx, &frame, callee, 0x3);
  RaiseTrap(ctx, TrapCode::kIntegerDivideByZero);
}

absl::Status H2Callback(ExecContext* ctx, FuncInst*, Slot* slots) {
  Nested& n = *g_nested;
  FrameRecord* inner_frame = ctx->top;
  EntryRecord* entry = ctx->entry;
  Slot deep_args[1] = {0};
  absl::Status s = CallFromHost(ctx, &n.deepest->inst, deep_args);
  n.log.push_back("H2: " + s.ToString());
  // Only Deepest's frame is in the backtrace; the context is back as it was.
  EXPECT_EQ(ctx->trap, TrapCode::kIntegerDivideByZero);
  EXPECT_EQ(ctx->trap_frames.size(), 1u);
  EXPECT_EQ(ctx->top, inner_frame);
  EXPECT_EQ(ctx->entry, entry);
  EXPECT_EQ(CurrentContext(), ctx);
  return absl::DataLossError("H2 gives up");
}

absl::Status HCallback(ExecContext* ctx, FuncInst*, Slot* slots) {
  Nested& n = *g_nested;
  EXPECT_EQ(ctx->top, n.outer_frame);
  // A nested frame must start above this host function's slots.
  EXPECT_GE(ctx->stack_top, slots + 1);
  Slot inner_args[1] = {slots[0]};
  absl::Status s = CallFromHost(ctx, &n.inner->inst, inner_args);
  n.log.push_back("H: " + s.ToString());
  EXPECT_EQ(ctx->trap, TrapCode::kNone);
  EXPECT_EQ(ctx->trap_frames.size(), 1u);  // Inner's frame
  EXPECT_EQ(ctx->top, n.outer_frame);
  EXPECT_EQ(ctx->entry, n.outer_entry);
  EXPECT_EQ(ctx->native_limit, n.outer_native_limit);  // nested entries keep the limit
  slots[0] = slots[0] * 10;
  return absl::OkStatus();
}

TEST(ExecTest, NestedEntriesUnwindToTheInnermostHost) {
  Nested nested;
  g_nested = &nested;
  TestFunc outer(&OuterEntry, kI32, kI32, 0);
  TestFunc inner(&InnerEntry, kI32, {}, 1);
  TestFunc deepest(&DeepestEntry, {}, {}, 2);
  TestHost h(&HCallback, kI32, kI32);
  TestHost h2(&H2Callback, kI32, {});
  nested.inner = &inner;
  nested.deepest = &deepest;
  nested.h = &h;
  nested.h2 = &h2;

  ExecContext ctx;
  Slot slots[1] = {4};
  absl::Status status = CallFromHost(&ctx, &outer.inst, slots);
  ASSERT_TRUE(status.ok()) << status;
  EXPECT_EQ(slots[0], 41u);
  EXPECT_EQ(nested.log, (std::vector<std::string>{"H2: ABORTED: integer divide by zero",
                                                  "H: DATA_LOSS: H2 gives up"}));
  EXPECT_EQ(ctx.entry, nullptr);
  EXPECT_EQ(ctx.top, nullptr);
  EXPECT_EQ(ctx.stack_top, ctx.stack_base);
  g_nested = nullptr;
}

// ---- Stack limits ----

void RecurseOnValueStackEntry(ExecContext* ctx, Slot* fp, FuncInst* callee) {
  constexpr int kFrameSlots = 4;
  if (fp + kFrameSlots > ctx->stack_limit) RaiseTrap(ctx, TrapCode::kStackExhausted);
  FrameRecord frame;
  Push(ctx, &frame, callee, 0);
  // The argument goes to the frame's last slot, where the callee's frame starts.
  fp[kFrameSlots - 1] = fp[0] + 1;
  CallEntry(ctx, fp + kFrameSlots - 1, callee);
  Pop(ctx, &frame);
}

TEST(ExecTest, ValueStackExhaustionTraps) {
  ExecContext ctx;
  ASSERT_TRUE(EnsureValueStack(&ctx, 4096).ok());  // 512 slots
  TestFunc f(&RecurseOnValueStackEntry, kI32, {});
  Slot slots[1] = {0};
  absl::Status status = CallFromHost(&ctx, &f.inst, slots);
  EXPECT_EQ(status.message(), "call stack exhausted");
  // Frames of 4 slots overlapping by one: fp = base + 3k fits while 3k + 4 <= 512.
  EXPECT_EQ(ctx.trap_frames.size(), 170u);
}

TEST(ExecTest, NoRoomForTheArgumentsIsStackExhaustion) {
  ExecContext ctx;
  ASSERT_TRUE(EnsureValueStack(&ctx, 4096).ok());
  ctx.stack_top = ctx.stack_limit - 2;  // 16-byte aligned: the frame would start here
  TestFunc add(&AddEntry, {ValType::I32(), ValType::I32(), ValType::I32()}, kI32);
  Slot slots[3] = {1, 2, 3};
  EXPECT_EQ(CallFromHost(&ctx, &add.inst, slots).message(), "call stack exhausted");
  EXPECT_EQ(ctx.stack_top, ctx.stack_limit - 2);
}

uintptr_t g_first_frame = 0;
uintptr_t g_deepest_frame = 0;
uintptr_t g_limit_in_wasm = 0;
void RecurseOnNativeStackEntry(ExecContext* ctx, Slot* fp, FuncInst* callee) {
  const uintptr_t sp = reinterpret_cast<uintptr_t>(__builtin_frame_address(0));
  if (g_first_frame == 0) g_first_frame = sp;
  g_limit_in_wasm = ctx->native_limit;
  if (sp < ctx->native_limit) RaiseTrap(ctx, TrapCode::kStackExhausted);
  g_deepest_frame = sp;
  FrameRecord frame;
  Push(ctx, &frame, callee, 0);
  CallEntry(ctx, fp, callee);
  Pop(ctx, &frame);
}

TEST(ExecTest, NativeStackExhaustionTraps) {
  ModuleFunc f(&RecurseOnNativeStackEntry, {}, {});
  f.config().max_native_stack_bytes = 256 * 1024;
  ExecContext ctx;
  Slot unused[1] = {0};
  g_first_frame = 0;
  EXPECT_EQ(CallFromHost(&ctx, &f.func.inst, unused).message(), "call stack exhausted");
  EXPECT_GT(ctx.trap_frames.size(), 50u);
  // Wasm ran down to the limit, about 256 KiB below the entry, and no further.
  EXPECT_GE(g_deepest_frame, g_limit_in_wasm);
  EXPECT_LT(g_deepest_frame - g_limit_in_wasm, 1024u);
  EXPECT_GT(g_first_frame - g_deepest_frame, 240u * 1024);
  EXPECT_LT(g_first_frame - g_deepest_frame, 256u * 1024);
  EXPECT_EQ(ctx.native_limit, 0u);
}

uintptr_t g_seen_limit = 0;
uintptr_t g_seen_sp = 0;
void RecordLimitEntry(ExecContext* ctx, Slot*, FuncInst*) {
  g_seen_limit = ctx->native_limit;
  g_seen_sp = reinterpret_cast<uintptr_t>(__builtin_frame_address(0));
}

TEST(ExecTest, NativeLimitIsBelowTheOutermostEntry) {
  ModuleFunc f(&RecordLimitEntry, {}, {});
  f.config().max_native_stack_bytes = 128 * 1024;
  ExecContext ctx;
  Slot unused[1] = {0};
  ASSERT_TRUE(CallFromHost(&ctx, &f.func.inst, unused).ok());
  ASSERT_LT(g_seen_limit, g_seen_sp);
  EXPECT_LE(g_seen_sp - g_seen_limit, 128u * 1024);
  EXPECT_GE(g_seen_sp - g_seen_limit, 120u * 1024);
  EXPECT_GE(g_seen_limit, platform::CurrentThreadStack().low + kNativeStackReserve);
}

TEST(ExecTest, HostFunctionFirstLeavesTheNativeLimitToWasm) {
  ModuleFunc wasm(&RecordLimitEntry, {}, {});
  wasm.config().max_native_stack_bytes = 100 * 1024;
  g_seen_limit = 0;
  uintptr_t limit_in_host = 1;
  TestHost host(
      [&](ExecContext* ctx, FuncInst*, Slot*) {
        limit_in_host = ctx->native_limit;
        Slot unused[1] = {0};
        return CallFromHost(ctx, &wasm.func.inst, unused);
      },
      {}, {});
  ExecContext ctx;
  Slot unused[1] = {0};
  ASSERT_TRUE(CallFromHost(&ctx, &host.inst, unused).ok());
  EXPECT_EQ(limit_in_host, 0u);
  ASSERT_NE(g_seen_limit, 0u);
  EXPECT_LE(g_seen_sp - g_seen_limit, 100u * 1024);  // the wasm module's config
  EXPECT_EQ(ctx.native_limit, 0u);
}

TEST(ExecDeathTest, TrapOutsideCallFromHostAborts) {
  ExecContext ctx;
  EXPECT_DEATH(RaiseTrap(&ctx, TrapCode::kUnreachable), "trap raised outside CallFromHost");
}

TEST(StackTest, ComputeNativeLimit) {
  platform::StackBounds stack{0x100000, 0x900000};
  EXPECT_EQ(ComputeNativeLimit(0x800000, 0x100000, stack), 0x700000u);
  // Never closer than kNativeStackReserve to the thread's stack bottom.
  EXPECT_EQ(ComputeNativeLimit(0x180000, 0x100000, stack), 0x100000u + kNativeStackReserve);
  EXPECT_EQ(ComputeNativeLimit(0x800000, UINT64_MAX, stack), 0x100000u + kNativeStackReserve);
  // Unknown bounds: only the configuration counts (no wrap below 0).
  EXPECT_EQ(ComputeNativeLimit(0x800000, 0x100000, {}), 0x700000u);
  EXPECT_EQ(ComputeNativeLimit(0x800, 0x100000, {}), 0u);
}

TEST(StackTest, ThreadStackContainsThisFrame) {
  platform::StackBounds stack = platform::CurrentThreadStack();
  const uintptr_t sp = reinterpret_cast<uintptr_t>(__builtin_frame_address(0));
  EXPECT_LT(stack.low, sp);
  EXPECT_GT(stack.high, sp);
}

TEST(StackTest, ValueStackEndsInAGuardPage) {
  auto stack = ValueStack::Create(4096);
  ASSERT_TRUE(stack.ok());
  (*stack)->limit()[-1] = 1;  // the last slot is usable
  EXPECT_DEATH((*stack)->limit()[0] = 1, "");
}

TEST(StackTest, EnsureValueStackKeepsAnExistingStack) {
  ExecContext ctx;
  Slot mine[64];
  ctx.stack_base = ctx.stack_top = mine;
  ctx.stack_limit = mine + 64;
  ASSERT_TRUE(EnsureValueStack(&ctx, 1 << 20).ok());
  EXPECT_EQ(ctx.stack_base, mine);
  EXPECT_EQ(ctx.value_stack, nullptr);
}

}  // namespace
}  // namespace wasmtier::rt
