// The "spectest" host module that the testsuite's scripts import from (the
// reference interpreter's spectest.ml): its exports as data, and their
// definition in a store and linker through the public API.
#ifndef WASMTIER_SPEC_TESTS_SPECTEST_H_
#define WASMTIER_SPEC_TESTS_SPECTEST_H_

#include <cstdint>
#include <span>
#include <string_view>

#include "absl/status/status.h"
#include "engine/include/wasmtier/wasmtier.h"
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

// Creates every export in {store} and defines it as "spectest" "<name>" in
// {linker}. The print functions print nothing (the runner's output is its
// tables). A shared memory the engine cannot create (threads off) is left
// out: modules importing it are rejected before linking anyway.
absl::Status DefineSpectest(Store& store, Linker& linker);

}  // namespace wasmtier::spec

#endif  // WASMTIER_SPEC_TESTS_SPECTEST_H_
