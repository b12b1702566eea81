// Handlers for moves, constants, branches (plain, fused compare, back-edges
// that charge the tier-up budget, fuel and interrupts) and function exit, plus
// the cold trap and charge paths every handler file shares.
#include "engine/runtime/numeric.h"
#include "engine/runtime/profile.h"
#include "engine/runtime/module_code.h"
#include "interp/handlers.h"

namespace wasmtier::interp {

void TrapAt(const Word* ip, rt::ExecContext* ctx, TrapCode code) {
  ctx->top->pc = ip;
  rt::RaiseTrap(ctx, code);
}

void RaisePendingTrap(INTERP_HANDLER_ARGS) {
  fn->budget = budget;
  TrapAt(ip, ctx, ctx->trap);
}

void BudgetExhaustedAt(const Word* ip, const Word* target, rt::ExecContext* ctx,
                       rt::FuncInst* fn) {
  ctx->top->pc = ip;
  rt::OnBudgetExhausted(ctx, fn, target);
}

void FuelOrInterruptAt(const Word* ip, rt::ExecContext* ctx, rt::FuncInst* fn) {
  const Config& config = fn->instance->code->config;
  if (config.interruptible && ctx->interrupt.load(std::memory_order_relaxed) != 0) {
    TrapAt(ip, ctx, TrapCode::kInterrupted);
  }
  if (ctx->fuel < 0) {
    if (config.consume_fuel) {
      ctx->fuel = 0;  // the charge that failed is not taken
      TrapAt(ip, ctx, TrapCode::kOutOfFuel);
    }
    // Fuel is off: the counter only ran because the hot path does not look at
    // the configuration. Park it far from zero.
    ctx->fuel = INT64_MAX;
  }
}

namespace {

// Charges a back-edge: one unit of the tier-up budget (the handlers' register
// copy) and, for the Checked forms, one unit of fuel and an interrupt check.
// True if any ran out. Both counters are always decremented (no short
// circuit), so the slow path can tell from their values what happened.
template <bool kChecked>
INTERP_INLINE bool ChargeBackEdge(rt::ExecContext* ctx, int32_t& budget) {
  bool out = --budget < 0;
  if constexpr (kChecked) {
    out |= --ctx->fuel < 0;
    out |= ctx->interrupt.load(std::memory_order_relaxed) != 0;
  }
  return out;
}

// The slow path of a back-edge whose target is field {kTarget}: profile hook,
// then fuel/interrupt traps, then the branch. Handler-shaped and reached by a
// tail call, so the back-edge handlers themselves make no call.
template <int kTarget, bool kChecked>
INTERP_COLD INTERP_HANDLER(BackEdgeSlow) {
  const Word* target = TARGET(kTarget);
  fn->budget = budget;
  if (budget < 0) {
    BudgetExhaustedAt(ip, target, ctx, fn);
    budget = fn->budget;  // refilled
  }
  if constexpr (kChecked) {
    if (ctx->fuel < 0 || ctx->interrupt.load(std::memory_order_relaxed) != 0) {
      FuelOrInterruptAt(ip, ctx, fn);
    }
  }
  JUMP(target);
}

}  // namespace

// Takes the back-edge whose target is field {field}.
#define BACK_EDGE(field, checked)                                                      \
  do {                                                                                 \
    if (__builtin_expect(ChargeBackEdge<checked>(ctx, budget), 0)) {                   \
      [[clang::musttail]] return BackEdgeSlow<field, checked>(ip, fp, mem, ctx, fn, budget); \
    }                                                                                  \
    JUMP(TARGET(field));                                                               \
  } while (0)

// ---- Moves and constants ----

INTERP_HANDLER(OpCopy) {
  SLOT(0) = SLOT(1);
  NEXT(WORDS(2, 0));
}

// In order: the second copy may read what the first wrote.
INTERP_HANDLER(OpCopy2) {
  SLOT(0) = SLOT(1);
  INTERP_FIELDS_AFTER();
  SLOT(2) = SLOT(3);
  NEXT(WORDS(4, 0));
}

INTERP_HANDLER(OpConst) {
  SLOT(0) = U64(ip, 1, 0);
  NEXT(WORDS(1, 1));
}

INTERP_HANDLER(OpSelect) {
  SLOT(0) = AsU32(SLOT(3)) != 0 ? SLOT(1) : SLOT(2);
  NEXT(WORDS(4, 0));
}

// ---- Float multiply folded into its add/sub: numeric.h's two operations ----

#define INTERP_MULOP(Name, Mul, AddSub, rev)                                      \
  INTERP_HANDLER(Op##Name) {                                                      \
    const uint64_t product = numeric::Eval<Opcode::k##Mul>(SLOT(2), SLOT(3));     \
    SLOT(0) = rev ? numeric::Eval<Opcode::k##AddSub>(product, SLOT(1))            \
                  : numeric::Eval<Opcode::k##AddSub>(SLOT(1), product);           \
    NEXT(WORDS(4, 0));                                                            \
  }
INTERP_MULOP(F64MulAdd, F64Mul, F64Add, false)
INTERP_MULOP(F64MulAddRev, F64Mul, F64Add, true)
INTERP_MULOP(F64MulSub, F64Mul, F64Sub, false)
INTERP_MULOP(F64MulSubRev, F64Mul, F64Sub, true)
INTERP_MULOP(F32MulAdd, F32Mul, F32Add, false)
INTERP_MULOP(F32MulAddRev, F32Mul, F32Add, true)
INTERP_MULOP(F32MulSub, F32Mul, F32Sub, false)
INTERP_MULOP(F32MulSubRev, F32Mul, F32Sub, true)
#undef INTERP_MULOP

// ---- Branches ----

INTERP_HANDLER(OpBr) { JUMP(TARGET(0)); }

INTERP_HANDLER(OpBrIfNez) { JUMP(AsU32(SLOT(0)) != 0 ? TARGET(1) : ip + WORDS(2, 0)); }

INTERP_HANDLER(OpBrIfEqz) { JUMP(AsU32(SLOT(0)) == 0 ? TARGET(1) : ip + WORDS(2, 0)); }

INTERP_HANDLER(OpBrTable) {
  const uint32_t index = AsU32(SLOT(0));
  const uint32_t last = FLD(1);  // the default target's position
  // Unsigned field arithmetic: the targets are consecutive i32 fields from 2.
  const uint32_t field = 2 + (index < last ? index : last);
  JUMP(ip + ip[1 + field / 2].i32[field % 2]);
}

INTERP_HANDLER(OpBackBr) { BACK_EDGE(0, false); }

INTERP_HANDLER(OpBackBrIfNez) {
  if (AsU32(SLOT(0)) == 0) NEXT(WORDS(2, 0));
  BACK_EDGE(1, false);
}

INTERP_HANDLER(OpBackBrIfEqz) {
  if (AsU32(SLOT(0)) != 0) NEXT(WORDS(2, 0));
  BACK_EDGE(1, false);
}

INTERP_HANDLER(OpBackBrChecked) { BACK_EDGE(0, true); }

INTERP_HANDLER(OpBackBrIfNezChecked) {
  if (AsU32(SLOT(0)) == 0) NEXT(WORDS(2, 0));
  BACK_EDGE(1, true);
}

INTERP_HANDLER(OpBackBrIfEqzChecked) {
  if (AsU32(SLOT(0)) != 0) NEXT(WORDS(2, 0));
  BACK_EDGE(1, true);
}

// i32.add of a constant into a local, then br_if on that local.
INTERP_HANDLER(OpBrIfAddImmNez) {
  const uint32_t value = AsU32(SLOT(1)) + FLD(2);
  INTERP_FIELDS_AFTER();
  SLOT(0) = value;
  JUMP(value != 0 ? TARGET(3) : ip + WORDS(4, 0));
}

INTERP_HANDLER(OpBackBrIfAddImmNez) {
  const uint32_t value = AsU32(SLOT(1)) + FLD(2);
  INTERP_FIELDS_AFTER();
  SLOT(0) = value;
  if (value == 0) NEXT(WORDS(4, 0));
  BACK_EDGE(3, false);
}

// Fused i32 compare + branch: the comparison is numeric.h's, so the fused form
// cannot drift from the plain one.
#define INTERP_FUSED(Cmp)                                                         \
  INTERP_HANDLER(OpBrIf##Cmp) {                                                   \
    const bool taken = numeric::Eval<Opcode::k##Cmp>(SLOT(0), SLOT(1)) != 0;      \
    JUMP(taken ? TARGET(2) : ip + WORDS(3, 0));                                   \
  }                                                                               \
  INTERP_HANDLER(OpBrIfNot##Cmp) {                                                \
    const bool taken = numeric::Eval<Opcode::k##Cmp>(SLOT(0), SLOT(1)) == 0;      \
    JUMP(taken ? TARGET(2) : ip + WORDS(3, 0));                                   \
  }                                                                               \
  INTERP_HANDLER(OpBrIf##Cmp##Imm) {                                              \
    const bool taken = numeric::Eval<Opcode::k##Cmp>(SLOT(0), FLD(1)) != 0;       \
    JUMP(taken ? TARGET(2) : ip + WORDS(3, 0));                                   \
  }                                                                               \
  INTERP_HANDLER(OpBrIfNot##Cmp##Imm) {                                           \
    const bool taken = numeric::Eval<Opcode::k##Cmp>(SLOT(0), FLD(1)) == 0;       \
    JUMP(taken ? TARGET(2) : ip + WORDS(3, 0));                                   \
  }
INTERP_I32_COMPARES(INTERP_FUSED)
#undef INTERP_FUSED

// Counted back-edge forms of the fused compares: the charge only when taken.
#define INTERP_FUSED(Cmp)                                                         \
  INTERP_HANDLER(OpBackBrIf##Cmp) {                                               \
    if (numeric::Eval<Opcode::k##Cmp>(SLOT(0), SLOT(1)) == 0) NEXT(WORDS(3, 0));  \
    BACK_EDGE(2, false);                                                          \
  }                                                                               \
  INTERP_HANDLER(OpBackBrIfNot##Cmp) {                                            \
    if (numeric::Eval<Opcode::k##Cmp>(SLOT(0), SLOT(1)) != 0) NEXT(WORDS(3, 0));  \
    BACK_EDGE(2, false);                                                          \
  }                                                                               \
  INTERP_HANDLER(OpBackBrIf##Cmp##Imm) {                                          \
    if (numeric::Eval<Opcode::k##Cmp>(SLOT(0), FLD(1)) == 0) NEXT(WORDS(3, 0));   \
    BACK_EDGE(2, false);                                                          \
  }                                                                               \
  INTERP_HANDLER(OpBackBrIfNot##Cmp##Imm) {                                       \
    if (numeric::Eval<Opcode::k##Cmp>(SLOT(0), FLD(1)) != 0) NEXT(WORDS(3, 0));   \
    BACK_EDGE(2, false);                                                          \
  }
INTERP_I32_COMPARES(INTERP_FUSED)
#undef INTERP_FUSED

// ---- Function exit: returning ends the chain back into InterpEntry. ----

INTERP_HANDLER(OpReturn) { fn->budget = budget; }

INTERP_HANDLER(OpReturn1) {
  fp[0] = SLOT(0);
  fn->budget = budget;
}

INTERP_HANDLER(OpUnreachable) { TRAP(TrapCode::kUnreachable); }

}  // namespace wasmtier::interp
