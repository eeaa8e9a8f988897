#!/usr/bin/env bash
# Validates the HTML `cookielint render` writes with the Nu HTML Checker
# (vnu, the W3C's HTML5 validator): the whole page (`render --page`) and the
# tables alone (wrapped in a minimal page), for every seed, the starter and
# tests/fixtures/render/hostile.cookies.yaml, in every language of each.
# Requires no error and no warning. Installs the checker from npm (vnu-jar,
# pinned) and runs it with `java -jar`: a missing java or npm fails the run.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
# shellcheck source=scripts/e2e-lib.sh
source "$root/scripts/e2e-lib.sh"
vnu_version="26.9.27"

e2e_start validate-html
e2e_on_abort() { if [[ -f $WORK/npm.log ]]; then indent "$(cat "$WORK/npm.log")"; fi; }

command -v java >/dev/null 2>&1 ||
    abort "java is on PATH (the checker is a Java program: apt-get install default-jre-headless)"
command -v npm >/dev/null 2>&1 || abort "npm is on PATH (it installs vnu-jar)"

echo "== installing vnu-jar@$vnu_version"
npm install --prefix "$WORK/vnu" --no-audit --no-fund --loglevel=error \
    "vnu-jar@$vnu_version" >"$WORK/npm.log" 2>&1 || abort "npm installs vnu-jar@$vnu_version"
jar="$WORK/vnu/node_modules/vnu-jar/build/dist/vnu.jar"
[[ -f $jar ]] || abort "vnu-jar@$vnu_version ships build/dist/vnu.jar"

echo "== rendering the pages"
cargo build --quiet --manifest-path "$root/Cargo.toml"
cookielint="$root/target/debug/cookielint"
pages="$WORK/pages"
mkdir -p "$pages"
declarations=("$root"/examples/seeds/*.cookies.yaml "$root/examples/starter/cookies.yaml"
    "$root/tests/fixtures/render/hostile.cookies.yaml")
for declaration in "${declarations[@]}"; do
    name=$(basename "$(dirname "$declaration")").$(basename "$declaration" .yaml)
    for language in fr en; do
        page="$pages/$name.$language.page.html"
        capture "$cookielint" render "$declaration" --page --format html --lang "$language" --output "$page"
        expect_exit 0 "render --page --lang $language $name"
        capture "$cookielint" render "$declaration" --format html --lang "$language" --output "$WORK/fragment.html"
        expect_exit 0 "render --lang $language $name (the tables alone)"
        {
            printf '<!doctype html>\n<html lang="%s">\n<head>\n<meta charset="utf-8">\n<title>%s</title>\n</head>\n<body>\n<main>\n<h1>%s</h1>\n' \
                "$language" "$name" "$name"
            cat "$WORK/fragment.html"
            printf '</main>\n</body>\n</html>\n'
        } >"$pages/$name.$language.fragment.html"
    done
done
count=$(find "$pages" -name '*.html' | wc -l)

echo "== the Nu HTML Checker on $count pages"
started=$(date +%s)
# --Werror: a warning fails the run as an error does. The checker judges the
# embedded stylesheets (`<style>`) and the links' URLs too.
capture java -jar "$jar" --Werror --format gnu "$pages"
echo "(the checker ran in $(($(date +%s) - started)) s)"
if [[ $rc -eq 0 && -z $out ]]; then
    pass "$count pages: no error, no warning"
else
    fail "$count pages: no error, no warning (exit $rc)" "$out"
fi

summary
