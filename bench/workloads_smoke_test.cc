// Every bundled workload at size small, natively and in Wasmtier's
// interpreter through the public API: the checksums must agree. Also checks
// the native side is deterministic (two runs, same checksum).
#include <string>

#include "bench/workload_runner.h"
#include "gtest/gtest.h"

namespace wasmtier::bench {
namespace {

class WorkloadSmokeTest : public testing::TestWithParam<WorkloadInfo> {};

TEST_P(WorkloadSmokeTest, InterpreterMatchesNative) {
  const WorkloadInfo& workload = GetParam();
  uint64_t native = RunNative(workload, 0).checksum;
  ASSERT_EQ(RunNative(workload, 0).checksum, native) << "native run is not deterministic";

  std::string path =
      RunfilesPath(nullptr, std::string("bench/workloads/") + workload.name + ".wasm");
  absl::StatusOr<std::vector<uint8_t>> bytes = ReadFileBytes(path);
  ASSERT_TRUE(bytes.ok()) << bytes.status();
  Engine engine(Config{.tier = TierMode::kInterp});
  absl::StatusOr<WasmWorkload> wasm = WasmWorkload::Load(engine, *bytes);
  ASSERT_TRUE(wasm.ok()) << wasm.status();
  absl::StatusOr<RunResult> result = wasm->Run(0);
  ASSERT_TRUE(result.ok()) << workload.name << ": " << result.status();
  EXPECT_EQ(result->checksum, native) << workload.name << std::hex << ": interp "
                                      << result->checksum << ", native " << native;
}

INSTANTIATE_TEST_SUITE_P(Workloads, WorkloadSmokeTest, testing::ValuesIn(AllWorkloads().begin(),
                                                                         AllWorkloads().end()),
                         [](const testing::TestParamInfo<WorkloadInfo>& info) {
                           return std::string(info.param.name);
                         });

}  // namespace
}  // namespace wasmtier::bench
