//! What both targets check of every finding's labels.

use cookielint::finding::{Finding, Label};

/// A label's span lies inside its file's text, on character boundaries.
pub fn check_label(finding: &Finding, label: &Label) {
    let text = finding.source.text();
    let span = label.span;
    assert!(
        span.start <= span.end && span.end <= text.len(),
        "[{}] span {span:?} outside a text of {} bytes",
        finding.rule,
        text.len()
    );
    assert!(
        text.is_char_boundary(span.start) && text.is_char_boundary(span.end),
        "[{}] span {span:?} splits a character",
        finding.rule
    );
}
