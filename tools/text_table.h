// Aligned plain-text tables for CLI output: rows of cells, columns padded to
// their widest cell, numbers right-aligned. No colours, no box drawing, so the
// output greps and diffs well.
#ifndef WASMTIER_TOOLS_TEXT_TABLE_H_
#define WASMTIER_TOOLS_TEXT_TABLE_H_

#include <string>
#include <vector>

namespace wasmtier::cli {

class TextTable {
 public:
  enum Align { kLeft, kRight };

  // One header cell and alignment per column.
  TextTable(std::vector<std::string> headers, std::vector<Align> aligns)
      : headers_(std::move(headers)), aligns_(std::move(aligns)) {}

  // A row with at most as many cells as there are columns.
  void AddRow(std::vector<std::string> cells) { rows_.push_back(std::move(cells)); }
  bool empty() const { return rows_.empty(); }

  // Appends the table, each line indented by {indent} spaces. The last column
  // is never padded, so lines carry no trailing blanks.
  void AppendTo(std::string* out, int indent = 2) const;

 private:
  std::vector<std::string> headers_;
  std::vector<Align> aligns_;
  std::vector<std::vector<std::string>> rows_;
};

}  // namespace wasmtier::cli

#endif  // WASMTIER_TOOLS_TEXT_TABLE_H_
