// Store: the execution context of one thread's worth of wasm (value stack,
// fuel, interrupt flag) and the owner of everything its instances and host
// code create.
#include <algorithm>
#include <cstdint>
#include <limits>
#include <utility>

#include "absl/strings/str_cat.h"
#include "engine/api/impl.h"

namespace wasmtier {

namespace rt {

StoreImpl::StoreImpl(const Engine& e, api::EngineImpl* impl, Store* store)
    : engine(e), engine_impl(impl), owner(store) {
  ctx.store = this;
  // Fuel starts empty, as in wasmtime: an embedder that turns fuel on must
  // decide how much code may run.
  ctx.fuel = 0;
  interrupt_link->flag = &ctx.interrupt;
}

StoreImpl::~StoreImpl() {
  std::lock_guard<std::mutex> lock(interrupt_link->mu);
  interrupt_link->flag = nullptr;
}

absl::Status StoreImpl::EnsureValueStack() {
  // The store's engine fixes the size; ctx.value_stack owns the mapping.
  return rt::EnsureValueStack(&ctx, engine_impl->config.max_wasm_stack_bytes);
}

const Config& StoreImpl::config() const { return engine_impl->config; }

bool StoreImpl::Owns(const Extern& item) const {
  switch (item.kind()) {
    case ExternKind::kFunc: return StoreOf(item.func()->raw()) == this;
    case ExternKind::kTable: return ObjOf(item.table()->raw())->store == this;
    case ExternKind::kGlobal: return ObjOf(item.global()->raw())->store == this;
    case ExternKind::kMemory: {
      // Few memories per store, and this runs only while matching imports.
      const MemoryInst* memory = item.memory()->raw();
      return std::any_of(memories.begin(), memories.end(),
                         [memory](const auto& owned) { return owned.get() == memory; });
    }
    case ExternKind::kTag: break;
  }
  return false;
}

absl::StatusOr<MemoryInst*> StoreImpl::NewMemory(const MemoryType& type) {
  absl::StatusOr<std::unique_ptr<MemoryInst>> memory = CreateMemory(type, config());
  if (!memory.ok()) return memory.status();
  MemoryInst* raw = memory->get();
  memories.push_back(std::move(*memory));
  ctx.memories.push_back(raw);  // the fault handler claims faults only inside these
  return raw;
}

absl::StatusOr<TableObj*> StoreImpl::NewTable(const TableType& type, Slot init,
                                             const uint32_t* sig_ids) {
  // The largest size the table may ever reach: its type's maximum, the
  // address type's range and the engine's cap.
  uint64_t max = type.limits.max.value_or(UINT64_MAX);
  if (!type.limits.is64) max = std::min<uint64_t>(max, UINT32_MAX);
  max = std::min(max, config().max_table_elements);
  if (type.limits.min > max) {
    return absl::ResourceExhaustedError(
        absl::StrCat("table of ", type.limits.min, " elements exceeds the limit of ", max));
  }
  TableObj& table = tables.emplace_back();
  table.type = type;
  table.max_elements = max;
  table.elements.assign(type.limits.min, init);
  table.store = this;
  table.sig_ids = sig_ids;
  return &table;
}

GlobalObj* StoreImpl::NewGlobal(const GlobalType& type, const uint32_t* sig_ids) {
  GlobalObj& global = globals.emplace_back();
  global.type = type;
  global.store = this;
  global.sig_ids = sig_ids;
  return &global;
}

}  // namespace rt

Store::Store(const Engine& engine)
    : impl_(std::make_unique<rt::StoreImpl>(engine, engine.impl_.get(), this)) {}

Store::~Store() = default;

// The impl stays where it is; only the back pointer host callbacks use to
// hand out the public Store (Caller::store()) follows the move.
Store::Store(Store&& other) noexcept : impl_(std::move(other.impl_)) {
  if (impl_ != nullptr) impl_->owner = this;
}

Store& Store::operator=(Store&& other) noexcept {
  impl_ = std::move(other.impl_);
  if (impl_ != nullptr) impl_->owner = this;
  return *this;
}

const Engine& Store::engine() const { return impl_->engine; }

absl::Status Store::SetFuel(uint64_t fuel) {
  if (!impl_->engine_impl->config.consume_fuel) {
    return absl::FailedPreconditionError("fuel is not enabled (Config::consume_fuel)");
  }
  impl_->ctx.fuel = static_cast<int64_t>(
      std::min<uint64_t>(fuel, static_cast<uint64_t>(std::numeric_limits<int64_t>::max())));
  return absl::OkStatus();
}

absl::StatusOr<uint64_t> Store::GetFuel() const {
  if (!impl_->engine_impl->config.consume_fuel) {
    return absl::FailedPreconditionError("fuel is not enabled (Config::consume_fuel)");
  }
  return static_cast<uint64_t>(std::max<int64_t>(impl_->ctx.fuel, 0));
}

std::function<void()> Store::InterruptHandle() {
  // Holds the link, not the Store: the handle may be called from another
  // thread while the Store object is moved, or after it is destroyed.
  std::shared_ptr<rt::InterruptLink> link = impl_->interrupt_link;
  return [link] {
    std::lock_guard<std::mutex> lock(link->mu);
    if (link->flag != nullptr) link->flag->store(1, std::memory_order_relaxed);
  };
}

void Store::ClearInterrupt() { impl_->ctx.interrupt.store(0, std::memory_order_relaxed); }

bool Store::InterruptPending() const {
  return impl_->ctx.interrupt.load(std::memory_order_relaxed) != 0;
}

}  // namespace wasmtier
