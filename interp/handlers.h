// Internal to the interpreter's handlers (interp/handlers_*.cc): the macros
// every handler is written with, the declarations of the own-op handlers that
// interp/handler_table.cc collects, and the cold trap paths they share.
#ifndef WASMTIER_INTERP_HANDLERS_H_
#define WASMTIER_INTERP_HANDLERS_H_

#include <cstdint>

#include "engine/opcodes.h"
#include "engine/runtime/exec.h"
#include "engine/runtime/module_code.h"
#include "interp/code.h"

namespace wasmtier::interp {

// Defines handler {name}. Every handler takes the VM state in argument
// registers and ends by tail-calling the next handler (NEXT / JUMP), so the
// whole chain runs in one native frame with no dispatch loop.
#define INTERP_HANDLER(name) void name(INTERP_HANDLER_ARGS)

#define INTERP_INLINE [[gnu::always_inline]] inline
// Slow paths (traps, budget exhaustion, tail calls into other tiers): kept out
// of the handlers so those stay a few instructions with no stack frame.
#define INTERP_COLD [[gnu::noinline, gnu::cold]]

// Continues with the instruction at {target} (a const Word*).
#define JUMP(target)                                                \
  do {                                                              \
    const ::wasmtier::interp::Word* next_ip_ = (target);            \
    [[clang::musttail]] return next_ip_->handler(next_ip_, fp, mem, ctx, fn, budget); \
  } while (0)

// Continues with the next instruction, {words} words on.
#define NEXT(words) JUMP(ip + (words))

// Words of an instruction with {f32} 32-bit and {f64} 64-bit fields.
#define WORDS(f32, f64) ::wasmtier::interp::WordsFor((f32), (f64))

// Field access by position (layout order). Include this header last: the
// short macro names are meant for handler bodies only.
#define FLD(i) ::wasmtier::interp::U32(ip, (i))
#define SLOT(i) fp[FLD(i)]
#define TARGET(i) (ip + ::wasmtier::interp::I32Field(ip, (i)))

// Five of the six argument registers hold VM state, so a handler has three
// scratch registers. The compiler hoists every field load to the top, which
// needs a fourth (a push/pop of rbx) in compares and stores: this barrier
// keeps the loads after it from moving up, so a handler finishes one operand
// before it decodes the next field.
#define INTERP_FIELDS_AFTER() asm volatile("" ::: "memory")

// The low 32 bits of a slot (i32 operands; the high half is unspecified).
INTERP_INLINE uint32_t AsU32(rt::Slot s) { return static_cast<uint32_t>(s); }

// Raises {code} with ctx->top->pc = {ip}: the backtrace's innermost frame
// points at the trapping instruction. Never returns (longjmp).
[[noreturn]] INTERP_COLD void TrapAt(const Word* ip, rt::ExecContext* ctx, TrapCode code);

// Handler-shaped trap path: raises ctx->trap at {ip}. Handlers reach it by a
// tail call (TRAP), so their hot path keeps no frame and saves no register
// for a call that only happens when they trap.
// Not [[noreturn]]: the optimizer would drop the `ret` after a tail call to it,
// and a musttail call must be followed by one.
INTERP_COLD INTERP_HANDLER(RaisePendingTrap);

// Traps with {code} at this instruction.
#define TRAP(code)                                                             \
  do {                                                                         \
    ctx->trap = (code);                                                        \
    [[clang::musttail]] return ::wasmtier::interp::RaisePendingTrap(ip, fp, mem, ctx, fn, budget); \
  } while (0)

// ---- Loop back-edge and entry charges (interp/handlers_control.cc) ----

// The function's tier-up budget ran out at a back-edge to {target}.
INTERP_COLD void BudgetExhaustedAt(const Word* ip, const Word* target, rt::ExecContext* ctx,
                                   rt::FuncInst* fn);
// Fuel ran out or an interrupt is pending (or the engine uses neither and the
// counter merely wrapped): trap if the engine's configuration says so.
INTERP_COLD void FuelOrInterruptAt(const Word* ip, rt::ExecContext* ctx, rt::FuncInst* fn);

// Charges one unit of fuel and checks for an interrupt (the Checked back-edge
// forms and function entries with Code::entry_checks). The hot test is one
// decrement and one load; the engine's configuration is consulted only on the
// cold path, so the counter also runs (harmlessly) when fuel is off.
INTERP_INLINE void ChargeFuelAndInterrupt(const Word* ip, rt::ExecContext* ctx, rt::FuncInst* fn) {
  if (__builtin_expect(--ctx->fuel < 0, 0) ||
      __builtin_expect(ctx->interrupt.load(std::memory_order_relaxed) != 0, 0)) {
    FuelOrInterruptAt(ip, ctx, fn);
  }
}

// ---- Entry duties (interp/entry.cc) ----

// What InterpEntry does before running a function's first handler, minus the
// native stack check and the FrameRecord push: value-stack check, call budget,
// fuel/interrupt at entry, zeroing the declared locals. Shared with tail calls,
// which reuse the caller's native frame and FrameRecord.
void EnterFrame(rt::ExecContext* ctx, rt::Slot* fp, rt::FuncInst* callee, const Code* code);
// Translates {callee} if needed (GetOrTranslate) and returns its code; a
// translation error is raised as the unwinding status (never returns then).
const Code* TranslateOrRaise(rt::ExecContext* ctx, rt::FuncInst* callee);
// Traps kStackExhausted.
[[noreturn]] INTERP_COLD void StackExhausted(rt::ExecContext* ctx);
// InterpEntry with every duty on the general path: a Code not yet visible,
// fuel/interrupt checks at entry, a call budget about to run out. Out of line,
// so that the fast path keeps no value but {ctx} across its calls.
[[gnu::noinline]] void InterpEntrySlow(rt::ExecContext* ctx, rt::Slot* fp, rt::FuncInst* callee,
                                       const Code* code);

// Zeroes the declared locals. Most functions declare a handful, so a plain
// loop beats a call to memset, whose call also made the entry save every
// callee-saved register (values live across it). The empty asm keeps the
// compiler from turning the loop back into that call.
INTERP_INLINE void ZeroLocals(rt::Slot* locals, uint32_t n) {
  for (uint32_t i = 0; i < n; ++i) {
    locals[i] = 0;
    asm volatile("" ::: "memory");
  }
}

// EnterFrame's body minus the call charge (every call pays for it).
INTERP_INLINE void EnterFrameChecks(rt::ExecContext* ctx, rt::Slot* fp, const Code* code) {
  ctx->top->pc = code->words.data();
  // Compared as addresses: a frame past the stack's end is not an object.
  if (reinterpret_cast<uintptr_t>(fp + 0) + uintptr_t{code->frame_slots} * sizeof(rt::Slot) >
      reinterpret_cast<uintptr_t>(ctx->stack_limit)) {
    StackExhausted(ctx);
  }
  ZeroLocals(fp + code->num_params, code->num_locals);
}

// InterpEntry's fast path, also inlined into the call handlers when the
// callee's entry is InterpEntry (no second call and frame per wasm call):
// the same duties in the same order as InterpEntrySlow when the Code is
// there, the engine wants no checks at entry and the budget does not run out
// on this call. The call's charge goes to the budget's register copy.
INTERP_INLINE void RunInterpreted(rt::ExecContext* ctx, rt::Slot* fp, rt::FuncInst* callee) {
  const Code* code = static_cast<const Code*>(callee->code->interp.load(std::memory_order_acquire));
  if (__builtin_expect(code == nullptr || code->entry_checks, 0) ||
      (code->count_calls && __builtin_expect(callee->budget <= 0, 0))) {
    return InterpEntrySlow(ctx, fp, callee, code);
  }
  // Pushed before the checks so that a stack-exhausted trap shows this frame.
  rt::FrameRecord frame{ctx->top, callee, code->words.data()};
  ctx->top = &frame;
  // The record's own address stands for this native frame's (no frame pointer needed).
  if (reinterpret_cast<uintptr_t>(&frame) < ctx->native_limit) StackExhausted(ctx);
  EnterFrameChecks(ctx, fp, code);
  const int32_t budget = callee->budget - int32_t{code->count_calls};
  const Word* start = code->words.data();
  start->handler(start, fp, callee->instance->memory0_base, ctx, callee, budget);
  ctx->top = frame.prev;
}

// Own-op handlers, one per INTERP_OP row and fused compare.
#define INTERP_OP(Name, layout, doc) INTERP_HANDLER(Op##Name);
#include "interp/ops.def"
#undef INTERP_OP
#define INTERP_FUSED(Cmp)                                                  \
  INTERP_HANDLER(OpBrIf##Cmp); INTERP_HANDLER(OpBrIfNot##Cmp);             \
  INTERP_HANDLER(OpBrIf##Cmp##Imm); INTERP_HANDLER(OpBrIfNot##Cmp##Imm);  \
  INTERP_HANDLER(OpBackBrIf##Cmp); INTERP_HANDLER(OpBackBrIfNot##Cmp);     \
  INTERP_HANDLER(OpBackBrIf##Cmp##Imm); INTERP_HANDLER(OpBackBrIfNot##Cmp##Imm);
INTERP_I32_COMPARES(INTERP_FUSED)
#undef INTERP_FUSED

// Handlers of opcode-table rows: the numeric row {op}'s register form
// (interp/handlers_numeric.cc), the guarded or checked load/store of {op}
// (interp/handlers_memory.cc); nullptr if the interpreter does not run it.
Handler NumericHandler(Opcode op);
// The immediate form's handler of {op} (INTERP_IMM_BINOPS), else nullptr.
Handler ImmediateHandler(Opcode op);
Handler LoadStoreHandler(Opcode op, bool checked);
// The add-folded guarded access of row {op} (kA... if {imm}: loads and
// stores; else kX...: loads); nullptr for other rows.
Handler AddLoadHandler(Opcode op, bool imm);

}  // namespace wasmtier::interp

#endif  // WASMTIER_INTERP_HANDLERS_H_
