//! `concise`: `PATH:LINE:COL: SEVERITY [RULE] MESSAGE`, one line per finding.

use std::io::{self, Write};

use crate::finding::Finding;

pub fn render(findings: &[Finding], out: &mut dyn Write) -> io::Result<()> {
    findings
        .iter()
        .try_for_each(|finding| writeln!(out, "{}", concise_line(finding)))
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
