#!/usr/bin/env bash
# End-to-end test of `cookielint export`: every bundled seed,
# tests/fixtures/banner/every-kind.cookies.yaml and hostile-names.cookies.yaml
# (names that would break or hang an export) exported to each consent
# manager cookielint supports, then loaded in headless Chromium with that
# manager's real package from npm by scripts/banner-e2e/harness.cjs (its
# header says what it checks, and how a manager is added: one driver file,
# scripts/banner-e2e/managers/MANAGER.cjs).
#
#   bash scripts/banner-e2e.sh [COOKIELINT_BINARY]   # default: cargo build's
#
# Needs node (18+), npm and Chromium (`chromium` on PATH, or CHROME=PATH);
# reaches the npm registry: `npm ci` installs scripts/banner-e2e/'s lock into
# target/banner-e2e. Prints one PASS/FAIL line per check, then
# `N passed, M failed`.
set -euo pipefail

if [[ $# -gt 1 ]]; then
    echo "usage: $0 [cookielint-binary]" >&2
    exit 2
fi
ROOT=$(cd "$(dirname "$0")/.." && pwd)
HERE="$ROOT/scripts/banner-e2e"
# shellcheck source=e2e-lib.sh
source "$ROOT/scripts/e2e-lib.sh"
e2e_start banner-e2e
cd "$ROOT"

echo "== tools"
for tool in node npm; do
    command -v "$tool" >/dev/null || abort "$tool is on PATH"
done
capture node -e 'process.exit(Number(process.versions.node.split(".")[0]) >= 18 ? 0 : 1)'
[[ $rc -eq 0 ]] || abort "node is 18 or newer" "$(node --version)"
CHROMIUM=${CHROME:-$(command -v chromium || true)}
[[ -n $CHROMIUM && -x $CHROMIUM ]] ||
    abort "Chromium is installed (apt-get install chromium, or set CHROME=PATH)"
echo "node $(node --version), npm $(npm --version), $("$CHROMIUM" --version 2>/dev/null)"

if [[ $# -eq 1 ]]; then
    BINARY=$(realpath -m -- "$1")
else
    echo "== cargo build"
    capture cargo build --quiet
    [[ $rc -eq 0 ]] || abort "cargo build" "$out"
    BINARY="${CARGO_TARGET_DIR:-$ROOT/target}/debug/cookielint"
fi
[[ -x $BINARY ]] || abort "$BINARY is an executable"

echo "== npm ci: the consent managers and playwright-core"
# npm settings inherited from the caller must not change what is installed.
while read -r inherited; do unset "$inherited"; done < <(compgen -e | grep -i '^npm_config_' || true)
export npm_config_update_notifier=false npm_config_fund=false npm_config_audit=false
MODULES="$ROOT/target/banner-e2e"
mkdir -p "$MODULES"
cp "$HERE/package.json" "$HERE/package-lock.json" "$MODULES/"
# Only the packages' files are used: no install script runs (sass, a
# dependency of klaro's, would build a native watcher).
capture env PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --prefix "$MODULES" --ignore-scripts --loglevel=error
[[ $rc -eq 0 ]] || abort "npm ci scripts/banner-e2e/package-lock.json" "$out"
# shellcheck disable=SC2016 # JavaScript's template literals
pass "npm ci installs $(cd "$MODULES" && node -p '
  Object.entries(require("./package.json").dependencies).map(([name]) =>
    `${name}@${require(`./node_modules/${name}/package.json`).version}`).join(", ")')"

echo "== the managers: cookielint's --to values and the drivers"
# clap lists them as `--to <TO> … [possible values: a, b]`.
supported=$("$BINARY" export -h | sed -n 's/^ *--to <TO>.*\[possible values: \(.*\)\]$/\1/p' | tr -d ' ' | tr ',' ' ')
[[ -n $supported ]] || abort "cookielint export -h lists the --to values" "$("$BINARY" export -h 2>&1)"
drivers=$(cd "$HERE/managers" && for file in *.cjs; do echo "${file%.cjs}"; done)
managers=()
for manager in $supported; do
    if grep -qx -- "$manager" <<<"$drivers"; then
        managers+=("$manager")
    else
        fail "cookielint exports to $manager: scripts/banner-e2e/managers/$manager.cjs drives it"
    fi
done
for driver in $drivers; do
    if [[ " $supported " != *" $driver "* ]]; then
        fail "scripts/banner-e2e/managers/$driver.cjs drives a manager cookielint exports to (--to: $supported)"
    fi
done
[[ ${#managers[@]} -gt 0 ]] || abort "a manager to test"
echo "testing: ${managers[*]}"

echo "== cookielint export"
declarations=(examples/seeds/*.cookies.yaml tests/fixtures/banner/every-kind.cookies.yaml
    tests/fixtures/banner/hostile-names.cookies.yaml)
EXPORTS="$WORK/exports"
for manager in "${managers[@]}"; do
    mkdir -p "$EXPORTS/$manager"
    for declaration in "${declarations[@]}"; do
        name=$(basename "$declaration" .cookies.yaml)
        capture "$BINARY" export "$declaration" --to "$manager" --output "$EXPORTS/$manager/$name.js"
        expect_exit 0 "cookielint export $declaration --to $manager"
    done
done

echo "== each export in Chromium with the manager's package"
# The harness prints e2e-lib's PASS/FAIL lines; they are counted here, and
# its exit status closes its output. An exit without a FAIL (a bad driver,
# a crash) fails too.
harness_status=
harness_failures=0
while IFS= read -r line; do
    case $line in
        "PASS: "*) pass "${line#PASS: }" ;;
        "FAIL: "*)
            fail "${line#FAIL: }"
            harness_failures=$((harness_failures + 1))
            ;;
        "harness exit status: "*) harness_status=${line#harness exit status: } ;;
        *) echo "$line" ;;
    esac
done < <(
    status=0
    FORCE_COLOR=0 node "$HERE/harness.cjs" "$CHROMIUM" "$MODULES/node_modules" "$BINARY" \
        "$EXPORTS" "${declarations[@]}" 2>&1 || status=$?
    echo "harness exit status: $status"
)
if [[ $harness_status != 0 && $harness_failures -eq 0 ]]; then
    fail "scripts/banner-e2e/harness.cjs runs to its end (exit ${harness_status:-unknown})"
fi

summary || exit 1
