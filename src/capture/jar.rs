//! A browser's cookie jar as tools write it: Playwright's `storageState`,
//! the DevTools protocol's `Network.getAllCookies` / `Storage.getCookies`
//! result, and the `cookies` of the EDPS Website Evidence Collector's
//! `inspection.json`. All three list cookies with the protocol's fields.

use std::fmt;
use std::ops::Deref;
use std::sync::Arc;

use serde::Deserialize;
use serde::de::{Deserializer, IgnoredAny, SeqAccess, Visitor};

use super::instant::whole_seconds;
use super::located::{AtObject, note_failure};
use super::set_cookie::{is_public_suffix, kept_lifetime, normalise_domain};
use super::{Lifetime, MAX_COOKIES, Observation, same_site, too_many_cookies};

/// A jar's `cookies`, refused past [`MAX_COOKIES`] as they are read.
#[derive(Debug)]
pub struct Cookies(Vec<AtObject<JarCookie>>);

impl Deref for Cookies {
    type Target = [AtObject<JarCookie>];
    fn deref(&self) -> &Self::Target {
        &self.0
    }
}

impl IntoIterator for Cookies {
    type Item = AtObject<JarCookie>;
    type IntoIter = std::vec::IntoIter<AtObject<JarCookie>>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl<'de> Deserialize<'de> for Cookies {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct CookiesVisitor;
        impl<'de> Visitor<'de> for CookiesVisitor {
            type Value = Cookies;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("`cookies`, an array of cookies")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Cookies, A::Error> {
                let mut cookies = Vec::new();
                while let Some(cookie) = seq
                    .next_element::<AtObject<JarCookie>>()
                    .inspect_err(|_| note_failure())?
                {
                    if cookies.len() == MAX_COOKIES {
                        return Err(too_many_cookies(cookie.at));
                    }
                    cookies.push(cookie);
                }
                Ok(Cookies(cookies))
            }
        }
        deserializer.deserialize_seq(CookiesVisitor)
    }
}

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
/// set: its lifetime counts from `set_at`, the time the jar was taken, up
/// to the 400 days a browser keeps a cookie. A cookie no browser holds is
/// none: one with no name, one for every site under a public suffix
/// (`.co.uk`; a jar writes a domain cookie's domain with its dot), or one
/// whose domain starts with two dots.
pub fn observation(cookie: AtObject<JarCookie>, set_at: Option<i64>) -> Option<Observation> {
    let AtObject { at, value: cookie } = cookie;
    let domain = normalise_domain(&cookie.domain);
    let for_every_site = cookie.domain.starts_with('.') && is_public_suffix(&domain);
    if cookie.name.is_empty() || domain.starts_with('.') || for_every_site {
        return None;
    }
    let lifetime = match (cookie.session, cookie.expires) {
        (Some(true), _) => Lifetime::Session,
        (_, Some(expires)) if expires < 0.0 => Lifetime::Session,
        (_, Some(expires)) => set_at.map_or(Lifetime::Unknown, |set_at| {
            kept_lifetime(whole_seconds(expires).saturating_sub(set_at).max(0))
        }),
        (_, None) => Lifetime::Unknown,
    };
    Some(Observation {
        name: cookie.name,
        domain,
        path: cookie
            .path
            .filter(|path| path.starts_with('/'))
            .map(Arc::from),
        lifetime,
        secure: cookie.secure,
        http_only: cookie.http_only,
        same_site: cookie.same_site.as_deref().and_then(same_site),
        url: None,
        at,
    })
}
