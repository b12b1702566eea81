// The one opcode table (engine/opcodes.def, an X-macro list) turned into an
// enum, per-opcode metadata and lookup. Names, the decoder, the validator, the
// interpreter's handler table and the JIT front end all derive from it.
#ifndef WASMTIER_ENGINE_OPCODES_H_
#define WASMTIER_ENGINE_OPCODES_H_

#include <cstdint>
#include <string_view>

#include "engine/types.h"

namespace wasmtier {

// Immediate operand shapes, in binary order.
enum class ImmKind : uint8_t {
  kNone,
  kBlockType,       // blocktype (empty | valtype | s33 type index)
  kLabel,           // labelidx
  kBrTable,         // vec(labelidx) labelidx
  kFunc,            // funcidx
  kCallIndirect,    // typeidx tableidx
  kLocal,           // localidx
  kGlobal,          // globalidx
  kTable,           // tableidx
  kMemArg,          // memarg: align flags (bit 6 = memidx follows), [memidx], offset
  kMemory,          // memidx (memory.size/grow; a 0x00 byte in MVP)
  kI32,             // i32 (sleb)
  kI64,             // i64 (sleb)
  kF32,             // f32 (4 bytes)
  kF64,             // f64 (8 bytes)
  kV128,            // 16 bytes
  kLane,            // laneidx (1 byte)
  kMemArgLane,      // memarg laneidx
  kShuffle,         // 16 laneidx bytes
  kSelectT,         // vec(valtype)
  kHeapType,        // heaptype (ref.null, ref.test/cast family)
  kType,            // typeidx
  kTypeField,       // typeidx fieldidx
  kTypeType,        // typeidx typeidx (array.copy)
  kTypeData,        // typeidx dataidx
  kTypeElem,        // typeidx elemidx
  kTypeCount,       // typeidx u32 (array.new_fixed)
  kBrOnCast,        // castflags labelidx heaptype heaptype
  kLabelType,       // labelidx (br_on_null etc. take no type); reserved
  kElem,            // elemidx
  kData,            // dataidx
  kElemTable,       // elemidx tableidx (table.init)
  kTableTable,      // tableidx tableidx (table.copy)
  kDataMemory,      // dataidx memidx (memory.init)
  kMemoryMemory,    // memidx memidx (memory.copy)
  kTag,             // tagidx
  kTryTable,        // blocktype vec(catch)
  kTryLegacy,       // blocktype (legacy try)
  kDelegate,        // labelidx (legacy delegate)
  kZeroByte,        // a reserved 0x00 byte (atomic.fence)
};

// Proposal an opcode belongs to; checked against Features by the decoder.
enum class OpFeature : uint8_t {
  kMvp,
  kSignExtension,
  kSaturatingConversion,
  kBulkMemory,
  kReferenceTypes,
  kSimd,
  kRelaxedSimd,
  kTailCall,
  kFunctionReferences,
  kGc,
  kExceptions,
  kLegacyExceptions,
  kThreads,
  kWideArithmetic,
};

// Not constexpr: reaching it during constant evaluation of OpSig::Parse makes
// a malformed signature string in opcodes.def a compile-time error.
inline void InvalidOpSignatureInOpcodesDef() {}

// A fixed operand signature parsed at compile time from the table's string
// ("ii:i" = [i32 i32] -> [i32]). Letters: i=i32 l=i64 f=f32 d=f64 v=v128,
// a=address type of the instruction's memory (i32 or i64 under memory64).
// An empty string marks an opcode whose typing the validator spells out.
struct OpSig {
  static constexpr int kMaxParams = 4;
  static constexpr int kMaxResults = 2;
  enum Code : uint8_t { kI32, kI64, kF32, kF64, kV128, kAddr };
  bool special = true;
  uint8_t num_params = 0;
  uint8_t num_results = 0;
  Code params[kMaxParams] = {};
  Code results[kMaxResults] = {};

  static constexpr Code CodeOf(char c) {
    switch (c) {
      case 'i': return kI32;
      case 'l': return kI64;
      case 'f': return kF32;
      case 'd': return kF64;
      case 'v': return kV128;
      case 'a': return kAddr;
    }
    InvalidOpSignatureInOpcodesDef();
    return kI32;
  }
  static constexpr OpSig Parse(std::string_view s) {
    OpSig sig;
    if (s.empty()) return sig;
    sig.special = false;
    bool in_results = false;
    for (char c : s) {
      if (c == ':') {
        if (in_results) InvalidOpSignatureInOpcodesDef();
        in_results = true;
      } else if (!in_results) {
        if (sig.num_params == kMaxParams) InvalidOpSignatureInOpcodesDef();
        sig.params[sig.num_params++] = CodeOf(c);
      } else {
        if (sig.num_results == kMaxResults) InvalidOpSignatureInOpcodesDef();
        sig.results[sig.num_results++] = CodeOf(c);
      }
    }
    if (!in_results) InvalidOpSignatureInOpcodesDef();
    return sig;
  }
};

enum class Opcode : uint32_t {
#define WASM_OPCODE(name, prefix, code, text, imm, sig, feature) k##name = ((prefix) << 16) | (code),
#include "engine/opcodes.def"
#undef WASM_OPCODE
};

struct OpcodeInfo {
  Opcode opcode;
  uint8_t prefix;  // 0 for single-byte opcodes, else 0xFB..0xFE
  uint32_t code;   // the byte, or the LEB u32 after the prefix
  const char* name;
  ImmKind imm;
  OpSig sig;
  OpFeature feature;
};

inline constexpr uint8_t OpcodePrefix(Opcode op) { return static_cast<uint32_t>(op) >> 16; }
inline constexpr uint32_t OpcodeCode(Opcode op) { return static_cast<uint32_t>(op) & 0xFFFF; }

// Lookup by encoding; nullptr for an unknown opcode. O(1).
const OpcodeInfo* LookupOpcode(uint8_t prefix, uint32_t code);
// Metadata of a known opcode.
const OpcodeInfo& GetOpcodeInfo(Opcode op);
const char* OpcodeName(Opcode op);
// Every opcode of the table, in table order (for tests and tools).
const OpcodeInfo* AllOpcodes(size_t* count);
// Whether {b} starts a multi-byte opcode (0xFB, 0xFC, 0xFD, 0xFE).
inline constexpr bool IsPrefixByte(uint8_t b) { return b >= 0xFB && b <= 0xFE; }

// Resolves an OpSig letter to a type; {addr} is the memory's address type.
inline ValType SigType(OpSig::Code c, ValType addr) {
  switch (c) {
    case OpSig::kI32: return ValType::I32();
    case OpSig::kI64: return ValType::I64();
    case OpSig::kF32: return ValType::F32();
    case OpSig::kF64: return ValType::F64();
    case OpSig::kV128: return ValType::V128();
    case OpSig::kAddr: return addr;
  }
  return ValType::Bottom();
}

}  // namespace wasmtier

#endif  // WASMTIER_ENGINE_OPCODES_H_
