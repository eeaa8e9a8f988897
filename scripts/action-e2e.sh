#!/usr/bin/env bash
# End-to-end test of the GitHub Action (action.yml) outside GitHub: a small
# runner reads action.yml and runs its steps as a composite action runs them
# (inputs and their defaults through `env:`, $GITHUB_PATH applied to the
# steps after it, $GITHUB_OUTPUT read into step outputs, `if:` conditions,
# working-directory), in an environment with GITHUB_ACTIONS=true and no
# cargo, rustc or rustup on PATH. pip installs cookielint from the wheel
# folder given, never from an index. The upload-sarif step cannot run here:
# the runner records the `with:` it would get.
#
# Usage: scripts/action-e2e.sh WHEEL_DIR   (scripts/build-wheel.sh fills
# target/wheels/). Needs python3 with venv; installs PyYAML from PyPI.
# Prints one PASS/FAIL line per check, then `N passed, M failed`.
set -euo pipefail

PYYAML_VERSION=6.0.3

ROOT=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=e2e-lib.sh
source "$ROOT/scripts/e2e-lib.sh"
e2e_start action-e2e

# Passes when the command succeeds, showing $out otherwise.
expect() {
    local description=$1
    shift
    if "$@"; then pass "$description"; else fail "$description" "$out"; fi
}

WHEEL_DIR=${1-}
if [[ -z $WHEEL_DIR ]] || ! compgen -G "$WHEEL_DIR/cookielint-*.whl" >/dev/null; then
    abort "a cookielint wheel in the folder given ('${WHEEL_DIR}'); usage: $0 WHEEL_DIR"
fi
WHEEL_DIR=$(cd "$WHEEL_DIR" && pwd)

echo "== PyYAML $PYYAML_VERSION into a venv, for the runner"
# pip caches under $WORK too: nothing is left outside it.
export PIP_CACHE_DIR="$WORK/pip-cache" PIP_NO_INPUT=1 PIP_DISABLE_PIP_VERSION_CHECK=1
python3 -m venv "$WORK/tools"
capture "$WORK/tools/bin/pip" install --quiet "PyYAML==$PYYAML_VERSION"
[[ $rc -eq 0 ]] || abort "pip install PyYAML==$PYYAML_VERSION" "$out"
TOOLS_PYTHON="$WORK/tools/bin/python"

echo "== action.yml: no input reaches a shell through \${{ }}"
capture "$TOOLS_PYTHON" - "$ROOT" <<'EOF'
import pathlib, re, sys, yaml
root = pathlib.Path(sys.argv[1])
action = yaml.safe_load((root / 'action.yml').read_text())
steps, declared = action['runs']['steps'], set(action['inputs'])
problems = []
for step in steps:
    # Any expression in `run:` is pasted into the script before bash parses
    # it; values must come in through `env:`.
    if '${{' in step.get('run', ''):
        problems.append(f"step {step.get('name')!r}: an expression inside run:")
used = set()
for step in steps:
    for text in [*step.get('env', {}).values(), *step.get('with', {}).values(),
                 step.get('working-directory', ''), step.get('if', '')]:
        used |= set(re.findall(r'inputs\.([\w-]+)', str(text)))
if used - declared:
    problems.append(f'inputs used but not declared: {sorted(used - declared)}')
if declared - used:
    problems.append(f'inputs declared but never used: {sorted(declared - used)}')
# Each variable the scripts read must be set by a step from a declared input.
step_env = {k: v for step in steps for k, v in step.get('env', {}).items()}
for script in sorted((root / 'packaging' / 'action').glob('*.sh')):
    for name in sorted(set(re.findall(r'\bCOOKIELINT_[A-Z_]+', script.read_text()))):
        source = re.fullmatch(r'\$\{\{ inputs\.([\w-]+) \}\}', str(step_env.get(name, '')))
        if not source or source[1] not in declared:
            problems.append(f'{script.name} reads {name}, which no step sets from a declared input')
if problems:
    sys.exit('\n'.join(problems))
print(f'{len(steps)} steps, inputs: {", ".join(sorted(declared))}')
EOF
expect "action.yml: no expression in run:, inputs and the scripts' variables agree" test "$rc" -eq 0

# The runner: runs action.yml's steps with the given inputs in the current
# directory (the workspace), then writes what happened as JSON.
cat >"$WORK/runner.py" <<'EOF'
import json, os, re, subprocess, sys, yaml
action_dir, given_inputs, report_path = sys.argv[1], json.loads(sys.argv[2]), sys.argv[3]
action = yaml.safe_load(open(os.path.join(action_dir, 'action.yml')))
undeclared = set(given_inputs) - set(action['inputs'])
if undeclared:
    sys.exit(f'inputs action.yml does not declare: {sorted(undeclared)}')
inputs = {name: str(spec.get('default', '')) for name, spec in action['inputs'].items()}
inputs.update(given_inputs)
outputs = {}  # step id -> its outputs
EXPRESSION = re.compile(r'\$\{\{\s*(.*?)\s*\}\}')

def value(expression):
    if m := re.fullmatch(r'inputs\.([\w-]+)', expression):
        return inputs[m[1]]
    if m := re.fullmatch(r'steps\.([\w-]+)\.outputs\.([\w-]+)', expression):
        return outputs.get(m[1], {}).get(m[2], '')
    if m := re.fullmatch(r"'([^']*)'", expression):
        return m[1]
    sys.exit(f'the runner does not know the expression {expression!r}')

def interpolate(text):
    return EXPRESSION.sub(lambda m: value(m[1]), str(text))

def should_run(condition, failed):
    if condition is None:
        return not failed
    whole = EXPRESSION.fullmatch(condition.strip())
    terms = [t.strip() for t in (whole[1] if whole else condition).split('&&')]
    # Without a status function GitHub adds success(); nothing is cancelled here.
    if not {'always()', '!cancelled()', 'failure()', 'success()'} & set(terms):
        terms.append('success()')
    for term in terms:
        if term in ('always()', '!cancelled()'):
            continue
        if term in ('success()', 'failure()'):
            holds = failed == (term == 'failure()')
        elif m := re.fullmatch(r'(.+?)\s*(==|!=)\s*(.+)', term):
            holds = (value(m[1]) == value(m[3])) == (m[2] == '==')
        else:
            sys.exit(f'the runner does not know the condition {term!r}')
        if not holds:
            return False
    return True

def read_output_file(path):
    pairs = {}
    for line in open(path).read().splitlines():
        if line:
            key, _, val = line.partition('=')
            pairs[key] = val
    return pairs

workspace = os.getcwd()
path_file = os.environ['GITHUB_PATH']
report = {'steps': [], 'exit': 0}
failed = False
for index, step in enumerate(action['runs']['steps']):
    name = step.get('name', f'step {index}')
    if not should_run(step.get('if'), failed):
        report['steps'].append({'name': name, 'ran': False})
        continue
    if 'uses' in step:
        with_ = {k: interpolate(v) for k, v in step.get('with', {}).items()}
        report['steps'].append({'name': name, 'ran': True, 'uses': step['uses'], 'with': with_})
        continue
    env = dict(os.environ)
    added = [p for p in open(path_file).read().splitlines() if p]
    env['PATH'] = os.pathsep.join([*reversed(added), env['PATH']])
    env.update({k: interpolate(v) for k, v in step.get('env', {}).items()})
    output_file = os.path.join(os.environ['RUNNER_TEMP'], f'output-{index}')
    open(output_file, 'w').close()
    env['GITHUB_OUTPUT'] = output_file
    cwd = os.path.join(workspace, interpolate(step.get('working-directory', '.')))
    assert step['shell'] == 'bash', step['shell']
    print(f'--- step: {name}', flush=True)
    code = subprocess.run(['bash', '--noprofile', '--norc', '-eo', 'pipefail', '-c', step['run']],
                          cwd=cwd, env=env).returncode
    if 'id' in step:
        outputs[step['id']] = read_output_file(output_file)
    report['steps'].append({'name': name, 'ran': True, 'exit': code,
                            'outputs': read_output_file(output_file)})
    if code != 0 and not failed:
        failed, report['exit'] = True, code
json.dump(report, open(report_path, 'w'), indent=1)
sys.exit(report['exit'])
EOF

echo "== a runner's environment without cargo"
# The runner's python3 and the system's tools, nothing of the Rust toolchain.
RUNNER_PYTHON_DIR=$(dirname "$(python3 -c 'import os, sys; print(os.path.realpath(sys.executable))')")
CLEAN_PATH="$RUNNER_PYTHON_DIR:/usr/bin:/bin"
capture env -i PATH="$CLEAN_PATH" bash -c 'command -v cargo || command -v rustc || command -v rustup'
[[ $rc -ne 0 ]] || abort "no cargo, rustc or rustup on the runner's PATH" "$out"
pass "no cargo, rustc or rustup on the runner's PATH ($CLEAN_PATH)"

WORKSPACE="$WORK/workspace"
mkdir -p "$WORKSPACE"
cp -R "$ROOT/examples/seeds" "$ROOT/examples/broken" "$WORKSPACE/"

# Runs the action with the inputs given as JSON, in a fresh runner
# environment: $out, $rc, and $REPORT (the runner's JSON) and $RUN_DIR.
run_count=0
run_action() {
    run_count=$((run_count + 1))
    RUN_DIR="$WORK/run-$run_count"
    mkdir -p "$RUN_DIR/temp" "$RUN_DIR/home"
    : >"$RUN_DIR/path"
    REPORT="$RUN_DIR/report.json"
    capture env -i -C "$WORKSPACE" \
        PATH="$CLEAN_PATH" HOME="$RUN_DIR/home" TMPDIR="$RUN_DIR/temp" LANG=C.UTF-8 \
        GITHUB_ACTIONS=true CI=true RUNNER_OS=Linux RUNNER_TEMP="$RUN_DIR/temp" \
        GITHUB_WORKSPACE="$WORKSPACE" GITHUB_ACTION_PATH="$ROOT" GITHUB_PATH="$RUN_DIR/path" \
        PIP_NO_INDEX=1 PIP_FIND_LINKS="$WHEEL_DIR" PIP_NO_INPUT=1 \
        "$TOOLS_PYTHON" "$WORK/runner.py" "$ROOT" "$1" "$REPORT"
}
# Prints a value from the last run's report: a Python expression over `r`.
# A missing key prints the error, for the check comparing it to fail.
report() {
    "$TOOLS_PYTHON" -c 'import json, sys; r = json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' \
        "$REPORT" "$1" 2>&1 || true
}

echo "== seeds: install, then a clean check"
start=$SECONDS
run_action '{"paths": "seeds"}'
expect "the action exits 0 on examples/seeds ($((SECONDS - start)) s with the install)" test "$rc" -eq 0
installed_dir=$(head -n 1 "$RUN_DIR/path")
expect "the install step put a cookielint inside RUNNER_TEMP on GITHUB_PATH ($installed_dir)" \
    test -x "$installed_dir/cookielint" -a "${installed_dir#"$RUN_DIR/temp/"}" != "$installed_dir"
capture "$installed_dir/cookielint" --version
expect "the installed cookielint is the action's default version (0.1.0)" \
    test "$out" = "cookielint $(sed -n "s/^ *default: '\(.*\)'$/\1/p" "$ROOT/action.yml" | head -n 1)"
expect "exit-code output 0, no SARIF upload" \
    test "$(report "r['steps'][1]['outputs']['exit-code'], r['steps'][2]['ran']")" = "('0', False)"

echo "== broken: findings fail the action with annotations"
run_action '{"paths": "broken"}'
expect "the action exits 1 on examples/broken" test "$rc" -eq 1
expect "::error annotations name the files" out_has "::error file=broken/consent.cookies.yaml,line="
expect "exit-code output 1" test "$(report "r['steps'][1]['outputs']['exit-code']")" = 1

echo "== broken with sarif: the report is written and uploaded although check failed"
run_action '{"paths": ".", "working-directory": "broken", "sarif": "true"}'
expect "the action exits 1 in working-directory broken" test "$rc" -eq 1
upload=$(report "r['steps'][2]")
sarif_file=$(report "r['steps'][2]['with']['sarif_file']")
expect "upload-sarif runs with category cookielint and an absolute path" \
    grep -q "'ran': True.*'uses': 'github/codeql-action/upload-sarif@v4'.*'sarif_file': '/.*', 'category': 'cookielint'" <<<"$upload"
capture "$TOOLS_PYTHON" -c '
import json, sys
results = json.load(open(sys.argv[1]))["runs"][0]["results"]
assert results, "no results"
print(len(results), "results")' "$sarif_file"
expect "the SARIF file ($sarif_file) is JSON with results: $out" test "$rc" -eq 0
expect "the SARIF file is in working-directory" test "$sarif_file" = "$WORKSPACE/broken/cookielint.sarif"

echo "== a path that does not exist: exit 2 fails the action, nothing uploaded"
run_action '{"paths": "no-such-folder", "sarif": "true"}'
expect "the action exits 2" test "$rc" -eq 2
expect "no SARIF upload" test "$(report "r['steps'][2]['ran']")" = False

echo "== args and paths"
run_action '{"paths": "broken/consent.cookies.yaml", "args": "--select duration-cap"}'
expect "args --select duration-cap: a warning only, exit 0" test "$rc" -eq 0
run_action '{"paths": "broken/consent.cookies.yaml", "args": "--select duration-cap --deny-warnings"}'
expect "args with two flags, --select duration-cap --deny-warnings: exit 1" test "$rc" -eq 1
run_action '{"paths": "seeds/opendata.*.yaml\nseeds/corona-*.yaml"}'
clean_two_files=false
if [[ $rc -eq 0 ]] && out_has "checked 2 files"; then clean_two_files=true; fi
expect "two globs on two lines reach cookielint unexpanded: 2 files, exit 0" "$clean_two_files"
# Shell in an input is an argument like any other: nothing is executed.
# shellcheck disable=SC2016 # the $(...) is the input under test, for no shell
run_action '{"paths": "seeds $(touch pwned-paths) `touch pwned-ticks`; touch pwned-semicolon", "args": "$(touch pwned-args)"}'
nothing_run=false
if [[ $rc -eq 2 ]] && ! compgen -G "$WORKSPACE/pwned*" >/dev/null &&
    ! compgen -G "$WORKSPACE/*/pwned*" >/dev/null; then
    nothing_run=true
fi
expect "shell code in inputs is not run (exit $rc, no file made)" "$nothing_run"

summary || exit 1
