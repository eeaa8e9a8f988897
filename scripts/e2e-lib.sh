# shellcheck shell=bash
# What the end-to-end scripts (scripts/*-e2e.sh, scripts/actionlint.sh)
# share: a throw-away work folder, PASS/FAIL lines and their count, and
# running a command to look at its output. Sourced, after `set -euo pipefail`:
#
#   source "$(dirname "$0")/e2e-lib.sh"
#   e2e_start npm-e2e        # $WORK, removed on exit; standard input closed
#   capture some command     # $out (stdout and stderr), $rc
#   expect_exit 0 "what it checks" "text the output must have" ...
#   summary || exit 1        # `N passed, M failed`

# Makes $WORK (with $WORK/tmp as TMPDIR, so that what the tools under test
# leave behind goes with it) and removes it however the script ends. CI gives
# no terminal: nothing may wait for input.
e2e_start() {
    WORK=$(mktemp -d "${TMPDIR:-/tmp}/cookielint-$1.XXXXXX")
    trap 'rm -rf "$WORK"' EXIT
    trap 'exit 130' INT TERM
    exec </dev/null
    mkdir -p "$WORK/tmp"
    export TMPDIR="$WORK/tmp"
}

passed=0
failed=0
pass() {
    passed=$((passed + 1))
    echo "PASS: $1"
}
# Shows a command's output under the check it belongs to.
indent() {
    local line
    while IFS= read -r line; do echo "    | $line"; done <<<"$1"
}
# FAIL with the check's name and, indented, what explains it.
fail() {
    failed=$((failed + 1))
    echo "FAIL: $1"
    if [[ -n ${2-} ]]; then indent "$2"; fi
}
summary() {
    echo "$passed passed, $failed failed"
    [[ $failed -eq 0 ]]
}
# A setup step failed: the remaining checks cannot run. A script may define
# e2e_on_abort to show more (a tool's log).
abort() {
    fail "$1" "${2-}"
    if declare -F e2e_on_abort >/dev/null; then e2e_on_abort; fi
    summary
    exit 1
}
# Runs a command, keeping its combined output in $out and status in $rc.
capture() {
    rc=0
    out=$("$@" 2>&1) || rc=$?
}
# Whether $out contains every given string.
out_has() {
    local needle
    for needle; do grep -qF -- "$needle" <<<"$out" || return 1; done
}
# PASS when the last capture exited with $1 and its output has every
# following string; $2 names the check.
expect_exit() {
    local want_rc=$1 name=$2
    shift 2
    if [[ $rc -eq $want_rc ]] && out_has "$@"; then
        pass "$name"
    else
        fail "$name (exit $rc, expected $want_rc)" "$out"
    fi
}
