// The execution state of one script: one Engine, Store and Linker (with the
// spectest module defined), the current instance, named instances and module
// definitions. Runs the execution commands through the public embedding API
// (engine/include/wasmtier/wasmtier.h) and judges them.
#ifndef WASMTIER_SPEC_TESTS_SESSION_H_
#define WASMTIER_SPEC_TESTS_SESSION_H_

#include <cstdint>
#include <memory>
#include <span>

#include "absl/functional/function_ref.h"
#include "engine/text/wast.h"
#include "spec-tests/runner.h"

namespace wasmtier::spec {

class Session {
 public:
  explicit Session(const RunOptions& options);
  ~Session();
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  // A `module` command whose bytes validated: compiles it through the API
  // and, unless it is a definition, instantiates it as the current module.
  void DefineModule(const text::ScriptModule& module, std::span<const uint8_t> bytes,
                    CommandResult* r);
  // A `module` command whose module was rejected (judged by the runner):
  // the commands using it report {r}'s reason.
  void ModuleRejected(const text::ScriptModule& module, const CommandResult& r);
  // `module instance $i $d`.
  void InstantiateDefinition(const text::ScriptModule& module, CommandResult* r);
  void Register(const text::ScriptCommand& c, CommandResult* r);
  void Action(const text::ScriptCommand& c, CommandResult* r);
  void AssertReturn(const text::ScriptCommand& c, CommandResult* r);
  // assert_trap and assert_exhaustion on an action.
  void AssertActionTraps(const text::ScriptCommand& c, CommandResult* r);
  // assert_trap and assert_uninstantiable on a module ({bytes} validated):
  // instantiation must fail with a trap.
  void AssertModuleTraps(const text::ScriptCommand& c, std::span<const uint8_t> bytes,
                         CommandResult* r);
  // assert_unlinkable ({bytes} validated): linking must fail.
  void AssertUnlinkable(const text::ScriptCommand& c, std::span<const uint8_t> bytes,
                        CommandResult* r);

 private:
  // The API objects live in session.cc only: this header stays free of
  // wasmtier.h, so the runner can include it beside the decoder's headers.
  class Impl;
  // Runs one command between Impl::Begin and Impl::End.
  void Run(bool is_action, CommandResult* r, absl::FunctionRef<void(Impl&)> command);
  std::unique_ptr<Impl> impl_;
};

}  // namespace wasmtier::spec

#endif  // WASMTIER_SPEC_TESTS_SESSION_H_
