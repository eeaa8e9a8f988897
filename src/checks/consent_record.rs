//! `consent-record`: a site that asks for consent must remember the answer.

use super::{Hit, asking_consent};
use crate::model::Declaration;

pub const VARS: &[&str] = &["asking"];

pub fn check(declaration: &Declaration<'_>, out: &mut Vec<Hit>) {
    let Some(cookies_key) = declaration.cookies_key else {
        return;
    };
    // A `stores_consent` nobody can read (`yes`, a misspelt key) may be the
    // record: whether the file has one is unknown.
    if declaration
        .cookies
        .iter()
        .any(|cookie| cookie.stores_consent.is_invalid())
    {
        return;
    }
    let asking = asking_consent(declaration);
    let records = declaration
        .cookies
        .iter()
        .any(|cookie| cookie.stores_consent.value() == Some(true));
    if !asking.is_empty() && !records {
        out.push(Hit::new(cookies_key).var("asking", asking.join(", ")));
    }
}
