//! `purpose-required`: every cookie says why it exists, in every language it
//! gives, with words rather than a placeholder.

use super::Hit;
use crate::model::Declaration;
use crate::yaml::{Node, Value};

pub const VARS: &[&str] = &["name", "fault"];

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

pub fn check(declaration: &Declaration<'_>, out: &mut Vec<Hit>) {
    for cookie in &declaration.cookies {
        let hit = |span, fault: String| {
            Hit::new(span)
                .var("name", cookie.display_name())
                .var("fault", fault)
        };
        let Some(purpose) = cookie.purpose else {
            // `purpse:` is one mistake, the unknown key, which `schema` reports.
            if !cookie.misspelt("purpose") {
                out.push(hit(cookie.node.span, "is missing".to_string()));
            }
            continue;
        };
        let purpose = &purpose.value;
        match &purpose.value {
            Value::Map(texts) if texts.is_empty() => {
                out.push(hit(purpose.span, "is given in no language".to_string()));
            }
            Value::Map(texts) => {
                for text in texts {
                    if let Some(fault) = fault(&text.value) {
                        out.push(hit(text.value.span, format!("in `{}` {fault}", text.key)));
                    }
                }
            }
            _ => {
                if let Some(fault) = fault(purpose) {
                    out.push(hit(purpose.span, fault));
                }
            }
        }
    }
}
