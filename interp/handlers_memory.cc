// Handlers for linear memory: the guarded (kW) and checked (kM) register
// forms of every scalar load and store, and the non-hot memory instructions,
// which call the shared semantics of engine/runtime/instance_ops.h.
#include <cstring>

#include "engine/runtime/instance_ops.h"
#include "interp/handlers.h"

namespace wasmtier::interp {
namespace {

// Every scalar load: (opcode row, type in memory, result type). Converting
// the memory type to the result type sign- or zero-extends as the opcode says
// (int8_t -> uint32_t sign-extends to 32 bits, and the slot's high half is 0).
#define INTERP_LOADS(V)                \
  V(I32Load, uint32_t, uint32_t)       \
  V(I64Load, uint64_t, uint64_t)       \
  V(F32Load, uint32_t, uint32_t)       \
  V(F64Load, uint64_t, uint64_t)       \
  V(I32Load8S, int8_t, uint32_t)       \
  V(I32Load8U, uint8_t, uint32_t)      \
  V(I32Load16S, int16_t, uint32_t)     \
  V(I32Load16U, uint16_t, uint32_t)    \
  V(I64Load8S, int8_t, uint64_t)       \
  V(I64Load8U, uint8_t, uint64_t)      \
  V(I64Load16S, int16_t, uint64_t)     \
  V(I64Load16U, uint16_t, uint64_t)    \
  V(I64Load32S, int32_t, uint64_t)     \
  V(I64Load32U, uint32_t, uint64_t)

// Every scalar store: (opcode row, type in memory); only its bytes are written.
#define INTERP_STORES(V) \
  V(I32Store, uint32_t)  \
  V(I64Store, uint64_t)  \
  V(F32Store, uint32_t)  \
  V(F64Store, uint64_t)  \
  V(I32Store8, uint8_t)  \
  V(I32Store16, uint16_t) \
  V(I64Store8, uint8_t)  \
  V(I64Store16, uint16_t) \
  V(I64Store32, uint32_t)

template <typename Mem, typename Result>
INTERP_INLINE rt::Slot LoadFrom(const uint8_t* p) {
  Mem v;
  std::memcpy(&v, p, sizeof v);  // wasm accesses may be unaligned
  return static_cast<rt::Slot>(static_cast<Result>(v));
}

template <typename Mem>
INTERP_INLINE void StoreTo(uint8_t* p, rt::Slot value) {
  const Mem v = static_cast<Mem>(value);
  std::memcpy(p, &v, sizeof v);
}

// An address operand of {memory}: i64 for memory64, else u32.
INTERP_INLINE uint64_t AddressOf(const rt::MemoryInst* memory, rt::Slot s) {
  return memory->is64() ? s : AsU32(s);
}

// Guarded forms on memory 0 ("DSU" / "SSU"): a 32-bit address plus a 32-bit
// offset stays below 2^33, inside the memory's reservation, so no check: an
// access past the accessible size faults and the runtime turns it into a trap.
// The opcode parameter keeps every row's handler a distinct function (the
// disassembler names ops by handler).
template <Opcode kOp, typename Mem, typename Result>
INTERP_HANDLER(GuardedLoad) {
  SLOT(0) = LoadFrom<Mem, Result>(mem + uint64_t{AsU32(SLOT(1))} + FLD(2));
  NEXT(WORDS(3, 0));
}

template <Opcode kOp, typename Mem>
INTERP_HANDLER(GuardedStore) {
  uint8_t* const p = mem + uint64_t{AsU32(SLOT(0))} + FLD(2);
  INTERP_FIELDS_AFTER();
  StoreTo<Mem>(p, SLOT(1));
  NEXT(WORDS(3, 0));
}

// Add-folded guarded loads: the address is the i32.add the translator folded
// in, wrapped to 32 bits as the add would, plus the static offset.
// GuardedLoadAdd's barrier keeps the destination field's load after the
// access (else the compiler hoists it and needs a fourth scratch register: a
// push/pop of rbx). The immediate form keeps the push: with the barrier,
// matmul's f64 loads feeding F64MulAdd ran 7% slower (memops' i32 ones 3%
// faster), measured on this machine.
template <Opcode kOp, typename Mem, typename Result>
INTERP_HANDLER(GuardedLoadAddImm) {
  const uint32_t address = AsU32(SLOT(1)) + FLD(2);
  SLOT(0) = LoadFrom<Mem, Result>(mem + uint64_t{address} + FLD(3));
  NEXT(WORDS(4, 0));
}

template <Opcode kOp, typename Mem, typename Result>
INTERP_HANDLER(GuardedLoadAdd) {
  const uint32_t address = AsU32(SLOT(1)) + AsU32(SLOT(2));
  const rt::Slot value = LoadFrom<Mem, Result>(mem + uint64_t{address} + FLD(3));
  INTERP_FIELDS_AFTER();
  SLOT(0) = value;
  NEXT(WORDS(4, 0));
}

template <Opcode kOp, typename Mem>
INTERP_HANDLER(GuardedStoreAddImm) {
  const uint32_t address = AsU32(SLOT(0)) + FLD(1);
  uint8_t* const p = mem + uint64_t{address} + FLD(3);
  INTERP_FIELDS_AFTER();
  StoreTo<Mem>(p, SLOT(2));
  NEXT(WORDS(4, 0));
}

// A guarded load whose value only feeds a store of the same width ("SUUSUU"):
// the bytes go from one address to the other through a register.
template <typename Mem>
INTERP_INLINE void GuardedMove(const Word* ip, rt::Slot* fp, uint8_t* mem) {
  const uint32_t src = AsU32(SLOT(0)) + FLD(1);
  Mem v;
  std::memcpy(&v, mem + uint64_t{src} + FLD(2), sizeof v);
  INTERP_FIELDS_AFTER();
  const uint32_t dst = AsU32(SLOT(3)) + FLD(4);
  uint8_t* const p = mem + uint64_t{dst} + FLD(5);
  INTERP_FIELDS_AFTER();
  std::memcpy(p, &v, sizeof v);
}

// Checked forms ("DSUK" / "SSUK"): memory U, 64-bit offset K, explicit bounds.
template <Opcode kOp, typename Mem, typename Result>
INTERP_HANDLER(CheckedLoad) {
  const rt::MemoryInst* memory = fn->instance->memories[FLD(2)];
  const uint8_t* p = rt::CheckedAddress(memory, AddressOf(memory, SLOT(1)), U64(ip, 3, 0), sizeof(Mem));
  if (__builtin_expect(p == nullptr, 0)) TRAP(TrapCode::kMemoryOutOfBounds);
  SLOT(0) = LoadFrom<Mem, Result>(p);
  NEXT(WORDS(3, 1));
}

template <Opcode kOp, typename Mem>
INTERP_HANDLER(CheckedStore) {
  const rt::MemoryInst* memory = fn->instance->memories[FLD(2)];
  uint8_t* p = rt::CheckedAddress(memory, AddressOf(memory, SLOT(0)), U64(ip, 3, 0), sizeof(Mem));
  if (__builtin_expect(p == nullptr, 0)) TRAP(TrapCode::kMemoryOutOfBounds);
  StoreTo<Mem>(p, SLOT(1));
  NEXT(WORDS(3, 1));
}

INTERP_INLINE void TrapIf(TrapCode code, const Word* ip, rt::ExecContext* ctx) {
  if (__builtin_expect(code != TrapCode::kNone, 0)) TrapAt(ip, ctx, code);
}

}  // namespace

Handler AddLoadHandler(Opcode op, bool imm) {
  switch (op) {
#define INTERP_LOAD_CASE(Name, Mem, Result) \
  case Opcode::k##Name:                     \
    return imm ? &GuardedLoadAddImm<Opcode::k##Name, Mem, Result> : &GuardedLoadAdd<Opcode::k##Name, Mem, Result>;
    INTERP_LOADS(INTERP_LOAD_CASE)
#undef INTERP_LOAD_CASE
#define INTERP_STORE_CASE(Name, Mem) \
  case Opcode::k##Name:              \
    return imm ? &GuardedStoreAddImm<Opcode::k##Name, Mem> : nullptr;
    INTERP_STORES(INTERP_STORE_CASE)
#undef INTERP_STORE_CASE
    default:
      return nullptr;
  }
}

Handler LoadStoreHandler(Opcode op, bool checked) {
  switch (op) {
#define INTERP_LOAD_CASE(Name, Mem, Result) \
  case Opcode::k##Name:                     \
    return checked ? &CheckedLoad<Opcode::k##Name, Mem, Result> : &GuardedLoad<Opcode::k##Name, Mem, Result>;
    INTERP_LOADS(INTERP_LOAD_CASE)
#undef INTERP_LOAD_CASE
#define INTERP_STORE_CASE(Name, Mem) \
  case Opcode::k##Name:              \
    return checked ? &CheckedStore<Opcode::k##Name, Mem> : &GuardedStore<Opcode::k##Name, Mem>;
    INTERP_STORES(INTERP_STORE_CASE)
#undef INTERP_STORE_CASE
    default:
      return nullptr;
  }
}

// ---- Moves: a guarded load feeding a store of its width ----

INTERP_HANDLER(OpMove1) {
  GuardedMove<uint8_t>(ip, fp, mem);
  NEXT(WORDS(6, 0));
}

INTERP_HANDLER(OpMove2) {
  GuardedMove<uint16_t>(ip, fp, mem);
  NEXT(WORDS(6, 0));
}

INTERP_HANDLER(OpMove4) {
  GuardedMove<uint32_t>(ip, fp, mem);
  NEXT(WORDS(6, 0));
}

INTERP_HANDLER(OpMove8) {
  GuardedMove<uint64_t>(ip, fp, mem);
  NEXT(WORDS(6, 0));
}

// ---- Memory instructions ----

INTERP_HANDLER(OpMemorySize) {
  SLOT(0) = fn->instance->memories[FLD(1)]->pages();
  NEXT(WORDS(2, 0));
}

INTERP_HANDLER(OpMemoryGrow) {
  rt::MemoryInst* memory = fn->instance->memories[FLD(2)];
  const int64_t old_pages = rt::MemoryGrow(memory, AddressOf(memory, SLOT(1)));
  // -1 is an i32 -1 for a 32-bit memory: keep the slot's high half zero.
  SLOT(0) = memory->is64() ? static_cast<uint64_t>(old_pages) : static_cast<uint32_t>(old_pages);
  NEXT(WORDS(3, 0));
}

INTERP_HANDLER(OpMemoryFill) {
  rt::MemoryInst* memory = fn->instance->memories[FLD(3)];
  TrapIf(rt::MemoryFill(memory, AddressOf(memory, SLOT(0)), static_cast<uint8_t>(SLOT(1)),
                        AddressOf(memory, SLOT(2))),
         ip, ctx);
  NEXT(WORDS(4, 0));
}

INTERP_HANDLER(OpMemoryCopy) {
  rt::MemoryInst* dst = fn->instance->memories[FLD(3)];
  rt::MemoryInst* src = fn->instance->memories[FLD(4)];
  // The length is i64 only when both memories are 64-bit (multi-memory rule).
  const uint64_t length = dst->is64() && src->is64() ? SLOT(2) : AsU32(SLOT(2));
  TrapIf(rt::MemoryCopy(dst, AddressOf(dst, SLOT(0)), src, AddressOf(src, SLOT(1)), length), ip, ctx);
  NEXT(WORDS(5, 0));
}

INTERP_HANDLER(OpMemoryInit) {
  const rt::DataInst& data = fn->instance->datas[FLD(3)];
  rt::MemoryInst* memory = fn->instance->memories[FLD(4)];
  TrapIf(rt::MemoryInit(memory, AddressOf(memory, SLOT(0)), data, AsU32(SLOT(1)), AsU32(SLOT(2))),
         ip, ctx);
  NEXT(WORDS(5, 0));
}

INTERP_HANDLER(OpDataDrop) {
  rt::DataDrop(&fn->instance->datas[FLD(0)]);
  NEXT(WORDS(1, 0));
}

}  // namespace wasmtier::interp
