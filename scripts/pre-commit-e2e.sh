#!/usr/bin/env bash
# End-to-end test of cookielint's pre-commit hooks with the real pre-commit: a
# throw-away git repository uses a hook through `repo:` + `id: cookielint`,
# a commit with a good declaration must pass, one with a bad declaration must
# be blocked with cookielint's diagnostic shown.
#
#   scripts/pre-commit-e2e.sh rust             # .pre-commit-hooks.yaml: pre-commit
#                                              # builds cookielint (1-3 minutes)
#   scripts/pre-commit-e2e.sh python WHEEL_DIR # packaging/pre-commit: the mirror
#                                              # that installs the wheel, no cargo
#
# The python variant runs with no cargo on PATH and pip pointed at WHEEL_DIR
# (scripts/build-wheel.sh) instead of PyPI, so it tests the wheel built here.
# Needs python3 (3.9+) with venv and git; reaches PyPI (pre-commit itself,
# setuptools) and, for rust, crates.io.
# Prints one PASS/FAIL line per check, then `N passed, M failed`.
set -euo pipefail

PRE_COMMIT_VERSION=4.7.0

ROOT=$(cd "$(dirname "$0")/.." && pwd)
HOOK=${1-}
case $HOOK in
rust) ;;
python)
    WHEEL_DIR=$(cd "${2:?python needs the folder of the cookielint wheel}" && pwd)
    compgen -G "$WHEEL_DIR/cookielint-*.whl" >/dev/null || {
        echo "no cookielint wheel in $WHEEL_DIR: run scripts/build-wheel.sh" >&2
        exit 2
    }
    ;;
*)
    echo "usage: $0 rust | python WHEEL_DIR" >&2
    exit 2
    ;;
esac
# Git variables inherited from a calling hook or CI step would redirect the
# git commands below to another repository.
unset GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE GIT_OBJECT_DIRECTORY \
    GIT_ALTERNATE_OBJECT_DIRECTORIES GIT_PREFIX GIT_CEILING_DIRECTORIES

# shellcheck source=e2e-lib.sh
source "$ROOT/scripts/e2e-lib.sh"
# Everything pre-commit, pip and cargo install leave behind stays under $WORK.
e2e_start pre-commit-e2e
export PRE_COMMIT_HOME="$WORK/pre-commit-home"
# The hook output is grepped: no colour codes, no prompts.
export PRE_COMMIT_COLOR=never NO_COLOR=1 PIP_NO_INPUT=1 PIP_DISABLE_PIP_VERSION_CHECK=1
# The user's global git configuration (core.hooksPath, commit signing,
# templates) must not change the outcome; identity only for these repos.
export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1
export GIT_AUTHOR_NAME="cookielint e2e" GIT_AUTHOR_EMAIL="e2e@cookielint.invalid"
export GIT_COMMITTER_NAME="$GIT_AUTHOR_NAME" GIT_COMMITTER_EMAIL="$GIT_AUTHOR_EMAIL"

e2e_on_abort() {
    if [[ -f $PRE_COMMIT_HOME/pre-commit.log ]]; then
        echo "--- pre-commit.log"
        tail -n 60 "$PRE_COMMIT_HOME/pre-commit.log"
    fi
}

echo "== pre-commit $PRE_COMMIT_VERSION into a venv"
python3 -m venv "$WORK/venv"
capture "$WORK/venv/bin/pip" install --quiet "pre-commit==$PRE_COMMIT_VERSION"
[[ $rc -eq 0 ]] || abort "pip install pre-commit==$PRE_COMMIT_VERSION" "$out"
PRE_COMMIT="$WORK/venv/bin/pre-commit"
capture "$PRE_COMMIT" --version
if [[ $out == "pre-commit $PRE_COMMIT_VERSION" ]]; then
    pass "pre-commit --version is $PRE_COMMIT_VERSION"
else
    fail "pre-commit --version is $PRE_COMMIT_VERSION" "$out"
fi

# The folder pre-commit's `repo:` points at: this repository for the hook
# pre-commit builds, the mirror package for the one that installs the wheel.
if [[ $HOOK == rust ]]; then HOOK_SOURCE=$ROOT; else HOOK_SOURCE=$ROOT/packaging/pre-commit; fi
MANIFEST=$HOOK_SOURCE/.pre-commit-hooks.yaml

echo "== the hook manifest"
capture "$PRE_COMMIT" validate-manifest "$MANIFEST"
expect_exit 0 "pre-commit validate-manifest ${MANIFEST#"$ROOT"/}"

# Both hooks must behave alike: only the way cookielint is installed differs.
capture "$WORK/venv/bin/python" - "$ROOT/.pre-commit-hooks.yaml" "$ROOT/packaging/pre-commit/.pre-commit-hooks.yaml" <<'EOF'
import sys, yaml
rust, python = (yaml.safe_load(open(path)) for path in sys.argv[1:])
languages = [hook.pop('language') for hook in rust + python]
if languages != ['rust', 'python'] or rust != python:
    sys.exit(f'the hooks differ beyond `language`:\n{rust}\n{python}')
EOF
expect_exit 0 "the rust and python hooks differ only in language"

# The regex as written in the manifest, against the names cookielint's own
# directory search accepts and rejects (re.search, as pre-commit applies it).
capture "$WORK/venv/bin/python" - "$MANIFEST" <<'EOF'
import re, sys, yaml
(hook,) = [h for h in yaml.safe_load(open(sys.argv[1])) if h['id'] == 'cookielint']
files = re.compile(hook['files'])
match = ['cookies.yaml', 'cookies.yml', 'a/cookies.yml', 'a/b.cookies.yaml',
         'x.cookies.yml', 'a/b/c.d.cookies.yaml', '.github/cookies.yaml']
no_match = ['mycookies.yaml', 'a/mycookies.yml', 'cookies.yaml.bak', 'cookies.json',
            'a/cookies/x.yaml', 'cookies.YAML', 'cookies-yaml', 'app.yaml']
wrong = [p for p in match if not files.search(p)] + [p for p in no_match if files.search(p)]
if wrong:
    sys.exit(f'misclassified: {wrong}')
EOF
expect_exit 0 "files: regex matches exactly the declaration file names"

echo "== the hook repository: a one-commit snapshot of ${HOOK_SOURCE#"$ROOT"/}"
# pre-commit clones `repo:` at `rev:`, so uncommitted changes (including an
# uncommitted .pre-commit-hooks.yaml) need a commit of their own; tracked and
# untracked files, minus ignored ones (target/) and deleted ones. The listing
# reads the user's git configuration (safe.directory) like any git command.
HOOK_REPO="$WORK/hook-repo"
mkdir -p "$HOOK_REPO"
env -u GIT_CONFIG_GLOBAL -u GIT_CONFIG_NOSYSTEM git -C "$HOOK_SOURCE" ls-files -z --cached --others --exclude-standard -- . |
    while IFS= read -r -d '' f; do
        if [[ -e $HOOK_SOURCE/$f || -L $HOOK_SOURCE/$f ]]; then printf '%s\0' "$f"; fi
    done |
    tar -C "$HOOK_SOURCE" --null -T - -cf - | tar -C "$HOOK_REPO" -xf -
git -C "$HOOK_REPO" init -q -b main
git -C "$HOOK_REPO" add -A
git -C "$HOOK_REPO" commit -q -m snapshot
HOOK_REV=$(git -C "$HOOK_REPO" rev-parse HEAD)
echo "snapshot of $ROOT at $HOOK_REV"

echo "== the project repository that uses the hook"
PROJECT="$WORK/project"
mkdir -p "$PROJECT"
cd "$PROJECT"
git init -q -b main
cat >.pre-commit-config.yaml <<EOF
repos:
  - repo: $HOOK_REPO
    rev: $HOOK_REV
    hooks:
      - id: cookielint
EOF
mkdir -p site config drafts shop
cp "$ROOT/examples/seeds/opendata.pau.fr.cookies.yaml" site/cookies.yaml
# YAML that is not a declaration: it fails cookielint if it is ever passed.
cat >config/app.yaml <<'EOF'
server:
  port: 8080
cookies: enabled
EOF
# An untracked, bad declaration: a hook that searched the tree instead of
# taking the staged names would find it.
cp "$ROOT/examples/broken/consent.cookies.yaml" drafts/cookies.yaml

capture "$PRE_COMMIT" install
[[ $rc -eq 0 ]] || abort "pre-commit install" "$out"

if [[ $HOOK == python ]]; then
    # From here on, pip sees only the wheel built here (and setuptools, which
    # builds the mirror package), and nothing can compile Rust.
    FIND_LINKS="$WORK/find-links"
    capture "$WORK/venv/bin/pip" download --quiet --dest "$FIND_LINKS" "setuptools>=61"
    [[ $rc -eq 0 ]] || abort "pip download setuptools" "$out"
    cp "$WHEEL_DIR"/cookielint-*.whl "$FIND_LINKS"/
    export PIP_FIND_LINKS=$FIND_LINKS PIP_NO_INDEX=1
    export PATH="$WORK/venv/bin:/usr/bin:/bin"
    if ! command -v cargo >/dev/null && ! command -v rustc >/dev/null && ! command -v rustup >/dev/null; then
        pass "no cargo, rustc or rustup on PATH"
    else
        abort "no cargo, rustc or rustup on PATH" "$(command -v cargo rustc rustup)"
    fi
    HOOK_BUILD="pip install of the mirror and the wheel"
    HOOK_BINARY='*/py_env-*/bin/cookielint'
else
    HOOK_BUILD="cargo install of the snapshot"
    HOOK_BINARY='*/rustenv-*/bin/cookielint'
fi

echo "== installing the hook ($HOOK_BUILD)"
start=$SECONDS
capture "$PRE_COMMIT" install-hooks
if [[ $rc -eq 0 ]]; then
    pass "pre-commit install-hooks installs cookielint ($((SECONDS - start)) s)"
else
    abort "pre-commit install-hooks installs cookielint" "$out"
fi
COOKIELINT=$(find "$PRE_COMMIT_HOME" -path "$HOOK_BINARY" -type f | head -n 1)
[[ -n $COOKIELINT ]] || abort "the hook environment has a cookielint binary" "$(find "$PRE_COMMIT_HOME" -maxdepth 3)"

# Guards the meaning of the next checks: the non-declaration YAML and the
# draft are both findings when cookielint is given them.
capture "$COOKIELINT" check config/app.yaml drafts/cookies.yaml
if [[ $rc -eq 1 ]]; then
    pass "the built cookielint rejects config/app.yaml and drafts/cookies.yaml when named"
else
    fail "the built cookielint rejects config/app.yaml and drafts/cookies.yaml when named (exit $rc)" "$out"
fi

echo "== commit 1: a good declaration and a non-declaration YAML file"
capture "$PRE_COMMIT" run cookielint --files config/app.yaml
if [[ $rc -eq 0 ]] && out_has "cookielint" "(no files to check)Skipped"; then
    pass "pre-commit run --files config/app.yaml skips the hook"
else
    fail "pre-commit run --files config/app.yaml skips the hook (exit $rc)" "$out"
fi

git add .pre-commit-config.yaml site/cookies.yaml config/app.yaml
capture git commit -m good
echo "first check result $((SECONDS - start)) s after install-hooks started"
if [[ $rc -eq 0 ]] && grep -q '^cookielint\.*Passed$' <<<"$out"; then
    pass "git commit of the good declaration passes, the hook ran and passed"
else
    fail "git commit of the good declaration passes, the hook ran and passed (exit $rc)" "$out"
fi
if [[ $(git rev-list --count HEAD 2>/dev/null) == 1 ]]; then
    pass "commit 1 is recorded"
else
    fail "commit 1 is recorded" "$(git log --oneline 2>&1)"
fi

echo "== commit 2: a bad declaration"
cp "$ROOT/examples/broken/consent.cookies.yaml" shop/shop.cookies.yaml
git add shop/shop.cookies.yaml
capture git commit -m bad
indent "$out"
if [[ $rc -ne 0 ]] && grep -q '^cookielint\.*Failed$' <<<"$out"; then
    pass "git commit of the bad declaration is blocked by the cookielint hook"
else
    fail "git commit of the bad declaration is blocked by the cookielint hook (exit $rc)"
fi
if out_has "third-party-consent" "shop/shop.cookies.yaml"; then
    pass "the commit output shows the third-party-consent diagnostic and the file name"
else
    fail "the commit output shows the third-party-consent diagnostic and the file name"
fi
# Only the staged name was passed: the untracked draft, full of findings,
# is not in the report.
if ! out_has "drafts/cookies.yaml"; then
    pass "only the staged declaration was checked"
else
    fail "only the staged declaration was checked"
fi
if [[ $(git rev-list --count HEAD) == 1 ]] &&
    git diff --cached --name-only | grep -qx 'shop/shop.cookies.yaml'; then
    pass "no commit 2; the bad declaration is still staged"
else
    fail "no commit 2; the bad declaration is still staged" "$(git log --oneline; git status --short)"
fi

summary || exit 1
