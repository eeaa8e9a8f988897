//! `cookielint scan`: what a site really sets, read from a real browser.
//!
//! The system's headless Chromium is started on a fresh profile and driven
//! over the DevTools protocol (a WebSocket, JSON messages): cookies given in
//! advance are set, the page is loaded, an element is clicked if asked, and
//! every cookie in the browser's jar is read (`Storage.getCookies`: those set
//! by script and by third parties included). The result is written as a
//! Playwright `storageState` capture, which `audit` reads like any other.
//!
//! A scan leaves nothing behind: the browser runs in a process group of its
//! own, which is killed whole when the scan ends, however it ends (an
//! error, a timeout, or an [`Interrupt`] raised from another thread, as the
//! binary does on Ctrl-C and SIGTERM), and its profile, private to the user
//! who runs the scan, is removed.
//!
//! The protocol client is the handful of commands a scan needs, over
//! `tungstenite`: crates that generate the whole protocol cost minutes of
//! compilation for thousands of types a scan never uses.

use std::fs::{File, OpenOptions};
use std::io::{self, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::{Arc, Condvar, Mutex, PoisonError};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use tungstenite::{Message, WebSocket};

use crate::read::read_small_file;

/// How long a scan waits after the load (and after the click) by default,
/// for the scripts that set cookies late.
pub const DEFAULT_WAIT: Duration = Duration::from_secs(3);

/// How long the browser may take to start and the page to load by default.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

/// The longest wait and timeout a scan takes: an hour is more than any page
/// needs, and a time given by mistake (`1e19` seconds) would overflow the
/// clock.
pub const LONGEST: Duration = Duration::from_secs(3_600);

/// How often a scan looks whether it was interrupted while it waits for the
/// browser, and whether the element to click has appeared.
const POLL: Duration = Duration::from_millis(100);

/// What to scan, and how.
#[derive(Debug, Clone)]
pub struct ScanRequest {
    /// The page to load: an `http` or `https` URL.
    pub url: String,
    /// The Chromium (or Chrome) executable.
    pub chrome: PathBuf,
    /// The pause after the load, and again after the click.
    pub wait: Duration,
    /// The bound on starting the browser, loading the page and every
    /// exchange with the browser: a scan never hangs.
    pub timeout: Duration,
    /// Cookies (name, value) set for the page's host before it loads: how a
    /// consent cookie is pre-set for an after-consent scan.
    pub set_cookies: Vec<(String, String)>,
    /// A CSS selector clicked once the page has loaded (a banner's "accept").
    pub click: Option<String>,
    /// More Chromium switches (a proxy, host resolver rules).
    pub extra_args: Vec<String>,
    /// Raised from another thread to stop the scan.
    pub interrupt: Interrupt,
}

impl ScanRequest {
    /// A plain load of `url`, with the default wait and timeout.
    pub fn new(url: impl Into<String>, chrome: impl Into<PathBuf>) -> Self {
        ScanRequest {
            url: url.into(),
            chrome: chrome.into(),
            wait: DEFAULT_WAIT,
            timeout: DEFAULT_TIMEOUT,
            set_cookies: Vec::new(),
            click: None,
            extra_args: Vec::new(),
            interrupt: Interrupt::default(),
        }
    }

    /// Refuses a wait or a timeout out of [`WAIT_RANGE`] or
    /// [`TIMEOUT_RANGE`].
    fn check_times(&self) -> Result<(), ScanError> {
        for (what, given, range) in [
            ("wait", self.wait, WAIT_RANGE),
            ("timeout", self.timeout, TIMEOUT_RANGE),
        ] {
            if !range.holds(given) {
                return Err(ScanError::OutOfRange {
                    what,
                    given,
                    allowed: range.to_string(),
                });
            }
        }
        Ok(())
    }
}

/// The durations a scan takes for a wait or a timeout, which a command
/// line checks before it asks for a scan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TimeRange {
    /// Whether zero is allowed (a wait of zero is no wait; a timeout of
    /// zero would fail every scan).
    pub zero: bool,
    /// The longest allowed, [`LONGEST`].
    pub longest: Duration,
}

impl TimeRange {
    pub fn holds(&self, duration: Duration) -> bool {
        (self.zero || !duration.is_zero()) && duration <= self.longest
    }
}

/// `from 0 to 3600`, `more than 0 and at most 3600` (seconds).
impl std::fmt::Display for TimeRange {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let longest = seconds(&self.longest);
        if self.zero {
            write!(formatter, "from 0 to {longest}")
        } else {
            write!(formatter, "more than 0 and at most {longest}")
        }
    }
}

/// The pause after the load: none, up to [`LONGEST`].
pub const WAIT_RANGE: TimeRange = TimeRange {
    zero: true,
    longest: LONGEST,
};

/// The bound on the load: more than none, up to [`LONGEST`].
pub const TIMEOUT_RANGE: TimeRange = TimeRange {
    zero: false,
    longest: LONGEST,
};

/// Stops a scan from another thread (one that receives a signal, say): the
/// scan kills its browser, removes its profile and returns
/// [`ScanError::Interrupted`], within a fraction of a second. Clones share
/// one state; once raised, it stays raised.
#[derive(Debug, Clone, Default)]
pub struct Interrupt(Arc<(Mutex<bool>, Condvar)>);

impl Interrupt {
    /// Stops the scan that holds a clone, and any scan started with one.
    pub fn raise(&self) {
        let (raised, changed) = &*self.0;
        *raised.lock().unwrap_or_else(PoisonError::into_inner) = true;
        changed.notify_all();
    }

    pub fn is_raised(&self) -> bool {
        *self.0.0.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// `Err(Interrupted)` once raised.
    fn check(&self) -> Result<(), ScanError> {
        if self.is_raised() {
            Err(ScanError::Interrupted)
        } else {
            Ok(())
        }
    }

    /// Sleeps for `duration`, or until raised.
    fn sleep(&self, duration: Duration) -> Result<(), ScanError> {
        let (raised, changed) = &*self.0;
        let guard = raised.lock().unwrap_or_else(PoisonError::into_inner);
        let (guard, _) = changed
            .wait_timeout_while(guard, duration, |raised| !*raised)
            .unwrap_or_else(PoisonError::into_inner);
        if *guard {
            Err(ScanError::Interrupted)
        } else {
            Ok(())
        }
    }
}

/// One cookie of the jar, as `storageState` holds it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Cookie {
    pub name: String,
    pub value: String,
    /// As the browser keeps it: a leading dot for a domain cookie, none for
    /// a host-only one.
    pub domain: String,
    pub path: String,
    /// Unix seconds; -1 for a session cookie.
    #[serde(serialize_with = "whole_when_whole")]
    pub expires: f64,
    pub http_only: bool,
    pub secure: bool,
    /// `Strict`, `Lax` or `None`. Chromium reports none for a cookie that
    /// did not say, and treats it as `Lax`; Playwright writes `Lax` then,
    /// and so does a scan.
    #[serde(default = "lax")]
    pub same_site: String,
}

fn lax() -> String {
    "Lax".to_string()
}

/// `-1` rather than `-1.0`, as Playwright writes it.
fn whole_when_whole<S: serde::Serializer>(seconds: &f64, serializer: S) -> Result<S::Ok, S::Error> {
    if seconds.fract() == 0.0 && seconds.abs() < 1e15 {
        serializer.serialize_i64(*seconds as i64)
    } else {
        serializer.serialize_f64(*seconds)
    }
}

/// What a scan read.
#[derive(Debug, Clone)]
pub struct Scan {
    /// Every cookie of the jar, sorted by domain, name and path.
    pub cookies: Vec<Cookie>,
    /// When the jar was read.
    pub captured_at: SystemTime,
    /// The page's address once loaded (after any redirect).
    pub page_url: String,
}

impl Scan {
    /// The cookies' domains (no leading dot, lower case, sorted, once each).
    pub fn domains(&self) -> Vec<String> {
        let mut domains: Vec<String> = self
            .cookies
            .iter()
            .map(|cookie| bare_domain(&cookie.domain))
            .collect();
        domains.sort();
        domains.dedup();
        domains
    }

    /// The domains whose cookies the page's host would not be sent: other
    /// sites', most likely third parties (the audit decides with the Public
    /// Suffix List).
    pub fn foreign_domains(&self) -> Vec<String> {
        let host = host_of(&self.page_url).to_ascii_lowercase();
        self.domains()
            .into_iter()
            .filter(|domain| host != *domain && !host.ends_with(&format!(".{domain}")))
            .collect()
    }

    /// Writes the scan as a Playwright `storageState` document, with the
    /// time the jar was read (`capturedAt`, ISO 8601 UTC), the page
    /// (`cookielintPageUrl`) and, for a plain first load, the moment
    /// (`"cookielintMoment": "before-consent"`).
    pub fn write_storage_state(&self, before_consent: bool, out: &mut dyn Write) -> io::Result<()> {
        let document = StorageState {
            cookies: &self.cookies,
            origins: [],
            captured_at: iso8601_utc(self.captured_at),
            cookielint_page_url: &self.page_url,
            cookielint_moment: before_consent.then_some("before-consent"),
        };
        serde_json::to_writer_pretty(&mut *out, &document)?;
        writeln!(out)
    }
}

/// A `storageState` document, its keys in Playwright's order, then ours.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct StorageState<'a> {
    cookies: &'a [Cookie],
    origins: [(); 0],
    captured_at: String,
    cookielint_page_url: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    cookielint_moment: Option<&'static str>,
}

fn bare_domain(domain: &str) -> String {
    domain.trim_start_matches('.').to_ascii_lowercase()
}

/// The host of an absolute URL (no user, port or brackets).
fn host_of(url: &str) -> &str {
    let after_scheme = url.split_once("://").map_or(url, |(_, rest)| rest);
    let authority = after_scheme
        .split(['/', '?', '#'])
        .next()
        .unwrap_or_default();
    let host_port = authority
        .rsplit_once('@')
        .map_or(authority, |(_, host)| host);
    match host_port.strip_prefix('[') {
        Some(bracketed) => bracketed.split(']').next().unwrap_or_default(),
        None => host_port.split(':').next().unwrap_or_default(),
    }
}

/// A time as `2026-11-30T17:09:21Z` (whole seconds, UTC).
pub fn iso8601_utc(time: SystemTime) -> String {
    let seconds = time
        .duration_since(UNIX_EPOCH)
        .map_or(0, |since| since.as_secs());
    let (days, second_of_day) = (seconds / 86_400, seconds % 86_400);
    // Days to a civil date: Howard Hinnant's `civil_from_days`, for days
    // since 1970 (never negative here).
    let shifted = days + 719_468;
    let era = shifted / 146_097;
    let day_of_era = shifted % 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1_460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_index = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_index + 2) / 5 + 1;
    let month = if month_index < 10 {
        month_index + 3
    } else {
        month_index - 9
    };
    let year = year_of_era + era * 400 + u64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        second_of_day / 3_600,
        second_of_day / 60 % 60,
        second_of_day % 60
    )
}

/// Why a scan could not be made.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum ScanError {
    #[error("`{0}` is not an http or https URL")]
    #[diagnostic(help("Give the page's full address, such as `https://example.com/`."))]
    NotHttp(String),

    #[error("cannot prepare a temporary browser profile: {0}")]
    Profile(io::Error),

    #[error("cannot start `{chrome}`: {source}")]
    #[diagnostic(help("Give the path of a Chromium or Chrome executable."))]
    Start { chrome: String, source: io::Error },

    #[error("`{chrome}` stopped before it was ready ({status}){log}")]
    #[diagnostic(help("Check that it is Chromium or Chrome, and that it runs headless here."))]
    Exited {
        chrome: String,
        status: ExitStatus,
        /// The end of what it printed, on lines of its own.
        log: String,
    },

    #[error("the browser did not open its DevTools port within {} s", seconds(.0))]
    NoDevTools(Duration),

    #[error("the DevTools connection to the browser failed: {0}")]
    DevTools(String),

    #[error("the browser refused `{method}`: {message}")]
    Refused {
        method: &'static str,
        message: String,
    },

    #[error("`{url}` did not load: {reason}")]
    NotLoaded { url: String, reason: String },

    #[error("`{url}` did not finish loading within {} s", seconds(.timeout))]
    #[diagnostic(help(
        "A page that keeps a request open never finishes loading; allow it longer if it is only slow."
    ))]
    Timeout { url: String, timeout: Duration },

    #[error("the selector `{selector}` is not valid CSS: {message}")]
    BadSelector { selector: String, message: String },

    #[error(
        "the selector `{selector}` matched nothing on `{url}` in {} s of waiting for it",
        seconds(.waited)
    )]
    #[diagnostic(help(
        "Check the selector in the browser's developer tools; an element that takes longer to appear needs a longer timeout."
    ))]
    NothingToClick {
        selector: String,
        url: String,
        waited: Duration,
    },

    #[error(
        "a scan's {what} of {} s is out of range: it takes a number of seconds {allowed}",
        seconds(.given)
    )]
    OutOfRange {
        what: &'static str,
        given: Duration,
        /// The range, in words.
        allowed: String,
    },

    #[error("the scan was interrupted; its browser is stopped and its profile removed")]
    Interrupted,
}

/// A duration as a number of seconds, as it was given: `30`, `0.5`.
fn seconds(duration: &Duration) -> String {
    duration.as_secs_f64().to_string()
}

/// Loads the page in a fresh headless browser and reads its cookie jar.
/// The browser and its profile are gone when this returns, whatever
/// happened.
pub fn scan(request: &ScanRequest) -> Result<Scan, ScanError> {
    let url = request.url.as_str();
    if !(url.starts_with("http://") || url.starts_with("https://")) {
        return Err(ScanError::NotHttp(url.to_string()));
    }
    request.check_times()?;
    let interrupt = &request.interrupt;
    interrupt.check()?;
    let mut browser = Browser::launch(request)?;
    let deadline = Instant::now() + request.timeout;
    let mut devtools = browser.connect(deadline, interrupt)?;
    let target = devtools.call(None, "Target.createTarget", json!({"url": "about:blank"}))?;
    let target_id = target["targetId"].clone();
    let attached = devtools.call(
        None,
        "Target.attachToTarget",
        json!({"targetId": target_id, "flatten": true}),
    )?;
    let session = attached["sessionId"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let page = Some(session.as_str());
    devtools.call(page, "Page.enable", json!({}))?;
    for (name, value) in &request.set_cookies {
        devtools.call(
            page,
            "Network.setCookie",
            json!({"name": name, "value": value, "url": url, "path": "/"}),
        )?;
    }
    let timeout = || ScanError::Timeout {
        url: url.to_string(),
        timeout: request.timeout,
    };
    let navigation = devtools
        .call_until(page, "Page.navigate", json!({"url": url}), deadline)
        .map_err(|error| error.or_timeout(timeout))?;
    if let Some(reason) = navigation["errorText"]
        .as_str()
        .filter(|text| !text.is_empty())
    {
        return Err(ScanError::NotLoaded {
            url: url.to_string(),
            reason: reason.to_string(),
        });
    }
    devtools
        .wait_for(page, "Page.loadEventFired", deadline)
        .map_err(|error| error.or_timeout(timeout))?;
    interrupt.sleep(request.wait)?;
    if let Some(selector) = &request.click {
        click(&mut devtools, page, selector, url, request.timeout)?;
        interrupt.sleep(request.wait)?;
    }
    let location = devtools.evaluate(page, "location.href")?;
    let page_url = location["result"]["value"]
        .as_str()
        .unwrap_or(url)
        .to_string();
    let jar = devtools.call(None, "Storage.getCookies", json!({}))?;
    let captured_at = SystemTime::now();
    let mut cookies: Vec<Cookie> = serde_json::from_value(jar["cookies"].clone())
        .map_err(|error| ScanError::DevTools(format!("unexpected cookies: {error}")))?;
    cookies.sort_by(|a, b| (&a.domain, &a.name, &a.path).cmp(&(&b.domain, &b.name, &b.path)));
    // A clean exit lets the browser's helpers go with it; the guard kills
    // whatever remains.
    let _ = devtools.send(None, "Browser.close", json!({}));
    browser.close(Duration::from_secs(5));
    Ok(Scan {
        cookies,
        captured_at,
        page_url,
    })
}

/// Clicks the first element `selector` matches, waiting up to `timeout` for
/// one to appear (a banner a script adds late), asking the page again every
/// [`POLL`], as Playwright's `click` does.
fn click(
    devtools: &mut DevTools,
    page: Option<&str>,
    selector: &str,
    url: &str,
    timeout: Duration,
) -> Result<(), ScanError> {
    let quoted = serde_json::to_string(selector).unwrap_or_default();
    let expression = format!(
        "(() => {{ const target = document.querySelector({quoted}); if (!target) return false; target.click(); return true; }})()"
    );
    let started = Instant::now();
    loop {
        let outcome = devtools.evaluate(page, &expression)?;
        if let Some(exception) = outcome.get("exceptionDetails") {
            let message = exception["exception"]["description"]
                .as_str()
                .or(exception["text"].as_str())
                .unwrap_or("an exception")
                .lines()
                .next()
                .unwrap_or_default();
            return Err(ScanError::BadSelector {
                selector: selector.to_string(),
                message: message.to_string(),
            });
        }
        if outcome["result"]["value"] == json!(true) {
            return Ok(());
        }
        if started.elapsed() >= timeout {
            return Err(ScanError::NothingToClick {
                selector: selector.to_string(),
                url: url.to_string(),
                waited: timeout,
            });
        }
        devtools.interrupt.sleep(POLL)?;
    }
}

/// The browser process and its temporary profile; dropping it kills the
/// browser's process group (its helpers with it) and removes the profile.
struct Browser {
    child: Child,
    /// Removed on drop, after the process is gone.
    folder: tempfile::TempDir,
    timeout: Duration,
    chrome: String,
}

impl Browser {
    fn launch(request: &ScanRequest) -> Result<Self, ScanError> {
        // The profile holds the cookies of the pages scanned, and the log
        // their addresses: for the user who scans only, in a temporary
        // folder others can list.
        let mut folder = tempfile::Builder::new();
        folder.prefix("cookielint-scan-");
        #[cfg(unix)]
        folder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o700));
        let folder = folder.tempdir().map_err(ScanError::Profile)?;
        let profile = folder.path().join("profile");
        let mut private_folder = std::fs::DirBuilder::new();
        private_folder.recursive(true);
        #[cfg(unix)]
        std::os::unix::fs::DirBuilderExt::mode(&mut private_folder, 0o700);
        private_folder
            .create(profile.join("Default"))
            .and_then(|()| {
                // A fresh profile blocks third-party cookies, and finding them
                // is what a scan is for: 0 lets them through.
                private_file(&profile.join("Default/Preferences"))?
                    .write_all(br#"{"profile": {"cookie_controls_mode": 0}}"#)
            })
            .map_err(ScanError::Profile)?;
        let log = private_file(&folder.path().join("chromium.log")).map_err(ScanError::Profile)?;
        let mut command = Command::new(&request.chrome);
        // Chromium's own temporary files (its singleton socket) go in the
        // folder too, and with it.
        command.env("TMPDIR", folder.path());
        // A group of its own, which the guard kills whole: the browser's
        // helpers go with it, and a Ctrl-C at the terminal reaches the scan
        // alone, which then ends the browser itself.
        #[cfg(unix)]
        std::os::unix::process::CommandExt::process_group(&mut command, 0);
        command
            .args([
                "--headless",
                "--remote-debugging-port=0",
                "--no-first-run",
                "--no-default-browser-check",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-gpu",
                "--mute-audio",
                "--password-store=basic",
            ])
            .arg(format!("--user-data-dir={}", profile.display()));
        if runs_as_root(folder.path()) {
            // Chromium refuses to start as root with its sandbox (as in CI
            // containers); the scan's pages are the user's own sites.
            command.arg("--no-sandbox");
        }
        let child = command
            .args(&request.extra_args)
            .arg("about:blank")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .map_err(|source| ScanError::Start {
                chrome: request.chrome.display().to_string(),
                source,
            })?;
        Ok(Browser {
            child,
            folder,
            timeout: request.timeout,
            chrome: request.chrome.display().to_string(),
        })
    }

    /// Waits for the port Chromium writes in its profile, then opens the
    /// browser's DevTools socket.
    fn connect(&mut self, deadline: Instant, interrupt: &Interrupt) -> Result<DevTools, ScanError> {
        let port_file = self.folder.path().join("profile/DevToolsActivePort");
        loop {
            if let Ok(bytes) = read_small_file(&port_file) {
                let text = String::from_utf8_lossy(&bytes);
                let mut lines = text.lines();
                if let (Some(port), Some(path)) = (lines.next(), lines.next()) {
                    let address = format!("127.0.0.1:{port}");
                    return DevTools::open(&address, path, deadline, interrupt.clone());
                }
            }
            if let Ok(Some(status)) = self.child.try_wait() {
                return Err(ScanError::Exited {
                    chrome: self.chrome.clone(),
                    status,
                    log: self.log_tail(),
                });
            }
            if Instant::now() >= deadline {
                return Err(ScanError::NoDevTools(self.timeout));
            }
            interrupt.sleep(Duration::from_millis(20))?;
        }
    }

    /// The last lines Chromium printed, each on a line of its own.
    fn log_tail(&self) -> String {
        let log = read_small_file(&self.folder.path().join("chromium.log")).unwrap_or_default();
        let text = String::from_utf8_lossy(&log);
        let lines: Vec<&str> = text
            .lines()
            .filter(|line| !line.trim().is_empty())
            .collect();
        lines[lines.len().saturating_sub(5)..]
            .iter()
            .map(|line| format!("\n  {line}"))
            .collect()
    }

    /// Gives the browser `grace` to exit by itself, then the guard ends it.
    fn close(mut self, grace: Duration) {
        let until = Instant::now() + grace;
        while Instant::now() < until {
            if matches!(self.child.try_wait(), Ok(Some(_))) {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        // The group outlives a browser that exited by itself while its
        // helpers are still finishing: it is killed in any case.
        #[cfg(unix)]
        let _ = rustix::process::kill_process_group(
            rustix::process::Pid::from_child(&self.child),
            rustix::process::Signal::KILL,
        );
        if !matches!(self.child.try_wait(), Ok(Some(_))) {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
        // The browser's helper processes outlive it briefly and may still
        // write in the profile: removing it once can leave it behind.
        let until = Instant::now() + Duration::from_secs(2);
        while std::fs::remove_dir_all(self.folder.path())
            .is_err_and(|error| error.kind() != io::ErrorKind::NotFound)
            && Instant::now() < until
        {
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

/// Creates a new file only its owner can read and write.
fn private_file(path: &Path) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path)
}

/// Whether this process runs as root: the folder it just made is owned by
/// its effective user (no `libc` call needed).
#[cfg(unix)]
fn runs_as_root(own_folder: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata(own_folder).is_ok_and(|metadata| metadata.uid() == 0)
}

#[cfg(not(unix))]
fn runs_as_root(_own_folder: &Path) -> bool {
    false
}

/// The browser's DevTools socket: commands out, answers and events in.
struct DevTools {
    socket: WebSocket<TcpStream>,
    next_id: u64,
    /// Events seen while waiting for answers: (session, method).
    events: Vec<(Option<String>, String)>,
    /// The bound on each exchange.
    deadline: Instant,
    /// Looked at while waiting for the browser.
    interrupt: Interrupt,
}

/// What went wrong in one exchange: out of time, or anything else.
enum Failure {
    TimedOut,
    Error(ScanError),
}

impl Failure {
    fn or_timeout(self, timeout: impl FnOnce() -> ScanError) -> ScanError {
        match self {
            Failure::TimedOut => timeout(),
            Failure::Error(error) => error,
        }
    }
}

impl From<ScanError> for Failure {
    fn from(error: ScanError) -> Self {
        Failure::Error(error)
    }
}

impl DevTools {
    fn open(
        address: &str,
        path: &str,
        deadline: Instant,
        interrupt: Interrupt,
    ) -> Result<Self, ScanError> {
        let failed = |error: &dyn std::fmt::Display| ScanError::DevTools(error.to_string());
        let stream = TcpStream::connect(address).map_err(|error| failed(&error))?;
        // Reads give way every [`POLL`], here and after: a browser that
        // never answers cannot hold the scan past its deadline or an
        // interrupt.
        stream
            .set_read_timeout(Some(POLL))
            .map_err(|error| failed(&error))?;
        let mut handshake = tungstenite::client(format!("ws://{address}{path}"), stream);
        let socket = loop {
            match handshake {
                Ok((socket, _)) => break socket,
                Err(tungstenite::HandshakeError::Interrupted(midway)) => {
                    interrupt.check()?;
                    if Instant::now() >= deadline {
                        return Err(ScanError::DevTools(
                            "no answer to the WebSocket handshake in time".to_string(),
                        ));
                    }
                    handshake = midway.handshake();
                }
                Err(tungstenite::HandshakeError::Failure(error)) => return Err(failed(&error)),
            }
        };
        Ok(DevTools {
            socket,
            next_id: 0,
            events: Vec::new(),
            deadline,
            interrupt,
        })
    }

    fn send(
        &mut self,
        session: Option<&str>,
        method: &str,
        params: Value,
    ) -> Result<u64, ScanError> {
        self.next_id += 1;
        let mut message = json!({"id": self.next_id, "method": method, "params": params});
        if let Some(session) = session {
            message["sessionId"] = json!(session);
        }
        self.socket
            .send(Message::text(message.to_string()))
            .map_err(|error| ScanError::DevTools(error.to_string()))?;
        Ok(self.next_id)
    }

    /// A command's result, within the scan's bound.
    fn call(
        &mut self,
        session: Option<&str>,
        method: &'static str,
        params: Value,
    ) -> Result<Value, ScanError> {
        let deadline = self.deadline.max(Instant::now() + Duration::from_secs(5));
        self.call_until(session, method, params, deadline)
            .map_err(|failure| {
                failure
                    .or_timeout(|| ScanError::DevTools(format!("no answer to `{method}` in time")))
            })
    }

    fn call_until(
        &mut self,
        session: Option<&str>,
        method: &'static str,
        params: Value,
        deadline: Instant,
    ) -> Result<Value, Failure> {
        let id = self.send(session, method, params)?;
        loop {
            let mut message = self.receive(deadline)?;
            if message["id"] == json!(id) {
                if let Some(error) = message.get("error") {
                    return Err(Failure::Error(ScanError::Refused {
                        method,
                        message: error["message"].as_str().unwrap_or("no reason").to_string(),
                    }));
                }
                return Ok(message["result"].take());
            }
            self.remember(message);
        }
    }

    fn evaluate(&mut self, session: Option<&str>, expression: &str) -> Result<Value, ScanError> {
        self.call(
            session,
            "Runtime.evaluate",
            json!({"expression": expression, "returnByValue": true, "awaitPromise": true}),
        )
    }

    /// Waits for an event of the session, which may already have come.
    fn wait_for(
        &mut self,
        session: Option<&str>,
        method: &str,
        deadline: Instant,
    ) -> Result<(), Failure> {
        let is_it = |(event_session, event_method): &(Option<String>, String)| {
            event_session.as_deref() == session && event_method == method
        };
        if self.events.iter().any(is_it) {
            return Ok(());
        }
        loop {
            let message = self.receive(deadline)?;
            self.remember(message);
            if self.events.last().is_some_and(is_it) {
                return Ok(());
            }
        }
    }

    fn remember(&mut self, message: Value) {
        if let Some(method) = message["method"].as_str() {
            let session = message["sessionId"].as_str().map(str::to_string);
            self.events.push((session, method.to_string()));
        }
    }

    fn receive(&mut self, deadline: Instant) -> Result<Value, Failure> {
        loop {
            self.interrupt.check()?;
            if Instant::now() >= deadline {
                return Err(Failure::TimedOut);
            }
            match self.socket.read() {
                Ok(Message::Text(text)) => {
                    return serde_json::from_str(text.as_str())
                        .map_err(|error| ScanError::DevTools(error.to_string()).into());
                }
                Ok(_) => {}
                Err(tungstenite::Error::Io(error))
                    if matches!(
                        error.kind(),
                        io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
                    ) => {}
                Err(error) => return Err(ScanError::DevTools(error.to_string()).into()),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cookie(name: &str, domain: &str, expires: f64) -> Cookie {
        Cookie {
            name: name.into(),
            value: "v".into(),
            domain: domain.into(),
            path: "/".into(),
            expires,
            http_only: false,
            secure: true,
            same_site: "None".into(),
        }
    }

    #[test]
    fn times_are_iso8601_utc() {
        let at = |seconds| iso8601_utc(UNIX_EPOCH + Duration::from_secs(seconds));
        assert_eq!(at(0), "1970-01-01T00:00:00Z");
        assert_eq!(at(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(at(1_796_058_561), "2026-11-30T17:09:21Z");
        assert_eq!(at(4_102_444_799), "2099-12-31T23:59:59Z");
    }

    #[test]
    fn hosts_are_read_from_urls() {
        assert_eq!(
            host_of("https://www.Example.com:8443/a?b#c"),
            "www.Example.com"
        );
        assert_eq!(host_of("http://user:pw@site.test/"), "site.test");
        assert_eq!(host_of("http://[::1]:80/"), "::1");
        assert_eq!(host_of("https://site.test"), "site.test");
    }

    #[test]
    fn foreign_domains_are_those_the_page_host_is_not_in() {
        let scan = Scan {
            cookies: vec![
                cookie("a", ".example.com", -1.0),
                cookie("b", "www.example.com", -1.0),
                cookie("c", "cdn.example.com", -1.0),
                cookie("d", ".tracker.test", -1.0),
            ],
            captured_at: UNIX_EPOCH,
            page_url: "https://www.example.com/".into(),
        };
        assert_eq!(scan.domains().len(), 4);
        assert_eq!(scan.foreign_domains(), ["cdn.example.com", "tracker.test"]);
    }

    #[test]
    fn storage_state_is_playwrights_with_the_time_and_the_moment() {
        let scan = Scan {
            cookies: vec![
                cookie("id", ".tracker.test", 1_800_000_000.5),
                cookie("s", "site.test", -1.0),
            ],
            captured_at: UNIX_EPOCH + Duration::from_secs(1_796_058_561),
            page_url: "https://site.test/".into(),
        };
        let mut out = Vec::new();
        scan.write_storage_state(true, &mut out).unwrap();
        let written: Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(
            written,
            json!({
                "cookies": [
                    {"name": "id", "value": "v", "domain": ".tracker.test", "path": "/",
                     "expires": 1_800_000_000.5, "httpOnly": false, "secure": true, "sameSite": "None"},
                    {"name": "s", "value": "v", "domain": "site.test", "path": "/",
                     "expires": -1, "httpOnly": false, "secure": true, "sameSite": "None"}
                ],
                "origins": [],
                "capturedAt": "2026-11-30T17:09:21Z",
                "cookielintPageUrl": "https://site.test/",
                "cookielintMoment": "before-consent"
            })
        );
        let text = String::from_utf8(out).unwrap();
        assert!(
            text.starts_with("{\n  \"cookies\": ["),
            "Playwright's order: {text}"
        );
        assert!(text.contains("\"expires\": -1,"));
    }

    #[test]
    fn a_cookie_without_same_site_is_lax_as_chromium_treats_it() {
        let cookie: Cookie = serde_json::from_value(json!({
            "name": "n", "value": "v", "domain": "site.test", "path": "/",
            "expires": -1, "httpOnly": false, "secure": false, "size": 2, "session": true
        }))
        .unwrap();
        assert_eq!(cookie.same_site, "Lax");
    }

    #[test]
    fn only_web_pages_are_scanned() {
        let request = ScanRequest::new("file:///etc/passwd", "/nonexistent/chromium");
        assert!(matches!(scan(&request), Err(ScanError::NotHttp(_))));
    }

    #[test]
    fn times_past_an_hour_are_refused_before_a_browser_starts() {
        let request = |wait, timeout| ScanRequest {
            wait,
            timeout,
            ..ScanRequest::new("https://site.test/", "/nonexistent/chromium")
        };
        let refused = |wait, timeout| match scan(&request(wait, timeout)) {
            Err(error @ ScanError::OutOfRange { .. }) => error.to_string(),
            other => panic!("{other:?}"),
        };
        assert_eq!(
            refused(DEFAULT_WAIT, Duration::MAX),
            format!(
                "a scan's timeout of {} s is out of range: it takes a number of seconds more than 0 and at most 3600",
                Duration::MAX.as_secs_f64()
            )
        );
        assert_eq!(
            refused(LONGEST + Duration::from_nanos(1), DEFAULT_TIMEOUT),
            "a scan's wait of 3600.000000001 s is out of range: it takes a number of seconds from 0 to 3600"
        );
        assert!(refused(DEFAULT_WAIT, Duration::ZERO).contains("timeout of 0 s"));
        // The bounds themselves are taken: the scan goes on to start the
        // browser.
        assert!(matches!(
            scan(&request(Duration::ZERO, LONGEST)),
            Err(ScanError::Start { .. })
        ));
    }

    #[test]
    fn a_raised_interrupt_ends_a_wait_and_a_scan_at_once() {
        let interrupt = Interrupt::default();
        assert!(interrupt.sleep(Duration::ZERO).is_ok());
        let raiser = {
            let interrupt = interrupt.clone();
            std::thread::spawn(move || interrupt.raise())
        };
        assert!(matches!(
            interrupt.sleep(Duration::from_secs(60)),
            Err(ScanError::Interrupted)
        ));
        raiser.join().unwrap();
        let request = ScanRequest {
            interrupt,
            ..ScanRequest::new("https://site.test/", "/nonexistent/chromium")
        };
        assert!(matches!(scan(&request), Err(ScanError::Interrupted)));
    }
}
