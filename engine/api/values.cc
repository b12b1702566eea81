// Values: Val's constructors and accessors, Val <-> slot conversion, and the
// type checks applied where host values enter wasm (call arguments, global
// and table writes, import matching) with types compared across modules
// through engine-wide ids.
#include <cmath>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "engine/api/impl.h"
#include "engine/subtyping.h"

namespace wasmtier {
namespace {

using K = HeapType::Code;

// The abstract top of a canonical value type's heap type (engine/subtyping.h
// has the abstract half).
uint32_t TopOfKind(TypeDef::Kind kind) { return kind == TypeDef::Kind::kFunc ? K::kFunc : K::kAny; }

uint32_t TopOf(const api::CanonValType& t, const api::TypeRegistry& types) {
  return t.concrete ? TopOfKind(types.KindOf(t.id)) : AbstractTopOf(t.type.heap_type().repr());
}

// A Val's own type never names a module's type index except through a
// concrete funcref from wasm, which is a function reference.
bool IsFuncVal(const Val& v) {
  const HeapType ht = v.type().heap_type();
  return ht.is_index() || AbstractTopOf(ht.repr()) == K::kFunc;
}

bool IsExternVal(const Val& v) {
  return v.type().heap_type().is_abstract() && AbstractTopOf(v.type().heap_type().repr()) == K::kExtern;
}

std::string RefTypeName(ValType t) {
  if (t == ValType::FuncRef()) return "funcref";
  if (t == ValType::ExternRef()) return "externref";
  return t.ToString();
}

}  // namespace

// ---- Val ----

Val Val::FuncRef(const Func& func) {
  return Val(ValType::FuncRef(), reinterpret_cast<uint64_t>(func.raw()));
}

Val Val::ExternRef(Store& store, uint64_t data) {
  rt::ExternRefObj& obj = store.raw()->externs.emplace_back();
  obj.data = data;
  obj.store = store.raw();
  return Val(ValType::ExternRef(), reinterpret_cast<uint64_t>(&obj));
}

std::optional<Func> Val::func() const {
  if (!type_.is_ref() || bits_[0] == 0 || !IsFuncVal(*this)) return std::nullopt;
  return Func(reinterpret_cast<rt::FuncInst*>(bits_[0]));
}

std::optional<uint64_t> Val::extern_data() const {
  if (!type_.is_ref() || bits_[0] == 0 || !IsExternVal(*this)) return std::nullopt;
  return reinterpret_cast<const rt::ExternObj*>(bits_[0])->data;
}

std::string Val::ToString() const {
  switch (type_.kind()) {
    case ValueKind::kI32: return absl::StrCat("i32:", i32());
    case ValueKind::kI64: return absl::StrCat("i64:", i64());
    case ValueKind::kF32:
      if (std::isnan(f32())) return absl::StrFormat("f32:nan(0x%08x)", f32_bits());
      return absl::StrFormat("f32:%.9g", f32());
    case ValueKind::kF64:
      if (std::isnan(f64())) return absl::StrFormat("f64:nan(0x%016x)", f64_bits());
      return absl::StrFormat("f64:%.17g", f64());
    case ValueKind::kV128: return absl::StrFormat("v128:0x%016x%016x", hi(), lo());
    case ValueKind::kRef:
    case ValueKind::kRefNull: {
      const std::string name = RefTypeName(type_.AsNullable());
      if (is_null()) return name + ":null";
      if (std::optional<Func> f = func()) return absl::StrCat(name, ":func[", f->raw()->func_index, "]");
      if (std::optional<uint64_t> d = extern_data()) return absl::StrCat(name, ":", *d);
      return absl::StrFormat("%s:0x%x", name, lo());
    }
    case ValueKind::kBottom: break;
  }
  return "bottom";
}

// ---- Extern ----

std::optional<Func> Extern::func() const {
  if (kind_ != ExternKind::kFunc) return std::nullopt;
  return Func(static_cast<rt::FuncInst*>(ptr_));
}
std::optional<Memory> Extern::memory() const {
  if (kind_ != ExternKind::kMemory) return std::nullopt;
  return Memory(static_cast<rt::MemoryInst*>(ptr_));
}
std::optional<Table> Extern::table() const {
  if (kind_ != ExternKind::kTable) return std::nullopt;
  return Table(static_cast<rt::TableInst*>(ptr_));
}
std::optional<Global> Extern::global() const {
  if (kind_ != ExternKind::kGlobal) return std::nullopt;
  return Global(static_cast<rt::GlobalInst*>(ptr_));
}

namespace api {

void ValToSlots(const Val& v, rt::Slot* out) {
  out[0] = v.lo();
  if (v.type().slots() == 2) out[1] = v.hi();
}

Val ValFromSlots(ValType type, const rt::Slot* in) {
  switch (type.kind()) {
    case ValueKind::kI32:
    case ValueKind::kF32: return Val::FromBits(type, in[0] & 0xFFFFFFFFu);  // high half unspecified
    case ValueKind::kV128: return Val::FromBits(type, in[0], in[1]);
    default: return Val::FromBits(type, in[0]);
  }
}

CanonValType Canon(ValType type, const uint32_t* sig_ids) {
  CanonValType c;
  if (type.is_ref() && type.heap_type().is_index()) {
    c.concrete = true;
    c.id = sig_ids != nullptr ? sig_ids[type.heap_type().index()] : UINT32_MAX;
    c.type = ValType::Ref(HeapType(0), type.is_nullable());
  } else {
    c.type = type;
  }
  return c;
}

bool CanonSubtype(const CanonValType& sub, const CanonValType& super, const TypeRegistry& types) {
  if (sub == super) return true;
  if (!sub.type.is_ref() || !super.type.is_ref()) return false;
  if (sub.type.is_nullable() && !super.type.is_nullable()) return false;
  if (sub.concrete && super.concrete) return types.IsSubtypeId(sub.id, super.id);
  if (sub.concrete) return ConcreteBelowAbstract(types.KindOf(sub.id), super.type.heap_type().repr());
  const uint32_t s = sub.type.heap_type().repr();
  if (super.concrete) {
    // Only the bottom of the concrete type's own hierarchy is below it.
    return (s == K::kNoFunc || s == K::kNone) && AbstractTopOf(s) == TopOf(super, types);
  }
  // Both abstract: the module argument is never read on this path.
  static const WasmModule kNoModule;
  return IsHeapSubtype(sub.type.heap_type(), super.type.heap_type(), kNoModule);
}

absl::Status CheckVal(const Val& v, ValType type, const uint32_t* sig_ids,
                      const rt::StoreImpl& store, std::string_view what) {
  const TypeRegistry& types = store.engine_impl->types;
  auto mismatch = [&] {
    return absl::InvalidArgumentError(absl::StrCat("type mismatch: ", std::string(what), " expects ",
                                                   type.ToString(), ", got ", v.ToString()));
  };
  if (!type.is_ref()) return v.type().kind() == type.kind() ? absl::OkStatus() : mismatch();
  if (!v.type().is_ref()) return mismatch();
  const CanonValType want = Canon(type, sig_ids);
  const uint32_t want_top = TopOf(want, types);
  if (v.is_null()) {
    const uint32_t have_top = IsFuncVal(v) ? K::kFunc : AbstractTopOf(v.type().heap_type().repr());
    return type.is_nullable() && have_top == want_top ? absl::OkStatus() : mismatch();
  }
  auto foreign = [&] {
    return absl::InvalidArgumentError(absl::StrCat(
        std::string(what), " is a reference of another store: ", v.ToString()));
  };
  if (IsFuncVal(v)) {
    const rt::FuncInst* f = reinterpret_cast<const rt::FuncInst*>(v.lo());
    if (rt::StoreOf(f) != &store) return foreign();
    if (want.concrete) return types.IsSubtypeId(f->sig_id, want.id) ? absl::OkStatus() : mismatch();
    return type.heap_type().repr() == K::kFunc ? absl::OkStatus() : mismatch();
  }
  if (IsExternVal(v)) {
    if (reinterpret_cast<const rt::ExternRefObj*>(v.lo())->store != &store) return foreign();
    return type.heap_type().repr() == K::kExtern ? absl::OkStatus() : mismatch();
  }
  return mismatch();
}

}  // namespace api
}  // namespace wasmtier
