#!/usr/bin/env bash
# The team's known cookies at scale, and `lookup` of many names: `check` of
# a declaration of COUNT cookies with and without a `known-cookies` file of
# COUNT entries (the `known-cookie-category` rule looks every declared name
# up in it), and `lookup` of LOOKUPS names none of which is known (each gets
# a "did you mean" search of the database) and of LOOKUPS names the team's
# file knows. Each command must stay near-linear in its input (issue 20).
#
#   bash benches/knowledge.sh [COUNT [LOOKUPS [BASE_BINARY]]]   # 30000 5000
#
# With BASE_BINARY (an older build), the same commands are timed with it
# too. Installs hyperfine from Debian when missing. Results:
# target/bench/knowledge.md.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
count="${1:-30000}"
lookups="${2:-5000}"
base="${3:+$(realpath "$3")}"
out="$root/target/bench"
mkdir -p "$out"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
command -v hyperfine >/dev/null || { apt-get update -qq && apt-get install -y -qq hyperfine >/dev/null; }

[ -n "${KNOWLEDGE_NO_BUILD:-}" ] || cargo build --release --quiet --manifest-path "$root/Cargo.toml" --bin cookielint
cookielint="$root/target/release/cookielint"

# The team's file: COUNT cookies, one in ten a pattern, all statistics.
mkdir -p "$work/team" "$work/alone"
{
  echo "version: 1"
  echo "cookies:"
  for ((index = 0; index < count; index++)); do
    name="team_$index"
    ((index % 10 == 0)) && name="team_${index}_*"
    echo "  - { name: '$name', provider: Team, purpose: Measures., category: statistics, party: first, consent: required, duration: P1M }"
  done
} >"$work/team/known.yaml"
echo 'known-cookies = ["known.yaml"]' >"$work/team/cookielint.toml"
# The site's declaration: the same names, one in a hundred declared
# necessary (a `known-cookie-category` finding each).
{
  echo "version: 1"
  echo "site: { name: Bench, url: 'https://bench.example', languages: [en] }"
  echo "cookies:"
  for ((index = 0; index < count; index++)); do
    category=statistics consent=required
    ((index % 100 == 1)) && category=necessary consent=exempt
    echo "  - { name: team_$index, provider: Team, purpose: Measures., category: $category, party: first, consent: $consent, duration: P1M }"
  done
} >"$work/site.cookies.yaml"
cp "$work/site.cookies.yaml" "$work/alone/"
cp "$work/site.cookies.yaml" "$work/team/"
seq 0 $((lookups - 1)) | sed 's/^/unknown_/' >"$work/unknown-names"
seq 0 $((lookups - 1)) | sed 's/^/team_/' >"$work/team-names"

commands=()
for binary in "$cookielint" ${base:+"$base"}; do
  label="this tree"
  [[ $binary == "$cookielint" ]] || label="base"
  commands+=(
    -n "$label: check $count, no known-cookies" "cd $work/alone && $binary check --quiet site.cookies.yaml"
    -n "$label: check $count, $count known-cookies" "cd $work/team && $binary check --quiet site.cookies.yaml"
    -n "$label: lookup $lookups unknown names" "cd $work/alone && $binary lookup \$(cat $work/unknown-names) >/dev/null"
    -n "$label: lookup $lookups team names" "cd $work/team && $binary lookup \$(cat $work/team-names) >/dev/null"
  )
done
# `check` exits 1 (the findings), `lookup` of unknown names too.
hyperfine --shell bash --ignore-failure --warmup 1 --runs 3 --export-markdown "$out/knowledge.md" "${commands[@]}"
cat "$out/knowledge.md"
