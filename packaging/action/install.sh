#!/usr/bin/env bash
# The action's install step: cookielint's prebuilt binary from its PyPI wheel,
# in a venv under $RUNNER_TEMP, whose scripts folder goes on $GITHUB_PATH for
# the steps that follow. No compiler is involved.
#
# Reads COOKIELINT_VERSION (the `version` input), RUNNER_TEMP, RUNNER_OS,
# GITHUB_PATH and GITHUB_OUTPUT. pip's own PIP_* variables (PIP_INDEX_URL,
# PIP_FIND_LINKS, PIP_NO_INDEX...) set on the job apply as usual.
set -euo pipefail

version=${COOKIELINT_VERSION:?the version input is empty}
# A version or pre-release (0.1.0, 0.2.0rc1), not a requirement specifier: the
# action pins exactly what it installs.
if [[ ! $version =~ ^[0-9]+(\.[0-9]+)*([.+_-]?[A-Za-z0-9]+)*$ ]]; then
    echo "::error title=cookielint action::version must be a cookielint version such as 0.1.0, not '$version'" >&2
    exit 2
fi

# The runners' images name their interpreter python3, except Windows'.
if [[ ${RUNNER_OS-} == Windows ]]; then
    python=python
else
    python=python3
fi
venv="${RUNNER_TEMP:?RUNNER_TEMP is not set}/cookielint-venv"

echo "Installing cookielint $version from PyPI into $venv"
"$python" -m venv --clear "$venv"
if [[ -d $venv/Scripts ]]; then venv_bin="$venv/Scripts"; else venv_bin="$venv/bin"; fi
venv_python="$venv_bin/python"

PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_INPUT=1 \
    "$venv_python" -m pip install --quiet --only-binary cookielint "cookielint==$version"

# The binary the wheel installed must run here: a wheel for another platform
# or a broken download fails the install step, not the check.
installed=$("$venv_bin/cookielint" --version)
installed=${installed%$'\r'}
if [[ $installed != "cookielint $version" ]]; then
    echo "::error title=cookielint action::expected cookielint $version, the installed binary says '$installed'" >&2
    exit 1
fi
echo "$installed installed"

# The venv's interpreter names its scripts folder in the form the runner
# expects on $GITHUB_PATH (a Windows path on Windows, where bash's is not).
scripts_dir=$("$venv_python" -c 'import sysconfig; print(sysconfig.get_path("scripts"))')
echo "${scripts_dir%$'\r'}" >>"${GITHUB_PATH:?GITHUB_PATH is not set}"
if [[ -n ${GITHUB_OUTPUT-} ]]; then
    echo "version=$version" >>"$GITHUB_OUTPUT"
fi
