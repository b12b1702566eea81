// Loading module files, binary or text (see module_input.h).
#include "tools/module_input.h"

#include <cstdio>

#include <utility>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "engine/text/wat.h"
#include "tools/file_reader.h"

namespace wasmtier::cli {

bool LooksLikeText(const std::vector<uint8_t>& bytes) {
  size_t i = 0;
  while (i < bytes.size() &&
         (bytes[i] == ' ' || bytes[i] == '\t' || bytes[i] == '\n' || bytes[i] == '\r')) {
    ++i;
  }
  if (i >= bytes.size()) return false;
  if (bytes[i] == '(') return true;
  return bytes[i] == ';' && i + 1 < bytes.size() && bytes[i + 1] == ';';
}

absl::StatusOr<ModuleInput> LoadModuleInput(const std::string& path) {
  absl::StatusOr<std::vector<uint8_t>> bytes = ReadModuleFile(path);
  if (!bytes.ok()) return bytes.status();
  ModuleInput input;
  input.file_size = bytes->size();
  bool binary = bytes->size() >= 4 && (*bytes)[0] == 0 && (*bytes)[1] == 'a' &&
                (*bytes)[2] == 's' && (*bytes)[3] == 'm';
  if (binary || (!LooksLikeText(*bytes) && !absl::EndsWith(path, ".wat"))) {
    input.bytes = std::move(*bytes);
    return input;
  }
  absl::string_view source(reinterpret_cast<const char*>(bytes->data()), bytes->size());
  absl::StatusOr<std::vector<uint8_t>> encoded =
      text::WatToBinary(std::string_view(source.data(), source.size()));
  if (!encoded.ok()) {
    return absl::InvalidArgumentError(absl::StrCat("text: ", encoded.status().message()));
  }
  input.bytes = std::move(*encoded);
  input.from_text = true;
  return input;
}

const char* InputLabel(const std::string& path) {
  return path == "-" ? "<stdin>" : path.c_str();
}

std::optional<ModuleInput> LoadModuleInputOrReport(const std::string& path) {
  absl::StatusOr<ModuleInput> input = LoadModuleInput(path);
  if (!input.ok()) {
    std::fprintf(stderr, "%s: %s\n", InputLabel(path), std::string(input.status().message()).c_str());
    return std::nullopt;
  }
  return *std::move(input);
}

}  // namespace wasmtier::cli
