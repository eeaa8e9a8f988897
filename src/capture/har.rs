//! HAR 1.2 (Chromium, Firefox, Playwright, WebPageTest): the cookies in
//! `log.entries`, entry by entry, while everything else (response bodies
//! first) is skipped unread.

use std::fmt;

use serde::Deserialize;
use serde::de::{Deserializer, SeqAccess, Visitor};

use super::instant::Instant;
use super::located::{AtObject, AtString, last_position, note_failure};
use super::set_cookie::{Request, default_path, kept_lifetime, normalise_domain};
use super::sightings::Sightings;
use super::{Lifetime, Observation, same_site};
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
                    entries.add(entry);
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
    fn add(&mut self, entry: Entry) {
        self.count += 1;
        let url = entry
            .request
            .as_ref()
            .and_then(|request| request.url.clone());
        if self.count == 1 {
            self.first_url.clone_from(&url);
        }
        let request = Request::new(url, entry.started.and_then(Instant::seconds));
        // In the order of the file: the request's headers and cookies, then
        // the response's, so that a cookie's first sighting is its earliest.
        let sent = entry
            .request
            .map(|sent| (Side::Request, sent.headers, sent.cookies));
        let received = entry
            .response
            .map(|received| (Side::Response, received.headers, received.cookies));
        for (side, headers, cookies) in sent.into_iter().chain(received) {
            for header in headers.into_iter().flatten() {
                self.add_header(&request, side, header);
            }
            for cookie in cookies.into_iter().flatten() {
                self.cookie_traces += 1;
                if let Some(seen) = har_cookie(&request, side, cookie) {
                    self.sightings.add(seen);
                }
            }
        }
    }

    fn add_header(&mut self, request: &Request, side: Side, header: Header) {
        let AtString { at, value } = header.value;
        let seen: Vec<Observation> = match side {
            // Some exports join a response's `Set-Cookie` headers with newlines.
            Side::Response if header.name.eq_ignore_ascii_case("set-cookie") => value
                .lines()
                .filter_map(|line| request.set_cookie(line, at))
                .collect(),
            Side::Request if header.name.eq_ignore_ascii_case("cookie") => value
                .split(';')
                .filter_map(|pair| {
                    let name = pair.split('=').next().unwrap_or_default().trim();
                    (!name.is_empty()).then(|| request.name_only(name, at))?
                })
                .collect(),
            _ => return,
        };
        self.cookie_traces += 1;
        for seen in seen {
            self.sightings.add(seen);
        }
    }
}

/// A cookie from a `cookies` list. One with attributes (`httpOnly` or
/// `secure` given) is stored as a `Set-Cookie` line would be; one with a
/// name only says no more than a `Cookie` header.
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
        Some(path) if path.starts_with('/') => Some(path),
        _ if side == Side::Response && attributes_known => Some(default_path(&request.path)),
        _ => None,
    };
    Some(Observation {
        domain: match cookie.domain {
            Some(domain) if !domain.is_empty() => normalise_domain(&domain),
            _ => request.host.clone()?,
        },
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
