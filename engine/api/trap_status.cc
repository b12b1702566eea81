// Traps as statuses: a trap travels through absl::Status (code kAborted,
// message = the spec's words, so plain status users see the right text) with
// the whole Trap serialized into a payload, which GetTrap reads back. Also the
// backtrace of a trap raised by wasm code, named from the name section.
#include <cstring>
#include <string>

#include "absl/strings/cord.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "engine/api/impl.h"

namespace wasmtier {
namespace {

constexpr char kTrapPayload[] = "wasmtier/trap";

void PutU32(std::string& out, uint32_t v) { out.append(reinterpret_cast<const char*>(&v), 4); }
void PutString(std::string& out, const std::string& s) {
  PutU32(out, static_cast<uint32_t>(s.size()));
  out.append(s);
}

// Reads the payload back; every read is bounds-checked, as a payload may come
// from anywhere that builds a status.
class PayloadReader {
 public:
  explicit PayloadReader(const std::string& data) : data_(data) {}
  bool ok() const { return ok_; }
  uint8_t U8() {
    if (!Has(1)) return 0;
    return static_cast<uint8_t>(data_[pos_++]);
  }
  uint32_t U32() {
    uint32_t v = 0;
    if (!Has(4)) return 0;
    std::memcpy(&v, data_.data() + pos_, 4);
    pos_ += 4;
    return v;
  }
  std::string String() {
    const uint32_t n = U32();
    if (!Has(n)) return "";
    std::string s = data_.substr(pos_, n);
    pos_ += n;
    return s;
  }

 private:
  bool Has(size_t n) {
    if (ok_ && data_.size() - pos_ >= n) return true;
    ok_ = false;
    return false;
  }
  const std::string& data_;
  size_t pos_ = 0;
  bool ok_ = true;
};

}  // namespace

namespace {

bool SameFrame(const TrapFrame& a, const TrapFrame& b) {
  return a.func_index == b.func_index && a.code_offset == b.code_offset &&
         a.func_name == b.func_name && a.module_name == b.module_name;
}

}  // namespace

// Deep recursion leaves thousands of frames: runs of one repeated frame are
// folded into a line, and at most kMaxLines frames lines are printed.
std::string Trap::ToString() const {
  constexpr int kMaxLines = 64;
  std::string out = absl::StrCat("wasm trap: ", message(), "\nwasm backtrace:\n");
  int lines = 0;
  size_t i = 0;
  while (i < backtrace.size()) {
    if (lines == kMaxLines) {
      absl::StrAppendFormat(&out, "  ... %d more frames\n", backtrace.size() - i);
      break;
    }
    const TrapFrame& f = backtrace[i];
    const std::string offset = f.code_offset ? absl::StrFormat("0x%x", *f.code_offset) : "<unknown>";
    std::string name = f.func_name.empty() ? absl::StrCat("func[", f.func_index, "]") : f.func_name;
    if (!f.module_name.empty()) name = absl::StrCat(f.module_name, "!", name);
    absl::StrAppendFormat(&out, "  %d: %s - %s\n", i, offset, name);
    ++lines;
    size_t run = i + 1;
    while (run < backtrace.size() && SameFrame(backtrace[run], f)) ++run;
    if (run - i > 1) {
      absl::StrAppendFormat(&out, "  %d..%d: the same frame %d more times\n", i + 1, run - 1,
                            run - i - 1);
      ++lines;
    }
    i = run;
  }
  return out;
}

absl::Status TrapStatus(const Trap& trap) {
  std::string payload;
  payload.push_back(static_cast<char>(trap.code));
  PutU32(payload, static_cast<uint32_t>(trap.backtrace.size()));
  for (const TrapFrame& f : trap.backtrace) {
    PutU32(payload, f.func_index);
    payload.push_back(f.code_offset.has_value() ? 1 : 0);
    PutU32(payload, f.code_offset.value_or(0));
    PutString(payload, f.func_name);
    PutString(payload, f.module_name);
  }
  absl::Status status(absl::StatusCode::kAborted, TrapMessage(trap.code));
  status.SetPayload(kTrapPayload, absl::Cord(payload));
  return status;
}

std::optional<Trap> GetTrap(const absl::Status& status) {
  if (status.code() != absl::StatusCode::kAborted) return std::nullopt;
  auto payload = status.GetPayload(kTrapPayload);  // absl::optional here
  if (!payload) return std::nullopt;
  const std::string data(*payload);
  PayloadReader r(data);
  Trap trap;
  const uint8_t code = r.U8();
  if (code == 0 || code >= kNumTrapCodes) return std::nullopt;
  trap.code = static_cast<TrapCode>(code);
  const uint32_t frames = r.U32();
  for (uint32_t i = 0; i < frames && r.ok(); ++i) {
    TrapFrame f;
    f.func_index = r.U32();
    const bool has_offset = r.U8() != 0;
    const uint32_t offset = r.U32();
    if (has_offset) f.code_offset = offset;
    f.func_name = r.String();
    f.module_name = r.String();
    trap.backtrace.push_back(std::move(f));
  }
  if (!r.ok()) return std::nullopt;
  return trap;
}

namespace api {

Trap TrapFromContext(const rt::ExecContext& ctx) {
  Trap trap;
  trap.code = ctx.trap;
  for (const rt::FrameRecord& record : ctx.trap_frames) {
    const rt::FuncInst* fn = record.func;
    if (fn == nullptr) continue;
    TrapFrame f;
    f.func_index = fn->func_index;
    if (fn->instance != nullptr && fn->instance->module != nullptr) {
      const NameSection& names = fn->instance->module->names;
      if (auto it = names.function_names.find(fn->func_index); it != names.function_names.end()) {
        f.func_name = it->second;
      }
      f.module_name = names.module_name.value_or("");
    }
    if (fn->code != nullptr && record.pc != nullptr) {
      if (auto map = fn->code->source_offset.load(std::memory_order_acquire)) {
        f.code_offset = map(fn->code, record.pc);
      }
    }
    trap.backtrace.push_back(std::move(f));
  }
  return trap;
}

}  // namespace api
}  // namespace wasmtier
