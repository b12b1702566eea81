// Command-line cursor (see args.h).
#include "tools/args.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"

namespace wasmtier::cli {

void ArgCursor::SkipEndOfOptions() {
  if (!options_ended_ && pos_ < args_.size() && args_[pos_] == "--") {
    options_ended_ = true;
    ++pos_;
  }
}

bool ArgCursor::Flag(absl::string_view short_name, absl::string_view long_name) {
  if (done() || options_ended_) return false;
  const std::string& arg = current();
  if ((!short_name.empty() && arg == short_name) || (!long_name.empty() && arg == long_name)) {
    Advance();
    return true;
  }
  return false;
}

std::optional<std::string> ArgCursor::Value(absl::string_view short_name,
                                            absl::string_view long_name) {
  if (done() || options_ended_) return std::nullopt;
  const std::string& arg = current();
  absl::string_view name;
  if (!long_name.empty() && absl::StartsWith(arg, long_name)) {
    absl::string_view rest = absl::string_view(arg).substr(long_name.size());
    if (absl::ConsumePrefix(&rest, "=")) {  // --name=value
      std::string value(rest);
      Advance();
      return value;
    }
    if (rest.empty()) name = long_name;
  }
  if (name.empty() && !short_name.empty() && absl::StartsWith(arg, short_name)) {
    absl::string_view rest = absl::string_view(arg).substr(short_name.size());
    if (!rest.empty()) {  // -Xvalue
      std::string value(rest);
      Advance();
      return value;
    }
    name = short_name;
  }
  if (name.empty()) return std::nullopt;
  // "--name value" / "-X value": the value is the next argument, whatever it is.
  if (pos_ + 1 >= args_.size()) {
    error_ = absl::StrCat("option '", name, "' needs a value");
    return std::nullopt;
  }
  std::string value = args_[pos_ + 1];
  pos_ += 1;
  Advance();
  return value;
}

bool ArgCursor::IsOption() const {
  if (done() || options_ended_) return false;
  const std::string& arg = current();
  return arg.size() > 1 && arg[0] == '-';
}

std::string ArgCursor::TakePositional() {
  std::string arg = current();
  Advance();
  return arg;
}

}  // namespace wasmtier::cli
