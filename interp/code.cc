// Op metadata (layouts, names), the code builder and the disassembler of the
// interpreter's register code (interp/code.h).
#include "interp/code.h"

#include <optional>
#include <string>

#include "absl/strings/str_cat.h"

namespace wasmtier::interp {
namespace {

struct OwnOp {
  const char* name;
  const char* layout;
};

constexpr OwnOp kOwnOps[] = {
#define INTERP_OP(Name, layout, doc) {#Name, layout},
#include "interp/ops.def"
#undef INTERP_OP
#define INTERP_FUSED(Cmp) {"BrIf" #Cmp, "SST"}, {"BrIfNot" #Cmp, "SST"},
    INTERP_I32_COMPARES(INTERP_FUSED)
#undef INTERP_FUSED
#define INTERP_FUSED(Cmp) {"BrIf" #Cmp "Imm", "SUT"}, {"BrIfNot" #Cmp "Imm", "SUT"},
    INTERP_I32_COMPARES(INTERP_FUSED)
#undef INTERP_FUSED
#define INTERP_FUSED(Cmp)                                                          \
  {"BackBrIf" #Cmp, "SST"}, {"BackBrIfNot" #Cmp, "SST"}, {"BackBrIf" #Cmp "Imm", "SUT"}, \
      {"BackBrIfNot" #Cmp "Imm", "SUT"},
    INTERP_I32_COMPARES(INTERP_FUSED)
#undef INTERP_FUSED
};
constexpr int kNumOwnOps = sizeof(kOwnOps) / sizeof(kOwnOps[0]);
constexpr int kFirstW = static_cast<int>(IOp::kWUnreachable);
constexpr int kFirstM = static_cast<int>(IOp::kMUnreachable);
constexpr int kFirstI = static_cast<int>(IOp::kIUnreachable);
constexpr int kFirstA = static_cast<int>(IOp::kAUnreachable);
constexpr int kFirstX = static_cast<int>(IOp::kXUnreachable);
static_assert(kFirstW == kNumOwnOps, "own ops come first");

bool IsNumericType(OpSig::Code c) { return c <= OpSig::kF64; }

// Layout of the register form of table row {info}; "" if it has none.
const char* WasmLayout(const OpcodeInfo& info) {
  const OpSig& sig = info.sig;
  if (sig.special) return "";
  if (info.imm == ImmKind::kMemArg && sig.num_params >= 1 && sig.params[0] == OpSig::kAddr) {
    if (sig.num_params == 1 && sig.num_results == 1) return "DSU";
    if (sig.num_params == 2 && sig.num_results == 0) return "SSU";
    return "";
  }
  if (info.imm != ImmKind::kNone || sig.num_results != 1 || sig.num_params < 1) return "";
  for (int i = 0; i < sig.num_params; ++i) {
    if (!IsNumericType(sig.params[i])) return "";
  }
  if (!IsNumericType(sig.results[0])) return "";
  return sig.num_params == 1 ? "DS" : sig.num_params == 2 ? "DSS" : "";
}

struct Tables {
  const OpcodeInfo* opcodes = nullptr;
  size_t num_opcodes = 0;
  std::vector<std::string> names;
  std::vector<std::string> layouts;
  Tables() {
    opcodes = AllOpcodes(&num_opcodes);
    names.resize(static_cast<size_t>(IOp::kCount));
    layouts.resize(static_cast<size_t>(IOp::kCount));
    for (int i = 0; i < kNumOwnOps; ++i) {
      names[i] = kOwnOps[i].name;
      layouts[i] = kOwnOps[i].layout;
    }
    for (size_t i = 0; i < num_opcodes; ++i) {
      const OpcodeInfo& info = opcodes[i];
      const std::string layout = WasmLayout(info);
      names[kFirstW + i] = absl::StrCat("W:", info.name);
      layouts[kFirstW + i] = layout;
      names[kFirstM + i] = absl::StrCat("M:", info.name);
      if (layout == "DSU") layouts[kFirstM + i] = "DSUK";
      if (layout == "SSU") layouts[kFirstM + i] = "SSUK";
      names[kFirstI + i] = absl::StrCat("I:", info.name);
      if (HasImmediateForm(info.opcode)) layouts[kFirstI + i] = "DSU";
      names[kFirstA + i] = absl::StrCat("A:", info.name);
      names[kFirstX + i] = absl::StrCat("X:", info.name);
      if (layout == "DSU") {
        layouts[kFirstA + i] = "DSUU";
        layouts[kFirstX + i] = "DSSU";
      }
      if (layout == "SSU") layouts[kFirstA + i] = "SUSU";
    }
  }
  size_t IndexOf(Opcode op) const { return &GetOpcodeInfo(op) - opcodes; }
};

const Tables& GetTables() {
  static const Tables* tables = new Tables();
  return *tables;
}

int Count(std::string_view layout, bool wide) {
  int n = 0;
  for (char c : layout) {
    if (c == 'V') continue;
    if ((c == 'K') == wide) ++n;
  }
  return n;
}

}  // namespace

IOp WasmForm(Opcode op) { return static_cast<IOp>(kFirstW + GetTables().IndexOf(op)); }
IOp CheckedMemoryForm(Opcode op) { return static_cast<IOp>(kFirstM + GetTables().IndexOf(op)); }
IOp ImmediateForm(Opcode op) { return static_cast<IOp>(kFirstI + GetTables().IndexOf(op)); }
IOp AddImmLoadForm(Opcode op) { return static_cast<IOp>(kFirstA + GetTables().IndexOf(op)); }
IOp AddLoadForm(Opcode op) { return static_cast<IOp>(kFirstX + GetTables().IndexOf(op)); }

bool HasImmediateForm(Opcode op) {
  switch (op) {
#define INTERP_IMM_CASE(Name) case Opcode::k##Name:
    INTERP_IMM_BINOPS(INTERP_IMM_CASE)
#undef INTERP_IMM_CASE
    return true;
    default:
      return false;
  }
}

Opcode WasmOpcodeOf(IOp op) {
  const int i = static_cast<int>(op);
  const Tables& t = GetTables();
  if (i >= kFirstX) return t.opcodes[i - kFirstX].opcode;
  if (i >= kFirstA) return t.opcodes[i - kFirstA].opcode;
  if (i >= kFirstI) return t.opcodes[i - kFirstI].opcode;
  if (i >= kFirstM) return t.opcodes[i - kFirstM].opcode;
  if (i >= kFirstW) return t.opcodes[i - kFirstW].opcode;
  return Opcode::kNop;
}

std::string_view Layout(IOp op) { return GetTables().layouts[static_cast<size_t>(op)]; }
std::string_view Name(IOp op) { return GetTables().names[static_cast<size_t>(op)]; }
int Fields32(IOp op) { return Count(Layout(op), false); }
int Fields64(IOp op) { return Count(Layout(op), true); }

uint32_t CodeBuilder::Emit(IOp op, std::span<const uint32_t> fields32,
                           std::span<const uint64_t> fields64) {
  const uint32_t pos = size();
  const size_t n = WordsFor(static_cast<int>(fields32.size()), static_cast<int>(fields64.size()));
  words_.resize(pos + n, Word{.u64 = 0});
  ops_.resize(pos + n, IOp::kCount);
  ops_[pos] = op;
  words_[pos].handler = GetHandler(op);
  for (size_t i = 0; i < fields32.size(); ++i) SetField(pos, static_cast<uint32_t>(i), fields32[i]);
  const size_t wide_start = pos + 1 + (fields32.size() + 1) / 2;
  for (size_t k = 0; k < fields64.size(); ++k) words_[wide_start + k].u64 = fields64[k];
  return pos;
}

std::string Disassemble(const Code& code) {
  // Handlers identify ops: map each handler back to its op (the first op with
  // that handler wins; every emitted op has a handler of its own).
  std::vector<std::pair<Handler, IOp>> by_handler;
  for (int i = 0; i < static_cast<int>(IOp::kCount); ++i) {
    const IOp op = static_cast<IOp>(i);
    if (Handler h = GetHandler(op)) by_handler.emplace_back(h, op);
  }
  auto op_of = [&](Handler h) -> std::optional<IOp> {
    for (const auto& [handler, op] : by_handler) {
      if (handler == h) return op;
    }
    return std::nullopt;
  };
  std::string out = absl::StrCat("params ", code.num_params, ", locals ", code.num_locals,
                                 ", frame ", code.frame_slots, " slots\n");
  size_t pos = 0;
  while (pos < code.words.size()) {
    const Word* ip = &code.words[pos];
    const std::optional<IOp> op = op_of(ip->handler);
    if (!op) {
      absl::StrAppend(&out, "  ", pos, ": <unknown handler>\n");
      break;
    }
    const std::string_view layout = Layout(*op);
    const int n32 = Fields32(*op);
    int extra = 0;  // BrTable targets
    absl::StrAppend(&out, "  ", pos, ": ", std::string(Name(*op)));
    int f = 0;
    int k = 0;
    for (char c : layout) {
      if (c == 'K') {
        absl::StrAppend(&out, " #", U64(ip, n32, k++));
      } else if (c == 'T') {
        absl::StrAppend(&out, " -> ", static_cast<int64_t>(pos) + I32Field(ip, f++));
      } else if (c == 'V') {
        extra = static_cast<int>(U32(ip, f - 1)) + 1;
        for (int t = 0; t < extra; ++t) {
          absl::StrAppend(&out, t == 0 ? " [" : " ", static_cast<int64_t>(pos) + I32Field(ip, n32 + t));
        }
        absl::StrAppend(&out, "]");
      } else {
        absl::StrAppend(&out, " ", U32(ip, f++));
      }
    }
    absl::StrAppend(&out, "\n");
    pos += WordsFor(n32 + extra, Fields64(*op));
  }
  return out;
}

}  // namespace wasmtier::interp
