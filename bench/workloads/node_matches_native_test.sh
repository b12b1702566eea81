#!/bin/bash
# Checks each wasm reactor (W.wasm) run in Node.js (V8) returns the same
# checksum as the native -O2 binary (W_native) at size small: the workloads
# are deterministic and compute bit-identically on both targets, which is
# what makes them usable as an interpreter correctness oracle.
# Args: pairs of "W.wasm W_native" paths.
set -u
if ! command -v node >/dev/null 2>&1; then
  echo "node not found; nothing to compare against" >&2
  exit 1
fi
script="bench/node/run_workload.js"
failures=0
while [ $# -ge 2 ]; do
  wasm="$1" native="$2"
  shift 2
  want=$("$native" small) || { echo "FAIL $native exited $?" >&2; failures=$((failures + 1)); continue; }
  got=$(node "$script" "$wasm" 0 | grep '^checksum: ') || {
    echo "FAIL node $wasm" >&2; failures=$((failures + 1)); continue; }
  if [ "$got" != "$want" ]; then
    echo "FAIL $(basename "$wasm"): node '$got', native '$want'" >&2
    failures=$((failures + 1))
  else
    echo "ok   $(basename "$wasm") $got"
  fi
done
exit $((failures > 0))
