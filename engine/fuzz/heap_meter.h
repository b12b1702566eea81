// Counts the bytes held through C++ operator new, so the mutation driver can
// flag inputs whose decoding needs far more memory than their size (a tiny
// module must not make the engine allocate gigabytes). Linked only into the
// driver: it replaces the global operator new and delete.
#ifndef WASMTIER_ENGINE_FUZZ_HEAP_METER_H_
#define WASMTIER_ENGINE_FUZZ_HEAP_METER_H_

#include <cstddef>

namespace wasmtier::fuzz {

// Bytes currently allocated through operator new.
size_t HeapLiveBytes();
// Highest HeapLiveBytes() since the last ResetHeapPeak().
size_t HeapPeakBytes();
void ResetHeapPeak();

}  // namespace wasmtier::fuzz

#endif  // WASMTIER_ENGINE_FUZZ_HEAP_METER_H_
