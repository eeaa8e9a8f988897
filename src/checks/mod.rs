//! The named checks that rule files may call with `check:`, for rules that a
//! `when:` condition cannot express (they look across entries, or name what
//! they found). A check reports facts; the rule file's templates word them.

mod consent_record;
mod duplicate;
mod purpose;
mod statistics;
mod translations;
pub mod when;

use crate::finding::Label;
use crate::model::Declaration;
use crate::rule_id;
use crate::source::Span;

/// One place where a check's rule is broken, with the facts its message
/// template may quote (`{name}` and the check's own variables).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    pub span: Span,
    pub vars: Vec<(&'static str, String)>,
    pub related: Vec<Label>,
}

impl Hit {
    pub fn new(span: Span) -> Self {
        Hit {
            span,
            vars: Vec::new(),
            related: Vec::new(),
        }
    }

    pub fn var(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.vars.push((name, value.into()));
        self
    }

    pub fn related(mut self, label: Label) -> Self {
        self.related.push(label);
        self
    }
}

pub type Run = fn(&Declaration<'_>, &mut Vec<Hit>);

/// A check, the variables its hits carry, and how to run it. Checks without
/// a function are reported by the pipeline itself: the loader (`yaml-syntax`),
/// the schema, and the suppressions.
#[derive(Debug)]
pub struct Check {
    pub name: &'static str,
    pub vars: &'static [&'static str],
    pub run: Option<Run>,
}

const REGISTRY: &[Check] = &[
    Check {
        name: rule_id::YAML_SYNTAX,
        vars: &[],
        run: None,
    },
    Check {
        name: rule_id::SCHEMA,
        vars: &[],
        run: None,
    },
    Check {
        name: rule_id::INVALID_ALLOW,
        vars: &[],
        run: None,
    },
    Check {
        name: rule_id::UNUSED_ALLOW,
        vars: &[],
        run: None,
    },
    Check {
        name: rule_id::PURPOSE_REQUIRED,
        vars: purpose::VARS,
        run: Some(purpose::check),
    },
    Check {
        name: rule_id::STATISTICS_EXEMPTION,
        vars: statistics::VARS,
        run: Some(statistics::check),
    },
    Check {
        name: rule_id::DUPLICATE_COOKIE,
        vars: duplicate::VARS,
        run: Some(duplicate::check),
    },
    Check {
        name: rule_id::CONSENT_RECORD,
        vars: consent_record::VARS,
        run: Some(consent_record::check),
    },
    Check {
        name: rule_id::PURPOSE_TRANSLATIONS,
        vars: translations::VARS,
        run: Some(translations::check),
    },
];

pub fn find(name: &str) -> Option<&'static Check> {
    REGISTRY.iter().find(|check| check.name == name)
}

pub fn names() -> impl Iterator<Item = &'static str> {
    REGISTRY.iter().map(|check| check.name)
}

/// The checks a user's rule may call: those that run, not those the
/// pipeline reports.
pub fn runnable() -> impl Iterator<Item = &'static str> {
    REGISTRY
        .iter()
        .filter(|check| check.run.is_some())
        .map(|check| check.name)
}
