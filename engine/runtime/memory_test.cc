// Linear memory creation, growth, limits and zeroing (memory.h, MemoryGrow).
#include "engine/runtime/memory.h"

#include <sys/mman.h>
#include <sys/resource.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "engine/runtime/instance_ops.h"
#include "gtest/gtest.h"

namespace wasmtier::rt {
namespace {

constexpr uint64_t kPage = 64 * 1024;

MemoryType Type(uint64_t min, std::optional<uint64_t> max, bool is64 = false) {
  MemoryType type;
  type.limits.min = min;
  type.limits.max = max;
  type.limits.is64 = is64;
  return type;
}

bool AllZero(const uint8_t* p, uint64_t n) {
  for (uint64_t i = 0; i < n; ++i) {
    if (p[i] != 0) return false;
  }
  return true;
}

// True while [p, p + one OS page) is mapped at all (whatever its protection).
bool IsMapped(const void* p) {
  unsigned char residency;
  return mincore(const_cast<void*>(p), sysconf(_SC_PAGESIZE), &residency) == 0;
}

TEST(MemoryTest, CreatesMinimumZeroedAndGuarded) {
  auto memory = CreateMemory(Type(2, 10), Config());
  ASSERT_TRUE(memory.ok()) << memory.status();
  MemoryInst& m = **memory;
  EXPECT_EQ(m.size, 2 * kPage);
  EXPECT_EQ(m.pages(), 2u);
  EXPECT_EQ(m.max_pages, 10u);
  EXPECT_EQ(m.reserved, MemoryInst::kGuardedReservation);
  EXPECT_TRUE(AllZero(m.base, m.size));
  m.base[0] = 1;
  m.base[m.size - 1] = 2;  // the last accessible byte is writable
  EXPECT_EQ(m.base[m.size - 1], 2);
}

TEST(MemoryTest, GrowReturnsOldSizeAndNewPagesAreZero) {
  auto memory = CreateMemory(Type(1, 4), Config());
  ASSERT_TRUE(memory.ok());
  MemoryInst* m = memory->get();
  memset(m->base, 0xAB, m->size);
  uint8_t* base = m->base;
  EXPECT_EQ(MemoryGrow(m, 2), 1);
  EXPECT_EQ(m->base, base);  // never moves
  EXPECT_EQ(m->size, 3 * kPage);
  EXPECT_TRUE(AllZero(m->base + kPage, 2 * kPage));
  m->base[3 * kPage - 1] = 7;
  EXPECT_EQ(MemoryGrow(m, 0), 3);
  EXPECT_EQ(MemoryGrow(m, 2), -1);  // beyond the type maximum
  EXPECT_EQ(m->pages(), 3u);
  EXPECT_EQ(MemoryGrow(m, 1), 3);
  EXPECT_EQ(MemoryGrow(m, 1), -1);
  EXPECT_EQ(MemoryGrow(m, UINT64_MAX), -1);
  EXPECT_EQ(m->pages(), 4u);
}

TEST(MemoryTest, NoMaximumIsCappedByTheIndexSpace) {
  Config config;
  config.max_memory_bytes = 1ull << 40;  // more than 32 bits can address
  auto memory = CreateMemory(Type(0, std::nullopt), config);
  ASSERT_TRUE(memory.ok());
  EXPECT_EQ((*memory)->max_pages, 65536u);
  EXPECT_EQ((*memory)->size, 0u);
  EXPECT_NE((*memory)->base, nullptr);
  EXPECT_EQ(CheckedAddress(memory->get(), 0, 0, 0), (*memory)->base);  // empty access at 0
}

TEST(MemoryTest, EngineCapLimitsGrowth) {
  Config config;
  config.max_memory_bytes = 3 * kPage;
  auto memory = CreateMemory(Type(1, 100), config);
  ASSERT_TRUE(memory.ok());
  EXPECT_EQ((*memory)->max_pages, 3u);
  EXPECT_EQ(MemoryGrow(memory->get(), 3), -1);
  EXPECT_EQ(MemoryGrow(memory->get(), 2), 1);
}

TEST(MemoryTest, MinimumBeyondLimitsIsAResourceError) {
  Config config;
  config.max_memory_bytes = 2 * kPage;
  auto memory = CreateMemory(Type(3, std::nullopt), config);
  ASSERT_FALSE(memory.ok());
  EXPECT_EQ(memory.status().code(), absl::StatusCode::kResourceExhausted);
  EXPECT_NE(memory.status().message().find("exceeds the limit"), std::string::npos);

  auto type_max = CreateMemory(Type(5, 4), Config());  // (invalid module, but never a crash)
  EXPECT_EQ(type_max.status().code(), absl::StatusCode::kResourceExhausted);
}

TEST(MemoryTest, Memory64ReservesItsMaximumOnly) {
  auto memory = CreateMemory(Type(1, 3, /*is64=*/true), Config());
  ASSERT_TRUE(memory.ok());
  EXPECT_TRUE((*memory)->is64());
  EXPECT_EQ((*memory)->reserved, 3 * kPage);
  EXPECT_EQ((*memory)->max_pages, 3u);
  EXPECT_EQ(MemoryGrow(memory->get(), 2), 1);
  EXPECT_TRUE(AllZero((*memory)->base, 3 * kPage));
  EXPECT_EQ(MemoryGrow(memory->get(), 1), -1);

  Config config;
  config.max_memory_bytes = 8 * kPage;
  auto unbounded = CreateMemory(Type(0, std::nullopt, /*is64=*/true), config);
  ASSERT_TRUE(unbounded.ok());
  EXPECT_EQ((*unbounded)->max_pages, 8u);
  EXPECT_EQ((*unbounded)->reserved, 8 * kPage);

  auto empty = CreateMemory(Type(0, 0, /*is64=*/true), Config());
  ASSERT_TRUE(empty.ok());
  EXPECT_NE((*empty)->base, nullptr);  // one page reserved all the same
  EXPECT_EQ(MemoryGrow(empty->get(), 1), -1);
}

TEST(MemoryTest, CustomPageSizeOfOneByte) {
  MemoryType type = Type(10, 20);
  type.page_size_log2 = 0;
  auto memory = CreateMemory(type, Config());
  ASSERT_TRUE(memory.ok());
  EXPECT_EQ((*memory)->size, 10u);
  EXPECT_EQ((*memory)->pages(), 10u);
  EXPECT_EQ(MemoryGrow(memory->get(), 7), 10);
  EXPECT_EQ((*memory)->size, 17u);
  EXPECT_EQ(MemoryGrow(memory->get(), 4), -1);

  MemoryType unbounded = Type(0, std::nullopt);
  unbounded.page_size_log2 = 0;
  auto big = CreateMemory(unbounded, Config());
  ASSERT_TRUE(big.ok());
  EXPECT_EQ((*big)->max_pages, 4ull << 30);  // 2^32 one-byte pages, the config's 4 GiB
}

TEST(MemoryTest, PagesAbove64KiBAreUnsupported) {
  MemoryType type = Type(1, 1);
  type.page_size_log2 = 17;
  auto memory = CreateMemory(type, Config());
  EXPECT_EQ(memory.status().code(), absl::StatusCode::kUnimplemented);
  EXPECT_EQ(memory.status().message().substr(0, 13), "unsupported: ");
}

TEST(MemoryTest, GuardedOnlyWithTheFullReservation) {
  auto memory32 = CreateMemory(Type(1, 2), Config());
  auto memory64 = CreateMemory(Type(1, 2, /*is64=*/true), Config());
  ASSERT_TRUE(memory32.ok() && memory64.ok());
  EXPECT_TRUE(IsGuarded(**memory32));
  EXPECT_FALSE(IsGuarded(**memory64));
}

// Address space in use by this process (VmSize), in bytes.
uint64_t AddressSpaceInUse() {
  FILE* f = fopen("/proc/self/status", "r");
  if (f == nullptr) return 0;
  char line[256];
  uint64_t kib = 0;
  while (fgets(line, sizeof(line), f) != nullptr) {
    if (sscanf(line, "VmSize: %lu kB", &kib) == 1) break;
  }
  fclose(f);
  return kib * 1024;
}

// With RLIMIT_AS too low for 8 GiB, a 32-bit memory cannot be created (code
// shared between instances accesses it unchecked, relying on the guard), while
// a 64-bit one, checked explicitly, still can. Runs in a child process (the
// limit must not leak into other tests).
TEST(MemoryDeathTest, Without8GiBOfAddressSpaceA32BitMemoryIsRefused) {
#if defined(__has_feature)
#if __has_feature(address_sanitizer)
  GTEST_SKIP() << "ASan's shadow memory already exceeds any address-space limit";
#endif
#endif
  auto child = [] {
    struct rlimit limit;
    limit.rlim_cur = limit.rlim_max = AddressSpaceInUse() + (1ull << 30);
    if (setrlimit(RLIMIT_AS, &limit) != 0) exit(2);
    auto memory = CreateMemory(Type(1, 3), Config());
    if (memory.ok() || memory.status().code() != absl::StatusCode::kResourceExhausted) exit(3);
    MemoryType type64 = Type(1, 3);
    type64.limits.is64 = true;
    auto memory64 = CreateMemory(type64, Config());
    if (!memory64.ok() || IsGuarded(**memory64)) exit(4);
    if (MemoryGrow(memory64->get(), 2) != 1 || !AllZero((*memory64)->base, 3 * kPage)) exit(5);
    exit(0);
  };
  EXPECT_EXIT(child(), ::testing::ExitedWithCode(0), "");
}

TEST(MemoryTest, DestructionReleasesTheReservation) {
  auto memory = CreateMemory(Type(1, 1), Config());
  ASSERT_TRUE(memory.ok());
  uint8_t* base = (*memory)->base;
  uint8_t* guard = base + (4ull << 30);
  EXPECT_TRUE(IsMapped(base));
  EXPECT_TRUE(IsMapped(guard));
  memory->reset();
  EXPECT_FALSE(IsMapped(base));
  EXPECT_FALSE(IsMapped(guard));
}

TEST(MemoryTest, UnownedMemoryIsNotReleased) {
  // A MemoryInst over someone else's buffer (release == nullptr) frees nothing.
  alignas(16) static uint8_t buffer[16];
  {
    MemoryInst memory;
    memory.base = buffer;
    memory.size = sizeof(buffer);
    memory.reserved = sizeof(buffer);
  }
  buffer[0] = 1;
  EXPECT_EQ(buffer[0], 1);
}

}  // namespace
}  // namespace wasmtier::rt
