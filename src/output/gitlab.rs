//! `gitlab`: a GitLab Code Quality report, a JSON array of issues.

use std::io::{self, Write};

use serde::Serialize;

use super::Record;
use crate::finding::Severity;

#[derive(Serialize)]
struct Issue<'a> {
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

pub fn write(records: &[Record], out: &mut dyn Write) -> io::Result<()> {
    let issues: Vec<Issue<'_>> = records
        .iter()
        .map(|record| Issue {
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
        })
        .collect();
    serde_json::to_writer_pretty(&mut *out, &issues).map_err(io::Error::other)?;
    writeln!(out)
}
