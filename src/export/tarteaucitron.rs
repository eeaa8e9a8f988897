//! tarteaucitron 1.x: a classic script included right after tarteaucitron's
//! own (`tarteaucitronjs/tarteaucitron.js` of the npm package), which
//! adds one custom service a provider and category, then runs
//! `tarteaucitron.init`, as its header says (`header`).
//!
//! tarteaucitron groups services by `type` and shows only its own types:
//! statistics are `analytic`, marketing `ads`, preferences `other`, each
//! retitled with the banner's words. Necessary cookies are no service but
//! the `mandatory` section, which cannot be refused; in another category a
//! provider none of whose cookies needs consent is a service that starts
//! without asking (`needConsent: false`). Refusing a service clears its
//! cookies that need consent and that the page can reach (first-party).
//! tarteaucitron purges exact names only, on the path `/` (it deletes the
//! name it is given, as given), so the service's `cookies` are its exact
//! names, which tarteaucitron also counts, and the script erases every one
//! as well (`ERASE`), a name with `*` by an anchored regular expression,
//! on its declared path and domain: when the service is refused, and on
//! each page loaded without its consent (its `fallback`), as klaro does. tarteaucitron's own words come from its
//! language files; the declaration's go through `tarteaucitronCustomText`,
//! in the page's language, as HTML.
//!
//! tarteaucitron keeps the answers in the declared consent cookie
//! (`cookieName`; kept for its declared duration, a year at most, which is
//! tarteaucitron's limit), and asks again only for a service it has no
//! answer for: the revision is one more service (`revision_service`),
//! whose line is hidden.

use super::{
    ExportError, Js, Service, Words, cleared_on_refusal, consent_record, days_kept, erasure,
    html_text, js::js_string, primary_languages, reopening_fragment, revision_service,
    services_by_category, texts_by_language,
};
use std::fmt::Write as _;

use crate::model::{Category, Cookie, Declaration, Field};

/// The tarteaucitron type a category's services are listed under.
fn service_type(category: Category) -> &'static str {
    match category {
        Category::Statistics => "analytic",
        Category::Marketing => "ads",
        Category::Necessary | Category::Preferences => "other",
    }
}

pub(super) fn configuration(declaration: &Declaration<'_>) -> Result<String, ExportError> {
    let grouped = services_by_category(declaration);
    let texts = texts_by_language(declaration, |language, words| {
        custom_text(declaration, &grouped, language, words)
    })?;
    let record = consent_record(declaration);
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
    // The charter's link to reopen the banner (`site.consent_manager`),
    // when it is a fragment, opens tarteaucitron's panel.
    if let Some(fragment) = reopening_fragment(declaration) {
        options.push(("hashtag".into(), Js::Str(fragment.to_string())));
    }
    if let Some(record) = record {
        let name = record.name.value().unwrap_or_default();
        options.push(("cookieName".into(), Js::Str(name.to_string())));
        if let Field::Present(domain, _) = record.domain {
            options.push(("cookieDomain".into(), Js::Str(domain.to_string())));
        }
    }
    let mut banner_services: Vec<Js> = grouped
        .iter()
        .filter(|(category, _)| *category != Category::Necessary)
        .flat_map(|(category, services)| {
            services
                .iter()
                .map(|service| Js::Object(banner_service(*category, service)))
        })
        .collect();
    // Last, so that `--check`'s diff starts at what changed. tarteaucitron
    // draws a line in its type's section for every service, and needs it:
    // the revision's line is hidden, and so is the section when no other
    // line shows in it.
    let mut revision = service_entries(
        revision_service(declaration),
        "other",
        String::new(),
        true,
        Vec::new(),
        Vec::new(),
    );
    revision.push(("hidden".into(), Js::Bool(true)));
    banner_services.push(Js::Object(revision));
    let first = primary_languages(declaration)
        .first()
        .map_or("en", |(tag, _)| *tag);
    let mut out = header(&grouped);
    out.push_str("(function () {\n");
    out.push_str(ERASE);
    out.push_str("  var texts = ");
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
    out.push_str(REGISTER_SERVICES);
    Js::Object(options).write(&mut out, 1);
    out.push_str(");\n})();\n");
    Ok(out)
}

/// The package this script is written for and tested with
/// (scripts/banner-e2e/package.json), as its header names it.
pub(super) const PACKAGE: &str = "tarteaucitronjs@1.34.0";

/// What the front-end developer does with the script: include it after
/// tarteaucitron's own, and start the site's own tags of a service when
/// tarteaucitron says it may (its `<key>_loaded` event; the services' `js`
/// functions are empty), with the services of this declaration.
fn header(grouped: &[(Category, Vec<Service<'_, '_>>)]) -> String {
    let services: Vec<String> = grouped
        .iter()
        .filter(|(category, _)| *category != Category::Necessary)
        .flat_map(|(category, services)| services.iter().map(|service| service.name(*category)))
        .collect();
    let mut out = format!(
        "// The tarteaucitron 1.x configuration, written by `cookielint export --to tarteaucitron`
// from the cookie declaration: export it again rather than edit it.
//
// Save it as tarteaucitron.config.js and include it right after tarteaucitron's own script, on every page:
//   <script src=\"https://cdn.jsdelivr.net/npm/{PACKAGE}/tarteaucitron.js\"> then <script src=\"tarteaucitron.config.js\">
// (from npm: tarteaucitronjs/tarteaucitron.js, with its css/ and lang/ folders beside it).
//
"
    );
    match services.first() {
        None => out.push_str(
            "// Nothing here needs consent: no tag of the site waits for tarteaucitron.\n",
        ),
        Some(first) => {
            let _ = write!(
                out,
                "// Gate the site's own tags: each service's js function below is empty; tarteaucitron dispatches
// \"SERVICE_loaded\" on document once the visitor accepts a service (then on every page), so start
// the service's tags there, from a script that runs before the page's load event:
//   document.addEventListener(\"{first}_loaded\", function () {{ /* its tags */ }});
// The services here: {}
",
                services.join(", ")
            );
        }
    }
    out
}

/// Erases a service's cookies that tarteaucitron cannot: it purges exact
/// names on the path `/` only, so each cookie refusing clears is also
/// matched by a regular expression and erased on its declared path and
/// domain, as the page sees it.
const ERASE: &str = "  function erase(service) {
    document.cookie.split(\";\").forEach(function (pair) {
      var name = pair.split(\"=\")[0].trim();
      service.erase.forEach(function (cookie) {
        if (cookie.pattern.test(name)) {
          var expired = name + \"=; Max-Age=0; path=\" + (cookie.path || \"/\");
          document.cookie = expired;
          if (cookie.domain) document.cookie = expired + \"; domain=\" + cookie.domain;
        }
      });
    });
  }
";

/// A service's handlers: tarteaucitron calls `js` on consent, and the site
/// starts its tags on the `<key>_loaded` event tarteaucitron dispatches on
/// `document`; it calls `fallback` on a page loaded after a refusal.
const NOTHING: &str = "function () {}";
const ERASE_THIS: &str = "function () {\n        erase(this);\n      }";

/// Adds each service, erasing its cookies when it is refused. A `hidden`
/// service's line is hidden once tarteaucitron has drawn it, and its
/// section with it unless another line shows there (tarteaucitron shows
/// the section again when it adds one).
const REGISTER_SERVICES: &str = ".forEach(function (service) {
    if (service.hidden) {
      document.addEventListener(service.key + \"_added\", function () {
        document.getElementById(service.key + \"Line\").hidden = true;
        var section = document.getElementById(\"tarteaucitronServicesTitle_\" + service.type);
        if (!section.querySelector(\"li[id$=Line]:not([hidden])\")) section.style.display = \"none\";
      });
    }
    document.addEventListener(service.key + \"_disallowed\", function () {
      erase(service);
    });
    tarteaucitron.services[service.key] = service;
    tarteaucitron.job.push(service.key);
  });
  tarteaucitron.init(";

/// A provider's cookies in one category, as one tarteaucitron service:
/// its `cookies`, which tarteaucitron counts and purges, are the exact
/// names; `erase` has every cookie refusing clears.
fn banner_service(category: Category, service: &Service<'_, '_>) -> Vec<(String, Js)> {
    let cleared: Vec<&Cookie<'_>> = service
        .cookies
        .iter()
        .copied()
        .filter(|cookie| cleared_on_refusal(cookie))
        .collect();
    service_entries(
        service.name(category),
        service_type(category),
        html_text(service.provider),
        service.asks(),
        cleared
            .iter()
            .filter_map(|cookie| cookie.name.value())
            .filter(|name| !name.contains('*'))
            .map(|name| Js::Str(name.to_string()))
            .collect(),
        cleared
            .iter()
            .filter_map(|cookie| erasure(cookie))
            .collect(),
    )
}

fn service_entries(
    key: String,
    kind: &str,
    name: String,
    asks: bool,
    cookies: Vec<Js>,
    erase: Vec<Js>,
) -> Vec<(String, Js)> {
    vec![
        ("key".into(), Js::Str(key)),
        ("type".into(), Js::Str(kind.to_string())),
        ("name".into(), Js::Str(name)),
        ("needConsent".into(), Js::Bool(asks)),
        ("cookies".into(), Js::Array(cookies)),
        ("erase".into(), Js::Array(erase)),
        ("js".into(), Js::Code(NOTHING)),
        ("fallback".into(), Js::Code(ERASE_THIS)),
    ]
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
    use super::super::ExportTarget;
    use super::super::tests::{DECLARATION, export_to, with_consent_record};

    /// The shared declaration, its consent kept in `consent` for 90 days.
    fn declaration() -> String {
        with_consent_record(
            "P90D",
            "  - name: _gid
    provider: Google Analytics
    purpose: { fr: Mesure., en: Measurement. }
    category: statistics
    party: first
    consent: required
    duration: P1D
",
        )
    }

    fn export_of(text: &str) -> String {
        export_to(ExportTarget::Tarteaucitron, text)
    }

    fn service<'s>(script: &'s str, key: &str) -> &'s str {
        let after = script.split(&format!("key: \"{key}\",")).nth(1).unwrap();
        after.split("\n    },").next().unwrap()
    }

    #[test]
    fn tarteaucitron_purges_exact_names_and_the_script_erases_every_one() {
        let script = export_of(&declaration().replacen(
            "name: _gid",
            "name: _gid\n    attributes: { path: /app }",
            1,
        ));
        let statistics = service(&script, "statistics-google-analytics");
        assert!(
            statistics.contains(concat!(
                "cookies: [\n        \"_gid\",\n      ],\n",
                "      erase: [\n",
                "        {\n          pattern: /^_ga_[\\s\\S]*$/,\n        },\n",
                "        {\n          pattern: /^_gid$/,\n          path: \"/app\",\n        },\n",
                "      ],\n",
                "      js: function () {},\n",
                "      fallback: function () {\n        erase(this);\n      },"
            )),
            "{statistics}"
        );
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
            script.contains("sessionid: Session. consent: Consent."),
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
    fn the_link_that_reopens_the_banner_opens_the_panel() {
        let with_fragment = DECLARATION.replace(
            "  languages: [fr, en]",
            "  languages: [fr, en]\n  consent_manager: \"#cookies\"",
        );
        assert!(export_of(&with_fragment).contains("    hashtag: \"#cookies\",\n"));
        let with_page = DECLARATION.replace(
            "  languages: [fr, en]",
            "  languages: [fr, en]\n  consent_manager: /cookies",
        );
        assert!(!export_of(&with_page).contains("hashtag"));
    }

    #[test]
    fn the_answers_are_kept_in_the_declared_consent_cookie() {
        let script = export_of(&declaration());
        assert!(
            script.contains("    cookieName: \"consent\",\n  });"),
            "{script}"
        );
        assert!(
            script.contains("tarteaucitronForceExpire = 90;"),
            "{script}"
        );
        assert!(!export_of(DECLARATION).contains("cookieName"));
    }

    #[test]
    fn the_revision_is_a_hidden_service() {
        let revision_service = |script: &str| {
            let name = script.split("key: \"cookielint-revision-").nth(1).unwrap();
            let (number, rest) = name.split_once('"').unwrap();
            assert!(rest.starts_with(",\n      type: \"other\",\n"), "{rest}");
            assert!(rest.contains("needConsent: true,"), "{rest}");
            assert!(
                rest.contains("hidden: true,\n    },\n  ].forEach"),
                "{rest}"
            );
            number.to_string()
        };
        let base = revision_service(&export_of(&declaration()));
        let renamed = export_of(&declaration().replacen("name: IDE", "name: NID", 1));
        assert_ne!(revision_service(&renamed), base);
        let longer = export_of(&declaration().replacen("duration: P1D", "duration: P2D", 1));
        assert_eq!(revision_service(&longer), base);
        let nothing_asked = declaration().replace("consent: required", "consent: exempt");
        let nothing_asked = export_of(&nothing_asked);
        assert_ne!(revision_service(&nothing_asked), base);
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
