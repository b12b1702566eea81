#!/usr/bin/env bash
# End-to-end WASI test: each program of wasi/programs/ runs natively (P_native)
# and as a module under `wasmtier run --dir .::. P.wasm`, each in a fresh copy
# of the same input tree, on the same arguments, environment and stdin. The
# native run is the oracle: stdout, exit status and the tree left behind
# (diff -r) must match. A mismatch prints both sides; the test fails if any case
# does. A last group runs the modules alone where the native run is no oracle:
# escapes from the preopen (.., absolute paths, symlinks out) must fail and
# leave the host untouched. Args: WASMTIER HELLO_WASM HELLO_NATIVE (the other
# programs sit beside them). E2E_NODE_RUNNER=/path/to/bench/startup/run_wasi.mjs runs the modules in
# Node.js instead, which checks the test itself against V8's WASI.
set -u

if [ $# -ne 3 ]; then
  echo "usage: e2e_test.sh WASMTIER HELLO_WASM HELLO_NATIVE" >&2
  exit 2
fi
absolute() { case "$1" in /*) echo "$1" ;; *) echo "$PWD/$1" ;; esac; }
wasmtier=$(absolute "$1")
wasm_dir=$(dirname "$(absolute "$2")")
native_dir=$(dirname "$(absolute "$3")")
tmp=$(mktemp -d "${TEST_TMPDIR:-/tmp}/e2e.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# The input tree every case starts from (in $1): text files, an empty one, one
# without a final newline, a name with a space, a dot file, a 440 KB file
# (many fd_read/fd_write calls), nested and empty directories, a relative
# symlink that stays inside the tree and a 24-level deep chain.
make_fixture() {
  local root=$1
  mkdir -p "$root/sub/deep/deeper" "$root/sub/emptydir" "$root/target" "$root/links"
  printf 'alpha\nbeta\ngamma\n' >"$root/a.txt"
  printf 'second file\n' >"$root/b.txt"
  : >"$root/empty.txt"
  printf 'no newline at the end' >"$root/nonl.txt"
  printf 'spaced out\n' >"$root/with space.txt"
  printf 'hidden\n' >"$root/.hidden"
  awk 'BEGIN { for (i = 1; i <= 12000; i++) printf "line %05d: the quick brown fox %d\n", i, i * 7919 % 10007 }' \
    >"$root/big.txt"
  printf 'one\n' >"$root/sub/one.txt"
  printf 'two\nbeta two\n' >"$root/sub/deep/two.txt"
  printf 'three\n' >"$root/sub/deep/deeper/three.txt"
  ln -s ../a.txt "$root/links/to_a"
  local chain="$root/chain" level
  for level in $(seq 1 24); do chain="$chain/d$level"; done
  mkdir -p "$chain"
  printf 'bottom\n' >"$chain/bottom.txt"
  # MANY=1: 1500 entries with long names in one directory, more than
  # wasi-libc's readdir buffer holds, so listing it takes many fd_readdir
  # calls resumed from cookies.
  if [ -n "${MANY:-}" ]; then
    mkdir "$root/many"
    (cd "$root/many" && for i in $(seq 1000 2499); do
      echo "$i" >"entry_with_a_rather_long_name_to_fill_the_buffer_$i.txt"; done)
  fi
}

inputs="$tmp/inputs"
make_fixture "$inputs"

DIR_FLAGS=(--dir .::.)
run_wasm() {  # run_wasm PROGRAM ARGS... (in the current directory)
  local program=$1
  shift
  local env_flags=() entry
  for entry in "${ENVS[@]+"${ENVS[@]}"}"; do env_flags+=(--env "$entry"); done
  if [ -n "${E2E_NODE_RUNNER:-}" ]; then
    node --no-warnings --experimental-wasi-unstable-preview1 "$E2E_NODE_RUNNER" \
      "${env_flags[@]+"${env_flags[@]}"}" "$wasm_dir/$program.wasm" "$@"
  else
    timeout 120 "$wasmtier" run "${DIR_FLAGS[@]+"${DIR_FLAGS[@]}"}" \
      "${env_flags[@]+"${env_flags[@]}"}" "$wasm_dir/$program.wasm" "$@"
  fi
}

passed=0
failed=()
STDIN=/dev/null
ENVS=()

run_native() {  # run_native PROGRAM ARGS... (in the current directory)
  local program=$1
  shift
  env -i "${ENVS[@]+"${ENVS[@]}"}" "$native_dir/${program}_native" "$@"
}

# feed SIDE DIR PROGRAM ARGS...: runs one side in DIR/SIDE with stdin $STDIN
# (through a pipe when PIPE is set), output in DIR/SIDE.out and .err; prints
# the exit status.
feed() {
  local side=$1 dir=$2
  shift 2
  if [ -n "${PIPE:-}" ]; then
    cat "$STDIN" | (cd "$dir/$side" && "run_$side" "$@") >"$dir/$side.out" 2>"$dir/$side.err"
    echo "${PIPESTATUS[1]}"
  else
    (cd "$dir/$side" && "run_$side" "$@") <"$STDIN" >"$dir/$side.out" 2>"$dir/$side.err"
    echo $?
  fi
}

# Under --config=asan/ubsan a sanitizer report can end a run with an exit
# status a failing case expects anyway: any report fails the case.
sanitizer_report() {  # sanitizer_report FILE...
  grep -l -E "AddressSanitizer|LeakSanitizer|UndefinedBehaviorSanitizer|runtime error:" "$@" 2>/dev/null
}

# check NAME PROGRAM ARGS...: one case, with stdin $STDIN and environment
# ${ENVS[@]} (NAME=VALUE entries; the native side gets only those too).
check() {
  local name=$1
  shift
  local dir="$tmp/cases/$name"
  mkdir -p "$dir"
  make_fixture "$dir/native"
  make_fixture "$dir/wasm"
  local native_status wasm_status
  native_status=$(feed native "$dir" "$@")
  wasm_status=$(feed wasm "$dir" "$@")
  local program=$1
  shift
  local problems=()
  cmp -s "$dir/native.out" "$dir/wasm.out" || problems+=("stdout differs")
  [ "$native_status" = "$wasm_status" ] ||
    problems+=("exit status: native $native_status, wasm $wasm_status")
  diff -r "$dir/native" "$dir/wasm" >"$dir/tree.diff" 2>&1 || problems+=("file trees differ")
  sanitizer_report "$dir/native.err" "$dir/wasm.err" >/dev/null && problems+=("sanitizer report")
  if [ ${#problems[@]} -eq 0 ]; then
    echo "ok   $name"
    passed=$((passed + 1))
    return
  fi
  failed+=("$name")
  echo "FAIL $name: $program $* — $(IFS=';'; echo "${problems[*]}")"
  echo "---- native stdout (status $native_status):"; head -c 1500 "$dir/native.out"
  echo "---- wasm stdout (status $wasm_status):"; head -c 1500 "$dir/wasm.out"
  echo "---- native stderr:"; head -c 800 "$dir/native.err"
  echo "---- wasm stderr:"; head -c 800 "$dir/wasm.err"
  if [ -s "$dir/tree.diff" ]; then echo "---- diff -r native wasm:"; head -c 1500 "$dir/tree.diff"; fi
  echo "----"
}

# The oracle itself must behave, or every comparison below is meaningless.
if [ "$("$native_dir/hello_native")" != "Hello from a WASI program!" ]; then
  echo "FAIL: the native hello does not print its line" >&2
  exit 1
fi

check hello hello
check exitcode_0 exitcode 0
check exitcode_3 exitcode 3
check exitcode_42 exitcode 42
check exitcode_255 exitcode 255
check exitcode_usage exitcode

check cat_files cat a.txt b.txt empty.txt nonl.txt "with space.txt"
check cat_big cat big.txt
check cat_nested_and_link cat sub/deep/deeper/three.txt links/to_a chain/d1/d2/d3/d4/d5/d6/d7/d8/d9/d10/d11/d12/d13/d14/d15/d16/d17/d18/d19/d20/d21/d22/d23/d24/bottom.txt
check cat_missing cat a.txt missing.txt b.txt
check cat_directory cat sub
STDIN="$inputs/big.txt" check cat_stdin cat
STDIN="$inputs/a.txt" check cat_dash cat b.txt - b.txt

check cp_file cp a.txt copy.txt
check cp_big_into_dir cp big.txt sub/deep
check cp_overwrite cp b.txt a.txt
check cp_tree cp -r sub sub_copy
check cp_tree_into_dir cp -r sub target
check cp_deep_tree cp -r chain chain_copy
check cp_links cp -r links links_copy
check cp_dir_without_r cp sub nowhere
check cp_missing cp missing.txt x.txt
check cp_usage cp only_one

check ls_plain ls
check ls_long ls -l
check ls_all_long ls -a -l
check ls_dirs ls -l sub sub/deep a.txt
check ls_missing ls missing
check ls_empty ls sub/emptydir

ENVS=(A=1 B=two ZED=last EMPTY= "SPACED=a b")
check envargs_env envargs one "two words" "" --flag -l
ENVS=()
check envargs_none envargs

check clock clock
check random random

STDIN="$inputs/big.txt" check filter_grep filter grep "fox 10"
STDIN="$inputs/a.txt" check filter_grep_none filter grep zeta
STDIN="$inputs/big.txt" check filter_upper filter upper
STDIN="$inputs/nonl.txt" check filter_count_nonl filter count
STDIN="$inputs/big.txt" check filter_count filter count
STDIN=/dev/null check filter_count_empty filter count
check filter_usage filter

check walk_root walk
check walk_sub walk sub
check walk_chain walk chain
check walk_file walk a.txt

MANY=1 check ls_many ls -l many
MANY=1 check walk_many walk
MANY=1 check cp_many cp -r many many_copy

long_arg=$(printf 'x%.0s' $(seq 1 6000))
ENVS=("UNICODE=héllo wörld ✓" "LONG=$long_arg")
check envargs_unicode_long envargs "ünïcödé ✓" "$long_arg" "a=b" "*"
ENVS=()

STDIN="$inputs/big.txt" PIPE=1 check filter_upper_pipe filter upper
STDIN="$inputs/a.txt" PIPE=1 check cat_pipe cat - a.txt

# expect NAME STATUS STDOUT PROGRAM ARGS...: the module alone, in a tree with
# secret.txt beside it (outside the preopen) and links pointing out of it. The
# exit status and stdout must be exactly as given, secret.txt unchanged and
# nothing new next to the tree.
expect() {
  local name=$1 want_status=$2 want_stdout=$3
  shift 3
  local dir="$tmp/cases/$name"
  mkdir -p "$dir"
  make_fixture "$dir/wasm"
  printf 'secret\n' >"$dir/secret.txt"
  ln -s ../../secret.txt "$dir/wasm/links/escape"
  ln -s "$dir/secret.txt" "$dir/wasm/links/absolute"
  local status problems=()
  status=$(feed wasm "$dir" "$@")
  [ "$status" = "$want_status" ] || problems+=("exit status $status, want $want_status")
  [ "$(cat "$dir/wasm.out")" = "$want_stdout" ] || problems+=("stdout differs")
  [ "$(cat "$dir/secret.txt")" = secret ] || problems+=("secret.txt changed")
  local beside
  beside=$(cd "$dir" && ls -A | tr '\n' ' ')
  [ "$beside" = "secret.txt wasm wasm.err wasm.out " ] || problems+=("next to the tree: $beside")
  sanitizer_report "$dir/wasm.err" >/dev/null && problems+=("sanitizer report")
  if [ ${#problems[@]} -eq 0 ]; then
    echo "ok   $name"
    passed=$((passed + 1))
    return
  fi
  failed+=("$name")
  echo "FAIL $name: $* — $(IFS=';'; echo "${problems[*]}")"
  echo "---- wasm stdout:"; head -c 1500 "$dir/wasm.out"
  echo "---- wanted:"; echo "$want_stdout"
  echo "---- wasm stderr:"; head -c 800 "$dir/wasm.err"
  echo "----"
}

expect sandbox_dotdot 1 "" cat ../secret.txt
expect sandbox_dotdot_nested 1 "" cat sub/deep/../../../secret.txt
expect sandbox_absolute_host_path 1 "" cat "$tmp/cases/sandbox_absolute_host_path/secret.txt"
expect sandbox_etc_passwd 1 "" cat /etc/passwd
expect sandbox_symlink_out 1 "" cat links/escape
expect sandbox_symlink_absolute 1 "" cat links/absolute
expect sandbox_cp_out 1 "" cp a.txt ../stolen.txt
expect sandbox_cp_over_secret 1 "" cp b.txt ../secret.txt
expect sandbox_cp_through_link 1 "" cp b.txt links/escape
expect sandbox_ls_parent 1 "" ls ..
expect sandbox_walk_links 0 "l          - links/absolute
l          - links/escape
l          - links/to_a" walk links
expect sandbox_inside_dotdot 0 "alpha
beta
gamma" cat sub/deep/../../a.txt
DIR_FLAGS=()  # no preopen at all: no file is reachable
expect no_dir_no_files 1 "" cat a.txt
expect no_dir_hello 0 "Hello from a WASI program!" hello
DIR_FLAGS=(--dir .::.)

echo
echo "$passed passed, ${#failed[@]} failed${failed[*]+: ${failed[*]}}"
[ ${#failed[@]} -eq 0 ]
