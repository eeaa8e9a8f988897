//! The "precise points" of the rule catalogue (what the rule table leaves
//! open), each pinned by a test.

use cookielint::Linter;

/// `LINE:COL [RULE]` for every finding of `text`.
fn findings(text: &str) -> Vec<String> {
    let linter = Linter::new().expect("built-in data loads");
    linter
        .lint("t.yaml", text.as_bytes())
        .iter()
        .map(|finding| format!("{} [{}]", finding.start(), finding.rule))
        .collect()
}

/// `LINE:COL` of the first occurrence of `needle` in `text`, plus `skip` characters.
fn at(text: &str, needle: &str, skip: usize) -> String {
    let offset = text.find(needle).expect("needle in text");
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1 + skip;
    format!("{line}:{column}")
}

/// Where the value of the first `key: ` starts.
fn value_of(text: &str, key: &str) -> String {
    let needle = format!("{key}: ");
    at(text, &needle, needle.chars().count())
}

/// A cookie entry with every required field, as flow-mapping fields, with
/// `extra` fields appended or overriding nothing (callers pass distinct keys).
fn cookie(fields: &str) -> String {
    format!("version: 1\ncookies:\n  - {{ {fields} }}\n")
}

const BASE: &str = "name: sid, provider: Us, category: necessary, party: first, consent: exempt, duration: session";

#[test]
fn a_syntax_error_is_the_only_finding() {
    let text = "version: 2\ncookies:\n  - name: x\n    purpose: TODO\n  bad indentation: [\n";
    let found = findings(text);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].ends_with("[yaml-syntax]"));
}

#[test]
fn no_document_is_a_syntax_error_at_line_1() {
    assert_eq!(findings(""), ["1:1 [yaml-syntax]"]);
    assert_eq!(
        findings("# just a comment\n# another\n"),
        ["1:1 [yaml-syntax]"]
    );
}

#[test]
fn a_misspelt_key_gives_the_unknown_key_and_the_missing_one() {
    let text = "version: 1\ncookies:\n  - name: sid\n    provder: Us\n    purpose: Sign-in.\n    category: necessary\n    party: first\n    consent: exempt\n    duration: session\n";
    assert_eq!(findings(text), ["3:5 [schema]", "4:5 [schema]"]);
}

#[test]
fn a_misspelt_purpose_is_purpose_required_not_schema() {
    let text = format!("version: 1\ncookies:\n  - {{ {BASE}, purpos: x }}\n");
    assert_eq!(
        findings(&text),
        [
            "3:5 [purpose-required]".to_string(),
            format!("{} [schema]", at(&text, "purpos:", 0))
        ]
    );
}

#[test]
fn a_purpose_of_the_wrong_type_is_schema() {
    for purpose in ["[a, b]", "42", "true"] {
        let text = cookie(&format!("{BASE}, purpose: {purpose}"));
        assert_eq!(
            findings(&text),
            [format!("{} [schema]", value_of(&text, "purpose"))],
            "{purpose}"
        );
    }
}

#[test]
fn missing_blank_null_and_placeholder_purposes_are_purpose_required_only() {
    for purpose in [
        "\"\"",
        "\"   \"",
        "null",
        "~",
        "TODO",
        "\" todo \"",
        "TBD",
        "FixMe",
        "\"-\"",
        "N/A",
        "...",
        "\"?\"",
        "{}",
    ] {
        let text = cookie(&format!("{BASE}, purpose: {purpose}"));
        assert_eq!(
            findings(&text),
            [format!("{} [purpose-required]", value_of(&text, "purpose"))],
            "{purpose}"
        );
    }
    assert_eq!(findings(&cookie(BASE)), ["3:5 [purpose-required]"]);
}

#[test]
fn a_placeholder_must_be_the_whole_text() {
    for purpose in [
        "\"TODO: describe the cookie\"",
        "To do lists.",
        "\"n/a for now, see ticket\"",
    ] {
        assert_eq!(
            findings(&cookie(&format!("{BASE}, purpose: {purpose}"))),
            Vec::<String>::new()
        );
    }
}

#[test]
fn each_failing_language_is_its_own_finding_at_its_string() {
    let text = "version: 1\nsite: { languages: [fr, en, de] }\ncookies:\n  - name: sid\n    provider: Us\n    purpose:\n      fr: TODO\n      en: Sign-in.\n      de:\n    category: necessary\n    party: first\n    consent: exempt\n    duration: session\n";
    assert_eq!(
        findings(text),
        ["7:11 [purpose-required]", "9:7 [purpose-required]"]
    );
}

#[test]
fn an_empty_purpose_is_at_its_key_and_a_block_scalar_at_its_indicator() {
    let empty = "version: 1\ncookies:\n  - name: sid\n    provider: Us\n    purpose:\n    category: necessary\n    party: first\n    consent: exempt\n    duration: session\n";
    assert_eq!(findings(empty), ["5:5 [purpose-required]"]);
    let block = empty.replace("    purpose:\n", "    purpose: >-\n      TODO\n");
    assert_eq!(findings(&block), ["5:14 [purpose-required]"]);
}

#[test]
fn another_version_is_the_only_finding() {
    let text =
        "version: 2\ncookies:\n  - { name: x, party: third, consent: exempt, colour: blue }\n";
    assert_eq!(findings(text), ["1:10 [schema]"]);
    assert_eq!(findings("version: \"1\"\ncookies: []\n"), ["1:10 [schema]"]);
    assert_eq!(findings("version: 1.0\ncookies: []\n"), ["1:10 [schema]"]);
}

#[test]
fn rules_run_on_the_valid_fields_of_a_broken_entry() {
    let text = "version: 1\ncookies:\n  - { name: _ga, provider: G, purpose: Stats., category: statistics, party: third, consent: exempt, duration: 13 months }\n";
    assert_eq!(
        findings(text),
        [
            format!("{} [third-party-consent]", value_of(text, "consent")),
            format!("{} [schema]", value_of(text, "duration"))
        ]
    );
}

#[test]
fn statistics_exemption_checks_anonymity_but_not_a_malformed_duration() {
    let stats = "name: _pk_id, provider: Matomo, purpose: Stats., category: statistics, party: first, consent: exempt";
    let text = cookie(&format!("{stats}, duration: forever"));
    assert_eq!(
        findings(&text),
        [
            format!("{} [statistics-exemption]", value_of(&text, "consent")),
            format!("{} [schema]", value_of(&text, "duration"))
        ]
    );
    let text = cookie(&format!("{stats}, anonymous: true, duration: forever"));
    assert_eq!(
        findings(&text),
        [format!("{} [schema]", value_of(&text, "duration"))]
    );
}

#[test]
fn statistics_exemption_boundaries() {
    let stats = "name: _pk_id, provider: Matomo, purpose: Stats., category: statistics, party: first, consent: exempt";
    for duration in ["session", "P0D", "P13M", "P1Y1M", "P395D", "P56W"] {
        let text = cookie(&format!("{stats}, anonymous: true, duration: {duration}"));
        assert_eq!(findings(&text), Vec::<String>::new(), "{duration}");
    }
    for duration in ["P396D", "P13M1D", "P1Y1MT1S", "P2Y"] {
        let text = cookie(&format!("{stats}, anonymous: true, duration: {duration}"));
        assert_eq!(
            findings(&text),
            [format!(
                "{} [statistics-exemption]",
                value_of(&text, "consent")
            )],
            "{duration}"
        );
    }
    let text = cookie(&format!("{stats}, anonymous: false, duration: P1M"));
    assert_eq!(
        findings(&text),
        [format!(
            "{} [statistics-exemption]",
            value_of(&text, "consent")
        )]
    );
    let third = stats.replace("party: first", "party: third");
    let text = cookie(&format!("{third}, duration: P2Y"));
    assert_eq!(
        findings(&text),
        [format!(
            "{} [third-party-consent]",
            value_of(&text, "consent")
        )],
        "third party is another rule's"
    );
}

#[test]
fn enums_are_case_sensitive() {
    let text = cookie(&format!(
        "{BASE}, purpose: x, attributes: {{ same_site: None }}"
    ));
    assert_eq!(
        findings(&text),
        [format!("{} [schema]", value_of(&text, "same_site"))]
    );
    let linter = Linter::new().expect("loads");
    let finding = &linter.lint("t.yaml", text.as_bytes())[0];
    assert_eq!(
        finding.help.as_deref(),
        Some("Did you mean `none`? Allowed: `strict`, `lax`, `none`.")
    );
}

#[test]
fn duplicates_compare_as_browsers_do() {
    let entry = |name: &str, extra: &str| {
        format!(
            "  - {{ name: {name}, provider: Us, purpose: x, category: necessary, party: first, consent: exempt, duration: session{extra} }}\n"
        )
    };
    let file = |entries: &[String]| format!("version: 1\ncookies:\n{}", entries.concat());
    // Names are case-sensitive.
    assert_eq!(
        findings(&file(&[entry("Token", ""), entry("token", "")])),
        Vec::<String>::new()
    );
    // Domains are case-insensitive, a leading dot ignored.
    assert_eq!(
        findings(&file(&[
            entry("t", ", domain: .Example.org"),
            entry("t", ", domain: example.ORG")
        ])),
        ["4:13 [duplicate-cookie]"]
    );
    // An absent path differs from `/`.
    assert_eq!(
        findings(&file(&[
            entry("t", ""),
            entry("t", ", attributes: { path: / }")
        ])),
        Vec::<String>::new()
    );
    // Each later copy is a finding, its second label on the first.
    let linter = Linter::new().expect("loads");
    let text = file(&[entry("t", ""), entry("t", ""), entry("t", "")]);
    let found = linter.lint("t.yaml", text.as_bytes());
    let starts: Vec<String> = found.iter().map(|f| f.start().to_string()).collect();
    assert_eq!(starts, ["4:13", "5:13"]);
    for finding in &found {
        assert_eq!(finding.related.len(), 1);
        assert_eq!(
            finding
                .source
                .line_col(finding.related[0].span.start)
                .to_string(),
            "3:13"
        );
    }
}

#[test]
fn one_finding_per_rule_per_node() {
    let text = cookie(
        "name: IDE, provider: G, purpose: Ads., category: marketing, party: third, consent: exempt, duration: P13M",
    );
    let consent = value_of(&text, "consent");
    assert_eq!(
        findings(&text),
        [
            format!("{consent} [consent-exemption]"),
            format!("{consent} [third-party-consent]")
        ]
    );
}
