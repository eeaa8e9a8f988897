#!/usr/bin/env bash
# Validates cookielint's SARIF output with Microsoft's SARIF Multitool, the
# validator GitHub code scanning's format is checked against. Installs the
# Multitool from npm into a temporary folder, runs `cookielint check
# examples/broken --format sarif`, and requires no error and no warning.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
multitool_version="5.7.0"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

passed=0
failed=0
check() {
  local description="$1"
  shift
  if "$@"; then
    echo "PASS: $description"
    passed=$((passed + 1))
  else
    echo "FAIL: $description"
    failed=$((failed + 1))
  fi
}

echo "== installing @microsoft/sarif-multitool@$multitool_version"
npm install --prefix "$work" --no-audit --no-fund --loglevel=error \
  "@microsoft/sarif-multitool@$multitool_version" >/dev/null
# The package ships a self-contained binary that npm unpacks without its run bit.
multitool="$work/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool"
chmod +x "$multitool"

echo "== cookielint check examples/broken --format sarif"
cargo build --quiet --manifest-path "$root/Cargo.toml"
status=0
(cd "$root" && ./target/debug/cookielint check examples/broken --format sarif \
  --output "$work/broken.sarif" --quiet) || status=$?
check "cookielint exits 1 on examples/broken" test "$status" -eq 1
check "the SARIF file was written" test -s "$work/broken.sarif"

echo "== Sarif.Multitool validate"
status=0
"$multitool" validate "$work/broken.sarif" --output "$work/validation.sarif" \
  >"$work/validate.log" 2>&1 || status=$?
cat "$work/validate.log"
check "the Multitool ran" test "$status" -eq 0
check "it reports no error and no warning" \
  bash -c "! grep -Eq ': (error|warning) [A-Z]+[0-9]+' '$work/validate.log'"
check "its own log holds no result" \
  python3 -c "import json,sys; runs=json.load(open(sys.argv[1]))['runs']; sys.exit(any(run.get('results') for run in runs))" \
  "$work/validation.sarif"

echo "$passed passed, $failed failed"
test "$failed" -eq 0
