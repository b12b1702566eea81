// Pieces of `wasmtier run` around calling an export: command-line arguments
// parsed as wasm values, results printed the way wasmtime prints them, and a
// watchdog thread that interrupts a store after a timeout.
#ifndef WASMTIER_TOOLS_RUN_INVOKE_H_
#define WASMTIER_TOOLS_RUN_INVOKE_H_

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

#include "absl/status/statusor.h"
#include "engine/include/wasmtier/wasmtier.h"

namespace wasmtier::cli {

// Parses one command-line argument as a value of {type} (numbers only).
absl::StatusOr<Val> ParseArg(const std::string& text, ValType type);

// How wasmtime prints a result: the number alone.
std::string FormatResult(const Val& v);

// Calls {interrupt} after {timeout} unless destroyed first.
class Watchdog {
 public:
  Watchdog(std::chrono::nanoseconds timeout, std::function<void()> interrupt);
  ~Watchdog();
  Watchdog(const Watchdog&) = delete;
  Watchdog& operator=(const Watchdog&) = delete;

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  bool done_ = false;
  std::thread thread_;
};

}  // namespace wasmtier::cli

#endif  // WASMTIER_TOOLS_RUN_INVOKE_H_
