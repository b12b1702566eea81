// Host input that must not break the store: references and imports that
// belong to another store (they would dangle when that store dies, and a
// foreign memory's guard faults are not claimed by this store's handler), and
// host function results of the wrong reference type (wasm would treat an
// ExternObj as a FuncInst, or see null in a non-null type).
#include <optional>
#include <string>
#include <vector>

#include "engine/api/api_test_harness.h"
#include "engine/include/wasmtier/wasmtier.h"
#include "gtest/gtest.h"

namespace wasmtier {
namespace {

class StoreSafetyTest : public ::testing::Test, protected ApiHarness {
 protected:
  StoreSafetyTest() : ApiHarness(Config{}), other_(engine_) {}

  static void ExpectMismatch(const absl::Status& status) {
    EXPECT_FALSE(status.ok());
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << status;
  }

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
  ASSERT_TRUE(linker_.Define("h", "f", host).ok());
  absl::StatusOr<Instance> inst = Try(R"((module
    (type $v (func))
    (import "h" "f" (func $f (result funcref)))
    (table 1 funcref)
    (func (export "run") (table.set (i32.const 0) (call $f)) (call_indirect (type $v) (i32.const 0)))))");
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

TEST_F(StoreSafetyTest, ImportsFromAnotherStoreAreRejected) {
  absl::StatusOr<Memory> memory = Memory::Create(other_, MemoryType{});
  ASSERT_TRUE(memory.ok()) << memory.status();
  absl::StatusOr<Instance> inst = Instance::Create(
      store_, Compile(R"((module (import "m" "mem" (memory 0))))"), std::vector<Extern>{*memory});
  ExpectMismatch(inst.status());

  absl::StatusOr<Table> table = Table::Create(other_, TableType{}, Val::Null(ValType::FuncRef()));
  ASSERT_TRUE(table.ok());
  inst = Instance::Create(store_, Compile(R"((module (import "m" "t" (table 0 funcref))))"),
                          std::vector<Extern>{*table});
  ExpectMismatch(inst.status());

  absl::StatusOr<Global> global = Global::Create(other_, GlobalType{ValType::I32(), false}, Val::I32(1));
  ASSERT_TRUE(global.ok());
  inst = Instance::Create(store_, Compile(R"((module (import "m" "g" (global i32))))"),
                          std::vector<Extern>{*global});
  ExpectMismatch(inst.status());

  Func host = Func::Create(other_, FuncType{}, [](Caller&, std::span<const Val>, std::span<Val>) {
    return absl::OkStatus();
  });
  inst = Instance::Create(store_, Compile(R"((module (import "m" "f" (func))))"),
                          std::vector<Extern>{host});
  ExpectMismatch(inst.status());
}

TEST_F(StoreSafetyTest, ReferencesFromAnotherStoreAreRejected) {
  Func foreign = Func::Create(other_, FuncType{}, [](Caller&, std::span<const Val>, std::span<Val>) {
    return absl::OkStatus();
  });
  const Val foreign_extern = Val::ExternRef(other_, 7);

  absl::StatusOr<Table> table = Table::Create(store_, TableType{}, Val::Null(ValType::FuncRef()));
  ASSERT_TRUE(table.ok());
  ASSERT_TRUE(table->Grow(1, Val::Null(ValType::FuncRef())).ok());
  ExpectMismatch(table->Set(0, Val::FuncRef(foreign)));
  ExpectMismatch(table->Grow(1, Val::FuncRef(foreign)).status());
  ExpectMismatch(Table::Create(store_, TableType{}, Val::FuncRef(foreign)).status());

  GlobalType mutable_extern;
  mutable_extern.type = ValType::ExternRef();
  mutable_extern.is_mutable = true;
  absl::StatusOr<Global> global = Global::Create(store_, mutable_extern, Val::Null(ValType::ExternRef()));
  ASSERT_TRUE(global.ok());
  ExpectMismatch(global->Set(foreign_extern));
  ExpectMismatch(Global::Create(store_, mutable_extern, foreign_extern).status());

  // Calling another store's host function, or passing it as an argument.
  ExpectMismatch(foreign.Call(store_, {}).status());
  Func take = Func::Create(store_, FuncType{{ValType::FuncRef()}, {}},
                           [](Caller&, std::span<const Val>, std::span<Val>) {
                             return absl::OkStatus();
                           });
  ExpectMismatch(take.Call(store_, std::vector<Val>{Val::FuncRef(foreign)}).status());
  // The same values are fine in their own store.
  EXPECT_TRUE(foreign.Call(other_, {}).ok());
}

}  // namespace
}  // namespace wasmtier
