// The "spectest" host module that the testsuite's scripts import from (the
// reference interpreter's spectest.ml): a description of its exports as data,
// so the runtime can instantiate it once one exists and the runner can tell
// which imports a script expects. Nothing here executes.
#ifndef WASMTIER_SPEC_TESTS_SPECTEST_H_
#define WASMTIER_SPEC_TESTS_SPECTEST_H_

#include <cstdint>
#include <span>
#include <string_view>

#include "engine/types.h"

namespace wasmtier::spec {

struct SpectestExport {
  std::string_view name;
  ExternKind kind;
  FuncType func;         // kFunc: the `print*` functions (they print their arguments)
  TableType table;       // kTable
  MemoryType memory;     // kMemory
  GlobalType global;     // kGlobal (immutable)
  uint64_t global_bits;  // kGlobal: the initial value's bit pattern (666 / 666.6)
};

// Every export of the spectest module, in a fixed order.
std::span<const SpectestExport> SpectestExports();

// The export called {name}, or nullptr (scripts import "spectest" "unknown"
// on purpose to test unlinkable modules).
const SpectestExport* FindSpectestExport(std::string_view name);

}  // namespace wasmtier::spec

#endif  // WASMTIER_SPEC_TESTS_SPECTEST_H_
