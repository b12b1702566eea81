// Instantiation in the spec's order (spec 4.5.4 "instantiate", 3.0): imports
// checked and matched, functions allocated, globals / table initialisers /
// element items evaluated, tables and memories created, then element and data
// segments applied in order (a trap there fails instantiation but keeps the
// writes already done: they may be visible through imported tables and
// memories), then the start function. Also the Instance's export accessors.
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "engine/api/const_eval.h"
#include "engine/api/impl.h"
#include "engine/runtime/instance_ops.h"

namespace wasmtier {
namespace {

absl::Status Incompatible(const Import& import, std::string_view why) {
  return absl::InvalidArgumentError(absl::StrCat("incompatible import type: \"", import.module,
                                                 "\" \"", import.name, "\": ", std::string(why)));
}

// Spec 3.0 "limits matching", with the provider's current size as its minimum.
bool LimitsMatch(uint64_t actual_min, const std::optional<uint64_t>& actual_max,
                 const Limits& expected) {
  if (actual_min < expected.min) return false;
  if (!expected.max) return true;
  return actual_max && *actual_max <= *expected.max;
}

class ImportMatcher {
 public:
  ImportMatcher(const WasmModule& m, const uint32_t* sig_ids, const api::TypeRegistry& types)
      : m_(m), sig_ids_(sig_ids), types_(types) {}

  absl::Status Match(const Import& import, const Extern& item) const {
    if (item.kind() != import.kind) {
      return Incompatible(import, absl::StrCat("expected ", ExternKindName(import.kind), ", got ",
                                               ExternKindName(item.kind())));
    }
    switch (import.kind) {
      case ExternKind::kFunc: return MatchFunc(import, item.func()->raw());
      case ExternKind::kTable: return MatchTable(import, rt::ObjOf(item.table()->raw()));
      case ExternKind::kMemory: return MatchMemory(import, item.memory()->raw());
      case ExternKind::kGlobal: return MatchGlobal(import, rt::ObjOf(item.global()->raw()));
      case ExternKind::kTag: break;
    }
    return absl::UnimplementedError("unsupported: tag imports (exception handling)");
  }

 private:
  absl::Status MatchFunc(const Import& import, const rt::FuncInst* f) const {
    const uint32_t expected = sig_ids_[m_.functions[import.index].type_index];
    if (types_.IsSubtypeId(f->sig_id, expected)) return absl::OkStatus();
    return Incompatible(import, absl::StrCat("expected ", m_.function_type(import.index).ToString(),
                                             ", got ", f->type->ToString()));
  }

  absl::Status MatchTable(const Import& import, const rt::TableObj* t) const {
    const TableType& want = m_.tables[import.index].type;
    const api::CanonValType a = api::Canon(t->type.elem, t->sig_ids);
    const api::CanonValType b = api::Canon(want.elem, sig_ids_);
    // Table element types are invariant: equal both ways.
    if (!api::CanonSubtype(a, b, types_) || !api::CanonSubtype(b, a, types_)) {
      return Incompatible(import, absl::StrCat("element type ", t->type.elem.ToString(),
                                               ", expected ", want.elem.ToString()));
    }
    if (t->type.limits.is64 != want.limits.is64) return Incompatible(import, "address type");
    if (!LimitsMatch(t->size(), t->type.limits.max, want.limits)) return Incompatible(import, "limits");
    return absl::OkStatus();
  }

  absl::Status MatchMemory(const Import& import, const rt::MemoryInst* mem) const {
    const MemoryType& want = m_.memories[import.index].type;
    if (mem->type.limits.is64 != want.limits.is64) return Incompatible(import, "address type");
    if (mem->type.limits.shared != want.limits.shared) return Incompatible(import, "sharedness");
    if (mem->type.page_size_log2 != want.page_size_log2) return Incompatible(import, "page size");
    if (!LimitsMatch(mem->pages(), mem->type.limits.max, want.limits)) {
      return Incompatible(import, "limits");
    }
    return absl::OkStatus();
  }

  absl::Status MatchGlobal(const Import& import, const rt::GlobalObj* g) const {
    const GlobalType& want = m_.globals[import.index].type;
    if (g->type.is_mutable != want.is_mutable) return Incompatible(import, "mutability");
    const api::CanonValType have = api::Canon(g->type.type, g->sig_ids);
    const api::CanonValType need = api::Canon(want.type, sig_ids_);
    // A mutable global is written through both types: invariant.
    const bool ok = api::CanonSubtype(have, need, types_) &&
                    (!want.is_mutable || api::CanonSubtype(need, have, types_));
    if (!ok) {
      return Incompatible(import, absl::StrCat("global type ", g->type.type.ToString(),
                                               ", expected ", want.type.ToString()));
    }
    return absl::OkStatus();
  }

  const WasmModule& m_;
  const uint32_t* sig_ids_;
  const api::TypeRegistry& types_;
};

// Builds one instance; each step is a member so Create reads as the spec's list.
class Instantiator {
 public:
  Instantiator(rt::StoreImpl& store, const std::shared_ptr<api::ModuleImpl>& module)
      : s_(store), mi_(module), m_(*module->module), sig_ids_(module->code->sig_ids.data()) {}

  absl::StatusOr<rt::InstanceData*> Run(std::span<const Extern> imports) {
    if (imports.size() != m_.imports.size()) {
      return absl::InvalidArgumentError(absl::StrCat("import count mismatch: the module has ",
                                                     m_.imports.size(), " imports, got ",
                                                     imports.size()));
    }
    ImportMatcher matcher(m_, sig_ids_, s_.engine_impl->types);
    for (size_t i = 0; i < imports.size(); ++i) {
      // A foreign import would dangle when its store dies, and a foreign
      // memory's guard faults are not this store's to claim (a host crash).
      if (!s_.Owns(imports[i])) {
        return Incompatible(m_.imports[i], "it belongs to another store");
      }
      absl::Status ok = matcher.Match(m_.imports[i], imports[i]);
      if (!ok.ok()) return ok;
    }
    // From here on objects are allocated in the store; they stay even if a
    // later step fails (segments may already have published them).
    s_.modules.push_back(mi_);
    inst_ = &s_.instances.emplace_back();
    inst_->sig_ids = sig_ids_;
    inst_->module = &m_;
    inst_->code = mi_->code.get();
    inst_->store = &s_;
    AddImports(imports);
    AllocateFunctions();
    api::ConstEvaluator eval(m_, s_.config().features, *inst_);
    absl::Status ok = AllocateGlobals(eval);
    if (ok.ok()) ok = AllocateTables(eval);
    if (ok.ok()) ok = AllocateMemories();
    if (ok.ok()) ok = EvaluateSegments(eval);
    if (ok.ok()) ok = ApplyElemSegments(eval);
    if (ok.ok()) ok = ApplyDataSegments(eval);
    if (ok.ok() && m_.start) {
      rt::Slot unused = 0;
      ok = api::CallWasm(s_, inst_->funcs[*m_.start], &unused);
    }
    if (!ok.ok()) return ok;
    return inst_;
  }

 private:
  void AddImports(std::span<const Extern> imports) {
    for (const Extern& item : imports) {
      switch (item.kind()) {
        case ExternKind::kFunc: inst_->funcs.push_back(item.func()->raw()); break;
        case ExternKind::kTable: inst_->tables.push_back(item.table()->raw()); break;
        case ExternKind::kMemory: inst_->memories.push_back(item.memory()->raw()); break;
        case ExternKind::kGlobal: inst_->globals.push_back(item.global()->raw()); break;
        case ExternKind::kTag: break;  // rejected by matching
      }
    }
  }

  void AllocateFunctions() {
    for (uint32_t i = m_.num_imported_functions; i < m_.functions.size(); ++i) {
      rt::FuncInst& f = s_.funcs.emplace_back();
      f.code = &mi_->code->funcs[i];
      f.instance = inst_;
      f.sig_id = sig_ids_[m_.functions[i].type_index];
      f.func_index = i;
      f.budget = s_.config().tier_up_budget;
      f.type = &m_.function_type(i);
      inst_->funcs.push_back(&f);
    }
  }

  // In index order: an initialiser reads only earlier globals.
  absl::Status AllocateGlobals(api::ConstEvaluator& eval) {
    for (uint32_t i = m_.num_imported_globals; i < m_.globals.size(); ++i) {
      const WasmGlobal& g = m_.globals[i];
      absl::StatusOr<api::ConstValue> v = eval.Eval(g.init, g.type.type);
      if (!v.ok()) return v.status();
      rt::GlobalObj* global = s_.NewGlobal(g.type, sig_ids_);
      global->value[0] = v->lo;
      global->value[1] = v->hi;
      inst_->globals.push_back(global);
    }
    return absl::OkStatus();
  }

  absl::Status AllocateTables(api::ConstEvaluator& eval) {
    for (uint32_t i = m_.num_imported_tables; i < m_.tables.size(); ++i) {
      const WasmTable& t = m_.tables[i];
      rt::Slot init = 0;  // null unless the 3.0 initialiser says otherwise
      if (t.init) {
        absl::StatusOr<api::ConstValue> v = eval.Eval(*t.init, t.type.elem);
        if (!v.ok()) return v.status();
        init = v->lo;
      }
      absl::StatusOr<rt::TableObj*> table = s_.NewTable(t.type, init, sig_ids_);
      if (!table.ok()) return table.status();
      inst_->tables.push_back(*table);
    }
    return absl::OkStatus();
  }

  absl::Status AllocateMemories() {
    for (uint32_t i = m_.num_imported_memories; i < m_.memories.size(); ++i) {
      absl::StatusOr<rt::MemoryInst*> memory = s_.NewMemory(m_.memories[i].type);
      if (!memory.ok()) return memory.status();
      inst_->memories.push_back(*memory);
    }
    if (!inst_->memories.empty()) inst_->memory0_base = inst_->memories[0]->base;
    return absl::OkStatus();
  }

  // Element items become references and data segments byte ranges; passive
  // segments stay so for table.init / memory.init.
  absl::Status EvaluateSegments(api::ConstEvaluator& eval) {
    inst_->elems.resize(m_.elems.size());
    for (size_t i = 0; i < m_.elems.size(); ++i) {
      const ElemSegment& seg = m_.elems[i];
      std::vector<rt::Slot>& refs = inst_->elems[i].refs;
      refs.reserve(seg.size());
      if (!seg.uses_exprs) {
        for (uint32_t f : seg.func_indices) refs.push_back(reinterpret_cast<rt::Slot>(inst_->funcs[f]));
        continue;
      }
      for (const ConstExpr& e : seg.exprs) {
        absl::StatusOr<api::ConstValue> v = eval.Eval(e, seg.elem_type);
        if (!v.ok()) return v.status();
        refs.push_back(v->lo);
      }
    }
    inst_->datas.resize(m_.datas.size());
    for (size_t i = 0; i < m_.datas.size(); ++i) {
      inst_->datas[i].bytes = m_.data(m_.datas[i].bytes);
      inst_->datas[i].size = m_.datas[i].bytes.length;
    }
    return absl::OkStatus();
  }

  // An offset of an i32 address type is read as unsigned 32 bits.
  absl::StatusOr<uint64_t> EvalOffset(api::ConstEvaluator& eval, const ConstExpr& e, bool is64) {
    absl::StatusOr<api::ConstValue> v = eval.Eval(e, is64 ? ValType::I64() : ValType::I32());
    if (!v.ok()) return v.status();
    return is64 ? v->lo : (v->lo & 0xFFFFFFFFu);
  }

  absl::Status ApplyElemSegments(api::ConstEvaluator& eval) {
    for (size_t i = 0; i < m_.elems.size(); ++i) {
      const ElemSegment& seg = m_.elems[i];
      if (seg.mode == SegmentMode::kPassive) continue;
      if (seg.mode == SegmentMode::kActive) {
        rt::TableInst* table = inst_->tables[seg.table_index];
        absl::StatusOr<uint64_t> offset = EvalOffset(eval, seg.offset, table->type.limits.is64);
        if (!offset.ok()) return offset.status();
        const rt::ElemInst& elem = inst_->elems[i];
        const TrapCode trap = rt::TableInit(table, *offset, elem, 0, elem.refs.size());
        if (trap != TrapCode::kNone) return TrapStatus(Trap{trap, {}});
      }
      rt::ElemDrop(&inst_->elems[i]);  // active and declarative segments
    }
    return absl::OkStatus();
  }

  absl::Status ApplyDataSegments(api::ConstEvaluator& eval) {
    for (size_t i = 0; i < m_.datas.size(); ++i) {
      const DataSegment& seg = m_.datas[i];
      if (seg.mode != SegmentMode::kActive) continue;
      rt::MemoryInst* memory = inst_->memories[seg.memory_index];
      absl::StatusOr<uint64_t> offset = EvalOffset(eval, seg.offset, memory->is64());
      if (!offset.ok()) return offset.status();
      const rt::DataInst& data = inst_->datas[i];
      const TrapCode trap = rt::MemoryInit(memory, *offset, data, 0, data.size);
      if (trap != TrapCode::kNone) return TrapStatus(Trap{trap, {}});
      rt::DataDrop(&inst_->datas[i]);
    }
    return absl::OkStatus();
  }

  rt::StoreImpl& s_;
  const std::shared_ptr<api::ModuleImpl>& mi_;
  const WasmModule& m_;
  const uint32_t* sig_ids_;
  rt::InstanceData* inst_ = nullptr;
};

}  // namespace

absl::StatusOr<Instance> Instance::Create(Store& store, const Module& module,
                                          std::span<const Extern> imports) {
  if (module.impl_ == nullptr) return absl::InvalidArgumentError("empty Module");
  if (module.impl_->engine.get() != store.raw()->engine_impl) {
    return absl::InvalidArgumentError("the module and the store belong to different engines");
  }
  Instantiator instantiator(*store.raw(), module.impl_);
  absl::StatusOr<rt::InstanceData*> instance = instantiator.Run(imports);
  if (!instance.ok()) return instance.status();
  return Instance(*instance);
}

std::optional<Extern> Instance::GetExport(std::string_view name) const {
  return api::ExportOf(instance_, name);
}

std::optional<Func> Instance::GetFunc(std::string_view name) const {
  std::optional<Extern> e = GetExport(name);
  return e ? e->func() : std::nullopt;
}

std::optional<Memory> Instance::GetMemory(std::string_view name) const {
  std::optional<Extern> e = GetExport(name);
  return e ? e->memory() : std::nullopt;
}

namespace {

Extern ExternOf(rt::InstanceData* inst, const Export& e) {
  switch (e.kind) {
    case ExternKind::kFunc: return Func(inst->funcs[e.index]);
    case ExternKind::kTable: return Table(inst->tables[e.index]);
    case ExternKind::kMemory: return Memory(inst->memories[e.index]);
    case ExternKind::kGlobal: return Global(inst->globals[e.index]);
    case ExternKind::kTag: break;
  }
  // Tags exist only with exception handling, whose modules fail to compile.
  return Func(nullptr);
}

}  // namespace

std::vector<std::pair<std::string, Extern>> Instance::exports() const {
  std::vector<std::pair<std::string, Extern>> result;
  for (const Export& e : instance_->module->exports) {
    if (e.kind == ExternKind::kTag) continue;
    result.emplace_back(e.name, ExternOf(instance_, e));
  }
  return result;
}

namespace api {

std::optional<Extern> ExportOf(rt::InstanceData* instance, std::string_view name) {
  for (const Export& e : instance->module->exports) {
    if (e.name == name && e.kind != ExternKind::kTag) return ExternOf(instance, e);
  }
  return std::nullopt;
}

}  // namespace api
}  // namespace wasmtier
