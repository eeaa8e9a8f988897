#!/usr/bin/env bash
# One-file `cookielint check` start-up, this tree's release binary against a
# base: a git revision (built here, in a worktree under target/) or a
# binary's path. The file is one seed charter; `cat` of it is the floor.
#
#   bash benches/startup.sh df010ef                  # builds df010ef: minutes
#   bash benches/startup.sh /path/to/old/cookielint
#
# Installs hyperfine from Debian when missing. Results: target/bench/startup.md.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
base="${1:?usage: $0 BASE_REVISION|BASE_BINARY}"
out="$root/target/bench"
mkdir -p "$out"
command -v hyperfine >/dev/null || { apt-get update -qq && apt-get install -y -qq hyperfine >/dev/null; }

echo "== building this tree"
cargo build --release --quiet --manifest-path "$root/Cargo.toml" --bin cookielint
if [[ -x $base && ! -d $base ]]; then
    base_binary="$base"
else
    echo "== building $base"
    worktree="$root/target/bench/base-tree"
    git -C "$root" worktree remove --force "$worktree" 2>/dev/null || true
    git -C "$root" worktree add --quiet --detach "$worktree" "$base"
    trap 'git -C "$root" worktree remove --force "$worktree"' EXIT
    CARGO_TARGET_DIR="$root/target/bench/base-target" \
        cargo build --release --quiet --manifest-path "$worktree/Cargo.toml" --bin cookielint
    base_binary="$root/target/bench/base-target/release/cookielint"
fi

file="$root/examples/seeds/opendata.pau.fr.cookies.yaml"
hyperfine -N --warmup 20 --runs 300 --export-markdown "$out/startup.md" \
    -n "cat" "cat $file" \
    -n "base: check one file" "$base_binary check $file" \
    -n "this tree: check one file" "$root/target/release/cookielint check $file"
