#!/usr/bin/env bash
# The README's first command: installs what is missing, builds the `wasmtier`
# CLI (optimized) and runs it on the bundled example module
# (tools/examples/example.wat, encoded as example.wasm).
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
