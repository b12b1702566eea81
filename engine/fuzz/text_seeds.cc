// Text seed modules (see text_seeds.h).
#include "engine/fuzz/text_seeds.h"

namespace wasmtier::fuzz {

std::vector<TextSeed> TextSeedModules() {
  return {
      {"empty", "(module)"},
      {"flat_and_folded", R"wat((module $m
  (type $binop (func (param i32 i32) (result i32)))
  (func $add (export "add") (type $binop) (param $a i32) (param $b i32) (result i32)
    local.get $a
    local.get $b
    i32.add)
  (func $fac (export "fac") (param i64) (result i64)
    (if (result i64) (i64.lt_u (local.get 0) (i64.const 2))
      (then (i64.const 1))
      (else (i64.mul (local.get 0) (call $fac (i64.sub (local.get 0) (i64.const 1)))))))
  (func $loops (param $n i32) (result i32) (local $i i32) (local $acc i32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $acc (i32.add (local.get $acc) (local.get $i)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (block $a (block $b (block $c (br_table $a $b $c (local.get $n)))))
    (select (local.get $acc) (i32.const -1) (local.get $n))
    drop
    local.get $acc)
  (func (result i32 i32) (i32.const 1) (i32.const 2))
  (start $start)
  (func $start nop unreachable))
)wat"},
      {"literals", R"wat((module
  (global $g (import "env" "g") i32)
  (global i32 (i32.const 0x7fff_ffff))
  (global i32 (i32.const -2147483648))
  (global i64 (i64.const 18_446_744_073_709_551_615))
  (global f32 (f32.const 0x1.fffffep127))
  (global f32 (f32.const -nan:0x200000))
  (global f64 (f64.const 1e-320))
  (global f64 (f64.const -inf))
  (global f64 (f64.const 0x1p-1074))
  (global (mut f32) (f32.const 3.4028235e38))
  (global i32 (i32.add (global.get $g) (i32.const 4))))
)wat"},
      {"memory_data", R"wat((module
  (memory $mem (export "mem") 1 2)
  (data (i32.const 8) "hi\n\t\"\\\00\ff\u{1F600}")
  (data $passive "passive" "concatenated")
  (func (param $p i32) (result i64)
    (i32.store offset=4 align=2 (local.get $p) (i32.const 7))
    (i64.store8 offset=1 (local.get $p) (i64.const 255))
    (memory.init $passive (local.get $p) (i32.const 0) (i32.const 4))
    (data.drop $passive)
    (memory.copy (local.get $p) (i32.const 0) (i32.const 8))
    (memory.fill (i32.const 0) (i32.const 0) (memory.size))
    (drop (memory.grow (i32.const 1)))
    (i64.load16_s offset=2 (local.get $p))))
)wat"},
      {"tables_elems", R"wat((module
  (type $t (func (param i32) (result i32)))
  (table $tab 4 8 funcref)
  (table $ext 1 externref)
  (elem (i32.const 0) $f $g)
  (elem $passive func $f)
  (elem declare func $g)
  (elem (table $tab) (offset (i32.const 2)) funcref (ref.func $f) (ref.null func))
  (func $f (type $t) (local.get 0))
  (func $g (type $t)
    (call_indirect $tab (type $t) (local.get 0) (i32.const 1)))
  (func (result i32)
    (table.set $tab (i32.const 3) (ref.func $g))
    (drop (table.grow $tab (ref.null func) (i32.const 1)))
    (table.init $tab $passive (i32.const 0) (i32.const 0) (i32.const 1))
    (elem.drop $passive)
    (ref.is_null (table.get $ext (i32.const 0)))))
)wat"},
      {"imports_exports", R"wat((module
  (import "env" "log" (func $log (param i32)))
  (import "env" "mem" (memory 1))
  (import "env" "tab" (table 1 funcref))
  (func $inline (import "env" "other") (result f64))
  (func (export "run") (export "alias") (param i32)
    (call $log (local.get 0)))
  (global (export "answer") i32 (i32.const 42)))
)wat"},
      {"gc_types", R"wat((module
  (rec
    (type $node (sub (struct (field $value i32) (field $next (mut (ref null $node))))))
    (type $list (array (mut (ref null $node)))))
  (type $leaf (sub final $node (struct (field i32) (field (mut (ref null $node))) (field i8))))
  (type $bytes (array (mut i8)))
  (func (param (ref null $node)) (result i32)
    (struct.get $node $value (local.get 0))))
)wat"},
      {"simd", R"wat((module
  (memory 1)
  (func (param i32) (result i32) (local v128)
    (local.set 1 (v128.const i32x4 1 2 3 0xffffffff))
    (local.set 1 (i32x4.add (local.get 1) (v128.load offset=16 align=16 (local.get 0))))
    (local.set 1 (i8x16.shuffle 0 17 2 19 4 21 6 23 8 25 10 27 12 29 14 31
                   (local.get 1) (v128.const f32x4 1.5 -0 nan inf)))
    (v128.store (local.get 0) (local.get 1))
    (i32x4.extract_lane 3 (local.get 1))))
)wat"},
      {"references_and_tail_calls", R"wat((module
  (type $f (func (param i32) (result i32)))
  (func $id (type $f) (local.get 0))
  (elem declare func $id)
  (func (param (ref null $f)) (result i32)
    (block $null
      (br_on_null $null (local.get 0))
      drop)
    (call_ref $f (i32.const 1) (ref.as_non_null (local.get 0))))
  (func (param i32) (result i32)
    (return_call $id (local.get 0))))
)wat"},
      {"comments_annotations", R"wat(;; line comment
(module (; block (; nested ;) comment ;)
  (@custom "note" "data")
  (func $f (@name "f") (param $x i32) (result i32) ;; trailing
    (i32.add (local.get $x) (i32.const 1))))
)wat"},
  };
}

}  // namespace wasmtier::fuzz
