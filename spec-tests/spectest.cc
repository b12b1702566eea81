// The spectest module's exports, as the reference interpreter defines them:
// print functions with no results, globals 666 / 666.6, a 10..20 funcref
// table (and its 64-bit twin), a 1..2 page memory and a shared one.
#include "spec-tests/spectest.h"

#include <bit>
#include <optional>
#include <vector>

#include "absl/strings/str_cat.h"

namespace wasmtier::spec {
namespace {

SpectestExport Print(std::string_view name, std::vector<ValType> params) {
  SpectestExport e{name, ExternKind::kFunc, {}, {}, {}, {}, 0};
  e.func.params = std::move(params);
  return e;
}

SpectestExport Global(std::string_view name, ValType type, uint64_t bits) {
  SpectestExport e{name, ExternKind::kGlobal, {}, {}, {}, {}, bits};
  e.global.type = type;
  return e;
}

SpectestExport Table(std::string_view name, bool is64) {
  SpectestExport e{name, ExternKind::kTable, {}, {}, {}, {}, 0};
  e.table.elem = ValType::FuncRef();
  e.table.limits = Limits{10, 20, is64, false};
  return e;
}

SpectestExport Memory(std::string_view name, bool shared) {
  SpectestExport e{name, ExternKind::kMemory, {}, {}, {}, {}, 0};
  e.memory.limits = Limits{1, 2, false, shared};
  return e;
}

std::vector<SpectestExport> MakeExports() {
  const ValType i32 = ValType::I32(), i64 = ValType::I64();
  const ValType f32 = ValType::F32(), f64 = ValType::F64();
  return {
      Print("print", {}),
      Print("print_i32", {i32}),
      Print("print_i64", {i64}),
      Print("print_f32", {f32}),
      Print("print_f64", {f64}),
      Print("print_i32_f32", {i32, f32}),
      Print("print_f64_f64", {f64, f64}),
      Global("global_i32", i32, 666),
      Global("global_i64", i64, 666),
      Global("global_f32", f32, std::bit_cast<uint32_t>(666.6f)),
      Global("global_f64", f64, std::bit_cast<uint64_t>(666.6)),
      Table("table", /*is64=*/false),
      Table("table64", /*is64=*/true),
      Memory("memory", /*shared=*/false),
      Memory("shared_memory", /*shared=*/true),
  };
}

}  // namespace

std::span<const SpectestExport> SpectestExports() {
  static const std::vector<SpectestExport>* const exports =
      new std::vector<SpectestExport>(MakeExports());
  return *exports;
}

const SpectestExport* FindSpectestExport(std::string_view name) {
  for (const SpectestExport& e : SpectestExports()) {
    if (e.name == name) return &e;
  }
  return nullptr;
}

absl::Status DefineSpectest(Store& store, Linker& linker) {
  for (const SpectestExport& e : SpectestExports()) {
    std::optional<Extern> item;
    switch (e.kind) {
      case ExternKind::kFunc:
        item = Func::CreateRaw(store, e.func,
                               [](Caller&, uint64_t*) { return absl::OkStatus(); });
        break;
      case ExternKind::kGlobal: {
        absl::StatusOr<wasmtier::Global> g =
            wasmtier::Global::Create(store, e.global, Val::FromBits(e.global.type, e.global_bits));
        if (!g.ok()) return g.status();
        item = *g;
        break;
      }
      case ExternKind::kTable: {
        absl::StatusOr<wasmtier::Table> t =
            wasmtier::Table::Create(store, e.table, Val::Null(e.table.elem));
        if (!t.ok()) return t.status();
        item = *t;
        break;
      }
      case ExternKind::kMemory: {
        absl::StatusOr<wasmtier::Memory> m = wasmtier::Memory::Create(store, e.memory);
        if (!m.ok()) {
          if (e.memory.limits.shared) continue;
          return m.status();
        }
        item = *m;
        break;
      }
      case ExternKind::kTag:
        continue;
    }
    absl::Status s = linker.Define("spectest", e.name, *item);
    if (!s.ok()) return s;
  }
  return absl::OkStatus();
}

}  // namespace wasmtier::spec
