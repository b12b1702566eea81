// The engine-wide type registry: equal structures get equal ids across
// modules, iso-recursively (rec groups compared as a whole, references out of
// a group by id), ids are never reused, and registration is thread-safe.
#include "engine/api/type_registry.h"

#include <memory>
#include <thread>
#include <vector>

#include "engine/text/wat.h"
#include "engine/validator.h"
#include "gtest/gtest.h"

namespace wasmtier::api {
namespace {

std::unique_ptr<WasmModule> Decode(std::string_view wat) {
  absl::StatusOr<std::vector<uint8_t>> bytes = text::WatToBinary(wat);
  EXPECT_TRUE(bytes.ok()) << bytes.status();
  absl::StatusOr<std::unique_ptr<WasmModule>> m =
      DecodeAndValidate(bytes->data(), bytes->size(), Features::All());
  EXPECT_TRUE(m.ok()) << m.status();
  return std::move(*m);
}

TEST(TypeRegistryTest, EqualFunctionTypesShareIdsAcrossModules) {
  TypeRegistry registry;
  auto a = Decode("(module (type (func (param i32) (result i64))) (type (func)))");
  auto b = Decode("(module (type (func)) (type (func (param i32) (result i64))) (type (func (param i64))))");
  std::vector<uint32_t> ia = registry.Register(*a);
  std::vector<uint32_t> ib = registry.Register(*b);
  ASSERT_EQ(ia.size(), 2u);
  ASSERT_EQ(ib.size(), 3u);
  EXPECT_EQ(ia[0], ib[1]);
  EXPECT_EQ(ia[1], ib[0]);
  EXPECT_NE(ib[2], ia[0]);
  EXPECT_NE(ib[2], ia[1]);
  // Registering again changes nothing.
  EXPECT_EQ(registry.Register(*a), ia);
}

TEST(TypeRegistryTest, HostFunctionTypesMatchModuleTypes) {
  TypeRegistry registry;
  auto m = Decode("(module (type (func (param f32 externref) (result funcref))))");
  const uint32_t id = registry.Register(*m)[0];
  EXPECT_EQ(registry.RegisterFuncType(FuncType{{ValType::F32(), ValType::ExternRef()}, {ValType::FuncRef()}}), id);
  EXPECT_NE(registry.RegisterFuncType(FuncType{{ValType::F32()}, {}}), id);
}

TEST(TypeRegistryTest, RecGroupsAreComparedAsAWhole) {
  TypeRegistry registry;
  const char* kPair = R"((module (rec
      (type $a (func (param (ref null $b))))
      (type $b (func (result (ref null $a)))))))";
  std::vector<uint32_t> first = registry.Register(*Decode(kPair));
  std::vector<uint32_t> second = registry.Register(*Decode(kPair));
  EXPECT_EQ(first, second);
  ASSERT_EQ(first.size(), 2u);
  EXPECT_EQ(first[1], first[0] + 1);
  // The same types in the other order are a different group.
  std::vector<uint32_t> swapped = registry.Register(*Decode(R"((module (rec
      (type $b (func (result (ref null $a))))
      (type $a (func (param (ref null $b)))))))"));
  EXPECT_NE(swapped[0], first[1]);
  EXPECT_NE(swapped[1], first[0]);
  // A singleton group is not the same as a member of a larger group, even
  // with the same structure.
  std::vector<uint32_t> lone = registry.Register(*Decode("(module (type (func)))"));
  std::vector<uint32_t> grouped = registry.Register(*Decode("(module (rec (type (func)) (type (func (param i32)))))"));
  EXPECT_NE(lone[0], grouped[0]);
}

TEST(TypeRegistryTest, ReferencesOutOfAGroupUseIds) {
  TypeRegistry registry;
  // $user refers to type 0 outside its group; the referenced type differs, so
  // the users differ although their module-relative structure is the same.
  auto a = Decode("(module (type (func (param i32))) (type $user (func (param (ref 0)))))");
  auto b = Decode("(module (type (func (param i64))) (type $user (func (param (ref 0)))))");
  auto c = Decode("(module (type (func)) (type (func (param i32))) (type $user (func (param (ref 1)))))");
  std::vector<uint32_t> ia = registry.Register(*a);
  std::vector<uint32_t> ib = registry.Register(*b);
  std::vector<uint32_t> ic = registry.Register(*c);
  EXPECT_NE(ia[1], ib[1]);
  EXPECT_EQ(ia[1], ic[2]);  // same referenced type, at another index
}

TEST(TypeRegistryTest, SupertypeChains) {
  TypeRegistry registry;
  auto m = Decode(R"((module
    (type $base (sub (func)))
    (type $derived (sub final $base (func)))
    (type $other (func (param i32)))))");
  std::vector<uint32_t> ids = registry.Register(*m);
  EXPECT_TRUE(registry.IsSubtypeId(ids[1], ids[0]));
  EXPECT_FALSE(registry.IsSubtypeId(ids[0], ids[1]));
  EXPECT_FALSE(registry.IsSubtypeId(ids[2], ids[0]));
  EXPECT_TRUE(registry.IsSubtypeId(ids[2], ids[2]));
  EXPECT_EQ(registry.KindOf(ids[0]), TypeDef::Kind::kFunc);
}

TEST(TypeRegistryTest, ConcurrentRegistrationAgrees) {
  TypeRegistry registry;
  auto m = Decode(R"((module (type (func (param i32))) (rec (type (func)) (type (func (result f64))))))");
  std::vector<std::vector<uint32_t>> results(8);
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 100; ++i) results[t] = registry.Register(*m);
    });
  }
  for (std::thread& t : threads) t.join();
  for (int t = 1; t < 8; ++t) EXPECT_EQ(results[t], results[0]);
}

}  // namespace
}  // namespace wasmtier::api
