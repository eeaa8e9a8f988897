//! `github`: workflow commands that GitHub Actions turns into annotations.
//!
//! `::error file=PATH,line=L,col=C,endLine=L2,endColumn=C2,title=RULE::MESSAGE`,
//! escaped as the runner's command parser requires. GitHub shows at most 10
//! annotations of each kind per step; a final notice gives the full count.

use std::io::{self, Write};

use super::{Totals, plural};
use crate::finding::{Finding, Severity};

/// GitHub shows this many annotations of each severity per step.
const SHOWN_PER_KIND: usize = 10;

/// A message: `%`, CR and LF are escaped.
fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A property value: also `:` and `,`, which separate properties.
fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

pub fn render(findings: &[Finding], out: &mut dyn Write) -> io::Result<()> {
    for finding in findings {
        let command = match finding.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let start = finding.start();
        let end = finding.source.line_col(finding.primary.span.end);
        let mut message = finding.message.clone();
        if let Some(help) = &finding.help {
            message.push_str("\nhelp: ");
            message.push_str(help);
        }
        writeln!(
            out,
            "::{command} file={},line={},col={},endLine={},endColumn={},title={}::{}",
            escape_property(finding.path()),
            start.line,
            start.column,
            end.line,
            end.column,
            escape_property(&finding.rule),
            escape_data(&message)
        )?;
    }
    Ok(())
}

/// Says how many findings there were when GitHub will not show them all.
pub fn notice(totals: Totals, out: &mut dyn Write) -> io::Result<()> {
    if totals.errors > SHOWN_PER_KIND || totals.warnings > SHOWN_PER_KIND {
        writeln!(
            out,
            "::notice title=cookielint::{}",
            escape_data(&format!(
                "cookielint found {} and {} in {}; GitHub shows the first {SHOWN_PER_KIND} of each as annotations, the log above has them all",
                plural(totals.errors, "error"),
                plural(totals.warnings, "warning"),
                plural(totals.files, "file")
            ))
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping() {
        assert_eq!(
            escape_data("50% off\r\nnext: line"),
            "50%25 off%0D%0Anext: line"
        );
        assert_eq!(escape_property("a:b,c%d\ne"), "a%3Ab%2Cc%25d%0Ae");
    }
}
