// Human-readable report of a decoded module for `wasmtier inspect`: sections
// with their byte ranges, types, imports, functions (names from the name
// section, sizes, locals), tables, memories, globals, exports, segments and
// custom sections, as aligned text tables. Reads only the WasmModule structure,
// so it is tested without the decoder by building a WasmModule by hand.
#ifndef WASMTIER_TOOLS_MODULE_PRINTER_H_
#define WASMTIER_TOOLS_MODULE_PRINTER_H_

#include <cstdint>
#include <string>
#include <vector>

#include "engine/module.h"

namespace wasmtier::cli {

// The report, one block per non-empty part, separated by blank lines; with
// {only} non-empty, just the parts it names (see ReportPartNames).
std::string FormatModule(const WasmModule& module, const std::vector<std::string>& only = {});

// The report's parts in order: "summary", "sections", "types", "imports",
// "functions", "tables", "memories", "globals", "tags", "exports",
// "elements", "data", "custom".
std::vector<std::string> ReportPartNames();

// Text of a (valid) constant expression such as "i32.const 1024" or
// "global.get 0"; "..." stands for anything it cannot show.
std::string FormatConstExpr(const WasmModule& module, const ConstExpr& expr);

// "$name" from the name section, or "" when the function has no name.
std::string FunctionName(const WasmModule& module, uint32_t func_index);

// "func [i32] -> [i32]", "struct (field (mut i32))", "array (mut i8)", with a
// "sub" prefix for open or subtyped types.
std::string FormatTypeDef(const TypeDef& type);

}  // namespace wasmtier::cli

#endif  // WASMTIER_TOOLS_MODULE_PRINTER_H_
