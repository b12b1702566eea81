// Opcode metadata table and O(1) lookup by encoding, built from opcodes.def.
#include "engine/opcodes.h"

#include <array>
#include <vector>

namespace wasmtier {
namespace {

constexpr OpcodeInfo kOpcodes[] = {
#define WASM_OPCODE(name, prefix, code, text, imm, sig, feature) \
  {Opcode::k##name, prefix, code, text, imm, OpSig::Parse(sig), feature},
#include "engine/opcodes.def"
#undef WASM_OPCODE
};
constexpr size_t kNumOpcodes = sizeof(kOpcodes) / sizeof(kOpcodes[0]);

// Dense per-prefix tables: index 0 is single-byte, 1..4 are 0xFB..0xFE.
struct LookupTables {
  std::array<std::vector<const OpcodeInfo*>, 5> by_prefix;
  LookupTables() {
    for (const OpcodeInfo& info : kOpcodes) {
      auto& table = by_prefix[Slot(info.prefix)];
      if (table.size() <= info.code) table.resize(info.code + 1, nullptr);
      table[info.code] = &info;
    }
  }
  static size_t Slot(uint8_t prefix) { return prefix == 0 ? 0 : prefix - 0xFB + 1; }
};

const LookupTables& Tables() {
  static const LookupTables* tables = new LookupTables();
  return *tables;
}

}  // namespace

const OpcodeInfo* LookupOpcode(uint8_t prefix, uint32_t code) {
  if (prefix != 0 && !IsPrefixByte(prefix)) return nullptr;
  const auto& table = Tables().by_prefix[LookupTables::Slot(prefix)];
  return code < table.size() ? table[code] : nullptr;
}

const OpcodeInfo& GetOpcodeInfo(Opcode op) {
  return *LookupOpcode(OpcodePrefix(op), OpcodeCode(op));
}

const char* OpcodeName(Opcode op) { return GetOpcodeInfo(op).name; }

const OpcodeInfo* AllOpcodes(size_t* count) {
  *count = kNumOpcodes;
  return kOpcodes;
}

}  // namespace wasmtier
