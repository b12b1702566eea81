// The interpreter's translator, loads and stores: guarded forms on a 32-bit
// memory 0 (with the i32.add / sub of a constant that computed the address
// folded in, and a load whose value only feeds a store of its width turned
// into a Move), checked forms elsewhere.
#include <cstdint>
#include <vector>

#include "interp/translate.h"

namespace wasmtier::interp {
namespace {

// Bytes a load or store row accesses (0 for other rows).
uint32_t AccessWidth(Opcode op) {
  switch (op) {
    case Opcode::kI32Load8S: case Opcode::kI32Load8U: case Opcode::kI64Load8S: case Opcode::kI64Load8U:
    case Opcode::kI32Store8: case Opcode::kI64Store8:
      return 1;
    case Opcode::kI32Load16S: case Opcode::kI32Load16U: case Opcode::kI64Load16S: case Opcode::kI64Load16U:
    case Opcode::kI32Store16: case Opcode::kI64Store16:
      return 2;
    case Opcode::kI32Load: case Opcode::kF32Load: case Opcode::kI64Load32S: case Opcode::kI64Load32U:
    case Opcode::kI32Store: case Opcode::kF32Store: case Opcode::kI64Store32:
      return 4;
    case Opcode::kI64Load: case Opcode::kF64Load: case Opcode::kI64Store: case Opcode::kF64Store:
      return 8;
    default:
      return 0;
  }
}

// Guarded loads a store may take over (OnMemoryAccess): width and address
// form by the load's IOp.
struct MovableLoad {
  uint8_t width = 0;  // 0: not a guarded W: or A: load
  bool add = false;   // A: form (fields D S U-add U-offset), else W: (D S U-offset)
};
const MovableLoad& MovableLoadOf(IOp op) {
  static const std::vector<MovableLoad>* table = [] {
    auto* t = new std::vector<MovableLoad>(static_cast<size_t>(IOp::kCount));
    const Opcode loads[] = {Opcode::kI32Load, Opcode::kI64Load, Opcode::kF32Load, Opcode::kF64Load,
                            Opcode::kI32Load8S, Opcode::kI32Load8U, Opcode::kI32Load16S, Opcode::kI32Load16U,
                            Opcode::kI64Load8S, Opcode::kI64Load8U, Opcode::kI64Load16S, Opcode::kI64Load16U,
                            Opcode::kI64Load32S, Opcode::kI64Load32U};
    for (Opcode op : loads) {
      const uint8_t width = static_cast<uint8_t>(AccessWidth(op));
      (*t)[static_cast<size_t>(WasmForm(op))] = {width, false};
      (*t)[static_cast<size_t>(AddImmLoadForm(op))] = {width, true};
    }
    return t;
  }();
  return (*table)[static_cast<size_t>(op)];
}

}  // namespace

void Translator::OnMemoryAccess(const Instr& instr, const Entry* args, uint32_t hb, bool load) {
  const uint32_t addr = OperandSlot(args[0], hb);
  // Guarded memory 0 (32-bit, reserved with guard pages): no bounds check;
  // memory32 offsets fit in u32 (validated).
  const bool guarded = instr.mem.memory == 0 && mem0_guarded_;
  uint32_t pos;
  if (load) {
    const uint32_t dst = Canonical(hb);
    // An address computed by the i32.add just emitted into this temporary
    // (read by nothing else): fold the add into the load.
    // An I:i32.sub of a constant is the add of its negation (mod 2^32).
    static const IOp kAddImm = ImmediateForm(Opcode::kI32Add);
    static const IOp kSubImm = ImmediateForm(Opcode::kI32Sub);
    static const IOp kAdd = WasmForm(Opcode::kI32Add);
    if (guarded && def_pos_ != kNone && def_pos_ == last_pos_ && !args[0].value.is_const &&
        addr == def_slot_ && addr == dst && (def_op_ == kAddImm || def_op_ == kSubImm || def_op_ == kAdd)) {
      const uint32_t a = builder_.field(def_pos_, 1);
      const uint32_t b = def_op_ == kSubImm ? 0u - builder_.field(def_pos_, 2) : builder_.field(def_pos_, 2);
      const IOp op = def_op_ == kAdd ? AddLoadForm(instr.opcode) : AddImmLoadForm(instr.opcode);
      builder_.Truncate(def_pos_);
      MapSource(EmitDef(op, {dst, a, b, static_cast<uint32_t>(instr.mem.offset)}));
      return;
    }
    pos = guarded ? EmitDef(WasmForm(instr.opcode), {dst, addr, static_cast<uint32_t>(instr.mem.offset)})
                  : EmitDef(CheckedMemoryForm(instr.opcode), {dst, addr, instr.mem.memory}, {instr.mem.offset});
  } else {
    const uint32_t value = OperandSlot(args[1], hb + 1);
    // The value is what a guarded load of the same width just read into its
    // temporary (read by nothing else): one Move instead of the two.
    const MovableLoad load = guarded && def_pos_ != kNone && def_pos_ == last_pos_ && !args[1].value.is_const &&
                                     value == def_slot_ && value == Canonical(hb + 1)
                                 ? MovableLoadOf(def_op_)
                                 : MovableLoad{};
    const bool move = load.width != 0 && load.width == AccessWidth(instr.opcode);
    uint32_t src[3] = {0, 0, 0};  // the load's address slot, add and offset
    if (move) {
      src[0] = builder_.field(def_pos_, 1);
      src[1] = load.add ? builder_.field(def_pos_, 2) : 0;
      src[2] = builder_.field(def_pos_, load.add ? 3 : 2);
    }
    // The address is an I:i32.add into its temporary with no label or branch
    // since and no write to its base local (so nothing between it and here
    // depends on it or changes its operand; only the store reads the
    // temporary): drop it and fold it in.
    const Value& av = args[0].value;
    static const IOp kAddImm = ImmediateForm(Opcode::kI32Add);
    static const IOp kSubImm = ImmediateForm(Opcode::kI32Sub);
    const uint32_t at = static_cast<uint32_t>(av.bits) - 1;
    const uint32_t add_epoch = static_cast<uint32_t>(av.bits >> 32);
    if (guarded && !av.is_const && av.bits != 0 && addr == Canonical(hb) && add_epoch >= barrier_ &&
        (builder_.Is(at, kAddImm) || builder_.Is(at, kSubImm)) && builder_.field(at, 0) == addr &&
        (builder_.field(at, 1) >= local_epoch_.size() || local_epoch_[builder_.field(at, 1)] <= add_epoch)) {
      const uint32_t base = builder_.field(at, 1);
      const uint32_t addend = builder_.Is(at, kSubImm) ? 0u - builder_.field(at, 2) : builder_.field(at, 2);
      constexpr uint32_t kAddWords = WordsFor(3, 0);
      builder_.Erase(at, kAddWords);
      for (auto& [word, offset] : source_map_) {
        if (word > at) word -= kAddWords;
      }
      if (last_pos_ != kNone && last_pos_ > at) last_pos_ -= kAddWords;
      def_pos_ = kNone;
      if (move) return EmitMove(load.width, src, base, addend, static_cast<uint32_t>(instr.mem.offset));
      MapSource(Emit(AddImmLoadForm(instr.opcode), {base, addend, value, static_cast<uint32_t>(instr.mem.offset)}));
      return;
    }
    if (move) return EmitMove(load.width, src, addr, 0, static_cast<uint32_t>(instr.mem.offset));
    pos = guarded ? Emit(WasmForm(instr.opcode), {addr, value, static_cast<uint32_t>(instr.mem.offset)})
                  : Emit(CheckedMemoryForm(instr.opcode), {addr, value, instr.mem.memory}, {instr.mem.offset});
  }
  MapSource(pos);
}

// Replaces the guarded load just emitted ({last_pos_}, its address in {src})
// by a Move of {width} bytes to u32(fp[dst] + add) + offset.
void Translator::EmitMove(uint32_t width, const uint32_t src[3], uint32_t dst, uint32_t add, uint32_t offset) {
  const uint32_t at = last_pos_;
  builder_.Truncate(at);
  if (!source_map_.empty() && source_map_.back().first == at) source_map_.pop_back();
  const IOp op = width == 1 ? IOp::kMove1 : width == 2 ? IOp::kMove2 : width == 4 ? IOp::kMove4 : IOp::kMove8;
  MapSource(Emit(op, {src[0], src[1], src[2], dst, add, offset}));
}

}  // namespace wasmtier::interp
