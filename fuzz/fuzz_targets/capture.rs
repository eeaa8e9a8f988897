//! Arbitrary bytes as a capture: a HAR, a storageState, a DevTools cookie
//! list or an `inspection.json`, read with `capture::read_from` as
//! `cookielint audit` and `cookielint import` read a file; then, when it
//! reads, audited against a small declaration and drafted into a new
//! declaration and into an existing one, through the public API.
//!
//! Besides "does not panic, hang or blow up", it checks what the commands
//! rely on: each observation is as a browser holds a cookie (a name, a
//! lower-case domain without a leading dot, a path starting with `/`, a
//! lifetime within 400 days), a refusal names a place inside the file, and
//! what comes out (observations, findings, drafts) is linear in the input:
//! a few bytes of capture never make megabytes of report.

#![no_main]

use std::sync::OnceLock;

use cookielint::Linter;
use cookielint::capture::{self, Lifetime, Moment};
use cookielint::import::{self, Draft};
use cookielint::lint::AuditInput;
use libfuzzer_sys::fuzz_target;

/// The audit fixture's declaration: names, a wildcard, domains and paths a
/// capture can match or miss.
const DECLARATION: &str = include_str!("../../tests/fixtures/audit/cookies.yaml");

/// A fixed capture time: lifetimes must not depend on the clock.
const CAPTURED_AT: i64 = 1_714_557_600;

/// What a capture of `len` bytes may turn into, in bytes of text: a fixed
/// part (a draft's header, the declaration's own findings) and a bounded
/// amount per byte.
fn budget(len: usize) -> usize {
    256 * 1024 + 256 * len
}

fn linter() -> &'static Linter {
    static LINTER: OnceLock<Linter> = OnceLock::new();
    LINTER.get_or_init(|| Linter::new().expect("the built-in rules load"))
}

fuzz_target!(|data: &[u8]| {
    // The input length picks the moment, so corpus files stay plain captures.
    let moment = if data.len().is_multiple_of(2) {
        Moment::AfterConsent
    } else {
        Moment::BeforeConsent
    };
    let capture = match capture::read_from(data, "fuzz.har", moment, Some(CAPTURED_AT)) {
        Ok(capture) => capture,
        Err(error) => {
            assert!(!error.message.is_empty());
            assert!(
                error.message.len() <= 4096,
                "a refusal quotes too much: {} bytes",
                error.message.len()
            );
            if let Some(at) = error.at {
                let lines = data.split(|&byte| byte == b'\n' || byte == b'\r').count();
                assert!(
                    at.line >= 1 && at.line <= lines.max(1) && at.column >= 1,
                    "a refusal points outside the file: {at} of {lines} lines"
                );
            }
            return;
        }
    };
    assert!(
        capture.observations.len() <= data.len(),
        "{} observations from {} bytes",
        capture.observations.len(),
        data.len()
    );
    for seen in &capture.observations {
        assert!(!seen.name.is_empty(), "an observation with no name");
        assert!(
            !seen.domain.starts_with('.') && seen.domain.to_ascii_lowercase() == seen.domain,
            "a domain as no browser holds it: {:?}",
            seen.domain
        );
        if let Some(path) = &seen.path {
            assert!(path.starts_with('/'), "a path not from the root: {path:?}");
        }
        if let Lifetime::Seconds(seconds) = seen.lifetime {
            assert!(
                (0..=capture::LONGEST_LIFETIME_SECONDS).contains(&seconds),
                "a lifetime no browser keeps: {seconds} s"
            );
        }
    }

    let linter = linter();
    let captures = [capture];
    let findings = linter.audit(
        "cookies.yaml",
        DECLARATION.as_bytes(),
        &AuditInput {
            captures: &captures,
            site: None,
        },
    );
    let text: usize = findings
        .iter()
        .map(|finding| {
            finding.message.len()
                + finding
                    .elsewhere
                    .iter()
                    .map(|elsewhere| elsewhere.text.len() + elsewhere.path.len())
                    .sum::<usize>()
        })
        .sum();
    assert!(
        text <= budget(data.len()),
        "{} findings of {text} bytes from a {}-byte capture",
        findings.len(),
        data.len()
    );

    let draft = Draft {
        captures: &captures,
        known: linter.known(),
        site: None,
        languages: &[],
    };
    let new = import::declaration(&draft);
    assert!(
        new.text.len() <= budget(data.len()),
        "a draft of {} bytes from a {}-byte capture",
        new.text.len(),
        data.len()
    );
    assert!(new.added <= captures[0].observations.len());
    // What is drafted reads back as YAML that cookielint lints.
    let linted = linter.lint("draft.yaml", new.text.as_bytes());
    assert!(
        linted.iter().all(|finding| finding.rule != "yaml-syntax"),
        "the draft does not read back:\n{}\n{:?}",
        new.text,
        linted
            .iter()
            .map(|finding| (&finding.rule, &finding.message))
            .collect::<Vec<_>>()
    );
    let into = import::into(DECLARATION, "cookies.yaml", &draft).expect("the fixture is YAML");
    assert!(into.text.len() <= DECLARATION.len() + budget(data.len()));
});
