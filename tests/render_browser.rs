//! The rendered HTML charter, opened in a real browser: headless Chromium
//! loads a page made from it, and the page it ends up with must show every
//! cookie name and show no sign that a script ran; the pages `render --page`
//! makes, in French and English, show their sections and tables.
//! Screenshots are kept in `target/test-output/`. They look for Chromium
//! when they run (`common::chromium`): without it they are skipped with a
//! notice, and fail on CI (`CI` set). `.ci/run` installs Chromium.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

/// A page around the tables, with a script of its own that marks the page
/// once it has run: proof that scripts do run in this browser, so that the
/// absence of the declaration's mark means its script did not.
const PAGE: &str = "<!doctype html>
<html lang=\"{{ language }}\"><head><meta charset=\"utf-8\"><title>{{ site.name }}</title></head>
<body>
<h1>{{ site.name }}</h1>
{{ cookies }}
<script>document.body.setAttribute('data-page-script', 'ran');</script>
</body></html>
";

const HOSTILE_ROW: &str = "
  - name: tracker_test
    provider: \"Evil <img src=x onerror=document.body.setAttribute('data-pwned','img')>\"
    purpose:
      en: \"<script>document.body.setAttribute('data-pwned', 'script')</script>\"
      fr: \"<script>document.body.setAttribute('data-pwned', 'script')</script>\"
    category: marketing
    party: third
    consent: required
    duration: P1D
";

fn chromium(executable: &Path, arguments: &[&str]) -> String {
    let profile = tempfile::tempdir().expect("profile dir");
    let output = Command::new(executable)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(arguments)
        .output()
        .expect("chromium runs");
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
fn the_html_charter_renders_in_chromium_without_running_scripts() {
    let Some(executable) = common::chromium() else {
        return;
    };
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().expect("tempdir");
    let seed =
        std::fs::read_to_string(root.join("examples/starter/cookies.yaml")).expect("starter");
    std::fs::write(
        dir.path().join("cookies.yaml"),
        format!("{seed}{HOSTILE_ROW}"),
    )
    .expect("write");
    std::fs::write(dir.path().join("page.html"), PAGE).expect("write");
    let output = assert_cmd::Command::cargo_bin("cookielint")
        .expect("binary")
        .current_dir(dir.path())
        .args([
            "render",
            "--format",
            "html",
            "--template",
            "page.html",
            "--output",
            "charter.html",
        ])
        .output()
        .expect("render runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let page = dir.path().join("charter.html");
    let url = format!("file://{}", page.display());

    let dom = chromium(&executable, &["--dump-dom", &url]);
    assert!(
        dom.contains("data-page-script=\"ran\""),
        "scripts run in this browser: {dom}"
    );
    assert!(
        !dom.contains("data-pwned=\""),
        "a script from the declaration ran: {dom}"
    );
    for name in [
        "cookie_consent",
        "sessionid",
        "theme",
        "_pk_id.*",
        "IDE",
        "tracker_test",
    ] {
        assert!(
            dom.contains(&format!("<code>{name}</code>")),
            "{name} is not shown"
        );
    }
    assert!(
        dom.contains("&lt;script&gt;document.body.setAttribute"),
        "the script shows as text"
    );

    screenshot(&executable, &url, "charter.png", 1800);
}

/// Chromium's screenshot of `url`, 1280 pixels wide, written to
/// target/test-output/`name` for a person to look at.
fn screenshot(executable: &Path, url: &str, name: &str, height: u32) {
    let screenshots: PathBuf = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/test-output");
    std::fs::create_dir_all(&screenshots).expect("test output dir");
    let screenshot = screenshots.join(name);
    let _ = std::fs::remove_file(&screenshot);
    chromium(
        executable,
        &[
            &format!("--screenshot={}", screenshot.display()),
            &format!("--window-size=1280,{height}"),
            url,
        ],
    );
    let png = std::fs::read(&screenshot).expect("screenshot written");
    assert!(png.starts_with(b"\x89PNG"), "a PNG screenshot");
}

#[test]
fn render_page_makes_pages_chromium_shows_whole() {
    let Some(executable) = common::chromium() else {
        return;
    };
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().expect("tempdir");
    for (language, headings) in [
        (
            "fr",
            [
                "Qu'est-ce qu'un cookie ?",
                "Consentement demandé",
                "Le cookie <code>cookie_consent</code> conserve votre choix pendant 6 mois",
            ],
        ),
        (
            "en",
            [
                "What is a cookie?",
                "Consent asked",
                "The cookie <code>cookie_consent</code> keeps your choice for 6 months",
            ],
        ),
    ] {
        let page = dir.path().join(format!("charter.{language}.html"));
        let output = assert_cmd::Command::cargo_bin("cookielint")
            .expect("binary")
            .current_dir(root)
            .arg("render")
            .arg("examples/starter/cookies.yaml")
            .args(["--page", "--lang", language, "--format", "html"])
            .arg("--output")
            .arg(&page)
            .output()
            .expect("render runs");
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        let url = format!("file://{}", page.display());
        let dom = chromium(&executable, &["--dump-dom", &url]);
        for text in headings {
            assert!(dom.contains(text), "{language}: {text} is not shown: {dom}");
        }
        for name in ["cookie_consent", "sessionid", "theme", "_pk_id.*", "IDE"] {
            assert!(
                dom.contains(&format!("<code>{name}</code>")),
                "{language}: {name} is not shown"
            );
        }
        screenshot(
            &executable,
            &url,
            &format!("charter-page.{language}.png"),
            2400,
        );
    }
}
