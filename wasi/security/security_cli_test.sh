#!/usr/bin/env bash
# End-to-end WASI security: hostile wasm32-wasi programs (this folder) run
# through `wasmtier run --dir SANDBOX::/sandbox`, with sentinels next to the
# preopen (secret.txt, outside_dir/inner.txt) whose names, sizes, times and
# contents must be unchanged afterwards.
#   security_cli_test.sh WASMTIER SWAPPER ESCAPE FD_HOG FLOOD RACE OOB
set -uo pipefail
wasmtier=$1 swapper=$2 escape=$3 fd_hog=$4 flood=$5 race=$6 oob=$7
tmp=${TEST_TMPDIR:-$(mktemp -d)}
failures=0

fail() {
  echo "FAIL: $*" >&2
  failures=$((failures + 1))
}

# new_tree NAME: $root with sandbox/ and the sentinels, their times in the
# past so that reading them moves atime (relatime).
new_tree() {
  root=$tmp/$1
  rm -rf "$root"
  mkdir -p "$root/sandbox" "$root/outside_dir"
  printf 'SECRET-CONTENT\n' >"$root/secret.txt"
  printf 'INNER-SECRET\n' >"$root/outside_dir/inner.txt"
  touch -d '2020-01-01 00:00:00' "$root/secret.txt" "$root/outside_dir/inner.txt"
  snapshot >"$root.before"
}

# Everything outside the sandbox: type, size, mode, mtime, ctime, and for
# files atime (a read). Directories' atime is left out: find's own listing
# moves it on strictatime mounts. Never reads file contents.
snapshot() {
  find "$root" -path "$root/sandbox" -prune -o -type d -printf '%P %y %s %m %T@ %C@\n' \
    -o -printf '%P %y %s %m %T@ %A@ %C@ %l\n' | sort
}

# check_outside DESCRIPTION: the sentinels are untouched.
check_outside() {
  snapshot >"$root.after"
  if ! diff "$root.before" "$root.after" >"$root.diff"; then
    fail "$1: outside the preopen changed:"
    cat "$root.diff" >&2
  fi
  [[ $(cat "$root/secret.txt") == SECRET-CONTENT ]] || fail "$1: secret.txt changed"
  [[ $(cat "$root/outside_dir/inner.txt") == INNER-SECRET ]] || fail "$1: inner.txt changed"
}

run_guest() {  # run_guest WASM ARGS...: leaves $status and $out
  "$wasmtier" run --dir "$root/sandbox::/sandbox" "$@" >"$tmp/out" 2>"$tmp/err"
  status=$?
  out=$(cat "$tmp/out")
}

# ---- escapes: `..`, absolute, NUL, symlinks, hard links, renames ----
new_tree escape
s=$root/sandbox
printf 'INSIDE\n' >"$s/file.txt"
mkdir -p "$s/a/b"
ln -s ../secret.txt "$s/out_link"
ln -s "$root/secret.txt" "$s/out_abs_link"
ln -s ../outside_dir "$s/out_dir_link"
ln -s "$root/outside_dir" "$s/out_abs_dir_link"
ln -s a/../../secret.txt "$s/climb_link"
ln -s chain2 "$s/chain1"
ln -s ../secret.txt "$s/chain2"
ln -s ../created_outside.txt "$s/dangling_out"
ln -s / "$s/root_link"
ln -s .. "$s/dotdot_link"
ln -s loop2 "$s/loop1"
ln -s loop1 "$s/loop2"
run_guest "$escape"
[[ $status -eq 0 ]] || fail "escape.wasm: exit $status (attempts not refused as expected)"
[[ $out == *"0 unexpected"* ]] || fail "escape.wasm did not finish"
if [[ $out == *UNEXPECTED* || $out == *SECRET* || $status -ne 0 ]]; then
  echo "$out" | grep -E 'UNEXPECTED|opened' >&2
  cat "$tmp/err" >&2
fi
[[ ! -e $root/created_outside.txt ]] || fail "a file was created through dangling_out"
[[ ! -e $root/stolen && ! -e $root/evil && ! -e $root/newdir ]] || fail "something appeared outside"
[[ ! -e $s/hl && ! -e $s/hl2 ]] || fail "a hard link to an outside file appeared"
check_outside "escape"

# ---- stdin redirected from a directory is not a capability ----
# `wasmtier run guest.wasm < DIR` must not let the guest open paths beneath
# DIR through fd 0: only --dir grants directories.
new_tree stdin_dir
cat >"$tmp/stdin_dir.wat" <<'WAT'
(module
  (import "wasi_snapshot_preview1" "path_open"
    (func $path_open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_read" (func $fd_read (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (memory (export "memory") 1)
  (data (i32.const 100) "secret.txt")
  (func (export "_start") (local $e i32)
    (local.set $e (call $path_open (i32.const 0) (i32.const 0) (i32.const 100) (i32.const 10)
      (i32.const 0) (i64.const 2) (i64.const 0) (i32.const 0) (i32.const 200)))
    (if (local.get $e) (then (call $exit (local.get $e))))
    (i32.store (i32.const 300) (i32.const 400))
    (i32.store (i32.const 304) (i32.const 64))
    (drop (call $fd_read (i32.load (i32.const 200)) (i32.const 300) (i32.const 1) (i32.const 500)))
    (i32.store (i32.const 304) (i32.load (i32.const 500)))
    (drop (call $fd_write (i32.const 1) (i32.const 300) (i32.const 1) (i32.const 500)))))
WAT
"$wasmtier" run --dir "$root/sandbox::/sandbox" "$tmp/stdin_dir.wat" <"$root" >"$tmp/out" 2>"$tmp/err"
status=$?
out=$(cat "$tmp/out")
[[ $status -ne 0 && $out != *SECRET* ]] ||
  fail "stdin redirected from a directory let the guest read secret.txt (exit $status): $out"
check_outside "stdin_dir"

# ---- race: `d` swapped with a symlink to outside_dir while the guest opens ----
new_tree race
mkdir "$root/sandbox/d"
printf 'INSIDE-D\n' >"$root/sandbox/d/inner.txt"
ln -s ../outside_dir "$root/sandbox/evil"
"$swapper" "$root/sandbox/d" "$root/sandbox/evil" 60 >"$tmp/swapper.out" 2>&1 &
swapper_pid=$!
for _ in $(seq 100); do
  grep -q swapping "$tmp/swapper.out" && break
  sleep 0.05
done
run_guest "$race" 20000
kill -0 "$swapper_pid" 2>/dev/null || fail "the swapper stopped early: $(cat "$tmp/swapper.out")"
kill "$swapper_pid" 2>/dev/null
wait "$swapper_pid" 2>/dev/null
echo "race: $out" | tail -1
[[ $status -eq 0 ]] || fail "race.wasm: exit $status: $(echo "$out" | head -5)"
[[ $out == *"inside "* ]] || fail "race.wasm did not finish: $(cat "$tmp/err")"
[[ $out != *ESCAPED* ]] || fail "race.wasm read outside: $(echo "$out" | grep ESCAPED | head -3)"
# Both outcomes seen: the guest really ran while `d` was being swapped.
[[ $out =~ inside\ [1-9][0-9]*\ refused\ [1-9] ]] || fail "race.wasm never raced: $(echo "$out" | tail -1)"
check_outside "race"

# ---- descriptor exhaustion: EMFILE at 1024 (3 stdio + 1 preopen + 1020) ----
new_tree fd_hog
printf 'x' >"$root/sandbox/f.txt"
run_guest "$fd_hog"
[[ $status -eq 0 ]] || fail "fd_hog.wasm: exit $status: $out $(cat "$tmp/err")"
[[ $out == *"opened 1020, then errno"*EMFILE* ]] || fail "fd_hog.wasm: $out"
check_outside "fd_hog"

# ---- out-of-bounds pointers and absurd lengths ----
new_tree oob
printf 'x' >"$root/sandbox/f.txt"
run_guest "$oob"
[[ $status -eq 0 ]] || fail "oob.wasm: exit $status: $(echo "$out" | grep UNEXPECTED) $(cat "$tmp/err")"
check_outside "oob"

# ---- stdout flood: bounded by timeout and by fuel, memory flat ----
# max_rss_kb LIMIT DESCRIPTION: from /usr/bin/time -v's report in $tmp/time.
check_time() {
  local rss wall
  rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$tmp/time")
  wall=$(( $(date +%s) - start ))
  echo "$2: exit $status, ${wall}s, max RSS ${rss} KB"
  [[ -n $rss && $rss -lt $1 ]] || fail "$2: max RSS ${rss:-?} KB (limit $1 KB)"
  [[ $wall -lt 30 ]] || fail "$2: took ${wall}s"
  [[ $status -ne 0 ]] || fail "$2: the flood ended with status 0"
}
start=$(date +%s)
/usr/bin/time -v -o "$tmp/time" "$wasmtier" run -W timeout=1s "$flood" >/dev/null 2>"$tmp/err"
status=$?
check_time 400000 "flood under -W timeout=1s"
grep -q "interrupt" "$tmp/err" || fail "flood under timeout: no interrupt trap: $(head -3 "$tmp/err")"
start=$(date +%s)
/usr/bin/time -v -o "$tmp/time" "$wasmtier" run -W fuel=2000000 "$flood" >/dev/null 2>"$tmp/err"
status=$?
check_time 400000 "flood under -W fuel=2000000"
grep -q "fuel" "$tmp/err" || fail "flood under fuel: no fuel trap: $(head -3 "$tmp/err")"

if [[ $failures -ne 0 ]]; then
  echo "$failures failure(s)" >&2
  exit 1
fi
echo "all security CLI checks passed"
