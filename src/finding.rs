//! One finding type for every rule, rendered by miette or by the concise format.

use std::fmt;
use std::sync::Arc;

use crate::source::{LineCol, SourceFile, Span};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

/// A span with the short text shown beside it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    pub span: Span,
    pub text: String,
}

impl Label {
    pub fn new(span: Span, text: impl Into<String>) -> Self {
        Label {
            span,
            text: text.into(),
        }
    }
}

/// What a check or the schema found, before the rule set gives it a severity
/// and a documentation link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    pub rule: String,
    pub message: String,
    pub primary: Label,
    pub related: Vec<Label>,
    /// When set, replaces the rule's own help line.
    pub help: Option<String>,
}

impl Violation {
    pub fn new(rule: &str, span: Span, label: impl Into<String>, message: String) -> Self {
        Violation {
            rule: rule.to_string(),
            message,
            primary: Label::new(span, label),
            related: Vec::new(),
            help: None,
        }
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn with_related(mut self, label: Label) -> Self {
        self.related.push(label);
        self
    }
}

/// A finding in a file: everything needed to show it, on its own.
#[derive(Debug, Clone)]
pub struct Finding {
    pub rule: String,
    /// Where the primary label starts.
    pub start: LineCol,
    pub severity: Severity,
    pub message: String,
    pub primary: Label,
    pub related: Vec<Label>,
    pub help: Option<String>,
    pub url: String,
    pub source: Arc<SourceFile>,
}

impl Finding {
    /// Where the primary label starts.
    pub fn start(&self) -> LineCol {
        self.start
    }

    pub fn path(&self) -> &str {
        self.source.name()
    }
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Finding {}

fn labeled(label: &Label, primary: bool) -> miette::LabeledSpan {
    let text = (!label.text.is_empty()).then(|| label.text.clone());
    let span = miette::SourceSpan::from(label.span.range());
    if primary {
        miette::LabeledSpan::new_primary_with_span(text, span)
    } else {
        miette::LabeledSpan::new_with_span(text, span)
    }
}

impl miette::Diagnostic for Finding {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new(&self.rule))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
        })
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help
            .as_ref()
            .map(|help| Box::new(help) as Box<dyn fmt::Display>)
    }

    fn url<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        (!self.url.is_empty()).then(|| Box::new(&self.url) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        Some(self.source.as_ref())
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = miette::LabeledSpan> + '_>> {
        let primary = std::iter::once(labeled(&self.primary, true));
        let related = self.related.iter().map(|label| labeled(label, false));
        Some(Box::new(primary.chain(related)))
    }
}
