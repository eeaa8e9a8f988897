//! `withdrawal-link`: a site that asks for consent says where visitors
//! withdraw it.

use super::{Hit, asking_consent};
use crate::model::{Declaration, Field};

pub const VARS: &[&str] = &["asking"];

pub fn check(declaration: &Declaration<'_>, out: &mut Vec<Hit>) {
    // Malformed or misspelt, the link is `schema`'s to report.
    if !matches!(declaration.site_consent_manager, Field::Absent) {
        return;
    }
    let asking = asking_consent(declaration);
    if asking.is_empty() {
        return;
    }
    let place = match declaration.site {
        Some(site) => site.span,
        None => match declaration.cookies_key {
            Some(cookies_key) => cookies_key,
            None => return,
        },
    };
    out.push(Hit::new(place).var("asking", asking.join(", ")));
}
