// Tests of the CLI plumbing: argument cursor, -W switches, run's engine and
// WASI options, file reading and text tables.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "gtest/gtest.h"
#include "tools/args.h"
#include "tools/feature_flags.h"
#include "tools/file_reader.h"
#include "tools/run_options.h"
#include "tools/text_table.h"

namespace wasmtier::cli {
namespace {

TEST(ArgCursorTest, FlagsValuesAndPositionals) {
  std::vector<std::string> args = {"-q",       "a.wasm", "-W",  "gc",    "--wasm=threads",
                                   "-Wsimd=n", "--wasm", "all", "b.wasm"};
  ArgCursor c(args);
  std::vector<std::string> files, specs;
  bool quiet = false;
  while (!c.done()) {
    if (c.Flag("-q", "--quiet")) {
      quiet = true;
    } else if (auto v = c.Value("-W", "--wasm")) {
      specs.push_back(*v);
    } else {
      ASSERT_FALSE(c.IsOption()) << c.current();
      files.push_back(c.TakePositional());
    }
  }
  EXPECT_TRUE(c.error().empty());
  EXPECT_TRUE(quiet);
  EXPECT_EQ(files, (std::vector<std::string>{"a.wasm", "b.wasm"}));
  EXPECT_EQ(specs, (std::vector<std::string>{"gc", "threads", "simd=n", "all"}));
}

TEST(ArgCursorTest, DoubleDashEndsOptions) {
  std::vector<std::string> args = {"--", "-q", "--"};
  ArgCursor c(args);
  EXPECT_FALSE(c.Flag("-q", "--quiet"));
  EXPECT_FALSE(c.IsOption());
  EXPECT_EQ(c.TakePositional(), "-q");
  EXPECT_EQ(c.TakePositional(), "--");
  EXPECT_TRUE(c.done());
}

TEST(ArgCursorTest, DashIsPositional) {
  std::vector<std::string> args = {"-"};
  ArgCursor c(args);
  EXPECT_FALSE(c.IsOption());
  EXPECT_EQ(c.TakePositional(), "-");
}

TEST(ArgCursorTest, MissingValueIsAnError) {
  std::vector<std::string> args = {"-W"};
  ArgCursor c(args);
  EXPECT_FALSE(c.Value("-W", "--wasm").has_value());
  EXPECT_EQ(c.error(), "option '-W' needs a value");
  EXPECT_TRUE(c.done());
}

TEST(ArgCursorTest, LongNamePrefixIsNotAMatch) {
  std::vector<std::string> args = {"--wasmy"};
  ArgCursor c(args);
  EXPECT_FALSE(c.Value("", "--wasm").has_value());
  EXPECT_TRUE(c.IsOption());
}

TEST(FeatureFlagsTest, SwitchesOnAndOff) {
  Features f;
  ASSERT_TRUE(ApplyFeatureFlag("gc", &f).ok());
  EXPECT_TRUE(f.gc);
  ASSERT_TRUE(ApplyFeatureFlag("gc=n,threads=yes,simd=off", &f).ok());
  EXPECT_FALSE(f.gc);
  EXPECT_TRUE(f.threads);
  EXPECT_FALSE(f.simd);
  ASSERT_TRUE(ApplyFeatureFlag("all-proposals", &f).ok());
  EXPECT_TRUE(f.gc && f.exceptions && f.threads && f.simd && f.wide_arithmetic);
}

TEST(FeatureFlagsTest, RejectsUnknownNamesAndValues) {
  Features f;
  absl::Status s = ApplyFeatureFlag("gcc", &f);
  EXPECT_FALSE(s.ok());
  EXPECT_TRUE(absl::StrContains(s.message(), "unknown WebAssembly feature 'gcc'"));
  EXPECT_FALSE(ApplyFeatureFlag("gc=maybe", &f).ok());
  EXPECT_FALSE(ApplyFeatureFlag("all=n", &f).ok());
}

TEST(FeatureFlagsTest, HelpListsEveryFeature) {
  std::string help = FeatureFlagHelp();
  for (const char* name : {"gc", "exceptions", "threads", "memory64", "all-proposals"}) {
    EXPECT_TRUE(absl::StrContains(help, name)) << name;
  }
  EXPECT_TRUE(absl::StrContains(help, "[default: off]"));
}

TEST(FeatureFlagsTest, RuntimeLimitsReachTheConfig) {
  Features f;
  RuntimeLimits limits;
  ASSERT_TRUE(ApplyWasmOption("max-table-elements=7,max-memory-size=65536,fuel=9,gc", &f, &limits)
                  .ok());
  Config config;
  ApplyRuntimeLimits(limits, &config);
  EXPECT_EQ(config.max_table_elements, 7u);
  EXPECT_EQ(config.max_memory_bytes, 65536u);
  EXPECT_TRUE(config.consume_fuel);
  EXPECT_FALSE(config.interruptible);
  EXPECT_TRUE(f.gc);
  EXPECT_FALSE(ApplyWasmOption("max-table-elements=lots", &f, &limits).ok());
}

TEST(FeatureFlagsTest, FeatureStatesFollowTheFeatures) {
  Features f;
  f.gc = true;
  f.simd = false;
  std::map<std::string, bool> states;
  for (const auto& [name, on] : FeatureStates(f)) states[name] = on;
  EXPECT_EQ(states.size(), 17u);
  EXPECT_TRUE(states.at("gc"));
  EXPECT_FALSE(states.at("simd"));
  EXPECT_FALSE(states.at("threads"));
  EXPECT_TRUE(states.at("memory64"));
}

// Runs ConsumeEngineOption over {args}; returns the last outcome.
absl::Status ConsumeAll(std::vector<std::string> args, EngineOptions* options) {
  ArgCursor c(args);
  absl::Status last;
  while (!c.done()) {
    std::optional<absl::Status> s = ConsumeEngineOption(c, options);
    if (!s) return absl::InvalidArgumentError("not an engine option: " + c.current());
    last = *s;
  }
  return last;
}

TEST(EngineOptionsTest, TierAndAccumulatedLimits) {
  EngineOptions o;
  ASSERT_TRUE(ConsumeAll({"--tier", "interp", "-W", "fuel=5", "-Wtimeout=2s", "--wasm=threads"}, &o)
                  .ok());
  EXPECT_EQ(o.config.tier, TierMode::kInterp);
  EXPECT_EQ(o.limits.fuel, 5u);
  ASSERT_TRUE(o.limits.timeout.has_value());
  EXPECT_EQ(*o.limits.timeout, std::chrono::seconds(2));
  // An earlier -W's limit survives a later -W.
  EXPECT_TRUE(o.config.consume_fuel);
  EXPECT_TRUE(o.config.interruptible);
  EXPECT_TRUE(o.config.features.threads);
  ASSERT_TRUE(ConsumeAll({"--tier=jit"}, &o).ok());
  EXPECT_EQ(o.config.tier, TierMode::kJit);
}

TEST(EngineOptionsTest, BadValuesAndOtherOptions) {
  EngineOptions o;
  absl::Status s = ConsumeAll({"--tier", "fast"}, &o);
  EXPECT_TRUE(absl::StrContains(s.message(), "expected auto, interp or jit")) << s;
  EXPECT_FALSE(ConsumeAll({"-W", "fuel=-1"}, &o).ok());
  std::vector<std::string> args = {"--dir", "x"};
  ArgCursor c(args);
  EXPECT_FALSE(ConsumeEngineOption(c, &o).has_value());
  EXPECT_EQ(c.current(), "--dir");
}

TEST(DirOptionTest, HostAndGuestNames) {
  absl::StatusOr<DirOption> d = ParseDirOption("/tmp/data::/sandbox");
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->host, "/tmp/data");
  EXPECT_EQ(d->guest, "/sandbox");
  d = ParseDirOption("data");
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->host, "data");
  EXPECT_EQ(d->guest, "data");
  d = ParseDirOption(".::.");
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->guest, ".");
  EXPECT_FALSE(ParseDirOption("").ok());
  EXPECT_FALSE(ParseDirOption("::/guest").ok());
  EXPECT_FALSE(ParseDirOption("/host::").ok());
}

TEST(EnvOptionTest, SetInheritAndReplace) {
  const HostEnvLookup host = [](const std::string& name) -> std::optional<std::string> {
    if (name == "HOME") return std::string("/home/me");
    if (name == "EMPTY") return std::string();
    return std::nullopt;
  };
  std::vector<std::string> env;
  ASSERT_TRUE(AddEnvOption("A=1", host, &env).ok());
  ASSERT_TRUE(AddEnvOption("HOME", host, &env).ok());
  ASSERT_TRUE(AddEnvOption("MISSING", host, &env).ok());  // not on the host: not set
  ASSERT_TRUE(AddEnvOption("EMPTY", host, &env).ok());    // set, to the empty string
  ASSERT_TRUE(AddEnvOption("B=x=y", host, &env).ok());    // the value keeps its '='
  EXPECT_EQ(env, (std::vector<std::string>{"A=1", "HOME=/home/me", "EMPTY=", "B=x=y"}));
  ASSERT_TRUE(AddEnvOption("A=2", host, &env).ok());  // replaces in place
  ASSERT_TRUE(AddEnvOption("HOME=", host, &env).ok());
  EXPECT_EQ(env, (std::vector<std::string>{"A=2", "HOME=", "EMPTY=", "B=x=y"}));
  ASSERT_TRUE(AddEnvOption("B=1", host, &env).ok());
  ASSERT_TRUE(AddEnvOption("B", [](const std::string&) { return std::optional<std::string>(); },
                           &env)
                  .ok());  // inherited but absent: removed
  EXPECT_EQ(env, (std::vector<std::string>{"A=2", "HOME=", "EMPTY="}));
  EXPECT_FALSE(AddEnvOption("=v", host, &env).ok());
  EXPECT_FALSE(AddEnvOption("", host, &env).ok());
}

TEST(ExitStatusTest, CodesThatDoNotFitNeverBecomeSuccess) {
  EXPECT_EQ(ProcessExitStatus(0), 0);
  EXPECT_EQ(ProcessExitStatus(3), 3);
  EXPECT_EQ(ProcessExitStatus(255), 255);
  EXPECT_EQ(ProcessExitStatus(256), kExitCodeOutOfRange);
  EXPECT_EQ(ProcessExitStatus(512), kExitCodeOutOfRange);
  EXPECT_EQ(ProcessExitStatus(0xffffffffu), kExitCodeOutOfRange);
  EXPECT_NE(kExitCodeOutOfRange, 0);
}

class FileReaderTest : public ::testing::Test {
 protected:
  std::string TempPath(const char* name) {
    const char* dir = std::getenv("TEST_TMPDIR");
    return std::string(dir ? dir : "/tmp") + "/" + name;
  }
  std::string WriteFile(const char* name, const std::string& contents) {
    std::string path = TempPath(name);
    FILE* f = std::fopen(path.c_str(), "wb");
    std::fwrite(contents.data(), 1, contents.size(), f);
    std::fclose(f);
    return path;
  }
};

TEST_F(FileReaderTest, ReadsARegularFile) {
  std::string path = WriteFile("ok.wasm", std::string("\0asm\x01\0\0\0", 8));
  auto bytes = ReadModuleFile(path);
  ASSERT_TRUE(bytes.ok()) << bytes.status();
  EXPECT_EQ(bytes->size(), 8u);
  EXPECT_EQ((*bytes)[1], 'a');
}

TEST_F(FileReaderTest, MissingFile) {
  auto bytes = ReadModuleFile(TempPath("no-such-file.wasm"));
  ASSERT_FALSE(bytes.ok());
  EXPECT_EQ(bytes.status().message(), "cannot open: No such file or directory");
}

TEST_F(FileReaderTest, Directory) {
  auto bytes = ReadModuleFile(TempPath(""));
  ASSERT_FALSE(bytes.ok());
  EXPECT_EQ(bytes.status().message(), "is a directory, not a module file");
}

TEST_F(FileReaderTest, DeviceIsNotARegularFile) {
  auto bytes = ReadModuleFile("/dev/zero");
  ASSERT_FALSE(bytes.ok());
  EXPECT_EQ(bytes.status().message(), "not a regular file");
}

TEST_F(FileReaderTest, TooLargeIsRejectedBeforeReading) {
  std::string path = WriteFile("big.wasm", std::string(100, 'x'));
  auto bytes = ReadModuleFile(path, /*max_size=*/99);
  ASSERT_FALSE(bytes.ok());
  EXPECT_EQ(bytes.status().message(), "file too large (100 bytes; the limit is 99 bytes)");
  EXPECT_TRUE(ReadModuleFile(path, /*max_size=*/100).ok());
}

TEST_F(FileReaderTest, SparseFileOverTheRealLimit) {
  // A 1 GiB + 1 byte sparse file: rejected from its size, never read.
  std::string path = TempPath("huge.wasm");
  int fd = open(path.c_str(), O_CREAT | O_TRUNC | O_WRONLY, 0644);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(ftruncate(fd, (off_t{1} << 30) + 1), 0);
  close(fd);
  auto bytes = ReadModuleFile(path);
  ASSERT_FALSE(bytes.ok());
  EXPECT_TRUE(absl::StrContains(bytes.status().message(), "the limit is 1 GiB"))
      << bytes.status().message();
  unlink(path.c_str());
}

TEST_F(FileReaderTest, PipeOverTheLimit) {
  int fds[2];
  ASSERT_EQ(pipe(fds), 0);
  std::string path = "/dev/fd/" + std::to_string(fds[0]);
  ASSERT_EQ(write(fds[1], "0123456789", 10), 10);
  close(fds[1]);
  auto bytes = ReadModuleFile(path, /*max_size=*/4);
  close(fds[0]);
  ASSERT_FALSE(bytes.ok());
  EXPECT_EQ(bytes.status().message(), "file too large (more than 4 bytes; the limit is 4 bytes)");
}

TEST(TextTableTest, AlignsColumns) {
  TextTable t({"index", "name", "size"}, {TextTable::kRight, TextTable::kLeft, TextTable::kRight});
  t.AddRow({"0", "$fact", "39"});
  t.AddRow({"12", "$x", "1234"});
  std::string out;
  t.AppendTo(&out);
  EXPECT_EQ(out,
            "  index  name   size\n"
            "      0  $fact    39\n"
            "     12  $x     1234\n");
}

TEST(TextTableTest, NoTrailingBlanks) {
  TextTable t({"a", "notes"}, {TextTable::kLeft, TextTable::kLeft});
  t.AddRow({"x", ""});
  std::string out;
  t.AppendTo(&out, 0);
  EXPECT_EQ(out, "a  notes\nx\n");
}

}  // namespace
}  // namespace wasmtier::cli
