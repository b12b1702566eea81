// Functions: host functions (a Val or raw-slot callback behind rt::HostFunc),
// calls from the host into wasm (argument checks, slot marshalling, traps
// turned into TrapStatus), and the Caller handed to host callbacks.
#include <algorithm>
#include <utility>
#include <vector>

#include "absl/container/inlined_vector.h"
#include "absl/strings/str_cat.h"
#include "engine/api/impl.h"

namespace wasmtier {
namespace {

using SlotBuffer = absl::InlinedVector<rt::Slot, 16>;

// The instance whose code called a host function: the innermost wasm frame,
// if it belongs to the current host->wasm entry. A host function the host
// calls directly (Func::Call) has no caller instance, even when that happens
// inside another host function that wasm called.
rt::InstanceData* CallingInstance(const rt::ExecContext* ctx) {
  const rt::FrameRecord* top = ctx->top;
  if (top == nullptr || top->func == nullptr) return nullptr;
  if (ctx->entry != nullptr && ctx->entry->saved_top == top) return nullptr;
  return top->func->instance;
}

rt::FuncInst* NewHostFunc(Store& store, const FuncType& type, rt::HostCallback callback) {
  rt::StoreImpl& s = *store.raw();
  rt::HostFuncObj& host = s.host_funcs.emplace_back();
  host.store = &s;
  host.type = type;
  host.callback = std::move(callback);
  host.code.entry.store(&rt::HostEntry, std::memory_order_relaxed);
  rt::FuncInst& f = s.funcs.emplace_back();
  f.code = &host.code;
  f.instance = nullptr;
  // Host types with concrete reference types get no match in any module:
  // their type indices mean nothing outside a module (see RegisterFuncType).
  f.sig_id = s.engine_impl->types.RegisterFuncType(host.type);
  f.type = &host.type;
  f.host = &host;
  return &f;
}

}  // namespace

std::optional<Extern> Caller::GetExport(std::string_view name) const {
  if (instance_ == nullptr) return std::nullopt;
  return api::ExportOf(instance_, name);
}

Func Func::Create(Store& store, const FuncType& type, Callback callback) {
  auto adapter = [cb = std::move(callback)](rt::ExecContext* ctx, rt::FuncInst* self,
                                            rt::Slot* slots) -> absl::Status {
    const FuncType& t = *self->type;
    absl::InlinedVector<Val, 8> args;
    args.reserve(t.params.size());
    const rt::Slot* in = slots;
    for (ValType p : t.params) {
      args.push_back(api::ValFromSlots(p, in));
      in += p.slots();
    }
    absl::InlinedVector<Val, 4> results;
    for (ValType r : t.results) results.push_back(Val::FromBits(r, 0));
    Caller caller(ctx->store->owner, CallingInstance(ctx));
    absl::Status status = cb(caller, std::span<const Val>(args.data(), args.size()),
                             std::span<Val>(results.data(), results.size()));
    if (!status.ok()) return status;
    // A callback that filled a wrong type must not hand wasm ill-typed bits:
    // comparing kinds alone let an externref through as a funcref (wasm then
    // calls an ExternObj as a FuncInst) and a null through a non-null type.
    rt::Slot* out = slots;
    for (size_t i = 0; i < t.results.size(); ++i) {
      absl::Status ok = api::CheckVal(results[i], t.results[i], nullptr, *ctx->store,
                                      absl::StrCat("host function result ", i));
      if (!ok.ok()) return ok;
      api::ValToSlots(results[i], out);
      out += t.results[i].slots();
    }
    return absl::OkStatus();
  };
  return Func(NewHostFunc(store, type, std::move(adapter)));
}

Func Func::CreateRaw(Store& store, const FuncType& type, RawCallback callback) {
  auto adapter = [cb = std::move(callback)](rt::ExecContext* ctx, rt::FuncInst*,
                                            rt::Slot* slots) -> absl::Status {
    Caller caller(ctx->store->owner, CallingInstance(ctx));
    return cb(caller, slots);
  };
  return Func(NewHostFunc(store, type, std::move(adapter)));
}

FuncType Func::type() const { return *func_->type; }

absl::Status Func::Call(Store& store, std::span<const Val> args, std::span<Val> results) const {
  const FuncType& t = *func_->type;
  if (rt::StoreOf(func_) != store.raw()) {
    return absl::InvalidArgumentError("function called with a store it does not belong to");
  }
  if (args.size() != t.params.size()) {
    return absl::InvalidArgumentError(absl::StrCat("wrong number of arguments: expected ",
                                                   t.params.size(), ", got ", args.size()));
  }
  if (results.size() != t.results.size()) {
    return absl::InvalidArgumentError(absl::StrCat("wrong number of results: expected ",
                                                   t.results.size(), ", got ", results.size()));
  }
  const uint32_t* sig_ids = func_->instance != nullptr ? func_->instance->sig_ids : nullptr;
  SlotBuffer slots(std::max(rt::CallSlots(t), 1u));
  rt::Slot* in = slots.data();
  for (size_t i = 0; i < args.size(); ++i) {
    absl::Status ok = api::CheckVal(args[i], t.params[i], sig_ids, *store.raw(),
                                    absl::StrCat("argument ", i));
    if (!ok.ok()) return ok;
    api::ValToSlots(args[i], in);
    in += t.params[i].slots();
  }
  absl::Status status = api::CallWasm(*store.raw(), func_, slots.data());
  if (!status.ok()) return status;
  const rt::Slot* out = slots.data();
  for (size_t i = 0; i < t.results.size(); ++i) {
    results[i] = api::ValFromSlots(t.results[i], out);
    out += t.results[i].slots();
  }
  return absl::OkStatus();
}

absl::StatusOr<std::vector<Val>> Func::Call(Store& store, std::span<const Val> args) const {
  std::vector<Val> results(func_->type->results.size());
  absl::Status status = Call(store, args, std::span<Val>(results));
  if (!status.ok()) return status;
  return results;
}

namespace api {

absl::Status CallWasm(rt::StoreImpl& store, rt::FuncInst* func, rt::Slot* slots) {
  rt::ExecContext& ctx = store.ctx;
  absl::Status ready = store.EnsureValueStack();
  if (!ready.ok()) return ready;
  ctx.trap = TrapCode::kNone;
  ctx.trap_frames.clear();
  absl::Status status = rt::CallFromHost(&ctx, func, slots);
  if (status.ok()) return status;
  if (ctx.trap != TrapCode::kNone) {
    Trap trap = TrapFromContext(ctx);
    ctx.trap = TrapCode::kNone;
    return TrapStatus(trap);
  }
  // A host function's trap carries no wasm frames of its own: give it the
  // backtrace of the wasm code that called it.
  if (std::optional<Trap> trap = GetTrap(status); trap && trap->backtrace.empty() &&
                                                  !ctx.trap_frames.empty()) {
    Trap with_frames = TrapFromContext(ctx);
    with_frames.code = trap->code;
    return TrapStatus(with_frames);
  }
  return status;
}

}  // namespace api
}  // namespace wasmtier
