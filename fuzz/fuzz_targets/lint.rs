//! Arbitrary bytes as a declaration file: decoding, YAML, schema, every
//! built-in rule and the suppressions, then every output format.
//!
//! Besides "does not panic", it checks what every later stage relies on:
//! spans lie inside the text and on character boundaries, a finding's
//! line/column is its span's, byte offsets stay inside the file, `concise`
//! and `github` are one line per finding, and the document formats are valid
//! JSON.

#![no_main]

use std::sync::OnceLock;

use cookielint::Linter;
use cookielint::finding::Finding;
use cookielint::output::{self, Format, Style};
use libfuzzer_sys::fuzz_target;

#[path = "spans.rs"]
mod spans;
use spans::check_label;

const NAME: &str = "fuzz.yaml";

fn linter() -> &'static Linter {
    static LINTER: OnceLock<Linter> = OnceLock::new();
    LINTER.get_or_init(|| Linter::new().expect("the built-in rules load"))
}

fn check_finding(finding: &Finding, file_len: usize) {
    check_label(finding, &finding.primary);
    for label in &finding.related {
        check_label(finding, label);
    }
    let at = finding.source.line_col(finding.primary.span.start);
    assert_eq!(
        (finding.start.line, finding.start.column),
        (at.line, at.column),
        "[{}] start is not where the span starts",
        finding.rule
    );
    assert!(finding.start.line >= 1 && finding.start.column >= 1);
    assert_eq!(finding.path(), NAME);
    let end = finding.source.file_offset(finding.primary.span.end);
    assert!(
        end <= file_len,
        "[{}] span ends at byte {end} of a {file_len}-byte file",
        finding.rule
    );
}

fuzz_target!(|data: &[u8]| {
    let linter = linter();
    let findings = linter.lint(NAME, data);
    for finding in &findings {
        check_finding(finding, data.len());
    }
    // The input length picks the drawing options, so that the bytes stay a
    // plain YAML file (no header byte) and corpus files are real declarations.
    let style = Style {
        color: !data.len().is_multiple_of(2),
        width: if data.len().is_multiple_of(3) {
            40
        } else {
            100
        },
    };
    let annotate = data.len().is_multiple_of(5);
    for format in Format::ALL {
        // SARIF describes every rule in full before the results: that constant
        // part costs a third of an execution, so one input in four is enough.
        if format == Format::Sarif && !data.len().is_multiple_of(4) {
            continue;
        }
        let options = output::ReportOptions {
            format,
            style,
            annotate,
            root: std::path::Path::new("/"),
        };
        let report = output::report_file(&findings, options, linter.rules())
            .expect("writing to a Vec");
        if format == Format::Concise && !annotate {
            let text = std::str::from_utf8(&report.text).expect("concise output is UTF-8");
            assert_eq!(
                text.lines().count(),
                findings.len(),
                "concise is one line per finding:\n{text}"
            );
            assert!(
                !text.chars().any(|c| c.is_control() && c != '\n'),
                "concise output holds a control character:\n{text:?}"
            );
        }
        if format == Format::Github {
            // One workflow command a finding (and the notice, past 10 of a kind).
            let text = std::str::from_utf8(&report.text).expect("github output is UTF-8");
            assert_eq!(
                text.lines().count(),
                findings.len(),
                "github is one line per finding:\n{text}"
            );
            assert!(
                text.lines().all(|line| line.starts_with("::")),
                "github output holds a line that is not a workflow command:\n{text}"
            );
        }
        let mut out = Vec::new();
        let mut writer = output::ReportWriter::begin(options, linter.rules(), &mut out)
            .expect("writing to a Vec");
        writer.file(&report).expect("writing to a Vec");
        let totals = writer.finish().expect("writing to a Vec");
        assert_eq!(totals, report.totals);
        if format.is_document() {
            let document: serde_json::Value = serde_json::from_slice(&out).unwrap_or_else(|error| {
                panic!(
                    "{format:?} output is not JSON ({error}):\n{}",
                    String::from_utf8_lossy(&out)
                )
            });
            let offsets = |finding: &serde_json::Value, end: &str| finding[end]["offset"].as_u64();
            for finding in document["findings"].as_array().into_iter().flatten() {
                let (start, end) = (offsets(finding, "start"), offsets(finding, "end"));
                assert!(start <= end, "a finding ends before it starts: {finding}");
                assert!(
                    end <= Some(data.len() as u64),
                    "a finding past the end of the file: {finding}"
                );
            }
        }
    }
});
