// Test harness for the interpreter's handlers: hand-built register code run
// through rt::CallFromHost on a hand-built instance (no decoder, no
// translator): the execution half tested on its own.
#ifndef WASMTIER_INTERP_TESTING_HANDLER_HARNESS_H_
#define WASMTIER_INTERP_TESTING_HANDLER_HARNESS_H_

#include <cstdint>
#include <memory>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "engine/runtime/host.h"
#include "engine/runtime/exec.h"
#include "engine/runtime/module_code.h"
#include "interp/code.h"
#include "interp/interp.h"

namespace wasmtier::interp::testing {

// One module of hand-written functions and one instance of it.
class TestInstance {
 public:
  static constexpr uint32_t kMaxFuncs = 16;

  explicit TestInstance(Config config = Config()) {
    auto module = std::make_shared<WasmModule>();
    module->functions.resize(kMaxFuncs);
    module_ = module;
    code_.module = module;
    code_.config = config;
    code_.funcs = std::make_unique<rt::FuncCode[]>(kMaxFuncs);
    instance_.code = &code_;
    instance_.sig_ids = sig_ids_;
    ctx_.memories = {};
  }

  // Adds a function of type {params} -> {results} (i64 slots; the types only
  // size argument moves) whose code is {code}, already published as
  // translated (entry = InterpEntry) unless {lazy}. {sig_id} is its canonical
  // type id (call_indirect checks).
  rt::FuncInst* Add(Code code, int params, int results, uint32_t sig_id = 0, bool lazy = false);
  // Adds a host function.
  rt::FuncInst* AddHost(int params, int results, rt::HostCallback callback);

  // Calls {func} from the host: {args} in, results out ({args} is resized to
  // max(params, results)).
  absl::Status Call(rt::FuncInst* func, std::vector<rt::Slot>& args);

  rt::ExecContext& ctx() { return ctx_; }
  rt::InstanceData& instance() { return instance_; }
  rt::ModuleCode& module_code() { return code_; }
  const Config& config() const { return code_.config; }

  // Memory 0 over a heap buffer of {pages} 64 KiB pages (no guard region: the
  // guarded forms are tested in bounds only).
  rt::MemoryInst* AddMemory(uint64_t pages, bool is64 = false);
  rt::TableInst* AddTable(uint64_t size, bool is64 = false);
  rt::GlobalInst* AddGlobal(rt::Slot value);

  uint32_t sig_ids_[4] = {100, 101, 102, 103};  // type index -> canonical id

 private:
  std::shared_ptr<const WasmModule> module_;
  rt::ModuleCode code_;
  rt::InstanceData instance_;
  rt::ExecContext ctx_;
  std::vector<std::unique_ptr<FuncType>> types_;
  std::vector<std::unique_ptr<rt::FuncInst>> funcs_;
  std::vector<std::unique_ptr<Code>> codes_;
  std::vector<std::unique_ptr<rt::HostFunc>> hosts_;
  std::vector<std::unique_ptr<rt::MemoryInst>> memories_;
  std::vector<std::unique_ptr<std::vector<uint8_t>>> buffers_;
  std::vector<std::unique_ptr<rt::TableInst>> tables_;
  std::vector<std::unique_ptr<rt::GlobalInst>> globals_;
};

// The stand-in translator's table (handler_harness.cc): what Translate
// returns for a function index, and how often it ran.
absl::flat_hash_map<uint32_t, absl::StatusOr<Code>>& LazyCodes();
int& TranslateCalls();

}  // namespace wasmtier::interp::testing

#endif  // WASMTIER_INTERP_TESTING_HANDLER_HARNESS_H_
