//! What the site was seen to set, held against the declaration: each cookie
//! the captures observed, its party, and the entry it matches. The audit's
//! checks (`checks/audit.rs`) read this and report what disagrees.
//!
//! A cookie is first-party when its domain's registrable domain (eTLD+1 per
//! the Public Suffix List, embedded by the `psl` crate) is the site's.

use std::collections::HashMap;

use crate::capture::{Capture, Lifetime, Moment, Observation};
use crate::knowledge::Known;
use crate::model::{Cookie, Declaration, Party};
use crate::source::LineCol;

/// A day: how much longer than declared a cookie may live before
/// `duration-mismatch` fires (clocks and rounding).
pub const DURATION_TOLERANCE_SECONDS: u64 = 86_400;

/// One cookie as the captures saw it, merged over every capture.
#[derive(Debug, Clone)]
pub struct Sighting<'c> {
    /// The sighting with the longest lifetime (the first one, on a tie).
    pub observation: &'c Observation,
    /// Where it was first seen: the capture and the place in it.
    pub first_seen: Place<'c>,
    /// Where a capture taken before consent saw it, if one did.
    pub before_consent: Option<Place<'c>>,
    /// Where a capture taken after consent (or unlabelled) saw it, if one did.
    pub after_consent: Option<Place<'c>>,
    /// `None` when the site is unknown.
    pub party: Option<Party>,
    /// The index in `Declaration::cookies` of the entry it matches.
    pub entry: Option<usize>,
}

/// A place in a capture file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Place<'c> {
    pub capture: &'c str,
    pub at: LineCol,
}

impl std::fmt::Display for Place<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.capture, self.at)
    }
}

/// Everything the audit's checks need.
#[derive(Debug)]
pub struct Observed<'c> {
    pub sightings: Vec<Sighting<'c>>,
    /// Whether an after-consent capture was given: only then can a declared
    /// cookie be said to be unseen.
    pub after_consent_given: bool,
    /// The site's registrable domain, when known.
    pub site: Option<String>,
    /// The team's known cookies and the database, which fill the entry an
    /// undeclared cookie is offered.
    pub known: &'c Known,
    /// The sightings of each name, in order: a declared name finds what it
    /// declares without a pass over every sighting.
    by_name: HashMap<&'c str, Vec<usize>>,
}

/// The registrable domain (eTLD+1) of a host; the host itself when it has
/// none (an IP address, `localhost` or another single label, a bare public
/// suffix).
pub fn registrable_domain(host: &str) -> String {
    let host = host.trim_start_matches('.').to_ascii_lowercase();
    // The list knows names: it would read `127.0.0.1` as the domain `0.1`
    // under a suffix `1`.
    let unbracketed = host.trim_start_matches('[').trim_end_matches(']');
    if !host.contains('.') || unbracketed.parse::<std::net::IpAddr>().is_ok() {
        return host;
    }
    match psl::domain_str(&host) {
        Some(domain) => domain.to_string(),
        None => host,
    }
}

/// The host of a URL (`https://www.example.org:8443/x` → `www.example.org`).
pub fn url_host(url: &str) -> Option<&str> {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let authority = rest.split(['/', '?', '#']).next()?;
    let host_port = authority
        .rsplit_once('@')
        .map_or(authority, |(_, host)| host);
    let host = if let Some(bracketed) = host_port.strip_prefix('[') {
        bracketed.split(']').next()?
    } else {
        host_port.split(':').next()?
    };
    (!host.is_empty()).then_some(host)
}

impl<'c> Observed<'c> {
    /// Merges the captures' observations, each cookie (name, domain, path)
    /// once, and matches each to an entry. `site` is the site's URL: the
    /// declaration's `site.url`, else what the caller was told, else the
    /// first page of the first capture.
    pub fn new(
        declaration: &Declaration<'_>,
        captures: &'c [Capture],
        site: Option<&str>,
        known: &'c Known,
    ) -> Self {
        let site = site
            .or_else(|| captures.iter().find_map(|c| c.first_page.as_deref()))
            .and_then(url_host)
            .map(registrable_domain);
        let mut merged: Vec<Sighting<'c>> = Vec::new();
        let mut index: HashMap<(&str, &str, Option<&str>), usize> = HashMap::new();
        for capture in captures {
            for observation in &capture.observations {
                let place = Place {
                    capture: &capture.shown,
                    at: observation.at,
                };
                let before = (capture.moment == Moment::BeforeConsent).then_some(place);
                let after = (capture.moment == Moment::AfterConsent).then_some(place);
                let key = (
                    observation.name.as_str(),
                    observation.domain.as_str(),
                    observation.path.as_deref(),
                );
                match index.get(&key) {
                    Some(&known) => {
                        let sighting = &mut merged[known];
                        if longer(observation.lifetime, sighting.observation.lifetime) {
                            sighting.observation = observation;
                        }
                        sighting.before_consent = sighting.before_consent.or(before);
                        sighting.after_consent = sighting.after_consent.or(after);
                    }
                    None => {
                        index.insert(key, merged.len());
                        merged.push(Sighting {
                            observation,
                            first_seen: place,
                            before_consent: before,
                            after_consent: after,
                            party: site.as_deref().map(|site| {
                                if registrable_domain(&observation.domain) == site {
                                    Party::First
                                } else {
                                    Party::Third
                                }
                            }),
                            entry: None,
                        });
                    }
                }
            }
        }
        let entries = EntryIndex::new(declaration);
        let mut by_name: HashMap<&'c str, Vec<usize>> = HashMap::new();
        for (at, sighting) in merged.iter_mut().enumerate() {
            sighting.entry = entries.matching(declaration, sighting);
            by_name
                .entry(sighting.observation.name.as_str())
                .or_default()
                .push(at);
        }
        Observed {
            sightings: merged,
            after_consent_given: captures
                .iter()
                .any(|capture| capture.moment == Moment::AfterConsent),
            site,
            known,
            by_name,
        }
    }

    /// Whether a capture saw a cookie the entry describes.
    pub fn sees(&self, cookie: &Cookie<'_>) -> bool {
        let Some(name) = cookie.name.value() else {
            return false;
        };
        let seen = |sighting: &Sighting<'_>| matches(cookie, sighting.observation);
        if is_pattern(name) {
            return self.sightings.iter().any(seen);
        }
        self.by_name
            .get(name)
            .is_some_and(|found| found.iter().any(|&at| seen(&self.sightings[at])))
    }
}

/// Whether a declared name stands for several (`_ga_*`).
fn is_pattern(name: &str) -> bool {
    name.contains('*')
}

/// The declaration's entries by exact name, and those with a pattern apart
/// (a few, in any real declaration): a sighting is held against the entries
/// of its name and the patterns, not against every entry.
struct EntryIndex<'d> {
    exact: HashMap<&'d str, Vec<usize>>,
    patterns: Vec<usize>,
}

impl<'d> EntryIndex<'d> {
    fn new(declaration: &Declaration<'d>) -> Self {
        let mut exact: HashMap<&'d str, Vec<usize>> = HashMap::new();
        let mut patterns = Vec::new();
        for (index, cookie) in declaration.cookies.iter().enumerate() {
            match cookie.name.value() {
                Some(name) if is_pattern(name) => patterns.push(index),
                Some(name) => exact.entry(name).or_default().push(index),
                None => {}
            }
        }
        EntryIndex { exact, patterns }
    }

    /// The entry a sighting matches: by name (exact, or a `*` pattern),
    /// then by `domain` and `attributes.path` where the entry gives them;
    /// of several, the one whose `party` agrees, then the first.
    fn matching(&self, declaration: &Declaration<'_>, sighting: &Sighting<'_>) -> Option<usize> {
        let observation = sighting.observation;
        let named = self
            .exact
            .get(observation.name.as_str())
            .map_or(&[][..], Vec::as_slice);
        // Both lists are in the declaration's order: merged, they are the
        // candidates in that order.
        let mut candidates = merge_sorted(named, &self.patterns)
            .filter_map(|index| Some((index, declaration.cookies.get(index)?)))
            .filter(|(_, cookie)| matches(cookie, observation));
        let first = candidates.next()?;
        let agrees = |cookie: &Cookie<'_>| {
            sighting.party.is_some() && cookie.party.value() == sighting.party
        };
        if agrees(first.1) {
            return Some(first.0);
        }
        Some(
            candidates
                .find(|(_, cookie)| agrees(cookie))
                .map_or(first.0, |(index, _)| index),
        )
    }
}

/// Two ascending lists as one ascending sequence.
fn merge_sorted<'l>(a: &'l [usize], b: &'l [usize]) -> impl Iterator<Item = usize> + 'l {
    let (mut a, mut b) = (a.iter().peekable(), b.iter().peekable());
    std::iter::from_fn(move || match (a.peek(), b.peek()) {
        (Some(&&x), Some(&&y)) if y < x => b.next().copied(),
        (Some(_), _) => a.next().copied(),
        (None, _) => b.next().copied(),
    })
}

/// Whether lifetime `a` outlasts `b`; an unknown one outlasts nothing.
fn longer(a: Lifetime, b: Lifetime) -> bool {
    match (a, b) {
        (Lifetime::Seconds(a), Lifetime::Seconds(b)) => a > b,
        (Lifetime::Seconds(_), _) => true,
        (Lifetime::Session, Lifetime::Unknown) => true,
        _ => false,
    }
}

/// Whether an entry describes a cookie seen: name, then `domain` and
/// `attributes.path` where the entry gives them.
pub fn matches(cookie: &Cookie<'_>, observation: &Observation) -> bool {
    let Some(name) = cookie.name.value() else {
        return false;
    };
    if !name_matches(name, &observation.name) {
        return false;
    }
    if let Some(domain) = cookie.domain.value()
        && !domain_matches(&observation.domain, domain)
    {
        return false;
    }
    match (cookie.path.value(), observation.path.as_deref()) {
        (Some(declared), Some(seen)) => declared == seen,
        _ => true,
    }
}

/// A declared name against a seen one: equal, or a pattern where `*`
/// stands for any run of characters. Case-sensitive, as browsers are.
pub fn name_matches(pattern: &str, name: &str) -> bool {
    let mut parts = pattern.split('*');
    let Some(first) = parts.next() else {
        return false;
    };
    let Some(mut rest) = name.strip_prefix(first) else {
        return false;
    };
    let parts: Vec<&str> = parts.collect();
    let Some((last, middle)) = parts.split_last() else {
        return rest.is_empty();
    };
    for part in middle {
        match rest.find(part) {
            Some(found) => rest = &rest[found + part.len()..],
            None => return false,
        }
    }
    rest.len() >= last.len() && rest.ends_with(last)
}

/// RFC 6265 §5.1.3: the cookie's domain is the declared one or a subdomain
/// of it; leading dots are ignored and case does not matter.
pub fn domain_matches(cookie_domain: &str, declared: &str) -> bool {
    let cookie_domain = cookie_domain.trim_start_matches('.').to_ascii_lowercase();
    let declared = declared.trim_start_matches('.').to_ascii_lowercase();
    cookie_domain == declared
        || cookie_domain
            .strip_suffix(&declared)
            .is_some_and(|prefix| prefix.ends_with('.'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_match_exactly_or_by_pattern() {
        assert!(name_matches("_ga", "_ga"));
        assert!(!name_matches("_ga", "_gat"));
        assert!(name_matches("_ga_*", "_ga_ABC123"));
        assert!(name_matches("_ga_*", "_ga_"));
        assert!(!name_matches("_ga_*", "_gat"));
        assert!(name_matches("*_id", "session_id"));
        assert!(name_matches("a*b*c", "a-b-b-c"));
        assert!(!name_matches("a*b*c", "a-c"));
        assert!(!name_matches("ab*ba", "aba"));
        assert!(name_matches("*", "anything"));
        assert!(!name_matches("SID", "sid"));
    }

    #[test]
    fn a_sighting_matches_the_first_entry_in_the_declaration_s_order() {
        use crate::capture::CaptureKind;
        use crate::source::SourceFile;
        let text = "cookies:\n  - { name: \"_g*\", party: third }\n  - { name: other }\n  - { name: _ga, party: first }\n  - { name: \"*a\", party: first }\n";
        let source = SourceFile::new("cookies.yaml", text.to_string());
        let root = crate::yaml::parse(&source).unwrap();
        let declaration = Declaration::new(&root, &[]);
        let captures = |domain: &str| {
            vec![Capture {
                shown: "c.json".to_string(),
                moment: Moment::AfterConsent,
                kind: CaptureKind::StorageState,
                observations: vec![Observation {
                    name: "_ga".to_string(),
                    domain: domain.to_string(),
                    path: None,
                    lifetime: Lifetime::Session,
                    secure: None,
                    http_only: None,
                    same_site: None,
                    url: None,
                    at: LineCol { line: 1, column: 1 },
                }],
                first_page: None,
                undated: 0,
            }]
        };
        let known = Known::default();
        let entry = |domain: &str, site: Option<&str>| {
            let captures = captures(domain);
            Observed::new(&declaration, &captures, site, &known).sightings[0].entry
        };
        // The first of the pattern and the exact name, in the file's order;
        // the one whose party agrees when the site is known.
        assert_eq!(entry("example.org", None), Some(0));
        assert_eq!(entry("example.org", Some("https://example.org")), Some(2));
        assert_eq!(entry("other.org", Some("https://example.org")), Some(0));
    }

    #[test]
    fn domains_match_themselves_and_their_subdomains() {
        assert!(domain_matches("example.org", "example.org"));
        assert!(domain_matches("www.example.org", ".example.org"));
        assert!(domain_matches(".WWW.Example.org", "example.org"));
        assert!(!domain_matches("badexample.org", "example.org"));
        assert!(!domain_matches("example.org", "www.example.org"));
    }

    #[test]
    fn registrable_domains_follow_the_public_suffix_list() {
        assert_eq!(registrable_domain("www.example.org"), "example.org");
        assert_eq!(registrable_domain(".a.b.example.co.uk"), "example.co.uk");
        assert_eq!(
            registrable_domain("data.paca.education.gouv.fr"),
            "education.gouv.fr"
        );
        assert_eq!(registrable_domain("localhost"), "localhost");
        assert_eq!(registrable_domain("127.0.0.1"), "127.0.0.1");
        assert_eq!(registrable_domain("::1"), "::1");
        assert_eq!(registrable_domain("intranet"), "intranet");
        assert_eq!(
            url_host("https://user@www.example.org:8443/x?y"),
            Some("www.example.org")
        );
        assert_eq!(url_host("http://[::1]:80/"), Some("::1"));
    }
}
