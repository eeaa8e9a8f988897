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
# shellcheck source=e2e-lib.sh
source "$ROOT/scripts/e2e-lib.sh"
e2e_start wheel-e2e

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
    abort "pip install cookielint from $WHEEL_DIR" "$out"
fi
cd "$ROOT/examples"
capture cookielint check seeds
elapsed_ms=$(((${EPOCHREALTIME/./} - ${start/./}) / 1000))
expect_exit 0 "cookielint check seeds" "checked 5 files: 0 errors, 0 warnings"
echo "from nothing to the first check result: $elapsed_ms ms (pip install + check)"

if [[ $(command -v cookielint) == "$WORK/venv/bin/cookielint" ]]; then
    pass "pip put cookielint in the venv's bin"
else
    fail "pip put cookielint in the venv's bin" "$(command -v cookielint)"
fi
capture cookielint --version
expect_exit 0 "cookielint --version" "cookielint $(pip show cookielint | sed -n 's/^Version: //p')"

capture cookielint check broken --format concise
expect_exit 1 "cookielint check broken" "[third-party-consent]"

capture cookielint check no-such-folder
expect_exit 2 "cookielint check no-such-folder" "no-such-folder"

capture python -m cookielint check seeds
expect_exit 0 "python -m cookielint check seeds" "checked 5 files: 0 errors, 0 warnings"

capture python -m cookielint check broken --format concise
expect_exit 1 "python -m cookielint check broken" "[third-party-consent]"

capture python -m cookielint --bad-flag
expect_exit 2 "python -m cookielint --bad-flag" "--bad-flag"

# The module finds the binary wherever pip's scheme put it: here, beside the
# package of a `pip install --target` folder, run by an interpreter outside
# the venv.
capture pip install --quiet --target "$WORK/target-install" cookielint
[[ $rc -eq 0 ]] || fail "pip install --target" "$out"
capture env PYTHONPATH="$WORK/target-install" /usr/bin/python3 -m cookielint check seeds
expect_exit 0 "python -m cookielint from a --target install" "checked 5 files: 0 errors, 0 warnings"

summary
