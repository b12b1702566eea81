#!/usr/bin/env bash
# Checks that the committed example.wasm is what make_example writes, and
# (when wabt is installed) that example.wat encodes the same module.
#   example_test.sh MAKE_EXAMPLE EXAMPLE_WASM EXAMPLE_WAT
set -euo pipefail
make_example=$1 committed=$2 wat=$3
tmp=${TEST_TMPDIR:-$(mktemp -d)}

"$make_example" "$tmp/generated.wasm"
if ! cmp -s "$tmp/generated.wasm" "$committed"; then
  echo "FAIL: tools/examples/example.wasm is not make_example's output; regenerate with" >&2
  echo "  bazel run //tools/examples:make_example -- \$PWD/tools/examples/example.wasm" >&2
  exit 1
fi
echo "ok: example.wasm matches make_example"

if command -v wat2wasm >/dev/null && command -v wasm2wat >/dev/null; then
  wasm-validate "$committed"
  wat2wasm "$wat" -o "$tmp/from_wat.wasm"
  # Names aside (wat2wasm writes more name subsections), the modules must match.
  wasm2wat --no-debug-names "$tmp/from_wat.wasm" >"$tmp/from_wat.txt"
  wasm2wat --no-debug-names "$committed" >"$tmp/committed.txt"
  if ! diff -u "$tmp/from_wat.txt" "$tmp/committed.txt"; then
    echo "FAIL: example.wat and example.wasm describe different modules" >&2
    exit 1
  fi
  echo "ok: example.wat encodes the same module (checked with wabt)"
else
  echo "note: wabt not installed; example.wat not cross-checked"
fi
