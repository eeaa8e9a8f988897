//! tarteaucitron 1.x: a classic script included right after tarteaucitron's
//! own (`tarteaucitronjs/tarteaucitron.js` of the npm package), which
//! adds one custom service a provider and category, then runs
//! `tarteaucitron.init`:
//! `<script src="tarteaucitron.js"></script><script src="tarteaucitron.config.js"></script>`.
//!
//! tarteaucitron groups services by `type` and shows only its own types:
//! statistics are `analytic`, marketing `ads`, preferences `other`, each
//! retitled with the banner's words. Necessary cookies are no service but
//! the `mandatory` section, which cannot be refused; in another category a
//! provider none of whose cookies needs consent is a service that starts
//! without asking (`needConsent: false`). Refusing a service purges its
//! cookies that need consent and that the page can reach (first-party), by
//! exact name only: tarteaucitron deletes the name it is given, as given,
//! on the path `/` and the site's domains. A name with `*` therefore cannot
//! be purged: it is left out of the service's `cookies` and named in its
//! description, which every declared cookie is. tarteaucitron's own words
//! come from its language files; the declaration's go through
//! `tarteaucitronCustomText`, in the page's language, as HTML.
//!
//! tarteaucitron keeps the visitor's answers in one cookie and asks again
//! only for a service it finds no answer for there, so the revision is in
//! that cookie's name (`revised_consent_cookie`).

use super::{
    ExportError, ExportTarget, Js, Service, Words, categories_present, cleared_on_refusal,
    days_kept, html_text, js::js_string, primary_languages, revised_consent_cookie, services,
    words,
};
use crate::model::{Category, Declaration, Field};

/// The tarteaucitron type a category's services are listed under.
fn service_type(category: Category) -> &'static str {
    match category {
        Category::Statistics => "analytic",
        Category::Marketing => "ads",
        Category::Necessary | Category::Preferences => "other",
    }
}

pub(super) fn configuration(declaration: &Declaration<'_>) -> Result<String, ExportError> {
    let categories = categories_present(declaration);
    let grouped: Vec<(Category, Vec<Service<'_, '_>>)> = categories
        .iter()
        .map(|(category, cookies)| (*category, services(cookies)))
        .collect();
    let mut texts = Vec::new();
    for (tag, language) in primary_languages(declaration) {
        texts.push((
            tag.to_string(),
            custom_text(declaration, &grouped, language, words(language)?),
        ));
    }
    let (cookie_name, record) =
        revised_consent_cookie(declaration, ExportTarget::Tarteaucitron, "tarteaucitron")?;
    let mut options = vec![
        // Nothing that needs consent starts before the visitor says yes.
        ("highPrivacy".into(), Js::Bool(true)),
        ("AcceptAllCta".into(), Js::Bool(true)),
        ("DenyAllCta".into(), Js::Bool(true)),
        (
            "mandatory".into(),
            Js::Bool(
                grouped
                    .iter()
                    .any(|(category, _)| *category == Category::Necessary),
            ),
        ),
        // Its links go to tarteaucitron.io's page of a service of that
        // name, which custom services have not.
        ("moreInfoLink".into(), Js::Bool(false)),
    ];
    if let Some(Field::Present(domain, _)) = record.map(|record| record.domain) {
        options.push(("cookieDomain".into(), Js::Str(domain.to_string())));
    }
    // Last, so that `--check`'s diff starts at what changed.
    options.push(("cookieName".into(), Js::Str(cookie_name)));
    let banner_services: Vec<Js> = grouped
        .iter()
        .filter(|(category, _)| *category != Category::Necessary)
        .flat_map(|(category, services)| {
            services
                .iter()
                .map(move |service| banner_service(*category, service))
        })
        .collect();
    let first = primary_languages(declaration)
        .first()
        .map_or("en", |(tag, _)| *tag);
    let mut out = String::from(
        "// The tarteaucitron 1.x configuration, written by `cookielint export --to tarteaucitron`\n\
         // from the cookie declaration: export it again rather than edit it. Include it after\n\
         // tarteaucitron: <script src=\"tarteaucitron.js\"></script><script src=\"tarteaucitron.config.js\"></script>\n\
         (function () {\n  var texts = ",
    );
    Js::Object(texts).write(&mut out, 1);
    out.push_str(&format!(
        ";\n  tarteaucitronCustomText = texts[tarteaucitron.getLanguage()] || texts[{}];\n",
        js_string(first)
    ));
    if let Some(days) = record.and_then(days_kept) {
        // tarteaucitron keeps its cookie a year at most, whatever this says.
        out.push_str(&format!("  tarteaucitronForceExpire = {days};\n"));
    }
    out.push_str("  tarteaucitron.job = tarteaucitron.job || [];\n  ");
    Js::Array(banner_services).write(&mut out, 1);
    out.push_str(
        ".forEach(function (service) {\n    \
         tarteaucitron.services[service.key] = service;\n    \
         tarteaucitron.job.push(service.key);\n  \
         });\n  tarteaucitron.init(",
    );
    Js::Object(options).write(&mut out, 1);
    out.push_str(");\n})();\n");
    Ok(out)
}

/// A provider's cookies in one category, as one tarteaucitron service.
fn banner_service(category: Category, service: &Service<'_, '_>) -> Js {
    let purged = service
        .cookies
        .iter()
        .filter(|cookie| cleared_on_refusal(cookie))
        .filter_map(|cookie| cookie.name.value())
        .filter(|name| !name.contains('*'))
        .map(|name| Js::Str(name.to_string()))
        .collect();
    Js::Object(vec![
        ("key".into(), Js::Str(service.name(category))),
        ("type".into(), Js::Str(service_type(category).to_string())),
        ("name".into(), Js::Str(html_text(service.provider))),
        ("needConsent".into(), Js::Bool(service.asks())),
        ("cookies".into(), Js::Array(purged)),
        // tarteaucitron calls these on consent and refusal; the site starts
        // its tags on the `<key>_loaded` event it dispatches on `document`.
        ("js".into(), Js::Code("function () {}")),
        ("fallback".into(), Js::Code("function () {}")),
    ])
}

/// The declaration's words in one language, over tarteaucitron's own.
fn custom_text(
    declaration: &Declaration<'_>,
    grouped: &[(Category, Vec<Service<'_, '_>>)],
    language: &str,
    words: &Words,
) -> Js {
    let first = declaration.languages.first().map_or("", String::as_str);
    let text = |value: &str| Js::Str(value.to_string());
    let mut entries = vec![
        (
            "alertBigPrivacy".to_string(),
            text(words.consent_description),
        ),
        ("acceptAll".into(), text(words.accept_all)),
        ("allowAll".into(), text(words.accept_all)),
        ("denyAll".into(), text(words.accept_necessary)),
        ("personalize".into(), text(words.show_preferences)),
        ("title".into(), text(words.preferences_title)),
        ("close".into(), text(words.close)),
    ];
    for (category, services) in grouped {
        let (heading, description) = words.category(*category);
        if *category == Category::Necessary {
            let cookies: Vec<String> = services
                .iter()
                .map(|service| html_text(&service.description(language, first)))
                .collect();
            entries.push(("mandatoryTitle".into(), text(heading)));
            entries.push((
                "mandatoryText".into(),
                Js::Str(format!("{description} {}", cookies.join(" "))),
            ));
            continue;
        }
        entries.push((
            service_type(*category).to_string(),
            Js::Object(vec![
                ("title".into(), text(heading)),
                ("details".into(), text(description)),
            ]),
        ));
        for service in services {
            entries.push((
                format!("desc-{}", service.name(*category)),
                Js::Str(html_text(&service.description(language, first))),
            ));
        }
    }
    Js::Object(entries)
}

#[cfg(test)]
mod tests {
    use super::super::tests::{DECLARATION, tree};
    use super::super::{ExportError, ExportTarget, export};

    /// The shared declaration, its consent kept in `consent_*` for 90 days.
    fn declaration() -> String {
        format!(
            "{DECLARATION}  - name: consent_*
    provider: Opendatasoft
    purpose: {{ fr: Consentement., en: Consent. }}
    category: necessary
    party: first
    consent: exempt
    stores_consent: true
    duration: P90D
  - name: _gid
    provider: Google Analytics
    purpose: {{ fr: Mesure., en: Measurement. }}
    category: statistics
    party: first
    consent: required
    duration: P1D
"
        )
    }

    fn export_of(text: &str) -> String {
        export(&tree(text), &[], ExportTarget::Tarteaucitron).unwrap()
    }

    fn service<'s>(script: &'s str, key: &str) -> &'s str {
        let after = script.split(&format!("key: \"{key}\",")).nth(1).unwrap();
        after.split("},").next().unwrap()
    }

    #[test]
    fn only_exact_names_are_purged_and_wildcards_are_described() {
        let script = export_of(&declaration());
        let statistics = service(&script, "statistics-google-analytics");
        assert!(
            statistics.contains("cookies: [\n        \"_gid\",\n      ],"),
            "{statistics}"
        );
        assert!(!statistics.contains("_ga_"), "{statistics}");
        assert!(
            script.contains("\"desc-statistics-google-analytics\": \"_ga_*: Mesure &lt;d'audience&gt;. IDE: Publicité. _gid: Mesure.\""),
            "{script}"
        );
    }

    #[test]
    fn necessary_cookies_are_the_mandatory_section_not_a_service() {
        let script = export_of(&declaration());
        assert!(script.contains("mandatory: true,"), "{script}");
        assert!(!script.contains("key: \"necessary-"), "{script}");
        assert!(
            script.contains("sessionid: Session. consent_*: Consent."),
            "{script}"
        );
        let exempt = declaration().replace(
            "category: statistics\n    party: first\n    consent: required\n    duration: P1D",
            "category: preferences\n    party: first\n    consent: exempt\n    duration: P1D",
        );
        let exempt = export_of(&exempt);
        let preferences = service(&exempt, "preferences-google-analytics");
        assert!(preferences.contains("needConsent: false,"), "{preferences}");
        assert!(preferences.contains("type: \"other\","), "{preferences}");
    }

    #[test]
    fn services_are_grouped_by_provider_and_third_party_cookies_not_purged() {
        let script = export_of(&declaration());
        assert_eq!(
            script
                .matches("key: \"statistics-google-analytics\",")
                .count(),
            1
        );
        let statistics = service(&script, "statistics-google-analytics");
        assert!(statistics.contains("needConsent: true,"), "{statistics}");
        assert!(statistics.contains("type: \"analytic\","), "{statistics}");
        assert!(!statistics.contains("IDE"), "{statistics}");
    }

    #[test]
    fn the_consent_cookie_carries_the_revision_and_the_declared_duration() {
        let script = export_of(&declaration());
        let name = script
            .split("cookieName: \"consent_")
            .nth(1)
            .and_then(|rest| rest.split('"').next())
            .unwrap();
        assert!(name.chars().all(|digit| digit.is_ascii_digit()), "{name}");
        assert!(
            script.contains("tarteaucitronForceExpire = 90;"),
            "{script}"
        );
        let renamed = export_of(&declaration().replacen("name: IDE", "name: NID", 1));
        assert!(!renamed.contains(&format!("\"consent_{name}\"")));
        assert_eq!(
            export(
                &tree(&declaration().replace("name: consent_*", "name: consent")),
                &[],
                ExportTarget::Tarteaucitron
            ),
            Err(ExportError::FixedConsentCookieName {
                target: "tarteaucitron",
                name: "consent".into()
            })
        );
    }

    #[test]
    fn texts_are_escaped_for_html_and_the_script() {
        let script = export_of(&declaration().replace(
            "provider: Google Analytics",
            "provider: </script><b>Analytics</b>",
        ));
        let (_, body) = script.split_once("(function () {").unwrap();
        assert!(!body.contains("</script>"), "{body}");
        assert!(
            script.contains("name: \"&lt;/script&gt;&lt;b&gt;Analytics&lt;/b&gt;\","),
            "{script}"
        );
        assert!(script.contains("Mesure &lt;d'audience&gt;."), "{script}");
        assert!(script.contains("texts[\"fr\"];"), "{script}");
    }
}
