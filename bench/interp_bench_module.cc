// BM_Translate and the "first" export splice (bench/interp_bench_module.h):
// the benchmark code that works on the decoded WasmModule.
#include "bench/interp_bench_module.h"

#include <memory>
#include <utility>

#include "absl/strings/str_cat.h"
#include "benchmark/benchmark.h"
#include "engine/include/wasmtier/config.h"
#include "engine/module.h"
#include "engine/reader.h"
#include "engine/testing/wasm_builder.h"
#include "engine/validator.h"
#include "interp/interp.h"

namespace wasmtier::bench {
namespace {

using Bytes = std::vector<uint8_t>;

void BM_Translate(benchmark::State& state, const WasmModule* module) {
  Config config;
  config.tier = TierMode::kInterp;
  size_t body_bytes = 0;
  for (uint32_t f = module->num_imported_functions; f < module->functions.size(); ++f) {
    body_bytes += module->functions[f].body.length;
  }
  for (auto _ : state) {
    for (uint32_t f = module->num_imported_functions; f < module->functions.size(); ++f) {
      absl::StatusOr<std::unique_ptr<interp::Code>> code = interp::Translate(*module, f, config);
      if (!code.ok()) {
        state.SkipWithError(
            absl::StrCat("translating function ", f, ": ", code.status().ToString()).c_str());
        return;
      }
      benchmark::DoNotOptimize(code->get());
    }
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * body_bytes));
  state.counters["body_MB"] = static_cast<double>(body_bytes) / 1e6;
  state.counters["functions"] =
      static_cast<double>(module->functions.size() - module->num_imported_functions);
}

}  // namespace

absl::Status RegisterTranslateBenchmark(const std::string& name, const Bytes& bytes) {
  auto module = DecodeAndValidate(bytes.data(), bytes.size(), Features());
  if (!module.ok()) return module.status();
  // Registered benchmarks point at the module until exit.
  static auto* modules = new std::vector<std::unique_ptr<WasmModule>>();
  modules->push_back(*std::move(module));
  benchmark::RegisterBenchmark(("BM_Translate/" + name).c_str(), BM_Translate,
                               modules->back().get())
      ->Unit(benchmark::kMillisecond);
  return absl::OkStatus();
}

// Rewrites four sections, each a vector (count, entries), by appending one
// entry and bumping the count; every other section is copied unchanged.
absl::StatusOr<Bytes> AddFirstExport(const Bytes& bytes) {
  auto module = DecodeAndValidate(bytes.data(), bytes.size(), Features());
  if (!module.ok()) return module.status();
  const uint32_t type_index = static_cast<uint32_t>((*module)->types.size());
  const uint32_t func_index = static_cast<uint32_t>((*module)->functions.size());

  testing::Emitter type_entry, func_entry, export_entry, code_entry, body;
  type_entry.U8(0x60).U32(0).U32(1).U8(testing::kI32);
  func_entry.U32(type_index);
  export_entry.Name("first").U8(0x00).U32(func_index);
  body.U32(0).U8(0x41).S64(kFirstResult).U8(0x0B);  // no locals; i32.const; end
  code_entry.Sized(body.bytes());
  const std::pair<uint8_t, const Bytes*> additions[] = {{1, &type_entry.bytes()},
                                                        {3, &func_entry.bytes()},
                                                        {7, &export_entry.bytes()},
                                                        {10, &code_entry.bytes()}};

  Reader reader(bytes.data(), bytes.size());
  reader.ReadU32();  // magic
  reader.ReadU32();  // version
  Bytes out(bytes.begin(), bytes.begin() + 8);
  int rewritten = 0;
  while (reader.ok() && !reader.at_end()) {
    const uint8_t id = reader.ReadU8();
    const uint32_t size = reader.ReadVarU32();
    if (!reader.ok() || size > reader.remaining()) break;
    const uint8_t* payload = reader.pc();
    reader.Skip(size);
    const Bytes* addition = nullptr;
    for (const auto& [section_id, entry] : additions) {
      if (section_id == id) addition = entry;
    }
    testing::Emitter section;
    section.U8(id);
    if (addition == nullptr) {
      section.Sized(Bytes(payload, payload + size));
    } else {
      Reader vector(payload, size);
      const uint32_t count = vector.ReadVarU32();
      testing::Emitter content;
      content.U32(count + 1).Raw(Bytes(vector.pc(), payload + size)).Raw(*addition);
      section.Sized(content.bytes());
      ++rewritten;
    }
    out.insert(out.end(), section.bytes().begin(), section.bytes().end());
  }
  if (!reader.ok()) return reader.status();
  if (rewritten != 4) {
    return absl::UnimplementedError(
        "unsupported: AddFirstExport needs type, function, export and code sections");
  }
  // The result must be valid, or the benchmark would measure an error path.
  auto check = DecodeAndValidate(out.data(), out.size(), Features());
  if (!check.ok()) return check.status();
  return out;
}

}  // namespace wasmtier::bench
