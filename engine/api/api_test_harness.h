// The setup every engine/api test repeats: an Engine, a Store and a Linker of
// one configuration, and WAT compiled and instantiated through them with
// failures reported as gtest expectations. Test fixtures derive from it.
#ifndef WASMTIER_ENGINE_API_API_TEST_HARNESS_H_
#define WASMTIER_ENGINE_API_API_TEST_HARNESS_H_

#include <string_view>

#include "engine/include/wasmtier/wasmtier.h"
#include "gtest/gtest.h"

namespace wasmtier {

class ApiHarness {
 protected:
  explicit ApiHarness(const Config& config) : engine_(config), store_(engine_), linker_(engine_) {}

  // {wat} compiled by {engine_}; a compile error fails the test.
  Module Compile(std::string_view wat) {
    absl::StatusOr<Module> module = Module::CompileText(engine_, wat);
    EXPECT_TRUE(module.ok()) << module.status();
    return *module;
  }
  // {wat} instantiated in {store_} with imports from {linker_}.
  absl::StatusOr<Instance> Try(std::string_view wat) {
    return linker_.Instantiate(store_, Compile(wat));
  }
  // Same, where instantiation must succeed.
  Instance Load(std::string_view wat) {
    absl::StatusOr<Instance> instance = Try(wat);
    EXPECT_TRUE(instance.ok()) << instance.status();
    return *instance;
  }

  Engine engine_;
  Store store_;
  Linker linker_;
};

}  // namespace wasmtier

#endif  // WASMTIER_ENGINE_API_API_TEST_HARNESS_H_
