#!/bin/sh
# Fills fuzz/corpus/<target>/ with the seeds: the committed ones in
# fuzz/seeds/, the repository's examples/, the built-in rules (as rule
# files, and their `bad:`/`good:` examples as declarations), and the test
# suite's capture fixtures. Safe to re-run:
# files are named by content, and a corpus that already grew is kept.
set -eu
cd "$(dirname "$0")"
root=..
lint=corpus/lint
rc=corpus/rules_and_config
capture=corpus/capture
mkdir -p "$lint" "$rc" "$capture"

add() { # add DIR FILE [PREFIX]: copy FILE (after PREFIX) into DIR, named by its hash
    tmp=$(mktemp)
    { printf "%s" "${3:-}"; cat "$2"; } > "$tmp"
    mv "$tmp" "$1/seed-$(sha1sum < "$tmp" | cut -c1-16)"
}

# Declarations: examples/, the committed hostile seeds, the rules' examples.
find "$root/examples" seeds/lint -type f | while read -r file; do add "$lint" "$file"; done
for rule in "$root"/rules/*.yaml; do
    # Each `  - bad: |` / `  - good: |` block scalar, indented six spaces.
    awk -v out="$lint/rule-$(basename "$rule" .yaml)" '
        /^  - (bad|good): \|$/ { n++; file = out "-" n; inblock = 1; next }
        inblock && /^      / { print substr($0, 7) > file; next }
        inblock && /^$/ { print "" > file; next }
        { inblock = 0 }
    ' "$rule"
done

# Large declarations (about 1 MiB), made here rather than committed, in
# their own folder: thousands of entries, most with a mistake (duplicates,
# misspelt keys, malformed paths and flags), one 1 MiB line, and one flow
# list of the same size. Each gives tens of thousands of findings, which the
# instrumented target renders in six formats in 30-45 s: run them one by one
# (docs/fuzzing.md), not as corpus of a run with -timeout=10.
large=corpus/large
mkdir -p "$large"
awk 'BEGIN {
    print "version: 1\nsite: { languages: [fr, en] }\ncookies:"
    for (i = 0; i < 5500; i++)
        printf "  - { name: c%d, provider: Us, purpuse: TODO, category: necessary, party: third, consent: exempt, stores_consent: yes, duration: P%dD, attributes: { path: shop } }\n", i % 50, i
}' > "$large/entries.yaml"
awk 'BEGIN {
    printf "version: 1\ncookies:\n  - { name: sid, provider: Us, category: necessary, party: first, consent: exempt, duration: session, purpose: \""
    for (i = 0; i < 1040000; i++) printf "x"
    print "\" }"
}' > "$large/line.yaml"
awk 'BEGIN {
    printf "version: 1\ncookies: ["
    for (i = 0; i < 9000; i++) printf "{name: c%d, provider: Us, purpose: x, category: marketing, party: third, consent: exempt, duration: P2Y},", i % 7
    print "]"
}' > "$large/flow.yaml"

# Rule files (first byte R) and configurations (first byte C).
for file in "$root"/rules/*.yaml seeds/rules_and_config/*.yaml; do add "$rc" "$file" R; done
for file in seeds/rules_and_config/*.toml; do add "$rc" "$file" C; done
printf 'C' > "$rc/seed-empty-config"

# Captures: the committed seeds, and every capture fixture of the tests
# (HARs, storageStates, DevTools cookie lists, inspection.json), all small.
find seeds/capture "$root/tests/fixtures/captures" -type f \( -name '*.har' -o -name '*.json' \) |
    while read -r file; do add "$capture" "$file"; done

echo "$(ls "$lint" | wc -l) seeds in $lint, $(ls "$rc" | wc -l) in $rc, $(ls "$capture" | wc -l) in $capture"
