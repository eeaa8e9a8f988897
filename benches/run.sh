#!/usr/bin/env bash
# Benchmarks `cookielint check` as a whole process, against `cat` and the
# parse-only floor on the same generated files, and optionally two peers.
#
#   bash benches/run.sh            # 1, 1,000 and 10,000 files (about 3 minutes)
#   bash benches/run.sh --full     # also 100,000 files (790 MB), with peak memory (~5 min more)
#   bash benches/run.sh --peers    # also check-jsonschema and Spectral on 1 and 1,000 files
#                                  # (installs them: minutes); with --full, on 10,000 too
#
# Every ratio comes from one hyperfine run that timed both commands side by
# side. Installs hyperfine from Debian when missing, the peers from PyPI and
# npm into a temporary folder. Results: target/bench/summary.md (the figures
# BENCHMARKS.md quotes) and hyperfine's own tables, target/bench/*.md.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
full=false
peers=false
for argument in "$@"; do
  case "$argument" in
    --full) full=true ;;
    --peers) peers=true ;;
    *) echo "usage: bash benches/run.sh [--full] [--peers]" >&2; exit 2 ;;
  esac
done
check_jsonschema_version="0.39.0"
spectral_version="6.16.3"

out="$root/target/bench"
rm -rf "$out"
mkdir -p "$out"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

echo "== building"
cargo build --release --quiet --manifest-path "$root/Cargo.toml" --bin cookielint --example gen-corpus --example parse-floor
cookielint="$root/target/release/cookielint"
floor="$root/target/release/examples/parse-floor"
generate="$root/target/release/examples/gen-corpus"

command -v hyperfine >/dev/null || { apt-get update -qq && apt-get install -y -qq hyperfine >/dev/null; }

echo "== corpora"
for count in 1 1000 10000; do "$generate" "$work/c$count" "$count"; done
$full && "$generate" "$work/c100000" 100000
one="$work/c1/group0000/site000000.cookies.yaml"

run() { # name, hyperfine arguments...
  local name="$1"
  shift
  echo "== $name"
  hyperfine --ignore-failure --export-markdown "$out/$name.md" --export-json "$out/$name.json" "$@"
}

# One file, and the steps of start-up: `version` (`--version`) is process
# start and argument parsing; `rules` adds loading the 18 built-in rules;
# `check` adds compiling the schema, linting and reporting.
run one-file -N --warmup 20 --runs 200 \
  -n cat -n "check" -n "version" -n "rules" -n "floor" \
  "cat $one" "$cookielint check $one" "$cookielint --version" "$cookielint rules" "$floor $one"
run scale -N --warmup 1 --runs 5 \
  -n "check 1000" -n "floor 1000" -n "check 10000" -n "floor 10000" \
  "$cookielint check $work/c1000 --format concise" "$floor $work/c1000" \
  "$cookielint check $work/c10000 --format concise" "$floor $work/c10000"
if $full; then
  run scale-full -N --warmup 0 --runs 3 \
    -n "check 10000" -n "check 100000" -n "floor 100000" \
    "$cookielint check $work/c10000 --format concise" \
    "$cookielint check $work/c100000 --format concise" "$floor $work/c100000"
fi

echo "== peak memory (maximum resident set size)"
peak_rss() { # command... -> MB
  local kb
  kb=$(/usr/bin/time -f "%M" "$@" 2>&1 >/dev/null | tail -1 || true)
  echo "$((kb / 1024)) MB"
}
{
  echo "| what | files | peak RSS |"
  echo "|---|---|---|"
  counts="1000 10000"
  $full && counts="$counts 100000"
  for count in $counts; do
    echo "| cookielint check | $count | $(peak_rss "$cookielint" check "$work/c$count" --format concise --quiet) |"
  done
} >"$out/memory.md"
cat "$out/memory.md"

echo "== the same output whatever the thread count"
RAYON_NUM_THREADS=1 "$cookielint" check "$work/c10000" --format concise >"$work/one-thread.txt" 2>/dev/null || true
RAYON_NUM_THREADS=2 "$cookielint" check "$work/c10000" --format concise >"$work/two-threads.txt" 2>/dev/null || true
if cmp -s "$work/one-thread.txt" "$work/two-threads.txt"; then
  echo "identical: $(wc -l <"$work/one-thread.txt") lines" | tee "$out/determinism.md"
else
  echo "DIFFERENT" | tee "$out/determinism.md"
  exit 1
fi

if $peers; then
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
  schema_file="$root/schema/cookielint.schema.json"
  run peers-1 --warmup 1 --runs 10 -n check -n check-jsonschema -n Spectral \
    "$cookielint check $one" "$check_jsonschema --schemafile $schema_file $one" \
    "$spectral lint $one --ruleset $work/spectral.json --quiet"
  peer_counts="1000"
  $full && peer_counts="1000 10000"
  for count in $peer_counts; do
    run "peers-$count" --warmup 0 --runs 1 -n check -n check-jsonschema -n Spectral \
      "$cookielint check $work/c$count --format concise" \
      "$check_jsonschema --schemafile $schema_file $work/c$count/*/*.yaml" \
      "$spectral lint '$work/c$count/**/*.yaml' --ruleset $work/spectral.json --quiet"
  done
  echo "| Spectral | 1000 | $(peak_rss "$spectral" lint "$work/c1000/**/*.yaml" --ruleset "$work/spectral.json" --quiet) |" \
    | tee -a "$out/memory.md"
fi

echo "== summary"
python3 - "$out" "$(nproc)" "$(free -g | awk '/^Mem:/ {print $2}')" \
  "$(sed -n 's/^PRETTY_NAME="\(.*\)"$/\1/p' /etc/os-release)" "$(rustc --version)" <<'PY' | tee "$out/summary.md"
import datetime, json, os, sys
out, cores, memory, system, rust = sys.argv[1:]
print(f"Measured {datetime.date.today()} on {cores} cores, {memory} GiB, {system}, {rust}.\n")

def run(name):
    path = os.path.join(out, name + ".json")
    if not os.path.exists(path):
        return None
    return {r["command"]: r for r in json.load(open(path))["results"]}

# Medians: on a shared machine a few runs land behind another process, and
# a mean would carry them into the ratio.
def time(result):
    median, sd = result["median"], result["stddev"] or 0
    if median < 1:
        return f"{median * 1000:.1f} ms (σ {sd * 1000:.1f})"
    return f"{median:.2f} s (σ {sd:.2f})"

print("| run | command | median time | reference | reference median | ratio of medians |")
print("|---|---|---|---|---|---|")
def row(name, command, reference):
    results = run(name)
    if results is None:
        return
    a, b = results[command], results[reference]
    print(f"| {name} | {command} | {time(a)} | {reference} | {time(b)} | {a['median'] / b['median']:.2f}× |")

row("one-file", "check", "cat")
row("one-file", "version", "cat")
row("one-file", "rules", "cat")
row("one-file", "floor", "cat")
row("scale", "check 1000", "floor 1000")
row("scale", "check 10000", "floor 10000")
row("scale", "check 10000", "check 1000")
row("scale-full", "check 100000", "floor 100000")
row("scale-full", "check 100000", "check 10000")
for name in ["peers-1", "peers-1000", "peers-10000"]:
    row(name, "check-jsonschema", "check")
    row(name, "Spectral", "check")
print()
print(open(os.path.join(out, "memory.md")).read().rstrip())
print()
print("Output with 1 thread and with 2: " + open(os.path.join(out, "determinism.md")).read().strip())
PY
echo "== results in $out"
