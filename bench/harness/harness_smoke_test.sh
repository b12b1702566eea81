#!/bin/bash
# CI smoke pass of //bench:harness: size small, one repetition, interp and
# native (node and node-wasi too when node is on PATH), every checksum
# verified; then a run with a runtime that lies about its checksum must
# fail, and a runtime that is not installed must be reported without
# failing the run.
set -u
harness="$1"
out="${TEST_TMPDIR:-/tmp}/harness_smoke"
rm -rf "$out"
fail() { echo "FAIL: $*" >&2; exit 1; }

runtimes=interp,native
expected_columns=2
if command -v node > /dev/null; then runtimes=$runtimes,node,node-wasi; expected_columns=4; fi

"$harness" --size=small --reps=1 --runtimes=$runtimes --out="$out/ok" > "$out.log" 2> "$out.err" ||
  { cat "$out.log" "$out.err"; fail "smoke run exited $?"; }
for f in results.csv results.json results.md results.svg; do
  [ -s "$out/ok/$f" ] || fail "no $f"
done
rows=$(tail -n +2 "$out/ok/results.csv" | wc -l)
[ "$rows" -eq $((15 * expected_columns)) ] || fail "results.csv has $rows rows, want $((15 * expected_columns))"
bad=$(tail -n +2 "$out/ok/results.csv" | awk -F, '$3 != "ok"' | head -3)
[ -z "$bad" ] || fail "cells not ok: $bad"
grep -q '^geomean ' "$out.log" || fail "no geomean row"
grep -q '^fib ' "$out.log" || fail "no fib row"
grep -q '</svg>' "$out/ok/results.svg" || fail "svg not closed"
grep -q '"failures": 0' "$out/ok/results.json" || fail "json does not say 0 failures"
# Progress lines go to stderr (plain lines: not a terminal).
grep -q '^\[ *[0-9]*/[0-9]*\] fib interp rep 1/1 ...$' "$out.err" || fail "no progress line"

# A wrong checksum is shown and makes the exit status non-zero; a runtime
# missing from PATH is reported and is not a failure.
liar="$TEST_SRCDIR/wasmtier/bench/harness/testdata/wrong_checksum.sh"
"$harness" --size=small --reps=2 --only=fib --runtimes=native --runtime="liar=$liar" \
  --runtime=ghost=no-such-runtime-on-path --out="$out/bad" > "$out.bad.log" 2>&1
status=$?
[ $status -eq 1 ] || { cat "$out.bad.log"; fail "lying runtime: exit $status, want 1"; }
grep -q 'FAILED: fib on liar: checksum 0000000000000000, native ' "$out.bad.log" ||
  { cat "$out.bad.log"; fail "mismatch not shown"; }
grep -q 'ghost: unavailable: no-such-runtime-on-path is not on PATH' "$out.bad.log" ||
  { cat "$out.bad.log"; fail "missing runtime not reported"; }
grep -q '^fib,liar,failed,' "$out/bad/results.csv" || fail "csv does not mark liar failed"
grep -q '^fib,ghost,unavailable,' "$out/bad/results.csv" || fail "csv does not mark ghost unavailable"

# Bad usage exits 2.
"$harness" --size=huge > /dev/null 2>&1
[ $? -eq 2 ] || fail "bad --size did not exit 2"
cat "$out.log"
echo PASS
