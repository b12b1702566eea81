// Linker: named definitions ("module" "name" -> extern) from which a module's
// imports are resolved by name, as the spec's `register` and wasmtime's
// Linker do. Errors use the testsuite's assert_unlinkable words.
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "engine/api/impl.h"

namespace wasmtier {
namespace {

std::string Key(std::string_view module, std::string_view name) {
  std::string key;
  key.reserve(module.size() + name.size() + 1);
  key.append(module);
  key.push_back('\0');  // names may contain any character but can't make this ambiguous
  key.append(name);
  return key;
}

}  // namespace

Linker::Linker(const Engine& engine) : engine_(engine.impl_) {}

absl::Status Linker::Define(std::string_view module, std::string_view name, Extern item) {
  std::string key = Key(module, name);
  for (auto& [k, existing] : items_) {
    if (k != key) continue;
    if (!allow_shadowing_) {
      return absl::AlreadyExistsError(
          absl::StrCat("\"", std::string(module), "\" \"", std::string(name), "\" is already defined"));
    }
    existing = item;
    return absl::OkStatus();
  }
  items_.emplace_back(std::move(key), item);
  return absl::OkStatus();
}

absl::Status Linker::DefineInstance(std::string_view module, const Instance& instance) {
  for (auto& [name, item] : instance.exports()) {
    absl::Status ok = Define(module, name, item);
    if (!ok.ok()) return ok;
  }
  return absl::OkStatus();
}

std::optional<Extern> Linker::Get(std::string_view module, std::string_view name) const {
  const std::string key = Key(module, name);
  for (const auto& [k, item] : items_) {
    if (k == key) return item;
  }
  return std::nullopt;
}

absl::StatusOr<Instance> Linker::Instantiate(Store& store, const Module& module) const {
  if (module.impl_ == nullptr) return absl::InvalidArgumentError("empty Module");
  if (module.impl_->engine != engine_) {
    return absl::InvalidArgumentError("the module and the linker belong to different engines");
  }
  std::vector<Extern> imports;
  imports.reserve(module.impl_->module->imports.size());
  for (const Import& import : module.impl_->module->imports) {
    std::optional<Extern> item = Get(import.module, import.name);
    if (!item) {
      return absl::NotFoundError(
          absl::StrCat("unknown import: \"", import.module, "\" \"", import.name, "\""));
    }
    imports.push_back(*item);
  }
  return Instance::Create(store, module, imports);
}

}  // namespace wasmtier
