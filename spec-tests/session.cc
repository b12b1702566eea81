// Execution commands of one script through the public API. The engine, store
// and linker are made on the first command that needs them, so scripts of
// validation assertions only never start a runtime.
#include "spec-tests/session.h"

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/functional/function_ref.h"
#include "absl/strings/str_cat.h"
#include "engine/error.h"
#include "engine/include/wasmtier/wasmtier.h"
#include "spec-tests/spectest.h"
#include "spec-tests/values.h"

namespace wasmtier::spec {
namespace {

using text::ScriptCommand;
using text::ScriptModule;

TierMode ToTierMode(Tier tier) {
  switch (tier) {
    case Tier::kInterp:
      return TierMode::kInterp;
    case Tier::kJit:
      return TierMode::kJit;
    case Tier::kAuto:
      return TierMode::kAuto;
  }
  return TierMode::kAuto;
}

std::string Message(const absl::Status& s) { return std::string(s.message()); }

// "trap \"unreachable\"" or the non-trap error.
std::string DescribeError(const absl::Status& s) {
  if (std::optional<Trap> trap = GetTrap(s)) return absl::StrCat("trap \"", trap->message(), "\"");
  return absl::StrCat("error ", s.ToString());
}

void Unsupported(CommandResult* r, std::string detail) {
  r->outcome = Outcome::kUnsupported;
  r->detail = std::move(detail);
}

void Fail(CommandResult* r, std::string detail) {
  r->outcome = Outcome::kFailed;
  r->detail = std::move(detail);
}

// The reference interpreter sometimes names the entity in a trap message
// ("uninitialized element 2"); a trap is a closed enum here (DESIGN.md §4)
// and carries no index. The right trap with the index missing passes, and is
// listed as a message mismatch.
bool IsIndexedMessage(const std::string& expected, const std::string& actual) {
  if (expected.size() <= actual.size() + 1 || expected.compare(0, actual.size(), actual) != 0 ||
      expected[actual.size()] != ' ') {
    return false;
  }
  for (size_t i = actual.size() + 1; i < expected.size(); ++i) {
    if (expected[i] < '0' || expected[i] > '9') return false;
  }
  return true;
}

// Judges an error that should be a trap whose message contains {expected}.
void JudgeTrap(const absl::Status& error, const std::string& expected, CommandResult* r) {
  if (IsUnsupported(error)) return Unsupported(r, Message(error));
  std::optional<Trap> trap = GetTrap(error);
  if (!trap) {
    return Fail(r, absl::StrCat("expected trap \"", expected, "\", got ", DescribeError(error)));
  }
  std::string actual = trap->message();
  r->outcome = Outcome::kPassed;
  if (actual.find(expected) != std::string::npos) return;
  if (IsIndexedMessage(expected, actual)) {
    r->message_mismatch = true;
    r->detail = absl::StrCat("expected trap \"", expected, "\", got trap \"", actual, "\"");
    return;
  }
  Fail(r, absl::StrCat("expected trap \"", expected, "\", got trap \"", actual, "\""));
}

}  // namespace

class Session::Impl {
 public:
  explicit Impl(const RunOptions& options) : options_(options) {}

  void DefineModule(const ScriptModule& module, std::span<const uint8_t> bytes, CommandResult* r);
  void ModuleRejected(const ScriptModule& module, const CommandResult& r);
  void InstantiateDefinition(const ScriptModule& module, CommandResult* r);
  void Register(const ScriptCommand& c, CommandResult* r);
  void Action(const ScriptCommand& c, CommandResult* r);
  void AssertReturn(const ScriptCommand& c, CommandResult* r);
  void AssertActionTraps(const ScriptCommand& c, CommandResult* r);
  void AssertModuleTraps(const ScriptCommand& c, std::span<const uint8_t> bytes, CommandResult* r);
  void AssertUnlinkable(const ScriptCommand& c, std::span<const uint8_t> bytes, CommandResult* r);
  // Around each command: a failure after an action or instantiation that
  // was skipped as unsupported is unsupported too, since the state it
  // checks lacks that command's effects (a table not grown, a memory not
  // written); the first such command taints the rest of the script.
  void Begin();
  void End(bool is_action, CommandResult* r);

 private:
  // An instance (or a definition's module), or why there is none and whether
  // that reason is an unsupported feature, which makes the commands using it
  // unsupported rather than failed.
  struct Slot {
    std::optional<Instance> instance;
    std::optional<Module> module;
    std::string why_missing;
    bool unsupported = false;
  };
  // What running an action gave.
  struct ActionResult {
    enum Kind : uint8_t { kValues, kError, kUnsupported, kBroken } kind = kBroken;
    std::vector<Val> values;
    absl::Status error;  // kError: the call's status
    std::string detail;  // kUnsupported / kBroken: why
  };

  absl::Status EnsureStarted();
  // Compiles {bytes}; on failure fills {r} (unsupported or failed) and
  // returns nullopt.
  std::optional<Module> Compile(std::span<const uint8_t> bytes, CommandResult* r);
  // Instantiates through the linker. An import from a registered name whose
  // instance is missing fills {poisoned} and fails up front.
  absl::StatusOr<Instance> Instantiate(const Module& module, Slot* poisoned);
  // Instantiates {module} into {slot}; on failure fills {r} and records in
  // {slot} why the instance ({what} at r's line) is missing.
  void InstantiateInto(const Module& module, const char* what, CommandResult* r, Slot* slot);
  // Keeps {slot} as a definition ({m} is one) or as the current instance.
  void Keep(const ScriptModule& m, Slot slot);
  ActionResult RunAction(const text::ScriptAction& action);
  const Slot* FindInstance(const std::optional<std::string>& id, std::string* error) const;
  // Records in {slot} that {what} at {r}'s line is missing because of {r}.
  static void MarkMissing(const char* what, const CommandResult& r, Slot* slot);
  // If {poisoned} was filled (an import from a registration without an
  // instance), reports it in {r}: unsupported or failed as that reason was.
  static bool ReportPoisoned(const Slot& poisoned, CommandResult* r);
  void SetCurrent(const std::optional<std::string>& id, Slot slot);

  RunOptions options_;
  // Declared before anything holding handles into the store, so they die last.
  std::unique_ptr<Engine> engine_;
  std::unique_ptr<Store> store_;
  std::unique_ptr<Linker> linker_;
  absl::Status start_status_;
  bool started_ = false;

  Slot current_;
  bool has_current_ = false;
  std::map<std::string, Slot> named_;
  std::map<std::string, Slot> definitions_;  // by $id; "" holds the unnamed
  std::optional<std::string> last_definition_;
  // Registered names whose instance is missing, and why.
  std::map<std::string, Slot> poisoned_registrations_;
  ExternRefs externs_;
  struct Taint {
    uint32_t line;
    std::string kind;
  };
  std::optional<Taint> taint_;
  bool instantiation_skipped_ = false;  // by the current command
};

absl::Status Session::Impl::EnsureStarted() {
  if (started_) return start_status_;
  started_ = true;
  Config config;
  config.tier = ToTierMode(options_.tier);
  config.features = options_.features;
  engine_ = std::make_unique<Engine>(config);
  store_ = std::make_unique<Store>(*engine_);
  linker_ = std::make_unique<Linker>(*engine_);
  // Scripts register several modules under one name (and the reference
  // interpreter lets the last one win).
  linker_->AllowShadowing(true);
  start_status_ = DefineSpectest(*store_, *linker_);
  return start_status_;
}

std::optional<Module> Session::Impl::Compile(std::span<const uint8_t> bytes, CommandResult* r) {
  if (absl::Status s = EnsureStarted(); !s.ok()) {
    if (IsUnsupported(s)) {
      Unsupported(r, Message(s));
    } else {
      Fail(r, absl::StrCat("cannot set up the spectest module: ", s.ToString()));
    }
    return std::nullopt;
  }
  absl::StatusOr<Module> module = Module::Compile(*engine_, bytes);
  if (module.ok()) return *std::move(module);
  if (IsUnsupported(module.status())) {
    Unsupported(r, Message(module.status()));
  } else {
    // DecodeAndValidate accepted these bytes: the API must too.
    Fail(r, absl::StrCat("Module::Compile rejects a valid module: ", module.status().ToString()));
  }
  return std::nullopt;
}

absl::StatusOr<Instance> Session::Impl::Instantiate(const Module& module, Slot* poisoned) {
  for (const ImportDesc& import : module.imports()) {
    auto it = poisoned_registrations_.find(import.module);
    if (it == poisoned_registrations_.end()) continue;
    *poisoned = it->second;
    poisoned->why_missing = absl::StrCat("imports from \"", import.module,
                                         "\", registered without an instance: ", it->second.why_missing);
    instantiation_skipped_ = true;
    return absl::FailedPreconditionError(poisoned->why_missing);
  }
  absl::StatusOr<Instance> instance = linker_->Instantiate(*store_, module);
  if (!instance.ok() && IsUnsupported(instance.status())) instantiation_skipped_ = true;
  return instance;
}

void Session::Impl::Begin() { instantiation_skipped_ = false; }

void Session::Impl::End(bool is_action, CommandResult* r) {
  if (r->outcome == Outcome::kFailed && taint_) {
    r->outcome = Outcome::kUnsupported;
    r->detail = absl::StrCat("after the unsupported ", taint_->kind, " at line ", taint_->line,
                             ", whose effects are missing: ", r->detail);
    return;
  }
  if (r->outcome == Outcome::kUnsupported && !taint_ && (is_action || instantiation_skipped_)) {
    taint_ = Taint{r->line, r->kind};
  }
}

void Session::Impl::SetCurrent(const std::optional<std::string>& id, Slot slot) {
  if (id) named_[*id] = slot;
  current_ = std::move(slot);
  has_current_ = true;
}

void Session::Impl::MarkMissing(const char* what, const CommandResult& r, Slot* slot) {
  slot->why_missing = absl::StrCat(what, " at line ", r.line, ": ", r.detail);
  slot->unsupported = r.outcome == Outcome::kUnsupported;
}

bool Session::Impl::ReportPoisoned(const Slot& poisoned, CommandResult* r) {
  if (poisoned.why_missing.empty()) return false;
  (poisoned.unsupported ? Unsupported : Fail)(r, poisoned.why_missing);
  return true;
}

void Session::Impl::InstantiateInto(const Module& module, const char* what, CommandResult* r,
                                    Slot* slot) {
  Slot poisoned;
  absl::StatusOr<Instance> instance = Instantiate(module, &poisoned);
  if (instance.ok()) {
    slot->instance = *instance;
    return;
  }
  if (!ReportPoisoned(poisoned, r)) {
    if (IsUnsupported(instance.status())) {
      Unsupported(r, Message(instance.status()));
    } else {
      Fail(r, absl::StrCat("instantiation failed: ", DescribeError(instance.status())));
    }
  }
  MarkMissing(what, *r, slot);
}

void Session::Impl::Keep(const ScriptModule& m, Slot slot) {
  if (m.is_definition) {
    std::string key = m.id.value_or("");
    definitions_[key] = std::move(slot);
    last_definition_ = key;
    return;
  }
  SetCurrent(m.id, std::move(slot));
}

void Session::Impl::DefineModule(const ScriptModule& m, std::span<const uint8_t> bytes,
                           CommandResult* r) {
  r->outcome = Outcome::kPassed;
  Slot slot;
  std::optional<Module> module = Compile(bytes, r);
  if (!module) {
    MarkMissing("module", *r, &slot);
  } else if (m.is_definition) {
    slot.module = std::move(module);
  } else {
    InstantiateInto(*module, "module", r, &slot);
  }
  Keep(m, std::move(slot));
}

void Session::Impl::ModuleRejected(const ScriptModule& m, const CommandResult& r) {
  Slot slot;
  MarkMissing("module", r, &slot);
  Keep(m, std::move(slot));
}

void Session::Impl::InstantiateDefinition(const ScriptModule& m, CommandResult* r) {
  std::optional<std::string> key = m.instance_of ? m.instance_of : last_definition_;
  auto it = key ? definitions_.find(*key) : definitions_.end();
  Slot slot;
  if (it == definitions_.end()) {
    Fail(r, absl::StrCat("no module definition ", m.instance_of ? "$" + *m.instance_of : ""));
    slot.why_missing = r->detail;
  } else if (!it->second.module) {
    (it->second.unsupported ? Unsupported : Fail)(r, it->second.why_missing);
    slot = it->second;
  } else {
    r->outcome = Outcome::kPassed;
    InstantiateInto(*it->second.module, "module instance", r, &slot);
  }
  SetCurrent(m.id, std::move(slot));
}

const Session::Impl::Slot* Session::Impl::FindInstance(const std::optional<std::string>& id,
                                           std::string* error) const {
  if (id) {
    auto it = named_.find(*id);
    if (it != named_.end()) return &it->second;
    *error = absl::StrCat("no module $", *id);
    return nullptr;
  }
  if (has_current_) return &current_;
  *error = "no current module";
  return nullptr;
}

void Session::Impl::Register(const ScriptCommand& c, CommandResult* r) {
  std::string error;
  const Slot* slot = FindInstance(c.register_id, &error);
  if (!slot) return Fail(r, error);
  if (!slot->instance) {
    poisoned_registrations_[c.register_name] = *slot;
    return (slot->unsupported ? Unsupported : Fail)(r, slot->why_missing);
  }
  poisoned_registrations_.erase(c.register_name);
  absl::Status s = linker_->DefineInstance(c.register_name, *slot->instance);
  if (!s.ok()) return Fail(r, absl::StrCat("Linker::DefineInstance: ", s.ToString()));
  r->outcome = Outcome::kPassed;
}

Session::Impl::ActionResult Session::Impl::RunAction(const text::ScriptAction& action) {
  ActionResult result;
  std::string error;
  const Slot* slot = FindInstance(action.module_id, &error);
  if (!slot) {
    result.detail = error;
    return result;
  }
  if (!slot->instance) {
    result.kind = slot->unsupported ? ActionResult::kUnsupported : ActionResult::kBroken;
    result.detail = slot->why_missing;
    return result;
  }
  if (action.kind == text::ScriptAction::Kind::kGet) {
    std::optional<Extern> e = slot->instance->GetExport(action.name);
    std::optional<Global> global = e ? e->global() : std::nullopt;
    if (!global) {
      result.detail = absl::StrCat("no exported global \"", action.name, "\"");
      return result;
    }
    result.kind = ActionResult::kValues;
    result.values.push_back(global->Get());
    return result;
  }
  std::optional<Func> func = slot->instance->GetFunc(action.name);
  if (!func) {
    result.detail = absl::StrCat("no exported function \"", action.name, "\"");
    return result;
  }
  FuncType type = func->type();
  if (type.params.size() != action.args.size()) {
    result.detail = absl::StrCat("\"", action.name, "\" takes ", type.params.size(),
                                 " arguments, the script passes ", action.args.size());
    return result;
  }
  std::vector<Val> args;
  args.reserve(action.args.size());
  for (size_t i = 0; i < action.args.size(); ++i) {
    absl::StatusOr<Val> arg = ToArg(action.args[i], type.params[i], *store_, externs_);
    if (!arg.ok()) {
      result.kind = IsUnsupported(arg.status()) ? ActionResult::kUnsupported : ActionResult::kBroken;
      result.detail = Message(arg.status());
      return result;
    }
    args.push_back(*arg);
  }
  absl::StatusOr<std::vector<Val>> values = func->Call(*store_, args);
  if (values.ok()) {
    result.kind = ActionResult::kValues;
    result.values = *std::move(values);
  } else if (IsUnsupported(values.status())) {
    result.kind = ActionResult::kUnsupported;
    result.detail = Message(values.status());
  } else {
    result.kind = ActionResult::kError;
    result.error = values.status();
  }
  return result;
}

void Session::Impl::Action(const ScriptCommand& c, CommandResult* r) {
  if (InvolvesV128(c.action->args)) return Unsupported(r, "v128 values are not judged yet");
  ActionResult a = RunAction(*c.action);
  switch (a.kind) {
    case ActionResult::kValues:
      r->outcome = Outcome::kPassed;
      return;
    case ActionResult::kError:
      return Fail(r, absl::StrCat("the action failed: ", DescribeError(a.error)));
    case ActionResult::kUnsupported:
      return Unsupported(r, a.detail);
    case ActionResult::kBroken:
      return Fail(r, a.detail);
  }
}

void Session::Impl::AssertReturn(const ScriptCommand& c, CommandResult* r) {
  if (InvolvesV128(c.action->args) || InvolvesV128(c.expected)) {
    return Unsupported(r, "v128 values are not judged yet");
  }
  ActionResult a = RunAction(*c.action);
  switch (a.kind) {
    case ActionResult::kValues:
      break;
    case ActionResult::kError:
      return Fail(r, absl::StrCat("expected ", DescribeExpectedList(c.expected), ", got ",
                                  DescribeError(a.error)));
    case ActionResult::kUnsupported:
      return Unsupported(r, a.detail);
    case ActionResult::kBroken:
      return Fail(r, a.detail);
  }
  bool ok = a.values.size() == c.expected.size();
  for (size_t i = 0; ok && i < a.values.size(); ++i) {
    Match m = MatchValue(c.expected[i], a.values[i]);
    if (m == Match::kUnsupported) {
      return Unsupported(r, absl::StrCat("result pattern ", DescribeExpected(c.expected[i])));
    }
    ok = m == Match::kYes;
  }
  if (!ok) {
    return Fail(r, absl::StrCat("expected ", DescribeExpectedList(c.expected), ", got ",
                                DescribeValues(a.values)));
  }
  r->outcome = Outcome::kPassed;
}

void Session::Impl::AssertActionTraps(const ScriptCommand& c, CommandResult* r) {
  if (InvolvesV128(c.action->args)) return Unsupported(r, "v128 values are not judged yet");
  ActionResult a = RunAction(*c.action);
  switch (a.kind) {
    case ActionResult::kValues:
      return Fail(r, absl::StrCat("expected trap \"", c.message, "\", got ",
                                  DescribeValues(a.values)));
    case ActionResult::kError:
      return JudgeTrap(a.error, c.message, r);
    case ActionResult::kUnsupported:
      return Unsupported(r, a.detail);
    case ActionResult::kBroken:
      return Fail(r, a.detail);
  }
}

void Session::Impl::AssertModuleTraps(const ScriptCommand& c, std::span<const uint8_t> bytes,
                                CommandResult* r) {
  std::optional<Module> module = Compile(bytes, r);
  if (!module) return;
  Slot poisoned;
  absl::StatusOr<Instance> instance = Instantiate(*module, &poisoned);
  if (instance.ok()) {
    return Fail(r, absl::StrCat("expected instantiation to trap \"", c.message,
                                "\", it succeeded"));
  }
  if (ReportPoisoned(poisoned, r)) return;
  JudgeTrap(instance.status(), c.message, r);
}

void Session::Impl::AssertUnlinkable(const ScriptCommand& c, std::span<const uint8_t> bytes,
                               CommandResult* r) {
  std::optional<Module> module = Compile(bytes, r);
  if (!module) return;
  Slot poisoned;
  absl::StatusOr<Instance> instance = Instantiate(*module, &poisoned);
  if (instance.ok()) {
    return Fail(r, absl::StrCat("expected unlinkable (\"", c.message, "\"), it instantiated"));
  }
  if (ReportPoisoned(poisoned, r)) return;
  const absl::Status& s = instance.status();
  if (IsUnsupported(s)) return Unsupported(r, Message(s));
  if (GetTrap(s) || s.message().find(c.message) == absl::string_view::npos) {
    return Fail(r, absl::StrCat("expected unlinkable (\"", c.message, "\"), got ",
                                DescribeError(s)));
  }
  r->outcome = Outcome::kPassed;
}

Session::Session(const RunOptions& options) : impl_(std::make_unique<Impl>(options)) {}
Session::~Session() = default;

void Session::Run(bool is_action, CommandResult* r, absl::FunctionRef<void(Impl&)> command) {
  impl_->Begin();
  command(*impl_);
  impl_->End(is_action, r);
}

void Session::DefineModule(const ScriptModule& m, std::span<const uint8_t> bytes,
                           CommandResult* r) {
  Run(/*is_action=*/false, r, [&](Impl& impl) { impl.DefineModule(m, bytes, r); });
}
void Session::ModuleRejected(const ScriptModule& m, const CommandResult& r) {
  impl_->ModuleRejected(m, r);
}
void Session::InstantiateDefinition(const ScriptModule& m, CommandResult* r) {
  Run(/*is_action=*/false, r, [&](Impl& impl) { impl.InstantiateDefinition(m, r); });
}
void Session::Register(const ScriptCommand& c, CommandResult* r) {
  Run(/*is_action=*/false, r, [&](Impl& impl) { impl.Register(c, r); });
}
void Session::Action(const ScriptCommand& c, CommandResult* r) {
  Run(/*is_action=*/true, r, [&](Impl& impl) { impl.Action(c, r); });
}
void Session::AssertReturn(const ScriptCommand& c, CommandResult* r) {
  Run(/*is_action=*/true, r, [&](Impl& impl) { impl.AssertReturn(c, r); });
}
void Session::AssertActionTraps(const ScriptCommand& c, CommandResult* r) {
  Run(/*is_action=*/true, r, [&](Impl& impl) { impl.AssertActionTraps(c, r); });
}
void Session::AssertModuleTraps(const ScriptCommand& c, std::span<const uint8_t> bytes,
                                CommandResult* r) {
  Run(/*is_action=*/false, r, [&](Impl& impl) { impl.AssertModuleTraps(c, bytes, r); });
}
void Session::AssertUnlinkable(const ScriptCommand& c, std::span<const uint8_t> bytes,
                               CommandResult* r) {
  Run(/*is_action=*/false, r, [&](Impl& impl) { impl.AssertUnlinkable(c, bytes, r); });
}

}  // namespace wasmtier::spec
