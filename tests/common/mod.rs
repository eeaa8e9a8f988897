//! What the integration tests share: running the binary, making a
//! throw-away project of files, and finding the Chromium of the browser
//! tests.

// Each test crate uses some of these.
#![allow(dead_code)]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Output;

use tempfile::TempDir;

/// A declaration with one finding: a third-party cookie marked exempt
/// (`third-party-consent` at 8:14).
pub const THIRD_PARTY_EXEMPT: &str = "version: 1
cookies:
  - name: _ga
    provider: Google
    purpose: Audience measurement.
    category: statistics
    party: third
    consent: exempt
    duration: P13M
";

/// How a run of the binary ended.
pub struct Run {
    pub status: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    pub fn of(output: Output) -> Run {
        Run {
            status: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }
}

/// Runs `cookielint ARGS` in `dir`, with `env` set and the variables that
/// change its output (colour, GitHub Actions) otherwise unset.
pub fn cookielint_with_env(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Run {
    let mut command = assert_cmd::Command::cargo_bin("cookielint").expect("the binary is built");
    command
        .current_dir(dir)
        .args(args)
        .env_remove("GITHUB_ACTIONS")
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE");
    for (key, value) in env {
        command.env(key, value);
    }
    Run::of(command.output().expect("cookielint runs"))
}

pub fn cookielint(dir: &Path, args: &[&str]) -> Run {
    cookielint_with_env(dir, args, &[])
}

/// Runs `cookielint ARGS` in `dir` with at most 20 s of CPU and 1 GiB of
/// address space (`ulimit`): work that grows faster than its input is
/// killed and fails the test, with no timing asserted.
#[cfg(unix)]
pub fn cookielint_bounded(dir: &Path, args: &[&str]) -> Run {
    let output = std::process::Command::new("sh")
        .arg("-c")
        .arg("ulimit -t 20; ulimit -v 1048576; exec \"$0\" \"$@\"")
        .arg(assert_cmd::cargo::cargo_bin("cookielint"))
        .args(args)
        .current_dir(dir)
        .env_remove("GITHUB_ACTIONS")
        .env_remove("CLICOLOR_FORCE")
        .output()
        .expect("sh runs");
    Run::of(output)
}

/// A temporary folder holding `files` (name, text), folders made as needed.
pub fn project(files: &[(&str, &str)]) -> TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    for (name, text) in files {
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().expect("a parent folder")).expect("mkdir");
        std::fs::write(path, text).expect("write");
    }
    dir
}

/// The declaration of the fixture site (tests/common/fixture_site.rs),
/// wrong in four ways: `theme` (set by script) is missing, `visitor` lives a
/// year where it says six months, `session_id` is `SameSite=Strict` where it
/// says `lax`, and the tracker, set by another site, is declared first-party.
pub const FIXTURE_DECLARATION: &str = "version: 1
site: { name: Fixture, url: \"https://site.test\" }
cookies:
  - { name: session_id, provider: Fixture, purpose: Sign-in., category: necessary,
      party: first, consent: exempt, duration: session,
      attributes: { secure: true, http_only: true, same_site: lax } }
  - { name: visitor, provider: Fixture, purpose: Count visits., category: necessary,
      party: first, consent: exempt, duration: P6M }
  - { name: consent, provider: Fixture, purpose: Remember the choice., category: necessary,
      party: first, consent: exempt, duration: P6M, stores_consent: true }
  - { name: tracker_uid, provider: Tracker, purpose: Advertising., category: marketing,
      party: first, consent: required, duration: P400D }
";

/// What auditing [`FIXTURE_DECLARATION`] against captures of the fixture site
/// after consent finds, as [`audit_findings`] gives them: the four mistakes.
pub const FIXTURE_FINDINGS: [&str; 4] = [
    "3:1 [undeclared-cookie]",
    "6:63 [attribute-mismatch]",
    "8:48 [duration-mismatch]",
    "12:14 [party-mismatch]",
];

/// The audit's findings of a concise report on `cookies.yaml`, as
/// `LINE:COL [RULE]`.
pub fn audit_findings(stdout: &str) -> Vec<String> {
    const AUDIT_RULES: [&str; 6] = [
        "undeclared-cookie",
        "set-before-consent",
        "party-mismatch",
        "duration-mismatch",
        "attribute-mismatch",
        "unseen-cookie",
    ];
    stdout
        .lines()
        .filter_map(|line| {
            let (_, rest) = line.split_once("cookies.yaml:")?;
            let (at, rest) = rest.split_once(": ")?;
            let rule = rest.split_once('[')?.1.split_once(']')?.0;
            AUDIT_RULES
                .contains(&rule)
                .then(|| format!("{at} [{rule}]"))
        })
        .collect()
}

/// Asserts that `run`, an audit of [`FIXTURE_DECLARATION`] in the concise
/// format, found the four mistakes and no other, and that its report says
/// `said`.
pub fn assert_fixture_findings(run: &Run, said: &str) {
    assert_eq!(run.status, 1, "{}", run.stderr);
    assert_eq!(
        audit_findings(&run.stdout),
        FIXTURE_FINDINGS,
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains(said), "{}", run.stdout);
}

/// The executables `cookielint scan` looks for on `PATH`, in its order.
const CHROMIUM_NAMES: [&str; 3] = ["chromium", "chromium-browser", "google-chrome"];

/// The Chromium a browser test runs, looked for when the test runs, where
/// `cookielint scan` looks (`CHROME`, a path or a name on `PATH`, else
/// [`CHROMIUM_NAMES`] on `PATH`). Without one, the test fails on CI (`CI`
/// set): a browser test must never pass there without running. Elsewhere
/// it says on standard error that it is skipped and why, and the caller
/// returns.
pub fn chromium() -> Option<PathBuf> {
    let search_path = std::env::var_os("PATH").unwrap_or_default();
    let on_path = |name: &Path| {
        std::env::split_paths(&search_path)
            .map(|folder| folder.join(name))
            .find(|candidate| candidate.is_file())
    };
    let found = match std::env::var_os("CHROME").filter(|value| !value.is_empty()) {
        Some(given) if Path::new(&given).components().count() > 1 => {
            Some(PathBuf::from(given)).filter(|path| path.is_file())
        }
        Some(name) => on_path(Path::new(&name)),
        None => CHROMIUM_NAMES
            .iter()
            .find_map(|name| on_path(Path::new(name))),
    };
    if found.is_some() {
        return found;
    }
    let test = std::thread::current()
        .name()
        .unwrap_or("a browser test")
        .to_string();
    let on_ci =
        std::env::var("CI").is_ok_and(|value| !matches!(value.as_str(), "" | "0" | "false"));
    assert!(
        !on_ci,
        "{test} needs Chromium, and CI is set, where browser tests must run: install it (Debian: `apt-get install chromium`) or name it with CHROME=PATH"
    );
    // Past the test harness's capture, so that `cargo test` shows it.
    let _ = writeln!(
        std::io::stderr(),
        "{test}: skipped: needs Chromium (apt-get install chromium)"
    );
    None
}
