// Test-only builder of wasm binaries: typed helpers for the common sections
// and raw helpers for writing deliberately malformed bytes.
#ifndef WASMTIER_ENGINE_TESTING_WASM_BUILDER_H_
#define WASMTIER_ENGINE_TESTING_WASM_BUILDER_H_

#include <cstdint>
#include <initializer_list>
#include <string_view>
#include <utility>
#include <vector>

namespace wasmtier::testing {

using Bytes = std::vector<uint8_t>;

// Value type bytes.
inline constexpr uint8_t kI32 = 0x7F, kI64 = 0x7E, kF32 = 0x7D, kF64 = 0x7C, kV128 = 0x7B;
inline constexpr uint8_t kFuncRef = 0x70, kExternRef = 0x6F;

// Appends encodings to a byte vector.
class Emitter {
 public:
  Emitter& U8(uint8_t b) { bytes_.push_back(b); return *this; }
  Emitter& Raw(const Bytes& b) { bytes_.insert(bytes_.end(), b.begin(), b.end()); return *this; }
  Emitter& Raw(std::initializer_list<uint8_t> b) { bytes_.insert(bytes_.end(), b); return *this; }
  Emitter& U32(uint64_t v) {  // unsigned LEB128
    do {
      uint8_t byte = v & 0x7F;
      v >>= 7;
      bytes_.push_back(byte | (v ? 0x80 : 0));
    } while (v);
    return *this;
  }
  Emitter& S64(int64_t v) {  // signed LEB128
    bool more = true;
    while (more) {
      uint8_t byte = v & 0x7F;
      v >>= 7;
      more = !((v == 0 && !(byte & 0x40)) || (v == -1 && (byte & 0x40)));
      bytes_.push_back(byte | (more ? 0x80 : 0));
    }
    return *this;
  }
  Emitter& Name(std::string_view s) {
    U32(s.size());
    bytes_.insert(bytes_.end(), s.begin(), s.end());
    return *this;
  }
  // A vec(byte) with a length prefix.
  Emitter& Sized(const Bytes& b) { U32(b.size()); return Raw(b); }
  const Bytes& bytes() const { return bytes_; }
  Bytes Take() { return std::move(bytes_); }

 private:
  Bytes bytes_;
};

// Builds a module section by section. Typed adders append entries to their
// section; sections are written in the spec's order. RawSection inserts an
// arbitrary section (any id, any payload) at the position it is called
// relative to the others, for order and malformed-section tests.
class WasmBuilder {
 public:
  // Returns the type index. Params/results are value type bytes.
  uint32_t AddFuncType(Bytes params, Bytes results) {
    Emitter e;
    e.U8(0x60).Sized(params).Sized(results);
    types_.push_back(e.Take());
    return static_cast<uint32_t>(types_.size() - 1);
  }
  // Any raw type-section entry (rec groups, structs, subtypes...).
  uint32_t AddRawType(Bytes entry) {
    types_.push_back(std::move(entry));
    return static_cast<uint32_t>(types_.size() - 1);
  }
  uint32_t ImportFunc(std::string_view module, std::string_view name, uint32_t type) {
    Emitter e;
    e.Name(module).Name(name).U8(0x00).U32(type);
    imports_.push_back(e.Take());
    return num_imported_funcs_++;
  }
  void AddRawImport(Bytes entry) { imports_.push_back(std::move(entry)); }
  // {locals}: value type bytes, one per local (grouped automatically).
  // {code}: instructions including the final 0x0B end.
  uint32_t AddFunction(uint32_t type, Bytes locals, Bytes code) {
    Emitter decl;
    decl.U32(type);
    functions_.push_back(decl.Take());
    Emitter body;
    std::vector<std::pair<uint32_t, uint8_t>> groups;
    for (uint8_t t : locals) {
      if (!groups.empty() && groups.back().second == t) {
        ++groups.back().first;
      } else {
        groups.push_back({1, t});
      }
    }
    body.U32(groups.size());
    for (auto [n, t] : groups) body.U32(n).U8(t);
    body.Raw(code);
    Emitter entry;
    entry.Sized(body.bytes());
    code_.push_back(entry.Take());
    return num_imported_funcs_ + static_cast<uint32_t>(functions_.size() - 1);
  }
  void AddTable(uint8_t elem_type, uint32_t min, int64_t max = -1) {
    Emitter e;
    e.U8(elem_type);
    Limits(e, min, max);
    tables_.push_back(e.Take());
  }
  void AddMemory(uint32_t min, int64_t max = -1) {
    Emitter e;
    Limits(e, min, max);
    memories_.push_back(e.Take());
  }
  // {init}: constant expression including its 0x0B end.
  void AddGlobal(uint8_t type, bool is_mutable, Bytes init) {
    Emitter e;
    e.U8(type).U8(is_mutable ? 1 : 0).Raw(init);
    globals_.push_back(e.Take());
  }
  void AddExport(std::string_view name, uint8_t kind, uint32_t index) {
    Emitter e;
    e.Name(name).U8(kind).U32(index);
    exports_.push_back(e.Take());
  }
  void SetStart(uint32_t func) { start_ = func; }
  void AddRawElem(Bytes entry) { elems_.push_back(std::move(entry)); }
  void AddRawData(Bytes entry) { datas_.push_back(std::move(entry)); }
  void SetDataCount(uint32_t n) { data_count_ = n; }
  void AddCustom(std::string_view name, Bytes payload) {
    Emitter e;
    e.Name(name).Raw(payload);
    trailing_.push_back({0, e.Take()});
  }
  // Inserted after the standard section with id {after_id} (0 = before all).
  void AddRawSection(uint8_t after_id, uint8_t id, Bytes payload) {
    raw_.push_back({after_id, {id, std::move(payload)}});
  }

  Bytes Build() const {
    Emitter out;
    out.Raw({0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00});
    EmitRaw(out, 0);
    Vec(out, 1, types_);
    EmitRaw(out, 1);
    Vec(out, 2, imports_);
    EmitRaw(out, 2);
    Vec(out, 3, functions_);
    EmitRaw(out, 3);
    Vec(out, 4, tables_);
    EmitRaw(out, 4);
    Vec(out, 5, memories_);
    EmitRaw(out, 5);
    Vec(out, 6, globals_);
    EmitRaw(out, 6);
    Vec(out, 7, exports_);
    EmitRaw(out, 7);
    if (start_ >= 0) {
      Emitter s;
      s.U32(start_);
      Section(out, 8, s.bytes());
    }
    EmitRaw(out, 8);
    Vec(out, 9, elems_);
    EmitRaw(out, 9);
    if (data_count_ >= 0) {
      Emitter s;
      s.U32(data_count_);
      Section(out, 12, s.bytes());
    }
    Vec(out, 10, code_, /*force=*/!functions_.empty());
    EmitRaw(out, 10);
    Vec(out, 11, datas_);
    EmitRaw(out, 11);
    for (const auto& [unused, payload] : trailing_) Section(out, 0, payload);
    return out.Take();
  }

 private:
  static void Limits(Emitter& e, uint32_t min, int64_t max) {
    if (max < 0) {
      e.U8(0x00).U32(min);
    } else {
      e.U8(0x01).U32(min).U32(static_cast<uint64_t>(max));
    }
  }
  static void Section(Emitter& out, uint8_t id, const Bytes& payload) {
    out.U8(id).Sized(payload);
  }
  static void Vec(Emitter& out, uint8_t id, const std::vector<Bytes>& items, bool force = false) {
    if (items.empty() && !force) return;
    Emitter s;
    s.U32(items.size());
    for (const Bytes& item : items) s.Raw(item);
    Section(out, id, s.bytes());
  }
  void EmitRaw(Emitter& out, uint8_t after) const {
    for (const auto& [where, section] : raw_) {
      if (where == after) Section(out, section.first, section.second);
    }
  }

  std::vector<Bytes> types_, imports_, functions_, code_, tables_, memories_, globals_, exports_,
      elems_, datas_;
  std::vector<std::pair<int, Bytes>> trailing_;
  std::vector<std::pair<uint8_t, std::pair<uint8_t, Bytes>>> raw_;
  uint32_t num_imported_funcs_ = 0;
  int64_t start_ = -1;
  int64_t data_count_ = -1;
};

}  // namespace wasmtier::testing

#endif  // WASMTIER_ENGINE_TESTING_WASM_BUILDER_H_
