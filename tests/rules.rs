//! Every rule's documented examples are its test cases: a `bad` example makes
//! the rule fire exactly at its `expect` positions, a `good` one is clean.

use cookielint::Linter;
use cookielint::rule_id;
use cookielint::ruleset::{Example, Logic, RuleSet};

fn linter() -> Linter {
    Linter::new().expect("built-in schema and rules load")
}

#[test]
fn every_rule_example_behaves_as_documented() {
    let linter = linter();
    let mistakes: Vec<String> = linter
        .example_mistakes(linter.rules().iter())
        .iter()
        .map(|mistake| format!("{}:{} {}", mistake.path(), mistake.start(), mistake.message))
        .collect();
    assert!(mistakes.is_empty(), "{}", mistakes.join("\n"));
}

#[test]
fn every_rule_is_documented_with_both_kinds_of_example() {
    let rules = RuleSet::builtin().expect("rules load");
    for rule in rules.iter() {
        assert!(!rule.summary.trim().is_empty(), "{}: summary", rule.id);
        assert!(!rule.why.trim().is_empty(), "{}: why", rule.id);
        assert!(!rule.source.trim().is_empty(), "{}: source", rule.id);
        assert!(!rule.help.trim().is_empty(), "{}: help", rule.id);
        let fires = |example: &Example| matches!(example, Example::Bad { expect, .. } if !expect.is_empty());
        assert!(
            rule.examples.iter().any(fires),
            "{}: an example where it fires",
            rule.id
        );
        assert!(
            rule.examples
                .iter()
                .any(|example| matches!(example, Example::Good { .. })),
            "{}: a good example",
            rule.id
        );
    }
}

#[test]
fn every_check_is_used_by_a_rule() {
    let rules = RuleSet::builtin().expect("rules load");
    let mut used: Vec<&str> = cookielint::checks::runnable().collect();
    used.retain(|name| {
        !rules
            .iter()
            .any(|rule| matches!(&rule.logic, Some(Logic::Check(check)) if check.name == *name))
    });
    assert!(used.is_empty(), "checks no rule calls: {used:?}");
    for pipeline in [
        rule_id::YAML_SYNTAX,
        rule_id::SCHEMA,
        rule_id::INVALID_ALLOW,
        rule_id::UNUSED_ALLOW,
    ] {
        assert!(rules.get(pipeline).is_some_and(|rule| rule.logic.is_none()));
    }
}

/// Rule ids are a public interface: users write them in configs and CI
/// filters. This list may grow; an id may never change or disappear.
#[test]
fn rule_ids_are_stable() {
    let rules = RuleSet::builtin().expect("rules load");
    let ids: Vec<&str> = rules.ids();
    for released in [
        "yaml-syntax",
        "schema",
        "purpose-required",
        "third-party-consent",
        "necessary-no-consent",
        "consent-exemption",
        "preferences-exemption",
        "statistics-exemption",
        "duplicate-cookie",
        "max-duration",
        "duration-cap",
        "consent-record",
        "cookie-name-syntax",
        "cookie-prefix",
        "samesite-none-secure",
        "purpose-translations",
        "invalid-allow",
        "unused-allow",
    ] {
        assert!(ids.contains(&released), "rule `{released}` disappeared");
    }
    let mut unique = ids.clone();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(unique.len(), ids.len(), "rule ids are unique");
}

/// `docs/rules.md` is what finding links point at; it is generated from the
/// rule files so that it can never disagree with them.
#[test]
fn published_rule_docs_are_current() {
    let generated = RuleSet::builtin().expect("rules load").markdown();
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/rules.md");
    if std::env::var_os("COOKIELINT_UPDATE_DOCS").is_some() {
        std::fs::write(path, &generated).expect("write docs/rules.md");
    }
    let published = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        published == generated,
        "docs/rules.md is out of date: run `COOKIELINT_UPDATE_DOCS=1 cargo test --test rules`"
    );
}

/// One finding per rule per node: no example, good or bad, gets the same
/// rule twice at the same place.
#[test]
fn no_finding_is_reported_twice() {
    let linter = linter();
    for rule in linter.rules().iter() {
        for example in &rule.examples {
            let yaml = example.yaml();
            let mut places: Vec<(String, String)> = linter
                .lint("example.yaml", yaml.as_bytes())
                .iter()
                .map(|finding| (finding.rule.clone(), finding.start().to_string()))
                .collect();
            let count = places.len();
            places.sort();
            places.dedup();
            assert_eq!(places.len(), count, "{}: {places:?}", rule.id);
        }
    }
}

/// The README's rule table lists every built-in rule, with its severity.
#[test]
fn the_readme_lists_every_rule_and_check() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md"))
        .expect("README.md");
    let rules = RuleSet::builtin().expect("rules load");
    for rule in rules.iter() {
        let row = format!("| `{}` | {} |", rule.id, rule.default_severity);
        assert!(readme.contains(&row), "README.md has no row starting {row}");
    }
    let check_row = readme
        .lines()
        .find(|line| line.starts_with("| `check` |"))
        .expect("README.md's rule file table has a `check` row");
    for check in cookielint::checks::runnable() {
        assert!(
            check_row.contains(&format!("`{check}`")),
            "README.md's `check` row does not name `{check}`"
        );
    }
}

/// Every id named in `rule_id` is a rule users can configure, explain and
/// suppress, listed in its order; the others are not a declaration's rules.
#[test]
fn every_rule_id_the_code_names_has_its_rule_file() {
    let rules = RuleSet::builtin().expect("rules load");
    assert_eq!(rules.ids(), rule_id::BUILTIN);
    for id in [rule_id::CONFIG, rule_id::RULE_FILE, rule_id::INTERNAL_ERROR] {
        assert!(
            rules.get(id).is_none(),
            "`{id}` is not a declaration's rule"
        );
    }
}
