// Testsuite discovery. The repository root is found, in order, from
// $BUILD_WORKSPACE_DIRECTORY (bazel run), from the runfile of
// spec-tests/README.md (bazel test: the runfile is a symlink into the
// checkout), or by walking up from the working directory to a WORKSPACE file.
#include "spec-tests/suite.h"

#include <climits>
#include <cstdlib>
#include <filesystem>
#include <optional>
#include <system_error>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace wasmtier::spec {
namespace {

namespace fs = std::filesystem;

constexpr char kAnchor[] = "spec-tests/README.md";  // a checked-in file, a runfile of the tests

bool IsDirectory(const fs::path& p) {
  std::error_code ec;
  return fs::is_directory(p, ec);
}

std::optional<fs::path> RealPath(const fs::path& p) {
  char buffer[PATH_MAX];
  if (realpath(p.c_str(), buffer) == nullptr) return std::nullopt;
  return fs::path(buffer);
}

// The checkout holding {anchor_runfile} (…/spec-tests/README.md -> root).
std::optional<fs::path> RootFromAnchor(const fs::path& anchor_runfile) {
  std::optional<fs::path> real = RealPath(anchor_runfile);
  if (!real) return std::nullopt;
  return real->parent_path().parent_path();
}

std::optional<fs::path> FindRepoRoot() {
  if (const char* ws = std::getenv("BUILD_WORKSPACE_DIRECTORY"); ws && *ws) return fs::path(ws);
  for (const char* var : {"TEST_SRCDIR", "RUNFILES_DIR"}) {
    if (const char* dir = std::getenv(var); dir && *dir) {
      if (auto root = RootFromAnchor(fs::path(dir) / "wasmtier" / kAnchor)) return root;
    }
  }
  if (auto exe = RealPath("/proc/self/exe")) {
    if (auto root = RootFromAnchor(fs::path(exe->string() + ".runfiles") / "wasmtier" / kAnchor)) {
      return root;
    }
  }
  std::error_code ec;
  fs::path dir = fs::current_path(ec);
  if (ec) return std::nullopt;
  for (; !dir.empty(); dir = dir.parent_path()) {
    if (fs::exists(dir / "WORKSPACE", ec) && fs::exists(dir / kAnchor, ec)) {
      return RealPath(dir);
    }
    if (dir == dir.parent_path()) break;
  }
  return std::nullopt;
}

}  // namespace

absl::StatusOr<std::string> LocateTestsuite(const std::string& flag) {
  std::string where;
  if (!flag.empty()) {
    where = flag;
  } else if (const char* env = std::getenv("WASM_TESTSUITE"); env && *env) {
    where = env;
  } else if (std::optional<fs::path> root = FindRepoRoot()) {
    where = (*root / ".." / "shared" / "wasm-testsuite").lexically_normal().string();
  } else {
    return absl::NotFoundError(
        "cannot find the repository root to locate ../shared/wasm-testsuite; pass --testsuite "
        "DIR or set WASM_TESTSUITE");
  }
  if (!IsDirectory(where)) {
    return absl::NotFoundError(absl::StrCat(
        "the WebAssembly spec testsuite is not at ", where,
        " (expected the .wast files of github.com/WebAssembly/testsuite there); pass --testsuite "
        "DIR or set WASM_TESTSUITE"));
  }
  return where;
}

absl::StatusOr<std::vector<std::string>> ListWastFiles(const std::string& root) {
  std::vector<std::string> files;
  std::error_code ec;
  fs::recursive_directory_iterator it(root, fs::directory_options::follow_directory_symlink, ec);
  if (ec) return absl::NotFoundError(absl::StrCat("cannot list ", root, ": ", ec.message()));
  for (fs::recursive_directory_iterator end; it != end; it.increment(ec)) {
    if (ec) return absl::InternalError(absl::StrCat("cannot list ", root, ": ", ec.message()));
    if (it->path().extension() != ".wast" || !it->is_regular_file(ec)) continue;
    files.push_back(it->path().lexically_relative(root).generic_string());
  }
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace wasmtier::spec
