//! HAR 1.2 (Chromium, Firefox, Playwright, WebPageTest): the cookies in
//! `log.entries`, entry by entry, while everything else (response bodies
//! first) is skipped unread.

use std::collections::{HashMap, VecDeque};
use std::fmt;
use std::sync::Arc;

use serde::Deserialize;
use serde::de::{Deserializer, SeqAccess, Visitor};

use super::instant::Instant;
use super::located::{AtObject, AtString, last_position, note_failure};
use super::set_cookie::{Request, kept_lifetime};
use super::sightings::Sightings;
use super::{Lifetime, MAX_COOKIES, Observation, same_site, too_many_cookies};
use crate::source::LineCol;

#[derive(Debug, Deserialize)]
#[serde(expecting = "the HAR's `log` object")]
pub struct Log {
    pub entries: Option<Entries>,
}

/// What `log.entries` held: its place, how many entries and how many
/// traces of cookies (headers and cookie lists) it had, and the cookies.
#[derive(Debug)]
pub struct Entries {
    pub at: LineCol,
    pub count: usize,
    pub cookie_traces: usize,
    pub first_url: Option<String>,
    pub sightings: Sightings,
}

impl<'de> Deserialize<'de> for Entries {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct EntriesVisitor;
        impl<'de> Visitor<'de> for EntriesVisitor {
            type Value = Entries;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("`log.entries`, an array of HAR entries")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Entries, A::Error> {
                let mut entries = Entries {
                    at: last_position(),
                    count: 0,
                    cookie_traces: 0,
                    first_url: None,
                    sightings: Sightings::default(),
                };
                while let Some(entry) = seq
                    .next_element::<Entry>()
                    .inspect_err(|_| note_failure())?
                {
                    entries.add(entry).map_err(too_many_cookies)?;
                }
                Ok(entries)
            }
        }
        deserializer.deserialize_seq(EntriesVisitor)
    }
}

#[derive(Debug, Deserialize)]
#[serde(expecting = "a HAR entry (an object with `request` and `response`)")]
struct Entry {
    #[serde(rename = "startedDateTime")]
    started: Option<Instant>,
    request: Option<HarRequest>,
    response: Option<HarResponse>,
}

#[derive(Debug, Deserialize)]
#[serde(expecting = "a HAR request object")]
struct HarRequest {
    url: Option<String>,
    headers: Option<Vec<Header>>,
    cookies: Option<Vec<AtObject<HarCookie>>>,
}

#[derive(Debug, Deserialize)]
#[serde(expecting = "a HAR response object")]
struct HarResponse {
    headers: Option<Vec<Header>>,
    cookies: Option<Vec<AtObject<HarCookie>>>,
}

#[derive(Debug, Deserialize)]
#[serde(expecting = "a HAR header (an object with `name` and `value`)")]
struct Header {
    name: String,
    value: AtString,
}

/// A cookie in a HAR's `cookies` list. Chromium and Playwright give its
/// attributes; Firefox gives only its name and value.
#[derive(Debug, Deserialize)]
#[serde(expecting = "a HAR cookie (an object with `name` and `value`)")]
struct HarCookie {
    name: String,
    domain: Option<String>,
    path: Option<String>,
    expires: Option<Instant>,
    #[serde(rename = "httpOnly")]
    http_only: Option<bool>,
    secure: Option<bool>,
    #[serde(rename = "sameSite")]
    same_site: Option<String>,
}

/// Which side of an exchange a cookie list or header is on.
#[derive(Clone, Copy, PartialEq)]
enum Side {
    Request,
    Response,
}

impl Entries {
    /// Adds an entry's cookies; an error when the capture now holds more
    /// than [`MAX_COOKIES`].
    fn add(&mut self, entry: Entry) -> Result<(), LineCol> {
        self.count += 1;
        let url = entry
            .request
            .as_ref()
            .and_then(|request| request.url.as_deref());
        if self.count == 1 {
            self.first_url = url.map(str::to_owned);
        }
        let request = Request::new(url, entry.started.and_then(Instant::seconds));
        // In the order of the file: the request's headers and cookies, then
        // the response's, so that a cookie's first sighting is its earliest.
        if let Some(sent) = entry.request {
            for header in sent.headers.into_iter().flatten() {
                if header.name.eq_ignore_ascii_case("cookie") {
                    self.cookie_traces += 1;
                    let AtString { at, value } = header.value;
                    for pair in value.split(';') {
                        let name = pair.split('=').next().unwrap_or_default().trim();
                        if !name.is_empty() {
                            self.see(request.name_only(name, at), at)?;
                        }
                    }
                }
            }
            for cookie in sent.cookies.into_iter().flatten() {
                self.cookie_traces += 1;
                let at = cookie.at;
                self.see(har_cookie(&request, Side::Request, cookie), at)?;
            }
        }
        if let Some(received) = entry.response {
            self.add_response(&request, received)?;
        }
        Ok(())
    }

    /// A response's `Set-Cookie` headers and its `cookies` list describe
    /// the same cookies (an exporter parses the one into the other, and
    /// may drop a `domain` on the way): the list's entries are paired with
    /// the headers' lines by name, in order, and one with a line is that
    /// line's cookie, stored or refused as the line says, first seen where
    /// the earlier of the two stands.
    fn add_response(&mut self, request: &Request, received: HarResponse) -> Result<(), LineCol> {
        let set_cookies: Vec<AtString> = received
            .headers
            .into_iter()
            .flatten()
            .filter(|header| header.name.eq_ignore_ascii_case("set-cookie"))
            .map(|header| header.value)
            .collect();
        // Some exports join a response's `Set-Cookie` headers with newlines.
        let lines = || {
            set_cookies
                .iter()
                .flat_map(|header| header.value.lines().map(move |line| (line, header.at)))
        };
        let cookies = received.cookies.unwrap_or_default();
        let mut paired = vec![false; cookies.len()];
        // Where the list's entry of a line (by the line's index) stands.
        let mut entry_at: HashMap<usize, LineCol> = HashMap::new();
        if !cookies.is_empty() {
            let mut lines_of: HashMap<&str, VecDeque<usize>> = cookies
                .iter()
                .map(|cookie| (cookie.value.name.as_str(), VecDeque::new()))
                .collect();
            for (index, (line, _)) in lines().enumerate() {
                if let Some(indices) = lines_of.get_mut(set_cookie_name(line)) {
                    indices.push_back(index);
                }
            }
            for (cookie, paired) in cookies.iter().zip(&mut paired) {
                let name = cookie.value.name.as_str();
                if let Some(index) = lines_of.get_mut(name).and_then(VecDeque::pop_front) {
                    entry_at.insert(index, cookie.at);
                    *paired = true;
                }
            }
        }
        self.cookie_traces += set_cookies.len();
        for (index, (line, at)) in lines().enumerate() {
            let at = entry_at.get(&index).map_or(at, |&entry| entry.min(at));
            self.see(request.set_cookie(line, at), at)?;
        }
        for (cookie, paired) in cookies.into_iter().zip(paired) {
            self.cookie_traces += 1;
            if !paired {
                let at = cookie.at;
                self.see(har_cookie(request, Side::Response, cookie), at)?;
            }
        }
        Ok(())
    }

    /// Adds a sighting, if any, found at `at`.
    fn see(&mut self, seen: Option<Observation>, at: LineCol) -> Result<(), LineCol> {
        if let Some(seen) = seen {
            self.sightings.add(seen);
            if self.sightings.len() > MAX_COOKIES {
                return Err(at);
            }
        }
        Ok(())
    }
}

/// The name a `Set-Cookie` line sets, as a browser parses it: what comes
/// before its first `=`, trimmed.
fn set_cookie_name(line: &str) -> &str {
    let pair = line.split(';').next().unwrap_or_default();
    pair.split_once('=').map_or("", |(name, _)| name.trim())
}

/// A cookie from a `cookies` list. One with attributes (`httpOnly` or
/// `secure` given) is stored as a `Set-Cookie` line would be; one with a
/// name only says no more than a `Cookie` header. Its `domain` is refused
/// as a `Domain` attribute would be.
fn har_cookie(request: &Request, side: Side, cookie: AtObject<HarCookie>) -> Option<Observation> {
    let AtObject { at, value: cookie } = cookie;
    if cookie.name.is_empty() {
        return None;
    }
    let attributes_known = cookie.http_only.is_some() || cookie.secure.is_some();
    let lifetime = match (cookie.expires, request.started) {
        (Some(Instant::At(expires)), Some(started)) => {
            Lifetime::Seconds(expires.saturating_sub(started))
        }
        (Some(_), _) => Lifetime::Unknown,
        (None, _) if attributes_known => Lifetime::Session,
        (None, _) => Lifetime::Unknown,
    };
    let lifetime = match (side, lifetime) {
        (Side::Response, Lifetime::Seconds(seconds)) if seconds <= 0 => return None,
        // A cookie the browser sent had not expired when it was sent.
        (Side::Request, Lifetime::Seconds(seconds)) => kept_lifetime(seconds.max(0)),
        // Playwright computes `expires` from `Max-Age`, beyond what the browser keeps.
        (Side::Response, Lifetime::Seconds(seconds)) => kept_lifetime(seconds),
        (_, lifetime) => lifetime,
    };
    let path = match cookie.path {
        Some(path) if path.starts_with('/') => Some(Arc::from(path)),
        _ if side == Side::Response && attributes_known => Some(Arc::clone(&request.default_path)),
        _ => None,
    };
    Some(Observation {
        domain: request.cookie_domain(cookie.domain.as_deref())?,
        name: cookie.name,
        path,
        lifetime,
        secure: cookie.secure,
        http_only: cookie.http_only,
        same_site: cookie.same_site.as_deref().and_then(same_site),
        url: request.url.clone(),
        at,
    })
}
