// The non-template half of the function-body decoder (engine/function_body_decoder.h):
// the decoded-instruction record handed to consumers, control-frame data, and the
// syntax-level readers (immediates, value and block types) plus immediate checks
// that do not depend on the consumer. Compiled once, shared by every consumer.
#ifndef WASMTIER_ENGINE_FUNCTION_BODY_DECODER_BASE_H_
#define WASMTIER_ENGINE_FUNCTION_BODY_DECODER_BASE_H_

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "absl/status/status.h"
#include "engine/features.h"
#include "engine/module.h"
#include "engine/opcodes.h"
#include "engine/reader.h"
#include "engine/types.h"

namespace wasmtier {

// blocktype: empty, one value type, or a type index (multi-value).
struct BlockTypeImm {
  ValType single = ValType::Bottom();  // Bottom = no single result
  uint32_t type_index = UINT32_MAX;    // UINT32_MAX = not an index block type
  const FuncType* sig = nullptr;       // resolved for index block types
};

struct MemArgImm {
  uint32_t memory = 0;
  uint32_t align_log2 = 0;
  uint64_t offset = 0;
};

// One decoded instruction. Only the fields its ImmKind uses are meaningful:
//   index   label depth / function / local / global / table / type / elem / data /
//           memory index; for br_table the default label; for call_indirect the type;
//           for table.init the elem segment; for table.copy / memory.copy the destination.
//   index2  second index: call_indirect table, table.init table, memory.init memory,
//           table.copy / memory.copy source, struct field.
//   bytes   v128.const and i8x16.shuffle: the 16 immediate bytes; br_table: the first
//           LEB of the target list (iterate with BrTableIterator).
//   count   br_table: number of targets before the default; select t: arity.
struct Instr {
  const OpcodeInfo* info = nullptr;
  Opcode opcode = Opcode::kNop;
  uint32_t offset = 0;  // module offset of the opcode's first byte
  uint32_t index = 0;
  uint32_t index2 = 0;
  uint32_t count = 0;
  uint8_t lane = 0;
  ValType type;  // select t, ref.null (as (ref null ht))
  MemArgImm mem;
  BlockTypeImm block;
  const uint8_t* bytes = nullptr;
  union {
    int32_t i32;
    int64_t i64;
    uint32_t f32_bits;
    uint64_t f64_bits;
  } value = {0};
};

// Walks a br_table's targets; the default target comes last.
class BrTableIterator {
 public:
  explicit BrTableIterator(const Instr& instr) : pc_(instr.bytes), left_(instr.count + 1) {}
  bool has_next() const { return left_ > 0; }
  uint32_t next() {
    // The decoder has read these LEBs once already: they are well formed.
    --left_;
    uint32_t result = 0;
    for (int shift = 0;; shift += 7) {
      const uint8_t b = *pc_++;
      result |= static_cast<uint32_t>(b & 0x7F) << shift;
      if (!(b & 0x80)) return result;
    }
  }

 private:
  const uint8_t* pc_;
  uint32_t left_;
};

enum class ControlKind : uint8_t { kFunction, kBlock, kLoop, kIf, kElse, kTry };

// Label, stack and reachability bookkeeping of one open block; consumers get it
// with their own {ControlData} attached (Control<Data> in function_body_decoder.h).
struct ControlBase {
  ControlKind kind = ControlKind::kBlock;
  // No operand can reach the rest of this block (after br, return, unreachable...):
  // the operand stack is polymorphic above {height}.
  bool unreachable = false;
  // The block was opened in reachable code (consumers see hooks only then).
  bool live_at_start = true;
  uint32_t height = 0;       // operand stack height below the block's params
  uint32_t init_height = 0;  // local-initialisation log height at block start
  uint32_t offset = 0;       // module offset of the opening instruction
  BlockTypeImm type;

  uint32_t num_params() const { return type.sig ? static_cast<uint32_t>(type.sig->params.size()) : 0; }
  ValType param(uint32_t i) const { return type.sig->params[i]; }
  uint32_t num_results() const {
    return type.sig ? static_cast<uint32_t>(type.sig->results.size()) : (type.single.is_bottom() ? 0 : 1);
  }
  ValType result(uint32_t i) const { return type.sig ? type.sig->results[i] : type.single; }
  // Branch targets: a loop's label takes its params, every other block its results.
  bool is_loop() const { return kind == ControlKind::kLoop; }
  uint32_t num_labels() const { return is_loop() ? num_params() : num_results(); }
  ValType label(uint32_t i) const { return is_loop() ? param(i) : result(i); }
};

// Per-opcode facts derived once from the opcode table's names: natural
// alignment of memory accesses and the lane count of lane immediates.
struct OpcodeExtra {
  uint8_t max_align_log2 = 0;
  uint8_t lanes = 0;
};
const OpcodeExtra& GetOpcodeExtra(const OpcodeInfo& info);

// Single-byte numeric opcodes without immediates ([t1 t2] -> [t] or [t1] -> [t]),
// typed by the dispatch loop inline. {result} is Bottom for other opcodes.
struct SimpleOp {
  uint8_t num_params = 0;
  ValType params[2];
  ValType result;
};

// Which rows of the opcode table the decoder types, for the table-walking test:
// special-signature opcodes it types by hand, and immediate kinds its generic
// path (OpSig-driven typing) understands. Anything else is reported as
// unsupported at decode time, never accepted.
bool IsExplicitlyTyped(Opcode op);
bool IsGenericImmediate(ImmKind kind);

class BodyDecoderBase {
 public:
  const WasmModule& module() const { return *module_; }
  const Features& features() const { return features_; }

 protected:
  BodyDecoderBase(const WasmModule& module, const Features& features);

  // ---- Syntax: malformed errors are recorded in {r}. ----
  // Reads the immediates of {info} into {instr}; checks only the binary format.
  void ReadImmediates(Reader& r, const OpcodeInfo& info, Instr& instr);
  ValType ReadValType(Reader& r);
  HeapType ReadHeapType(Reader& r);
  void ReadBlockType(Reader& r, BlockTypeImm* out);
  void ReadMemArg(Reader& r, MemArgImm* out);
  // The single-byte rows of the opcode table, by byte (nullptr = illegal).
  static const OpcodeInfo* const* SingleByteTable();
  static const SimpleOp* SimpleOpTable();
  // Natural alignment (log2) of single-byte memory opcodes, by byte.
  static const uint8_t* MaxAlignTable();
  // Single-byte rows the dispatch loop may take without a feature or
  // constant-expression check: MVP rows, none at all in {const_mode}.
  static const OpcodeInfo* const* FastSingleByteTable(bool const_mode);
  // Reads an opcode (with its prefix); nullptr and a malformed error if unknown.
  const OpcodeInfo* ReadOpcode(Reader& r);

  // ---- Validation of immediates: on failure record the error, return false. ----
  bool CheckFeature(const OpcodeInfo& info, uint32_t offset);
  bool CheckValType(ValType t, uint32_t offset);
  bool CheckBlockType(BlockTypeImm& bt, uint32_t offset);
  // Memory index, alignment and offset of a memarg; {*addr} = the memory's address type.
  bool CheckMemArg(const Instr& instr, ValType* addr);
  bool CheckMemoryIndex(uint32_t index, uint32_t offset, ValType* addr);
  bool CheckTableIndex(uint32_t index, uint32_t offset);
  bool CheckFuncTypeIndex(uint32_t index, uint32_t offset);
  bool CheckDataIndex(uint32_t index, uint32_t offset);
  bool CheckElemIndex(uint32_t index, uint32_t offset);
  bool CheckLane(const Instr& instr);
  // Constant expressions allow only these (spec 3.3.10 "constant").
  bool IsConstantInstruction(Opcode op) const;

  ValType TableAddrType(uint32_t table) const {
    return module_->tables[table].type.limits.is64 ? ValType::I64() : ValType::I32();
  }
  ValType MemoryAddrType(uint32_t memory) const {
    return module_->memories[memory].type.limits.is64 ? ValType::I64() : ValType::I32();
  }

  // ---- Errors: the first one wins. ----
  void Invalid(uint32_t offset, std::string_view message);
  // "unknown <what> <index>", kept out of line so hot paths stay small.
  [[gnu::cold]] [[gnu::noinline]] void FailUnknownAt(uint32_t offset, const char* what, uint32_t index);
  void Unsupported(uint32_t offset, std::string_view message);
  bool failed() const { return failed_; }

  const WasmModule* module_;  // a pointer so a decoder can be rebound (see Rebind)
  Features features_;  // a copy: callers may pass a temporary
  bool failed_ = false;   // an invalid or unsupported error is recorded in {error_}
  absl::Status error_;
};

}  // namespace wasmtier

#endif  // WASMTIER_ENGINE_FUNCTION_BODY_DECODER_BASE_H_
