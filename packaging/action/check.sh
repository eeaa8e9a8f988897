#!/usr/bin/env bash
# The action's check step, run in the `working-directory` input: `cookielint
# check` on the `paths` input with the `args` input's flags. On GitHub Actions
# cookielint follows its report with `::error`/`::warning` annotations itself.
# With `sarif: true` a second run writes the SARIF report, findings or not,
# for the upload step that follows.
#
# Exits with check's code: 0 clean, 1 findings, 2 could not run. Writes
# exit-code and, when a SARIF report was written, sarif-file (an absolute
# path, since the upload step does not run in `working-directory`) to
# $GITHUB_OUTPUT.
#
# Reads COOKIELINT_PATHS and COOKIELINT_ARGS (split at whitespace; globs are
# handed to cookielint unexpanded), COOKIELINT_SARIF ('true' or 'false') and
# COOKIELINT_SARIF_FILE.
set -euo pipefail

output() {
    if [[ -n ${GITHUB_OUTPUT-} ]]; then echo "$1" >>"$GITHUB_OUTPUT"; fi
}

sarif=${COOKIELINT_SARIF:-false}
if [[ $sarif != true && $sarif != false ]]; then
    echo "::error title=cookielint action::sarif must be 'true' or 'false', not '$sarif'" >&2
    exit 2
fi

# cookielint expands quoted globs itself, and the whole tree is searched when
# no path is given: the shell must neither expand nor invent arguments.
set -f
read -r -d '' -a paths <<<"${COOKIELINT_PATHS-}" || true
read -r -d '' -a args <<<"${COOKIELINT_ARGS-}" || true
set +f

# ${a[@]+"${a[@]}"}: an empty array under `set -u` in macOS's bash 3.2.
status=0
cookielint check ${args[@]+"${args[@]}"} -- ${paths[@]+"${paths[@]}"} || status=$?

if [[ $sarif == true ]]; then
    sarif_file=${COOKIELINT_SARIF_FILE:-cookielint.sarif}
    # A report left by an earlier run must not be uploaded as this one's.
    rm -f -- "$sarif_file"
    sarif_status=0
    cookielint check ${args[@]+"${args[@]}"} --format sarif --output "$sarif_file" --quiet \
        -- ${paths[@]+"${paths[@]}"} ||
        sarif_status=$?
    if [[ $sarif_status -le 1 && -s $sarif_file ]]; then
        sarif_dir=$(cd "$(dirname -- "$sarif_file")" && pwd)
        # Git Bash's /d/a/... means nothing to the upload step's Node on Windows.
        if [[ ${RUNNER_OS-} == Windows ]]; then sarif_dir=$(cygpath -m "$sarif_dir"); fi
        sarif_path=$sarif_dir/$(basename -- "$sarif_file")
        output "sarif-file=$sarif_path"
        echo "SARIF report: $sarif_path"
    else
        echo "::error title=cookielint action::the SARIF report could not be written to $sarif_file (exit $sarif_status)" >&2
        # Findings in the first run stay the step's outcome; a report that
        # could not be written is a failure of its own.
        [[ $status -ne 0 ]] || status=2
    fi
fi

output "exit-code=$status"
exit "$status"
