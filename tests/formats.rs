//! Every output format through the binary, on a fixed example with a path
//! holding spaces and messages holding `%`, `:` and (in help) a newline.

mod common;

use std::path::Path;

use common::{Run, THIRD_PARTY_EXEMPT as DECLARATION, cookielint_with_env};
use tempfile::TempDir;

const RULE: &str = r#"id: full-consent-rate
severity: warning
summary: "Ratio: 100% of third parties ask."
when: { party: third }
at: party
message: "{name}: 100% third-party, set by {provider}"
help: Check the vendor's contract.
"#;

fn project() -> TempDir {
    common::project(&[
        ("cookielint.toml", "rule-paths = [\"rule.yaml\"]\n"),
        ("rule.yaml", RULE),
        ("my site/cookies.yaml", DECLARATION),
    ])
}

fn cookielint(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Run {
    cookielint_with_env(dir, args, env)
}

fn format(name: &str) -> Run {
    let dir = project();
    let run = cookielint(dir.path(), &["check", "--format", name], &[]);
    assert_eq!(run.status, 1, "{name}: {}", run.stderr);
    assert_eq!(run.stderr, "checked 1 file: 1 error, 1 warning\n", "{name}");
    run
}

#[test]
fn concise() {
    insta::assert_snapshot!(format("concise").stdout);
}

#[test]
fn full() {
    insta::assert_snapshot!(format("full").stdout);
}

#[test]
fn json() {
    let run = format("json");
    let document: serde_json::Value = serde_json::from_str(&run.stdout).expect("valid JSON");
    assert_eq!(document["version"], 1);
    assert_eq!(document["summary"]["errors"], 1);
    insta::assert_snapshot!(run.stdout);
}

#[test]
fn sarif() {
    let run = format("sarif");
    let document: serde_json::Value = serde_json::from_str(&run.stdout).expect("valid JSON");
    let run_0 = &document["runs"][0];
    assert_eq!(document["version"], "2.1.0");
    assert_eq!(run_0["columnKind"], "unicodeCodePoints");
    let results = run_0["results"].as_array().expect("results");
    assert_eq!(results.len(), 2);
    assert_eq!(
        results[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "my%20site/cookies.yaml"
    );
    let rules = run_0["tool"]["driver"]["rules"].as_array().expect("rules");
    assert!(
        rules.iter().any(|rule| rule["id"] == "full-consent-rate"),
        "user rules are described"
    );
    assert!(
        rules
            .iter()
            .all(|rule| rule["help"]["markdown"].is_string())
    );
    // Only the results: the rule descriptions are the rule files' text.
    insta::assert_snapshot!(serde_json::to_string_pretty(&results).expect("json"));
}

#[test]
fn sarif_fingerprints_survive_unrelated_edits() {
    let fingerprints = |text: &str| {
        let dir = project();
        std::fs::write(dir.path().join("my site/cookies.yaml"), text).expect("write");
        let run = cookielint(dir.path(), &["check", "--format", "sarif"], &[]);
        let document: serde_json::Value = serde_json::from_str(&run.stdout).expect("json");
        document["runs"][0]["results"]
            .as_array()
            .expect("results")
            .iter()
            .map(|result| result["partialFingerprints"]["primaryLocationLineHash"].to_string())
            .collect::<Vec<_>>()
    };
    let before = fingerprints(DECLARATION);
    let edited = DECLARATION.replace(
        "version: 1\n",
        "# Our cookies, reviewed 2026-11.\n\nversion: 1\n",
    );
    assert_eq!(fingerprints(&edited), before);
}

#[test]
fn github() {
    let run = format("github");
    insta::assert_snapshot!(run.stdout);
    assert!(run.stdout.contains("file=my site/cookies.yaml,"));
    assert!(
        run.stdout.contains("::`_ga`%3A 100%25 third-party")
            || run.stdout.contains("::`_ga`: 100%25 third-party")
    );
    assert!(
        run.stdout.contains("%0Ahelp: "),
        "the help's line break is escaped"
    );
}

#[test]
fn github_says_how_many_when_it_shows_only_ten() {
    let dir = project();
    let many: String = (0..12)
        .map(|index| format!("  - {{ name: c{index}, provider: X, purpose: P., category: marketing, party: first, consent: exempt, duration: P1D }}\n"))
        .collect();
    std::fs::write(
        dir.path().join("my site/cookies.yaml"),
        format!("version: 1\ncookies:\n{many}"),
    )
    .expect("write");
    let run = cookielint(
        dir.path(),
        &[
            "check",
            "--format",
            "github",
            "--select",
            "consent-exemption",
        ],
        &[],
    );
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines.len(), 13);
    assert_eq!(
        lines[12],
        "::notice title=cookielint::cookielint found 12 errors and 0 warnings in 1 file; GitHub shows the first 10 of each as annotations, the log above has them all"
    );
}

#[test]
fn gitlab() {
    let run = format("gitlab");
    let issues: serde_json::Value = serde_json::from_str(&run.stdout).expect("valid JSON");
    let issues = issues.as_array().expect("an array");
    assert_eq!(issues.len(), 2);
    let fingerprints: std::collections::HashSet<_> = issues
        .iter()
        .map(|issue| issue["fingerprint"].to_string())
        .collect();
    assert_eq!(fingerprints.len(), 2, "fingerprints are unique");
    insta::assert_snapshot!(run.stdout);
}

#[test]
fn on_github_actions_the_human_report_also_annotates() {
    let dir = project();
    let run = cookielint(dir.path(), &["check"], &[("GITHUB_ACTIONS", "true")]);
    assert!(
        run.stdout.contains("× `_ga` is set by another site"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("::error file=my site/cookies.yaml,line=8,col=14,"),
        "{}",
        run.stdout
    );
    let run = cookielint(
        dir.path(),
        &["check", "--format", "concise"],
        &[("GITHUB_ACTIONS", "true")],
    );
    assert!(
        !run.stdout.contains("::error"),
        "an explicit format is respected"
    );
}

#[test]
fn output_writes_the_report_to_a_file() {
    let dir = project();
    let run = cookielint(
        dir.path(),
        &["check", "--format", "json", "--output", "report.json"],
        &[],
    );
    assert_eq!(run.status, 1);
    assert_eq!(run.stdout, "");
    assert_eq!(run.stderr, "checked 1 file: 1 error, 1 warning\n");
    let written = std::fs::read_to_string(dir.path().join("report.json")).expect("report written");
    assert_eq!(written, format("json").stdout);
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .expect("dir")
        .filter_map(Result::ok)
        .filter(|entry| entry.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "no temporary file left behind");

    let run = cookielint(
        dir.path(),
        &["check", "--output", "no/such/dir/report.txt"],
        &[],
    );
    assert_eq!(run.status, 2);
    assert!(
        run.stderr.contains("error: cannot write the report"),
        "{}",
        run.stderr
    );
}

#[test]
fn quiet_prints_findings_only() {
    let dir = project();
    let run = cookielint(
        dir.path(),
        &["check", "--format", "concise", "--quiet"],
        &[],
    );
    assert_eq!(run.status, 1);
    assert_eq!(run.stderr, "");
    assert_eq!(run.stdout.lines().count(), 2);
}

#[test]
fn colour_is_chosen_by_flag_and_environment() {
    let dir = project();
    let has_ansi = |args: &[&str], env: &[(&str, &str)]| {
        cookielint(dir.path(), args, env).stdout.contains('\u{1b}')
    };
    assert!(!has_ansi(&["check"], &[]), "no colour off a terminal");
    assert!(has_ansi(&["check", "--color", "always"], &[]));
    assert!(
        has_ansi(&["check", "--color", "always"], &[("NO_COLOR", "1")]),
        "an explicit flag wins"
    );
    assert!(has_ansi(&["check"], &[("CLICOLOR_FORCE", "1")]));
    assert!(
        !has_ansi(&["check"], &[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")]),
        "NO_COLOR wins over CLICOLOR_FORCE"
    );
    assert!(!has_ansi(
        &["check", "--color", "never"],
        &[("CLICOLOR_FORCE", "1")]
    ));
}

#[test]
fn output_order_is_by_path_whatever_the_argument_order() {
    let dir = project();
    std::fs::write(dir.path().join("a.cookies.yaml"), DECLARATION).expect("write");
    let forward = cookielint(
        dir.path(),
        &["check", "--format", "concise", "a.cookies.yaml", "my site"],
        &[],
    );
    let backward = cookielint(
        dir.path(),
        &["check", "--format", "concise", "my site", "a.cookies.yaml"],
        &[],
    );
    assert_eq!(forward.stdout, backward.stdout);
    assert!(forward.stdout.starts_with("a.cookies.yaml:"));
}

/// The CI examples in docs/ci/ are run: every `cookielint` command in them
/// works on a passing declaration, and writes the report it names.
#[test]
fn the_documented_ci_commands_work() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut commands = 0;
    for example in ["docs/ci/github-workflow.yml", "docs/ci/gitlab-ci.yml"] {
        let text = std::fs::read_to_string(root.join(example)).expect("CI example");
        for line in text.lines() {
            let line = line
                .trim()
                .trim_start_matches("- ")
                .trim_start_matches("run: ");
            let Some(arguments) = line.strip_prefix("cookielint ") else {
                continue;
            };
            let arguments: Vec<&str> = arguments
                .split(" || ")
                .next()
                .unwrap_or_default()
                .split_whitespace()
                .collect();
            let dir = tempfile::tempdir().expect("tempdir");
            let seed =
                std::fs::read_to_string(root.join("examples/seeds/opendata.pau.fr.cookies.yaml"))
                    .expect("seed");
            std::fs::write(dir.path().join("cookies.yaml"), seed).expect("write");
            if arguments.contains(&"--check") {
                // The charter a repository would have committed.
                let render: Vec<&str> = arguments
                    .iter()
                    .copied()
                    .filter(|argument| *argument != "--check")
                    .collect();
                assert_eq!(
                    cookielint(dir.path(), &render, &[]).status,
                    0,
                    "{example}: {render:?}"
                );
            }
            let run = cookielint(dir.path(), &arguments, &[]);
            assert_eq!(
                run.status,
                0,
                "{example}: cookielint {}: {}",
                arguments.join(" "),
                run.stderr
            );
            let is_report = arguments.first() == Some(&"check");
            if let Some(index) = arguments
                .iter()
                .position(|argument| *argument == "--output")
                .filter(|_| is_report)
            {
                let written = dir.path().join(arguments[index + 1]);
                let report: serde_json::Value = serde_json::from_str(
                    &std::fs::read_to_string(written).expect("report written"),
                )
                .expect("JSON report");
                assert!(report.is_object() || report.is_array());
            }
            commands += 1;
        }
    }
    // GitHub's example runs `check` through the action (scripts/action-e2e.sh
    // runs that), then `render --check` and `export --check`; GitLab's runs
    // four commands.
    assert_eq!(commands, 6, "the examples hold six cookielint commands");
}
