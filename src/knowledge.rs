//! What the Open Cookie Database knows about a cookie name: its platform,
//! category, controller, domain, retention, description and privacy link.
//!
//! The database (`data/open-cookie-database/`, Apache License 2.0) is
//! compiled by `build.rs` into a table sorted by name, so a run parses
//! nothing: a lookup is a binary search, plus one for each shorter prefix of
//! the name among the database's prefix entries (`Wildcard match` = 1).

pub mod database;

pub use database::BaseCategory;

use std::sync::OnceLock;

use crate::model::{Category, Declaration, Field};
use crate::suggest::Candidates;
use crate::yaml::Value;

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

    /// Whether the name is the platform's own mark rather than a word any
    /// site might use: a name that starts with `_` (`_ga`, `_fbp`,
    /// `_hjSessionUser_`, `__utma`) with at least two characters after its
    /// underscores, other than a [`GENERIC`] word; or a name that holds the
    /// platform's name (`hubspotutk`). A cookie of a name that is not
    /// (`sessionid`, `token`) is the platform's only where it sets it.
    pub fn distinctive(&self) -> bool {
        let body = self.name.trim_start_matches('_');
        let marked =
            self.name.starts_with('_') && body.chars().count() >= 2 && !GENERIC.contains(&body);
        let platform: String = self
            .platform
            .chars()
            .filter(|c| c.is_alphanumeric())
            .collect::<String>()
            .to_lowercase();
        marked || (platform.len() >= 4 && self.name.to_lowercase().contains(&platform))
    }
}

/// Platform names that are also everyday words a site may name its own
/// cookie with: a leading underscore does not make them distinctive.
const GENERIC: &[&str] = &[
    "guid",
    "landing_page",
    "orig_referrer",
    "routing_id",
    "tracking_consent",
];

/// The database's word closest to a category a team wrote, so that a team's
/// entry reads like the database's.
fn base_category(category: Category) -> BaseCategory {
    match category {
        Category::Necessary => BaseCategory::Necessary,
        Category::Preferences => BaseCategory::Personalization,
        Category::Statistics => BaseCategory::Analytics,
        Category::Marketing => BaseCategory::Marketing,
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
    let fixed = fixed_part(name);
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

/// A name's fixed part: up to its first `*`.
fn fixed_part(name: &str) -> &str {
    name.split('*').next().unwrap_or_default()
}

/// A cookie a team declared in one of the files `known-cookies` lists
/// (`cookielint.toml`), in the declaration format.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TeamCookie {
    /// The name, or a pattern's fixed part when `prefix`.
    pub name: String,
    pub prefix: bool,
    pub provider: String,
    pub category: Category,
    pub domain: String,
    /// The purpose, in the file's first language.
    pub description: String,
    /// The `duration` as written.
    pub retention: String,
    /// The file that declares it, as shown.
    pub file: String,
}

impl TeamCookie {
    fn entry(&self) -> Entry<'_> {
        Entry {
            name: &self.name,
            prefix: self.prefix,
            platform: &self.provider,
            base_category: base_category(self.category),
            domain: &self.domain,
            description: &self.description,
            retention: &self.retention,
            controller: &self.provider,
            privacy_link: "",
        }
    }

    fn found(&self, kind: MatchKind) -> Found<'_> {
        Found {
            found: Match {
                entry: self.entry(),
                kind,
            },
            file: Some(&self.file),
        }
    }
}

/// A match, and the team file it came from (`None`: the database).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Found<'a> {
    pub found: Match<'a>,
    pub file: Option<&'a str>,
}

/// What cookielint knows: the team's cookies, then the database.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Known {
    team: Vec<TeamCookie>,
    /// Indexes of `team`, sorted by name (a stable sort: files' order
    /// within a name), so that a lookup is a binary search, as the
    /// database's.
    by_name: Vec<usize>,
    /// The same, of the prefix entries alone.
    prefixes: Vec<usize>,
    /// The longest prefix entry's name, in bytes: no longer start of a
    /// name needs looking up.
    longest_prefix: usize,
}

impl Known {
    /// Adds the entries of a team file, shown as `file`, that have a name
    /// and a category; the schema reports the others.
    pub fn add(&mut self, file: &str, declaration: &Declaration<'_>) {
        for cookie in &declaration.cookies {
            let (Field::Present(name, _), Some(category)) = (cookie.name, cookie.category.value())
            else {
                continue;
            };
            let text = |field: Field<'_, &str>| field.value().unwrap_or_default().to_string();
            let description = cookie
                .purpose
                .and_then(|purpose| match &purpose.value.value {
                    Value::String(text) => Some(text.clone()),
                    Value::Map(texts) => texts
                        .iter()
                        .find(|text| {
                            declaration.languages.first() == Some(&text.key.to_lowercase())
                        })
                        .or(texts.first())
                        .and_then(|text| text.value.as_str().map(str::to_string)),
                    _ => None,
                })
                .unwrap_or_default();
            let retention = cookie
                .duration
                .node()
                .and_then(|node| node.as_str())
                .unwrap_or_default();
            self.team.push(TeamCookie {
                name: fixed_part(name).to_string(),
                prefix: name.contains('*'),
                provider: text(cookie.provider),
                category,
                domain: text(cookie.domain),
                description,
                retention: retention.to_string(),
                file: file.to_string(),
            });
        }
        self.index();
    }

    fn index(&mut self) {
        let team = &self.team;
        self.by_name = (0..team.len()).collect();
        self.by_name
            .sort_by(|&a, &b| team[a].name.cmp(&team[b].name));
        self.prefixes = self
            .by_name
            .iter()
            .copied()
            .filter(|&index| team[index].prefix)
            .collect();
        self.longest_prefix = self
            .prefixes
            .iter()
            .map(|&index| team[index].name.len())
            .max()
            .unwrap_or_default();
    }

    pub fn team(&self) -> &[TeamCookie] {
        &self.team
    }

    /// The team's entries of `index` (sorted by name) named exactly `name`.
    fn team_named<'k>(
        &'k self,
        index: &'k [usize],
        name: &str,
    ) -> impl Iterator<Item = &'k TeamCookie> {
        let start = index.partition_point(|&at| self.team[at].name.as_str() < name);
        index[start..]
            .iter()
            .map(|&at| &self.team[at])
            .take_while(move |cookie| cookie.name == name)
    }

    /// Every entry that matches `name`, as [`lookup`] orders them: the
    /// team's first, then the database's, less those a team entry of the
    /// same name replaces.
    pub fn lookup(&self, name: &str) -> Vec<Found<'_>> {
        let fixed = fixed_part(name);
        let mut matches: Vec<Found<'_>> = self
            .team_named(&self.by_name, fixed)
            .map(|cookie| cookie.found(MatchKind::Exact))
            .collect();
        // Shorter starts, longest first, as the database's prefixes come;
        // the empty one too: a team's `*` stands for every name.
        let shorter = fixed
            .char_indices()
            .map(|(end, _)| end)
            .filter(|&end| end <= self.longest_prefix)
            .rev();
        for end in shorter {
            matches.extend(
                self.team_named(&self.prefixes, &fixed[..end])
                    .map(|cookie| cookie.found(MatchKind::Prefix)),
            );
        }
        let replaced = |entry: &Entry<'_>| {
            self.team_named(&self.by_name, entry.name)
                .any(|cookie| cookie.prefix == entry.prefix)
        };
        matches.extend(
            lookup(name)
                .into_iter()
                .filter(|found| !replaced(&found.entry))
                .map(|found| Found { found, file: None }),
        );
        matches
    }
}

/// Every entry, sorted by name.
pub fn entries() -> impl Iterator<Item = Entry<'static>> {
    ENTRIES.iter().map(Packed::entry)
}

/// The name the database knows that `name` is probably a misspelling of.
pub fn suggest(name: &str) -> Option<&'static str> {
    // Folded on the first call: `lookup` may ask about thousands of names.
    static NAMES: OnceLock<Candidates<'static>> = OnceLock::new();
    NAMES
        .get_or_init(|| {
            let mut names: Vec<&'static str> = entries().map(|entry| entry.name).collect();
            names.dedup();
            Candidates::new(&names)
        })
        .closest(name)
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
        // Not `__code`: two edits in four letters is another word.
        assert_eq!(suggest("nope"), None);
    }

    fn team(yaml: &str) -> Known {
        let source = crate::source::SourceFile::new("team.yaml", yaml.to_string());
        let tree = crate::yaml::parse(&source).unwrap();
        let mut known = Known::default();
        known.add("team.yaml", &Declaration::new(&tree, &[]));
        known
    }

    #[test]
    fn team_entries_come_first_and_replace_the_bases_of_their_name() {
        let known = team(
            "cookies:\n  - { name: _ga, provider: Us, purpose: { en: Ours., fr: Nôtre. }, category: necessary, duration: P1D }\n  - { name: acme_*, provider: Acme, category: marketing }\n  - { name: nocategory, provider: Acme }\n",
        );
        assert_eq!(known.team().len(), 2);
        let ga = known.lookup("_ga");
        assert_eq!(ga.len(), 1);
        let entry = ga[0].found.entry;
        assert_eq!(
            (
                ga[0].file,
                entry.platform,
                entry.category(),
                entry.description,
                entry.retention
            ),
            (Some("team.yaml"), "Us", Category::Necessary, "Ours.", "P1D")
        );
        // `_ga_` is another name: the base's prefix entry still answers.
        let generated = known.lookup("_ga_X");
        assert_eq!((generated.len(), generated[0].file), (1, None));
        let acme = known.lookup("acme_42");
        assert_eq!(
            (
                acme[0].found.entry.name,
                acme[0].found.kind,
                acme[0].found.entry.prefix
            ),
            ("acme_", MatchKind::Prefix, true)
        );
        assert_eq!(known.lookup("acme_*")[0].found.kind, MatchKind::Exact);
        assert!(known.lookup("nocategory").is_empty());
        assert_eq!(Known::default().lookup("_ga")[0].file, None);
    }

    #[test]
    fn platform_marks_are_distinctive_and_words_are_not() {
        let distinctive = |name, platform| {
            Entry {
                name,
                platform,
                ..only("_ga")
            }
            .distinctive()
        };
        for name in ["_ga", "_gid", "_fbp", "_hjSessionUser_", "__utma", "_ga_"] {
            assert!(distinctive(name, "Any"), "{name}");
        }
        assert!(distinctive("hubspotutk", "HubSpot"));
        for name in ["sessionid", "locale", "lang", "c", "_s", "_guid", "token"] {
            assert!(!distinctive(name, "Instagram"), "{name}");
        }
        assert!(!distinctive("lang", "Ads"));
    }

    #[test]
    fn team_prefixes_come_longest_first_in_their_files_order() {
        let mut known = team(
            "cookies:\n  - { name: ab*, provider: One, category: marketing }\n  - { name: abc, provider: Two, category: marketing }\n  - { name: a*, provider: Three, category: marketing }\n  - { name: abc*, provider: Four, category: marketing }\n",
        );
        let more = "cookies:\n  - { name: ab*, provider: Five, category: marketing }\n  - { name: '*', provider: Six, category: marketing }\n";
        let source = crate::source::SourceFile::new("more.yaml", more.to_string());
        let tree = crate::yaml::parse(&source).unwrap();
        known.add("more.yaml", &Declaration::new(&tree, &[]));
        let found: Vec<(&str, MatchKind, Option<&str>)> = known
            .lookup("abcd")
            .iter()
            .map(|found| (found.found.entry.platform, found.found.kind, found.file))
            .collect();
        assert_eq!(
            found,
            [
                ("Four", MatchKind::Prefix, Some("team.yaml")),
                ("One", MatchKind::Prefix, Some("team.yaml")),
                ("Five", MatchKind::Prefix, Some("more.yaml")),
                ("Three", MatchKind::Prefix, Some("team.yaml")),
                ("Six", MatchKind::Prefix, Some("more.yaml")),
            ]
        );
        let platforms = |name| -> Vec<&str> {
            known
                .lookup(name)
                .iter()
                .map(|found| found.found.entry.platform)
                .collect()
        };
        assert_eq!(
            platforms("abc"),
            ["Two", "Four", "One", "Five", "Three", "Six"]
        );
        assert_eq!(platforms("abc*"), platforms("abc"));
        // Even a name far longer than any prefix finds them.
        assert_eq!(platforms(&"a".repeat(100_000)), ["Three", "Six"]);
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
