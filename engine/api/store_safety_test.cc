// Host input that must not break the store: host function results of the
// wrong reference type (wasm would treat an ExternObj as a FuncInst, or see
// null in a non-null type).
#include <optional>
#include <string>
#include <vector>

#include "engine/include/wasmtier/wasmtier.h"
#include "gtest/gtest.h"

namespace wasmtier {
namespace {

class StoreSafetyTest : public ::testing::Test {
 protected:
  StoreSafetyTest() : engine_(Config{}), store_(engine_), other_(engine_) {}

  Module Compile(std::string_view wat) {
    absl::StatusOr<Module> module = Module::CompileText(engine_, wat);
    EXPECT_TRUE(module.ok()) << module.status();
    return *module;
  }

  static void ExpectMismatch(const absl::Status& status) {
    EXPECT_FALSE(status.ok());
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << status;
  }

  Engine engine_;
  Store store_;
  Store other_;  // a second store of the same engine
};

TEST_F(StoreSafetyTest, HostResultOfAnotherReferenceTypeIsRejected) {
  // The callback answers an externref where the type says funcref: wasm would
  // call through an ExternObj as if it were a FuncInst.
  Func host = Func::Create(store_, FuncType{{}, {ValType::FuncRef()}},
                           [this](Caller&, std::span<const Val>, std::span<Val> results) {
                             results[0] = Val::ExternRef(store_, 0x1234);
                             return absl::OkStatus();
                           });
  Linker linker(engine_);
  ASSERT_TRUE(linker.Define("h", "f", host).ok());
  absl::StatusOr<Instance> inst = linker.Instantiate(store_, Compile(R"((module
    (type $v (func))
    (import "h" "f" (func $f (result funcref)))
    (table 1 funcref)
    (func (export "run") (table.set (i32.const 0) (call $f)) (call_indirect (type $v) (i32.const 0)))))"));
  ASSERT_TRUE(inst.ok()) << inst.status();
  absl::StatusOr<std::vector<Val>> r = inst->GetFunc("run")->Call(store_, {});
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("host function result 0"), std::string::npos) << r.status();
}

TEST_F(StoreSafetyTest, HostResultLeftNullInANonNullTypeIsRejected) {
  const ValType non_null_func = ValType::FuncRef().AsNonNull();
  Func host = Func::Create(store_, FuncType{{}, {non_null_func}},
                           [](Caller&, std::span<const Val>, std::span<Val>) {
                             return absl::OkStatus();  // result left as it came: null bits
                           });
  absl::StatusOr<std::vector<Val>> r = host.Call(store_, {});
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("host function result 0"), std::string::npos) << r.status();
}

}  // namespace
}  // namespace wasmtier
