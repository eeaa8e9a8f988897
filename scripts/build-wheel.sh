#!/usr/bin/env bash
# Builds the PyPI wheel for this machine into target/wheels/ with maturin,
# installed (pinned) into a venv under target/. Extra arguments go to
# `maturin build` (the release workflow builds the other platforms with
# PyO3/maturin-action instead). Prints the wheel's path last.
set -euo pipefail

MATURIN_VERSION=1.16.0

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
VENV=target/maturin-venv
if [[ ! -x $VENV/bin/maturin ]] || [[ $("$VENV/bin/maturin" --version) != "maturin $MATURIN_VERSION" ]]; then
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install --quiet --disable-pip-version-check "maturin==$MATURIN_VERSION"
fi
rm -rf target/wheels
# --locked: the dependency versions the tests ran with. maturin checks the
# binary against the manylinux policy it tags the wheel with (auditwheel).
"$VENV/bin/maturin" build --release --locked --out target/wheels "$@" >&2
ls target/wheels/*.whl
