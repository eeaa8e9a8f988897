//! Configuration and an organisation's own rules, through the binary:
//! `cookielint.toml`, `rule-paths`, `--config`, `--select`, `--ignore`,
//! `--deny-warnings`, and mistakes in each reported with their position.

mod common;

use common::{cookielint, project};

const APPROVED_VENDORS: &str = r#"id: approved-vendors
severity: error
summary: Third-party cookies come from approved vendors only.
when:
  party: third
  not: { provider: { in: [Matomo, Opendatasoft] } }
at: provider
label: not an approved vendor
message: "{name} is set by {provider}, which is not on the approved vendor list"
help: Ask the privacy team to review the vendor, or remove the cookie.
why: Our data processing agreements list the processors we have contracts with.
"#;

const GOOGLE: &str = "version: 1
cookies:
  - name: _ga
    provider: Google
    purpose: { fr: Mesure d'audience., en: Audience measurement. }
    category: statistics
    party: third
    consent: required
    stores_consent: true
    duration: P13M
site: { consent_manager: /cookies }
";

#[test]
fn a_user_rule_fires_with_its_own_message_at_its_line() {
    let dir = project(&[
        ("cookielint.toml", "rule-paths = [\"policy/\"]\n"),
        ("policy/approved-vendors.yaml", APPROVED_VENDORS),
        ("site/cookies.yaml", GOOGLE),
    ]);
    let run = cookielint(dir.path(), &["check", "--format", "concise"]);
    assert_eq!(run.status, 1, "{}", run.stderr);
    assert_eq!(
        run.stdout,
        "site/cookies.yaml:4:15: error [approved-vendors] `_ga` is set by Google, which is not on the approved vendor list\n"
    );

    let run = cookielint(dir.path(), &["rules"]);
    assert!(run.stdout.contains(
        "approved-vendors        error    Third-party cookies come from approved vendors only. [policy/approved-vendors.yaml]"
    ), "{}", run.stdout);
    let run = cookielint(dir.path(), &["explain", "approved-vendors"]);
    assert!(
        run.stdout.starts_with("## approved-vendors\n"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("- Defined in: `policy/approved-vendors.yaml`")
    );
}

#[test]
fn the_config_is_found_walking_up_and_given_with_config() {
    let dir = project(&[
        (
            "cookielint.toml",
            "rule-paths = [\"policy/approved-vendors.yaml\"]\n",
        ),
        ("policy/approved-vendors.yaml", APPROVED_VENDORS),
        ("site/deep/cookies.yaml", GOOGLE),
        ("other.toml", "[rules]\nthird-party-consent = \"off\"\n"),
    ]);
    let run = cookielint(
        &dir.path().join("site/deep"),
        &["check", "--format", "concise"],
    );
    assert!(run.stdout.contains("[approved-vendors]"), "{}", run.stderr);
    let run = cookielint(
        dir.path(),
        &[
            "--config",
            "other.toml",
            "check",
            "site",
            "--format",
            "concise",
        ],
    );
    assert_eq!((run.status, run.stdout.as_str()), (0, ""), "{}", run.stderr);
}

#[test]
fn a_broken_rule_file_is_diagnosed_at_its_position() {
    let broken = APPROVED_VENDORS
        .replace("  party: third", "  partie: third")
        .replace("severity: error", "severity: fatal");
    let dir = project(&[
        ("cookielint.toml", "rule-paths = [\"policy\"]\n"),
        ("policy/approved-vendors.yaml", &broken),
        ("cookies.yaml", GOOGLE),
    ]);
    let run = cookielint(dir.path(), &["check", "--format", "concise"]);
    assert_eq!(run.status, 2);
    assert_eq!(run.stdout, "");
    assert_eq!(
        run.stderr,
        "policy/approved-vendors.yaml:2:11: error [rule-file] `fatal` is not a severity; use `error` or `warning`\n\
         policy/approved-vendors.yaml:5:3: error [rule-file] `partie` is not a field a condition can test; did you mean `party`?\n\
         error: the configuration or a rule file is invalid (2 mistakes)\n"
    );
}

#[test]
fn a_rule_file_with_a_bad_regex_or_template() {
    let broken = APPROVED_VENDORS
        .replace(
            "not: { provider: { in: [Matomo, Opendatasoft] } }",
            "name: { matches: '_ga(' }",
        )
        .replace("{provider}, which", "{vendor}, which");
    let dir = project(&[
        ("cookielint.toml", "rule-paths = [\"rule.yaml\"]\n"),
        ("rule.yaml", &broken),
        ("cookies.yaml", GOOGLE),
    ]);
    let run = cookielint(dir.path(), &["check", "--format", "concise"]);
    assert_eq!(run.status, 2);
    let lines: Vec<&str> = run.stderr.lines().collect();
    assert_eq!(
        lines[0],
        "rule.yaml:6:20: error [rule-file] bad regular expression: error: unclosed group"
    );
    assert!(lines[1].starts_with("rule.yaml:9:10: error [rule-file] `message` uses `{vendor}`, which this rule does not provide"), "{}", lines[1]);
}

#[test]
fn a_user_rule_cannot_take_a_builtin_id() {
    let clash = APPROVED_VENDORS.replace("id: approved-vendors", "id: third-party-consent");
    let dir = project(&[
        ("cookielint.toml", "rule-paths = [\"r.yaml\"]\n"),
        ("r.yaml", &clash),
        ("cookies.yaml", GOOGLE),
    ]);
    let run = cookielint(dir.path(), &["check", "--format", "concise"]);
    assert_eq!(run.status, 2);
    assert!(run.stderr.starts_with("r.yaml:1:5: error [rule-file] the id `third-party-consent` is taken by a built-in rule; choose another\n"), "{}", run.stderr);
}

#[test]
fn config_mistakes_point_into_the_config_file() {
    let cases = [
        (
            "exclud = [\"x\"]\n",
            "cookielint.toml:1:1: error [config] unknown key `exclud`",
        ),
        (
            "languages = \"fr\"\n",
            "cookielint.toml:1:13: error [config] `languages` is a list of strings, not a string",
        ),
        (
            "languages = [\"fr\", \"english language\"]\n",
            "cookielint.toml:1:20: error [config] `english language` is not a BCP 47 language tag",
        ),
        (
            "[rules]\nthird-party-consnt = \"warning\"\n",
            "cookielint.toml:2:1: error [config] no rule is called `third-party-consnt`; did you mean `third-party-consent`?",
        ),
        (
            "[rules]\nmax-duration = \"fatal\"\n",
            "cookielint.toml:2:16: error [config] `fatal` is not a severity",
        ),
        (
            "rule-paths = [\"nowhere/\"]\n",
            "cookielint.toml:1:15: error [config] `nowhere/` does not exist",
        ),
        (
            "exclude = [\"a/[\"]\n",
            "cookielint.toml:1:15: error [config] a malformed glob: invalid range pattern",
        ),
        (
            "include = [\n",
            "cookielint.toml:1:12: error [config] this is not valid TOML: unclosed array, expected `]`",
        ),
    ];
    for (config, expected) in cases {
        let dir = project(&[("cookielint.toml", config), ("cookies.yaml", GOOGLE)]);
        let run = cookielint(dir.path(), &["check", "--format", "concise"]);
        assert_eq!(run.status, 2, "{config}");
        assert_eq!(run.stderr.lines().next(), Some(expected), "{config}");
        assert_eq!(run.stdout, "", "{config}");
    }
}

/// One run reports every mistake in the configuration, each at its place
/// with a help line, and the unknown rule ids of `[rules]` with them.
#[test]
fn every_config_mistake_is_reported_in_one_run() {
    let config = "exclud = [\"x\"]
languages = \"fr\"
include = [\"sites/[\", 3]

[rules]
max-duration = \"warn\"
third-party-consnt = \"off\"
duration-cap = 1
";
    let dir = project(&[("cookielint.toml", config), ("cookies.yaml", GOOGLE)]);
    let run = cookielint(dir.path(), &["check", "--format", "concise"]);
    assert_eq!(run.status, 2);
    assert_eq!(run.stdout, "");
    assert_eq!(
        run.stderr,
        "cookielint.toml:1:1: error [config] unknown key `exclud`
cookielint.toml:2:13: error [config] `languages` is a list of strings, not a string
cookielint.toml:3:19: error [config] a malformed glob: invalid range pattern
cookielint.toml:3:23: error [config] `include` lists strings; this is an integer
cookielint.toml:6:16: error [config] `warn` is not a severity; did you mean `warning`?
cookielint.toml:7:1: error [config] no rule is called `third-party-consnt`; did you mean `third-party-consent`?
cookielint.toml:8:16: error [config] a severity is a string, not an integer
error: the configuration or a rule file is invalid (7 mistakes)
"
    );
    let run = cookielint(dir.path(), &["--color", "never", "rules"]);
    assert_eq!(run.status, 2);
    let helps: Vec<&str> = run
        .stderr
        .lines()
        .filter_map(|line| line.trim().strip_prefix("help: "))
        .collect();
    assert_eq!(
        helps,
        [
            "Did you mean `exclude`?",
            "Write a list, even of one: `languages = [\"fr\"]`.",
            "Globs use `*`, `**`, `?` and `[…]`; write `[[]` for a literal `[`.",
            "Write each entry as a string, in quotes.",
            "A rule's severity is \"error\", \"warning\" or \"off\".",
            "`cookielint rules` lists the rules.",
            "A rule's severity is \"error\", \"warning\" or \"off\".",
        ],
        "{}",
        run.stderr
    );
}

/// A file that is not TOML is one finding, where the parser stopped.
#[test]
fn a_config_that_is_not_toml_is_one_finding_at_its_place() {
    let dir = project(&[
        (
            "cookielint.toml",
            "include = [\"a\"]\n\n[rules]\nmax-duration = 1.2.3\n",
        ),
        ("cookies.yaml", GOOGLE),
    ]);
    let run = cookielint(dir.path(), &["check", "--format", "concise"]);
    assert_eq!(run.status, 2);
    assert_eq!(
        run.stderr,
        "cookielint.toml:4:19: error [config] this is not valid TOML: invalid float\n\
         error: the configuration or a rule file is invalid (1 mistake)\n"
    );
}

#[test]
fn severities_from_the_config() {
    let dir = project(&[
        (
            "cookielint.toml",
            "[rules]\nduration-cap = \"error\"\nthird-party-consent = \"off\"\n",
        ),
        (
            "cookies.yaml",
            &GOOGLE.replace("P13M", "P2Y").replace("required", "exempt"),
        ),
    ]);
    let run = cookielint(dir.path(), &["check", "--format", "concise"]);
    assert_eq!(run.status, 1);
    assert_eq!(
        run.stdout,
        "cookies.yaml:10:15: error [duration-cap] `_ga` is declared to live `P2Y`, but browsers cut every cookie's life to at most 400 days\n"
    );
    let run = cookielint(dir.path(), &["rules"]);
    assert!(
        run.stdout.contains("third-party-consent     off "),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("duration-cap            error "),
        "{}",
        run.stdout
    );
}

#[test]
fn select_ignore_and_deny_warnings_override_the_config() {
    let dir = project(&[
        (
            "cookielint.toml",
            "[rules]\nthird-party-consent = \"off\"\n",
        ),
        (
            "cookies.yaml",
            &GOOGLE.replace("P13M", "P2Y").replace("required", "exempt"),
        ),
    ]);
    let concise = ["check", "--format", "concise"];
    let run = cookielint(
        dir.path(),
        &[&concise[..], &["--select", "third-party-consent"]].concat(),
    );
    assert_eq!(run.status, 1);
    assert_eq!(run.stdout.lines().count(), 1);
    assert!(
        run.stdout.contains("[third-party-consent]"),
        "a selected rule runs even when configured off"
    );

    let run = cookielint(
        dir.path(),
        &[&concise[..], &["--ignore", "duration-cap"]].concat(),
    );
    assert_eq!((run.status, run.stdout.as_str()), (0, ""));

    let run = cookielint(dir.path(), &concise);
    assert_eq!(run.status, 0, "a warning alone passes");
    let run = cookielint(dir.path(), &[&concise[..], &["--deny-warnings"]].concat());
    assert_eq!(run.status, 1, "--deny-warnings makes it fail");

    let run = cookielint(
        dir.path(),
        &[&concise[..], &["--select", "duration-cp"]].concat(),
    );
    assert_eq!(run.status, 2);
    assert_eq!(
        run.stderr,
        "error: no rule is called `duration-cp`; did you mean `duration-cap`? (`cookielint rules` lists them)\n"
    );
}

#[test]
fn include_exclude_and_default_languages() {
    let english_only = GOOGLE.replace(
        "{ fr: Mesure d'audience., en: Audience measurement. }",
        "Audience measurement.",
    );
    let dir = project(&[
        (
            "cookielint.toml",
            "include = [\"sites/**/*.yaml\"]\nexclude = [\"sites/legacy/**\"]\nlanguages = [\"fr\", \"en\"]\n",
        ),
        ("sites/a/inventory.yaml", &english_only),
        ("sites/legacy/old.yaml", "not: [valid\n"),
        ("cookies.yaml", "not: [valid\n"),
    ]);
    let run = cookielint(dir.path(), &["check", "--format", "concise"]);
    assert_eq!(run.status, 1, "{}", run.stderr);
    assert_eq!(
        run.stdout,
        "sites/a/inventory.yaml:5:14: error [purpose-translations] the `purpose` of `_ga` is not given in `en`\n"
    );
    assert_eq!(run.stderr, "checked 1 file: 1 error, 0 warnings\n");
    // A file named on the command line is checked even when excluded.
    let run = cookielint(
        dir.path(),
        &["check", "--format", "concise", "sites/legacy/old.yaml"],
    );
    assert!(run.stdout.contains("[yaml-syntax]"), "{}", run.stdout);
}

/// The README's worked example of an organisation's rule is real: it loads,
/// and its bad example fires where it says.
#[test]
fn the_readme_rule_example_works() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md"))
        .expect("README.md");
    let section = readme.split("## Writing rules").nth(1).expect("section");
    let start = section.find("```yaml\n").expect("yaml block") + "```yaml\n".len();
    let rule = &section[start..start + section[start..].find("```").expect("end of block")];
    let bad = rule
        .split("  - bad: |\n")
        .nth(1)
        .and_then(|rest| rest.split("    expect:").next())
        .expect("bad example")
        .lines()
        .map(|line| line.strip_prefix("      ").unwrap_or(line))
        .collect::<Vec<_>>()
        .join("\n");
    let dir = project(&[
        ("cookielint.toml", "rule-paths = [\"policy/\"]\n"),
        ("policy/approved-vendors.yaml", rule),
        ("cookies.yaml", &bad),
    ]);
    let run = cookielint(
        dir.path(),
        &[
            "check",
            "--format",
            "concise",
            "--select",
            "approved-vendors",
        ],
    );
    assert_eq!(run.status, 1, "{}", run.stderr);
    assert_eq!(
        run.stdout,
        "cookies.yaml:3:28: error [approved-vendors] `_ga` is set by Google, which is not on the approved vendor list\n"
    );
}

/// `present` asks whether the entry writes the field: the format's default
/// for an absent `anonymous` (false) does not make it present.
#[test]
fn present_means_written_not_defaulted() {
    let rule = |id: &str, present: bool| {
        format!(
            "id: {id}\nseverity: warning\nsummary: s\nhelp: h\nwhen: {{ anonymous: {{ present: {present} }} }}\nmessage: \"{{name}}\"\n"
        )
    };
    let declaration = "version: 1
cookies:
  - { name: written, provider: Us, purpose: Sign-in., category: necessary, party: first, consent: exempt, duration: P1D, anonymous: false }
  - { name: absent, provider: Us, purpose: Sign-in., category: necessary, party: first, consent: exempt, duration: P1D }
";
    let dir = project(&[
        ("cookielint.toml", "rule-paths = [\"policy/\"]\n"),
        ("policy/says.yaml", &rule("says-anonymous", true)),
        ("policy/silent.yaml", &rule("silent-anonymous", false)),
        ("cookies.yaml", declaration),
    ]);
    let run = cookielint(dir.path(), &["check", "--format", "concise"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout,
        "cookies.yaml:3:5: warning [says-anonymous] `written`\n\
         cookies.yaml:4:5: warning [silent-anonymous] `absent`\n"
    );
}

#[test]
fn an_expect_that_is_not_a_list_of_positions_is_refused() {
    let examples = "examples:
  - bad: |
      version: 1
      cookies: []
    expect: \"3:5\"
  - bad: |
      version: 1
      cookies: []
    expect: [3, \"line 4\"]
";
    let dir = project(&[
        ("cookielint.toml", "rule-paths = [\"rule.yaml\"]\n"),
        ("rule.yaml", &format!("{APPROVED_VENDORS}{examples}")),
        ("cookies.yaml", GOOGLE),
    ]);
    let run = cookielint(dir.path(), &["check", "--format", "concise"]);
    assert_eq!(run.status, 2);
    assert_eq!(run.stdout, "");
    let form = "`expect` is a list of `line:column` positions, such as `[\"3:5\"]` (`[]`: the rule does not fire)";
    assert_eq!(
        run.stderr,
        format!(
            "rule.yaml:16:13: error [rule-file] {form}, not a string\n\
             rule.yaml:20:14: error [rule-file] {form}\n\
             rule.yaml:20:17: error [rule-file] {form}\n\
             error: the configuration or a rule file is invalid (3 mistakes)\n"
        )
    );
}

/// `schema`, `yaml-syntax`, `invalid-allow` and `unused-allow` are reported by
/// the pipeline: a user's rule naming one as its check would never fire.
#[test]
fn a_user_rule_cannot_call_a_pipeline_check() {
    for pipeline in ["schema", "yaml-syntax", "invalid-allow", "unused-allow"] {
        let rule = format!(
            "id: my-{pipeline}\nseverity: error\nsummary: s\nhelp: h\ncheck: {pipeline}\nmessage: m\n"
        );
        let dir = project(&[
            ("cookielint.toml", "rule-paths = [\"rule.yaml\"]\n"),
            ("rule.yaml", &rule),
            ("cookies.yaml", GOOGLE),
        ]);
        assert_eq!(cookielint(dir.path(), &["rules"]).status, 2, "{pipeline}");
        let run = cookielint(dir.path(), &["check", "--format", "concise"]);
        assert_eq!(run.status, 2, "{pipeline}");
        assert_eq!(
            run.stderr.lines().next(),
            Some(format!(
                "rule.yaml:5:8: error [rule-file] `{pipeline}` is reported by cookielint itself, not by a check a rule can run; the checks are {}",
                cookielint::checks::runnable().collect::<Vec<_>>().join(", ")
            ).as_str()),
            "{}", run.stderr
        );
    }
}

/// A user rule whose examples do not behave as written, one way each.
const WRONG_EXAMPLES: &str = r#"id: no-marketing
severity: error
summary: No marketing cookies.
when: { category: marketing }
message: "{name} is a marketing cookie"
help: Remove it.
examples:
  - bad: |
      version: 1
      cookies:
        - { name: ads, provider: Ads, purpose: Ads., category: marketing,
            party: first, consent: required, duration: P1D }
    expect: ["4:5"]
  - good: |
      version: 1
      cookies:
        - { name: ads, provider: Ads, purpose: Ads., category: marketing,
            party: first, consent: required, duration: P1D }
  - bad: |
      version: 1
      cookies: []
    expect: ["3:1"]
"#;

/// `check` runs a user rule's examples when it loads, and refuses the rule
/// where an example disagrees, at that example's `expect:` (or `good`).
#[test]
fn check_refuses_a_user_rule_whose_examples_disagree() {
    let dir = project(&[
        ("cookielint.toml", "rule-paths = [\"policy/\"]\n"),
        ("policy/no-marketing.yaml", WRONG_EXAMPLES),
        ("cookies.yaml", GOOGLE),
    ]);
    let run = cookielint(dir.path(), &["check", "--format", "concise"]);
    assert_eq!(run.status, 2);
    assert_eq!(run.stdout, "");
    assert_eq!(
        run.stderr,
        "policy/no-marketing.yaml:13:13: error [rule-file] example 1 expects findings at 4:5, but the rule fires at 3:5
policy/no-marketing.yaml:14:5: error [rule-file] example 2 is `good`, but the rule fires at 3:5
policy/no-marketing.yaml:22:13: error [rule-file] example 3 expects findings at 3:1, but the rule does not fire
error: the configuration or a rule file is invalid (3 mistakes)
"
    );
    // Examples say what the rule does as written, even when it is turned off.
    std::fs::write(
        dir.path().join("cookielint.toml"),
        "rule-paths = [\"policy/\"]\n[rules]\nno-marketing = \"off\"\n",
    )
    .unwrap();
    let run = cookielint(dir.path(), &["check", "--format", "concise"]);
    assert_eq!(run.status, 2, "{}", run.stderr);
}

#[test]
fn rules_verify_runs_every_example() {
    let builtin = cookielint::RuleSet::builtin().unwrap();
    let builtin_examples: usize = builtin.iter().map(|rule| rule.examples.len()).sum();
    let builtin_rules = builtin.ids().len();

    let dir = project(&[("cookies.yaml", GOOGLE)]);
    let run = cookielint(dir.path(), &["rules", "--verify"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout,
        format!(
            "{builtin_examples} examples of {builtin_rules} rules: each behaves as documented\n"
        )
    );

    let dir = project(&[
        ("cookielint.toml", "rule-paths = [\"policy/\"]\n"),
        ("policy/approved-vendors.yaml", APPROVED_VENDORS),
        ("policy/no-marketing.yaml", WRONG_EXAMPLES),
    ]);
    let run = cookielint(dir.path(), &["--color", "never", "rules", "--verify"]);
    assert_eq!(run.status, 2);
    assert_eq!(run.stdout, "");
    assert!(
        run.stderr.contains(
            "  × example 1 expects findings at 4:5, but the rule fires at 3:5\n    ╭─[policy/no-marketing.yaml:13:13]"
        ),
        "{}",
        run.stderr
    );
    assert!(run.stderr.ends_with(&format!(
        "error: 3 of {} examples of {} rules do not behave as documented\n",
        builtin_examples + 3,
        builtin_rules + 2
    )));
}

const SHORT_LIVED: &str = r#"id: short-lived
severity: warning
summary: "Our cookies live at most {limit.cnil-tracker-lifetime}."
when:
  duration: { longer_than: cnil-tracker-lifetime }
at: duration
label: "longer than {limit.cnil-tracker-lifetime.iso}"
message: "{name} lives `{duration}`, longer than {limit.cnil-tracker-lifetime}"
help: Shorten it.
"#;

/// A user's rule names a limit in its condition and quotes it in its texts.
#[test]
fn a_user_rule_uses_a_named_limit() {
    let dir = project(&[
        ("cookielint.toml", "rule-paths = [\"policy/\"]\n"),
        ("policy/short-lived.yaml", SHORT_LIVED),
        ("site/cookies.yaml", &GOOGLE.replace("P13M", "P396D")),
    ]);
    let run = cookielint(
        dir.path(),
        &["check", "--format", "concise", "--select", "short-lived"],
    );
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout,
        "site/cookies.yaml:10:15: warning [short-lived] `_ga` lives `P396D`, longer than 13 months\n"
    );
    let run = cookielint(dir.path(), &["explain", "short-lived"]);
    assert!(
        run.stdout.contains("Our cookies live at most 13 months."),
        "{}",
        run.stdout
    );

    // 13 months to the second: `P1Y1M` is not longer.
    std::fs::write(
        dir.path().join("site/cookies.yaml"),
        GOOGLE.replace("P13M", "P1Y1M"),
    )
    .expect("write");
    let run = cookielint(
        dir.path(),
        &["check", "--format", "concise", "--select", "short-lived"],
    );
    assert_eq!((run.status, run.stdout.as_str()), (0, ""), "{}", run.stderr);
}

#[test]
fn a_misspelt_limit_is_located_with_a_suggestion() {
    let misspelt = SHORT_LIVED
        .replace(
            "longer_than: cnil-tracker-lifetime",
            "longer_than: cnil-traker-lifetime",
        )
        .replace(
            "{limit.cnil-tracker-lifetime.iso}",
            "{limit.browser-lifetime-cop.iso}",
        );
    let dir = project(&[
        ("cookielint.toml", "rule-paths = [\"policy/\"]\n"),
        ("policy/short-lived.yaml", &misspelt),
        ("site/cookies.yaml", GOOGLE),
    ]);
    let run = cookielint(dir.path(), &["check", "--format", "concise"]);
    assert_eq!((run.status, run.stdout.as_str()), (2, ""));
    assert_eq!(
        run.stderr,
        "policy/short-lived.yaml:5:28: error [rule-file] no limit is called `cnil-traker-lifetime`; did you mean `cnil-tracker-lifetime`?\n\
         policy/short-lived.yaml:7:8: error [rule-file] `label`: no limit is called `browser-lifetime-cop`; did you mean `browser-lifetime-cap`?\n\
         error: the configuration or a rule file is invalid (2 mistakes)\n"
    );
}

const INTERNAL_COOKIES: &str = "version: 1
cookies:
  - { name: acme_ab, provider: Acme Experiments, purpose: A/B tests., category: statistics,
      party: first, consent: required, duration: P1M }
  - { name: sessionid, provider: Our site, purpose: Sign-in., category: necessary,
      party: first, consent: exempt, duration: session }
";

const USING_INTERNAL: &str = "version: 1
cookies:
  - { name: acme_ab, provider: Acme Experiments, purpose: Tests., category: necessary,
      party: first, consent: exempt, duration: P1M }
  - { name: sessionid, provider: Instagram, purpose: Sign-in., category: necessary,
      party: first, consent: exempt, duration: session }
";

#[test]
fn the_teams_known_cookies_extend_the_database_and_win_over_it() {
    let dir = project(&[("site/cookies.yaml", USING_INTERNAL)]);
    // Without the team's file, `sessionid` from Instagram is Instagram's.
    let run = cookielint(dir.path(), &["check", "--format", "concise"]);
    assert_eq!(
        run.stdout,
        "site/cookies.yaml:5:74: warning [known-cookie-category] `sessionid` is Instagram's cookie, `marketing` (Marketing) in the Open Cookie Database (controller: Meta), but is declared `necessary`\n"
    );
    std::fs::write(
        dir.path().join("cookielint.toml"),
        "known-cookies = [\"known/internal.yaml\"]\n",
    )
    .unwrap();
    std::fs::create_dir(dir.path().join("known")).unwrap();
    std::fs::write(dir.path().join("known/internal.yaml"), INTERNAL_COOKIES).unwrap();
    let run = cookielint(dir.path(), &["check", "--format", "concise"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout,
        "site/cookies.yaml:3:77: warning [known-cookie-category] `acme_ab` is Acme Experiments's cookie, `statistics` in `known/internal.yaml` (controller: Acme Experiments), but is declared `necessary`\n"
    );

    let run = cookielint(dir.path(), &["lookup", "acme_ab", "sessionid"]);
    assert_eq!((run.status, run.stderr.as_str()), (0, ""));
    assert!(
        run.stdout.starts_with(
            "acme_ab: Acme Experiments\n  source       known/internal.yaml\n  category     statistics\n  controller   Acme Experiments\n  retention    P1M\n  description  A/B tests.\n\nsessionid: Our site\n  source       known/internal.yaml\n"
        ),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains("Instagram"), "{}", run.stdout);
    let run = cookielint(dir.path(), &["lookup", "--format", "json", "acme_ab"]);
    let document: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(
        document["names"][0]["matches"][0]["file"],
        "known/internal.yaml"
    );
}

/// Issue 20: each declared name was held against every team entry, and
/// each unknown name's "did you mean" refolded the whole database: a large
/// team file and a large declaration took minutes. Their answers must be
/// those of a small one.
#[test]
fn thousands_of_known_cookies_and_names_are_answered_as_a_few() {
    const COUNT: usize = 10_000;
    let mut known = String::from("version: 1\ncookies:\n");
    let mut site = String::from(
        "version: 1\nsite: { consent_manager: /cookies }\ncookies:\n  - { name: consent, provider: Us, purpose: Choice., category: necessary, party: first, consent: exempt, stores_consent: true, duration: P6M }\n",
    );
    let mut expected = String::new();
    for index in 0..COUNT {
        let pattern = if index % 10 == 0 { "_*" } else { "" };
        known.push_str(&format!(
            "  - {{ name: 'team_{index}{pattern}', provider: Team, purpose: Measures., category: statistics, party: first, consent: required, duration: P1M }}\n"
        ));
        let (category, consent) = if index % 1000 == 1 {
            ("necessary", "exempt")
        } else {
            ("statistics", "required")
        };
        let line = format!(
            "  - {{ name: team_{index}, provider: Team, purpose: Measures., category: {category}, party: first, consent: {consent}, duration: P1M }}\n"
        );
        if category == "necessary" {
            let column = line.find("necessary").unwrap_or_default() + 1;
            expected.push_str(&format!(
                "cookies.yaml:{}:{column}: warning [known-cookie-category] `team_{index}` is Team's cookie, `statistics` in `known.yaml` (controller: Team), but is declared `necessary`\n",
                index + 5
            ));
        }
        site.push_str(&line);
    }
    let dir = project(&[
        ("cookielint.toml", "known-cookies = [\"known.yaml\"]\n"),
        ("known.yaml", &known),
        ("cookies.yaml", &site),
    ]);
    let run = cookielint(
        dir.path(),
        &["check", "--format", "concise", "cookies.yaml"],
    );
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert!(run.stdout == expected, "{:.2000}", run.stdout);

    let mut names: Vec<String> = (0..1_000).map(|index| format!("unknown_{index}")).collect();
    names.extend(["team_20_x".to_string(), "team_21".to_string()]);
    let mut args = vec!["lookup"];
    args.extend(names.iter().map(String::as_str));
    let run = cookielint(dir.path(), &args);
    assert_eq!((run.status, run.stderr.as_str()), (1, ""));
    let mut blocks: Vec<String> = (0..1_000)
        .map(|index| {
            format!(
                "unknown_{index}: not in the team's known cookies nor the Open Cookie Database\n"
            )
        })
        .collect();
    for (name, by) in [
        ("team_20_x", " (by the prefix `team_20_`)"),
        ("team_21", ""),
    ] {
        blocks.push(format!(
            "{name}: Team{by}\n  source       known.yaml\n  category     statistics\n  controller   Team\n  retention    P1M\n  description  Measures.\n"
        ));
    }
    let expected = blocks.join("\n");
    assert!(run.stdout == expected, "{:.2000}", run.stdout);
}

#[test]
fn mistakes_in_a_known_cookies_file_are_findings_at_their_place() {
    let broken = INTERNAL_COOKIES.replace("category: statistics", "category: stats");
    let dir = project(&[
        ("cookielint.toml", "known-cookies = [\"internal.yaml\"]\n"),
        ("internal.yaml", &broken),
        ("cookies.yaml", USING_INTERNAL),
    ]);
    let run = cookielint(
        dir.path(),
        &["check", "--format", "concise", "cookies.yaml"],
    );
    assert_eq!(run.status, 1, "{}", run.stderr);
    assert_eq!(
        run.stdout,
        "internal.yaml:3:81: error [schema] `stats` is not a valid `category` of cookie `acme_ab`\n"
    );
    assert_eq!(run.stderr, "checked 2 files: 1 error, 0 warnings\n");
}

#[test]
fn a_missing_known_cookies_file_is_a_configuration_mistake() {
    let dir = project(&[
        ("cookielint.toml", "known-cookies = [\"nowhere.yaml\"]\n"),
        ("cookies.yaml", USING_INTERNAL),
    ]);
    let run = cookielint(dir.path(), &["check", "--format", "concise"]);
    assert_eq!(run.status, 2);
    assert_eq!(
        run.stderr,
        "cookielint.toml:1:18: error [config] `nowhere.yaml` is not a file\nerror: the configuration or a rule file is invalid (1 mistake)\n"
    );
    let run = cookielint(dir.path(), &["lookup", "_ga"]);
    assert_eq!(run.status, 2);
}
