// The tier-up hook (profile.h): refills the budget from the module's config
// (defaults for host functions) and counts exhaustions by kind.
#include "engine/runtime/profile.h"

#include "engine/runtime/module_code.h"
#include "gtest/gtest.h"

namespace wasmtier::rt {
namespace {

TEST(ProfileTest, RefillsFromTheModuleConfigAndCounts) {
  ModuleCode code;
  code.config.tier_up_budget = 77;
  InstanceData instance;
  instance.code = &code;
  FuncInst func;
  func.instance = &instance;
  func.budget = -1;
  ExecContext ctx;
  const ProfileStats before = GetProfileStats();

  OnBudgetExhausted(&ctx, &func, nullptr);
  EXPECT_EQ(func.budget, 77);
  func.budget = -3;
  static const int kLoopHeader = 0;
  OnBudgetExhausted(&ctx, &func, &kLoopHeader);
  EXPECT_EQ(func.budget, 77);

  const ProfileStats after = GetProfileStats();
  EXPECT_EQ(after.call_exhaustions - before.call_exhaustions, 1u);
  EXPECT_EQ(after.loop_exhaustions - before.loop_exhaustions, 1u);
}

TEST(ProfileTest, HostFunctionsUseTheDefaultBudget) {
  FuncInst host;
  host.budget = -1;
  ExecContext ctx;
  OnBudgetExhausted(&ctx, &host, nullptr);
  EXPECT_EQ(host.budget, Config().tier_up_budget);
}

}  // namespace
}  // namespace wasmtier::rt
