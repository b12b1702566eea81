// Cross-check of the WAT encoder over the spec testsuite, run by hand:
//   bazel run //engine/text:crosscheck -- [--no-wabt] [--names] [--verbose] [--mutate]
//   DIR_OR_FILE...
// For every text module that must be valid (top-level `(module ...)` and the
// modules of assert_unlinkable/assert_trap/assert_uninstantiable/
// assert_exhaustion) it encodes the module with WatToBinary and runs
// DecodeAndValidate; unless --no-wabt, it also runs wabt's wat2wasm (found on
// PATH; never a dependency of the project) and compares the two binaries
// section by section, custom sections excluded. It also checks that
// `assert_malformed (module quote ...)` texts are rejected by the encoder with
// the expected message, and that `assert_invalid` text modules encode but do
// not validate. `--wat FILE` encodes one file and prints the bytes.
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "engine/features.h"
#include "engine/text/lexer.h"
#include "engine/text/wat.h"
#include "engine/validator.h"

namespace {

using wasmtier::text::Lexer;
using wasmtier::text::LexError;
using wasmtier::text::Token;
using wasmtier::text::TokenKind;
using Bytes = std::vector<uint8_t>;

struct Form {
  enum Kind { kModule, kMalformedQuote, kInvalid } kind;
  std::string text;
  uint32_t line;
  std::string message;  // expected failure of assertions
};

// Top-level modules and the module of assert_malformed/assert_invalid.
std::vector<Form> ExtractForms(const std::string& src) {
  std::vector<Token> tokens;
  Lexer lexer(src);
  while (true) {
    Token t;
    LexError e;
    if (!lexer.Next(&t, &e) || t.kind == TokenKind::kEof) break;
    tokens.push_back(t);
  }
  auto match = [&](size_t i) {  // index of the ')' matching tokens[i]
    int depth = 0;
    for (size_t j = i; j < tokens.size(); ++j) {
      if (tokens[j].kind == TokenKind::kLParen) ++depth;
      if (tokens[j].kind == TokenKind::kRParen && --depth == 0) return j;
    }
    return tokens.size();
  };
  auto text_of = [&](size_t i, size_t j) {
    return src.substr(tokens[i].offset, tokens[j].offset + 1 - tokens[i].offset);
  };
  std::vector<Form> forms;
  for (size_t i = 0; i + 1 < tokens.size();) {
    if (tokens[i].kind != TokenKind::kLParen) {
      ++i;
      continue;
    }
    size_t end = match(i);
    if (end >= tokens.size()) break;
    const Token& head = tokens[i + 1];
    bool is_module = head.IsKeyword("module");
    if (is_module) {
      size_t k = i + 2;
      if (k < end && tokens[k].IsKeyword("definition")) ++k;
      if (k < end && tokens[k].kind == TokenKind::kId) ++k;
      bool text = !(k < end && (tokens[k].IsKeyword("binary") || tokens[k].IsKeyword("quote") ||
                                tokens[k].IsKeyword("instance")));
      if (text) forms.push_back({Form::kModule, text_of(i, end), head.line});
    } else if ((head.IsKeyword("assert_malformed") || head.IsKeyword("assert_malformed_custom") ||
                head.IsKeyword("assert_invalid")) &&
               i + 3 < end && tokens[i + 2].kind == TokenKind::kLParen &&
               tokens[i + 3].IsKeyword("module")) {
      size_t m_end = match(i + 2);
      bool quote = i + 4 < m_end && tokens[i + 4].IsKeyword("quote");
      bool binary = i + 4 < m_end && tokens[i + 4].IsKeyword("binary");
      std::string message;
      if (m_end + 1 < end && tokens[m_end + 1].kind == TokenKind::kString) {
        message = wasmtier::text::DecodeString(tokens[m_end + 1].text);
      }
      if ((head.IsKeyword("assert_malformed") || head.IsKeyword("assert_malformed_custom")) &&
          quote) {
        forms.push_back({Form::kMalformedQuote, text_of(i + 2, m_end), head.line, message});
      } else if (head.IsKeyword("assert_invalid") && !binary) {
        forms.push_back({Form::kInvalid, text_of(i + 2, m_end), head.line, message});
      }
    } else if ((head.IsKeyword("assert_unlinkable") || head.IsKeyword("assert_trap") ||
                head.IsKeyword("assert_uninstantiable") || head.IsKeyword("assert_exhaustion")) &&
               i + 3 < end && tokens[i + 2].kind == TokenKind::kLParen &&
               tokens[i + 3].IsKeyword("module")) {
      // Modules that must be valid (they fail later, at link or run time).
      size_t m_end = match(i + 2);
      size_t k = i + 4;
      if (k < m_end && tokens[k].kind == TokenKind::kId) ++k;
      bool text = !(k < m_end && (tokens[k].IsKeyword("binary") || tokens[k].IsKeyword("quote")));
      if (text) forms.push_back({Form::kModule, text_of(i + 2, m_end), head.line});
    }
    i = end + 1;
  }
  return forms;
}

// Non-custom sections as (id, payload) pairs; empty on a framing error.
std::vector<std::pair<uint8_t, Bytes>> Sections(const Bytes& b) {
  std::vector<std::pair<uint8_t, Bytes>> out;
  size_t p = 8;
  while (p < b.size()) {
    uint8_t id = b[p++];
    uint64_t size = 0;
    int shift = 0;
    while (p < b.size()) {
      uint8_t byte = b[p++];
      size |= uint64_t{byte & 0x7Fu} << shift;
      shift += 7;
      if (!(byte & 0x80)) break;
    }
    if (p + size > b.size()) return {};
    if (id != 0) out.emplace_back(id, Bytes(b.begin() + p, b.begin() + p + size));
    p += size;
  }
  return out;
}

// Element segments in one canonical form: (mode, table, offset, type, items
// as expressions). Function-index items become `ref.func x` and the elemkind
// becomes funcref: wabt 1.0.32 predates 3.0, where the index forms have type
// (ref func), and it prefers them; the comparison treats both as equal and
// counts such modules separately. Returns false if unparseable.
struct Cursor {
  const Bytes& b;
  size_t p = 0;
  bool ok = true;
  uint64_t Leb() {
    uint64_t v = 0;
    int shift = 0;
    while (p < b.size()) {
      uint8_t x = b[p++];
      if (shift < 64) v |= uint64_t{x & 0x7Fu} << shift;
      shift += 7;
      if (!(x & 0x80)) return v;
    }
    ok = false;
    return 0;
  }
  Bytes Expr() {  // constant expression through its end
    size_t start = p;
    while (ok && p < b.size()) {
      uint8_t op = b[p++];
      if (op == 0x0B) return Bytes(b.begin() + start, b.begin() + p);
      if (op == 0x41 || op == 0x42 || op == 0x23 || op == 0xD0 || op == 0xD2) {
        Leb();
      } else if (op == 0x43) {
        p += 4;
      } else if (op == 0x44) {
        p += 8;
      } else if (op == 0xFD) {
        if (Leb() != 0x0C) ok = false;
        p += 16;
      } else if (!(op >= 0x6A && op <= 0x7E)) {
        ok = false;
      }
    }
    ok = false;
    return {};
  }
};

bool CanonicalElems(const Bytes& payload, std::vector<Bytes>* out) {
  Cursor c{payload};
  uint64_t n = c.Leb();
  for (uint64_t i = 0; i < n && c.ok; ++i) {
    Bytes seg;
    uint64_t flags = c.Leb();
    bool passive_or_declare = flags & 1, explicit_table = flags & 2, exprs = flags & 4;
    seg.push_back(passive_or_declare ? (explicit_table ? 2 : 1) : 0);
    uint64_t table = 0;
    if (!passive_or_declare) {
      if (explicit_table) table = c.Leb();
      seg.push_back(static_cast<uint8_t>(table));
      Bytes offset = c.Expr();
      seg.insert(seg.end(), offset.begin(), offset.end());
    }
    if (passive_or_declare || explicit_table) {
      if (exprs) {
        uint8_t t = payload[c.p++];
        seg.push_back(t);
        if (t == 0x63 || t == 0x64) c.Leb();
      } else {
        c.p++;  // elemkind
        seg.push_back(0x70);
      }
    } else {
      seg.push_back(0x70);
    }
    uint64_t items = c.Leb();
    for (uint64_t k = 0; k < items && c.ok; ++k) {
      if (exprs) {
        Bytes e = c.Expr();
        seg.insert(seg.end(), e.begin(), e.end());
      } else {
        seg.push_back(0xD2);
        size_t s = c.p;
        c.Leb();
        seg.insert(seg.end(), payload.begin() + s, payload.begin() + c.p);
        seg.push_back(0x0B);
      }
    }
    out->push_back(std::move(seg));
  }
  return c.ok && c.p == payload.size();
}

// Whether {a} and {b} differ only in the form of equivalent element segments.
bool SameModuloElemForm(const std::vector<std::pair<uint8_t, Bytes>>& a,
                        const std::vector<std::pair<uint8_t, Bytes>>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (a[i] == b[i]) continue;
    if (a[i].first != 9 || b[i].first != 9) return false;
    std::vector<Bytes> ca, cb;
    if (!CanonicalElems(a[i].second, &ca) || !CanonicalElems(b[i].second, &cb) || ca != cb) {
      return false;
    }
  }
  return true;
}

// Subsections {0, 1, 2, 4} (module, function, local and type names) of the
// "name" custom section, with local-name entries that name nothing dropped
// (wabt lists every function there). Empty if there is no name section.
std::vector<std::pair<uint8_t, Bytes>> NameSubsections(const Bytes& b) {
  std::vector<std::pair<uint8_t, Bytes>> out;
  size_t p = 8;
  while (p < b.size()) {
    uint8_t id = b[p++];
    Cursor c{b, p};
    uint64_t size = c.Leb();
    p = c.p;
    if (!c.ok || p + size > b.size()) return {};
    size_t end = p + size;
    if (id == 0) {
      Cursor n{b, p};
      uint64_t len = n.Leb();
      if (n.ok && n.p + len <= end &&
          std::string(b.begin() + n.p, b.begin() + n.p + len) == "name") {
        size_t q = n.p + len;
        while (q < end) {
          uint8_t sub = b[q++];
          Cursor sc{b, q};
          uint64_t sub_size = sc.Leb();
          q = sc.p;
          if (!sc.ok || q + sub_size > end) return {};
          Bytes payload(b.begin() + q, b.begin() + q + sub_size);
          if (sub == 2) {  // drop entries with no names
            Cursor lc{payload};
            uint64_t funcs = lc.Leb();
            Bytes kept;
            uint64_t kept_count = 0;
            for (uint64_t i = 0; i < funcs && lc.ok; ++i) {
              size_t start = lc.p;
              lc.Leb();
              uint64_t names = lc.Leb();
              for (uint64_t k = 0; k < names && lc.ok; ++k) {
                lc.Leb();
                lc.p += lc.Leb();
              }
              if (names != 0) {
                kept.insert(kept.end(), payload.begin() + start, payload.begin() + lc.p);
                ++kept_count;
              }
            }
            Bytes normalized;
            for (uint64_t v = kept_count;;) {  // LEB count, then entries
              normalized.push_back((v & 0x7F) | (v > 0x7F ? 0x80 : 0));
              v >>= 7;
              if (!v) break;
            }
            normalized.insert(normalized.end(), kept.begin(), kept.end());
            payload = std::move(normalized);
          }
          bool empty_locals = sub == 2 && payload.size() == 1 && payload[0] == 0;
          if ((sub <= 2 || sub == 4) && !empty_locals) out.emplace_back(sub, std::move(payload));
          q += sub_size;
        }
      }
    }
    p = end;
  }
  return out;
}

bool RunWabt(const std::string& text, Bytes* out, bool debug_names = false) {
  static const std::string base = "/tmp/wasmtier_crosscheck_" + std::to_string(getpid());
  std::string wat = base + ".wat", wasm = base + ".wasm";
  {
    std::ofstream f(wat, std::ios::binary);
    f << text;
  }
  std::string cmd = std::string("wat2wasm --enable-all --no-check ") +
                    (debug_names ? "--debug-names " : "") + "-o " + wasm + " " + wat +
                    " 2>/dev/null";
  int rc = std::system(cmd.c_str());
  if (rc != 0) return false;
  std::ifstream f(wasm, std::ios::binary);
  out->assign(std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>());
  return true;
}

int name_section_errors = 0;  // our name sections the decoder had to ignore

bool Validates(const Bytes& b, std::string* error) {
  auto m = wasmtier::DecodeAndValidate(b.data(), b.size(), wasmtier::Features::All());
  if (!m.ok()) {
    *error = std::string(m.status().message());
    return false;
  }
  if (!(*m)->name_section_error.empty()) {
    ++name_section_errors;
    std::cout << "NAME-SECTION " << (*m)->name_section_error << "\n";
  }
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  bool wabt = true, verbose = false, mutate = false, names = false;
  int names_compared = 0, names_same = 0;
  std::vector<std::filesystem::path> files;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--wat" && i + 1 < argc) {
      // Debug aid: encode one .wat file and print the error or the bytes.
      std::ifstream f(argv[++i], std::ios::binary);
      std::stringstream ss;
      ss << f.rdbuf();
      auto r = wasmtier::text::WatToBinary(ss.str());
      if (!r.ok()) {
        std::cout << r.status().message() << "\n";
        return 1;
      }
      for (uint8_t b : *r) std::printf("%02x ", b);
      std::string err;
      std::cout << "\n" << (Validates(*r, &err) ? "valid" : "invalid: " + err) << "\n";
      return 0;
    } else if (a == "--no-wabt") {
      wabt = false;
    } else if (a == "--mutate") {
      // Robustness: encode mutated copies of every module (run under asan).
      mutate = true;
    } else if (a == "--names") {
      // Also compare the name section with wat2wasm --debug-names.
      names = true;
    } else if (a == "--verbose") {
      verbose = true;
    } else if (std::filesystem::is_directory(a)) {
      for (auto& e : std::filesystem::recursive_directory_iterator(a)) {
        if (e.path().extension() == ".wast") files.push_back(e.path());
      }
    } else {
      files.push_back(a);
    }
  }
  std::sort(files.begin(), files.end());
  int modules = 0, encoded = 0, valid = 0, wabt_ok = 0, both = 0, same = 0, differ = 0,
      wabt_only = 0, same_elem_form = 0;
  int malformed = 0, malformed_rejected = 0, malformed_message_ok = 0, invalid = 0,
      invalid_encoded = 0, invalid_rejected = 0;
  for (const auto& path : files) {
    std::ifstream f(path, std::ios::binary);
    std::stringstream ss;
    ss << f.rdbuf();
    std::string name = path.parent_path().filename().string() + "/" + path.filename().string();
    for (const Form& form : ExtractForms(ss.str())) {
      std::string where = name + ":" + std::to_string(form.line);
      auto ours = wasmtier::text::WatToBinary(form.text);
      if (form.kind == Form::kMalformedQuote) {
        ++malformed;
        if (!ours.ok()) {
          ++malformed_rejected;
          // "line:col: message" must start with the expected message.
          std::string got(ours.status().message());
          size_t colon = got.find(": ");
          std::string msg = colon == std::string::npos ? got : got.substr(colon + 2);
          if (msg.compare(0, form.message.size(), form.message) == 0) {
            ++malformed_message_ok;
          } else if (verbose) {
            std::cout << "MESSAGE " << where << ": expected \"" << form.message << "\", got \""
                      << got << "\"\n";
          }
        } else if (verbose) {
          std::cout << "ACCEPTED-MALFORMED " << where << "\n";
        }
        continue;
      }
      if (form.kind == Form::kInvalid) {
        ++invalid;
        std::string err;
        if (ours.ok()) {
          ++invalid_encoded;
          if (!Validates(*ours, &err)) {
            ++invalid_rejected;
          } else if (verbose) {
            std::cout << "ACCEPTED-INVALID " << where << "\n";
          }
        } else if (verbose) {
          std::cout << "INVALID-NOT-ENCODED " << where << ": " << ours.status().message() << "\n";
        }
        continue;
      }
      ++modules;
      if (mutate) {
        static uint64_t seed = 0x9E3779B97F4A7C15u;
        auto rnd = [&](uint64_t n) {
          seed ^= seed << 13, seed ^= seed >> 7, seed ^= seed << 17;
          return n == 0 ? 0 : seed % n;
        };
        static const char kChars[] = "()\"$;@ 0a.=\\x\n";
        static const char* const kTokens[] = {"(type",
                                              "(rec",
                                              "$a",
                                              "(func",
                                              "(import \"a\" \"b\"",
                                              ")",
                                              "(",
                                              "(@custom \"x\")",
                                              "(@name \"n\")",
                                              "(@metadata.code.branch_hint \"\\00\")",
                                              "(sub",
                                              "(ref null $a)",
                                              "(elem",
                                              "(table",
                                              "(memory",
                                              "block",
                                              "end",
                                              "(then",
                                              "(else",
                                              "if",
                                              "br_if 0",
                                              "(export \"e\")",
                                              "(param $a i32)",
                                              "(local $a i32)",
                                              "0x1p-1",
                                              "nan:0x1",
                                              "$\"q\""};
        for (int k = 0; k < 30; ++k) {
          std::string m = form.text;
          size_t at = rnd(m.size());
          switch (k % 5) {
            case 0:
              m.resize(at);
              break;
            case 1:
              m[at] = kChars[rnd(sizeof(kChars) - 1)];
              break;
            case 2:
              m.erase(at, 1 + rnd(8));
              break;
            case 3:
              m.insert(at, m.substr(rnd(m.size()), rnd(64)));
              break;
            default:  // a token of the grammar in a random place
              m.insert(at, std::string(" ") + kTokens[rnd(std::size(kTokens))] + " ");
              break;
          }
          (void)wasmtier::text::WatToBinary(m);
        }
      }
      std::string err;
      bool our_valid = false;
      if (ours.ok()) {
        ++encoded;
        our_valid = Validates(*ours, &err);
        if (our_valid) ++valid;
      }
      if (verbose && !ours.ok()) {
        std::cout << "ENCODE-FAIL " << where << ": " << ours.status().message() << "\n";
      } else if (verbose && !our_valid) {
        std::cout << "INVALID " << where << ": " << err << "\n";
      }
      if (!wabt) continue;
      Bytes theirs;
      if (!RunWabt(form.text, &theirs)) continue;
      ++wabt_ok;
      std::string wabt_err;
      if (!ours.ok()) {
        ++wabt_only;
        continue;
      }
      ++both;
      if (names) {
        Bytes with_names;
        if (RunWabt(form.text, &with_names, true)) {
          ++names_compared;
          if (NameSubsections(*ours) == NameSubsections(with_names)) {
            ++names_same;
          } else if (verbose) {
            std::cout << "NAMES-DIFFER " << where << "\n";
          }
        }
      }
      auto a = Sections(*ours), b = Sections(theirs);
      if (a == b) {
        ++same;
        continue;
      }
      if (SameModuloElemForm(a, b)) {
        ++same_elem_form;
        continue;
      }
      ++differ;
      if (verbose) {
        std::string detail;
        for (size_t i = 0; i < std::max(a.size(), b.size()); ++i) {
          if (i >= a.size() || i >= b.size() || a[i] != b[i]) {
            detail = "section " + std::to_string(i < a.size() ? a[i].first : b[i].first);
            break;
          }
        }
        std::cout << "DIFFER " << where << ": " << detail << "\n";
      }
    }
  }
  std::cout << "text modules: " << modules << ", encoded: " << encoded
            << ", decode+validate ok: " << valid
            << " (name sections the decoder ignored: " << name_section_errors << ")\n";
  if (wabt) {
    std::cout << "wabt wat2wasm accepted: " << wabt_ok << ", of which we encoded: " << both
              << " (identical non-custom sections: " << same
              << ", same but for funcref segments of ref.func items, which wabt encodes"
                 " as function indices: "
              << same_elem_form << ", different: " << differ
              << "), we failed to encode: " << wabt_only << "\n";
  }
  if (names) {
    std::cout << "name sections compared with wat2wasm --debug-names (module, function, local and"
                 " type names): "
              << names_compared << ", identical: " << names_same << "\n";
  }
  std::cout << "assert_malformed quote modules: " << malformed
            << ", rejected by the encoder: " << malformed_rejected
            << ", with the expected message: " << malformed_message_ok << "\n";
  std::cout << "assert_invalid text modules: " << invalid << ", encoded: " << invalid_encoded
            << ", then rejected by the validator: " << invalid_rejected << "\n";
  return 0;
}
