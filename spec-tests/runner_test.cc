// Tests of the runner library: judging commands on tiny synthetic scripts
// written to a temp dir, manifest parsing, unexpected failure / pass
// detection, testsuite discovery and the report tables.
#include "spec-tests/runner.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "gtest/gtest.h"
#include "spec-tests/manifest.h"
#include "spec-tests/report.h"
#include "spec-tests/spectest.h"
#include "spec-tests/suite.h"

namespace wasmtier::spec {
namespace {

namespace fs = std::filesystem;

// WasmModule binaries written as WAST strings.
constexpr char kEmpty[] = "\"\\00asm\\01\\00\\00\\00\"";
constexpr char kBadVersion[] = "\"\\00asm\\02\\00\\00\\00\"";
// [] -> [i32] with an empty body: "type mismatch".
constexpr char kNoResult[] =
    "\"\\00asm\\01\\00\\00\\00\" \"\\01\\05\\01\\60\\00\\01\\7f\" \"\\03\\02\\01\\00\" "
    "\"\\0a\\04\\01\\02\\00\\0b\"";
// A struct type: GC, which the default Features leave off.
constexpr char kStruct[] = "\"\\00asm\\01\\00\\00\\00\" \"\\01\\03\\01\\5f\\00\"";

std::string WasmModule(const char* bytes) {
  return std::string("(module binary ") + bytes + ")";
}

class RunnerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* tmp = std::getenv("TEST_TMPDIR");
    dir_ = fs::path(tmp ? tmp : "/tmp") / "runner_test";
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void Write(const std::string& name, const std::string& text) {
    fs::create_directories((dir_ / name).parent_path());
    std::ofstream(dir_ / name) << text;
  }
  FileResult Run(const std::string& name, const std::string& text) {
    Write(name, text);
    return RunScriptFile((dir_ / name).string(), name, RunOptions{});
  }
  fs::path dir_;
};

TEST_F(RunnerTest, ValidationCommandsAreJudged) {
  FileResult r = Run("a.wast",
                     WasmModule(kEmpty) + "\n" +  // 1
                         "(assert_malformed " + WasmModule(kBadVersion) +
                         " \"unknown binary version\")\n"
                         "(assert_invalid " +
                         WasmModule(kNoResult) +
                         " \"type mismatch\")\n"  // 3
                         "(assert_invalid " +
                         WasmModule(kEmpty) +
                         " \"type mismatch\")\n"  // 4
                         "(assert_malformed " +
                         WasmModule(kNoResult) + " \"x\")\n"  // 5
                         + WasmModule(kBadVersion) +
                         "\n"  // 6
                         "(assert_invalid " +
                         WasmModule(kNoResult) + " \"unknown global\")\n"  // 7
                         + WasmModule(kStruct) + "\n");                    // 8
  ASSERT_EQ(r.commands.size(), 8u);
  const auto& c = r.commands;
  EXPECT_EQ(c[0].outcome, Outcome::kPassed);
  EXPECT_EQ(c[0].kind, "module");
  EXPECT_EQ(c[1].outcome, Outcome::kPassed);
  EXPECT_FALSE(c[1].message_mismatch) << c[1].detail;
  EXPECT_EQ(c[2].outcome, Outcome::kPassed);
  EXPECT_FALSE(c[2].message_mismatch) << c[2].detail;
  EXPECT_EQ(c[3].outcome, Outcome::kFailed);
  EXPECT_EQ(c[3].line, 4u);
  EXPECT_EQ(c[3].detail, "expected invalid (\"type mismatch\"), got valid");
  EXPECT_EQ(c[4].outcome, Outcome::kFailed);
  EXPECT_EQ(c[5].outcome, Outcome::kFailed);
  // Right class, other message: passes, listed as a mismatch.
  EXPECT_EQ(c[6].outcome, Outcome::kPassed);
  EXPECT_TRUE(c[6].message_mismatch);
  EXPECT_EQ(c[7].outcome, Outcome::kUnsupported) << c[7].detail;
  EXPECT_EQ(r.failures(), 3);
}

TEST_F(RunnerTest, ExecutionCommandsAreUnsupported) {
  FileResult r = Run("b.wast", WasmModule(kEmpty) +
                                   "\n(register \"M\")\n(invoke \"f\")\n(get \"g\")\n"
                                   "(assert_return (invoke \"f\") (i32.const 1))\n"
                                   "(assert_trap (invoke \"f\") \"unreachable\")\n"
                                   "(assert_exhaustion (invoke \"f\") \"call stack exhausted\")\n"
                                   "(assert_exception (invoke \"f\"))\n"
                                   "(assert_unlinkable " +
                                   WasmModule(kEmpty) +
                                   " \"unknown import\")\n"
                                   "(assert_uninstantiable " +
                                   WasmModule(kEmpty) +
                                   " \"trap\")\n"
                                   "(module instance $i $d)\n(thread $t)\n");
  ASSERT_EQ(r.commands.size(), 12u);
  for (size_t i = 1; i < r.commands.size(); ++i) {
    EXPECT_EQ(r.commands[i].outcome, Outcome::kUnsupported) << r.commands[i].kind;
  }
  EXPECT_EQ(r.commands[3].kind, "get");
  EXPECT_EQ(r.commands[10].kind, "module instance");
  EXPECT_EQ(r.commands[11].kind, "other");
  Summary s;
  s.Add(r);
  EXPECT_EQ(s.total().passed, 1);
  EXPECT_EQ(s.total().unsupported, 11);
  EXPECT_EQ(s.ValidationLevel().total(), 1);
  EXPECT_NE(s.Table().find("assert_return"), std::string::npos);
}

TEST_F(RunnerTest, ScriptThatDoesNotParseIsOneFailure) {
  FileResult r = Run("c.wast", WasmModule(kEmpty) + "\n\n(assert_return (invoke \"f\")");
  ASSERT_EQ(r.commands.size(), 1u);
  EXPECT_EQ(r.commands[0].kind, "script");
  EXPECT_EQ(r.commands[0].line, 3u);
  EXPECT_EQ(r.commands[0].outcome, Outcome::kFailed);
  FileResult missing = RunScriptFile((dir_ / "nope.wast").string(), "nope.wast", RunOptions{});
  EXPECT_EQ(missing.failures(), 1);
}

TEST_F(RunnerTest, ListsWastFilesRecursivelySorted) {
  Write("b.wast", "");
  Write("a.wast", "");
  Write("sub/z.wast", "");
  Write("sub/deeper/y.wast", "");
  Write("notes.txt", "");
  absl::StatusOr<std::vector<std::string>> files = ListWastFiles(dir_.string());
  ASSERT_TRUE(files.ok());
  EXPECT_EQ(*files,
            (std::vector<std::string>{"a.wast", "b.wast", "sub/deeper/y.wast", "sub/z.wast"}));
}

TEST_F(RunnerTest, LocatesTestsuite) {
  absl::StatusOr<std::string> found = LocateTestsuite(dir_.string());
  ASSERT_TRUE(found.ok());
  EXPECT_EQ(*found, dir_.string());
  absl::StatusOr<std::string> missing = LocateTestsuite((dir_ / "absent").string());
  EXPECT_FALSE(missing.ok());
  EXPECT_NE(missing.status().message().find("WASM_TESTSUITE"), absl::string_view::npos);
  setenv("WASM_TESTSUITE", dir_.c_str(), 1);
  found = LocateTestsuite("");
  unsetenv("WASM_TESTSUITE");
  ASSERT_TRUE(found.ok());
  EXPECT_EQ(*found, dir_.string());
}

TEST(ManifestTest, Parses) {
  absl::StatusOr<Manifest> m = ParseManifest(
      "# comment\n\n"
      "gc/struct.wast  GC is off by default   # trailing comment\n"
      "binary.wast:12\tdecoder accepts an overlong LEB\n");
  ASSERT_TRUE(m.ok()) << m.status();
  ASSERT_EQ(m->entries.size(), 2u);
  EXPECT_EQ(m->entries[0].file, "gc/struct.wast");
  EXPECT_EQ(m->entries[0].line, 0u);
  EXPECT_EQ(m->entries[0].reason, "GC is off by default");
  EXPECT_EQ(m->entries[0].manifest_line, 3u);
  EXPECT_EQ(m->entries[1].file, "binary.wast");
  EXPECT_EQ(m->entries[1].line, 12u);
  EXPECT_EQ(m->entries[1].reason, "decoder accepts an overlong LEB");
}

TEST(ManifestTest, RejectsBadEntries) {
  auto error = [](const char* text) {
    absl::StatusOr<Manifest> m = ParseManifest(text);
    return m.ok() ? std::string("ok") : std::string(m.status().message());
  };
  EXPECT_EQ(error("a.wast\n"), "manifest line 1: an entry needs a reason after the file name");
  EXPECT_EQ(error("\na.wast:x why\n"), "manifest line 2: bad line number in 'a.wast:x'");
  EXPECT_EQ(error("a.wast:0 why\n"), "manifest line 1: bad line number in 'a.wast:0'");
  EXPECT_EQ(error("a.wat why\n"), "manifest line 1: expected FILE.wast[:LINE]");
  EXPECT_EQ(error("a.wast:3 why\na.wast:3 again\n"), "manifest line 2: duplicate entry 'a.wast:3'");
  EXPECT_EQ(error("a.wast:3 why\na.wast whole\n"),
            "manifest line 1: a.wast already has a whole-file entry");
}

FileResult Result(const std::string& name, std::vector<std::pair<uint32_t, Outcome>> commands) {
  FileResult f;
  f.name = name;
  for (const auto& [line, outcome] : commands) {
    f.commands.push_back({line, "module", outcome, false, "why"});
  }
  return f;
}

TEST(ManifestTest, DetectsUnexpectedFailuresAndPasses) {
  absl::StatusOr<Manifest> m = ParseManifest(
      "a.wast:1 listed, still fails\n"
      "a.wast:2 listed, passes now\n"
      "a.wast:4 listed, unsupported now\n"
      "a.wast:9 listed, no such command\n"
      "b.wast whole file, still fails\n"
      "c.wast whole file, passes now\n"
      "gone.wast:5 file no longer exists\n");
  ASSERT_TRUE(m.ok());
  std::vector<FileResult> run = {
      Result("a.wast", {{1, Outcome::kFailed},
                        {2, Outcome::kPassed},
                        {3, Outcome::kFailed},
                        {4, Outcome::kUnsupported}}),
      Result("b.wast", {{1, Outcome::kFailed}, {2, Outcome::kFailed}}),
      Result("c.wast", {{1, Outcome::kPassed}}),
  };
  ManifestCheck check = CheckManifest(*m, run, /*complete_run=*/true);
  EXPECT_FALSE(check.ok());
  EXPECT_EQ(check.expected_failures, 3);
  EXPECT_EQ(check.unexpected_failures, (std::vector<std::string>{"a.wast:3: module: why"}));
  EXPECT_EQ(check.unexpected_passes,
            (std::vector<std::string>{
                "c.wast: whole file, passes now (no command fails any more)",
                "a.wast:2: listed, passes now (passes now)",
                "a.wast:4: listed, unsupported now (unsupported now)",
                "a.wast:9: listed, no such command (no command starts on that line)",
                "gone.wast:5: no such file in the testsuite"}));
  // A partial run ignores entries of files it did not run.
  ManifestCheck partial = CheckManifest(*m, {run[1]}, /*complete_run=*/false);
  EXPECT_TRUE(partial.ok());
  EXPECT_EQ(partial.expected_failures, 2);
}

TEST(ReportTest, FeatureGroups) {
  EXPECT_EQ(FeatureGroup("i32.wast"), "1.0");
  EXPECT_EQ(FeatureGroup("binary-leb128.wast"), "1.0");
  EXPECT_EQ(FeatureGroup("i31.wast"), "3.0");
  EXPECT_EQ(FeatureGroup("bulk.wast"), "2.0");
  EXPECT_EQ(FeatureGroup("simd_lane.wast"), "SIMD");
  EXPECT_EQ(FeatureGroup("relaxed_min_max.wast"), "3.0");
  EXPECT_EQ(FeatureGroup("memory64.wast"), "3.0");
  EXPECT_EQ(FeatureGroup("load2.wast"), "3.0");
  EXPECT_EQ(FeatureGroup("struct.wast"), "3.0");
  EXPECT_EQ(FeatureGroup("legacy/throw.wast"), "proposals");
  EXPECT_EQ(FeatureGroup("proposals/threads/atomic.wast"), "proposals");
}

TEST(SpectestTest, Exports) {
  const SpectestExport* g = FindSpectestExport("global_i32");
  ASSERT_NE(g, nullptr);
  EXPECT_EQ(g->kind, ExternKind::kGlobal);
  EXPECT_EQ(g->global_bits, 666u);
  const SpectestExport* t = FindSpectestExport("table64");
  ASSERT_NE(t, nullptr);
  EXPECT_TRUE(t->table.limits.is64);
  EXPECT_EQ(t->table.limits.min, 10u);
  const SpectestExport* p = FindSpectestExport("print_i32_f32");
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->func.params, (std::vector<ValType>{ValType::I32(), ValType::F32()}));
  EXPECT_EQ(FindSpectestExport("unknown"), nullptr);
  EXPECT_EQ(FindSpectestExport("memory")->memory.limits.max, 2u);
}

}  // namespace
}  // namespace wasmtier::spec
