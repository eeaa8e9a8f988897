//! A browser's cookie jar as tools write it: Playwright's `storageState`,
//! the DevTools protocol's `Network.getAllCookies` / `Storage.getCookies`
//! result, and the `cookies` of the EDPS Website Evidence Collector's
//! `inspection.json`. All three list cookies with the protocol's fields.

use serde::Deserialize;
use serde::de::IgnoredAny;

use super::instant::whole_seconds;
use super::located::AtObject;
use super::set_cookie::normalise_domain;
use super::{Lifetime, Observation, same_site};

#[derive(Debug, Deserialize)]
#[serde(expecting = "a cookie (an object with `name` and `domain`)")]
pub struct JarCookie {
    name: String,
    domain: String,
    path: Option<String>,
    /// Unix seconds; -1 for a session cookie.
    expires: Option<f64>,
    session: Option<bool>,
    #[serde(rename = "httpOnly")]
    http_only: Option<bool>,
    secure: Option<bool>,
    #[serde(rename = "sameSite")]
    same_site: Option<String>,
    /// Only the Website Evidence Collector adds it.
    #[serde(rename = "firstPartyStorage")]
    first_party_storage: Option<IgnoredAny>,
}

impl JarCookie {
    pub fn is_from_evidence_collector(&self) -> bool {
        self.first_party_storage.is_some()
    }

    /// Whether it outlives the session: its lifetime then depends on when
    /// the jar was taken.
    pub fn is_persistent(&self) -> bool {
        self.session != Some(true) && self.expires.is_some_and(|expires| expires >= 0.0)
    }
}

/// The observation of a jar's cookie. A jar does not say when a cookie was
/// set: its lifetime counts from `set_at`, the time the jar was taken.
pub fn observation(cookie: AtObject<JarCookie>, set_at: Option<i64>) -> Option<Observation> {
    let AtObject { at, value: cookie } = cookie;
    if cookie.name.is_empty() {
        return None;
    }
    let lifetime = match (cookie.session, cookie.expires) {
        (Some(true), _) => Lifetime::Session,
        (_, Some(expires)) if expires < 0.0 => Lifetime::Session,
        (_, Some(expires)) => set_at.map_or(Lifetime::Unknown, |set_at| {
            Lifetime::Seconds(whole_seconds(expires).saturating_sub(set_at).max(0))
        }),
        (_, None) => Lifetime::Unknown,
    };
    Some(Observation {
        name: cookie.name,
        domain: normalise_domain(&cookie.domain),
        path: cookie.path,
        lifetime,
        secure: cookie.secure,
        http_only: cookie.http_only,
        same_site: cookie.same_site.as_deref().and_then(same_site),
        url: None,
        at,
    })
}
