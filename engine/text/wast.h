// WAST scripts (the spec testsuite's format): a parsed script is a list of
// commands. Modules written in text are already encoded to binary here (by the
// WAT parser, engine/text/wat.h), so every module reaches the engine as bytes
// through the one decoder; `module quote` keeps its text so that malformed-text
// assertions are checked by parsing it when the command runs.
#ifndef WASMTIER_ENGINE_TEXT_WAST_H_
#define WASMTIER_ENGINE_TEXT_WAST_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "engine/types.h"

namespace wasmtier::text {

// A module in a script: `(module ...)` text (encoded), `(module binary "...")`,
// `(module quote "...")`, `(module definition ...)`, `(module instance $i $d)`.
struct ScriptModule {
  enum class Form : uint8_t { kText, kBinary, kQuote, kInstance };
  Form form = Form::kText;
  std::optional<std::string> id;         // $name of the module (or instance)
  bool is_definition = false;            // `module definition`: compile only
  std::vector<uint8_t> bytes;            // kText, kBinary
  std::string quote;                     // kQuote: the concatenated source text
  std::optional<std::string> instance_of;  // kInstance: the definition's $name
  // kText: the encoder's error, if the text failed to encode (reported when
  // the command runs, so a bad module does not stop the rest of the script).
  std::string encode_error;
};

// A value in an action's arguments or an expected result.
struct ScriptValue {
  enum class Kind : uint8_t {
    kI32, kI64, kF32, kF64, kV128,
    kRefNull,    // (ref.null ht); {heap} says which
    kRefExtern,  // (ref.extern N) / expected (ref.extern) with no N
    kRefHost,    // (ref.host N)
    kRefFunc,    // expected (ref.func) / (ref.func $f)
    kRefAny, kRefEq, kRefI31, kRefStruct, kRefArray, kRefExn, kRefNonNull,  // expected patterns
    kEither,     // (either v1 v2 ...): any alternative matches
  };
  // Float/lane result patterns.
  enum class Nan : uint8_t { kNone, kCanonical, kArithmetic };

  Kind kind = Kind::kI32;
  uint64_t bits[2] = {0, 0};  // scalar bits in bits[0]; v128 little-endian
  // v128: lane shape ("i8x16", "f32x4", ...) and per-lane NaN patterns.
  std::string shape;
  std::vector<Nan> lane_nans;
  Nan nan = Nan::kNone;        // scalar f32/f64 pattern
  HeapType heap;               // kRefNull
  bool has_payload = false;    // kRefExtern/kRefHost/kRefFunc: a number/name follows
  std::vector<ScriptValue> alternatives;  // kEither
};

struct ScriptAction {
  enum class Kind : uint8_t { kInvoke, kGet };
  Kind kind = Kind::kInvoke;
  std::optional<std::string> module_id;  // $name, else the current module
  std::string name;                       // export name (UTF-8, escapes decoded)
  std::vector<ScriptValue> args;
};

struct ScriptCommand {
  enum class Kind : uint8_t {
    kModule,               // define (and instantiate unless a definition)
    kRegister,             // (register "name" $id?)
    kAction,               // a bare (invoke ...) / (get ...)
    kAssertReturn,
    kAssertTrap,           // action or module
    kAssertExhaustion,
    kAssertException,
    kAssertInvalid,
    kAssertMalformed,
    kAssertUnlinkable,
    kAssertUninstantiable,
    kAssertInvalidCustom,    // custom-section annotation tests
    kAssertMalformedCustom,
    kUnsupported,          // a command form this parser does not know (thread, wait...)
  };
  Kind kind = Kind::kModule;
  uint32_t line = 0;                      // 1-based line of the command
  std::optional<ScriptModule> module;     // kModule and module-taking assertions
  std::optional<ScriptAction> action;
  std::vector<ScriptValue> expected;      // kAssertReturn
  std::string message;                    // expected failure text of assertions
  std::string register_name;              // kRegister
  std::optional<std::string> register_id;
  std::string unsupported_form;           // kUnsupported: the keyword
};

struct Script {
  std::vector<ScriptCommand> commands;
};

// Parses a whole .wast script. Errors (with line:column) only for scripts that
// are not well-formed S-expressions or use unknown script syntax in a way that
// cannot be skipped; text modules that fail to encode are kept with
// {encode_error} instead.
absl::StatusOr<Script> ParseScript(std::string_view source);

}  // namespace wasmtier::text

#endif  // WASMTIER_ENGINE_TEXT_WAST_H_
