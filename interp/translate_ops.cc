// The interpreter's translator, non-control instructions: constants (kept
// unmaterialized), locals (folded reads, retargeted writes), numeric ops,
// calls and tail calls, globals, tables, bulk memory and references. Control
// flow is in translate.cc, loads and stores in translate_memory.cc.
#include <optional>
#include <vector>

#include "absl/strings/str_cat.h"
#include "engine/error.h"
#include "interp/translate.h"

namespace wasmtier::interp {

enum class OpClass : uint8_t { kOther, kNumeric, kLoad, kStore };

struct OpRow {
  OpClass cls = OpClass::kOther;
  bool traps = false;  // numeric ops that can trap (div/rem, trapping truncations)
  IOp w = IOp::kCount;
  IOp m = IOp::kCount;
  // Immediate forms: {imm} when the right operand is a constant, {imm_left}
  // when the left one is (commutative ops, mirrored compares), else kCount.
  IOp imm = IOp::kCount;
  IOp imm_left = IOp::kCount;
  bool imm64 = false;  // an i64 op: the constant must fit in 32 bits signed
};

namespace {

// The op computing (b op' a) for (a op b), if there is one.
std::optional<Opcode> Mirrored(Opcode op) {
  switch (op) {
    case Opcode::kI32Add: case Opcode::kI32Mul: case Opcode::kI32And: case Opcode::kI32Or:
    case Opcode::kI32Xor: case Opcode::kI32Eq: case Opcode::kI32Ne:
    case Opcode::kI64Add: case Opcode::kI64Mul: case Opcode::kI64And: case Opcode::kI64Or:
    case Opcode::kI64Xor: case Opcode::kI64Eq: case Opcode::kI64Ne:
      return op;
    case Opcode::kI32LtS: return Opcode::kI32GtS;
    case Opcode::kI32LtU: return Opcode::kI32GtU;
    case Opcode::kI32GtS: return Opcode::kI32LtS;
    case Opcode::kI32GtU: return Opcode::kI32LtU;
    case Opcode::kI32LeS: return Opcode::kI32GeS;
    case Opcode::kI32LeU: return Opcode::kI32GeU;
    case Opcode::kI32GeS: return Opcode::kI32LeS;
    case Opcode::kI32GeU: return Opcode::kI32LeU;
    case Opcode::kI64LtS: return Opcode::kI64GtS;
    case Opcode::kI64LtU: return Opcode::kI64GtU;
    case Opcode::kI64GtS: return Opcode::kI64LtS;
    case Opcode::kI64GtU: return Opcode::kI64LtU;
    case Opcode::kI64LeS: return Opcode::kI64GeS;
    case Opcode::kI64LeU: return Opcode::kI64GeU;
    case Opcode::kI64GeS: return Opcode::kI64LeS;
    case Opcode::kI64GeU: return Opcode::kI64LeU;
    default:
      return std::nullopt;
  }
}

bool CanTrap(Opcode op) {
  switch (op) {
    case Opcode::kI32DivS: case Opcode::kI32DivU: case Opcode::kI32RemS: case Opcode::kI32RemU:
    case Opcode::kI64DivS: case Opcode::kI64DivU: case Opcode::kI64RemS: case Opcode::kI64RemU:
    case Opcode::kI32TruncF32S: case Opcode::kI32TruncF32U: case Opcode::kI32TruncF64S:
    case Opcode::kI32TruncF64U: case Opcode::kI64TruncF32S: case Opcode::kI64TruncF32U:
    case Opcode::kI64TruncF64S: case Opcode::kI64TruncF64U:
      return true;
    default:
      return false;
  }
}

// One row per opcode-table row, derived from the register forms' layouts
// (interp/code.cc), so the classification cannot drift from the encoding.
struct OpRows {
  const OpcodeInfo* first = nullptr;
  std::vector<OpRow> rows;
  OpRows() {
    size_t n = 0;
    first = AllOpcodes(&n);
    rows.resize(n);
    for (size_t i = 0; i < n; ++i) {
      const Opcode op = first[i].opcode;
      OpRow& r = rows[i];
      r.w = WasmForm(op);
      r.m = CheckedMemoryForm(op);
      const std::string_view layout = Layout(r.w);
      if (first[i].feature == OpFeature::kSimd || first[i].feature == OpFeature::kRelaxedSimd) continue;
      if (layout == "DS" || layout == "DSS") {
        r.cls = OpClass::kNumeric;
        r.traps = CanTrap(op);
        if (HasImmediateForm(op)) {
          r.imm = ImmediateForm(op);
          r.imm64 = first[i].sig.params[0] == OpSig::kI64;
          if (std::optional<Opcode> m = Mirrored(op)) r.imm_left = ImmediateForm(*m);
        }
      } else if (layout == "DSU") {
        r.cls = OpClass::kLoad;
      } else if (layout == "SSU") {
        r.cls = OpClass::kStore;
      }
    }
  }
};

const OpRow& RowOf(const OpcodeInfo* info) {
  static const OpRows* rows = new OpRows();
  return rows->rows[info - rows->first];
}

Translator::Value ConstValue(uint64_t bits) { return Translator::Value{.bits = bits, .is_const = true}; }

bool HasV128(const FuncType& sig) {
  for (ValType t : sig.params) {
    if (t.kind() == ValueKind::kV128) return true;
  }
  for (ValType t : sig.results) {
    if (t.kind() == ValueKind::kV128) return true;
  }
  return false;
}

}  // namespace

void Translator::Unsupported(const Instr& instr) {
  const char* what = nullptr;
  switch (instr.info->feature) {
    case OpFeature::kSimd:
    case OpFeature::kRelaxedSimd: what = "SIMD"; break;
    case OpFeature::kGc: what = "GC"; break;
    case OpFeature::kExceptions:
    case OpFeature::kLegacyExceptions: what = "exceptions"; break;
    case OpFeature::kThreads: what = "threads"; break;
    case OpFeature::kWideArithmetic: what = "wide arithmetic"; break;
    default: what = "instruction"; break;
  }
  Fail(UnsupportedError(instr.offset, absl::StrCat(what, " in the interpreter (",
                                                   instr.info->name, ")")));
}

void Translator::OnInstr(TranslatorDecoder& d, const Instr& instr, const Entry* args, uint32_t nargs,
                         Entry* results, uint32_t nresults) {
  if (failed()) return;
  const uint32_t hb = d.stack_height() - nresults;  // height of args[0] and results[0]
  LowerWatermark(hb);
  // The most frequent instructions emit nothing: their values fold into consumers.
  if (instr.opcode == Opcode::kLocalGet) {
    results[0].value = Value{.slot = instr.index};
    return;
  }
  if (instr.opcode == Opcode::kI32Const) {
    results[0].value = ConstValue(static_cast<uint32_t>(instr.value.i32));
    return;
  }
  offset_ = instr.offset;
  const uint32_t dst = Canonical(hb);
  const OpRow& row = RowOf(instr.info);
  switch (row.cls) {
    case OpClass::kNumeric: {
      if (nargs == 2 && def_pos_ != kNone && def_pos_ == last_pos_ && FoldMultiply(instr.opcode, args, hb)) {
        results[0].value = Value{.slot = dst};
        return;
      }
      if (nargs == 2 && row.imm != IOp::kCount) {
        if (const uint32_t at = EmitImmediateForm(row, args, hb)) {
          static const IOp kAddImm = ImmediateForm(Opcode::kI32Add);
          static const IOp kSubImm = ImmediateForm(Opcode::kI32Sub);
          // An address a store may fold (OnMemoryAccess): remember the add
          // (or sub: the add of the negated constant, the same wrap).
          const uint64_t mark = row.imm == kAddImm || row.imm == kSubImm ? (uint64_t{epoch_} << 32 | at) : 0;
          results[0].value = Value{.bits = mark, .slot = dst};
          return;
        }
      }
      if (nargs == 2 && def_pos_ != kNone && def_pos_ == last_pos_ && FoldShift(instr.opcode, args, hb)) {
        results[0].value = Value{.slot = dst};
        return;
      }
      const uint32_t a = OperandSlot(args[0], hb);
      uint32_t pos;
      if (nargs == 2) {
        const uint32_t b = OperandSlot(args[1], hb + 1);
        pos = EmitDef(row.w, {dst, a, b});
      } else {
        pos = EmitDef(row.w, {dst, a});
      }
      if (row.traps) MapSource(pos);
      results[0].value = Value{.slot = dst};
      return;
    }
    case OpClass::kLoad:
    case OpClass::kStore:
      OnMemoryAccess(instr, args, hb, row.cls == OpClass::kLoad);
      if (nresults) results[0].value = Value{.slot = dst};
      return;
    case OpClass::kOther:
      break;
  }
  switch (instr.opcode) {
    case Opcode::kI32Const:
      results[0].value = ConstValue(static_cast<uint32_t>(instr.value.i32));
      return;
    case Opcode::kI64Const:
      results[0].value = ConstValue(static_cast<uint64_t>(instr.value.i64));
      return;
    case Opcode::kF32Const:
      results[0].value = ConstValue(instr.value.f32_bits);
      return;
    case Opcode::kF64Const:
      results[0].value = ConstValue(instr.value.f64_bits);
      return;
    case Opcode::kRefNull:
      results[0].value = ConstValue(0);
      return;
    case Opcode::kLocalGet:
    case Opcode::kLocalSet:
    case Opcode::kLocalTee:
      OnLocal(d, instr, args, results, nresults);
      return;
    case Opcode::kDrop:
      return;
    case Opcode::kSelect:
    case Opcode::kSelectT: {
      if (results[0].type.kind() == ValueKind::kV128) return Unsupported(instr);
      const uint32_t a = OperandSlot(args[0], hb);
      const uint32_t b = OperandSlot(args[1], hb + 1);
      const uint32_t c = OperandSlot(args[2], hb + 2);
      EmitDef(IOp::kSelect, {dst, a, b, c});
      break;
    }
    case Opcode::kGlobalGet:
      if (module_->globals[instr.index].type.type.kind() == ValueKind::kV128) return Unsupported(instr);
      EmitDef(IOp::kGlobalGet, {dst, instr.index});
      break;
    case Opcode::kGlobalSet:
      Emit(IOp::kGlobalSet, {OperandSlot(args[0], hb), instr.index});
      return;
    case Opcode::kUnreachable:
      MapSource(Emit(IOp::kUnreachable, {}));
      reachable_ = false;
      return;
    case Opcode::kCall:
    case Opcode::kCallIndirect:
    case Opcode::kCallRef:
    case Opcode::kReturnCall:
    case Opcode::kReturnCallIndirect:
    case Opcode::kReturnCallRef:
      OnCall(instr, args, hb);
      for (uint32_t i = 0; i < nresults; ++i) results[i].value = Value{.slot = Canonical(hb + i)};
      return;
    case Opcode::kMemorySize:
      EmitDef(IOp::kMemorySize, {dst, instr.index});
      break;
    case Opcode::kMemoryGrow:
      EmitDef(IOp::kMemoryGrow, {dst, OperandSlot(args[0], hb), instr.index});
      break;
    case Opcode::kRefFunc:
      EmitDef(IOp::kRefFunc, {dst, instr.index});
      break;
    case Opcode::kRefIsNull:
      EmitDef(IOp::kRefIsNull, {dst, OperandSlot(args[0], hb)});
      break;
    case Opcode::kRefAsNonNull:
      MapSource(EmitDef(IOp::kRefAsNonNull, {dst, OperandSlot(args[0], hb)}));
      break;
    default:
      if (!OnBulkOrTable(instr, args, hb)) return Unsupported(instr);
      break;
  }
  if (nresults == 1) results[0].value = Value{.slot = dst};
}

// A float add/sub one of whose operands is the product the f64.mul/f32.mul
// just emitted computed into its temporary: one F..Mul{Add,Sub}[Rev] instead.
bool Translator::FoldMultiply(Opcode op, const Entry* args, uint32_t hb) {
  static const IOp kF64Mul = WasmForm(Opcode::kF64Mul);
  static const IOp kF32Mul = WasmForm(Opcode::kF32Mul);
  IOp fused;
  IOp mul;
  switch (op) {
    case Opcode::kF64Add: fused = IOp::kF64MulAdd; mul = kF64Mul; break;
    case Opcode::kF64Sub: fused = IOp::kF64MulSub; mul = kF64Mul; break;
    case Opcode::kF32Add: fused = IOp::kF32MulAdd; mul = kF32Mul; break;
    case Opcode::kF32Sub: fused = IOp::kF32MulSub; mul = kF32Mul; break;
    default: return false;
  }
  if (def_pos_ == kNone || def_pos_ != last_pos_ || def_op_ != mul) return false;
  auto is_product = [&](const Value& v, uint32_t height) {
    return !v.is_const && v.slot == def_slot_ && def_slot_ == Canonical(height);
  };
  const uint32_t dst = Canonical(hb);
  const uint32_t b = builder_.field(def_pos_, 1);
  const uint32_t c = builder_.field(def_pos_, 2);
  if (is_product(args[1].value, hb + 1)) {
    builder_.Truncate(def_pos_);
    // A constant left operand goes to its canonical slot, which is none of
    // the product's operands (those were above it).
    const uint32_t a = OperandSlot(args[0], hb);
    EmitDef(fused, {dst, a, b, c});
    return true;
  }
  // The product on the left: the right operand must already live somewhere
  // (materializing it could overwrite an operand of the product).
  if (is_product(args[0].value, hb) && !args[1].value.is_const) {
    builder_.Truncate(def_pos_);
    EmitDef(static_cast<IOp>(static_cast<int>(fused) + 1), {dst, args[1].value.slot, b, c});
    return true;
  }
  return false;
}

// An i32 add/sub/and/or/xor one of whose operands is the result of the
// I:i32.shl/shr_u/shr_s just emitted into its temporary: one shifted-operand
// op (ops.def) instead. The other operand must already live in a slot.
bool Translator::FoldShift(Opcode op, const Entry* args, uint32_t hb) {
  static const IOp kShl = ImmediateForm(Opcode::kI32Shl);
  static const IOp kShrU = ImmediateForm(Opcode::kI32ShrU);
  static const IOp kShrS = ImmediateForm(Opcode::kI32ShrS);
  int row;
  bool commutes = true;
  switch (op) {
    case Opcode::kI32Add: row = 0; break;
    case Opcode::kI32Sub: row = 1; commutes = false; break;
    case Opcode::kI32And: row = 2; break;
    case Opcode::kI32Or: row = 3; break;
    case Opcode::kI32Xor: row = 4; break;
    default: return false;
  }
  const int shift = def_op_ == kShl ? 0 : def_op_ == kShrU ? 1 : def_op_ == kShrS ? 2 : -1;
  if (shift < 0) return false;
  auto is_shift = [&](const Value& v, uint32_t height) {
    return !v.is_const && v.slot == def_slot_ && def_slot_ == Canonical(height);
  };
  uint32_t other;
  if (is_shift(args[1].value, hb + 1) && !args[0].value.is_const) {
    other = args[0].value.slot;
  } else if (commutes && is_shift(args[0].value, hb) && !args[1].value.is_const) {
    other = args[1].value.slot;
  } else {
    return false;
  }
  const uint32_t src = builder_.field(def_pos_, 1);
  const uint32_t count = builder_.field(def_pos_, 2);
  // An or whose other operand is the opposite shift emitted just before this
  // one into its temporary: one funnel-shift op for the three.
  constexpr uint32_t kShiftWords = WordsFor(3, 0);
  if (op == Opcode::kI32Or && shift < 2 && other == Canonical(hb) && prev_def_pos_ != kNone &&
      prev_def_pos_ + kShiftWords == def_pos_ && prev_def_op_ == (shift == 0 ? kShrU : kShl) &&
      builder_.Is(prev_def_pos_, prev_def_op_) && builder_.field(prev_def_pos_, 0) == other) {
    const uint32_t src0 = builder_.field(prev_def_pos_, 1);
    const uint32_t count0 = builder_.field(prev_def_pos_, 2);
    builder_.Truncate(prev_def_pos_);
    if (shift == 0) {  // this one is the shl
      EmitDef(IOp::kI32OrShlShrU, {Canonical(hb), src, count, src0, count0});
    } else {
      EmitDef(IOp::kI32OrShlShrU, {Canonical(hb), src0, count0, src, count});
    }
    return true;
  }
  builder_.Truncate(def_pos_);
  static_assert(static_cast<int>(IOp::kI32XorShrS) == static_cast<int>(IOp::kI32AddShl) + 14, "ops.def order");
  const IOp fused = static_cast<IOp>(static_cast<int>(IOp::kI32AddShl) + 3 * row + shift);
  EmitDef(fused, {Canonical(hb), other, src, count});
  return true;
}

// An integer binop with a constant operand that fits the immediate field:
// the constant goes into the instruction (never materialized). Returns its
// word index + 1, or 0 if neither operand qualifies.
uint32_t Translator::EmitImmediateForm(const OpRow& row, const Entry* args, uint32_t hb) {
  auto fits = [&](const Value& v) {
    return v.is_const && (!row.imm64 || static_cast<int64_t>(v.bits) == int64_t{static_cast<int32_t>(v.bits)});
  };
  const uint32_t dst = Canonical(hb);
  if (fits(args[1].value)) {
    const uint32_t a = OperandSlot(args[0], hb);
    const uint32_t pos = EmitDef(row.imm, {dst, a, static_cast<uint32_t>(args[1].value.bits)});
    return pos + 1;
  }
  if (row.imm_left != IOp::kCount && fits(args[0].value)) {
    const uint32_t b = OperandSlot(args[1], hb + 1);
    return EmitDef(row.imm_left, {dst, b, static_cast<uint32_t>(args[0].value.bits)}) + 1;
  }
  return 0;
}

// local.get folds into its consumers; local.set/tee retarget the instruction
// that just produced the value when nothing can observe the temporary.
void Translator::OnLocal(TranslatorDecoder& d, const Instr& instr, const Entry* args, Entry* results,
                         uint32_t nresults) {
  const uint32_t x = instr.index;
  if (instr.opcode == Opcode::kLocalGet) {
    results[0].value = Value{.slot = x};
    return;
  }
  const uint32_t hb = d.stack_height() - nresults;  // the popped value's height
  const Value v = args[0].value;
  local_epoch_[x] = ++epoch_;  // moving a read of {x} across this write would change it
  // Entries still reading the old value of {x} get their own copy first (this
  // emits instructions, so the retargeting below then no longer applies).
  MaterializeLocalReads(d, x, hb);
  if (def_pos_ != kNone && def_pos_ == last_pos_ && !v.is_const && v.slot == def_slot_ &&
      v.slot == Canonical(hb)) {
    builder_.SetField(def_pos_, 0, x);
    local_def_pos_ = def_pos_;
    local_def_slot_ = x;
    def_pos_ = kNone;  // its result now lives in {x}, not in a temporary
  } else {
    MoveTo(x, v);
  }
  if (instr.opcode == Opcode::kLocalTee) results[0].value = v.is_const ? v : Value{.slot = x};
}

// The I:i32.add/sub that local.set/tee retargeted to local {c.a} as the last
// instruction, and a br_if on that local: one fused decrement-and-branch.
bool Translator::EmitAddBranch(const Cond& c, bool loop, bool counting, BranchPos* br) {
  static const IOp kAddImm = ImmediateForm(Opcode::kI32Add);
  static const IOp kSubImm = ImmediateForm(Opcode::kI32Sub);
  if (c.kind != Cond::kNez || local_def_pos_ == kNone || local_def_pos_ != last_pos_ || local_def_slot_ != c.a) {
    return false;
  }
  if (loop && back_edge_ == BackEdge::kChecked) return false;  // keeps its fuel/interrupt form
  const uint32_t at = local_def_pos_;
  const bool sub = builder_.Is(at, kSubImm);
  if (!sub && !builder_.Is(at, kAddImm)) return false;
  const uint32_t src = builder_.field(at, 1);
  const uint32_t imm = sub ? 0u - builder_.field(at, 2) : builder_.field(at, 2);
  builder_.Truncate(at);
  Barrier();
  const uint32_t pos = Emit(counting ? IOp::kBackBrIfAddImmNez : IOp::kBrIfAddImmNez, {c.a, src, imm, 0});
  if (counting) MapSource(pos);
  *br = {pos, 3};
  return true;
}

// Arguments go to consecutive canonical slots from B = the first argument's;
// the callee's frame starts there and its results come back in place.
void Translator::OnCall(const Instr& instr, const Entry* args, uint32_t hb) {
  const bool direct = instr.opcode == Opcode::kCall || instr.opcode == Opcode::kReturnCall;
  const FuncType& sig = direct ? module_->function_type(instr.index) : module_->func_type(instr.index);
  if (HasV128(sig)) {
    Fail(UnsupportedError(instr.offset, absl::StrCat("SIMD in the interpreter (v128 in the signature of ",
                                                     instr.info->name, ")")));
    return;
  }
  const uint32_t np = static_cast<uint32_t>(sig.params.size());
  for (uint32_t i = 0; i < np; ++i) MoveTo(Canonical(hb + i), args[i].value);
  const uint32_t b = Canonical(hb);
  uint32_t pos = 0;
  switch (instr.opcode) {
    case Opcode::kCall:
      pos = Emit(IOp::kCall, {instr.index, b});
      break;
    case Opcode::kReturnCall:
      pos = Emit(IOp::kReturnCall, {instr.index, b});
      break;
    case Opcode::kCallIndirect:
    case Opcode::kReturnCallIndirect: {
      const uint32_t s = OperandSlot(args[np], hb + np);
      const IOp op = instr.opcode == Opcode::kCallIndirect ? IOp::kCallIndirect : IOp::kReturnCallIndirect;
      pos = Emit(op, {instr.index, instr.index2, s, b});
      break;
    }
    default: {  // call_ref, return_call_ref
      const uint32_t s = OperandSlot(args[np], hb + np);
      pos = Emit(instr.opcode == Opcode::kCallRef ? IOp::kCallRef : IOp::kReturnCallRef, {instr.index, s, b});
      break;
    }
  }
  MapSource(pos);
  if (instr.opcode == Opcode::kReturnCall || instr.opcode == Opcode::kReturnCallIndirect ||
      instr.opcode == Opcode::kReturnCallRef) {
    reachable_ = false;
  }
}

// Tables, bulk memory, segment drops. Returns false for opcodes it does not
// know. Operands are in wasm order: s0 s1 s2 = args bottom first.
bool Translator::OnBulkOrTable(const Instr& instr, const Entry* args, uint32_t hb) {
  const uint32_t dst = Canonical(hb);
  auto s = [&](uint32_t i) { return OperandSlot(args[i], hb + i); };
  switch (instr.opcode) {
    case Opcode::kMemoryFill: {
      const uint32_t a = s(0), b = s(1), c = s(2);
      MapSource(Emit(IOp::kMemoryFill, {a, b, c, instr.index}));
      return true;
    }
    case Opcode::kMemoryCopy:
    case Opcode::kMemoryInit:
    case Opcode::kTableCopy:
    case Opcode::kTableInit: {
      const uint32_t a = s(0), b = s(1), c = s(2);
      IOp op = IOp::kMemoryCopy;
      if (instr.opcode == Opcode::kMemoryInit) op = IOp::kMemoryInit;
      if (instr.opcode == Opcode::kTableCopy) op = IOp::kTableCopy;
      if (instr.opcode == Opcode::kTableInit) op = IOp::kTableInit;
      MapSource(Emit(op, {a, b, c, instr.index, instr.index2}));
      return true;
    }
    case Opcode::kDataDrop:
      Emit(IOp::kDataDrop, {instr.index});
      return true;
    case Opcode::kElemDrop:
      Emit(IOp::kElemDrop, {instr.index});
      return true;
    case Opcode::kTableGet:
      MapSource(EmitDef(IOp::kTableGet, {dst, s(0), instr.index}));
      return true;
    case Opcode::kTableSet: {
      const uint32_t a = s(0), b = s(1);
      MapSource(Emit(IOp::kTableSet, {a, b, instr.index}));
      return true;
    }
    case Opcode::kTableSize:
      EmitDef(IOp::kTableSize, {dst, instr.index});
      return true;
    case Opcode::kTableGrow: {
      const uint32_t ref = s(0), delta = s(1);
      EmitDef(IOp::kTableGrow, {dst, ref, delta, instr.index});
      return true;
    }
    case Opcode::kTableFill: {
      const uint32_t a = s(0), b = s(1), c = s(2);
      MapSource(Emit(IOp::kTableFill, {a, b, c, instr.index}));
      return true;
    }
    default:
      return false;
  }
}

}  // namespace wasmtier::interp
