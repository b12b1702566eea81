// Engine and Module: compiling bytes or text into a validated module with its
// code table (one FuncCode per function, entered through the tier the engine's
// config asks for) and engine-wide signature ids.
#include <memory>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "engine/api/impl.h"
#include "engine/text/wat.h"
#include "engine/validator.h"
#include "interp/interp.h"

namespace wasmtier {
namespace {

// The entry of every function in jit mode until the JIT exists: calling
// anything fails loudly instead of silently running the interpreter, so a
// test that means to cover the JIT never passes by accident.
void JitNotBuiltEntry(rt::ExecContext* ctx, rt::Slot*, rt::FuncInst*) {
  rt::RaiseStatus(ctx, absl::UnimplementedError("unsupported: the JIT tier is not built yet"));
}

std::unique_ptr<rt::ModuleCode> BuildCode(std::shared_ptr<const WasmModule> module,
                                          api::EngineImpl& engine) {
  auto code = std::make_unique<rt::ModuleCode>();
  code->config = engine.config;
  code->sig_ids = engine.types.Register(*module);
  const uint32_t n = static_cast<uint32_t>(module->functions.size());
  code->funcs = std::make_unique<rt::FuncCode[]>(n);
  const rt::WasmEntry entry =
      engine.config.tier == TierMode::kJit ? &JitNotBuiltEntry : &interp::LazyEntry;
  for (uint32_t i = 0; i < n; ++i) {
    code->funcs[i].func_index = i;
    if (!module->functions[i].imported) code->funcs[i].entry.store(entry, std::memory_order_relaxed);
  }
  code->module = std::move(module);
  return code;
}

}  // namespace

const char* TierModeName(TierMode mode) {
  switch (mode) {
    case TierMode::kAuto: return "auto";
    case TierMode::kInterp: return "interp";
    case TierMode::kJit: return "jit";
  }
  return "unknown";
}

Engine::Engine(Config config) : impl_(std::make_shared<api::EngineImpl>(config)) {}

const Config& Engine::config() const { return impl_->config; }

absl::StatusOr<Module> Module::Compile(const Engine& engine, std::span<const uint8_t> bytes) {
  absl::StatusOr<std::unique_ptr<WasmModule>> decoded =
      DecodeAndValidate(bytes.data(), bytes.size(), engine.impl_->config.features);
  if (!decoded.ok()) return decoded.status();
  std::shared_ptr<const WasmModule> shared(std::move(*decoded));
  Module module;
  module.impl_ = std::make_shared<api::ModuleImpl>();
  module.impl_->engine = engine.impl_;
  module.impl_->module = shared;
  module.impl_->code = BuildCode(shared, *engine.impl_);
  return module;
}

absl::StatusOr<Module> Module::CompileText(const Engine& engine, std::string_view wat) {
  absl::StatusOr<std::vector<uint8_t>> bytes = text::WatToBinary(wat);
  if (!bytes.ok()) return bytes.status();
  return Compile(engine, *bytes);
}

const WasmModule& Module::wasm_module() const { return *impl_->module; }

namespace {

// Sets the member of {desc} that describes entity {index} of kind {kind}.
template <typename Desc>
void DescribeExtern(const WasmModule& m, ExternKind kind, uint32_t index, Desc& desc) {
  switch (kind) {
    case ExternKind::kFunc: desc.func = m.function_type(index); break;
    case ExternKind::kTable: desc.table = m.tables[index].type; break;
    case ExternKind::kMemory: desc.memory = m.memories[index].type; break;
    case ExternKind::kGlobal: desc.global = m.globals[index].type; break;
    case ExternKind::kTag:
      if (index < m.tags.size()) desc.func = m.func_type(m.tags[index].type_index);
      break;
  }
}

}  // namespace

std::vector<ImportDesc> Module::imports() const {
  const WasmModule& m = *impl_->module;
  std::vector<ImportDesc> result;
  result.reserve(m.imports.size());
  for (const Import& import : m.imports) {
    ImportDesc desc;
    desc.module = import.module;
    desc.name = import.name;
    desc.kind = import.kind;
    DescribeExtern(m, import.kind, import.index, desc);
    result.push_back(std::move(desc));
  }
  return result;
}

std::vector<ExportDesc> Module::exports() const {
  const WasmModule& m = *impl_->module;
  std::vector<ExportDesc> result;
  result.reserve(m.exports.size());
  for (const Export& e : m.exports) {
    ExportDesc desc;
    desc.name = e.name;
    desc.kind = e.kind;
    DescribeExtern(m, e.kind, e.index, desc);
    result.push_back(std::move(desc));
  }
  return result;
}

}  // namespace wasmtier
