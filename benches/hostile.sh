#!/usr/bin/env bash
# Times `cookielint check` on hostile declarations (tests/common/hostile.rs at
# full size), in every output format, with each run's peak memory.
#
#   bash benches/hostile.sh [SCALE]     # SCALE 1 (default) is the full size
#
# The bar (issue 9): every case answered within 2 s and 256 MB, exit 0 or 1.
# Results: target/bench/hostile.md.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
scale="${1:-1}"
out="$root/target/bench"
mkdir -p "$out"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

[ -n "${HOSTILE_NO_BUILD:-}" ] || cargo build --release --quiet --manifest-path "$root/Cargo.toml" --bin cookielint --example hostile-corpus
"$root/target/release/examples/hostile-corpus" "$work/cases" "$scale" >/dev/null

report="$out/hostile.md"
{
  echo "| case | size | format | exit | seconds | peak RSS MB | output MB |"
  echo "|---|---|---|---|---|---|---|"
} >"$report"
worst_seconds=0
worst_memory=0
for file in "$work"/cases/*.cookies.yaml; do
  name="$(basename "$file" .cookies.yaml)"
  size="$(du -k "$file" | cut -f1)"
  for format in full concise json sarif github gitlab; do
    set +e
    timeout 30 /usr/bin/time -f "%e %M" -o "$work/time" \
      "$root/target/release/cookielint" check --format "$format" --quiet "$file" >"$work/stdout" 2>"$work/stderr"
    status=$?
    set -e
    # GNU time's last line is the figures; a run the timeout killed has none.
    read -r seconds kilobytes < <(tail -n 1 "$work/time") || true
    if [ "$status" -eq 124 ]; then seconds=30; kilobytes=0; fi
    output="$(du -k "$work/stdout" | cut -f1)"
    printf '| %s | %d KB | %s | %d | %s | %d | %.1f |\n' "$name" "$size" "$format" "$status" \
      "$seconds" $((kilobytes / 1024)) "$(echo "$output / 1024" | bc -l)" >>"$report"
    worst_seconds="$(echo "if ($seconds > $worst_seconds) $seconds else $worst_seconds" | bc -l)"
    [ "$kilobytes" -gt "$worst_memory" ] && worst_memory="$kilobytes"
  done
done
echo "worst: ${worst_seconds} s, $((worst_memory / 1024)) MB peak RSS" >>"$report"
cat "$report"
