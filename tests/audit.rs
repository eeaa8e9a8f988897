//! `cookielint audit` through the binary: a declaration held against
//! captures (tests/fixtures/audit/), every output format, and every way it
//! can be told something wrong.

mod common;

use std::path::{Path, PathBuf};

use common::{Run, cookielint, project};

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
            "site: { name: Example, url: \"https://www.example.org\", languages: [en] }\n",
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
