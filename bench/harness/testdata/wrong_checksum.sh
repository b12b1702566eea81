#!/bin/sh
# A stand-in "runtime" for the harness tests: checks that it was given an
# existing W_cmd.wasm and a size name (exit 3 otherwise), then prints a
# checksum no workload produces, so the harness must report a mismatch.
if [ $# -ne 2 ] || [ ! -f "$1" ]; then echo "bad args: $*" >&2; exit 3; fi
case "$1:$2" in
  *_cmd.wasm:small|*_cmd.wasm:medium|*_cmd.wasm:large) ;;
  *) echo "bad args: $*" >&2; exit 3 ;;
esac
echo "checksum: 0000000000000000"
