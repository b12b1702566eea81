// Wasmtier's C++ embedding API (DESIGN.md §1). The CLI, the spec runner and
// WASI use only this header (and config.h).
//
//   Engine   configuration + compiled-code cache; shared between threads.
//   Module   a validated module, immutable, shareable between threads/stores.
//   Store    owns instances and everything they create; one thread at a time.
//   Linker   name -> extern definitions used to instantiate modules.
//   Instance, Func, Memory, Table, Global: handles into a Store, valid while
//            the store lives; copying a handle copies a reference.
//
// Errors come back as absl::Status. A trap is a status for which GetTrap()
// returns the trap (its code, the spec's message, a wasm backtrace).
#ifndef WASMTIER_ENGINE_INCLUDE_WASMTIER_WASMTIER_H_
#define WASMTIER_ENGINE_INCLUDE_WASMTIER_WASMTIER_H_

#include <cstdint>
#include <cstring>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "engine/include/wasmtier/config.h"
#include "engine/runtime/trap.h"
#include "engine/types.h"

namespace wasmtier {

class WasmModule;
namespace rt {
struct FuncInst;
struct MemoryInst;
struct TableInst;
struct GlobalInst;
struct InstanceData;
struct StoreImpl;
struct ExecContext;
}  // namespace rt
namespace api {
struct EngineImpl;
struct ModuleImpl;
}  // namespace api

// ---------------------------------------------------------------------------
class Engine {
 public:
  explicit Engine(Config config = {});
  const Config& config() const;

 private:
  friend class Module;
  friend class Store;
  friend class Linker;  // holds the engine its definitions and modules must belong to
  std::shared_ptr<api::EngineImpl> impl_;
};

// ---------------------------------------------------------------------------
struct ImportDesc {
  std::string module;
  std::string name;
  ExternKind kind;
  // The imported entity's type: the member matching {kind} is set.
  FuncType func;
  TableType table;
  MemoryType memory;
  GlobalType global;
};

struct ExportDesc {
  std::string name;
  ExternKind kind;
  FuncType func;
  TableType table;
  MemoryType memory;
  GlobalType global;
};

class Module {
 public:
  // Decodes and validates {bytes} (binary format); the error is malformed,
  // invalid or unsupported (engine/error.h).
  static absl::StatusOr<Module> Compile(const Engine& engine, std::span<const uint8_t> bytes);
  // Same from WebAssembly text (.wat).
  static absl::StatusOr<Module> CompileText(const Engine& engine, std::string_view wat);

  std::vector<ImportDesc> imports() const;
  std::vector<ExportDesc> exports() const;
  // The decoded module (sections, names...), for tools such as `inspect`.
  const WasmModule& wasm_module() const;

 private:
  friend class Store;
  friend class Linker;
  friend class Instance;
  std::shared_ptr<api::ModuleImpl> impl_;
};

// ---------------------------------------------------------------------------
class Store;
class Func;

// A WebAssembly value. References hold a pointer into their store (a Func, or
// an externref's host object); null references hold 0. A non-null reference
// is only accepted by the store that made it (calls, table and global writes
// and host function results of another store fail with a type error).
class Val {
 public:
  Val() : type_(ValType::I32()) {}
  static Val I32(int32_t v) { return Val(ValType::I32(), static_cast<uint32_t>(v)); }
  static Val I64(int64_t v) { return Val(ValType::I64(), static_cast<uint64_t>(v)); }
  static Val F32(float v) { uint32_t b; std::memcpy(&b, &v, 4); return F32Bits(b); }
  static Val F64(double v) { uint64_t b; std::memcpy(&b, &v, 8); return F64Bits(b); }
  static Val F32Bits(uint32_t bits) { return Val(ValType::F32(), bits); }
  static Val F64Bits(uint64_t bits) { return Val(ValType::F64(), bits); }
  static Val V128(uint64_t lo, uint64_t hi) { Val v(ValType::V128(), lo); v.bits_[1] = hi; return v; }
  static Val Null(ValType ref_type) { return Val(ref_type.AsNullable(), 0); }
  static Val FuncRef(const Func& func);
  // An externref wrapping {data}; the store owns the wrapper object.
  static Val ExternRef(Store& store, uint64_t data);
  // Raw construction from slot bits (the type decides the meaning).
  static Val FromBits(ValType type, uint64_t lo, uint64_t hi = 0) { Val v(type, lo); v.bits_[1] = hi; return v; }

  ValType type() const { return type_; }
  int32_t i32() const { return static_cast<int32_t>(bits_[0]); }
  int64_t i64() const { return static_cast<int64_t>(bits_[0]); }
  float f32() const { float f; uint32_t b = static_cast<uint32_t>(bits_[0]); std::memcpy(&f, &b, 4); return f; }
  double f64() const { double d; std::memcpy(&d, &bits_[0], 8); return d; }
  uint32_t f32_bits() const { return static_cast<uint32_t>(bits_[0]); }
  uint64_t f64_bits() const { return bits_[0]; }
  uint64_t lo() const { return bits_[0]; }
  uint64_t hi() const { return bits_[1]; }
  bool is_null() const { return type_.is_ref() && bits_[0] == 0; }
  // funcref: the function (nullopt when null). externref: the wrapped data.
  std::optional<Func> func() const;
  std::optional<uint64_t> extern_data() const;

  std::string ToString() const;  // "i32:42", "f64:1.5", "funcref:null", ...

 private:
  Val(ValType t, uint64_t lo) : type_(t), bits_{lo, 0} {}
  ValType type_;
  uint64_t bits_[2];
};

// ---------------------------------------------------------------------------
struct TrapFrame {
  uint32_t func_index = 0;
  std::string func_name;    // from the name section; "" if none
  std::string module_name;  // from the name section; "" if none
  std::optional<uint32_t> code_offset;  // byte offset in the module, if known
};

struct Trap {
  TrapCode code = TrapCode::kUnreachable;
  std::vector<TrapFrame> backtrace;  // innermost frame first
  std::string message() const { return TrapMessage(code); }
  // "wasm trap: <message>\nwasm backtrace:\n  0: 0x1a - <name or func[3]>\n..."
  std::string ToString() const;
};

// A trap as a status (kAborted, message = the spec's message, the trap as a
// payload), and back. Host functions may return TrapStatus(...) to trap.
absl::Status TrapStatus(const Trap& trap);
std::optional<Trap> GetTrap(const absl::Status& status);

// ---------------------------------------------------------------------------
class Instance;
class Memory;
class Table;
class Global;

// What an import resolves to / an export yields.
class Extern;

// Given to host functions: the store and the instance whose code called them.
class Caller {
 public:
  Store& store() const { return *store_; }
  // An export of the calling instance ("memory" for WASI), if any.
  std::optional<Extern> GetExport(std::string_view name) const;

 private:
  friend struct api::EngineImpl;
  friend class Func;
  Caller(Store* store, rt::InstanceData* instance) : store_(store), instance_(instance) {}
  Store* store_;
  rt::InstanceData* instance_;  // nullptr when called from the host directly
};

class Func {
 public:
  // A host function. {args} has the type's params; {results} is sized to its
  // results and must be filled. A non-OK status unwinds the wasm stack and is
  // returned by the outermost Func::Call unchanged (TrapStatus traps).
  using Callback =
      std::function<absl::Status(Caller& caller, std::span<const Val> args, std::span<Val> results)>;
  static Func Create(Store& store, const FuncType& type, Callback callback);
  // Same on raw slots: params in slots[0..), results written to slots[0..)
  // (i32/f32 in the low 4 bytes, v128 two slots). Cheaper: no Val vectors,
  // and no checks either: the results are trusted, so a reference result must
  // be null (where its type allows) or a reference of this store of that type.
  using RawCallback = std::function<absl::Status(Caller& caller, uint64_t* slots)>;
  static Func CreateRaw(Store& store, const FuncType& type, RawCallback callback);

  FuncType type() const;
  // Calls the function; args must match its params. Traps come back as
  // TrapStatus; host errors unchanged.
  absl::StatusOr<std::vector<Val>> Call(Store& store, std::span<const Val> args) const;
  absl::Status Call(Store& store, std::span<const Val> args, std::span<Val> results) const;

  rt::FuncInst* raw() const { return func_; }
  explicit Func(rt::FuncInst* func) : func_(func) {}

 private:
  rt::FuncInst* func_;
};

class Memory {
 public:
  // A host-created memory (spectest's "memory"); fails if it cannot be reserved.
  static absl::StatusOr<Memory> Create(Store& store, const MemoryType& type);
  MemoryType type() const;
  uint64_t size_bytes() const;
  uint64_t pages() const;
  // Grows by {delta} pages; the old size in pages, or an error if it cannot.
  // Const like every handle operation: the handle names the memory, it is not it.
  absl::StatusOr<uint64_t> Grow(uint64_t delta) const;
  // Checked views of guest memory: an error (never a host access) if
  // [offset, offset + length) is not inside the memory. Valid until the next
  // wasm call (the memory may grow, though its base never moves).
  absl::StatusOr<std::span<uint8_t>> Span(uint64_t offset, uint64_t length) const;
  absl::Status Read(uint64_t offset, std::span<uint8_t> out) const;
  absl::Status Write(uint64_t offset, std::span<const uint8_t> bytes) const;

  rt::MemoryInst* raw() const { return memory_; }
  explicit Memory(rt::MemoryInst* memory) : memory_(memory) {}

 private:
  rt::MemoryInst* memory_;
};

class Table {
 public:
  static absl::StatusOr<Table> Create(Store& store, const TableType& type, Val init);
  TableType type() const;
  uint64_t size() const;
  absl::StatusOr<Val> Get(uint64_t index) const;
  absl::Status Set(uint64_t index, Val value) const;
  absl::StatusOr<uint64_t> Grow(uint64_t delta, Val init) const;  // old size

  rt::TableInst* raw() const { return table_; }
  explicit Table(rt::TableInst* table) : table_(table) {}

 private:
  rt::TableInst* table_;
};

class Global {
 public:
  static absl::StatusOr<Global> Create(Store& store, const GlobalType& type, Val value);
  GlobalType type() const;
  Val Get() const;
  absl::Status Set(Val value) const;  // fails on immutable globals and type mismatch

  rt::GlobalInst* raw() const { return global_; }
  explicit Global(rt::GlobalInst* global) : global_(global) {}

 private:
  rt::GlobalInst* global_;
};

class Extern {
 public:
  Extern(Func f) : kind_(ExternKind::kFunc), ptr_(f.raw()) {}
  Extern(Memory m) : kind_(ExternKind::kMemory), ptr_(m.raw()) {}
  Extern(Table t) : kind_(ExternKind::kTable), ptr_(t.raw()) {}
  Extern(Global g) : kind_(ExternKind::kGlobal), ptr_(g.raw()) {}
  ExternKind kind() const { return kind_; }
  std::optional<Func> func() const;
  std::optional<Memory> memory() const;
  std::optional<Table> table() const;
  std::optional<Global> global() const;

 private:
  ExternKind kind_;
  void* ptr_;
};

class Instance {
 public:
  // Instantiates per the spec's order: imports matched (with subtyping)
  // against {imports} given in the module's import order, globals, tables and
  // memories created, exports, element and data segments (a trapping segment
  // fails instantiation with its trap, keeping earlier writes), start function.
  // Every import must belong to {store}.
  static absl::StatusOr<Instance> Create(Store& store, const Module& module,
                                         std::span<const Extern> imports);
  std::optional<Extern> GetExport(std::string_view name) const;
  std::optional<Func> GetFunc(std::string_view name) const;
  std::optional<Memory> GetMemory(std::string_view name) const;
  std::vector<std::pair<std::string, Extern>> exports() const;

  rt::InstanceData* raw() const { return instance_; }
  explicit Instance(rt::InstanceData* instance) : instance_(instance) {}

 private:
  rt::InstanceData* instance_;
};

// ---------------------------------------------------------------------------
class Store {
 public:
  explicit Store(const Engine& engine);
  ~Store();
  Store(Store&&) noexcept;
  Store& operator=(Store&&) noexcept;

  const Engine& engine() const;
  // Fuel (Config::consume_fuel): set the remaining fuel / read it.
  absl::Status SetFuel(uint64_t fuel);
  absl::StatusOr<uint64_t> GetFuel() const;
  // Makes running code trap "interrupt" at its next call or loop back-edge
  // (Config::interruptible). The returned function may be called from any
  // thread at any time; once the store is destroyed it does nothing.
  std::function<void()> InterruptHandle();
  // Clears a pending interrupt so the store can run again.
  void ClearInterrupt();
  // Whether an interrupt is pending: true from the moment InterruptHandle()'s
  // function is called (by the embedder, or a timeout watchdog such as
  // `wasmtier run -W timeout`) until ClearInterrupt(). For host functions
  // that wait: they may poll it and return TrapStatus(Trap{kInterrupted})
  // so a guest asleep in host code still ends at the interrupt (the engine
  // gives that trap the calling guest's backtrace). Any thread may ask.
  bool InterruptPending() const;

  rt::StoreImpl* raw() const { return impl_.get(); }

 private:
  std::unique_ptr<rt::StoreImpl> impl_;
};

// ---------------------------------------------------------------------------
class Linker {
 public:
  explicit Linker(const Engine& engine);
  // Defines "{module}" "{name}"; redefining a name is an error unless
  // AllowShadowing(true).
  absl::Status Define(std::string_view module, std::string_view name, Extern item);
  // Defines every export of {instance} under {module} (the spec's `register`).
  absl::Status DefineInstance(std::string_view module, const Instance& instance);
  void AllowShadowing(bool allow) { allow_shadowing_ = allow; }
  std::optional<Extern> Get(std::string_view module, std::string_view name) const;
  // Resolves every import of {module} by name (an unknown import is
  // "unknown import", a mismatch "incompatible import type": the spec's
  // assert_unlinkable texts), then instantiates.
  absl::StatusOr<Instance> Instantiate(Store& store, const Module& module) const;

 private:
  std::shared_ptr<api::EngineImpl> engine_;
  std::vector<std::pair<std::string, Extern>> items_;  // key: module + '\0' + name
  bool allow_shadowing_ = false;
};

}  // namespace wasmtier

#endif  // WASMTIER_ENGINE_INCLUDE_WASMTIER_WASMTIER_H_
