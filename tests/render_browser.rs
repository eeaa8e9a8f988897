//! The rendered HTML charter, opened in a real browser: headless Chromium
//! loads a page made from it, and the page it ends up with must show every
//! cookie name and show no sign that a script ran; the pages `render --page`
//! makes, in French and English, show their sections and tables.
//! Screenshots are kept in `target/test-output/`. They run where `chromium`
//! is on `PATH` and always on CI (`CI` set), where a missing Chromium fails
//! them; elsewhere they are ignored with their reason (build.rs decides).
//! `.ci/run` installs Chromium.

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

/// The `chromium` executable on `PATH`.
fn find_chromium() -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|folder| folder.join("chromium"))
        .find(|candidate| candidate.is_file())
}

/// The `chromium` on `PATH`; a test that runs without one fails, never
/// passes unrun.
fn required_chromium() -> PathBuf {
    find_chromium().unwrap_or_else(|| {
        panic!(
            "Chromium is not installed: no `chromium` on PATH (apt-get install chromium; .ci/run installs it before `cargo test`)"
        )
    })
}

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
#[cfg_attr(
    not(cookielint_browser_test),
    ignore = "needs Chromium: apt-get install chromium, or set CI=true"
)]
fn the_html_charter_renders_in_chromium_without_running_scripts() {
    let executable = required_chromium();
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
#[cfg_attr(
    not(cookielint_browser_test),
    ignore = "needs Chromium: apt-get install chromium, or set CI=true"
)]
fn render_page_makes_pages_chromium_shows_whole() {
    let executable = required_chromium();
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
