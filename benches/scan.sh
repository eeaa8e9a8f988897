#!/usr/bin/env bash
# Times `cookielint scan` of the fixture site (tests/common/fixture_site.rs)
# in the system's headless Chromium, whole process, start to exit: a first
# load, and after consent by a click, each with no wait (the scan's own
# cost: browser start, load, jar, exit) and with the default 3 s wait.
#
#   bash benches/scan.sh      # about a minute
#
# Installs hyperfine from Debian when missing. Results: target/bench/scan.md.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
out="$root/target/bench"
mkdir -p "$out"

echo "== building"
cargo build --release --quiet --manifest-path "$root/Cargo.toml" --bin cookielint --example scan-site
cookielint="$root/target/release/cookielint"
command -v hyperfine >/dev/null || { apt-get update -qq && apt-get install -y -qq hyperfine >/dev/null; }

# shellcheck source=../scripts/fixture-site.sh
source "$root/scripts/fixture-site.sh"
work="$(mktemp -d)"
start_fixture_site "$root/target/release/examples/scan-site" "$work"
url="$fixture_url"

scan="$cookielint scan $url --output $work/capture.json --chrome-arg=--ignore-certificate-errors"
scan="$scan '--chrome-arg=--host-resolver-rules=MAP *.test 127.0.0.1, MAP * ~NOTFOUND'"
hyperfine -N --warmup 2 --runs 10 --export-markdown "$out/scan.md" \
  -n "first load, --wait 0" -n "click, --wait 0" -n "first load, default wait (3 s)" \
  "$scan --before-consent --wait 0" "$scan --click '#accept' --wait 0" "$scan --before-consent"
echo "== leftovers (profiles, browsers): none expected"
ls -d "${TMPDIR:-/tmp}"/cookielint-scan-* 2>/dev/null || echo "no profile left"
pgrep -af 'cookielint-scan-' || echo "no browser left"
