#!/bin/sh
# Interpreter vs Node.js (V8 Liftoff and TurboFan) on the kernels of
# bench/kernels.h, side by side: builds interp_bench, writes the kernels'
# wasm, runs BM_Kernel (counters off and on) and bench/node/kernels.js.
#   bench/node/kernels_compare.sh [OUT_DIR]   (run from the workspace root)
set -eu
dir=$(realpath -m "${1:-/tmp/wasmtier-kernels}")
mkdir -p "$dir"
bazel run -c opt //bench:interp_bench -- --emit-wasm="$dir"
bazel run -c opt //bench:interp_bench -- --benchmark_filter='BM_Kernel' --benchmark_repetitions=3 \
  --benchmark_report_aggregates_only=true --benchmark_out="$dir/interp.json" --benchmark_out_format=json
node bench/node/kernels.js "$dir" --interp-json="$dir/interp.json"
