// The tier contract (DESIGN.md §3, drawn in ARCHITECTURE.md "Frames and calls"):
// slots, the per-thread execution context, and the runtime objects every tier
// reads while running code — function, instance, memory, table and global
// instances. Tiers depend on this header; the runtime and the public API
// implement what it declares. Field offsets that compiled code bakes in are
// listed in engine/runtime/offsets.h and checked there with static_assert.
#ifndef WASMTIER_ENGINE_RUNTIME_EXEC_H_
#define WASMTIER_ENGINE_RUNTIME_EXEC_H_

#include <atomic>
#include <csetjmp>
#include <cstdint>
#include <memory>
#include <vector>

#include "absl/status/status.h"
#include "engine/module.h"
#include "engine/runtime/trap.h"
#include "engine/types.h"

namespace wasmtier::rt {

// ---------------------------------------------------------------------------
// Slots. A slot is 8 bytes (DESIGN.md §3). i32 and f32 live in the low 4 bytes;
// the high 4 bytes of such a slot are unspecified: writers may leave garbage,
// readers must ignore it. i64/f64 use all 8 bytes. A reference is one slot
// holding a pointer: FuncInst* for funcref, ExternObj* for externref, 0 = null.
// v128 takes two consecutive slots, the first at an even slot index of a
// 16-byte-aligned frame (no tier executes SIMD yet).
// ---------------------------------------------------------------------------
using Slot = uint64_t;

struct ExecContext;
struct FuncInst;

// The one entry signature of every function, whichever tier runs it.
// {fp} points at the callee's frame: its parameters are in fp[0..params)
// (placed there by the caller); on return its results are in fp[0..results).
// The callee may use fp[0..frame_slots) of its own frame freely and must check
// that fp + frame_slots <= ctx->stack_limit before touching slots above its
// parameters (else trap kStackExhausted). A trap never returns: it unwinds by
// longjmp to the innermost host->wasm entry (see CallFromHost).
using WasmEntry = void (*)(ExecContext* ctx, Slot* fp, FuncInst* callee);

// Code of one function of a module, shared by every instance of the module and
// by every store (the module is shared between threads, DESIGN.md §7). {entry}
// starts as the tier's lazy entry (translate on first call) and is swapped
// atomically when a tier publishes better code; callers load it each call.
struct FuncCode {
  std::atomic<WasmEntry> entry{nullptr};
  // Interpreter code (interp::Code*), published with release order once
  // translated; nullptr before. Owned by the module's code table.
  std::atomic<const void*> interp{nullptr};
  // Maps a tier code address {pc} inside this function to the byte offset of
  // the wasm instruction it came from (for backtraces); set by the tier that
  // published {entry}; nullptr = offsets unknown.
  std::atomic<uint32_t (*)(const FuncCode*, const void* pc)> source_offset{nullptr};
  uint32_t func_index = 0;  // in its module
};

struct InstanceData;
struct HostFunc;

// A function instance (spec "function address"): what funcref values, tables
// and call instructions point at. Owned by its store.
struct FuncInst {
  FuncCode* code = nullptr;            // for host functions: a code record of their own
  InstanceData* instance = nullptr;    // the defining instance; nullptr for host functions
  uint32_t sig_id = 0;                 // engine-wide canonical type id (call_indirect, call_ref)
  uint32_t func_index = 0;             // index in the defining module
  // Tier-up budget, charged on calls and loop back-edges by code that counts
  // (config profile_counters); when it drops below zero the tier calls
  // OnBudgetExhausted (engine/runtime/profile.h), which refills it.
  int32_t budget = 0;
  const FuncType* type = nullptr;      // owned by the module or by the host function
  HostFunc* host = nullptr;            // host functions only
};

// A linear memory. Every memory reserves its maximum size up front (capped by
// the engine's max_memory_bytes), so {base} never moves: code may cache it
// across calls and memory.grow. A 32-bit memory also reserves the rest of its
// index space plus a guard region (kGuardedReservation bytes in all) so that
// any address + static offset (< 2^33) lands in memory it owns: guarded
// accesses need no bounds check and a fault there becomes kMemoryOutOfBounds.
// A 64-bit memory is accessed with explicit checks against {size}.
struct MemoryInst {
  static constexpr uint64_t kGuardedReservation = (8ull << 30) + (64ull << 10);

  uint8_t* base = nullptr;
  uint64_t size = 0;           // accessible bytes = pages << page_size_log2
  uint64_t reserved = 0;       // bytes of address space owned from {base}
  uint64_t max_pages = 0;      // effective maximum (type max, config cap, address type)
  MemoryType type;
  // Releases the reservation: set by CreateMemory (engine/runtime/memory.h);
  // nullptr for a memory whose bytes someone else owns (e.g. a test's buffer).
  void (*release)(MemoryInst*) = nullptr;
  bool is64() const { return type.limits.is64; }
  uint64_t pages() const { return size >> type.page_size_log2; }
  ~MemoryInst() {
    if (release != nullptr) release(this);
  }
};

// A table: elements are references (one slot each, 0 = null).
struct TableInst {
  std::vector<Slot> elements;
  uint64_t max_elements = 0;   // effective maximum (type max, config cap)
  TableType type;
  uint64_t size() const { return elements.size(); }
};

struct GlobalInst {
  Slot value[2] = {0, 0};      // value[1] used by v128 only
  GlobalType type;
};

// externref payload: the host data an embedder wraps. Owned by the store.
struct ExternObj {
  uint64_t data = 0;
};

// Element and data segments at run time. Dropping (elem.drop, data.drop, or an
// active/declarative segment after instantiation) empties them.
struct ElemInst {
  std::vector<Slot> refs;
};
struct DataInst {
  const uint8_t* bytes = nullptr;  // into the module's wire bytes
  uint32_t size = 0;
};

struct ModuleCode;  // engine/runtime/module_code.h: per-module code table

// What code of one instance reaches while running. Owned by the store.
struct InstanceData {
  uint8_t* memory0_base = nullptr;    // memories[0]->base, or nullptr (never moves)
  std::vector<MemoryInst*> memories;  // imported ones first, as in the index space
  std::vector<TableInst*> tables;
  std::vector<GlobalInst*> globals;
  std::vector<FuncInst*> funcs;
  std::vector<ElemInst> elems;
  std::vector<DataInst> datas;
  const uint32_t* sig_ids = nullptr;  // engine-wide canonical id per type index
  const WasmModule* module = nullptr;
  ModuleCode* code = nullptr;
  struct StoreImpl* store = nullptr;
};

// One wasm activation, for backtraces: every tier pushes one per call on the
// native stack (cheap: three stores) and keeps {pc} current at calls and traps.
struct FrameRecord {
  FrameRecord* prev = nullptr;
  FuncInst* func = nullptr;
  const void* pc = nullptr;  // tier code address of the current instruction
};

// One host->wasm entry (CallFromHost): where a trap unwinds to.
struct EntryRecord {
  jmp_buf unwind;
  EntryRecord* prev = nullptr;
  FrameRecord* saved_top = nullptr;
};

// Per-store (so per-thread at any moment) execution state. Fields the tiers
// touch on hot paths come first.
struct ExecContext {
  Slot* stack_limit = nullptr;       // end of the usable value stack
  uintptr_t native_limit = 0;        // lowest native stack address wasm frames may use
  FrameRecord* top = nullptr;        // innermost wasm activation
  EntryRecord* entry = nullptr;      // innermost host->wasm entry
  int64_t fuel = 0;                  // remaining fuel when the engine consumes fuel
  std::atomic<uint32_t> interrupt{0};  // set by another thread: stop at the next check
  Slot* stack_base = nullptr;        // the value stack (one per store)
  // First free slot for a nested host->wasm call: HostEntry sets it above the
  // host function's frame (everything above a call's arguments is dead in the
  // caller's frame), CallFromHost places the new frame there and restores it.
  Slot* stack_top = nullptr;
  // Every memory of the store: the fault handler claims a fault only inside
  // one of their reservations, and only while this context runs wasm.
  std::vector<MemoryInst*> memories;
  struct StoreImpl* store = nullptr;
  // The unwinding error: a trap code, or (kNone) a status from a host function
  // or a lazy translation ("unsupported: ...").
  TrapCode trap = TrapCode::kNone;
  absl::Status status;
  std::vector<FrameRecord> trap_frames;  // backtrace captured when the trap was raised
  // Owner of the value stack mapping (engine/runtime/stack.h): made by the
  // first CallFromHost, or earlier by EnsureValueStack; freed with the context.
  std::shared_ptr<void> value_stack;
};

// ---- Called by tiers (engine/runtime/exec.cc). Never return. ----

// Records {code} with a backtrace taken from ctx->top (whose pc the caller has
// set) and unwinds to the innermost host->wasm entry.
[[noreturn]] void RaiseTrap(ExecContext* ctx, TrapCode code);
// Same for an error status (a host function's error, an unsupported feature
// found by lazy translation); the status is passed to the host unchanged.
[[noreturn]] void RaiseStatus(ExecContext* ctx, absl::Status status);

// Calls {func} from the host with {args_and_results} (params on entry, results
// on return; at least max(params, results) slots, v128 = two). Sets up the value
// stack, the native stack limit, an EntryRecord and the fault handler, and turns
// an unwinding trap into an error status (see engine/runtime/trap_status.h).
absl::Status CallFromHost(ExecContext* ctx, FuncInst* func, Slot* args_and_results);

}  // namespace wasmtier::rt

#endif  // WASMTIER_ENGINE_RUNTIME_EXEC_H_
