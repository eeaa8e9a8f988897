//! What the Open Cookie Database knows about a cookie name: its platform,
//! category, controller, domain, retention, description and privacy link.
//!
//! The database (`data/open-cookie-database/`, Apache License 2.0) is
//! compiled by `build.rs` into a table sorted by name, so a run parses
//! nothing: a lookup is a binary search, plus one for each shorter prefix of
//! the name among the database's prefix entries (`Wildcard match` = 1).

pub mod database;

pub use database::BaseCategory;

use crate::model::Category;
use crate::suggest::did_you_mean;

/// The category cookielint gives a database category. Functional and
/// Security are the database's words for what the format calls necessary;
/// its Functional also holds some preference and analytics cookies, which
/// is why a mismatch is only trustworthy one way (see `SOURCE.md`).
pub fn category(base: BaseCategory) -> Category {
    match base {
        BaseCategory::Functional | BaseCategory::Security | BaseCategory::Necessary => {
            Category::Necessary
        }
        BaseCategory::Personalization => Category::Preferences,
        BaseCategory::Analytics => Category::Statistics,
        BaseCategory::Marketing => Category::Marketing,
    }
}

/// One cookie the database knows. `name` is a whole name, or with `prefix`
/// the start of every name it stands for (`_ga_` for `_ga_XXXX`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entry<'a> {
    pub name: &'a str,
    pub prefix: bool,
    pub platform: &'a str,
    /// The database's own category; [`Entry::category`] is cookielint's.
    pub base_category: BaseCategory,
    /// As the database writes it ("facebook.com (3rd party)"), often empty.
    pub domain: &'a str,
    pub description: &'a str,
    /// As the database writes it ("session", "1 Year", "24 hours").
    pub retention: &'a str,
    pub controller: &'a str,
    /// The controller's privacy or GDPR-rights page.
    pub privacy_link: &'a str,
}

impl Entry<'_> {
    pub fn category(&self) -> Category {
        category(self.base_category)
    }
}

/// How an entry matched the name looked up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MatchKind {
    /// The entry's name is the name (or the pattern's fixed part).
    Exact,
    /// The entry is a prefix that starts the name.
    Prefix,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Match<'a> {
    pub entry: Entry<'a>,
    pub kind: MatchKind,
}

/// Every entry that matches `name`: first those named `name`, in the
/// database's order, then the prefix entries that start it, longest (most
/// specific) first. A name pattern (`_ga_*`) is looked up by its fixed part,
/// up to its first `*`. Names are compared exactly, case included, as
/// browsers compare them.
pub fn lookup(name: &str) -> Vec<Match<'static>> {
    let fixed = name.split('*').next().unwrap_or_default();
    let mut matches: Vec<Match<'static>> = named(&ENTRIES, fixed, |packed| packed)
        .map(|packed| Match {
            entry: packed.entry(),
            kind: MatchKind::Exact,
        })
        .collect();
    let shorter = fixed
        .char_indices()
        .filter(|&(end, _)| end > 0)
        .map(|(end, _)| &fixed[..end])
        .rev();
    for prefix in shorter {
        matches.extend(
            named(&PREFIXES, prefix, |&index| &ENTRIES[index as usize]).map(|packed| Match {
                entry: packed.entry(),
                kind: MatchKind::Prefix,
            }),
        );
    }
    matches
}

/// Every entry, sorted by name.
pub fn entries() -> impl Iterator<Item = Entry<'static>> {
    ENTRIES.iter().map(Packed::entry)
}

/// The name the database knows that `name` is probably a misspelling of.
pub fn suggest(name: &str) -> Option<&'static str> {
    let mut names: Vec<&'static str> = entries().map(|entry| entry.name).collect();
    names.dedup();
    did_you_mean(name, &names)
}

/// The entries of `table` (sorted by name) named exactly `name`.
fn named<T>(
    table: &'static [T],
    name: &str,
    packed: fn(&T) -> &Packed,
) -> impl Iterator<Item = &'static Packed> {
    let start = table.partition_point(|item| packed(item).name.text() < name);
    table[start..]
        .iter()
        .map(packed)
        .take_while(move |entry| entry.name.text() == name)
}

/// A text of [`TEXT`], by its byte range: a table of ranges has no
/// pointers, so it costs no relocation at start-up.
#[derive(Debug, Clone, Copy)]
struct Slice(u32, u32);

impl Slice {
    fn text(self) -> &'static str {
        TEXT.get(self.0 as usize..self.1 as usize)
            .unwrap_or_default()
    }
}

/// An [`Entry`] as the build wrote it.
struct Packed {
    name: Slice,
    prefix: bool,
    platform: Slice,
    category: BaseCategory,
    domain: Slice,
    description: Slice,
    retention: Slice,
    controller: Slice,
    privacy_link: Slice,
}

impl Packed {
    fn entry(&self) -> Entry<'static> {
        Entry {
            name: self.name.text(),
            prefix: self.prefix,
            platform: self.platform.text(),
            base_category: self.category,
            domain: self.domain.text(),
            description: self.description.text(),
            retention: self.retention.text(),
            controller: self.controller.text(),
            privacy_link: self.privacy_link.text(),
        }
    }
}

static TEXT: &str = include_str!(concat!(env!("OUT_DIR"), "/knowledge.txt"));
include!(concat!(env!("OUT_DIR"), "/knowledge.rs"));

#[cfg(test)]
mod tests {
    use super::*;

    fn only(name: &str) -> Entry<'static> {
        let matches = lookup(name);
        assert_eq!(matches.len(), 1, "{name}: {matches:?}");
        matches[0].entry
    }

    #[test]
    fn the_mapping_on_real_cookies() {
        let ga = only("_ga");
        assert_eq!(
            (ga.platform, ga.base_category, ga.category()),
            (
                "Google Analytics",
                BaseCategory::Analytics,
                Category::Statistics
            )
        );
        let fbp = only("_fbp");
        assert_eq!(
            (fbp.platform, fbp.base_category, fbp.category()),
            ("Facebook", BaseCategory::Marketing, Category::Marketing)
        );
        // Hotjar's visitor id is Functional in the database, so necessary:
        // the reason a lower category than the base's is never reported.
        let hotjar = only("_hjSessionUser_");
        assert_eq!(
            (hotjar.platform, hotjar.prefix, hotjar.category()),
            ("Hotjar", true, Category::Necessary)
        );
        let consent = only("CookieConsent");
        assert_eq!(
            (consent.platform, consent.base_category, consent.category()),
            ("Cookiebot", BaseCategory::Functional, Category::Necessary)
        );
        let xsrf = only("__AntiXsrfToken");
        assert_eq!(
            (xsrf.base_category, xsrf.category()),
            (BaseCategory::Security, Category::Necessary)
        );
    }

    #[test]
    fn every_base_category_has_its_category() {
        let pairs: Vec<(BaseCategory, Category)> = BaseCategory::ALL
            .into_iter()
            .map(|base| (base, category(base)))
            .collect();
        assert_eq!(
            pairs,
            [
                (BaseCategory::Functional, Category::Necessary),
                (BaseCategory::Security, Category::Necessary),
                (BaseCategory::Necessary, Category::Necessary),
                (BaseCategory::Personalization, Category::Preferences),
                (BaseCategory::Analytics, Category::Statistics),
                (BaseCategory::Marketing, Category::Marketing),
            ]
        );
        // and the compiled table holds real rows of each.
        for base in BaseCategory::ALL {
            assert!(
                entries().any(|entry| entry.base_category == base),
                "{base:?}"
            );
        }
    }

    #[test]
    fn a_generated_name_matches_its_prefix_entry() {
        assert_eq!(found("_ga_ABC123"), [("_ga_", MatchKind::Prefix)]);
        let hotjar = lookup("_hjSessionUser_1234");
        assert_eq!(hotjar[0].entry.platform, "Hotjar");
    }

    #[test]
    fn a_pattern_is_looked_up_by_its_fixed_part() {
        assert_eq!(found("_ga_*"), [("_ga_", MatchKind::Exact)]);
        assert_eq!(found("_gac_gb_*x"), found("_gac_gb_"));
    }

    fn found(name: &str) -> Vec<(&'static str, MatchKind)> {
        lookup(name)
            .iter()
            .map(|found| (found.entry.name, found.kind))
            .collect()
    }

    #[test]
    fn exact_entries_come_first_then_longer_prefixes() {
        assert_eq!(
            found("_gat_gtag_"),
            [
                ("_gat_gtag_", MatchKind::Exact),
                ("_gat", MatchKind::Prefix)
            ]
        );
        assert_eq!(
            found("_gac_gb_123"),
            [
                ("_gac_gb_", MatchKind::Prefix),
                ("_gac_", MatchKind::Prefix)
            ]
        );
        // A name the base lists twice (two platforms) comes back twice.
        assert_eq!(
            found("token"),
            [("token", MatchKind::Exact), ("token", MatchKind::Exact)]
        );
    }

    #[test]
    fn unknown_names_find_nothing_and_may_have_a_suggestion() {
        assert!(lookup("").is_empty());
        assert!(lookup("no-such-cookie-anywhere").is_empty());
        assert!(lookup("_GA").is_empty());
        assert_eq!(suggest("_GA"), Some("_ga"));
        assert_eq!(suggest("no-such-cookie-anywhere"), None);
    }

    #[test]
    fn the_star_names_of_the_csv_are_prefixes() {
        assert_eq!(found("SSPR_42"), [("SSPR_", MatchKind::Prefix)]);
    }

    #[test]
    fn the_table_is_sorted_and_whole() {
        let names: Vec<&str> = entries().map(|entry| entry.name).collect();
        assert!(names.windows(2).all(|pair| pair[0] <= pair[1]));
        assert_eq!(names.len(), 2264);
        assert_eq!(
            entries().filter(|entry| entry.prefix).count(),
            PREFIXES.len()
        );
    }
}
