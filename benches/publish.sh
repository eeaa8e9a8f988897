#!/usr/bin/env bash
# What publishing costs on top of checking: `render --page` (HTML and
# Markdown) and `export --to` each consent manager, against `check` of the
# same declaration, for one seed and for generated declarations of 1,000 and
# 20,000 cookies (fr and en, four categories, one provider per cookie: the
# worst case for grouping services). Each publishing command checks the
# file first, so its time minus check's is the publishing itself.
#
#   bash benches/publish.sh        # about 2 minutes
#
# Installs hyperfine from Debian when missing. Results: target/bench/publish.md
# (hyperfine's table per size) and target/bench/publish-memory.md (peak RSS).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
out="$root/target/bench"
mkdir -p "$out"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
command -v hyperfine >/dev/null || { apt-get update -qq && apt-get install -y -qq hyperfine >/dev/null; }

echo "== building"
cargo build --release --quiet --manifest-path "$root/Cargo.toml" --bin cookielint
cookielint="$root/target/release/cookielint"

# A declaration of COUNT cookies that passes check: a consent record, then
# cookies cycling through the four categories, each from its own provider.
declaration() { # count -> file
  local count="$1" file="$work/d$1.cookies.yaml"
  {
    echo "version: 1"
    echo "site: { name: Bench, url: 'https://bench.example', languages: [fr, en], consent_manager: '#cookies' }"
    echo "cookies:"
    echo "  - { name: consent, provider: Bench, purpose: { fr: Choix., en: Choice. }, category: necessary, party: first, consent: exempt, stores_consent: true, duration: P6M }"
    local categories=(necessary preferences statistics marketing) index category consent
    for ((index = 1; index < count; index++)); do
      category="${categories[index % 4]}"
      consent=required
      [[ $category == necessary ]] && consent=exempt
      echo "  - { name: c${index}_*, provider: Provider $index, purpose: { fr: 'Finalité $index.', en: 'Purpose $index.' }, category: $category, party: first, consent: $consent, duration: P1M }"
    done
  } >"$file"
  echo "$file"
}

seed="$root/examples/seeds/opendata.pau.fr.cookies.yaml"
rm -f "$out/publish.md"
for size in seed 1000 20000; do
  if [[ $size == seed ]]; then file="$seed"; runs=100; else file="$(declaration "$size")"; runs=5; fi
  "$cookielint" check "$file" >/dev/null
  echo "== $size"
  hyperfine -N --warmup 2 --runs "$runs" --export-markdown "$work/$size.md" \
    -n "check" "$cookielint check $file" \
    -n "render --page (html)" "$cookielint render $file --page --format html" \
    -n "render --page (markdown)" "$cookielint render $file --page --format markdown" \
    -n "export cookieconsent" "$cookielint export $file --to cookieconsent" \
    -n "export klaro" "$cookielint export $file --to klaro" \
    -n "export tarteaucitron" "$cookielint export $file --to tarteaucitron"
  { echo "### $size"; echo; cat "$work/$size.md"; echo; } >>"$out/publish.md"
done

echo "== peak memory, 20,000 cookies"
peak_rss() { # command... -> MB
  local kb
  kb=$(/usr/bin/time -f "%M" "$@" 2>&1 >/dev/null | tail -1)
  echo "$((kb / 1024)) MB"
}
big="$work/d20000.cookies.yaml"
{
  echo "| command | input | output | peak RSS |"
  echo "|---|---|---|---|"
  echo "| check | $(du -h "$big" | cut -f1) | | $(peak_rss "$cookielint" check "$big") |"
  echo "| render --page | | $("$cookielint" render "$big" --page | wc -c | numfmt --to=iec) | $(peak_rss "$cookielint" render "$big" --page) |"
  for manager in cookieconsent klaro tarteaucitron; do
    echo "| export $manager | | $("$cookielint" export "$big" --to "$manager" | wc -c | numfmt --to=iec) | $(peak_rss "$cookielint" export "$big" --to "$manager") |"
  done
} >"$out/publish-memory.md"
cat "$out/publish.md" "$out/publish-memory.md"
