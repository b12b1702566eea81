#!/usr/bin/env bash
# Start-up time of `wasmtier run hello.wasm` (the optimized CLI: read, decode,
# validate, compile, instantiate with WASI, run _start, exit) against Node.js
# running the same module through node:wasi (run_wasi.mjs), with hyperfine.
# Prints both means, the ratio and whether the goal holds (wasmtier >= 10x
# faster than node and under 5 ms wall). See README.md.
#   bench/startup/startup.sh [RUNS]        (default 300 runs of each)
set -euo pipefail
cd "$(dirname "$0")/../.."

runs=${1:-300}
for tool in hyperfine node python3; do
  command -v "$tool" >/dev/null || { echo "startup.sh: $tool not found" >&2; exit 1; }
done

# -c opt (as --config=opt): what a user runs. Outputs are found through
# `bazel info`, since bazel-bin follows whichever mode built last.
bazel build --config=opt //tools:wasmtier //wasi/programs:hello_wasm 2>&1 | grep -E "^ERROR|error:" && exit 1
bin=$(bazel info --config=opt bazel-bin 2>/dev/null)
wasmtier="$bin/tools/wasmtier"
hello="$bin/wasi/programs/hello.wasm"
runner="$PWD/bench/startup/run_wasi.mjs"
node_cmd="node --no-warnings --experimental-wasi-unstable-preview1 $runner $hello"

# Both must actually run the module: a fast failure is not a fast start.
expected="Hello from a WASI program!"
for cmd in "$wasmtier run $hello" "$node_cmd"; do
  got=$($cmd 2>&1) || { echo "startup.sh: '$cmd' failed: $got" >&2; exit 1; }
  [ "$got" = "$expected" ] || { echo "startup.sh: '$cmd' printed '$got'" >&2; exit 1; }
done

json=$(mktemp)
trap 'rm -f "$json"' EXIT
# -N: no intermediate shell, whose own start-up would be measured too.
hyperfine -N --warmup 20 --runs "$runs" --output=null --export-json "$json" \
  -n wasmtier "$wasmtier run $hello" \
  -n node "$node_cmd"

python3 - "$json" <<'PY'
import json, sys
results = {r["command"]: r for r in json.load(open(sys.argv[1]))["results"]}
w, n = results["wasmtier"], results["node"]
ratio = n["mean"] / w["mean"]
print(f"wasmtier run hello.wasm: mean {w['mean'] * 1e3:.2f} ms (stddev {w['stddev'] * 1e3:.2f}, "
      f"median {w['median'] * 1e3:.2f}, {len(w['times'])} runs)")
print(f"node (node:wasi):        mean {n['mean'] * 1e3:.2f} ms (stddev {n['stddev'] * 1e3:.2f}, "
      f"median {n['median'] * 1e3:.2f}, {len(n['times'])} runs)")
print(f"ratio node/wasmtier:     {ratio:.1f}x")
goal = ratio >= 10 and w["mean"] < 0.005
print(f"goal (>= 10x node and < 5 ms): {'met' if goal else 'NOT met'}")
PY
