//! Captures read into observations (`cookielint::capture`): each form
//! cookielint reads, from fixtures written to each tool's documented format
//! (tests/fixtures/captures/README.md), and hostile files, which must give
//! an error with a line and column, never a panic or unbounded memory.

use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;

use cookielint::capture::{
    self, Capture, CaptureError, CaptureKind, Lifetime, Moment, Observation,
};
use cookielint::model::SameSite;
use cookielint::source::LineCol;

/// 2024-05-01T10:00:00Z, when the fixtures' captures were taken.
const TAKEN: i64 = 1_714_557_600;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/captures")
        .join(name)
}

fn read_fixture(name: &str) -> Result<Capture, CaptureError> {
    let file = std::fs::File::open(fixture(name)).unwrap();
    capture::read_from(file, name, Moment::AfterConsent, Some(TAKEN))
}

fn read_text(text: &str) -> Result<Capture, CaptureError> {
    capture::read_from(text.as_bytes(), "capture.json", Moment::BeforeConsent, None)
}

fn error_of(text: &str) -> CaptureError {
    read_text(text).expect_err("an error")
}

fn at(line: usize, column: usize) -> LineCol {
    LineCol { line, column }
}

/// An observation with everything known; tests change what differs.
fn seen(name: &str, domain: &str, path: &str, lifetime: Lifetime, at: LineCol) -> Observation {
    Observation {
        name: name.into(),
        domain: domain.into(),
        path: Some(path.into()),
        lifetime,
        secure: Some(false),
        http_only: Some(false),
        same_site: None,
        url: None,
        at,
    }
}

#[test]
fn chromium_har_takes_set_cookie_and_both_cookie_lists() {
    let capture = read_fixture("chromium.har").unwrap();
    assert_eq!(capture.kind, CaptureKind::Har);
    assert_eq!(capture.moment, Moment::AfterConsent);
    assert_eq!(
        capture.first_page.as_deref(),
        Some("https://www.example.com/")
    );
    let home = Some(Arc::<str>::from("https://www.example.com/"));
    assert_eq!(
        capture.observations,
        [
            // Its Set-Cookie header comes before its `response.cookies` twin.
            Observation {
                secure: Some(true),
                http_only: Some(true),
                same_site: Some(SameSite::Lax),
                url: home.clone(),
                ..seen(
                    "session_id",
                    "www.example.com",
                    "/",
                    Lifetime::Session,
                    at(59, 24)
                )
            },
            // Max-Age, in a header that joins two cookies with a newline;
            // the other one (`consent`, Max-Age=0) is a deletion.
            Observation {
                url: home,
                ..seen(
                    "_ga",
                    "example.com",
                    "/",
                    Lifetime::Seconds(34_190_000),
                    at(63, 24)
                )
            },
            // First seen in `request.cookies`; the longest lifetime is the
            // Set-Cookie's two years, of which a browser keeps 400 days; sent
            // by name in the `Cookie` header too.
            Observation {
                secure: Some(true),
                same_site: Some(SameSite::None),
                url: Some("https://tracker.example.net/pixel.gif".into()),
                ..seen(
                    "uid",
                    "example.net",
                    "/",
                    Lifetime::Seconds(400 * 86_400),
                    at(141, 13)
                )
            },
            // Set by script: only the request's cookies show it.
            Observation {
                same_site: Some(SameSite::Lax),
                url: Some("https://www.example.com/app.js".into()),
                ..seen(
                    "_pk_id",
                    "www.example.com",
                    "/",
                    Lifetime::Seconds(2_678_400),
                    at(234, 13)
                )
            },
        ]
    );
}

#[test]
fn firefox_har_takes_attributes_from_set_cookie_and_names_from_requests() {
    let capture = read_fixture("firefox.har").unwrap();
    assert_eq!(
        capture.first_page.as_deref(),
        Some("https://www.example.org/fr/accueil")
    );
    let home = Some(Arc::<str>::from("https://www.example.org/fr/accueil"));
    assert_eq!(
        capture.observations,
        [
            Observation {
                same_site: Some(SameSite::Lax),
                url: home.clone(),
                ..seen(
                    "lang",
                    "www.example.org",
                    "/",
                    Lifetime::Seconds(31_536_000),
                    at(53, 24)
                )
            },
            // No Path: the request path up to its last `/`.
            Observation {
                http_only: Some(true),
                same_site: Some(SameSite::Strict),
                url: home,
                ..seen(
                    "csrftoken",
                    "www.example.org",
                    "/fr",
                    Lifetime::Session,
                    at(57, 24)
                )
            },
            // Only ever sent, never set by a response: set by script.
            Observation {
                path: None,
                lifetime: Lifetime::Unknown,
                secure: None,
                http_only: None,
                url: Some("https://www.example.org/fr/panier".into()),
                ..seen(
                    "theme",
                    "www.example.org",
                    "/",
                    Lifetime::Unknown,
                    at(109, 24)
                )
            },
        ]
    );
}

#[test]
fn playwright_har_merges_its_partial_cookie_objects_with_set_cookie() {
    let capture = read_fixture("playwright.har").unwrap();
    let url = Some(Arc::<str>::from("https://shop.example.com/"));
    assert_eq!(
        capture.observations,
        [
            Observation {
                url: url.clone(),
                ..seen(
                    "cart",
                    "shop.example.com",
                    "/",
                    Lifetime::Session,
                    at(47, 13)
                )
            },
            Observation {
                secure: Some(true),
                same_site: Some(SameSite::None),
                url,
                ..seen(
                    "visitor",
                    "example.com",
                    "/",
                    Lifetime::Seconds(2_592_000),
                    at(52, 13)
                )
            },
        ]
    );
}

#[test]
fn a_sanitized_har_says_how_to_export_cookies() {
    let error = read_fixture("chromium-sanitized.har").unwrap_err();
    assert_eq!(
        error.to_string(),
        "`chromium-sanitized.har`:19:16: this HAR has 3 requests and no cookie anywhere: it was exported without them"
    );
    assert!(
        error
            .help
            .unwrap()
            .contains("\"Export HAR (with sensitive data)\"")
    );
}

#[test]
fn storage_state_counts_lifetimes_from_captured_at() {
    // `capturedAt` comes last in the file and still counts over the file time.
    let file = std::fs::File::open(fixture("storage-state.json")).unwrap();
    let capture = capture::read_from(file, "s", Moment::BeforeConsent, Some(0)).unwrap();
    assert_eq!(capture.kind, CaptureKind::StorageState);
    assert_eq!(capture.moment, Moment::BeforeConsent);
    assert_eq!(capture.first_page, None);
    assert_eq!(
        capture.observations,
        [
            Observation {
                same_site: Some(SameSite::Lax),
                ..seen(
                    "_ga",
                    "example.com",
                    "/",
                    Lifetime::Seconds(34_190_000),
                    at(3, 5)
                )
            },
            Observation {
                secure: Some(true),
                http_only: Some(true),
                same_site: Some(SameSite::Strict),
                ..seen(
                    "session_id",
                    "www.example.com",
                    "/",
                    Lifetime::Session,
                    at(13, 5)
                )
            },
            Observation {
                secure: Some(true),
                http_only: Some(true),
                same_site: Some(SameSite::None),
                ..seen(
                    "IDE",
                    "doubleclick.net",
                    "/",
                    Lifetime::Seconds(15_120_000),
                    at(23, 5)
                )
            },
        ]
    );
}

#[test]
fn a_scan_names_its_page_as_the_site() {
    // `cookielint scan` writes the page it loaded as `cookielintPageUrl`.
    let capture = read_fixture("scan-127-before-consent.json").unwrap();
    assert_eq!(capture.kind, CaptureKind::StorageState);
    assert_eq!(
        capture.first_page.as_deref(),
        Some("http://127.0.0.1:8080/")
    );
}

#[test]
fn devtools_cookies_count_from_the_file_time() {
    let capture = read_fixture("devtools-cookies.json").unwrap();
    assert_eq!(capture.kind, CaptureKind::DevtoolsCookies);
    assert_eq!(
        capture.observations,
        [
            Observation {
                secure: Some(true),
                http_only: Some(true),
                same_site: Some(SameSite::None),
                // `expires` is 578 days after the file time; a browser
                // keeps a cookie 400 days at most.
                ..seen(
                    "NID",
                    "google.com",
                    "/",
                    Lifetime::Seconds(400 * 86_400),
                    at(3, 5)
                )
            },
            seen(
                "pref",
                "www.example.com",
                "/settings",
                Lifetime::Session,
                at(19, 5)
            ),
        ]
    );
    let unknown_time = capture::read_from(
        std::fs::File::open(fixture("devtools-cookies.json")).unwrap(),
        "d",
        Moment::AfterConsent,
        None,
    );
    assert_eq!(
        unknown_time.unwrap().observations[0].lifetime,
        Lifetime::Unknown
    );
}

#[test]
fn evidence_collector_counts_from_its_start_time() {
    let file = std::fs::File::open(fixture("inspection.json")).unwrap();
    let capture = capture::read_from(file, "i", Moment::AfterConsent, Some(0)).unwrap();
    assert_eq!(capture.kind, CaptureKind::WebsiteEvidenceCollector);
    assert_eq!(
        capture.first_page.as_deref(),
        Some("https://www.example.eu/")
    );
    assert_eq!(
        capture.observations,
        [
            Observation {
                same_site: Some(SameSite::Lax),
                ..seen(
                    "_pk_id.1.abcd",
                    "www.example.eu",
                    "/",
                    Lifetime::Seconds(34_214_400),
                    at(41, 5)
                )
            },
            Observation {
                secure: Some(true),
                http_only: Some(true),
                ..seen(
                    "wec_session",
                    "www.example.eu",
                    "/",
                    Lifetime::Session,
                    at(70, 5)
                )
            },
        ]
    );
}

#[test]
fn read_takes_a_path_and_names_unreadable_files() {
    let capture = capture::read(
        &fixture("playwright.har"),
        "pw.har",
        Moment::AfterConsent,
        None,
    )
    .unwrap();
    assert_eq!(
        (capture.shown.as_str(), capture.observations.len()),
        ("pw.har", 2)
    );
    let error = capture::read(
        &fixture("missing.har"),
        "missing.har",
        Moment::AfterConsent,
        None,
    )
    .unwrap_err();
    assert_eq!(error.at, None);
    assert!(
        error
            .to_string()
            .starts_with("`missing.har`: cannot read it: "),
        "{error}"
    );
}

/// A HAR of one entry with these response headers (one a line).
fn har_setting(url: &str, set_cookies: &[&str]) -> String {
    let headers: Vec<String> = set_cookies
        .iter()
        .map(|value| format!("{{\"name\": \"Set-Cookie\", \"value\": {value:?}}}"))
        .collect();
    format!(
        "{{\"log\": {{\"entries\": [{{\"startedDateTime\": \"2024-05-01T10:00:00Z\",\n\"request\": {{\"url\": {url:?}}},\n\"response\": {{\"headers\": [\n{}\n]}}}}]}}}}",
        headers.join(",\n")
    )
}

#[test]
fn broken_set_cookie_headers_keep_what_a_browser_keeps() {
    let capture = read_text(&har_setting(
        "https://a.example/",
        &[
            "novalue",
            "=nameless",
            "",
            "ok=1; Max-Age=abc; SameSite=Weird; Domain=; Expires=never; Secure",
            "gone=1; Expires=Thu, 01 Jan 1970 00:00:00 GMT",
            "far=1; Domain=elsewhere.example",
        ],
    ))
    .unwrap();
    assert_eq!(
        capture.observations,
        [Observation {
            secure: Some(true),
            url: Some("https://a.example/".into()),
            ..seen("ok", "a.example", "/", Lifetime::Session, at(7, 33))
        }]
    );
}

#[test]
fn columns_count_characters_and_line_breaks_of_every_kind() {
    let text = har_setting("https://é.example/", &["a=1"]).replace('\n', "\r\n");
    let capture = read_text(&format!("\u{FEFF}{text}")).unwrap();
    assert_eq!(capture.observations[0].at, at(4, 33));
    let one_line = har_setting("https://é.example/ü", &["b=1"]).replace('\n', " ");
    let column = one_line.find("\"b=1").unwrap() + 1 - 2; // é and ü are two bytes each
    assert_eq!(
        read_text(&one_line).unwrap().observations[0].at,
        at(1, column)
    );
}

/// A reader that hands out a few bytes at a time, so that reading cuts
/// every escape and character of a file somewhere.
struct Trickle<'a> {
    bytes: &'a [u8],
    next_size: usize,
}

impl std::io::Read for Trickle<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        self.next_size = self.next_size % 7 + 1;
        let count = self.next_size.min(buf.len()).min(self.bytes.len());
        buf[..count].copy_from_slice(&self.bytes[..count]);
        self.bytes = &self.bytes[count..];
        Ok(count)
    }
}

/// A HAR whose one response has `body` as its text, then a `Set-Cookie`
/// on the same line.
fn har_with_body(body: &str) -> String {
    format!(
        "{{\"log\": {{\"entries\": [{{\"request\": {{\"url\": \"https://a.example/\"}},\n\"response\": {{\"content\": {{\"text\": \"{body}\"}}, \"headers\": [{{\"name\": \"Set-Cookie\", \"value\": \"b=1\"}}]}}}}]}}}}"
    )
}

/// Line and column of the character at byte `offset` of `text`.
fn position_of(text: &str, offset: usize) -> LineCol {
    let before = &text[..offset];
    let line_start = before.rfind('\n').map_or(0, |newline| newline + 1);
    at(
        before.matches('\n').count() + 1,
        before[line_start..].chars().count() + 1,
    )
}

#[test]
fn positions_after_a_body_count_its_characters_however_it_is_read() {
    let body = "<p class=\\\"é\\\">💡 caf\\u00e9 \\u003cb\\u003e\\\\ \\/ \\n\\t</p>".repeat(20_000);
    let text = har_with_body(&body);
    let expected = position_of(&text, text.find("\"b=1").unwrap());
    assert_eq!(read_text(&text).unwrap().observations[0].at, expected);
    assert_eq!(read_trickled(&text).unwrap().observations[0].at, expected);
}

fn read_trickled(text: &str) -> Result<Capture, CaptureError> {
    let trickle = Trickle {
        bytes: text.as_bytes(),
        next_size: 0,
    };
    capture::read_from(trickle, "capture.json", Moment::BeforeConsent, None)
}

#[test]
fn a_broken_body_is_an_error_where_it_breaks() {
    let long = "é\\\"x".repeat(100_000);
    for (broken, message) in [
        (
            "\u{1}",
            "control character (\\u0000-\\u001F) found while parsing a string",
        ),
        ("\\x", "invalid escape"),
        ("\\u12G4", "invalid escape"),
    ] {
        let text = har_with_body(&format!("{long}{broken}"));
        // serde_json fails once it has read the character after.
        let after = position_of(&text, text.find(broken).unwrap() + broken.len());
        for error in [error_of(&text), read_trickled(&text).unwrap_err()] {
            assert_eq!(error.at, Some(after), "{broken}");
            assert_eq!(error.message, format!("it is not valid JSON: {message}"));
        }
    }
    let cut = har_with_body(&long);
    let cut = &cut[..cut.find("\"}, \"headers").unwrap()];
    for error in [error_of(cut), read_trickled(cut).unwrap_err()] {
        assert_eq!(error.at, Some(position_of(cut, cut.len() - 1)));
        assert_eq!(
            error.message,
            "the file ends inside its JSON (EOF while parsing a string): is it cut short?"
        );
    }
}

#[test]
fn not_json_is_an_error_at_its_first_character() {
    let error = error_of("  hello");
    assert_eq!(
        error.to_string(),
        "`capture.json`:1:3: it is not valid JSON: expected value"
    );
    assert!(error.help.unwrap().contains("storageState"));
    assert_eq!(
        error_of("").to_string(),
        "`capture.json`:1:1: the file ends inside its JSON (EOF while parsing a value): is it cut short?"
    );
    assert_eq!(
        error_of("{} {}").to_string(),
        "`capture.json`:1:4: it is not valid JSON: trailing characters"
    );
}

#[test]
fn other_json_says_which_captures_are_read() {
    assert_eq!(
        error_of("[1, 2]").to_string(),
        "`capture.json`:1:1: this is not a HAR, a storageState or an inspection.json: invalid type: sequence, expected a JSON object"
    );
    assert_eq!(
        error_of("\n  {\"pages\": []}").to_string(),
        "`capture.json`:2:3: this is not a HAR, a storageState or an inspection.json: it has neither `log` (a HAR) nor `cookies` (a cookie jar)"
    );
    assert_eq!(
        error_of("{\"log\": {\"entries\": {\"a\": 1}}}").to_string(),
        "`capture.json`:1:21: this is not a HAR, a storageState or an inspection.json: invalid type: map, expected `log.entries`, an array of HAR entries"
    );
    assert_eq!(
        error_of("{\"log\": {}}").to_string(),
        "`capture.json`:1:1: this is not a HAR, a storageState or an inspection.json: its `log` has no `entries`"
    );
    assert_eq!(
        error_of("{\"cookies\": [{\"name\": \"a\"}]}").to_string(),
        "`capture.json`:1:26: this is not a HAR, a storageState or an inspection.json: missing field `domain`"
    );
    let body = "x".repeat(1000);
    let long = error_of(&format!(
        "{{\"cookies\": [{{\"name\": \"{body}\", \"domain\": \"d\", \"secure\": \"{body}\"}}]}}"
    ));
    assert!(long.message.len() < 200, "{}", long.message);
    assert_eq!(
        error_of("{\"cookies\": [], \"capturedAt\": \"soon\"}").to_string(),
        "`capture.json`:1:1: its `capturedAt` is not a time"
    );
}

#[test]
fn a_truncated_har_is_an_error_where_it_stops() {
    let text = std::fs::read_to_string(fixture("chromium.har")).unwrap();
    let cut = &text[..text.find("tracker.example.net/pixel.gif").unwrap()];
    let error = error_of(cut);
    assert_eq!(
        error.at,
        Some(at(
            cut.lines().count(),
            cut.lines().last().unwrap().chars().count()
        ))
    );
    assert_eq!(
        error.message,
        "the file ends inside its JSON (EOF while parsing a string): is it cut short?"
    );
}

#[test]
fn deep_nesting_is_an_error_not_a_crash() {
    let prefix = "{\"log\": {\"entries\": [], \"_extra\": ";
    let deep = format!("{prefix}{}", "[".repeat(100_000));
    let error = error_of(&deep);
    // The prefix opens two levels; the 127th bracket would be the 129th.
    assert_eq!(error.at, Some(at(1, prefix.len() + 127)));
    assert_eq!(
        error.message,
        "arrays and objects nest deeper than 128 levels"
    );
    assert_eq!(error_of(&"[".repeat(100_000)).at, Some(at(1, 1)));
    let in_a_body = format!(
        "{{\"log\": {{\"entries\": [{{\"response\": {{\"content\": {{\"text\": {}",
        "{\"a\":".repeat(100_000)
    );
    assert!(error_of(&in_a_body).message.contains("nest deeper"));
}

#[path = "../benches/capture_har.rs"]
mod capture_har;

/// The child process of [`a_large_har_is_read_in_bounded_memory`]: reads the
/// capture the parent names and prints its observations and peak memory.
const CHILD_READS: &str = "COOKIELINT_TEST_CAPTURE";

#[test]
#[allow(clippy::print_stdout)] // what the parent reads
fn child_reads_a_capture() {
    let Some(path) = std::env::var_os(CHILD_READS) else {
        return; // only a child run reads
    };
    let observations =
        match capture::read(Path::new(&path), "large.har", Moment::AfterConsent, None) {
            Ok(capture) => capture.observations.len().to_string(),
            Err(error) => format!("refused({})", error.message),
        };
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    let peak = status
        .lines()
        .find(|line| line.starts_with("VmHWM:"))
        .unwrap();
    println!(
        "observations={observations} peak_kib={}",
        peak.split_whitespace().nth(1).unwrap()
    );
}

/// Reads the capture `write` writes in a child process: its observations
/// (or `refused(MESSAGE)`) and its peak memory in KiB.
fn read_in_child(write: impl FnOnce(&mut BufWriter<std::fs::File>)) -> (String, u64) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("large.har");
    let mut out = BufWriter::new(std::fs::File::create(&path).unwrap());
    write(&mut out);
    out.flush().unwrap();
    drop(out);
    let output = Command::new(std::env::current_exe().unwrap())
        .args([
            "child_reads_a_capture",
            "--exact",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(CHILD_READS, &path)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let report = stdout
        .lines()
        .find_map(|line| line.split_once("observations="))
        .unwrap_or_else(|| panic!("{stdout}{}", String::from_utf8_lossy(&output.stderr)))
        .1;
    let (observations, peak) = report.rsplit_once(" peak_kib=").unwrap();
    (observations.to_string(), peak.parse().unwrap())
}

/// A HAR larger than the memory it may take: response bodies make most of
/// it, as in real captures. A reader that held the file would take more
/// than the limit; this one takes a few MiB whatever the size. Sized for a
/// debug build on two cores (about 10 MB/s): `benches/capture.sh` reads
/// 300 and 500 MB in a release build, against jq.
#[cfg(target_os = "linux")]
#[test]
fn a_large_har_is_read_in_bounded_memory() {
    const MEGABYTES: usize = 48;
    const PEAK_LIMIT_KIB: u64 = (MEGABYTES as u64) * 1024 / 2;
    let (observations, peak) = read_in_child(|out| {
        capture_har::write_har(out, MEGABYTES).unwrap();
        out.flush().unwrap();
        let written = out.get_ref().metadata().unwrap().len();
        assert!(written > (MEGABYTES as u64) << 20);
    });
    // Each cookie, and `seen`; their name-only sightings fold into them.
    let cookies = MEGABYTES.min(capture_har::COOKIES) + 1;
    assert_eq!(observations, cookies.to_string());
    assert!(peak < PEAK_LIMIT_KIB, "peak memory {peak} KiB");
}

/// Issue 20's hostile HARs: 300 cookies set at a 5 MB URL took 1.5 GB
/// (each copied the URL), one `Set-Cookie` header of a million cookies 760
/// MB. The cookies of a request share its URL, and a capture of more than
/// 100,000 cookies is refused as it is read.
#[cfg(target_os = "linux")]
#[test]
fn hostile_hars_are_read_in_memory_near_their_size() {
    const PEAK_LIMIT_KIB: u64 = 96 * 1024;
    let (observations, peak) = read_in_child(|out| {
        capture_har::write_long_url_har(out, 5_000_000, 300).unwrap();
    });
    assert_eq!(observations, "300");
    assert!(peak < PEAK_LIMIT_KIB, "long URL: peak memory {peak} KiB");
    let (observations, peak) = read_in_child(|out| {
        capture_har::write_joined_set_cookie_har(out, 1_000_000).unwrap();
    });
    assert!(
        observations.starts_with("refused(this capture holds more than 100,000 cookies"),
        "{observations}"
    );
    assert!(
        peak < PEAK_LIMIT_KIB,
        "joined Set-Cookie: peak memory {peak} KiB"
    );
}
