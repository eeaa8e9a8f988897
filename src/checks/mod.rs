//! The named checks that rule files may call with `check:`, for rules that a
//! `when:` condition cannot express (they look across entries, or name what
//! they found). A check reports facts; the rule file's templates word them.

pub mod audit;
mod consent_record;
mod duplicate;
mod known_category;
mod purpose;
mod statistics;
mod translations;
pub mod when;
mod withdrawal;

use crate::audit::Observed;
use crate::finding::{Elsewhere, Label};
use crate::knowledge::Known;
use crate::model::{Consent, Declaration};
use crate::rule_id;
use crate::source::Span;

/// One place where a check's rule is broken, with the facts its message
/// template may quote (`{name}` and the check's own variables).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    pub span: Span,
    pub vars: Vec<(&'static str, String)>,
    pub related: Vec<Label>,
    /// Places in other files (a capture) the hit is about.
    pub elsewhere: Vec<Elsewhere>,
    /// Replaces the rule's help when the hit knows better (an entry to paste).
    pub help: Option<String>,
}

impl Hit {
    pub fn new(span: Span) -> Self {
        Hit {
            span,
            vars: Vec::new(),
            related: Vec::new(),
            elsewhere: Vec::new(),
            help: None,
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

/// How a check runs: on the declaration alone (`check`), on the
/// declaration and what cookielint knows of cookies, or on the declaration
/// and what captures saw (`audit`).
#[derive(Debug, Clone, Copy)]
pub enum Run {
    Declaration(fn(&Declaration<'_>, &mut Vec<Hit>)),
    Known(fn(&Declaration<'_>, &Known, &mut Vec<Hit>)),
    Observed(fn(&Declaration<'_>, &Observed<'_>, &mut Vec<Hit>)),
}

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
        run: Some(Run::Declaration(purpose::check)),
    },
    Check {
        name: rule_id::STATISTICS_EXEMPTION,
        vars: statistics::VARS,
        run: Some(Run::Declaration(statistics::check)),
    },
    Check {
        name: rule_id::DUPLICATE_COOKIE,
        vars: duplicate::VARS,
        run: Some(Run::Declaration(duplicate::check)),
    },
    Check {
        name: rule_id::CONSENT_RECORD,
        vars: consent_record::VARS,
        run: Some(Run::Declaration(consent_record::check)),
    },
    Check {
        name: rule_id::WITHDRAWAL_LINK,
        vars: withdrawal::VARS,
        run: Some(Run::Declaration(withdrawal::check)),
    },
    Check {
        name: rule_id::PURPOSE_TRANSLATIONS,
        vars: translations::VARS,
        run: Some(Run::Declaration(translations::check)),
    },
    Check {
        name: rule_id::KNOWN_COOKIE_CATEGORY,
        vars: known_category::VARS,
        run: Some(Run::Known(known_category::check)),
    },
    Check {
        name: rule_id::UNDECLARED_COOKIE,
        vars: audit::UNDECLARED_VARS,
        run: Some(Run::Observed(audit::undeclared)),
    },
    Check {
        name: rule_id::SET_BEFORE_CONSENT,
        vars: audit::BEFORE_CONSENT_VARS,
        run: Some(Run::Observed(audit::before_consent)),
    },
    Check {
        name: rule_id::PARTY_MISMATCH,
        vars: audit::PARTY_VARS,
        run: Some(Run::Observed(audit::party)),
    },
    Check {
        name: rule_id::DURATION_MISMATCH,
        vars: audit::DURATION_VARS,
        run: Some(Run::Observed(audit::duration)),
    },
    Check {
        name: rule_id::ATTRIBUTE_MISMATCH,
        vars: audit::ATTRIBUTE_VARS,
        run: Some(Run::Observed(audit::attributes)),
    },
    Check {
        name: rule_id::UNSEEN_COOKIE,
        vars: audit::UNSEEN_VARS,
        run: Some(Run::Observed(audit::unseen)),
    },
];

/// How messages name the cookies the site asks consent for.
fn asking_consent(declaration: &Declaration<'_>) -> Vec<String> {
    declaration
        .cookies
        .iter()
        .filter(|cookie| cookie.consent.value() == Some(Consent::Required))
        .map(|cookie| cookie.display_name())
        .collect()
}

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
