//! Inputs the fuzz targets (fuzz/, docs/fuzzing.md) found, minimised, run
//! through the library as the target runs them, with what must hold.

use cookielint::Linter;
use cookielint::capture::{self, Moment};
use cookielint::import::{self, Draft};

/// `capture` target, artifact crash-050f280b45f173643ada62a86eb35f25697ff770
/// (a storageState whose cookie's domain holds U+007F), minimised: a
/// capture's name and domain go raw into the draft's `# … seen on …`
/// comment and its double-quoted scalars, where YAML forbids the control
/// character, so the draft did not read back.
#[test]
fn fuzz_capture_a_control_character_in_a_domain_or_name_reads_back() {
    let jar = br#"{"cookies": [{"name": "a\u007f", "domain": "x\u007fy.test"}]}"#;
    let capture = capture::read_from(&jar[..], "del.json", Moment::AfterConsent, Some(0)).unwrap();
    let linter = Linter::new().unwrap();
    let captures = [capture];
    let draft = import::declaration(&Draft {
        captures: &captures,
        known: linter.known(),
        site: None,
        languages: &[],
    });
    let findings = linter.lint("draft.yaml", draft.text.as_bytes());
    assert!(
        findings.iter().all(|finding| finding.rule != "yaml-syntax"),
        "{}",
        draft.text
    );
}
