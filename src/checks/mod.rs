//! The checks behind the rules: one registry from rule id to function.

mod consent;
mod duplicate;
mod purpose;

use crate::finding::Violation;
use crate::model::Declaration;

/// A check reads one declaration and reports what breaks its rule.
pub type Check = fn(&Declaration<'_>, &mut Vec<Violation>);

const REGISTRY: &[(&str, Check)] = &[
    (purpose::RULE, purpose::check),
    (consent::THIRD_PARTY, consent::third_party_consent),
    (consent::NECESSARY, consent::necessary_no_consent),
    (consent::MARKETING, consent::consent_exemption),
    (consent::PREFERENCES, consent::preferences_exemption),
    (consent::STATISTICS, consent::statistics_exemption),
    (duplicate::RULE, duplicate::check),
];

pub fn for_rule(id: &str) -> Option<Check> {
    REGISTRY
        .iter()
        .find(|(rule, _)| *rule == id)
        .map(|(_, check)| *check)
}

pub fn ids() -> impl Iterator<Item = &'static str> {
    REGISTRY.iter().map(|(rule, _)| *rule)
}
