//! The `cookielint` binary as users run it: exit statuses, every input form,
//! both output formats, and the exact position of every finding in
//! `examples/broken/`.

use std::path::Path;

use assert_cmd::Command;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

fn cookielint() -> Command {
    let mut command = Command::cargo_bin("cookielint").expect("binary is built");
    command.current_dir(ROOT).env_remove("NO_COLOR");
    command
}

struct Run {
    status: i32,
    stdout: String,
    stderr: String,
}

fn run(command: &mut Command) -> Run {
    let output = command.output().expect("cookielint runs");
    Run {
        status: output.status.code().expect("exited, not killed"),
        stdout: String::from_utf8(output.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(output.stderr).expect("stderr is UTF-8"),
    }
}

fn check(args: &[&str]) -> Run {
    run(cookielint().arg("check").args(args))
}

const VALID: &str = "version: 1\ncookies:\n  - { name: sid, provider: Us, purpose: Sign-in., category: necessary, party: first, consent: exempt, duration: session }\n";
const WARNING_ONLY: &str = "version: 1\ncookies:\n  - { name: sid, provider: Us, purpose: Sign-in., category: necessary, party: first, consent: required, duration: session }\nsite: { consent_manager: /cookies }\n";
const THIRD_PARTY_EXEMPT: &str = "version: 1\ncookies:\n  - { name: _ga, provider: Google, purpose: Stats., category: statistics, party: third, consent: exempt, duration: P13M }\n";

fn write(dir: &Path, name: &str, text: &str) {
    let path = dir.join(name);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).expect("create dir");
    }
    std::fs::write(path, text).expect("write fixture");
}

#[test]
fn seeds_pass() {
    let result = check(&["examples/seeds"]);
    assert_eq!(result.stdout, "");
    assert_eq!(result.stderr, "checked 5 files: 0 errors, 0 warnings\n");
    assert_eq!(result.status, 0);
}

#[test]
fn broken_examples_fail_at_exact_positions() {
    let result = check(&["examples/broken", "--format", "concise"]);
    assert_eq!(result.status, 1);
    insta::assert_snapshot!("broken_concise", result.stdout);
    assert_eq!(result.stderr, "checked 12 files: 29 errors, 8 warnings\n");
}

#[test]
fn full_format_is_the_graphical_report() {
    let result = check(&["examples/broken/typos.cookies.yaml"]);
    assert_eq!(result.status, 1);
    assert!(
        !result.stdout.contains('\u{1b}'),
        "no colour when not on a terminal"
    );
    insta::assert_snapshot!("typos_full", result.stdout);
}

#[test]
fn full_format_shows_both_places_of_a_duplicate() {
    let result = check(&["examples/broken/duplicates.cookies.yaml"]);
    assert_eq!(result.status, 1);
    insta::assert_snapshot!("duplicates_full", result.stdout);
}

#[test]
fn concise_is_one_line_per_finding() {
    let result = check(&["examples/broken", "--format", "concise"]);
    let pattern = |line: &str| {
        let mut parts = line.splitn(4, ':');
        let (path, line_no, column, rest) =
            (parts.next(), parts.next(), parts.next(), parts.next());
        path.is_some_and(|p| p.starts_with("examples/broken/"))
            && line_no.is_some_and(|n| n.parse::<usize>().is_ok())
            && column.is_some_and(|n| n.parse::<usize>().is_ok())
            && rest.is_some_and(|r| r.starts_with(" error [") || r.starts_with(" warning ["))
    };
    assert!(result.stdout.lines().all(pattern), "{}", result.stdout);
    assert_eq!(result.stdout.lines().count(), 37);
}

/// One mistake, one finding: a misspelt key is not also a missing one, and
/// a rule that needs a malformed field stays silent. Two rules that judge
/// one value for different reasons both report it.
#[test]
fn each_mistake_is_reported_once() {
    let dir = tempfile::tempdir().expect("tempdir");
    let entry = |fields: &str| format!("  - {{ name: {fields} }}\n");
    let text = [
        "version: 1\ncookies:\n".to_string(),
        entry("sid, provider: Us, purpuse: Sign-in., catgory: necessary, party: first, consent: exempt, duration: session"),
        entry("cart, provider: Us, purpose: Basket., category: necessary, party: first, consent: exempt, duration: P1D, attributes: { path: shop }"),
        entry("cart, provider: Us, purpose: Basket., category: necessary, party: first, consent: exempt, duration: P1D, attributes: { path: shop }"),
        entry("choice, provider: Us, purpose: Consent., category: necessary, party: first, consent: exempt, stores_consent: yes, duration: P6M"),
        entry("_ga, provider: Google, purpose: Stats., category: statistics, party: third, consent: required, duration: P13M"),
        entry("IDE, provider: Google, purpose: Ads., category: marketing, party: third, consent: exempt, duration: P13M"),
        "site: { consent_manager: /cookies }\n".to_string(),
    ]
    .concat();
    write(dir.path(), "cookies.yaml", &text);
    let result = run(cookielint()
        .current_dir(dir.path())
        .args(["check", "--format", "concise"]));
    assert_eq!(result.status, 1);
    assert_eq!(
        result.stdout,
        "\
cookies.yaml:3:32: error [schema] unknown key `purpuse` in cookie `sid`
cookies.yaml:3:51: error [schema] unknown key `catgory` in cookie `sid`
cookies.yaml:4:138: error [schema] `shop` is not a cookie path (`attributes.path` of cookie `cart`)
cookies.yaml:5:138: error [schema] `shop` is not a cookie path (`attributes.path` of cookie `cart`)
cookies.yaml:6:122: error [schema] `stores_consent` of cookie `choice` must be a boolean (`true` or `false`), not a string
cookies.yaml:8:95: error [consent-exemption] `IDE` is a `marketing` cookie marked `consent: exempt`
cookies.yaml:8:95: error [third-party-consent] `IDE` is set by another site (`party: third`) but marked `consent: exempt`
"
    );
    assert_eq!(result.stderr, "checked 1 file: 7 errors, 0 warnings\n");
}

/// A malformed field leaves a rule's condition open only where the other
/// fields do not settle it: a `__Host-` cookie with no `path` breaks its
/// prefix whatever its malformed `secure` would have been.
#[test]
fn a_malformed_field_does_not_hide_what_another_field_proves() {
    let dir = tempfile::tempdir().expect("tempdir");
    let text = "version: 1\ncookies:\n  - { name: __Host-id, provider: Us, purpose: Sign-in., category: necessary, party: first, consent: exempt, duration: session, attributes: { secure: 7 } }\n  - { name: __Host-ok, provider: Us, purpose: Sign-in., category: necessary, party: first, consent: exempt, duration: session, attributes: { secure: 7, path: / } }\n";
    write(dir.path(), "cookies.yaml", text);
    let result = run(cookielint()
        .current_dir(dir.path())
        .args(["check", "--format", "concise"]));
    assert_eq!(result.status, 1);
    assert_eq!(
        result.stdout,
        "\
cookies.yaml:3:13: error [cookie-prefix] `__Host-id` has a cookie prefix, but not the attributes browsers require for it
cookies.yaml:3:150: error [schema] `attributes.secure` of cookie `__Host-id` must be a boolean (`true` or `false`), not a number
cookies.yaml:4:150: error [schema] `attributes.secure` of cookie `__Host-ok` must be a boolean (`true` or `false`), not a number
"
    );
}

/// A value an entry reaches through an alias is that entry's: its finding
/// points at the alias, and shows the anchor it copies.
#[test]
fn a_finding_through_an_alias_points_at_the_alias() {
    let dir = tempfile::tempdir().expect("tempdir");
    let entry = |name: &str, attributes: &str| {
        format!(
            "  - {{ name: {name}, provider: Us, purpose: Embeds., category: necessary, party: first, consent: exempt, duration: session,\n      attributes: {attributes} }}\n"
        )
    };
    let text = [
        "version: 1\ncookies:\n".to_string(),
        entry("widget", "&embed { same_site: none }"),
        entry("legacy", "*embed"),
    ]
    .concat();
    write(dir.path(), "cookies.yaml", &text);
    let concise = run(cookielint()
        .current_dir(dir.path())
        .args(["check", "--format", "concise"]));
    assert_eq!(
        concise.stdout,
        "\
cookies.yaml:4:39: error [samesite-none-secure] `widget` is `SameSite=None` without `Secure`: browsers reject such a cookie
cookies.yaml:6:19: error [samesite-none-secure] `legacy` is `SameSite=None` without `Secure`: browsers reject such a cookie
"
    );
    let json = run(cookielint()
        .current_dir(dir.path())
        .args(["check", "--format", "json"]));
    let report: serde_json::Value = serde_json::from_str(&json.stdout).expect("JSON");
    let related = |index: usize| {
        report["findings"][index]["related"]
            .as_array()
            .expect("related")
            .iter()
            .map(|label| {
                format!(
                    "{}:{} {}",
                    label["start"]["line"], label["start"]["column"], label["message"]
                )
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(related(0), Vec::<String>::new());
    assert_eq!(related(1), ["4:19 \"the alias copies this\""]);
}

#[test]
fn a_single_file_whatever_its_name() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(dir.path(), "inventory.yml", THIRD_PARTY_EXEMPT);
    let result = run(cookielint().current_dir(dir.path()).args([
        "check",
        "inventory.yml",
        "--format",
        "concise",
    ]));
    assert_eq!(result.status, 1);
    assert_eq!(
        result.stdout,
        "inventory.yml:3:98: error [third-party-consent] `_ga` is set by another site (`party: third`) but marked `consent: exempt`\n"
    );
}

#[test]
fn a_directory_is_searched_for_declaration_names() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(dir.path(), "site/cookies.yaml", THIRD_PARTY_EXEMPT);
    write(dir.path(), "site/a/b/shop.cookies.yml", THIRD_PARTY_EXEMPT);
    write(dir.path(), "site/cookies.yml", VALID);
    write(dir.path(), "site/other.yaml", THIRD_PARTY_EXEMPT);
    write(dir.path(), "site/.hidden/cookies.yaml", THIRD_PARTY_EXEMPT);
    let result = run(cookielint()
        .current_dir(dir.path())
        .args(["check", "site", "--format", "concise"]));
    assert_eq!(result.status, 1);
    let paths: Vec<&str> = result
        .stdout
        .lines()
        .map(|l| l.split(':').next().unwrap_or(""))
        .collect();
    assert_eq!(paths, ["site/a/b/shop.cookies.yml", "site/cookies.yaml"]);
    assert_eq!(result.stderr, "checked 3 files: 2 errors, 0 warnings\n");
}

/// The paths `check ARGS --format concise` reports findings in, run in `dir`.
fn paths_with_findings(dir: &Path, args: &[&str]) -> Vec<String> {
    let result = run(cookielint()
        .current_dir(dir)
        .arg("check")
        .args(args)
        .args(["--format", "concise"]));
    result
        .stdout
        .lines()
        .map(|line| line.split(':').next().unwrap_or("").to_string())
        .collect()
}

/// A project whose ignore files leave out some declarations; each declaration
/// has one finding, so the report lists the files checked.
fn project_with_ignore_files(dir: &Path) {
    for (name, text) in [
        (
            ".gitignore",
            "build/\n*.draft.cookies.yaml\n!keep.draft.cookies.yaml\n",
        ),
        ("site/nested/.gitignore", "old/\n"),
        ("site/.ignore", "vendor.cookies.yaml\n"),
    ] {
        write(dir, name, text);
    }
    for name in [
        "build/cookies.yaml",
        "node_modules/pkg/cookies.yaml",
        "site/a.draft.cookies.yaml",
        "site/cookies.yaml",
        "site/keep.draft.cookies.yaml",
        "site/nested/cookies.yaml",
        "site/nested/old/cookies.yaml",
        "site/node_modules/pkg/cookies.yaml",
        "site/vendor.cookies.yaml",
    ] {
        write(dir, name, THIRD_PARTY_EXEMPT);
    }
}

#[test]
fn a_search_in_a_git_repository_honours_its_ignore_files() {
    let dir = tempfile::tempdir().expect("tempdir");
    project_with_ignore_files(dir.path());
    std::fs::create_dir(dir.path().join(".git")).expect("a repository");
    let searched = [
        "site/cookies.yaml",
        "site/keep.draft.cookies.yaml",
        "site/nested/cookies.yaml",
    ];
    assert_eq!(paths_with_findings(dir.path(), &[]), searched);
    // The repository's .gitignore applies to a search started below it.
    assert_eq!(
        paths_with_findings(&dir.path().join("site"), &["."]),
        searched.map(|path| path.trim_start_matches("site/"))
    );
}

#[test]
fn a_gitignore_outside_a_git_repository_is_not_read() {
    let dir = tempfile::tempdir().expect("tempdir");
    project_with_ignore_files(dir.path());
    assert_eq!(
        paths_with_findings(dir.path(), &[]),
        [
            "build/cookies.yaml",
            "site/a.draft.cookies.yaml",
            "site/cookies.yaml",
            "site/keep.draft.cookies.yaml",
            "site/nested/cookies.yaml",
            "site/nested/old/cookies.yaml",
        ],
        ".ignore files still apply, and node_modules is never searched"
    );
}

#[test]
fn a_path_named_on_the_command_line_is_checked_even_if_ignored() {
    let dir = tempfile::tempdir().expect("tempdir");
    project_with_ignore_files(dir.path());
    std::fs::create_dir(dir.path().join(".git")).expect("a repository");
    assert_eq!(
        paths_with_findings(
            dir.path(),
            &["build", "node_modules", "site/a.draft.cookies.yaml"]
        ),
        [
            "build/cookies.yaml",
            "node_modules/pkg/cookies.yaml",
            "site/a.draft.cookies.yaml",
        ]
    );
}

#[test]
fn no_argument_means_the_current_directory() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(dir.path(), "cookies.yaml", THIRD_PARTY_EXEMPT);
    let result = run(cookielint()
        .current_dir(dir.path())
        .args(["check", "--format", "concise"]));
    assert_eq!(result.status, 1);
    assert!(
        result
            .stdout
            .starts_with("cookies.yaml:3:98: error [third-party-consent]"),
        "{}",
        result.stdout
    );
}

#[test]
fn quoted_globs_are_expanded_by_cookielint() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(dir.path(), "sites/a/x.yaml", THIRD_PARTY_EXEMPT);
    write(dir.path(), "sites/b/c/y.yaml", VALID);
    write(dir.path(), "sites/b/z.yml", THIRD_PARTY_EXEMPT);
    let result = run(cookielint().current_dir(dir.path()).args([
        "check",
        "sites/**/*.yaml",
        "--format",
        "concise",
    ]));
    assert_eq!(result.status, 1);
    assert_eq!(result.stdout.lines().count(), 1, "{}", result.stdout);
    assert!(result.stdout.starts_with("sites/a/x.yaml:3:98:"));
    assert_eq!(result.stderr, "checked 2 files: 1 error, 0 warnings\n");
}

#[test]
fn stdin_with_and_without_a_name() {
    let result = run(cookielint()
        .args(["check", "-", "--format", "concise"])
        .write_stdin(THIRD_PARTY_EXEMPT));
    assert_eq!(result.status, 1);
    assert!(
        result.stdout.starts_with("<stdin>:3:98: error"),
        "{}",
        result.stdout
    );

    let result = run(cookielint()
        .args([
            "check",
            "-",
            "--stdin-filename",
            "site/cookies.yaml",
            "--format",
            "concise",
        ])
        .write_stdin(THIRD_PARTY_EXEMPT));
    assert!(
        result.stdout.starts_with("site/cookies.yaml:3:98: error"),
        "{}",
        result.stdout
    );

    let result = run(cookielint().args(["check", "-"]).write_stdin(VALID));
    assert_eq!((result.status, result.stdout.as_str()), (0, ""));
}

#[test]
fn warnings_alone_exit_zero() {
    let result = run(cookielint()
        .args(["check", "-", "--format", "concise"])
        .write_stdin(WARNING_ONLY));
    assert_eq!(result.status, 0);
    assert!(result.stdout.contains("warning [necessary-no-consent]"));
    assert!(result.stdout.contains("warning [consent-record]"));
    assert_eq!(result.stderr, "checked 1 file: 0 errors, 2 warnings\n");
}

#[test]
fn a_missing_path_exits_2_without_hiding_other_findings() {
    let result = check(&[
        "does/not/exist.yaml",
        "examples/broken/duplicates.cookies.yaml",
        "--format",
        "concise",
    ]);
    assert_eq!(result.status, 2);
    assert!(
        result.stdout.contains("[duplicate-cookie]"),
        "{}",
        result.stdout
    );
    assert!(
        result
            .stderr
            .starts_with("error: `does/not/exist.yaml` does not exist\n"),
        "{}",
        result.stderr
    );
}

#[test]
fn a_glob_matching_nothing_exits_2() {
    let result = check(&["nowhere/**/*.cookies.yaml"]);
    assert_eq!(result.status, 2);
    assert!(
        result
            .stderr
            .contains("`nowhere/**/*.cookies.yaml` matched no file"),
        "{}",
        result.stderr
    );
}

#[test]
fn a_directory_without_declarations_exits_2() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(dir.path(), "notes.yaml", VALID);
    let result = run(cookielint().current_dir(dir.path()).arg("check"));
    assert_eq!(result.status, 2);
    assert!(
        result
            .stderr
            .contains("no declaration file found under `.`"),
        "{}",
        result.stderr
    );
    assert!(result.stderr.contains("help:"), "{}", result.stderr);
}

#[test]
fn a_malformed_glob_exits_2() {
    let result = check(&["sites/[*.yaml"]);
    assert_eq!(result.status, 2);
    assert!(
        result
            .stderr
            .contains("the glob `sites/[*.yaml` is malformed"),
        "{}",
        result.stderr
    );
}

#[test]
fn bad_flags_exit_2() {
    for args in [
        &["check", "--bogus"][..],
        &["check", "--format", "xml"],
        &["frobnicate"],
        &[],
    ] {
        let result = run(cookielint().args(args));
        assert_eq!(result.status, 2, "{args:?}");
        assert!(
            result.stderr.contains("Usage:")
                || result.stderr.contains("possible values: full, concise"),
            "{args:?}: {}",
            result.stderr
        );
        assert_eq!(result.stdout, "", "{args:?}");
    }
}

#[test]
fn schema_prints_the_embedded_schema() {
    let result = run(cookielint().arg("schema"));
    assert_eq!(result.status, 0);
    let on_disk = std::fs::read_to_string(Path::new(ROOT).join("schema/cookielint.schema.json"))
        .expect("schema file");
    assert_eq!(result.stdout, on_disk);
    let parsed: serde_json::Value = serde_json::from_str(&result.stdout).expect("valid JSON");
    assert_eq!(
        parsed["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
}

#[test]
fn rules_lists_every_rule() {
    let result = run(cookielint().arg("rules"));
    assert_eq!(result.status, 0);
    insta::assert_snapshot!("rules", result.stdout);
}

/// On a terminal `explain` prints text to read (what `--format text` asks
/// anywhere); piped, it prints docs/rules.md's Markdown.
#[test]
fn explain_prints_text_to_read_or_markdown() {
    let markdown = run(cookielint().args(["explain", "duration-cap"]));
    let asked = run(cookielint().args(["explain", "duration-cap", "--format", "markdown"]));
    assert_eq!(asked.stdout, markdown.stdout);
    let docs = std::fs::read_to_string(Path::new(ROOT).join("docs/rules.md")).expect("docs");
    assert!(docs.contains(&markdown.stdout), "{}", markdown.stdout);

    let text = run(cookielint().args([
        "explain",
        "duration-cap",
        "--format",
        "text",
        "--color",
        "never",
    ]));
    assert_eq!(text.status, 0);
    assert!(
        text.stdout.starts_with(
            "duration-cap\n============\n\nNo cookie lives longer than 400 days; the charter should not say otherwise.\n\n- Severity: warning\n"
        ),
        "{}",
        text.stdout
    );
    assert!(text.stdout.contains("\nWhy\n---\n"), "{}", text.stdout);
    assert!(
        text.stdout.contains("\n    version: 1\n    cookies:\n"),
        "examples are indented: {}",
        text.stdout
    );
    for markup in ["```", "## ", "`"] {
        assert!(!text.stdout.contains(markup), "{markup}: {}", text.stdout);
    }

    let coloured = run(cookielint().args([
        "explain",
        "duration-cap",
        "--format",
        "text",
        "--color",
        "always",
    ]));
    assert!(
        coloured
            .stdout
            .starts_with("\x1b[1m\x1b[4mduration-cap\x1b[0m\n"),
        "{}",
        coloured.stdout
    );
    assert!(
        coloured
            .stdout
            .contains("- Severity: \x1b[1mwarning\x1b[0m\n")
    );
    let no_color = run(cookielint()
        .args(["explain", "duration-cap", "--format", "text"])
        .env("NO_COLOR", "1")
        .env_remove("CLICOLOR_FORCE"));
    assert_eq!(no_color.stdout, text.stdout);
}

#[test]
fn explain_prints_a_rules_documentation() {
    let result = run(cookielint().args(["explain", "statistics-exemption"]));
    assert_eq!(result.status, 0);
    assert!(result.stdout.starts_with("## statistics-exemption\n"));
    assert!(result.stdout.contains("CNIL"));
    assert!(result.stdout.contains("```yaml"));

    let result = run(cookielint().args(["explain", "third-party-consnt"]));
    assert_eq!(result.status, 2);
    assert_eq!(
        result.stderr,
        "error: no rule is called `third-party-consnt`; did you mean `third-party-consent`? (`cookielint rules` lists them)\n"
    );
}

/// The README's example is a promise: its output must be what the binary prints.
#[test]
fn readme_example_output_is_true() {
    let readme = std::fs::read_to_string(Path::new(ROOT).join("README.md")).expect("README");
    let shows = readme.split("## What it shows").nth(1).expect("section");
    let block = |fence: &str, from: &str| -> String {
        let start = from.find(fence).expect("fenced block") + fence.len() + 1;
        let length = from[start..].find("```").expect("closing fence");
        from[start..start + length].to_string()
    };
    let yaml = block("```yaml", shows);
    let full = block("```text", shows);
    let after_full = &shows[shows.find("--format concise").expect("concise example")..];
    let concise = block("```text", after_full);

    let result = run(cookielint()
        .args(["check", "-", "--stdin-filename", "cookies.yaml"])
        .write_stdin(yaml.clone()));
    assert_eq!(format!("{}{}", result.stdout, result.stderr), full);

    let result = run(cookielint()
        .args([
            "check",
            "-",
            "--stdin-filename",
            "cookies.yaml",
            "--format",
            "concise",
        ])
        .write_stdin(yaml));
    assert_eq!(result.stdout, concise);
}

#[test]
fn init_writes_a_passing_starter_and_never_overwrites() {
    let dir = tempfile::tempdir().expect("tempdir");
    let result = run(cookielint().current_dir(dir.path()).arg("init"));
    assert_eq!(result.status, 0, "{}", result.stderr);
    assert_eq!(
        result.stdout,
        "wrote cookies.yaml: edit it, then run `cookielint check cookies.yaml`\n"
    );
    let written = std::fs::read_to_string(dir.path().join("cookies.yaml")).expect("written");
    assert!(written.starts_with(
        "# yaml-language-server: $schema=https://raw.githubusercontent.com/cookielint/cookielint/main/schema/cookielint.schema.json\n"
    ));
    for category in ["necessary", "preferences", "statistics", "marketing"] {
        assert!(
            written.contains(&format!("category: {category}")),
            "{category}"
        );
    }
    assert!(written.contains("stores_consent: true"));
    let checked = run(cookielint()
        .current_dir(dir.path())
        .args(["check", "--format", "concise"]));
    assert_eq!(
        (checked.status, checked.stdout.as_str()),
        (0, ""),
        "the starter passes every rule"
    );

    let again = run(cookielint().current_dir(dir.path()).arg("init"));
    assert_eq!(again.status, 2);
    assert!(again.stderr.starts_with(
        "error: `cookies.yaml` already exists; cookielint init does not overwrite it"
    ));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("cookies.yaml")).expect("kept"),
        written
    );

    let elsewhere = run(cookielint()
        .current_dir(dir.path())
        .args(["init", "site/shop.cookies.yaml"]));
    assert_eq!(elsewhere.status, 2, "a missing folder is an error");
    assert!(
        elsewhere
            .stderr
            .starts_with("error: cannot write `site/shop.cookies.yaml`"),
        "{}",
        elsewhere.stderr
    );
}

#[test]
fn init_in_a_folder_writes_cookies_yaml_there() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir(dir.path().join("site")).expect("mkdir");
    let result = run(cookielint().current_dir(dir.path()).args(["init", "site"]));
    assert_eq!(
        (result.status, result.stdout.as_str()),
        (
            0,
            "wrote site/cookies.yaml: edit it, then run `cookielint check site/cookies.yaml`\n"
        ),
        "{}",
        result.stderr
    );
    assert!(dir.path().join("site/cookies.yaml").is_file());
    let here = run(cookielint().current_dir(dir.path()).args(["init", "."]));
    assert_eq!(
        here.stdout,
        "wrote cookies.yaml: edit it, then run `cookielint check cookies.yaml`\n"
    );
}

#[test]
fn init_in_a_folder_that_does_not_exist_says_what_to_do() {
    let dir = tempfile::tempdir().expect("tempdir");
    let result = run(cookielint()
        .current_dir(dir.path())
        .args(["init", "my site/shop.cookies.yaml"]));
    assert_eq!(result.status, 2);
    assert_eq!(
        result.stderr,
        "error: cannot write `my site/shop.cookies.yaml`: the folder `my site` does not exist\n  help: Create it first (`mkdir -p 'my site'`), or name a folder that exists: `cookielint init DIR` writes DIR/cookies.yaml.\n"
    );
}

#[test]
fn a_report_that_cannot_be_written_is_named() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(dir.path(), "cookies.yaml", VALID);
    let result = run(cookielint().current_dir(dir.path()).args([
        "check",
        "--output",
        "out/report.json",
        "--format",
        "json",
    ]));
    assert_eq!(result.status, 2);
    assert!(
        result.stderr.starts_with(
            "error: cannot write the report to `out/report.json`: No such file or directory"
        ),
        "{}",
        result.stderr
    );
    assert!(
        result.stderr.ends_with(
            "\n  help: The folder `out` does not exist: create it first (`mkdir -p out`).\n"
        ),
        "{}",
        result.stderr
    );
    std::fs::create_dir(dir.path().join("report.json")).expect("mkdir");
    let result =
        run(cookielint()
            .current_dir(dir.path())
            .args(["check", "--output", "report.json"]));
    assert_eq!(result.status, 2);
    assert!(
        result
            .stderr
            .starts_with("error: cannot write the report to `report.json`: ")
            && result
                .stderr
                .ends_with("\n  help: Name a file in a folder you can write to.\n"),
        "{}",
        result.stderr
    );
}

#[test]
fn the_schema_id_is_what_editors_are_pointed_at() {
    let schema: serde_json::Value =
        serde_json::from_str(include_str!("../schema/cookielint.schema.json")).expect("json");
    let starter = include_str!("../examples/starter/cookies.yaml");
    let id = schema["$id"].as_str().expect("$id");
    assert!(starter.starts_with(&format!("# yaml-language-server: $schema={id}\n")));
}

#[test]
fn completions_for_each_shell() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let result = run(cookielint().args(["completions", shell]));
        assert_eq!(result.status, 0, "{shell}");
        assert!(result.stdout.contains("cookielint"), "{shell}");
        assert!(
            result.stdout.contains("deny-warnings"),
            "{shell}: flags are completed"
        );
    }
    let result = run(cookielint().args(["completions", "tcsh"]));
    assert_eq!(result.status, 2);
}

/// `explain` completes rule ids: bash offers them as it completes (run in
/// bash itself), zsh and fish scripts list them.
#[test]
fn completions_offer_rule_ids_to_explain() {
    for shell in ["bash", "zsh", "fish"] {
        let result = run(cookielint().args(["completions", shell]));
        assert!(
            result.stdout.contains("third-party-consent"),
            "{shell}: rule ids are offered"
        );
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let script = run(cookielint().args(["completions", "bash"])).stdout;
    write(dir.path(), "cookielint.bash", &script);
    let completed = std::process::Command::new("bash")
        .current_dir(dir.path())
        .args([
            "--norc",
            "-c",
            "source ./cookielint.bash; COMP_WORDS=(cookielint explain third-p); COMP_CWORD=2; \
             COMP_LINE='cookielint explain third-p'; COMP_POINT=${#COMP_LINE}; \
             _cookielint cookielint third-p explain; printf '%s\\n' \"${COMPREPLY[@]}\"",
        ])
        .output()
        .expect("bash runs");
    assert_eq!(
        String::from_utf8_lossy(&completed.stdout),
        "third-party-consent\n",
        "{}",
        String::from_utf8_lossy(&completed.stderr)
    );
    // A rule the configuration adds is still a rule `explain` takes.
    let result = run(cookielint().args(["explain", "no-such-rule"]));
    assert_eq!(
        (result.status, result.stderr.as_str()),
        (
            2,
            "error: no rule is called `no-such-rule` (`cookielint rules` lists them)\n"
        )
    );
}

fn lookup(args: &[&str]) -> Run {
    run(cookielint().arg("lookup").args(args))
}

#[test]
fn lookup_describes_exact_names_prefixes_and_patterns() {
    let result = lookup(&["_ga", "_ga_ABC123", "_ga_*", "_gat_gtag_"]);
    assert_eq!((result.status, result.stderr.as_str()), (0, ""));
    insta::assert_snapshot!("lookup_text", result.stdout);
}

#[test]
fn lookup_as_json() {
    let result = lookup(&[
        "--format",
        "json",
        "_fbp",
        "_hjSessionUser_42",
        "nosuchcookie",
    ]);
    assert_eq!((result.status, result.stderr.as_str()), (1, ""));
    let document: serde_json::Value = serde_json::from_str(&result.stdout).unwrap();
    assert_eq!(document["names"][2]["known"], false);
    insta::assert_snapshot!("lookup_json", result.stdout);
}

#[test]
fn lookup_of_an_unknown_name_exits_1_with_a_suggestion_if_close() {
    let result = lookup(&["_fbp", "_GA", "nosuchcookie"]);
    assert_eq!(result.status, 1);
    assert!(
        result.stdout.starts_with("_fbp: Facebook\n"),
        "{}",
        result.stdout
    );
    assert!(
        result.stdout.ends_with(
            "\n_GA: not in the Open Cookie Database; did you mean `_ga`?\n\nnosuchcookie: not in the Open Cookie Database\n"
        ),
        "{}",
        result.stdout
    );
    let json = lookup(&["--format", "json", "_GA"]);
    assert_eq!(json.status, 1);
    let document: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(
        document["names"][0],
        serde_json::json!({ "name": "_GA", "known": false, "matches": [], "did_you_mean": "_ga" })
    );
}

/// Issue 20: `sessionid` read as Instagram's with no word that any site
/// may name a cookie so, and `nope` was offered `__code`.
#[test]
fn lookup_says_when_a_name_is_common_or_shared_and_suggests_only_close_names() {
    let result = lookup(&["sessionid", "token", "_ga"]);
    assert_eq!((result.status, result.stderr.as_str()), (0, ""));
    let generic = |platform: &str| {
        format!(
            "  generic      a common name that other sites give their own cookies too: it is {platform}'s only where {platform} sets it\n"
        )
    };
    let blocks: Vec<&str> = result.stdout.split("\n\n").collect();
    assert_eq!(blocks.len(), 4, "{}", result.stdout);
    assert!(
        blocks[0].starts_with("sessionid: Instagram\n"),
        "{}",
        blocks[0]
    );
    assert!(
        (blocks[0].to_string() + "\n").ends_with(&generic("Instagram")),
        "{}",
        blocks[0]
    );
    for (block, platform) in [(blocks[1], "Adform"), (blocks[2], "Xandr")] {
        assert!(
            block.starts_with(&format!("token: {platform}\n")),
            "{block}"
        );
        assert!(
            (block.to_string() + "\n").ends_with(&format!(
                "{}  shared       2 platforms use this name: Adform, Xandr\n",
                generic(platform)
            )),
            "{block}"
        );
    }
    assert!(!blocks[3].contains("generic") && !blocks[3].contains("shared"));
    let json = lookup(&["--format", "json", "sessionid", "_ga"]);
    let document: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(document["names"][0]["matches"][0]["generic"], true);
    assert_eq!(document["names"][1]["matches"][0]["generic"], false);

    let result = lookup(&["nope", "__cod", "sesionid"]);
    assert_eq!(
        (result.status, result.stdout.as_str()),
        (
            1,
            "nope: not in the Open Cookie Database\n\n\
             __cod: not in the Open Cookie Database; did you mean `__code`?\n\n\
             sesionid: not in the Open Cookie Database; did you mean `sessionid`?\n"
        )
    );
}

#[test]
fn lookup_without_a_name_or_with_a_bad_format_is_a_usage_error() {
    let result = lookup(&[]);
    assert_eq!(result.status, 2);
    assert!(
        result
            .stderr
            .contains("required arguments were not provided"),
        "{}",
        result.stderr
    );
    let result = lookup(&["--format", "yaml", "_ga"]);
    assert_eq!(result.status, 2);
    assert!(
        result.stderr.contains("[possible values: text, json]"),
        "{}",
        result.stderr
    );
    assert_eq!(result.stdout, "");
}

/// A declaration of `name`s, each from `provider`, in `category`.
fn declaring(names: &[&str], provider: &str, category: &str) -> String {
    let entries: String = names
        .iter()
        .map(|name| {
            format!(
                "  - {{ name: \"{name}\", provider: {provider}, purpose: Something., category: {category}, party: first, consent: required, duration: P1M }}\n"
            )
        })
        .collect();
    format!("version: 1\ncookies:\n{entries}")
}

fn known_category_findings(names: &[&str], provider: &str, category: &str) -> Run {
    let dir = tempfile::tempdir().expect("tempdir");
    write(
        dir.path(),
        "cookies.yaml",
        &declaring(names, provider, category),
    );
    run(cookielint().current_dir(dir.path()).args([
        "check",
        "--format",
        "concise",
        "--select",
        "known-cookie-category",
        "cookies.yaml",
    ]))
}

#[test]
fn distinctive_names_are_the_platforms_whatever_the_provider() {
    let result = known_category_findings(
        &["_ga", "_gid", "_fbp", "_ga_ABC123", "_ga_*"],
        "Our site",
        "necessary",
    );
    assert_eq!(result.status, 0, "{}", result.stderr);
    assert_eq!(
        result.stdout,
        "cookies.yaml:3:71: warning [known-cookie-category] `_ga` is Google Analytics's cookie, `statistics` (Analytics) in the Open Cookie Database (controller: Google), but is declared `necessary`\n\
         cookies.yaml:4:72: warning [known-cookie-category] `_gid` is Google Analytics's cookie, `statistics` (Analytics) in the Open Cookie Database (controller: Google), but is declared `necessary`\n\
         cookies.yaml:5:72: warning [known-cookie-category] `_fbp` is Facebook's cookie, `marketing` (Marketing) in the Open Cookie Database (controller: Facebook), but is declared `necessary`\n\
         cookies.yaml:6:78: warning [known-cookie-category] `_ga_ABC123` is Google Analytics's cookie, `statistics` (Analytics) in the Open Cookie Database (controller: Google), but is declared `necessary`\n\
         cookies.yaml:7:73: warning [known-cookie-category] `_ga_*` is Google Analytics's cookie, `statistics` (Analytics) in the Open Cookie Database (controller: Google), but is declared `necessary`\n"
    );
    assert_eq!(result.stderr, "checked 1 file: 0 errors, 5 warnings\n");
}

#[test]
fn generic_names_are_the_platforms_only_by_provider_or_domain() {
    let generic = ["sessionid", "locale", "lang", "c"];
    let ours = known_category_findings(&generic, "Our site", "necessary");
    assert_eq!((ours.status, ours.stdout.as_str()), (0, ""));
    assert_eq!(ours.stderr, "checked 1 file: 0 errors, 0 warnings\n");
    // The same names from the platform (or its company) are its cookies.
    let meta = known_category_findings(&["sessionid", "locale"], "Meta", "necessary");
    assert!(
        meta.stdout.starts_with(
            "cookies.yaml:3:73: warning [known-cookie-category] `sessionid` is Instagram's cookie, `marketing` (Marketing) in the Open Cookie Database (controller: Meta), but is declared `necessary`\n"
        ),
        "{}",
        meta.stdout
    );
    assert_eq!(meta.stderr, "checked 1 file: 0 errors, 2 warnings\n");
    let magnite = known_category_findings(&["c"], "Magnite", "statistics");
    assert!(
        magnite.stdout.contains("`c` is Magnite's cookie"),
        "{}",
        magnite.stdout
    );
}

#[test]
fn a_category_that_asks_as_much_or_more_consent_is_not_reported() {
    let same = known_category_findings(&["_ga"], "Google", "statistics");
    let preferences = known_category_findings(&["_ga"], "Google", "preferences");
    let more = known_category_findings(&["_ga", "_fbp"], "Google", "marketing");
    // Hotjar's `_hjSessionUser_*` is the database's Functional: never lower.
    let hotjar = known_category_findings(&["_hjSessionUser_abc"], "Our site", "necessary");
    for result in [same, preferences, more, hotjar] {
        assert_eq!((result.status, result.stdout.as_str()), (0, ""));
    }
}

/// The cookie that records the visitor's choice is needed to respect it,
/// whatever the database files it as.
#[test]
fn the_consent_record_is_never_reported_against_its_known_category() {
    let dir = tempfile::tempdir().expect("tempdir");
    let entry = |extra: &str| {
        format!(
            "version: 1\ncookies:\n  - {{ name: _tracking_consent, provider: Shopify, purpose: Consent choice., category: necessary, party: first, consent: exempt, duration: P1Y{extra} }}\n"
        )
    };
    let of = |extra: &str| {
        write(dir.path(), "cookies.yaml", &entry(extra));
        run(cookielint().current_dir(dir.path()).args([
            "check",
            "--format",
            "concise",
            "--select",
            "known-cookie-category",
            "cookies.yaml",
        ]))
    };
    let record = of(", stores_consent: true");
    assert_eq!(
        (
            record.status,
            record.stdout.as_str(),
            record.stderr.as_str()
        ),
        (0, "", "checked 1 file: 0 errors, 0 warnings\n")
    );
    // `yes` is a string in YAML 1.2: the entry may be the record.
    assert_eq!(of(", stores_consent: yes").stdout, "");
    assert_eq!(
        of(", stores_consent: false").stdout,
        "cookies.yaml:3:87: warning [known-cookie-category] `_tracking_consent` is Shopify's cookie, `marketing` (Marketing) in the Open Cookie Database (controller: Shopify.com), but is declared `necessary`\n"
    );
}

#[test]
fn known_cookie_category_finds_nothing_in_the_seeds() {
    let result = check(&["--select", "known-cookie-category", "examples/seeds"]);
    assert_eq!(
        (
            result.status,
            result.stdout.as_str(),
            result.stderr.as_str()
        ),
        (0, "", "checked 5 files: 0 errors, 0 warnings\n")
    );
}

/// A schema finding names the value as a reader finds it: a top-level key
/// alone, a cookie by its name or number, a field by its keys in the cookie
/// or in `site`, a list's item by its number.
#[test]
fn schema_findings_name_the_value_where_it_is() {
    let dir = tempfile::tempdir().expect("tempdir");
    let of = |text: &str| {
        write(dir.path(), "cookies.yaml", text);
        run(cookielint()
            .current_dir(dir.path())
            .args(["check", "--format", "concise", "--select", "schema"]))
        .stdout
    };
    assert_eq!(
        of("version: 1\ncookies: []\nsite: example.fr\n"),
        "cookies.yaml:3:7: error [schema] `site` must be a mapping, not a string\n"
    );
    assert_eq!(
        of("version: 1\ncookies: 3\n"),
        "cookies.yaml:2:10: error [schema] `cookies` must be a list, not a number\n"
    );
    assert_eq!(
        of("version: 1\ncookies: [sid]\n"),
        "cookies.yaml:2:11: error [schema] cookie #1 must be a mapping, not a string\n"
    );
    assert_eq!(
        of("version: 1\ncookies: []\nsite: { languages: [fr, 3] }\n"),
        "cookies.yaml:3:25: error [schema] item 2 of `languages` of `site` must be a string, not a number\n"
    );
    assert_eq!(
        of(
            "version: 1\ncookies:\n  - { name: sid, provider: Us, category: necessary, party: first, consent: exempt, duration: session, purpose: { en: 3 }, attributes: { path: 3 } }\n"
        ),
        "cookies.yaml:3:118: error [schema] `purpose.en` of cookie `sid` must be a string, not a number\n\
         cookies.yaml:3:143: error [schema] `attributes.path` of cookie `sid` must be a string, not a number\n"
    );
}

#[test]
fn malformed_site_links_are_schema_errors_at_their_values() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(
        dir.path(),
        "a.cookies.yaml",
        "version: 1\nsite:\n  contact: mailto:dpo@example.fr\n  consent_manager: javascript:openBanner()\ncookies: []\n",
    );
    write(
        dir.path(),
        "b.cookies.yaml",
        "version: 1\nsite: { contact: dpo at example.fr,\n  consent_manager: #settings\n  }\ncookies: []\n",
    );
    let result = run(cookielint()
        .current_dir(dir.path())
        .args(["check", "--format", "concise"]));
    assert_eq!(
        (result.status, result.stdout.as_str()),
        (
            1,
            "\
a.cookies.yaml:3:12: error [schema] `mailto:dpo@example.fr` is not an email address or an absolute http(s) URL (`contact` of `site`)
a.cookies.yaml:4:20: error [schema] `javascript:openBanner()` is not an absolute http(s) URL or a reference starting with `#` or `/` (`consent_manager` of `site`)
b.cookies.yaml:2:18: error [schema] `dpo at example.fr` is not an email address or an absolute http(s) URL (`contact` of `site`)
b.cookies.yaml:3:3: error [schema] `consent_manager` of `site` must be a string, not null
"
        )
    );
    let full = run(cookielint()
        .current_dir(dir.path())
        .args(["check", "b.cookies.yaml"]));
    assert!(
        full.stdout
            .contains("(quoted: in YAML `#` starts a comment)"),
        "an unquoted `#…` is a comment: the help says so: {}",
        full.stdout
    );
}
