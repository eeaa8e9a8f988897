#!/usr/bin/env bash
# End-to-end test of the PyPI wheel (scripts/build-wheel.sh): installed into a
# fresh virtualenv from WHEEL_DIR alone, with no cargo on PATH, `cookielint`
# and `python -m cookielint` check the bundled examples with the documented
# exit codes.
#
#   scripts/wheel-e2e.sh WHEEL_DIR
#
# Prints one PASS/FAIL line per check, then `N passed, M failed`.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
WHEEL_DIR=$(cd "${1:?usage: $0 WHEEL_DIR}" && pwd)
exec </dev/null

WORK=$(mktemp -d "${TMPDIR:-/tmp}/cookielint-wheel-e2e.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
trap 'exit 130' INT TERM

passed=0
failed=0
pass() { passed=$((passed + 1)); echo "PASS: $1"; }
fail() {
    failed=$((failed + 1))
    echo "FAIL: $1"
    if [[ -n ${2-} ]]; then sed 's/^/    | /' <<<"$2"; fi
}
# Runs a command, keeping its standard output in $out, its standard error in
# $err and its status in $rc.
capture() {
    rc=0
    out=$("$@" 2>"$WORK/stderr") || rc=$?
    err=$(<"$WORK/stderr")
}
# Checks the last captured run: the expected status and text in its output.
expect() {
    local what=$1 status=$2 needle=$3
    if [[ $rc -eq $status ]] && grep -qF -- "$needle" <<<"$out$err"; then
        pass "$what (exit $rc)"
    else
        fail "$what (exit $rc, expected $status and \`$needle\`)" "$out$err"
    fi
}

# The wheel alone: pip may not reach an index or build anything from source.
python3 -m venv "$WORK/venv"
export PIP_NO_INDEX=1 PIP_FIND_LINKS=$WHEEL_DIR PIP_ONLY_BINARY=:all: PIP_DISABLE_PIP_VERSION_CHECK=1
export PATH="$WORK/venv/bin:/usr/bin:/bin" NO_COLOR=1
if command -v cargo || command -v rustc || command -v rustup; then
    fail "no cargo, rustc or rustup on PATH"
else
    pass "no cargo, rustc or rustup on PATH"
fi

start=$EPOCHREALTIME
capture pip install --quiet cookielint
if [[ $rc -ne 0 ]]; then
    fail "pip install cookielint from $WHEEL_DIR" "$out$err"
    echo "$passed passed, $failed failed"
    exit 1
fi
cd "$ROOT/examples"
capture cookielint check seeds
elapsed_ms=$(((${EPOCHREALTIME/./} - ${start/./}) / 1000))
expect "cookielint check seeds" 0 "checked 5 files: 0 errors, 0 warnings"
echo "from nothing to the first check result: $elapsed_ms ms (pip install + check)"

if [[ $(command -v cookielint) == "$WORK/venv/bin/cookielint" ]]; then
    pass "pip put cookielint in the venv's bin"
else
    fail "pip put cookielint in the venv's bin" "$(command -v cookielint)"
fi
capture cookielint --version
expect "cookielint --version" 0 "cookielint $(pip show cookielint | sed -n 's/^Version: //p')"

capture cookielint check broken --format concise
expect "cookielint check broken" 1 "[third-party-consent]"

capture cookielint check no-such-folder
expect "cookielint check no-such-folder" 2 "no-such-folder"

capture python -m cookielint check seeds
expect "python -m cookielint check seeds" 0 "checked 5 files: 0 errors, 0 warnings"

capture python -m cookielint check broken --format concise
expect "python -m cookielint check broken" 1 "[third-party-consent]"

capture python -m cookielint --bad-flag
expect "python -m cookielint --bad-flag" 2 "--bad-flag"

# The module finds the binary wherever pip's scheme put it: here, beside the
# package of a `pip install --target` folder, run by an interpreter outside
# the venv.
capture pip install --quiet --target "$WORK/target-install" cookielint
[[ $rc -eq 0 ]] || fail "pip install --target" "$out$err"
capture env PYTHONPATH="$WORK/target-install" /usr/bin/python3 -m cookielint check seeds
expect "python -m cookielint from a --target install" 0 "checked 5 files: 0 errors, 0 warnings"

echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
