//! The "precise points" of the rule catalogue (what the rule table leaves
//! open), each pinned by a test.

use cookielint::Linter;

/// `LINE:COL [RULE]` for every finding of `text`.
fn findings(text: &str) -> Vec<String> {
    findings_of(text, &[])
}

/// The same, for the given rules only (all when empty).
fn findings_of(text: &str, rules: &[&str]) -> Vec<String> {
    let linter = Linter::new().expect("built-in data loads");
    linter
        .lint("t.yaml", text.as_bytes())
        .iter()
        .filter(|finding| rules.is_empty() || rules.contains(&finding.rule.as_str()))
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
fn a_misspelt_required_key_is_only_the_unknown_key() {
    let text = "version: 1\ncookies:\n  - name: sid\n    provder: Us\n    purpose: Sign-in.\n    category: necessary\n    party: first\n    consent: exempt\n    duration: session\n";
    assert_eq!(findings(text), ["4:5 [schema]"]);
    let text = cookie(
        "name: sid, provider: Us, purpose: x, catgory: necessary, party: first, consent: exempt, duration: session",
    );
    assert_eq!(
        findings(&text),
        [format!("{} [schema]", at(&text, "catgory:", 0))]
    );
    let text = "versoin: 1\ncookie: []\n";
    assert_eq!(findings(text), ["1:1 [schema]", "2:1 [schema]"]);
}

#[test]
fn a_misspelt_purpose_is_only_the_unknown_key() {
    for key in ["purpos", "purpuse", "Purpose"] {
        let text = format!("version: 1\ncookies:\n  - {{ {BASE}, {key}: TODO }}\n");
        assert_eq!(
            findings(&text),
            [format!("{} [schema]", at(&text, key, 0))],
            "{key}"
        );
    }
}

#[test]
fn an_unknown_key_that_is_not_a_near_miss_leaves_the_missing_key_reported() {
    let text = cookie(
        "name: sid, provider: Us, purpose: x, colour: necessary, party: first, consent: exempt, duration: session",
    );
    assert_eq!(
        findings(&text),
        [
            "3:5 [schema]".to_string(),
            format!("{} [schema]", at(&text, "colour:", 0))
        ]
    );
    let text = format!("version: 1\ncookies:\n  - {{ {BASE}, reason: x }}\n");
    assert_eq!(
        findings(&text),
        [
            "3:5 [purpose-required]".to_string(),
            format!("{} [schema]", at(&text, "reason:", 0))
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
        assert_eq!(
            findings_of(&text, &["statistics-exemption", "third-party-consent"]),
            Vec::<String>::new(),
            "{duration}"
        );
    }
    for duration in ["P396D", "P13M1D", "P1Y1MT1S", "P2Y"] {
        let text = cookie(&format!("{stats}, anonymous: true, duration: {duration}"));
        assert_eq!(
            findings_of(&text, &["statistics-exemption", "third-party-consent"]),
            [format!(
                "{} [statistics-exemption]",
                value_of(&text, "consent")
            )],
            "{duration}"
        );
    }
    let text = cookie(&format!("{stats}, anonymous: false, duration: P1M"));
    assert_eq!(
        findings_of(&text, &["statistics-exemption", "third-party-consent"]),
        [format!(
            "{} [statistics-exemption]",
            value_of(&text, "consent")
        )]
    );
    let third = stats.replace("party: first", "party: third");
    let text = cookie(&format!("{third}, duration: P2Y"));
    assert_eq!(
        findings_of(&text, &["statistics-exemption", "third-party-consent"]),
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

#[test]
fn duration_boundaries() {
    let of = |duration: &str| {
        let text = cookie(&format!(
            "{BASE_NO_DURATION}, duration: {duration}, purpose: x"
        ));
        findings_of(&text, &["max-duration", "duration-cap"])
            .iter()
            .map(|finding| finding.split(' ').nth(1).unwrap_or_default().to_string())
            .collect::<Vec<_>>()
    };
    for quiet in ["session", "P13M", "P1Y1M", "P395D"] {
        assert_eq!(of(quiet), Vec::<String>::new(), "{quiet}");
    }
    assert_eq!(of("P396D"), ["[max-duration]"]);
    assert_eq!(
        of("P400D"),
        ["[max-duration]"],
        "P400D does not fire duration-cap"
    );
    assert_eq!(
        of("P401D"),
        ["[duration-cap]"],
        "max-duration yields to duration-cap"
    );
    assert_eq!(of("P2Y"), ["[duration-cap]"]);
}

const BASE_NO_DURATION: &str =
    "name: sid, provider: Us, category: necessary, party: first, consent: exempt";

#[test]
fn cookie_name_syntax() {
    let of = |name: &str| {
        let text = cookie(&format!(
            "name: {name}, provider: Us, category: necessary, party: first, consent: exempt, duration: session, purpose: x"
        ));
        findings_of(&text, &["cookie-name-syntax"]).len()
    };
    for good in ["sid", "pvc_visits[0]", "_ga_*", "a:b", "\"x/y?z\""] {
        assert_eq!(of(good), 0, "{good}");
    }
    for bad in [
        "\"\"",
        "\"session id\"",
        "\"café\"",
        "\"a=b\"",
        "\"a;b\"",
        "\"a,b\"",
        "'a\"b'",
        "'a\\b'",
        "\"a\\tb\"",
        "\"a\\u00a0b\"",
    ] {
        assert_eq!(of(bad), 1, "{bad}");
    }
}

#[test]
fn cookie_prefixes_match_case_insensitively() {
    let of = |name: &str, attributes: &str| {
        let text = cookie(
            &format!("{BASE}, purpose: x, attributes: {{ {attributes} }}")
                .replace("name: sid", &format!("name: {name}")),
        );
        findings_of(&text, &["cookie-prefix"]).len()
    };
    assert_eq!(of("__Secure-id", "secure: true"), 0);
    assert_eq!(of("__SECURE-id", "secure: false"), 1);
    assert_eq!(of("__Host-id", "secure: true, path: /"), 0);
    assert_eq!(of("__host-id", "secure: true"), 1, "absent path is not `/`");
    assert_eq!(of("__Host-id", "secure: true, path: /app"), 1);
    assert_eq!(of("__Host-id", "path: /"), 1);
    assert_eq!(of("__Hostile", "path: /"), 0);
}

#[test]
fn samesite_none_needs_secure_and_is_case_sensitive() {
    let of = |attributes: &str| {
        let text = cookie(&format!(
            "{BASE}, purpose: x, attributes: {{ {attributes} }}"
        ));
        findings_of(&text, &["samesite-none-secure", "schema"])
    };
    let text = cookie(&format!(
        "{BASE}, purpose: x, attributes: {{ same_site: none }}"
    ));
    assert_eq!(
        of("same_site: none"),
        [format!(
            "{} [samesite-none-secure]",
            value_of(&text, "same_site")
        )]
    );
    assert_eq!(of("same_site: none, secure: true"), Vec::<String>::new());
    assert_eq!(
        of("same_site: None"),
        [format!("{} [schema]", value_of(&text, "same_site"))]
    );
}

#[test]
fn translations_match_tags_exactly_and_case_insensitively() {
    let of = |purpose: &str| {
        let text = format!(
            "version: 1\nsite: {{ languages: [fr, en] }}\ncookies:\n  - {{ {BASE}, purpose: {purpose} }}\n"
        );
        findings_of(&text, &["purpose-translations", "purpose-required"])
            .iter()
            .map(|finding| finding.split(' ').nth(1).unwrap_or_default().to_string())
            .collect::<Vec<_>>()
    };
    assert_eq!(of("{ FR: x, En: y }"), Vec::<String>::new());
    assert_eq!(
        of("{ fr: x, en: y, de: z }"),
        Vec::<String>::new(),
        "extra languages are fine"
    );
    assert_eq!(of("{ fr-FR: x, en: y }"), ["[purpose-translations]"]);
    assert_eq!(
        of("Sign-in."),
        ["[purpose-translations]"],
        "a plain string is the first language"
    );
    assert_eq!(of("TODO"), ["[purpose-required]", "[purpose-translations]"]);
}

#[test]
fn consent_record_points_at_the_cookies_key() {
    let asking = "{ name: _ga, provider: G, purpose: x, category: statistics, party: third, consent: required, duration: P13M }";
    let record = "{ name: consent, provider: Us, purpose: x, category: necessary, party: first, consent: exempt, stores_consent: true, duration: P6M }";
    let text = format!("version: 1\ncookies:\n  - {asking}\n");
    assert_eq!(
        findings_of(&text, &["consent-record"]),
        ["2:1 [consent-record]"]
    );
    let text = format!("version: 1\ncookies:\n  - {asking}\n  - {record}\n");
    assert_eq!(
        findings_of(&text, &["consent-record"]),
        Vec::<String>::new()
    );
    let text = format!("version: 1\ncookies:\n  - {record}\n");
    assert_eq!(
        findings_of(&text, &["consent-record"]),
        Vec::<String>::new(),
        "nothing asks"
    );
}

/// Two copies of an entry, each with `extra` fields.
fn twice(extra: &str) -> String {
    let entry = format!("  - {{ {BASE}, purpose: x, {extra} }}\n");
    format!("version: 1\ncookies:\n{entry}{entry}")
}

#[test]
fn duplicates_are_not_compared_on_a_malformed_path_or_domain() {
    for extra in [
        "attributes: { path: admin }",
        "attributes: { path: 42 }",
        "attributes: /admin",
        "attributes: { pth: /admin }",
        "domain: \"\"",
        "domain: [example.org]",
    ] {
        let text = twice(extra);
        assert_eq!(
            findings_of(&text, &["duplicate-cookie"]),
            Vec::<String>::new(),
            "{extra}"
        );
        assert!(!findings_of(&text, &["schema"]).is_empty(), "{extra}");
    }
    assert_eq!(
        findings_of(
            &twice("attributes: { path: /admin }"),
            &["duplicate-cookie"]
        ),
        ["4:13 [duplicate-cookie]"]
    );
}

#[test]
fn consent_record_is_silent_when_a_stores_consent_is_malformed() {
    let asking = "{ name: _ga, provider: G, purpose: x, category: statistics, party: third, consent: required, duration: P13M }";
    for stores in [
        "stores_consent: yes",
        "stores_consent: \"true\"",
        "stores_consnt: true",
    ] {
        let record = format!(
            "{{ name: consent, provider: Us, purpose: x, category: necessary, party: first, consent: exempt, {stores}, duration: P6M }}"
        );
        let text = format!(
            "version: 1\ncookies:\n  - {asking}\n  - {record}\nsite: {{ consent_manager: /cookies }}\n"
        );
        let found = findings(&text);
        assert_eq!(found.len(), 1, "{stores}: {found:?}");
        assert!(found[0].ends_with("[schema]"), "{stores}: {found:?}");
    }
    let record = "{ name: consent, provider: Us, purpose: x, category: necessary, party: first, consent: exempt, stores_consent: false, duration: P6M }";
    let text = format!("version: 1\ncookies:\n  - {asking}\n  - {record}\n");
    assert_eq!(
        findings_of(&text, &["consent-record"]),
        ["2:1 [consent-record]"]
    );
}

#[test]
fn condition_rules_are_silent_on_malformed_or_misspelt_fields() {
    let of = |name: &str, attributes: &str| {
        let text = cookie(
            &format!("{BASE}, purpose: x, attributes: {attributes}")
                .replace("name: sid", &format!("name: {name}")),
        );
        findings_of(&text, &["cookie-prefix", "samesite-none-secure"])
    };
    // A path that is not one is not "not `/`".
    assert_eq!(
        of("__Host-id", "{ secure: true, path: app }"),
        Vec::<String>::new()
    );
    assert_eq!(
        of("__Host-id", "{ secure: true, pth: / }"),
        Vec::<String>::new()
    );
    // Under `attributes` that is not a mapping, `secure` is unknown, not absent.
    assert_eq!(of("__Secure-id", "secure"), Vec::<String>::new());
    assert_eq!(of("__Secure-id", "{ secur: true }"), Vec::<String>::new());
    assert_eq!(
        of("sid", "{ same_site: none, Secure: true }"),
        Vec::<String>::new()
    );
    // A well-formed path that is not `/` still fires.
    assert_eq!(of("__Host-id", "{ secure: true, path: /app }").len(), 1);

    let stats = "name: _pk_id, provider: Matomo, purpose: Stats., category: statistics, party: first, consent: exempt, duration: P1M";
    let text = cookie(&format!("{stats}, anonymus: true"));
    assert_eq!(
        findings(&text),
        [format!("{} [schema]", at(&text, "anonymus", 0))]
    );
}

#[test]
fn translations_are_silent_when_site_languages_is_malformed() {
    for site in [
        "{ languages: fr }",
        "{ languages: [] }",
        "{ languages: [f_r] }",
        "{ langauges: [fr] }",
        "Portail",
    ] {
        let text = format!(
            "version: 1\nsite: {site}\ncookies:\n  - {{ {BASE}, purpose: {{ fr: Connexion. }} }}\n"
        );
        assert_eq!(
            findings_of(&text, &["purpose-translations"]),
            Vec::<String>::new(),
            "{site}"
        );
        assert!(!findings_of(&text, &["schema"]).is_empty(), "{site}");
    }
    // Valid tags of a partly malformed list still count.
    let text = format!(
        "version: 1\nsite: {{ languages: [fr, e_n, de] }}\ncookies:\n  - {{ {BASE}, purpose: {{ fr: Connexion. }} }}\n"
    );
    assert_eq!(findings_of(&text, &["purpose-translations"]).len(), 1);
}
