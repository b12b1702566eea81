// wasm-opt and wasm-validate invocations (binaryen.h).
#include "engine/fuzz/differential/binaryen.h"

#include <cstdio>
#include <string_view>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "engine/fuzz/differential/subprocess.h"

namespace wasmtier::difffuzz {

bool ParseProfile(const std::string& name, Profile* profile) {
  if (name == "std") *profile = Profile::kStandard;
  else if (name == "reftypes") *profile = Profile::kReferenceTypes;
  else return false;
  return true;
}

const char* ProfileName(Profile profile) {
  return profile == Profile::kStandard ? "std" : "reftypes";
}

Binaryen::Binaryen(std::string wasm_opt, Profile profile, std::string scratch_dir, int timeout_ms)
    : wasm_opt_(std::move(wasm_opt)), profile_(profile), scratch_dir_(std::move(scratch_dir)),
      timeout_ms_(timeout_ms) {}

std::vector<std::string> Binaryen::FeatureFlags() const {
  // SIMD, threads, exceptions, GC, memory64, strings... stay off: the
  // interpreter does not run them (or binaryen 108's versions predate the
  // final proposals).
  std::vector<std::string> flags = {
      "--mvp-features",
      "--enable-sign-ext",
      "--enable-nontrapping-float-to-int",
      "--enable-bulk-memory",
      "--enable-multivalue",
      "--enable-tail-call",
      "--enable-mutable-globals",
  };
  if (profile_ == Profile::kReferenceTypes) flags.push_back("--enable-reference-types");
  return flags;
}

absl::StatusOr<std::string> Binaryen::Run(std::vector<std::string> argv) {
  absl::StatusOr<ProcessResult> result = RunProcess(argv, scratch_dir_, timeout_ms_);
  if (!result.ok()) return result.status();
  if (result->timed_out) {
    return absl::DeadlineExceededError(absl::StrCat(argv[0], " timed out after ", timeout_ms_, " ms"));
  }
  if (result->exit_code != 0) {
    return absl::InternalError(absl::StrCat(argv[0], " exited with ", result->exit_code, ": ",
                                            result->err.substr(0, 2000)));
  }
  return std::move(result->out);
}

absl::Status Binaryen::TranslateToFuzz(const std::string& in_path, const std::string& out_path,
                                       bool fuzz_passes) {
  std::vector<std::string> argv = {wasm_opt_, in_path, "-ttf"};
  for (std::string& f : FeatureFlags()) argv.push_back(std::move(f));
  if (fuzz_passes) argv.push_back("--fuzz-passes");
  argv.insert(argv.end(), {"-o", out_path});
  return Run(argv).status();
}

absl::Status Binaryen::Optimize(const std::string& in_path, const std::vector<std::string>& args,
                                const std::string& out_path) {
  std::vector<std::string> argv = {wasm_opt_, in_path};
  for (std::string& f : FeatureFlags()) argv.push_back(std::move(f));
  argv.insert(argv.end(), args.begin(), args.end());
  argv.insert(argv.end(), {"-o", out_path});
  return Run(argv).status();
}

absl::Status Binaryen::SetHangLimit(const std::string& in_path, uint32_t limit,
                                    const std::string& out_path) {
  std::vector<std::string> dis = {"wasm-dis", in_path};
  for (std::string& f : FeatureFlags()) dis.push_back(std::move(f));
  absl::StatusOr<std::string> text = Run(dis);
  if (!text.ok()) return text.status();
  // wasm-dis prints (export "hangLimitInitializer" (func $N)) and, later,
  // (func $N\n  (global.set $global$M\n   (i32.const 10)\n ...
  constexpr std::string_view kExport = "(export \"hangLimitInitializer\" (func ";
  size_t at = text->find(kExport);
  if (at == std::string::npos) return absl::OkStatus();  // nothing to raise; caller keeps IN
  size_t name_end = text->find(')', at + kExport.size());
  std::string func = absl::StrCat("(func ", text->substr(at + kExport.size(), name_end - at - kExport.size()), "\n");
  size_t body = text->find(func);
  size_t constant = body == std::string::npos ? body : text->find("(i32.const ", body);
  if (constant == std::string::npos || constant > body + 200) {
    return absl::InternalError("hangLimitInitializer has an unexpected shape");
  }
  size_t close = text->find(')', constant);
  text->replace(constant, close - constant + 1, absl::StrCat("(i32.const ", limit, ")"));
  std::string text_path = scratch_dir_ + "/hang.wat";
  {
    FILE* f = std::fopen(text_path.c_str(), "wb");
    if (f == nullptr) return absl::InternalError("cannot write " + text_path);
    std::fwrite(text->data(), 1, text->size(), f);
    std::fclose(f);
  }
  std::vector<std::string> as = {"wasm-as", text_path};
  for (std::string& f : FeatureFlags()) as.push_back(std::move(f));
  as.insert(as.end(), {"-o", out_path});
  return Run(as).status();
}

absl::StatusOr<std::string> Binaryen::FuzzExec(const std::string& wasm_path) {
  std::vector<std::string> argv = {wasm_opt_, wasm_path};
  for (std::string& f : FeatureFlags()) argv.push_back(std::move(f));
  argv.push_back("--fuzz-exec-before");
  return Run(argv);
}

absl::Status Binaryen::Denan(const std::string& in_path, const std::string& out_path) {
  std::vector<std::string> argv = {wasm_opt_, in_path};
  for (std::string& f : FeatureFlags()) argv.push_back(std::move(f));
  argv.insert(argv.end(), {"--denan", "-o", out_path});
  return Run(argv).status();
}

absl::Status Binaryen::WabtValidate(const std::string& wasm_path) {
  if (!ProgramExists("wasm-validate")) return absl::UnavailableError("wasm-validate not installed");
  std::vector<std::string> argv = {"wasm-validate", "--enable-tail-call", wasm_path};
  if (profile_ == Profile::kStandard) argv.insert(argv.begin() + 1, "--disable-reference-types");
  return Run(argv).status();
}

}  // namespace wasmtier::difffuzz
