// The one function-body decoder (DESIGN.md §2), templated on a consumer as V8's
// WasmFullDecoder<Validation, Interface> is. It reads every instruction through
// the opcode table, runs the spec's validation algorithm (operand stack of value
// types, control stack of labels, polymorphic stack after unreachable code, local
// initialisation for non-defaultable locals) and hands each instruction to the
// consumer. The validator, the interpreter's translator and the JIT's SSA builder
// are consumers; constant expressions use it too, in constant mode.
//
// Consumer interface (see ValidateOnlyInterface for the exact signatures):
//   using Value        payload of each operand-stack entry (an SSA id, a slot...);
//                      stack entries are StackEntry<Value> {ValType type; Value value;}
//   using ControlData  payload of each open block (merge info, branch fixups...)
//   kTracksValues      true if OnInstr needs the popped operands: they are copied
//                      to a scratch array before results overwrite their slots.
//   StartFunction(d)                      before the first instruction
//   OnInstr(d, instr, args, n, results, m) every non-control instruction (incl.
//                      calls, return_call*, unreachable): {args} are the popped
//                      operands (bottom first), {results} the pushed entries whose
//                      {value} the consumer fills in
//   OnBlock(d, instr, block, cond)        block / loop / if ({cond} for if only);
//                      the block's params are the top entries of the stack
//   OnElse(d, block)                      params re-pushed for the else arm
//   OnEnd(d, block, results)              end of a block or of the function; the
//                      results are on top of the stack (values kept if the end
//                      was reachable, else undefined: set them)
//   OnBranch(d, instr, operand)           br, br_if, br_table, br_on_null,
//                      br_on_non_null, return; branch values are on top of the
//                      stack; {operand} is the popped condition / index / ref
//   FinishFunction(d)
// Hooks run only for reachable code: never after unreachable/br/return in a block,
// never inside a block that starts in such code. Stack heights
// (d.stack_height()) are exact there, so they can serve as frame slots.
// Pointers passed to hooks are valid only during the hook. Hooks may already
// have run when a later instruction turns out invalid: a consumer keeps its
// output only if DecodeFunction returns OK.
//
// Errors: binary-format problems are malformed (recorded in the Reader), typing
// problems invalid, GC/exceptions/threads/wide-arithmetic opcodes unsupported.
// As the spec decodes before it validates, after an invalid or unsupported error
// the rest of the body is still read in syntax-only mode (ScanRemainder), and a
// malformed error found there wins.
#ifndef WASMTIER_ENGINE_FUNCTION_BODY_DECODER_H_
#define WASMTIER_ENGINE_FUNCTION_BODY_DECODER_H_

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "engine/error.h"
#include "engine/function_body_decoder_base.h"
#include "engine/limits.h"
#include "engine/subtyping.h"

namespace wasmtier {

template <typename Value>
struct StackEntry {
  ValType type;
  [[no_unique_address]] Value value;  // an empty Value costs nothing: 4-byte entries
};

template <typename Data>
struct Control : ControlBase {
  [[no_unique_address]] Data data;
};

// The consumer that only validates: empty hooks, so the decoder compiles down to
// the typing work alone.
struct ValidateOnlyInterface {
  struct Value {};
  struct ControlData {};
  static constexpr bool kTracksValues = false;
  using Entry = StackEntry<Value>;
  using Ctrl = Control<ControlData>;

  template <typename D> void StartFunction(D&) {}
  template <typename D>
  void OnInstr(D&, const Instr&, const Entry*, uint32_t, Entry*, uint32_t) {}
  template <typename D> void OnBlock(D&, const Instr&, Ctrl&, const Entry*) {}
  template <typename D> void OnElse(D&, Ctrl&) {}
  template <typename D> void OnEnd(D&, Ctrl&, Entry*) {}
  template <typename D> void OnBranch(D&, const Instr&, const Entry*) {}
  template <typename D> void FinishFunction(D&) {}
};

#define WASMTIER_LIKELY(x) __builtin_expect(!!(x), 1)
#define WASMTIER_UNLIKELY(x) __builtin_expect(!!(x), 0)

template <typename Interface>
class FunctionBodyDecoder : public BodyDecoderBase {
 public:
  using Value = typename Interface::Value;
  using Entry = StackEntry<Value>;
  using Ctrl = Control<typename Interface::ControlData>;

  FunctionBodyDecoder(const WasmModule& module, const Features& features, Interface& interface)
      : BodyDecoderBase(module, features),
        interface_(interface),
        simple_(SimpleOpTable()),
        max_align_(MaxAlignTable()) {}

  // Points the decoder at another module, keeping its allocated stacks (so
  // constant expressions, decoded one by one, reuse one decoder per thread).
  // The callee-signature cache (see DecodeCall) is invalidated in O(1), not
  // rebuilt, so decoding function by function after a Rebind each stays
  // linear. It is invalidated even for the same address: a module freed and
  // another allocated there would otherwise see stale signatures.
  void Rebind(const WasmModule& module, const Features& features) {
    module_ = &module;
    features_ = features;
    if (++sig_stamp_ == 0) {  // wrapped: no entry may look valid
      std::fill(func_sigs_.begin(), func_sigs_.end(), SigCacheEntry{});
      sig_stamp_ = 1;
    }
  }

  // Decodes and validates the body of defined function {func_index}.
  absl::Status DecodeFunction(uint32_t func_index);
  // Reads the body of {func_index} in syntax-only mode: only malformed errors.
  absl::Status ScanFunction(uint32_t func_index);
  // Decodes one constant expression from {reader} through its `end`; it must
  // produce {expected}. global.get may read immutable globals below {visible_globals}.
  absl::Status DecodeConstExpr(Reader& reader, ValType expected, uint32_t visible_globals);

  // ---- For consumers, during hooks. ----
  uint32_t num_locals() const { return static_cast<uint32_t>(locals_.size()); }
  ValType local_type(uint32_t i) const { return locals_[i]; }
  uint32_t stack_height() const { return sp_; }
  Entry& stack_at(uint32_t i) { return stack_[i]; }  // 0 = bottom of the function's stack
  uint32_t control_depth() const { return static_cast<uint32_t>(control_.size()); }
  Ctrl& control_at(uint32_t depth) { return control_[control_.size() - 1 - depth]; }  // 0 = innermost
  // Highest operand stack height seen (tracked for consumers with kTracksValues).
  uint32_t max_stack_height() const { return max_sp_; }
  bool const_mode() const { return const_mode_; }
  uint32_t func_index() const { return func_index_; }

 private:
  void Reset();
  bool DecodeLoop();  // true when the final `end` was decoded
  bool Dispatch(uint8_t byte, const OpcodeInfo* info);
  bool DecodeSpecialPrefixed(const OpcodeInfo& info);
  void DecodeGeneric(const OpcodeInfo& info);
  void DecodeMemoryAccess(const OpcodeInfo& info, uint8_t byte);
  // LEB128 readers with an inline path for every length that cannot hit the
  // range checks of the last byte (those go to Reader's careful slow path).
  static uint32_t ReadU32(Reader& r) { return static_cast<uint32_t>(ReadLeb<uint32_t, false>(r)); }
  static int32_t ReadS32(Reader& r) { return static_cast<int32_t>(ReadLeb<uint32_t, true>(r)); }
  static int64_t ReadS64(Reader& r) { return static_cast<int64_t>(ReadLeb<uint64_t, true>(r)); }
  template <typename T, bool kSigned>
  __attribute__((always_inline)) static T ReadLeb(Reader& r) {
    constexpr int kBits = sizeof(T) * 8;
    constexpr int kFastBytes = (kBits + 6) / 7 - 1;
    const uint8_t* p = r.pc();
    if (WASMTIER_LIKELY(r.remaining() >= 1 && p[0] < 0x80)) {
      r.Reset(p + 1);
      T result = p[0];
      if (kSigned && (p[0] & 0x40)) result |= ~T{0} << 7;
      return result;
    }
    if (WASMTIER_LIKELY(r.remaining() > static_cast<size_t>(kFastBytes))) {
      T result = 0;
      for (int i = 0; i < kFastBytes; ++i) {
        const uint8_t b = p[i];
        result |= static_cast<T>(b & 0x7F) << (7 * i);
        if (!(b & 0x80)) {
          r.Reset(p + i + 1);
          if (kSigned && (b & 0x40)) result |= ~T{0} << (7 * (i + 1));
          return result;
        }
      }
      // The last byte holds kBits - 7 * kFastBytes payload bits; the rest must
      // be zero (unsigned) or copies of the sign bit (signed), else let the
      // slow path report the error.
      constexpr int kUsed = kBits - 7 * kFastBytes;
      const uint8_t last = p[kFastBytes];
      const uint8_t extra = static_cast<uint8_t>(last >> (kSigned ? kUsed - 1 : kUsed));
      const uint8_t all = static_cast<uint8_t>(0x7F >> (kSigned ? kUsed - 1 : kUsed));
      if (!(last & 0x80) && (extra == 0 || (kSigned && extra == all))) {
        r.Reset(p + kFastBytes + 1);
        return result | static_cast<T>(last) << (7 * kFastBytes);
      }
    }
    if constexpr (kBits == 32) {
      return kSigned ? static_cast<T>(r.ReadVarS32()) : r.ReadVarU32();
    } else {
      return kSigned ? static_cast<T>(r.ReadVarS64()) : static_cast<T>(r.ReadVarU64());
    }
  }
  void ScanRemainder();
  absl::Status Finish(bool done);
  void FailEndOfBody();
  void CheckTrailingBytes();

  // Operand stack.
  bool EnsureStack(uint32_t n) {
    if (WASMTIER_LIKELY(sp_ + n <= stack_capacity_)) return true;
    return GrowStack(n);
  }
  bool GrowStack(uint32_t n);
  void Push(ValType t) {
    if (!EnsureStack(1)) return;
    stack_[sp_++].type = t;
    if constexpr (Interface::kTracksValues) max_sp_ = std::max(max_sp_, sp_);
  }
  // [p0 p1] -> [result] with the common exact-match case inline.
  __attribute__((always_inline)) void SimpleUnaryOrBinary(const SimpleOp& op) {
    const uint32_t n = op.num_params;
    if (WASMTIER_LIKELY(sp_ >= current_->height + n) &&
        (n == 0 || stack_[sp_ - 1].type == op.params[n - 1]) &&
        (n < 2 || stack_[sp_ - 2].type == op.params[0])) {
      sp_ -= n;
    } else {
      for (uint32_t i = n; i-- > 0;) Pop(op.params[i]);
      if (failed_) return;
    }
    SaveArgs(n);
    Push(op.result);
    EmitInstr(n, 1);
  }
  __attribute__((always_inline)) void Pop(ValType expected) {
    if (WASMTIER_LIKELY(sp_ > current_->height)) {
      const ValType actual = stack_[--sp_].type;
      if (WASMTIER_LIKELY(actual == expected)) return;
      if (!IsSubtype(actual, expected, *module_)) PopError(expected, actual, true);
    } else if (!current_->unreachable) {
      PopError(expected, ValType(), false);
    }
  }
  ValType PopAny() {
    if (sp_ > current_->height) return stack_[--sp_].type;
    if (!current_->unreachable) PopError(ValType(), ValType(), false);
    return ValType::Bottom();
  }
  // Pops a reference (or bottom in unreachable code).
  ValType PopRef() {
    const ValType t = PopAny();
    if (!t.is_ref() && !t.is_bottom() && !failed_) {
      Invalid(instr_.offset, absl::StrCat("type mismatch: instruction requires a reference but stack has [",
                                          t.ToString(), "]"));
    }
    return t;
  }
  [[gnu::cold]] [[gnu::noinline]] void PopError(ValType expected, ValType actual, bool has_actual);
  void FailUnknown(const char* what, uint32_t index) { FailUnknownAt(instr_.offset, what, index); }
  // Checks that the top entries match {types}[0..n) (bottom first) without popping.
  template <typename TypeAt>
  bool CheckTop(uint32_t n, TypeAt type_at, const char* what);
  // Replaces the top {n} entries (or what the frame has of them) by {types},
  // keeping the values of entries that exist.
  template <typename TypeAt>
  void RetypeTop(uint32_t n, TypeAt type_at);
  bool CheckBlockEnd(Ctrl& c);
  void SetUnreachable() {
    sp_ = current_->height;
    current_->unreachable = true;
    live_ = false;
  }
  void SaveArgs(uint32_t n) {
    if constexpr (Interface::kTracksValues) {
      if (live_) {
        if (args_.size() < n) args_.resize(std::max<size_t>(n, 2 * args_.size()));
        std::copy(stack_.begin() + sp_, stack_.begin() + sp_ + n, args_.begin());
      }
    }
  }
  void EmitInstr(uint32_t nargs, uint32_t nresults) {
    if (live_) interface_.OnInstr(*this, instr_, args_.data(), nargs, stack_.data() + sp_ - nresults, nresults);
  }

  // Instruction families with explicit typing.
  void DecodeBlock(ControlKind kind);
  void DecodeElse();
  bool DecodeEnd();
  __attribute__((always_inline)) bool CloseBlock(Ctrl& c, uint32_t num_results);
  void DecodeBr();
  void DecodeBrIf();
  void DecodeBrTable();
  void DecodeReturn();
  void DecodeCall(bool tail);
  void DecodeCallIndirect(bool tail);
  void DecodeCallRef(bool tail);
  void FinishCall(const FuncType& sig, uint32_t extra_args, bool tail);
  void DecodeSelect(bool typed);
  __attribute__((always_inline)) void DecodeLocal(Opcode op);
  void DecodeGlobal(bool set);
  void DecodeBrOnNull(bool on_non_null);
  void DecodeRef(Opcode op);
  void DecodeTable(Opcode op);
  bool CheckLabel(uint32_t depth) {
    if (WASMTIER_LIKELY(depth < control_.size())) return true;
    Invalid(instr_.offset, "unknown label");
    return false;
  }
  void PushControl(ControlKind kind, const BlockTypeImm& type, uint32_t height);
  void PopControl();
  void RollbackLocalInit(uint32_t height) {
    while (init_log_.size() > height) {
      local_init_[init_log_.back()] = 0;
      init_log_.pop_back();
    }
  }
  std::string StackString(uint32_t count) const;

  Interface& interface_;
  const SimpleOp* simple_;
  const uint8_t* max_align_;
  const OpcodeInfo* const* fast_single_ = nullptr;  // see DecodeLoop
  Reader* reader_ = nullptr;
  Instr instr_;
  std::vector<Entry> stack_;
  uint32_t stack_capacity_ = 0;  // stack_.size(), kept as a 32-bit member for the hot check
  uint32_t sp_ = 0;
  uint32_t max_sp_ = 0;
  std::vector<Ctrl> control_;
  Ctrl* current_ = nullptr;
  bool live_ = true;
  std::vector<Entry> args_;
  std::vector<ValType> locals_;
  // Initialisation tracking of non-defaultable locals (function references):
  // {local_init_} per local, {init_log_} the locals set since function start,
  // so leaving a block resets what it initialised.
  bool track_init_ = false;
  std::vector<uint8_t> local_init_;
  std::vector<uint32_t> init_log_;
  std::vector<uint8_t> scan_kinds_;  // syntax-only mode: 1 = open `if`
  bool const_mode_ = false;
  uint32_t visible_globals_ = 0;
  uint32_t func_index_ = 0;
  const FuncType* sig_ = nullptr;
  // Callee signatures by function index, filled on a function's first call
  // (see DecodeCall); an entry is valid while its stamp is {sig_stamp_}.
  struct SigCacheEntry {
    const FuncType* sig = nullptr;
    uint32_t stamp = 0;
  };
  std::vector<SigCacheEntry> func_sigs_;
  uint32_t sig_stamp_ = 1;
  std::vector<uint32_t> br_seen_;           // br_table targets checked, by depth (see DecodeBrTable)
  uint32_t br_stamp_ = 0;
  uint32_t body_end_offset_ = 0;
  ValType mem0_addr_;  // address type of memory 0 (Bottom: no memory)
};

}  // namespace wasmtier

#include "engine/function_body_decoder_impl.h"

#endif  // WASMTIER_ENGINE_FUNCTION_BODY_DECODER_H_
