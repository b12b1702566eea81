#!/usr/bin/env bash
# Runs the differential fuzzer over many seeds in parallel chunks, with an
# optimized build, and lists what disagreed (README.md).
#   engine/fuzz/differential/run_many.sh FIRST_SEED COUNT [JOBS] [DRIVER_ARGS...]
#   e.g. run_many.sh 1 100000 2 --passes=-O3
# Mismatching modules and their reports land in $OUT (default
# /tmp/difffuzz-FIRST_SEED); a chunk that crashes is rerun with --verbose to
# name the seed that crashed it.
set -euo pipefail
first=${1:?first seed}; count=${2:?count}; jobs=${3:-2}; shift $(( $# < 3 ? $# : 3 ))
chunk=500
out=${OUT:-/tmp/difffuzz-$first}
mkdir -p "$out"
cd "$(dirname "$0")/../../.."
timeout 900 bazel build -c opt //engine/fuzz/differential:diff_driver >/dev/null 2>&1
# A private copy: a rebuild by someone else must not swap the binary mid-run.
driver="$out/diff_driver"
cp -f bazel-bin/engine/fuzz/differential/diff_driver "$driver"

run_chunk() {
  local start=$1 n=$2; shift 2
  local log="$out/chunk-$start.log"
  set +e
  "$driver" --seed="$start" --count="$n" --save-dir="$out" "$@" >"$log" 2>&1
  local rc=$?
  set -e
  if (( rc > 1 )); then
    "$driver" --seed="$start" --count="$n" --verbose "$@" >"$log.verbose" 2>&1 || true
    echo "CRASH (exit $rc) in chunk $start: last $(grep '^seed [0-9]*$' "$log.verbose" | tail -1)" | tee -a "$log"
  fi
}
export -f run_chunk
export out driver

seq "$first" "$chunk" $(( first + count - 1 )) |
  xargs -P "$jobs" -I{} bash -c 'run_chunk {} $(( '"$first + $count"' - {} < '"$chunk"' ? '"$first + $count"' - {} : '"$chunk"' )) "$@"' _ "$@"

echo "== $count seeds from $first; per-chunk summaries in $out"
grep -h '^difffuzz:' "$out"/chunk-*.log | awk '{for (i = 1; i <= NF; i++) if ($i ~ /=/) { split($i, kv, "="); sum[kv[1]] += kv[2] } }
  END { for (k in sum) printf "  %s=%d", k, sum[k]; print "" }'
grep -h -E '^(seed [0-9]+: [A-Za-z-]+$|CRASH)' "$out"/chunk-*.log | grep -v ': match$' | sort -V || true
