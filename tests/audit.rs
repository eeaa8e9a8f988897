//! `cookielint audit` through the binary: a declaration held against
//! captures (tests/fixtures/audit/), every output format, and every way it
//! can be told something wrong.

mod common;

use std::path::{Path, PathBuf};

use common::{
    FIXTURE_DECLARATION, Run, assert_fixture_findings, audit_findings, cookielint, project,
};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/audit")
}

/// The fixtures, copied into a folder outside any repository, so that
/// SARIF's paths (relative to the repository's root) are the same anywhere.
fn fixture_project() -> tempfile::TempDir {
    let read = |name: &str| std::fs::read_to_string(fixtures().join(name)).expect("fixture");
    project(&[
        ("cookies.yaml", &read("cookies.yaml")),
        ("before.json", &read("before.json")),
        ("after.json", &read("after.json")),
    ])
}

/// `audit cookies.yaml --before-consent before.json --after-consent
/// after.json` on the fixtures, with `extra` arguments.
fn audit(extra: &[&str]) -> Run {
    let dir = fixture_project();
    let mut args = vec![
        "audit",
        "cookies.yaml",
        "--before-consent",
        "before.json",
        "--after-consent",
        "after.json",
    ];
    args.extend_from_slice(extra);
    cookielint(dir.path(), &args)
}

#[test]
fn every_audit_rule_fires_at_its_line_in_the_declaration() {
    let run = audit(&["--format", "concise"]);
    assert_eq!(run.status, 1, "{}", run.stderr);
    insta::assert_snapshot!(run.stdout);
    assert_eq!(run.stderr, "checked 1 file: 3 errors, 4 warnings\n");
}

#[test]
fn every_format_carries_the_capture_location() {
    for format in ["full", "json", "sarif", "github", "gitlab"] {
        let run = audit(&["--format", format]);
        assert_eq!(run.status, 1, "{format}: {}", run.stderr);
        assert!(
            run.stdout.contains("after.json:"),
            "{format} does not name the capture:\n{}",
            run.stdout
        );
        insta::assert_snapshot!(format!("audit_{format}"), run.stdout);
    }
}

#[test]
fn sarif_gives_the_capture_as_a_related_location() {
    let run = audit(&["--format", "sarif"]);
    let sarif: serde_json::Value = serde_json::from_str(&run.stdout).expect("SARIF is JSON");
    let results = sarif["runs"][0]["results"].as_array().expect("results");
    let undeclared = results
        .iter()
        .find(|result| result["ruleId"] == "undeclared-cookie")
        .expect("an undeclared cookie");
    let related = &undeclared["relatedLocations"][0]["physicalLocation"];
    assert_eq!(related["artifactLocation"]["uri"], "after.json");
    assert!(related["region"]["startLine"].as_u64().is_some());
    let primary = &undeclared["locations"][0]["physicalLocation"];
    assert_eq!(primary["artifactLocation"]["uri"], "cookies.yaml");
}

/// A cookie name that clears the screen, retitles the terminal, rings and
/// turns the rest of the line around.
const TERMINAL_HIJACK: &str = "a\u{1b}[2J\u{1b}]0;owned\u{7}b\u{202e}evil";

#[test]
fn a_capture_s_cookie_name_cannot_drive_the_terminal_in_any_format() {
    let capture = serde_json::json!({
        "capturedAt": "2026-01-01T00:00:00Z",
        "origins": [],
        "cookies": [{
            "name": TERMINAL_HIJACK, "value": "1", "domain": "www.example.org", "path": "/",
            "expires": -1, "httpOnly": false, "secure": false, "sameSite": "Lax"
        }]
    });
    let declaration = std::fs::read_to_string(fixtures().join("cookies.yaml")).unwrap();
    let dir = project(&[
        ("cookies.yaml", &declaration),
        ("after.json", &capture.to_string()),
    ]);
    let shown = "`a\\u{1b}[2J\\u{1b}]0;owned\\u{7}b\\u{202e}evil`";
    for format in ["full", "concise", "github", "gitlab", "json", "sarif"] {
        let run = cookielint(
            dir.path(),
            &[
                "audit",
                "cookies.yaml",
                "--after-consent",
                "after.json",
                "--format",
                format,
            ],
        );
        assert_eq!(run.status, 1, "{format}: {}", run.stderr);
        for raw in ['\u{1b}', '\u{7}', '\u{202e}'] {
            assert!(
                !run.stdout.contains(raw) && !run.stderr.contains(raw),
                "{format} prints {raw:?} raw:\n{}",
                run.stdout
            );
        }
        let escaped = match format {
            "full" | "concise" | "github" => shown.to_string(),
            _ => shown.replace('\\', "\\\\"),
        };
        assert!(run.stdout.contains(&escaped), "{format}:\n{}", run.stdout);
    }
    let full = cookielint(
        dir.path(),
        &["audit", "cookies.yaml", "--after-consent", "after.json"],
    );
    assert!(
        full.stdout
            .contains(&format!("after.json:1:49: {shown} seen here")),
        "the place in the capture: {}",
        full.stdout
    );
    let github = cookielint(
        dir.path(),
        &[
            "audit",
            "cookies.yaml",
            "--after-consent",
            "after.json",
            "--format",
            "github",
        ],
    );
    assert!(
        github
            .stdout
            .contains(&format!("%0A# {shown} seen on www.example.org")),
        "the help: {}",
        github.stdout
    );
}

#[test]
fn select_and_allow_comments_apply_to_audit_rules() {
    let run = audit(&["--format", "concise", "--select", "set-before-consent"]);
    assert_eq!(run.status, 1, "{}", run.stderr);
    assert!(
        run.stdout
            .lines()
            .all(|line| line.contains("[set-before-consent]")),
        "{}",
        run.stdout
    );

    let declaration = std::fs::read_to_string(fixtures().join("cookies.yaml")).unwrap();
    let allowed = declaration.replace(
        "  - name: old_banner\n",
        "  # cookielint: allow(unseen-cookie) reason: set on the archive pages only\n  - name: old_banner\n",
    );
    let dir = project(&[
        ("cookies.yaml", &allowed),
        (
            "after.json",
            &std::fs::read_to_string(fixtures().join("after.json")).unwrap(),
        ),
    ]);
    let run = cookielint(
        dir.path(),
        &["audit", "cookies.yaml", "after.json", "--format", "concise"],
    );
    assert!(!run.stdout.contains("[unseen-cookie]"), "{}", run.stdout);
    // A plain `check` does not run the audit's rules, so the allow is not unused.
    let run = cookielint(
        dir.path(),
        &["check", "cookies.yaml", "--format", "concise"],
    );
    assert_eq!(run.status, 0, "{}{}", run.stdout, run.stderr);
}

#[test]
fn the_site_comes_from_the_flag_when_the_declaration_has_none() {
    let declaration = std::fs::read_to_string(fixtures().join("cookies.yaml"))
        .unwrap()
        .replace(
            "site: { name: Example, url: \"https://www.example.org\", languages: [en], consent_manager: /cookies }\n",
            "",
        );
    let after = std::fs::read_to_string(fixtures().join("after.json")).unwrap();
    let dir = project(&[("cookies.yaml", &declaration), ("after.json", &after)]);
    let party = |extra: &[&str]| {
        let mut args = vec!["audit", "cookies.yaml", "after.json", "--format", "concise"];
        args.extend_from_slice(extra);
        let run = cookielint(dir.path(), &args);
        run.stdout
            .lines()
            .filter(|line| line.contains("[party-mismatch]"))
            .count()
    };
    assert_eq!(party(&[]), 0, "no site: parties are not judged");
    assert_eq!(party(&["--site", "https://www.example.org/"]), 1);
}

#[test]
fn mistakes_in_the_command_are_errors_that_say_what_to_do() {
    let dir = fixture_project();
    let run = cookielint(dir.path(), &["audit", "cookies.yaml"]);
    assert_eq!(run.status, 2);
    assert_eq!(
        run.stderr,
        "error: no capture to audit against\n  help: Give captures after the declaration, or with `--before-consent FILE` and `--after-consent FILE` (see `cookielint scan` to make one).\n"
    );

    let run = cookielint(dir.path(), &["audit", "cookies.yaml", "missing.har"]);
    assert_eq!(run.status, 2);
    assert!(run.stderr.starts_with("error: "), "{}", run.stderr);
    assert!(run.stderr.contains("missing.har"), "{}", run.stderr);

    let dir = project(&[
        ("cookies.yaml", "version: 1\ncookies: []\n"),
        (
            "broken.json",
            "{\n  \"cookies\": [\n    {\"name\": \"a\",\n",
        ),
    ]);
    let run = cookielint(dir.path(), &["audit", "cookies.yaml", "broken.json"]);
    assert_eq!(run.status, 2);
    assert!(run.stderr.contains("broken.json"), "{}", run.stderr);
    assert!(
        run.stderr.contains(":3:") || run.stderr.contains(":4:"),
        "the error gives a line and column: {}",
        run.stderr
    );
}

#[test]
fn a_declaration_that_fails_check_still_gets_its_audit() {
    let declaration = std::fs::read_to_string(fixtures().join("cookies.yaml"))
        .unwrap()
        .replace("purpose: Audience measurement.", "purpose: TODO");
    let after = std::fs::read_to_string(fixtures().join("after.json")).unwrap();
    let dir = project(&[("cookies.yaml", &declaration), ("after.json", &after)]);
    let run = cookielint(
        dir.path(),
        &["audit", "cookies.yaml", "after.json", "--format", "concise"],
    );
    assert!(run.stdout.contains("[purpose-required]"), "{}", run.stdout);
    assert!(run.stdout.contains("[undeclared-cookie]"), "{}", run.stdout);
}

/// Captures of the fixture site (tests/common/fixture_site.rs) in
/// tests/fixtures/captures/: `real/` as Chromium recorded them
/// (scripts/record-hars.sh), the others written in another browser's shape.
fn capture_fixture(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/captures");
    std::fs::read_to_string(path.join(name)).expect("capture fixture")
}

/// A project of [`FIXTURE_DECLARATION`] as `cookies.yaml` and captures of
/// the fixture site: (file name in the project, fixture).
fn fixture_site_project(captures: &[(&str, &str)]) -> tempfile::TempDir {
    let texts: Vec<(&str, String)> = captures
        .iter()
        .map(|(name, fixture)| (*name, capture_fixture(fixture)))
        .collect();
    let mut files = vec![("cookies.yaml", FIXTURE_DECLARATION)];
    files.extend(texts.iter().map(|(name, text)| (*name, text.as_str())));
    project(&files)
}

/// `audit cookies.yaml ARGS --format concise` in `dir`.
fn audit_concise(dir: &Path, args: &[&str]) -> Run {
    let mut all = vec!["audit", "cookies.yaml"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--format", "concise"]);
    cookielint(dir, &all)
}

/// `audit_concise` of the fixture site's declaration against `captures`.
fn audit_fixture_site(captures: &[(&str, &str)], args: &[&str]) -> Run {
    audit_concise(fixture_site_project(captures).path(), args)
}

const REAL_HARS: [(&str, &str); 2] = [
    ("before.har", "real/before-consent.har"),
    ("after.har", "real/after-consent.har"),
];

#[test]
fn real_chromium_hars_give_the_findings_of_a_scan() {
    let run = audit_fixture_site(
        &REAL_HARS,
        &[
            "--before-consent",
            "before.har",
            "--after-consent",
            "after.har",
        ],
    );
    // Set by script, `theme` is only in the `Cookie` header of the page
    // loaded again after consent.
    assert_fixture_findings(
        &run,
        "`theme` (domain `site.test`, first party) is set by the site but not declared; seen at after.har:1:",
    );
}

#[test]
fn a_real_har_shows_the_tracker_set_before_consent_when_it_is() {
    // The first load sets only exempt cookies: the banner works.
    let run = audit_fixture_site(&REAL_HARS, &["--before-consent", "before.har"]);
    assert_eq!(
        audit_findings(&run.stdout),
        ["6:63 [attribute-mismatch]", "8:48 [duration-mismatch]"],
        "{}",
        run.stdout
    );
    // A site that loaded the tracker without asking would show it on its
    // first load: the after-consent HAR stands for one.
    let run = audit_fixture_site(&REAL_HARS, &["--before-consent", "after.har"]);
    assert!(
        audit_findings(&run.stdout).contains(&String::from("12:30 [set-before-consent]")),
        "{}",
        run.stdout
    );
}

#[test]
fn a_real_storage_state_gives_the_findings_of_a_scan() {
    let dir = fixture_site_project(&[("state.json", "real/after-consent-storage-state.json")]);
    // Playwright's storageState does not say when it was taken: the user
    // does, here with the time of the recording's last request.
    let har: serde_json::Value =
        serde_json::from_str(&capture_fixture("real/after-consent.har")).unwrap();
    let last_request = har["log"]["entries"].as_array().unwrap().last().unwrap()["startedDateTime"]
        .as_str()
        .unwrap();
    let run = audit_concise(dir.path(), &["state.json", "--captured-at", last_request]);
    assert_eq!(run.stderr, "checked 1 file: 2 errors, 4 warnings\n");
    assert_fixture_findings(&run, "seen at state.json:");
}

#[test]
fn a_firefox_har_gives_the_same_findings_from_its_set_cookie_headers() {
    let run = audit_fixture_site(
        &[("firefox.har", "fixture-site-firefox.har")],
        &["--after-consent", "firefox.har"],
    );
    // Its cookie lists have names only: `SameSite` comes from the header.
    assert_fixture_findings(
        &run,
        "`session_id` is declared with `same_site: lax` but was seen with `same_site: strict`; seen at firefox.har:90:24",
    );
}

#[test]
fn a_sanitized_chromium_har_is_an_error_that_says_how_to_export_cookies() {
    let run = audit_fixture_site(
        &[("sanitized.har", "fixture-site-chromium-sanitized.har")],
        &["--after-consent", "sanitized.har"],
    );
    assert_eq!(run.status, 2);
    assert_eq!(run.stdout, "");
    assert_eq!(
        run.stderr,
        "error: `sanitized.har`:28:16: this HAR has 4 requests and no cookie anywhere: it was exported without them\n  help: DevTools' default \"Export HAR (sanitized)\" leaves cookies out: in the Network panel, right-click a request and choose \"Export HAR (with sensitive data)\" (Chrome 130 and later; in Settings > Preferences > Network, tick \"Allow to generate HAR with sensitive data\"), or record with Playwright's `recordHar`. If the site really sets no cookie, a HAR is no evidence of it: give a `storageState` instead.\n"
    );
}

/// The fixture site's real captures, as `import` and `audit` are given them.
const FIXTURE_CAPTURES: [(&str, &str); 3] = [
    ("before.har", "real/before-consent.har"),
    ("after.har", "real/after-consent.har"),
    ("state.json", "real/after-consent-storage-state.json"),
];

fn fixture_captures() -> tempfile::TempDir {
    let files: Vec<(&str, String)> = FIXTURE_CAPTURES
        .iter()
        .map(|(name, fixture)| (*name, capture_fixture(fixture)))
        .collect();
    let files: Vec<(&str, &str)> = files.iter().map(|(n, t)| (*n, t.as_str())).collect();
    project(&files)
}

/// The storageState does not say when it was taken: the recording's time.
const CAPTURE_ARGS: [&str; 7] = [
    "--before-consent",
    "before.har",
    "--after-consent",
    "after.har",
    "state.json",
    "--captured-at",
    "2026-11-30T17:46:36Z",
];

#[test]
fn an_imported_declaration_leaves_only_what_a_person_must_decide() {
    let dir = fixture_captures();
    let mut args = vec!["import", "--output", "cookies.yaml"];
    args.extend_from_slice(&CAPTURE_ARGS);
    let run = cookielint(dir.path(), &args);
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout,
        "wrote 5 cookies to cookies.yaml: fill in its TODOs, then run `cookielint check cookies.yaml`\n"
    );
    let check = cookielint(
        dir.path(),
        &["check", "--format", "concise", "cookies.yaml"],
    );
    let rules: Vec<&str> = check
        .stdout
        .lines()
        .map(|line| line.split_once(": ").unwrap().1)
        .collect();
    // None of the five is in the Open Cookie Database: each has its purpose
    // and category to write; the consent record follows from the category
    // chosen; the tracker lives the browsers' longest; where the banner is
    // reopened only the site knows.
    assert_eq!(
        rules,
        [
            "warning [withdrawal-link] the site asks consent for `tracker_uid`, `theme`, `consent`, but `site.consent_manager` does not say where visitors change or withdraw it",
            "warning [consent-record] the site asks consent for `tracker_uid`, `theme`, `consent`, but no cookie records the visitor's choice",
            "error [purpose-required] the purpose of `session_id` is a placeholder (`TODO`)",
            "error [schema] an empty value is not a valid `category` of cookie `session_id`",
            "error [purpose-required] the purpose of `visitor` is a placeholder (`TODO`)",
            "error [schema] an empty value is not a valid `category` of cookie `visitor`",
            "error [purpose-required] the purpose of `tracker_uid` is a placeholder (`TODO`)",
            "error [schema] an empty value is not a valid `category` of cookie `tracker_uid`",
            "warning [max-duration] `tracker_uid` lives `P400D`, longer than 13 months",
            "error [purpose-required] the purpose of `theme` is a placeholder (`TODO`)",
            "error [schema] an empty value is not a valid `category` of cookie `theme`",
            "error [purpose-required] the purpose of `consent` is a placeholder (`TODO`)",
            "error [schema] an empty value is not a valid `category` of cookie `consent`",
        ],
        "{}",
        check.stdout
    );
    let mut args = vec!["audit", "cookies.yaml", "--format", "concise"];
    args.extend_from_slice(&CAPTURE_ARGS);
    let audit = cookielint(dir.path(), &args);
    assert_eq!(
        audit_findings(&audit.stdout),
        Vec::<String>::new(),
        "{}",
        audit.stdout
    );
    assert_eq!(audit.stdout, check.stdout);
}

#[test]
fn import_writes_to_standard_output_in_the_languages_asked() {
    let dir = fixture_captures();
    let run = cookielint(
        dir.path(),
        &[
            "import",
            "state.json",
            "--site",
            "https://site.test/",
            "--lang",
            "fr,en",
            "--captured-at",
            "2026-11-30T17:46:36Z",
        ],
    );
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert_eq!(run.stderr, "");
    insta::assert_snapshot!(run.stdout);
}

/// A Playwright `storageState` does not say when it was taken: its cookies'
/// lifetimes are unknown, never counted from the file's time (a checkout's),
/// and the user is told how to give the time.
#[test]
fn a_jar_that_does_not_say_when_it_was_taken_gives_no_lifetime_and_a_warning() {
    let dir = fixture_captures();
    let run = cookielint(
        dir.path(),
        &["import", "state.json", "--site", "https://site.test/"],
    );
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert_eq!(
        run.stderr,
        "warning: `state.json` does not say when it was taken, so the lifetime of its 4 persistent cookies is unknown\n  help: Give the time it was taken with `--captured-at 2026-05-01T10:00:00Z` (or add `\"capturedAt\"` to the file; `cookielint scan` writes it).\n"
    );
    let durations: Vec<&str> = run
        .stdout
        .lines()
        .filter(|line| line.trim_start().starts_with("duration:"))
        .map(str::trim)
        .collect();
    assert_eq!(
        durations,
        [
            "duration: session",
            "duration:",
            "duration:",
            "duration:",
            "duration:"
        ]
    );
    assert_eq!(
        run.stdout
            .matches("# TODO: the captures do not say how long it lives")
            .count(),
        4,
        "{}",
        run.stdout
    );
    // The same capture with its time: lifetimes, and no warning.
    let run = cookielint(
        dir.path(),
        &[
            "audit",
            "--captured-at",
            "1796147196",
            "--format",
            "concise",
            "cookies.yaml",
            "state.json",
        ],
    );
    assert!(
        !run.stderr.contains("warning: `state.json`"),
        "{}",
        run.stderr
    );
    let run = cookielint(
        dir.path(),
        &["import", "state.json", "--captured-at", "yesterday"],
    );
    assert_eq!(run.status, 2);
    assert!(
        run.stderr.contains("`yesterday` is not a time: write ISO 8601 UTC (`2026-05-01T10:00:00Z`) or Unix seconds (`1777629600`)"),
        "{}",
        run.stderr
    );
}

/// `import CAPTURE --into cookies.yaml` in `dir`, which must say it wrote
/// `cookies` ("1 cookie", "4 cookies"): the declaration it leaves.
fn import_into(dir: &Path, capture: &str, cookies: &str) -> String {
    let run = cookielint(dir, &["import", capture, "--into", "cookies.yaml"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout,
        format!(
            "wrote {cookies} to cookies.yaml: fill in its TODOs, then run `cookielint check cookies.yaml`\n"
        )
    );
    std::fs::read_to_string(dir.join("cookies.yaml")).unwrap()
}

#[test]
fn import_never_overwrites_and_adds_only_what_is_missing() {
    let dir = fixture_captures();
    std::fs::write(dir.path().join("cookies.yaml"), FIXTURE_DECLARATION).unwrap();
    let run = cookielint(
        dir.path(),
        &["import", "after.har", "--output", "cookies.yaml"],
    );
    assert_eq!(run.status, 2);
    assert_eq!(
        run.stderr,
        "error: `cookies.yaml` already exists; cookielint import does not overwrite it\n  help: Add the cookies it lacks with `--into cookies.yaml` (the rest of the file is kept), or replace it with `--force`.\n"
    );
    let merged = import_into(dir.path(), "after.har", "1 cookie");
    let added = merged
        .strip_prefix(FIXTURE_DECLARATION)
        .expect("the file kept as it was");
    assert!(
        added.starts_with("  # `theme` seen on site.test after consent at after.har:"),
        "{added}"
    );
    assert!(added.contains("  - name: theme\n"), "{added}");
    let run = cookielint(
        dir.path(),
        &["import", "after.har", "--into", "cookies.yaml"],
    );
    assert_eq!(
        run.stdout,
        "cookies.yaml already declares every cookie seen: nothing to add\n"
    );

    let run = cookielint(
        dir.path(),
        &["import", "after.har", "-o", "cookies.yaml", "--force"],
    );
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert!(
        !std::fs::read_to_string(dir.path().join("cookies.yaml"))
            .unwrap()
            .contains("Fixture")
    );
}

#[test]
fn import_says_what_is_wrong_with_its_input() {
    let dir = fixture_captures();
    let cases: [(&[&str], &str); 4] = [
        (
            &["import"],
            "error: no capture to import from\n  help: Give captures (`cookielint import first-load.har`), or with `--before-consent FILE` and `--after-consent FILE` (see `cookielint scan` to make one).\n",
        ),
        (
            &["import", "state.json", "--lang", "fr,en_GB"],
            "error: `--lang fr,en_GB`: `en_GB` is not a language tag\n  help: Give BCP 47 tags separated by commas, the default language first: `--lang fr,en`.\n",
        ),
        (
            &["import", "missing.har"],
            "error: `missing.har`: cannot read it: ",
        ),
        (
            &["import", "state.json", "--into", "none.yaml"],
            "error: cannot read `none.yaml`",
        ),
    ];
    for (args, said) in cases {
        let run = cookielint(dir.path(), args);
        assert_eq!(run.status, 2, "{args:?}");
        assert!(run.stderr.starts_with(said), "{args:?}: {}", run.stderr);
        assert_eq!(run.stdout, "");
    }
    let run = cookielint(dir.path(), &["import", "state.json", "--force"]);
    assert_eq!(run.status, 2);
    assert!(run.stderr.contains("--output"), "{}", run.stderr);
}

/// `(name, party, category)` of each entry of a declaration written one key
/// a line, as `import` writes and the seeds are.
fn entries_of(declaration: &str) -> Vec<(String, String, String)> {
    let mut entries: Vec<(String, String, String)> = Vec::new();
    for line in declaration.lines() {
        let line = line.trim_start();
        if let Some(name) = line.strip_prefix("- name: ") {
            entries.push((name.to_string(), String::new(), String::new()));
        } else if let (Some(entry), Some(party)) =
            (entries.last_mut(), line.strip_prefix("party: "))
        {
            entry.1 = party.to_string();
        } else if let (Some(entry), Some(category)) =
            (entries.last_mut(), line.strip_prefix("category:"))
        {
            entry.2 = category.trim().to_string();
        }
    }
    entries
}

#[test]
fn each_seed_comes_back_from_a_capture_of_its_cookies() {
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/seeds");
    for seed in std::fs::read_dir(seeds).unwrap() {
        let seed = seed.unwrap().path();
        let text = std::fs::read_to_string(&seed).unwrap();
        let url = text
            .lines()
            .find_map(|line| line.trim().strip_prefix("url: "))
            .unwrap();
        let host = url.trim_start_matches("https://");
        let declared = entries_of(&text);
        let cookies: Vec<String> = declared
            .iter()
            .map(|(name, _, _)| {
                format!(
                    r#"{{"name": "{name}", "value": "1", "domain": "{host}", "path": "/", "expires": -1, "httpOnly": true, "secure": true, "sameSite": "Lax"}}"#
                )
            })
            .collect();
        let state = format!(
            r#"{{"capturedAt": "2026-01-01T00:00:00Z", "origins": [], "cookies": [{}]}}"#,
            cookies.join(",")
        );
        let dir = project(&[("state.json", &state)]);
        let run = cookielint(dir.path(), &["import", "state.json", "--site", url]);
        assert_eq!(run.status, 0, "{}", run.stderr);
        let imported = entries_of(&run.stdout);
        assert_eq!(imported.len(), declared.len(), "{}", run.stdout);
        for (declared, imported) in declared.iter().zip(&imported) {
            assert_eq!(
                (&declared.0, &declared.1),
                (&imported.0, &imported.1),
                "{seed:?}"
            );
            // Where the base knows the cookie, its category is the seed's.
            if !imported.2.is_empty() {
                assert_eq!(declared.2, imported.2, "{seed:?}: {}", run.stdout);
            }
        }
        assert!(
            imported.iter().any(|entry| !entry.2.is_empty()),
            "{}",
            run.stdout
        );
    }
}

/// The team's known cookies (`known-cookies` in cookielint.toml) describe
/// its own cookies where the Open Cookie Database knows nothing: `import`
/// and the entry `undeclared-cookie` offers take their provider, category
/// and purpose, and consent follows the category.
#[test]
fn the_team_s_known_cookies_fill_imported_and_offered_entries() {
    let state = r#"{"capturedAt": "2026-01-01T00:00:00Z", "origins": [], "cookies": [
        {"name": "acme_sso", "value": "1", "domain": "intranet.example.org", "path": "/", "expires": -1, "httpOnly": true, "secure": true, "sameSite": "Lax"}]}"#;
    let team = "version: 1\ncookies:\n  - name: acme_sso\n    provider: Acme single sign-on\n    purpose: Keeps the employee signed in across Acme's tools.\n    category: necessary\n    party: first\n    consent: exempt\n    duration: session\n";
    let declared = "version: 1\nsite:\n  url: https://intranet.example.org\ncookies: []\n";
    let dir = project(&[
        ("cookielint.toml", "known-cookies = [\"team.yaml\"]\n"),
        ("team.yaml", team),
        ("state.json", state),
        ("cookies.yaml", declared),
    ]);
    // Each line of the entry, whatever its indentation in the document.
    let has_entry = |text: &str| {
        [
            "provider: Acme single sign-on\n",
            "purpose: Keeps the employee signed in across Acme's tools.\n",
            "category: necessary\n",
            "party: first\n",
            "consent: exempt\n",
        ]
        .iter()
        .all(|line| text.contains(line))
    };

    let imported = cookielint(
        dir.path(),
        &[
            "import",
            "state.json",
            "--site",
            "https://intranet.example.org",
        ],
    );
    assert_eq!(imported.status, 0, "{}", imported.stderr);
    assert!(has_entry(&imported.stdout), "{}", imported.stdout);
    assert!(
        !imported.stdout.contains("purpose: TODO"),
        "{}",
        imported.stdout
    );

    let audited = cookielint(
        dir.path(),
        &[
            "audit",
            "cookies.yaml",
            "--before-consent",
            "state.json",
            "--format",
            "json",
        ],
    );
    assert_eq!(audited.status, 1, "{}", audited.stderr);
    let report: serde_json::Value = serde_json::from_str(&audited.stdout).expect("JSON");
    let help = report["findings"][0]["help"].as_str().expect("a help");
    assert!(has_entry(help), "{help}");

    // Without the configuration, the same cookie is unknown.
    std::fs::remove_file(dir.path().join("cookielint.toml")).expect("remove");
    let unknown = cookielint(
        dir.path(),
        &[
            "import",
            "state.json",
            "--site",
            "https://intranet.example.org",
        ],
    );
    assert!(
        unknown.stdout.contains("purpose: TODO"),
        "{}",
        unknown.stdout
    );
}

/// The names of tests/fixtures/captures/hostile-names.json, which a site
/// chose: one holds a YAML entry after a line break, one redraws the
/// terminal, one breaks lines as Unicode, NEL and a lone CR do (and is set on
/// a path that would end a flow mapping), one reverses the text after it.
const HOSTILE_NAMES: [&str; 4] = [
    "x`\n- name: injected_tracker\n  provider: Evil\n  purpose: Nothing to see.\n  category: necessary\n  party: first\n  consent: exempt\n  duration: session\n#",
    "a\u{1b}[2J\u{1b}]0;owned\u{7}b",
    "line\u{2028}- name: separated\r- name: returned\u{85}- name: next",
    "txt.\u{202e}exe",
];

/// The names a declaration's text declares, as the library reads them.
fn declared_names(text: &str) -> Vec<String> {
    let source = cookielint::source::SourceFile::new("cookies.yaml", text.to_string());
    let root = cookielint::yaml::parse(&source).expect("the declaration parses");
    cookielint::model::Declaration::new(&root, &[])
        .cookies
        .iter()
        .map(|cookie| cookie.name.value().expect("a name").to_string())
        .collect()
}

/// Whether a text holds a character that ends a line, moves the cursor or
/// reorders what is shown.
fn holds_raw_controls(text: &str) -> bool {
    text.lines().any(|line| {
        line.chars()
            .any(|c| c.is_control() || matches!(c, '\u{2028}' | '\u{2029}' | '\u{202e}'))
    })
}

#[test]
fn a_capture_s_names_never_become_entries_of_the_declaration() {
    let declared = "version: 1\nsite:\n  url: https://site.test\ncookies:\n  - name: keep\n    provider: Us\n    purpose: Keeps the session.\n    category: necessary\n    party: first\n    consent: exempt\n    duration: session\n";
    let dir = project(&[
        ("cookies.yaml", declared),
        ("state.json", &capture_fixture("hostile-names.json")),
    ]);
    let merged = import_into(dir.path(), "state.json", "4 cookies");
    assert!(!holds_raw_controls(&merged), "{merged}");
    // Each name reads back as the capture wrote it, and nothing more.
    let mut expected = vec!["keep".to_string()];
    expected.extend(HOSTILE_NAMES.iter().map(|name| name.to_string()));
    assert_eq!(declared_names(&merged), expected, "{merged}");
    assert!(
        merged.contains("  # `x`\\u{a}- name: injected_tracker\\u{a}  provider: Evil\\u{a}"),
        "{merged}"
    );
    assert!(merged.contains("path: \"/a, b: { c }\" }\n"), "{merged}");
    let check = cookielint(
        dir.path(),
        &["check", "--format", "concise", "cookies.yaml"],
    );
    assert!(!check.stdout.contains("[yaml-syntax]"), "{}", check.stdout);
    assert!(
        !check.stdout.contains("`injected_tracker`"),
        "{}",
        check.stdout
    );

    // The draft to standard output is the same YAML.
    let draft = cookielint(dir.path(), &["import", "state.json"]);
    assert_eq!(draft.status, 0, "{}", draft.stderr);
    assert!(!holds_raw_controls(&draft.stdout), "{}", draft.stdout);
    assert_eq!(
        declared_names(&draft.stdout),
        HOSTILE_NAMES,
        "{}",
        draft.stdout
    );
}

#[test]
fn a_capture_s_names_are_escaped_in_every_report() {
    let declared = "version: 1\nsite:\n  url: https://site.test\ncookies: []\n";
    let dir = project(&[
        ("cookies.yaml", declared),
        ("state.json", &capture_fixture("hostile-names.json")),
    ]);
    for format in ["full", "concise", "json", "sarif", "github", "gitlab"] {
        let run = cookielint(
            dir.path(),
            &["audit", "cookies.yaml", "state.json", "--format", format],
        );
        assert_eq!(run.status, 1, "{format}: {}", run.stderr);
        assert!(run.stdout.contains("[2J"), "{format}: {}", run.stdout);
        assert!(!holds_raw_controls(&run.stdout), "{format}: {}", run.stdout);
    }
    // The entry offered to paste, and the place it was seen, say the name
    // escaped, on one line.
    let run = cookielint(dir.path(), &["audit", "cookies.yaml", "state.json"]);
    assert!(
        run.stdout
            .contains("# `a\\u{1b}[2J\\u{1b}]0;owned\\u{7}b` seen on site.test after consent at state.json:4:5"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("state.json:4:5: `a\\u{1b}[2J\\u{1b}]0;owned\\u{7}b` seen here"),
        "{}",
        run.stdout
    );
}

/// 20,000 names seen only in one request's `Cookie` header: each its own
/// entry, found by an index rather than a search of the entries so far
/// (minutes before; `benches/import_audit.sh` times it).
#[cfg(unix)]
#[test]
fn import_of_twenty_thousand_names_seen_by_name_only_is_linear() {
    const NAMES: usize = 20_000;
    let header: Vec<String> = (0..NAMES).map(|i| format!("name{i}=v")).collect();
    let har = format!(
        r#"{{"log": {{"version": "1.2", "entries": [{{"startedDateTime": "2024-05-01T10:00:00Z",
        "request": {{"method": "GET", "url": "https://www.site.test/", "headers": [{{"name": "Cookie", "value": "{}"}}], "cookies": []}},
        "response": {{"status": 200, "headers": [], "cookies": []}}}}]}}}}"#,
        header.join("; ")
    );
    let dir = project(&[("names.har", &har)]);
    let run =
        common::cookielint_bounded(dir.path(), &["import", "names.har", "-o", "cookies.yaml"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout,
        format!(
            "wrote {NAMES} cookies to cookies.yaml: fill in its TODOs, then run `cookielint check cookies.yaml`\n"
        )
    );
}

/// 20,000 declared names (two of them patterns) against 50,000 cookies,
/// each name seen on two or three paths: each sighting is held against the
/// entries of its name and the patterns, not against every entry.
#[cfg(unix)]
#[test]
fn audit_of_twenty_thousand_entries_against_fifty_thousand_cookies_is_linear() {
    const ENTRIES: usize = 20_000;
    const NAMED: usize = ENTRIES - 2;
    let mut declaration =
        String::from("version: 1\nsite: { url: \"https://www.site.test\" }\ncookies:\n");
    for i in 0..ENTRIES {
        let name = match i {
            NAMED => "pre_*".to_string(),
            _ if i > NAMED => "*_post".to_string(),
            _ => format!("c{i}"),
        };
        declaration.push_str(&format!(
            "  - {{ name: \"{name}\", provider: Site, purpose: Keeps a setting., category: necessary,\n      party: first, consent: exempt, duration: session }}\n"
        ));
    }
    let cookies: Vec<String> = (0..50_000)
        .map(|i| {
            format!(
                r#"{{"name": "c{}", "value": "v", "domain": "www.site.test", "path": "/p{}", "expires": -1, "httpOnly": true, "secure": true, "sameSite": "Lax"}}"#,
                i % NAMED,
                i / NAMED
            )
        })
        .chain(std::iter::once(
            r#"{"name": "pre_x", "value": "v", "domain": "www.site.test", "path": "/", "expires": -1, "httpOnly": true, "secure": true, "sameSite": "Lax"}"#.to_string(),
        ))
        .collect();
    let state = format!(
        r#"{{"capturedAt": "2024-05-01T10:00:00Z", "origins": [], "cookies": [{}]}}"#,
        cookies.join(",\n")
    );
    let dir = project(&[("cookies.yaml", &declaration), ("state.json", &state)]);
    let run = common::cookielint_bounded(
        dir.path(),
        &["audit", "cookies.yaml", "state.json", "--format", "concise"],
    );
    assert_eq!(run.status, 0, "{}", run.stderr);
    // Every name is seen but the pattern no cookie matches.
    assert_eq!(
        run.stdout,
        "cookies.yaml:40002:13: warning [unseen-cookie] `*_post` is declared, but no capture saw it\n"
    );
}

/// A scan of a site served on `127.0.0.1` (as a developer scans their own),
/// before and after consent, as `cookielint scan` writes it.
const LOCAL_SCANS: [(&str, &str); 2] = [
    ("before.json", "scan-127-before-consent.json"),
    ("after.json", "scan-127-after-consent.json"),
];

#[test]
fn a_draft_from_scans_creates_no_finding_of_its_own() {
    let files: Vec<(&str, String)> = LOCAL_SCANS
        .iter()
        .map(|(name, fixture)| (*name, capture_fixture(fixture)))
        .collect();
    let files: Vec<(&str, &str)> = files.iter().map(|(n, t)| (*n, t.as_str())).collect();
    let dir = project(&files);
    let captures = [
        "--before-consent",
        "before.json",
        "--after-consent",
        "after.json",
    ];
    let mut args = vec!["import", "-o", "cookies.yaml"];
    args.extend_from_slice(&captures);
    let run = cookielint(dir.path(), &args);
    assert_eq!(run.status, 0, "{}", run.stderr);
    let draft = std::fs::read_to_string(dir.path().join("cookies.yaml")).unwrap();
    // The scan's page is the site; an IP address is its own domain.
    assert!(
        draft.contains("\nsite:\n  url: http://127.0.0.1:8080\ncookies:\n"),
        "{draft}"
    );
    assert_eq!(
        draft.matches("    provider: 127.0.0.1\n").count(),
        2,
        "{draft}"
    );
    assert_eq!(draft.matches("    party: first\n").count(), 3, "{draft}");
    assert_eq!(draft.matches("    party: third\n").count(), 1, "{draft}");

    let mut args = vec!["audit", "cookies.yaml", "--format", "concise"];
    args.extend_from_slice(&captures);
    let audit = cookielint(dir.path(), &args);
    assert_eq!(audit.status, 1, "{}", audit.stderr);
    // What the audit finds is what the captures show: a tracker the
    // database knows (`_ga`) and a third party's cookie, both set before
    // consent; the site's own `sid`, set before consent too, is drafted
    // exempt. Each finding's entry says why, for review.
    let findings = audit_findings(&audit.stdout);
    assert_eq!(
        findings,
        ["27:14 [set-before-consent]", "39:14 [set-before-consent]"],
        "{}",
        audit.stdout
    );
    let lines: Vec<&str> = draft.lines().collect();
    for (line, name) in [(27, "_ga"), (39, "uid")] {
        assert_eq!(lines[line - 1], "    consent: required", "{draft}");
        assert!(lines[line - 2].starts_with("    # REVIEW: "), "{draft}");
        assert!(
            audit
                .stdout
                .contains(&format!("[set-before-consent] `{name}`")),
            "{}",
            audit.stdout
        );
    }
    assert!(
        draft.contains("    # REVIEW: drafted exempt because the site set it before consent: if it is not strictly necessary, write `consent: required` and make the site wait for consent\n    consent: exempt\n"),
        "{draft}"
    );
    // The third party's cookie is reported before any entry is written.
    std::fs::write(dir.path().join("cookies.yaml"), "version: 1\ncookies: []\n").unwrap();
    let undeclared = cookielint(dir.path(), &args);
    assert!(
        undeclared.stdout.contains("[set-before-consent] `uid`"),
        "{}",
        undeclared.stdout
    );
}

/// `(name, domain, duration)` of each entry `import FIXTURE` drafts, from
/// the capture fixture `fixture` (tests/fixtures/captures/).
fn drafted(fixture: &str) -> Vec<(String, String, String)> {
    let dir = project(&[("capture.json", &capture_fixture(fixture))]);
    let run = cookielint(dir.path(), &["import", "capture.json"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    let mut entries: Vec<(String, String, String)> = Vec::new();
    for line in run.stdout.lines().map(str::trim_start) {
        if let Some(name) = line.strip_prefix("- name: ") {
            entries.push((name.to_string(), String::new(), String::new()));
        } else if let Some(entry) = entries.last_mut() {
            if let Some(domain) = line.strip_prefix("domain: ") {
                entry.1 = domain.to_string();
            } else if let Some(duration) = line.strip_prefix("duration: ") {
                entry.2 = duration.to_string();
            }
        }
    }
    entries
}

fn entry(name: &str, domain: &str, duration: &str) -> (String, String, String) {
    (name.to_string(), domain.to_string(), duration.to_string())
}

#[test]
fn a_response_s_cookie_list_and_set_cookie_headers_are_one_cookie_each() {
    // Each `response.cookies` entry has no `domain`; its `Set-Cookie` line
    // says `Domain=.tracker-exemple.com`: one cookie, the header's.
    let fixture = "cookies-list-without-domain.har";
    assert_eq!(
        drafted(fixture),
        [
            entry("uid", "tracker-exemple.com", "P30D"),
            entry("IDE", "tracker-exemple.com", "P2M"),
            entry("_ga", "tracker-exemple.com", "P10D"),
        ]
    );
    let dir = project(&[
        ("cookies.yaml", "version: 1\ncookies: []\n"),
        ("capture.har", &capture_fixture(fixture)),
    ]);
    let run = audit_concise(dir.path(), &["capture.har"]);
    assert_eq!(run.status, 1, "{}", run.stderr);
    let undeclared: Vec<&str> = run
        .stdout
        .lines()
        .filter(|line| line.contains("[undeclared-cookie]"))
        .map(|line| line.split("] ").nth(1).unwrap_or_default())
        .collect();
    assert_eq!(
        undeclared,
        [
            "`IDE` (domain `tracker-exemple.com`, first party) is set by the site but not declared; seen at capture.har:20:13",
            "`_ga` (domain `tracker-exemple.com`, first party) is set by the site but not declared; seen at capture.har:21:13",
            "`uid` (domain `tracker-exemple.com`, first party) is set by the site but not declared; seen at capture.har:19:13",
        ],
        "{}",
        run.stdout
    );
}

#[test]
fn a_cookie_for_a_public_suffix_is_one_no_browser_holds() {
    // From `www.x.co.uk`: `Domain=.co.uk` and `Domain=uk` are refused, in
    // the `Set-Cookie` header as in Chromium's cookie lists (the request's
    // too); `Domain=x.co.uk` is the site's own.
    assert_eq!(
        drafted("public-suffix-domain.har"),
        [entry("site", "x.co.uk", "session")]
    );
    // A jar's `.co.uk` cookie likewise; and an `expires` in the year 293,000
    // lives the 400 days a browser keeps a cookie.
    assert_eq!(
        drafted("long-lived-storage-state.json"),
        [entry("forever", "tracker-exemple.com", "P400D")]
    );
}

/// A HAR of one request to `url`, whose response sets `lines` (joined with
/// newlines in one `Set-Cookie` header when `joined`, else one a header).
fn har_setting(url: &str, lines: &[String], joined: bool) -> String {
    let headers: Vec<String> = if joined {
        vec![lines.join("\\n")]
    } else {
        lines.to_vec()
    };
    let headers: Vec<String> = headers
        .iter()
        .map(|value| format!("{{\"name\": \"Set-Cookie\", \"value\": \"{value}\"}}"))
        .collect();
    format!(
        "{{\"log\": {{\"entries\": [{{\"startedDateTime\": \"2024-05-01T10:00:00Z\", \"request\": {{\"url\": \"{url}\"}},\n\"response\": {{\"headers\": [{}]}}}}]}}}}\n",
        headers.join(",\n")
    )
}

#[test]
fn a_long_url_is_shown_cut_in_every_finding_that_names_it() {
    // 300 cookies seen at a 1 MB URL: each finding names the URL, cut.
    let url = format!("https://www.example.org/?{}", "q".repeat(1_000_000));
    let lines: Vec<String> = (0..300).map(|i| format!("c{i}=1; Max-Age=60")).collect();
    let dir = project(&[
        ("cookies.yaml", "version: 1\ncookies: []\n"),
        ("capture.har", &har_setting(&url, &lines, false)),
    ]);
    let run = cookielint(
        dir.path(),
        &["audit", "cookies.yaml", "capture.har", "--format", "json"],
    );
    assert_eq!(run.status, 1, "{}", run.stderr);
    assert!(run.stdout.len() < 1_000_000, "{} bytes", run.stdout.len());
    let report: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON");
    let seen: Vec<&str> = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter_map(|finding| finding["elsewhere"][0]["message"].as_str())
        .collect();
    assert_eq!(seen.len(), 300);
    // 500 characters of the URL, then an ellipsis.
    let url = format!("https://www.example.org/?{}…", "q".repeat(475));
    assert_eq!(seen[0], format!("`c0` seen here, at {url}"));
}

#[test]
fn a_capture_of_more_cookies_than_browsers_keep_is_refused() {
    let names: Vec<String> = (0..=100_000).map(|i| format!("c{i}=v")).collect();
    let jar: Vec<String> = (0..=100_000)
        .map(|i| format!("{{\"name\": \"c{i}\", \"domain\": \"example.org\"}}"))
        .collect();
    let dir = project(&[
        (
            "joined.har",
            &har_setting("https://example.org/", &names, true),
        ),
        (
            "state.json",
            &format!("{{\"cookies\": [\n{}\n]}}", jar.join(",\n")),
        ),
    ]);
    let help = "  help: Capture the site's pages alone (a HAR or a storageState of one visit), or split the capture into files of fewer cookies.\n";
    for (capture, at) in [("joined.har", "2:58"), ("state.json", "100002:1")] {
        let run = cookielint(dir.path(), &["import", capture]);
        assert_eq!(run.status, 2, "{capture}: {}", run.stderr);
        assert_eq!(run.stdout, "");
        assert_eq!(
            run.stderr,
            format!(
                "error: `{capture}`:{at}: this capture holds more than 100,000 cookies (the one beyond them is here), where a browser keeps about 3,000: it is no record of visits to a site\n{help}"
            )
        );
    }
}
