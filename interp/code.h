// The interpreter's register code: the instruction set (IOp), its encoding
// in 8-byte Words, and the builder the translator emits with. Handlers
// (interp/handlers*.cc) decode exactly this encoding.
//
// An instruction is Words: word 0 is the handler (threaded code: each handler
// ends by tail-calling the next one's), then the 32-bit fields in layout order,
// two per Word (u32[0] first), then each 64-bit field in a Word of its own.
// Layout letters are documented in interp/ops.def. Operands are slot indices
// relative to fp: locals and the operand stack were resolved to slots at
// translation time.
#ifndef WASMTIER_INTERP_CODE_H_
#define WASMTIER_INTERP_CODE_H_

#include <cstdint>
#include <initializer_list>
#include <span>
#include <string_view>
#include <utility>
#include <vector>

#include "engine/opcodes.h"
#include "engine/runtime/exec.h"

namespace wasmtier::interp {

using rt::Slot;
union Word;

// The handler signature: VM state lives in argument registers across the
// whole handler chain (ip, fp, memory 0 base, context, running function, and
// the running function's tier-up budget). {budget} is the live copy of
// fn->budget: back-edges charge it in a register, and it is written back to
// fn->budget wherever anything else may look at it (calls, returns, the
// budget-exhausted path, traps raised through TRAP).
#define INTERP_HANDLER_ARGS \
  const ::wasmtier::interp::Word *ip, ::wasmtier::rt::Slot *fp, uint8_t *mem, \
      ::wasmtier::rt::ExecContext *ctx, ::wasmtier::rt::FuncInst *fn, int32_t budget
using Handler = void (*)(INTERP_HANDLER_ARGS);

union Word {
  Handler handler;
  uint64_t u64;
  uint32_t u32[2];
  int32_t i32[2];
};
static_assert(sizeof(Word) == 8);

// i32 operations that have fused compare-and-branch forms: the comparisons,
// and i32.and, whose fused forms test whether the two share a set bit (a & b
// != 0: the flag tests of `if (x & MASK)` loops).
#define INTERP_I32_COMPARES(V) \
  V(I32Eq) V(I32Ne) V(I32LtS) V(I32LtU) V(I32GtS) V(I32GtU) V(I32LeS) V(I32LeU) V(I32GeS) V(I32GeU) \
  V(I32And)
// Number of entries of INTERP_I32_COMPARES; the i32.and entry is the last.
inline constexpr int kNumFusedCompares = 11;

// Integer binary ops with an immediate form "DSU": fp[D] = fp[S] op U, the
// constant right operand in the instruction (an i32 constant as is, an i64
// constant that fits in 32 bits sign-extended), so loops do not rematerialize
// constants. Non-trapping only: division keeps its trap path in one place.
#define INTERP_IMM_BINOPS(V)                                                              \
  V(I32Add) V(I32Sub) V(I32Mul) V(I32And) V(I32Or) V(I32Xor) V(I32Shl) V(I32ShrS) V(I32ShrU) \
  V(I32Rotl) V(I32Rotr) V(I32Eq) V(I32Ne) V(I32LtS) V(I32LtU) V(I32GtS) V(I32GtU) V(I32LeS)    \
  V(I32LeU) V(I32GeS) V(I32GeU) V(I64Add) V(I64Sub) V(I64Mul) V(I64And) V(I64Or) V(I64Xor)     \
  V(I64Shl) V(I64ShrS) V(I64ShrU) V(I64Rotl) V(I64Rotr) V(I64Eq) V(I64Ne) V(I64LtS) V(I64LtU)  \
  V(I64GtS) V(I64GtU) V(I64LeS) V(I64LeU) V(I64GeS) V(I64GeU)

enum class IOp : uint16_t {
#define INTERP_OP(Name, layout, doc) k##Name,
#include "interp/ops.def"
#undef INTERP_OP
#define INTERP_FUSED(Cmp) kBrIf##Cmp, kBrIfNot##Cmp,
  INTERP_I32_COMPARES(INTERP_FUSED)
#undef INTERP_FUSED
  // Fused i32 compare with a constant + branch, "SUT": if (fp[S] cmp U) goto T.
#define INTERP_FUSED(Cmp) kBrIf##Cmp##Imm, kBrIfNot##Cmp##Imm,
  INTERP_I32_COMPARES(INTERP_FUSED)
#undef INTERP_FUSED
  // The same four families as counted loop back-edges (the BackBr charge when
  // taken): BackBrIf<Cmp> "SST", BackBrIfNot<Cmp> "SST", BackBrIf<Cmp>Imm "SUT",
  // BackBrIfNot<Cmp>Imm "SUT".
#define INTERP_FUSED(Cmp) kBackBrIf##Cmp, kBackBrIfNot##Cmp, kBackBrIf##Cmp##Imm, kBackBrIfNot##Cmp##Imm,
  INTERP_I32_COMPARES(INTERP_FUSED)
#undef INTERP_FUSED
  // Register forms of opcode-table rows ("W" = wasm):
  //   numeric opcodes (numeric::IsNumeric): "DS" or "DSS";
  //   loads "DSU" (dst, address slot, u32 static offset) and stores "SSU"
  //   (address slot, value slot, offset) on a 32-bit guarded memory 0,
  //   whose base is the handler's {mem}: no bounds check, a fault traps.
#define WASM_OPCODE(Name, ...) kW##Name,
#include "engine/opcodes.def"
#undef WASM_OPCODE
  // Checked ("M") loads "DSUK" (dst, address, memory index, 64-bit offset) and
  // stores "SSUK" (address, value, memory index, offset): any memory, an
  // explicit bounds check (memory64, or a memory other than 0). The address
  // is i64 for memory64, else i32.
#define WASM_OPCODE(Name, ...) kM##Name,
#include "engine/opcodes.def"
#undef WASM_OPCODE
  // Immediate ("I") forms "DSU" of the rows in INTERP_IMM_BINOPS; other rows
  // have no handler here.
#define WASM_OPCODE(Name, ...) kI##Name,
#include "engine/opcodes.def"
#undef WASM_OPCODE
  // Guarded scalar loads whose address is an i32.add folded in (the add's
  // result was a temporary read only by the load): "A" forms "DSUU" load from
  // u32(fp[S] + U0) + U1 (offset), "X" forms "DSSU" from u32(fp[S0] + fp[S1])
  // + U. The 32-bit wrap of the add is kept, so the access is the same.
  // Stores have "A" forms only, "SUSU": store fp[S1] at u32(fp[S0] + U0) + U1.
#define WASM_OPCODE(Name, ...) kA##Name,
#include "engine/opcodes.def"
#undef WASM_OPCODE
#define WASM_OPCODE(Name, ...) kX##Name,
#include "engine/opcodes.def"
#undef WASM_OPCODE
  kCount
};

// The register form of opcode-table row {op} (kW...), and its checked memory
// form (kM...).
IOp WasmForm(Opcode op);
IOp CheckedMemoryForm(Opcode op);
// The immediate form (kI...) of row {op}, and whether it has one (it is in
// INTERP_IMM_BINOPS).
IOp ImmediateForm(Opcode op);
bool HasImmediateForm(Opcode op);
// The add-folded guarded access forms (kA... with an immediate addend: loads
// and stores; kX... with a slot addend: loads) of row {op}.
IOp AddImmLoadForm(Opcode op);
IOp AddLoadForm(Opcode op);
// The opcode-table row of a kW.../kM... op (nullopt-like: kNop for others).
Opcode WasmOpcodeOf(IOp op);

// The layout string of {op} ("DSS", "UB", "SUV"...; "" if none), and its name
// ("Copy", "W:i32.add", "M:i64.load"...).
std::string_view Layout(IOp op);
std::string_view Name(IOp op);
// Number of 32-bit and 64-bit fields of {op} (BrTable: without its targets).
int Fields32(IOp op);
int Fields64(IOp op);
constexpr int WordsFor(int fields32, int fields64) { return 1 + (fields32 + 1) / 2 + fields64; }

// The handler of every op (interp/handlers.cc); nullptr for rows the
// interpreter does not execute (SIMD, GC...: the translator reports those as
// unsupported and never emits them).
Handler GetHandler(IOp op);

// ---- Field access, used by handlers (inlined, so cheap). ----
inline uint32_t U32(const Word* ip, int field) { return ip[1 + field / 2].u32[field % 2]; }
inline int32_t I32Field(const Word* ip, int field) { return ip[1 + field / 2].i32[field % 2]; }
inline uint64_t U64(const Word* ip, int fields32, int k) { return ip[1 + (fields32 + 1) / 2 + k].u64; }

// One translated function.
struct Code {
  std::vector<Word> words;   // fixed once published: handlers hold pointers into it
  uint32_t num_params = 0;   // parameter slots, fp[0..num_params)
  uint32_t num_locals = 0;   // declared locals' slots after the params, zeroed at entry
  uint32_t frame_slots = 0;  // params + locals + temporaries incl. outgoing call frames' args
  // Charge fuel / check interrupts at entry (engine config), count calls.
  bool entry_checks = false;
  bool count_calls = false;
  // (word index, module byte offset) of every instruction that can trap or
  // call, sorted by word index: backtraces map pc -> wasm offset through it.
  std::vector<std::pair<uint32_t, uint32_t>> source_map;
};

// Appends instructions to a Code's words.
class CodeBuilder {
 public:
  // Appends {op} with its 32-bit fields (layout order; T fields may be 0 and
  // set later with SetTarget) and 64-bit fields. Returns its word index.
  uint32_t Emit(IOp op, std::initializer_list<uint32_t> fields32,
                std::initializer_list<uint64_t> fields64 = {}) {
    return Emit(op, std::span<const uint32_t>(fields32.begin(), fields32.size()),
                std::span<const uint64_t>(fields64.begin(), fields64.size()));
  }
  uint32_t Emit(IOp op, std::span<const uint32_t> fields32, std::span<const uint64_t> fields64);
  // Sets 32-bit field {field} of the instruction at word {pos}.
  void SetField(uint32_t pos, uint32_t field, uint32_t value) {
    words_[pos + 1 + field / 2].u32[field % 2] = value;
  }
  // Points T field {field} of the instruction at {pos} at the instruction at {target}.
  void SetTarget(uint32_t pos, uint32_t field, uint32_t target) {
    SetField(pos, field, static_cast<uint32_t>(static_cast<int32_t>(target - pos)));
  }
  uint32_t field(uint32_t pos, uint32_t field) const { return words_[pos + 1 + field / 2].u32[field % 2]; }
  IOp op_at(uint32_t pos) const { return ops_[pos]; }
  uint32_t size() const { return static_cast<uint32_t>(words_.size()); }
  // Drops everything from word {pos} on (peephole rewrites of the last instruction).
  void Truncate(uint32_t pos) { words_.resize(pos); }
  std::vector<Word> Finish() { return std::move(words_); }

 private:
  std::vector<Word> words_;
  std::vector<IOp> ops_;  // op per word index of an instruction start (others unspecified)
};

// Text form of translated code, one instruction per line:
// "  12: W:i32.add 5 3 4" / "  20: BrIfEqz 6 -> 31" (tests, `wasmtier inspect --interp`).
std::string Disassemble(const Code& code);

}  // namespace wasmtier::interp

#endif  // WASMTIER_INTERP_CODE_H_
