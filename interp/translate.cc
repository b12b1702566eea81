// The interpreter's translator: the driver (Translate, one reused translator
// and decoder per thread), frame and slot bookkeeping, and control flow —
// blocks, branches with the moves their label values need, returns. The
// non-control instructions are in translate_ops.cc; the frame layout and the
// invariants are described in translate.h.
#include "interp/translate.h"

#include <algorithm>
#include <optional>

#include "absl/strings/str_cat.h"
#include "engine/error.h"
#include "interp/interp.h"

namespace wasmtier::interp {

WordBuffer::WordBuffer() {
  static const Handler* const table = [] {
    auto* handlers = new Handler[static_cast<size_t>(IOp::kCount)];
    for (size_t i = 0; i < static_cast<size_t>(IOp::kCount); ++i) handlers[i] = GetHandler(static_cast<IOp>(i));
    return handlers;
  }();
  handlers_ = table;
}

void WordBuffer::Grow(uint32_t needed) {
  words_.resize(std::max<size_t>({needed, 2 * words_.size(), 1024}));
}

Translator::Cond Translator::Cond::Negated() const {
  Cond c = *this;
  switch (kind) {
    case kNez: c.kind = kEqz; break;
    case kEqz: c.kind = kNez; break;
    case kCmp: c.kind = kNotCmp; break;
    case kNotCmp: c.kind = kCmp; break;
    case kNull: c.kind = kNonNull; break;
    case kNonNull: c.kind = kNull; break;
  }
  return c;
}

// ---------------------------------------------------------------------------
// Driver
// ---------------------------------------------------------------------------

absl::Status Translator::Run(TranslatorDecoder& decoder, uint32_t func_index, const Config& config,
                             Code* out) {
  code_ = out;
  module_ = &decoder.module();
  error_ = absl::OkStatus();
  builder_.Truncate(0);
  fixups_.clear();
  source_map_.clear();
  last_pos_ = def_pos_ = kNone;
  reachable_ = true;
  watermark_ = 0;
  max_slot_ = 0;
  // Guarded (unchecked) accesses need memory 0 to be 32-bit with 64 KiB pages:
  // smaller custom pages are committed in whole OS pages, so the guard region
  // would start past the memory's end (engine/runtime/memory.h).
  mem0_guarded_ = !module_->memories.empty() && !module_->memories[0].type.limits.is64 &&
                  module_->memories[0].type.page_size_log2 == 16;
  // Checked back-edges also charge the budget, so they win over plain counting.
  back_edge_ = (config.consume_fuel || config.interruptible) ? BackEdge::kChecked
               : config.profile_counters                    ? BackEdge::kCounting
                                                            : BackEdge::kPlain;
  out->count_calls = config.profile_counters;
  out->entry_checks = config.consume_fuel || config.interruptible;
  absl::Status status = decoder.DecodeFunction(func_index);
  if (!status.ok()) return status;
  if (failed()) return error_;
  builder_.CopyTo(&out->words);
  out->source_map.assign(source_map_.begin(), source_map_.end());
  builder_.Trim(size_t{1} << 20);  // 8 MiB
  return absl::OkStatus();
}

void Translator::StartFunction(TranslatorDecoder& d) {
  base_ = d.num_locals();  // one slot per param and local: v128 is rejected below
  epoch_ = barrier_ = 0;
  local_epoch_.assign(base_, 0);
  for (uint32_t i = 0; i < d.num_locals(); ++i) {
    if (d.local_type(i).kind() == ValueKind::kV128) {
      const Function& f = module_->functions[d.func_index()];
      Fail(UnsupportedError(f.code.offset, "SIMD in the interpreter (v128 local or parameter)"));
      return;
    }
  }
}

void Translator::FinishFunction(TranslatorDecoder& d) {
  const FuncType& sig = module_->function_type(d.func_index());
  code_->num_params = static_cast<uint32_t>(sig.params.size());
  code_->num_locals = base_ - code_->num_params;
  uint32_t slots = std::max(base_ + d.max_stack_height(), max_slot_);
  code_->frame_slots = std::max<uint32_t>(slots, static_cast<uint32_t>(sig.results.size()));
}

// ---------------------------------------------------------------------------
// Emission and slots
// ---------------------------------------------------------------------------

void Translator::AddFixup(ControlData& c, uint32_t pos, uint32_t field) {
  fixups_.push_back({pos, field, c.fixups});
  c.fixups = static_cast<uint32_t>(fixups_.size() - 1);
}

void Translator::PatchFixups(ControlData& c, uint32_t target) {
  for (uint32_t i = c.fixups; i != kNone; i = fixups_[i].next) {
    builder_.SetTarget(fixups_[i].pos, fixups_[i].field, target);
  }
  c.fixups = kNone;
}

void Translator::MoveTo(uint32_t dst, const Value& v) {
  if (v.is_const) {
    EmitDef(IOp::kConst, {dst}, {v.bits});
  } else if (v.slot != dst) {
    if (def_pos_ != kNone && def_pos_ == last_pos_ && def_op_ == IOp::kCopy) {
      // Right after another Copy (no label between): one Copy2 runs both in
      // order. Its destinations are no longer retargetable (def_pos_ cleared).
      const uint32_t d0 = builder_.field(def_pos_, 0);
      const uint32_t s0 = builder_.field(def_pos_, 1);
      builder_.Truncate(def_pos_);
      Emit(IOp::kCopy2, {d0, s0, dst, v.slot});
      return;
    }
    EmitDef(IOp::kCopy, {dst, v.slot});
  }
}

void Translator::Materialize(Entry& e, uint32_t height) {
  const uint32_t slot = Canonical(height);
  if (!e.value.is_const && e.value.slot == slot) return;
  MoveTo(slot, e.value);
  e.value = Value{.slot = slot};
}

void Translator::MaterializeLocalReads(TranslatorDecoder& d, uint32_t local, uint32_t end) {
  for (uint32_t h = watermark_; h < end; ++h) {
    Entry& e = d.stack_at(h);
    if (!e.value.is_const && e.value.slot < base_ && (local == kNone || e.value.slot == local)) {
      Materialize(e, h);
    }
  }
  if (local == kNone && end > watermark_) watermark_ = end;
}

// ---------------------------------------------------------------------------
// Blocks
// ---------------------------------------------------------------------------

void Translator::OnBlock(TranslatorDecoder& d, const Instr& instr, Ctrl& c, const Entry* cond) {
  if (failed()) return;
  offset_ = instr.offset;
  const uint32_t np = c.num_params();
  const uint32_t sp = d.stack_height();
  std::optional<Cond> test;
  // The condition first: fusing removes the compare just emitted, which must
  // happen before the copies below are appended (they do not touch its operands:
  // they write slots of entries below the condition).
  if (c.kind == ControlKind::kIf) test = TakeCondition(*cond, c.height + np, /*allow_cmp=*/true);
  // A label: no entry below it may read a local (translate.h invariants).
  MaterializeLocalReads(d, kNone, sp);
  if (c.kind == ControlKind::kBlock) return;
  // Loop and if params must be where the back-edges / the else arm find them.
  for (uint32_t i = 0; i < np; ++i) Materialize(d.stack_at(c.height + i), c.height + i);
  if (c.kind == ControlKind::kLoop) {
    c.data.loop_pos = BindLabel();
    return;
  }
  const BranchPos br = EmitCondBranch(test->Negated(), /*back=*/false);
  fixups_.push_back({br.pos, br.field, kNone});
  c.data.else_fixup = static_cast<uint32_t>(fixups_.size() - 1);
}

void Translator::OnElse(TranslatorDecoder& d, Ctrl& c) {
  if (failed()) return;
  if (reachable_) {
    // The then-arm's results are still in the decoder's stack memory above
    // {c.height} (the decoder only retyped the params over them).
    for (uint32_t i = 0; i < c.num_results(); ++i) Materialize(d.stack_at(c.height + i), c.height + i);
    const uint32_t pos = EmitJump(/*back=*/false);
    AddFixup(c.data, pos, 0);
  }
  const uint32_t here = BindLabel();
  const Fixup& f = fixups_[c.data.else_fixup];
  builder_.SetTarget(f.pos, f.field, here);
  c.data.else_fixup = kNone;
  for (uint32_t i = 0; i < c.num_params(); ++i) d.stack_at(c.height + i).value = Value{.slot = Canonical(c.height + i)};
  LowerWatermark(c.height);
  reachable_ = true;
}

void Translator::OnEnd(TranslatorDecoder& d, Ctrl& c, Entry* results) {
  if (failed()) return;
  const uint32_t n = c.num_results();
  if (c.kind == ControlKind::kFunction) {
    // Branches to the function's label were emitted as returns.
    if (reachable_) EmitReturn(d);
    return;
  }
  if (reachable_) {
    for (uint32_t i = 0; i < n; ++i) Materialize(results[i], c.height + i);
  }
  bool branched_to = c.data.fixups != kNone;
  if (c.data.else_fixup != kNone) {  // `if` without else: the false path ends here
    branched_to = true;
    const Fixup f = fixups_[c.data.else_fixup];
    c.data.else_fixup = kNone;
    AddFixup(c.data, f.pos, f.field);
  }
  if (branched_to) PatchFixups(c.data, BindLabel());
  reachable_ = reachable_ || branched_to;
  for (uint32_t i = 0; i < n; ++i) results[i].value = Value{.slot = Canonical(c.height + i)};
  LowerWatermark(c.height);
}

// ---------------------------------------------------------------------------
// Branches
// ---------------------------------------------------------------------------

bool Translator::ValuesInPlace(TranslatorDecoder& d, uint32_t n, uint32_t height) {
  const uint32_t sp = d.stack_height();
  for (uint32_t i = 0; i < n; ++i) {
    const Value& v = d.stack_at(sp - n + i).value;
    if (v.is_const || v.slot != Canonical(height + i)) return false;
  }
  return true;
}

void Translator::CopyValues(TranslatorDecoder& d, uint32_t n, uint32_t height) {
  const uint32_t sp = d.stack_height();
  for (uint32_t i = 0; i < n; ++i) MoveTo(Canonical(height + i), d.stack_at(sp - n + i).value);
}

Translator::Cond Translator::TakeCondition(const Entry& e, uint32_t height, bool allow_cmp) {
  static const IOp kEqz = WasmForm(Opcode::kI32Eqz);
  static const IOp kFirstCmp = WasmForm(Opcode::kI32Eq);
  static const IOp kFirstImmCmp = ImmediateForm(Opcode::kI32Eq);
  static const IOp kAnd = WasmForm(Opcode::kI32And);
  static const IOp kAndImm = ImmediateForm(Opcode::kI32And);
  constexpr int kAndIndex = kNumFusedCompares - 1;  // the compares are contiguous rows, and is not
  // The fused compare index of {op} (and whether it has an immediate), or -1.
  auto fusable = [&](IOp op, bool* imm) {
    const int cmp = static_cast<int>(op) - static_cast<int>(kFirstCmp);
    const int imm_cmp = static_cast<int>(op) - static_cast<int>(kFirstImmCmp);
    *imm = false;
    if (op == kAnd) return kAndIndex;
    *imm = true;
    if (op == kAndImm) return kAndIndex;
    if (imm_cmp >= 0 && imm_cmp < kAndIndex) return imm_cmp;
    *imm = false;
    return cmp >= 0 && cmp < kAndIndex ? cmp : -1;
  };
  Cond c;
  if (def_pos_ != kNone && def_pos_ == last_pos_ && !e.value.is_const && e.value.slot == def_slot_ &&
      def_slot_ == Canonical(height)) {
    const IOp op = def_op_;
    // i32.eqz of a compare or and emitted just before it into the same
    // temporary (so nothing else reads that): the negated fused branch.
    constexpr uint32_t kBinopWords = WordsFor(3, 0);
    bool prev_imm = false;
    const int prev_cmp = op == kEqz && allow_cmp && prev_def_pos_ != kNone ? fusable(prev_def_op_, &prev_imm) : -1;
    if (prev_cmp >= 0 && prev_def_pos_ + kBinopWords == def_pos_ && builder_.Is(prev_def_pos_, prev_def_op_) &&
        builder_.field(prev_def_pos_, 0) == def_slot_ && builder_.field(def_pos_, 1) == def_slot_) {
      c.kind = Cond::kNotCmp;
      c.cmp = static_cast<uint8_t>(prev_cmp);
      c.imm = prev_imm;
      c.a = builder_.field(prev_def_pos_, 1);
      c.b = builder_.field(prev_def_pos_, 2);
      builder_.Truncate(prev_def_pos_);
      def_pos_ = last_pos_ = prev_def_pos_ = kNone;
      return c;
    }
    const int cmp = fusable(op, &c.imm);
    if (op == kEqz || (allow_cmp && cmp >= 0)) {
      // The compare's result is read only by this branch: branch on its
      // operands instead and drop it.
      c.a = builder_.field(def_pos_, 1);
      if (op == kEqz) {
        c.kind = Cond::kEqz;
        c.imm = false;
      } else {
        c.kind = Cond::kCmp;
        c.cmp = static_cast<uint8_t>(cmp);
        c.b = builder_.field(def_pos_, 2);
      }
      builder_.Truncate(def_pos_);
      def_pos_ = last_pos_ = kNone;
      return c;
    }
  }
  c.kind = Cond::kNez;
  c.a = OperandSlot(e, height);
  return c;
}

Translator::BranchPos Translator::EmitCondBranch(const Cond& c, bool back) {
  Barrier();
  const bool checked = back_edge_ == BackEdge::kChecked;
  uint32_t pos = 0;
  switch (c.kind) {
    case Cond::kNez:
    case Cond::kEqz: {
      const bool nez = c.kind == Cond::kNez;
      IOp op = nez ? IOp::kBrIfNez : IOp::kBrIfEqz;
      if (back) {
        op = nez ? (checked ? IOp::kBackBrIfNezChecked : IOp::kBackBrIfNez)
                 : (checked ? IOp::kBackBrIfEqzChecked : IOp::kBackBrIfEqz);
      }
      pos = Emit(op, {c.a, 0});
      if (back) MapSource(pos);
      return {pos, 1};
    }
    case Cond::kCmp:
    case Cond::kNotCmp: {
      const bool negated = c.kind == Cond::kNotCmp;
      int op;
      if (back) {  // counted (never Checked: TakeCondition does not fuse those)
        op = static_cast<int>(IOp::kBackBrIfI32Eq) + 4 * c.cmp + (c.imm ? 2 : 0) + (negated ? 1 : 0);
      } else {
        const IOp first = c.imm ? IOp::kBrIfI32EqImm : IOp::kBrIfI32Eq;
        op = static_cast<int>(first) + 2 * c.cmp + (negated ? 1 : 0);
      }
      pos = Emit(static_cast<IOp>(op), {c.a, c.b, 0});
      if (back) MapSource(pos);
      return {pos, 2};
    }
    case Cond::kNull:
      return {Emit(IOp::kBrOnNull, {c.a, 0}), 1};
    case Cond::kNonNull:
      return {Emit(IOp::kBrOnNonNull, {c.a, 0}), 1};
  }
  return {pos, 0};
}

uint32_t Translator::EmitJump(bool back) {
  Barrier();
  if (!back || back_edge_ == BackEdge::kPlain) return Emit(IOp::kBr, {0});
  const uint32_t pos = Emit(back_edge_ == BackEdge::kChecked ? IOp::kBackBrChecked : IOp::kBackBr, {0});
  MapSource(pos);
  return pos;
}

void Translator::EmitBranchTo(TranslatorDecoder& d, uint32_t depth) {
  Ctrl& t = d.control_at(depth);
  if (t.kind == ControlKind::kFunction) {
    EmitReturn(d);
    return;
  }
  CopyValues(d, t.num_labels(), t.height);
  if (t.is_loop()) {
    const uint32_t pos = EmitJump(/*back=*/true);
    builder_.SetTarget(pos, 0, t.data.loop_pos);
  } else {
    AddFixup(t.data, EmitJump(/*back=*/false), 0);
  }
}

void Translator::EmitReturn(TranslatorDecoder& d) {
  const uint32_t n = d.control_at(d.control_depth() - 1).num_results();
  const uint32_t sp = d.stack_height();
  if (n == 1) {
    const Value& v = d.stack_at(sp - 1).value;
    if (v.is_const) {
      Emit(IOp::kConst, {0}, {v.bits});
      Emit(IOp::kReturn, {});
    } else {
      Emit(IOp::kReturn1, {v.slot});
    }
    return;
  }
  ParallelMoveToResults(d, n);
  Emit(IOp::kReturn, {});
}

// Results go to fp[0..n), which may hold params or locals that are themselves
// sources (returning (local.get 1) (local.get 0) swaps two slots). A move is
// emitted once no pending move reads its destination; what remains then are
// pure cycles, each broken by saving one destination in a scratch slot (the
// canonical slot just above the stack, which no live value uses).
void Translator::ParallelMoveToResults(TranslatorDecoder& d, uint32_t n) {
  const uint32_t sp = d.stack_height();
  moves_.clear();
  for (uint32_t i = 0; i < n; ++i) {
    const Value& v = d.stack_at(sp - n + i).value;
    if (!v.is_const && v.slot == i) continue;
    moves_.push_back({i, v, false});
  }
  if (moves_.empty()) return;
  const uint32_t scratch = Canonical(sp);
  auto ensure = [&](uint32_t slot) {
    if (slot >= readers_.size()) {
      readers_.resize(slot + 1, 0);
      writer_.resize(slot + 1, kNone);
    }
  };
  ensure(scratch);
  for (uint32_t k = 0; k < moves_.size(); ++k) {
    ensure(moves_[k].dst);
    writer_[moves_[k].dst] = k;
    if (!moves_[k].src.is_const) {
      ensure(moves_[k].src.slot);
      ++readers_[moves_[k].src.slot];
    }
  }
  ready_.clear();
  for (uint32_t k = 0; k < moves_.size(); ++k) {
    if (readers_[moves_[k].dst] == 0) ready_.push_back(k);
  }
  size_t done = 0;
  size_t cursor = 0;
  while (true) {
    while (!ready_.empty()) {
      Move& m = moves_[ready_.back()];
      ready_.pop_back();
      MoveTo(m.dst, m.src);
      m.done = true;
      ++done;
      writer_[m.dst] = kNone;
      if (!m.src.is_const && --readers_[m.src.slot] == 0 && writer_[m.src.slot] != kNone) {
        ready_.push_back(writer_[m.src.slot]);
      }
    }
    if (done == moves_.size()) break;
    while (moves_[cursor].done) ++cursor;
    const uint32_t saved = moves_[cursor].dst;
    MoveTo(scratch, Value{.slot = saved});
    NoteSlot(scratch);
    for (Move& m : moves_) {
      if (!m.done && !m.src.is_const && m.src.slot == saved) {
        m.src.slot = scratch;
        --readers_[saved];
        ++readers_[scratch];
      }
    }
    ready_.push_back(static_cast<uint32_t>(cursor));
  }
}

void Translator::OnBranch(TranslatorDecoder& d, const Instr& instr, const Entry* operand) {
  if (failed()) return;
  offset_ = instr.offset;
  switch (instr.opcode) {
    case Opcode::kBr:
      EmitBranchTo(d, instr.index);
      reachable_ = false;
      break;
    case Opcode::kReturn:
      EmitReturn(d);
      reachable_ = false;
      break;
    case Opcode::kBrIf:
      OnBrIf(d, instr, *operand);
      break;
    case Opcode::kBrTable:
      OnBrTable(d, instr, *operand);
      reachable_ = false;
      break;
    case Opcode::kBrOnNull:
    case Opcode::kBrOnNonNull:
      OnBrOnNull(d, instr, *operand, instr.opcode == Opcode::kBrOnNonNull);
      LowerWatermark(d.stack_height() > 0 ? d.stack_height() - 1 : 0);
      break;
    default:
      Unsupported(instr);
      break;
  }
}

// br_if: a direct conditional branch when the label's values are already in
// place (fused with the compare that produced the condition if it can be);
// else a negated test around the copies and an unconditional branch, so the
// fall-through path keeps its stack untouched.
void Translator::OnBrIf(TranslatorDecoder& d, const Instr& instr, const Entry& cond) {
  Ctrl& t = d.control_at(instr.index);
  const uint32_t height = d.stack_height();  // the popped condition's height
  const bool counting = t.is_loop() && back_edge_ != BackEdge::kPlain;
  if (t.kind != ControlKind::kFunction && ValuesInPlace(d, t.num_labels(), t.height)) {
    const Cond c = TakeCondition(cond, height, /*allow_cmp=*/back_edge_ != BackEdge::kChecked || !t.is_loop());
    BranchPos br;
    if (!EmitAddBranch(c, t.is_loop(), counting, &br)) br = EmitCondBranch(c, counting);
    if (t.is_loop()) {
      builder_.SetTarget(br.pos, br.field, t.data.loop_pos);
    } else {
      AddFixup(t.data, br.pos, br.field);
    }
    return;
  }
  const BranchPos skip = EmitCondBranch(TakeCondition(cond, height, true).Negated(), false);
  EmitBranchTo(d, instr.index);
  builder_.SetTarget(skip.pos, skip.field, BindLabel());
}

// br_on_null (branch if null, with the values below the ref) and
// br_on_non_null (branch if not null, with the ref as the last value).
void Translator::OnBrOnNull(TranslatorDecoder& d, const Instr& instr, const Entry& ref, bool on_non_null) {
  Ctrl& t = d.control_at(instr.index);
  const uint32_t height = on_non_null ? d.stack_height() - 1 : d.stack_height();
  Cond c;
  c.kind = on_non_null ? Cond::kNonNull : Cond::kNull;
  c.a = OperandSlot(ref, height);
  const bool counting = t.is_loop() && back_edge_ != BackEdge::kPlain;
  if (t.kind != ControlKind::kFunction && !counting && ValuesInPlace(d, t.num_labels(), t.height)) {
    const BranchPos br = EmitCondBranch(c, false);
    if (t.is_loop()) {
      builder_.SetTarget(br.pos, br.field, t.data.loop_pos);
    } else {
      AddFixup(t.data, br.pos, br.field);
    }
    return;
  }
  const BranchPos skip = EmitCondBranch(c.Negated(), false);
  EmitBranchTo(d, instr.index);
  builder_.SetTarget(skip.pos, skip.field, BindLabel());
}

// br_table: targets whose values are in place (and that are not returns or
// counted back-edges) are direct; every other distinct target gets one stub
// after the table: its copies, then the branch.
void Translator::OnBrTable(TranslatorDecoder& d, const Instr& instr, const Entry& index) {
  const uint32_t sp = d.stack_height();
  const uint32_t s = OperandSlot(index, sp);
  table_fields_.assign(instr.count + 3, 0);
  table_fields_[0] = s;
  table_fields_[1] = instr.count;
  Barrier();
  const uint32_t pos = builder_.Emit(IOp::kBrTable, table_fields_, {});
  last_pos_ = pos;
  def_pos_ = kNone;
  constexpr uint32_t kFirstTarget = 2;
  const uint32_t depth_count = d.control_depth();
  if (stub_seen_.size() < depth_count) {
    stub_seen_.resize(depth_count, 0);
    stub_pos_.resize(depth_count, kNone);
  }
  if (++stub_stamp_ == 0) {
    std::fill(stub_seen_.begin(), stub_seen_.end(), 0);
    stub_stamp_ = 1;
  }
  stub_depths_.clear();
  uint32_t field = kFirstTarget;
  for (BrTableIterator it(instr); it.has_next(); ++field) {
    const uint32_t depth = it.next();
    Ctrl& t = d.control_at(depth);
    if (stub_seen_[depth] != stub_stamp_) {
      stub_seen_[depth] = stub_stamp_;
      const bool direct = t.kind != ControlKind::kFunction &&
                          !(t.is_loop() && back_edge_ != BackEdge::kPlain) &&
                          ValuesInPlace(d, t.num_labels(), t.height);
      stub_pos_[depth] = direct ? kNone : 0;
      if (!direct) stub_depths_.push_back(depth);
    }
    if (stub_pos_[depth] != kNone) continue;  // patched once the stub exists
    if (t.is_loop()) {
      builder_.SetTarget(pos, field, t.data.loop_pos);
    } else {
      AddFixup(t.data, pos, field);
    }
  }
  if (stub_depths_.empty()) return;
  for (uint32_t depth : stub_depths_) {
    stub_pos_[depth] = BindLabel();
    EmitBranchTo(d, depth);
  }
  field = kFirstTarget;
  for (BrTableIterator it(instr); it.has_next(); ++field) {
    const uint32_t depth = it.next();
    if (stub_pos_[depth] != kNone) builder_.SetTarget(pos, field, stub_pos_[depth]);
  }
}

// ---------------------------------------------------------------------------
// Entry point
// ---------------------------------------------------------------------------

absl::StatusOr<std::unique_ptr<Code>> Translate(const WasmModule& module, uint32_t func_index,
                                                const Config& config) {
  if (func_index >= module.functions.size() || module.functions[func_index].imported) {
    return absl::InvalidArgumentError(absl::StrCat("Translate: ", func_index, " is not a defined function"));
  }
  // One translator and decoder per thread: their buffers are reused, so a
  // translation allocates little beyond the Code it returns.
  struct PerThread {
    Translator translator;
    std::optional<TranslatorDecoder> decoder;
  };
  thread_local PerThread state;
  if (!state.decoder) {
    state.decoder.emplace(module, config.features, state.translator);
  } else {
    state.decoder->Rebind(module, config.features);
  }
  auto code = std::make_unique<Code>();
  absl::Status status = state.translator.Run(*state.decoder, func_index, config, code.get());
  if (!status.ok()) return status;
  return code;
}

}  // namespace wasmtier::interp
