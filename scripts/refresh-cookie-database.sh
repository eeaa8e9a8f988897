#!/usr/bin/env bash
# Replaces the Open Cookie Database in data/ with a newer CSV:
#   scripts/refresh-cookie-database.sh NEW.csv [COMMIT]
# The CSV is first read as the build reads it (the `cookie-database`
# example): a malformed one is reported at its line and column and the old
# file stays. Then the Snapshot line of SOURCE.md names COMMIT (upstream's,
# if given), today's date and the row count, and the counts are printed.
set -euo pipefail

if [[ $# -lt 1 || $# -gt 2 ]]; then
    echo "usage: $0 NEW.csv [COMMIT]" >&2
    exit 2
fi
new=$1
commit=${2:-}
root=$(cd "$(dirname "$0")/.." && pwd)
data=$root/data/open-cookie-database

if ! counts=$(cd "$root" && cargo run --quiet --example cookie-database -- "$(realpath "$new")"); then
    echo "refresh-cookie-database: $new was not taken; $data/open-cookie-database.csv is unchanged" >&2
    exit 1
fi
rows=$(sed -n 's/^\([0-9]*\) rows.*/\1/p' <<<"$counts")
snapshot="commit ${commit:-unknown} (taken $(date -u +%Y-%m-%d)), $rows rows"

cp "$new" "$data/open-cookie-database.csv.new"
mv "$data/open-cookie-database.csv.new" "$data/open-cookie-database.csv"
sed -i "s|^- Snapshot: .*|- Snapshot: $snapshot|" "$data/SOURCE.md"
echo "data/open-cookie-database: $snapshot"
echo "$counts"
