// Running one script file in a child process, so that an engine crash or hang
// on one file becomes a failure of that file (with the signal or the time
// limit named) instead of the end of the whole run.
#ifndef WASMTIER_SPEC_TESTS_ISOLATE_H_
#define WASMTIER_SPEC_TESTS_ISOLATE_H_

#include <string>
#include <string_view>

#include "spec-tests/runner.h"

namespace wasmtier::spec {

// Like RunScriptFile, in a forked child that must finish within
// {timeout_seconds}. If the child dies, the commands it reported before are
// kept and one failed command of kind "script" says how it died.
FileResult RunScriptFileIsolated(const std::string& path, std::string_view name,
                                 const RunOptions& options, int timeout_seconds);

// The wire format between child and parent (exposed for tests): one line per
// command, fields separated by tabs, tabs/newlines/backslashes escaped.
std::string EncodeCommand(const CommandResult& c);
bool DecodeCommand(std::string_view line, CommandResult* c);

}  // namespace wasmtier::spec

#endif  // WASMTIER_SPEC_TESTS_ISOLATE_H_
