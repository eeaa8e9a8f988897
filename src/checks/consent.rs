//! Rules that judge a cookie's `consent` against its category and party.
//! Each points at the `consent` value.

use crate::finding::Violation;
use crate::model::{Category, Consent, Cookie, Declaration, Party, SECONDS_PER_MONTH};

pub const THIRD_PARTY: &str = "third-party-consent";
pub const NECESSARY: &str = "necessary-no-consent";
pub const MARKETING: &str = "consent-exemption";
pub const PREFERENCES: &str = "preferences-exemption";
pub const STATISTICS: &str = "statistics-exemption";

/// The CNIL's limit on an exempt audience-measurement tracker's life.
pub const STATISTICS_MAX_MONTHS: u64 = 13;

/// Reports, at the `consent` value, every cookie whose consent is `consent`
/// and for which `message` has something to say.
fn flag_consent(
    declaration: &Declaration<'_>,
    out: &mut Vec<Violation>,
    rule: &'static str,
    consent: Consent,
    label: &str,
    message: impl Fn(&Cookie<'_>) -> Option<String>,
) {
    for cookie in &declaration.cookies {
        let Some(declared) = cookie.consent.filter(|declared| declared.value == consent) else {
            continue;
        };
        if let Some(message) = message(cookie) {
            out.push(Violation::new(rule, declared.span, label, message));
        }
    }
}

fn category_is(cookie: &Cookie<'_>, category: Category) -> bool {
    cookie
        .category
        .is_some_and(|declared| declared.value == category)
}

pub fn third_party_consent(declaration: &Declaration<'_>, out: &mut Vec<Violation>) {
    flag_consent(
        declaration,
        out,
        THIRD_PARTY,
        Consent::Exempt,
        "exempt from consent",
        |cookie| {
            cookie
                .party
                .filter(|party| party.value == Party::Third)
                .map(|_| {
                    format!(
                        "{} is set by another site (`party: third`) but marked `consent: exempt`",
                        cookie.display_name()
                    )
                })
        },
    );
}

pub fn necessary_no_consent(declaration: &Declaration<'_>, out: &mut Vec<Violation>) {
    flag_consent(
        declaration,
        out,
        NECESSARY,
        Consent::Required,
        "consent asked",
        |cookie| {
            category_is(cookie, Category::Necessary).then(|| {
            format!(
                "{} is `necessary` yet asks for consent: a visitor who refuses gets a broken site",
                cookie.display_name()
            )
        })
        },
    );
}

pub fn consent_exemption(declaration: &Declaration<'_>, out: &mut Vec<Violation>) {
    flag_consent(
        declaration,
        out,
        MARKETING,
        Consent::Exempt,
        "exempt from consent",
        |cookie| {
            category_is(cookie, Category::Marketing).then(|| {
                format!(
                    "{} is a `marketing` cookie marked `consent: exempt`",
                    cookie.display_name()
                )
            })
        },
    );
}

pub fn preferences_exemption(declaration: &Declaration<'_>, out: &mut Vec<Violation>) {
    flag_consent(
        declaration,
        out,
        PREFERENCES,
        Consent::Exempt,
        "exempt from consent",
        |cookie| {
            category_is(cookie, Category::Preferences).then(|| {
                format!(
                    "{} is a `preferences` cookie marked `consent: exempt`",
                    cookie.display_name()
                )
            })
        },
    );
}

pub fn statistics_exemption(declaration: &Declaration<'_>, out: &mut Vec<Violation>) {
    flag_consent(
        declaration,
        out,
        STATISTICS,
        Consent::Exempt,
        "exempt from consent",
        |cookie| {
            let first_party_statistics = category_is(cookie, Category::Statistics)
                && cookie
                    .party
                    .is_some_and(|party| party.value == Party::First);
            if !first_party_statistics {
                return None;
            }
            let unmet = unmet_statistics_conditions(cookie);
            (!unmet.is_empty()).then(|| {
                format!(
                    "{} is exempt from consent as audience measurement, but {}",
                    cookie.display_name(),
                    unmet.join(" and ")
                )
            })
        },
    );
}

/// The CNIL conditions for exempt audience measurement that this cookie
/// does not meet. A field that is present but malformed is left to `schema`.
fn unmet_statistics_conditions(cookie: &Cookie<'_>) -> Vec<String> {
    let mut unmet = Vec::new();
    let anonymous_is_malformed =
        cookie.node.get("anonymous").is_some() && cookie.anonymous.is_none();
    if !anonymous_is_malformed && !cookie.anonymous.is_some_and(|anonymous| anonymous.value) {
        unmet.push("it is not declared `anonymous: true`".to_string());
    }
    if let Some(duration) = cookie.duration {
        if duration
            .value
            .longer_than(STATISTICS_MAX_MONTHS * SECONDS_PER_MONTH)
        {
            let written = cookie
                .node
                .get("duration")
                .and_then(|node| node.as_str())
                .unwrap_or_default();
            unmet.push(format!(
                "it lives longer than {STATISTICS_MAX_MONTHS} months (`{written}`)"
            ));
        }
    }
    unmet
}
