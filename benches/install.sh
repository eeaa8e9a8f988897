#!/usr/bin/env bash
# Times each way to install cookielint, from nothing to the first
# `cookielint check` result on examples/seeds, and measures what each package
# weighs:
#
#   pip         a new venv, `pip install cookielint` from the wheel built
#               here (a warm cache: no download), the check
#   npm         a new project, `npm install` of the main and the host's
#               platform tarballs (packed here), `npx cookielint check`
#   pre-commit  a new PRE_COMMIT_HOME: the mirror hook installs the wheel,
#               then `pre-commit run --all-files` (pre-commit already there)
#   cargo       `cargo install --locked --path .` into a new target folder
#               (crates already downloaded: a cold compile, as a first use)
#
#   bash benches/install.sh   # about 6 minutes, most of it the cargo route
#
# Needs python3, node and npm, and reaches PyPI once (pre-commit,
# setuptools). Installs hyperfine from Debian when missing. Results:
# target/bench/install.md.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
out="$root/target/bench"
mkdir -p "$out"
command -v hyperfine >/dev/null || { apt-get update -qq && apt-get install -y -qq hyperfine >/dev/null; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export NO_COLOR=1 PIP_DISABLE_PIP_VERSION_CHECK=1 PRE_COMMIT_COLOR=never
export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1
export GIT_AUTHOR_NAME=bench GIT_AUTHOR_EMAIL=bench@cookielint.invalid
export GIT_COMMITTER_NAME=bench GIT_COMMITTER_EMAIL=bench@cookielint.invalid

echo "== the packages"
wheel_dir="$root/target/wheels"
bash "$root/scripts/build-wheel.sh" >/dev/null
version=$(sed -n 's/^version = "\(.*\)"$/\1/p' "$root/Cargo.toml" | head -n 1)
binary="$work/binary/cookielint"
python3 -c 'import sys, zipfile
wheel = zipfile.ZipFile(sys.argv[1])
name = next(n for n in wheel.namelist() if n.endswith(".data/scripts/cookielint"))
open(sys.argv[2], "wb").write(wheel.read(name))' "$wheel_dir"/cookielint-*.whl "$(mkdir -p "$work/binary" && echo "$binary")"
chmod 755 "$binary"
# shellcheck disable=SC2016 # JavaScript, with its own template strings
host_target=$(node -e 'const musl = process.platform === "linux" && !process.report.getReport().header.glibcVersionRuntime;
  const arch = { x64: "x64", arm64: "arm64" }[process.arch]; console.log(`${process.platform}-${arch}${musl ? "-musl" : ""}`)')
node "$root/packaging/npm/build-platform-package.mjs" "$host_target" "$binary" "$work/npm"
(cd "$work/npm" && npm pack --silent "$root/packaging/npm/cookielint" "$work/npm/cli-$host_target" >/dev/null)
tarballs=("$work"/npm/*.tgz)
(cd "$root" && cargo package --locked --allow-dirty --no-verify --quiet)
crate="$root/target/package/cookielint-$version.crate"

echo "== pip, npm, pre-commit and cargo, from nothing to the first check"
python3 -m venv "$work/tools"
"$work/tools/bin/pip" install --quiet pre-commit==4.7.0
"$work/tools/bin/pip" download --quiet --dest "$work/find-links" "setuptools>=61"
cp "$wheel_dir"/cookielint-*.whl "$work/find-links/"
# The mirror hook, as the release publishes it, and a project using it.
cp -r "$root/packaging/pre-commit" "$work/hook" && git -C "$work/hook" init -q && git -C "$work/hook" add -A &&
    git -C "$work/hook" commit -qm hook
mkdir "$work/project" && cp "$root/examples/seeds/opendata.pau.fr.cookies.yaml" "$work/project/cookies.yaml"
printf 'repos:\n  - repo: %s\n    rev: %s\n    hooks:\n      - id: cookielint\n' \
    "$work/hook" "$(git -C "$work/hook" rev-parse HEAD)" >"$work/project/.pre-commit-config.yaml"
git -C "$work/project" init -q && git -C "$work/project" add -A

hyperfine --runs 5 --export-markdown "$out/install.md" \
    -n pip --prepare "rm -rf $work/venv" \
    "python3 -m venv $work/venv && PIP_NO_INDEX=1 PIP_FIND_LINKS=$wheel_dir $work/venv/bin/pip install --quiet cookielint && $work/venv/bin/cookielint check $root/examples/seeds" \
    -n npm --prepare "rm -rf $work/node-project && mkdir $work/node-project && cd $work/node-project && npm init -y >/dev/null" \
    "cd $work/node-project && npm install --silent --no-audit --no-fund ${tarballs[*]} && npx cookielint check $root/examples/seeds" \
    -n pre-commit --prepare "rm -rf $work/pre-commit-home" \
    "cd $work/project && PRE_COMMIT_HOME=$work/pre-commit-home PIP_NO_INDEX=1 PIP_FIND_LINKS=$work/find-links $work/tools/bin/pre-commit run --all-files"
hyperfine --runs 1 --export-markdown "$work/cargo.md" \
    -n cargo --prepare "rm -rf $work/cargo-target $work/cargo-root" \
    "CARGO_TARGET_DIR=$work/cargo-target cargo install --quiet --locked --path $root --root $work/cargo-root && $work/cargo-root/bin/cookielint check $root/examples/seeds"
# One run: its row, without a `Relative` of its own.
tail -n 1 "$work/cargo.md" | sed 's/| 1.00 |$/| |/' >>"$out/install.md"

size() { stat -c %s "$1" | awk -v name="$2" '{ printf "| %s | %.1f kB |\n", name, $1 / 1e3 }'; }
{
    echo
    echo "| package | size |"
    echo "|---|---|"
    size "$(ls "$wheel_dir"/cookielint-*.whl)" "wheel ($(basename "$wheel_dir"/cookielint-*.whl))"
    for tarball in "${tarballs[@]}"; do size "$tarball" "npm $(basename "$tarball")"; done
    size "$crate" "crate $(basename "$crate")"
    size "$binary" "the binary, unpacked"
} >>"$out/install.md"
cat "$out/install.md"
