//! The typed view of a declaration that the rules, the condition language and
//! the charter read, computed once per entry.
//!
//! Every field is read leniently, into a [`Field`]: absent, defaulted (the
//! format gives it a value when absent), invalid (written, but not in the
//! form the schema asks for, under a key misspelt close to its own, or under
//! an `attributes` that is not a mapping) or present. Rules run on the
//! present fields of an entry and stay silent about invalid ones: the schema
//! reports those.

use std::cmp::Ordering;
use std::collections::HashSet;
use std::fmt;

use crate::source::Span;
use crate::suggest::misspelt_keys;
use crate::yaml::{Entry, Node, Value};

/// The default of `site.languages`.
pub const DEFAULT_LANGUAGE: &str = "en";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Spanned<T> {
    pub value: T,
    pub span: Span,
}

/// An enumerated field: its variants, the words the format spells them with
/// (`$words`, in the format's order), and the conversions between the two.
macro_rules! choice {
    ($name:ident, $words:ident, $($variant:ident = $word:literal),+ $(,)?) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum $name {
            $($variant),+
        }

        pub const $words: &[&str] = &[$($word),+];

        impl $name {
            /// Every value, in the format's order.
            pub const ALL: &[$name] = &[$($name::$variant),+];

            /// Its place in [`Self::ALL`], for tables of words in that order.
            pub fn index(self) -> usize {
                self as usize
            }

            pub fn word(self) -> &'static str {
                match self {
                    $($name::$variant => $word),+
                }
            }

            fn parse(text: &str) -> Option<Self> {
                match text {
                    $($word => Some($name::$variant),)+
                    _ => None,
                }
            }
        }

        /// Conditions compare it as the word the file writes.
        impl From<$name> for FieldValue<'_> {
            fn from(value: $name) -> Self {
                FieldValue::Str(value.word())
            }
        }
    };
}

choice!(
    Category,
    CATEGORIES,
    Necessary = "necessary",
    Preferences = "preferences",
    Statistics = "statistics",
    Marketing = "marketing",
);
choice!(Party, PARTIES, First = "first", Third = "third");
choice!(Consent, CONSENTS, Required = "required", Exempt = "exempt");
choice!(
    SameSite,
    SAME_SITES,
    Strict = "strict",
    Lax = "lax",
    None = "none"
);

/// A unit of an ISO 8601 duration, in the order durations write them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    Year,
    Month,
    Week,
    Day,
    Hour,
    Minute,
    Second,
}

/// 1/12 of a Gregorian year.
pub const SECONDS_PER_MONTH: u64 = 2_629_746;
/// 365.2425 days.
pub const SECONDS_PER_YEAR: u64 = 31_556_952;

impl Unit {
    const ALL: [Unit; 7] = [
        Unit::Year,
        Unit::Month,
        Unit::Week,
        Unit::Day,
        Unit::Hour,
        Unit::Minute,
        Unit::Second,
    ];

    const fn seconds(self) -> u64 {
        match self {
            Unit::Year => SECONDS_PER_YEAR,
            Unit::Month => SECONDS_PER_MONTH,
            Unit::Week => 7 * 86_400,
            Unit::Day => 86_400,
            Unit::Hour => 3_600,
            Unit::Minute => 60,
            Unit::Second => 1,
        }
    }

    fn designator(self) -> char {
        match self {
            Unit::Year => 'Y',
            Unit::Month | Unit::Minute => 'M',
            Unit::Week => 'W',
            Unit::Day => 'D',
            Unit::Hour => 'H',
            Unit::Second => 'S',
        }
    }

    /// The first unit written after `T`.
    const FIRST_OF_TIME: usize = Unit::Hour as usize;
}

/// How long a cookie lives: `session`, or a count of each unit as written,
/// so that `P1Y1M` is said "1 year and 1 month". Durations compare by their
/// length in seconds, `session` the shortest: `P13M` equals `P1Y1M`.
#[derive(Debug, Clone, Copy)]
pub struct Duration {
    /// The count of each unit, in [`Unit`] order; none written: `session`.
    counts: [Option<u64>; 7],
}

/// The words durations are said in, in one language.
#[derive(Debug)]
pub struct DurationWords {
    pub session: &'static str,
    /// Singular and plural of each unit, in [`Unit`] order.
    pub units: [(&'static str, &'static str); 7],
    pub and: &'static str,
}

pub const ENGLISH_DURATIONS: DurationWords = DurationWords {
    session: "session",
    units: [
        ("year", "years"),
        ("month", "months"),
        ("week", "weeks"),
        ("day", "days"),
        ("hour", "hours"),
        ("minute", "minutes"),
        ("second", "seconds"),
    ],
    and: "and",
};

impl Duration {
    pub const SESSION: Duration = Duration { counts: [None; 7] };

    /// `count` of one unit: `Duration::of(13, Unit::Month)` is `P13M`.
    pub const fn of(count: u64, unit: Unit) -> Duration {
        let mut counts = [None; 7];
        counts[unit as usize] = Some(count);
        Duration { counts }
    }

    /// `session`, or ISO 8601 `P[nY][nM][nW][nD][T[nH][nM][nS]]`: whole
    /// numbers, upper case, designators in that order, at least one.
    pub fn parse(text: &str) -> Option<Duration> {
        if text == "session" {
            return Some(Duration::SESSION);
        }
        let rest = text.strip_prefix('P')?;
        let (date, time) = match rest.split_once('T') {
            Some((date, time)) => (date, Some(time)),
            None => (rest, None),
        };
        let mut counts = [None; 7];
        read_counts(date, &Unit::ALL[..Unit::FIRST_OF_TIME], &mut counts)?;
        if let Some(time) = time {
            let time_units = &Unit::ALL[Unit::FIRST_OF_TIME..];
            // `T` must be followed by at least one time designator.
            if read_counts(time, time_units, &mut counts)? == 0 {
                return None;
            }
        }
        let duration = Duration { counts };
        (!duration.is_session()).then_some(duration)
    }

    pub fn is_session(self) -> bool {
        self.counts.iter().all(Option::is_none)
    }

    /// The length in seconds (saturating); `None` for `session`.
    pub fn seconds(self) -> Option<u64> {
        (!self.is_session()).then(|| {
            self.written().fold(0u64, |total, (unit, count)| {
                total.saturating_add(count.saturating_mul(unit.seconds()))
            })
        })
    }

    /// The units written, with their counts, in order.
    fn written(self) -> impl Iterator<Item = (Unit, u64)> {
        Unit::ALL
            .into_iter()
            .zip(self.counts)
            .filter_map(|(unit, count)| Some((unit, count?)))
    }

    /// In words: "1 year and 1 month", "1 an, 2 mois et 3 jours".
    pub fn words(self, words: &DurationWords) -> String {
        let parts: Vec<String> = self
            .written()
            .map(|(unit, count)| {
                let (singular, plural) = words.units[unit as usize];
                format!("{count} {}", if count == 1 { singular } else { plural })
            })
            .collect();
        match parts.split_last() {
            None => words.session.to_string(),
            Some((last, [])) => last.clone(),
            Some((last, rest)) => format!("{} {} {last}", rest.join(", "), words.and),
        }
    }
}

/// Reads `12M3D`-like runs into `counts`, designators in the order of
/// `units`, each at most once; returns how many it read.
fn read_counts(mut text: &str, units: &[Unit], counts: &mut [Option<u64>; 7]) -> Option<usize> {
    let mut read = 0;
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
            .position(|unit| unit.designator() == designator)?;
        let unit = units[next_unit + offset];
        counts[unit as usize] = Some(number);
        read += 1;
        next_unit += offset + 1;
        text = &text[digits + designator.len_utf8()..];
    }
    Some(read)
}

/// As ISO 8601, or `session`: what [`Duration::parse`] reads back.
impl fmt::Display for Duration {
    fn fmt(&self, out: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_session() {
            return out.write_str("session");
        }
        out.write_str("P")?;
        let mut in_time = false;
        for (unit, count) in self.written() {
            if unit as usize >= Unit::FIRST_OF_TIME && !in_time {
                in_time = true;
                out.write_str("T")?;
            }
            write!(out, "{count}{}", unit.designator())?;
        }
        Ok(())
    }
}

impl PartialEq for Duration {
    fn eq(&self, other: &Self) -> bool {
        self.seconds() == other.seconds()
    }
}

impl Eq for Duration {}

impl PartialOrd for Duration {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Duration {
    /// `None`, `session`, sorts before every length.
    fn cmp(&self, other: &Self) -> Ordering {
        self.seconds().cmp(&other.seconds())
    }
}

/// The keys the schema allows at the top level, in `site`, in a cookie entry
/// and in its `attributes` (a test checks them against the schema).
pub const TOP_KEYS: &[&str] = &["version", "site", "cookies"];
pub const SITE_KEYS: &[&str] = &["name", "url", "languages", "contact", "consent_manager"];
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

/// What an entry holds under one field.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Field<'a, T> {
    Absent,
    /// Not written, but the format gives the field a value when absent.
    Defaulted(T),
    /// Written in a form the rules cannot read: rules that need it stay
    /// silent, and `schema` reports it. The value as written, unless the key
    /// is misspelt or its `attributes` is not a mapping.
    Invalid(Option<&'a Node>),
    /// Written, readable, with the value as written.
    Present(T, &'a Node),
}

impl<'a, T: Copy> Field<'a, T> {
    /// The value and its place, when the entry writes it readably.
    pub fn written(self) -> Option<Spanned<T>> {
        match self {
            Field::Present(value, node) => Some(Spanned {
                value,
                span: node.span,
            }),
            _ => None,
        }
    }

    /// The value written, or the format's default.
    pub fn value(self) -> Option<T> {
        match self {
            Field::Present(value, _) | Field::Defaulted(value) => Some(value),
            Field::Absent | Field::Invalid(_) => None,
        }
    }

    /// The value as the file writes it, readable or not.
    pub fn node(self) -> Option<&'a Node> {
        match self {
            Field::Present(_, node) | Field::Invalid(Some(node)) => Some(node),
            _ => None,
        }
    }
}

impl<'a, T> Field<'a, T> {
    pub fn is_invalid(&self) -> bool {
        matches!(self, Field::Invalid(_))
    }

    pub fn map<U>(self, convert: impl FnOnce(T) -> U) -> Field<'a, U> {
        match self {
            Field::Absent => Field::Absent,
            Field::Defaulted(value) => Field::Defaulted(convert(value)),
            Field::Invalid(node) => Field::Invalid(node),
            Field::Present(value, node) => Field::Present(convert(value), node),
        }
    }
}

/// A mapping that fields are read from: the entry, its `attributes`, `site`.
enum Fields<'a> {
    Mapping {
        node: &'a Node,
        /// The keys the mapping lacks but holds misspelt.
        misspelt: Vec<&'static str>,
    },
    Absent,
    /// Not a mapping, or under a misspelt key: nothing in it can be read.
    Unreadable,
}

impl<'a> Fields<'a> {
    /// The fields of `node`, whose keys the schema lists in `known`.
    fn of(node: &'a Node, known: &[&'static str]) -> Self {
        match node.as_map() {
            Some(_) => Fields::Mapping {
                node,
                misspelt: misspelt_keys(node, known),
            },
            None => Fields::Unreadable,
        }
    }

    /// The fields of the mapping under `key`.
    fn nested(&self, key: &str, known: &[&'static str]) -> Fields<'a> {
        match self.field(key, None, Some) {
            Field::Present(node, _) => Fields::of(node, known),
            Field::Absent | Field::Defaulted(_) => Fields::Absent,
            Field::Invalid(_) => Fields::Unreadable,
        }
    }

    /// The field under `key`, `read` from its node when it is written;
    /// `default` when it is not.
    fn field<T>(
        &self,
        key: &str,
        default: Option<T>,
        read: impl FnOnce(&'a Node) -> Option<T>,
    ) -> Field<'a, T> {
        let not_written = || default.map_or(Field::Absent, Field::Defaulted);
        match self {
            Fields::Unreadable => Field::Invalid(None),
            Fields::Absent => not_written(),
            Fields::Mapping { node, misspelt } => match node.get(key) {
                Some(value) => read(value).map_or(Field::Invalid(Some(value)), |typed| {
                    Field::Present(typed, value)
                }),
                None if misspelt.contains(&key) => Field::Invalid(None),
                None => not_written(),
            },
        }
    }

    fn text(&self, key: &str, form: StringForm) -> Field<'a, &'a str> {
        self.field(key, None, |node| {
            node.as_str().filter(|text| form.accepts(text))
        })
    }

    fn flag(&self, key: &str, default: Option<bool>) -> Field<'a, bool> {
        self.field(key, default, |node| match node.value {
            Value::Bool(flag) => Some(flag),
            _ => None,
        })
    }

    fn parsed<T>(&self, key: &str, parse: impl FnOnce(&str) -> Option<T>) -> Field<'a, T> {
        self.field(key, None, |node| node.as_str().and_then(parse))
    }
}

/// What a string field must look like for the schema to accept it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StringForm {
    Any,
    NonEmpty,
    /// A cookie `Path`: starts with `/`.
    Path,
    /// `site.contact`: an email address or an absolute http(s) URL.
    Contact,
    /// `site.consent_manager`: an absolute http(s) URL, or a reference on
    /// the site starting with `#` or `/`.
    ConsentManager,
}

impl StringForm {
    pub fn accepts(self, text: &str) -> bool {
        match self {
            StringForm::Any => true,
            StringForm::NonEmpty => !text.is_empty(),
            StringForm::Path => text.starts_with('/'),
            StringForm::Contact => is_email_address(text) || is_http_url(text),
            StringForm::ConsentManager => is_http_url(text) || is_site_reference(text),
        }
    }
}

/// An absolute http(s) URL as the schema's `url` pattern accepts it: the
/// scheme, a host with no white space, `/`, `?`, `#` or `@` (no user name),
/// then anything without white space.
pub fn is_http_url(text: &str) -> bool {
    let Some(rest) = text
        .strip_prefix("https://")
        .or_else(|| text.strip_prefix("http://"))
    else {
        return false;
    };
    let host_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (host, after) = rest.split_at(host_end);
    !host.is_empty()
        && !host.contains(|character: char| character.is_whitespace() || character == '@')
        && !after.contains(char::is_whitespace)
}

/// An email address as the schema's `contact` pattern accepts it: a local
/// part, `@`, and a domain with a dot, none of them holding white space or
/// the characters that would end a `mailto:` link (`<>()[]\,;:"`), a domain
/// without `/`, `?` or `#`.
pub fn is_email_address(text: &str) -> bool {
    let forbidden =
        |character: char| character.is_whitespace() || "<>()[]\\,;:\"@".contains(character);
    let Some((local, domain)) = text.split_once('@') else {
        return false;
    };
    let labels: Vec<&str> = domain.split('.').collect();
    !local.is_empty()
        && !local.contains(forbidden)
        && labels.len() >= 2
        && labels.iter().all(|label| {
            !label.is_empty()
                && !label
                    .contains(|character: char| forbidden(character) || "/?#".contains(character))
        })
}

/// A reference on the site itself: `#fragment` or `/path`, with no white
/// space (`//host` would be another site).
pub fn is_site_reference(text: &str) -> bool {
    let reference = match text.strip_prefix('#') {
        Some(fragment) => !fragment.is_empty(),
        None => text.starts_with('/') && !text.starts_with("//"),
    };
    reference && !text.contains(char::is_whitespace)
}

/// A BCP 47 tag in the form the schema accepts: `fr`, `en`, `pt-BR`.
pub fn is_language_tag(text: &str) -> bool {
    let mut subtags = text.split('-');
    let primary = subtags.next().unwrap_or_default();
    (2..=8).contains(&primary.len())
        && primary.bytes().all(|byte| byte.is_ascii_alphabetic())
        && subtags.all(|subtag| {
            (1..=8).contains(&subtag.len())
                && subtag.bytes().all(|byte| byte.is_ascii_alphanumeric())
        })
}

/// The valid tags of a `languages` list; `None` when it names none.
fn language_tags(node: &Node) -> Option<Vec<String>> {
    let tags: Vec<String> = node
        .as_seq()?
        .iter()
        .filter_map(Node::as_str)
        .filter(|tag| is_language_tag(tag))
        .map(str::to_string)
        .collect();
    (!tags.is_empty()).then_some(tags)
}

fn site_fields(root: &Node) -> Fields<'_> {
    Fields::of(root, TOP_KEYS).nested("site", SITE_KEYS)
}

/// Whether the file writes `site.languages` in a form that names no language
/// (not a list, no valid tag, under a `site` that is not a mapping, or under
/// a misspelt key): which languages its texts need is unknown.
pub fn site_languages_unreadable(root: &Node) -> bool {
    site_fields(root)
        .field("languages", None, language_tags)
        .is_invalid()
}

/// `site.languages` as written, the valid tags of it; empty when absent.
pub fn site_languages(root: &Node) -> Vec<String> {
    root.get("site")
        .and_then(|site| site.get("languages"))
        .and_then(language_tags)
        .unwrap_or_default()
}

/// A text (`purpose`, `service`) in `language`: a plain string is in the
/// declaration's `first` language; tags match case-insensitively.
pub fn text_in<'a>(text: Option<&'a Entry>, language: &str, first: &str) -> Option<&'a str> {
    match &text?.value.value {
        Value::String(text) if language.eq_ignore_ascii_case(first) => Some(text),
        Value::Map(entries) => entries
            .iter()
            .find(|entry| entry.key.eq_ignore_ascii_case(language))
            .and_then(|entry| entry.value.as_str()),
        _ => None,
    }
}

/// A whole declaration file.
#[derive(Debug)]
pub struct Declaration<'a> {
    pub root: &'a Node,
    /// `site.languages` when valid, else the default; each lower-cased.
    pub languages: Vec<String>,
    /// `site.name` and `site.url`, any string (the schema judges the URL).
    pub site_name: Field<'a, &'a str>,
    pub site_url: Field<'a, &'a str>,
    /// `site.contact` and `site.consent_manager`, in the forms the schema
    /// accepts: what the charter links to is never a `javascript:` URL, even
    /// with `schema` turned off.
    pub site_contact: Field<'a, &'a str>,
    pub site_consent_manager: Field<'a, &'a str>,
    /// The `site` mapping, when the file has one.
    pub site: Option<&'a Node>,
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
    pub name: Field<'a, &'a str>,
    pub provider: Field<'a, &'a str>,
    /// The texts, as written: their checks judge each language's text.
    pub purpose: Option<&'a Entry>,
    pub service: Option<&'a Entry>,
    pub category: Field<'a, Category>,
    pub party: Field<'a, Party>,
    pub consent: Field<'a, Consent>,
    pub duration: Field<'a, Duration>,
    pub anonymous: Field<'a, bool>,
    pub stores_consent: Field<'a, bool>,
    pub domain: Field<'a, &'a str>,
    pub secure: Field<'a, bool>,
    pub http_only: Field<'a, bool>,
    pub same_site: Field<'a, SameSite>,
    pub path: Field<'a, &'a str>,
    /// The keys of the entry (not of its `attributes`) written misspelt.
    misspelt: Vec<&'static str>,
}

impl Cookie<'_> {
    /// How a message names this cookie.
    pub fn display_name(&self) -> String {
        match self.name {
            Field::Present(name, _) if !name.is_empty() => format!("`{name}`"),
            _ => format!("cookie #{}", self.ordinal),
        }
    }

    /// Whether the entry lacks `key` (one of its own, not under
    /// `attributes`) but holds it misspelt.
    pub fn misspelt(&self, key: &str) -> bool {
        self.misspelt.contains(&key)
    }
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
        let site = site_fields(root);
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
            site_name: site.text("name", StringForm::Any),
            site_url: site.text("url", StringForm::Any),
            site_contact: site.text("contact", StringForm::Contact),
            site_consent_manager: site.text("consent_manager", StringForm::ConsentManager),
            site: root.get("site").filter(|site| site.as_map().is_some()),
            cookies_key: cookies_entry
                .filter(|entry| entry.value.as_seq().is_some())
                .map(|entry| entry.key_span),
            cookies,
        }
    }
}

impl<'a> Cookie<'a> {
    fn new(node: &'a Node, ordinal: usize) -> Self {
        let entry = Fields::of(node, COOKIE_KEYS);
        let attributes = entry.nested("attributes", ATTRIBUTE_KEYS);
        Cookie {
            node,
            ordinal,
            name: entry.text("name", StringForm::Any),
            provider: entry.text("provider", StringForm::NonEmpty),
            purpose: node.entry("purpose"),
            service: node.entry("service"),
            category: entry.parsed("category", Category::parse),
            party: entry.parsed("party", Party::parse),
            consent: entry.parsed("consent", Consent::parse),
            duration: entry.parsed("duration", Duration::parse),
            anonymous: entry.flag("anonymous", Some(false)),
            stores_consent: entry.flag("stores_consent", Some(false)),
            domain: entry.text("domain", StringForm::NonEmpty),
            secure: attributes.flag("secure", None),
            http_only: attributes.flag("http_only", None),
            same_site: attributes.parsed("same_site", SameSite::parse),
            path: attributes.text("path", StringForm::Path),
            misspelt: match entry {
                Fields::Mapping { misspelt, .. } => misspelt,
                Fields::Absent | Fields::Unreadable => Vec::new(),
            },
        }
    }
}

/// What a condition compares a field with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldType {
    Text,
    /// One of these words.
    Choice(&'static [&'static str]),
    Flag,
    Duration,
}

/// A field's value in one entry, in the form the condition language compares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldValue<'a> {
    Str(&'a str),
    Bool(bool),
    Duration(Duration),
}

impl<'a> From<&'a str> for FieldValue<'a> {
    fn from(text: &'a str) -> Self {
        FieldValue::Str(text)
    }
}

impl From<bool> for FieldValue<'_> {
    fn from(flag: bool) -> Self {
        FieldValue::Bool(flag)
    }
}

impl From<Duration> for FieldValue<'_> {
    fn from(duration: Duration) -> Self {
        FieldValue::Duration(duration)
    }
}

/// A field a rule's condition may test and a message may quote: its dotted
/// name, what it compares with, and where the typed view holds it.
#[derive(Debug)]
pub struct CookieField {
    pub name: &'static str,
    pub field_type: FieldType,
    pub read: for<'a> fn(&Cookie<'a>) -> Field<'a, FieldValue<'a>>,
}

impl CookieField {
    const fn new(
        name: &'static str,
        field_type: FieldType,
        read: for<'a> fn(&Cookie<'a>) -> Field<'a, FieldValue<'a>>,
    ) -> Self {
        CookieField {
            name,
            field_type,
            read,
        }
    }

    pub fn find(name: &str) -> Option<&'static CookieField> {
        FIELDS.iter().find(|field| field.name == name)
    }
}

/// `"dotted.name" => typed_view_field: FieldType`, for each field a rule may test.
macro_rules! fields {
    ($($name:literal => $field:ident: $field_type:expr),+ $(,)?) => {
        &[$(CookieField::new($name, $field_type, |cookie| cookie.$field.map(Into::into))),+]
    };
}

/// Each field once: its name in conditions and messages, what it compares
/// with, and where the typed view holds it.
pub const FIELDS: &[CookieField] = fields![
    "name" => name: FieldType::Text,
    "provider" => provider: FieldType::Text,
    "category" => category: FieldType::Choice(CATEGORIES),
    "party" => party: FieldType::Choice(PARTIES),
    "consent" => consent: FieldType::Choice(CONSENTS),
    "duration" => duration: FieldType::Duration,
    "anonymous" => anonymous: FieldType::Flag,
    "stores_consent" => stores_consent: FieldType::Flag,
    "domain" => domain: FieldType::Text,
    "attributes.secure" => secure: FieldType::Flag,
    "attributes.http_only" => http_only: FieldType::Flag,
    "attributes.same_site" => same_site: FieldType::Choice(SAME_SITES),
    "attributes.path" => path: FieldType::Text,
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceFile;
    use crate::yaml;

    fn seconds(text: &str) -> Option<u64> {
        Some(Duration::parse(text)?.seconds().unwrap_or(0))
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
    fn durations_compare_by_length_and_keep_their_units() {
        let parse = |text| Duration::parse(text).unwrap();
        assert!(Duration::SESSION < parse("P0D"));
        assert!(parse("P13M") < parse("P396D"));
        assert_eq!(parse("P13M"), parse("P1Y1M"));
        assert_eq!(parse("P13M"), Duration::of(13, Unit::Month));
        assert_eq!(parse("P13M").to_string(), "P13M");
        assert_eq!(parse("P1Y1M").to_string(), "P1Y1M");
        assert_eq!(parse("P1DT1H0S").to_string(), "P1DT1H0S");
        assert_eq!(parse("PT30M").to_string(), "PT30M");
        assert_eq!(Duration::SESSION.to_string(), "session");
    }

    #[test]
    fn durations_in_words() {
        let english = |text| Duration::parse(text).unwrap().words(&ENGLISH_DURATIONS);
        assert_eq!(english("P13M"), "13 months");
        assert_eq!(english("P1Y1M"), "1 year and 1 month");
        assert_eq!(english("P1Y2M3D"), "1 year, 2 months and 3 days");
        assert_eq!(english("PT30M"), "30 minutes");
        assert_eq!(english("P1DT1H"), "1 day and 1 hour");
        assert_eq!(english("P0D"), "0 days");
        assert_eq!(english("session"), "session");
    }

    #[test]
    fn huge_numbers_saturate() {
        let huge = Duration::parse("P99999999999999999999999Y").unwrap();
        assert_eq!(huge.seconds(), Some(u64::MAX));
    }

    fn first_cookie(entry: &str, test: impl FnOnce(&Cookie<'_>)) {
        let file = SourceFile::new("t.yaml", format!("version: 1\ncookies:\n  - {entry}\n"));
        let root = yaml::parse(&file).unwrap();
        test(&Declaration::new(&root, &[]).cookies[0]);
    }

    #[test]
    fn each_field_is_absent_defaulted_invalid_or_present() {
        first_cookie(
            "{name: x, duration: 13 months, attributes: {secure: yes}}",
            |cookie| {
                assert_eq!(cookie.name.written().map(|name| name.value), Some("x"));
                assert_eq!(cookie.category, Field::Absent);
                assert_eq!(cookie.anonymous, Field::Defaulted(false));
                assert!(cookie.duration.is_invalid());
                assert_eq!(
                    cookie.duration.node().and_then(Node::as_str),
                    Some("13 months")
                );
                assert!(cookie.secure.is_invalid());
                assert_eq!(cookie.same_site, Field::Absent);
            },
        );
    }

    #[test]
    fn misspelt_keys_and_unreadable_mappings_make_fields_invalid() {
        first_cookie("{anonymus: true, attributes: {sceure: true}}", |cookie| {
            assert_eq!(cookie.anonymous, Field::Invalid(None));
            assert_eq!(cookie.secure, Field::Invalid(None));
            assert!(cookie.misspelt("anonymous"));
        });
        first_cookie("{attributes: 3}", |cookie| {
            assert_eq!(cookie.path, Field::Invalid(None));
        });
        first_cookie("{atributes: {secure: true}}", |cookie| {
            assert_eq!(cookie.secure, Field::Invalid(None));
        });
    }

    #[test]
    fn the_condition_fields_read_the_typed_view() {
        first_cookie("{category: statistics, duration: P1Y1M}", |cookie| {
            let read = |name| (CookieField::find(name).unwrap().read)(cookie).value();
            assert_eq!(read("category"), Some(FieldValue::Str("statistics")));
            assert_eq!(
                read("duration"),
                Some(FieldValue::Duration(Duration::of(13, Unit::Month)))
            );
            assert_eq!(read("stores_consent"), Some(FieldValue::Bool(false)));
            assert_eq!(read("attributes.path"), None);
        });
    }
}
