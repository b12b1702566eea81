// The constant-expression consumer: it computes each instruction's value into
// its operand-stack entry (kTracksValues) and takes the result at the final
// `end`. The expression was validated with the module, so decoding again only
// re-reads it; extended-const arithmetic uses numeric::EvalDynamic.
#include "engine/api/const_eval.h"

#include <cstring>

#include "absl/strings/str_cat.h"
#include "engine/function_body_decoder.h"
#include "engine/runtime/numeric.h"

namespace wasmtier::api {
namespace {

struct ConstEvalInterface {
  struct Value {
    rt::Slot lo = 0;
    rt::Slot hi = 0;
  };
  struct ControlData {};
  static constexpr bool kTracksValues = true;
  using Entry = StackEntry<Value>;
  using Ctrl = Control<ControlData>;

  const rt::InstanceData* instance = nullptr;
  absl::Status error;
  Value result;

  template <typename D> void StartFunction(D&) {}
  template <typename D>
  void OnInstr(D&, const Instr& instr, const Entry* args, uint32_t, Entry* results, uint32_t nresults) {
    if (nresults != 1) return Unsupported(instr);
    Value& out = results[0].value;
    out = Value{};
    switch (instr.opcode) {
      case Opcode::kI32Const: out.lo = static_cast<uint32_t>(instr.value.i32); return;
      case Opcode::kI64Const: out.lo = static_cast<uint64_t>(instr.value.i64); return;
      case Opcode::kF32Const: out.lo = instr.value.f32_bits; return;
      case Opcode::kF64Const: out.lo = instr.value.f64_bits; return;
      case Opcode::kV128Const:
        std::memcpy(&out.lo, instr.bytes, 8);
        std::memcpy(&out.hi, instr.bytes + 8, 8);
        return;
      case Opcode::kRefNull: return;  // null is 0
      case Opcode::kRefFunc:
        out.lo = reinterpret_cast<rt::Slot>(instance->funcs[instr.index]);
        return;
      case Opcode::kGlobalGet: {
        const rt::GlobalInst* g = instance->globals[instr.index];
        out.lo = g->value[0];
        out.hi = g->value[1];
        return;
      }
      default:
        break;
    }
    if (numeric::IsNumeric(instr.opcode) && numeric::Arity(instr.opcode) == 2) {
      // Only the extended-const add/sub/mul get here; none of them traps.
      if (numeric::EvalDynamic(instr.opcode, args[0].value.lo, args[1].value.lo, &out.lo) ==
          TrapCode::kNone) {
        return;
      }
    }
    Unsupported(instr);
  }
  template <typename D> void OnBlock(D&, const Instr&, Ctrl&, const Entry*) {}
  template <typename D> void OnElse(D&, Ctrl&) {}
  template <typename D>
  void OnEnd(D&, Ctrl& c, Entry* results) {
    if (c.kind == ControlKind::kFunction && c.num_results() == 1) result = results[0].value;
  }
  template <typename D> void OnBranch(D&, const Instr&, const Entry*) {}
  template <typename D> void FinishFunction(D&) {}

  // GC constant instructions (struct.new, ref.i31...) are validated only when
  // GC is on, and GC objects do not exist at run time yet.
  void Unsupported(const Instr& instr) {
    if (error.ok()) {
      error = absl::UnimplementedError(
          absl::StrCat("unsupported: constant instruction ", OpcodeName(instr.opcode)));
    }
  }
};

}  // namespace

struct ConstEvaluator::State {
  State(const WasmModule& m, const Features& f) : decoder(m, f, iface) {}
  ConstEvalInterface iface;
  FunctionBodyDecoder<ConstEvalInterface> decoder;
  const WasmModule* module = nullptr;
};

ConstEvaluator::ConstEvaluator(const WasmModule& module, const Features& features,
                               const rt::InstanceData& instance)
    : state_(std::make_unique<State>(module, features)) {
  state_->iface.instance = &instance;
  state_->module = &module;
}

ConstEvaluator::~ConstEvaluator() = default;

absl::StatusOr<ConstValue> ConstEvaluator::Eval(const ConstExpr& expr, ValType type) {
  const WasmModule& m = *state_->module;
  Reader reader(m.bytes.data() + expr.range.offset, expr.range.length, expr.range.offset);
  state_->iface.error = absl::OkStatus();
  state_->iface.result = {};
  absl::Status status =
      state_->decoder.DecodeConstExpr(reader, type, static_cast<uint32_t>(m.globals.size()));
  if (!status.ok()) return status;
  if (!state_->iface.error.ok()) return state_->iface.error;
  return ConstValue{state_->iface.result.lo, state_->iface.result.hi};
}

}  // namespace wasmtier::api
