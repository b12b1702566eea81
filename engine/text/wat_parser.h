// Internal to engine/text: the WAT module parser/encoder behind WatToBinary.
//
// Two passes over the token vector. Pass 1 (wat_module.cc) walks the module
// fields' heads to number every index space (imports first, as the text
// format requires) and to bind identifiers, then parses the explicit type
// definitions. Pass 2 encodes every field in textual order straight to
// binary section payloads; function types written inline are appended to the
// type section in order of first use, as the spec's abbreviation rules say.
// Types and typeuses live in wat_types.cc, instructions in wat_instr.cc,
// annotations that become custom sections (@custom, @name, branch hints) in
// wat_custom.cc, and the assembly of sections (with the name section) in
// wat_assemble.cc.
//
// Errors: every parse function returns false after Fail() recorded the first
// error ("line:col: message", testsuite wording). Errors of pass 1 and of the
// type definitions are held back (DeferError) so that the earliest error in
// the text wins; recursion is bounded (folded expressions, kMaxFoldedDepth)
// and everything else (flat blocks, comments, annotations) is iterative.
#ifndef WASMTIER_ENGINE_TEXT_WAT_PARSER_H_
#define WASMTIER_ENGINE_TEXT_WAT_PARSER_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "engine/opcodes.h"
#include "engine/text/lexer.h"
#include "engine/text/literals.h"

namespace wasmtier::text::internal {

using Bytes = std::vector<uint8_t>;

// Binary encoding helpers.
void PutU8(Bytes* out, uint8_t b);
void PutU32(Bytes* out, uint64_t v);  // unsigned LEB128 (also u64)
void PutS64(Bytes* out, int64_t v);   // signed LEB128 (s32, s33, s64)
void PutBytes(Bytes* out, const Bytes& b);
void PutName(Bytes* out, std::string_view s);  // vec(byte)

enum class Space : uint8_t { kType, kFunc, kTable, kMemory, kGlobal, kTag, kElem, kData, kCount };

struct IndexSpace {
  std::unordered_map<std::string, uint32_t> ids;
  std::vector<std::string> names;  // per index, "" when unnamed
  uint32_t count = 0;
  uint32_t imported = 0;
};

// A function signature with value types kept as their binary encodings.
struct FuncSig {
  std::vector<Bytes> params;
  std::vector<Bytes> results;
  bool operator==(const FuncSig&) const = default;
};

struct TypeInfo {
  enum class Kind : uint8_t { kFunc, kStruct, kArray };
  Kind kind = Kind::kFunc;
  bool is_final = true;
  bool has_super = false;
  bool singleton_group = true;
  FuncSig sig;                                          // kFunc
  std::unordered_map<std::string, uint32_t> field_ids;  // kStruct
  size_t token = 0;  // token index of the type's `(type` (pass 1b)
};

// A parsed `typeuse`: (type x)? (param ...)* (result ...)*.
struct TypeUse {
  std::optional<uint32_t> index;
  bool has_inline = false;
  FuncSig sig;
  std::vector<std::string> param_names;  // "" for unnamed
  size_t token = 0;                      // where it started, for errors
};

// Per-function (or per-constant-expression) encoding state.
struct BodyState {
  Bytes* out = nullptr;
  std::unordered_map<std::string, uint32_t> local_ids;
  struct Label {
    std::string id;  // "" when unnamed
    uint8_t kind;    // the opcode byte that opened it (block/loop/if/try/try_table)
    bool flat;       // opened by a plain (unfolded) instruction
    bool in_else = false;
    bool in_catch = false;
  };
  std::vector<Label> labels;
  std::unordered_map<std::string, std::vector<size_t>> label_positions;  // id -> indices
  int depth = 0;  // folded-expression nesting, capped
  // Branch hints: (offset of the if/br_if opcode in {out}, hint byte).
  std::vector<std::pair<size_t, uint8_t>> hints;
};

// A custom section from a `(@custom "name" (before|after anchor)? "data"*)`
// annotation; {anchor} is a section id or kFirst/kLast.
struct CustomSection {
  static constexpr int kFirst = -1, kLast = -2;
  std::string name;
  std::string data;
  int anchor = kLast;
  bool before = false;
};

class WatParser {
 public:
  explicit WatParser(std::string_view source);
  // Parses a whole module; on failure {error()} holds "line:col: message".
  bool Parse(Bytes* out);
  const std::string& error() const { return error_; }

 private:
  // ---- Tokens and errors (wat_module.cc) ----
  const Token& Peek(size_t ahead = 0) const;
  const Token& Next();
  bool AtLParenKeyword(std::string_view kw, size_t ahead = 0) const;
  bool Fail(const Token& at, std::string message);
  bool FailHere(std::string message) { return Fail(Peek(), std::move(message)); }
  // The message for an unexpected token: reserved/malformed tokens are
  // "unknown operator" (as the reference lexer reports them), others
  // "unexpected token".
  bool Unexpected();
  bool Expect(TokenKind kind);
  bool ExpectLParenKeyword(std::string_view kw);
  bool ExpectKeyword(std::string_view kw);
  bool ExpectRParen() { return Expect(TokenKind::kRParen); }
  // Skips a parenthesised form starting at '(' (iteratively).
  bool SkipForm();
  // A literal that did not parse, worded as the reference parser words it:
  // "constant out of range", or "unknown operator" for a malformed one.
  bool CheckLiteral(LiteralStatus status, const Token& at);
  // The number token at the cursor, read by {parse} (ParseU32, ParseI64, ...)
  // and consumed only when it parses.
  template <typename T>
  bool ParseNumberToken(LiteralStatus (*parse)(std::string_view, T*), T* out) {
    const Token& t = Peek();
    if (t.kind != TokenKind::kNumber) return Unexpected();
    if (!CheckLiteral(parse(t.text, out), t)) return false;
    Next();
    return true;
  }
  bool ParseU32Token(uint32_t* out) { return ParseNumberToken(ParseU32, out); }
  bool ParseU64Token(uint64_t* out) { return ParseNumberToken(ParseU64, out); }
  bool ParseString(std::string* out);
  bool ParseName(std::string* out);  // a string that must be UTF-8
  std::optional<std::string> TakeId();

  // ---- WasmModule fields (wat_module.cc) ----
  bool ParseModule();
  void DeferError();
  bool CollectIds();
  bool CollectField();
  bool DefineId(Space space, const std::string& id, const Token& at);
  bool NoteImport(Space space, const Token& at);
  bool EncodeField();
  bool EncodeImport();
  bool EncodeFunc();
  bool EncodeTable();
  bool EncodeMemory();
  bool EncodeGlobal();
  bool EncodeTag();
  bool EncodeExport();
  bool EncodeStart();
  bool EncodeElem();
  bool EncodeData();
  bool ParseInlineExports(uint8_t kind, uint32_t index);
  bool ParseInlineImport(Bytes* out, bool* present);
  bool ParseFieldHead(Space space, uint8_t export_kind, uint32_t* index, bool* imported,
                      Bytes* import);
  bool ParseLimits(bool is64, Bytes* out);
  bool ParseAddressType(bool* is64);
  uint32_t NextIndex(Space space, bool imported);
  bool ParseTableType(Bytes* out, bool* is64);
  bool ParseMemoryType(Bytes* out);
  bool ParseGlobalType(Bytes* out);
  bool ParseConstExpr(Bytes* out);     // instructions up to ')' + end
  bool ParseOffsetOrExpr(Bytes* out);  // (offset expr) or a folded instr
  bool ParseElemList(Bytes* kind_or_type, std::vector<Bytes>* items, bool* as_exprs);

  // ---- Sections (wat_assemble.cc) ----
  void AssembleModule(Bytes* out);
  void EncodeNameSection(Bytes* out);
  void EncodeBranchHintSection(Bytes* out);

  // ---- Custom-section annotations (wat_custom.cc) ----
  bool ParseCustomAnnotations(bool wrapped);
  bool ParseCustomAnnotation(const AnnotationSpan& span);
  bool ParseNameAnnotation(const AnnotationSpan& span, size_t token_index, bool* module_named);
  bool ParseBranchHintAnnotation(const AnnotationSpan& span, size_t token_index, bool in_field);

  // ---- Types (wat_types.cc) ----
  bool ParseTypeDefs();
  bool ParseTypeField(TypeInfo* info, Bytes* out);
  bool ParseSubType(TypeInfo* info, Bytes* out);
  bool ParseCompType(TypeInfo* info, Bytes* out);
  bool ParseFieldType(Bytes* out);
  bool ParseStorageType(Bytes* out);
  bool ParseValType(Bytes* out);
  bool IsValTypeStart() const;
  bool ParseRefType(Bytes* out, bool* nullable, Bytes* heap);  // heap: encoded heap type
  bool ParseHeapType(Bytes* out);
  bool ParseTypeIndex(uint32_t* out);
  bool ParseTypeUse(TypeUse* use, bool allow_param_names);
  bool ParseParamsResults(TypeUse* use, bool allow_param_names);
  bool ResolveTypeUse(TypeUse* use, uint32_t* index);
  uint32_t FindOrAddFuncType(const FuncSig& sig);
  bool ParseBlockType(Bytes* out);

  // ---- Instructions (wat_instr.cc) ----
  bool ParseInstrList(BodyState* body);
  bool ParseFolded(BodyState* body);
  bool ParsePlain(BodyState* body, Bytes* out);
  bool ParseBlockHeader(BodyState* body, uint8_t opcode, std::string* label, Bytes* out);
  bool ParseImmediates(BodyState* body, const OpcodeInfo& info, std::string_view name, Bytes* out);
  bool ParseNumericImmediate(const OpcodeInfo& info, std::string_view name, Bytes* out);
  bool ParseMemArg(std::string_view name, bool lane, Bytes* out);
  bool ParseV128Const(Bytes* out);
  bool ParseLabelIndex(BodyState* body, uint32_t* out);
  void PushLabel(BodyState* body, const std::string& id, uint8_t kind, bool flat);
  void PopLabel(BodyState* body);
  bool ParseIndex(Space space, uint32_t* out);
  bool ParseIndexOpt(Space space, uint32_t* out);  // default 0
  bool ParseLocalIndex(BodyState* body, uint32_t* out);
  bool ParseFieldIndex(uint32_t type_index, uint32_t* out);
  bool IsIndexToken(size_t ahead = 0) const;
  bool CheckEndLabel(BodyState* body);
  void NoteBranchHint(BodyState* body, size_t token, std::string_view instr, size_t offset);

  std::string_view source_;
  std::vector<Token> tokens_;
  Token eof_;
  size_t pos_ = 0;
  bool lex_failed_ = false;
  LexError lex_error_;
  std::string error_;
  size_t error_token_ = SIZE_MAX;
  std::string deferred_error_;  // earliest error held back (see ParseModule)
  size_t deferred_token_ = SIZE_MAX;
  std::vector<AnnotationSpan> annotations_;
  std::vector<CustomSection> customs_;
  std::unordered_map<size_t, uint32_t> func_of_field_;  // field token -> func index
  // (@metadata.code.branch_hint "\xx") annotations by the token they precede,
  // and the encoded hints per function (offsets from the body's start).
  std::unordered_map<size_t, uint8_t> branch_hints_at_;
  std::vector<std::pair<uint32_t, std::vector<std::pair<size_t, uint8_t>>>> branch_hints_;

  std::optional<std::string> module_name_;
  std::vector<size_t> fields_;  // token index of each module field's '('
  bool passthrough_ = false;    // (module binary ...) / (module quote ...)
  Bytes binary_;
  std::string quoted_;

  IndexSpace spaces_[static_cast<int>(Space::kCount)];
  const char* last_definition_kind_ = nullptr;                 // for "import after ..."
  uint32_t next_index_[static_cast<int>(Space::kCount)] = {};  // pass 2 counters
  uint32_t next_import_[static_cast<int>(Space::kCount)] = {};
  std::vector<TypeInfo> types_;  // explicit, then implicit
  uint32_t num_explicit_types_ = 0;
  // Plain function types by signature encoding (first index wins), covering
  // types_[0, func_sig_indexed_).
  std::unordered_map<std::string, uint32_t> func_sig_index_;
  uint32_t func_sig_indexed_ = 0;
  std::vector<Bytes> type_entries_;  // type section entries (rec groups or single)

  // Section payload entries.
  std::vector<Bytes> imports_, functions_, tables_, memories_, tags_, globals_, exports_, elems_,
      codes_, datas_;
  std::optional<uint32_t> start_;
  bool needs_data_count_ = false;
  // Names: defined function index -> local names.
  std::vector<std::pair<uint32_t, std::vector<std::pair<uint32_t, std::string>>>> local_names_;
};

IndexSpace& SpaceOf(IndexSpace* spaces, Space s);

}  // namespace wasmtier::text::internal

#endif  // WASMTIER_ENGINE_TEXT_WAT_PARSER_H_
