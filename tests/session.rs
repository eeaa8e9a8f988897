//! The library's session API, driven with no binary: what a new command
//! (or an editor server) builds on. The binary's own tests check that it
//! prints what these values hold.

mod common;

use cookielint::Error;
use cookielint::export::ExportTarget;
use cookielint::output::{Format, ReportOptions, Style};
use cookielint::render::{Layout, RenderFormat};
use cookielint::session::{OpenError, RenderFailure, RenderRequest, Workspace};

use common::{THIRD_PARTY_EXEMPT, cookielint, project};

const CLEAN: &str = "version: 1
site: { name: Site, url: https://example.org, languages: [en] }
cookies:
  - name: session_id
    provider: Site
    purpose: Keeps the visitor signed in.
    category: necessary
    party: first
    consent: exempt
    duration: session
";

/// The rule ids and positions of each file's findings, in order.
fn outline(workspace: Workspace, arguments: &[&str]) -> Vec<(String, Vec<String>)> {
    let session = workspace.open().expect("the session opens");
    let arguments: Vec<String> = arguments.iter().map(|a| a.to_string()).collect();
    let discovery = session.discover(&arguments, "<stdin>");
    assert!(discovery.errors.is_empty(), "{:?}", discovery.errors);
    session
        .check(&discovery.inputs)
        .into_iter()
        .map(|file| {
            let findings = file.findings.expect("readable");
            let found = findings
                .iter()
                .map(|finding| format!("{}@{}", finding.rule, finding.start))
                .collect();
            (file.input.shown().to_string(), found)
        })
        .collect()
}

#[test]
fn a_check_through_the_library_finds_what_the_rules_say_in_path_order() {
    let dir = project(&[
        ("site/b/cookies.yaml", THIRD_PARTY_EXEMPT),
        ("site/a/cookies.yaml", CLEAN),
        ("site/notes.yaml", THIRD_PARTY_EXEMPT),
    ]);
    let workspace = Workspace::load(dir.path(), None).expect("no configuration loads");
    let folder = dir.path().join("site").to_string_lossy().into_owned();
    let files = outline(workspace, &[&folder]);
    let names: Vec<&str> = files.iter().map(|(name, _)| name.as_str()).collect();
    assert_eq!(
        names,
        [
            format!("{folder}/a/cookies.yaml"),
            format!("{folder}/b/cookies.yaml")
        ]
    );
    assert_eq!(files[0].1, Vec::<String>::new());
    assert_eq!(files[1].1, ["third-party-consent@8:14"]);
}

#[test]
fn the_configuration_and_selection_apply_as_on_the_command_line() {
    let dir = project(&[
        (
            "cookielint.toml",
            "[rules]\nthird-party-consent = \"warning\"\n",
        ),
        ("cookies.yaml", THIRD_PARTY_EXEMPT),
    ]);
    let path = dir
        .path()
        .join("cookies.yaml")
        .to_string_lossy()
        .into_owned();
    let workspace = Workspace::load(dir.path(), None).expect("the configuration loads");
    let shown = workspace.shown(&dir.path().join("cookielint.toml"));
    assert_eq!(workspace.config().path.as_deref(), Some(shown.as_str()));
    let session = workspace.open().expect("opens");
    let discovery = session.discover(std::slice::from_ref(&path), "<stdin>");
    let findings = session.check(&discovery.inputs)[0]
        .findings
        .as_ref()
        .map(|findings| findings.iter().map(|f| f.severity).collect::<Vec<_>>())
        .expect("readable");
    assert_eq!(findings, [cookielint::Severity::Warning]);

    let mut workspace = Workspace::load(dir.path(), None).expect("loads");
    workspace
        .select(&[], &["third-party-consent".to_string()])
        .expect("a known rule");
    assert_eq!(outline(workspace, &[&path])[0].1, Vec::<String>::new());

    let mut workspace = Workspace::load(dir.path(), None).expect("loads");
    match workspace.select(&["third-party-consnt".to_string()], &[]) {
        Err(error @ Error::UnknownRule { .. }) => assert_eq!(
            error.to_string(),
            "no rule is called `third-party-consnt`; did you mean `third-party-consent`? (`cookielint rules` lists them)"
        ),
        other => panic!("expected an unknown rule, got {other:?}"),
    }
}

#[test]
fn configuration_mistakes_and_broken_user_rules_come_back_as_findings() {
    let dir = project(&[("cookielint.toml", "[rules]\nno-such-rule = \"off\"\n")]);
    let mistakes = Workspace::load(dir.path(), None)
        .err()
        .expect("the mistake is found");
    assert_eq!(mistakes.len(), 1);
    assert_eq!(mistakes[0].rule, "config");
    assert_eq!(mistakes[0].start.to_string(), "2:1");

    let dir = project(&[
        ("cookielint.toml", "rule-paths = [\"rules\"]\n"),
        (
            "rules/no-marketing.yaml",
            "id: no-marketing\nseverity: error\nsummary: No marketing cookie.\nwhen: { category: marketing }\nlabel: marketing\nmessage: \"{name} is marketing\"\nhelp: Remove it.\nwhy: No marketing.\nsource: Policy.\nexamples:\n  - good: |\n      version: 1\n      cookies:\n        - { name: a, provider: P, purpose: x, category: marketing,\n            party: first, consent: required, duration: P1D }\n",
        ),
    ]);
    let workspace = Workspace::load(dir.path(), None).expect("the rule file loads");
    match workspace.open() {
        Err(OpenError::RuleExamples(mistakes)) => {
            assert_eq!(mistakes.len(), 1);
            assert!(
                mistakes[0]
                    .message
                    .contains("is `good`, but the rule fires"),
                "{}",
                mistakes[0].message
            );
        }
        Err(OpenError::Failed(error)) => panic!("{error}"),
        Ok(_) => panic!("a wrong example must stop the session"),
    }
}

#[test]
fn the_library_report_is_the_binary_report() {
    let dir = project(&[
        ("a/cookies.yaml", THIRD_PARTY_EXEMPT),
        ("b/cookies.yaml", CLEAN),
    ]);
    let session = Workspace::load(dir.path(), None)
        .expect("loads")
        .open()
        .expect("opens");
    let arguments: Vec<String> = ["a", "b"]
        .iter()
        .map(|name| dir.path().join(name).to_string_lossy().into_owned())
        .collect();
    let discovery = session.discover(&arguments, "<stdin>");
    for format in Format::ALL {
        let options = ReportOptions {
            format,
            style: Style {
                color: false,
                width: 100,
            },
            annotate: false,
            root: &session.repository_root(),
        };
        let mut report = Vec::new();
        let totals = session
            .write_report(&discovery.inputs, options, &mut report, |error| {
                panic!("{error}")
            })
            .expect("written");
        assert_eq!((totals.files, totals.errors), (2, 1));
        let run = cookielint(
            dir.path(),
            &[
                "check",
                "--format",
                format.name(),
                &arguments[0],
                &arguments[1],
            ],
        );
        assert_eq!(run.status, 1, "{}", run.stderr);
        assert_eq!(
            String::from_utf8_lossy(&report),
            run.stdout,
            "{}",
            format.name()
        );
    }
}

#[test]
fn unreadable_files_are_handed_back_and_the_others_still_checked() {
    let dir = project(&[("cookies.yaml", THIRD_PARTY_EXEMPT)]);
    let session = Workspace::load(dir.path(), None)
        .expect("loads")
        .open()
        .expect("opens");
    let inputs = vec![
        cookielint::discover::Input::File {
            path: dir.path().join("gone.cookies.yaml"),
            shown: "gone.cookies.yaml".to_string(),
        },
        cookielint::discover::Input::File {
            path: dir.path().join("cookies.yaml"),
            shown: "cookies.yaml".to_string(),
        },
    ];
    let checked = session.check(&inputs);
    assert!(matches!(checked[0].findings, Err(Error::Read { .. })));
    assert_eq!(checked[1].findings.as_ref().map(Vec::len).ok(), Some(1));

    let mut unreadable = Vec::new();
    let options = ReportOptions {
        format: Format::Concise,
        style: Style {
            color: false,
            width: 100,
        },
        annotate: false,
        root: dir.path(),
    };
    let mut report = Vec::new();
    session
        .write_report(&inputs, options, &mut report, |error| {
            unreadable.push(error.to_string())
        })
        .expect("written");
    assert_eq!(unreadable.len(), 1);
    assert!(unreadable[0].starts_with("cannot read `gone.cookies.yaml`"));
    assert_eq!(
        String::from_utf8_lossy(&report),
        "cookies.yaml:8:14: error [third-party-consent] `_ga` is set by another site (`party: third`) but marked `consent: exempt`\n"
    );
}

#[test]
fn render_through_the_library_refuses_a_declaration_with_errors() {
    let dir = project(&[("ok.yaml", CLEAN), ("bad.yaml", THIRD_PARTY_EXEMPT)]);
    let session = Workspace::load(dir.path(), None)
        .expect("loads")
        .open()
        .expect("opens");
    let (ok, bad) = (dir.path().join("ok.yaml"), dir.path().join("bad.yaml"));
    let request = |file| RenderRequest {
        file,
        format: RenderFormat::Markdown,
        language: None,
        layout: Layout::Fragment,
    };
    let charter = session.render(&request(&ok)).expect("renders");
    assert!(
        charter.starts_with("## ") && charter.contains("| Site | "),
        "{charter}"
    );
    match session.render(&request(&bad)) {
        Err(RenderFailure::Findings { findings, .. }) => {
            assert_eq!(findings[0].rule, "third-party-consent")
        }
        other => panic!("expected the findings, got {other:?}"),
    }
}

#[test]
fn export_through_the_library_refuses_a_declaration_with_errors() {
    let dir = project(&[("ok.yaml", CLEAN), ("bad.yaml", THIRD_PARTY_EXEMPT)]);
    let session = Workspace::load(dir.path(), None)
        .expect("loads")
        .open()
        .expect("opens");
    let module = session
        .export(&dir.path().join("ok.yaml"), ExportTarget::CookieConsent)
        .expect("exports");
    assert!(
        module.contains("export default {") && module.contains("name: \"session_id\""),
        "{module}"
    );
    match session.export(&dir.path().join("bad.yaml"), ExportTarget::CookieConsent) {
        Err(RenderFailure::Findings { findings, .. }) => {
            assert_eq!(findings[0].rule, "third-party-consent")
        }
        other => panic!("expected the findings, got {other:?}"),
    }
}

/// What `scripts/refresh-cookie-database.sh` runs on a new CSV (through the
/// `cookie-database` example) before it may replace the one in `data/`: a
/// malformed file is refused at its line and column, the shipped one passes.
#[test]
fn the_refresh_reads_a_cookie_database_as_the_build_does() {
    use cookielint::knowledge::database::{self, BaseCategory, Summary};

    let shipped = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("data/open-cookie-database/open-cookie-database.csv"),
    )
    .unwrap();
    let summary = Summary::of(&database::read(&shipped).unwrap());
    assert_eq!(summary.rows, 2264);
    assert!(summary.categories.contains(&(BaseCategory::Marketing, 861)));

    let header = shipped.lines().next().unwrap();
    let unclosed = format!(
        "{header}\nid,Acme,Marketing,acme_id,,\"Tracks you,\nacross sites,1 year,Acme,https://acme.test/privacy,0\n"
    );
    assert_eq!(
        database::read(&unclosed).unwrap_err().to_string(),
        "2:28: this quoted field is never closed"
    );
    let stray_quote = format!("{header}\nid,Acme,Marketing,acme\"id,,,,,,0\n");
    assert_eq!(
        database::read(&stray_quote).unwrap_err().to_string(),
        "2:23: a quote inside an unquoted field: quote the whole field and double this quote"
    );
}

#[test]
fn the_teams_known_cookies_reach_the_rule_and_their_mistakes_come_back() {
    let team = "version: 1
cookies:
  - { name: acme_ab, provider: Acme, purpose: Tests., category: statistics,
      party: first, consent: required, duration: P1M }
  - { name: acme_id, provider: Acme, purpose: Id., category: statistic,
      party: first, consent: required, duration: P1M }
";
    let declaration = "version: 1
cookies:
  - { name: acme_ab, provider: Acme, purpose: Tests., category: necessary,
      party: first, consent: exempt, duration: P1M }
";
    let dir = project(&[
        ("cookielint.toml", "known-cookies = [\"team.yaml\"]\n"),
        ("team.yaml", team),
        ("cookies.yaml", declaration),
    ]);
    let session = Workspace::load(dir.path(), None)
        .expect("the configuration loads")
        .open()
        .expect("the session opens");
    let names: Vec<&str> = session
        .known()
        .team()
        .iter()
        .map(|cookie| cookie.name.as_str())
        .collect();
    assert_eq!(names, ["acme_ab"]);
    let mistakes: Vec<Vec<String>> = session
        .known_cookie_mistakes()
        .iter()
        .map(|file| {
            file.iter()
                .map(|finding| format!("{}:{}@{}", finding.path(), finding.rule, finding.start))
                .collect()
        })
        .collect();
    assert_eq!(mistakes, [["team.yaml:schema@5:62"]]);
    let workspace = Workspace::load(dir.path(), None).unwrap();
    let file = dir
        .path()
        .join("cookies.yaml")
        .to_string_lossy()
        .into_owned();
    assert_eq!(
        outline(workspace, &[&file]),
        [(file.clone(), vec!["known-cookie-category@3:65".to_string()])]
    );

    // A file that goes away between loading and opening cannot be read.
    let workspace = Workspace::load(dir.path(), None).unwrap();
    std::fs::remove_file(dir.path().join("team.yaml")).unwrap();
    match workspace.open() {
        Err(OpenError::Failed(Error::Read { path, .. })) => {
            assert_eq!(path, std::path::Path::new("team.yaml"))
        }
        Err(other) => panic!("{other:?}"),
        Ok(_) => panic!("opened without its known cookies"),
    }
}
