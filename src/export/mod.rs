//! `cookielint export`: the consent banner's configuration, built from the
//! declaration, so that the banner and the charter never tell two stories.
//! Each consent manager has its module; what they share (the categories in
//! use, services by provider, the cookies refusing clears, the consent
//! cookie, the banner's words, the `revision`) is here. Like the charter, an
//! export depends on nothing but the declaration, which `export --check`
//! relies on.

use std::collections::HashMap;
use std::fmt::Write as _;

use crate::limits::BROWSER_LIFETIME_CAP;
use crate::model::{Category, Consent, Cookie, Declaration, Duration, Field, Party, text_in};
use crate::render::{ENGLISH_HEADINGS, FRENCH_HEADINGS};
use crate::yaml::Node;

mod cookieconsent;
mod js;
mod klaro;
mod tarteaucitron;

use js::Js;

/// The consent managers cookielint writes a configuration for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportTarget {
    CookieConsent,
    Tarteaucitron,
    Klaro,
}

impl ExportTarget {
    /// Every target, in the order `--help` lists them.
    pub const ALL: [ExportTarget; 3] = [
        ExportTarget::CookieConsent,
        ExportTarget::Tarteaucitron,
        ExportTarget::Klaro,
    ];

    /// The target's name, as `--to` takes it.
    pub fn name(self) -> &'static str {
        match self {
            ExportTarget::CookieConsent => "cookieconsent",
            ExportTarget::Tarteaucitron => "tarteaucitron",
            ExportTarget::Klaro => "klaro",
        }
    }
}

/// Why a configuration cannot be exported.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ExportError {
    #[error(
        "cookielint cannot write the banner's words in `{0}` yet; it writes French (`fr`) and English (`en`)"
    )]
    NoWordsFor(String),
}

/// The banner's own words in one language.
struct Words {
    consent_title: &'static str,
    consent_description: &'static str,
    accept_all: &'static str,
    accept_necessary: &'static str,
    show_preferences: &'static str,
    preferences_title: &'static str,
    save_preferences: &'static str,
    close: &'static str,
    /// Per category, in the format's order: the charter's headings.
    headings: [&'static str; 4],
    descriptions: [&'static str; 4],
    /// The cookie table's columns: name, provider, purpose.
    columns: [&'static str; 3],
}

const FRENCH: Words = Words {
    consent_title: "Ce site utilise des cookies",
    consent_description: "Certains cookies sont nécessaires au site ; les autres ne sont déposés qu'avec votre consentement, que vous pouvez retirer à tout moment.",
    accept_all: "Tout accepter",
    accept_necessary: "Tout refuser",
    show_preferences: "Choisir",
    preferences_title: "Vos choix en matière de cookies",
    save_preferences: "Enregistrer mes choix",
    close: "Fermer",
    headings: FRENCH_HEADINGS,
    descriptions: [
        "Ces cookies sont indispensables au fonctionnement du site : ils ne requièrent pas votre consentement.",
        "Ces cookies mémorisent des choix qui ne sont pas indispensables au site.",
        "Ces cookies mesurent l'audience du site.",
        "Ces cookies servent à la publicité et au suivi de votre navigation.",
    ],
    columns: ["Nom du cookie", "Nom du prestataire", "Finalités"],
};

const ENGLISH: Words = Words {
    consent_title: "This site uses cookies",
    consent_description: "Some cookies are necessary for the site; the others are set only with your consent, which you can withdraw at any time.",
    accept_all: "Accept all",
    accept_necessary: "Reject all",
    show_preferences: "Choose",
    preferences_title: "Your cookie choices",
    save_preferences: "Save my choices",
    close: "Close",
    headings: ENGLISH_HEADINGS,
    descriptions: [
        "These cookies are essential for the site to work: they do not require your consent.",
        "These cookies remember choices the site does not need.",
        "These cookies measure the site's audience.",
        "These cookies serve advertising and follow your browsing.",
    ],
    columns: ["Cookie name", "Provider", "Purpose"],
};

impl Words {
    /// A category's heading and description.
    fn category(&self, category: Category) -> (&'static str, &'static str) {
        (
            self.headings[category.index()],
            self.descriptions[category.index()],
        )
    }
}

fn words(language: &str) -> Result<&'static Words, ExportError> {
    match language.split('-').next().unwrap_or_default() {
        "fr" => Ok(&FRENCH),
        "en" => Ok(&ENGLISH),
        _ => Err(ExportError::NoWordsFor(language.to_string())),
    }
}

/// The configuration of `target` for a declaration that passed `check`.
pub fn export(
    root: &Node,
    configured_languages: &[String],
    target: ExportTarget,
) -> Result<String, ExportError> {
    let declaration = Declaration::new(root, configured_languages);
    match target {
        ExportTarget::CookieConsent => cookieconsent::configuration(&declaration),
        ExportTarget::Tarteaucitron => tarteaucitron::configuration(&declaration),
        ExportTarget::Klaro => klaro::configuration(&declaration),
    }
}

/// The categories the declaration uses, in the format's order, each with
/// its cookies in the declaration's order.
fn categories_present<'d, 'a>(
    declaration: &'d Declaration<'a>,
) -> Vec<(Category, Vec<&'d Cookie<'a>>)> {
    Category::ALL
        .iter()
        .map(|&category| {
            let cookies: Vec<&Cookie<'_>> = declaration
                .cookies
                .iter()
                .filter(|cookie| cookie.category.value() == Some(category))
                .collect();
            (category, cookies)
        })
        .filter(|(_, cookies)| !cookies.is_empty())
        .collect()
}

fn needs_consent(cookie: &Cookie<'_>) -> bool {
    cookie.consent.value() == Some(Consent::Required)
}

/// Whether refusing clears the cookie: it needs consent, and a page
/// script can reach it. A third party's cookie, and an `HttpOnly` one, are
/// out of that reach: the server that sets them must stop.
fn cleared_on_refusal(cookie: &Cookie<'_>) -> bool {
    needs_consent(cookie)
        && cookie.party.value() != Some(Party::Third)
        && cookie.http_only.value() != Some(true)
}

/// The declared languages by their primary subtag, the one klaro and
/// tarteaucitron take from the page (`fr` for `fr-CA`), the first of each.
fn primary_languages<'d>(declaration: &'d Declaration<'_>) -> Vec<(&'d str, &'d str)> {
    let mut languages: Vec<(&str, &str)> = Vec::new();
    for language in &declaration.languages {
        let tag = language.split('-').next().unwrap_or_default();
        if !languages.iter().any(|(known, _)| *known == tag) {
            languages.push((tag, language));
        }
    }
    languages
}

/// A provider's cookies in one category: what visitors accept or refuse
/// as one in every banner.
struct Service<'d, 'a> {
    key: String,
    provider: &'a str,
    cookies: Vec<&'d Cookie<'a>>,
}

impl Service<'_, '_> {
    /// The service's name where one list holds every category's services
    /// (klaro, tarteaucitron), so that a provider in two categories is two.
    fn name(&self, category: Category) -> String {
        format!("{}-{}", category.word(), self.key)
    }

    /// A service with no cookie that needs consent cannot be refused.
    fn asks(&self) -> bool {
        self.cookies.iter().any(|cookie| needs_consent(cookie))
    }

    /// Each cookie's name and purpose in `language`, for the banners that
    /// describe a service in one text.
    fn description(&self, language: &str, first: &str) -> String {
        self.cookies
            .iter()
            .map(|cookie| {
                let name = cookie.name.value().unwrap_or_default();
                match text_in(cookie.purpose, language, first) {
                    Some(purpose) => format!("{name}: {purpose}"),
                    None => name.to_string(),
                }
            })
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// A category's cookies grouped by provider (by `service_key`), in the
/// order each provider first appears.
fn services<'d, 'a>(cookies: &[&'d Cookie<'a>]) -> Vec<Service<'d, 'a>> {
    let mut services: Vec<Service<'d, 'a>> = Vec::new();
    // Each key's place in `services`: a declaration may name thousands of
    // providers.
    let mut places: HashMap<String, usize> = HashMap::new();
    for &cookie in cookies {
        let provider = cookie.provider.value().unwrap_or_default();
        let key = service_key(provider);
        match places.get(&key) {
            Some(&place) => services[place].cookies.push(cookie),
            None => {
                places.insert(key.clone(), services.len());
                services.push(Service {
                    key,
                    provider,
                    cookies: vec![cookie],
                });
            }
        }
    }
    services
}

/// Each category present, in the format's order, with its services: what
/// klaro and tarteaucitron list.
fn services_by_category<'d, 'a>(
    declaration: &'d Declaration<'a>,
) -> Vec<(Category, Vec<Service<'d, 'a>>)> {
    categories_present(declaration)
        .into_iter()
        .map(|(category, cookies)| (category, services(&cookies)))
        .collect()
}

/// `texts` in each declared language, keyed by its primary subtag as
/// klaro and tarteaucitron key their texts; an error for a language
/// cookielint has no banner words in.
fn texts_by_language(
    declaration: &Declaration<'_>,
    mut texts: impl FnMut(&str, &'static Words) -> Js,
) -> Result<Vec<(String, Js)>, ExportError> {
    primary_languages(declaration)
        .into_iter()
        .map(|(tag, language)| Ok((tag.to_string(), texts(language, words(language)?))))
        .collect()
}

/// The banner's own cookie as the declaration names it (its
/// `stores_consent` entry, set by the site under a fixed name), so that the
/// banner sets the declared cookie and not one of its own.
fn consent_record<'d, 'a>(declaration: &'d Declaration<'a>) -> Option<&'d Cookie<'a>> {
    declaration.cookies.iter().find(|cookie| {
        cookie.stores_consent.value() == Some(true)
            && cookie.party.value() != Some(Party::Third)
            && cookie.name.value().is_some_and(|name| !name.contains('*'))
    })
}

/// `site.consent_manager` when it is a `#fragment`: the charter's link to
/// it stays on the page, so the banner's own script opens the preferences.
/// A URL or a `/path` is a page of the site, which opens them itself: there
/// is nothing to wire.
fn reopening_fragment<'a>(declaration: &Declaration<'a>) -> Option<&'a str> {
    declaration
        .site_consent_manager
        .value()
        .filter(|place| place.starts_with('#'))
}

/// How long a cookie is kept, in whole days, as the banners take it: at
/// most the 400 days a browser keeps any cookie, which is also a number of
/// days a JavaScript `Date` can count to (a declared `P99999999999999999999Y`
/// would not be).
fn days_kept(cookie: &Cookie<'_>) -> Option<u64> {
    let longest = BROWSER_LIFETIME_CAP.duration.seconds()?;
    cookie
        .duration
        .value()
        .and_then(Duration::seconds)
        .map(|seconds| seconds.min(longest).div_ceil(86_400))
}

/// klaro and tarteaucitron keep an answer per service and ask again only
/// when a service has none, so the revision is the name of one more
/// service that neither lists (no purpose, no type they show): visitors are
/// asked again exactly when the revision changes, and the services a site's
/// tags refer to keep their names.
fn revision_service(declaration: &Declaration<'_>) -> String {
    format!("cookielint-revision-{}", revision(declaration))
}

/// The domain and path a cookie is set on, when declared: a script cannot
/// read them back, and a cookie is erased only where it was set.
fn where_set(cookie: &Cookie<'_>) -> Vec<(String, Js)> {
    [("domain", cookie.domain), ("path", cookie.path)]
        .into_iter()
        .filter_map(|(key, field)| match field {
            Field::Present(value, _) => Some((key.to_string(), Js::Str(value.to_string()))),
            _ => None,
        })
        .collect()
}

/// A cookie as klaro and tarteaucitron's script erase it: an anchored
/// regular expression, where it is set.
fn erasure(cookie: &Cookie<'_>) -> Option<Js> {
    let mut item = vec![(
        "pattern".to_string(),
        Js::Glob(cookie.name.value()?.to_string()),
    )];
    item.extend(where_set(cookie));
    Some(Js::Object(item))
}

/// A service's key: the provider in lower case, each run of other
/// characters than letters and digits as one `-`, so that `Google` and
/// `google` are one service.
fn service_key(provider: &str) -> String {
    let mut key = String::new();
    for character in provider.chars().flat_map(char::to_lowercase) {
        if character.is_alphanumeric() {
            key.push(character);
        } else if !key.is_empty() && !key.ends_with('-') {
            key.push('-');
        }
    }
    key.trim_end_matches('-').to_string()
}

/// The banner's `revision`: a number from exactly what visitors consented
/// to (each cookie's name, purpose in every language, category, provider
/// and consent), so that they are asked again when it changes and only
/// then. The order of the entries is not part of it. FNV-1a, because the
/// number must be the same on every machine and in every version.
pub fn revision(declaration: &Declaration<'_>) -> u64 {
    const SEPARATOR: char = '\u{1f}';
    let first = declaration.languages.first().map_or("", String::as_str);
    let mut entries: Vec<String> = declaration
        .cookies
        .iter()
        .map(|cookie| {
            let mut entry = String::new();
            let _ = write!(
                entry,
                "{}{SEPARATOR}{}{SEPARATOR}{}{SEPARATOR}{}",
                cookie.name.value().unwrap_or_default(),
                cookie.provider.value().unwrap_or_default(),
                cookie.category.value().map_or("", Category::word),
                cookie.consent.value().map_or("", Consent::word),
            );
            for language in &declaration.languages {
                let purpose = text_in(cookie.purpose, language, first).unwrap_or_default();
                let _ = write!(entry, "{SEPARATOR}{language}={purpose}");
            }
            entry
        })
        .collect();
    entries.sort();
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in entries.join("\u{1e}").bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    // A positive number below 2^31, never 0 (cookieconsent's "no revision").
    hash % 0x7fff_ffff + 1
}

/// cookieconsent and tarteaucitron write labels and table cells as HTML.
fn html_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for character in text.chars() {
        match character {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceFile;
    use crate::yaml;

    /// A declaration with a cookie of each kind each export treats apart.
    pub(super) const DECLARATION: &str = "version: 1
site:
  languages: [fr, en]
cookies:
  - name: sessionid
    provider: Opendatasoft
    purpose: { fr: Session., en: Session. }
    category: necessary
    party: first
    consent: exempt
    duration: P14D
  - name: _ga_*
    provider: Google Analytics
    purpose: { fr: Mesure <d'audience>., en: Audience measurement. }
    category: statistics
    party: first
    consent: required
    duration: P13M  # the duration is not consent-relevant
  - name: IDE
    provider: Google Analytics
    purpose: { fr: Publicité., en: Advertising. }
    category: statistics
    party: third
    consent: required
    duration: P13M
";

    pub(super) fn tree(text: &str) -> Node {
        yaml::parse(&SourceFile::new("cookies.yaml", text.to_string())).unwrap()
    }

    /// The export of a declaration that passes `check`.
    pub(super) fn export_to(target: ExportTarget, text: &str) -> String {
        export(&tree(text), &[], target).unwrap()
    }

    /// [`DECLARATION`] with its consent record, `consent`, kept for
    /// `duration`, then `more`: more keys of the record, or more entries.
    pub(super) fn with_consent_record(duration: &str, more: &str) -> String {
        format!(
            "{DECLARATION}  - name: consent
    provider: Opendatasoft
    purpose: {{ fr: Consentement., en: Consent. }}
    category: necessary
    party: first
    consent: exempt
    stores_consent: true
    duration: {duration}
{more}"
        )
    }

    fn revision_of(text: &str) -> u64 {
        revision(&Declaration::new(&tree(text), &[]))
    }

    #[test]
    fn the_revision_changes_with_what_visitors_consented_to() {
        let base = revision_of(DECLARATION);
        for (from, to) in [
            ("name: IDE", "name: NID"),
            ("en: Advertising.", "en: Ads."),
            (
                "category: statistics\n    party: third",
                "category: marketing\n    party: third",
            ),
            ("provider: Opendatasoft", "provider: Huwise"),
            ("consent: exempt", "consent: required"),
        ] {
            let changed = DECLARATION.replacen(from, to, 1);
            assert_ne!(changed, DECLARATION, "{from}");
            assert_ne!(revision_of(&changed), base, "{from} -> {to}");
        }
    }

    #[test]
    fn the_revision_stays_when_nothing_consent_relevant_changes() {
        let base = revision_of(DECLARATION);
        for (from, to) in [
            (
                "duration: P13M  # the duration is not consent-relevant",
                "duration: P6M",
            ),
            (
                "party: first\n    consent: exempt",
                "party: first  # set by the server\n    consent: exempt",
            ),
        ] {
            let changed = DECLARATION.replacen(from, to, 1);
            assert_ne!(changed, DECLARATION, "{from}");
            assert_eq!(revision_of(&changed), base, "{from} -> {to}");
        }
        let (head, entries) = DECLARATION.split_once("  - name: sessionid").unwrap();
        let (first, rest) = entries.split_once("  - name: _ga_*").unwrap();
        let reordered = format!("{head}  - name: _ga_*{rest}  - name: sessionid{first}");
        assert_ne!(reordered, DECLARATION);
        assert_eq!(revision_of(&reordered), base);
    }

    #[test]
    fn refusing_clears_only_what_a_page_script_can_reach() {
        let text = "version: 1
cookies:
  - { name: a, consent: required, party: first }
  - { name: b, consent: required, party: third }
  - { name: c, consent: required, party: first, attributes: { http_only: true } }
  - { name: d, consent: exempt, party: first }
  - { name: e, consent: required, party: first, attributes: { http_only: false } }
";
        let root = tree(text);
        let declaration = Declaration::new(&root, &[]);
        let cleared: Vec<&str> = declaration
            .cookies
            .iter()
            .filter(|cookie| cleared_on_refusal(cookie))
            .filter_map(|cookie| cookie.name.value())
            .collect();
        assert_eq!(cleared, ["a", "e"]);
    }

    #[test]
    fn a_language_without_words_is_an_error() {
        assert_eq!(
            export(
                &tree(&DECLARATION.replace("[fr, en]", "[de]")),
                &[],
                ExportTarget::CookieConsent
            ),
            Err(ExportError::NoWordsFor("de".into()))
        );
    }
}
