#!/usr/bin/env bash
# End-to-end test of the npm packages (packaging/npm): the host's platform
# package is built around a given cookielint binary with
# build-platform-package.mjs, both packages are packed with `npm pack`,
# installed from their tarballs into a throw-away project and run through
# `npx cookielint` with no Rust toolchain on PATH; then the launcher's
# failure modes (no binary for the platform, platform package left out,
# binary that cannot start) and its COOKIELINT_BINARY override.
#
#   scripts/npm-e2e.sh <binary-path>    # e.g. target/release/cookielint
#
# Needs node (18+) and npm; reaches the npm registry, which answers 404 for
# the platform packages of the other targets until they are published: npm
# skips an optional dependency it cannot fetch, and the host's is installed
# from its tarball. Prints one PASS/FAIL line per check, the time from an
# empty project to the first check result and the tarball sizes, then
# `N passed, M failed`.
# shellcheck disable=SC2016 # JavaScript and sh in single quotes, expanded by them
set -euo pipefail

if [[ $# -ne 1 ]]; then
    echo "usage: $0 <binary-path>" >&2
    exit 2
fi
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BINARY=$(realpath -m -- "$1")
# shellcheck source=e2e-lib.sh
source "$ROOT/scripts/e2e-lib.sh"
e2e_start npm-e2e

# npm's cache, logs and configuration stay under $WORK; npm settings
# inherited from the caller (`npm run`, an omit=optional in the environment
# or ~/.npmrc) must not change the outcome.
while read -r inherited; do unset "$inherited"; done < <(compgen -e | grep -i '^npm_config_' || true)
mkdir -p "$WORK/npm-cache"
: >"$WORK/npmrc"
export npm_config_userconfig="$WORK/npmrc" npm_config_cache="$WORK/npm-cache"
export npm_config_logs_dir="$WORK/npm-logs" npm_config_update_notifier=false
export npm_config_fund=false npm_config_audit=false npm_config_color=false NO_COLOR=1


echo "== tools"
for tool in node npm; do
    command -v "$tool" >/dev/null || abort "$tool is on PATH"
done
echo "node $(node --version), npm $(npm --version)"
capture node -e 'process.exit(Number(process.versions.node.split(".")[0]) >= 18 ? 0 : 1)'
[[ $rc -eq 0 ]] || abort "node is 18 or newer (the package's engines.node)" "$(node --version)"
# A binary taken out of a wheel with zipfile has lost its mode: the build
# script sets it.
[[ -f $BINARY ]] || abort "$BINARY is a file"

VERSION=$(sed -n 's/^version = "\(.*\)"$/\1/p' "$ROOT/Cargo.toml" | head -n 1)
capture node -p 'require(process.argv[1]).version' "$ROOT/packaging/npm/cookielint/package.json"
if [[ $out == "$VERSION" ]]; then
    pass "packaging/npm/cookielint/package.json is at Cargo.toml's version $VERSION"
else
    fail "packaging/npm/cookielint/package.json is at Cargo.toml's version $VERSION" "$out"
fi

# The target as the launcher derives it; Node built for musl reports no glibc.
TARGET=$(node -p '
  const libc = process.platform === "linux" && !process.report.getReport().header.glibcVersionRuntime;
  `${process.platform}-${process.arch}${libc ? "-musl" : ""}`')
PLATFORM_PACKAGE="@cookielint/cli-$TARGET"
echo "host target: $TARGET"

echo "== building $PLATFORM_PACKAGE"
# build-platform-package.mjs copies the licences into the main package's
# directory too: it runs from a copy of the repository's layout, so that this
# test writes nothing into the repository.
STAGE="$WORK/stage"
mkdir -p "$STAGE/packaging"
cp -R "$ROOT/packaging/npm" "$STAGE/packaging/npm"
rm -f "$STAGE"/packaging/npm/cookielint/LICENSE-*
for license in LICENSE-MIT LICENSE-APACHE; do
    if [[ -f $ROOT/$license ]]; then
        cp "$ROOT/$license" "$STAGE/$license"
    else
        fail "the repository has $license, which the npm packages must ship"
    fi
done
BUILD="$STAGE/packaging/npm/build-platform-package.mjs"
capture node "$BUILD" "$TARGET" "$BINARY" "$WORK/packages"
[[ $rc -eq 0 ]] || abort "build-platform-package.mjs $TARGET" "$out"
pass "build-platform-package.mjs $TARGET"
PLATFORM_DIR="$WORK/packages/cli-$TARGET"

capture node - "$PLATFORM_DIR/package.json" "$TARGET" "$VERSION" <<'EOF'
const [file, target, version] = process.argv.slice(2);
const manifest = require(file);
const [os, cpu, variant] = target.split("-");
const expected = {
  name: `@cookielint/cli-${target}`, version, os: [os], cpu: [cpu],
  libc: os === "linux" ? [variant === "musl" ? "musl" : "glibc"] : undefined,
  preferUnplugged: true, license: "MIT OR Apache-2.0", publishConfig: { access: "public" },
};
const wrong = Object.entries(expected).filter(
  ([key, value]) => JSON.stringify(manifest[key]) !== JSON.stringify(value));
if (wrong.length) {
  console.log(wrong.map(([key, value]) => `${key}: ${JSON.stringify(manifest[key])}, expected ${JSON.stringify(value)}`).join("\n"));
  process.exit(1);
}
EOF
expect_exit 0 "the platform package.json: name, version, os, cpu, libc, preferUnplugged, license, public access"

capture node "$BUILD" aix-ppc64 "$BINARY" "$WORK/packages"
expect_exit 2 "build-platform-package.mjs rejects an unknown target with exit 2" 'unknown target "aix-ppc64"' linux-x64
if [[ ! -e $WORK/packages/cli-aix-ppc64 ]]; then
    pass "no package directory for the unknown target"
else
    fail "no package directory for the unknown target"
fi

echo "== npm pack"
# Packs a package directory into $WORK: its name in $tarball, its size,
# unpacked size and files (with their modes) in $out.
pack() {
    local dir=$1 json
    json=$(cd "$dir" && npm pack --json --pack-destination "$WORK" 2>&1) ||
        abort "npm pack $dir" "$json"
    tarball="$WORK/$(node -p 'JSON.parse(process.argv[1])[0].filename' "$json")"
    rc=0
    out=$(node -e '
      const [info] = JSON.parse(process.argv[1]);
      console.log(`${info.name}@${info.version}: ${info.filename}, ${info.size} bytes packed, ${info.unpackedSize} unpacked`);
      for (const f of info.files) console.log(`  ${f.mode.toString(8)} ${f.size} ${f.path}`);
    ' "$json")
}
pack "$PLATFORM_DIR"
echo "$out"
PLATFORM_TARBALL=$tarball
executable=cookielint
[[ $TARGET == win32-* ]] && executable=cookielint.exe
expect_exit 0 "$PLATFORM_PACKAGE packs the binary (mode 755) and both licences" \
    "755 $(stat -c %s "$BINARY") $executable" " LICENSE-MIT" " LICENSE-APACHE" " README.md"

pack "$STAGE/packaging/npm/cookielint"
echo "$out"
MAIN_TARBALL=$tarball
expect_exit 0 "cookielint packs the launcher (mode 755), README and both licences" \
    "755 $(stat -c %s "$ROOT/packaging/npm/cookielint/bin/cookielint.js") bin/cookielint.js" " LICENSE-MIT" " LICENSE-APACHE" " README.md"

# The launcher and npm with no Rust toolchain anywhere on PATH: a directory
# holding only node, npm, npx and the sh that npx runs bins with.
NO_RUST_BIN="$WORK/no-rust-bin"
mkdir -p "$NO_RUST_BIN"
for tool in node npm npx sh; do ln -s "$(command -v "$tool")" "$NO_RUST_BIN/$tool"; done
no_rust() { PATH="$NO_RUST_BIN" "$@"; }
capture no_rust bash -c 'command -v cargo || command -v rustc || command -v rustup'
if [[ $rc -ne 0 ]]; then
    pass "no cargo, rustc or rustup on the test PATH"
else
    fail "no cargo, rustc or rustup on the test PATH" "$out"
fi

echo "== a project installs both tarballs and checks, with no Rust toolchain"
PROJECT="$WORK/project"
mkdir -p "$PROJECT"
cd "$PROJECT"
start=$(date +%s.%N)
capture no_rust npm init -y
[[ $rc -eq 0 ]] || abort "npm init -y" "$out"
capture no_rust npm install --save-dev "$MAIN_TARBALL" "$PLATFORM_TARBALL"
[[ $rc -eq 0 ]] || abort "npm install the two tarballs" "$out"
installed=$(date +%s.%N)
pass "npm install cookielint and $PLATFORM_PACKAGE from their tarballs"
# --no: a cookielint from the registry must never stand in for the one installed.
capture no_rust npx --no -- cookielint check "$ROOT/examples/seeds"
checked=$(date +%s.%N)
expect_exit 0 "npx cookielint check examples/seeds exits 0" "checked 5 files"
awk -v s="$start" -v i="$installed" -v c="$checked" \
    'BEGIN { printf "time to the first check result: %.1f s (npm init + install %.1f s, first npx check %.1f s)\n", c - s, i - s, c - i }'

capture no_rust npx --no -- cookielint --version
if [[ $rc -eq 0 && $out == "cookielint $VERSION" ]]; then
    pass "npx cookielint --version prints cookielint $VERSION"
else
    fail "npx cookielint --version prints cookielint $VERSION (exit $rc)" "$out"
fi

capture no_rust npx --no -- cookielint check "$ROOT/examples/broken"
expect_exit 1 "npx cookielint check examples/broken exits 1 with the diagnostics" \
    "third-party-consent" "consent.cookies.yaml"

capture no_rust npx --no -- cookielint check --no-such-flag
expect_exit 2 "a bad flag's exit 2 passes through" "--no-such-flag"

mkdir -p "$PROJECT/my site"
cp "$ROOT/examples/seeds/opendata.pau.fr.cookies.yaml" "$PROJECT/my site/good one.cookies.yaml"
cp "$ROOT/examples/broken/consent.cookies.yaml" "$PROJECT/my site/bad one.cookies.yaml"
capture no_rust npx --no -- cookielint check "my site/good one.cookies.yaml"
expect_exit 0 "an argument with spaces reaches cookielint whole (good declaration)" "checked 1 file"
capture no_rust npx --no -- cookielint check "my site/bad one.cookies.yaml" --format concise
expect_exit 1 "an argument with spaces reaches cookielint whole (bad declaration)" \
    "my site/bad one.cookies.yaml:" "[third-party-consent]"

echo "== COOKIELINT_BINARY and a binary that cannot start"
printf '#!/bin/sh\nfor arg; do echo "arg: [$arg]"; done\nexit 3\n' >"$WORK/echo-args"
chmod +x "$WORK/echo-args"
capture env COOKIELINT_BINARY="$WORK/echo-args" PATH="$NO_RUST_BIN" npx --no -- cookielint "a b" '' "--x=1 2"
if [[ $rc -eq 3 && $out == $'arg: [a b]\narg: []\narg: [--x=1 2]' ]]; then
    pass "COOKIELINT_BINARY runs that program, arguments and exit status unchanged"
else
    fail "COOKIELINT_BINARY runs that program, arguments and exit status unchanged (exit $rc)" "$out"
fi

printf '#!/bin/sh\nkill -TERM $$\n' >"$WORK/killed-by-sigterm"
chmod +x "$WORK/killed-by-sigterm"
capture env COOKIELINT_BINARY="$WORK/killed-by-sigterm" PATH="$NO_RUST_BIN" \
    node node_modules/cookielint/bin/cookielint.js
expect_exit 143 "a binary killed by SIGTERM: the launcher ends as a shell reports it (143)"

capture env COOKIELINT_BINARY="$WORK/no such binary" PATH="$NO_RUST_BIN" npx --no -- cookielint check
expect_exit 2 "a binary that does not exist: exit 2 naming the path and the OS error" \
    "could not run $WORK/no such binary" "ENOENT"

echo "== platforms without a binary"
# Preloaded into every Node process (npm's included) through NODE_OPTIONS.
cat >"$WORK/as-aix-ppc64.js" <<'EOF'
Object.defineProperty(process, "platform", { value: "aix" });
Object.defineProperty(process, "arch", { value: "ppc64" });
EOF
capture env NODE_OPTIONS="--require $WORK/as-aix-ppc64.js" PATH="$NO_RUST_BIN" npx --no -- cookielint check
expect_exit 2 "on aix-ppc64: exit 2, no prebuilt binary, what to install instead" \
    "no prebuilt binary for aix-ppc64" "linux-x64" "pip install cookielint" "cargo install --locked"

# The other C library than the host's, as Node's report shows it: the
# launcher must ask for that library's package, which is not installed.
if [[ $TARGET == *-musl ]]; then
    glibc_version='"2.36"' other_libc_suffix=""
else
    glibc_version=undefined other_libc_suffix=-musl
fi
other_target="linux-$(node -p process.arch)$other_libc_suffix"
cat >"$WORK/other-libc.js" <<EOF
Object.defineProperty(process, "platform", { value: "linux" });
const getReport = process.report.getReport.bind(process.report);
process.report.getReport = () => {
  const report = getReport();
  report.header.glibcVersionRuntime = $glibc_version;
  return report;
};
EOF
capture env NODE_OPTIONS="--require $WORK/other-libc.js" PATH="$NO_RUST_BIN" npx --no -- cookielint check
expect_exit 2 "on $other_target (simulated C library): exit 2, @cookielint/cli-$other_target to add" \
    "@cookielint/cli-$other_target" "npm install --save-dev @cookielint/cli-$other_target@$VERSION"

# Without a diagnostic report the launcher tells the C library from ldd.
printf 'Object.defineProperty(process, "report", { value: undefined });\n' >"$WORK/no-report.js"
capture env NODE_OPTIONS="--require $WORK/no-report.js" PATH="$NO_RUST_BIN" npx --no -- cookielint --version
expect_exit 0 "with no process.report the launcher still finds $PLATFORM_PACKAGE" "cookielint $VERSION"

echo "== installed with --omit=optional: no platform package"
OMITTED="$WORK/project-omit-optional"
mkdir -p "$OMITTED"
cd "$OMITTED"
capture no_rust npm init -y
[[ $rc -eq 0 ]] || abort "npm init -y (second project)" "$out"
capture no_rust npm install --save-dev --omit=optional "$MAIN_TARBALL"
[[ $rc -eq 0 ]] || abort "npm install --omit=optional cookielint" "$out"
if [[ -f node_modules/cookielint/package.json && ! -e node_modules/@cookielint ]]; then
    pass "npm install --omit=optional installs cookielint without a platform package"
else
    fail "npm install --omit=optional installs cookielint without a platform package" "$(ls -R node_modules)"
fi
capture no_rust npx --no -- cookielint check "$ROOT/examples/seeds"
expect_exit 2 "without its platform package: exit 2, which package to add" \
    "$PLATFORM_PACKAGE" "--omit=optional" "npm install --save-dev $PLATFORM_PACKAGE@$VERSION"

summary || exit 1
