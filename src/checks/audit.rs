//! The audit's checks: the declaration held against what captures saw
//! ([`Observed`]). Every finding stands in the declaration (the file in the
//! repository); the place in the capture is its `{seen}` variable and a
//! location in another file.

use super::Hit;
use crate::audit::{DURATION_TOLERANCE_SECONDS, Observed, Place, Sighting};
use crate::capture::{Lifetime, Observation};
use crate::finding::Elsewhere;
use crate::import::{entry, rounded_duration};
use crate::model::{Consent, Cookie, Declaration, Party, SameSite};
use crate::source::{Span, escape_controls};

pub const UNDECLARED_VARS: &[&str] = &["name", "domain", "party", "seen"];
pub const BEFORE_CONSENT_VARS: &[&str] = &["name", "domain", "seen"];
pub const PARTY_VARS: &[&str] = &["name", "party", "observed", "domain", "seen"];
pub const DURATION_VARS: &[&str] = &["name", "duration", "observed", "seen"];
pub const ATTRIBUTE_VARS: &[&str] = &["name", "attribute", "declared", "observed", "seen"];
pub const UNSEEN_VARS: &[&str] = &["name"];

/// Where a finding about the whole list stands: the `cookies` key, else the
/// start of the file.
fn list_span(declaration: &Declaration<'_>) -> Span {
    declaration.cookies_key.unwrap_or_default()
}

/// A hit about a sighting, carrying where it was seen.
fn seen_hit(span: Span, place: Place<'_>, observation: &Observation) -> Hit {
    let name = escape_controls(&observation.name);
    let text = match &observation.url {
        Some(url) => format!("`{name}` seen here, at {}", escape_controls(url)),
        None => format!("`{name}` seen here"),
    };
    let mut hit = Hit::new(span).var("seen", escape_controls(&place.to_string()).into_owned());
    hit.elsewhere.push(Elsewhere {
        path: place.capture.to_string(),
        at: place.at,
        text,
    });
    hit
}

fn party_word(party: Party) -> &'static str {
    party.word()
}

/// The entries the sightings matched, with them.
fn matched<'d, 'c>(
    declaration: &'d Declaration<'d>,
    observed: &'d Observed<'c>,
) -> impl Iterator<Item = (&'d Cookie<'d>, &'d Sighting<'c>)> {
    observed.sightings.iter().filter_map(|sighting| {
        let cookie = declaration.cookies.get(sighting.entry?)?;
        Some((cookie, sighting))
    })
}

/// `undeclared-cookie`: a cookie the site sets that no entry declares. The
/// help is an entry ready to paste.
pub fn undeclared(declaration: &Declaration<'_>, observed: &Observed<'_>, out: &mut Vec<Hit>) {
    for sighting in observed.sightings.iter().filter(|s| s.entry.is_none()) {
        let observation = sighting.observation;
        let mut hit = seen_hit(list_span(declaration), sighting.first_seen, observation)
            .var("name", format!("`{}`", escape_controls(&observation.name)))
            .var("domain", escape_controls(&observation.domain).into_owned())
            .var("party", sighting.party.map_or("unknown", party_word));
        hit.help = Some(format!(
            "Declare it; this entry is filled from what was seen (check every line):\n{}",
            entry(observed.known, &[sighting], &declaration.languages)
        ));
        out.push(hit);
    }
}

/// `set-before-consent`: a capture taken before consent saw a cookie that
/// needs consent (declared so, or undeclared and third-party).
pub fn before_consent(declaration: &Declaration<'_>, observed: &Observed<'_>, out: &mut Vec<Hit>) {
    for sighting in &observed.sightings {
        let Some(place) = sighting.before_consent else {
            continue;
        };
        let entry = sighting
            .entry
            .and_then(|index| declaration.cookies.get(index));
        let span = match entry {
            Some(cookie) => match cookie.consent.written() {
                Some(consent) if consent.value == Consent::Required => consent.span,
                _ => continue,
            },
            None if sighting.party == Some(Party::Third) => list_span(declaration),
            None => continue,
        };
        let observation = sighting.observation;
        out.push(
            seen_hit(span, place, observation)
                .var("name", format!("`{}`", escape_controls(&observation.name)))
                .var("domain", escape_controls(&observation.domain).into_owned()),
        );
    }
}

/// `party-mismatch`: the entry's `party` is not what the cookie's domain says.
pub fn party(declaration: &Declaration<'_>, observed: &Observed<'_>, out: &mut Vec<Hit>) {
    for (cookie, sighting) in matched(declaration, observed) {
        let (Some(declared), Some(seen)) = (cookie.party.written(), sighting.party) else {
            continue;
        };
        if declared.value == seen {
            continue;
        }
        out.push(
            seen_hit(declared.span, sighting.first_seen, sighting.observation)
                .var("name", cookie.display_name())
                .var("party", declared.value.word())
                .var("observed", seen.word())
                .var(
                    "domain",
                    escape_controls(&sighting.observation.domain).into_owned(),
                ),
        );
    }
}

/// `duration-mismatch`: the cookie lives longer than declared (by more than
/// a day), or persists where the entry says `session`.
pub fn duration(declaration: &Declaration<'_>, observed: &Observed<'_>, out: &mut Vec<Hit>) {
    for (cookie, sighting) in matched(declaration, observed) {
        let Some(declared) = cookie.duration.written() else {
            continue;
        };
        let Lifetime::Seconds(lived) = sighting.observation.lifetime else {
            continue;
        };
        let longer = match declared.value.seconds() {
            None => true,
            Some(allowed) => {
                i128::from(lived) > i128::from(allowed) + i128::from(DURATION_TOLERANCE_SECONDS)
            }
        };
        if !longer {
            continue;
        }
        let observed = rounded_duration(sighting.observation.lifetime)
            .map_or_else(|| format!("{lived} s"), |duration| duration.to_string());
        out.push(
            seen_hit(declared.span, sighting.first_seen, sighting.observation)
                .var("name", cookie.display_name())
                .var("duration", declared.value.to_string())
                .var("observed", observed),
        );
    }
}

/// `attribute-mismatch`: a declared attribute the capture saw otherwise.
pub fn attributes(declaration: &Declaration<'_>, observed: &Observed<'_>, out: &mut Vec<Hit>) {
    for (cookie, sighting) in matched(declaration, observed) {
        let seen = sighting.observation;
        let same_site = |value: SameSite| value.word().to_string();
        let compared = [
            compare("secure", cookie.secure.written(), seen.secure, bool_word),
            compare(
                "http_only",
                cookie.http_only.written(),
                seen.http_only,
                bool_word,
            ),
            compare(
                "same_site",
                cookie.same_site.written(),
                seen.same_site,
                same_site,
            ),
            compare(
                "path",
                cookie.path.written(),
                seen.path.as_deref(),
                |path| escape_controls(path).into_owned(),
            ),
        ];
        for (attribute, span, declared, observed) in compared.into_iter().flatten() {
            out.push(
                seen_hit(span, sighting.first_seen, seen)
                    .var("name", cookie.display_name())
                    .var("attribute", attribute)
                    .var("declared", declared)
                    .var("observed", observed),
            );
        }
    }
}

fn bool_word(flag: bool) -> String {
    flag.to_string()
}

/// A declared value and a known observed one that differ, in words.
fn compare<T: PartialEq + Copy>(
    attribute: &'static str,
    declared: Option<crate::model::Spanned<T>>,
    observed: Option<T>,
    word: impl Fn(T) -> String,
) -> Option<(&'static str, Span, String, String)> {
    let (declared, observed) = (declared?, observed?);
    (declared.value != observed).then(|| {
        (
            attribute,
            declared.span,
            word(declared.value),
            word(observed),
        )
    })
}

/// `unseen-cookie`: an entry no capture saw, when an after-consent capture
/// (where every declared cookie should be set) was given.
pub fn unseen(declaration: &Declaration<'_>, observed: &Observed<'_>, out: &mut Vec<Hit>) {
    if !observed.after_consent_given {
        return;
    }
    let mut matched_entries = vec![false; declaration.cookies.len()];
    for entry in observed
        .sightings
        .iter()
        .filter_map(|sighting| sighting.entry)
    {
        if let Some(matched) = matched_entries.get_mut(entry) {
            *matched = true;
        }
    }
    for (index, cookie) in declaration.cookies.iter().enumerate() {
        let Some(name) = cookie.name.written() else {
            continue;
        };
        if matched_entries[index] || observed.sees(cookie) {
            continue;
        }
        out.push(Hit::new(name.span).var("name", cookie.display_name()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::capture::{Capture, CaptureKind, Moment};
    use crate::knowledge::Known;
    use crate::source::SourceFile;

    const DECLARATION: &str = "version: 1
site: { url: \"https://www.example.org\" }
cookies:
  - { name: sid, provider: Us, purpose: Sign-in., category: necessary,
      party: first, consent: exempt, duration: session,
      attributes: { secure: true, same_site: strict } }
  - { name: _ga, provider: Google, purpose: Audience., category: statistics,
      party: third, consent: required, duration: P13M }
  - { name: gone, provider: Us, purpose: Old., category: preferences,
      party: first, consent: exempt, duration: P1D }
";

    fn seen(name: &str, domain: &str, lifetime: Lifetime, line: usize) -> Observation {
        Observation {
            name: name.to_string(),
            domain: domain.to_string(),
            path: Some("/".into()),
            lifetime,
            secure: Some(false),
            http_only: None,
            same_site: Some(SameSite::Lax),
            url: Some("https://www.example.org/".into()),
            at: crate::source::LineCol { line, column: 5 },
        }
    }

    fn capture(moment: Moment, observations: Vec<Observation>) -> Capture {
        Capture {
            shown: "c.json".to_string(),
            moment,
            kind: CaptureKind::StorageState,
            observations,
            first_page: None,
            undated: 0,
        }
    }

    /// Each check's hits as `rule-ish name: line:column (seen)`.
    fn run(captures: &[Capture]) -> Vec<String> {
        let source = SourceFile::new("cookies.yaml", DECLARATION.to_string());
        let root = crate::yaml::parse(&source).unwrap();
        let declaration = Declaration::new(&root, &[]);
        let site = declaration.site_url.value();
        let known = Known::default();
        let observed = Observed::new(&declaration, captures, site, &known);
        let checks: [(&str, super::super::Run); 6] = [
            ("undeclared", super::super::Run::Observed(undeclared)),
            ("before", super::super::Run::Observed(before_consent)),
            ("party", super::super::Run::Observed(party)),
            ("duration", super::super::Run::Observed(duration)),
            ("attribute", super::super::Run::Observed(attributes)),
            ("unseen", super::super::Run::Observed(unseen)),
        ];
        let mut found = Vec::new();
        for (name, run) in checks {
            let super::super::Run::Observed(run) = run else {
                continue;
            };
            let mut hits = Vec::new();
            run(&declaration, &observed, &mut hits);
            for hit in hits {
                let seen = hit
                    .vars
                    .iter()
                    .find(|(var, _)| *var == "seen")
                    .map_or(String::new(), |(_, value)| format!(" ({value})"));
                found.push(format!("{name}: {}{seen}", source.line_col(hit.span.start)));
            }
        }
        found
    }

    #[test]
    fn each_check_fires_where_the_capture_disagrees() {
        let two_years = Lifetime::Seconds(2 * 31_556_952);
        let before = capture(
            Moment::BeforeConsent,
            vec![
                seen("_ga", "example.org", two_years, 3),
                seen("IDE", "doubleclick.net", two_years, 9),
            ],
        );
        let after = capture(
            Moment::AfterConsent,
            vec![
                seen("sid", "www.example.org", Lifetime::Session, 4),
                seen("_ga", "example.org", two_years, 6),
            ],
        );
        assert_eq!(
            run(&[before, after]),
            [
                "undeclared: 3:1 (c.json:9:5)",
                "before: 8:30 (c.json:3:5)",
                "before: 3:1 (c.json:9:5)",
                "party: 8:14 (c.json:3:5)",
                "duration: 8:50 (c.json:3:5)",
                "attribute: 6:29 (c.json:4:5)",
                "attribute: 6:46 (c.json:4:5)",
                "unseen: 9:13",
            ]
        );
    }

    #[test]
    fn unseen_needs_an_after_consent_capture() {
        let before = capture(Moment::BeforeConsent, vec![]);
        assert_eq!(run(&[before]), Vec::<String>::new());
    }

    #[test]
    fn an_undeclared_cookie_comes_with_an_entry_to_paste() {
        let source = SourceFile::new("cookies.yaml", DECLARATION.to_string());
        let root = crate::yaml::parse(&source).unwrap();
        let declaration = Declaration::new(&root, &[]);
        let mut tracker = seen("IDE", "doubleclick.net", Lifetime::Seconds(34_000_000), 2);
        tracker.http_only = Some(true);
        let captures = [capture(Moment::AfterConsent, vec![tracker])];
        let known = Known::default();
        let observed = Observed::new(
            &declaration,
            &captures,
            declaration.site_url.value(),
            &known,
        );
        let mut hits = Vec::new();
        undeclared(&declaration, &observed, &mut hits);
        let help = hits[0].help.as_deref().unwrap();
        // The knowledge base knows DoubleClick's `IDE`: category and purpose are its.
        assert!(
            help.ends_with(
                "- name: IDE\n  provider: DoubleClick/Google Marketing\n  purpose: >-\n    This cookie is used for targeting, analyzing and optimisation of ad\n    campaigns in DoubleClick/Google Marketing Suite\n  category: marketing\n  party: third\n  consent: required\n  duration: P13M\n  domain: doubleclick.net\n  attributes: { secure: false, http_only: true, same_site: lax, path: / }"
            ),
            "{help}"
        );
        assert_eq!(hits[0].elsewhere[0].path, "c.json");
    }
}
