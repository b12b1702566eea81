#!/usr/bin/env bash
# Installs the Debian packages Wasmtier needs to build, test and benchmark
# (see ../shared/BAZEL-OFFLINE.md). Idempotent: one dpkg-query call decides
# what is missing, and when nothing is, it exits silently in a few
# milliseconds, so tools/test.sh can call it on every run.
#
#   tools/setup.sh           install what is missing
#   tools/setup.sh --check   only report what is missing (exit 1 if anything)
set -euo pipefail

packages=(
  bazel-bootstrap            # Bazel 4.2.3, WORKSPACE mode, offline
  libxbyak-dev               # JIT assembler (headers)
  libabsl-dev                # abseil: Status, StrFormat, hash maps
  libgtest-dev libgmock-dev  # unit tests
  libbenchmark-dev           # bench/
  clang lld                  # the toolchain (.bazelrc selects clang)
  libclang-rt-14-dev         # sanitizer and libFuzzer runtimes (--config=asan|ubsan|fuzz)
  wasi-libc libclang-rt-14-dev-wasm32  # compiling C workloads to wasm32-wasi
  wabt binaryen              # wat2wasm/wasm-objdump, wasm-opt (reference tools)
  hyperfine                  # command-line benchmarking
)

check_only=0
case "${1:-}" in
  --check) check_only=1 ;;
  "") ;;
  -h|--help)
    sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'
    exit 0 ;;
  *) echo "setup.sh: unknown option '$1' (try --help)" >&2; exit 2 ;;
esac

# One dpkg-query for all packages. A package that was never seen makes
# dpkg-query print an error and no line; "deinstall"/"half-installed" states
# print a line whose status is not "install ok installed". Both count as missing.
installed=$(dpkg-query -W -f='${Package}\t${Status}\n' "${packages[@]}" 2>/dev/null |
            awk -F'\t' '$2 == "install ok installed" { print $1 }') || true
missing=()
for p in "${packages[@]}"; do
  if ! grep -qxF -- "$p" <<<"$installed"; then missing+=("$p"); fi
done

[[ ${#missing[@]} -eq 0 ]] && exit 0

if [[ $check_only -eq 1 ]]; then
  echo "setup.sh: missing packages: ${missing[*]}" >&2
  exit 1
fi

if [[ $(id -u) -eq 0 ]]; then
  as_root=()
elif command -v sudo >/dev/null 2>&1; then
  as_root=(sudo)
else
  echo "setup.sh: these packages are missing: ${missing[*]}" >&2
  echo "setup.sh: installing them needs root, and sudo is not available;" >&2
  echo "          run as root: apt-get update && apt-get install -y ${missing[*]}" >&2
  exit 1
fi

echo "setup.sh: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
  --no-install-recommends "${missing[@]}"
