//! `cookielint scan` against a fixture site, in the system's headless
//! Chromium, with no network: the test serves `site.test` and `tracker.test`
//! over HTTPS on loopback (a committed self-signed certificate for `*.test`,
//! valid until 2126), and Chromium maps every `.test` name to 127.0.0.1 and
//! no other name anywhere. Like tests/render_browser.rs, the browser tests
//! look for Chromium when they run (`common::chromium`): without it they are
//! skipped with a notice, and fail on CI. The site and what it sets:
//! tests/common/fixture_site.rs.

mod common;

#[path = "common/fixture_site.rs"]
mod fixture_site;

use std::path::Path;
use std::time::{SystemTime, UNIX_EPOCH};

use common::{FIXTURE_DECLARATION, Run, assert_fixture_findings, cookielint_with_env};
use fixture_site::FixtureSite;
use serde_json::Value;

const YEAR: f64 = 365.0 * 86_400.0;

/// `cookielint scan` with Chromium pointed at the fixture site: every
/// `.test` name is 127.0.0.1, every other name fails to resolve (no
/// network), and the fixture's certificate is accepted; then `args`.
fn scan_args<'a>(args: &[&'a str]) -> Vec<&'a str> {
    let mut all = vec![
        "scan",
        "--chrome-arg=--host-resolver-rules=MAP *.test 127.0.0.1, MAP * ~NOTFOUND",
        "--chrome-arg=--ignore-certificate-errors",
        "--wait",
        "0.5",
    ];
    all.extend(args);
    all
}

/// Runs `cookielint scan` against the fixture site (see [`scan_args`]).
fn scan(dir: &Path, args: &[&str]) -> Run {
    cookielint_with_env(dir, &scan_args(args), &[])
}

fn now() -> f64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs_f64()
}

/// The written capture's cookies, by name.
fn cookies(capture: &Value) -> Vec<(String, &Value)> {
    capture["cookies"]
        .as_array()
        .unwrap()
        .iter()
        .map(|cookie| (cookie["name"].as_str().unwrap().to_string(), cookie))
        .collect()
}

fn cookie<'a>(capture: &'a Value, name: &str) -> &'a Value {
    capture["cookies"]
        .as_array()
        .unwrap()
        .iter()
        .find(|cookie| cookie["name"] == name)
        .unwrap_or_else(|| panic!("no `{name}` in {capture:#}"))
}

fn names(capture: &Value) -> Vec<String> {
    let mut names: Vec<String> = cookies(capture).into_iter().map(|(name, _)| name).collect();
    names.sort();
    names
}

/// Asserts the lifetime of a cookie, from the time of the scan.
fn assert_expires_in(cookie: &Value, seconds: f64) {
    let expires = cookie["expires"].as_f64().unwrap();
    let expected = now() + seconds;
    assert!(
        (expires - expected).abs() < 120.0,
        "{cookie}: expires {expires}, expected about {expected}"
    );
}

/// The cookies of the first visit, before any consent, as the page sets them.
fn assert_first_party_cookies(capture: &Value) {
    let session = cookie(capture, "session_id");
    assert_eq!(session["domain"], "site.test");
    assert_eq!(session["path"], "/");
    assert_eq!(session["expires"], -1);
    assert_eq!(session["httpOnly"], true);
    assert_eq!(session["secure"], true);
    assert_eq!(session["sameSite"], "Strict");
    assert_eq!(session["value"], "s3cr3t");

    let visitor = cookie(capture, "visitor");
    assert_eq!(visitor["domain"], "site.test");
    assert_eq!(
        (visitor["secure"].clone(), visitor["sameSite"].clone()),
        (true.into(), "Lax".into())
    );
    assert_expires_in(visitor, YEAR);

    let theme = cookie(capture, "theme");
    assert_eq!(theme["domain"], "site.test");
    assert_eq!(theme["httpOnly"], false, "set by script");
    assert_eq!(theme["secure"], false);
    assert_expires_in(theme, 86_400.0);
}

fn assert_tracker_cookie(capture: &Value) {
    let tracker = cookie(capture, "tracker_uid");
    assert_eq!(tracker["domain"], "tracker.test");
    assert_eq!(tracker["value"], "t-123");
    assert_eq!(tracker["sameSite"], "None");
    assert_eq!(tracker["secure"], true);
    // Asked for two years; Chromium caps every lifetime at 400 days
    // (RFC 6265bis), and the jar holds what the browser keeps.
    assert_expires_in(tracker, 400.0 * 86_400.0);
}

/// The fixture site (served until dropped), a folder to write in, and the
/// site's page.
fn fixture() -> (FixtureSite, tempfile::TempDir, String) {
    let site = FixtureSite::start();
    let url = site.url("site.test", "/");
    (site, tempfile::tempdir().unwrap(), url)
}

fn read_capture(dir: &Path, name: &str) -> Value {
    serde_json::from_slice(&std::fs::read(dir.join(name)).expect("the capture is written")).unwrap()
}

#[test]
fn a_first_load_has_the_first_party_cookies_and_no_tracker() {
    if common::chromium().is_none() {
        return;
    }
    let (_site, dir, url) = fixture();
    let run = scan(
        dir.path(),
        &[&url, "--before-consent", "--output", "before.json"],
    );
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert_eq!(run.stdout, "");
    assert_eq!(
        run.stderr,
        format!("scanned {url}: 3 cookies on 1 domain\n")
    );
    let capture = read_capture(dir.path(), "before.json");
    assert_eq!(names(&capture), ["session_id", "theme", "visitor"]);
    assert_first_party_cookies(&capture);
    assert_eq!(capture["origins"], serde_json::json!([]));
    assert_eq!(capture["cookielintMoment"], "before-consent");
    assert_eq!(capture["cookielintPageUrl"], url);
    let captured_at = capture["capturedAt"].as_str().unwrap();
    assert_eq!(
        captured_at.len(),
        "2026-11-30T17:09:21Z".len(),
        "{captured_at}"
    );
    assert!(captured_at.ends_with('Z') && captured_at.as_bytes()[10] == b'T');
}

#[test]
fn clicking_accept_lets_the_third_party_tracker_set_its_cookie() {
    if common::chromium().is_none() {
        return;
    }
    let (_site, dir, url) = fixture();
    let run = scan(dir.path(), &[&url, "--click", "#accept"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert_eq!(
        run.stderr,
        format!("scanned {url}: 5 cookies on 2 domains (1 beyond the page's host: tracker.test)\n")
    );
    let capture: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(
        names(&capture),
        ["consent", "session_id", "theme", "tracker_uid", "visitor"]
    );
    assert_first_party_cookies(&capture);
    assert_tracker_cookie(&capture);
    assert_eq!(cookie(&capture, "consent")["domain"], "site.test");
    assert_eq!(
        capture.get("cookielintMoment"),
        None,
        "unlabelled: after consent"
    );
}

#[test]
fn a_consent_cookie_set_in_advance_lets_the_tracker_in_on_the_first_load() {
    if common::chromium().is_none() {
        return;
    }
    let (_site, dir, url) = fixture();
    let run = scan(
        dir.path(),
        &[
            &url,
            "--set-cookie",
            "consent=all",
            "--output",
            "after.json",
        ],
    );
    assert_eq!(run.status, 0, "{}", run.stderr);
    let capture = read_capture(dir.path(), "after.json");
    assert_eq!(
        names(&capture),
        ["consent", "session_id", "theme", "tracker_uid", "visitor"]
    );
    assert_first_party_cookies(&capture);
    assert_tracker_cookie(&capture);
    let consent = cookie(&capture, "consent");
    assert_eq!(
        (consent["domain"].clone(), consent["path"].clone()),
        ("site.test".into(), "/".into())
    );
}

#[test]
fn scans_before_and_after_consent_audited_against_a_wrong_declaration() {
    if common::chromium().is_none() {
        return;
    }
    let (_site, dir, url) = fixture();
    std::fs::write(dir.path().join("cookies.yaml"), FIXTURE_DECLARATION).unwrap();
    let before = scan(
        dir.path(),
        &[&url, "--before-consent", "--output", "before.json"],
    );
    assert_eq!(before.status, 0, "{}", before.stderr);
    let after = scan(
        dir.path(),
        &[&url, "--click", "#accept", "--output", "after.json"],
    );
    assert_eq!(after.status, 0, "{}", after.stderr);
    let run = cookielint_with_env(
        dir.path(),
        &[
            "audit",
            "cookies.yaml",
            "--before-consent",
            "before.json",
            "--after-consent",
            "after.json",
            "--format",
            "concise",
        ],
        &[],
    );
    assert_fixture_findings(&run, "`theme`");
}

#[test]
fn a_declaration_given_to_scan_is_audited_against_the_capture() {
    if common::chromium().is_none() {
        return;
    }
    let (_site, dir, url) = fixture();
    std::fs::write(dir.path().join("cookies.yaml"), FIXTURE_DECLARATION).unwrap();
    let run = scan(
        dir.path(),
        &[
            &url,
            "cookies.yaml",
            "--before-consent",
            "--format-is-not-a-flag",
        ],
    );
    assert_eq!(run.status, 2, "an unknown flag is refused: {}", run.stderr);
    let run = scan(dir.path(), &[&url, "cookies.yaml", "--before-consent"]);
    assert_eq!(run.status, 1, "{}", run.stderr);
    // Standard output is the audit's report, not the capture.
    assert!(!run.stdout.contains("\"cookies\""), "{}", run.stdout);
    assert!(run.stdout.contains("undeclared-cookie"), "{}", run.stdout);
    assert!(run.stdout.contains("<scan of "), "{}", run.stdout);
    assert!(
        run.stderr
            .starts_with(&format!("scanned {url}: 3 cookies on 1 domain\n"))
    );
}

#[test]
fn a_selector_that_matches_nothing_is_an_error() {
    if common::chromium().is_none() {
        return;
    }
    let (_site, dir, url) = fixture();
    let run = scan(
        dir.path(),
        &[
            &url,
            "--click",
            "#reject",
            "--timeout",
            "5",
            "--output",
            "capture.json",
        ],
    );
    assert_eq!(run.status, 2);
    assert_eq!(
        run.stderr,
        format!(
            "error: the selector `#reject` matched nothing on `{url}` in 5 s of waiting for it\n  help: Check the selector in the browser's developer tools; an element that takes longer to appear needs a longer timeout.\n"
        )
    );
    assert!(!dir.path().join("capture.json").exists());
    let run = scan(dir.path(), &[&url, "--click", "#"]);
    assert_eq!(run.status, 2);
    assert!(
        run.stderr
            .starts_with("error: the selector `#` is not valid CSS: SyntaxError"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_page_that_does_not_load_is_an_error() {
    if common::chromium().is_none() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let run = scan(dir.path(), &["https://nowhere.example/"]);
    assert_eq!(run.status, 2);
    assert_eq!(
        run.stderr,
        "error: `https://nowhere.example/` did not load: net::ERR_NAME_NOT_RESOLVED\n"
    );
    assert_eq!(run.stdout, "");
}

#[test]
fn a_page_that_never_finishes_loading_times_out() {
    if common::chromium().is_none() {
        return;
    }
    let site = FixtureSite::start();
    let dir = tempfile::tempdir().unwrap();
    let url = site.url("site.test", "/never");
    // Long enough for the browser to start on a busy machine.
    let run = scan(dir.path(), &[&url, "--timeout", "5"]);
    assert_eq!(run.status, 2);
    assert_eq!(
        run.stderr,
        format!(
            "error: `{url}` did not finish loading within 5 s\n  help: A page that keeps a request open never finishes loading; allow it longer if it is only slow.\n"
        )
    );
}

#[test]
fn a_click_waits_for_an_element_a_script_adds_after_the_load() {
    if common::chromium().is_none() {
        return;
    }
    let site = FixtureSite::start();
    let dir = tempfile::tempdir().unwrap();
    // The banner comes 1.5 s after the load, a second after the wait.
    let url = site.url("site.test", "/late");
    let run = scan(dir.path(), &[&url, "--click", "#accept"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert_eq!(
        run.stderr,
        format!("scanned {url}: 5 cookies on 2 domains (1 beyond the page's host: tracker.test)\n")
    );
    let capture: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(
        names(&capture),
        ["consent", "session_id", "theme", "tracker_uid", "visitor"]
    );
}

#[test]
fn no_chromium_is_an_error_that_says_where_it_looked() {
    let dir = tempfile::tempdir().unwrap();
    let help = "  help: Install Chromium (Debian: `apt-get install chromium`), or give its path with `--chrome PATH` or `CHROME=PATH`.\n";
    let run = scan(
        dir.path(),
        &["https://site.test/", "--chrome", "/nonexistent"],
    );
    assert_eq!(run.status, 2);
    assert_eq!(
        run.stderr,
        format!("error: no Chromium at `/nonexistent` (given by --chrome)\n{help}")
    );
    let run = cookielint_with_env(
        dir.path(),
        &["scan", "https://site.test/"],
        &[("PATH", dir.path().to_str().unwrap()), ("CHROME", "")],
    );
    assert_eq!(run.status, 2);
    assert_eq!(
        run.stderr,
        format!(
            "error: no Chromium found: none of `chromium`, `chromium-browser`, `google-chrome` is on PATH, and neither --chrome nor CHROME names one\n{help}"
        )
    );
}

#[test]
fn a_scan_before_consent_cannot_also_click_or_set_cookies() {
    let dir = tempfile::tempdir().unwrap();
    for flag in [["--click", "#accept"], ["--set-cookie", "consent=all"]] {
        let run = scan(
            dir.path(),
            &["https://site.test/", "--before-consent", flag[0], flag[1]],
        );
        assert_eq!(run.status, 2);
        assert!(run.stderr.contains("cannot be used with"), "{}", run.stderr);
    }
    let run = scan(dir.path(), &["https://site.test/", "--set-cookie", "=x"]);
    assert_eq!(run.status, 2);
    assert!(run.stderr.contains("expected NAME=VALUE"), "{}", run.stderr);
}

#[test]
fn waits_and_timeouts_out_of_range_are_refused_before_a_browser_starts() {
    let dir = tempfile::tempdir().unwrap();
    let refused = |flag: &str, value: &str, range: &str| {
        format!(
            "error: invalid value '{value}' for '--{flag} <SECONDS>': expected a number of seconds {range}, such as `3` or `0.5`\n\nFor more information, try '--help'.\n"
        )
    };
    let (wait, timeout) = ("from 0 to 3600", "more than 0 and at most 3600");
    for (flag, value, range) in [
        // Past the clock: a panic (exit 101) before the range was checked.
        ("timeout", "1e19", timeout),
        ("wait", "1e19", wait),
        ("timeout", "3600.5", timeout),
        ("timeout", "0", timeout),
        ("timeout", "NaN", timeout),
        ("wait", "inf", wait),
        ("wait", "-1", wait),
        ("wait", "soon", wait),
    ] {
        let run = cookielint_with_env(
            dir.path(),
            &["scan", "https://site.test/", &format!("--{flag}={value}")],
            &[],
        );
        assert_eq!(
            (run.status, run.stderr),
            (2, refused(flag, value, range)),
            "--{flag} {value}"
        );
    }
    // The bounds themselves are taken: the run goes on to look for the
    // browser.
    let run = cookielint_with_env(
        dir.path(),
        &[
            "scan",
            "https://site.test/",
            "--timeout",
            "3600",
            "--wait",
            "0",
            "--chrome",
            "/nonexistent",
        ],
        &[],
    );
    assert_eq!(run.status, 2);
    assert!(
        run.stderr
            .starts_with("error: no Chromium at `/nonexistent` (given by --chrome)\n"),
        "{}",
        run.stderr
    );
}

/// The processes running now, not those ended and not yet reaped (a
/// container's first process may never reap them): (pid, process group,
/// command line).
#[cfg(target_os = "linux")]
fn processes() -> Vec<(i32, i32, String)> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir("/proc").unwrap().flatten() {
        let Some(pid) = entry
            .file_name()
            .to_str()
            .and_then(|name| name.parse().ok())
        else {
            continue;
        };
        // A process that ends meanwhile has no files left to read.
        let (Ok(stat), Ok(cmdline)) = (
            std::fs::read_to_string(entry.path().join("stat")),
            std::fs::read(entry.path().join("cmdline")),
        ) else {
            continue;
        };
        // `pid (name) state parent group ...`; the name may hold anything.
        let fields: Vec<&str> = stat
            .rsplit_once(')')
            .map(|(_, rest)| rest.split_whitespace().collect())
            .unwrap_or_default();
        let (Some(&state), Some(Ok(group))) =
            (fields.first(), fields.get(2).map(|group| group.parse()))
        else {
            continue;
        };
        if matches!(state, "Z" | "X") {
            continue;
        }
        let cmdline = String::from_utf8_lossy(&cmdline).replace('\0', " ");
        found.push((pid, group, cmdline));
    }
    found
}

/// Kills, when dropped, every process whose command line names the folder:
/// a failed test leaves no browser behind either.
#[cfg(target_os = "linux")]
struct Reaper(std::path::PathBuf);

#[cfg(target_os = "linux")]
impl Reaper {
    fn survivors(&self, group: Option<i32>) -> Vec<String> {
        let folder = self.0.display().to_string();
        processes()
            .into_iter()
            .filter(|(_, in_group, cmdline)| cmdline.contains(&folder) || Some(*in_group) == group)
            .map(|(pid, _, cmdline)| format!("{pid} {cmdline}"))
            .collect()
    }
}

#[cfg(target_os = "linux")]
impl Drop for Reaper {
    fn drop(&mut self) {
        for survivor in self.survivors(None) {
            let pid = survivor.split(' ').next().and_then(|pid| pid.parse().ok());
            if let Some(pid) = pid.and_then(rustix::process::Pid::from_raw) {
                let _ = rustix::process::kill_process(pid, rustix::process::Signal::KILL);
            }
        }
    }
}

fn wait_until(what: &str, done: impl Fn() -> bool) {
    let until = std::time::Instant::now() + std::time::Duration::from_secs(30);
    while !done() {
        assert!(std::time::Instant::now() < until, "{what} did not happen");
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
}

/// Scans a page that never finishes loading, with the temporary folder
/// `temp`, and sends `signal` once the browser asked for the page: to the
/// scan alone, or to its whole process group, as a terminal sends Ctrl-C
/// to the command in the foreground. Gives how the scan ended and what it
/// said, once it has: with no process of the browser left running, and
/// nothing of it left in `temp`.
#[cfg(target_os = "linux")]
fn interrupted_scan(
    temp: &Path,
    signal: rustix::process::Signal,
    to_group: bool,
) -> (std::process::ExitStatus, String) {
    use std::os::unix::process::CommandExt;
    use std::process::{Command, Stdio};

    let site = FixtureSite::start();
    let dir = tempfile::tempdir().unwrap();
    let url = site.url("site.test", "/never");
    let reaper = Reaper(temp.to_path_buf());
    let mut command = Command::new(assert_cmd::cargo::cargo_bin("cookielint"));
    command
        .current_dir(dir.path())
        .env("TMPDIR", temp)
        .args(scan_args(&[
            &url,
            "--timeout",
            "60",
            "--output",
            "capture.json",
        ]))
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    if to_group {
        command.process_group(0);
    }
    let mut child = command.spawn().unwrap();
    wait_until("the browser's request for the page", || {
        site.was_asked_for("/never")
    });
    let folder = temp.display().to_string();
    let browser = processes()
        .into_iter()
        .find(|(pid, group, cmdline)| pid == group && cmdline.contains(&folder))
        .map(|(pid, _, _)| pid);
    assert!(
        browser.is_some(),
        "the browser leads a process group of its own"
    );
    let scan = rustix::process::Pid::from_child(&child);
    if to_group {
        rustix::process::kill_process_group(scan, signal).unwrap();
    } else {
        rustix::process::kill_process(scan, signal).unwrap();
    }
    let until = std::time::Instant::now() + std::time::Duration::from_secs(20);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if std::time::Instant::now() > until {
            let _ = child.kill();
            panic!("the scan went on after {signal:?}");
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    };
    let mut stderr = String::new();
    std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut stderr).unwrap();
    assert_eq!(reaper.survivors(browser), Vec::<String>::new());
    let left: Vec<_> = std::fs::read_dir(temp)
        .unwrap()
        .map(|entry| entry.unwrap().file_name())
        .collect();
    assert!(left.is_empty(), "left in the temporary folder: {left:?}");
    assert!(!dir.path().join("capture.json").exists());
    (status, stderr)
}

#[cfg(target_os = "linux")]
const INTERRUPTED: &str =
    "error: the scan was interrupted; its browser is stopped and its profile removed\n";

#[test]
#[cfg(target_os = "linux")]
fn sigterm_during_a_load_stops_the_browser_and_removes_its_private_profile() {
    use std::os::unix::fs::PermissionsExt;

    if common::chromium().is_none() {
        return;
    }
    let temp = tempfile::tempdir().unwrap();
    // The profile is private while the browser runs.
    let watcher = {
        let temp = temp.path().to_path_buf();
        std::thread::spawn(move || {
            let mode = |path: &Path| std::fs::metadata(path).unwrap().permissions().mode() & 0o777;
            let folder = || {
                let entry = std::fs::read_dir(&temp).ok()?.flatten().find(|entry| {
                    entry
                        .file_name()
                        .to_string_lossy()
                        .starts_with("cookielint-scan-")
                })?;
                let folder = entry.path();
                folder
                    .join("profile/DevToolsActivePort")
                    .exists()
                    .then_some(folder)
            };
            wait_until("the browser's start", || folder().is_some());
            let folder = folder().unwrap();
            [
                (folder.clone(), mode(&folder)),
                (folder.join("profile"), mode(&folder.join("profile"))),
                (
                    folder.join("chromium.log"),
                    mode(&folder.join("chromium.log")),
                ),
                (
                    folder.join("profile/Default/Preferences"),
                    mode(&folder.join("profile/Default/Preferences")),
                ),
            ]
        })
    };
    let (status, stderr) = interrupted_scan(temp.path(), rustix::process::Signal::TERM, false);
    assert_eq!((status.code(), stderr.as_str()), (Some(143), INTERRUPTED));
    let modes = watcher.join().unwrap();
    let expected = [0o700, 0o700, 0o600, 0o600];
    for ((path, mode), expected) in modes.iter().zip(expected) {
        assert_eq!(*mode, expected, "{} is {mode:o}", path.display());
    }
}

#[test]
#[cfg(target_os = "linux")]
fn ctrl_c_during_a_load_stops_the_browser_and_removes_its_profile() {
    if common::chromium().is_none() {
        return;
    }
    let temp = tempfile::tempdir().unwrap();
    let (status, stderr) = interrupted_scan(temp.path(), rustix::process::Signal::INT, true);
    assert_eq!((status.code(), stderr.as_str()), (Some(130), INTERRUPTED));
}
