#!/usr/bin/env bash
# The README's first command: installs what is missing, builds the `wasmtier`
# CLI (optimized) and runs it on the bundled example module
# (tools/examples/example.wat, encoded as example.wasm): validates, inspects
# and runs its exports in the interpreter, including one call that traps.
set -euo pipefail
cd "$(dirname "$0")/.."

tools/setup.sh
bazel build --config=opt //tools:wasmtier 2>&1 | grep -E "ERROR|error:" && exit 1
wasmtier=bazel-bin/tools/wasmtier
example=tools/examples/example.wasm

echo "\$ wasmtier validate $example"
"$wasmtier" validate "$example"
echo
echo "\$ wasmtier inspect $example"
"$wasmtier" inspect "$example"
echo
for call in "fibonacci 10" "factorial 20" "sum 64 8" "apply 1 7"; do
  set -- $call
  echo "\$ wasmtier run --invoke $1 $example ${*:2}"
  "$wasmtier" run --invoke "$1" "$example" "${@:2}"
done
echo
echo "\$ wasmtier run --invoke apply $example 5 3    # table index 5 is out of range: a trap"
"$wasmtier" run --invoke apply "$example" 5 3 || echo "(exit status $?)"
