// A small command-line cursor for subcommands: options are matched one at a
// time in the command's own loop, so each command states its options where it
// uses them. Understands "--name=value", "--name value", "-Xvalue", "-X value",
// "--" (end of options) and "-" (a positional argument meaning stdin).
#ifndef WASMTIER_TOOLS_ARGS_H_
#define WASMTIER_TOOLS_ARGS_H_

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace wasmtier::cli {

class ArgCursor {
 public:
  explicit ArgCursor(const std::vector<std::string>& args) : args_(args) { SkipEndOfOptions(); }

  bool done() const { return pos_ >= args_.size() || !error_.empty(); }
  // The argument under the cursor.
  const std::string& current() const { return args_[pos_]; }

  // Consumes the current argument if it is the flag {short_name} (e.g. "-h",
  // may be empty) or {long_name} (e.g. "--help").
  bool Flag(absl::string_view short_name, absl::string_view long_name);

  // Consumes an option with a value; returns the value. A missing value sets
  // error() and returns nullopt.
  std::optional<std::string> Value(absl::string_view short_name, absl::string_view long_name);

  // Whether the current argument looks like an option (and "--" has not been
  // seen). "-" is not an option.
  bool IsOption() const;

  // Consumes the current argument as a positional one.
  std::string TakePositional();

  // Consumes every remaining argument verbatim ("--" included): the guest's
  // arguments after `run FILE`.
  std::vector<std::string> TakeRest() {
    std::vector<std::string> rest(args_.begin() + static_cast<long>(pos_), args_.end());
    pos_ = args_.size();
    return rest;
  }

  // Set by Value() when an option's value is missing.
  const std::string& error() const { return error_; }

 private:
  // The cursor never rests on the first "--": it is consumed as soon as it is
  // reached, and everything after it is positional.
  void SkipEndOfOptions();
  void Advance() {
    ++pos_;
    SkipEndOfOptions();
  }

  const std::vector<std::string>& args_;
  size_t pos_ = 0;
  bool options_ended_ = false;
  std::string error_;
};

}  // namespace wasmtier::cli

#endif  // WASMTIER_TOOLS_ARGS_H_
