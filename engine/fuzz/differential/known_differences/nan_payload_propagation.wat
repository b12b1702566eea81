;; Known difference, not a bug (verdict nan-only). Reduced from seed 1245.
;; f32.min with a non-canonical NaN operand may return any arithmetic NaN
;; (spec: nans_N{z1, z2}). Wasmtier propagates the operand's payload:
;; -nan:0x5c3478 -> logs -2345864 (0xffdc3478); binaryen returns the canonical
;; NaN -> logs 2143289344 (0x7fc00000). Both conform; i32.reinterpret_f32
;; makes the difference visible as an integer.
(module
  (import "fuzzing-support" "log-i32" (func $log (param i32)))
  (func (export "min_of_nan")
    (call $log (i32.reinterpret_f32 (f32.min (f32.const -nan:0x5c3478) (f32.const 0))))))
