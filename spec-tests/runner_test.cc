// Tests of the runner library: judging validation and execution commands on
// tiny synthetic scripts written to a temp dir (execution goes through the
// public API and the interpreter), manifest parsing, unexpected failure /
// pass detection, testsuite discovery and the report tables.
#include "spec-tests/runner.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "gtest/gtest.h"
#include "spec-tests/isolate.h"
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
  // Runs in tier mode interp: the tier that executes today.
  FileResult Run(const std::string& name, const std::string& text) {
    Write(name, text);
    RunOptions options;
    options.tier = Tier::kInterp;
    return RunScriptFile((dir_ / name).string(), name, options);
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

// The outcomes of {r}'s commands, in order, as "P" / "F" / "U" (with the
// details of the unexpected ones in the failure message).
std::string Outcomes(const FileResult& r) {
  std::string out;
  for (const CommandResult& c : r.commands) {
    out += c.outcome == Outcome::kPassed ? 'P' : c.outcome == Outcome::kFailed ? 'F' : 'U';
  }
  return out;
}

std::string Details(const FileResult& r) {
  std::string out;
  for (const CommandResult& c : r.commands) {
    out += std::to_string(c.line) + " " + c.kind + ": " + c.detail + "\n";
  }
  return out;
}

TEST_F(RunnerTest, InvokeAndAssertReturn) {
  FileResult r = Run("exec.wast", R"((module
  (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
  (func (export "add64") (param i64 i64) (result i64) (i64.add (local.get 0) (local.get 1)))
  (func (export "two") (result i32 f64) (i32.const -1) (f64.const -0.5))
  (global (export "g") i32 (i32.const 7)))
(assert_return (invoke "add" (i32.const 1) (i32.const 2)) (i32.const 3))
(assert_return (invoke "add" (i32.const 1) (i32.const 2)) (i32.const 4))
(assert_return (invoke "add64" (i64.const -1) (i64.const 0x100000000)) (i64.const 0xffffffff))
(assert_return (invoke "two") (i32.const 0xffffffff) (f64.const -0.5))
(assert_return (invoke "two") (i32.const -1) (f64.const 0.5))
(assert_return (invoke "two") (i32.const -1))
(assert_return (invoke "add" (i32.const 1) (i32.const 1)) (either (i32.const 1) (i32.const 2)))
(assert_return (invoke "add" (i32.const 1) (i32.const 1)) (i64.const 2))
(invoke "add" (i32.const 1) (i32.const 1))
(get "g")
(assert_return (get "g") (i32.const 7))
(invoke "missing")
(invoke "add" (i32.const 1))
(assert_return (invoke $nope "add") (i32.const 1))
)");
  EXPECT_EQ(Outcomes(r), "PPFPPFFPFPPPFFF") << Details(r);
  ASSERT_EQ(r.commands.size(), 15u);
  EXPECT_EQ(r.commands[2].detail, "expected [i32:4], got [i32:3]");
  EXPECT_NE(r.commands[5].detail.find("f64:0.5"), std::string::npos) << r.commands[5].detail;
  EXPECT_EQ(r.commands[9].kind, "invoke");
  EXPECT_EQ(r.commands[10].kind, "get");
  EXPECT_NE(r.commands[12].detail.find("missing"), std::string::npos);
}

TEST_F(RunnerTest, NanPatterns) {
  FileResult r = Run("nan.wast", R"((module
  (func (export "f32") (param i32) (result f32) (f32.reinterpret_i32 (local.get 0)))
  (func (export "f64") (param i64) (result f64) (f64.reinterpret_i64 (local.get 0))))
(assert_return (invoke "f32" (i32.const 0x7fc00000)) (f32.const nan:canonical))
(assert_return (invoke "f32" (i32.const 0xffc00000)) (f32.const nan:canonical))
(assert_return (invoke "f32" (i32.const 0x7fc00001)) (f32.const nan:canonical))
(assert_return (invoke "f32" (i32.const 0x7fc00001)) (f32.const nan:arithmetic))
(assert_return (invoke "f32" (i32.const 0x7f800001)) (f32.const nan:arithmetic))
(assert_return (invoke "f32" (i32.const 0x7f800000)) (f32.const nan:arithmetic))
(assert_return (invoke "f64" (i64.const 0xfff8000000000000)) (f64.const nan:canonical))
(assert_return (invoke "f64" (i64.const 0x7ff8000000000001)) (f64.const nan:canonical))
(assert_return (invoke "f64" (i64.const 0x7ffc000000000000)) (f64.const nan:arithmetic))
(assert_return (invoke "f64" (i64.const 0x7ff4000000000000)) (f64.const nan:arithmetic))
(assert_return (invoke "f32" (i32.const 0x7fc00000)) (f32.const nan))
(assert_return (invoke "f32" (i32.const 0x7fc00000)) (f32.const -nan))
(assert_return (invoke "f32" (i32.const 0x80000000)) (f32.const -0))
(assert_return (invoke "f32" (i32.const 0x80000000)) (f32.const 0))
)");
  EXPECT_EQ(Outcomes(r), "PPPFPFFPFPFPFPF") << Details(r);
}

TEST_F(RunnerTest, References) {
  FileResult r = Run("ref.wast", R"((module
  (func (export "id") (param externref) (result externref) (local.get 0))
  (func (export "null") (result funcref) (ref.null func))
  (func $f)
  (elem declare func $f)
  (func (export "fref") (result funcref) (ref.func $f)))
(assert_return (invoke "id" (ref.extern 3)) (ref.extern 3))
(assert_return (invoke "id" (ref.extern 3)) (ref.extern 4))
(assert_return (invoke "id" (ref.extern 3)) (ref.extern))
(assert_return (invoke "id" (ref.null extern)) (ref.null extern))
(assert_return (invoke "id" (ref.null extern)) (ref.extern 0))
(assert_return (invoke "null") (ref.null func))
(assert_return (invoke "fref") (ref.func))
(assert_return (invoke "null") (ref.func))
)");
  EXPECT_EQ(Outcomes(r), "PPFPPFPPF") << Details(r);
}

TEST_F(RunnerTest, Traps) {
  FileResult r = Run("trap.wast", R"((module
  (func (export "unreachable") unreachable)
  (func (export "div") (param i32) (result i32) (i32.div_s (i32.const 1) (local.get 0)))
  (func $r (export "rec") (call $r)))
(assert_trap (invoke "unreachable") "unreachable")
(assert_trap (invoke "div" (i32.const 0)) "integer divide by zero")
(assert_trap (invoke "div" (i32.const 1)) "integer divide by zero")
(assert_trap (invoke "unreachable") "integer overflow")
(assert_exhaustion (invoke "rec") "call stack exhausted")
(assert_return (invoke "unreachable"))
(invoke "unreachable")
(assert_trap (module (memory 1) (data (i32.const 65536) "a")) "out of bounds memory access")
(assert_trap (module (func $s unreachable) (start $s)) "unreachable")
(assert_trap (module (func)) "unreachable")
(module (func $s unreachable) (start $s))
(invoke "unreachable")
(assert_uninstantiable (module (func $s unreachable) (start $s)) "unreachable")
(assert_uninstantiable (module (func $s) (start $s)) "unreachable")
)");
  EXPECT_EQ(Outcomes(r), "PPPFFPFFPPFFFPF") << Details(r);
  ASSERT_EQ(r.commands.size(), 15u);
  EXPECT_EQ(r.commands[13].kind, "assert_uninstantiable");
  EXPECT_EQ(r.commands[4].detail,
            "expected trap \"integer overflow\", got trap \"unreachable\"");
  // The failed module leaves no current module behind: its reason is given.
  EXPECT_NE(r.commands[12].detail.find("module at line 15"), std::string::npos)
      << r.commands[12].detail;
}

TEST_F(RunnerTest, RegisterAndLinking) {
  FileResult r = Run("link.wast", R"((module $A
  (func (export "f") (result i32) (i32.const 42))
  (global (export "g") (mut i32) (i32.const 5)))
(register "A" $A)
(module $B
  (import "A" "f" (func $f (result i32)))
  (func (export "g") (result i32) (i32.add (call $f) (i32.const 1))))
(assert_return (invoke $B "g") (i32.const 43))
(assert_return (invoke $A "f") (i32.const 42))
(assert_return (invoke "g") (i32.const 43))
(assert_unlinkable (module (import "A" "nope" (func))) "unknown import")
(assert_unlinkable (module (import "A" "f" (func (param i32)))) "incompatible import type")
(assert_unlinkable (module (import "A" "f" (func (result i32)))) "unknown import")
(assert_unlinkable (module (import "A" "nope" (func))) "incompatible import type")
(module
  (import "spectest" "print_i32" (func $p (param i32)))
  (import "spectest" "global_i32" (global i32))
  (import "spectest" "global_f64" (global f64))
  (import "spectest" "memory" (memory 1))
  (import "spectest" "table" (table 10 funcref))
  (func (export "g") (result i32) (call $p (i32.const 1)) (global.get 0))
  (func (export "h") (result f64) (global.get 1)))
(assert_return (invoke "g") (i32.const 666))
(assert_return (invoke "h") (f64.const 666.6))
(assert_unlinkable (module (import "spectest" "unknown" (func))) "unknown import")
)");
  EXPECT_EQ(Outcomes(r), "PPPPPPPPFFPPPP") << Details(r);
}

TEST_F(RunnerTest, ModuleDefinitionsAndInstances) {
  FileResult r = Run("def.wast", R"((module definition $D
  (global (export "g") (mut i32) (i32.const 1))
  (func (export "inc") (global.set 0 (i32.add (global.get 0) (i32.const 1)))))
(module instance $I1 $D)
(module instance $I2 $D)
(invoke $I1 "inc")
(assert_return (get $I1 "g") (i32.const 2))
(assert_return (get $I2 "g") (i32.const 1))
(module instance $I3 $Nope)
)");
  EXPECT_EQ(Outcomes(r), "PPPPPPF") << Details(r);
  ASSERT_EQ(r.commands.size(), 7u);
  EXPECT_EQ(r.commands[1].kind, "module instance");
}

TEST_F(RunnerTest, UnsupportedIsNeverPassed) {
  FileResult r = Run("unsupported.wast",
                     R"((module (func (export "v") (param v128) (result v128) (local.get 0)))
(assert_return (invoke "v" (v128.const i32x4 1 2 3 4)) (v128.const i32x4 1 2 3 4))
)" + WasmModule(kStruct) + R"(
(invoke "f")
(assert_trap (invoke "f") "unreachable")
(register "S")
(module (import "S" "f" (func)))
(assert_exception (invoke "f"))
(thread $t)
)");
  EXPECT_EQ(Outcomes(r), "PUUUUUUUU") << Details(r);
  ASSERT_EQ(r.commands.size(), 9u);
  EXPECT_EQ(r.commands[8].kind, "other");
  Summary s;
  s.Add(r);
  EXPECT_EQ(s.Execution().unsupported, 6);
  EXPECT_EQ(s.ValidationLevel().passed, 1);
}

TEST_F(RunnerTest, FailuresAfterASkippedActionAreUnsupported) {
  FileResult r = Run("taint.wast", R"((module
  (memory 1)
  (func (export "store") (param v128) (v128.store (i32.const 0) (local.get 0)))
  (func (export "load") (result i32) (i32.load (i32.const 0))))
(assert_return (invoke "load") (i32.const 1))
(invoke "store" (v128.const i32x4 1 0 0 0))
(assert_return (invoke "load") (i32.const 1))
(assert_return (invoke "load") (i32.const 0))
)");
  EXPECT_EQ(Outcomes(r), "PFUUP") << Details(r);
  ASSERT_EQ(r.commands.size(), 5u);
  EXPECT_EQ(r.commands[3].detail,
            "after the unsupported invoke at line 6, whose effects are missing: expected [i32:1], "
            "got [i32:0]");
}

TEST_F(RunnerTest, TrapWithoutTheSpecsIndexIsAMessageMismatch) {
  FileResult r = Run("index.wast", R"((module
  (table 3 funcref)
  (func (export "call") (param i32) (call_indirect (local.get 0))))
(assert_trap (invoke "call" (i32.const 2)) "uninitialized element 2")
(assert_trap (invoke "call" (i32.const 2)) "uninitialized element")
(assert_trap (invoke "call" (i32.const 2)) "uninitialized element x")
)");
  EXPECT_EQ(Outcomes(r), "PPPF") << Details(r);
  ASSERT_EQ(r.commands.size(), 4u);
  EXPECT_TRUE(r.commands[1].message_mismatch);
  EXPECT_FALSE(r.commands[2].message_mismatch);
}

TEST_F(RunnerTest, IsolatedRunReportsEveryCommand) {
  Write("iso.wast", WasmModule(kEmpty) + "\n(assert_invalid " + WasmModule(kNoResult) +
                        " \"type mismatch\")\n(assert_invalid " + WasmModule(kEmpty) +
                        " \"type mismatch\")\n");
  RunOptions options;
  options.tier = Tier::kInterp;
  FileResult in_process = RunScriptFile((dir_ / "iso.wast").string(), "iso.wast", options);
  FileResult isolated =
      RunScriptFileIsolated((dir_ / "iso.wast").string(), "iso.wast", options, 60);
  EXPECT_EQ(Outcomes(isolated), "PPF") << Details(isolated);
  ASSERT_EQ(isolated.commands.size(), in_process.commands.size());
  for (size_t i = 0; i < isolated.commands.size(); ++i) {
    EXPECT_EQ(EncodeCommand(isolated.commands[i]), EncodeCommand(in_process.commands[i]));
  }
}

TEST_F(RunnerTest, IsolatedRunNamesTheCommandThatHangs) {
  Write("hang.wast", "(module (func (export \"f\") (loop (br 0))))\n(invoke \"f\")\n");
  RunOptions options;
  options.tier = Tier::kInterp;
  FileResult r = RunScriptFileIsolated((dir_ / "hang.wast").string(), "hang.wast", options, 1);
  EXPECT_EQ(Outcomes(r), "PF") << Details(r);
  ASSERT_EQ(r.commands.size(), 2u);
  EXPECT_EQ(r.commands[1].line, 2u);
  EXPECT_EQ(r.commands[1].kind, "invoke");
  EXPECT_EQ(r.commands[1].detail,
            "the runner timed out after 1 s during this command; the rest of the file did not "
            "run");
}

TEST(IsolateTest, WireFormatRoundTrips) {
  CommandResult c{12, "assert_return", Outcome::kUnsupported, true, "a\tb\nc\\d"};
  CommandResult back;
  ASSERT_TRUE(DecodeCommand(EncodeCommand(c), &back));
  EXPECT_EQ(back.line, 12u);
  EXPECT_EQ(back.kind, "assert_return");
  EXPECT_EQ(back.outcome, Outcome::kUnsupported);
  EXPECT_TRUE(back.message_mismatch);
  EXPECT_EQ(back.detail, "a\tb\nc\\d");
  EXPECT_FALSE(DecodeCommand("12\tx\t7\t0\td", &back));
  EXPECT_FALSE(DecodeCommand("garbage", &back));
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

TEST(ReportTest, IncompleteFiles) {
  std::vector<FileResult> run = {
      Result("i32.wast", {{1, Outcome::kPassed}, {2, Outcome::kPassed}}),
      Result("bulk.wast", {{1, Outcome::kPassed}, {5, Outcome::kUnsupported}, {7, Outcome::kFailed}}),
  };
  EXPECT_EQ(IncompleteFiles(run),
            "2.0       bulk.wast: 1 passed, 1 failed, 1 unsupported; first at line 5 (module): why\n");
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
