//! `statistics-exemption`: audience measurement is exempt from consent only
//! when anonymous and short-lived; the message names each unmet condition.

use super::Hit;
use crate::limits::CNIL_TRACKER_LIFETIME;
use crate::model::{Category, Consent, Declaration, Field, Party};

pub const VARS: &[&str] = &["name", "unmet"];

pub fn check(declaration: &Declaration<'_>, out: &mut Vec<Hit>) {
    for cookie in &declaration.cookies {
        let exempt_first_party_statistics = cookie.category.value() == Some(Category::Statistics)
            && cookie.party.value() == Some(Party::First);
        let Some(consent) = cookie
            .consent
            .written()
            .filter(|c| c.value == Consent::Exempt)
        else {
            continue;
        };
        if !exempt_first_party_statistics {
            continue;
        }
        let mut unmet = Vec::new();
        // A field present in a malformed form is left to `schema`.
        if !cookie.anonymous.is_invalid() && cookie.anonymous.value() != Some(true) {
            unmet.push("it is not declared `anonymous: true`".to_string());
        }
        if let Field::Present(duration, written) = cookie.duration
            && duration > CNIL_TRACKER_LIFETIME.duration
        {
            unmet.push(format!(
                "it lives longer than {} (`{}`)",
                CNIL_TRACKER_LIFETIME.words(),
                written.as_str().unwrap_or_default()
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
