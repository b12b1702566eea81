// The workload library's helpers: size parsing, workload lookup, and the
// Node.js path (parses node's output; a bad module is an error).
#include "bench/workload_runner.h"

#include <cmath>
#include <cstdlib>
#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace wasmtier::bench {
namespace {

TEST(WorkloadRunnerTest, ParseSizeAcceptsNamesAndDigits) {
  EXPECT_EQ(*ParseSize("small"), 0u);
  EXPECT_EQ(*ParseSize("medium"), 1u);
  EXPECT_EQ(*ParseSize("large"), 2u);
  EXPECT_EQ(*ParseSize("0"), 0u);
  EXPECT_EQ(*ParseSize("2"), 2u);
  EXPECT_FALSE(ParseSize("huge").ok());
  EXPECT_FALSE(ParseSize("3").ok());
  EXPECT_FALSE(ParseSize("").ok());
}

TEST(WorkloadRunnerTest, AllFifteenWorkloadsAreListedOnce) {
  ASSERT_EQ(AllWorkloads().size(), 15u);
  for (const WorkloadInfo& w : AllWorkloads()) {
    EXPECT_EQ(FindWorkload(w.name), &w) << w.name;
    EXPECT_NE(w.native, nullptr);
  }
  EXPECT_EQ(FindWorkload("nope"), nullptr);
}

TEST(WorkloadRunnerTest, NativeRunIsDeterministic) {
  const WorkloadInfo* fib = FindWorkload("fib");
  ASSERT_NE(fib, nullptr);
  RunResult a = RunNative(*fib, 0), b = RunNative(*fib, 0);
  EXPECT_EQ(a.checksum, b.checksum);
  EXPECT_GT(a.seconds, 0.0);
}

TEST(WorkloadRunnerTest, NodeReturnsTheNativeChecksum) {
  if (std::system("node --version > /dev/null 2>&1") != 0) GTEST_SKIP() << "no node";
  const WorkloadInfo* fib = FindWorkload("fib");
  std::string script = RunfilesPath(nullptr, "bench/node/run_workload.js");
  absl::StatusOr<RunResult> result =
      RunNode(script, RunfilesPath(nullptr, "bench/workloads/fib.wasm"), 0);
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->checksum, RunNative(*fib, 0).checksum);
  EXPECT_GT(result->seconds, 0.0);
  // node's wall time includes its startup, so it exceeds the call's time.
  EXPECT_GT(result->wall_seconds, result->seconds);
  // A file that is not a module: node fails and so does RunNode.
  EXPECT_FALSE(RunNode(script, script, 0).ok());
}

}  // namespace
}  // namespace wasmtier::bench
