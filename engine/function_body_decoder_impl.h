// Member definitions of FunctionBodyDecoder (engine/function_body_decoder.h):
// the dispatch loop, the syntax-only continuation and the typing of every
// instruction whose OpSig is special. Included only by that header.
#ifndef WASMTIER_ENGINE_FUNCTION_BODY_DECODER_IMPL_H_
#define WASMTIER_ENGINE_FUNCTION_BODY_DECODER_IMPL_H_

namespace wasmtier {

// ---------------------------------------------------------------------------
// Entry points
// ---------------------------------------------------------------------------

template <typename I>
void FunctionBodyDecoder<I>::Reset() {
  failed_ = false;
  error_ = absl::OkStatus();
  sp_ = 0;
  max_sp_ = 0;
  control_.clear();
  current_ = nullptr;
  live_ = true;
  init_log_.clear();
  track_init_ = false;
  const_mode_ = false;
  if (stack_.empty()) {
    stack_.resize(64);
    stack_capacity_ = 64;
  }
  fast_single_ = FastSingleByteTable(false);
}

template <typename I>
absl::Status FunctionBodyDecoder<I>::DecodeFunction(uint32_t func_index) {
  Reset();
  func_index_ = func_index;
  mem0_addr_ = module_->memories.empty() ? ValType::Bottom() : MemoryAddrType(0);
  const Function& func = module_->functions[func_index];
  sig_ = &module_->types[func.type_index].func;
  // The module keeps locals as run-length declarations (Function::local_runs,
  // so a tiny module cannot hold gigabytes of them); they are expanded here,
  // one function at a time, into the reused {locals_}: peak memory is one
  // function's locals (at most kMaxFunctionLocals), one fill per run.
  const size_t num_params = sig_->params.size();
  locals_.clear();
  locals_.reserve(num_params + func.num_locals);
  locals_.insert(locals_.end(), sig_->params.begin(), sig_->params.end());
  for (const LocalRun& run : func.local_runs) {
    locals_.insert(locals_.end(), run.count, run.type);
    track_init_ |= !run.type.is_defaultable();
  }
  if (track_init_) {
    local_init_.assign(locals_.size(), 1);
    size_t first = num_params;
    for (const LocalRun& run : func.local_runs) {
      std::fill_n(local_init_.begin() + first, run.count, run.type.is_defaultable() ? 1 : 0);
      first += run.count;
    }
  }
  Reader reader(module_->data(func.code), func.code.length, func.code.offset);
  reader.set_eof_message("unexpected end of section or function");
  reader_ = &reader;
  body_end_offset_ = func.code.end();
  BlockTypeImm type;
  type.sig = sig_;
  PushControl(ControlKind::kFunction, type, 0);
  interface_.StartFunction(*this);
  const bool done = DecodeLoop();
  if (done && !failed_) interface_.FinishFunction(*this);
  return Finish(done);
}

template <typename I>
absl::Status FunctionBodyDecoder<I>::ScanFunction(uint32_t func_index) {
  Reset();
  const Function& func = module_->functions[func_index];
  Reader reader(module_->data(func.code), func.code.length, func.code.offset);
  reader.set_eof_message("unexpected end of section or function");
  reader_ = &reader;
  body_end_offset_ = func.code.end();
  BlockTypeImm type;
  PushControl(ControlKind::kFunction, type, 0);
  instr_.opcode = Opcode::kNop;  // nothing decoded yet
  ScanRemainder();
  return reader.ok() ? absl::OkStatus() : reader.status();
}

template <typename I>
absl::Status FunctionBodyDecoder<I>::DecodeConstExpr(Reader& reader, ValType expected,
                                                     uint32_t visible_globals) {
  Reset();
  const_mode_ = true;
  fast_single_ = FastSingleByteTable(true);
  visible_globals_ = visible_globals;
  locals_.clear();
  reader_ = &reader;
  sig_ = nullptr;
  BlockTypeImm type;
  type.single = expected;
  PushControl(ControlKind::kFunction, type, 0);
  const bool done = DecodeLoop();
  return Finish(done);
}

// After the loop: an invalid error still lets a later malformed one win, so the
// rest is read syntax-only; a malformed error always wins.
template <typename I>
absl::Status FunctionBodyDecoder<I>::Finish(bool done) {
  Reader& r = *reader_;
  if (failed_ && r.ok() && !done) ScanRemainder();
  if (!r.ok()) return r.status();
  if (failed_) return error_;
  if (!const_mode_) CheckTrailingBytes();
  return r.ok() ? absl::OkStatus() : r.status();
}

template <typename I>
void FunctionBodyDecoder<I>::CheckTrailingBytes() {
  if (!reader_->at_end()) reader_->FailHere("section size mismatch");
}

// The body ended before its final `end`. The reference interpreter would read on
// into the next body or section; report what it reports in each situation.
template <typename I>
void FunctionBodyDecoder<I>::FailEndOfBody() {
  Reader& r = *reader_;
  if (const_mode_) {
    r.ReadU8();  // the reader's own end-of-input error
    return;
  }
  uint32_t code_end = body_end_offset_;
  for (const SectionInfo& s : module_->sections) {
    if (s.id == SectionId::kCode) code_end = s.payload.end();
  }
  if (body_end_offset_ < code_end) {
    r.Fail(r.offset(), "END opcode expected");
  } else if (code_end < module_->bytes.size()) {
    r.Fail(r.offset(), "section size mismatch");
  } else {
    r.Fail(r.offset(), "unexpected end of section or function");
  }
}

// ---------------------------------------------------------------------------
// Syntax-only continuation
// ---------------------------------------------------------------------------

// Reads on from the instruction after the one that failed, tracking only block
// nesting (and whether the innermost block is an `if`, for `else`).
template <typename I>
void FunctionBodyDecoder<I>::ScanRemainder() {
  Reader& r = *reader_;
  scan_kinds_.clear();
  for (const Ctrl& c : control_) scan_kinds_.push_back(c.kind == ControlKind::kIf);
  // The failed instruction has been read entirely; apply its nesting effect
  // (typing errors are raised before the control stack changes).
  auto apply = [&](Opcode op) -> bool {
    switch (op) {
      case Opcode::kBlock:
      case Opcode::kLoop:
      case Opcode::kTry:
      case Opcode::kTryTable:
        scan_kinds_.push_back(0);
        break;
      case Opcode::kIf:
        scan_kinds_.push_back(1);
        break;
      case Opcode::kElse:
        if (scan_kinds_.size() < 2 || !scan_kinds_.back()) {
          r.Fail(instr_.offset, "END opcode expected");
          return false;
        }
        scan_kinds_.back() = 0;
        break;
      case Opcode::kEnd:
      case Opcode::kDelegate:
        scan_kinds_.pop_back();
        break;
      default:
        break;
    }
    return true;
  };
  if (instr_.opcode != Opcode::kNop && !apply(instr_.opcode)) return;
  while (!scan_kinds_.empty()) {
    if (r.at_end()) {
      if (r.ok()) FailEndOfBody();
      return;
    }
    instr_.offset = static_cast<uint32_t>(r.offset());
    const OpcodeInfo* info = ReadOpcode(r);
    if (info == nullptr) return;
    instr_.info = info;
    ReadImmediates(r, *info, instr_);
    if (!r.ok() || !apply(info->opcode)) return;
  }
  if (!const_mode_) CheckTrailingBytes();
}

// ---------------------------------------------------------------------------
// The dispatch loop
// ---------------------------------------------------------------------------

template <typename I>
bool FunctionBodyDecoder<I>::DecodeLoop() {
  Reader& r = *reader_;
  while (true) {
    if (WASMTIER_UNLIKELY(r.at_end())) {
      if (r.ok()) FailEndOfBody();
      return false;
    }
    instr_.offset = static_cast<uint32_t>(r.offset());
    const uint8_t* pc = r.pc();
    const uint8_t byte = *pc;
    // {fast_single_} has the MVP single-byte rows only (none in constant
    // mode); everything else takes the checked path.
    const OpcodeInfo* info = fast_single_[byte];
    if (WASMTIER_LIKELY(info != nullptr)) {
      r.Reset(pc + 1);  // at_end() was checked
    } else {
      info = ReadOpcode(r);  // prefixed, illegal, or in need of a check
      if (info == nullptr) return false;
      bool ok = info->feature == OpFeature::kMvp || CheckFeature(*info, instr_.offset);
      if (ok && const_mode_ && !IsConstantInstruction(info->opcode)) {
        Invalid(instr_.offset, "constant expression required");
        ok = false;
      }
      if (!ok) {
        instr_.info = info;
        instr_.opcode = info->opcode;
        ReadImmediates(r, *info, instr_);
        return false;
      }
    }
    instr_.info = info;
    instr_.opcode = info->opcode;
    if (Dispatch(byte, info)) return true;
    // A reader error moves the reader to the end, so the check at the top of
    // the loop stops it; only typing errors need a check here.
    if (WASMTIER_UNLIKELY(failed_)) return false;
  }
}

// One instruction after its opcode: the hot single-byte opcodes inline, the
// rest through the table. Returns true after the function's final `end`.
template <typename I>
__attribute__((always_inline)) inline bool FunctionBodyDecoder<I>::Dispatch(uint8_t byte,
                                                                         const OpcodeInfo* info) {
  Reader& r = *reader_;
  {
    switch (byte) {
      case 0x00:  // unreachable
        EmitInstr(0, 0);
        SetUnreachable();
        break;
      case 0x01:  // nop
        break;
      case 0x02:
        ReadImmediates(r, *info, instr_);
        DecodeBlock(ControlKind::kBlock);
        break;
      case 0x03:
        ReadImmediates(r, *info, instr_);
        DecodeBlock(ControlKind::kLoop);
        break;
      case 0x04:
        ReadImmediates(r, *info, instr_);
        DecodeBlock(ControlKind::kIf);
        break;
      case 0x05:
        DecodeElse();
        break;
      case 0x0B:
        if (DecodeEnd()) return true;
        break;
      case 0x0C:
        instr_.index = ReadU32(r);
        DecodeBr();
        break;
      case 0x0D:
        instr_.index = ReadU32(r);
        DecodeBrIf();
        break;
      case 0x0E:
        ReadImmediates(r, *info, instr_);
        if (r.ok()) DecodeBrTable();
        break;
      case 0x0F:
        DecodeReturn();
        break;
      case 0x10:
      case 0x12:
        instr_.index = ReadU32(r);
        DecodeCall(byte == 0x12);
        break;
      case 0x11:
      case 0x13:
        ReadImmediates(r, *info, instr_);
        DecodeCallIndirect(byte == 0x13);
        break;
      case 0x14:
      case 0x15:
        instr_.index = ReadU32(r);
        DecodeCallRef(byte == 0x15);
        break;
      case 0x1A: {  // drop
        PopAny();
        SaveArgs(1);
        EmitInstr(1, 0);
        break;
      }
      case 0x1B:
        DecodeSelect(false);
        break;
      case 0x1C:
        ReadImmediates(r, *info, instr_);
        DecodeSelect(true);
        break;
      case 0x20:  // one case per opcode so DecodeLocal folds its opcode tests
        instr_.index = ReadU32(r);
        DecodeLocal(Opcode::kLocalGet);
        break;
      case 0x21:
        instr_.index = ReadU32(r);
        DecodeLocal(Opcode::kLocalSet);
        break;
      case 0x22:
        instr_.index = ReadU32(r);
        DecodeLocal(Opcode::kLocalTee);
        break;
      case 0x23:
      case 0x24:
        instr_.index = ReadU32(r);
        DecodeGlobal(byte == 0x24);
        break;
      case 0x25:
      case 0x26:
        instr_.index = ReadU32(r);
        DecodeTable(info->opcode);
        break;
      case 0x41:
        instr_.value.i32 = ReadS32(r);
        Push(ValType::I32());
        EmitInstr(0, 1);
        break;
      case 0x28: case 0x29: case 0x2A: case 0x2B: case 0x2C: case 0x2D: case 0x2E: case 0x2F:
      case 0x30: case 0x31: case 0x32: case 0x33: case 0x34: case 0x35: case 0x36: case 0x37:
      case 0x38: case 0x39: case 0x3A: case 0x3B: case 0x3C: case 0x3D: case 0x3E:
        DecodeMemoryAccess(*info, byte);
        break;
      case 0x42:
        instr_.value.i64 = ReadS64(r);
        Push(ValType::I64());
        EmitInstr(0, 1);
        break;
      case 0x43:
      case 0x44:
        ReadImmediates(r, *info, instr_);
        Push(byte == 0x43 ? ValType::F32() : ValType::F64());
        EmitInstr(0, 1);
        break;
      case 0xD0:
      case 0xD1:
      case 0xD2:
      case 0xD4:
        ReadImmediates(r, *info, instr_);
        DecodeRef(info->opcode);
        break;
      case 0xD5:
      case 0xD6:
        instr_.index = ReadU32(r);
        DecodeBrOnNull(byte == 0xD6);
        break;
      case 0xFC:
        ReadImmediates(r, *info, instr_);
        if (!r.ok()) break;
        if (!DecodeSpecialPrefixed(*info)) DecodeGeneric(*info);
        break;
      default: {
        const SimpleOp& simple = simple_[byte];
        if (WASMTIER_LIKELY(!simple.result.is_bottom())) {
          SimpleUnaryOrBinary(simple);
          break;
        }
        ReadImmediates(r, *info, instr_);
        if (r.ok()) DecodeGeneric(*info);
        break;
      }
    }
  }
  return false;
}

// Every opcode whose table signature is not special: check the immediates that
// name something, pop the params (last first), push the results.
template <typename I>
void FunctionBodyDecoder<I>::DecodeGeneric(const OpcodeInfo& info) {
  const OpSig& sig = info.sig;
  if (WASMTIER_UNLIKELY(sig.special)) {
    Unsupported(instr_.offset, absl::StrCat(info.name, " is not supported by the validator"));
    return;
  }
  ValType addr = ValType::I32();
  switch (info.imm) {
    case ImmKind::kNone:
    case ImmKind::kI32:
    case ImmKind::kI64:
    case ImmKind::kF32:
    case ImmKind::kF64:
    case ImmKind::kV128:
      break;
    case ImmKind::kMemArg:
      if (!CheckMemArg(instr_, &addr)) return;
      break;
    case ImmKind::kMemArgLane:
      if (!CheckMemArg(instr_, &addr) || !CheckLane(instr_)) return;
      break;
    case ImmKind::kMemory:
      if (!CheckMemoryIndex(instr_.index, instr_.offset, &addr)) return;
      break;
    case ImmKind::kLane:
    case ImmKind::kShuffle:
      if (!CheckLane(instr_)) return;
      break;
    case ImmKind::kData:
      if (!CheckDataIndex(instr_.index, instr_.offset)) return;
      break;
    case ImmKind::kElem:
      if (!CheckElemIndex(instr_.index, instr_.offset)) return;
      break;
    default:
      Unsupported(instr_.offset, absl::StrCat(info.name, ": immediate kind not supported by the validator"));
      return;
  }
  for (int i = sig.num_params - 1; i >= 0; --i) Pop(SigType(sig.params[i], addr));
  if (WASMTIER_UNLIKELY(failed_)) return;
  SaveArgs(sig.num_params);
  for (int i = 0; i < sig.num_results; ++i) Push(SigType(sig.results[i], addr));
  EmitInstr(sig.num_params, sig.num_results);
}

// MVP loads and stores: memarg with one-byte flags and offset read inline,
// memory 0's address type cached; anything else takes the general path.
template <typename I>
void FunctionBodyDecoder<I>::DecodeMemoryAccess(const OpcodeInfo& info, uint8_t byte) {
  Reader& r = *reader_;
  const uint8_t* pc = r.pc();
  ValType addr = mem0_addr_;
  if (WASMTIER_LIKELY(r.remaining() >= 2 && pc[0] < 0x40 && pc[1] < 0x80 && !addr.is_bottom() &&
                      pc[0] <= max_align_[byte])) {
    instr_.mem.memory = 0;
    instr_.mem.align_log2 = pc[0];
    instr_.mem.offset = pc[1];
    r.Skip(2);
  } else {
    // Multi-byte offsets and memory indices, still without Reader's slow LEB
    // path unless an encoding is unusual; errors go through the shared checks.
    const uint32_t flags = ReadU32(r);
    if (WASMTIER_LIKELY(flags < 0x40 || (flags < 0x80 && features_.multi_memory))) {
      instr_.mem.memory = flags & 0x40 ? ReadU32(r) : 0;
      instr_.mem.align_log2 = flags & 0x3F;
      instr_.mem.offset = ReadLeb<uint64_t, false>(r);
    } else {
      r.Reset(pc);
      ReadMemArg(r, &instr_.mem);
    }
    if (!r.ok()) return;
    const uint32_t memory = instr_.mem.memory;
    if (WASMTIER_LIKELY(memory < module_->memories.size() && instr_.mem.align_log2 <= max_align_[byte])) {
      addr = MemoryAddrType(memory);
      if (WASMTIER_UNLIKELY(addr == ValType::I32() && instr_.mem.offset > UINT32_MAX)) {
        Invalid(instr_.offset, "offset out of range");
        return;
      }
    } else if (!CheckMemArg(instr_, &addr)) {
      return;
    }
  }
  const OpSig& sig = info.sig;
  if (sig.num_results == 1) {  // load: [addr] -> [t]
    Pop(addr);
    if (WASMTIER_UNLIKELY(failed_)) return;
    SaveArgs(1);
    Push(SigType(sig.results[0], addr));
    EmitInstr(1, 1);
    return;
  }
  Pop(SigType(sig.params[1], addr));  // store: [addr t] -> []
  Pop(addr);
  if (WASMTIER_UNLIKELY(failed_)) return;
  SaveArgs(2);
  EmitInstr(2, 0);
}

// 0xFC opcodes typed by hand: bulk memory and table instructions whose operand
// types depend on two memories or tables. Returns false for the generic ones.
template <typename I>
bool FunctionBodyDecoder<I>::DecodeSpecialPrefixed(const OpcodeInfo& info) {
  ValType addr, addr2;
  switch (info.opcode) {
    case Opcode::kMemoryInit:
      // The spec checks the memory before the segment.
      if (!CheckMemoryIndex(instr_.index2, instr_.offset, &addr) ||
          !CheckDataIndex(instr_.index, instr_.offset)) {
        return true;
      }
      Pop(ValType::I32());
      Pop(ValType::I32());
      Pop(addr);
      if (failed_) return true;
      SaveArgs(3);
      EmitInstr(3, 0);
      return true;
    case Opcode::kMemoryCopy:
      if (!CheckMemoryIndex(instr_.index, instr_.offset, &addr) ||
          !CheckMemoryIndex(instr_.index2, instr_.offset, &addr2)) {
        return true;
      }
      Pop(addr == ValType::I64() && addr2 == ValType::I64() ? ValType::I64() : ValType::I32());
      Pop(addr2);
      Pop(addr);
      if (failed_) return true;
      SaveArgs(3);
      EmitInstr(3, 0);
      return true;
    case Opcode::kTableInit:
    case Opcode::kTableCopy:
    case Opcode::kTableGrow:
    case Opcode::kTableSize:
    case Opcode::kTableFill:
      DecodeTable(info.opcode);
      return true;
    default:
      return false;
  }
}

// ---------------------------------------------------------------------------
// Operand stack helpers
// ---------------------------------------------------------------------------

template <typename I>
bool FunctionBodyDecoder<I>::GrowStack(uint32_t n) {
  if (sp_ + n > limits::kMaxOperandStack) {
    Invalid(instr_.offset, absl::StrCat("operand stack height exceeds implementation limit (",
                                        limits::kMaxOperandStack, ")"));
    return false;
  }
  stack_.resize(std::min<size_t>(std::max<size_t>(2 * stack_.size(), sp_ + n),
                                 limits::kMaxOperandStack));
  stack_capacity_ = static_cast<uint32_t>(stack_.size());
  return true;
}

template <typename I>
std::string FunctionBodyDecoder<I>::StackString(uint32_t count) const {
  std::string out;
  const uint32_t available = sp_ - current_->height;
  count = std::min(count, available);
  for (uint32_t i = sp_ - count; i < sp_; ++i) {
    if (!out.empty()) out += " ";
    out += stack_[i].type.ToString();
  }
  return out;
}

template <typename I>
void FunctionBodyDecoder<I>::PopError(ValType expected, ValType actual, bool has_actual) {
  if (failed_) return;
  std::string want = expected.is_bottom() ? "a value" : expected.ToString();
  Invalid(instr_.offset, absl::StrCat("type mismatch: instruction requires [", want, "] but stack has [",
                                      has_actual ? actual.ToString() : "", "]"));
}

template <typename I>
template <typename TypeAt>
bool FunctionBodyDecoder<I>::CheckTop(uint32_t n, TypeAt type_at, const char* what) {
  const uint32_t available = sp_ - current_->height;
  for (uint32_t k = 0; k < n; ++k) {  // k = distance from the top
    const ValType want = type_at(n - 1 - k);
    if (k < available) {
      const ValType have = stack_[sp_ - 1 - k].type;
      if (have == want || IsSubtype(have, want, *module_)) continue;
    } else if (current_->unreachable) {
      continue;
    }
    std::string want_list;
    for (uint32_t i = 0; i < n; ++i) absl::StrAppend(&want_list, i ? " " : "", type_at(i).ToString());
    Invalid(instr_.offset, absl::StrCat("type mismatch: ", what, " requires [", want_list,
                                        "] but stack has [", StackString(n), "]"));
    return false;
  }
  return true;
}

template <typename I>
template <typename TypeAt>
void FunctionBodyDecoder<I>::RetypeTop(uint32_t n, TypeAt type_at) {
  const uint32_t available = std::min(n, sp_ - current_->height);
  sp_ -= available;
  if (!EnsureStack(n)) return;
  for (uint32_t i = 0; i < n; ++i) stack_[sp_ + i].type = type_at(i);
  sp_ += n;
  if constexpr (I::kTracksValues) max_sp_ = std::max(max_sp_, sp_);
}

// The operand stack at `end`/`else` must hold exactly the block's results.
template <typename I>
bool FunctionBodyDecoder<I>::CheckBlockEnd(Ctrl& c) {
  const uint32_t n = c.num_results();
  const uint32_t available = sp_ - c.height;
  if (available > n) {
    std::string want_list;
    for (uint32_t i = 0; i < n; ++i) absl::StrAppend(&want_list, i ? " " : "", c.result(i).ToString());
    Invalid(instr_.offset, absl::StrCat("type mismatch: block requires [", want_list,
                                        "] but stack has [", StackString(available), "]"));
    return false;
  }
  return CheckTop(n, [&](uint32_t i) { return c.result(i); }, "instruction");
}

// ---------------------------------------------------------------------------
// Control
// ---------------------------------------------------------------------------

template <typename I>
void FunctionBodyDecoder<I>::PushControl(ControlKind kind, const BlockTypeImm& type, uint32_t height) {
  Ctrl& c = control_.emplace_back();
  c.kind = kind;
  c.unreachable = false;
  c.live_at_start = live_;
  c.height = height;
  c.init_height = static_cast<uint32_t>(init_log_.size());
  c.offset = instr_.offset;
  c.type = type;
  current_ = &c;
}

template <typename I>
void FunctionBodyDecoder<I>::PopControl() {
  control_.pop_back();
  current_ = control_.empty() ? nullptr : &control_.back();
}

template <typename I>
void FunctionBodyDecoder<I>::DecodeBlock(ControlKind kind) {
  if (!reader_->ok()) return;
  const BlockTypeImm& imm = instr_.block;
  if (!(imm.type_index == UINT32_MAX && (imm.single.is_numeric() || imm.single.is_bottom())) &&
      !CheckBlockType(instr_.block, instr_.offset)) {
    return;
  }
  Entry cond;
  if (kind == ControlKind::kIf) {
    Pop(ValType::I32());
    if (failed_) return;
    if constexpr (I::kTracksValues) cond = stack_[sp_];
  }
  const BlockTypeImm& bt = instr_.block;
  const uint32_t np = bt.sig ? static_cast<uint32_t>(bt.sig->params.size()) : 0;
  if (np && !CheckTop(np, [&](uint32_t i) { return bt.sig->params[i]; }, "instruction")) return;
  if (WASMTIER_UNLIKELY(control_.size() >= limits::kMaxControlDepth)) {
    Invalid(instr_.offset, absl::StrCat("block nesting exceeds implementation limit (",
                                        limits::kMaxControlDepth, ")"));
    return;
  }
  // The params stay in their slots, retyped to the declared types.
  const uint32_t available = std::min(np, sp_ - current_->height);
  const uint32_t height = sp_ - available;
  RetypeTop(np, [&](uint32_t i) { return bt.sig->params[i]; });
  if (failed_) return;
  PushControl(kind, bt, height);
  if (current_->live_at_start) {
    interface_.OnBlock(*this, instr_, *current_, kind == ControlKind::kIf ? &cond : nullptr);
  }
}

template <typename I>
void FunctionBodyDecoder<I>::DecodeElse() {
  Ctrl& c = *current_;
  if (c.kind != ControlKind::kIf) {
    reader_->Fail(instr_.offset, "END opcode expected");  // `else` outside `if`
    return;
  }
  if (!CheckBlockEnd(c)) return;
  RollbackLocalInit(c.init_height);
  sp_ = c.height;
  const uint32_t np = c.num_params();
  c.kind = ControlKind::kElse;
  c.unreachable = false;
  live_ = c.live_at_start;
  RetypeTop(np, [&](uint32_t i) { return c.param(i); });
  if (c.live_at_start) interface_.OnElse(*this, c);
}

template <typename I>
bool FunctionBodyDecoder<I>::DecodeEnd() {
  Ctrl& c = *current_;
  // Fast path: a reachable end of a block with at most one result whose stack
  // holds exactly that result, so nothing needs retyping or rolling back.
  if (WASMTIER_LIKELY(c.type.sig == nullptr && !c.unreachable && !track_init_)) {
    const uint32_t n = c.type.single.is_bottom() ? 0 : 1;
    if (sp_ - c.height == n && (n == 0 || (stack_[sp_ - 1].type == c.type.single && c.kind != ControlKind::kIf))) {
      return CloseBlock(c, n);
    }
  }
  if (!CheckBlockEnd(c)) return false;
  if (c.kind == ControlKind::kIf) {
    // A one-armed `if`: the missing else arm passes its params through.
    bool ok = c.num_params() == c.num_results();
    for (uint32_t i = 0; ok && i < c.num_params(); ++i) ok = IsSubtype(c.param(i), c.result(i), *module_);
    if (!ok) {
      Invalid(instr_.offset, "type mismatch: if without else must have matching param and result types");
      return false;
    }
  }
  RollbackLocalInit(c.init_height);
  sp_ = c.height;
  const uint32_t n = c.num_results();
  RetypeTop(n, [&](uint32_t i) { return c.result(i); });
  if (failed_) return false;
  return CloseBlock(c, n);
}

// The end both paths of DecodeEnd share: {c}'s results are the top
// {num_results} values. {c.live_at_start} is read first because PopControl
// drops {c}. Returns whether this closed the function body.
template <typename I>
bool FunctionBodyDecoder<I>::CloseBlock(Ctrl& c, uint32_t num_results) {
  const bool live = c.live_at_start;
  if (live) interface_.OnEnd(*this, c, stack_.data() + sp_ - num_results);
  const bool function_end = control_.size() == 1;
  PopControl();
  live_ = live;
  return function_end;
}

template <typename I>
void FunctionBodyDecoder<I>::DecodeBr() {
  if (!CheckLabel(instr_.index)) return;
  Ctrl& target = control_at(instr_.index);
  if (!CheckTop(target.num_labels(), [&](uint32_t i) { return target.label(i); }, "branch")) return;
  if (live_) interface_.OnBranch(*this, instr_, nullptr);
  SetUnreachable();
}

template <typename I>
void FunctionBodyDecoder<I>::DecodeBrIf() {
  if (!CheckLabel(instr_.index)) return;
  Pop(ValType::I32());
  if (failed_) return;
  Entry cond;
  if constexpr (I::kTracksValues) cond = stack_[sp_];
  Ctrl& target = control_at(instr_.index);
  const uint32_t n = target.num_labels();
  // Fast path: no label values, or one that is already exactly on the stack.
  const bool exact = n == 0 || (n == 1 && sp_ > current_->height && stack_[sp_ - 1].type == target.label(0));
  if (!exact) {
    if (!CheckTop(n, [&](uint32_t i) { return target.label(i); }, "branch")) return;
    RetypeTop(n, [&](uint32_t i) { return target.label(i); });
  }
  if (live_) interface_.OnBranch(*this, instr_, &cond);
}

template <typename I>
void FunctionBodyDecoder<I>::DecodeBrTable() {
  Pop(ValType::I32());
  if (failed_) return;
  Entry index;
  if constexpr (I::kTracksValues) index = stack_[sp_];
  if (!CheckLabel(instr_.index)) return;
  const uint32_t arity = control_at(instr_.index).num_labels();
  // Each distinct target is checked once (tables repeat targets; 65520
  // entries times a long label type list would otherwise be quadratic).
  if (br_seen_.size() < control_.size()) br_seen_.resize(control_.size(), 0);
  if (++br_stamp_ == 0) {  // wrapped: forget old stamps
    std::fill(br_seen_.begin(), br_seen_.end(), 0);
    br_stamp_ = 1;
  }
  for (BrTableIterator it(instr_); it.has_next();) {
    const uint32_t depth = it.next();
    if (!CheckLabel(depth)) return;
    if (br_seen_[depth] == br_stamp_) continue;
    br_seen_[depth] = br_stamp_;
    Ctrl& target = control_at(depth);
    if (target.num_labels() != arity) {
      Invalid(instr_.offset, "type mismatch: br_table targets have different arities");
      return;
    }
    if (!CheckTop(arity, [&](uint32_t i) { return target.label(i); }, "branch")) return;
  }
  if (live_) interface_.OnBranch(*this, instr_, &index);
  SetUnreachable();
}

template <typename I>
void FunctionBodyDecoder<I>::DecodeReturn() {
  Ctrl& outer = control_.front();
  if (!CheckTop(outer.num_results(), [&](uint32_t i) { return outer.result(i); }, "return")) return;
  if (live_) interface_.OnBranch(*this, instr_, nullptr);
  SetUnreachable();
}

// ---------------------------------------------------------------------------
// Calls
// ---------------------------------------------------------------------------

template <typename I>
void FunctionBodyDecoder<I>::FinishCall(const FuncType& sig, uint32_t extra_args, bool tail) {
  // {extra_args} (table index or callee ref) were popped already, above the params.
  for (size_t i = sig.params.size(); i-- > 0;) Pop(sig.params[i]);
  if (failed_) return;
  if (tail) {
    // return_call*: the callee's results become the caller's.
    // Constant mode has no caller (and rejects tail calls anyway).
    const size_t want_size = sig_ ? sig_->results.size() : 0;
    bool ok = sig.results.size() == want_size;
    for (size_t i = 0; ok && i < want_size; ++i) ok = IsSubtype(sig.results[i], sig_->results[i], *module_);
    if (!ok) {
      Invalid(instr_.offset, absl::StrCat("type mismatch: tail call results ", sig.ToString(),
                                          " do not match the caller's"));
      return;
    }
  }
  const uint32_t nargs = static_cast<uint32_t>(sig.params.size()) + extra_args;
  SaveArgs(nargs);
  if (tail) {
    EmitInstr(nargs, 0);
    SetUnreachable();
    return;
  }
  if (!EnsureStack(static_cast<uint32_t>(sig.results.size()))) return;
  for (ValType t : sig.results) Push(t);
  EmitInstr(nargs, static_cast<uint32_t>(sig.results.size()));
}

template <typename I>
void FunctionBodyDecoder<I>::DecodeCall(bool tail) {
  if (WASMTIER_UNLIKELY(instr_.index >= module_->functions.size())) {
    FailUnknown("function", instr_.index);
    return;
  }
  // Signatures by function index, each resolved on its first call since the
  // last Rebind: Function and TypeDef are large, so a hit saves two
  // cache-missing loads. Resolving lazily (not the whole module at once) keeps
  // decoding function by function after a Rebind linear (the translator).
  if (WASMTIER_UNLIKELY(func_sigs_.size() <= instr_.index)) func_sigs_.resize(module_->functions.size());
  SigCacheEntry& cached = func_sigs_[instr_.index];
  if (WASMTIER_UNLIKELY(cached.stamp != sig_stamp_)) {
    cached.sig = &module_->function_type(instr_.index);
    cached.stamp = sig_stamp_;
  }
  FinishCall(*cached.sig, 0, tail);
}

template <typename I>
void FunctionBodyDecoder<I>::DecodeCallIndirect(bool tail) {
  if (!reader_->ok() || !CheckTableIndex(instr_.index2, instr_.offset)) return;
  if (!IsSubtype(module_->tables[instr_.index2].type.elem, ValType::FuncRef(), *module_)) {
    Invalid(instr_.offset, "type mismatch: call_indirect requires a table of functions");
    return;
  }
  if (!CheckFuncTypeIndex(instr_.index, instr_.offset)) return;
  // The index is the topmost operand; params come below it.
  Pop(TableAddrType(instr_.index2));
  if (failed_) return;
  // Params and index are contiguous, so the argument list ends with the index.
  FinishCall(module_->func_type(instr_.index), 1, tail);
}

template <typename I>
void FunctionBodyDecoder<I>::DecodeCallRef(bool tail) {
  if (!CheckFuncTypeIndex(instr_.index, instr_.offset)) return;
  Pop(ValType::Ref(HeapType::Index(instr_.index), true));
  if (failed_) return;
  FinishCall(module_->func_type(instr_.index), 1, tail);
}

// ---------------------------------------------------------------------------
// Parametric, variable, reference and table instructions
// ---------------------------------------------------------------------------

template <typename I>
void FunctionBodyDecoder<I>::DecodeSelect(bool typed) {
  if (typed) {
    if (!reader_->ok()) return;
    if (instr_.count != 1) {
      Invalid(instr_.offset, "invalid result arity");
      return;
    }
    if (!CheckValType(instr_.type, instr_.offset)) return;
    Pop(ValType::I32());
    Pop(instr_.type);
    Pop(instr_.type);
    if (failed_) return;
    SaveArgs(3);
    Push(instr_.type);
    EmitInstr(3, 1);
    return;
  }
  Pop(ValType::I32());
  const ValType t2 = PopAny();
  const ValType t1 = PopAny();
  if (failed_) return;
  // Untyped select: numeric or vector operands of one type (spec 3.3.4).
  if (t1.is_ref() || t2.is_ref() || (t1 != t2 && !t1.is_bottom() && !t2.is_bottom())) {
    Invalid(instr_.offset, absl::StrCat("type mismatch: select operands [", t1.ToString(), " ",
                                        t2.ToString(), "] must be one numeric or vector type"));
    return;
  }
  SaveArgs(3);
  Push(t1.is_bottom() ? t2 : t1);
  EmitInstr(3, 1);
}

template <typename I>
inline void FunctionBodyDecoder<I>::DecodeLocal(Opcode op) {
  const uint32_t index = instr_.index;
  if (WASMTIER_UNLIKELY(index >= locals_.size())) {
    FailUnknown("local", index);
    return;
  }
  const ValType type = locals_[index];
  if (op == Opcode::kLocalGet) {
    if (WASMTIER_UNLIKELY(track_init_ && !local_init_[index])) {
      Invalid(instr_.offset, "uninitialized local");
      return;
    }
    Push(type);
    EmitInstr(0, 1);
    return;
  }
  Pop(type);
  if (WASMTIER_UNLIKELY(failed_)) return;
  if (WASMTIER_UNLIKELY(track_init_ && !local_init_[index])) {
    local_init_[index] = 1;
    init_log_.push_back(index);
  }
  SaveArgs(1);
  if (op == Opcode::kLocalTee) {
    Push(type);
    EmitInstr(1, 1);
  } else {
    EmitInstr(1, 0);
  }
}

template <typename I>
void FunctionBodyDecoder<I>::DecodeGlobal(bool set) {
  const uint32_t index = instr_.index;
  if (index >= module_->globals.size() || (const_mode_ && index >= visible_globals_)) {
    Invalid(instr_.offset, absl::StrCat("unknown global ", index));
    return;
  }
  const GlobalType& g = module_->globals[index].type;
  if (set) {
    if (!g.is_mutable) {
      Invalid(instr_.offset, "immutable global");
      return;
    }
    Pop(g.type);
    if (failed_) return;
    SaveArgs(1);
    EmitInstr(1, 0);
    return;
  }
  if (const_mode_ && g.is_mutable) {
    Invalid(instr_.offset, "constant expression required");
    return;
  }
  Push(g.type);
  EmitInstr(0, 1);
}

template <typename I>
void FunctionBodyDecoder<I>::DecodeRef(Opcode op) {
  if (!reader_->ok()) return;
  switch (op) {
    case Opcode::kRefNull:
      if (!CheckValType(instr_.type, instr_.offset)) return;
      Push(instr_.type);
      EmitInstr(0, 1);
      return;
    case Opcode::kRefIsNull:
      PopRef();
      if (failed_) return;
      SaveArgs(1);
      Push(ValType::I32());
      EmitInstr(1, 1);
      return;
    case Opcode::kRefFunc: {
      const uint32_t index = instr_.index;
      if (index >= module_->functions.size()) {
        Invalid(instr_.offset, absl::StrCat("unknown function ", index));
        return;
      }
      // Inside bodies only functions referenced elsewhere may be named (spec C.refs);
      // constant expressions are what declares them.
      if (!const_mode_ && !module_->functions[index].declared) {
        Invalid(instr_.offset, "undeclared function reference");
        return;
      }
      Push(ValType::Ref(HeapType::Index(module_->functions[index].type_index), false));
      EmitInstr(0, 1);
      return;
    }
    case Opcode::kRefAsNonNull: {
      const ValType t = PopRef();
      if (failed_) return;
      SaveArgs(1);
      // In dead code the result is still a reference: (ref bot).
      Push(t.is_bottom() ? ValType::Ref(HeapType(), false) : t.AsNonNull());
      EmitInstr(1, 1);
      return;
    }
    default:
      return;
  }
}

template <typename I>
void FunctionBodyDecoder<I>::DecodeBrOnNull(bool on_non_null) {
  if (!CheckLabel(instr_.index)) return;
  Ctrl& target = control_at(instr_.index);
  const ValType ref = PopRef();
  if (failed_) return;
  Entry operand;
  if constexpr (I::kTracksValues) operand = stack_[sp_];
  const HeapType ht = ref.is_bottom() ? HeapType() : ref.heap_type();
  const uint32_t n = target.num_labels();
  if (!on_non_null) {
    // br_on_null l: [t* (ref null ht)] -> [t* (ref ht)], branching with t*.
    if (!CheckTop(n, [&](uint32_t i) { return target.label(i); }, "branch")) return;
    RetypeTop(n, [&](uint32_t i) { return target.label(i); });
    if (live_) interface_.OnBranch(*this, instr_, &operand);
    Push(ValType::Ref(ht, false));
    return;
  }
  // br_on_non_null l: [t* (ref null ht)] -> [t*], branching with t* (ref ht).
  if (n == 0 || !target.label(n - 1).is_ref()) {
    Invalid(instr_.offset, "type mismatch: br_on_non_null requires a label ending in a reference type");
    return;
  }
  Push(ValType::Ref(ht, false));
  if (!CheckTop(n, [&](uint32_t i) { return target.label(i); }, "branch")) return;
  RetypeTop(n, [&](uint32_t i) { return target.label(i); });
  if (live_) interface_.OnBranch(*this, instr_, &operand);
  PopAny();
}

template <typename I>
void FunctionBodyDecoder<I>::DecodeTable(Opcode op) {
  const uint32_t x = instr_.index;
  switch (op) {
    case Opcode::kTableInit: {  // elem x=index, table index2
      // The spec checks the table before the segment.
      if (!CheckTableIndex(instr_.index2, instr_.offset) || !CheckElemIndex(x, instr_.offset)) return;
      const WasmTable& t = module_->tables[instr_.index2];
      if (!IsSubtype(module_->elems[x].elem_type, t.type.elem, *module_)) {
        Invalid(instr_.offset, "type mismatch: element segment does not match the table");
        return;
      }
      Pop(ValType::I32());
      Pop(ValType::I32());
      Pop(TableAddrType(instr_.index2));
      if (failed_) return;
      SaveArgs(3);
      EmitInstr(3, 0);
      return;
    }
    case Opcode::kTableCopy: {  // dst index, src index2
      if (!CheckTableIndex(x, instr_.offset) || !CheckTableIndex(instr_.index2, instr_.offset)) return;
      if (!IsSubtype(module_->tables[instr_.index2].type.elem, module_->tables[x].type.elem, *module_)) {
        Invalid(instr_.offset, "type mismatch: table.copy between incompatible tables");
        return;
      }
      const ValType dst = TableAddrType(x), src = TableAddrType(instr_.index2);
      Pop(dst == ValType::I64() && src == ValType::I64() ? ValType::I64() : ValType::I32());
      Pop(src);
      Pop(dst);
      if (failed_) return;
      SaveArgs(3);
      EmitInstr(3, 0);
      return;
    }
    default:
      break;
  }
  if (!CheckTableIndex(x, instr_.offset)) return;
  const ValType elem = module_->tables[x].type.elem;
  const ValType addr = TableAddrType(x);
  uint32_t nargs = 0, nresults = 0;
  switch (op) {
    case Opcode::kTableGet:
      Pop(addr);
      nargs = 1;
      break;
    case Opcode::kTableSet:
      Pop(elem);
      Pop(addr);
      nargs = 2;
      break;
    case Opcode::kTableSize:
      break;
    case Opcode::kTableGrow:
      Pop(addr);
      Pop(elem);
      nargs = 2;
      break;
    case Opcode::kTableFill:
      Pop(addr);
      Pop(elem);
      Pop(addr);
      nargs = 3;
      break;
    default:
      return;
  }
  if (failed_) return;
  SaveArgs(nargs);
  if (op == Opcode::kTableGet) {
    Push(elem);
    nresults = 1;
  } else if (op == Opcode::kTableSize || op == Opcode::kTableGrow) {
    Push(addr);
    nresults = 1;
  }
  EmitInstr(nargs, nresults);
}

#undef WASMTIER_LIKELY
#undef WASMTIER_UNLIKELY

}  // namespace wasmtier

#endif  // WASMTIER_ENGINE_FUNCTION_BODY_DECODER_IMPL_H_
