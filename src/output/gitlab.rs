//! `gitlab`: a GitLab Code Quality report, a JSON array of issues.

use serde::Serialize;

use super::Record;
use crate::finding::Severity;

#[derive(Serialize)]
pub struct Issue<'a> {
    description: String,
    check_name: &'a str,
    fingerprint: String,
    severity: &'static str,
    location: Location<'a>,
}

#[derive(Serialize)]
struct Location<'a> {
    path: &'a str,
    lines: Lines,
}

#[derive(Serialize)]
struct Lines {
    begin: usize,
}

/// The report is the list itself.
pub const ITEM_INDENT: usize = 2;

/// One finding as a Code Quality issue.
pub fn issue(record: &Record) -> Issue<'_> {
    Issue {
        description: format!("[{}] {}", record.rule, record.message),
        check_name: &record.rule,
        // Unique per finding across the report, and stable across edits.
        fingerprint: format!(
            "{:016x}",
            super::fnv1a(&[&record.path, &record.fingerprint])
        ),
        severity: match record.severity {
            Severity::Error => "major",
            Severity::Warning => "minor",
        },
        location: Location {
            path: &record.path,
            lines: Lines {
                begin: record.start.line,
            },
        },
    }
}
