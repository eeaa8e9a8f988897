#!/usr/bin/env bash
# Reads generated HARs of 300 and 500 MB (response bodies make the size)
# with cookielint's capture reader and with jq on the same file, printing
# each one's wall time and peak memory.
#
#   bash benches/capture.sh            # 300 and 500 MB (about a minute)
#   bash benches/capture.sh 50 100     # other sizes, in MiB
#
# Installs jq and GNU time from Debian when missing.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
sizes=("$@")
[ ${#sizes[@]} -eq 0 ] && sizes=(300 500)
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

command -v jq >/dev/null && [ -x /usr/bin/time ] || { apt-get update -qq && apt-get install -y -qq jq time >/dev/null; }
cargo build --release --quiet --manifest-path "$root/Cargo.toml" --example capture
capture="$root/target/release/examples/capture"

measure() { # label, command...
  local label="$1"
  shift
  /usr/bin/time -f "%e %M" -o "$work/time" "$@" >/dev/null
  read -r seconds peak_kib <"$work/time"
  printf '%-12s %8s s %10s MiB peak\n' "$label" "$seconds" "$((peak_kib / 1024))"
}

for size in "${sizes[@]}"; do
  har="$work/capture-$size.har"
  "$capture" generate "$har" "$size" >/dev/null
  echo "== $size MiB HAR ($(du -m "$har" | cut -f1) MB on disk)"
  measure cookielint "$capture" read "$har"
  measure jq jq '[.log.entries[].response.headers[]]' "$har"
  rm -f "$har"
done
