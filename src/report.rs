//! Renders findings: miette's graphical report, or one line per finding.

use std::io::{self, Write};

use crate::finding::{Finding, Severity};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Format {
    /// Source excerpt with labels, help and link (miette), for people.
    #[default]
    Full,
    /// `PATH:LINE:COL: SEVERITY [RULE] MESSAGE`, one line per finding.
    Concise,
}

/// How the graphical report is drawn.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    pub color: bool,
    pub width: usize,
}

pub fn render(
    findings: &[Finding],
    format: Format,
    style: Style,
    out: &mut dyn Write,
) -> io::Result<()> {
    match format {
        Format::Concise => findings
            .iter()
            .try_for_each(|finding| writeln!(out, "{}", concise_line(finding))),
        Format::Full => {
            let theme = if style.color {
                miette::GraphicalTheme::unicode()
            } else {
                miette::GraphicalTheme::unicode_nocolor()
            };
            let handler = miette::GraphicalReportHandler::new_themed(theme)
                .with_width(style.width)
                .with_links(false);
            for finding in findings {
                let mut text = String::new();
                handler
                    .render_report(&mut text, finding)
                    .map_err(io::Error::other)?;
                writeln!(out, "{text}")?;
            }
            Ok(())
        }
    }
}

/// One finding on one line: messages and paths hold no control characters.
pub fn concise_line(finding: &Finding) -> String {
    let at = finding.start();
    format!(
        "{}:{}:{}: {} [{}] {}",
        finding.path(),
        at.line,
        at.column,
        finding.severity,
        finding.rule,
        finding.message
    )
}

/// Counts for the closing line of a run.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
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
        let plural = |count: usize, word: &str| {
            format!("{count} {word}{}", if count == 1 { "" } else { "s" })
        };
        format!(
            "checked {}: {}, {}",
            plural(self.files, "file"),
            plural(self.errors, "error"),
            plural(self.warnings, "warning")
        )
    }
}
