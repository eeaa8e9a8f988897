//! Renders findings in every format: one file each, the same findings.
//!
//! Streaming formats (`full`, `concise`, `github`) are rendered file by file,
//! in parallel; document formats (`json`, `sarif`, `gitlab`) collect a
//! [`Record`] per finding (facts only, no file text) and are written once
//! every file is checked.

pub mod concise;
pub mod full;
pub mod github;
pub mod gitlab;
pub mod json;
pub mod sarif;

use std::collections::HashMap;
use std::io::{self, Write};

use serde::Serialize;

use crate::finding::{Finding, Severity};
use crate::ruleset::RuleSet;
use crate::source::SourceFile;

pub use concise::concise_line;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Format {
    /// Source excerpt with labels, help and link (miette), for people.
    #[default]
    Full,
    /// `PATH:LINE:COL: SEVERITY [RULE] MESSAGE`, one line per finding.
    Concise,
    /// One JSON document: findings and a summary (see docs/json.md).
    Json,
    /// SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.
    Sarif,
    /// GitHub Actions workflow commands: annotations on the pull request.
    Github,
    /// A GitLab Code Quality report.
    Gitlab,
}

impl Format {
    /// Whether findings are written as one document after every file.
    fn is_document(self) -> bool {
        matches!(self, Format::Json | Format::Sarif | Format::Gitlab)
    }
}

/// How the graphical report is drawn.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    pub color: bool,
    pub width: usize,
}

/// A place in a file: 1-based line and column (in characters), and the
/// 0-based byte offset in the file as it is on disk.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Position {
    pub line: usize,
    pub column: usize,
    pub offset: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RelatedRecord {
    pub message: String,
    pub start: Position,
    pub end: Position,
}

/// A finding as the document formats carry it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Record {
    pub rule: String,
    pub severity: Severity,
    pub message: String,
    pub help: Option<String>,
    pub url: Option<String>,
    pub path: String,
    pub start: Position,
    pub end: Position,
    pub related: Vec<RelatedRecord>,
    /// Stable across edits elsewhere in the file: the rule, the text of the
    /// line and its occurrence (`hash:n`), not the line number.
    #[serde(skip)]
    pub fingerprint: String,
}

fn position(source: &SourceFile, offset: usize) -> Position {
    let at = source.line_col(offset);
    Position {
        line: at.line,
        column: at.column,
        offset: source.file_offset(offset),
    }
}

/// FNV-1a: a small, stable, dependency-free hash for fingerprints.
fn fnv1a(parts: &[&str]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for byte in part.bytes().chain(std::iter::once(0)) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    hash
}

fn records(findings: &[Finding]) -> Vec<Record> {
    let mut occurrences: HashMap<u64, usize> = HashMap::new();
    findings
        .iter()
        .map(|finding| {
            let source = &finding.source;
            let line = source.line_text(finding.start.line);
            let folded: String = line.split_whitespace().collect::<Vec<_>>().join(" ");
            let hash = fnv1a(&[&finding.rule, &folded]);
            let occurrence = occurrences.entry(hash).or_default();
            *occurrence += 1;
            Record {
                rule: finding.rule.clone(),
                severity: finding.severity,
                message: finding.message.clone(),
                help: finding.help.clone(),
                url: (!finding.url.is_empty()).then(|| finding.url.clone()),
                path: finding.path().to_string(),
                start: position(source, finding.primary.span.start),
                end: position(source, finding.primary.span.end),
                related: finding
                    .related
                    .iter()
                    .map(|label| RelatedRecord {
                        message: label.text.clone(),
                        start: position(source, label.span.start),
                        end: position(source, label.span.end),
                    })
                    .collect(),
                fingerprint: format!("{hash:016x}:{occurrence}"),
            }
        })
        .collect()
}

/// What one file contributes to the report.
#[derive(Debug, Default)]
pub struct FileReport {
    /// Rendered text, for the streaming formats.
    pub text: Vec<u8>,
    /// Findings, for the document formats.
    pub records: Vec<Record>,
    pub totals: Totals,
}

/// Renders one file's findings. `annotate` adds GitHub annotations to a
/// human report (as on GitHub Actions when no format is chosen).
pub fn report_file(
    findings: &[Finding],
    format: Format,
    style: Style,
    annotate: bool,
) -> io::Result<FileReport> {
    let mut report = FileReport::default();
    report.totals.add(findings);
    match format {
        Format::Full => full::render(findings, style, &mut report.text)?,
        Format::Concise => concise::render(findings, &mut report.text)?,
        Format::Github => github::render(findings, &mut report.text)?,
        Format::Json | Format::Sarif | Format::Gitlab => report.records = records(findings),
    }
    if annotate && format != Format::Github {
        github::render(findings, &mut report.text)?;
    }
    Ok(report)
}

/// Writes what comes after every file: the document formats, and GitHub's
/// note on annotations it did not show.
pub fn finish(
    format: Format,
    annotate: bool,
    records: &[Record],
    totals: Totals,
    rules: &RuleSet,
    out: &mut dyn Write,
) -> io::Result<()> {
    match format {
        Format::Json => json::write(records, totals, out)?,
        Format::Sarif => sarif::write(records, rules, out)?,
        Format::Gitlab => gitlab::write(records, out)?,
        Format::Full | Format::Concise | Format::Github => {}
    }
    if format == Format::Github || (annotate && !format.is_document()) {
        github::notice(totals, out)?;
    }
    Ok(())
}

/// Renders findings that stop a run (configuration, rule files) on stderr.
pub fn render(
    findings: &[Finding],
    format: Format,
    style: Style,
    out: &mut dyn Write,
) -> io::Result<()> {
    match format {
        Format::Full => full::render(findings, style, out),
        _ => concise::render(findings, out),
    }
}

/// Counts for the closing line of a run.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Totals {
    pub files: usize,
    pub errors: usize,
    pub warnings: usize,
}

impl Totals {
    pub fn add(&mut self, findings: &[Finding]) {
        self.files += 1;
        for finding in findings {
            match finding.severity {
                Severity::Error => self.errors += 1,
                Severity::Warning => self.warnings += 1,
            }
        }
    }

    pub fn merge(&mut self, other: Totals) {
        self.files += other.files;
        self.errors += other.errors;
        self.warnings += other.warnings;
    }

    pub fn summary(&self) -> String {
        format!(
            "checked {}: {}, {}",
            plural(self.files, "file"),
            plural(self.errors, "error"),
            plural(self.warnings, "warning")
        )
    }
}

/// `1 file`, `2 files`: a count and its noun.
pub fn plural(count: usize, word: &str) -> String {
    format!("{count} {word}{}", if count == 1 { "" } else { "s" })
}
