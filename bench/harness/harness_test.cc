// The harness's parts: statistics, option parsing, child processes, the
// measurement loop (interleaving, checksum checks, unsupported vs failed),
// and the CSV/JSON/SVG outputs.
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "bench/harness/measure.h"
#include "bench/harness/options.h"
#include "bench/harness/report.h"
#include "bench/harness/runtimes.h"
#include "bench/harness/stats.h"
#include "bench/harness/subprocess.h"
#include "bench/harness/svg_chart.h"
#include "gtest/gtest.h"

namespace wasmtier::bench {
namespace {

TEST(StatsTest, SummarizeInterpolatesQuartiles) {
  std::vector<double> values = {4, 1, 3, 2, 5};
  Summary s = Summarize(values);
  EXPECT_EQ(s.count, 5);
  EXPECT_EQ(s.min, 1);
  EXPECT_EQ(s.q1, 2);
  EXPECT_EQ(s.median, 3);
  EXPECT_EQ(s.q3, 4);
  EXPECT_EQ(s.max, 5);
  std::vector<double> even = {1, 2, 3, 4};
  EXPECT_DOUBLE_EQ(Summarize(even).median, 2.5);
  EXPECT_DOUBLE_EQ(Summarize(even).q1, 1.75);
  std::vector<double> one = {7};
  EXPECT_EQ(Summarize(one).q3, 7);
  EXPECT_EQ(Summarize({}).count, 0);
  EXPECT_DOUBLE_EQ(RelativeSpread(Summarize(values)), 4.0 / 3.0);
}

TEST(StatsTest, GeometricMean) {
  std::vector<double> ratios = {2.0, 8.0};
  EXPECT_DOUBLE_EQ(GeometricMean(ratios), 4.0);
  EXPECT_EQ(GeometricMean({}), 0.0);
}

TEST(OptionsTest, Defaults) {
  absl::StatusOr<HarnessOptions> options = ParseHarnessOptions({});
  ASSERT_TRUE(options.ok()) << options.status();
  EXPECT_EQ(options->size, 1u);
  EXPECT_EQ(options->reps, 3);
  std::vector<std::string> names;
  for (const RuntimeSpec& spec : options->runtimes) names.push_back(spec.name);
  EXPECT_EQ(names, (std::vector<std::string>{"interp", "auto", "jit", "native", "node"}));
}

TEST(OptionsTest, RuntimesAndCommands) {
  absl::StatusOr<HarnessOptions> options = ParseHarnessOptions(
      {"--size=large", "--reps=5", "--runtimes=native,mine,wasm3", "--runtime=mine=my-vm --fast",
       "--runtime=other=x", "--only=fib,sieve", "--out=/tmp/x", "--timeout=2.5"});
  ASSERT_TRUE(options.ok()) << options.status();
  EXPECT_EQ(options->size, 2u);
  EXPECT_EQ(options->reps, 5);
  ASSERT_EQ(options->runtimes.size(), 4u);
  EXPECT_EQ(options->runtimes[0].name, "native");
  EXPECT_EQ(options->runtimes[0].command, "");
  EXPECT_EQ(options->runtimes[1].command, "my-vm --fast");
  EXPECT_EQ(options->runtimes[2].command, "wasm3");
  EXPECT_EQ(options->runtimes[3].name, "other");  // defined, not listed: appended
  EXPECT_EQ(options->only, (std::vector<std::string>{"fib", "sieve"}));
  EXPECT_EQ(options->out, "/tmp/x");
  EXPECT_EQ(options->timeout_seconds, 2.5);
}

TEST(OptionsTest, Errors) {
  for (std::vector<std::string> bad :
       std::vector<std::vector<std::string>>{{"--size=huge"},
                                             {"--reps=0"},
                                             {"--reps=x"},
                                             {"--runtimes=nosuch"},
                                             {"--runtime=interp=foo"},
                                             {"--runtime=x"},
                                             {"--runtime=x="},
                                             {"--only=nosuch"},
                                             {"--runtimes=native,native"},
                                             {"--runtimes="},
                                             {"--bogus"}}) {
    EXPECT_FALSE(ParseHarnessOptions(bad).ok()) << bad[0];
  }
}

TEST(SubprocessTest, FindsExecutablesAndSplitsWords) {
  EXPECT_TRUE(FindExecutable("sh").has_value());
  EXPECT_FALSE(FindExecutable("no-such-program-anywhere").has_value());
  EXPECT_FALSE(FindExecutable("/nonexistent/sh").has_value());
  EXPECT_EQ(SplitWords("  a  b\tc "), (std::vector<std::string>{"a", "b", "c"}));
}

TEST(SubprocessTest, CapturesOutputExitAndSignal) {
  absl::StatusOr<ProcessResult> r = RunProcess({"sh", "-c", "echo out; echo err >&2; exit 3"});
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->exit_code, 3);
  EXPECT_EQ(r->output, "out\nerr\n");
  EXPECT_EQ(DescribeExit(*r), "exit status 3");
  EXPECT_GT(r->wall_seconds, 0);
  r = RunProcess({"sh", "-c", "kill -9 $$"});
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->term_signal, 9);
  EXPECT_TRUE(absl::StartsWith(DescribeExit(*r), "killed by signal 9"));
  EXPECT_FALSE(RunProcess({"no-such-program-anywhere"}).ok());
  // A child past its deadline is killed; its output so far is kept.
  r = RunProcess({"sh", "-c", "echo started; exec sleep 30"}, 0.3);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_TRUE(r->timed_out);
  EXPECT_EQ(r->output, "started\n");
  EXPECT_LT(r->wall_seconds, 10);
  EXPECT_TRUE(absl::StartsWith(DescribeExit(*r), "timed out after")) << DescribeExit(*r);
  EXPECT_FALSE(RunProcess({}).ok());
}

TEST(RuntimesTest, ParseChecksumLine) {
  EXPECT_EQ(ParseChecksumLine("x\nchecksum: 00000000000000ff\n"), 255u);
  EXPECT_EQ(ParseChecksumLine("checksum: ffffffffffffffff"), ~0ull);
  EXPECT_FALSE(ParseChecksumLine("checksum: zz\n").has_value());
  EXPECT_FALSE(ParseChecksumLine("").has_value());
}

// A command runtime gets the W_cmd.wasm path and the size name, appended or
// placed where {wasm} and {size} are; its seconds are the process's wall time.
TEST(RuntimesTest, CommandRuntimeArguments) {
  const WorkloadInfo* fib = FindWorkload("fib");
  std::string script = RunfilesPath(nullptr, "bench/harness/testdata/wrong_checksum.sh");
  absl::StatusOr<RunResult> r = MakeCommandRuntime("liar", script, "", 0)->Run(*fib, 0);
  ASSERT_TRUE(r.ok()) << r.status();  // the script exits 3 on bad arguments
  EXPECT_EQ(r->checksum, 0u);
  EXPECT_GT(r->seconds, 0);
  EXPECT_EQ(r->seconds, r->wall_seconds);
  r = MakeCommandRuntime("liar", script + " {wasm} {size} extra", "", 0)->Run(*fib, 2);
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(absl::StrContains(r.status().message(), "exit status 3")) << r.status();
  EXPECT_TRUE(absl::StrContains(r.status().message(), "fib_cmd.wasm large extra")) << r.status();
  EXPECT_EQ(MakeCommandRuntime("ghost", "no-such-runtime-xyz", "", 0)->Unavailable(),
            "no-such-runtime-xyz is not on PATH");
  EXPECT_EQ(MakeCommandRuntime("sh", "sh -c", "", 0)->Unavailable(), "");
}

// A scripted runtime: returns the queued results in order, records calls.
class FakeRuntime : public Runtime {
 public:
  FakeRuntime(std::string name, std::vector<std::string>* log)
      : name_(std::move(name)), log_(log) {}
  const std::string& Name() const override { return name_; }
  std::string TimingNote() const override { return "fake"; }
  absl::StatusOr<RunResult> Run(const WorkloadInfo& workload, uint32_t size) override {
    log_->push_back(name_ + ":" + workload.name);
    if (!status.ok()) return status;
    uint64_t checksum = wrong ? 1 : RunNative(workload, size).checksum;
    return RunResult{checksum, seconds, seconds};
  }
  absl::Status status;
  bool wrong = false;
  double seconds = 0.5;

 private:
  std::string name_;
  std::vector<std::string>* log_;
};

TEST(MeasureTest, InterleavesAndChecksChecksums) {
  std::vector<std::string> log;
  FakeRuntime good("good", &log), liar("liar", &log), jit("jit", &log);
  liar.wrong = true;
  jit.status = absl::UnimplementedError("unsupported: no JIT here");
  std::unique_ptr<Runtime> native = MakeNativeRuntime();
  std::vector<Runtime*> runtimes = {&good, &liar, &jit, native.get()};
  std::vector<const WorkloadInfo*> workloads = {FindWorkload("fib"), FindWorkload("sieve")};
  std::FILE* sink = std::tmpfile();
  ASSERT_NE(sink, nullptr);
  Progress progress(sink, 2 * 2 * 4);
  Results results = Measure(runtimes, workloads, 0, 2, progress);

  // Rep -> workload -> runtime; liar and jit stop after their first result.
  EXPECT_EQ(log, (std::vector<std::string>{"good:fib", "liar:fib", "jit:fib", "good:sieve",
                                           "liar:sieve", "jit:sieve", "good:fib", "good:sieve"}));
  EXPECT_EQ(results.native_index, 3);
  EXPECT_EQ(results.cells[0][0].seconds.size(), 2u);
  EXPECT_TRUE(results.cells[0][0].ok());
  EXPECT_TRUE(absl::StartsWith(results.cells[0][1].failure, "checksum 0000000000000001, native "));
  EXPECT_EQ(results.cells[0][2].unavailable, "unsupported: no JIT here");
  EXPECT_TRUE(results.cells[0][2].failure.empty());
  EXPECT_EQ(results.Failures(), 2);  // liar on both workloads; jit is not a failure
  EXPECT_EQ(results.cells[1][3].seconds.size(), 2u);
  int covered = -1;
  EXPECT_GT(results.GeomeanRatio(0, &covered), 0);
  EXPECT_EQ(covered, 2);
  EXPECT_EQ(results.GeomeanRatio(1, &covered), 0);
  EXPECT_EQ(covered, 0);
  EXPECT_EQ(results.Ratio(0, 3), 1.0);

  // The progress lines (not a terminal: one per step).
  std::rewind(sink);
  char line[128];
  ASSERT_NE(std::fgets(line, sizeof line, sink), nullptr);
  EXPECT_STREQ(line, "[ 1/16] fib native rep 1/2 ...\n");
  std::fclose(sink);
}

Results HandMadeResults() {
  Results results;
  results.size = 1;
  results.reps = 2;
  results.workloads = {"fib", "sieve"};
  results.runtimes = {{"native", "n", ""}, {"interp", "i", ""}, {"ghost", "g", "not on PATH"}};
  results.native_index = 0;
  results.reference = {0xab, 0xcd};
  results.cells = {{Cell{{1.0, 1.2}, {1.0, 1.2}, "", ""}, Cell{{4.0, 4.4}, {4.0, 4.4}, "", ""},
                    Cell{{}, {}, "", "not on PATH"}},
                   {Cell{{2.0, 2.0}, {2.0, 2.0}, "", ""}, Cell{{}, {}, "trap: \"oops\"", ""},
                    Cell{{}, {}, "", "not on PATH"}}};
  return results;
}

TEST(ReportTest, RatiosCsvAndJson) {
  Results results = HandMadeResults();
  EXPECT_DOUBLE_EQ(results.Ratio(0, 1), 4.2 / 1.1);
  EXPECT_EQ(results.Ratio(1, 1), 0);  // failed
  std::string csv = ResultsCsv(results);
  EXPECT_TRUE(absl::StrContains(csv, "fib,interp,ok,2,4.200000,4.000000,"));
  EXPECT_TRUE(absl::StrContains(csv, "sieve,interp,failed,0,")) << csv;
  EXPECT_TRUE(absl::StrContains(csv, ",\"trap: \"\"oops\"\"\"\n")) << csv;
  EXPECT_TRUE(absl::StrContains(csv, "fib,ghost,unavailable,"));
  MachineInfo machine;
  machine.cpu = "cpu \"x\"";
  std::string json = ResultsJson(results, machine);
  EXPECT_TRUE(absl::StrContains(json, "\"cpu\": \"cpu \\\"x\\\"\"")) << json;
  EXPECT_TRUE(absl::StrContains(json, "\"failures\": 1"));
  EXPECT_TRUE(absl::StrContains(json, "\"native_checksum\": \"00000000000000ab\""));
  EXPECT_EQ(JsonQuote("a\n\\"), "\"a\\u000a\\\\\"");
}

TEST(ReportTest, Markdown) {
  std::string md = ResultsMarkdown(HandMadeResults(), MachineInfo{});
  EXPECT_TRUE(absl::StrContains(md, "| time / native | interp |\n|---|---:|\n")) << md;
  EXPECT_TRUE(absl::StrContains(md, "| fib | 3.82x |\n| sieve | FAIL |\n")) << md;
  EXPECT_TRUE(absl::StrContains(md, "| **geomean** | **3.82x** |")) << md;
  EXPECT_TRUE(absl::StrContains(md, "| fib | 1.1000 ±9% | 4.2000 ±5% |")) << md;
  EXPECT_TRUE(absl::StrContains(md, "- ghost: not measured (not on PATH)")) << md;
}

TEST(ChartTest, RendersBarsLegendAndGeomean) {
  ChartData chart = ChartFromResults(HandMadeResults(), "sub <title>");
  ASSERT_EQ(chart.series.size(), 2u);  // interp and ghost, not native
  EXPECT_TRUE(chart.series[1].note.find("not on PATH") != std::string::npos);
  EXPECT_TRUE(chart.series[0].failed[1]);
  std::string svg = RenderSvg(chart);
  EXPECT_TRUE(absl::StartsWith(svg, "<svg xmlns=\"http://www.w3.org/2000/svg\""));
  EXPECT_TRUE(absl::EndsWith(svg, "</svg>\n"));
  EXPECT_TRUE(absl::StrContains(svg, "sub &lt;title&gt;"));
  EXPECT_TRUE(absl::StrContains(svg, "interp: geomean 3.82x")) << svg;
  EXPECT_TRUE(absl::StrContains(svg, ">3.82x</text>"));  // the fib bar's label
  EXPECT_TRUE(absl::StrContains(svg, ">FAIL</text>"));
  EXPECT_TRUE(absl::StrContains(svg, "font-weight=\"bold\">geomean</text>"));
  EXPECT_TRUE(absl::StrContains(svg, "class=\"one\""));  // the 1x line
  EXPECT_EQ(XmlEscape("a&<>\""), "a&amp;&lt;&gt;&quot;");
}

}  // namespace
}  // namespace wasmtier::bench
