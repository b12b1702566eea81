// Argument parsing, result printing and the timeout watchdog of `run` (see
// run_invoke.h).
#include "tools/run_invoke.h"

#include <cstdint>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

namespace wasmtier::cli {

absl::StatusOr<Val> ParseArg(const std::string& text, ValType type) {
  switch (type.kind()) {
    case ValueKind::kI32: {
      int64_t v;
      // Both signed and unsigned spellings of a 32-bit pattern are accepted.
      if (absl::SimpleAtoi(text, &v) && v >= INT32_MIN && v <= UINT32_MAX) {
        return Val::I32(static_cast<int32_t>(v));
      }
      break;
    }
    case ValueKind::kI64: {
      int64_t v;
      uint64_t u;
      if (absl::SimpleAtoi(text, &v)) return Val::I64(v);
      if (absl::SimpleAtoi(text, &u)) return Val::I64(static_cast<int64_t>(u));
      break;
    }
    case ValueKind::kF32: {
      float v;
      if (absl::SimpleAtof(text, &v)) return Val::F32(v);
      break;
    }
    case ValueKind::kF64: {
      double v;
      if (absl::SimpleAtod(text, &v)) return Val::F64(v);
      break;
    }
    default:
      return absl::UnimplementedError(absl::StrCat(
          "unsupported: passing a ", type.ToString(), " argument from the command line"));
  }
  return absl::InvalidArgumentError(
      absl::StrCat("invalid ", type.ToString(), " argument '", text, "'"));
}

std::string FormatResult(const Val& v) {
  switch (v.type().kind()) {
    case ValueKind::kI32: return absl::StrCat(v.i32());
    case ValueKind::kI64: return absl::StrCat(v.i64());
    case ValueKind::kF32: return absl::StrCat(v.f32());
    case ValueKind::kF64: return absl::StrCat(v.f64());
    default: return v.ToString();
  }
}

Watchdog::Watchdog(std::chrono::nanoseconds timeout, std::function<void()> interrupt)
    : thread_([this, timeout, interrupt = std::move(interrupt)] {
        std::unique_lock<std::mutex> lock(mu_);
        if (!cv_.wait_for(lock, timeout, [this] { return done_; })) interrupt();
      }) {}

Watchdog::~Watchdog() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    done_ = true;
  }
  cv_.notify_one();
  thread_.join();
}

}  // namespace wasmtier::cli
