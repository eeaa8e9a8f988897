//! `cookielint export`: the consent banner's configuration, built from the
//! declaration, so that the banner and the charter never tell two stories.
//!
//! vanilla-cookieconsent v3 takes its configuration as a JavaScript object,
//! and a cookie name with a generated part is cleared by a `RegExp`, which
//! JSON cannot hold; so the export is an ES module whose default export is
//! that object. Like the charter, it depends on nothing but the declaration,
//! which `export --check` relies on.

use std::fmt::Write as _;

use crate::model::{Category, Consent, Cookie, Declaration, Duration, Field, Party, text_in};
use crate::yaml::Node;

/// The consent managers cookielint writes a configuration for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportTarget {
    CookieConsent,
}

impl ExportTarget {
    /// Every target, in the order `--help` lists them.
    pub const ALL: [ExportTarget; 1] = [ExportTarget::CookieConsent];

    /// The target's name, as `--to` takes it.
    pub fn name(self) -> &'static str {
        match self {
            ExportTarget::CookieConsent => "cookieconsent",
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
    /// Per category, in the format's order.
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
    headings: [
        "Cookies nécessaires au bon fonctionnement du site",
        "Cookies de préférences",
        "Cookies de mesure d'audience",
        "Cookies publicitaires",
    ],
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
    headings: [
        "Cookies necessary for the site to work",
        "Preference cookies",
        "Audience measurement cookies",
        "Advertising cookies",
    ],
    descriptions: [
        "These cookies are essential for the site to work: they do not require your consent.",
        "These cookies remember choices the site does not need.",
        "These cookies measure the site's audience.",
        "These cookies serve advertising and follow your browsing.",
    ],
    columns: ["Cookie name", "Provider", "Purpose"],
};

fn words(language: &str) -> Option<&'static Words> {
    match language.split('-').next().unwrap_or_default() {
        "fr" => Some(&FRENCH),
        "en" => Some(&ENGLISH),
        _ => None,
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
        ExportTarget::CookieConsent => cookieconsent(&declaration),
    }
}

fn cookieconsent(declaration: &Declaration<'_>) -> Result<String, ExportError> {
    let categories = categories_present(declaration);
    let mut translations = Vec::new();
    for language in &declaration.languages {
        let words = words(language).ok_or_else(|| ExportError::NoWordsFor(language.clone()))?;
        translations.push((
            language.clone(),
            translation(declaration, &categories, language, words),
        ));
    }
    let mut config = consent_record(declaration)
        .map(|record| vec![("cookie".to_string(), record)])
        .unwrap_or_default();
    config.extend([
        (
            "categories".into(),
            Js::Object(
                categories
                    .iter()
                    .map(|(category, cookies)| (category.word().into(), banner_category(cookies)))
                    .collect(),
            ),
        ),
        (
            "language".into(),
            Js::Object(vec![
                (
                    "default".into(),
                    Js::Str(declaration.languages.first().cloned().unwrap_or_default()),
                ),
                ("translations".into(), Js::Object(translations)),
            ]),
        ),
        // Last, so that `--check`'s diff starts at what changed.
        ("revision".into(), Js::Number(revision(declaration))),
    ]);
    let config = Js::Object(config);
    let mut out = String::from(
        "// The vanilla-cookieconsent v3 configuration, written by `cookielint export --to cookieconsent`\n\
         // from the cookie declaration: export it again rather than edit it.\n\
         // import config from './this-file.mjs'; CookieConsent.run(config);\n\
         export default ",
    );
    config.write(&mut out, 0);
    out.push_str(";\n");
    Ok(out)
}

/// The banner's own cookie as the declaration names it (its
/// `stores_consent` entry), so that the banner sets the declared cookie and
/// not an undeclared `cc_cookie`; kept for the declared duration, in days.
fn consent_record(declaration: &Declaration<'_>) -> Option<Js> {
    let record = declaration.cookies.iter().find(|cookie| {
        cookie.stores_consent.value() == Some(true)
            && cookie.party.value() != Some(Party::Third)
            && cookie.name.value().is_some_and(|name| !name.contains('*'))
    })?;
    let mut options = vec![(
        "name".to_string(),
        Js::Str(record.name.value()?.to_string()),
    )];
    if let Field::Present(domain, _) = record.domain {
        options.push(("domain".into(), Js::Str(domain.to_string())));
    }
    if let Some(seconds) = record.duration.value().and_then(Duration::seconds) {
        options.push((
            "expiresAfterDays".into(),
            Js::Number(seconds.div_ceil(86_400)),
        ));
    }
    Some(Js::Object(options))
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

/// A category of the banner. One with no cookie that needs consent (every
/// necessary one, and exempt audience measurement) cannot be turned off.
/// Each provider of the others is a service visitors can turn off alone.
/// Refusing clears the cookies that need consent and that the page itself
/// can clear: a third party's cookie is out of a page script's reach.
fn banner_category(cookies: &[&Cookie<'_>]) -> Js {
    let asking: Vec<&Cookie<'_>> = cookies
        .iter()
        .copied()
        .filter(|cookie| needs_consent(cookie))
        .collect();
    if asking.is_empty() {
        return Js::Object(vec![
            ("enabled".into(), Js::Bool(true)),
            ("readOnly".into(), Js::Bool(true)),
        ]);
    }
    let mut services: Vec<(String, String)> = Vec::new();
    for cookie in &asking {
        let provider = cookie.provider.value().unwrap_or_default();
        let key = service_key(provider);
        if !services.iter().any(|(known, _)| *known == key) {
            services.push((key, provider.to_string()));
        }
    }
    let services = services
        .into_iter()
        .map(|(key, label)| {
            let label = ("label".into(), Js::Str(html_text(&label)));
            (key, Js::Object(vec![label]))
        })
        .collect();
    let cleared: Vec<Js> = asking
        .iter()
        .filter(|cookie| cookie.party.value() != Some(Party::Third))
        .filter_map(|cookie| cookie_item(cookie))
        .collect();
    let mut category = Vec::new();
    if !cleared.is_empty() {
        category.push((
            "autoClear".into(),
            Js::Object(vec![("cookies".into(), Js::Array(cleared))]),
        ));
    }
    category.push(("services".into(), Js::Object(services)));
    Js::Object(category)
}

/// `{ name, domain }` as cookieconsent erases a cookie: a name with `*` as
/// an anchored regular expression.
fn cookie_item(cookie: &Cookie<'_>) -> Option<Js> {
    let name = cookie.name.value()?;
    let name = if name.contains('*') {
        let parts: Vec<String> = name.split('*').map(regex::escape).collect();
        Js::Regex(format!("^{}$", parts.join(".*")))
    } else {
        Js::Str(name.to_string())
    };
    let mut item = vec![("name".into(), name)];
    if let Field::Present(domain, _) = cookie.domain {
        item.push(("domain".into(), Js::Str(domain.to_string())));
    }
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

fn translation(
    declaration: &Declaration<'_>,
    categories: &[(Category, Vec<&Cookie<'_>>)],
    language: &str,
    words: &Words,
) -> Js {
    let first = declaration.languages.first().map_or("", String::as_str);
    let text = |value: &str| Js::Str(value.to_string());
    let sections = categories
        .iter()
        .map(|(category, cookies)| {
            let index = Category::ALL
                .iter()
                .position(|known| known == category)
                .unwrap_or_default();
            let headers = ["name", "provider", "purpose"]
                .iter()
                .zip(words.columns)
                .map(|(key, column)| (key.to_string(), text(column)))
                .collect();
            let body = cookies
                .iter()
                .map(|cookie| {
                    let cell = |value: Option<&str>| Js::Str(html_text(value.unwrap_or_default()));
                    Js::Object(vec![
                        ("name".into(), cell(cookie.name.value())),
                        ("provider".into(), cell(cookie.provider.value())),
                        (
                            "purpose".into(),
                            cell(text_in(cookie.purpose, language, first)),
                        ),
                    ])
                })
                .collect();
            Js::Object(vec![
                ("title".into(), text(words.headings[index])),
                ("description".into(), text(words.descriptions[index])),
                ("linkedCategory".into(), text(category.word())),
                (
                    "cookieTable".into(),
                    Js::Object(vec![
                        ("headers".into(), Js::Object(headers)),
                        ("body".into(), Js::Array(body)),
                    ]),
                ),
            ])
        })
        .collect();
    Js::Object(vec![
        (
            "consentModal".into(),
            Js::Object(vec![
                ("title".into(), text(words.consent_title)),
                ("description".into(), text(words.consent_description)),
                ("acceptAllBtn".into(), text(words.accept_all)),
                ("acceptNecessaryBtn".into(), text(words.accept_necessary)),
                ("showPreferencesBtn".into(), text(words.show_preferences)),
            ]),
        ),
        (
            "preferencesModal".into(),
            Js::Object(vec![
                ("title".into(), text(words.preferences_title)),
                ("acceptAllBtn".into(), text(words.accept_all)),
                ("acceptNecessaryBtn".into(), text(words.accept_necessary)),
                ("savePreferencesBtn".into(), text(words.save_preferences)),
                ("closeIconLabel".into(), text(words.close)),
                ("sections".into(), Js::Array(sections)),
            ]),
        ),
    ])
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

/// cookieconsent writes labels and table cells as HTML.
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

/// A JavaScript value, as the module writes it.
enum Js {
    Object(Vec<(String, Js)>),
    Array(Vec<Js>),
    Str(String),
    Number(u64),
    Bool(bool),
    /// The source of a regular expression, written as a literal.
    Regex(String),
}

impl Js {
    fn write(&self, out: &mut String, depth: usize) {
        let indent = |out: &mut String, depth: usize| out.push_str(&"  ".repeat(depth));
        match self {
            Js::Object(entries) if entries.is_empty() => out.push_str("{}"),
            Js::Array(items) if items.is_empty() => out.push_str("[]"),
            Js::Object(entries) => {
                out.push_str("{\n");
                for (key, value) in entries {
                    indent(out, depth + 1);
                    out.push_str(&js_key(key));
                    out.push_str(": ");
                    value.write(out, depth + 1);
                    out.push_str(",\n");
                }
                indent(out, depth);
                out.push('}');
            }
            Js::Array(items) => {
                out.push_str("[\n");
                for item in items {
                    indent(out, depth + 1);
                    item.write(out, depth + 1);
                    out.push_str(",\n");
                }
                indent(out, depth);
                out.push(']');
            }
            Js::Str(text) => out.push_str(&js_string(text)),
            Js::Number(number) => {
                let _ = write!(out, "{number}");
            }
            Js::Bool(flag) => {
                let _ = write!(out, "{flag}");
            }
            Js::Regex(source) => {
                let _ = write!(out, "/{}/", source.replace('/', "\\/"));
            }
        }
    }
}

/// A key bare when it is an identifier, quoted otherwise.
fn js_key(key: &str) -> String {
    let mut characters = key.chars();
    let identifier = characters
        .next()
        .is_some_and(|first| first.is_ascii_alphabetic() || first == '_')
        && characters.all(|character| character.is_ascii_alphanumeric() || character == '_');
    if identifier {
        key.to_string()
    } else {
        js_string(key)
    }
}

/// A JSON string is a JavaScript string; `<` escaped as well, so that the
/// module can be inlined in a `<script>` without a `</script>` ending it.
fn js_string(text: &str) -> String {
    serde_json::Value::from(text)
        .to_string()
        .replace('<', "\\u003c")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceFile;
    use crate::yaml;

    const DECLARATION: &str = "version: 1
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

    fn tree(text: &str) -> Node {
        yaml::parse(&SourceFile::new("cookies.yaml", text.to_string())).unwrap()
    }

    fn export_of(text: &str) -> String {
        export(&tree(text), &[], ExportTarget::CookieConsent).unwrap()
    }

    fn revision_of(text: &str) -> u64 {
        revision(&Declaration::new(&tree(text), &[]))
    }

    #[test]
    fn a_wildcard_name_is_cleared_by_an_anchored_regular_expression() {
        let module = export_of(DECLARATION);
        assert!(module.contains("name: /^_ga_.*$/,"), "{module}");
        assert!(module.contains("readOnly: true"), "{module}");
    }

    #[test]
    fn the_banner_keeps_its_choice_in_the_declared_cookie() {
        let declaration = DECLARATION.replacen(
            "    consent: exempt\n",
            "    consent: exempt\n    stores_consent: true\n",
            1,
        );
        let module = export_of(&declaration);
        assert!(
            module
                .contains("  cookie: {\n    name: \"sessionid\",\n    expiresAfterDays: 14,\n  },"),
            "{module}"
        );
        assert!(!export_of(DECLARATION).contains("  cookie: {"));
    }

    #[test]
    fn a_third_party_cookie_is_listed_but_not_cleared() {
        let module = export_of(DECLARATION);
        assert!(module.contains("name: \"IDE\","), "{module}");
        let auto_clear = module.split("autoClear").nth(1).unwrap();
        let auto_clear = auto_clear.split("services").next().unwrap();
        assert!(!auto_clear.contains("IDE"), "{auto_clear}");
    }

    #[test]
    fn texts_from_the_declaration_are_escaped_for_html_and_script() {
        let module = export_of(DECLARATION);
        assert!(module.contains("Mesure &lt;d'audience&gt;."), "{module}");
        assert_eq!(js_string("</script>"), "\"\\u003c/script>\"");
    }

    #[test]
    fn services_are_grouped_by_provider() {
        assert_eq!(service_key("Google Analytics"), "google-analytics");
        assert_eq!(service_key(" AT Internet (Piano) "), "at-internet-piano");
        let module = export_of(DECLARATION);
        assert_eq!(module.matches("\"google-analytics\": {").count(), 1);
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
