// The objects behind the public API's handles (engine/include/wasmtier/wasmtier.h):
// EngineImpl (config + type registry), ModuleImpl (decoded module + shared
// code table) and rt::StoreImpl (the execution context and the owner of every
// runtime object a store creates), plus the helpers the API's files share.
#ifndef WASMTIER_ENGINE_API_IMPL_H_
#define WASMTIER_ENGINE_API_IMPL_H_

#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "engine/api/type_registry.h"
#include "engine/include/wasmtier/wasmtier.h"
#include "engine/module.h"
#include "engine/runtime/exec.h"
#include "engine/runtime/host.h"
#include "engine/runtime/memory.h"
#include "engine/runtime/module_code.h"
#include "engine/runtime/stack.h"

namespace wasmtier {
namespace api {

struct EngineImpl {
  explicit EngineImpl(const Config& c) : config(c) {}
  Config config;
  TypeRegistry types;
};

struct ModuleImpl {
  std::shared_ptr<EngineImpl> engine;
  std::shared_ptr<const WasmModule> module;
  // Shared by every instance of the module in every store; instances point
  // into it (FuncInst::code, InstanceData::code), so stores keep the
  // ModuleImpl alive.
  std::unique_ptr<rt::ModuleCode> code;
};

}  // namespace api

namespace rt {

// Tables and globals as a store allocates them: the runtime object plus what
// the API needs to type-check host writes through a handle (Table::Set,
// Global::Set), which carries only the runtime pointer. Every TableInst and
// GlobalInst a handle can name was made by a store, so handles downcast.
struct TableObj : TableInst {
  StoreImpl* store = nullptr;
  const uint32_t* sig_ids = nullptr;  // of the defining module; nullptr for host tables
};
struct GlobalObj : GlobalInst {
  StoreImpl* store = nullptr;
  const uint32_t* sig_ids = nullptr;
};
inline TableObj* ObjOf(TableInst* t) { return static_cast<TableObj*>(t); }
inline GlobalObj* ObjOf(GlobalInst* g) { return static_cast<GlobalObj*>(g); }

// Host functions and externref payloads with the store that made them: a
// reference or import handed to another store would dangle once its own
// store dies, so the API refuses it (StoreImpl::Owns).
struct HostFuncObj : HostFunc {
  StoreImpl* store = nullptr;
};
struct ExternRefObj : ExternObj {
  StoreImpl* store = nullptr;
};
// The store {f} belongs to (nullptr for a function no store made, which only
// runtime tests build).
inline StoreImpl* StoreOf(const FuncInst* f) {
  if (f->instance != nullptr) return f->instance->store;
  return f->host != nullptr ? static_cast<const HostFuncObj*>(f->host)->store : nullptr;
}

// Everything a Store owns. Runtime objects live in deques: their addresses
// are what wasm code, tables and handles hold, and a deque never moves its
// elements when it grows. Nothing is freed before the store dies, because a
// function of a failed instantiation may already sit in a shared table.
// What an interrupt handle (Store::InterruptHandle) holds: the store's
// interrupt flag, cleared under {mu} when the store dies, so a handle that
// outlives its store (a watchdog thread) does nothing instead of writing freed
// memory.
struct InterruptLink {
  std::mutex mu;
  std::atomic<uint32_t>* flag = nullptr;
};

struct StoreImpl {
  StoreImpl(const Engine& e, api::EngineImpl* impl, Store* store);
  ~StoreImpl();

  // Maps the value stack on the first call into wasm (a store that only
  // holds host objects never needs one).
  absl::Status EnsureValueStack();
  // New runtime objects, owned by the store. Limits beyond the engine's
  // config are resource errors.
  absl::StatusOr<MemoryInst*> NewMemory(const MemoryType& type);
  absl::StatusOr<TableObj*> NewTable(const TableType& type, Slot init, const uint32_t* sig_ids);
  GlobalObj* NewGlobal(const GlobalType& type, const uint32_t* sig_ids);
  const Config& config() const;
  // Whether {item} was made by this store (imports must be).
  bool Owns(const Extern& item) const;

  Engine engine;                 // the public handle (Store::engine())
  api::EngineImpl* engine_impl;  // the same engine
  Store* owner;                  // the public Store (Caller::store()), updated on move
  ExecContext ctx;

  std::deque<FuncInst> funcs;
  std::deque<HostFuncObj> host_funcs;
  std::deque<TableObj> tables;
  std::deque<GlobalObj> globals;
  std::deque<InstanceData> instances;
  std::deque<ExternRefObj> externs;
  std::vector<std::unique_ptr<MemoryInst>> memories;  // unmapped on destruction
  std::vector<std::shared_ptr<api::ModuleImpl>> modules;  // of this store's instances
  std::shared_ptr<InterruptLink> interrupt_link = std::make_shared<InterruptLink>();
};

}  // namespace rt

namespace api {

// ---- Values (values.cc) ----
void ValToSlots(const Val& v, rt::Slot* out);  // writes v.type().slots() slots
Val ValFromSlots(ValType type, const rt::Slot* in);
// A module-relative value type with concrete heap types mapped to engine ids
// through {sig_ids} (nullptr: the type has no concrete heap types).
CanonValType Canon(ValType type, const uint32_t* sig_ids);
// Matching of canonical value types (spec 3.0 "Matching", across modules).
bool CanonSubtype(const CanonValType& sub, const CanonValType& super, const TypeRegistry& types);
// Whether the run-time value {v} is a value of {type} (of a module with
// {sig_ids}) that may enter {store} (a non-null reference must be one of its
// own); on mismatch an error naming {what}.
absl::Status CheckVal(const Val& v, ValType type, const uint32_t* sig_ids,
                      const rt::StoreImpl& store, std::string_view what);

// ---- Calls and traps (func.cc, trap_status.cc) ----
// Calls {func} from the host with its params in {slots} (results come back
// there), turning an unwinding trap into TrapStatus with its backtrace.
absl::Status CallWasm(rt::StoreImpl& store, rt::FuncInst* func, rt::Slot* slots);
// The trap recorded in {ctx} (code and backtrace with names and offsets).
Trap TrapFromContext(const rt::ExecContext& ctx);

// ---- Exports (instance.cc) ----
std::optional<Extern> ExportOf(rt::InstanceData* instance, std::string_view name);

}  // namespace api
}  // namespace wasmtier

#endif  // WASMTIER_ENGINE_API_IMPL_H_
