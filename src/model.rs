//! A typed view of a declaration, for the rules.
//!
//! Every field is read leniently: a field that is missing or does not have the
//! form the schema asks for is `None`, so that rules run on the valid fields
//! of an entry and stay silent about the rest (the schema reports those).

use std::collections::HashSet;

use crate::source::Span;
use crate::suggest::{misspelt, misspelt_keys};
use crate::yaml::{Entry, Node, Value};

/// The default of `site.languages`.
pub const DEFAULT_LANGUAGE: &str = "en";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Spanned<T> {
    pub value: T,
    pub span: Span,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Category {
    Necessary,
    Preferences,
    Statistics,
    Marketing,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Party {
    First,
    Third,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Consent {
    Required,
    Exempt,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SameSite {
    Strict,
    Lax,
    None,
}

/// How long a cookie lives. `Session` is shorter than any duration.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Duration {
    Session,
    Seconds(u64),
}

pub const SECONDS_PER_DAY: u64 = 86_400;
pub const SECONDS_PER_WEEK: u64 = 7 * SECONDS_PER_DAY;
/// 1/12 of a Gregorian year.
pub const SECONDS_PER_MONTH: u64 = 2_629_746;
/// 365.2425 days.
pub const SECONDS_PER_YEAR: u64 = 31_556_952;

impl Duration {
    /// `session`, or ISO 8601 `P[nY][nM][nW][nD][T[nH][nM][nS]]`: whole
    /// numbers, upper case, designators in that order, at least one.
    pub fn parse(text: &str) -> Option<Duration> {
        if text == "session" {
            return Some(Duration::Session);
        }
        let rest = text.strip_prefix('P')?;
        let (date, time) = match rest.split_once('T') {
            Some((date, time)) => (date, Some(time)),
            None => (rest, None),
        };
        const DATE: [(char, u64); 4] = [
            ('Y', SECONDS_PER_YEAR),
            ('M', SECONDS_PER_MONTH),
            ('W', SECONDS_PER_WEEK),
            ('D', SECONDS_PER_DAY),
        ];
        const TIME: [(char, u64); 3] = [('H', 3_600), ('M', 60), ('S', 1)];
        let (date_seconds, date_parts) = sum_designators(date, &DATE)?;
        let (time_seconds, time_parts) = match time {
            Some(time) => {
                let (seconds, parts) = sum_designators(time, &TIME)?;
                // `T` must be followed by at least one time designator.
                (parts > 0).then_some((seconds, parts))?
            }
            None => (0, 0),
        };
        (date_parts + time_parts > 0)
            .then_some(Duration::Seconds(date_seconds.saturating_add(time_seconds)))
    }

    pub fn longer_than(self, seconds: u64) -> bool {
        matches!(self, Duration::Seconds(own) if own > seconds)
    }
}

/// Reads `12M3D`-like runs, designators in the given order, each at most once.
fn sum_designators(mut text: &str, units: &[(char, u64)]) -> Option<(u64, usize)> {
    let mut total: u64 = 0;
    let mut parts = 0;
    let mut next_unit = 0;
    while !text.is_empty() {
        let digits = text.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 {
            return None;
        }
        let number = text[..digits].bytes().fold(0u64, |acc, digit| {
            acc.saturating_mul(10)
                .saturating_add(u64::from(digit - b'0'))
        });
        let designator = text[digits..].chars().next()?;
        let offset = units[next_unit..]
            .iter()
            .position(|(unit, _)| *unit == designator)?;
        let seconds_per_unit = units[next_unit + offset].1;
        total = total.saturating_add(number.saturating_mul(seconds_per_unit));
        parts += 1;
        next_unit += offset + 1;
        text = &text[digits + designator.len_utf8()..];
    }
    Some((total, parts))
}

/// The keys the schema allows at the top level, in `site`, in a cookie entry
/// and in its `attributes` (a test checks them against the schema).
pub const TOP_KEYS: &[&str] = &["version", "site", "cookies"];
pub const SITE_KEYS: &[&str] = &["name", "url", "languages"];
pub const COOKIE_KEYS: &[&str] = &[
    "name",
    "provider",
    "service",
    "purpose",
    "category",
    "party",
    "consent",
    "duration",
    "anonymous",
    "stores_consent",
    "domain",
    "attributes",
];
pub const ATTRIBUTE_KEYS: &[&str] = &["secure", "http_only", "same_site", "path"];

/// Where a path of keys leads.
enum Located<'a> {
    Found(&'a Node),
    Absent,
    /// A mapping on the way is something else, or the key is misspelt: the
    /// field was written, in a form nobody can read.
    Unreadable,
}

/// Follows `keys` from `node`; `misspelt(depth, mapping, key)` says whether
/// the mapping at that depth holds `key` misspelt.
fn locate<'a>(
    mut node: &'a Node,
    keys: &[&str],
    misspelt: impl Fn(usize, &Node, &str) -> bool,
) -> Located<'a> {
    for (depth, key) in keys.iter().enumerate() {
        if node.as_map().is_none() {
            return Located::Unreadable;
        }
        node = match node.get(key) {
            Some(child) => child,
            None if misspelt(depth, node, key) => return Located::Unreadable,
            None => return Located::Absent,
        };
    }
    Located::Found(node)
}

/// Whether the file writes `site.languages` in a form that names no language
/// (not a list, no valid tag, under a `site` that is not a mapping, or under
/// a misspelt key): which languages its texts need is unknown.
pub fn site_languages_unreadable(root: &Node) -> bool {
    let known = [TOP_KEYS, SITE_KEYS];
    let misspelt_at = |depth: usize, node: &Node, key: &str| {
        misspelt(node, key, known.get(depth).copied().unwrap_or_default())
    };
    match locate(root, &["site", "languages"], misspelt_at) {
        Located::Found(_) => site_languages(root).is_empty(),
        Located::Absent => false,
        Located::Unreadable => true,
    }
}

/// `site.languages` as written, the valid tags of it; empty when absent.
pub fn site_languages(root: &Node) -> Vec<String> {
    root.get("site")
        .and_then(|site| site.get("languages"))
        .and_then(Node::as_seq)
        .map(|items| {
            items
                .iter()
                .filter_map(Node::as_str)
                .filter(|tag| crate::schema::is_language_tag(tag))
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default()
}

/// A whole declaration file.
#[derive(Debug)]
pub struct Declaration<'a> {
    pub root: &'a Node,
    /// `site.languages` when valid, else the default; each lower-cased.
    pub languages: Vec<String>,
    /// The `cookies` key, when the file has a list under it.
    pub cookies_key: Option<Span>,
    pub cookies: Vec<Cookie<'a>>,
}

/// One entry of `cookies`.
#[derive(Debug)]
pub struct Cookie<'a> {
    pub node: &'a Node,
    /// 1-based position in the list, to name an entry that has no valid name.
    pub ordinal: usize,
    pub name: Option<Spanned<&'a str>>,
    pub purpose: Option<&'a Entry>,
    pub service: Option<&'a Entry>,
    pub category: Option<Spanned<Category>>,
    pub party: Option<Spanned<Party>>,
    pub consent: Option<Spanned<Consent>>,
    pub duration: Option<Spanned<Duration>>,
    pub anonymous: Option<Spanned<bool>>,
    pub stores_consent: Option<Spanned<bool>>,
    pub domain: Option<Spanned<&'a str>>,
    pub secure: Option<Spanned<bool>>,
    pub same_site: Option<Spanned<SameSite>>,
    pub path: Option<Spanned<&'a str>>,
    /// The keys of the entry, and of its `attributes`, written misspelt.
    misspelt: [Vec<&'static str>; 2],
}

impl Cookie<'_> {
    /// How a message names this cookie.
    pub fn display_name(&self) -> String {
        match self.name {
            Some(name) if !name.value.is_empty() => format!("`{}`", name.value),
            _ => format!("cookie #{}", self.ordinal),
        }
    }
}

fn string_field<'a>(node: &'a Node, key: &str, form: StringForm) -> Option<Spanned<&'a str>> {
    let value = node.get(key)?;
    Some(Spanned {
        value: value.as_str().filter(|text| form.accepts(text))?,
        span: value.span,
    })
}

fn bool_field(node: &Node, key: &str) -> Option<Spanned<bool>> {
    let value = node.get(key)?;
    match value.value {
        Value::Bool(flag) => Some(Spanned {
            value: flag,
            span: value.span,
        }),
        _ => None,
    }
}

fn parsed_field<T>(
    node: &Node,
    key: &str,
    parse: impl FnOnce(&str) -> Option<T>,
) -> Option<Spanned<T>> {
    let field = string_field(node, key, StringForm::Any)?;
    Some(Spanned {
        value: parse(field.value)?,
        span: field.span,
    })
}

impl<'a> Declaration<'a> {
    /// `default_languages` apply when the file has no valid `site.languages`
    /// (empty: the format's default, `[en]`).
    pub fn new(root: &'a Node, default_languages: &[String]) -> Self {
        let languages = Some(site_languages(root))
            .map(|languages| {
                let mut seen = HashSet::new();
                languages
                    .iter()
                    .map(|tag| tag.to_lowercase())
                    .filter(|tag| seen.insert(tag.clone()))
                    .collect::<Vec<_>>()
            })
            .filter(|languages| !languages.is_empty())
            .unwrap_or_else(|| match default_languages {
                [] => vec![DEFAULT_LANGUAGE.to_string()],
                given => given
                    .iter()
                    .map(|language| language.to_lowercase())
                    .collect(),
            });
        let cookies_entry = root.entry("cookies");
        let items = cookies_entry
            .and_then(|entry| entry.value.as_seq())
            .unwrap_or_default();
        let cookies = items
            .iter()
            .enumerate()
            .filter(|(_, node)| node.as_map().is_some())
            .map(|(index, node)| Cookie::new(node, index + 1))
            .collect();
        Declaration {
            root,
            languages,
            cookies_key: cookies_entry
                .filter(|entry| entry.value.as_seq().is_some())
                .map(|entry| entry.key_span),
            cookies,
        }
    }
}

impl<'a> Cookie<'a> {
    fn new(node: &'a Node, ordinal: usize) -> Self {
        let attributes = node.get("attributes").filter(|a| a.as_map().is_some());
        Cookie {
            node,
            ordinal,
            name: string_field(node, "name", StringForm::Any),
            purpose: node.entry("purpose"),
            service: node.entry("service"),
            category: parsed_field(node, "category", |text| match text {
                "necessary" => Some(Category::Necessary),
                "preferences" => Some(Category::Preferences),
                "statistics" => Some(Category::Statistics),
                "marketing" => Some(Category::Marketing),
                _ => None,
            }),
            party: parsed_field(node, "party", |text| match text {
                "first" => Some(Party::First),
                "third" => Some(Party::Third),
                _ => None,
            }),
            consent: parsed_field(node, "consent", |text| match text {
                "required" => Some(Consent::Required),
                "exempt" => Some(Consent::Exempt),
                _ => None,
            }),
            duration: parsed_field(node, "duration", Duration::parse),
            anonymous: bool_field(node, "anonymous"),
            stores_consent: bool_field(node, "stores_consent"),
            domain: string_field(node, "domain", StringForm::NonEmpty),
            secure: attributes.and_then(|a| bool_field(a, "secure")),
            same_site: attributes.and_then(|a| {
                parsed_field(a, "same_site", |text| match text {
                    "strict" => Some(SameSite::Strict),
                    "lax" => Some(SameSite::Lax),
                    "none" => Some(SameSite::None),
                    _ => None,
                })
            }),
            path: attributes.and_then(|a| string_field(a, "path", StringForm::Path)),
            misspelt: [
                misspelt_keys(node, COOKIE_KEYS),
                attributes.map_or_else(Vec::new, |a| misspelt_keys(a, ATTRIBUTE_KEYS)),
            ],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seconds(text: &str) -> Option<u64> {
        match Duration::parse(text)? {
            Duration::Session => Some(0),
            Duration::Seconds(seconds) => Some(seconds),
        }
    }

    #[test]
    fn durations_in_seconds() {
        assert_eq!(seconds("P1D"), Some(86_400));
        assert_eq!(seconds("P1W"), Some(604_800));
        assert_eq!(seconds("P1M"), Some(2_629_746));
        assert_eq!(seconds("P1Y"), Some(31_556_952));
        assert_eq!(seconds("PT30M"), Some(1_800));
        assert_eq!(seconds("P1DT1H1M1S"), Some(86_400 + 3_661));
        assert_eq!(seconds("P0D"), Some(0));
        assert_eq!(seconds("P13M"), seconds("P1Y1M"));
    }

    #[test]
    fn malformed_durations() {
        for bad in [
            "", "P", "PT", "P1DT", "Session", "p1d", "P1M1Y", "P1.5D", "P1D1D", "1D", "P-1D",
            "P1H", "PT1D", "P1Y ",
        ] {
            assert_eq!(Duration::parse(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn session_is_shorter_than_anything() {
        assert!(Duration::Session < Duration::parse("P0D").unwrap());
        assert!(!Duration::Session.longer_than(0));
    }

    #[test]
    fn huge_numbers_saturate() {
        assert_eq!(
            Duration::parse("P99999999999999999999999Y"),
            Some(Duration::Seconds(u64::MAX))
        );
    }
}

/// What a string field must look like for the schema to accept it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StringForm {
    Any,
    NonEmpty,
    /// A cookie `Path`: starts with `/`.
    Path,
}

impl StringForm {
    pub fn accepts(self, text: &str) -> bool {
        match self {
            StringForm::Any => true,
            StringForm::NonEmpty => !text.is_empty(),
            StringForm::Path => text.starts_with('/'),
        }
    }
}

/// The cookie fields a rule's condition may test, with the form each takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldKind {
    String(StringForm),
    Enum(&'static [&'static str]),
    /// A boolean; `default` is its value when absent, if the format gives one.
    Bool {
        default: Option<bool>,
    },
    Duration,
}

pub const CATEGORIES: &[&str] = &["necessary", "preferences", "statistics", "marketing"];
pub const PARTIES: &[&str] = &["first", "third"];
pub const CONSENTS: &[&str] = &["required", "exempt"];
pub const SAME_SITES: &[&str] = &["strict", "lax", "none"];

pub const FIELDS: &[(&str, FieldKind)] = &[
    ("name", FieldKind::String(StringForm::Any)),
    ("provider", FieldKind::String(StringForm::NonEmpty)),
    ("category", FieldKind::Enum(CATEGORIES)),
    ("party", FieldKind::Enum(PARTIES)),
    ("consent", FieldKind::Enum(CONSENTS)),
    ("duration", FieldKind::Duration),
    (
        "anonymous",
        FieldKind::Bool {
            default: Some(false),
        },
    ),
    (
        "stores_consent",
        FieldKind::Bool {
            default: Some(false),
        },
    ),
    ("domain", FieldKind::String(StringForm::NonEmpty)),
    ("attributes.secure", FieldKind::Bool { default: None }),
    ("attributes.http_only", FieldKind::Bool { default: None }),
    ("attributes.same_site", FieldKind::Enum(SAME_SITES)),
    ("attributes.path", FieldKind::String(StringForm::Path)),
];

/// A field's value in one entry, in the form the condition language compares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldValue<'a> {
    Str(&'a str),
    Bool(bool),
    Duration(Duration),
}

/// What an entry holds under a field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldState<'a> {
    Absent,
    /// Not written, but the format gives the field a value when absent.
    Defaulted(FieldValue<'a>),
    /// Present, but not in the form the schema asks for: rules that need it
    /// stay silent, and `schema` reports it.
    Invalid,
    Present(FieldValue<'a>, Span),
}

impl<'a> Cookie<'a> {
    /// The node under a dotted field path (`attributes.secure`).
    pub fn field_node(&self, path: &str) -> Option<&'a Node> {
        path.split('.')
            .try_fold(self.node, |node, key| node.get(key))
    }

    pub fn field(&self, path: &str, kind: FieldKind) -> FieldState<'a> {
        let keys: Vec<&str> = path.split('.').collect();
        // Only `attributes` nests.
        let misspelt_at = |depth: usize, _: &Node, key: &str| {
            self.misspelt
                .get(depth)
                .is_some_and(|misspelt| misspelt.contains(&key))
        };
        let node = match locate(self.node, &keys, misspelt_at) {
            Located::Found(node) => node,
            Located::Unreadable => return FieldState::Invalid,
            Located::Absent => {
                return match kind {
                    FieldKind::Bool {
                        default: Some(default),
                    } => FieldState::Defaulted(FieldValue::Bool(default)),
                    _ => FieldState::Absent,
                };
            }
        };
        let value = match (kind, &node.value) {
            (FieldKind::String(form), Value::String(text)) => {
                form.accepts(text).then_some(FieldValue::Str(text))
            }
            (FieldKind::Enum(allowed), Value::String(text)) => allowed
                .contains(&text.as_str())
                .then_some(FieldValue::Str(text)),
            (FieldKind::Bool { .. }, Value::Bool(flag)) => Some(FieldValue::Bool(*flag)),
            (FieldKind::Duration, Value::String(text)) => {
                Duration::parse(text).map(FieldValue::Duration)
            }
            _ => None,
        };
        value.map_or(FieldState::Invalid, |value| {
            FieldState::Present(value, node.span)
        })
    }
}

impl Cookie<'_> {
    /// Whether the entry lacks `key` (one of its own, not under
    /// `attributes`) but holds it misspelt.
    pub fn misspelt(&self, key: &str) -> bool {
        self.misspelt[0].contains(&key)
    }

    /// Whether the entry writes the field in a form the rules cannot read
    /// (wrong type, outside its form, under a misspelt key).
    pub fn malformed(&self, path: &str) -> bool {
        field_kind(path).is_some_and(|kind| self.field(path, kind) == FieldState::Invalid)
    }
}

pub fn field_kind(path: &str) -> Option<FieldKind> {
    FIELDS
        .iter()
        .find(|(name, _)| *name == path)
        .map(|(_, kind)| *kind)
}
