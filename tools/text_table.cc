// Aligned text tables (see text_table.h).
#include "tools/text_table.h"

#include <algorithm>

namespace wasmtier::cli {

void TextTable::AppendTo(std::string* out, int indent) const {
  size_t columns = headers_.size();
  std::vector<size_t> widths(columns, 0);
  auto measure = [&](const std::vector<std::string>& cells) {
    for (size_t i = 0; i < cells.size() && i < columns; ++i) {
      widths[i] = std::max(widths[i], cells[i].size());
    }
  };
  measure(headers_);
  for (const auto& row : rows_) measure(row);

  auto emit = [&](const std::vector<std::string>& cells) {
    std::string line(indent, ' ');
    size_t n = std::min(cells.size(), columns);
    for (size_t i = 0; i < n; ++i) {
      if (i > 0) line += "  ";
      size_t pad = widths[i] - cells[i].size();
      bool last = i + 1 == n;
      Align align = i < aligns_.size() ? aligns_[i] : kLeft;
      if (align == kRight) line.append(pad, ' ');
      line += cells[i];
      if (align == kLeft && !last) line.append(pad, ' ');
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    *out += line;
    *out += '\n';
  };
  emit(headers_);
  for (const auto& row : rows_) emit(row);
}

}  // namespace wasmtier::cli
