//! `purpose-translations`: every text exists in every language the site
//! declares. A plain string counts as the first language only.

use std::collections::HashSet;

use super::Hit;
use crate::model::{Declaration, is_language_tag, site_languages_unreadable};
use crate::yaml::Value;

pub const VARS: &[&str] = &["name", "field", "missing"];

/// The most missing languages a finding names; the rest are counted.
const MOST_NAMED: usize = 5;

pub fn check(declaration: &Declaration<'_>, out: &mut Vec<Hit>) {
    // Neither the file's languages nor a default apply: the file meant some.
    if site_languages_unreadable(declaration.root) {
        return;
    }
    for cookie in &declaration.cookies {
        // The texts of an entry, in the order they are checked.
        for (field, text) in [("purpose", cookie.purpose), ("service", cookie.service)] {
            let Some(text) = text.map(|entry| &entry.value) else {
                continue;
            };
            // Tags match case-insensitively and exactly: `FR` is `fr`, `fr-FR` is not.
            let given: HashSet<String> = match &text.value {
                Value::String(_) => declaration.languages.iter().take(1).cloned().collect(),
                // An empty mapping is `purpose-required`'s: it gives no text at all.
                Value::Map(entries) if !entries.is_empty() => entries
                    .iter()
                    .map(|entry| entry.key.to_lowercase())
                    .collect(),
                _ => continue,
            };
            // A text keyed by something that is not a tag is the schema's to
            // report: which languages it meant to give is unknown.
            if given.iter().any(|tag| !is_language_tag(tag)) {
                continue;
            }
            let missing: Vec<&str> = declaration
                .languages
                .iter()
                .filter(|language| !given.contains(*language))
                .map(String::as_str)
                .collect();
            if !missing.is_empty() {
                out.push(
                    Hit::new(text.span)
                        .var("name", cookie.display_name())
                        .var("field", field)
                        .var("missing", listed(&missing)),
                );
            }
        }
    }
}

/// `` `de`, `es` `` or, past a few, `` `de`, `es`, … and 12 more ``: one
/// finding per text stays short however many languages the site lists.
fn listed(languages: &[&str]) -> String {
    let named: Vec<String> = languages
        .iter()
        .take(MOST_NAMED)
        .map(|language| format!("`{language}`"))
        .collect();
    match languages.len().checked_sub(MOST_NAMED) {
        Some(rest) if rest > 0 => format!("{} and {rest} more", named.join(", ")),
        _ => named.join(", "),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lists_of_missing_languages_are_cut() {
        assert_eq!(listed(&["de"]), "`de`");
        assert_eq!(
            listed(&["a", "b", "c", "d", "e"]),
            "`a`, `b`, `c`, `d`, `e`"
        );
        assert_eq!(
            listed(&["a", "b", "c", "d", "e", "f", "g"]),
            "`a`, `b`, `c`, `d`, `e` and 2 more"
        );
    }
}
