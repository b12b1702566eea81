// Placeholder replaced below.
#include "engine/text/wat.h"
#include "gtest/gtest.h"
namespace wasmtier::text {
TEST(WatTest, Empty) { EXPECT_TRUE(WatToBinary("(module)").ok()); }
}
