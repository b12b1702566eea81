// Consumer-independent parts of the function-body decoder: immediate and type
// readers (binary format only, malformed errors), immediate checks (index
// spaces, alignment, lanes; invalid errors) and opcode facts derived from the
// table. See engine/function_body_decoder.h for the decoder itself.
#include "engine/function_body_decoder_base.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "engine/error.h"
#include "engine/limits.h"

namespace wasmtier {
namespace {

// Bytes accessed by a memory instruction, from its name: "i64.load32_u" -> 4,
// "v128.load8x8_s" -> 8, "i32.atomic.rmw8.add_u" -> 1, "f64.store" -> 8.
uint32_t AccessBytes(std::string_view name) {
  uint32_t type_bytes = 4;
  if (name.substr(0, 3) == "i64" || name.substr(0, 3) == "f64") type_bytes = 8;
  if (name.substr(0, 4) == "v128") type_bytes = 16;
  for (std::string_view word : {"load", "store", "rmw", "wait"}) {
    size_t at = name.find(word);
    if (at == std::string_view::npos) continue;
    size_t i = at + word.size();
    uint32_t bits = 0;
    while (i < name.size() && name[i] >= '0' && name[i] <= '9') bits = bits * 10 + (name[i++] - '0');
    if (bits == 0) return type_bytes;
    if (i < name.size() && name[i] == 'x') {
      uint32_t count = 0;
      ++i;
      while (i < name.size() && name[i] >= '0' && name[i] <= '9') count = count * 10 + (name[i++] - '0');
      bits *= count;
    }
    return bits / 8;
  }
  return type_bytes;
}

uint8_t Log2(uint32_t n) {
  uint8_t log = 0;
  while ((1u << log) < n) ++log;
  return log;
}

// Lanes of a lane immediate: "i16x8.extract_lane_s" -> 8, "v128.load32_lane" -> 4.
uint8_t LaneCountOf(const OpcodeInfo& info) {
  std::string_view name = info.name;
  if (info.imm == ImmKind::kShuffle) return 32;
  if (info.imm == ImmKind::kMemArgLane) return static_cast<uint8_t>(16 / AccessBytes(name));
  size_t x = name.find('x');
  size_t dot = name.find('.');
  if (x == std::string_view::npos || x > dot) return 0;
  uint32_t lanes = 0;
  for (size_t i = x + 1; i < dot && name[i] >= '0' && name[i] <= '9'; ++i) lanes = lanes * 10 + (name[i] - '0');
  return static_cast<uint8_t>(lanes);
}

struct ExtraTable {
  std::vector<OpcodeExtra> extras;
  const OpcodeInfo* first;
  ExtraTable() {
    size_t count;
    first = AllOpcodes(&count);
    extras.resize(count);
    for (size_t i = 0; i < count; ++i) {
      const OpcodeInfo& info = first[i];
      if (info.imm == ImmKind::kMemArg || info.imm == ImmKind::kMemArgLane) {
        extras[i].max_align_log2 = Log2(AccessBytes(info.name));
      }
      if (info.imm == ImmKind::kLane || info.imm == ImmKind::kMemArgLane || info.imm == ImmKind::kShuffle) {
        extras[i].lanes = LaneCountOf(info);
      }
    }
  }
};

const ExtraTable& Extras() {
  static const ExtraTable* table = new ExtraTable();
  return *table;
}

struct SingleByte {
  const OpcodeInfo* table[256];
  SingleByte() {
    for (int b = 0; b < 256; ++b) table[b] = IsPrefixByte(b) ? nullptr : LookupOpcode(0, b);
  }
};

const char* FeatureName(OpFeature f) {
  switch (f) {
    case OpFeature::kMvp: return "mvp";
    case OpFeature::kSignExtension: return "sign-extension";
    case OpFeature::kSaturatingConversion: return "saturating float-to-int";
    case OpFeature::kBulkMemory: return "bulk memory";
    case OpFeature::kReferenceTypes: return "reference types";
    case OpFeature::kSimd: return "simd";
    case OpFeature::kRelaxedSimd: return "relaxed simd";
    case OpFeature::kTailCall: return "tail calls";
    case OpFeature::kFunctionReferences: return "function references";
    case OpFeature::kGc: return "gc";
    case OpFeature::kExceptions: return "exceptions";
    case OpFeature::kLegacyExceptions: return "legacy exceptions";
    case OpFeature::kThreads: return "threads";
    case OpFeature::kWideArithmetic: return "wide arithmetic";
  }
  return "?";
}

}  // namespace

bool IsExplicitlyTyped(Opcode op) {
  switch (op) {
    case Opcode::kUnreachable: case Opcode::kNop: case Opcode::kBlock: case Opcode::kLoop:
    case Opcode::kIf: case Opcode::kElse: case Opcode::kEnd: case Opcode::kBr: case Opcode::kBrIf:
    case Opcode::kBrTable: case Opcode::kReturn: case Opcode::kCall: case Opcode::kCallIndirect:
    case Opcode::kReturnCall: case Opcode::kReturnCallIndirect: case Opcode::kCallRef:
    case Opcode::kReturnCallRef: case Opcode::kDrop: case Opcode::kSelect: case Opcode::kSelectT:
    case Opcode::kLocalGet: case Opcode::kLocalSet: case Opcode::kLocalTee: case Opcode::kGlobalGet:
    case Opcode::kGlobalSet: case Opcode::kTableGet: case Opcode::kTableSet: case Opcode::kRefNull:
    case Opcode::kRefIsNull: case Opcode::kRefFunc: case Opcode::kRefAsNonNull: case Opcode::kBrOnNull:
    case Opcode::kBrOnNonNull: case Opcode::kMemoryInit: case Opcode::kMemoryCopy: case Opcode::kTableInit:
    case Opcode::kTableCopy: case Opcode::kTableGrow: case Opcode::kTableSize: case Opcode::kTableFill:
      return true;
    default:
      return false;
  }
}

bool IsGenericImmediate(ImmKind kind) {
  switch (kind) {
    case ImmKind::kNone: case ImmKind::kI32: case ImmKind::kI64: case ImmKind::kF32: case ImmKind::kF64:
    case ImmKind::kV128: case ImmKind::kMemArg: case ImmKind::kMemArgLane: case ImmKind::kMemory:
    case ImmKind::kLane: case ImmKind::kShuffle: case ImmKind::kData: case ImmKind::kElem:
      return true;
    default:
      return false;
  }
}

const OpcodeExtra& GetOpcodeExtra(const OpcodeInfo& info) {
  const ExtraTable& t = Extras();
  return t.extras[&info - t.first];
}

BodyDecoderBase::BodyDecoderBase(const WasmModule& module, const Features& features)
    : module_(&module), features_(features) {
  Extras();  // build the table before any hot loop needs it
}

const SimpleOp* BodyDecoderBase::SimpleOpTable() {
  struct Table {
    SimpleOp ops[256] = {};
    Table() {
      for (int b = 0; b < 256; ++b) {
        const OpcodeInfo* info = IsPrefixByte(b) ? nullptr : LookupOpcode(0, b);
        if (info == nullptr || info->imm != ImmKind::kNone || info->sig.special ||
            info->feature != OpFeature::kMvp || info->sig.num_results != 1 || info->sig.num_params > 2) {
          continue;
        }
        bool uses_addr = info->sig.results[0] == OpSig::kAddr;
        for (int i = 0; i < info->sig.num_params; ++i) uses_addr |= info->sig.params[i] == OpSig::kAddr;
        if (uses_addr) continue;
        SimpleOp& op = ops[b];
        op.num_params = info->sig.num_params;
        for (int i = 0; i < op.num_params; ++i) op.params[i] = SigType(info->sig.params[i], ValType::I32());
        op.result = SigType(info->sig.results[0], ValType::I32());
      }
    }
  };
  static const Table* table = new Table();
  return table->ops;
}

const uint8_t* BodyDecoderBase::MaxAlignTable() {
  struct Table {
    uint8_t align[256] = {};
    Table() {
      for (int b = 0; b < 256; ++b) {
        const OpcodeInfo* info = IsPrefixByte(b) ? nullptr : LookupOpcode(0, b);
        if (info != nullptr && info->imm == ImmKind::kMemArg) align[b] = GetOpcodeExtra(*info).max_align_log2;
      }
    }
  };
  static const Table* table = new Table();
  return table->align;
}

const OpcodeInfo* const* BodyDecoderBase::FastSingleByteTable(bool const_mode) {
  struct Tables {
    const OpcodeInfo* normal[256] = {};
    const OpcodeInfo* none[256] = {};
    Tables() {
      for (int b = 0; b < 256; ++b) {
        const OpcodeInfo* info = IsPrefixByte(b) ? nullptr : LookupOpcode(0, b);
        if (info != nullptr && info->feature == OpFeature::kMvp) normal[b] = info;
      }
    }
  };
  static const Tables* tables = new Tables();
  return const_mode ? tables->none : tables->normal;
}

const OpcodeInfo* const* BodyDecoderBase::SingleByteTable() {
  static const SingleByte* single = new SingleByte();
  return single->table;
}

const OpcodeInfo* BodyDecoderBase::ReadOpcode(Reader& r) {
  const size_t offset = r.offset();
  const uint8_t byte = r.ReadU8();
  if (!r.ok()) return nullptr;
  if (!IsPrefixByte(byte)) {
    const OpcodeInfo* info = SingleByteTable()[byte];
    if (info == nullptr) r.Fail(offset, absl::StrFormat("illegal opcode %02x", byte));
    return info;
  }
  const uint32_t code = r.ReadVarU32();
  if (!r.ok()) return nullptr;
  const OpcodeInfo* info = LookupOpcode(byte, code);
  if (info == nullptr) r.Fail(offset, absl::StrFormat("illegal opcode %02x %02x", byte, code));
  return info;
}

HeapType BodyDecoderBase::ReadHeapType(Reader& r) {
  const size_t offset = r.offset();
  const int64_t v = r.ReadVarS33();
  if (!r.ok()) return HeapType();
  if (v >= 0) {
    // Indices beyond the largest possible type index stay "unknown type" later
    // and never collide with the abstract codes.
    return HeapType::Index(v > kMaxTypeIndex ? kMaxTypeIndex : static_cast<uint32_t>(v));
  }
  if (v >= -64) {
    auto ht = HeapType::FromAbstractByte(static_cast<uint8_t>(v & 0x7F));
    if (ht) return *ht;
  }
  r.Fail(offset, "malformed heap type");
  return HeapType();
}

ValType BodyDecoderBase::ReadValType(Reader& r) {
  const size_t offset = r.offset();
  const uint8_t b = r.ReadU8();
  if (!r.ok()) return ValType();
  switch (b) {
    case 0x7F: return ValType::I32();
    case 0x7E: return ValType::I64();
    case 0x7D: return ValType::F32();
    case 0x7C: return ValType::F64();
    case 0x7B: return ValType::V128();
    case 0x64: return ValType::Ref(ReadHeapType(r), false);
    case 0x63: return ValType::Ref(ReadHeapType(r), true);
    default:
      if (auto ht = HeapType::FromAbstractByte(b)) return ValType::Ref(*ht, true);
      r.Fail(offset, "malformed value type");
      return ValType();
  }
}

void BodyDecoderBase::ReadBlockType(Reader& r, BlockTypeImm* out) {
  const uint8_t b = r.PeekU8();
  if (b == 0x40) {
    r.ReadU8();
    return;
  }
  if ((b & 0xC0) == 0x40) {  // a one-byte negative s33: a value type
    out->single = ReadValType(r);
    return;
  }
  const size_t offset = r.offset();
  const int64_t index = r.ReadVarS33();
  if (!r.ok()) return;
  if (index < 0) {
    r.Fail(offset, "malformed value type");
    return;
  }
  out->type_index = index > kMaxTypeIndex ? kMaxTypeIndex : static_cast<uint32_t>(index);
}

// memarg flags: bits 0-5 the alignment exponent, bit 6 "memory index follows"
// (multi-memory); anything larger is malformed. The offset is a u64 (memory64);
// whether it fits a 32-bit memory is a validation question.
void BodyDecoderBase::ReadMemArg(Reader& r, MemArgImm* out) {
  const size_t offset = r.offset();
  uint32_t flags = r.ReadVarU32();
  if (flags >= 128) {
    r.Fail(offset, "malformed memop flags");
    return;
  }
  out->memory = 0;
  // Without multi-memory, bit 6 is just part of an (over-large) alignment.
  if ((flags & 0x40) && features_.multi_memory) {
    out->memory = r.ReadVarU32();
    flags &= ~0x40u;
  }
  out->align_log2 = flags;
  // Most offsets are one byte; Reader has no inline fast path for 64-bit LEBs.
  if (r.pc() < r.end() && *r.pc() < 0x80) {
    out->offset = *r.pc();
    r.Skip(1);
  } else {
    out->offset = r.ReadVarU64();
  }
}

void BodyDecoderBase::ReadImmediates(Reader& r, const OpcodeInfo& info, Instr& instr) {
  switch (info.imm) {
    case ImmKind::kNone:
      return;
    case ImmKind::kBlockType:
    case ImmKind::kTryLegacy:
      instr.block = BlockTypeImm();
      ReadBlockType(r, &instr.block);
      return;
    case ImmKind::kLabel:
    case ImmKind::kFunc:
    case ImmKind::kLocal:
    case ImmKind::kGlobal:
    case ImmKind::kTable:
    case ImmKind::kType:
    case ImmKind::kElem:
    case ImmKind::kTag:
    case ImmKind::kDelegate:
    case ImmKind::kLabelType:
      instr.index = r.ReadVarU32();
      return;
    case ImmKind::kData:
      instr.index = r.ReadVarU32();
      break;  // data count rule below
    case ImmKind::kBrTable: {
      const size_t offset = r.offset();
      instr.count = r.ReadVarU32();
      if (instr.count > limits::kMaxBrTableSize) {
        r.Fail(offset, absl::StrCat("br_table size exceeds implementation limit (",
                                    limits::kMaxBrTableSize, ")"));
        return;
      }
      instr.bytes = r.pc();
      for (uint32_t i = 0; i < instr.count && r.ok(); ++i) r.ReadVarU32();
      instr.index = r.ReadVarU32();
      return;
    }
    case ImmKind::kCallIndirect:
    case ImmKind::kTypeField:
    case ImmKind::kTypeType:
    case ImmKind::kTypeElem:
    case ImmKind::kTypeCount:
    case ImmKind::kElemTable:
    case ImmKind::kTableTable:
      instr.index = r.ReadVarU32();
      instr.index2 = r.ReadVarU32();
      return;
    case ImmKind::kTypeData:
    case ImmKind::kDataMemory:
      instr.index = r.ReadVarU32();
      instr.index2 = r.ReadVarU32();
      break;  // data count rule below
    case ImmKind::kMemoryMemory:
      instr.index = r.ReadVarU32();
      instr.index2 = r.ReadVarU32();
      return;
    case ImmKind::kMemArg:
      ReadMemArg(r, &instr.mem);
      return;
    case ImmKind::kMemArgLane:
      ReadMemArg(r, &instr.mem);
      instr.lane = r.ReadU8();
      return;
    case ImmKind::kMemory:
      instr.index = r.ReadVarU32();
      return;
    case ImmKind::kI32:
      instr.value.i32 = r.ReadVarS32();
      return;
    case ImmKind::kI64:
      if (r.pc() < r.end() && *r.pc() < 0x80) {
        instr.value.i64 = static_cast<int8_t>(*r.pc() << 1) >> 1;
        r.Skip(1);
      } else {
        instr.value.i64 = r.ReadVarS64();
      }
      return;
    case ImmKind::kF32:
      instr.value.f32_bits = r.ReadU32();
      return;
    case ImmKind::kF64:
      instr.value.f64_bits = r.ReadU64();
      return;
    case ImmKind::kV128:
    case ImmKind::kShuffle:
      instr.bytes = r.ReadBytes(16);
      return;
    case ImmKind::kLane:
      instr.lane = r.ReadU8();
      return;
    case ImmKind::kSelectT: {
      const size_t offset = r.offset();
      instr.count = r.ReadVarU32();
      if (instr.count > r.remaining()) {  // every type takes at least one byte
        r.Fail(offset, "unexpected end of section or function");
        return;
      }
      for (uint32_t i = 0; i < instr.count && r.ok(); ++i) {
        ValType t = ReadValType(r);
        if (i == 0) instr.type = t;
      }
      return;
    }
    case ImmKind::kHeapType:
      instr.type = ValType::Ref(ReadHeapType(r), true);
      return;
    case ImmKind::kBrOnCast:
      instr.lane = r.ReadU8();  // cast flags
      instr.index = r.ReadVarU32();
      ReadHeapType(r);
      ReadHeapType(r);
      return;
    case ImmKind::kTryTable: {
      instr.block = BlockTypeImm();
      ReadBlockType(r, &instr.block);
      const uint32_t count = r.ReadVarU32();
      for (uint32_t i = 0; i < count && r.ok(); ++i) {
        const size_t offset = r.offset();
        const uint8_t kind = r.ReadU8();
        if (kind > 3) {
          r.Fail(offset, "malformed catch clause");
          return;
        }
        if (kind < 2) r.ReadVarU32();  // tag
        r.ReadVarU32();                // label
      }
      return;
    }
    case ImmKind::kZeroByte: {
      const size_t offset = r.offset();
      if (r.ReadU8() != 0 && r.ok()) r.Fail(offset, "zero byte expected");
      return;
    }
  }
  // memory.init, data.drop, array.new_data, array.init_data: a binary-format
  // rule, so the module is malformed (not invalid) without a data count section.
  if (r.ok() && !module_->data_count.has_value()) {
    r.Fail(instr.offset, "data count section required");
  }
}

bool BodyDecoderBase::CheckFeature(const OpcodeInfo& info, uint32_t offset) {
  bool enabled;
  switch (info.feature) {
    case OpFeature::kMvp: return true;
    case OpFeature::kSignExtension: enabled = features_.sign_extension; break;
    case OpFeature::kSaturatingConversion: enabled = features_.saturating_float_to_int; break;
    case OpFeature::kBulkMemory: enabled = features_.bulk_memory; break;
    case OpFeature::kReferenceTypes: enabled = features_.reference_types; break;
    case OpFeature::kSimd: enabled = features_.simd; break;
    case OpFeature::kRelaxedSimd: enabled = features_.relaxed_simd; break;
    case OpFeature::kTailCall: enabled = features_.tail_call; break;
    case OpFeature::kFunctionReferences: enabled = features_.function_references; break;
    default:
      // GC, exceptions, threads and wide arithmetic are decoded (so malformed
      // bodies are still recognised) but not validated yet: never accept them.
      Unsupported(offset, absl::StrCat(info.name, " requires ", FeatureName(info.feature),
                                       ", which the validator does not support yet"));
      return false;
  }
  if (!enabled) Unsupported(offset, absl::StrCat(info.name, " requires ", FeatureName(info.feature)));
  return enabled;
}

bool BodyDecoderBase::CheckValType(ValType t, uint32_t offset) {
  if (t.kind() == ValueKind::kV128 && !features_.simd) {
    Unsupported(offset, "v128 requires simd");
    return false;
  }
  if (!t.is_ref()) return true;
  const HeapType ht = t.heap_type();
  if (ht.is_index()) {
    if (ht.index() >= module_->types.size()) {
      Invalid(offset, absl::StrCat("unknown type ", ht.index()));
      return false;
    }
  } else if (ht.repr() != HeapType::kFunc && ht.repr() != HeapType::kExtern) {
    const bool exn = ht.repr() == HeapType::kExn || ht.repr() == HeapType::kNoExn;
    if (exn ? !features_.exceptions : !features_.gc) {
      Unsupported(offset, absl::StrCat(ht.ToString(), " requires ", exn ? "exceptions" : "gc"));
      return false;
    }
  }
  if ((ht.is_index() || !t.is_nullable()) && !features_.function_references) {
    Unsupported(offset, absl::StrCat(t.ToString(), " requires function references"));
    return false;
  }
  return true;
}

bool BodyDecoderBase::CheckBlockType(BlockTypeImm& bt, uint32_t offset) {
  if (bt.type_index == UINT32_MAX) return bt.single.is_bottom() || CheckValType(bt.single, offset);
  if (!features_.multi_value) {
    Unsupported(offset, "block type index requires multi-value");
    return false;
  }
  if (!CheckFuncTypeIndex(bt.type_index, offset)) return false;
  bt.sig = &module_->types[bt.type_index].func;
  return true;
}

bool BodyDecoderBase::CheckFuncTypeIndex(uint32_t index, uint32_t offset) {
  if (index >= module_->types.size() || module_->types[index].kind != TypeDef::Kind::kFunc) {
    Invalid(offset, absl::StrCat("unknown type ", index));
    return false;
  }
  return true;
}

bool BodyDecoderBase::CheckMemoryIndex(uint32_t index, uint32_t offset, ValType* addr) {
  if (index >= module_->memories.size()) {
    Invalid(offset, absl::StrCat("unknown memory ", index));
    return false;
  }
  *addr = MemoryAddrType(index);
  return true;
}

bool BodyDecoderBase::CheckMemArg(const Instr& instr, ValType* addr) {
  if (!CheckMemoryIndex(instr.mem.memory, instr.offset, addr)) return false;
  if (instr.mem.align_log2 > GetOpcodeExtra(*instr.info).max_align_log2) {
    Invalid(instr.offset, "alignment must not be larger than natural");
    return false;
  }
  if (*addr == ValType::I32() && instr.mem.offset > UINT32_MAX) {
    Invalid(instr.offset, "offset out of range");
    return false;
  }
  return true;
}

bool BodyDecoderBase::CheckTableIndex(uint32_t index, uint32_t offset) {
  if (index >= module_->tables.size()) {
    Invalid(offset, absl::StrCat("unknown table ", index));
    return false;
  }
  return true;
}

bool BodyDecoderBase::CheckDataIndex(uint32_t index, uint32_t offset) {
  // ReadImmediates has required the data count section already.
  if (!module_->data_count.has_value() || index >= *module_->data_count) {
    Invalid(offset, absl::StrCat("unknown data segment ", index));
    return false;
  }
  return true;
}

bool BodyDecoderBase::CheckElemIndex(uint32_t index, uint32_t offset) {
  if (index >= module_->elems.size()) {
    Invalid(offset, absl::StrCat("unknown elem segment ", index));
    return false;
  }
  return true;
}

bool BodyDecoderBase::CheckLane(const Instr& instr) {
  const uint8_t lanes = GetOpcodeExtra(*instr.info).lanes;
  if (instr.info->imm == ImmKind::kShuffle) {
    for (int i = 0; i < 16; ++i) {
      if (instr.bytes[i] >= lanes) {
        Invalid(instr.offset, "invalid lane index");
        return false;
      }
    }
    return true;
  }
  if (instr.lane >= lanes) {
    Invalid(instr.offset, "invalid lane index");
    return false;
  }
  return true;
}

bool BodyDecoderBase::IsConstantInstruction(Opcode op) const {
  switch (op) {
    case Opcode::kI32Const:
    case Opcode::kI64Const:
    case Opcode::kF32Const:
    case Opcode::kF64Const:
    case Opcode::kV128Const:
    case Opcode::kRefNull:
    case Opcode::kRefFunc:
    case Opcode::kGlobalGet:
    case Opcode::kEnd:
      return true;
    case Opcode::kI32Add:
    case Opcode::kI32Sub:
    case Opcode::kI32Mul:
    case Opcode::kI64Add:
    case Opcode::kI64Sub:
    case Opcode::kI64Mul:
      return features_.extended_const;
    case Opcode::kStructNew:
    case Opcode::kStructNewDefault:
    case Opcode::kArrayNew:
    case Opcode::kArrayNewDefault:
    case Opcode::kArrayNewFixed:
    case Opcode::kRefI31:
    case Opcode::kAnyConvertExtern:
    case Opcode::kExternConvertAny:
      return features_.gc;
    default:
      return false;
  }
}

void BodyDecoderBase::Invalid(uint32_t offset, std::string_view message) {
  if (failed_) return;
  failed_ = true;
  error_ = InvalidError(offset, message);
}

void BodyDecoderBase::FailUnknownAt(uint32_t offset, const char* what, uint32_t index) {
  Invalid(offset, absl::StrCat("unknown ", what, " ", index));
}

void BodyDecoderBase::Unsupported(uint32_t offset, std::string_view message) {
  if (failed_) return;
  failed_ = true;
  error_ = UnsupportedError(offset, message);
}

}  // namespace wasmtier
