// The `wasmtier` command: global options, `help`, and dispatch to the
// subcommands of kCommands. Modelled on the `wasmtime` CLI (DESIGN.md §1):
// `wasmtier COMMAND [OPTIONS] ARGS`, clap-style messages, exit status 2 for
// a bad command line.
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "absl/strings/str_replace.h"
#include "absl/strings/string_view.h"
#include "tools/command.h"
#include "tools/feature_flags.h"
#include "tools/run_options.h"
#include "tools/version.h"

namespace wasmtier::cli {
namespace {

int PrintVersion() {
  std::printf("wasmtier %s\n", kVersion);
  return kExitOk;
}

int RunVersion(const Command& self, const std::vector<std::string>& args) {
  if (args.size() == 1 && (args[0] == "-h" || args[0] == "--help")) {
    PrintCommandHelp(self);
    return kExitOk;
  }
  if (!args.empty()) return UsageError(self, "unexpected argument '" + args[0] + "'");
  return PrintVersion();
}

const Command kVersionCommand = {
    "version",
    "Print the version",
    "Print the version\n"
    "\n"
    "Usage: wasmtier version\n"
    "\n"
    "Prints \"wasmtier X.Y.Z\", as `wasmtier --version` does.\n"
    "\n"
    "Options:\n"
    "  -h, --help\n"
    "          Print help\n",
    RunVersion,
};

// Every subcommand, in the order `wasmtier --help` lists them. Adding one is
// a cmd_NAME.cc defining a Command plus a line here.
const Command* const kCommands[] = {
    &kRunCommand,
    &kValidateCommand,
    &kInspectCommand,
    &kWastCommand,
    &kSettingsCommand,
    &kVersionCommand,
};

constexpr char kHelpSummary[] = "Print this message or the help of the given command";

const Command* FindCommand(absl::string_view name) {
  for (const Command* cmd : kCommands) {
    if (name == cmd->name) return cmd;
  }
  return nullptr;
}

// Edit distance, for "did you mean" on a mistyped subcommand.
size_t Distance(absl::string_view a, absl::string_view b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t above = row[j];
      size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + cost});
      diagonal = above;
    }
  }
  return row[b.size()];
}

void PrintMainHelp(FILE* out) {
  std::fprintf(out,
               "Wasmtier: a WebAssembly runtime with an interpreter and an optimizing JIT\n"
               "\n"
               "Usage: wasmtier <COMMAND> [OPTIONS] [ARGS]\n"
               "       wasmtier [run OPTIONS] FILE [ARGS]   (`run` is implied)\n"
               "\n"
               "Commands:\n");
  size_t width = 4;  // "help"
  for (const Command* cmd : kCommands) width = std::max(width, std::strlen(cmd->name));
  for (const Command* cmd : kCommands) {
    std::fprintf(out, "  %-*s  %s\n", static_cast<int>(width), cmd->name, cmd->summary);
  }
  std::fprintf(out, "  %-*s  %s\n", static_cast<int>(width), "help", kHelpSummary);
  std::fprintf(out,
               "\n"
               "Options:\n"
               "  -h, --help     Print help\n"
               "  -V, --version  Print version\n"
               "\n"
               "Run 'wasmtier help <COMMAND>' or 'wasmtier <COMMAND> --help' for a command's "
               "options.\n");
}

int MainUsageError(const std::string& message) {
  std::fprintf(stderr,
               "error: %s\n\nUsage: wasmtier <COMMAND> [OPTIONS] [ARGS]\n\n"
               "For more information, try 'wasmtier --help'.\n",
               message.c_str());
  return kExitUsage;
}

int UnknownCommand(absl::string_view name) {
  std::string message = "unrecognized subcommand '" + std::string(name) + "'";
  for (const Command* cmd : kCommands) {
    if (Distance(name, cmd->name) <= 2) {
      message += "\n\n  tip: a similar subcommand exists: '" + std::string(cmd->name) + "'";
      break;
    }
  }
  return MainUsageError(message);
}

// `wasmtier help [COMMAND]`.
int RunHelp(const std::vector<std::string>& args) {
  if (args.empty()) {
    PrintMainHelp(stdout);
    return kExitOk;
  }
  if (args.size() > 1) return MainUsageError("'help' takes at most one command name");
  if (args[0] == "help") {
    std::printf("%s\n\nUsage: wasmtier help [COMMAND]\n", kHelpSummary);
    return kExitOk;
  }
  const Command* cmd = FindCommand(args[0]);
  if (cmd == nullptr) return UnknownCommand(args[0]);
  PrintCommandHelp(*cmd);
  return kExitOk;
}

int Main(int argc, char** argv) {
  // Under `bazel run` the process starts in the runfiles tree; relative paths
  // on the command line mean the user's directory.
  if (const char* dir = std::getenv("BUILD_WORKING_DIRECTORY"); dir != nullptr && *dir != '\0') {
    if (chdir(dir) != 0) {
      std::fprintf(stderr, "wasmtier: cannot change to directory %s: %s\n", dir,
                   std::strerror(errno));
      return kExitFailure;
    }
  }
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty()) {
    PrintMainHelp(stderr);
    return kExitUsage;
  }
  const std::string& first = args[0];
  if (first == "-h" || first == "--help") {
    PrintMainHelp(stdout);
    return kExitOk;
  }
  if (first == "-V" || first == "--version") return PrintVersion();
  // As with wasmtime, `run` is implied: `wasmtier [OPTIONS] FILE [ARGS]`.
  if (first.size() > 1 && first[0] == '-') return kRunCommand.run(kRunCommand, args);
  std::vector<std::string> rest(args.begin() + 1, args.end());
  if (first == "help") return RunHelp(rest);
  const Command* cmd = FindCommand(first);
  if (cmd == nullptr) {
    if (access(first.c_str(), F_OK) == 0) return kRunCommand.run(kRunCommand, args);
    return UnknownCommand(first);
  }
  return cmd->run(*cmd, rest);
}

}  // namespace

void PrintCommandHelp(const Command& cmd) {
  std::string help = absl::StrReplaceAll(
      cmd.help, {{"@FEATURES@", FeatureFlagHelp()},
                {"@RUNTIME@", RuntimeLimitsHelp()},
                {"@TIER@", TierOptionHelp()}});
  std::fputs(help.c_str(), stdout);
}

int UsageError(const Command& cmd, absl::string_view message) {
  // The usage line is the help's first line that starts with "Usage:".
  absl::string_view help = cmd.help;
  absl::string_view usage;
  if (size_t at = help.find("Usage:"); at != absl::string_view::npos) {
    usage = help.substr(at);
    usage = usage.substr(0, usage.find('\n'));
  }
  std::fprintf(stderr, "error: %.*s\n\n%.*s\n\nFor more information, try 'wasmtier %s --help'.\n",
               static_cast<int>(message.size()), message.data(), static_cast<int>(usage.size()),
               usage.data(), cmd.name);
  return kExitUsage;
}

}  // namespace wasmtier::cli

int main(int argc, char** argv) {
  return wasmtier::cli::Main(argc, argv);
}
