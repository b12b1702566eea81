#!/usr/bin/env bash
# CI smoke of the differential fuzzer (README.md): fixed seeds, as generated
# by wasm-opt -ttf and also after binaryen's -O3, compared with Wasmtier's
# interpreter; then each known difference (known_differences/*.wat) must
# still be classified nan-only, not MISMATCH. Prints SKIPPED and passes when
# binaryen is not installed.
#   smoke_test.sh DIFF_DRIVER [KNOWN_DIFFERENCE.wat...]
set -euo pipefail
driver="$1"; shift
if ! command -v wasm-opt >/dev/null 2>&1; then
  echo "SKIPPED: wasm-opt (binaryen) is not installed; tools/setup.sh installs it"
  exit 0
fi
# --max-seconds keeps slow sanitizer builds inside the test's time budget;
# the seeds run in order, so a slow build checks a prefix of the same list.
"$driver" --seed=1 --count=40 --max-seconds=12
"$driver" --seed=100001 --count=12 --passes=-O3 --max-seconds=6
for wat in "$@"; do
  out=$("$driver" --module="$wat")
  if ! grep -q ": nan-only$" <<<"$out"; then
    echo "$wat: expected the verdict nan-only, got:"
    echo "$out"
    exit 1
  fi
  echo "$wat: nan-only, as expected"
done
