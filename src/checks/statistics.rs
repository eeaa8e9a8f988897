//! `statistics-exemption`: audience measurement is exempt from consent only
//! when anonymous and short-lived; the message names each unmet condition.

use super::Hit;
use crate::model::{Category, Consent, Declaration, Party, SECONDS_PER_MONTH};

pub const VARS: &[&str] = &["name", "unmet"];

/// The CNIL's limit on an exempt audience-measurement tracker's life.
pub const MAX_MONTHS: u64 = 13;

pub fn check(declaration: &Declaration<'_>, out: &mut Vec<Hit>) {
    for cookie in &declaration.cookies {
        let exempt_first_party_statistics = cookie
            .category
            .is_some_and(|c| c.value == Category::Statistics)
            && cookie.party.is_some_and(|p| p.value == Party::First);
        let Some(consent) = cookie.consent.filter(|c| c.value == Consent::Exempt) else {
            continue;
        };
        if !exempt_first_party_statistics {
            continue;
        }
        let mut unmet = Vec::new();
        // A field present in a malformed form is left to `schema`.
        if !cookie.malformed("anonymous")
            && !cookie.anonymous.is_some_and(|anonymous| anonymous.value)
        {
            unmet.push("it is not declared `anonymous: true`".to_string());
        }
        if let Some(duration) = cookie.duration
            && duration.value.longer_than(MAX_MONTHS * SECONDS_PER_MONTH)
        {
            let written = cookie
                .node
                .get("duration")
                .and_then(|node| node.as_str())
                .unwrap_or_default();
            unmet.push(format!(
                "it lives longer than {MAX_MONTHS} months (`{written}`)"
            ));
        }
        if !unmet.is_empty() {
            out.push(
                Hit::new(consent.span)
                    .var("name", cookie.display_name())
                    .var("unmet", unmet.join(" and ")),
            );
        }
    }
}
