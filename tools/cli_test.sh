#!/usr/bin/env bash
# End-to-end tests of the `wasmtier` binary: exit codes and messages of
# validate, inspect, run (with WASI: --dir, --env, guest arguments, proc_exit),
# settings, help and version, on the bundled example, on WAT modules written
# here and on broken inputs written here with printf.
#   cli_test.sh WASMTIER EXAMPLE_WASM
# Byte strings go through printf formats on purpose; $names are wasm text.
# shellcheck disable=SC2059,SC2016
set -uo pipefail
wasmtier=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")  # absolute: some checks cd
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

run version
expect_status 0 "version"
[[ $out =~ ^wasmtier\ [0-9]+\.[0-9]+\.[0-9]+$ ]] || fail "version prints 'wasmtier X.Y.Z'"
run version extra
expect_status 2 "version with an argument"

run --help
expect_status 0 "--help"
for word in "Usage: wasmtier <COMMAND>" run validate inspect settings version help --version; do
  expect_out "$word" "--help"
done

# Every subcommand's help, in the three spellings.
for cmd in run validate inspect wast settings version; do
  for form in "help $cmd" "$cmd --help" "$cmd -h"; do
    # shellcheck disable=SC2086
    run $form
    expect_status 0 "$form"
    expect_out "Usage: wasmtier $cmd" "$form"
    expect_out "Options:" "$form"
    expect_out "-h, --help" "$form"
  done
done
run help run
for word in "--dir HOST_DIR[::GUEST_DIR]" "--env NAME[=VALUE]" "--invoke NAME" "--tier auto|interp|jit" \
  "-W fuel=N" "-W max-table-elements=N" "all-proposals" "Exit status:"; do
  expect_out "$word" "help run"
done
run help settings
expect_out "--tier auto|interp|jit" "help settings"
expect_out "-W timeout=DURATION" "help settings"

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

# ---- settings ----
run settings
expect_status 0 "settings"
for text in "tier                auto" "tier-up-budget" "max-memory-size     4294967296 bytes (4 GiB)" \
  "max-table-elements  10000000" "max-wasm-stack" "max-native-stack" "consume-fuel        off" \
  "interruptible       off" "WebAssembly proposals:" "disabled: " "Host CPU:" "  CPU: " \
  "features: sse2"; do
  expect_out "$text" "settings"
done
grep -qE '^  CPU: [A-Za-z]+, .+ \(family [0-9]+, model [0-9]+, stepping [0-9]+\)$' "$tmp/out" ||
  fail "settings: the CPU line"
# -W and --tier given to settings change what it reports.
run settings --tier interp -W gc,fuel=1000,timeout=1500ms,max-memory-size=65536 -W max-wasm-stack=8192
expect_status 0 "settings with options"
for text in "tier                interp" "fuel                1000 units" "consume-fuel        on" \
  "timeout             1.5s" "interruptible       on" "max-memory-size     65536 bytes (64 KiB)" \
  "max-wasm-stack      8192 bytes (8 KiB)"; do
  expect_out "$text" "settings with options"
done
grep -qE '^  enabled: .* gc( |$)' "$tmp/out" || fail "settings -W gc: gc listed as enabled"
run settings -W nosuchfeature
expect_status 2 "settings with an unknown feature"
run settings extra
expect_status 2 "settings with an argument"

# ---- run: exports, exit codes ----
run run --invoke fibonacci "$example" 10
expect_status 0 "run --invoke"
[[ $out == 55 ]] || fail "run --invoke fibonacci 10 prints 55"
run "$example" --invoke fibonacci 10
expect_status 1 "options after FILE go to the guest"

wasi='"wasi_snapshot_preview1"'
# A module whose _start body is $1 (may call $exit), with proc_exit imported.
exit_module() {
  printf '(module (import %s "proc_exit" (func $exit (param i32)))\n' "$wasi"
  printf '  (memory (export "memory") 1)\n  (func (export "_start") %s))\n' "$1"
}
exit_module '(call $exit (i32.const 3))' >"$tmp/exit3.wat"
exit_module '(call $exit (i32.const 0)) unreachable' >"$tmp/exit0.wat"
exit_module '(call $exit (i32.const 256))' >"$tmp/exit256.wat"
exit_module '' >"$tmp/return.wat"
exit_module '(call $deeper)) (func $deeper unreachable' >"$tmp/trap.wat"

run run "$tmp/exit3.wat"
expect_status 3 "proc_exit(3)"
[[ -z $out && -z $err ]] || fail "proc_exit(3) prints nothing"
run "$tmp/exit0.wat"
expect_status 0 "proc_exit(0) (run implied)"
[[ -z $err ]] || fail "proc_exit(0) prints nothing"
run run "$tmp/return.wat"
expect_status 0 "_start returns"
run run "$tmp/exit256.wat"
expect_status 1 "proc_exit(256) must not read as success"
expect_err "exited with code 256, which does not fit in 0..255" "proc_exit(256)"
run run "$tmp/trap.wat"
expect_status 134 "a trap"
expect_err "wasm trap: unreachable" "a trap"
expect_err "wasm backtrace:" "a trap"
expect_err "deeper" "a trap's backtrace names the function"
run run -W fuel=1000 "$tmp/return.wat"
expect_status 0 "-W fuel with WASI"

exit_module '(loop $spin (br $spin))' >"$tmp/spin.wat"
run run -W timeout=200ms "$tmp/spin.wat"
expect_status 134 "-W timeout on an endless loop"
expect_err "wasm trap: interrupt" "-W timeout on an endless loop"
run run -W fuel=1000 "$tmp/spin.wat"
expect_status 134 "-W fuel on an endless loop"
expect_err "all fuel consumed" "-W fuel on an endless loop"

# A reactor: --invoke calls _initialize first, as wasmtime does.
printf '(module (global $g (mut i32) (i32.const 1))
  (func (export "_initialize") (global.set $g (i32.const 41)))
  (func (export "get") (param i32) (result i32) (i32.add (global.get $g) (local.get 0))))' \
  >"$tmp/reactor.wat"
run run --invoke get "$tmp/reactor.wat" 1
expect_status 0 "reactor --invoke"
[[ $out == 42 ]] || fail "reactor --invoke runs _initialize first: '$out'"
run run --invoke get "$tmp/reactor.wat"
expect_status 2 "--invoke with too few arguments"
expect_err "'get' takes 1 argument(s), 0 given" "--invoke with too few arguments"
run run --invoke get "$tmp/reactor.wat" x
expect_status 2 "--invoke with a bad argument"

# proc_exit from the start function, before _start.
printf '(module (import %s "proc_exit" (func $exit (param i32)))
  (func $init (call $exit (i32.const 7))) (start $init) (func (export "_start") unreachable))' \
  "$wasi" >"$tmp/start_exit.wat"
run run "$tmp/start_exit.wat"
expect_status 7 "proc_exit in the start function"

# The same module as a .wast file holding one (module ...).
cp "$tmp/exit3.wat" "$tmp/exit3.wast"
run run "$tmp/exit3.wast"
expect_status 3 "a .wast module"

run run "$tmp/no_such_file.wasm"
expect_status 1 "run a missing file"
expect_err "error: $tmp/no_such_file.wasm: cannot open: No such file or directory" "run a missing file"
[[ $(wc -l <"$tmp/err") -eq 1 ]] || fail "run a missing file: one line on stderr"
printf '(module (import "env" "nope" (func)) (func (export "_start")))' >"$tmp/unknown_import.wat"
run run "$tmp/unknown_import.wat"
expect_status 1 "unknown import"
expect_err "unknown import" "unknown import"
expect_err "nope" "unknown import"
run run "$tmp/typo.wat"
expect_status 1 "run a .wat file with a typo"
run run
expect_status 2 "run without a file"
run run --dir "::/x" "$tmp/return.wat"
expect_status 2 "--dir with an empty host directory"
run run --env "=v" "$tmp/return.wat"
expect_status 2 "--env with an empty name"
run run --tier fast "$tmp/return.wat"
expect_status 2 "--tier with a bad value"

# The CLI's output and the guest's writes to descriptor 1 stay in order.
cat >"$tmp/shout.wat" <<'EOF'
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $w (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 0) "\08\00\00\00\06\00\00\00guest\0a")
  (func (export "shout") (result i32)
    (drop (call $w (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 32)))
    (i32.const 42)))
EOF
"$wasmtier" run --invoke shout "$tmp/shout.wat" >"$tmp/out" 2>"$tmp/err"
status=$?
out=$(cat "$tmp/out")
expect_status 0 "guest output then results"
[[ $out == $'guest\n42' ]] || fail "guest output then results: stdout is '$out'"

# ---- run: guest arguments and environment ----
# Prints the strings of args_get (or environ_get) one per line.
strings_module() {  # strings_module args|environ
  printf '(module
  (import %s "%s_sizes_get" (func $sizes (param i32 i32) (result i32)))
  (import %s "%s_get" (func $get (param i32 i32) (result i32)))
  (import %s "fd_write" (func $write (param i32 i32 i32 i32) (result i32)))
  (import %s "proc_exit" (func $exit (param i32)))
  (memory (export "memory") 1)
  (func (export "_start") (local $i i32) (local $n i32)
    (if (call $sizes (i32.const 0) (i32.const 4)) (then (call $exit (i32.const 10))))
    (if (call $get (i32.const 64) (i32.const 2048)) (then (call $exit (i32.const 11))))
    (local.set $n (i32.load (i32.const 4)))
    (block $done (loop $next
      (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
      (if (i32.eqz (i32.load8_u offset=2048 (local.get $i)))
        (then (i32.store8 offset=2048 (local.get $i) (i32.const 10))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $next)))
    (i32.store (i32.const 16) (i32.const 2048))
    (i32.store (i32.const 20) (local.get $n))
    (if (call $write (i32.const 1) (i32.const 16) (i32.const 1) (i32.const 24))
      (then (call $exit (i32.const 12))))))\n' "$wasi" "$1" "$wasi" "$1" "$wasi" "$wasi"
}
strings_module args >"$tmp/args.wat"
strings_module environ >"$tmp/env.wat"

run run "$tmp/args.wat" one "two words" --env -W ""
expect_status 0 "guest arguments"
[[ $out == "$tmp/args.wat"$'\none\ntwo words\n--env\n-W' ]] || fail "guest arguments: argv is '$out'"
(cd "$tmp" && "$wasmtier" run args.wat) >"$tmp/out" 2>"$tmp/err"
[[ $(cat "$tmp/out") == args.wat ]] || fail "argv[0] is FILE as given"

run run "$tmp/env.wat"
expect_status 0 "empty environment"
[[ -z $out ]] || fail "the host environment is not passed by default: '$out'"
INHERITED=from-host env -u NOT_ON_HOST "$wasmtier" run --env SET=1 --env INHERITED \
  --env NOT_ON_HOST --env EQUALS=a=b --env SET=2 "$tmp/env.wat" >"$tmp/out" 2>"$tmp/err"
status=$?
out=$(cat "$tmp/out")
expect_status 0 "--env"
[[ $out == $'SET=2\nINHERITED=from-host\nEQUALS=a=b' ]] || fail "--env set/inherit/replace: '$out'"

# ---- run: preopened directories ----
# Prints the name of preopen 3, then the contents of note.txt opened through it.
printf '(module
  (import %s "fd_prestat_get" (func $prestat (param i32 i32) (result i32)))
  (import %s "fd_prestat_dir_name" (func $dir_name (param i32 i32 i32) (result i32)))
  (import %s "path_open"
    (func $open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
  (import %s "fd_read" (func $read (param i32 i32 i32 i32) (result i32)))
  (import %s "fd_write" (func $write (param i32 i32 i32 i32) (result i32)))
  (import %s "proc_exit" (func $exit (param i32)))
  (memory (export "memory") 1)
  (data (i32.const 256) "note.txt")
  (func $check (param $errno i32)
    (if (local.get $errno) (then (call $exit (i32.add (i32.const 100) (local.get $errno))))))
  (func $print (param $ptr i32) (param $len i32)
    (i32.store (i32.const 16) (local.get $ptr))
    (i32.store (i32.const 20) (local.get $len))
    (call $check (call $write (i32.const 1) (i32.const 16) (i32.const 1) (i32.const 24))))
  (func (export "_start") (local $len i32)
    (call $check (call $prestat (i32.const 3) (i32.const 0)))
    (local.set $len (i32.load (i32.const 4)))
    (call $check (call $dir_name (i32.const 3) (i32.const 512) (local.get $len)))
    (i32.store8 offset=512 (local.get $len) (i32.const 10))
    (call $print (i32.const 512) (i32.add (local.get $len) (i32.const 1)))
    (call $check (call $open (i32.const 3) (i32.const 0) (i32.const 256) (i32.const 8)
      (i32.const 0) (i64.const 2) (i64.const 0) (i32.const 0) (i32.const 8)))
    (i32.store (i32.const 16) (i32.const 1024))
    (i32.store (i32.const 20) (i32.const 4096))
    (call $check (call $read (i32.load (i32.const 8)) (i32.const 16) (i32.const 1) (i32.const 12)))
    (call $print (i32.const 1024) (i32.load (i32.const 12)))))\n' \
  "$wasi" "$wasi" "$wasi" "$wasi" "$wasi" "$wasi" >"$tmp/dir.wat"
mkdir -p "$tmp/data"
printf 'note contents\n' >"$tmp/data/note.txt"

run run --dir "$tmp/data::/sandbox" "$tmp/dir.wat"
expect_status 0 "--dir HOST::GUEST"
[[ $out == $'/sandbox\nnote contents' ]] || fail "--dir HOST::GUEST: '$out'"
run run --dir "$tmp/data" "$tmp/dir.wat"
expect_status 0 "--dir HOST"
[[ $out == "$tmp/data"$'\nnote contents' ]] || fail "--dir HOST: the guest name is HOST: '$out'"
run run "$tmp/dir.wat"
expect_status 108 "no --dir: descriptor 3 is not open (EBADF = 8)"
run run --dir "$tmp/a_directory::." "$tmp/dir.wat"
expect_status 144 "note.txt is not under the preopen (ENOENT = 44)"
run run --dir "$tmp/no_such_dir::/x" "$tmp/dir.wat"
expect_status 1 "--dir that does not exist"
expect_err "no_such_dir" "--dir that does not exist"
[[ $(wc -l <"$tmp/err") -eq 1 ]] || fail "--dir that does not exist: one line on stderr"

run run --dir "$tmp/data/note.txt::/x" "$tmp/dir.wat"
expect_status 1 "--dir naming a file"
expect_err "note.txt" "--dir naming a file"

if [[ $failures -gt 0 ]]; then
  echo "$failures check(s) failed" >&2
  exit 1
fi
echo "all CLI checks passed"
