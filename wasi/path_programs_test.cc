// wasi-libc programs (wasi/programs: walk, cp -r) over a preopened tree under
// each resolver: the user-space walker must serve real opendir/readdir/lstat/
// readlink/symlink/mkdir traffic exactly as openat2 does, and the copy must
// equal the original, symlinks included.
#include <fcntl.h>
#include <linux/openat2.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "wasi/sandbox.h"
#include "wasi/testing/wasi_test_util.h"
#include "wasi/wasi.h"

namespace wasmtier::wasi {
namespace {

namespace fs = std::filesystem;
using testing::CaptureFile;
using testing::TempDir;

std::vector<uint8_t> ReadBinary(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::vector<uint8_t>(std::istreambuf_iterator<char>(in), {});
}

struct ProgramRun {
  absl::Status status;
  uint32_t exit_code = 0;
  std::string stdout_text;
};

// Runs the command module at {wasm_path} with {args} and {dir} preopened as
// ".", in the current resolver mode.
ProgramRun RunProgram(const std::string& wasm_path, std::vector<std::string> args,
               const std::string& dir) {
  ProgramRun run;
  std::vector<uint8_t> bytes = ReadBinary(wasm_path);
  if (bytes.empty()) {
    run.status = absl::NotFoundError("cannot read " + wasm_path);
    return run;
  }
  CaptureFile out;
  WasiConfig config;
  config.args = std::move(args);
  config.preopens.push_back({dir, "."});
  config.stdout_fd = out.fd();
  Engine engine;
  Store store(engine);
  Linker linker(engine);
  absl::StatusOr<Module> module = Module::Compile(engine, bytes);
  absl::StatusOr<std::unique_ptr<WasiCtx>> ctx = CreateContext(config);
  if (!module.ok() || !ctx.ok()) {
    run.status = module.ok() ? ctx.status() : module.status();
    return run;
  }
  run.status = AddToLinker(linker, store, **ctx);
  if (!run.status.ok()) return run;
  absl::StatusOr<Instance> instance = linker.Instantiate(store, *module);
  if (!instance.ok()) {
    run.status = instance.status();
    return run;
  }
  absl::StatusOr<std::vector<Val>> result = instance->GetFunc("_start")->Call(store, {});
  if (!result.ok()) {
    std::optional<uint32_t> code = ExitCode(result.status());
    if (code) {
      run.exit_code = *code;
    } else {
      run.status = result.status();
    }
  }
  run.stdout_text = out.ReadAll();
  return run;
}

// Every path under {root} (links not followed) with its kind and contents:
// "f:<bytes>", "d", "l:<target>".
std::map<std::string, std::string> Snapshot(const fs::path& root) {
  std::map<std::string, std::string> tree;
  for (auto it = fs::recursive_directory_iterator(root); it != fs::recursive_directory_iterator();
       ++it) {
    std::string rel = it->path().lexically_relative(root).string();
    if (it->is_symlink()) {
      tree[rel] = "l:" + fs::read_symlink(it->path()).string();
    } else if (it->is_directory()) {
      tree[rel] = "d";
    } else {
      std::ifstream in(it->path(), std::ios::binary);
      std::stringstream text;
      text << in.rdbuf();
      tree[rel] = "f:" + text.str();
    }
  }
  return tree;
}

class PathProgramsTest : public ::testing::TestWithParam<ResolveMode> {
 protected:
  void SetUp() override {
    if (GetParam() == ResolveMode::kOpenat2) {
      open_how how{};
      how.flags = O_PATH | O_CLOEXEC;
      how.resolve = RESOLVE_BENEATH;
      long fd = syscall(SYS_openat2, AT_FDCWD, ".", &how, sizeof(how));
      if (fd < 0) GTEST_SKIP() << "openat2 is not available here";
      close(static_cast<int>(fd));
    }
    SetResolveModeForTesting(GetParam());
    // A tree with nesting, many entries (several fd_readdir pages), names
    // with spaces, and symlinks inside, outside and dangling.
    ASSERT_TRUE(dir_.MakeDir("src"));
    ASSERT_TRUE(dir_.MakeDir("src/a"));
    ASSERT_TRUE(dir_.MakeDir("src/a/b"));
    ASSERT_TRUE(dir_.MakeDir("src/empty"));
    ASSERT_TRUE(dir_.MakeDir("src/many"));
    for (int i = 0; i < 150; ++i) {
      ASSERT_TRUE(dir_.WriteFile("src/many/file_with_a_longish_name_" + std::to_string(i),
                                 std::string(static_cast<size_t>(i), 'x')));
    }
    ASSERT_TRUE(dir_.WriteFile("src/a/b/deep.txt", "deep\n"));
    ASSERT_TRUE(dir_.WriteFile("src/with space.txt", "spaced\n"));
    ASSERT_EQ(symlink("../with space.txt", dir_.Path("src/a/up").c_str()), 0);
    ASSERT_EQ(symlink("/etc/passwd", dir_.Path("src/absolute").c_str()), 0);
    ASSERT_EQ(symlink("nowhere", dir_.Path("src/dangling").c_str()), 0);
    ASSERT_EQ(symlink("../..", dir_.Path("src/up_out").c_str()), 0);
  }
  void TearDown() override { SetResolveModeForTesting(ResolveMode::kAuto); }

  TempDir dir_;
};

TEST_P(PathProgramsTest, WalkListsTheWholeTree) {
  ProgramRun run = RunProgram("wasi/programs/walk.wasm", {"walk", "src"}, dir_.path());
  ASSERT_TRUE(run.status.ok()) << run.status;
  EXPECT_EQ(run.exit_code, 0u);
  std::vector<std::string> lines;
  std::istringstream text(run.stdout_text);
  for (std::string line; std::getline(text, line);) lines.push_back(line);
  // One line per entry below src, as the host counts them.
  EXPECT_EQ(lines.size(), Snapshot(dir_.Path("src")).size()) << run.stdout_text;
  EXPECT_NE(run.stdout_text.find("a/b/deep.txt"), std::string::npos);
  EXPECT_NE(run.stdout_text.find("many/file_with_a_longish_name_149"), std::string::npos);
  EXPECT_NE(run.stdout_text.find("absolute"), std::string::npos);
}

TEST_P(PathProgramsTest, CopyReproducesTheTree) {
  ProgramRun run = RunProgram("wasi/programs/cp.wasm", {"cp", "-r", "src", "dst"}, dir_.path());
  ASSERT_TRUE(run.status.ok()) << run.status;
  EXPECT_EQ(run.exit_code, 0u);
  std::map<std::string, std::string> src = Snapshot(dir_.Path("src"));
  std::map<std::string, std::string> dst = Snapshot(dir_.Path("dst"));
  EXPECT_EQ(src.size(), dst.size());
  EXPECT_EQ(src, dst);
  EXPECT_EQ(dst["absolute"], "l:/etc/passwd");  // copied as text, never followed
}

// Escapes through the guest's own libc: the program fails, the host is untouched.
TEST_P(PathProgramsTest, CopyCannotReachOutside) {
  ProgramRun out = RunProgram("wasi/programs/cp.wasm", {"cp", "src/a/b/deep.txt", "../escaped"},
                       dir_.path());
  ASSERT_TRUE(out.status.ok()) << out.status;
  EXPECT_NE(out.exit_code, 0u);
  EXPECT_FALSE(fs::exists(fs::path(dir_.path()).parent_path() / "escaped"));
  // The trailing slash makes lstat follow the link, which climbs out.
  ProgramRun in = RunProgram("wasi/programs/cp.wasm", {"cp", "-r", "src/up_out/", "stolen"},
                      dir_.path());
  ASSERT_TRUE(in.status.ok()) << in.status;
  EXPECT_NE(in.exit_code, 0u);
  EXPECT_FALSE(dir_.Exists("stolen"));
}

INSTANTIATE_TEST_SUITE_P(BothResolvers, PathProgramsTest,
                         ::testing::Values(ResolveMode::kOpenat2, ResolveMode::kWalker),
                         [](const ::testing::TestParamInfo<ResolveMode>& info) {
                           return info.param == ResolveMode::kOpenat2 ? "Openat2" : "Walker";
                         });

}  // namespace
}  // namespace wasmtier::wasi
