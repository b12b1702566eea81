// The interpreter's translator (internal): a consumer of the one function-body
// decoder (engine/function_body_decoder.h) that turns stack bytecode into the
// register code of interp/code.h. translate.cc holds the driver, frame/slot
// bookkeeping and control flow; translate_ops.cc the non-control instructions
// but loads and stores, which are in translate_memory.cc.
//
// Frame: fp[0..P) params, fp[P..P+L) declared locals, then the operand stack:
// the value at stack height h has its canonical slot P+L+h. A stack entry's
// Value says where that value lives now: a slot (its canonical slot, or a
// local's slot after a folded local.get) or a constant not yet materialized.
// Invariants the code relies on:
//   - an entry that lives in a slot >= P+L lives in its own canonical slot;
//   - at every label (block/loop/if start, merge points) no entry below the
//     label's height reads a local, so a local.set inside a block never needs
//     to change an entry that another path into the merge point also sees.
//     Entries below {watermark_} are known to read no local, so the scans
//     that keep this (at labels and before local.set/tee) stay short.
// Peepholes look back at most one instruction ({def_pos_}) and never across a
// label: local.set/tee retarget the D field of the instruction that produced
// the value; br_if/if replace an i32 compare, i32.and or i32.eqz that produced
// their condition by a fused branch (also on counted back-edges), looking
// through an i32.eqz of a compare or and to the negated fused branch; a guarded load
// folds the i32.add (or sub of a constant) that computed its address; a float
// add/sub folds the mul that produced an operand, an i32 add/sub/and/or/xor
// the shift by a constant that produced one; a guarded store whose value a
// guarded load of its width just read becomes a Move; a Copy right after a
// Copy merges into Copy2; a br_if on the local an I:i32.add/sub of a constant
// was just retargeted to fuses with it. Integer binops with a constant operand
// take it as an immediate. One look further back: a guarded store folds the I:i32.add
// (or sub) of its address if nothing was emitted since but straight-line code
// with no local write ({epoch_}), removing the add from the middle of the code.
// Not translated (an "unsupported: ..." error, never an op without a handler):
// v128 values and SIMD opcodes, GC, exceptions, threads, wide arithmetic.
#ifndef WASMTIER_INTERP_TRANSLATE_H_
#define WASMTIER_INTERP_TRANSLATE_H_

#include <cstdint>
#include <span>
#include <vector>

#include "absl/status/status.h"
#include "engine/function_body_decoder.h"
#include "engine/include/wasmtier/config.h"
#include "interp/code.h"

namespace wasmtier::interp {

class Translator;
struct OpRow;  // translate_ops.cc: how an opcode-table row is translated
using TranslatorDecoder = FunctionBodyDecoder<Translator>;

// The translator's instruction buffer: CodeBuilder's encoding (interp/code.h)
// with what translation at speed needs: the buffer and a handler table are
// reused across functions, an instruction is written in place with no
// per-instruction resize, and the finished code is copied out at its exact
// size (CodeBuilder grows a fresh vector per function).
class WordBuffer {
 public:
  WordBuffer();
  [[gnu::always_inline]] uint32_t Emit(IOp op, std::span<const uint32_t> fields32,
                                       std::span<const uint64_t> fields64) {
    const uint32_t pos = size_;
    const uint32_t n32 = static_cast<uint32_t>(fields32.size());
    const uint32_t n = WordsFor(static_cast<int>(n32), static_cast<int>(fields64.size()));
    if (pos + n > words_.size()) Grow(pos + n);
    Word* w = words_.data() + pos;
    w[0].handler = handlers_[static_cast<size_t>(op)];
    for (uint32_t i = 0; i < n32; ++i) w[1 + i / 2].u32[i % 2] = fields32[i];
    if (n32 % 2) w[1 + n32 / 2].u32[1] = 0;
    Word* wide = w + 1 + (n32 + 1) / 2;
    for (size_t k = 0; k < fields64.size(); ++k) wide[k].u64 = fields64[k];
    size_ = pos + n;
    return pos;
  }
  void SetField(uint32_t pos, uint32_t field, uint32_t value) { words_[pos + 1 + field / 2].u32[field % 2] = value; }
  // Points T field {field} of the instruction at {pos} at the instruction at {target}.
  void SetTarget(uint32_t pos, uint32_t field, uint32_t target) {
    SetField(pos, field, static_cast<uint32_t>(static_cast<int32_t>(target - pos)));
  }
  uint32_t field(uint32_t pos, uint32_t field) const { return words_[pos + 1 + field / 2].u32[field % 2]; }
  uint32_t size() const { return size_; }
  void Truncate(uint32_t pos) { size_ = pos; }
  // Removes the {n} words at {pos} (an instruction no branch spans).
  void Erase(uint32_t pos, uint32_t n) {
    std::copy(words_.begin() + pos + n, words_.begin() + size_, words_.begin() + pos);
    size_ -= n;
  }
  bool Is(uint32_t pos, IOp op) const { return pos < size_ && words_[pos].handler == handlers_[static_cast<size_t>(op)]; }
  void CopyTo(std::vector<Word>* out) const { out->assign(words_.begin(), words_.begin() + size_); }
  // Frees the buffer if one huge function grew it past {max_words}, so a
  // thread does not keep that memory for the small functions that follow.
  void Trim(size_t max_words) {
    if (words_.size() > max_words) std::vector<Word>().swap(words_);
    size_ = 0;
  }

 private:
  void Grow(uint32_t needed);
  std::vector<Word> words_;
  uint32_t size_ = 0;
  const Handler* handlers_;  // by IOp
};

class Translator {
 public:
  static constexpr uint32_t kNone = UINT32_MAX;

  // Where a stack value lives.
  struct Value {
    // kConst: the slot bits (i32/f32 zero-extended, null = 0). Else, for the
    // result of an I:i32.add or I:i32.sub into its canonical slot: the add's word index + 1
    // (low half) and the {epoch_} it was emitted in (high half), so a store
    // can fold it (see OnMemoryAccess); 0 otherwise.
    uint64_t bits = 0;
    uint32_t slot = 0;  // kSlot: slot index relative to fp
    bool is_const = false;
  };
  // Per open block: forward branches waiting for the block's end, and labels.
  struct ControlData {
    uint32_t fixups = kNone;    // head of a list in {fixups_}: branches to the end
    uint32_t else_fixup = kNone;  // `if`: the false branch, patched at else / end
    uint32_t loop_pos = kNone;  // `loop`: word index of the loop header
  };
  static constexpr bool kTracksValues = true;
  using Entry = StackEntry<Value>;
  using Ctrl = Control<ControlData>;

  // Translates defined function {func_index}; the decoder runs the hooks.
  absl::Status Run(TranslatorDecoder& decoder, uint32_t func_index, const Config& config,
                   Code* out);

  // ---- Hooks (FunctionBodyDecoder consumer interface). ----
  void StartFunction(TranslatorDecoder& d);
  void OnInstr(TranslatorDecoder& d, const Instr& instr, const Entry* args, uint32_t nargs,
               Entry* results, uint32_t nresults);
  void OnBlock(TranslatorDecoder& d, const Instr& instr, Ctrl& block, const Entry* cond);
  void OnElse(TranslatorDecoder& d, Ctrl& block);
  void OnEnd(TranslatorDecoder& d, Ctrl& block, Entry* results);
  void OnBranch(TranslatorDecoder& d, const Instr& instr, const Entry* operand);
  void FinishFunction(TranslatorDecoder& d);

 private:
  // A branch condition, possibly fused with the compare that produced it.
  struct Cond {
    enum Kind : uint8_t { kNez, kEqz, kCmp, kNotCmp, kNull, kNonNull };
    Kind kind = kNez;
    uint8_t cmp = 0;  // index in INTERP_I32_COMPARES (kCmp, kNotCmp)
    bool imm = false;  // kCmp, kNotCmp: {b} is a constant, not a slot
    uint32_t a = 0, b = 0;
    Cond Negated() const;
  };
  enum class BackEdge : uint8_t { kPlain, kCounting, kChecked };
  struct BranchPos {
    uint32_t pos;    // word index of the branch
    uint32_t field;  // its T field
  };

  // ---- Emission (translate.cc). ----
  // Inlined (they are a few stores): emission is most of the translator's own time.
  [[gnu::always_inline]] uint32_t Emit(IOp op, std::initializer_list<uint32_t> f32,
                                       std::initializer_list<uint64_t> f64 = {}) {
    const uint32_t pos = builder_.Emit(op, std::span<const uint32_t>(f32.begin(), f32.size()),
                                       std::span<const uint64_t>(f64.begin(), f64.size()));
    // The def this instruction follows directly, for TakeCondition's look
    // through an i32.eqz (checked there: the record may be stale).
    prev_def_pos_ = def_pos_ == last_pos_ ? def_pos_ : kNone;
    prev_def_op_ = def_op_;
    local_def_pos_ = kNone;
    last_pos_ = pos;
    def_pos_ = kNone;
    return pos;
  }
  // An instruction whose field 0 (D) writes a slot: local.set may retarget it.
  [[gnu::always_inline]] uint32_t EmitDef(IOp op, std::initializer_list<uint32_t> f32,
                                          std::initializer_list<uint64_t> f64 = {}) {
    const uint32_t pos = Emit(op, f32, f64);
    def_pos_ = pos;
    def_slot_ = *f32.begin();
    def_op_ = op;
    return pos;
  }
  // Records the instruction at {pos} in the source map (it can trap or call).
  void MapSource(uint32_t pos) { source_map_.emplace_back(pos, offset_); }
  // A position that branches may reach: the peephole must not look across it.
  uint32_t BindLabel() {
    def_pos_ = local_def_pos_ = kNone;
    Barrier();
    return builder_.size();
  }
  // A label or branch: no instruction may be moved across it.
  void Barrier() { barrier_ = ++epoch_; }
  void AddFixup(ControlData& c, uint32_t pos, uint32_t field);
  void PatchFixups(ControlData& c, uint32_t target);
  void Fail(absl::Status status) {
    if (error_.ok()) error_ = std::move(status);
  }
  bool failed() const { return !error_.ok(); }

  // ---- Slots and values (translate.cc). ----
  uint32_t Canonical(uint32_t height) const { return base_ + height; }
  void NoteSlot(uint32_t slot) {
    if (slot >= max_slot_) max_slot_ = slot + 1;
  }
  // Puts {v} into slot {dst} (Const or Copy; nothing if it is there already).
  void MoveTo(uint32_t dst, const Value& v);
  // Makes the entry at {height} live in its canonical slot.
  void Materialize(Entry& e, uint32_t height);
  // The slot holding operand {e} at {height}; constants are materialized into
  // the canonical slot first.
  uint32_t OperandSlot(const Entry& e, uint32_t height) {
    if (!e.value.is_const) return e.value.slot;
    MoveTo(Canonical(height), e.value);
    return Canonical(height);
  }
  // Materializes every entry in [watermark, end) that reads local {local}
  // (kNone: any local), before a write to it or at a label.
  void MaterializeLocalReads(TranslatorDecoder& d, uint32_t local, uint32_t end);
  void LowerWatermark(uint32_t height) {
    if (height < watermark_) watermark_ = height;
  }

  // ---- Control (translate.cc). ----
  BackEdge back_edge() const { return back_edge_; }
  // Whether the top {n} entries already sit in the label slots from {height}.
  bool ValuesInPlace(TranslatorDecoder& d, uint32_t n, uint32_t height);
  // Copies the top {n} entries to the label slots from {height} (ascending:
  // every source lives at or above its destination or in a local).
  void CopyValues(TranslatorDecoder& d, uint32_t n, uint32_t height);
  // The condition of br_if / if at {height}: the i32.eqz or (allow_cmp) i32
  // compare just emitted that produced {e}, removed and fused into the branch;
  // else a test of {e}'s slot.
  Cond TakeCondition(const Entry& e, uint32_t height, bool allow_cmp);
  // A conditional branch (a back-edge form if {back}); its target is left 0.
  BranchPos EmitCondBranch(const Cond& c, bool back);
  uint32_t EmitJump(bool back);  // Br, or the back-edge form the config asks for
  // Unconditional branch to the label at {depth} with its values (copies,
  // return sequence, loop back-edge...).
  void EmitBranchTo(TranslatorDecoder& d, uint32_t depth);
  void EmitReturn(TranslatorDecoder& d);
  // Moves the top {n} entries to fp[0..n) (a parallel move) and returns.
  void ParallelMoveToResults(TranslatorDecoder& d, uint32_t n);
  void OnBrIf(TranslatorDecoder& d, const Instr& instr, const Entry& cond);
  // br_if on a local that the I:i32.add/sub just retargeted to it wrote: one
  // (Back)BrIfAddImmNez (translate_ops.cc). False if {c} is not that.
  bool EmitAddBranch(const Cond& c, bool loop, bool counting, BranchPos* br);
  void OnBrTable(TranslatorDecoder& d, const Instr& instr, const Entry& index);
  void OnBrOnNull(TranslatorDecoder& d, const Instr& instr, const Entry& ref, bool on_non_null);

  // ---- Instructions (translate_ops.cc). ----
  void OnLocal(TranslatorDecoder& d, const Instr& instr, const Entry* args, Entry* results,
               uint32_t nresults);
  // Loads and stores (translate_memory.cc).
  void OnMemoryAccess(const Instr& instr, const Entry* args, uint32_t hb, bool load);
  void EmitMove(uint32_t width, const uint32_t src[3], uint32_t dst, uint32_t add, uint32_t offset);
  uint32_t EmitImmediateForm(const OpRow& row, const Entry* args, uint32_t hb);
  bool FoldMultiply(Opcode op, const Entry* args, uint32_t hb);
  bool FoldShift(Opcode op, const Entry* args, uint32_t hb);
  void OnCall(const Instr& instr, const Entry* args, uint32_t hb);
  bool OnBulkOrTable(const Instr& instr, const Entry* args, uint32_t hb);
  void Unsupported(const Instr& instr);

  WordBuffer builder_;
  Code* code_ = nullptr;
  const WasmModule* module_ = nullptr;
  absl::Status error_;
  uint32_t offset_ = 0;     // module offset of the instruction being translated
  uint32_t base_ = 0;       // P + L: canonical slot of stack height 0
  uint32_t max_slot_ = 0;   // 1 + highest slot written (scratch slots included)
  uint32_t watermark_ = 0;  // entries below this height read no local
  // Bumped by every label, branch and local write (counted from 0 per
  // function). An I:i32.add emitted in epoch E can be moved to a later store
  // (store folding) if no label or branch came since ({barrier_} <= E) and its
  // base local was not written since ({local_epoch_}[base] <= E).
  uint32_t epoch_ = 0;
  uint32_t barrier_ = 0;              // epoch_ of the last label or branch
  std::vector<uint32_t> local_epoch_;  // by local: epoch_ of its last write
  uint32_t last_pos_ = kNone;  // word index of the last emitted instruction
  uint32_t def_pos_ = kNone;   // last instruction if it wrote {def_slot_} in field 0
  uint32_t def_slot_ = 0;
  IOp def_op_ = IOp::kCount;
  // The def that the last instruction directly followed, if any (see Emit).
  uint32_t prev_def_pos_ = kNone;
  IOp prev_def_op_ = IOp::kCount;
  // The last instruction, if local.set/tee retargeted it to write local
  // {local_def_slot_} (no label since): a br_if on that local may fuse it.
  uint32_t local_def_pos_ = kNone;
  uint32_t local_def_slot_ = 0;
  bool reachable_ = true;   // the current position can be reached by falling through
  bool mem0_guarded_ = false;  // memory 0 exists and is 32-bit
  BackEdge back_edge_ = BackEdge::kPlain;

  struct Fixup {
    uint32_t pos, field, next;
  };
  std::vector<Fixup> fixups_;
  std::vector<std::pair<uint32_t, uint32_t>> source_map_;  // copied to the Code at the end
  // br_table stubs by depth, valid when {stub_stamp_} matches.
  std::vector<uint32_t> stub_pos_;
  std::vector<uint32_t> stub_seen_;
  uint32_t stub_stamp_ = 0;
  std::vector<uint32_t> stub_depths_;
  std::vector<uint32_t> table_fields_;
  // Parallel move scratch (by slot).
  struct Move {
    uint32_t dst;
    Value src;
    bool done;
  };
  // {writer_} and {readers_} are indexed by slot and kept at kNone / 0
  // between uses, so a move touches only the slots it involves.
  std::vector<Move> moves_;
  std::vector<uint32_t> readers_;  // pending moves reading a slot
  std::vector<uint32_t> writer_;   // pending move writing a slot (kNone if none)
  std::vector<uint32_t> ready_;
};

}  // namespace wasmtier::interp

#endif  // WASMTIER_INTERP_TRANSLATE_H_
