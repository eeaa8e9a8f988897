//! Arbitrary rule files and configuration files.
//!
//! The first byte picks the kind, the rest is the file: an even byte (`R`) a
//! rule file, an odd one (`C`) a `cookielint.toml`.
//!
//! - A rule file is loaded with `ruleset::load`. If it loads, it is added to
//!   the built-in rules the way `rule-paths` adds it (from a file), and a
//!   small declaration and the rule's own examples are linted with it.
//! - A configuration is parsed with `Config::parse`, which also builds its
//!   rule set; if both succeed, the declaration is linted with it.
//!
//! Mistakes found in either file are rendered (`full` and `concise`), as the
//! command line does, and their spans checked to lie inside the file.

#![no_main]

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use cookielint::Linter;
use cookielint::config::Config;
use cookielint::finding::Finding;
use cookielint::output::{self, Format, Style};
use cookielint::ruleset::{self, Origin, RuleSet};
use libfuzzer_sys::fuzz_target;

#[path = "spans.rs"]
mod spans;
use spans::check_label;

const RULE_NAME: &str = "fuzz-rule.yaml";

const DECLARATION: &str = r#"version: 1
site: { name: Fuzz, url: "https://fuzz.example", languages: [en, fr] }
cookies:
  # cookielint: allow(max-duration) reason: kept on purpose
  - name: _ga
    provider: Google
    purpose: { en: Audience measurement., fr: Mesure d'audience. }
    category: statistics
    party: third
    consent: exempt
    duration: P2Y
    domain: .fuzz.example
    attributes: { secure: false, http_only: true, same_site: none, path: / }
  - name: __Host-session
    provider: Fuzz
    purpose: TODO
    category: necessary
    party: first
    consent: required
    duration: session
    stores_consent: true
"#;

/// Where a rule that loads is written, so that `add_user_rules` reads it as
/// `rule-paths` would: one folder per fuzzing process.
fn rule_file() -> &'static Path {
    static PATH: OnceLock<PathBuf> = OnceLock::new();
    PATH.get_or_init(|| {
        let folder = std::env::temp_dir().join(format!("cookielint-fuzz-{}", std::process::id()));
        std::fs::create_dir_all(&folder).expect("a temporary folder");
        folder.join(RULE_NAME)
    })
}

fn builtin_ids() -> &'static [String] {
    static IDS: OnceLock<Vec<String>> = OnceLock::new();
    IDS.get_or_init(|| {
        RuleSet::builtin()
            .expect("the built-in rules load")
            .ids()
            .into_iter()
            .map(String::from)
            .collect()
    })
}

fn check_and_render(findings: &[Finding]) {
    for finding in findings {
        for label in std::iter::once(&finding.primary).chain(&finding.related) {
            check_label(finding, label);
        }
        let at = finding.source.line_col(finding.primary.span.start);
        assert_eq!(
            (finding.start.line, finding.start.column),
            (at.line, at.column)
        );
    }
    let style = Style {
        color: false,
        width: 100,
    };
    for format in [Format::Full, Format::Concise] {
        let mut out = Vec::new();
        output::render(findings, format, style, &mut out).expect("writing to a Vec");
    }
}

fn lint_with(linter: &Linter, name: &str, yaml: &str) {
    let findings = linter.lint(name, yaml.as_bytes());
    check_and_render(&findings);
}

fn rule(bytes: &[u8]) {
    let origin = Origin::User(RULE_NAME.to_string());
    let rule = match ruleset::load(RULE_NAME, bytes, origin) {
        Ok(rule) => rule,
        Err(findings) => {
            assert!(!findings.is_empty(), "a rule file refused without a reason");
            check_and_render(&findings);
            return;
        }
    };
    let path = rule_file();
    std::fs::write(path, bytes).expect("writing the rule file");
    let mut rules = RuleSet::builtin().expect("the built-in rules load");
    let added = rules.add_user_rules(path, RULE_NAME);
    if builtin_ids().contains(&rule.id) {
        let findings = added.expect_err("a rule that takes a built-in id is refused");
        check_and_render(&findings);
        return;
    }
    if let Err(findings) = added {
        panic!(
            "`ruleset::load` accepts this rule but `add_user_rules` refuses it: {:?}",
            findings.iter().map(|f| &f.message).collect::<Vec<_>>()
        );
    }
    let linter = Linter::with_rules(rules, Vec::new()).expect("the schema compiles");
    lint_with(&linter, "fuzz.cookies.yaml", DECLARATION);
    for example in &rule.examples {
        lint_with(&linter, "example.cookies.yaml", example.yaml());
    }
}

fn config(bytes: &[u8]) {
    let (config, rules) = match Config::parse(
        "cookielint.toml",
        bytes,
        Path::new("/nonexistent-fuzz-root"),
    ) {
        Ok(parsed) => parsed,
        Err(findings) => {
            assert!(
                !findings.is_empty(),
                "a configuration refused without a reason"
            );
            check_and_render(&findings);
            return;
        }
    };
    // The filter is asked about a few paths, as a directory search would.
    for path in [
        "cookies.yaml",
        "sites/a/cookies.yml",
        "x.cookies.yaml",
        "legacy/b.yaml",
    ] {
        let path = config.filter.root.join(path);
        std::hint::black_box((
            config.filter.picks(&path, true),
            config.filter.excludes(&path),
        ));
    }
    let linter = Linter::with_rules(rules, config.languages.clone()).expect("the schema compiles");
    lint_with(&linter, "fuzz.cookies.yaml", DECLARATION);
    lint_with(
        &linter,
        "nolang.cookies.yaml",
        "version: 1\ncookies:\n  - { name: a, provider: b, purpose: c, category: necessary, party: first, consent: exempt, duration: session }\n",
    );
}

fuzz_target!(|data: &[u8]| {
    let Some((&kind, file)) = data.split_first() else {
        return;
    };
    if kind % 2 == 0 {
        rule(file);
    } else {
        config(file);
    }
});
