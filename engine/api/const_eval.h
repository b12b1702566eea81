// Evaluation of constant expressions at instantiation (spec 4.5.4): global
// initialisers, segment offsets, element items and table initialisers. A
// consumer of the one function-body decoder in constant mode computes the
// values (numeric ops through engine/runtime/numeric.h), so no second
// instruction parser exists.
#ifndef WASMTIER_ENGINE_API_CONST_EVAL_H_
#define WASMTIER_ENGINE_API_CONST_EVAL_H_

#include <memory>

#include "absl/status/statusor.h"
#include "engine/features.h"
#include "engine/module.h"
#include "engine/runtime/exec.h"

namespace wasmtier::api {

struct ConstValue {
  rt::Slot lo = 0;
  rt::Slot hi = 0;  // v128 only
};

class ConstEvaluator {
 public:
  // {instance} supplies what expressions read: globals (global.get) and
  // functions (ref.func). It may be partly built: an expression reads only
  // entities that validation allowed it to, which exist by then.
  ConstEvaluator(const WasmModule& module, const Features& features, const rt::InstanceData& instance);
  ~ConstEvaluator();

  // The value of {expr}, which validation typed as {type}.
  absl::StatusOr<ConstValue> Eval(const ConstExpr& expr, ValType type);

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace wasmtier::api

#endif  // WASMTIER_ENGINE_API_CONST_EVAL_H_
