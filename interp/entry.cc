// The interpreter's entries (interp/interp.h): LazyEntry translates a function
// on its first call and publishes InterpEntry, which runs translated code.
// Translated Codes live in the module's interpreter TierData, shared by every
// instance in every store. Nothing on the entry path owns resources across a
// handler chain: traps leave by longjmp (rt::RaiseTrap).
#include <algorithm>
#include <memory>
#include <mutex>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "engine/runtime/profile.h"
#include "interp/interp.h"
#include "interp/handlers.h"

namespace wasmtier::interp {
namespace {

// The interpreter's per-module data (rt::ModuleCode::interp): every Code it
// published (they stay alive, and at their address, as long as the module),
// and the functions that failed to translate, so a failure is not retried.
struct InterpTierData : rt::TierData {
  std::vector<std::unique_ptr<Code>> codes;
  absl::flat_hash_map<uint32_t, absl::Status> failures;
};

// ModuleCode::interp, created on first use. Caller holds {code.mu}. Only the
// interpreter creates this slot, so the static cast is exact.
InterpTierData& TierDataOf(rt::ModuleCode& code) {
  if (code.interp == nullptr) code.interp = std::make_unique<InterpTierData>();
  return static_cast<InterpTierData&>(*code.interp);
}

// FuncCode::source_offset of interpreted functions: the wasm byte offset of
// the instruction at {pc} (a Word* into the Code), through Code::source_map:
// the last recorded instruction at or before {pc}. A pc outside the code (a
// trap at entry, pc = nullptr) maps to the first recorded instruction.
uint32_t SourceOffset(const rt::FuncCode* func, const void* pc) {
  const Code* code = static_cast<const Code*>(func->interp.load(std::memory_order_acquire));
  if (code == nullptr || code->source_map.empty()) return 0;
  const Word* ip = static_cast<const Word*>(pc);
  const Word* begin = code->words.data();
  if (ip < begin || ip >= begin + code->words.size()) return code->source_map.front().second;
  const uint32_t index = static_cast<uint32_t>(ip - begin);
  auto it = std::upper_bound(code->source_map.begin(), code->source_map.end(), index,
                             [](uint32_t i, const std::pair<uint32_t, uint32_t>& e) { return i < e.first; });
  if (it == code->source_map.begin()) return it->second;
  return std::prev(it)->second;
}

}  // namespace

void StackExhausted(rt::ExecContext* ctx) { rt::RaiseTrap(ctx, TrapCode::kStackExhausted); }

absl::StatusOr<const Code*> GetOrTranslate(rt::ModuleCode& code, uint32_t func_index) {
  const WasmModule& module = *code.module;
  if (func_index < module.num_imported_functions || func_index >= module.functions.size()) {
    return absl::InvalidArgumentError(absl::StrCat("no defined function ", func_index));
  }
  rt::FuncCode& func = code.funcs[func_index];
  if (const void* done = func.interp.load(std::memory_order_acquire)) {
    return static_cast<const Code*>(done);
  }
  std::lock_guard<std::mutex> lock(code.mu);
  // Another thread may have translated it while this one waited.
  if (const void* done = func.interp.load(std::memory_order_acquire)) {
    return static_cast<const Code*>(done);
  }
  InterpTierData& data = TierDataOf(code);
  if (auto failed = data.failures.find(func_index); failed != data.failures.end()) {
    return failed->second;
  }
  absl::StatusOr<std::unique_ptr<Code>> translated = Translate(module, func_index, code.config);
  if (!translated.ok()) {
    data.failures.emplace(func_index, translated.status());
    return translated.status();
  }
  const Code* published = translated->get();
  data.codes.push_back(*std::move(translated));
  func.interp.store(published, std::memory_order_release);
  func.source_offset.store(&SourceOffset, std::memory_order_release);
  // Swap in InterpEntry only over the lazy entry: a tier that already
  // published better code keeps it.
  rt::WasmEntry expected = &LazyEntry;
  if (!func.entry.compare_exchange_strong(expected, &InterpEntry, std::memory_order_release,
                                          std::memory_order_relaxed) &&
      expected == nullptr) {
    func.entry.store(&InterpEntry, std::memory_order_release);
  }
  return published;
}

const Code* TranslateOrRaise(rt::ExecContext* ctx, rt::FuncInst* callee) {
  absl::Status error;
  {
    absl::StatusOr<const Code*> code = GetOrTranslate(*callee->instance->code, callee->func_index);
    if (code.ok()) return *code;
    error = code.status();
  }
  // Moved from, {error} holds nothing that the skipped destructor would free.
  rt::RaiseStatus(ctx, std::move(error));
}

namespace {

[[gnu::noinline]] INTERP_COLD int32_t CallBudgetExhausted(rt::ExecContext* ctx, rt::FuncInst* callee,
                                                          int32_t budget) {
  callee->budget = budget;
  rt::OnBudgetExhausted(ctx, callee, nullptr);
  return callee->budget;
}

}  // namespace

void EnterFrame(rt::ExecContext* ctx, rt::Slot* fp, rt::FuncInst* callee, const Code* code) {
  EnterFrameChecks(ctx, fp, code);
  if (code->count_calls && __builtin_expect(--callee->budget < 0, 0)) {
    rt::OnBudgetExhausted(ctx, callee, nullptr);
  }
  if (code->entry_checks) ChargeFuelAndInterrupt(code->words.data(), ctx, callee);
}

void InterpEntrySlow(rt::ExecContext* ctx, rt::Slot* fp, rt::FuncInst* callee, const Code* code) {
  // Callers load {entry} relaxed, which orders nothing: a thread that saw
  // InterpEntry published may in principle still read the old nullptr here.
  // The module mutex then hands over the Code (never taken on x86 in practice).
  if (code == nullptr) code = TranslateOrRaise(ctx, callee);
  // Pushed before the checks so that a stack-exhausted trap shows this frame.
  rt::FrameRecord frame{ctx->top, callee, code->words.data()};
  ctx->top = &frame;
  // The record's own address stands for this native frame's (no frame pointer needed).
  if (reinterpret_cast<uintptr_t>(&frame) < ctx->native_limit) StackExhausted(ctx);
  EnterFrameChecks(ctx, fp, code);
  // The call's charge goes to the register copy the handlers carry (written
  // back by the Return handlers), not through memory.
  int32_t budget = callee->budget;
  if (code->count_calls && __builtin_expect(--budget < 0, 0)) budget = CallBudgetExhausted(ctx, callee, budget);
  if (code->entry_checks) ChargeFuelAndInterrupt(code->words.data(), ctx, callee);
  const Word* start = code->words.data();
  start->handler(start, fp, callee->instance->memory0_base, ctx, callee, budget);
  ctx->top = frame.prev;
}

void InterpEntry(rt::ExecContext* ctx, rt::Slot* fp, rt::FuncInst* callee) { RunInterpreted(ctx, fp, callee); }

void LazyEntry(rt::ExecContext* ctx, rt::Slot* fp, rt::FuncInst* callee) {
  TranslateOrRaise(ctx, callee);
  InterpEntry(ctx, fp, callee);
}

}  // namespace wasmtier::interp
