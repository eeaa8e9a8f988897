#!/usr/bin/env bash
# Audits generated HARs of 300 and 500 MiB (response bodies make most of
# the size) with `cookielint audit` against a small declaration, and reads
# the same file with the library's capture reader alone and with jq,
# printing each one's wall time and peak memory. Issue 11's target: the
# audit faster than jq, under 256 MB.
#
# Then issue 20's hostile HARs (`--example capture -- hostile`): 300
# cookies set at a 5 MB URL, and one `Set-Cookie` header of 1,000,000
# cookies (19 MB), each audited, imported and read by the reader alone.
# Exit 2 there is a capture refused (more than 100,000 cookies).
#
#   bash benches/capture.sh            # 300 and 500 MiB (about a minute), then the hostile HARs
#   bash benches/capture.sh 50 100     # other sizes, in MiB
#   bash benches/capture.sh --hostile  # the hostile HARs only
#
# Installs jq and GNU time from Debian when missing.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
sizes=("$@")
[ ${#sizes[@]} -eq 0 ] && sizes=(300 500)
[ "${sizes[0]}" = "--hostile" ] && sizes=()
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

command -v jq >/dev/null && [ -x /usr/bin/time ] || { apt-get update -qq && apt-get install -y -qq jq time >/dev/null; }
cargo build --release --quiet --manifest-path "$root/Cargo.toml" --bin cookielint --example capture
release="${CARGO_TARGET_DIR:-$root/target}/release"
declaration="$root/tests/fixtures/audit/cookies.yaml"

measure() { # label, command...
  local label="$1"
  shift
  local status=0
  /usr/bin/time -f "%e %M" -o "$work/time" "$@" >/dev/null 2>"$work/stderr" || status=$?
  # An audit that finds something exits 1, a capture refused 2; anything
  # else (a panic, a kill) is a failure.
  [ "$status" -le 2 ] || { cat "$work/stderr" >&2; exit 1; }
  read -r seconds peak_kib < <(tail -n 1 "$work/time")
  printf '%-28s exit %s %8s s %10s MiB peak\n' "$label" "$status" "$seconds" "$((peak_kib / 1024))"
}

echo "jq: $(jq --version)"
for size in "${sizes[@]}"; do
  har="$work/capture-$size.har"
  "$release/examples/capture" generate "$har" "$size" >/dev/null
  echo "== $size MiB HAR ($(du -m "$har" | cut -f1) MB on disk, $(grep -o '"pageref"' "$har" | wc -l) entries)"
  measure "cookielint audit" "$release/cookielint" audit "$declaration" "$har"
  measure "capture reader" "$release/examples/capture" read "$har"
  measure "jq" jq '[.log.entries[].response.headers[]]' "$har"
  rm -f "$har"
done

"$release/examples/capture" hostile "$work" >/dev/null
for name in long-url joined-set-cookie; do
  har="$work/$name.har"
  echo "== $name.har ($(du -m "$har" | cut -f1) MB on disk)"
  measure "cookielint audit" "$release/cookielint" audit "$declaration" "$har"
  measure "cookielint import" "$release/cookielint" import "$har"
  measure "capture reader" "$release/examples/capture" read "$har"
  rm -f "$har"
done
