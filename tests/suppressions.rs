//! Suppression comments through the binary: `# cookielint: allow(rule)
//! reason: ...` on the line before an entry or a key.

use assert_cmd::Command;

/// Concise findings and exit status for a declaration on stdin.
fn check(text: &str) -> (i32, Vec<String>) {
    let output = Command::cargo_bin("cookielint")
        .expect("binary is built")
        .args([
            "check",
            "-",
            "--stdin-filename",
            "c.yaml",
            "--format",
            "concise",
        ])
        .write_stdin(text)
        .output()
        .expect("runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    (
        output.status.code().expect("exited"),
        stdout
            .lines()
            .map(|line| line.trim_start_matches("c.yaml:").to_string())
            .collect(),
    )
}

const STRIPE: &str = "{ name: __stripe_mid, provider: Stripe, purpose: Fraud prevention., category: necessary, party: third, consent: exempt, duration: P1Y }";
const SESSION: &str = "{ name: sessionid, provider: Us, purpose: Sign-in., category: necessary, party: first, consent: exempt, duration: session }";

fn file(lines: &[&str]) -> String {
    format!("version: 1\ncookies:\n{}\n", lines.join("\n"))
}

#[test]
fn an_allow_before_an_entry_suppresses_the_rule_for_that_entry_only() {
    let allow =
        "  # cookielint: allow(third-party-consent) reason: fraud prevention is strictly necessary";
    let (status, findings) = check(&file(&[
        allow,
        &format!("  - {STRIPE}"),
        &format!("  - {}", STRIPE.replace("__stripe_mid", "__stripe_sid")),
    ]));
    assert_eq!(status, 1);
    assert_eq!(findings.len(), 1, "{findings:?}");
    assert!(
        findings[0].starts_with("5:117: error [third-party-consent] `__stripe_sid`"),
        "{findings:?}"
    );
}

#[test]
fn an_allow_before_a_key_covers_that_key_and_its_value() {
    let text = "version: 1\ncookies:\n  - name: __stripe_mid\n    provider: Stripe\n    purpose: Fraud prevention.\n    category: necessary\n    party: third\n    # cookielint: allow(third-party-consent) reason: fraud prevention is strictly necessary\n    consent: exempt\n    duration: P1Y\n";
    assert_eq!(check(text), (0, Vec::new()));
    // Before another key, it covers nothing the rule reports.
    let elsewhere = text.replace("    # cookielint: allow(third-party-consent) reason: fraud prevention is strictly necessary\n    consent: exempt\n    duration: P1Y\n", "    consent: exempt\n    # cookielint: allow(third-party-consent) reason: fraud prevention is strictly necessary\n    duration: P1Y\n");
    let (status, findings) = check(&elsewhere);
    assert_eq!(status, 1);
    assert_eq!(
        findings,
        [
            "8:14: error [third-party-consent] `__stripe_mid` is set by another site (`party: third`) but marked `consent: exempt`",
            "9:25: warning [unused-allow] `allow(third-party-consent)` suppresses nothing: `third-party-consent` does not fire here",
        ]
    );
}

#[test]
fn an_allow_without_a_reason_is_itself_an_error() {
    let (status, findings) = check(&file(&[
        "  # cookielint: allow(third-party-consent)",
        &format!("  - {STRIPE}"),
    ]));
    assert_eq!(status, 1);
    assert_eq!(
        findings,
        [
            "3:3: error [invalid-allow] this suppression gives no reason: add `reason: ` and why the rule does not apply here"
        ]
    );
    let (_, findings) = check(&file(&[
        "  # cookielint: allow(third-party-consent) reason:   ",
        &format!("  - {STRIPE}"),
    ]));
    assert_eq!(findings.len(), 1);
    assert!(findings[0].contains("[invalid-allow]"));
}

#[test]
fn an_unknown_rule_in_an_allow_is_an_error_with_a_suggestion() {
    let (status, findings) = check(&file(&[
        "  # cookielint: allow(third-party-consnt) reason: fraud check",
        &format!("  - {STRIPE}"),
    ]));
    assert_eq!(status, 1);
    assert_eq!(
        findings[0],
        "3:23: error [invalid-allow] no rule is called `third-party-consnt`; did you mean `third-party-consent`?"
    );
    assert!(
        findings[1].contains("[third-party-consent]"),
        "nothing was suppressed: {findings:?}"
    );
}

#[test]
fn an_allow_that_suppresses_nothing_is_a_warning() {
    let (status, findings) = check(&file(&[
        "  # cookielint: allow(third-party-consent, duration-cap) reason: fraud prevention is strictly necessary",
        &format!("  - {STRIPE}"),
        &format!("  - {SESSION}"),
    ]));
    assert_eq!(status, 0);
    assert_eq!(
        findings,
        [
            "3:44: warning [unused-allow] `allow(duration-cap)` suppresses nothing: `duration-cap` does not fire here"
        ]
    );
}

#[test]
fn malformed_or_dangling_allows() {
    let (_, findings) = check(&file(&[
        "  # cookielint: disable(third-party-consent)",
        &format!("  - {SESSION}"),
    ]));
    assert_eq!(
        findings,
        [
            "3:3: error [invalid-allow] cookielint cannot read this comment; write `# cookielint: allow(rule-id) reason: why the rule does not apply here`"
        ]
    );
    let (_, findings) = check(&file(&[
        &format!("  - {SESSION}"),
        "  # cookielint: allow(third-party-consent) reason: x",
    ]));
    assert_eq!(
        findings,
        [
            "4:3: error [invalid-allow] this suppression is followed by no entry or key for it to apply to"
        ]
    );
}

#[test]
fn a_comment_like_line_inside_a_block_text_is_text() {
    let text = "version: 1\ncookies:\n  - name: sid\n    provider: Us\n    purpose: |\n      # cookielint: allow(nothing)\n      Keeps the visitor signed in.\n    category: necessary\n    party: first\n    consent: exempt\n    duration: session\n";
    assert_eq!(check(text), (0, Vec::new()));
}
