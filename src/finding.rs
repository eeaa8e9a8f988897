//! One finding type for every rule, whatever format shows it.

use std::collections::HashSet;
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

/// A place in another file that a finding refers to: where a capture saw
/// the cookie an audit finding is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Elsewhere {
    pub path: String,
    pub at: LineCol,
    pub text: String,
}

/// What a check or the schema found, before the rule set gives it a severity
/// and a documentation link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    pub rule: String,
    pub message: String,
    pub primary: Label,
    pub related: Vec<Label>,
    /// Places in other files the finding refers to.
    pub elsewhere: Vec<Elsewhere>,
    /// When set, replaces the rule's own help line. Shared: the schema's
    /// few help texts may each stand beside thousands of violations.
    pub help: Option<Arc<str>>,
}

impl Violation {
    pub fn new(rule: &str, span: Span, label: impl Into<String>, message: String) -> Self {
        Violation {
            rule: rule.to_string(),
            message,
            primary: Label::new(span, label),
            related: Vec::new(),
            elsewhere: Vec::new(),
            help: None,
        }
    }

    pub fn with_help(mut self, help: impl Into<Arc<str>>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn with_related(mut self, label: Label) -> Self {
        self.related.push(label);
        self
    }
}

/// Texts kept once each: a finding's own help (the schema's "Use one of
/// …") is one of a few texts, however many findings bring it.
#[derive(Default)]
pub struct Interned(HashSet<Arc<str>>);

impl Interned {
    /// The text kept equal to `text`, which is kept if none is.
    pub fn get(&mut self, text: Arc<str>) -> Arc<str> {
        match self.0.get(&text) {
            Some(kept) => Arc::clone(kept),
            None => {
                self.0.insert(Arc::clone(&text));
                text
            }
        }
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
    pub elsewhere: Vec<Elsewhere>,
    /// Shared by every finding of a rule: a file may have thousands.
    pub help: Option<Arc<str>>,
    pub url: Arc<str>,
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
