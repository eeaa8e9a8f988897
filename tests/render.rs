//! `cookielint render` and `cookielint export` through the binary: the
//! charter of each seed in both languages and formats, escaping, templates,
//! the banner's configuration, and `--check`.

mod common;

use std::path::Path;

use common::{cookielint, project};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

#[test]
fn every_seed_in_both_languages_and_formats() {
    let mut seeds: Vec<_> = std::fs::read_dir(Path::new(ROOT).join("examples/seeds"))
        .expect("seeds")
        .filter_map(Result::ok)
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .collect();
    seeds.sort();
    assert_eq!(seeds.len(), 5);
    for seed in &seeds {
        let site = seed.trim_end_matches(".cookies.yaml");
        for language in ["fr", "en"] {
            for format in ["markdown", "html"] {
                let path = format!("examples/seeds/{seed}");
                let run = cookielint(
                    Path::new(ROOT),
                    &["render", &path, "--lang", language, "--format", format],
                );
                assert_eq!(run.status, 0, "{seed}: {}", run.stderr);
                assert_eq!(run.stderr, "");
                insta::assert_snapshot!(format!("{site}.{language}.{format}"), run.stdout);
            }
        }
    }
}

#[test]
fn the_default_language_is_the_files_first() {
    let path = "examples/seeds/opendata.pau.fr.cookies.yaml";
    let default = cookielint(Path::new(ROOT), &["render", path]);
    let french = cookielint(Path::new(ROOT), &["render", path, "--lang", "fr"]);
    assert_eq!(default.stdout, french.stdout);
    assert!(default.stdout.starts_with("## Cookies nécessaires"));
}

const HOSTILE: &str = r#"version: 1
site: { name: "Shop <b>&</b> \"Co\"", languages: [en] }
cookies:
  - name: cookie_consent
    provider: "Tom & Jerry's <Ltd>"
    service: "Basket | checkout"
    purpose: |
      Remember the choice <script>document.body.setAttribute('data-pwned', '1')</script>,
      with "quotes" & 'apostrophes' | pipes *stars* [brackets]
    category: necessary
    party: first
    consent: exempt
    stores_consent: true
    duration: P6M
"#;

#[test]
fn hostile_texts_are_escaped() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("cookies.yaml"), HOSTILE).expect("write");
    let markdown = cookielint(dir.path(), &["render"]);
    assert_eq!(markdown.status, 0, "{}", markdown.stderr);
    insta::assert_snapshot!("hostile.markdown", markdown.stdout);
    let row = markdown
        .stdout
        .lines()
        .find(|line| line.contains("cookie\\_consent"))
        .expect("the row");
    assert_eq!(
        row.matches(" | ").count(),
        6,
        "pipes in texts do not add columns: {row}"
    );
    assert!(!markdown.stdout.contains("<script>"));

    let html = cookielint(dir.path(), &["render", "--format", "html"]);
    assert_eq!(html.status, 0);
    insta::assert_snapshot!("hostile.html", html.stdout);
    assert!(!html.stdout.contains("<script"));
    assert!(html.stdout.contains(
        "&lt;script&gt;document.body.setAttribute(&#39;data-pwned&#39;, &#39;1&#39;)&lt;/script&gt;"
    ));
    assert!(html.stdout.contains("Tom &amp; Jerry&#39;s &lt;Ltd&gt;"));
}

#[test]
fn bidirectional_overrides_in_texts_are_shown_not_obeyed() {
    // A purpose that displays as "seulement avec votre accord" but reads the
    // other way, and a provider with an isolate.
    let dir = project(&[(
        "cookies.yaml",
        "version: 1\nsite: { languages: [fr] }\ncookies:\n  - name: _ga\n    \
         provider: \"Goo\u{2066}gle\"\n    purpose: \"Mesure \u{202e}droca ertov ceva\"\n    \
         category: statistics\n    party: first\n    consent: required\n    duration: P13M\n",
    )]);
    for format in ["markdown", "html"] {
        let run = cookielint(dir.path(), &["render", "--format", format]);
        assert_eq!(run.status, 0, "{format}: {}", run.stderr);
        assert!(
            !run.stdout.contains(['\u{202e}', '\u{2066}']),
            "{format}: {}",
            run.stdout
        );
        // Markdown escapes the backslash, which then shows as one.
        let backslash = if format == "markdown" { "\\\\" } else { "\\" };
        assert!(
            run.stdout
                .contains(&format!("Mesure {backslash}u{{202e}}droca ertov ceva"))
                && run.stdout.contains(&format!("Goo{backslash}u{{2066}}gle")),
            "{format}: {}",
            run.stdout
        );
    }
}

#[test]
fn a_declaration_with_errors_is_not_rendered() {
    let run = cookielint(
        Path::new(ROOT),
        &["render", "examples/broken/consent.cookies.yaml"],
    );
    assert_eq!(run.status, 1);
    assert_eq!(run.stdout, "");
    assert!(
        run.stderr.contains("third-party-consent"),
        "diagnostics as check prints them: {}",
        run.stderr
    );
    assert!(run.stderr.ends_with("error: `examples/broken/consent.cookies.yaml` has errors; fix them before rendering its charter\n"));
}

#[test]
fn a_language_the_file_does_not_provide_is_an_error() {
    let run = cookielint(
        Path::new(ROOT),
        &[
            "render",
            "examples/seeds/opendata.pau.fr.cookies.yaml",
            "--lang",
            "de",
        ],
    );
    assert_eq!(run.status, 2);
    assert_eq!(
        run.stderr,
        "error: the declaration does not provide the language `de`; it provides `fr`, `en`\n"
    );
    let missing = cookielint(Path::new(ROOT), &["render", "nowhere.yaml"]);
    assert_eq!(missing.status, 2);
    assert!(
        missing
            .stderr
            .starts_with("error: cannot read `nowhere.yaml`"),
        "{}",
        missing.stderr
    );
}

#[test]
fn a_template_around_the_tables() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("cookies.yaml"), HOSTILE).expect("write");
    std::fs::write(
        dir.path().join("page.html"),
        "<!doctype html>\n<html lang=\"{{ language }}\"><title>{{ site.name }}</title>\n<body>\n{{ cookies }}\n</body></html>\n",
    )
    .expect("write");
    let run = cookielint(
        dir.path(),
        &["render", "--format", "html", "--template", "page.html"],
    );
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert!(run.stdout.starts_with("<!doctype html>\n<html lang=\"en\"><title>Shop &lt;b&gt;&amp;&lt;/b&gt; &quot;Co&quot;</title>\n<body>\n<section"));
    std::fs::write(dir.path().join("bad.html"), "<p>\n{{ cookie }}\n").expect("write");
    let run = cookielint(dir.path(), &["render", "--template", "bad.html"]);
    assert_eq!(run.status, 2);
    assert_eq!(
        run.stderr,
        "error: the template: line 2: no placeholder is called `cookie`; did you mean `{{ cookies }}`?\n"
    );
}

#[test]
fn a_template_without_the_tables_is_an_error() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("cookies.yaml"), HOSTILE).expect("write");
    // A literal `{{ cookies }}` (written `{{{{ cookies }}`) is not the tables either.
    std::fs::write(
        dir.path().join("page.html"),
        "<h1>{{ site.name }}</h1>\n<p>{{{{ cookies }}</p>\n",
    )
    .expect("write");
    let run = cookielint(
        dir.path(),
        &["render", "--format", "html", "--template", "page.html"],
    );
    assert_eq!(
        (run.status, run.stdout.as_str(), run.stderr.as_str()),
        (
            2,
            "",
            "error: the template `page.html` has no `{{ cookies }}`, so its page would have no table\n  help: Add `{{ cookies }}` where the tables go.\n"
        )
    );
}

const WITHOUT_SERVICE: &str = r#"version: 1
site: { name: Shop, languages: [fr, en] }
cookies:
  - name: _pk_id.*
    provider: Matomo
    domain: stats.shop.example
    purpose: { fr: Compter les visites, en: Count visits }
    category: statistics
    party: first
    consent: exempt
    anonymous: true
    duration: P13M
  - name: _ga
    provider: Google
    service: { fr: Statistiques, en: Statistics }
    domain: .google-analytics.com
    purpose: { fr: Compter les visites, en: Count visits }
    category: statistics
    party: third
    consent: required
    duration: P13M
"#;

#[test]
fn every_table_shows_where_a_cookie_is_set_and_whether_consent_is_asked() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("cookies.yaml"), WITHOUT_SERVICE).expect("write");
    let french = cookielint(dir.path(), &["render", "--lang", "fr"]);
    assert_eq!(french.status, 0, "{}", french.stderr);
    assert!(french.stdout.contains(
        "| Nom du prestataire | Service et emplacement | Nom du cookie | Finalités | Durée de conservation | Origine | Consentement demandé |\n"
    ), "{}", french.stdout);
    assert!(
        french.stdout.contains(
            "| Matomo | stats.shop.example | \\_pk\\_id.\\* | Compter les visites | 13 mois | interne | non |\n"
        ),
        "the domain when no service is declared: {}",
        french.stdout
    );
    assert!(
        french.stdout.contains(
            "| Google | Statistiques (.google-analytics.com) | \\_ga | Compter les visites | 13 mois | tiers | oui |\n"
        ),
        "the service, then the domain: {}",
        french.stdout
    );
    let english = cookielint(dir.path(), &["render", "--lang", "en", "--format", "html"]);
    assert_eq!(english.status, 0, "{}", english.stderr);
    for expected in [
        "<th scope=\"col\">Consent asked</th>",
        "<td>stats.shop.example</td>",
        "<td>Statistics (.google-analytics.com)</td>",
        "<td>first-party</td>\n        <td>no</td>",
        "<td>third-party</td>\n        <td>yes</td>",
        "<table aria-labelledby=\"cookies-statistics-title\">",
    ] {
        assert!(
            english.stdout.contains(expected),
            "{expected}: {}",
            english.stdout
        );
    }
    assert!(
        !english.stdout.contains("<caption>"),
        "the heading labels the table; a caption would repeat it"
    );
}

#[test]
fn render_check_passes_in_sync_and_fails_with_a_diff_on_drift() {
    let dir = tempfile::tempdir().expect("tempdir");
    let seed = std::fs::read_to_string(
        Path::new(ROOT).join("examples/seeds/opendata.pau.fr.cookies.yaml"),
    )
    .expect("seed");
    std::fs::write(dir.path().join("cookies.yaml"), &seed).expect("write");
    let written = cookielint(dir.path(), &["render", "--output", "charter.md"]);
    assert_eq!(
        (
            written.status,
            written.stdout.as_str(),
            written.stderr.as_str()
        ),
        (
            0,
            "",
            "wrote the charter to charter.md: commit it, and keep it in sync in CI with `cookielint render cookies.yaml --output charter.md --check`\n"
        ),
        "says what it wrote, and how CI keeps it in sync"
    );
    let in_sync = cookielint(dir.path(), &["render", "--check", "--output", "charter.md"]);
    assert_eq!(
        (
            in_sync.status,
            in_sync.stdout.as_str(),
            in_sync.stderr.as_str()
        ),
        (0, "", "")
    );

    std::fs::write(
        dir.path().join("cookies.yaml"),
        seed.replace("duration: P52W", "duration: P13M"),
    )
    .expect("write");
    let drifted = cookielint(dir.path(), &["render", "--check", "--output", "charter.md"]);
    assert_eq!(drifted.status, 1);
    insta::assert_snapshot!("drift", drifted.stdout);
    assert_eq!(
        drifted.stderr,
        "error: `charter.md` is not what `cookielint render` gives for `cookies.yaml` now\n  help: Write it again with `cookielint render cookies.yaml --output charter.md`, then commit it.\n",
        "the help gives the command that renders it again"
    );
    let committed = std::fs::read_to_string(dir.path().join("charter.md")).expect("kept");
    assert!(committed.contains("52 semaines"), "--check never writes");

    let absent = cookielint(
        dir.path(),
        &[
            "render",
            "--check",
            "--format",
            "html",
            "--lang",
            "fr",
            "--output",
            "charter.html",
        ],
    );
    assert_eq!(
        (
            absent.status,
            absent.stdout.as_str(),
            absent.stderr.as_str()
        ),
        (
            1,
            "",
            "error: `charter.html` does not exist, so there is no charter to compare\n  help: Write it with `cookielint render cookies.yaml --format html --lang fr --output charter.html`, then commit it.\n"
        ),
        "a missing file has drifted; the help gives the command that writes it"
    );
    let no_output = cookielint(dir.path(), &["render", "--check"]);
    assert_eq!(no_output.status, 2, "--check needs --output");
}

#[test]
fn a_committed_charter_that_cannot_be_read_is_an_error_not_a_drift() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::copy(
        Path::new(ROOT).join("examples/seeds/opendata.pau.fr.cookies.yaml"),
        dir.path().join("cookies.yaml"),
    )
    .expect("seed");
    std::fs::create_dir(dir.path().join("folder.md")).expect("mkdir");
    std::fs::write(dir.path().join("latin1.md"), b"Dur\xe9e\n").expect("write");
    for (name, reason) in [
        ("folder.md", "Is a directory"),
        ("latin1.md", "it is not UTF-8 text"),
    ] {
        let run = cookielint(dir.path(), &["render", "--check", "--output", name]);
        assert_eq!(run.status, 2, "{name}: {}", run.stderr);
        assert_eq!(run.stdout, "", "no diff against an empty text");
        assert!(
            run.stderr
                .starts_with(&format!("error: cannot read `{name}`: {reason}")),
            "{}",
            run.stderr
        );
    }
}

#[test]
fn a_charter_that_cannot_be_written_is_named() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("cookies.yaml"), HOSTILE).expect("write");
    let run = cookielint(dir.path(), &["render", "--output", "public/charter.md"]);
    assert_eq!(run.status, 2);
    assert!(
        run.stderr.starts_with(
            "error: cannot write the charter to `public/charter.md`: No such file or directory"
        ) && run.stderr.ends_with(
            "\n  help: The folder `public` does not exist: create it first (`mkdir -p public`).\n"
        ),
        "{}",
        run.stderr
    );
}

/// Elements HTML closes by themselves.
const VOID_ELEMENTS: &[&str] = &["br", "hr", "img", "input", "link", "meta", "wbr"];

/// Why `page` is not well-formed HTML as our templates write it: every
/// element closed in order (void ones aside), attribute values quoted, ids
/// unique. A small check, not a validator; it is enough to catch a template
/// or a fragment that breaks the page's structure.
fn html_problems(page: &str) -> Vec<String> {
    let mut problems = Vec::new();
    let mut open: Vec<String> = Vec::new();
    let mut ids = std::collections::BTreeSet::new();
    let mut rest = page;
    while let Some(start) = rest.find('<') {
        rest = &rest[start..];
        if let Some(comment) = rest.strip_prefix("<!--") {
            let Some(end) = comment.find("-->") else {
                problems.push("a comment is not closed".to_string());
                break;
            };
            // Valid HTML, but not mappable to XML: the Nu checker warns.
            if comment[..end].contains("--") {
                problems.push("a comment holds `--`".to_string());
            }
            rest = &comment[end + 3..];
            continue;
        }
        let Some(end) = rest.find('>') else {
            problems.push("a tag is not closed".to_string());
            break;
        };
        let tag = &rest[1..end];
        rest = &rest[end + 1..];
        if tag.starts_with('!') {
            continue;
        }
        if let Some(name) = tag.strip_prefix('/') {
            match open.pop() {
                Some(opened) if opened == name => {}
                opened => problems.push(format!("</{name}> closes {opened:?}")),
            }
            continue;
        }
        let name: String = tag
            .chars()
            .take_while(char::is_ascii_alphanumeric)
            .collect();
        let attributes = &tag[name.len()..];
        if let Some(problem) = unquoted_attribute(attributes) {
            problems.push(format!("<{name}>: unquoted attribute `{problem}`"));
        }
        if let Some(id) = attributes.split(" id=\"").nth(1) {
            let id = &id[..id.find('"').unwrap_or(id.len())];
            if !ids.insert(id.to_string()) {
                problems.push(format!("the id `{id}` is used twice"));
            }
        }
        // The contents of a style element are text, not tags.
        if name == "style" {
            let Some(close) = rest.find("</style>") else {
                problems.push("<style> is not closed".to_string());
                break;
            };
            rest = &rest[close + "</style>".len()..];
            continue;
        }
        if !VOID_ELEMENTS.contains(&name.as_str()) {
            open.push(name);
        }
    }
    if !open.is_empty() {
        problems.push(format!("never closed: {open:?}"));
    }
    problems
}

/// The first attribute whose value is not in double quotes.
fn unquoted_attribute(mut attributes: &str) -> Option<&str> {
    loop {
        attributes = attributes.trim_start();
        let name_end = attributes
            .find(|character: char| character == '=' || character.is_whitespace())
            .unwrap_or(attributes.len());
        let (name, after) = attributes.split_at(name_end);
        let Some(value) = after.strip_prefix('=') else {
            if after.is_empty() {
                return None;
            }
            attributes = after;
            continue;
        };
        let Some(quoted) = value.strip_prefix('"') else {
            return Some(name);
        };
        attributes = &quoted[quoted.find('"')? + 1..];
    }
}

#[test]
fn the_html_check_finds_what_breaks_a_page() {
    assert!(
        html_problems("<p id=\"a\" title=\"x = y\" hidden>x<br><code>y</code></p><!-- <b> -->")
            .is_empty()
    );
    assert_eq!(
        html_problems("<p id=\"a\"><b>x</p><i id=\"a\" class=x></i><!-- --page -->"),
        [
            "</p> closes Some(\"b\")",
            "<i>: unquoted attribute `class`",
            "the id `a` is used twice",
            "a comment holds `--`",
            "never closed: [\"p\"]",
        ]
    );
}

/// Every seed, in order.
fn seeds() -> Vec<String> {
    let mut seeds: Vec<_> = std::fs::read_dir(Path::new(ROOT).join("examples/seeds"))
        .expect("seeds")
        .filter_map(Result::ok)
        .map(|entry| format!("examples/seeds/{}", entry.file_name().to_string_lossy()))
        .collect();
    seeds.sort();
    seeds
}

#[test]
fn the_shipped_pages_hold_no_script_and_no_external_resource() {
    for page in [
        "charter.fr.html",
        "charter.en.html",
        "charter.fr.md",
        "charter.en.md",
    ] {
        let text =
            std::fs::read_to_string(Path::new(ROOT).join("templates").join(page)).expect("page");
        for forbidden in ["<script", "src=", "<link", "@import", "url("] {
            assert!(!text.contains(forbidden), "{page}: {forbidden}");
        }
    }
}

#[test]
fn render_page_makes_a_whole_page_of_every_seed() {
    for language in ["fr", "en"] {
        for seed in &seeds() {
            for format in ["html", "markdown"] {
                let arguments = ["render", seed, "--lang", language, "--format", format];
                let fragment = cookielint(Path::new(ROOT), &arguments);
                let page = cookielint(Path::new(ROOT), &[&arguments[..], &["--page"]].concat());
                assert_eq!(
                    (page.status, page.stderr.as_str()),
                    (0, ""),
                    "{seed} {language} {format}"
                );
                assert!(
                    page.stdout.contains(fragment.stdout.trim_end()),
                    "{seed} {language} {format}: every table, whole"
                );
                assert!(!page.stdout.contains("{{"), "every placeholder filled");
                assert!(!page.stdout.contains("  peut") && !page.stdout.contains("site  "));
                if format == "html" {
                    assert!(page.stdout.starts_with("<!doctype html>\n"));
                    assert!(page.stdout.contains(&format!("<html lang=\"{language}\">")));
                    assert_eq!(
                        html_problems(&page.stdout),
                        Vec::<String>::new(),
                        "{seed} {language}"
                    );
                } else {
                    assert!(
                        !page.stdout.contains("\n\n\n"),
                        "{seed} {language}: one blank line between blocks"
                    );
                }
            }
        }
    }
}

#[test]
fn the_starter_pages() {
    for (language, format) in [("fr", "markdown"), ("en", "html")] {
        let run = cookielint(
            Path::new(ROOT),
            &[
                "render",
                "examples/starter/cookies.yaml",
                "--page",
                "--lang",
                language,
                "--format",
                format,
            ],
        );
        assert_eq!((run.status, run.stderr.as_str()), (0, ""));
        insta::assert_snapshot!(format!("page.starter.{language}.{format}"), run.stdout);
        let extension = if format == "html" { "html" } else { "md" };
        let through_template = cookielint(
            Path::new(ROOT),
            &[
                "render",
                "examples/starter/cookies.yaml",
                "--template",
                &format!("templates/charter.{language}.{extension}"),
                "--lang",
                language,
                "--format",
                format,
            ],
        );
        assert_eq!(
            through_template.stdout, run.stdout,
            "--page is the shipped template, which --template can start from"
        );
    }
}

/// A site that asks consent, with every `site` key the page uses.
const SITE: &str = r##"version: 1
site:
  name: Shop
  url: https://shop.example
  languages: [fr, en]
  contact: dpo@shop.example
  consent_manager: "#cookie-settings"
cookies:
  - name: cc_choice
    provider: Shop
    purpose: { fr: Garder le choix., en: Keep the choice. }
    category: necessary
    party: first
    consent: exempt
    stores_consent: true
    duration: P6M
  - name: _ga
    provider: Google
    purpose: { fr: Statistiques., en: Statistics. }
    category: statistics
    party: third
    consent: required
    duration: P13M
"##;

/// `render --page` of `declaration` in `language` and `format`.
fn page_of(declaration: &str, language: &str, format: &str) -> String {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("cookies.yaml"), declaration).expect("write");
    let run = cookielint(
        dir.path(),
        &["render", "--page", "--lang", language, "--format", format],
    );
    assert_eq!((run.status, run.stderr.as_str()), (0, ""), "{declaration}");
    run.stdout
}

#[test]
fn the_page_names_the_site_its_contact_its_consent_manager_and_how_long_the_choice_is_kept() {
    let html = page_of(SITE, "fr", "html");
    for expected in [
        "<title>Charte cookies · Shop</title>",
        "les cookies que le site <a href=\"https://shop.example\">Shop</a> peut déposer",
        "<p>Pour toute question sur ces cookies ou sur vos données personnelles, écrivez à <a href=\"mailto:dpo@shop.example\">dpo@shop.example</a>.</p>",
        "en rouvrant le <a href=\"#cookie-settings\">gestionnaire de cookies</a> du site",
        "<p>Le cookie <code>cc_choice</code> conserve votre choix pendant 6 mois ; il vous est ensuite demandé à nouveau.</p>",
    ] {
        assert!(html.contains(expected), "{expected}: {html}");
    }
    let markdown = page_of(
        &SITE.replace("dpo@shop.example", "https://shop.example/contact"),
        "en",
        "markdown",
    );
    for expected in [
        "\nThis page lists the cookies the site [Shop](https://shop.example) may store",
        "\n\nFor any question about these cookies or your personal data, go to [https://shop.example/contact](https://shop.example/contact).\n\n## What is a cookie?",
        "opening the site's [cookie settings](#cookie-settings) again",
        "\n\nThe cookie cc\\_choice keeps your choice for 6 months; you are then asked again.\n\n## Browser settings",
    ] {
        assert!(markdown.contains(expected), "{expected}: {markdown}");
    }
}

#[test]
fn the_page_reads_naturally_without_the_site_keys() {
    let bare = SITE
        .replace("  name: Shop\n", "")
        .replace("  url: https://shop.example\n", "")
        .replace("  contact: dpo@shop.example\n", "")
        .replace("  consent_manager: \"#cookie-settings\"\n", "");
    let html = page_of(&bare, "fr", "html");
    assert!(html.contains("<title>Charte cookies</title>"), "{html}");
    assert!(
        html.contains("les cookies que ce site peut déposer"),
        "{html}"
    );
    assert!(html.contains("en rouvrant le gestionnaire de cookies du site"));
    assert!(!html.contains("<a "), "nothing to link to: {html}");
    assert!(
        !html.contains("Pour toute question"),
        "no contact paragraph"
    );
    assert!(html.contains("</p>\n<section aria-labelledby=\"what-is-a-cookie\">"));

    let markdown = page_of(&bare, "en", "markdown");
    assert!(markdown.contains("the cookies this site may store"));
    assert!(!markdown.contains("\n\n\n"), "no gap where the contact was");
    let session = page_of(
        &bare.replace("duration: P6M", "duration: session"),
        "en",
        "markdown",
    );
    assert!(
        session.contains("The cookie cc\\_choice keeps your choice until you close your browser;"),
        "{session}"
    );
    let unrecorded = page_of(
        &bare.replace("stores_consent: true", "stores_consent: false"),
        "en",
        "markdown",
    );
    assert!(
        !unrecorded.contains("keeps your choice"),
        "no record, nothing to say"
    );

    let asks_nothing = page_of(
        &bare
            .replace("consent: required", "consent: exempt\n    anonymous: true")
            .replace("party: third", "party: first"),
        "en",
        "html",
    );
    assert!(
        asks_nothing.contains("<h2 id=\"your-choice\">Accepting, refusing or withdrawing your consent</h2>\n<p>None of this site&#39;s cookies needs your consent,"),
        "{asks_nothing}"
    );
    assert!(!asks_nothing.contains("banner asks you"));
}

/// Every address the page links to, or a template may put in an `href`,
/// goes through one filter: with `schema` allowed, `site.url` can be a
/// script, as `contact` and `consent_manager` can, and none of them is
/// written.
#[test]
fn an_address_that_is_no_link_is_left_out_whatever_writes_it() {
    let declaration = SITE
        .replace(
            "  url: https://shop.example\n",
            "  # cookielint: allow(schema) reason: hostile\n  url: \"javascript:alert(1)\"\n",
        )
        .replace(
            "  contact: dpo@shop.example\n",
            "  # cookielint: allow(schema) reason: hostile\n  contact: \"javascript:alert(2)\"\n",
        )
        .replace(
            "  consent_manager: \"#cookie-settings\"\n",
            "  # cookielint: allow(schema) reason: hostile\n  consent_manager: \"data:text/html,<script>alert(3)</script>\"\n",
        );
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("cookies.yaml"), &declaration).expect("write");
    let links = "<a href=\"{{ site.url }}\">home</a> <a href=\"{{ site.contact }}\">contact</a> <a href=\"{{ site.consent_manager }}\">settings</a>\n{{ charter.site }}\n{{ charter.consent }}\n{{ cookies }}\n";
    std::fs::write(dir.path().join("page.html"), links).expect("write");
    std::fs::write(dir.path().join("page.md"), links).expect("write");
    for template in ["page.html", "page.md"] {
        let run = cookielint(
            dir.path(),
            &["render", "--lang", "en", "--template", template],
        );
        assert_eq!((run.status, run.stderr.as_str()), (0, ""), "{template}");
        assert!(
            run.stdout.starts_with(
                "<a href=\"\">home</a> <a href=\"\">contact</a> <a href=\"\">settings</a>\n"
            ),
            "{template}: {}",
            run.stdout
        );
        for script in ["javascript", "data:", "alert"] {
            assert!(!run.stdout.contains(script), "{template}: {}", run.stdout);
        }
    }
    for format in ["html", "markdown"] {
        let page = page_of(&declaration, "en", format);
        assert!(page.contains("the site Shop may store"), "{page}");
        for script in ["javascript", "data:", "alert"] {
            assert!(!page.contains(script), "{format}: {page}");
        }
    }
}

/// Texts that look like markup, Markdown and placeholders, and links that
/// try to leave their attribute (scripts/validate-html.sh validates it too).
const HOSTILE_FIXTURE: &str = "tests/fixtures/render/hostile.cookies.yaml";

#[test]
fn a_hostile_declaration_makes_pages_with_no_markup_of_its_own() {
    for language in ["fr", "en"] {
        for layout in [&[][..], &["--page"][..]] {
            let arguments = ["render", HOSTILE_FIXTURE, "--lang", language];
            let html = cookielint(
                Path::new(ROOT),
                &[&arguments[..], &["--format", "html"], layout].concat(),
            );
            assert_eq!((html.status, html.stderr.as_str()), (0, ""));
            for markup in ["<script", "<b>", "<i>", "<img", "<svg"] {
                assert!(!html.stdout.contains(markup), "{markup}: {}", html.stdout);
            }
            assert_eq!(html_problems(&html.stdout), Vec::<String>::new());
            let markdown = cookielint(
                Path::new(ROOT),
                &[&arguments[..], &["--format", "markdown"], layout].concat(),
            );
            assert_eq!((markdown.status, markdown.stderr.as_str()), (0, ""));
            let raw_markup = markdown
                .stdout
                .lines()
                .filter(|line| !line.starts_with("<!-- "))
                .any(|line| line.contains('<'));
            assert!(!raw_markup, "{}", markdown.stdout);
        }
    }
    let page = cookielint(
        Path::new(ROOT),
        &[
            "render",
            HOSTILE_FIXTURE,
            "--page",
            "--lang",
            "en",
            "--format",
            "html",
        ],
    );
    for expected in [
        "the site <a href=\"https://shop.example/%3Cscript%3Ealert%281%29%3C/script%3E?a=1&amp;b=&#39;x&#39;\">Shop &lt;b&gt;&amp;&lt;/b&gt; &quot;Co&quot; {{ cookies }} | *stars* --&gt;</a> may store",
        "<a href=\"#%22%3E%3Cimg/src=x/onerror=alert%281%29%3E\">cookie settings</a>",
        "<p>The cookie <code>consent_&lt;script&gt;alert(1)&lt;/script&gt;</code> keeps your choice for 6 months;",
    ] {
        assert!(
            page.stdout.contains(expected),
            "{expected}: {}",
            page.stdout
        );
    }
    let markdown = cookielint(
        Path::new(ROOT),
        &[
            "render",
            HOSTILE_FIXTURE,
            "--page",
            "--lang",
            "en",
            "--format",
            "markdown",
        ],
    );
    for expected in [
        "the site [Shop &lt;b&gt;&amp;&lt;/b&gt; \"Co\" {{ cookies }} \\| \\*stars\\* --&gt;](https://shop.example/%3Cscript%3Ealert%281%29%3C/script%3E?a=1&b='x') may store",
        "[cookie settings](#%22%3E%3Cimg/src=x/onerror=alert%281%29%3E)",
    ] {
        assert!(
            markdown.stdout.contains(expected),
            "{expected}: {}",
            markdown.stdout
        );
    }
}

#[test]
fn render_page_refuses_a_template_and_a_language_it_has_no_page_for() {
    let with_template = cookielint(
        Path::new(ROOT),
        &[
            "render",
            "examples/starter/cookies.yaml",
            "--page",
            "--template",
            "templates/charter.en.html",
        ],
    );
    assert_eq!(
        (with_template.status, with_template.stdout.as_str()),
        (2, "")
    );
    assert!(
        with_template
            .stderr
            .starts_with("error: the argument '--page' cannot be used with '--template <FILE>'"),
        "{}",
        with_template.stderr
    );

    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        dir.path().join("cookies.yaml"),
        SITE.replace("languages: [fr, en]", "languages: [fr, en, de]")
            .replace(
                "en: Keep the choice. }",
                "en: Keep the choice., de: Die Wahl. }",
            )
            .replace("en: Statistics. }", "en: Statistics., de: Statistik. }"),
    )
    .expect("write");
    let german = cookielint(dir.path(), &["render", "--page", "--lang", "de"]);
    assert_eq!(
        (
            german.status,
            german.stdout.as_str(),
            german.stderr.as_str()
        ),
        (
            2,
            "",
            "error: cookielint cannot write a charter in `de` yet; it writes French (`fr`) and English (`en`)\n"
        )
    );
}

#[test]
fn render_page_writes_and_checks_its_output() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("cookies.yaml"), SITE).expect("write");
    let page = ["render", "--page", "--format", "html", "--lang", "en"];
    let written = cookielint(
        dir.path(),
        &[&page[..], &["--output", "charter.html"]].concat(),
    );
    assert_eq!(
        (
            written.status,
            written.stdout.as_str(),
            written.stderr.as_str()
        ),
        (
            0,
            "",
            "wrote the charter to charter.html: commit it, and keep it in sync in CI with `cookielint render cookies.yaml --page --format html --lang en --output charter.html --check`\n"
        )
    );
    let check = [&page[..], &["--check", "--output", "charter.html"]].concat();
    let in_sync = cookielint(dir.path(), &check);
    assert_eq!(
        (
            in_sync.status,
            in_sync.stdout.as_str(),
            in_sync.stderr.as_str()
        ),
        (0, "", "")
    );
    let fragment = cookielint(
        dir.path(),
        &[
            "render",
            "--format",
            "html",
            "--lang",
            "en",
            "--check",
            "--output",
            "charter.html",
        ],
    );
    assert_eq!(fragment.status, 1, "the tables alone are not the page");

    std::fs::write(
        dir.path().join("cookies.yaml"),
        SITE.replace("duration: P6M", "duration: P3M"),
    )
    .expect("write");
    let drifted = cookielint(dir.path(), &check);
    assert_eq!(drifted.status, 1);
    assert!(
        drifted.stdout.contains("\n+        <td>3 months</td>\n"),
        "{}",
        drifted.stdout
    );
    assert_eq!(
        drifted.stderr,
        "error: `charter.html` is not what `cookielint render` gives for `cookies.yaml` now\n  help: Write it again with `cookielint render cookies.yaml --page --format html --lang en --output charter.html`, then commit it.\n"
    );
    std::fs::copy(
        dir.path().join("charter.html"),
        dir.path().join("my charter.html"),
    )
    .expect("copy");
    let quoted = cookielint(
        dir.path(),
        &[&page[..], &["--check", "--output", "my charter.html"]].concat(),
    );
    assert!(
        quoted.stderr.ends_with("  help: Write it again with `cookielint render cookies.yaml --page --format html --lang en --output 'my charter.html'`, then commit it.\n"),
        "the command can be pasted: {}",
        quoted.stderr
    );

    let absent = cookielint(
        dir.path(),
        &[&page[..], &["--check", "--output", "absent.html"]].concat(),
    );
    assert_eq!(
        (absent.status, absent.stderr.as_str()),
        (
            1,
            "error: `absent.html` does not exist, so there is no charter to compare\n  help: Write it with `cookielint render cookies.yaml --page --format html --lang en --output absent.html`, then commit it.\n"
        )
    );
}

#[test]
fn every_seed_exports_a_cookieconsent_module() {
    let seeds = std::fs::read_dir(Path::new(ROOT).join("examples/seeds")).expect("seeds");
    for seed in seeds {
        let seed = seed.expect("seed").path();
        let run = cookielint(
            Path::new(ROOT),
            &["export", &seed.to_string_lossy(), "--to", "cookieconsent"],
        );
        assert_eq!((run.status, run.stderr.as_str()), (0, ""), "{seed:?}");
        assert!(run.stdout.contains("\nexport default {\n  cookie: {\n"));
        assert!(run.stdout.contains("\n  revision: "));
        assert!(run.stdout.contains("readOnly: true"));
    }
    let pau = cookielint(
        Path::new(ROOT),
        &[
            "export",
            "examples/seeds/opendata.pau.fr.cookies.yaml",
            "--to",
            "cookieconsent",
        ],
    );
    insta::assert_snapshot!("export_cookieconsent_pau", pau.stdout);
    // Every category, services, a cookie to clear and the consent record.
    let starter = cookielint(
        Path::new(ROOT),
        &[
            "export",
            "examples/starter/cookies.yaml",
            "--to",
            "cookieconsent",
        ],
    );
    assert_eq!(starter.status, 0, "{}", starter.stderr);
    insta::assert_snapshot!("export_cookieconsent_starter", starter.stdout);
}

#[test]
fn export_check_follows_consent_relevant_changes_only() {
    let dir = tempfile::tempdir().expect("tempdir");
    let seed = std::fs::read_to_string(
        Path::new(ROOT).join("examples/seeds/opendata.pau.fr.cookies.yaml"),
    )
    .expect("seed");
    let write_declaration = |text: &str| {
        std::fs::write(dir.path().join("cookies.yaml"), text).expect("write");
    };
    let check = [
        "export",
        "--to",
        "cookieconsent",
        "--check",
        "-o",
        "banner.mjs",
    ];
    write_declaration(&seed);
    let written = cookielint(
        dir.path(),
        &["export", "--to", "cookieconsent", "-o", "banner.mjs"],
    );
    assert_eq!(
        (
            written.status,
            written.stdout.as_str(),
            written.stderr.as_str()
        ),
        (
            0,
            "",
            "wrote the banner configuration to banner.mjs: commit it, and keep it in sync in CI with `cookielint export cookies.yaml --to cookieconsent --output banner.mjs --check`\n"
        )
    );
    let in_sync = cookielint(dir.path(), &check);
    assert_eq!(
        (
            in_sync.status,
            in_sync.stdout.as_str(),
            in_sync.stderr.as_str()
        ),
        (0, "", "")
    );

    write_declaration(&seed.replace("duration: P52W", "duration: P13M"));
    let duration_only = cookielint(dir.path(), &check);
    assert_eq!(
        (duration_only.status, duration_only.stdout.as_str()),
        (0, ""),
        "a duration is not what visitors consent to"
    );

    write_declaration(&seed.replace(
        "en: Retrieve data through API calls",
        "en: Retrieve data through the API",
    ));
    let drifted = cookielint(dir.path(), &check);
    assert_eq!(drifted.status, 1);
    insta::assert_snapshot!("export_drift", drifted.stdout);
    assert_eq!(
        drifted.stderr,
        "error: `banner.mjs` is not what `cookielint export` gives for `cookies.yaml` now\n  help: Write it again with `cookielint export cookies.yaml --to cookieconsent --output banner.mjs`, then commit it.\n"
    );

    let absent = cookielint(
        dir.path(),
        &[
            "export",
            "--to",
            "cookieconsent",
            "--check",
            "-o",
            "absent.mjs",
        ],
    );
    assert_eq!(
        (absent.status, absent.stderr.as_str()),
        (
            1,
            "error: `absent.mjs` does not exist, so there is no banner configuration to compare\n  help: Write it with `cookielint export cookies.yaml --to cookieconsent --output absent.mjs`, then commit it.\n"
        )
    );
}

#[test]
fn export_refuses_what_it_cannot_publish() {
    let root = Path::new(ROOT);
    let with_errors = cookielint(
        root,
        &[
            "export",
            "examples/broken/consent.cookies.yaml",
            "--to",
            "cookieconsent",
        ],
    );
    assert_eq!((with_errors.status, with_errors.stdout.as_str()), (1, ""));
    assert!(with_errors.stderr.ends_with("error: `examples/broken/consent.cookies.yaml` has errors; fix them before exporting its banner configuration\n"), "{}", with_errors.stderr);

    let unknown_target = cookielint(root, &["export", "--to", "onetrust"]);
    assert_eq!(unknown_target.status, 2, "{}", unknown_target.stderr);
    let no_target = cookielint(
        root,
        &["export", "examples/seeds/opendata.pau.fr.cookies.yaml"],
    );
    assert_eq!(no_target.status, 2, "{}", no_target.stderr);
    let missing = cookielint(root, &["export", "nowhere.yaml", "--to", "cookieconsent"]);
    assert_eq!((missing.status, missing.stdout.as_str()), (2, ""));

    let dir = tempfile::tempdir().expect("tempdir");
    let seed = std::fs::read_to_string(root.join("examples/seeds/opendata.pau.fr.cookies.yaml"))
        .expect("seed");
    let german = seed
        .replace("languages: [fr, en]", "languages: [de, es]")
        .replace("      fr: ", "      de: ")
        .replace("      en: ", "      es: ");
    std::fs::write(dir.path().join("cookies.yaml"), german).expect("write");
    let no_words = cookielint(dir.path(), &["export", "--to", "cookieconsent"]);
    assert_eq!(
        (no_words.status, no_words.stderr.as_str()),
        (
            2,
            "error: cookielint cannot write the banner's words in `de` yet; it writes French (`fr`) and English (`en`)\n"
        )
    );
}

/// The starter declaration with a first-party wildcard to clear.
fn starter_with_a_wildcard() -> String {
    let starter = std::fs::read_to_string(Path::new(ROOT).join("examples/starter/cookies.yaml"))
        .expect("starter");
    format!(
        "{}
  - name: _ga_*
    provider: Google Analytics
    purpose:
      en: Audience measurement with identifiers.
      fr: Mesure d'audience avec identifiants.
    category: statistics
    party: first
    consent: required
    duration: P13M
",
        starter
    )
}

#[test]
fn klaro_and_tarteaucitron_exports_are_written_and_checked() {
    let dir = tempfile::tempdir().expect("tempdir");
    let write_declaration = |text: &str| {
        std::fs::write(dir.path().join("cookies.yaml"), text).expect("write");
    };
    let declaration = starter_with_a_wildcard();
    let seeds: Vec<_> = std::fs::read_dir(Path::new(ROOT).join("examples/seeds"))
        .expect("seeds")
        .map(|seed| seed.expect("seed").path())
        .collect();
    for (target, file) in [
        ("klaro", "klaro.config.js"),
        ("tarteaucitron", "tarteaucitron.config.js"),
    ] {
        for seed in &seeds {
            let run = cookielint(
                Path::new(ROOT),
                &["export", &seed.to_string_lossy(), "--to", target],
            );
            assert_eq!((run.status, run.stderr.as_str()), (0, ""), "{seed:?}");
            assert!(
                run.stdout.contains("cookieName: \"cookies_preferences\","),
                "{target}: the declared consent cookie\n{}",
                run.stdout
            );
        }
        write_declaration(&declaration);
        let printed = cookielint(dir.path(), &["export", "--to", target]);
        assert_eq!(
            (printed.status, printed.stderr.as_str()),
            (0, ""),
            "{target}"
        );
        insta::assert_snapshot!(format!("export_{target}_starter"), printed.stdout);

        let written = cookielint(dir.path(), &["export", "--to", target, "-o", file]);
        assert_eq!(
            (written.status, written.stdout.as_str(), written.stderr),
            (
                0,
                "",
                format!(
                    "wrote the banner configuration to {file}: commit it, and keep it in sync in CI with `cookielint export cookies.yaml --to {target} --output {file} --check`\n"
                )
            )
        );
        assert_eq!(
            std::fs::read_to_string(dir.path().join(file)).expect("written"),
            printed.stdout
        );
        let check = ["export", "--to", target, "--check", "-o", file];
        let in_sync = cookielint(dir.path(), &check);
        assert_eq!(
            (in_sync.status, in_sync.stdout.as_str()),
            (0, ""),
            "{target}"
        );

        write_declaration(&declaration.replace("duration: P14D", "duration: P7D"));
        let duration_only = cookielint(dir.path(), &check);
        assert_eq!(
            (duration_only.status, duration_only.stdout.as_str()),
            (0, ""),
            "{target}: a duration is not what visitors consent to"
        );

        write_declaration(&declaration.replace("en: Targeted advertising.", "en: Ads."));
        let drifted = cookielint(dir.path(), &check);
        assert_eq!(drifted.status, 1, "{target}");
        insta::assert_snapshot!(format!("export_{target}_drift"), drifted.stdout);
        assert_eq!(
            drifted.stderr,
            format!(
                "error: `{file}` is not what `cookielint export` gives for `cookies.yaml` now\n  help: Write it again with `cookielint export cookies.yaml --to {target} --output {file}`, then commit it.\n"
            )
        );

        write_declaration(
            &declaration
                .replace("languages: [en, fr]", "languages: [de, fr]")
                .replace("      en: ", "      de: ")
                .replace("service: { en: ", "service: { de: "),
        );
        let no_words = cookielint(dir.path(), &["export", "--to", target]);
        assert_eq!(
            (no_words.status, no_words.stderr.as_str()),
            (
                2,
                "error: cookielint cannot write the banner's words in `de` yet; it writes French (`fr`) and English (`en`)\n"
            ),
            "{target}"
        );
    }
}

/// A declaration `check` passes with `cookie-name-syntax` allowed: a name
/// whose stars would backtrack for seconds as `.*`, one with line breaks,
/// U+2028 and the end of a script, and a consent record kept for longer
/// than a JavaScript `Date` can count.
const HOSTILE_NAMES: &str = "version: 1
site: { languages: [en] }
cookies:
  # cookielint: allow(cookie-name-syntax) reason: hostile on purpose
  - name: \"_*_*_*_*_*_*_*_*_*x\"
    provider: Tracker
    purpose: Tracking.
    category: marketing
    party: first
    consent: required
    duration: P1D
  # cookielint: allow(cookie-name-syntax) reason: hostile on purpose
  - name: \"a\\u2028b\\nc\\u2029</script><!--\"
    provider: Tracker
    purpose: Tracking.
    category: marketing
    party: first
    consent: required
    duration: P1D
  - name: consent
    provider: Site
    purpose: Keeps the visitor's choice.
    category: necessary
    party: first
    consent: exempt
    stores_consent: true
    duration: P99999999999999999999Y
";

fn export_hostile_names(target: &str) -> String {
    let dir = project(&[("cookies.yaml", HOSTILE_NAMES)]);
    let run = cookielint(dir.path(), &["export", "--to", target]);
    assert_eq!((run.status, run.stderr.as_str()), (0, ""), "{target}");
    run.stdout
}

#[test]
fn hostile_names_export_as_javascript_that_parses_and_cannot_backtrack() {
    // Each `*` between two literals is one lookahead at the literal's
    // leftmost occurrence, which the browser never backtracks into.
    let star = r"(?=([\s\S]*?_))";
    let stars: String = (1..=8).map(|group| format!(r"{star}\{group}")).collect();
    let wildcard = format!(r"/^_{stars}[\s\S]*x$/,");
    let broken = r"/^a\u2028b\u000ac\u2029\u003c\/script>\u003c!--$/,";
    for target in ["cookieconsent", "klaro", "tarteaucitron"] {
        let written = export_hostile_names(target);
        for raw in ['\u{2028}', '\u{2029}'] {
            assert!(!written.contains(raw), "{target}: a raw {raw:?}\n{written}");
        }
        assert!(
            !written.contains("</script") && !written.contains("<!--"),
            "{target}: {written}"
        );
        assert!(!written.contains(".*"), "{target}: {written}");
        // cookieconsent clears a name without `*` by its string.
        let (key, regexes) = match target {
            "cookieconsent" => ("name", vec![&wildcard[..]]),
            _ => ("pattern", vec![&wildcard[..], broken]),
        };
        for regex in regexes {
            assert!(
                written.contains(&format!("{key}: {regex}")),
                "{target}: no {key}: {regex}\n{written}"
            );
        }
        assert!(
            written.contains(r"a\u2028b\nc\u2029\u003c/script>\u003c!--"),
            "{target}: the name as a string\n{written}"
        );
    }
}

#[test]
fn an_exported_lifetime_stops_at_the_browsers_400_days() {
    for (target, kept) in [
        ("cookieconsent", "    expiresAfterDays: 400,\n"),
        ("klaro", "  cookieExpiresAfterDays: 400,\n"),
        ("tarteaucitron", "  tarteaucitronForceExpire = 400;\n"),
    ] {
        let written = export_hostile_names(target);
        assert!(written.contains(kept), "{target}: {written}");
    }
}

#[test]
fn each_export_says_how_to_load_its_manager_and_gate_the_site_s_tags() {
    let manifest = std::fs::read_to_string(Path::new(ROOT).join("scripts/banner-e2e/package.json"))
        .expect("the banner-e2e manifest");
    let manifest: serde_json::Value = serde_json::from_str(&manifest).expect("JSON");
    let tested = |package: &str| {
        let version = manifest["dependencies"][package].as_str().expect("pinned");
        format!("https://cdn.jsdelivr.net/npm/{package}@{version}/")
    };
    let export = |target: &str| {
        let run = cookielint(
            Path::new(ROOT),
            &["export", "examples/starter/cookies.yaml", "--to", target],
        );
        assert_eq!((run.status, run.stderr.as_str()), (0, ""), "{target}");
        let (header, _) = run
            .stdout
            .split_once("(function")
            .or_else(|| run.stdout.split_once("export default"))
            .or_else(|| run.stdout.split_once("window.klaroConfig"))
            .expect("a header");
        header.to_string()
    };
    // The starter's services: Example Site's preferences, Matomo's exempt
    // statistics and Google's marketing.
    let cookieconsent = export("cookieconsent");
    for said in [
        &format!(
            "  import * as CookieConsent from \"{}dist/cookieconsent.esm.js\";\n",
            tested("vanilla-cookieconsent")
        ),
        "  import config from \"./cookieconsent.config.mjs\";\n",
        "  CookieConsent.run(config);\n",
        "<script type=\"text/plain\" data-category=\"preferences\"\n// data-service=\"example-site\"",
        "//   preferences: example-site\n//   marketing: google",
    ] {
        assert!(cookieconsent.contains(said), "{said}\n{cookieconsent}");
    }
    assert!(!cookieconsent.contains("this-file"), "{cookieconsent}");
    let klaro = export("klaro");
    for said in [
        &format!("<script defer src=\"{}dist/klaro.js\">", tested("klaro")),
        "data-type=\"text/javascript\"\n// data-name=\"preferences-example-site\"",
        "//   preferences-example-site, marketing-google\n",
    ] {
        assert!(klaro.contains(said), "{said}\n{klaro}");
    }
    let tarteaucitron = export("tarteaucitron");
    for said in [
        &format!(
            "<script src=\"{}tarteaucitron.js\">",
            tested("tarteaucitronjs")
        ),
        "document.addEventListener(\"preferences-example-site_loaded\", function () { /* its tags */ });",
        "// The services here: preferences-example-site, statistics-matomo, marketing-google\n",
    ] {
        assert!(tarteaucitron.contains(said), "{said}\n{tarteaucitron}");
    }
}

/// The starter's `site.consent_manager` is `"#cookie-settings"`: its
/// exports' snapshots hold the script that opens the preferences for it.
#[test]
fn only_a_fragment_consent_manager_is_wired_into_the_exports() {
    let dir = tempfile::tempdir().expect("tempdir");
    let starter = std::fs::read_to_string(Path::new(ROOT).join("examples/starter/cookies.yaml"))
        .expect("starter");
    let fragment = "consent_manager: \"#cookie-settings\"";
    assert!(starter.contains(fragment));
    let export_with = |place: &str| {
        std::fs::write(
            dir.path().join("cookies.yaml"),
            starter.replace(fragment, &format!("consent_manager: {place}")),
        )
        .expect("write");
        ["cookieconsent", "klaro", "tarteaucitron"].map(|target| {
            let run = cookielint(dir.path(), &["export", "--to", target]);
            assert_eq!(
                (run.status, run.stderr.as_str()),
                (0, ""),
                "{target} {place}"
            );
            (target, run.stdout)
        })
    };
    for (target, written) in export_with("\"#a'\\\"</script>\"") {
        // The headers show `<script>` tags: the fragment is not one.
        assert!(!written.contains("'\\\"</script>"), "{target}: {written}");
        let wired = match target {
            "tarteaucitron" => "    hashtag: \"#a'\\\"\\u003c/script>\",\n",
            _ => "})(\"#a'\\\"\\u003c/script>\");\n",
        };
        assert!(written.contains(wired), "{target}: {written}");
    }
    for place in [
        "/cookies/settings",
        "https://www.example.org/cookies#settings",
    ] {
        for (target, written) in export_with(place) {
            assert!(
                !written.contains("hashtag") && !written.contains("openPreferences"),
                "{target} {place}: a page of the site opens the preferences itself\n{written}"
            );
        }
    }
}

#[test]
fn the_format_follows_the_files_named_then_the_page() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::copy(
        Path::new(ROOT).join("examples/starter/cookies.yaml"),
        dir.path().join("cookies.yaml"),
    )
    .expect("copy");
    std::fs::write(dir.path().join("page.html"), "<main>{{ cookies }}</main>\n").expect("write");
    std::fs::write(dir.path().join("page.md"), "# Cookies\n\n{{ cookies }}\n").expect("write");
    let html = |text: &str| text.contains("<table");
    let markdown = |text: &str| text.contains("|---|");
    type Case<'a> = (&'a [&'a str], fn(&str) -> bool);
    let cases: [Case<'_>; 7] = [
        (&[], markdown),
        (&["--page"], html),
        (&["--page", "--format", "markdown"], markdown),
        (&["--template", "page.html"], html),
        (&["--template", "page.md"], markdown),
        (&["--page", "--output", "charter.md"], markdown),
        (
            &["--format", "markdown", "--output", "charter.HTML"],
            markdown,
        ),
    ];
    for (flags, is_expected) in cases {
        let run = cookielint(dir.path(), &[&["render"][..], flags].concat());
        let text = match flags.iter().position(|flag| *flag == "--output") {
            Some(index) => {
                let file = flags[index + 1];
                assert_eq!(run.status, 0, "{flags:?}");
                assert!(
                    run.stderr
                        .starts_with(&format!("wrote the charter to {file}: ")),
                    "{flags:?}: {}",
                    run.stderr
                );
                std::fs::read_to_string(dir.path().join(file)).expect("written")
            }
            None => {
                assert_eq!((run.status, run.stderr.as_str()), (0, ""), "{flags:?}");
                run.stdout
            }
        };
        assert!(is_expected(&text), "{flags:?}: {text}");
    }
    let by_extension = cookielint(dir.path(), &["render", "--output", "charter.htm"]);
    assert_eq!(by_extension.status, 0, "{}", by_extension.stderr);
    let written = std::fs::read_to_string(dir.path().join("charter.htm")).expect("written");
    assert!(html(&written), "{written}");
}
