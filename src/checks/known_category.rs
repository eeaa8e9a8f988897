//! `known-cookie-category`: a cookie the knowledge base (the team's files,
//! then the Open Cookie Database) knows, declared in a category that needs
//! less consent than the one it is known by, unless it is the cookie that
//! records the consent choice (`stores_consent: true`).

use super::Hit;
use crate::knowledge::{Found, Known};
use crate::model::{Category, Cookie, Declaration, Field};

pub const VARS: &[&str] = &[
    "name",
    "category",
    "platform",
    "known_category",
    "source",
    "controller",
];

/// How much consent a category asks for. Preferences and statistics weigh
/// the same: the law does not order them, so neither is reported against
/// the other.
fn consent_weight(category: Category) -> u8 {
    match category {
        Category::Necessary => 0,
        Category::Preferences | Category::Statistics => 1,
        Category::Marketing => 2,
    }
}

/// Companies known by more than one name: a provider written with any of
/// them names the others' cookies. Kept to the groups whose cookies the
/// database lists under several names.
const ALIASES: &[(&str, &str)] = &[
    ("facebook", "meta"),
    ("instagram", "meta"),
    ("doubleclick", "google"),
    ("youtube", "google"),
    ("bing", "microsoft"),
    ("clarity", "microsoft"),
];

/// The lower-case words of a name, each alias replaced by its company.
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty())
        .map(|word| {
            let word = word.to_lowercase();
            ALIASES
                .iter()
                .find(|(alias, _)| *alias == word)
                .map_or(word, |(_, company)| company.to_string())
        })
        .collect()
}

/// Whether `provider` names `company`: its words hold the company's, in order.
fn names(provider: &str, company: &str) -> bool {
    let (provider, company) = (words(provider), words(company));
    !company.is_empty()
        && provider
            .windows(company.len())
            .any(|window| window == company.as_slice())
}

/// The domains the database writes for a cookie ("facebook.com (3rd
/// party)", ".bing.com (3rd party) or .microsoft.com (3rd party)").
fn known_domains(domain: &str) -> impl Iterator<Item = String> + '_ {
    domain
        .split(" or ")
        .filter_map(|part| part.split_whitespace().next())
        .map(|host| host.trim_start_matches('.').to_lowercase())
        .filter(|host| !host.is_empty())
}

/// Whether `domain` is `known`, or under it.
fn under(domain: &str, known: &str) -> bool {
    let domain = domain.trim_start_matches('.').to_lowercase();
    domain == known
        || domain
            .strip_suffix(known)
            .is_some_and(|rest| rest.ends_with('.'))
}

/// Whether the entry is the cookie the knowledge base knows, not just one
/// of the same name: its provider names the platform or its controller,
/// its domain is the known one, or the name is distinctive.
fn is_the_known_cookie(cookie: &Cookie<'_>, found: &Found<'_>) -> bool {
    let entry = &found.found.entry;
    let by_provider = cookie.provider.value().is_some_and(|provider| {
        names(provider, entry.platform) || names(provider, entry.controller)
    });
    let by_domain = cookie
        .domain
        .value()
        .is_some_and(|domain| known_domains(entry.domain).any(|known| under(domain, &known)));
    by_provider || by_domain || entry.distinctive()
}

pub fn check(declaration: &Declaration<'_>, known: &Known, out: &mut Vec<Hit>) {
    for cookie in &declaration.cookies {
        let (Field::Present(name, _), Some(declared)) = (cookie.name, cookie.category.written())
        else {
            continue;
        };
        // The cookie that records the visitor's choice is needed to respect
        // it, whatever the database files it as (Shopify's
        // `_tracking_consent` is Marketing there); one whose
        // `stores_consent` nobody can read may be that cookie.
        if cookie.stores_consent.value() != Some(false) {
            continue;
        }
        let Some(found) = known
            .lookup(name)
            .into_iter()
            .find(|found| is_the_known_cookie(cookie, found))
        else {
            continue;
        };
        let entry = &found.found.entry;
        let category = entry.category();
        if consent_weight(declared.value) >= consent_weight(category) {
            continue;
        }
        let (source, known_category) = match found.file {
            Some(file) => (format!("`{file}`"), format!("`{}`", category.word())),
            None => (
                "the Open Cookie Database".to_string(),
                format!("`{}` ({})", category.word(), entry.base_category.word()),
            ),
        };
        let mut hit = Hit::new(declared.span)
            .var("name", cookie.display_name())
            .var("category", declared.value.word())
            .var("platform", entry.platform)
            .var("known_category", known_category)
            .var("source", source)
            .var("controller", entry.controller);
        hit.help = Some(format!(
            "Set `category: {}`, and ask consent for it; if this is your own cookie that shares {}'s name, give its real `provider` and `domain`.",
            category.word(),
            entry.platform
        ));
        out.push(hit);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn preferences_and_statistics_are_not_ordered() {
        use Category::*;
        let less = |a, b| consent_weight(a) < consent_weight(b);
        assert!(less(Necessary, Preferences) && less(Necessary, Statistics));
        assert!(less(Preferences, Marketing) && less(Statistics, Marketing));
        assert!(!less(Preferences, Statistics) && !less(Statistics, Preferences));
    }

    #[test]
    fn a_provider_names_a_company_by_its_words_or_an_alias() {
        assert!(names("Google LLC", "Google"));
        assert!(names("YouTube", "Google"));
        assert!(names("Meta Platforms", "Facebook"));
        assert!(names("instagram", "Meta"));
        assert!(names("Microsoft Clarity", "Bing"));
        assert!(!names("Metabase", "Meta"));
        assert!(!names("Our site", "Instagram"));
        assert!(!names("Anything", ""));
    }

    #[test]
    fn a_domain_is_the_known_one_or_under_it() {
        let domains: Vec<String> =
            known_domains(".bing.com (3rd party) or .microsoft.com (3rd party)").collect();
        assert_eq!(domains, ["bing.com", "microsoft.com"]);
        assert!(under(".facebook.com", "facebook.com"));
        assert!(under("www.Facebook.com", "facebook.com"));
        assert!(!under("notfacebook.com", "facebook.com"));
        assert!(known_domains("").next().is_none());
    }
}
