//! `purpose-required`: every cookie says why it exists, in every language it
//! gives, with words rather than a placeholder.

use crate::finding::Violation;
use crate::model::Declaration;
use crate::yaml::{Node, Value};

pub const RULE: &str = "purpose-required";

/// Texts that stand in for a purpose nobody wrote yet, compared after trimming,
/// case-insensitively.
const PLACEHOLDERS: &[&str] = &["todo", "tbd", "fixme", "-", "n/a", "...", "?"];

/// What is wrong with one purpose string, if anything.
fn fault(node: &Node) -> Option<String> {
    match &node.value {
        Value::Null => Some("is empty".to_string()),
        Value::String(text) if text.trim().is_empty() => Some("is blank".to_string()),
        Value::String(text) => {
            let trimmed = text.trim();
            PLACEHOLDERS
                .iter()
                .any(|placeholder| trimmed.eq_ignore_ascii_case(placeholder))
                .then(|| format!("is a placeholder (`{trimmed}`)"))
        }
        _ => None,
    }
}

pub fn check(declaration: &Declaration<'_>, out: &mut Vec<Violation>) {
    for cookie in &declaration.cookies {
        let name = cookie.display_name();
        let Some(purpose) = cookie.purpose else {
            out.push(Violation::new(
                RULE,
                cookie.node.span,
                "`purpose` missing here",
                format!("{name} has no `purpose`"),
            ));
            continue;
        };
        let purpose = &purpose.value;
        match &purpose.value {
            Value::Map(texts) if texts.is_empty() => out.push(Violation::new(
                RULE,
                purpose.span,
                "no text",
                format!("the purpose of {name} gives no text"),
            )),
            Value::Map(texts) => {
                for text in texts {
                    if let Some(fault) = fault(&text.value) {
                        out.push(Violation::new(
                            RULE,
                            text.value.span,
                            "no purpose",
                            format!("the `{}` purpose of {name} {fault}", text.key),
                        ));
                    }
                }
            }
            _ => {
                if let Some(fault) = fault(purpose) {
                    out.push(Violation::new(
                        RULE,
                        purpose.span,
                        "no purpose",
                        format!("the purpose of {name} {fault}"),
                    ));
                }
            }
        }
    }
}
