#!/usr/bin/env bash
# Benchmarks `cookielint check` as a whole process, against the parse-only
# floor and two peers a team would otherwise use, on the same generated files.
#
#   bash benches/run.sh          # 1, 1,000 and 10,000 files; peers on 1 and 1,000
#   bash benches/run.sh --full   # also 100,000 files, and peers on 10,000 (~15 min more)
#
# Installs what it needs (hyperfine from Debian, check-jsonschema from PyPI,
# Spectral from npm) into a temporary folder. Results: target/bench/*.md.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
full=false
[ "${1:-}" = "--full" ] && full=true
check_jsonschema_version="0.39.0"
spectral_version="6.16.3"

out="$root/target/bench"
mkdir -p "$out"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

echo "== building"
cargo build --release --quiet --manifest-path "$root/Cargo.toml" --bin cookielint --example gen-corpus --example parse-floor
cookielint="$root/target/release/cookielint"
floor="$root/target/release/examples/parse-floor"
generate="$root/target/release/examples/gen-corpus"

command -v hyperfine >/dev/null || { apt-get update -qq && apt-get install -y -qq hyperfine >/dev/null; }

echo "== peers"
python3 -m venv "$work/venv"
"$work/venv/bin/pip" install --quiet "check-jsonschema==$check_jsonschema_version"
check_jsonschema="$work/venv/bin/check-jsonschema"
npm install --prefix "$work/npm" --no-audit --no-fund --loglevel=error "@stoplight/spectral-cli@$spectral_version" >/dev/null
spectral="$work/npm/node_modules/.bin/spectral"
# Spectral's ruleset: the project's own schema, and the three core rules.
python3 - "$root/schema/cookielint.schema.json" "$work/spectral.json" <<'PY'
import json, sys
schema = json.load(open(sys.argv[1]))
ruleset = {"rules": {
    "schema": {"given": "$", "severity": "error",
               "then": {"function": "schema", "functionOptions": {"schema": schema, "dialect": "draft2020-12"}}},
    "third-party-consent": {"given": "$.cookies[?(@.party == 'third')]", "severity": "error",
                            "then": {"field": "consent", "function": "pattern", "functionOptions": {"notMatch": "^exempt$"}}},
    "necessary-no-consent": {"given": "$.cookies[?(@.category == 'necessary')]", "severity": "warn",
                             "then": {"field": "consent", "function": "pattern", "functionOptions": {"notMatch": "^required$"}}},
    "purpose-required": {"given": "$.cookies[*]", "severity": "error",
                         "then": {"field": "purpose", "function": "truthy"}},
}}
json.dump(ruleset, open(sys.argv[2], "w"))
PY

echo "== corpora"
for count in 1 1000 10000; do "$generate" "$work/c$count" "$count"; done
$full && "$generate" "$work/c100000" 100000
one="$work/c1/group0000/site000000.cookies.yaml"

run() { # name, hyperfine arguments...
  local name="$1"
  shift
  echo "== $name"
  hyperfine --ignore-failure --export-markdown "$out/$name.md" "$@"
}

run one-file -N --warmup 10 --runs 100 \
  "cat $one" "$cookielint check $one" "$floor $one"
run one-file-peers --warmup 1 --runs 10 \
  "$cookielint check $one" "$check_jsonschema --schemafile $root/schema/cookielint.schema.json $one" \
  "$spectral lint $one --ruleset $work/spectral.json --quiet"
run 1000-files --warmup 2 --runs 10 \
  "$cookielint check $work/c1000 --format concise" "$floor $work/c1000"
run 1000-files-peers --warmup 0 --runs 3 \
  "$cookielint check $work/c1000 --format concise" \
  "$check_jsonschema --schemafile $root/schema/cookielint.schema.json $work/c1000/*/*.yaml" \
  "$spectral lint '$work/c1000/**/*.yaml' --ruleset $work/spectral.json --quiet"
run 10000-files --warmup 1 --runs 10 \
  "$cookielint check $work/c10000 --format concise" "$floor $work/c10000"
if $full; then
  run 100000-files --warmup 0 --runs 3 \
    "$cookielint check $work/c100000 --format concise" "$floor $work/c100000"
  run 10000-files-peers --warmup 0 --runs 1 \
    "$cookielint check $work/c10000 --format concise" \
    "$check_jsonschema --schemafile $root/schema/cookielint.schema.json $work/c10000/*/*.yaml" \
    "$spectral lint '$work/c10000/**/*.yaml' --ruleset $work/spectral.json --quiet"
fi

echo "== peak memory (maximum resident set size)"
{
  echo "| what | files | peak RSS |"
  echo "|---|---|---|"
  for count in 1000 10000; do
    rss=$(/usr/bin/time -f "%M" "$cookielint" check "$work/c$count" --format concise --quiet 2>&1 >/dev/null | tail -1 || true)
    echo "| cookielint check | $count | $((rss / 1024)) MB |"
  done
  rss=$(/usr/bin/time -f "%M" "$spectral" lint "$work/c1000/**/*.yaml" --ruleset "$work/spectral.json" --quiet 2>&1 >/dev/null | tail -1 || true)
  echo "| Spectral | 1000 | $((rss / 1024)) MB |"
} | tee "$out/memory.md"

echo "== the same output whatever the thread count"
RAYON_NUM_THREADS=1 "$cookielint" check "$work/c10000" --format concise >"$work/one-thread.txt" 2>/dev/null || true
RAYON_NUM_THREADS=2 "$cookielint" check "$work/c10000" --format concise >"$work/two-threads.txt" 2>/dev/null || true
if cmp -s "$work/one-thread.txt" "$work/two-threads.txt"; then
  echo "identical: $(wc -l <"$work/one-thread.txt") lines" | tee "$out/determinism.md"
else
  echo "DIFFERENT" | tee "$out/determinism.md"
  exit 1
fi
echo "== results in $out"
