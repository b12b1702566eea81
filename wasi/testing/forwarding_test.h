// The gtest fixture shared by the tests that call WASI imports one by one
// through a ForwardingModule (fd_test, poll_sock_test, args_env_clock_test):
// set {config_}, Make() the guest, Call() an import, check errno and memory.
#ifndef WASMTIER_WASI_TESTING_FORWARDING_TEST_H_
#define WASMTIER_WASI_TESTING_FORWARDING_TEST_H_

#include <unistd.h>

#include <cstdint>
#include <initializer_list>
#include <memory>
#include <string_view>
#include <vector>

#include "gtest/gtest.h"
#include "wasi/errno.h"
#include "wasi/testing/wasi_test_util.h"

namespace wasmtier::wasi::testing {

// An errno as the i32 a forwarded import returns.
inline int32_t E(Errno e) {
  return static_cast<int32_t>(e);
}
// i32 and i64 arguments.
inline Val I(int64_t v) {
  return Val::I32(static_cast<int32_t>(v));
}
inline Val L(uint64_t v) {
  return Val::I64(static_cast<int64_t>(v));
}

class ForwardingTest : public ::testing::Test {
 protected:
  ~ForwardingTest() override {
    harness_.reset();  // the guest's duplicates first, then the host's originals
    for (int fd : host_fds_) ::close(fd);
  }

  // Instantiates {functions} forwarded (see ForwardingModule); a failure is
  // reported and leaves {harness_} empty, so later Calls fail rather than crash.
  void Make(std::initializer_list<std::string_view> functions, uint32_t pages = 1) {
    auto harness = WasiHarness::Create(ForwardingModule(functions, pages), config_);
    harness_.reset();
    if (!harness.ok()) {
      ADD_FAILURE() << harness.status();
      return;
    }
    harness_ = std::move(*harness);
  }
  // Calls export {name}; the call itself must succeed; the errno it returned.
  int32_t Call(std::string_view name, std::vector<Val> args) {
    if (!harness_) return -1000;  // Make failed (already reported)
    Outcome outcome = harness_->Call(name, args);
    EXPECT_TRUE(outcome.status.ok()) << name << ": " << outcome.status;
    return outcome.i32();
  }

  WasiConfig config_;
  std::unique_ptr<WasiHarness> harness_;
  std::vector<int> host_fds_;  // closed by the fixture
};

}  // namespace wasmtier::wasi::testing

#endif  // WASMTIER_WASI_TESTING_FORWARDING_TEST_H_
