// WasmModule generator (see module_gen.h). Function bodies are built by a typed
// recursive generator: statements leave the operand stack as they found it,
// expressions push exactly one value of a requested type, and a label stack
// mirrors the control stack so every branch names a label of the right type.
// That discipline is what makes every generated module valid by construction.
#include "bench/module_gen.h"

#include <cstring>
#include <iterator>
#include <string>
#include <string_view>
#include <utility>

#include "engine/opcodes.h"
#include "engine/testing/wasm_builder.h"

namespace wasmtier::bench {
namespace {

using testing::Bytes;
using testing::Emitter;

// xoshiro256** seeded through splitmix64: fast, and the same sequence on
// every standard library (std:: distributions are implementation-defined).
class Rng {
 public:
  explicit Rng(uint64_t seed) {
    for (uint64_t& s : state_) {
      seed += 0x9E3779B97F4A7C15ull;
      uint64_t z = seed;
      z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
      z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
      s = z ^ (z >> 31);
    }
  }
  uint64_t Next() {
    uint64_t result = Rotl(state_[1] * 5, 7) * 9;
    uint64_t t = state_[1] << 17;
    state_[2] ^= state_[0];
    state_[3] ^= state_[1];
    state_[1] ^= state_[2];
    state_[0] ^= state_[3];
    state_[2] ^= t;
    state_[3] = Rotl(state_[3], 45);
    return result;
  }
  // Uniform in [0, n); n > 0. The modulo bias is irrelevant here.
  uint32_t Below(uint32_t n) { return static_cast<uint32_t>(Next() % n); }
  uint32_t Range(uint32_t lo, uint32_t hi) { return lo + Below(hi - lo + 1); }
  bool Percent(uint32_t p) { return Below(100) < p; }
  double Unit() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }
  template <typename T>
  const T& Pick(const std::vector<T>& v) {
    return v[Below(static_cast<uint32_t>(v.size()))];
  }
  // Index chosen with probability proportional to {weights[i]}.
  size_t Weighted(const std::vector<uint32_t>& weights) {
    uint32_t total = 0;
    for (uint32_t w : weights) total += w;
    uint32_t r = Below(total);
    for (size_t i = 0; i < weights.size(); ++i) {
      if (r < weights[i]) return i;
      r -= weights[i];
    }
    return weights.size() - 1;
  }

 private:
  static uint64_t Rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  uint64_t state_[4];
};

// The numeric and vector types, as indices into per-type tables.
enum Num : uint8_t { kI32, kI64, kF32, kF64, kV128, kNumTypes };
// Result-kind index of "no result", next to the types.
constexpr uint8_t kVoid = kNumTypes;
constexpr uint8_t kTypeByte[kNumTypes] = {testing::kI32, testing::kI64, testing::kF32,
                                          testing::kF64, testing::kV128};
constexpr uint8_t kEmptyBlock = 0x40;

Num NumOfSig(OpSig::Code c) {
  switch (c) {
    case OpSig::kI64:
      return kI64;
    case OpSig::kF32:
      return kF32;
    case OpSig::kF64:
      return kF64;
    case OpSig::kV128:
      return kV128;
    default:
      return kI32;
  }
}

struct Signature {
  std::vector<Num> params;
  std::vector<Num> results;  // zero or one, as compilers emit
};

struct GlobalInfo {
  Num type;
  bool is_mutable;
};

struct MemAccess {
  Opcode op;
  Num type;           // value loaded or stored
  uint8_t max_align;  // log2 of the natural alignment
  uint32_t weight;    // relative frequency in clang -O2 output (wasi-libc)
};

constexpr MemAccess kLoads[] = {
    {Opcode::kI32Load, kI32, 2, 30},   {Opcode::kI32Load8S, kI32, 0, 2},
    {Opcode::kI32Load8U, kI32, 0, 10}, {Opcode::kI32Load16S, kI32, 1, 1},
    {Opcode::kI32Load16U, kI32, 1, 3}, {Opcode::kI64Load, kI64, 3, 20},
    {Opcode::kI64Load8S, kI64, 0, 1},  {Opcode::kI64Load8U, kI64, 0, 2},
    {Opcode::kI64Load16S, kI64, 1, 1}, {Opcode::kI64Load16U, kI64, 1, 2},
    {Opcode::kI64Load32S, kI64, 2, 2}, {Opcode::kI64Load32U, kI64, 2, 3},
    {Opcode::kF32Load, kF32, 2, 1},    {Opcode::kF64Load, kF64, 3, 1},
};
constexpr MemAccess kStores[] = {
    {Opcode::kI32Store, kI32, 2, 30},  {Opcode::kI32Store8, kI32, 0, 8},
    {Opcode::kI32Store16, kI32, 1, 3}, {Opcode::kI64Store, kI64, 3, 12},
    {Opcode::kI64Store8, kI64, 0, 1},  {Opcode::kI64Store16, kI64, 1, 1},
    {Opcode::kI64Store32, kI64, 2, 2}, {Opcode::kF32Store, kF32, 2, 2},
    {Opcode::kF64Store, kF64, 3, 4},
};

// The most frequent binary operators of compiled code, per type.
const std::vector<Opcode> kFrequentBinaryOps[kNumTypes] = {
    {Opcode::kI32Add, Opcode::kI32Add, Opcode::kI32Add, Opcode::kI32Sub, Opcode::kI32And,
     Opcode::kI32Or, Opcode::kI32Shl, Opcode::kI32ShrU, Opcode::kI32ShrS, Opcode::kI32Mul,
     Opcode::kI32Xor},
    {Opcode::kI64Add, Opcode::kI64Add, Opcode::kI64Sub, Opcode::kI64And, Opcode::kI64Or,
     Opcode::kI64Shl, Opcode::kI64ShrU, Opcode::kI64Mul, Opcode::kI64Xor},
    {Opcode::kF32Add, Opcode::kF32Sub, Opcode::kF32Mul, Opcode::kF32Div},
    {Opcode::kF64Add, Opcode::kF64Sub, Opcode::kF64Mul, Opcode::kF64Div},
    {Opcode::kV128And, Opcode::kV128Or, Opcode::kI8x16Add, Opcode::kI32x4Add, Opcode::kI32x4Mul,
     Opcode::kF32x4Add, Opcode::kF32x4Mul, Opcode::kF64x2Add, Opcode::kI8x16Swizzle},
};

// SIMD loads and stores: {lanes} > 0 marks the lane accesses, which take a
// v128 operand and a lane index after the memarg.
struct SimdAccess {
  Opcode op;
  uint8_t max_align;
  uint8_t lanes;
};
constexpr SimdAccess kSimdLoads[] = {
    {Opcode::kV128Load, 4, 0},        {Opcode::kV128Load8x8S, 3, 0},
    {Opcode::kV128Load8x8U, 3, 0},    {Opcode::kV128Load16x4S, 3, 0},
    {Opcode::kV128Load16x4U, 3, 0},   {Opcode::kV128Load32x2S, 3, 0},
    {Opcode::kV128Load32x2U, 3, 0},   {Opcode::kV128Load8Splat, 0, 0},
    {Opcode::kV128Load16Splat, 1, 0}, {Opcode::kV128Load32Splat, 2, 0},
    {Opcode::kV128Load64Splat, 3, 0}, {Opcode::kV128Load32Zero, 2, 0},
    {Opcode::kV128Load64Zero, 3, 0},  {Opcode::kV128Load8Lane, 0, 16},
    {Opcode::kV128Load16Lane, 1, 8},  {Opcode::kV128Load32Lane, 2, 4},
    {Opcode::kV128Load64Lane, 3, 2},
};
constexpr SimdAccess kSimdStores[] = {
    {Opcode::kV128Store, 4, 0},       {Opcode::kV128Store8Lane, 0, 16},
    {Opcode::kV128Store16Lane, 1, 8}, {Opcode::kV128Store32Lane, 2, 4},
    {Opcode::kV128Store64Lane, 3, 2},
};

// Lane count of a SIMD opcode's shape, from its text name ("i16x8.…" -> 8).
uint32_t LaneCount(const OpcodeInfo& info) {
  std::string_view name = info.name;
  if (name.rfind("i8x16", 0) == 0) return 16;
  if (name.rfind("i16x8", 0) == 0) return 8;
  if (name.rfind("i32x4", 0) == 0 || name.rfind("f32x4", 0) == 0) return 4;
  return 2;  // i64x2, f64x2
}

// Everything the function generator may reference.
struct ModuleContext {
  bool post_mvp_ops = true;
  bool simd = false;
  std::vector<Signature> types;
  std::vector<uint32_t> func_types;                      // per function index, imports first
  std::vector<uint32_t> funcs_by_result[kNumTypes + 1];  // [kVoid] = no result
  std::vector<uint32_t> types_by_result[kNumTypes + 1];
  std::vector<GlobalInfo> globals;
  std::vector<uint32_t> mutable_globals_by_type[kNumTypes];
  std::vector<uint32_t> globals_by_type[kNumTypes];
  uint32_t memory_bytes = 0;           // initial memory size, for plausible constant addresses
  std::vector<uint32_t> passive_data;  // data segment indices usable by memory.init
  // Fixed-signature numeric opcodes of the enabled proposals, by result type.
  std::vector<const OpcodeInfo*> numeric_ops[kNumTypes];
};

void CollectNumericOps(ModuleContext& ctx) {
  size_t count = 0;
  const OpcodeInfo* all = AllOpcodes(&count);
  for (size_t i = 0; i < count; ++i) {
    const OpcodeInfo& info = all[i];
    bool simd = info.feature == OpFeature::kSimd || info.feature == OpFeature::kRelaxedSimd;
    bool feature_ok = info.feature == OpFeature::kMvp ||
                      (ctx.post_mvp_ops && (info.feature == OpFeature::kSignExtension ||
                                            info.feature == OpFeature::kSaturatingConversion)) ||
                      (ctx.simd && simd);
    bool imm_ok = info.imm == ImmKind::kNone ||
                  (simd && (info.imm == ImmKind::kLane || info.imm == ImmKind::kShuffle));
    if (!feature_ok || info.sig.special || !imm_ok) continue;
    if (info.sig.num_params == 0 || info.sig.num_results != 1) continue;
    bool numeric = true;
    for (int p = 0; p < info.sig.num_params; ++p) numeric &= info.sig.params[p] != OpSig::kAddr;
    OpSig::Code r = info.sig.results[0];
    if (!numeric || r == OpSig::kAddr) continue;
    ctx.numeric_ops[NumOfSig(r)].push_back(&info);
  }
}

// Generates one function body (locals and instructions, up to the final end).
class FunctionGen {
 public:
  static constexpr size_t kMaxControlDepth = 7;
  static constexpr int kMaxExprDepth = 5;

  FunctionGen(const ModuleContext& ctx, Rng& rng, const Signature& sig, size_t target_bytes)
      : ctx_(ctx), rng_(rng), sig_(sig), target_(target_bytes) {}

  // Returns the local declarations (value type bytes, one per local) and code.
  std::pair<Bytes, Bytes> Generate() {
    for (Num p : sig_.params) AddLocal(p);
    Bytes locals;
    // Compilers emit a handful of i32 temporaries and fewer of the others,
    // grouped by type.
    uint32_t counts[kNumTypes] = {rng_.Range(2, 12), rng_.Below(4), rng_.Below(3), rng_.Below(4),
                                  0};
    if (ctx_.simd) counts[kV128] = rng_.Below(3);
    for (int t = 0; t < kNumTypes; ++t) {
      for (uint32_t i = 0; i < counts[t]; ++i) {
        AddLocal(static_cast<Num>(t));
        locals.push_back(kTypeByte[t]);
      }
    }
    while (out_.bytes().size() < target_) Statement();
    for (Num r : sig_.results) Expr(r, 0);
    out_.U8(0x0B);
    return {locals, out_.Take()};
  }

 private:
  void AddLocal(Num t) { locals_by_type_[t].push_back(num_locals_++); }
  bool OverBudget() const { return out_.bytes().size() >= target_; }

  // ---- Encoding helpers ----
  void Op(Opcode op) {
    uint8_t prefix = OpcodePrefix(op);
    if (prefix != 0) {
      out_.U8(prefix).U32(OpcodeCode(op));
    } else {
      out_.U8(static_cast<uint8_t>(OpcodeCode(op)));
    }
  }
  void MemOp(const MemAccess& access) {
    Op(access.op);
    MemArg(access.max_align);
  }
  // {max_align}: log2 of the access's natural alignment.
  void MemArg(uint32_t max_align) {
    // Mostly natural alignment, as compilers emit; sometimes less.
    uint32_t align = rng_.Percent(85) ? max_align : rng_.Below(max_align + 1);
    uint32_t offset = 0;
    if (rng_.Percent(60)) offset = rng_.Below(64) << max_align;
    if (rng_.Percent(5)) offset = rng_.Below(1 << 20);
    out_.U32(align).U32(offset);
  }
  void BlockStart(Opcode op, uint8_t block_type) {
    Op(op);
    out_.U8(block_type);
    labels_.push_back(op == Opcode::kLoop ? kEmptyBlock : block_type);
  }
  void End() {
    out_.U8(0x0B);
    labels_.pop_back();
  }
  uint32_t Depth(size_t label_index) const {
    return static_cast<uint32_t>(labels_.size() - 1 - label_index);
  }
  // A random enclosing label whose branch type is {type}, if any.
  bool PickLabel(uint8_t type, uint32_t* depth) {
    std::vector<size_t> candidates;
    for (size_t i = 0; i < labels_.size(); ++i) {
      if (labels_[i] == type) candidates.push_back(i);
    }
    if (candidates.empty()) return false;
    *depth = Depth(rng_.Pick(candidates));
    return true;
  }
  // i32 locals always exist (see Generate); other types may have none.
  bool HasLocal(Num t) const { return !locals_by_type_[t].empty(); }
  uint32_t LocalOf(Num t) { return rng_.Pick(locals_by_type_[t]); }

  // ---- Statements: leave the operand stack unchanged ----
  void Statements(uint32_t max_count) {
    uint32_t n = OverBudget() ? 1 : rng_.Range(1, max_count);
    for (uint32_t i = 0; i < n; ++i) Statement();
  }

  void Statement() {
    bool nest = labels_.size() < kMaxControlDepth && !OverBudget();
    enum Kind {
      kLocalSet,
      kGlobalSet,
      kStore,
      kCall,
      kCallIndirect,
      kIf,
      kBlock,
      kLoop,
      kSwitch,
      kBrIf,
      kReturn,
      kBulk,
      kDrop,
      kSimdStore,
      kKinds
    };
    std::vector<uint32_t> weights(kKinds, 0);
    weights[kLocalSet] = 24;
    weights[kGlobalSet] = 3;
    weights[kStore] = 14;
    weights[kCall] = 9;
    weights[kCallIndirect] = 2;
    weights[kBrIf] = labels_.empty() ? 0 : 3;
    weights[kReturn] = 1;
    weights[kBulk] = ctx_.post_mvp_ops ? 1 : 0;
    weights[kDrop] = 2;
    weights[kSimdStore] = ctx_.simd ? 3 : 0;
    if (nest) {
      weights[kIf] = 10;
      weights[kBlock] = 5;
      weights[kLoop] = 5;
      weights[kSwitch] = 1;
    }
    switch (rng_.Weighted(weights)) {
      case kLocalSet: {
        Num t = RandomType();
        if (!HasLocal(t)) t = kI32;
        uint32_t local = LocalOf(t);
        Expr(t, 0);
        Op(Opcode::kLocalSet);
        out_.U32(local);
        break;
      }
      case kGlobalSet: {
        Num t = RandomType();
        if (ctx_.mutable_globals_by_type[t].empty()) t = kI32;
        uint32_t global = rng_.Pick(ctx_.mutable_globals_by_type[t]);
        Expr(t, 0);
        Op(Opcode::kGlobalSet);
        out_.U32(global);
        break;
      }
      case kStore: {
        std::vector<uint32_t> weights;
        for (const MemAccess& store : kStores) weights.push_back(store.weight);
        const MemAccess& store = kStores[rng_.Weighted(weights)];
        Address();
        Expr(store.type, 1);
        MemOp(store);
        break;
      }
      case kCall:
        Call(rng_.Percent(60) ? kVoid : RandomType(), /*drop=*/true);
        break;
      case kCallIndirect:
        CallIndirect(rng_.Percent(60) ? kVoid : RandomType(), /*drop=*/true);
        break;
      case kIf:
        If();
        break;
      case kBlock:
        Block();
        break;
      case kLoop:
        Loop();
        break;
      case kSwitch:
        Switch();
        break;
      case kBrIf: {
        uint32_t depth;
        if (!PickLabel(kEmptyBlock, &depth)) break;
        Expr(kI32, 1);
        Op(Opcode::kBrIf);
        out_.U32(depth);
        break;
      }
      case kReturn: {
        // An early exit: `if (cond) return value;`. The code after `return`
        // inside the if is unreachable, so the if's end sees a polymorphic stack.
        Expr(kI32, 1);
        BlockStart(Opcode::kIf, kEmptyBlock);
        for (Num r : sig_.results) Expr(r, 2);
        Op(Opcode::kReturn);
        End();
        break;
      }
      case kBulk:
        Bulk();
        break;
      case kDrop: {
        Expr(RandomType(), 0);
        Op(Opcode::kDrop);
        break;
      }
      case kSimdStore: {
        const SimdAccess& store = kSimdStores[rng_.Below(std::size(kSimdStores))];
        Address();
        Expr(kV128, 1);
        Op(store.op);
        MemArg(store.max_align);
        if (store.lanes != 0) out_.U8(static_cast<uint8_t>(rng_.Below(store.lanes)));
        break;
      }
    }
  }

  void If() {
    Expr(kI32, 1);
    BlockStart(Opcode::kIf, kEmptyBlock);
    Statements(4);
    if (rng_.Percent(40)) {
      Op(Opcode::kElse);
      Statements(3);
    }
    End();
  }

  void Block() {
    BlockStart(Opcode::kBlock, kEmptyBlock);
    Statements(2);
    Expr(kI32, 1);
    Op(Opcode::kBrIf);
    out_.U32(0);
    Statements(3);
    End();
  }

  // A counted loop, the shape of a compiled `for`: body, then increment the
  // counter, compare and branch back.
  void Loop() {
    uint32_t counter = LocalOf(kI32);
    BlockStart(Opcode::kLoop, kEmptyBlock);
    Statements(4);
    Op(Opcode::kLocalGet);
    out_.U32(counter);
    Op(Opcode::kI32Const);
    out_.S64(rng_.Percent(80) ? 1 : rng_.Range(2, 16));
    Op(Opcode::kI32Add);
    Op(Opcode::kLocalTee);
    out_.U32(counter);
    Expr(kI32, 2);
    Op(rng_.Percent(50) ? Opcode::kI32LtS : Opcode::kI32Ne);
    Op(Opcode::kBrIf);
    out_.U32(0);
    End();
  }

  // A compiled `switch`: one block per case plus an exit block; br_table in
  // the innermost block jumps to the end of the block whose code follows.
  void Switch() {
    uint32_t cases = rng_.Range(2, 6);
    for (uint32_t i = 0; i <= cases; ++i) BlockStart(Opcode::kBlock, kEmptyBlock);
    Expr(kI32, 1);
    Op(Opcode::kBrTable);
    uint32_t entries = rng_.Range(cases, 3 * cases);
    out_.U32(entries);
    for (uint32_t i = 0; i < entries; ++i) out_.U32(i < cases ? i : rng_.Below(cases + 1));
    out_.U32(cases);  // default: the exit block
    End();
    for (uint32_t i = 0; i < cases; ++i) {
      Statements(2);
      if (i + 1 < cases) {
        Op(Opcode::kBr);
        out_.U32(cases - 1 - i);  // to the exit block
      }
      End();
    }
  }

  void Bulk() {
    switch (rng_.Below(ctx_.passive_data.empty() ? 2 : 4)) {
      case 0:  // memory.fill: [dest value length]
        Address();
        Expr(kI32, 2);
        SmallLength();
        Op(Opcode::kMemoryFill);
        out_.U8(0x00);
        break;
      case 1:  // memory.copy: [dest src length]
        Address();
        Address();
        SmallLength();
        Op(Opcode::kMemoryCopy);
        out_.U8(0x00).U8(0x00);
        break;
      case 2:  // memory.init: [dest offset length]
        Address();
        Expr(kI32, 3);
        SmallLength();
        Op(Opcode::kMemoryInit);
        out_.U32(rng_.Pick(ctx_.passive_data)).U8(0x00);
        break;
      case 3:
        Op(Opcode::kDataDrop);
        out_.U32(rng_.Pick(ctx_.passive_data));
        break;
    }
  }

  void SmallLength() {
    if (rng_.Percent(70)) {
      Op(Opcode::kI32Const);
      out_.S64(rng_.Range(1, 256));
    } else {
      Op(Opcode::kLocalGet);
      out_.U32(LocalOf(kI32));
    }
  }

  // Arguments, then the call; {result} kVoid picks a function without a
  // result. A result the caller does not want is dropped.
  void Call(uint8_t result, bool drop) {
    const auto& candidates = ctx_.funcs_by_result[result];
    if (candidates.empty()) return Fallback(result);
    uint32_t func = rng_.Pick(candidates);
    const Signature& callee = ctx_.types[ctx_.func_types[func]];
    for (Num p : callee.params) Expr(p, 2);
    Op(Opcode::kCall);
    out_.U32(func);
    if (drop && !callee.results.empty()) Op(Opcode::kDrop);
  }

  void CallIndirect(uint8_t result, bool drop) {
    if (ctx_.types_by_result[result].empty()) return Fallback(result);
    uint32_t type = rng_.Pick(ctx_.types_by_result[result]);
    const Signature& callee = ctx_.types[type];
    for (Num p : callee.params) Expr(p, 2);
    // Function pointers live in locals or memory.
    if (rng_.Percent(70)) {
      Op(Opcode::kLocalGet);
      out_.U32(LocalOf(kI32));
    } else {
      Address();
      MemOp(kLoads[0]);
    }
    Op(Opcode::kCallIndirect);
    out_.U32(type).U32(0);
    if (drop && !callee.results.empty()) Op(Opcode::kDrop);
  }

  // Stands in for a call of an unavailable signature.
  void Fallback(uint8_t result) {
    if (result != kVoid) Leaf(static_cast<Num>(result));
  }

  // An i32 address: a pointer local, a pointer plus a scaled index, or a
  // static address.
  void Address() {
    uint32_t r = rng_.Below(100);
    if (r < 60) {
      Op(Opcode::kLocalGet);
      out_.U32(LocalOf(kI32));
    } else if (r < 80) {
      Op(Opcode::kLocalGet);
      out_.U32(LocalOf(kI32));
      Op(Opcode::kLocalGet);
      out_.U32(LocalOf(kI32));
      Op(Opcode::kI32Const);
      out_.S64(rng_.Range(1, 3));
      Op(Opcode::kI32Shl);
      Op(Opcode::kI32Add);
    } else if (r < 85) {
      Op(Opcode::kGlobalGet);
      out_.U32(0);  // the stack pointer
    } else {
      Op(Opcode::kI32Const);
      out_.S64(rng_.Below(ctx_.memory_bytes) & ~7u);
    }
  }

  // ---- Expressions: push exactly one value of type {t} ----
  void Expr(Num t, int depth) {
    // Deeper means more likely a leaf; compiled code is mostly shallow trees
    // over locals and constants.
    bool leaf = depth >= kMaxExprDepth || rng_.Below(100) < 30u + 14u * depth;
    if (leaf) return Leaf(t);
    enum Kind {
      kCommonBinary,
      kCompare,
      kLoad,
      kAnyNumeric,
      kCall,
      kCallIndirect,
      kSelect,
      kTee,
      kIfExpr,
      kBlockExpr,
      kBrIfValue,
      kMemorySize,
      kKinds
    };
    bool nest = labels_.size() < kMaxControlDepth && !OverBudget();
    std::vector<uint32_t> weights(kKinds, 0);
    weights[kCommonBinary] = 30;
    weights[kCompare] = t == kI32 ? 12 : 0;
    weights[kLoad] = 18;
    weights[kAnyNumeric] = 8;
    weights[kCall] = 4;
    weights[kCallIndirect] = 1;
    weights[kSelect] = 2;
    weights[kTee] = 4;
    weights[kIfExpr] = nest ? 2 : 0;
    weights[kBlockExpr] = nest ? 1 : 0;
    weights[kBrIfValue] = 1;
    weights[kMemorySize] = t == kI32 ? 1 : 0;
    switch (rng_.Weighted(weights)) {
      case kCommonBinary:
        Expr(t, depth + 1);
        Expr(t, depth + 1);
        Op(rng_.Pick(kFrequentBinaryOps[t]));
        break;
      case kCompare: {
        Num operand = RandomScalarType();
        std::vector<const OpcodeInfo*> compares;
        for (const OpcodeInfo* info : ctx_.numeric_ops[kI32]) {
          if (info->sig.num_params == 2 && NumOfSig(info->sig.params[0]) == operand) {
            compares.push_back(info);
          }
        }
        const OpcodeInfo* op = rng_.Pick(compares);
        Expr(operand, depth + 1);
        Expr(operand, depth + 1);
        Op(op->opcode);
        break;
      }
      case kLoad: {
        if (t == kV128) return SimdLoad(depth);
        std::vector<uint32_t> weights;
        for (const MemAccess& load : kLoads) weights.push_back(load.type == t ? load.weight : 0);
        Address();
        MemOp(kLoads[rng_.Weighted(weights)]);
        break;
      }
      case kAnyNumeric: {
        const OpcodeInfo* op = rng_.Pick(ctx_.numeric_ops[t]);
        for (int p = 0; p < op->sig.num_params; ++p) Expr(NumOfSig(op->sig.params[p]), depth + 1);
        Op(op->opcode);
        if (op->imm == ImmKind::kLane) out_.U8(static_cast<uint8_t>(rng_.Below(LaneCount(*op))));
        if (op->imm == ImmKind::kShuffle) {
          for (int i = 0; i < 16; ++i) out_.U8(static_cast<uint8_t>(rng_.Below(32)));
        }
        break;
      }
      case kCall:
        Call(t, /*drop=*/false);
        break;
      case kCallIndirect:
        CallIndirect(t, /*drop=*/false);
        break;
      case kSelect:
        Expr(t, depth + 1);
        Expr(t, depth + 1);
        Expr(kI32, depth + 1);
        Op(Opcode::kSelect);
        break;
      case kTee: {
        if (!HasLocal(t)) return Leaf(t);
        uint32_t local = LocalOf(t);
        Expr(t, depth + 1);
        Op(Opcode::kLocalTee);
        out_.U32(local);
        break;
      }
      case kIfExpr:
        Expr(kI32, depth + 1);
        BlockStart(Opcode::kIf, kTypeByte[t]);
        Statements(2);
        Expr(t, depth + 1);
        Op(Opcode::kElse);
        Statements(2);
        Expr(t, depth + 1);
        End();
        break;
      case kBlockExpr:
        // block (result t): an early-out value via br_if, else fall through.
        BlockStart(Opcode::kBlock, kTypeByte[t]);
        Statements(2);
        Expr(t, depth + 1);
        Expr(kI32, depth + 1);
        Op(Opcode::kBrIf);
        out_.U32(0);
        Op(Opcode::kDrop);
        Statements(1);
        Expr(t, depth + 1);
        End();
        break;
      case kBrIfValue: {
        uint32_t label;
        if (!PickLabel(kTypeByte[t], &label)) return Leaf(t);
        Expr(t, depth + 1);
        Expr(kI32, depth + 1);
        Op(Opcode::kBrIf);
        out_.U32(label);
        break;
      }
      case kMemorySize:
        Op(Opcode::kMemorySize);
        out_.U8(0x00);
        break;
    }
  }

  void SimdLoad(int depth) {
    const SimdAccess& load = kSimdLoads[rng_.Below(std::size(kSimdLoads))];
    Address();
    if (load.lanes != 0) Expr(kV128, depth + 1);
    Op(load.op);
    MemArg(load.max_align);
    if (load.lanes != 0) out_.U8(static_cast<uint8_t>(rng_.Below(load.lanes)));
  }

  void Leaf(Num t) {
    uint32_t r = rng_.Below(100);
    if (r < 58 && HasLocal(t)) {
      Op(Opcode::kLocalGet);
      out_.U32(LocalOf(t));
    } else if (r < 97 || ctx_.globals_by_type[t].empty()) {
      Const(t);
    } else {
      Op(Opcode::kGlobalGet);
      out_.U32(rng_.Pick(ctx_.globals_by_type[t]));
    }
  }

  void Const(Num t) {
    switch (t) {
      case kI32:
        Op(Opcode::kI32Const);
        out_.S64(SmallOrLarge<int32_t>());
        break;
      case kI64:
        Op(Opcode::kI64Const);
        out_.S64(SmallOrLarge<int64_t>());
        break;
      case kF32: {
        Op(Opcode::kF32Const);
        float f = static_cast<float>((rng_.Unit() - 0.5) * 1024.0);
        uint32_t bits;
        std::memcpy(&bits, &f, 4);
        for (int i = 0; i < 4; ++i) out_.U8(static_cast<uint8_t>(bits >> (8 * i)));
        break;
      }
      case kF64: {
        Op(Opcode::kF64Const);
        double d = (rng_.Unit() - 0.5) * 1e6;
        uint64_t bits;
        std::memcpy(&bits, &d, 8);
        for (int i = 0; i < 8; ++i) out_.U8(static_cast<uint8_t>(bits >> (8 * i)));
        break;
      }
      case kV128:
        Op(Opcode::kV128Const);
        for (int i = 0; i < 16; ++i) out_.U8(static_cast<uint8_t>(rng_.Next()));
        break;
      default:
        break;
    }
  }

  template <typename T>
  T SmallOrLarge() {
    uint32_t r = rng_.Below(100);
    if (r < 70) return static_cast<T>(rng_.Below(256));
    if (r < 80) return -static_cast<T>(rng_.Range(1, 64));
    return static_cast<T>(rng_.Next());
  }

  Num RandomType() {
    return static_cast<Num>(rng_.Weighted({60, 18, 8, 14, ctx_.simd ? 10u : 0u}));
  }
  Num RandomScalarType() { return static_cast<Num>(rng_.Weighted({60, 18, 8, 14})); }

  const ModuleContext& ctx_;
  Rng& rng_;
  const Signature& sig_;
  size_t target_;
  Emitter out_;
  std::vector<uint8_t> labels_;  // branch type per enclosing label, innermost last
  std::vector<uint32_t> locals_by_type_[kNumTypes];
  uint32_t num_locals_ = 0;
};

Bytes ConstExprOf(Num t, Rng& rng) {
  Emitter e;
  switch (t) {
    case kI32:
      e.U8(0x41).S64(static_cast<int32_t>(rng.Below(1 << 16)));
      break;
    case kI64:
      e.U8(0x42).S64(static_cast<int64_t>(rng.Next() >> 8));
      break;
    case kF32:
      e.U8(0x43).Raw({0x00, 0x00, 0x80, 0x3F});
      break;  // 1.0f
    case kF64:
      e.U8(0x44).Raw({0, 0, 0, 0, 0, 0, 0xF0, 0x3F});
      break;  // 1.0
    default:
      break;
  }
  e.U8(0x0B);
  return e.Take();
}

Bytes TypeBytes(const std::vector<Num>& types) {
  Bytes out;
  for (Num t : types) out.push_back(kTypeByte[t]);
  return out;
}

}  // namespace

GeneratedModule GenerateModule(const ModuleGenOptions& options) {
  Rng rng(options.seed);
  ModuleContext ctx;
  ctx.post_mvp_ops = options.post_mvp_ops;
  ctx.simd = options.simd_ops;
  CollectNumericOps(ctx);
  testing::WasmBuilder builder;
  GeneratedModule result;

  // Types: a few dozen signatures, small arities, like a C program's. The
  // first ones give every result kind at least one signature.
  std::vector<uint8_t> result_kinds = {kI32, kI64, kF32, kF64, kVoid};
  if (ctx.simd) result_kinds.push_back(kV128);
  const uint32_t simd_weight = ctx.simd ? 6 : 0;
  for (uint32_t i = 0; i < 40; ++i) {
    Signature sig;
    uint32_t params = rng.Weighted({10, 25, 25, 18, 10, 6, 3});
    for (uint32_t p = 0; p < params; ++p) {
      sig.params.push_back(static_cast<Num>(rng.Weighted({60, 18, 8, 14, simd_weight})));
    }
    uint8_t r = i < result_kinds.size()
                    ? result_kinds[i]
                    : result_kinds[rng.Weighted({40, 30, 10, 5, 15, simd_weight})];
    if (r != kVoid) sig.results.push_back(static_cast<Num>(r));
    ctx.types.push_back(sig);
    ctx.types_by_result[r].push_back(i);
    builder.AddFuncType(TypeBytes(sig.params), TypeBytes(sig.results));
  }

  auto add_function_type = [&](uint32_t type) {
    uint32_t index = static_cast<uint32_t>(ctx.func_types.size());
    ctx.func_types.push_back(type);
    const Signature& sig = ctx.types[type];
    ctx.funcs_by_result[sig.results.empty() ? kVoid : sig.results[0]].push_back(index);
    return index;
  };

  // Imports: host functions, as a WASI program has.
  for (uint32_t i = 0; i < 12; ++i) {
    uint32_t type = rng.Below(static_cast<uint32_t>(ctx.types.size()));
    add_function_type(type);
    builder.ImportFunc("env", "host_" + std::to_string(i), type);
  }
  result.num_imported_functions = static_cast<uint32_t>(ctx.func_types.size());

  // Plan the defined functions until the budget is met. Body sizes are
  // log-uniform by octaves: an octave [24 << k, 24 << (k + 1)) uniformly, then
  // a size in it uniformly. Integer-only, so no libm can change the plan.
  constexpr uint32_t kMinTarget = 24;
  uint32_t octaves = 1;
  while ((uint64_t{kMinTarget} << (octaves + 1)) <= options.max_function_bytes) ++octaves;
  std::vector<size_t> targets;
  size_t planned = 0;
  while (planned < options.min_code_bytes || targets.size() < result_kinds.size()) {
    uint32_t octave = rng.Below(octaves);
    size_t target = rng.Range(kMinTarget << octave, (kMinTarget << (octave + 1)) - 1);
    targets.push_back(target);
    planned += target;
  }
  // The first types guarantee a callee for every result kind.
  for (size_t i = 0; i < targets.size(); ++i) {
    add_function_type(i < result_kinds.size() ? static_cast<uint32_t>(i)
                                              : rng.Below(static_cast<uint32_t>(ctx.types.size())));
  }
  const uint32_t num_functions = static_cast<uint32_t>(ctx.func_types.size());
  result.num_defined_functions = num_functions - result.num_imported_functions;

  // A function table holding a quarter of the functions (address-taken ones).
  std::vector<uint32_t> table_funcs;
  for (uint32_t f = 0; f < num_functions; ++f) {
    if (rng.Percent(25)) table_funcs.push_back(f);
  }
  uint32_t table_size = static_cast<uint32_t>(table_funcs.size()) + 1;
  builder.AddTable(testing::kFuncRef, table_size, table_size);

  // Memory: 17 pages initially, like clang's default stack plus data.
  constexpr uint32_t kPages = 17;
  ctx.memory_bytes = kPages * 65536;
  builder.AddMemory(kPages, 32768);

  // Globals: the stack pointer first, then mutable and immutable globals.
  ctx.globals.push_back({kI32, true});
  {
    Emitter init;
    init.U8(0x41).S64(kPages * 65536).U8(0x0B);  // the stack grows down from the top
    builder.AddGlobal(testing::kI32, true, init.Take());
  }
  for (uint32_t i = 0; i < 30; ++i) {
    Num t = static_cast<Num>(rng.Weighted({50, 25, 10, 15}));
    bool is_mutable = rng.Percent(70);
    ctx.globals.push_back({t, is_mutable});
    builder.AddGlobal(kTypeByte[t], is_mutable, ConstExprOf(t, rng));
  }
  for (uint32_t g = 0; g < ctx.globals.size(); ++g) {
    ctx.globals_by_type[ctx.globals[g].type].push_back(g);
    if (ctx.globals[g].is_mutable) ctx.mutable_globals_by_type[ctx.globals[g].type].push_back(g);
  }

  // Data: active segments laid out from address 1024, plus passive ones for
  // memory.init when bulk memory is on.
  constexpr uint32_t kActiveSegments = 48;
  const uint32_t passive_segments = options.post_mvp_ops ? 4 : 0;
  uint32_t address = 1024;
  for (uint32_t i = 0; i < kActiveSegments + passive_segments; ++i) {
    Bytes payload(rng.Range(16, 4096));
    for (uint8_t& b : payload) b = rng.Percent(30) ? 0 : static_cast<uint8_t>(rng.Range(32, 126));
    Emitter e;
    if (i < kActiveSegments) {
      e.U8(0x00).U8(0x41).S64(address).U8(0x0B);
      address += static_cast<uint32_t>(payload.size() + 15) & ~15u;
    } else {
      e.U8(0x01);
      ctx.passive_data.push_back(i);
    }
    e.Sized(payload);
    builder.AddRawData(e.Take());
  }
  if (options.post_mvp_ops) builder.SetDataCount(kActiveSegments + passive_segments);

  // Elements: one active segment at table offset 1 (0 stays null, as in C).
  {
    Emitter e;
    e.U8(0x00).U8(0x41).S64(1).U8(0x0B).U32(table_funcs.size());
    for (uint32_t f : table_funcs) e.U32(f);
    builder.AddRawElem(e.Take());
  }

  // Exports: memory, table, the stack pointer and a sample of functions.
  builder.AddExport("memory", 2, 0);
  builder.AddExport("__indirect_function_table", 1, 0);
  builder.AddExport("__stack_pointer", 3, 0);
  for (uint32_t f = result.num_imported_functions; f < num_functions; ++f) {
    if (rng.Percent(5)) builder.AddExport("export_" + std::to_string(f), 0, f);
  }

  // Bodies.
  for (size_t i = 0; i < targets.size(); ++i) {
    uint32_t type = ctx.func_types[result.num_imported_functions + i];
    FunctionGen gen(ctx, rng, ctx.types[type], targets[i]);
    auto [locals, code] = gen.Generate();
    result.code_bytes += code.size();
    builder.AddFunction(type, std::move(locals), std::move(code));
  }

  if (options.name_section) {
    Emitter names;
    names.U32(num_functions);
    for (uint32_t f = 0; f < num_functions; ++f) names.U32(f).Name("func_" + std::to_string(f));
    Emitter payload;
    payload.U8(1).Sized(names.bytes());  // subsection 1: function names
    builder.AddCustom("name", payload.Take());
  }

  result.bytes = builder.Build();
  return result;
}

}  // namespace wasmtier::bench
