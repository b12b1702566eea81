// The `wasmtier` subcommand interface. Each subcommand lives in its own
// tools/cmd_*.cc and exposes one Command; wasmtier_main.cc lists them in a
// table, so adding a subcommand is a new file plus one table entry.
#ifndef WASMTIER_TOOLS_COMMAND_H_
#define WASMTIER_TOOLS_COMMAND_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace wasmtier::cli {

// Process exit codes shared by every subcommand.
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;  // the command ran and found a problem
inline constexpr int kExitUsage = 2;    // bad command line

struct Command {
  const char* name;
  const char* summary;  // one line, shown in `wasmtier --help`
  // Full help: summary, "Usage: ..." line, description and options, as
  // printed by `wasmtier help NAME` and `wasmtier NAME --help` (ends with a
  // newline). "@FEATURES@", "@RUNTIME@" and "@TIER@" stand for the shared
  // paragraphs of -W NAME, -W LIMIT=VALUE and --tier.
  const char* help;
  // Runs the command on the arguments after its name; returns the exit code.
  int (*run)(const Command& self, const std::vector<std::string>& args);
};

// The subcommands the dispatcher knows (wasmtier_main.cc).
extern const Command kRunCommand;
extern const Command kValidateCommand;
extern const Command kInspectCommand;
extern const Command kWastCommand;
extern const Command kSettingsCommand;

// Prints {cmd.help} to stdout.
void PrintCommandHelp(const Command& cmd);

// Reports a command-line mistake in the style of clap (which wasmtime uses):
// "error: MESSAGE", the usage line and a pointer to --help, on stderr.
// Returns kExitUsage.
int UsageError(const Command& cmd, absl::string_view message);

}  // namespace wasmtier::cli

#endif  // WASMTIER_TOOLS_COMMAND_H_
