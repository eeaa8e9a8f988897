//! `purpose-translations`: every text exists in every language the site
//! declares. A plain string counts as the first language only.

use super::Hit;
use crate::model::Declaration;
use crate::yaml::Value;

pub const CHECK: &str = "purpose-translations";
pub const VARS: &[&str] = &["name", "field", "missing"];

/// The texts of an entry, in the order they are checked.
const TEXT_FIELDS: &[&str] = &["purpose", "service"];

pub fn check(declaration: &Declaration<'_>, out: &mut Vec<Hit>) {
    for cookie in &declaration.cookies {
        for field in TEXT_FIELDS {
            let Some(text) = cookie.node.get(field) else {
                continue;
            };
            // Tags match case-insensitively and exactly: `FR` is `fr`, `fr-FR` is not.
            let given: Vec<String> = match &text.value {
                Value::String(_) => declaration.languages.iter().take(1).cloned().collect(),
                // An empty mapping is `purpose-required`'s: it gives no text at all.
                Value::Map(entries) if !entries.is_empty() => entries
                    .iter()
                    .map(|entry| entry.key.to_lowercase())
                    .collect(),
                _ => continue,
            };
            let missing: Vec<String> = declaration
                .languages
                .iter()
                .filter(|language| !given.contains(language))
                .map(|language| format!("`{language}`"))
                .collect();
            if !missing.is_empty() {
                out.push(
                    Hit::new(text.span)
                        .var("name", cookie.display_name())
                        .var("field", *field)
                        .var("missing", missing.join(", ")),
                );
            }
        }
    }
}
