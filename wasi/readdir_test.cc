// fd_readdir as a guest sees it: every entry once, whatever the buffer size,
// with cookies that resume anywhere; truncated last records; bad arguments.
// Under both resolvers (the fixture of path_test_util.h).
#include <sys/stat.h>

#include <algorithm>
#include <cstring>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "wasi/path_test_util.h"

namespace wasmtier::wasi::path_testing {
namespace {

// One fd_readdir call: the complete entries in order, each with its d_next
// cookie, and the cookie after the last complete one.
struct ReaddirEntry {
  std::string name;
  uint8_t type;
  uint64_t next;
  bool operator==(const ReaddirEntry&) const = default;
};
struct ReaddirPage {
  Errno error;
  uint32_t used = 0;
  std::vector<ReaddirEntry> entries;
  uint64_t next_cookie = 0;
};

class ReaddirTest : public PathTest {
 protected:
  ReaddirPage Readdir(uint32_t fd, uint32_t buf_len, uint64_t cookie) {
    ReaddirPage page;
    page.next_cookie = cookie;
    page.error = Call("fd_readdir", {I(fd), I(kBufPtr), I(buf_len), L(cookie), I(kOutPtr)});
    if (page.error != Errno::kSuccess) return page;
    page.used = *guest_->LoadU32(kOutPtr);
    std::string bytes = *guest_->Read(kBufPtr, page.used);
    size_t at = 0;
    while (at + kDirentSize <= bytes.size()) {
      uint64_t next;
      uint32_t namlen;
      memcpy(&next, bytes.data() + at + kDirentNext, 8);
      memcpy(&namlen, bytes.data() + at + kDirentNamlen, 4);
      uint8_t type = static_cast<uint8_t>(bytes[at + kDirentType]);
      if (at + kDirentSize + namlen > bytes.size()) break;  // cut short
      page.entries.push_back({bytes.substr(at + kDirentSize, namlen), type, next});
      page.next_cookie = next;
      at += kDirentSize + namlen;
    }
    return page;
  }

  // Lists {fd} with {buf_len}-byte buffers, continuing from each call's last
  // complete entry, as wasi-libc's readdir does.
  std::vector<ReaddirEntry> ListAll(uint32_t fd, uint32_t buf_len) {
    std::vector<ReaddirEntry> all;
    uint64_t cookie = 0;
    for (int calls = 0; calls < 1000; ++calls) {
      ReaddirPage page = Readdir(fd, buf_len, cookie);
      EXPECT_EQ(page.error, Errno::kSuccess);
      all.insert(all.end(), page.entries.begin(), page.entries.end());
      if (page.used < buf_len) return all;  // the end
      EXPECT_FALSE(page.entries.empty()) << "buffer too small for one entry";
      if (page.entries.empty()) return all;
      cookie = page.next_cookie;
    }
    ADD_FAILURE() << "fd_readdir never finished";
    return all;
  }
};

TEST_P(ReaddirTest, ListsEveryEntryOnceWithStableCookies) {
  std::set<std::string> want = {".", "..", "file", "sub", "lnk"};
  ASSERT_EQ(Symlink("file", "lnk"), Errno::kSuccess);
  for (int i = 0; i < 30; ++i) {
    std::string name = "entry_" + std::to_string(i);
    ASSERT_TRUE(dir_.WriteFile(name, ""));
    want.insert(name);
  }
  for (uint32_t buf_len : {4096u, 64u, 40u}) {
    SCOPED_TRACE(buf_len);
    std::vector<ReaddirEntry> all = ListAll(3, buf_len);
    std::map<std::string, uint8_t> seen;
    for (const ReaddirEntry& entry : all) {
      EXPECT_TRUE(seen.emplace(entry.name, entry.type).second) << "listed twice: " << entry.name;
    }
    std::set<std::string> names;
    for (const auto& [name, type] : seen) names.insert(name);
    EXPECT_EQ(names, want);
    EXPECT_EQ(seen["file"], kFiletypeRegularFile);
    EXPECT_EQ(seen["sub"], kFiletypeDirectory);
    EXPECT_EQ(seen["lnk"], kFiletypeSymbolicLink);
    EXPECT_EQ(seen["."], kFiletypeDirectory);
    EXPECT_EQ(seen[".."], kFiletypeDirectory);
  }
  // Any entry's cookie gives the same continuation, in any order of calls.
  ReaddirPage first = Readdir(3, 4096, 0);
  ASSERT_EQ(first.entries.size(), want.size());
  for (size_t i : {size_t{20}, size_t{4}, size_t{4}, size_t{30}, size_t{0}}) {
    SCOPED_TRACE(i);
    ReaddirPage rest = Readdir(3, 4096, first.entries[i].next);
    ASSERT_EQ(rest.entries.size(), first.entries.size() - i - 1);
    EXPECT_TRUE(std::equal(rest.entries.begin(), rest.entries.end(),
                           first.entries.begin() + static_cast<long>(i) + 1));
  }
  // The last entry's cookie, and absurd ones, give nothing.
  for (uint64_t cookie : {first.entries.back().next, uint64_t{1000000}, ~uint64_t{0}}) {
    ReaddirPage none = Readdir(3, 4096, cookie);
    EXPECT_EQ(none.error, Errno::kSuccess);
    EXPECT_EQ(none.used, 0u) << cookie;
  }
  // Rewinding (cookie 0) sees a file created since.
  ASSERT_TRUE(dir_.WriteFile("late", ""));
  std::set<std::string> again;
  for (const ReaddirEntry& entry : ListAll(3, 4096)) again.insert(entry.name);
  EXPECT_EQ(again.count("late"), 1u);
}

// The ".." entry of the preopened directory carries the directory's own
// inode number: nothing about the parent outside the sandbox is shown.
TEST_P(ReaddirTest, DotDotDoesNotDescribeTheParent) {
  struct stat self;
  ASSERT_EQ(stat(dir_.path().c_str(), &self), 0);
  ReaddirPage page = Readdir(3, 4096, 0);
  ASSERT_EQ(page.error, Errno::kSuccess);
  std::string bytes = *guest_->Read(kBufPtr, page.used);
  size_t at = 0;
  bool found = false;
  while (at + kDirentSize <= bytes.size()) {
    uint64_t ino;
    uint32_t namlen;
    memcpy(&ino, bytes.data() + at + kDirentIno, 8);
    memcpy(&namlen, bytes.data() + at + kDirentNamlen, 4);
    if (bytes.substr(at + kDirentSize, namlen) == "..") {
      found = true;
      EXPECT_EQ(ino, self.st_ino);
    }
    at += kDirentSize + namlen;
  }
  EXPECT_TRUE(found);
}

TEST_P(ReaddirTest, TruncatesTheLastEntryAndFailsLoudlyOnBadArguments) {
  ReaddirPage all = Readdir(3, 4096, 0);
  ASSERT_GE(all.entries.size(), 2u);
  // Room for the first record and 5 bytes of the second: the second is cut.
  uint32_t first_size = kDirentSize + static_cast<uint32_t>(all.entries[0].name.size());
  ReaddirPage page = Readdir(3, first_size + 5, 0);
  ASSERT_EQ(page.error, Errno::kSuccess);
  EXPECT_EQ(page.used, first_size + 5);
  ASSERT_EQ(page.entries.size(), 1u);
  EXPECT_EQ(page.entries[0], all.entries[0]);
  // Continuing from it delivers the cut entry in full.
  ReaddirPage next = Readdir(3, 4096, page.next_cookie);
  ASSERT_FALSE(next.entries.empty());
  EXPECT_EQ(next.entries[0], all.entries[1]);
  EXPECT_EQ(Readdir(3, 0, 0).used, 0u);
  uint32_t file;
  ASSERT_EQ(Open("file", 0, kRightFdRead, &file), Errno::kSuccess);
  EXPECT_EQ(Readdir(file, 4096, 0).error, Errno::kNotdir);
  EXPECT_EQ(Readdir(99, 4096, 0).error, Errno::kBadf);
  EXPECT_EQ(Call("fd_readdir", {I(3), I(kMemorySize - 8), I(64), L(0), I(kOutPtr)}),
            Errno::kFault);
  uint32_t sub;
  ASSERT_EQ(Open("sub", kOflagsDirectory, kRightPathOpen, &sub), Errno::kSuccess);
  EXPECT_EQ(Readdir(sub, 4096, 0).error, Errno::kNotcapable);
}

INSTANTIATE_TEST_SUITE_P(BothResolvers, ReaddirTest,
                         ::testing::Values(ResolveMode::kOpenat2, ResolveMode::kWalker),
                         ResolverName);

}  // namespace
}  // namespace wasmtier::wasi::path_testing
