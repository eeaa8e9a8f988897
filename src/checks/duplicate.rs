//! `duplicate-cookie`: browsers tell cookies apart by name, domain and path,
//! so two entries alike in all three describe one cookie.

use std::collections::HashMap;

use super::Hit;
use crate::finding::Label;
use crate::model::Declaration;

pub const VARS: &[&str] = &["name"];

pub fn check(declaration: &Declaration<'_>, out: &mut Vec<Hit>) {
    let mut first_seen = HashMap::new();
    for cookie in &declaration.cookies {
        let Some(name) = cookie.name.written() else {
            continue;
        };
        // An entry whose domain or path is malformed cannot be compared.
        if cookie.domain.is_invalid() || cookie.path.is_invalid() {
            continue;
        }
        // Domains compare case-insensitively, a leading dot ignored; an absent
        // path differs from `/`.
        let domain = cookie
            .domain
            .value()
            .map(|domain| domain.trim_start_matches('.').to_ascii_lowercase());
        let path = cookie.path.value();
        let key = (name.value, domain, path);
        match first_seen.get(&key) {
            None => {
                first_seen.insert(key, name.span);
            }
            Some(&first) => out.push(
                Hit::new(name.span)
                    .var("name", cookie.display_name())
                    .related(Label::new(first, "first declared here")),
            ),
        }
    }
}
