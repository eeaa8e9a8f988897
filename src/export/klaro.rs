//! klaro 0.7: a classic script that sets `window.klaroConfig`, the global
//! klaro's own script (`klaro/dist/klaro.js` of the npm package) reads when
//! it loads, so it is included first, as its header says (`header`; a
//! bundle calls `Klaro.setup(window.klaroConfig)` instead).
//!
//! Each category is a purpose; each provider in it a service, `required`
//! when none of its cookies needs consent. Refusing a service deletes its
//! cookies that need consent and that the page can reach (first-party):
//! klaro tests each cookie name against an anchored `RegExp` (a name with
//! `*` matches any run of characters there) and deletes it on the declared
//! path and domain. klaro keeps the
//! answers in the declared consent cookie (`cookieName`), and asks again
//! only for a service it has no answer for: the revision is one more
//! service, in no purpose, so listed nowhere (`revision_service`). klaro
//! writes texts as text (`htmlTexts` is left off): they are escaped for
//! the script only.
//!
//! With a `#fragment` `site.consent_manager`, the script also makes a link
//! to it open the preferences, through the `window.klaro` klaro's own
//! script sets (a bundle sets `window.klaro = Klaro` for it).

use super::js::reopening_script;
use super::{
    ExportError, Js, Service, Words, cleared_on_refusal, consent_record, days_kept, erasure,
    reopening_fragment, revision_service, services_by_category, texts_by_language,
};
use std::fmt::Write as _;

use crate::model::{Category, Declaration, Field};

pub(super) fn configuration(declaration: &Declaration<'_>) -> Result<String, ExportError> {
    let grouped = services_by_category(declaration);
    let translations = texts_by_language(declaration, |language, words| {
        translation(declaration, &grouped, language, words)
    })?;
    let mut config = vec![("version".to_string(), Js::Number(1))];
    if let Some(record) = consent_record(declaration) {
        let name = record.name.value().unwrap_or_default();
        config.push(("cookieName".into(), Js::Str(name.to_string())));
        if let Some(days) = days_kept(record) {
            config.push(("cookieExpiresAfterDays".into(), Js::Number(days)));
        }
        if let Field::Present(domain, _) = record.domain {
            config.push(("cookieDomain".into(), Js::Str(domain.to_string())));
        }
    }
    config.extend([
        // Nothing that needs consent is on before the visitor says yes.
        ("default".into(), Js::Bool(false)),
        ("mustConsent".into(), Js::Bool(false)),
        ("acceptAll".into(), Js::Bool(true)),
        ("groupByPurpose".into(), Js::Bool(true)),
        (
            "fallbackLang".into(),
            Js::Str(declaration.languages.first().cloned().unwrap_or_default()),
        ),
        ("translations".into(), Js::Object(translations)),
    ]);
    let mut banner_services: Vec<Js> = grouped
        .iter()
        .flat_map(|(category, services)| {
            services
                .iter()
                .map(move |service| banner_service(*category, service))
        })
        .collect();
    // Last, so that `--check`'s diff starts at what changed. `required`, so
    // that refusing everything is an answer for it too.
    banner_services.push(Js::Object(vec![
        ("name".into(), Js::Str(revision_service(declaration))),
        ("purposes".into(), Js::Array(Vec::new())),
        ("required".into(), Js::Bool(true)),
    ]));
    config.push(("services".into(), Js::Array(banner_services)));
    let mut out = header(&grouped);
    out.push_str("window.klaroConfig = ");
    Js::Object(config).write(&mut out, 0);
    out.push_str(";\n");
    if let Some(fragment) = reopening_fragment(declaration) {
        out.push_str(&reopening_script(fragment, OPENER));
    }
    Ok(out)
}

/// The package this script is written for and tested with
/// (scripts/banner-e2e/package.json), as its header names it.
pub(super) const PACKAGE: &str = "klaro@0.7.22";

/// What the front-end developer does with the script: include it before
/// klaro's own, and mark the site's own tags with the service they belong
/// to, which klaro runs once the visitor accepts it, with the services of
/// this declaration that ask.
fn header(grouped: &[(Category, Vec<Service<'_, '_>>)]) -> String {
    let asking: Vec<String> = grouped
        .iter()
        .flat_map(|(category, services)| {
            services
                .iter()
                .filter(|service| service.asks())
                .map(|service| service.name(*category))
        })
        .collect();
    let mut out = format!(
        "// The klaro 0.7 configuration, written by `cookielint export --to klaro` from the
// cookie declaration: export it again rather than edit it.
//
// Save it as klaro.config.js and include it before klaro's own script, on every page:
//   <script src=\"klaro.config.js\"> then <script defer src=\"https://cdn.jsdelivr.net/npm/{PACKAGE}/dist/klaro.js\">
// (from npm: klaro/dist/klaro.js; a bundle calls Klaro.setup(window.klaroConfig) instead).
//
"
    );
    match asking.first() {
        None => {
            out.push_str("// Nothing here needs consent: no tag of the site waits for klaro.\n")
        }
        Some(first) => {
            let _ = write!(
                out,
                "// Gate the site's own tags: klaro runs a <script type=\"text/plain\" data-type=\"text/javascript\"
// data-name=\"{first}\" data-src=\"…\"> (inline code or data-src; an img, iframe or link
// likewise) once the visitor accepts that service. The services here:
//   {}
",
                asking.join(", ")
            );
        }
    }
    out
}

/// klaro's script runs after this one and sets `window.klaro` (a click
/// may come before it has); it has drawn its notice by the page's `load`.
/// `show(undefined, true)` opens its modal, the preferences, whether the
/// visitor has answered or not (without `true`, the notice again).
const OPENER: &str = "  function openPreferences() {
    if (window.klaro) window.klaro.show(undefined, true);
  }
  function whenStarted(then) {
    window.addEventListener(\"load\", then);
  }
";

/// A provider's cookies in one category, as one klaro service.
fn banner_service(category: Category, service: &Service<'_, '_>) -> Js {
    let cleared: Vec<Js> = service
        .cookies
        .iter()
        .filter(|cookie| cleared_on_refusal(cookie))
        .filter_map(|cookie| erasure(cookie))
        .collect();
    let mut options = vec![
        ("name".to_string(), Js::Str(service.name(category))),
        ("title".into(), Js::Str(service.provider.to_string())),
        (
            "purposes".into(),
            Js::Array(vec![Js::Str(category.word().to_string())]),
        ),
    ];
    if !service.asks() {
        options.push(("required".into(), Js::Bool(true)));
    }
    options.push(("cookies".into(), Js::Array(cleared)));
    Js::Object(options)
}

fn translation(
    declaration: &Declaration<'_>,
    grouped: &[(Category, Vec<Service<'_, '_>>)],
    language: &str,
    words: &Words,
) -> Js {
    let first = declaration.languages.first().map_or("", String::as_str);
    let text = |value: &str| Js::Str(value.to_string());
    let titled = |title: &str, description: &str| {
        Js::Object(vec![
            ("title".into(), text(title)),
            ("description".into(), text(description)),
        ])
    };
    let purposes = grouped
        .iter()
        .map(|(category, _)| {
            let (heading, description) = words.category(*category);
            (category.word().to_string(), titled(heading, description))
        })
        .collect();
    let mut entries = vec![
        (
            "consentNotice".to_string(),
            Js::Object(vec![
                ("title".into(), text(words.consent_title)),
                ("description".into(), text(words.consent_description)),
                ("learnMore".into(), text(words.show_preferences)),
            ]),
        ),
        (
            "consentModal".into(),
            titled(words.preferences_title, words.consent_description),
        ),
        ("acceptAll".into(), text(words.accept_all)),
        ("ok".into(), text(words.accept_all)),
        ("decline".into(), text(words.accept_necessary)),
        ("acceptSelected".into(), text(words.save_preferences)),
        ("save".into(), text(words.save_preferences)),
        ("close".into(), text(words.close)),
        ("purposes".into(), Js::Object(purposes)),
    ];
    for (category, services) in grouped {
        for service in services {
            entries.push((
                service.name(*category),
                Js::Object(vec![(
                    "description".into(),
                    text(&service.description(language, first)),
                )]),
            ));
        }
    }
    Js::Object(entries)
}

#[cfg(test)]
mod tests {
    use super::super::ExportTarget;
    use super::super::tests::{DECLARATION, export_to, with_consent_record};

    /// The shared declaration, its consent kept in `consent` for a year.
    fn declaration() -> String {
        with_consent_record("P1Y", "    domain: .example.org\n")
    }

    fn export_of(text: &str) -> String {
        export_to(ExportTarget::Klaro, text)
    }

    #[test]
    fn a_wildcard_name_is_deleted_by_an_anchored_regular_expression() {
        let script = export_of(&declaration());
        assert!(
            script.contains(
                "cookies: [\n        {\n          pattern: /^_ga_[\\s\\S]*$/,\n        },\n      ],"
            ),
            "{script}"
        );
    }

    #[test]
    fn the_answers_are_kept_in_the_declared_consent_cookie() {
        let script = export_of(&declaration());
        assert!(script.contains("  cookieName: \"consent\",\n  cookieExpiresAfterDays: 366,\n  cookieDomain: \".example.org\",\n"), "{script}");
        assert!(!export_of(DECLARATION).contains("cookieName"));
    }

    #[test]
    fn the_revision_is_a_service_in_no_purpose() {
        let revision_service = |script: &str| {
            let name = script.split("name: \"cookielint-revision-").nth(1).unwrap();
            let (number, rest) = name.split_once('"').unwrap();
            assert!(
                rest.starts_with(",\n      purposes: [],\n      required: true,\n    },\n  ],\n};"),
                "{rest}"
            );
            number.to_string()
        };
        let base = revision_service(&export_of(&declaration()));
        let changed = export_of(&declaration().replacen("en: Advertising.", "en: Ads.", 1));
        assert_ne!(revision_service(&changed), base);
        let same = export_of(&declaration().replacen("duration: P1Y", "duration: P6M", 1));
        assert_eq!(revision_service(&same), base);
    }

    #[test]
    fn a_declared_path_and_domain_go_with_the_pattern() {
        let script = export_of(&declaration().replacen(
            "name: _ga_*",
            "name: _ga_*\n    domain: .example.org\n    attributes: { path: /app }",
            1,
        ));
        assert!(
            script.contains(
                "{\n          pattern: /^_ga_[\\s\\S]*$/,\n          domain: \".example.org\",\n          path: \"/app\",\n        },"
            ),
            "{script}"
        );
        let caret = export_of(&declaration().replacen("name: _ga_*", "name: ^ga", 1));
        assert!(caret.contains("/^\\^ga$/,"), "{caret}");
    }

    #[test]
    fn necessary_services_are_required_and_others_asked() {
        let script = export_of(&declaration());
        let necessary = script
            .split("name: \"necessary-opendatasoft\",")
            .nth(1)
            .unwrap();
        let necessary = necessary.split("\n    },").next().unwrap();
        assert!(necessary.contains("required: true,"), "{necessary}");
        assert!(necessary.contains("cookies: [],"), "{necessary}");
        let statistics = script
            .split("name: \"statistics-google-analytics\",")
            .nth(1)
            .unwrap();
        let statistics = statistics.split("\n    },").next().unwrap();
        assert!(!statistics.contains("required"), "{statistics}");
    }

    #[test]
    fn services_are_grouped_by_provider_and_third_party_cookies_not_deleted() {
        let script = export_of(&declaration());
        assert_eq!(
            script
                .matches("name: \"statistics-google-analytics\",")
                .count(),
            1
        );
        let services = script.split("services: [").nth(1).unwrap();
        assert!(!services.contains("IDE"), "{services}");
        assert!(
            script.contains("IDE: Publicité.") && script.contains("IDE: Advertising."),
            "the third-party cookie is still described: {script}"
        );
    }

    #[test]
    fn a_fragment_consent_manager_opens_the_preferences() {
        let with = |place: &str| {
            export_of(&declaration().replace(
                "  languages: [fr, en]",
                &format!("  languages: [fr, en]\n  consent_manager: {place}"),
            ))
        };
        let script = with("\"#cookie-settings\"");
        let (config, reopening) = script.split_once("\n};\n").unwrap();
        assert_eq!(format!("{config}\n}};\n"), export_of(&declaration()));
        assert!(
            reopening.contains("window.klaro.show(undefined, true);"),
            "{reopening}"
        );
        assert!(
            reopening.ends_with("})(\"#cookie-settings\");\n"),
            "{reopening}"
        );
        let escaped = with("\"#a'\\\"</script>\"");
        assert!(
            escaped.ends_with("})(\"#a'\\\"\\u003c/script>\");\n"),
            "{escaped}"
        );
        for page in ["/cookies", "https://www.example.org/cookies#settings"] {
            assert_eq!(with(page), export_of(&declaration()), "{page}");
        }
    }

    #[test]
    fn texts_are_escaped_for_the_script_and_left_as_text() {
        let script = export_of(&declaration());
        assert!(script.contains("Mesure \\u003cd'audience>."), "{script}");
        assert!(!script.contains("&lt;"), "{script}");
    }
}
