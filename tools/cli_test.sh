#!/usr/bin/env bash
# End-to-end tests of the `wasmtier` binary: exit codes and messages of
# validate, inspect, help and version, on the bundled example and on broken
# inputs written here with printf.
#   cli_test.sh WASMTIER EXAMPLE_WASM
# Byte strings go through printf formats on purpose; $names are wasm text.
# shellcheck disable=SC2059,SC2016
set -uo pipefail
wasmtier=$1
example=$2
tmp=${TEST_TMPDIR:-$(mktemp -d)}
failures=0

# run ARGS...: runs wasmtier, leaving $out, $err and $status.
run() {
  "$wasmtier" "$@" >"$tmp/out" 2>"$tmp/err"
  status=$?
  out=$(cat "$tmp/out")
  err=$(cat "$tmp/err")
}

fail() {
  echo "FAIL: $*" >&2
  echo "  stdout: ${out:0:2000}" >&2
  echo "  stderr: ${err:0:2000}" >&2
  failures=$((failures + 1))
}

expect_status() {  # expect_status N DESCRIPTION
  [[ $status -eq $1 ]] || fail "$2: exit status $status, expected $1"
}
expect_out() {  # expect_out TEXT DESCRIPTION
  [[ $out == *"$1"* ]] || fail "$2: stdout lacks '$1'"
}
expect_err() {  # expect_err TEXT DESCRIPTION
  [[ $err == *"$1"* ]] || fail "$2: stderr lacks '$1'"
}

# ---- Broken inputs ----
magic='\x00\x61\x73\x6d\x01\x00\x00\x00'
printf "$magic" >"$tmp/empty.wasm"
printf '\x00\x61\x73\x6d\x02\x00\x00\x00' >"$tmp/version2.wasm"
printf 'not wasm at all' >"$tmp/text.wasm"
head -c 40 "$example" >"$tmp/truncated.wasm"
# type 0 = [] -> [i32]; function 0 of type 0 whose body is just `end`.
printf "$magic"'\x01\x05\x01\x60\x00\x01\x7f''\x03\x02\x01\x00''\x0a\x04\x01\x02\x00\x0b' \
  >"$tmp/type_mismatch.wasm"
mkdir -p "$tmp/a_directory"

# ---- version and help ----
run --version
expect_status 0 "--version"
[[ $out =~ ^wasmtier\ [0-9]+\.[0-9]+\.[0-9]+$ ]] || fail "--version prints 'wasmtier X.Y.Z'"
run -V
expect_status 0 "-V"

run --help
expect_status 0 "--help"
for word in "Usage: wasmtier <COMMAND>" validate inspect help --version; do
  expect_out "$word" "--help"
done

for form in "help validate" "validate --help" "validate -h"; do
  # shellcheck disable=SC2086
  run $form
  expect_status 0 "$form"
  expect_out "Usage: wasmtier validate [OPTIONS] FILE..." "$form"
  expect_out "-W, --wasm" "$form"
  expect_out "all-proposals" "$form"
done
run help inspect
expect_status 0 "help inspect"
expect_out "Usage: wasmtier inspect [OPTIONS] FILE" "help inspect"
run help
expect_status 0 "help"
expect_out "Commands:" "help"

# ---- bad command lines: exit 2 ----
run
expect_status 2 "no arguments"
expect_err "Usage: wasmtier" "no arguments"

run frobnicate
expect_status 2 "unknown subcommand"
expect_err "unrecognized subcommand 'frobnicate'" "unknown subcommand"
run valdate "$example"
expect_status 2 "misspelt subcommand"
expect_err "a similar subcommand exists: 'validate'" "misspelt subcommand"
run --frobnicate
expect_status 2 "unknown global option"
expect_err "unexpected option '--frobnicate'" "unknown global option"
run help frobnicate
expect_status 2 "help for an unknown subcommand"
run validate --frobnicate "$example"
expect_status 2 "unknown validate option"
expect_err "error: unexpected option '--frobnicate'" "unknown validate option"
expect_err "Usage: wasmtier validate" "unknown validate option"
run validate
expect_status 2 "validate without files"
expect_err "no module files given" "validate without files"
run validate -W
expect_status 2 "-W without a value"
expect_err "option '-W' needs a value" "-W without a value"
run validate -W nosuchfeature "$example"
expect_status 2 "unknown feature"
expect_err "unknown WebAssembly feature 'nosuchfeature'" "unknown feature"
run inspect "$example" "$example"
expect_status 2 "inspect with two files"
run inspect --frobnicate "$example"
expect_status 2 "unknown inspect option"

# ---- validate ----
run validate "$example"
expect_status 0 "validate example"
expect_err "$example: ok" "validate example"
[[ -z $out ]] || fail "validate writes nothing to stdout"

run validate -W all-proposals,gc=n -- "$example"
expect_status 0 "validate with -W and --"

run validate -q "$example"
expect_status 0 "validate -q"
[[ -z $err ]] || fail "validate -q prints nothing for valid files"

"$wasmtier" validate - <"$example" 2>"$tmp/err"
status=$?
err=$(cat "$tmp/err")
expect_status 0 "validate stdin"
expect_err "<stdin>: ok" "validate stdin"

run validate "$tmp/empty.wasm"
expect_status 0 "validate the empty module"

run validate "$tmp/no_such_file.wasm"
expect_status 1 "validate a missing file"
expect_err "$tmp/no_such_file.wasm: cannot open: No such file or directory" "validate a missing file"

run validate "$tmp/a_directory"
expect_status 1 "validate a directory"
expect_err "$tmp/a_directory: is a directory" "validate a directory"

run validate /dev/zero
expect_status 1 "validate a device"
expect_err "/dev/zero: not a regular file" "validate a device"

truncate -s $(((1 << 30) + 1)) "$tmp/huge.wasm"
run validate "$tmp/huge.wasm"
expect_status 1 "validate a file over 1 GiB"
expect_err "file too large" "validate a file over 1 GiB"
rm -f "$tmp/huge.wasm"

for bad in version2 text truncated; do
  run validate "$tmp/$bad.wasm"
  expect_status 1 "validate $bad"
  expect_err "$tmp/$bad.wasm: malformed: " "validate $bad"
  expect_err "(at offset 0x" "validate $bad"
done

run validate "$tmp/type_mismatch.wasm"
expect_status 1 "validate an invalid function"
expect_err "$tmp/type_mismatch.wasm: invalid: type mismatch" "validate an invalid function"
expect_err "in function 0" "validate an invalid function"

# Text modules are encoded by the text-format parser, then validated.
example_wat="$(dirname "$example")/example.wat"
run validate "$example_wat"
expect_status 0 "validate example.wat"
expect_err "example.wat: ok" "validate example.wat"
printf '(module (func (result i32) i32.cnst 1))' >"$tmp/typo.wat"
run validate "$tmp/typo.wat"
expect_status 1 "validate a .wat file with a typo"
expect_err "typo.wat: text: 1:28: unknown operator" "validate a .wat file with a typo"
printf '(module (func (result i32) i32.const 1 i32.add))' >"$tmp/invalid.wat"
run validate "$tmp/invalid.wat"
expect_status 1 "validate an invalid .wat file"
expect_err "invalid.wat: invalid: type mismatch" "validate an invalid .wat file"
expect_err "binary encoding" "validate an invalid .wat file"

# Several files: one line each, exit 1 if any fails.
run validate "$example" "$tmp/truncated.wasm" "$example"
expect_status 1 "validate several files"
[[ $(grep -c ": ok$" "$tmp/err") -eq 2 ]] || fail "validate several files: two ok lines"
expect_err "truncated.wasm: malformed" "validate several files"

# ---- inspect ----
run inspect "$example"
expect_status 0 "inspect example"
for text in "$example: 471 bytes, valid" \
  'Summary: 3 types, 0 imports, 5 functions, 1 table, 1 memory, 1 global, 6 exports' \
  'Module name: "example"' \
  'Sections (10):' 'type' 'code' \
  'func [i64] -> [i64]' \
  '$factorial' '$fibonacci' '$sum' '$square' '$apply' \
  'export "fibonacci"' \
  'min 1 max 16 pages' \
  'funcref min 2 max 2 elements' \
  '(mut i32)  i32.const 0' \
  '"calls"' \
  'i32.const 0  (ref func)      2  1 $fibonacci, 3 $square' \
  '"Hello from Wasmtier!\00"' \
  'i32.const 64' \
  '5 function names, 12 local names'; do
  expect_out "$text" "inspect example"
done

run inspect --only=exports,functions "$example"
expect_status 0 "inspect --only"
expect_out 'Exports (6):' "inspect --only"
expect_out 'Functions (5):' "inspect --only"
[[ $out != *"Sections ("* && $out != *"Summary:"* ]] || fail "inspect --only prints only those parts"
run inspect --only=exports,bogus "$example"
expect_status 2 "inspect --only with an unknown part"
expect_err "unknown part 'bogus'" "inspect --only with an unknown part"

# The text and binary forms of the example describe the same functions.
run inspect --only=functions,exports "$example"
from_binary=$(tail -n +2 <<<"$out")
run inspect --only=functions,exports "$example_wat"
expect_status 0 "inspect example.wat"
expect_out "example.wat: text, " "inspect example.wat"
[[ $(tail -n +2 <<<"$out") == "$from_binary" ]] || fail "inspect: example.wat and example.wasm differ"

run inspect "$tmp/no_such_file.wasm"
expect_status 1 "inspect a missing file"
expect_err "cannot open: No such file or directory" "inspect a missing file"

run inspect "$tmp/truncated.wasm"
expect_status 1 "inspect a malformed module"
expect_err "malformed: " "inspect a malformed module"

# A module whose body is invalid is still shown, with the error up front.
run inspect "$tmp/type_mismatch.wasm"
expect_status 1 "inspect an invalid function"
expect_out "invalid: type mismatch" "inspect an invalid function"
expect_out "Functions (1):" "inspect an invalid function"

if [[ $failures -gt 0 ]]; then
  echo "$failures check(s) failed" >&2
  exit 1
fi
echo "all CLI checks passed"
