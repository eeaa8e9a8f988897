//! vanilla-cookieconsent v3: an ES module whose default export is the
//! configuration object, because a cookie name with a generated part is
//! cleared by a `RegExp`, which JSON cannot hold.
//!
//! With a `#fragment` `site.consent_manager`, the module also makes a link
//! to it open the preferences, as it is imported, before
//! `CookieConsent.run`: with the UMD build (`cookieconsent.umd.js`) and the
//! ES module one alike, since it reaches no global (see `OPENER`).

use super::js::reopening_script;
use super::{
    ExportError, Js, Words, categories_present, cleared_on_refusal, consent_record, days_kept,
    html_text, reopening_fragment, revision, services, where_set, words,
};
use std::fmt::Write as _;

use crate::model::{Category, Cookie, Declaration, Field, text_in};

pub(super) fn configuration(declaration: &Declaration<'_>) -> Result<String, ExportError> {
    let categories = categories_present(declaration);
    let mut translations = Vec::new();
    for language in &declaration.languages {
        let words = words(language)?;
        translations.push((
            language.clone(),
            translation(declaration, &categories, language, words),
        ));
    }
    let mut config = consent_cookie(declaration)
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
                // A page says its language in `<html lang>`: without this the
                // banner would speak the first language on every page.
                ("autoDetect".into(), Js::Str("document".into())),
                ("translations".into(), Js::Object(translations)),
            ]),
        ),
        // Last, so that `--check`'s diff starts at what changed.
        ("revision".into(), Js::Number(revision(declaration))),
    ]);
    let config = Js::Object(config);
    let mut out = header(&categories);
    out.push_str("export default ");
    config.write(&mut out, 0);
    out.push_str(";\n");
    if let Some(fragment) = reopening_fragment(declaration) {
        out.push_str(&reopening_script(fragment, OPENER));
    }
    Ok(out)
}

/// The package this module is written for and tested with
/// (scripts/banner-e2e/package.json), as its header names it.
pub(super) const PACKAGE: &str = "vanilla-cookieconsent@3.1.0";

/// What the front-end developer does with the module: load cookieconsent
/// and run it with this configuration, and mark the site's own tags so
/// that cookieconsent runs them only once their category, and service, is
/// accepted (its `manageScriptTags`), with the categories and services of
/// this declaration.
fn header(categories: &[(Category, Vec<&Cookie<'_>>)]) -> String {
    let asking: Vec<(&str, Vec<String>)> = categories
        .iter()
        .map(|(category, cookies)| {
            let keys: Vec<String> = services(cookies)
                .into_iter()
                .filter(|service| service.asks())
                .map(|service| service.key)
                .collect();
            (category.word(), keys)
        })
        .filter(|(_, keys)| !keys.is_empty())
        .collect();
    let cdn = format!("https://cdn.jsdelivr.net/npm/{PACKAGE}/dist");
    let mut out = format!(
        "// The vanilla-cookieconsent v3 configuration, written by `cookielint export --to cookieconsent`
// from the cookie declaration: export it again rather than edit it.
//
// Save it as cookieconsent.config.mjs and run it, with cookieconsent's stylesheet
// ({cdn}/cookieconsent.css), from a <script type=\"module\"> on every page:
//   import * as CookieConsent from \"{cdn}/cookieconsent.esm.js\";
//   import config from \"./cookieconsent.config.mjs\";
//   CookieConsent.run(config);
// (from npm: import * as CookieConsent from \"vanilla-cookieconsent\", and its dist/cookieconsent.css).
//
"
    );
    match asking.first() {
        None => out.push_str(
            "// Nothing here needs consent: no tag of the site waits for cookieconsent.\n",
        ),
        Some((category, keys)) => {
            let _ = write!(
                out,
                "// Gate the site's own tags: cookieconsent runs a <script type=\"text/plain\" data-category=\"{category}\"
// data-service=\"{}\" data-src=\"…\"> (inline code or data-src) once the visitor accepts that category,
// and that service when data-service names one. The categories and their services here:
",
                keys[0]
            );
            for (category, keys) in &asking {
                let _ = writeln!(out, "//   {category}: {}", keys.join(", "));
            }
        }
    }
    out
}

/// cookieconsent opens its preferences for the elements marked
/// `data-cc="show-preferencesModal"` that are in the page when it runs, not
/// for those added later, and its ES module build sets no global to call:
/// one such button, hidden, is added as this module is imported, before
/// `run`, and clicked for the link. cookieconsent has bound it once it
/// draws its banner (`cc:onModalReady`) or finds the consent valid
/// (`cc:onConsent`), the events it dispatches on `window`.
const OPENER: &str = "  var trigger = document.createElement(\"button\");
  trigger.type = \"button\";
  trigger.hidden = true;
  trigger.setAttribute(\"data-cc\", \"show-preferencesModal\");
  (document.body || document.documentElement).appendChild(trigger);
  function openPreferences() {
    trigger.click();
  }
  function whenStarted(then) {
    function started() {
      window.removeEventListener(\"cc:onModalReady\", started);
      window.removeEventListener(\"cc:onConsent\", started);
      then();
    }
    window.addEventListener(\"cc:onModalReady\", started);
    window.addEventListener(\"cc:onConsent\", started);
  }
";

/// The declared consent cookie instead of an undeclared `cc_cookie`, kept
/// for the declared duration, in days.
fn consent_cookie(declaration: &Declaration<'_>) -> Option<Js> {
    let record = consent_record(declaration)?;
    let mut options = vec![(
        "name".to_string(),
        Js::Str(record.name.value()?.to_string()),
    )];
    if let Field::Present(domain, _) = record.domain {
        options.push(("domain".into(), Js::Str(domain.to_string())));
    }
    if let Some(days) = days_kept(record) {
        options.push(("expiresAfterDays".into(), Js::Number(days)));
    }
    Some(Js::Object(options))
}

/// A category of the banner. One with no cookie that needs consent (every
/// necessary one, and exempt audience measurement) cannot be turned off.
/// Each provider of the others is a service visitors can turn off alone.
/// Refusing clears the cookies that need consent and that the page itself
/// can clear: a third party's cookie is out of a page script's reach.
fn banner_category(cookies: &[&Cookie<'_>]) -> Js {
    let asking: Vec<_> = services(cookies)
        .into_iter()
        .filter(|service| service.asks())
        .collect();
    if asking.is_empty() {
        return Js::Object(vec![
            ("enabled".into(), Js::Bool(true)),
            ("readOnly".into(), Js::Bool(true)),
        ]);
    }
    let cleared: Vec<Js> = cookies
        .iter()
        .filter(|cookie| cleared_on_refusal(cookie))
        .filter_map(|cookie| cookie_item(cookie))
        .collect();
    let mut category = Vec::new();
    if !cleared.is_empty() {
        category.push((
            "autoClear".into(),
            Js::Object(vec![("cookies".into(), Js::Array(cleared))]),
        ));
    }
    let services = asking
        .into_iter()
        .map(|service| {
            let label = ("label".into(), Js::Str(html_text(service.provider)));
            (service.key, Js::Object(vec![label]))
        })
        .collect();
    category.push(("services".into(), Js::Object(services)));
    Js::Object(category)
}

/// `{ name, domain, path }` as cookieconsent erases a cookie: a name with
/// `*` as an anchored regular expression. A cookie is erased only on the path
/// it was set on, and cookieconsent's default is `/`.
fn cookie_item(cookie: &Cookie<'_>) -> Option<Js> {
    let mut item = vec![("name".into(), name_matcher(cookie.name.value()?))];
    item.extend(where_set(cookie));
    Some(Js::Object(item))
}

/// A name as cookieconsent matches it: one with `*` as an anchored
/// regular expression, another as is.
fn name_matcher(name: &str) -> Js {
    if name.contains('*') {
        Js::Glob(name.to_string())
    } else {
        Js::Str(name.to_string())
    }
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
            let (heading, description) = words.category(*category);
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
                ("title".into(), text(heading)),
                ("description".into(), text(description)),
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

#[cfg(test)]
mod tests {
    use super::super::ExportTarget;
    use super::super::service_key;
    use super::super::tests::{DECLARATION, export_to};

    fn export_of(text: &str) -> String {
        export_to(ExportTarget::CookieConsent, text)
    }

    #[test]
    fn a_wildcard_name_is_cleared_by_an_anchored_regular_expression() {
        let module = export_of(DECLARATION);
        assert!(module.contains("name: /^_ga_[\\s\\S]*$/,"), "{module}");
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
    fn a_cookie_set_on_a_path_is_cleared_on_that_path() {
        let declaration = DECLARATION.replacen(
            "    duration: P13M  # the duration",
            "    attributes: { path: /account }\n    duration: P13M  # the duration",
            1,
        );
        let module = export_of(&declaration);
        assert!(
            module.contains("name: /^_ga_[\\s\\S]*$/,\n            path: \"/account\",\n"),
            "{module}"
        );
        assert!(!export_of(DECLARATION).contains("path:"));
    }

    #[test]
    fn the_banner_speaks_the_page_s_language() {
        let module = export_of(DECLARATION);
        assert!(
            module.contains("    default: \"fr\",\n    autoDetect: \"document\",\n"),
            "{module}"
        );
        assert!(module.contains("      fr: {\n"), "{module}");
        assert!(module.contains("      en: {\n"), "{module}");
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
    }

    #[test]
    fn a_fragment_consent_manager_opens_the_preferences() {
        let with = |place: &str| {
            export_of(&DECLARATION.replace(
                "  languages: [fr, en]",
                &format!("  languages: [fr, en]\n  consent_manager: {place}"),
            ))
        };
        let module = with("\"#cookie-settings\"");
        let (config, script) = module.split_once("};\n").unwrap();
        assert_eq!(format!("{config}}};\n"), export_of(DECLARATION));
        assert!(
            script.contains("trigger.setAttribute(\"data-cc\", \"show-preferencesModal\");"),
            "{script}"
        );
        assert!(script.ends_with("})(\"#cookie-settings\");\n"), "{script}");
        let escaped = with("\"#a'\\\"</script>\"");
        assert!(
            escaped.ends_with("})(\"#a'\\\"\\u003c/script>\");\n"),
            "{escaped}"
        );
        for page in ["/cookies", "https://www.example.org/cookies#settings"] {
            assert_eq!(with(page), export_of(DECLARATION), "{page}");
        }
    }

    #[test]
    fn services_are_grouped_by_provider() {
        assert_eq!(service_key("Google Analytics"), "google-analytics");
        assert_eq!(service_key(" AT Internet (Piano) "), "at-internet-piano");
        let module = export_of(DECLARATION);
        assert_eq!(module.matches("\"google-analytics\": {").count(), 1);
    }
}
