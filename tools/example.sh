#!/usr/bin/env bash
# The README's first command: installs what is missing, builds the `wasmtier`
# CLI (optimized) and runs it on the bundled example module
# (tools/examples/example.wat, encoded as example.wasm): validates, inspects
# and runs its exports in the interpreter, including one call that traps. Then
# runs two WASI programs of wasi/programs (C compiled to wasm32-wasi): hello,
# and cat reading a file through a directory granted with --dir.
set -euo pipefail
cd "$(dirname "$0")/.."

tools/setup.sh
# Quiet on success; on failure, the errors and a non-zero exit (a pipe into
# grep would hide bazel's status under pipefail).
if ! build_log=$(bazel build --config=opt //tools:wasmtier //wasi/programs:hello_wasm \
  //wasi/programs:cat_wasm 2>&1); then
  grep -E "ERROR|error:" <<<"$build_log" >&2 || echo "$build_log" >&2
  exit 1
fi
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

# WASI: the guest sees only what the command line grants it.
hello=bazel-bin/wasi/programs/hello.wasm
cat_wasm=bazel-bin/wasi/programs/cat.wasm
echo
echo "\$ wasmtier run $hello"
"$wasmtier" run "$hello"

data=$(mktemp -d)
trap 'rm -rf "$data"' EXIT
printf 'This file lives in %s on the host;\nthe guest knows its directory as /data.\n' "$data" \
  >"$data/note.txt"
echo
echo "\$ wasmtier run --dir $data::/data $cat_wasm /data/note.txt"
"$wasmtier" run --dir "$data::/data" "$cat_wasm" /data/note.txt
echo
echo "\$ wasmtier run $cat_wasm /data/note.txt    # no --dir: the guest cannot see the file"
"$wasmtier" run "$cat_wasm" /data/note.txt || echo "(exit status $?)"
