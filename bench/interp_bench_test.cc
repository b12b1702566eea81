// Checks that the interpreter benchmarks measure correct work: every kernel
// returns its C++ reference checksum in the interpreter (counters off and
// on), the call module's exports return what the benchmarks expect, and the
// "first" export spliced into a module runs.
#include <optional>
#include <vector>

#include "absl/status/statusor.h"
#include "bench/interp_bench_module.h"
#include "bench/interp_bench_util.h"
#include "bench/kernels.h"
#include "bench/module_gen.h"
#include "engine/include/wasmtier/wasmtier.h"
#include "engine/text/wat.h"
#include "gtest/gtest.h"

namespace wasmtier::bench {
namespace {

// Calls export {name} of {instance} with one i32 (or none), expecting one i32.
absl::StatusOr<int32_t> CallI32(Store& store, const Instance& instance, const char* name,
                                std::optional<int32_t> arg) {
  std::optional<Func> func = instance.GetFunc(name);
  if (!func) return absl::NotFoundError(name);
  std::vector<Val> args;
  if (arg) args.push_back(Val::I32(*arg));
  Val result;
  absl::Status status = func->Call(store, args, std::span<Val>(&result, 1));
  if (!status.ok()) return status;
  return result.i32();
}

TEST(KernelReferenceTest, KnownValues) {
  const auto kernels = Kernels();
  ASSERT_EQ(kernels[0].name, "fib");
  EXPECT_EQ(kernels[0].reference(10), 55);
  EXPECT_EQ(kernels[0].reference(30), 832040);
  EXPECT_EQ(kernels[0].units(2), 3);  // fib(2) -> fib(1), fib(0)
  EXPECT_EQ(kernels[0].units(30), 2692537);
  for (const Kernel& kernel : kernels) {
    EXPECT_GT(kernel.units(kernel.bench_n), 1'000'000) << kernel.name;
  }
}

class InterpBenchTest : public ::testing::TestWithParam<bool> {
 protected:
  Engine engine_{InterpConfig(GetParam())};
};

TEST_P(InterpBenchTest, KernelsReturnTheirReference) {
  for (const Kernel& kernel : Kernels()) {
    SCOPED_TRACE(kernel.name);
    absl::StatusOr<Module> module = Module::CompileText(engine_, kernel.wat);
    ASSERT_TRUE(module.ok()) << module.status();
    Store store(engine_);
    absl::StatusOr<Instance> instance = Instance::Create(store, *module, {});
    ASSERT_TRUE(instance.ok()) << instance.status();
    // Small arguments, plus a repeated call: "memory" must reset its buffer.
    const int32_t n = kernel.name == "fib" ? 15 : kernel.name == "loops" ? 20 :
                      kernel.name == "memory" ? 3 : 5000;
    for (int call = 0; call < 2; ++call) {
      absl::StatusOr<int32_t> result = CallI32(store, *instance, "run", n);
      ASSERT_TRUE(result.ok()) << result.status();
      EXPECT_EQ(*result, kernel.reference(n));
    }
  }
}

TEST_P(InterpBenchTest, CallModuleExports) {
  absl::StatusOr<Module> module = Module::CompileText(engine_, kCallsWat);
  ASSERT_TRUE(module.ok()) << module.status();
  Store store(engine_);
  int host_calls = 0;
  Func host = Func::CreateRaw(store, FuncType{{ValType::I32()}, {ValType::I32()}},
                              [&host_calls](Caller&, uint64_t* slots) {
                                ++host_calls;
                                slots[0] = static_cast<uint32_t>(slots[0]) + 1u;
                                return absl::OkStatus();
                              });
  std::vector<Extern> imports = {Extern(host)};
  absl::StatusOr<Instance> instance = Instance::Create(store, *module, imports);
  ASSERT_TRUE(instance.ok()) << instance.status();
  EXPECT_EQ(CallI32(store, *instance, "inc", 41).value_or(-1), 42);
  EXPECT_EQ(CallI32(store, *instance, "call_wasm", 1000).value_or(-1), 1000);
  EXPECT_EQ(CallI32(store, *instance, "loop_only", 1000).value_or(-1), 1000);
  EXPECT_EQ(CallI32(store, *instance, "call_host", 1000).value_or(-1), 1000);
  EXPECT_EQ(host_calls, 1000);
}

TEST_P(InterpBenchTest, SmallModuleWithFirstExport) {
  absl::StatusOr<std::vector<uint8_t>> small = text::WatToBinary(kSmallWat);
  ASSERT_TRUE(small.ok()) << small.status();
  absl::StatusOr<std::vector<uint8_t>> with_first = AddFirstExport(*small);
  ASSERT_TRUE(with_first.ok()) << with_first.status();
  absl::StatusOr<Module> module = Module::Compile(engine_, *with_first);
  ASSERT_TRUE(module.ok()) << module.status();
  Store store(engine_);
  absl::StatusOr<Instance> instance = Instance::Create(store, *module, {});
  ASSERT_TRUE(instance.ok()) << instance.status();
  EXPECT_EQ(CallI32(store, *instance, "tiny", std::nullopt).value_or(-1), kSmallTinyResult);
  EXPECT_EQ(CallI32(store, *instance, "first", std::nullopt).value_or(-1), kFirstResult);
}

TEST_P(InterpBenchTest, GeneratedModuleWithFirstExport) {
  ModuleGenOptions options;
  options.min_code_bytes = 64 << 10;
  GeneratedModule generated = GenerateModule(options);
  absl::StatusOr<std::vector<uint8_t>> with_first = AddFirstExport(generated.bytes);
  ASSERT_TRUE(with_first.ok()) << with_first.status();
  absl::StatusOr<Module> module = Module::Compile(engine_, *with_first);
  ASSERT_TRUE(module.ok()) << module.status();
  Store store(engine_);
  absl::StatusOr<std::vector<Extern>> imports = StubImports(store, *module);
  ASSERT_TRUE(imports.ok()) << imports.status();
  EXPECT_EQ(imports->size(), generated.num_imported_functions);
  absl::StatusOr<Instance> instance = Instance::Create(store, *module, *imports);
  ASSERT_TRUE(instance.ok()) << instance.status();
  EXPECT_EQ(CallI32(store, *instance, "first", std::nullopt).value_or(-1), kFirstResult);
}

TEST(AddFirstExportTest, RejectsModuleWithoutExports) {
  absl::StatusOr<std::vector<uint8_t>> bytes =
      text::WatToBinary("(module (func (result i32) (i32.const 1)))");
  ASSERT_TRUE(bytes.ok()) << bytes.status();
  absl::StatusOr<std::vector<uint8_t>> with_first = AddFirstExport(*bytes);
  EXPECT_EQ(with_first.status().code(), absl::StatusCode::kUnimplemented);
}

INSTANTIATE_TEST_SUITE_P(Counters, InterpBenchTest, ::testing::Bool(),
                         [](const auto& info) { return info.param ? "on" : "off"; });

}  // namespace
}  // namespace wasmtier::bench
