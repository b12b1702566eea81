// TestInstance (interp/testing/handler_harness.h), and the test-only stand-in for
// the translator: handler tests register hand-built Codes per function index
// (LazyCodes) so LazyEntry and GetOrTranslate run without the real one.
#include "interp/testing/handler_harness.h"

#include <algorithm>

#include "absl/container/flat_hash_map.h"
#include "engine/runtime/host.h"

namespace wasmtier::interp {
namespace testing {

absl::flat_hash_map<uint32_t, absl::StatusOr<Code>>& LazyCodes() {
  static auto* codes = new absl::flat_hash_map<uint32_t, absl::StatusOr<Code>>();
  return *codes;
}
int& TranslateCalls() {
  static int calls = 0;
  return calls;
}

rt::FuncInst* TestInstance::Add(Code code, int params, int results, uint32_t sig_id, bool lazy) {
  const uint32_t index = static_cast<uint32_t>(instance_.funcs.size());
  auto type = std::make_unique<FuncType>();
  type->params.assign(params, ValType::I64());
  type->results.assign(results, ValType::I64());
  rt::FuncCode& func_code = code_.funcs[index];
  func_code.func_index = index;
  if (lazy) {
    LazyCodes().insert_or_assign(index, std::move(code));
    func_code.entry.store(&LazyEntry);
  } else {
    codes_.push_back(std::make_unique<Code>(std::move(code)));
    func_code.interp.store(codes_.back().get());
    func_code.entry.store(&InterpEntry);
  }
  auto func = std::make_unique<rt::FuncInst>();
  func->code = &func_code;
  func->instance = &instance_;
  func->sig_id = sig_id;
  func->func_index = index;
  func->budget = code_.config.tier_up_budget;
  func->type = type.get();
  types_.push_back(std::move(type));
  instance_.funcs.push_back(func.get());
  funcs_.push_back(std::move(func));
  return funcs_.back().get();
}

rt::FuncInst* TestInstance::AddHost(int params, int results, rt::HostCallback callback) {
  auto host = std::make_unique<rt::HostFunc>();
  host->type.params.assign(params, ValType::I64());
  host->type.results.assign(results, ValType::I64());
  host->callback = std::move(callback);
  host->code.entry.store(&rt::HostEntry);
  auto func = std::make_unique<rt::FuncInst>();
  func->code = &host->code;
  func->type = &host->type;
  func->host = host.get();
  func->sig_id = 200;
  hosts_.push_back(std::move(host));
  instance_.funcs.push_back(func.get());
  funcs_.push_back(std::move(func));
  return funcs_.back().get();
}

absl::Status TestInstance::Call(rt::FuncInst* func, std::vector<rt::Slot>& args) {
  args.resize(std::max(func->type->params.size(), func->type->results.size()));
  return rt::CallFromHost(&ctx_, func, args.data());
}

rt::MemoryInst* TestInstance::AddMemory(uint64_t pages, bool is64) {
  buffers_.push_back(std::make_unique<std::vector<uint8_t>>(pages << 16));
  auto memory = std::make_unique<rt::MemoryInst>();
  memory->base = buffers_.back()->data();
  memory->size = pages << 16;
  memory->reserved = memory->size;
  memory->max_pages = pages;
  memory->type.limits.min = pages;
  memory->type.limits.is64 = is64;
  if (instance_.memories.empty()) instance_.memory0_base = memory->base;
  instance_.memories.push_back(memory.get());
  memories_.push_back(std::move(memory));
  return memories_.back().get();
}

rt::TableInst* TestInstance::AddTable(uint64_t size, bool is64) {
  auto table = std::make_unique<rt::TableInst>();
  table->elements.assign(size, 0);
  table->max_elements = 1000;
  table->type.limits.min = size;
  table->type.limits.is64 = is64;
  instance_.tables.push_back(table.get());
  tables_.push_back(std::move(table));
  return tables_.back().get();
}

rt::GlobalInst* TestInstance::AddGlobal(rt::Slot value) {
  auto global = std::make_unique<rt::GlobalInst>();
  global->value[0] = value;
  instance_.globals.push_back(global.get());
  globals_.push_back(std::move(global));
  return globals_.back().get();
}

}  // namespace testing

// The translator, for handler tests only (a test binary links no real one):
// the Code registered for the function. Weak, as the brief allows, until the
// translator lands; the lazy-entry tests count its calls, so a binary that
// picks up the real Translate instead fails loudly.
[[gnu::weak]] absl::StatusOr<std::unique_ptr<Code>> Translate(const WasmModule& module,
                                                              uint32_t func_index,
                                                              const Config& config) {
  ++testing::TranslateCalls();
  auto it = testing::LazyCodes().find(func_index);
  if (it == testing::LazyCodes().end()) return absl::InternalError("no test code registered");
  if (!it->second.ok()) return it->second.status();
  return std::make_unique<Code>(*it->second);
}

}  // namespace wasmtier::interp
