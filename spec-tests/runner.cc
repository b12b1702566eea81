// Judging one script's commands. A module goes through the same path as
// everywhere else: text is encoded by the WAT parser (at script-parse time, or
// here for `module quote`), bytes go through DecodeAndValidate, and the
// status class (malformed / invalid / unsupported) decides the outcome.
// Modules that validate, and every execution command, then go to the
// script's Session (the public embedding API).
#include "spec-tests/runner.h"

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <span>
#include <sstream>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "engine/error.h"
#include "engine/text/wat.h"
#include "engine/validator.h"
#include "spec-tests/session.h"

namespace wasmtier::spec {
namespace {

using text::ScriptCommand;
using text::ScriptModule;

// How far a module got: the first stage that rejected it, or kValid.
struct ModuleCheck {
  enum Stage : uint8_t { kTextError, kMalformed, kInvalid, kUnsupported, kOtherError, kValid };
  Stage stage = kValid;
  std::string message;  // the error, without the " (at offset ...)" suffix
  std::vector<uint8_t> quote_bytes;  // kQuote: the encoded text
};

// The bytes of a module that CheckModule found valid.
std::span<const uint8_t> ModuleBytes(const ScriptModule& module, const ModuleCheck& check) {
  if (module.form == ScriptModule::Form::kQuote) return check.quote_bytes;
  return module.bytes;
}

const char* StageName(ModuleCheck::Stage stage) {
  switch (stage) {
    case ModuleCheck::kTextError:
      return "malformed text";
    case ModuleCheck::kMalformed:
      return "malformed";
    case ModuleCheck::kInvalid:
      return "invalid";
    case ModuleCheck::kUnsupported:
      return "unsupported";
    case ModuleCheck::kOtherError:
      return "error";
    case ModuleCheck::kValid:
      return "valid";
  }
  return "?";
}

std::string StripOffset(std::string_view message) {
  size_t at = message.rfind(" (at offset ");
  return std::string(at == std::string_view::npos ? message : message.substr(0, at));
}

ModuleCheck CheckBytes(const std::vector<uint8_t>& bytes, const Features& features) {
  absl::StatusOr<std::unique_ptr<WasmModule>> module =
      DecodeAndValidate(bytes.data(), bytes.size(), features);
  if (module.ok()) return {ModuleCheck::kValid, ""};
  const absl::Status& s = module.status();
  std::string message = StripOffset(std::string(s.message()));
  if (IsMalformed(s)) return {ModuleCheck::kMalformed, message};
  if (IsInvalid(s)) return {ModuleCheck::kInvalid, message};
  if (IsUnsupported(s)) return {ModuleCheck::kUnsupported, message};
  return {ModuleCheck::kOtherError, std::string(s.message())};
}

ModuleCheck CheckModule(const ScriptModule& module, const Features& features) {
  switch (module.form) {
    case ScriptModule::Form::kText:
      if (!module.encode_error.empty()) {
        // The encoder follows the engine's convention for what it cannot do yet.
        bool unsupported = module.encode_error.find("unsupported: ") != std::string::npos;
        return {unsupported ? ModuleCheck::kUnsupported : ModuleCheck::kTextError,
                module.encode_error};
      }
      return CheckBytes(module.bytes, features);
    case ScriptModule::Form::kBinary:
      return CheckBytes(module.bytes, features);
    case ScriptModule::Form::kQuote: {
      absl::StatusOr<std::vector<uint8_t>> bytes = text::WatToBinary(module.quote);
      if (!bytes.ok()) {
        // The text parser may know a construct it does not encode yet.
        if (IsUnsupported(bytes.status())) {
          return {ModuleCheck::kUnsupported, std::string(bytes.status().message())};
        }
        return {ModuleCheck::kTextError, std::string(bytes.status().message())};
      }
      ModuleCheck check = CheckBytes(*bytes, features);
      check.quote_bytes = *std::move(bytes);
      return check;
    }
    case ScriptModule::Form::kInstance:
      break;
  }
  return {ModuleCheck::kOtherError, "module instance has no bytes"};
}

const char* Keyword(const ScriptCommand& c) {
  using K = ScriptCommand::Kind;
  switch (c.kind) {
    case K::kModule:
      return c.module && c.module->form == ScriptModule::Form::kInstance ? "module instance"
                                                                         : "module";
    case K::kRegister:
      return "register";
    case K::kAction:
      return c.action && c.action->kind == text::ScriptAction::Kind::kGet ? "get" : "invoke";
    case K::kAssertReturn:
      return "assert_return";
    case K::kAssertTrap:
      return "assert_trap";
    case K::kAssertExhaustion:
      return "assert_exhaustion";
    case K::kAssertException:
      return "assert_exception";
    case K::kAssertInvalid:
      return "assert_invalid";
    case K::kAssertMalformed:
      return "assert_malformed";
    case K::kAssertUnlinkable:
      return "assert_unlinkable";
    case K::kAssertUninstantiable:
      return "assert_uninstantiable";
    case K::kAssertInvalidCustom:
      return "assert_invalid_custom";
    case K::kAssertMalformedCustom:
      return "assert_malformed_custom";
    case K::kUnsupported:
      return "other";
  }
  return "?";
}

// The spec harness checks that our message starts with the expected one; our
// text errors carry a "line:column: " prefix, so containment is the test.
bool MessageMatches(std::string_view expected, std::string_view actual) {
  return actual.find(expected) != std::string_view::npos;
}

// Judges an assertion that expects the module to be rejected at {want}
// (malformed counts text errors too).
void JudgeRejection(const ScriptCommand& c, const ModuleCheck& check, bool want_malformed,
                    CommandResult* r) {
  bool right_class = want_malformed ? (check.stage == ModuleCheck::kTextError ||
                                       check.stage == ModuleCheck::kMalformed)
                                    : check.stage == ModuleCheck::kInvalid;
  if (right_class) {
    r->outcome = Outcome::kPassed;
    if (!MessageMatches(c.message, check.message)) {
      r->message_mismatch = true;
      r->detail = absl::StrCat("expected \"", c.message, "\", got \"", check.message, "\"");
    }
    return;
  }
  if (check.stage == ModuleCheck::kUnsupported) {
    r->outcome = Outcome::kUnsupported;
    r->detail = check.message;
    return;
  }
  r->outcome = Outcome::kFailed;
  r->detail = absl::StrCat("expected ", want_malformed ? "malformed" : "invalid", " (\"", c.message,
                           "\"), got ", StageName(check.stage));
  if (!check.message.empty()) absl::StrAppend(&r->detail, ": ", check.message);
}

// A `module` command: validation decides first (as before execution
// existed), then a valid module is compiled and instantiated by the session.
void RunModule(const ScriptCommand& c, const RunOptions& options, Session& session,
               CommandResult* r) {
  if (!c.module) {
    r->outcome = Outcome::kFailed;
    r->detail = "module command without a module";
    return;
  }
  if (c.module->form == ScriptModule::Form::kInstance) {
    session.InstantiateDefinition(*c.module, r);
    return;
  }
  ModuleCheck check = CheckModule(*c.module, options.features);
  if (check.stage == ModuleCheck::kValid) {
    session.DefineModule(*c.module, ModuleBytes(*c.module, check), r);
    return;
  }
  if (check.stage == ModuleCheck::kUnsupported) {
    r->detail = check.message;
  } else {
    r->outcome = Outcome::kFailed;
    r->detail =
        absl::StrCat("expected a valid module, got ", StageName(check.stage), ": ", check.message);
  }
  session.ModuleRejected(*c.module, *r);
}

// The assertions about a module that must fail at link or instantiation
// time: the module itself must be valid.
void RunModuleAssertion(const ScriptCommand& c, const RunOptions& options, Session& session,
                        CommandResult* r) {
  using K = ScriptCommand::Kind;
  ModuleCheck check = CheckModule(*c.module, options.features);
  if (check.stage == ModuleCheck::kUnsupported) {
    r->outcome = Outcome::kUnsupported;
    r->detail = check.message;
    return;
  }
  if (check.stage != ModuleCheck::kValid) {
    r->outcome = Outcome::kFailed;
    r->detail = absl::StrCat("expected a valid module, got ", StageName(check.stage), ": ",
                             check.message);
    return;
  }
  std::span<const uint8_t> bytes = ModuleBytes(*c.module, check);
  if (c.kind == K::kAssertUnlinkable) {
    session.AssertUnlinkable(c, bytes, r);
  } else {
    session.AssertModuleTraps(c, bytes, r);
  }
}

// Commands that execute: actions, assertions on actions and on linking and
// instantiation.
void RunExecution(const ScriptCommand& c, const RunOptions& options, Session& session,
                  CommandResult* r) {
  using K = ScriptCommand::Kind;
  bool module_form = c.kind == K::kAssertUnlinkable || c.kind == K::kAssertUninstantiable ||
                     (c.kind == K::kAssertTrap && c.module);
  if (module_form) {
    if (!c.module) {
      r->outcome = Outcome::kFailed;
      r->detail = "assertion without a module";
      return;
    }
    return RunModuleAssertion(c, options, session, r);
  }
  if (c.kind == K::kRegister) return session.Register(c, r);
  if (c.kind == K::kAssertException) {
    r->detail = "exceptions are not supported";
    return;
  }
  if (!c.action) {
    r->outcome = Outcome::kFailed;
    r->detail = "command without an action";
    return;
  }
  switch (c.kind) {
    case K::kAction:
      return session.Action(c, r);
    case K::kAssertReturn:
      return session.AssertReturn(c, r);
    case K::kAssertTrap:
    case K::kAssertExhaustion:
      return session.AssertActionTraps(c, r);
    default:
      r->detail = "unknown execution command";
      return;
  }
}

CommandResult RunCommand(const ScriptCommand& c, const RunOptions& options, Session& session) {
  using K = ScriptCommand::Kind;
  CommandResult r;
  r.line = c.line;
  r.kind = Keyword(c);
  r.outcome = Outcome::kUnsupported;
  switch (c.kind) {
    case K::kModule:
      RunModule(c, options, session, &r);
      break;
    case K::kAssertInvalid:
    case K::kAssertMalformed:
      if (!c.module) {
        r.outcome = Outcome::kFailed;
        r.detail = "assertion without a module";
        break;
      }
      JudgeRejection(c, CheckModule(*c.module, options.features), c.kind == K::kAssertMalformed,
                     &r);
      break;
    case K::kAssertMalformedCustom: {
      // Custom-section annotations: only the text parser can reject them;
      // a module it accepts is not checked further (custom sections never
      // make a module malformed for the engine).
      ModuleCheck check = c.module ? CheckModule(*c.module, options.features) : ModuleCheck{};
      if (check.stage == ModuleCheck::kTextError) {
        r.outcome = Outcome::kPassed;
        r.message_mismatch = !MessageMatches(c.message, check.message);
        if (r.message_mismatch) {
          r.detail = absl::StrCat("expected \"", c.message, "\", got \"", check.message, "\"");
        }
      } else {
        r.detail = "custom-section annotations are not checked";
      }
      break;
    }
    case K::kAssertInvalidCustom:
      r.detail = "custom-section contents are not validated";
      break;
    case K::kUnsupported:
      r.kind = "other";
      r.detail = absl::StrCat("command form '", c.unsupported_form, "'");
      break;
    default:
      RunExecution(c, options, session, &r);
      break;
  }
  return r;
}

// "12:3: message" -> 12.
uint32_t LeadingLine(std::string_view message) {
  uint32_t line = 0;
  size_t i = 0;
  while (i < message.size() && message[i] >= '0' && message[i] <= '9') {
    line = line * 10 + (message[i] - '0');
    ++i;
  }
  return i < message.size() && message[i] == ':' ? line : 0;
}

}  // namespace

const char* TierName(Tier tier) {
  switch (tier) {
    case Tier::kInterp:
      return "interp";
    case Tier::kJit:
      return "jit";
    case Tier::kAuto:
      return "auto";
  }
  return "?";
}

std::optional<Tier> ParseTier(std::string_view name) {
  if (name == "interp") return Tier::kInterp;
  if (name == "jit") return Tier::kJit;
  if (name == "auto") return Tier::kAuto;
  return std::nullopt;
}

int FileResult::failures() const {
  int n = 0;
  for (const CommandResult& c : commands) n += c.outcome == Outcome::kFailed;
  return n;
}

FileResult RunScript(std::string_view name, const text::Script& script, const RunOptions& options) {
  FileResult result;
  result.name = std::string(name);
  result.commands.reserve(script.commands.size());
  Session session(options);
  for (const ScriptCommand& c : script.commands) {
    if (options.before_command) options.before_command(c.line, Keyword(c));
    result.commands.push_back(RunCommand(c, options, session));
    if (options.after_command) options.after_command(result.commands.back());
  }
  return result;
}

FileResult RunScriptSource(std::string_view name, std::string_view source,
                           const RunOptions& options) {
  absl::StatusOr<text::Script> script = text::ParseScript(source);
  if (!script.ok()) {
    FileResult result;
    result.name = std::string(name);
    CommandResult r;
    r.line = LeadingLine(std::string(script.status().message()));
    r.kind = "script";
    r.outcome = Outcome::kFailed;
    r.detail = absl::StrCat("script does not parse: ", script.status().message());
    result.commands.push_back(std::move(r));
    return result;
  }
  return RunScript(name, *script, options);
}

FileResult RunScriptFile(const std::string& path, std::string_view name,
                         const RunOptions& options) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    FileResult result;
    result.name = std::string(name);
    result.commands.push_back(
        {0, "script", Outcome::kFailed, false, absl::StrCat("cannot read ", path)});
    return result;
  }
  std::stringstream buffer;
  buffer << in.rdbuf();
  return RunScriptSource(name, buffer.str(), options);
}

}  // namespace wasmtier::spec
