// The benchmark kernels' WAT text and their C++ reference checksums
// (bench/kernels.h). Each reference mirrors its kernel step for step, with
// wasm's wrapping unsigned arithmetic.
#include "bench/kernels.h"

#include <bit>
#include <cstdint>

namespace wasmtier::bench {
namespace {

// ---- fib: recursive calls; one unit = one call of $fib. ----
constexpr std::string_view kFibWat = R"wat(
(module
  (func $fib (param $n i32) (result i32)
    (if (result i32) (i32.lt_u (local.get $n) (i32.const 2))
      (then (local.get $n))
      (else (i32.add (call $fib (i32.sub (local.get $n) (i32.const 1)))
                     (call $fib (i32.sub (local.get $n) (i32.const 2)))))))
  (func (export "run") (param $n i32) (result i32)
    (call $fib (local.get $n))))
)wat";

int32_t FibReference(int32_t n) {
  uint32_t a = 0, b = 1;
  for (int32_t i = 0; i < n; ++i) {
    uint32_t next = a + b;
    a = b;
    b = next;
  }
  return static_cast<int32_t>(a);
}

// fib(n) makes 2 * F(n + 1) - 1 calls of $fib.
int64_t FibUnits(int32_t n) { return 2 * static_cast<int64_t>(FibReference(n + 1)) - 1; }

// ---- loops: nested loops of i32 and i64 arithmetic; one unit = one inner
// iteration (a 64-bit multiply-add, a 32-bit multiply/shift/xor/add, the
// counter and its compare-and-branch). ----
constexpr std::string_view kLoopsWat = R"wat(
(module
  (func (export "run") (param $n i32) (result i32)
    (local $i i32) (local $j i32) (local $x i32) (local $acc i64)
    (local.set $acc (i64.const 1))
    (block $done
      (loop $outer
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $j (i32.const 0))
        (loop $inner
          (local.set $acc
            (i64.add (i64.mul (local.get $acc) (i64.const 6364136223846793005))
                     (i64.extend_i32_u (i32.xor (local.get $i) (local.get $j)))))
          (local.set $x
            (i32.add (local.get $x)
                     (i32.xor (i32.mul (local.get $i) (local.get $j))
                              (i32.shr_u (local.get $x) (i32.const 3)))))
          (local.set $j (i32.add (local.get $j) (i32.const 1)))
          (br_if $inner (i32.lt_u (local.get $j) (i32.const 64))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $outer)))
    (i32.xor (i32.wrap_i64 (i64.xor (local.get $acc) (i64.shr_u (local.get $acc) (i64.const 32))))
             (local.get $x))))
)wat";

int32_t LoopsReference(int32_t n) {
  uint64_t acc = 1;
  uint32_t x = 0;
  for (uint32_t i = 0; i < static_cast<uint32_t>(n); ++i) {
    uint32_t j = 0;
    do {
      acc = acc * 6364136223846793005ull + static_cast<uint64_t>(i ^ j);
      x = x + ((i * j) ^ (x >> 3));
      ++j;
    } while (j < 64);
  }
  return static_cast<int32_t>(static_cast<uint32_t>(acc ^ (acc >> 32)) ^ x);
}

int64_t LoopsUnits(int32_t n) { return static_cast<int64_t>(n) * 64; }

// ---- memory: read-modify-write passes over a 16 KiB buffer (L1-resident);
// one unit = one element (an i32 load, an i32 store, the arithmetic between).
// The buffer is re-initialised at the start of every run (4096 stores, not
// counted) so every call returns the same checksum. ----
constexpr int32_t kMemoryElements = 4096;
constexpr std::string_view kMemoryWat = R"wat(
(module
  (memory 1)
  (func (export "run") (param $n i32) (result i32)
    (local $k i32) (local $p i32) (local $v i32) (local $a i32) (local $sum i32)
    (loop $init
      (i32.store (i32.shl (local.get $k) (i32.const 2))
                 (i32.mul (local.get $k) (i32.const 2654435761)))
      (local.set $k (i32.add (local.get $k) (i32.const 1)))
      (br_if $init (i32.lt_u (local.get $k) (i32.const 4096))))
    (block $done
      (loop $pass
        (br_if $done (i32.ge_u (local.get $p) (local.get $n)))
        (local.set $k (i32.const 0))
        (loop $elem
          (local.set $a (i32.shl (local.get $k) (i32.const 2)))
          (local.set $v (i32.load (local.get $a)))
          (i32.store (local.get $a)
                     (i32.xor (i32.add (local.get $v) (i32.shr_u (local.get $v) (i32.const 1)))
                              (local.get $k)))
          (local.set $sum (i32.add (local.get $sum) (local.get $v)))
          (local.set $k (i32.add (local.get $k) (i32.const 1)))
          (br_if $elem (i32.lt_u (local.get $k) (i32.const 4096))))
        (local.set $p (i32.add (local.get $p) (i32.const 1)))
        (br $pass)))
    (local.get $sum)))
)wat";

int32_t MemoryReference(int32_t n) {
  uint32_t buffer[kMemoryElements];
  for (uint32_t k = 0; k < kMemoryElements; ++k) buffer[k] = k * 2654435761u;
  uint32_t sum = 0;
  for (int32_t p = 0; p < n; ++p) {
    for (uint32_t k = 0; k < kMemoryElements; ++k) {
      uint32_t v = buffer[k];
      buffer[k] = (v + (v >> 1)) ^ k;
      sum += v;
    }
  }
  return static_cast<int32_t>(sum);
}

int64_t MemoryUnits(int32_t n) { return static_cast<int64_t>(n) * kMemoryElements; }

// ---- indirect: call_indirect through a 4-entry table, the target changing
// every iteration; one unit = one indirect call (signature check included). ----
constexpr std::string_view kIndirectWat = R"wat(
(module
  (type $t (func (param i32) (result i32)))
  (table 4 funcref)
  (elem (i32.const 0) $f0 $f1 $f2 $f3)
  (func $f0 (type $t) (i32.add (local.get 0) (i32.const 1)))
  (func $f1 (type $t) (i32.mul (local.get 0) (i32.const 3)))
  (func $f2 (type $t) (i32.xor (local.get 0) (i32.const 0x5a5a)))
  (func $f3 (type $t) (i32.rotl (local.get 0) (i32.const 5)))
  (func (export "run") (param $n i32) (result i32)
    (local $i i32) (local $acc i32)
    (local.set $acc (i32.const 1))
    (block $done
      (loop $l
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $acc (call_indirect (type $t) (local.get $acc)
                                       (i32.and (local.get $i) (i32.const 3))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $l)))
    (local.get $acc)))
)wat";

int32_t IndirectReference(int32_t n) {
  uint32_t acc = 1;
  for (uint32_t i = 0; i < static_cast<uint32_t>(n); ++i) {
    switch (i & 3) {
      case 0: acc = acc + 1; break;
      case 1: acc = acc * 3; break;
      case 2: acc = acc ^ 0x5a5a; break;
      default: acc = std::rotl(acc, 5); break;
    }
  }
  return static_cast<int32_t>(acc);
}

int64_t CountUnits(int32_t n) { return n; }

// ---- br_table: a switch over 8 cases chosen by the data, as a bytecode
// interpreter's dispatch loop does; one unit = one dispatch and its case. ----
constexpr std::string_view kBrTableWat = R"wat(
(module
  (func (export "run") (param $n i32) (result i32)
    (local $i i32) (local $acc i32)
    (local.set $acc (i32.const 1))
    (block $done
      (loop $l
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (block $next
          (block $c7
            (block $c6
              (block $c5
                (block $c4
                  (block $c3
                    (block $c2
                      (block $c1
                        (block $c0
                          (br_table $c0 $c1 $c2 $c3 $c4 $c5 $c6 $c7 $c7
                            (i32.and (i32.xor (local.get $acc) (local.get $i)) (i32.const 7))))
                        (local.set $acc (i32.add (local.get $acc) (i32.const 7)))
                        (br $next))
                      (local.set $acc (i32.add (i32.mul (local.get $acc) (i32.const 5)) (i32.const 1)))
                      (br $next))
                    (local.set $acc (i32.xor (local.get $acc) (i32.shr_u (local.get $acc) (i32.const 3))))
                    (br $next))
                  (local.set $acc (i32.sub (local.get $acc) (local.get $i)))
                  (br $next))
                (local.set $acc (i32.rotl (local.get $acc) (i32.const 7)))
                (br $next))
              (local.set $acc (i32.add (local.get $acc) (i32.shl (local.get $i) (i32.const 1))))
              (br $next))
            (local.set $acc (i32.xor (local.get $acc) (i32.const 0x9e3779b9)))
            (br $next))
          (local.set $acc (i32.add (i32.mul (local.get $acc) (i32.const 3)) (local.get $i))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $l)))
    (local.get $acc)))
)wat";

int32_t BrTableReference(int32_t n) {
  uint32_t acc = 1;
  for (uint32_t i = 0; i < static_cast<uint32_t>(n); ++i) {
    switch ((acc ^ i) & 7) {
      case 0: acc = acc + 7; break;
      case 1: acc = acc * 5 + 1; break;
      case 2: acc = acc ^ (acc >> 3); break;
      case 3: acc = acc - i; break;
      case 4: acc = std::rotl(acc, 7); break;
      case 5: acc = acc + (i << 1); break;
      case 6: acc = acc ^ 0x9e3779b9u; break;
      default: acc = acc * 3 + i; break;
    }
  }
  return static_cast<int32_t>(acc);
}

// Arguments sized so that one call takes a few ms in the interpreter (a few
// million units): long enough to hide the call, short enough to repeat.
constexpr Kernel kKernels[] = {
    {"fib", kFibWat, "call", 30, FibUnits, FibReference},
    {"loops", kLoopsWat, "inner_iter", 30000, LoopsUnits, LoopsReference},
    {"memory", kMemoryWat, "element", 500, MemoryUnits, MemoryReference},
    {"indirect", kIndirectWat, "call", 2000000, CountUnits, IndirectReference},
    {"br_table", kBrTableWat, "dispatch", 2000000, CountUnits, BrTableReference},
};

}  // namespace

std::span<const Kernel> Kernels() { return kKernels; }

const std::string_view kCallsWat = R"wat(
(module
  (import "env" "host" (func $host (param i32) (result i32)))
  (func $tiny (param i32) (result i32) (i32.add (local.get 0) (i32.const 1)))
  (func (export "inc") (param i32) (result i32) (i32.add (local.get 0) (i32.const 1)))
  (func (export "call_wasm") (param $n i32) (result i32)
    (local $i i32) (local $acc i32)
    (block $done
      (loop $l
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $acc (call $tiny (local.get $acc)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $l)))
    (local.get $acc))
  (func (export "call_host") (param $n i32) (result i32)
    (local $i i32) (local $acc i32)
    (block $done
      (loop $l
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $acc (call $host (local.get $acc)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $l)))
    (local.get $acc))
  (func (export "loop_only") (param $n i32) (result i32)
    (local $i i32) (local $acc i32)
    (block $done
      (loop $l
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $acc (i32.add (local.get $acc) (i32.const 1)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $l)))
    (local.get $acc)))
)wat";

const std::string_view kSmallWat = R"wat(
(module
  (type $v_i (func (result i32)))
  (memory (export "memory") 1)
  (table (export "table") 4 funcref)
  (global $sp (mut i32) (i32.const 65536))
  (data (i32.const 16) "hello, wasmtier\00")
  (elem (i32.const 0) $a $b $tiny)
  (func $a (type $v_i) (i32.const 1))
  (func $b (type $v_i) (global.get $sp))
  (func $tiny (export "tiny") (type $v_i)
    (i32.add (i32.const 42) (i32.load8_u (i32.const 16))))
  (func (export "set_sp") (param i32) (global.set $sp (local.get 0))))
)wat";

}  // namespace wasmtier::bench
