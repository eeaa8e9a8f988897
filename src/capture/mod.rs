//! Captures of what a browser really did on a site, read into
//! observations: one per cookie, with where the capture shows it.
//!
//! Captures are recognised by content: HAR 1.2 (Chromium, Firefox,
//! Playwright, WebPageTest), Playwright's `storageState`, the DevTools
//! protocol's cookie list, and the EDPS Website Evidence Collector's
//! `inspection.json`. They are read as a stream (a HAR with response bodies
//! is often hundreds of megabytes): memory grows with the cookies, not with
//! the file, and the file may hold up to [`MAX_CAPTURE_BYTES`].
//!
//! A cookie jar does not say when each cookie was set, so a jar's lifetimes
//! count from the time it was taken: a top-level `"capturedAt"` (ISO 8601
//! text or Unix seconds; `cookielint scan` writes it), else the Website
//! Evidence Collector's `start_time`, else the time the user gives
//! (`--captured-at`). Never the file's modification time: a copy, a
//! checkout or an archive sets it, and a lifetime counted from it is wrong
//! without a word. With no time at all, a persistent cookie's lifetime is
//! unknown and the capture counts it in [`Capture::undated`].

mod har;
mod instant;
mod jar;
mod located;
mod set_cookie;
mod sightings;

use std::fmt;
use std::io::Read;
use std::path::Path;
use std::sync::Arc;

use serde::Deserialize;
use serde::de::IgnoredAny;
use serde_json::error::Category;

use crate::model::SameSite;
pub use crate::read::MAX_CAPTURE_BYTES;
use crate::source::LineCol;
use instant::Instant;
use located::{AtObject, Tracking, scope};
pub use set_cookie::{LONGEST_LIFETIME_SECONDS, LONGEST_URL_SHOWN};
use sightings::Sightings;

/// The most cookies a capture may hold. A browser keeps about 3,000 in all
/// (Chrome 3,300, Firefox 3,000; 180 a site), so this is far more than any
/// record of visits holds, and it keeps what a capture of a few megabytes
/// can make the commands hold (one observation and its report a cookie).
pub const MAX_COOKIES: usize = 100_000;

const TOO_MANY_COOKIES: &str = "this capture holds more than 100,000 cookies (the one beyond them is here), where a browser keeps about 3,000: it is no record of visits to a site";

const TOO_MANY_COOKIES_HELP: &str = "Capture the site's pages alone (a HAR or a storageState of one visit), or split the capture into files of fewer cookies.";

/// The error a reader stops with at `at`, where the cookie beyond
/// [`MAX_COOKIES`] starts.
fn too_many_cookies<E: serde::de::Error>(at: LineCol) -> E {
    located::note_failure_at(at);
    E::custom(TOO_MANY_COOKIES)
}

/// When a capture was taken, as far as consent goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Moment {
    /// Before the visitor answered the consent banner: the plain first load.
    BeforeConsent,
    /// After the visitor accepted everything; also an unlabelled capture.
    AfterConsent,
}

/// The form a capture was written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CaptureKind {
    Har,
    StorageState,
    DevtoolsCookies,
    WebsiteEvidenceCollector,
}

/// How long a cookie was set to live, from the time it was set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lifetime {
    Session,
    Seconds(i64),
    /// The capture does not say (a cookie seen by name only).
    Unknown,
}

/// A capture file, read.
#[derive(Debug, Clone, PartialEq)]
pub struct Capture {
    /// The file's name as messages show it.
    pub shown: String,
    pub moment: Moment,
    pub kind: CaptureKind,
    /// In the order first seen.
    pub observations: Vec<Observation>,
    /// The URL of the first request (a HAR), of the page inspected (an
    /// `inspection.json`) or scanned (`cookielintPageUrl`, which
    /// `cookielint scan` writes): the site, when nothing else names it.
    pub first_page: Option<String>,
    /// How many persistent cookies of a jar have an unknown lifetime because
    /// neither the jar nor the user says when it was taken.
    pub undated: usize,
}

/// One cookie as a browser held or received it.
#[derive(Debug, Clone, PartialEq)]
pub struct Observation {
    pub name: String,
    /// Lower-case, without a leading dot. A cookie set without a `Domain`,
    /// or seen by name only, has its request's host.
    pub domain: String,
    /// `None` when the capture does not say (a cookie seen by name only).
    /// Shared by the cookies of a request that set none.
    pub path: Option<Arc<str>>,
    pub lifetime: Lifetime,
    /// `None` when the capture does not say.
    pub secure: Option<bool>,
    pub http_only: Option<bool>,
    pub same_site: Option<SameSite>,
    /// The URL of the request or page it was seen at, shared by the
    /// request's cookies; cut to its first [`LONGEST_URL_SHOWN`]
    /// characters (and `…`), as reports show it.
    pub url: Option<Arc<str>>,
    /// Where the capture first shows it: its JSON object, or the `Set-Cookie`
    /// or `Cookie` header string.
    pub at: LineCol,
}

/// Why a capture could not be read.
#[derive(Debug, Clone, PartialEq)]
pub struct CaptureError {
    pub shown: String,
    pub at: Option<LineCol>,
    pub message: String,
    pub help: Option<String>,
}

impl fmt::Display for CaptureError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.at {
            Some(at) => write!(f, "`{}`:{at}: {}", self.shown, self.message),
            None => write!(f, "`{}`: {}", self.shown, self.message),
        }
    }
}

impl std::error::Error for CaptureError {}

/// What a user is told when a file is not a capture cookielint reads.
const FORMATS_HELP: &str = "cookielint reads a HAR 1.2 (DevTools' \"Export HAR (with sensitive data)\", Firefox, Playwright's `recordHar`, WebPageTest), a Playwright `storageState`, the DevTools protocol's `Network.getAllCookies` result, or an EDPS Website Evidence Collector `inspection.json`.";

/// Reads the capture at `path`, shown in messages as `shown`. `taken_at`
/// (Unix seconds) is when it was taken, for a jar that does not say.
pub fn read(
    path: &Path,
    shown: &str,
    moment: Moment,
    taken_at: Option<i64>,
) -> Result<Capture, CaptureError> {
    let stream =
        crate::read::open_stream(path, MAX_CAPTURE_BYTES).map_err(|error| CaptureError {
            shown: shown.to_owned(),
            at: None,
            message: format!("cannot read it: {error}"),
            help: None,
        })?;
    read_from(stream, shown, moment, taken_at)
}

/// A time as a user gives it for `--captured-at`: ISO 8601 text
/// (`2026-05-01T10:00:00Z`) or Unix seconds, as Unix seconds.
pub fn parse_time(text: &str) -> Option<i64> {
    let text = text.trim();
    text.parse::<i64>()
        .ok()
        .or_else(|| instant::parse_iso8601(text))
}

/// Reads a capture from `reader`. `taken_at` (Unix seconds) is when it was
/// taken, as the user says: a jar's lifetimes count from it when the jar
/// itself does not say.
pub fn read_from(
    reader: impl Read,
    shown: &str,
    moment: Moment,
    taken_at: Option<i64>,
) -> Result<Capture, CaptureError> {
    let tracking = Tracking::new(reader);
    let positions = tracking.positions();
    let _scope = scope(&positions);
    let error = |at: LineCol, message: String, help: Option<&str>| CaptureError {
        shown: shown.to_owned(),
        at: Some(at),
        message,
        help: help.map(str::to_owned),
    };
    let mut deserializer = serde_json::Deserializer::from_reader(tracking);
    let document = AtObject::<Document>::deserialize(&mut deserializer)
        .and_then(|document| deserializer.end().map(|()| document))
        .map_err(|json| {
            let (message, help) = describe(&json);
            error(positions.failure(), message, help)
        })?;
    let contents = document
        .value
        .into_capture(taken_at)
        .map_err(|(at, message, help)| error(at.unwrap_or(document.at), message, help))?;
    Ok(Capture {
        shown: shown.to_owned(),
        moment,
        kind: contents.kind,
        observations: contents.observations,
        first_page: contents.first_page,
        undated: contents.undated,
    })
}

/// A capture's top-level object: the keys of every form cookielint reads.
#[derive(Debug, Deserialize)]
#[serde(
    expecting = "a JSON object (a HAR, a storageState, a DevTools cookie list or an inspection.json)"
)]
struct Document {
    log: Option<har::Log>,
    cookies: Option<jar::Cookies>,
    origins: Option<IgnoredAny>,
    #[serde(rename = "capturedAt")]
    captured_at: Option<Instant>,
    /// The Website Evidence Collector's: when its browsing started, and the
    /// page it inspected.
    start_time: Option<Instant>,
    uri_ins: Option<String>,
    #[serde(rename = "cookielintPageUrl")]
    page_url: Option<String>,
}

/// What is wrong with a capture, and where when it is not the document's start.
type Problem = (Option<LineCol>, String, Option<&'static str>);

/// A document's cookies, before they are labelled with the file and moment.
struct Contents {
    kind: CaptureKind,
    observations: Vec<Observation>,
    first_page: Option<String>,
    undated: usize,
}

impl Document {
    fn into_capture(self, taken_at: Option<i64>) -> Result<Contents, Problem> {
        const NOT_A_CAPTURE: &str = "this is not a HAR, a storageState or an inspection.json";
        if let Some(log) = self.log {
            let entries = log.entries.ok_or_else(|| {
                (
                    None,
                    format!("{NOT_A_CAPTURE}: its `log` has no `entries`"),
                    Some(FORMATS_HELP),
                )
            })?;
            if entries.count > 0 && entries.cookie_traces == 0 {
                return Err((
                    Some(entries.at),
                    format!(
                        "this HAR has {} requests and no cookie anywhere: it was exported without them",
                        entries.count
                    ),
                    Some(SANITIZED_HELP),
                ));
            }
            return Ok(Contents {
                kind: CaptureKind::Har,
                observations: entries.sightings.into_observations(),
                first_page: entries.first_url,
                undated: 0,
            });
        }
        let Some(cookies) = self.cookies else {
            return Err((
                None,
                format!(
                    "{NOT_A_CAPTURE}: it has neither `log` (a HAR) nor `cookies` (a cookie jar)"
                ),
                Some(FORMATS_HELP),
            ));
        };
        let captured_at = match self.captured_at {
            Some(Instant::Unreadable) => {
                return Err((
                    None,
                    String::from("its `capturedAt` is not a time"),
                    Some(CAPTURED_AT_HELP),
                ));
            }
            captured_at => captured_at.and_then(Instant::seconds),
        };
        let from_evidence_collector = self.uri_ins.is_some()
            || self.start_time.is_some()
            || cookies
                .iter()
                .any(|cookie| cookie.value.is_from_evidence_collector());
        let kind = match (from_evidence_collector, self.origins.is_some()) {
            (true, _) => CaptureKind::WebsiteEvidenceCollector,
            (false, true) => CaptureKind::StorageState,
            (false, false) => CaptureKind::DevtoolsCookies,
        };
        let set_at = captured_at
            .or(self.start_time.and_then(Instant::seconds))
            .or(taken_at);
        let undated = match set_at {
            Some(_) => 0,
            None => cookies
                .iter()
                .filter(|cookie| cookie.value.is_persistent())
                .count(),
        };
        let mut sightings = Sightings::default();
        for seen in cookies
            .into_iter()
            .filter_map(|cookie| jar::observation(cookie, set_at))
        {
            sightings.add(seen);
        }
        Ok(Contents {
            kind,
            observations: sightings.into_observations(),
            first_page: self.uri_ins.or(self.page_url),
            undated,
        })
    }
}

const SANITIZED_HELP: &str = "DevTools' default \"Export HAR (sanitized)\" leaves cookies out: in the Network panel, right-click a request and choose \"Export HAR (with sensitive data)\" (Chrome 130 and later; in Settings > Preferences > Network, tick \"Allow to generate HAR with sensitive data\"), or record with Playwright's `recordHar`. If the site really sets no cookie, a HAR is no evidence of it: give a `storageState` instead.";

const CAPTURED_AT_HELP: &str =
    "Write `capturedAt` as ISO 8601 text (\"2024-05-01T10:00:00Z\") or Unix seconds (1714557600).";

/// A serde_json error in words, without the byte position it appends.
fn describe(error: &serde_json::Error) -> (String, Option<&'static str>) {
    let text = error.to_string();
    let suffix = format!(" at line {} column {}", error.line(), error.column());
    let text = shorten_quoted(text.strip_suffix(&suffix).unwrap_or(&text));
    if text == TOO_MANY_COOKIES {
        return (text, Some(TOO_MANY_COOKIES_HELP));
    }
    match error.classify() {
        Category::Io => (text, None),
        Category::Eof => (
            format!("the file ends inside its JSON ({text}): is it cut short?"),
            None,
        ),
        Category::Syntax => (format!("it is not valid JSON: {text}"), Some(FORMATS_HELP)),
        Category::Data => (
            format!("this is not a HAR, a storageState or an inspection.json: {text}"),
            Some(FORMATS_HELP),
        ),
    }
}

/// A message quoting a value from the file (serde's "invalid type: string
/// …") quotes at most its start: the value may be a whole response body.
fn shorten_quoted(message: &str) -> String {
    const KEEP: usize = 40;
    let (Some(open), Some(close)) = (message.find('"'), message.rfind('"')) else {
        return message.to_owned();
    };
    let quoted = &message[open + 1..close.max(open + 1)];
    if quoted.chars().count() <= KEEP {
        return message.to_owned();
    }
    let kept: String = quoted.chars().take(KEEP).collect();
    format!("{}\"{kept}…\"{}", &message[..open], &message[close + 1..])
}

/// A `SameSite` value as jars and HARs write it (`Lax`, `lax`, or the
/// extensions API's `no_restriction`).
fn same_site(word: &str) -> Option<SameSite> {
    match word.to_ascii_lowercase().as_str() {
        "strict" => Some(SameSite::Strict),
        "lax" => Some(SameSite::Lax),
        "none" | "no_restriction" => Some(SameSite::None),
        _ => None,
    }
}

/// A capture that cannot be read stops the command that needed it.
impl From<CaptureError> for crate::error::Error {
    fn from(error: CaptureError) -> Self {
        let help = error.help.clone();
        crate::error::Error::Capture(error.to_string(), help)
    }
}
