//! Renders findings in every format: one file each, the same findings.
//!
//! Every format is rendered file by file, in parallel, and written in path
//! order by a [`ReportWriter`] as the files come: a document format
//! (`json`, `sarif`, `gitlab`) renders each file's findings as items of its
//! list, between a head and a tail written once. Memory grows with one
//! file's report, never with the whole run's.

pub mod concise;
mod document;
pub mod full;
pub mod github;
pub mod gitlab;
pub mod json;
pub mod sarif;

use std::borrow::Cow;
use std::collections::HashMap;
use std::io::{self, Write};
use std::path::Path;
use std::sync::Arc;

use rayon::prelude::*;
use serde::Serialize;

use crate::finding::{Finding, Severity};
use crate::ruleset::RuleSet;
use crate::source::{SourceFile, escape_controls, escape_controls_but_line_breaks};

pub use concise::concise_line;

/// How findings are printed; [`Format::description`] says what each is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    #[default]
    Full,
    Concise,
    Json,
    Sarif,
    Github,
    Gitlab,
}

impl Format {
    /// Every format, in the order `--help` lists them.
    pub const ALL: [Format; 6] = [
        Format::Full,
        Format::Concise,
        Format::Json,
        Format::Sarif,
        Format::Github,
        Format::Gitlab,
    ];

    /// The format's name, as `--format` takes it.
    pub fn name(self) -> &'static str {
        match self {
            Format::Full => "full",
            Format::Concise => "concise",
            Format::Json => "json",
            Format::Sarif => "sarif",
            Format::Github => "github",
            Format::Gitlab => "gitlab",
        }
    }

    /// What the format is for, as `--help` says it.
    pub fn description(self) -> &'static str {
        match self {
            Format::Full => "Source excerpt with labels, help and link (miette), for people",
            Format::Concise => "`PATH:LINE:COL: SEVERITY [RULE] MESSAGE`, one line per finding",
            Format::Json => "One JSON document: findings and a summary (see docs/json.md)",
            Format::Sarif => "SARIF 2.1.0, for GitHub code scanning and other SARIF viewers",
            Format::Github => "GitHub Actions workflow commands: annotations on the pull request",
            Format::Gitlab => "A GitLab Code Quality report",
        }
    }

    /// Whether findings are written as one document after every file.
    pub fn is_document(self) -> bool {
        matches!(self, Format::Json | Format::Sarif | Format::Gitlab)
    }
}

/// How a report is written: its format, how it is drawn, whether a human
/// report also annotates a GitHub pull request, and what paths are relative to.
#[derive(Debug, Clone, Copy)]
pub struct ReportOptions<'a> {
    pub format: Format,
    pub style: Style,
    /// GitHub annotations after a human report, as ruff does on GitHub
    /// Actions when no format is chosen.
    pub annotate: bool,
    /// The repository's root, which SARIF locations are relative to
    /// ([`crate::discover::repository_root`]).
    pub root: &'a Path,
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

/// A place in another file a finding refers to (where a capture saw a cookie).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ElsewhereRecord {
    pub path: String,
    pub line: usize,
    pub column: usize,
    pub message: String,
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
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub elsewhere: Vec<ElsewhereRecord>,
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

/// Fingerprints of one file's findings, given in order: the occurrence of a
/// rule on a line of text counts across the whole file, and a line is
/// folded and hashed once per rule, however many findings share it
/// (findings come by position, so a line's findings come together).
#[derive(Default)]
struct Fingerprints {
    occurrences: HashMap<u64, usize>,
    line: usize,
    hashes_on_line: Vec<(String, u64)>,
}

impl Fingerprints {
    fn record(&mut self, finding: &Finding) -> Record {
        let source = &finding.source;
        let line = finding.start.line;
        if line != self.line {
            self.line = line;
            self.hashes_on_line.clear();
        }
        let known = self
            .hashes_on_line
            .iter()
            .find(|(rule, _)| *rule == finding.rule)
            .map(|&(_, hash)| hash);
        let hash = known.unwrap_or_else(|| {
            let folded: String = source
                .line_text(line)
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            let hash = fnv1a(&[&finding.rule, &folded]);
            self.hashes_on_line.push((finding.rule.clone(), hash));
            hash
        });
        let occurrence = self.occurrences.entry(hash).or_default();
        *occurrence += 1;
        Record {
            rule: finding.rule.clone(),
            severity: finding.severity,
            message: finding.message.clone(),
            help: finding.help.as_deref().map(str::to_string),
            url: (!finding.url.is_empty()).then(|| finding.url.to_string()),
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
            elsewhere: finding
                .elsewhere
                .iter()
                .map(|place| ElsewhereRecord {
                    path: place.path.clone(),
                    line: place.at.line,
                    column: place.at.column,
                    message: place.text.clone(),
                })
                .collect(),
            fingerprint: format!("{hash:016x}:{occurrence}"),
        }
    }
}

/// Findings as every format shows them: each text a check took from a
/// file (a capture's cookie name, a declaration's value) in a message, a
/// label, a help or a place elsewhere, with its control and bidirectional
/// characters escaped ([`escape_controls`]), here, so that no check can
/// forget to. Borrowed as they are when nothing needs escaping, as is
/// nearly always the case.
fn displayed(findings: &[Finding]) -> Cow<'_, [Finding]> {
    let clean = |text: &str| matches!(escape_controls(text), Cow::Borrowed(_));
    let help_clean = |help: &str| matches!(escape_controls_but_line_breaks(help), Cow::Borrowed(_));
    let is_clean = |finding: &Finding| {
        clean(&finding.message)
            && finding.help.as_deref().is_none_or(help_clean)
            && std::iter::once(&finding.primary)
                .chain(&finding.related)
                .all(|label| clean(&label.text))
            && finding
                .elsewhere
                .iter()
                .all(|place| clean(&place.path) && clean(&place.text))
    };
    if findings.iter().all(is_clean) {
        return Cow::Borrowed(findings);
    }
    let escaped = |text: &mut String| {
        if let Cow::Owned(shown) = escape_controls(text) {
            *text = shown;
        }
    };
    Cow::Owned(
        findings
            .iter()
            .map(|finding| {
                let mut finding = finding.clone();
                escaped(&mut finding.message);
                if let Some(Cow::Owned(help)) =
                    finding.help.as_deref().map(escape_controls_but_line_breaks)
                {
                    finding.help = Some(Arc::from(help));
                }
                for label in std::iter::once(&mut finding.primary).chain(&mut finding.related) {
                    escaped(&mut label.text);
                }
                for place in &mut finding.elsewhere {
                    escaped(&mut place.path);
                    escaped(&mut place.text);
                }
                finding
            })
            .collect(),
    )
}

/// What one file contributes to the report: its text (for the document
/// formats, its items of the document's list) and its counts.
#[derive(Debug, Default)]
pub struct FileReport {
    pub text: Vec<u8>,
    pub totals: Totals,
}

/// Above this many findings, a file's `full` report is drawn on every core.
const PARALLEL_DRAWING: usize = 256;

/// A file with more findings than this is written in slices of this many,
/// straight to the report, rather than rendered whole first: its report
/// may be far larger than the file.
pub const FINDINGS_PER_SLICE: usize = 8_192;

/// Renders one file's findings, in slices given in order.
struct FileRenderer<'a> {
    options: ReportOptions<'a>,
    rules: &'a RuleSet,
    fingerprints: Fingerprints,
}

impl<'a> FileRenderer<'a> {
    fn new(options: ReportOptions<'a>, rules: &'a RuleSet) -> Self {
        FileRenderer {
            options,
            rules,
            fingerprints: Fingerprints::default(),
        }
    }

    fn render(&mut self, findings: &[Finding], text: &mut Vec<u8>) -> io::Result<()> {
        let findings = &*displayed(findings);
        match self.options.format {
            Format::Full if findings.len() > PARALLEL_DRAWING => {
                let style = self.options.style;
                let parts: Vec<io::Result<Vec<u8>>> = findings
                    .par_chunks(PARALLEL_DRAWING)
                    .map(|chunk| {
                        let mut part = Vec::new();
                        full::render(chunk, style, &mut part).map(|()| part)
                    })
                    .collect();
                for part in parts {
                    text.extend_from_slice(&part?);
                }
            }
            Format::Full => full::render(findings, self.options.style, text)?,
            Format::Concise => concise::render(findings, text)?,
            Format::Github => github::render(findings, text)?,
            Format::Json => {
                for finding in findings {
                    let record = self.fingerprints.record(finding);
                    document::item(&record, json::ITEM_INDENT, text)?;
                }
            }
            Format::Sarif => {
                let results = sarif::Results::new(self.rules, self.options.root);
                for finding in findings {
                    let record = self.fingerprints.record(finding);
                    document::item(&results.result(&record), sarif::ITEM_INDENT, text)?;
                }
            }
            Format::Gitlab => {
                for finding in findings {
                    let record = self.fingerprints.record(finding);
                    document::item(&gitlab::issue(&record), gitlab::ITEM_INDENT, text)?;
                }
            }
        }
        Ok(())
    }

    /// GitHub annotations after a human report, as on GitHub Actions when
    /// no format is chosen: given once the whole report is written.
    fn annotate(&self, findings: &[Finding], text: &mut Vec<u8>) -> io::Result<()> {
        if self.options.annotate && self.options.format != Format::Github {
            github::render(&displayed(findings), text)?;
        }
        Ok(())
    }
}

/// Renders one file's findings.
pub fn report_file(
    findings: &[Finding],
    options: ReportOptions<'_>,
    rules: &RuleSet,
) -> io::Result<FileReport> {
    let mut report = FileReport::default();
    report.totals.add(findings);
    let mut renderer = FileRenderer::new(options, rules);
    renderer.render(findings, &mut report.text)?;
    renderer.annotate(findings, &mut report.text)?;
    Ok(report)
}

/// Writes a whole report as the files come, in order: what comes before
/// the first file (the head of a document), each file's part, and what
/// comes after the last. Nothing but the current file's part is held.
pub struct ReportWriter<'a> {
    options: ReportOptions<'a>,
    rules: &'a RuleSet,
    out: &'a mut dyn Write,
    totals: Totals,
    /// Whether a document item has been written (the next needs a comma).
    items_written: bool,
}

impl<'a> ReportWriter<'a> {
    pub fn begin(
        options: ReportOptions<'a>,
        rules: &'a RuleSet,
        out: &'a mut dyn Write,
    ) -> io::Result<Self> {
        if let Some(frame) = frame(options.format, Totals::default(), rules)? {
            out.write_all(frame.head.as_bytes())?;
        }
        Ok(ReportWriter {
            options,
            rules,
            out,
            totals: Totals::default(),
            items_written: false,
        })
    }

    pub fn file(&mut self, report: &FileReport) -> io::Result<()> {
        self.totals.merge(report.totals);
        self.write_part(&report.text)
    }

    /// Renders and writes one file's findings a slice at a time: for a file
    /// with so many findings that its whole report would not fit in memory
    /// beside them.
    pub fn file_in_slices(&mut self, findings: &[Finding]) -> io::Result<()> {
        self.totals.add(findings);
        let mut renderer = FileRenderer::new(self.options, self.rules);
        let mut text = Vec::new();
        for slice in findings.chunks(FINDINGS_PER_SLICE) {
            text.clear();
            renderer.render(slice, &mut text)?;
            self.write_part(&text)?;
        }
        for slice in findings.chunks(FINDINGS_PER_SLICE) {
            text.clear();
            renderer.annotate(slice, &mut text)?;
            self.write_part(&text)?;
        }
        Ok(())
    }

    fn write_part(&mut self, text: &[u8]) -> io::Result<()> {
        let text = match text.strip_prefix(document::SEPARATOR.as_bytes()) {
            // The document's first item follows its opening bracket, no comma.
            Some(first) if self.options.format.is_document() && !self.items_written => {
                self.out.write_all(b"\n")?;
                first
            }
            _ => text,
        };
        self.items_written |= self.options.format.is_document() && !text.is_empty();
        self.out.write_all(text)
    }

    /// Closes the document and adds GitHub's note on annotations it did
    /// not show; returns the counts of the whole run.
    pub fn finish(self) -> io::Result<Totals> {
        if let Some(frame) = frame(self.options.format, self.totals, self.rules)? {
            if self.items_written {
                self.out.write_all(b"\n")?;
                self.out.write_all(frame.closing_indent.as_bytes())?;
            }
            self.out.write_all(frame.tail.as_bytes())?;
        }
        if self.options.format == Format::Github
            || (self.options.annotate && !self.options.format.is_document())
        {
            github::notice(self.totals, self.out)?;
        }
        Ok(self.totals)
    }
}

/// A document format's text around its list of findings.
fn frame(format: Format, totals: Totals, rules: &RuleSet) -> io::Result<Option<document::Frame>> {
    match format {
        Format::Json => json::frame(totals).map(Some),
        Format::Sarif => sarif::frame(rules).map(Some),
        Format::Gitlab => {
            document::Frame::around(&serde_json::json!(document::PLACEHOLDER)).map(Some)
        }
        Format::Full | Format::Concise | Format::Github => Ok(None),
    }
}

/// Renders findings that stop a run (configuration, rule files) on stderr.
pub fn render(
    findings: &[Finding],
    format: Format,
    style: Style,
    out: &mut dyn Write,
) -> io::Result<()> {
    let findings = &*displayed(findings);
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Linter;

    /// A file whose report is written in slices reads exactly as one
    /// rendered whole, in every format.
    #[test]
    fn slices_make_the_same_report_as_the_whole() {
        let mut text = String::from("version: 1\ncookies:\n");
        for index in 0..(FINDINGS_PER_SLICE / 2 + 10) {
            text.push_str(&format!(
                "  - {{name: c{index}, provider: P, purpose: TODO, category: statistics, \
                 party: third, consent: exempt, duration: P1D}}\n"
            ));
        }
        let linter = Linter::new().unwrap();
        let findings = linter.lint("cookies.yaml", text.as_bytes());
        assert!(findings.len() > FINDINGS_PER_SLICE);
        let style = Style {
            color: false,
            width: 100,
        };
        for format in Format::ALL {
            let options = ReportOptions {
                format,
                style,
                annotate: true,
                root: Path::new("/"),
            };
            let report = |sliced: bool| {
                let mut out = Vec::new();
                let mut writer = ReportWriter::begin(options, linter.rules(), &mut out).unwrap();
                if sliced {
                    writer.file_in_slices(&findings).unwrap();
                } else {
                    let whole = report_file(&findings, options, linter.rules()).unwrap();
                    writer.file(&whole).unwrap();
                }
                let totals = writer.finish().unwrap();
                assert_eq!(totals.errors + totals.warnings, findings.len());
                out
            };
            assert!(report(true) == report(false), "{format:?}");
        }
    }
}
