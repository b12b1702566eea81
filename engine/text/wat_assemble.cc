// Assembly of the encoded fields into a module: sections in binary order,
// custom sections from annotations at their placements, the branch-hint
// section, and the "name" section built from identifiers (module, function,
// local, type, field and tag names, as the 3.0 appendix lists them).
#include <algorithm>

#include "engine/text/wat_parser.h"

namespace wasmtier::text::internal {
namespace {

// The framing of every section and name subsection: its id, then its
// payload prefixed by the payload's size.
void PutSized(Bytes* out, uint8_t id, const Bytes& payload) {
  PutU8(out, id);
  PutU32(out, payload.size());
  PutBytes(out, payload);
}

void PutSection(Bytes* out, uint8_t id, const std::vector<Bytes>& entries) {
  if (entries.empty()) return;
  Bytes payload;
  PutU32(&payload, entries.size());
  for (const Bytes& e : entries) PutBytes(&payload, e);
  PutSized(out, id, payload);
}

}  // namespace

void WatParser::EncodeNameSection(Bytes* out) {
  Bytes payload;
  PutName(&payload, "name");
  if (module_name_) {
    Bytes sub;
    PutName(&sub, *module_name_);
    PutSized(&payload, 0x00, sub);
  }
  const IndexSpace& funcs = SpaceOf(spaces_, Space::kFunc);
  // Pass-1 names are in textual order; imports come first in both orders
  // because imports may not follow definitions.
  std::vector<std::pair<uint32_t, const std::string*>> func_names;
  for (uint32_t i = 0; i < funcs.names.size(); ++i) {
    if (!funcs.names[i].empty()) func_names.emplace_back(i, &funcs.names[i]);
  }
  if (!func_names.empty()) {
    Bytes sub;
    PutU32(&sub, func_names.size());
    for (auto& [i, name] : func_names) {
      PutU32(&sub, i);
      PutName(&sub, *name);
    }
    PutSized(&payload, 0x01, sub);
  }
  if (!local_names_.empty()) {
    Bytes sub;
    PutU32(&sub, local_names_.size());
    for (auto& [func, locals] : local_names_) {
      PutU32(&sub, func);
      auto sorted = locals;
      std::sort(sorted.begin(), sorted.end());
      PutU32(&sub, sorted.size());
      for (auto& [i, name] : sorted) {
        PutU32(&sub, i);
        PutName(&sub, name);
      }
    }
    PutSized(&payload, 0x02, sub);
  }
  // Type (4), field (10) and tag (11) names, as the 3.0 appendix lists them.
  auto put_name_map = [](Bytes* sub, const std::vector<std::pair<uint32_t, std::string>>& map) {
    PutU32(sub, map.size());
    for (const auto& [i, name] : map) {
      PutU32(sub, i);
      PutName(sub, name);
    }
  };
  auto named = [](const IndexSpace& space) {
    std::vector<std::pair<uint32_t, std::string>> map;
    for (uint32_t i = 0; i < space.names.size(); ++i) {
      if (!space.names[i].empty()) map.emplace_back(i, space.names[i]);
    }
    return map;
  };
  if (auto types = named(SpaceOf(spaces_, Space::kType)); !types.empty()) {
    Bytes sub;
    put_name_map(&sub, types);
    PutSized(&payload, 4, sub);
  }
  std::vector<std::pair<uint32_t, std::vector<std::pair<uint32_t, std::string>>>> fields;
  for (uint32_t t = 0; t < num_explicit_types_; ++t) {
    if (types_[t].field_ids.empty()) continue;
    std::vector<std::pair<uint32_t, std::string>> map;
    for (const auto& [name, index] : types_[t].field_ids) map.emplace_back(index, name);
    std::sort(map.begin(), map.end());
    fields.emplace_back(t, std::move(map));
  }
  if (!fields.empty()) {
    Bytes sub;
    PutU32(&sub, fields.size());
    for (const auto& [t, map] : fields) {
      PutU32(&sub, t);
      put_name_map(&sub, map);
    }
    PutSized(&payload, 10, sub);
  }
  if (auto tags = named(SpaceOf(spaces_, Space::kTag)); !tags.empty()) {
    Bytes sub;
    put_name_map(&sub, tags);
    PutSized(&payload, 11, sub);
  }
  if (payload.size() == 5) return;  // nothing but the section name
  PutSized(out, 0x00, payload);
}

// metadata.code.branch_hint: vec(funcidx vec(offset u32, size u32 = 1,
// hint byte)), functions and offsets ascending; placed before the code.
void WatParser::EncodeBranchHintSection(Bytes* out) {
  if (branch_hints_.empty()) return;
  Bytes payload;
  PutName(&payload, "metadata.code.branch_hint");
  PutU32(&payload, branch_hints_.size());
  for (const auto& [func, hints] : branch_hints_) {
    PutU32(&payload, func);
    PutU32(&payload, hints.size());
    for (const auto& [offset, hint] : hints) {
      PutU32(&payload, offset);
      PutU32(&payload, 1);
      PutU8(&payload, hint);
    }
  }
  PutSized(out, 0x00, payload);
}

void WatParser::AssembleModule(Bytes* out) {
  if (passthrough_) {
    *out = binary_;
    return;
  }
  static constexpr uint8_t kHeader[] = {0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00};
  out->assign(kHeader, kHeader + 8);
  auto put_customs = [&](int anchor, bool before) {
    for (const CustomSection& c : customs_) {
      if (c.anchor != anchor || c.before != before) continue;
      Bytes payload;
      PutName(&payload, c.name);
      payload.insert(payload.end(), c.data.begin(), c.data.end());
      PutSized(out, 0x00, payload);
    }
  };
  put_customs(CustomSection::kFirst, true);
  // Sections in binary order (the tag section sits between memory and global,
  // data count between element and code).
  static constexpr uint8_t kOrder[] = {1, 2, 3, 4, 5, 13, 6, 7, 8, 9, 12, 10, 11};
  for (uint8_t id : kOrder) {
    put_customs(id, true);
    switch (id) {
      case 1:
        PutSection(out, 1, type_entries_);
        break;
      case 2:
        PutSection(out, 2, imports_);
        break;
      case 3:
        PutSection(out, 3, functions_);
        break;
      case 4:
        PutSection(out, 4, tables_);
        break;
      case 5:
        PutSection(out, 5, memories_);
        break;
      case 13:
        PutSection(out, 13, tags_);
        break;
      case 6:
        PutSection(out, 6, globals_);
        break;
      case 7:
        PutSection(out, 7, exports_);
        break;
      case 8:
        if (start_) {
          Bytes payload;
          PutU32(&payload, *start_);
          PutSized(out, 8, payload);
        }
        break;
      case 9:
        PutSection(out, 9, elems_);
        break;
      case 12:
        if (needs_data_count_) {  // only when code needs it, as wabt does
          Bytes payload;
          PutU32(&payload, datas_.size());
          PutSized(out, 12, payload);
        }
        break;
      case 10:
        EncodeBranchHintSection(out);
        PutSection(out, 10, codes_);
        break;
      case 11:
        PutSection(out, 11, datas_);
        break;
    }
    put_customs(id, false);
  }
  EncodeNameSection(out);
  put_customs(CustomSection::kLast, false);
}

}  // namespace wasmtier::text::internal
