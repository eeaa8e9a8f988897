#!/usr/bin/env bash
# Times `cookielint import` and `cookielint audit` on captures large enough
# to show a cost that grows faster than the capture (issue 20, defects 5
# and 6), with each run's peak memory:
#
# - import of a HAR whose one request sends 2,000, 5,000 and 20,000 cookie
#   names in its `Cookie` header (names seen by name only);
# - audit of a declaration of 20,000 entries (two of them patterns) against
#   a storageState of 50,000 cookies, each declared name seen on two or
#   three paths, beside `check` of the same declaration.
#
#   bash benches/import_audit.sh                          # the release build
#   COOKIELINT=/path/to/cookielint bash benches/import_audit.sh   # another binary
#
# Results: target/bench/import-audit.md, with wall and CPU time (user +
# system: the machine may be shared). The inputs are written by awk, the
# same bytes on every machine.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
out="$root/target/bench"
mkdir -p "$out"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

if [ -z "${COOKIELINT:-}" ]; then
  cargo build --release --quiet --manifest-path "$root/Cargo.toml" --bin cookielint
  COOKIELINT="${CARGO_TARGET_DIR:-$root/target}/release/cookielint"
fi
[ -x /usr/bin/time ] || { apt-get update -qq && apt-get install -y -qq time >/dev/null; }

# A HAR of one request sending NAMES cookies, and the response setting none.
cookie_header_har() { # names, file
  awk -v names="$1" 'BEGIN {
    printf "{\"log\": {\"version\": \"1.2\", \"creator\": {\"name\": \"bench\", \"version\": \"1\"}, \"entries\": [\n"
    printf "{\"startedDateTime\": \"2024-05-01T10:00:00Z\", \"request\": {\"method\": \"GET\", \"url\": \"https://www.site.test/\", \"headers\": [{\"name\": \"Cookie\", \"value\": \""
    for (i = 0; i < names; i++) printf "%sname%d=v", (i ? "; " : ""), i
    printf "\"}], \"cookies\": []}, \"response\": {\"status\": 200, \"headers\": [], \"cookies\": []}}\n]}}\n"
  }' >"$2"
}

# A declaration of ENTRIES cookies, the last two patterns.
declaration() { # entries, file
  awk -v entries="$1" 'BEGIN {
    print "version: 1\nsite: { url: \"https://www.site.test\" }\ncookies:"
    for (i = 0; i < entries; i++) {
      name = (i == entries - 2) ? "pre_*" : (i == entries - 1) ? "*_post" : "c" i
      printf "  - { name: \"%s\", provider: Site, purpose: Keeps a setting., category: necessary,\n      party: first, consent: exempt, duration: session }\n", name
    }
  }' >"$2"
}

# A storageState of COOKIES cookies named after the first NAMES declared
# names, each name on paths /p0, /p1, …
storage_state() { # cookies, names, file
  awk -v cookies="$1" -v names="$2" 'BEGIN {
    print "{\"capturedAt\": \"2024-05-01T10:00:00Z\", \"origins\": [], \"cookies\": ["
    for (i = 0; i < cookies; i++)
      printf "%s{\"name\": \"c%d\", \"value\": \"v\", \"domain\": \"www.site.test\", \"path\": \"/p%d\", \"expires\": -1, \"httpOnly\": true, \"secure\": true, \"sameSite\": \"Lax\"}\n", (i ? "," : ""), i % names, int(i / names)
    print "]}"
  }' >"$3"
}

report="$out/import-audit.md"
{
  echo "| run | input | exit | wall seconds | CPU seconds | peak RSS MB |"
  echo "|---|---|---|---|---|---|"
} >"$report"
measure() { # label, input, command...
  local label="$1" input="$2"
  shift 2
  local status=0
  /usr/bin/time -f "%e %U %S %M" -o "$work/time" "$@" >"$work/stdout" 2>"$work/stderr" || status=$?
  # An audit or a check that finds something exits 1; anything else is a failure.
  [ "$status" -le 1 ] || { cat "$work/stderr" >&2; exit 1; }
  read -r seconds user system kilobytes < <(tail -n 1 "$work/time")
  cpu="$(awk -v u="$user" -v s="$system" 'BEGIN { printf "%.2f", u + s }')"
  printf '| %s | %s | %d | %s | %s | %d |\n' "$label" "$input" "$status" "$seconds" "$cpu" "$((kilobytes / 1024))" | tee -a "$report"
}

cd "$work"
for names in 2000 5000 20000; do
  cookie_header_har "$names" "names-$names.har"
  measure import "$names names in a Cookie header" "$COOKIELINT" import "names-$names.har"
done

declaration 20000 cookies.yaml
storage_state 50000 19998 state.json
measure check "20,000 entries" "$COOKIELINT" check --quiet cookies.yaml
measure audit "20,000 entries, 50,000 cookies" "$COOKIELINT" audit --quiet cookies.yaml state.json
echo "written to $report"
