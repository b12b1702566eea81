// Fuzzing oracle (see fuzz_target.h).
#include "engine/fuzz/fuzz_target.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "engine/decoder.h"
#include "engine/error.h"
#include "engine/features.h"
#include "engine/module.h"
#include "engine/validator.h"

namespace wasmtier::fuzz {
namespace {

[[noreturn]] void Violation(const char* what, const absl::Status& status) {
  std::fprintf(stderr, "fuzz invariant violated: %s\n", what);
  if (!status.ok()) std::fprintf(stderr, "  status: %s\n", status.ToString().c_str());
  std::fflush(stderr);
  std::abort();
}

bool Inside(const WireRange& r, size_t size) {
  return r.offset <= size && r.length <= size - r.offset;
}

void CheckRanges(const WasmModule& m, size_t size) {
  absl::Status ok;
  for (const Function& f : m.functions) {
    if (f.imported) continue;
    if (!Inside(f.body, size) || !Inside(f.code, size))
      Violation("function range outside input", ok);
    if (f.code.offset < f.body.offset || f.code.end() > f.body.end()) {
      Violation("function code outside its body", ok);
    }
  }
  for (const SectionInfo& s : m.sections) {
    if (!Inside(s.payload, size)) Violation("section range outside input", ok);
  }
  for (const CustomSection& c : m.customs) {
    if (!Inside(c.payload, size)) Violation("custom section outside input", ok);
  }
  for (const DataSegment& d : m.datas) {
    if (!Inside(d.bytes, size)) Violation("data segment outside input", ok);
    if (d.mode == SegmentMode::kActive && !Inside(d.offset.range, size)) {
      Violation("data offset expression outside input", ok);
    }
  }
  for (const WasmGlobal& g : m.globals) {
    if (!g.imported && !Inside(g.init.range, size)) Violation("global init outside input", ok);
  }
  for (const ElemSegment& e : m.elems) {
    for (const ConstExpr& expr : e.exprs) {
      if (!Inside(expr.range, size)) Violation("element expression outside input", ok);
    }
  }
  if (m.functions.size() < m.num_imported_functions) Violation("import counts", ok);
}

}  // namespace

CheckResult CheckModuleBytes(const uint8_t* data, size_t size) {
  const Features all = Features::All();
  absl::StatusOr<std::unique_ptr<WasmModule>> module = DecodeAndValidate(data, size, all);

  // The same verdict in two steps.
  absl::StatusOr<std::unique_ptr<WasmModule>> structure = DecodeModule(data, size, all);
  absl::Status two_step = structure.status();
  if (two_step.ok()) two_step = ValidateFunctions(**structure, all);
  if (module.ok() != two_step.ok()) {
    Violation("DecodeAndValidate and DecodeModule+ValidateFunctions disagree",
              module.ok() ? two_step : module.status());
  }

  CheckResult result;
  if (!module.ok()) {
    const absl::Status& s = module.status();
    if (!IsMalformed(s) && !IsInvalid(s) && !IsUnsupported(s)) {
      Violation("rejection is not malformed, invalid or unsupported", s);
    }
    if (s.message().empty()) Violation("rejection without a message", s);
    size_t offset = ErrorOffset(s);
    if (offset == SIZE_MAX || offset > size) Violation("error offset missing or past the end", s);
    result.error_offset = offset;
    result.unsupported = IsUnsupported(s);
  } else {
    const WasmModule& m = **module;
    if (m.bytes.size() != size || (size > 0 && std::memcmp(m.bytes.data(), data, size) != 0)) {
      Violation("module does not hold the input bytes", absl::OkStatus());
    }
    CheckRanges(m, size);
    result.valid = true;
  }

  // Monotonicity: more features accept at least as much.
  absl::StatusOr<std::unique_ptr<WasmModule>> with_defaults = DecodeAndValidate(data, size, Features());
  if (with_defaults.ok() && !module.ok()) {
    Violation("accepted with default features but rejected with all features", module.status());
  }
  return result;
}

}  // namespace wasmtier::fuzz
