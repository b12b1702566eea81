#!/usr/bin/env bash
# The README's test command (and CI's, via .ci/run): installs what is missing,
# then builds everything and runs every test in the default configuration and
# under AddressSanitizer and UndefinedBehaviorSanitizer. Ends with the plain
# summary line "N passed, N failed".
#
#   tools/test.sh            all three configurations
#   tools/test.sh --quick    default configuration only
set -uo pipefail
cd "$(dirname "$0")/.."

tools/setup.sh || exit 1

configs=("" "--config=asan" "--config=ubsan")
[[ "${1:-}" == "--quick" ]] && configs=("")

log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
for config in "${configs[@]}"; do
  echo "== bazel test //... ${config:-(default)}"
  # shellcheck disable=SC2086
  bazel test //... $config --test_summary=short 2>&1 | tee -a "$log" | grep -E "PASSED|FAILED|TIMEOUT|NO STATUS|ERROR|error:|Executed"
  [[ ${PIPESTATUS[0]} -eq 0 ]] || status=1
done

passed=$(grep -cE "^//.* PASSED in" "$log")
failed=$(grep -cE "^//.* (FAILED|TIMEOUT|NO STATUS|FAILED TO BUILD)" "$log")
if [[ $status -ne 0 && $failed -eq 0 ]]; then
  failed=1  # the build itself failed: count it so the summary never reads as green
fi
echo "$passed passed, $failed failed"
exit $status
