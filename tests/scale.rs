//! Inputs built to make a linter crash, slow or greedy (`common/hostile.rs`),
//! through the real binary in every output format. Each run gets at most
//! 20 s of CPU and 1 GiB of address space (`ulimit`): work that grows with
//! findings × file size, or copies that grow with nesting, is killed and
//! fails the test, with no timing asserted. `benches/hostile.sh` times the
//! same inputs at full size in a release build.
#![cfg(unix)]

mod common;
#[path = "common/hostile.rs"]
#[allow(dead_code)]
mod hostile;

use std::path::Path;
use std::process::Command;

use common::{Run, project};

/// Concise first: the other formats are held against its count.
const FORMATS: [&str; 6] = ["concise", "full", "json", "sarif", "github", "gitlab"];

fn document(text: &str) -> serde_json::Value {
    serde_json::from_str(text).expect("a JSON document")
}

fn findings_in(concise: &str) -> usize {
    concise.lines().count()
}

/// `cookielint check --format FORMAT FILE` under CPU-time and memory limits.
fn bounded(dir: &Path, format: &str, file: &str) -> Run {
    let binary = assert_cmd::cargo::cargo_bin("cookielint");
    let output = Command::new("sh")
        .arg("-c")
        .arg("ulimit -t 20; ulimit -v 1048576; exec \"$0\" \"$@\"")
        .arg(binary)
        .args(["check", "--color", "never", "--format", format, file])
        .current_dir(dir)
        .env_remove("GITHUB_ACTIONS")
        .output()
        .expect("sh runs");
    Run::of(output)
}

/// Runs `text` in every format; each run ends with findings (exit 1) or
/// none (exit 0), never a crash or a limit. Returns the concise report.
fn every_format(text: &str, expected_status: i32) -> String {
    let dir = project(&[("cookies.yaml", text)]);
    let mut concise = String::new();
    for format in FORMATS {
        let run = bounded(dir.path(), format, "cookies.yaml");
        assert_eq!(
            run.status,
            expected_status,
            "--format {format}: {}",
            &run.stderr[..run.stderr.len().min(2000)]
        );
        // The document formats are whole documents with every finding.
        let listed = match format {
            "json" => Some(document(&run.stdout)["findings"].clone()),
            "sarif" => Some(document(&run.stdout)["runs"][0]["results"].clone()),
            "gitlab" => Some(document(&run.stdout)),
            _ => None,
        };
        if let Some(listed) = listed {
            let count = listed.as_array().map(Vec::len);
            assert_eq!(count, Some(findings_in(&concise)), "--format {format}");
        }
        if format == "concise" {
            concise = run.stdout;
        }
    }
    concise
}

#[test]
fn findings_past_column_65535_are_drawn_cut_around_the_value() {
    // 6,000 entries on one 0.7 MB line: the last findings are near column
    // 700,000. The full report panicked there; the document formats read
    // the line again for every finding.
    let text = hostile::one_line_flow(6_000);
    let concise = every_format(&text, 1);
    assert_eq!(concise.lines().count(), 6_000 * 3);
    let dir = project(&[("cookies.yaml", &text)]);
    let full = bounded(dir.path(), "full", "cookies.yaml");
    let last_header = full
        .stdout
        .lines()
        .rfind(|line| line.contains("╭─[cookies.yaml:1:"))
        .expect("a header");
    let column: usize = last_header
        .trim_end_matches(']')
        .rsplit(':')
        .next()
        .and_then(|column| column.parse().ok())
        .expect("a column");
    assert!(column > 65_535, "{last_header}");
    let widest = full.stdout.lines().map(|line| line.chars().count()).max();
    assert!(widest < Some(250), "a line of {widest:?} characters");
    assert!(
        full.stdout.contains("…"),
        "long lines are cut with an ellipsis"
    );
}

#[test]
fn sixteen_thousand_findings_in_every_format() {
    // 4,000 entries, 4 findings each (purpose, two consent rules, duration).
    let concise = every_format(&hostile::placeholder_purposes(4_000), 1);
    assert_eq!(concise.lines().count(), 16_000, "{}", &concise[..500]);
}

#[test]
fn ten_thousand_suppressions() {
    // Every entry's only finding is allowed: nothing is left, nothing unused.
    let concise = every_format(&hostile::allow_comments(10_000), 0);
    assert_eq!(concise, "");
}

#[test]
fn nested_anchors_stop_at_a_limit_not_at_memory() {
    let concise = every_format(&hostile::nested_anchors(250, 7_000_000), 1);
    assert_eq!(concise.lines().count(), 1, "{concise}");
    assert!(
        concise.contains("[yaml-syntax] anchors hold more than 100000 nodes"),
        "{concise}"
    );
}

#[test]
fn a_long_language_list_with_every_tag_twice() {
    let concise = every_format(&hostile::long_language_list(20_000), 1);
    assert_eq!(concise.lines().count(), 10_000);
    assert!(
        concise.starts_with(
            "cookies.yaml:5:7: error [schema] `AA` is listed twice in `languages` (as `aa`: \
             tags compare case-insensitively)\n"
        ),
        "{}",
        &concise[..300]
    );
}

#[test]
fn missing_translations_are_one_short_finding_per_text() {
    let concise = every_format(&hostile::missing_translations(1_000, 300), 1);
    assert_eq!(concise.lines().count(), 600);
    let widest = concise.lines().map(str::len).max().unwrap_or_default();
    assert!(widest < 300, "a line of {widest} bytes");
    assert!(concise.contains("and 994 more"), "{}", &concise[..500]);
}

#[test]
fn the_same_cookie_declared_four_thousand_times() {
    let concise = every_format(&hostile::duplicates(4_000), 1);
    // Each later copy is one finding (no cookie asks consent, so no other).
    assert_eq!(concise.lines().count(), 3_999);
}

#[test]
fn values_of_hundreds_of_kilobytes() {
    let concise = every_format(&hostile::long_values(2_000_000), 1);
    let widest = concise.lines().map(str::len).max().unwrap_or_default();
    assert!(widest < 1_000, "a line of {widest} bytes");
}

#[test]
fn twenty_thousand_unknown_keys_in_one_entry() {
    let concise = every_format(&hostile::unknown_keys(20_000), 1);
    assert_eq!(concise.lines().count(), 20_000);
    assert!(
        concise.starts_with("cookies.yaml:10:5: error [schema] unknown key `k0` in cookie `a`\n"),
        "{}",
        &concise[..300]
    );
}

#[test]
fn five_thousand_invalid_suppressions() {
    let concise = every_format(&hostile::invalid_allows(5_000), 1);
    assert_eq!(concise.lines().count(), 10_000);
}

#[test]
fn a_configuration_mistake_past_column_65535() {
    // One long line, its mistake (a list item that is not a glob) at its end.
    let long_line = format!("include = [\"{}\", 42]\n", "x".repeat(70_000));
    let dir = project(&[
        ("cookielint.toml", &long_line),
        ("cookies.yaml", "version: 1\ncookies: []\n"),
    ]);
    let run = common::cookielint(dir.path(), &["check", "--color", "never"]);
    assert_eq!(run.status, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("cookielint.toml:1:70016"),
        "{}",
        run.stderr
    );
    let widest = run.stderr.lines().map(|line| line.chars().count()).max();
    assert!(widest < Some(250), "a line of {widest:?} characters");
}
