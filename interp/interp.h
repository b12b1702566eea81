// The interpreter tier's interface to the runtime: the entry installed in a
// module's FuncCode records, and translation on demand.
//
// Calls: every call instruction loads the callee's FuncCode entry and calls it
// as WasmEntry(ctx, fp + B, callee) (engine/runtime/exec.h), so the callee may
// be interpreted, compiled or a host function. An interpreted callee runs in
// InterpEntry: it checks the native and value stack limits (trap
// kStackExhausted), charges the call to the budget if the code counts, zeroes
// the declared locals, pushes a FrameRecord and runs the handler chain until a
// Return handler returns.
#ifndef WASMTIER_INTERP_INTERP_H_
#define WASMTIER_INTERP_INTERP_H_

#include <memory>

#include "absl/status/statusor.h"
#include "engine/include/wasmtier/config.h"
#include "engine/module.h"
#include "engine/runtime/exec.h"
#include "engine/runtime/module_code.h"
#include "interp/code.h"

namespace wasmtier::interp {

// Installed as FuncCode::entry of every defined function: translates the
// function (once per module, thread-safe), publishes InterpEntry in its
// FuncCode, then runs it. A function that cannot be translated (an
// unsupported opcode such as SIMD) raises its "unsupported: ..." status.
void LazyEntry(rt::ExecContext* ctx, rt::Slot* fp, rt::FuncInst* callee);
// Runs an already translated function.
void InterpEntry(rt::ExecContext* ctx, rt::Slot* fp, rt::FuncInst* callee);

// The translated code of {func_index}, translating it now if needed.
absl::StatusOr<const Code*> GetOrTranslate(rt::ModuleCode& code, uint32_t func_index);

// Translates defined function {func_index} of a validated module.
absl::StatusOr<std::unique_ptr<Code>> Translate(const WasmModule& module, uint32_t func_index,
                                                const Config& config);

}  // namespace wasmtier::interp

#endif  // WASMTIER_INTERP_INTERP_H_
