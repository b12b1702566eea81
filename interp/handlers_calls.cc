// Handlers for calls and tail calls. Every call goes through the callee's
// FuncCode entry, so the callee may be interpreted, compiled or a host
// function; a tail call into interpreted code instead continues in the
// caller's native frame and FrameRecord, so return_call loops run in constant
// native and value stack.
#include <cstring>

#include "engine/runtime/instance_ops.h"
#include "engine/runtime/module_code.h"
#include "interp/interp.h"
#include "interp/handlers.h"

namespace wasmtier::interp {
namespace {

// Calls {callee} with its frame at {callee_fp}; ctx->top->pc = {ip} lets a
// backtrace taken inside the callee show where this frame was.
// An interpreted callee runs InterpEntry's body inlined here.
INTERP_INLINE void CallFunc(const Word* ip, rt::Slot* callee_fp, rt::ExecContext* ctx,
                            rt::FuncInst* callee) {
  ctx->top->pc = ip;
  const rt::WasmEntry entry = callee->code->entry.load(std::memory_order_relaxed);
  if (__builtin_expect(entry == &InterpEntry, 1)) {
    RunInterpreted(ctx, callee_fp, callee);
  } else {
    entry(ctx, callee_fp, callee);
  }
}

INTERP_INLINE rt::FuncInst* IndirectCallee(const Word* ip, rt::Slot* fp, rt::ExecContext* ctx,
                                           rt::FuncInst* fn, uint32_t type_index,
                                           uint32_t table_index, rt::Slot index) {
  const rt::TableInst* table = fn->instance->tables[table_index];
  const uint64_t i = table->type.limits.is64 ? index : AsU32(index);
  rt::FuncInst* callee = nullptr;
  const TrapCode trap = rt::LookupIndirect(table, i, fn->instance->sig_ids[type_index], &callee);
  if (__builtin_expect(trap != TrapCode::kNone, 0)) TrapAt(ip, ctx, trap);
  return callee;
}

INTERP_INLINE rt::FuncInst* RefCallee(const Word* ip, rt::ExecContext* ctx, rt::Slot ref) {
  if (__builtin_expect(ref == 0, 0)) TrapAt(ip, ctx, TrapCode::kNullFunctionReference);
  return reinterpret_cast<rt::FuncInst*>(ref);
}

uint32_t ParamSlots(const rt::FuncInst* callee) {
  uint32_t n = 0;
  for (const ValType& t : callee->type->params) n += t.slots();
  return n;
}

// The body of a tail call from the frame at {fp} to {callee}, whose arguments
// are at fp[base..]. Moves them to fp[0..). If the callee runs in the
// interpreter (translating it first if it is still lazy), makes the current
// activation the callee's (FrameRecord, entry duties) and returns its first
// instruction, for the handler to continue with in this native frame. Else
// runs it through its entry and returns nullptr: its results are then in
// fp[0..), which is where this frame's caller expects this frame's results.
[[gnu::noinline]] const Word* PrepareTailCall(const Word* ip, rt::Slot* fp, rt::ExecContext* ctx,
                                              rt::FuncInst* callee, uint32_t base) {
  rt::WasmEntry entry = callee->code->entry.load(std::memory_order_acquire);
  if (entry == &LazyEntry) {
    ctx->top->pc = ip;
    TranslateOrRaise(ctx, callee);
    entry = callee->code->entry.load(std::memory_order_acquire);
  }
  if (entry == &InterpEntry || entry == &LazyEntry) {
    const Code* code = static_cast<const Code*>(callee->code->interp.load(std::memory_order_acquire));
    std::memmove(fp, fp + base, code->num_params * sizeof(rt::Slot));
    ctx->top->func = callee;
    EnterFrame(ctx, fp, callee, code);
    return code->words.data();
  }
  std::memmove(fp, fp + base, ParamSlots(callee) * sizeof(rt::Slot));
  ctx->top->pc = ip;
  entry(ctx, fp, callee);
  return nullptr;
}

}  // namespace

// ---- Calls ----

// The budget register is written back around a call: the callee may be this
// same function (recursion charges fn->budget at entry) or refill it.
INTERP_HANDLER(OpCall) {
  fn->budget = budget;
  CallFunc(ip, fp + FLD(1), ctx, fn->instance->funcs[FLD(0)]);
  budget = fn->budget;
  NEXT(WORDS(2, 0));
}

INTERP_HANDLER(OpCallIndirect) {
  fn->budget = budget;
  rt::FuncInst* callee = IndirectCallee(ip, fp, ctx, fn, FLD(0), FLD(1), SLOT(2));
  CallFunc(ip, fp + FLD(3), ctx, callee);
  budget = fn->budget;
  NEXT(WORDS(4, 0));
}

INTERP_HANDLER(OpCallRef) {
  fn->budget = budget;
  CallFunc(ip, fp + FLD(2), ctx, RefCallee(ip, ctx, SLOT(1)));
  budget = fn->budget;
  NEXT(WORDS(3, 0));
}

// ---- Tail calls ----

// Continues with the callee's first instruction, with the callee's memory and
// function, or returns if PrepareTailCall already ran the callee elsewhere.
#define INTERP_TAIL_CALL(callee, base)                                                  \
  do {                                                                                  \
    fn->budget = budget;                                                                \
    rt::FuncInst* callee_ = (callee);                                                   \
    const Word* start_ = PrepareTailCall(ip, fp, ctx, callee_, (base));                 \
    if (start_ == nullptr) return;                                                      \
    [[clang::musttail]] return start_->handler(start_, fp, callee_->instance->memory0_base, \
                                               ctx, callee_, callee_->budget);          \
  } while (0)

INTERP_HANDLER(OpReturnCall) { INTERP_TAIL_CALL(fn->instance->funcs[FLD(0)], FLD(1)); }

INTERP_HANDLER(OpReturnCallIndirect) {
  INTERP_TAIL_CALL(IndirectCallee(ip, fp, ctx, fn, FLD(0), FLD(1), SLOT(2)), FLD(3));
}

INTERP_HANDLER(OpReturnCallRef) { INTERP_TAIL_CALL(RefCallee(ip, ctx, SLOT(1)), FLD(2)); }

#undef INTERP_TAIL_CALL

}  // namespace wasmtier::interp
