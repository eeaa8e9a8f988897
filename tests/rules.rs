//! Every rule's documented examples are its test cases: a `bad` example makes
//! the rule fire exactly at its `expect` positions, a `good` one is clean.

use cookielint::Linter;
use cookielint::ruleset::RuleSet;

fn linter() -> Linter {
    Linter::new().expect("built-in schema and rules load")
}

#[test]
fn every_rule_example_behaves_as_documented() {
    let linter = linter();
    let mut failures = Vec::new();
    for rule in linter.rules().iter() {
        for (index, example) in rule.examples.iter().enumerate() {
            let name = format!("rules/{}.yaml#example-{}", rule.id, index + 1);
            match (&example.bad, &example.good) {
                (Some(bad), None) => {
                    let found: Vec<String> = linter
                        .lint(&name, bad.as_bytes())
                        .iter()
                        .filter(|finding| finding.rule == rule.id)
                        .map(|finding| finding.start().to_string())
                        .collect();
                    if found != example.expect {
                        failures.push(format!(
                            "{name}: expected {:?}, found {found:?}",
                            example.expect
                        ));
                    }
                }
                (None, Some(good)) => {
                    let found: Vec<String> = linter
                        .lint(&name, good.as_bytes())
                        .iter()
                        .map(cookielint::report::concise_line)
                        .collect();
                    if !found.is_empty() || !example.expect.is_empty() {
                        failures.push(format!("{name}: a good example must be clean: {found:?}"));
                    }
                }
                _ => failures.push(format!("{name}: give exactly one of `bad` and `good`")),
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_rule_is_documented_with_both_kinds_of_example() {
    let rules = RuleSet::builtin().expect("rules load");
    for rule in rules.iter() {
        assert!(!rule.summary.trim().is_empty(), "{}: summary", rule.id);
        assert!(!rule.why.trim().is_empty(), "{}: why", rule.id);
        assert!(!rule.source.trim().is_empty(), "{}: source", rule.id);
        assert!(!rule.help.trim().is_empty(), "{}: help", rule.id);
        assert!(
            rule.examples.iter().any(|e| e.bad.is_some()),
            "{}: bad example",
            rule.id
        );
        assert!(
            rule.examples.iter().any(|e| e.good.is_some()),
            "{}: good example",
            rule.id
        );
    }
}

#[test]
fn every_check_has_a_rule_file_and_every_rule_a_check() {
    let rules = RuleSet::builtin().expect("rules load");
    for id in cookielint::checks::ids() {
        assert!(
            rules.get(id).is_some(),
            "check `{id}` has no rules/{id}.yaml"
        );
    }
    let reported_by_the_pipeline = [cookielint::YAML_SYNTAX, cookielint::schema::RULE];
    for rule in rules.iter() {
        assert_eq!(
            rule.check.is_none(),
            reported_by_the_pipeline.contains(&rule.id),
            "{}: a rule has a check unless the loader or the schema reports it",
            rule.id
        );
    }
}

/// Rule ids are a public interface: users write them in configs and CI
/// filters. This list may grow; an id may never change or disappear.
#[test]
fn rule_ids_are_stable() {
    let rules = RuleSet::builtin().expect("rules load");
    let ids: Vec<&str> = rules.iter().map(|rule| rule.id).collect();
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
