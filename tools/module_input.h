// WasmModule files named on the command line: a binary module is used as read;
// a text module (.wat, or any file that starts like one) is first encoded to
// binary by the text-format parser (engine/text/wat.h), so both reach the
// engine through the one decoder.
#ifndef WASMTIER_TOOLS_MODULE_INPUT_H_
#define WASMTIER_TOOLS_MODULE_INPUT_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace wasmtier::cli {

struct ModuleInput {
  std::vector<uint8_t> bytes;  // the binary module
  bool from_text = false;      // encoded from the text format
  size_t file_size = 0;        // bytes read from the file
};

// Reads {path} ("-" for stdin) and encodes it if it is text. Error messages
// follow "PATH: " ("cannot open: ...", "text: 3:7: unknown operator").
absl::StatusOr<ModuleInput> LoadModuleInput(const std::string& path);

// How {path} is named in messages: "<stdin>" for "-".
const char* InputLabel(const std::string& path);

// LoadModuleInput that prints "LABEL: error" to stderr on failure, the way
// every subcommand reports an unreadable or unencodable input.
std::optional<ModuleInput> LoadModuleInputOrReport(const std::string& path);

// Whether {bytes} look like the text format: after blanks, "(" or a ";;"
// comment (a binary module starts with "\0asm").
bool LooksLikeText(const std::vector<uint8_t>& bytes);

}  // namespace wasmtier::cli

#endif  // WASMTIER_TOOLS_MODULE_INPUT_H_
