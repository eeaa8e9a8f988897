#!/usr/bin/env bash
# Records the real-browser captures of tests/fixtures/captures/real/: the
# fixture site (tests/common/fixture_site.rs, served by the `scan-site`
# example) loaded by Playwright's `recordHar` in the system's Chromium,
# before consent (a plain first load) and after it (a click on "Accept all",
# then the page loaded again), and the browser's jar after consent as
# `context.storageState()` writes it. Installs playwright-core from npm into
# a temporary folder; never downloads a browser.
#
#   bash scripts/record-hars.sh      # CHROME=PATH for another Chromium
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
playwright_version="1.65.1"
chrome="${CHROME:-$(command -v chromium || true)}"
[ -x "$chrome" ] || { echo "no Chromium: apt-get install chromium, or set CHROME" >&2; exit 2; }
out="$root/tests/fixtures/captures/real"

echo "== building the fixture site"
cargo build --quiet --manifest-path "$root/Cargo.toml" --example scan-site

work="$(mktemp -d)"
echo "== installing playwright-core@$playwright_version"
PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm install --prefix "$work" --no-audit --no-fund \
  --loglevel=error "playwright-core@$playwright_version" >/dev/null

# shellcheck source=fixture-site.sh
source "$root/scripts/fixture-site.sh"
start_fixture_site "${CARGO_TARGET_DIR:-$root/target}/debug/examples/scan-site" "$work"

echo "== recording $fixture_url in $("$chrome" --version 2>/dev/null)"
NODE_PATH="$work/node_modules" node "$root/scripts/record-hars.cjs" \
  "$chrome" "$fixture_url" "$out"
ls -l "$out"
