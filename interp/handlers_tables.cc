// Handlers for globals, tables, element segments and references. Table and
// segment semantics (bounds, traps, growth) are engine/runtime/instance_ops.h's.
#include "engine/runtime/instance_ops.h"
#include "interp/handlers.h"

namespace wasmtier::interp {
namespace {

// An index operand of {table}: i64 for table64, else u32.
INTERP_INLINE uint64_t IndexOf(const rt::TableInst* table, rt::Slot s) {
  return table->type.limits.is64 ? s : AsU32(s);
}

INTERP_INLINE void TrapIf(TrapCode code, const Word* ip, rt::ExecContext* ctx) {
  if (__builtin_expect(code != TrapCode::kNone, 0)) TrapAt(ip, ctx, code);
}

}  // namespace

// ---- Globals ----

INTERP_HANDLER(OpGlobalGet) {
  SLOT(0) = fn->instance->globals[FLD(1)]->value[0];
  NEXT(WORDS(2, 0));
}

INTERP_HANDLER(OpGlobalSet) {
  fn->instance->globals[FLD(1)]->value[0] = SLOT(0);
  NEXT(WORDS(2, 0));
}

// ---- Tables ----

INTERP_HANDLER(OpTableGet) {
  const rt::TableInst* table = fn->instance->tables[FLD(2)];
  rt::Slot value = 0;
  TrapIf(rt::TableGet(table, IndexOf(table, SLOT(1)), &value), ip, ctx);
  SLOT(0) = value;
  NEXT(WORDS(3, 0));
}

INTERP_HANDLER(OpTableSet) {
  rt::TableInst* table = fn->instance->tables[FLD(2)];
  TrapIf(rt::TableSet(table, IndexOf(table, SLOT(0)), SLOT(1)), ip, ctx);
  NEXT(WORDS(3, 0));
}

INTERP_HANDLER(OpTableSize) {
  const rt::TableInst* table = fn->instance->tables[FLD(1)];
  SLOT(0) = table->size();
  NEXT(WORDS(2, 0));
}

INTERP_HANDLER(OpTableGrow) {
  rt::TableInst* table = fn->instance->tables[FLD(3)];
  const int64_t old_size = rt::TableGrow(table, IndexOf(table, SLOT(2)), SLOT(1));
  // -1 is an i32 -1 for a 32-bit table: keep the slot's high half zero.
  SLOT(0) = table->type.limits.is64 ? static_cast<uint64_t>(old_size)
                                    : static_cast<uint32_t>(old_size);
  NEXT(WORDS(4, 0));
}

INTERP_HANDLER(OpTableFill) {
  rt::TableInst* table = fn->instance->tables[FLD(3)];
  TrapIf(rt::TableFill(table, IndexOf(table, SLOT(0)), SLOT(1), IndexOf(table, SLOT(2))), ip, ctx);
  NEXT(WORDS(4, 0));
}

INTERP_HANDLER(OpTableCopy) {
  rt::TableInst* dst = fn->instance->tables[FLD(3)];
  rt::TableInst* src = fn->instance->tables[FLD(4)];
  // The length is i64 only when both tables are table64.
  const uint64_t length =
      dst->type.limits.is64 && src->type.limits.is64 ? SLOT(2) : AsU32(SLOT(2));
  TrapIf(rt::TableCopy(dst, IndexOf(dst, SLOT(0)), src, IndexOf(src, SLOT(1)), length), ip, ctx);
  NEXT(WORDS(5, 0));
}

INTERP_HANDLER(OpTableInit) {
  const rt::ElemInst& elem = fn->instance->elems[FLD(3)];
  rt::TableInst* table = fn->instance->tables[FLD(4)];
  TrapIf(rt::TableInit(table, IndexOf(table, SLOT(0)), elem, AsU32(SLOT(1)), AsU32(SLOT(2))), ip,
         ctx);
  NEXT(WORDS(5, 0));
}

INTERP_HANDLER(OpElemDrop) {
  rt::ElemDrop(&fn->instance->elems[FLD(0)]);
  NEXT(WORDS(1, 0));
}

// ---- References (a reference is one slot, 0 = null) ----

INTERP_HANDLER(OpRefFunc) {
  SLOT(0) = reinterpret_cast<rt::Slot>(fn->instance->funcs[FLD(1)]);
  NEXT(WORDS(2, 0));
}

INTERP_HANDLER(OpRefIsNull) {
  SLOT(0) = SLOT(1) == 0 ? 1 : 0;
  NEXT(WORDS(2, 0));
}

INTERP_HANDLER(OpRefAsNonNull) {
  const rt::Slot ref = SLOT(1);
  if (__builtin_expect(ref == 0, 0)) TRAP(TrapCode::kNullReference);
  SLOT(0) = ref;
  NEXT(WORDS(2, 0));
}

INTERP_HANDLER(OpBrOnNull) { JUMP(SLOT(0) == 0 ? TARGET(1) : ip + WORDS(2, 0)); }

INTERP_HANDLER(OpBrOnNonNull) { JUMP(SLOT(0) != 0 ? TARGET(1) : ip + WORDS(2, 0)); }

}  // namespace wasmtier::interp
