//! A declaration drafted from what captures saw (`cookielint import`), and
//! the entry `undeclared-cookie` offers to paste: one entry a cookie, filled
//! from the observation and, where the Open Cookie Database knows the
//! cookie, from the database.
//!
//! A database entry is taken for a cookie when the database ties it to no
//! domain, or to the cookie's own: a name is not a cookie (the database's
//! `sessionid` is Instagram's, `visitor` Nativo's), and a site's own
//! `sessionid` stays unknown, for a person to describe.

use std::collections::HashMap;
use std::fmt::Write as _;

use crate::audit::{
    DURATION_TOLERANCE_SECONDS, Observed, Place, Sighting, domain_matches, registrable_domain,
    url_host,
};
use crate::capture::{Capture, Lifetime, Observation};
use crate::knowledge::{self, Known, MatchKind};
use crate::model::{Category, Consent, Declaration, Duration, Party, Unit};
use crate::source::{LineCol, SourceFile, escape_controls, is_hidden};
use crate::yaml::{Node, Value};

/// What the team's files or the database say of a cookie seen, when they
/// speak of this cookie.
#[derive(Debug, Clone, Copy)]
struct Recognised<'k> {
    entry: knowledge::Entry<'k>,
    /// Matched by a prefix entry: the name's end is generated.
    by_prefix: bool,
}

/// The one place the knowledge base is asked about a cookie seen.
fn recognise<'k>(known: &'k Known, observation: &Observation) -> Option<Recognised<'k>> {
    known
        .lookup(&observation.name)
        .into_iter()
        .map(|found| found.found)
        .find(|found| {
            let mut domains = base_domains(found.entry.domain).peekable();
            domains.peek().is_none()
                || domains.any(|domain| domain_matches(&observation.domain, domain))
        })
        .map(|found| Recognised {
            entry: found.entry,
            by_prefix: found.kind == MatchKind::Prefix,
        })
}

/// The domains in the database's `Domain` column ("facebook.com (3rd
/// party)", " or 207.net (3rd party)"); placeholders (`ads-[account]…`) are
/// not domains.
fn base_domains(column: &str) -> impl Iterator<Item = &str> {
    column
        .split([' ', ','])
        .filter(|word| word.contains('.') && !word.contains(['[', '(', ')']))
}

/// The name an entry declares a cookie by: the database's prefix and `*`
/// when the database knows the name by its prefix (`_ga_ABC123` → `_ga_*`).
fn declared_name(known: &Known, observation: &Observation) -> String {
    match recognise(known, observation) {
        Some(recognised) if recognised.by_prefix => format!("{}*", recognised.entry.name),
        _ => observation.name.clone(),
    }
}

/// A declaration entry, as YAML lines starting at column 1 (`- name: …`),
/// for one cookie seen one or several times (its `sightings`, alike in
/// declared name, domain and path). Texts are in `languages`, the first the
/// default; the database's descriptions are English.
pub fn entry(known: &Known, sightings: &[&Sighting<'_>], languages: &[String]) -> String {
    // The sighting that says most: a cookie seen by name only (in a
    // `Cookie` header) has no path nor attributes.
    let Some(first) = sightings
        .iter()
        .find(|sighting| sighting.observation.path.is_some())
        .or(sightings.first())
    else {
        return String::new();
    };
    let observation = first.observation;
    let recognised = recognise(known, observation);
    let longest = sightings
        .iter()
        .map(|sighting| sighting.observation.lifetime)
        .max_by_key(|lifetime| match lifetime {
            Lifetime::Unknown => -2,
            Lifetime::Session => -1,
            Lifetime::Seconds(seconds) => *seconds,
        })
        .unwrap_or(Lifetime::Unknown);
    let mut lines: Vec<String> = sightings.iter().map(|s| seen_comment(s)).collect();
    lines.push(format!(
        "- name: {}",
        yaml_scalar(&declared_name(known, observation))
    ));
    let category = recognised.map(|recognised| recognised.entry.category());
    match recognised {
        Some(recognised) => {
            let platform = recognised.entry.platform.trim();
            lines.push(format!("  provider: {}", yaml_scalar(platform)));
            let english = recognised.entry.description.trim();
            lines.extend(text("purpose", english, languages));
            lines.push(format!("  category: {}", category_word(category)));
        }
        None => {
            let provider = registrable_domain(&observation.domain);
            lines.push(format!("  provider: {}", yaml_scalar(&provider)));
            lines.push(
                "  # TODO: the Open Cookie Database does not know this cookie: say why the site sets it, and choose its category (necessary, preferences, statistics or marketing)".to_string(),
            );
            lines.extend(text("purpose", "TODO", languages));
            lines.push("  category:".to_string());
        }
    }
    if let Some(party) = first.party {
        lines.push(format!("  party: {}", party.word()));
    }
    // A draft reports nothing by itself: `set-before-consent` on a draft
    // is a finding the captures hold, never one the draft's guess made.
    let set_before_asking = sightings.iter().any(|s| s.before_consent.is_some());
    let consent = match (category, set_before_asking, first.party) {
        (Some(Category::Necessary), _, _) => Consent::Exempt,
        // Known to need consent, and set without it: the finding is real.
        (Some(category), true, _) => {
            lines.push(format!(
                "  # REVIEW: set before consent, though it is known as a {} cookie: the site must wait for consent (`cookielint audit` reports it)",
                category.word()
            ));
            Consent::Required
        }
        // Set by another site before consent: the audit reports it with or
        // without an entry.
        (None, true, Some(Party::Third)) => {
            lines.push(
                "  # REVIEW: another site set it before consent: unless it is strictly necessary, the site must wait for consent (`cookielint audit` reports it)".to_string(),
            );
            Consent::Required
        }
        // Of a cookie the base does not know, the site's own practice is
        // the only clue: one it sets before asking is one it holds exempt.
        (None, true, _) => {
            lines.push(
                "  # REVIEW: drafted exempt because the site set it before consent: if it is not strictly necessary, write `consent: required` and make the site wait for consent".to_string(),
            );
            Consent::Exempt
        }
        _ => Consent::Required,
    };
    lines.push(format!("  consent: {}", consent.word()));
    match rounded_duration(longest) {
        Some(duration) => lines.push(format!("  duration: {duration}")),
        None => {
            lines.push(
                "  # TODO: the captures do not say how long it lives (seen by name only, or in a jar with no `capturedAt`): say it".to_string(),
            );
            lines.push("  duration:".to_string());
        }
    }
    lines.push(format!("  domain: {}", yaml_scalar(&observation.domain)));
    let attributes: Vec<String> = [
        observation.secure.map(|secure| format!("secure: {secure}")),
        observation
            .http_only
            .map(|http_only| format!("http_only: {http_only}")),
        observation
            .same_site
            .map(|same_site| format!("same_site: {}", same_site.word())),
        observation
            .path
            .as_deref()
            .map(|path| format!("path: {}", yaml_flow_scalar(path))),
    ]
    .into_iter()
    .flatten()
    .collect();
    if !attributes.is_empty() {
        lines.push(format!("  attributes: {{ {} }}", attributes.join(", ")));
    }
    lines.join("\n")
}

fn category_word(category: Option<Category>) -> &'static str {
    category.map_or("", Category::word)
}

/// `# seen on DOMAIN before consent at CAPTURE:LINE:COL, after consent at …`
fn seen_comment(sighting: &Sighting<'_>) -> String {
    let moments: Vec<String> = [
        sighting.before_consent.map(|at| at_moment("before", at)),
        sighting.after_consent.map(|at| at_moment("after", at)),
    ]
    .into_iter()
    .flatten()
    .collect();
    format!(
        "# `{}` seen on {} {}",
        escape_controls(&sighting.observation.name),
        escape_controls(&sighting.observation.domain),
        moments.join(", ")
    )
}

fn at_moment(moment: &str, at: Place<'_>) -> String {
    format!("{moment} consent at {}", escape_controls(&at.to_string()))
}

/// Whether a character is written as an escape in a YAML scalar: those a
/// reader cannot see as they are, and those YAML text cannot hold (U+FFFE,
/// U+FFFF).
fn escaped_in_yaml(character: char) -> bool {
    is_hidden(character) || matches!(character, '\u{fffe}' | '\u{ffff}')
}

/// A text field in the site's languages: a plain string when English is the
/// only one; else a mapping, English where the database gave it and `TODO`
/// in every other language (`purpose-required` lists what is left).
fn text(key: &str, english: &str, languages: &[String]) -> Vec<String> {
    match languages {
        [only] if only == "en" => keyed_text("  ", key, english),
        _ => {
            let mut lines = Vec::new();
            if !languages.iter().any(|language| language == "en") && english != "TODO" {
                lines.push(format!("  # in English: {}", escape_controls(english)));
            }
            lines.push(format!("  {key}:"));
            for language in languages {
                let said = if language == "en" { english } else { "TODO" };
                lines.extend(keyed_text("    ", language, said));
            }
            lines
        }
    }
}

/// The longest line a text makes in an entry: the entry is pasted from a
/// report whose lines are drawn 100 columns wide, help indentation included.
const LONGEST_TEXT_LINE: usize = 76;

/// `key: text` at `indent`; a text too long for one line is folded (`>-`)
/// over several, which read back as the same text. Only a text whose words
/// are separated by single spaces folds: YAML would keep other white space
/// at a line break as a line break.
fn keyed_text(indent: &str, key: &str, text: &str) -> Vec<String> {
    let key = yaml_scalar(key);
    let single = format!("{indent}{key}: {}", yaml_scalar(text));
    let folds = text.split(' ').all(|word| {
        !word.is_empty()
            && !word
                .chars()
                .any(|c| c.is_whitespace() || escaped_in_yaml(c))
    });
    if single.chars().count() <= LONGEST_TEXT_LINE || !folds {
        return vec![single];
    }
    let body_indent = format!("{indent}  ");
    let options = textwrap::Options::new(LONGEST_TEXT_LINE - body_indent.len())
        .break_words(false)
        .word_separator(textwrap::WordSeparator::AsciiSpace);
    std::iter::once(format!("{indent}{key}: >-"))
        .chain(
            textwrap::wrap(text, options)
                .into_iter()
                .map(|line| format!("{body_indent}{line}")),
        )
        .collect()
}

/// A string as a YAML plain scalar when it reads back as that string, else
/// double-quoted, every character that [`escaped_in_yaml`] escaped: whatever
/// a capture holds, it is one scalar on one line.
pub fn yaml_scalar(text: &str) -> String {
    let reads_as_other = ["null", "true", "false", "~"]
        .contains(&text.to_ascii_lowercase().as_str())
        || text.parse::<f64>().is_ok();
    let word = text
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "_-./".contains(c))
        && !text.starts_with(['-', '.']);
    let sentence = text.starts_with(char::is_alphabetic)
        && !text.contains(": ")
        && !text.contains(" #")
        && !text.ends_with([':', ' '])
        && text
            .chars()
            // An apostrophe or a backquote is special only as the first
            // character, and a sentence starts with a letter.
            .all(|c| !escaped_in_yaml(c) && !"\"{}[]&*!|>%@".contains(c));
    if !text.is_empty() && !reads_as_other && (word || sentence) {
        text.to_string()
    } else {
        double_quoted(text)
    }
}

/// [`yaml_scalar`] inside a flow mapping (`{ path: … }`), where a comma or
/// a bracket would end the scalar.
fn yaml_flow_scalar(text: &str) -> String {
    if text.contains([',', '[', ']', '{', '}']) {
        double_quoted(text)
    } else {
        yaml_scalar(text)
    }
}

/// A YAML double-quoted scalar of `text`.
fn double_quoted(text: &str) -> String {
    let mut quoted = String::with_capacity(text.len() + 2);
    quoted.push('"');
    for character in text.chars() {
        match character {
            '"' => quoted.push_str("\\\""),
            '\\' => quoted.push_str("\\\\"),
            '\n' => quoted.push_str("\\n"),
            '\t' => quoted.push_str("\\t"),
            // Every character escaped is in the Basic Multilingual Plane.
            c if escaped_in_yaml(c) => {
                let _ = write!(quoted, "\\u{:04x}", u32::from(c));
            }
            c => quoted.push(c),
        }
    }
    quoted.push('"');
    quoted
}

/// A lifetime as a declaration writes it, rounded to a whole unit: the
/// largest unit of which it is at least one (`P13M`, `P30D`, `PT1H`).
pub fn rounded_duration(lifetime: Lifetime) -> Option<Duration> {
    let seconds = match lifetime {
        Lifetime::Session => return Some(Duration::SESSION),
        Lifetime::Seconds(seconds) => u64::try_from(seconds).ok()?,
        Lifetime::Unknown => return None,
    };
    const UNITS: [(Unit, u64); 5] = [
        (Unit::Year, 31_556_952),
        (Unit::Month, 2_629_746),
        (Unit::Day, 86_400),
        (Unit::Hour, 3_600),
        (Unit::Minute, 60),
    ];
    // The nearest whole number of the largest unit that does not declare
    // the cookie shorter-lived than seen (by more than the audit tolerates).
    let (unit, count) = UNITS
        .into_iter()
        .filter(|(_, length)| seconds >= *length)
        .map(|(unit, length)| (unit, length, (seconds + length / 2) / length))
        .find(|(_, length, count)| count * length + DURATION_TOLERANCE_SECONDS >= seconds)
        .map_or((Unit::Second, seconds), |(unit, _, count)| (unit, count));
    Some(Duration::of(count, unit))
}

/// The entries for every sighting no entry of the declaration matches: one
/// a cookie (declared name, domain, path), in the order first seen.
fn missing_entries(known: &Known, observed: &Observed<'_>, languages: &[String]) -> Vec<String> {
    let mut groups: Vec<Vec<&Sighting<'_>>> = Vec::new();
    let mut index: HashMap<(String, &str, Option<&str>), usize> = HashMap::new();
    // The first group of each declared name and domain, whatever its path.
    let mut first_of_name: HashMap<(String, &str), usize> = HashMap::new();
    let missing = || observed.sightings.iter().filter(|s| s.entry.is_none());
    // Cookies seen with their path first, so that one seen by name only
    // joins the entry of its name and domain.
    let with_path = missing().filter(|s| s.observation.path.is_some());
    for sighting in with_path.chain(missing().filter(|s| s.observation.path.is_none())) {
        let observation = sighting.observation;
        let name = declared_name(known, observation);
        let domain = observation.domain.as_str();
        let path = observation.path.as_deref();
        let found = match path {
            Some(_) => index.get(&(name.clone(), domain, path)),
            None => first_of_name.get(&(name.clone(), domain)),
        };
        match found {
            Some(&group) => groups[group].push(sighting),
            None => {
                first_of_name
                    .entry((name.clone(), domain))
                    .or_insert(groups.len());
                index.insert((name, domain, path), groups.len());
                groups.push(vec![sighting]);
            }
        }
    }
    groups
        .iter()
        .map(|group| entry(known, group, languages))
        .collect()
}

/// What a draft is made from.
pub struct Draft<'a> {
    pub captures: &'a [Capture],
    /// The team's known cookies (`known-cookies`), asked before the database.
    pub known: &'a Known,
    /// The site's URL [default: the first page of the first capture].
    pub site: Option<&'a str>,
    /// `site.languages`, the first the default; empty for the format's default.
    pub languages: &'a [String],
}

/// A new declaration (format version 1) of every cookie the captures saw.
pub fn declaration(draft: &Draft<'_>) -> Merged {
    let empty = Node {
        value: Value::Null,
        span: Default::default(),
        end: 0,
    };
    let nothing_declared = Declaration::new(&empty, &[]);
    let site = draft.site.or_else(|| {
        draft
            .captures
            .iter()
            .find_map(|capture| capture.first_page.as_deref())
    });
    let observed = Observed::new(&nothing_declared, draft.captures, site, draft.known);
    let languages = with_default(draft.languages);
    let shown: Vec<&str> = draft.captures.iter().map(|c| c.shown.as_str()).collect();
    let mut out = format!(
        "# Drafted by `cookielint import` from {}: check every entry, then run\n# `cookielint check` (it lists the TODOs left: cookies the Open Cookie\n# Database does not know, texts to translate).\nversion: 1\n",
        escape_controls(&shown.join(", "))
    );
    let url = site.and_then(origin);
    if url.is_some() || !draft.languages.is_empty() {
        out.push_str("site:\n");
        if let Some(url) = url {
            out.push_str(&format!("  url: {}\n", yaml_scalar(&url)));
        }
        if !draft.languages.is_empty() {
            out.push_str(&format!("  languages: [{}]\n", draft.languages.join(", ")));
        }
    }
    let entries = missing_entries(draft.known, &observed, &languages);
    let added = entries.len();
    if entries.is_empty() {
        out.push_str("cookies: []\n");
    } else {
        out.push_str("cookies:\n");
        for entry in entries {
            out.push_str(&indented(&entry, "  "));
        }
    }
    Merged { text: out, added }
}

/// The languages texts are written in: those given, else the format's default.
fn with_default(languages: &[String]) -> Vec<String> {
    if languages.is_empty() {
        vec!["en".to_string()]
    } else {
        languages.to_vec()
    }
}

/// A site's address as `site.url` holds it: scheme, host and port.
fn origin(url: &str) -> Option<String> {
    let host = url_host(url)?;
    let (scheme, rest) = url.split_once("://").unwrap_or(("https", url));
    let authority = rest.split(['/', '?', '#']).next().unwrap_or(host);
    let authority = authority.rsplit_once('@').map_or(authority, |(_, a)| a);
    let scheme = scheme.to_ascii_lowercase();
    let scheme = if scheme == "http" { "http" } else { "https" };
    Some(format!("{scheme}://{authority}"))
}

fn indented(entry: &str, indent: &str) -> String {
    entry
        .lines()
        .map(|line| format!("{indent}{line}\n"))
        .collect()
}

/// Why the missing cookies cannot be added to a declaration's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MergeError {
    pub message: String,
    pub help: String,
}

/// A declaration's text and how many entries were written into it.
#[derive(Debug)]
pub struct Merged {
    pub text: String,
    pub added: usize,
}

/// The declaration's text with an entry appended at the end of its
/// `cookies` list for each cookie seen that none of its entries matches;
/// the rest of the text, comments and order included, is kept byte for
/// byte. `raw` is the file's text as read (line breaks as they are).
pub fn into(raw: &str, shown: &str, draft: &Draft<'_>) -> Result<Merged, MergeError> {
    let source = SourceFile::new(shown, normalized(raw));
    let unreadable = |why: &str| MergeError {
        message: format!("cannot add cookies to `{shown}`: {why}"),
        help: format!(
            "Run `cookielint check {shown}` and fix what it reports, or write a new declaration with `--output`."
        ),
    };
    let root = crate::yaml::parse(&source).map_err(|_| unreadable("it is not valid YAML"))?;
    let declaration = Declaration::new(&root, &[]);
    let site = draft.site.or(declaration.site_url.value()).or_else(|| {
        draft
            .captures
            .iter()
            .find_map(|capture| capture.first_page.as_deref())
    });
    let observed = Observed::new(&declaration, draft.captures, site, draft.known);
    let entries = missing_entries(
        draft.known,
        &observed,
        &with_default(&declaration.languages),
    );
    let added = entries.len();
    if added == 0 {
        return Ok(Merged {
            text: raw.to_string(),
            added,
        });
    }
    let list = root
        .get("cookies")
        .ok_or_else(|| unreadable("it has no `cookies` list"))?;
    let newline = if raw.contains("\r\n") { "\r\n" } else { "\n" };
    let joined = |indent: &str| indented(&entries.join("\n"), indent).replace('\n', newline);
    let text = match &list.value {
        Value::Seq(items) if source.text()[list.span.range()].starts_with('[') => {
            if !items.is_empty() {
                return Err(MergeError {
                    message: format!(
                        "cannot add cookies to `{shown}`: its `cookies` list is written in brackets"
                    ),
                    help: "Write the list one `- ` entry a line (a block list); cookielint appends to it without touching the rest.".to_string(),
                });
            }
            // `cookies: []` becomes `cookies:` and the entries below it.
            let open = raw_offset(raw, source.line_col(list.span.start));
            let close = raw_offset(raw, source.line_col(list.end));
            let after = line_end(raw, close);
            format!(
                "{}{}{newline}{}{}",
                raw[..open].trim_end_matches(' '),
                raw[close..after].trim_end_matches(['\r', '\n']),
                joined("  "),
                &raw[after..]
            )
        }
        Value::Seq(items) => {
            let last = items
                .last()
                .ok_or_else(|| unreadable("its `cookies` list is empty"))?;
            let start = source.line_col(last.span.start);
            let indent: String = source
                .line_text(start.line)
                .chars()
                .take_while(|c| *c == ' ')
                .collect();
            let end = source.line_col(content_end(last, source.text()).saturating_sub(1));
            let after = line_end(raw, raw_offset(raw, end));
            let ending = if after == raw.len() && !raw.ends_with('\n') {
                newline
            } else {
                ""
            };
            format!(
                "{}{ending}{}{}",
                &raw[..after],
                joined(&indent),
                &raw[after..]
            )
        }
        Value::Null => {
            let key = declaration
                .cookies_key
                .ok_or_else(|| unreadable("it has no `cookies` key"))?;
            let after = line_end(raw, raw_offset(raw, source.line_col(key.start)));
            format!("{}{}{}", &raw[..after], joined("  "), &raw[after..])
        }
        _ => return Err(unreadable("its `cookies` is not a list")),
    };
    Ok(Merged { text, added })
}

/// Where a node's own text ends: a block collection's `end` reaches past
/// the comments and blank lines after it, its last value's does not.
fn content_end(node: &Node, text: &str) -> usize {
    let flow = text
        .get(node.span.start..)
        .is_some_and(|rest| rest.starts_with(['[', '{']));
    let last = match &node.value {
        Value::Seq(items) if !flow => items.last(),
        Value::Map(entries) if !flow => entries.last().map(|entry| &entry.value),
        _ => None,
    };
    match last {
        Some(last) => content_end(last, text).max(node.span.start + 1),
        None => node.end.max(node.span.start + 1),
    }
}

/// The text as the YAML layer reads it: BOM dropped, line breaks LF; lines
/// and columns are those of `raw`.
fn normalized(raw: &str) -> String {
    raw.strip_prefix('\u{feff}')
        .unwrap_or(raw)
        .replace("\r\n", "\n")
        .replace('\r', "\n")
}

/// The byte offset in `raw` of a line and column of its normalized text.
fn raw_offset(raw: &str, at: LineCol) -> usize {
    let mut line = 1;
    let mut chars = raw.char_indices().peekable();
    if raw.starts_with('\u{feff}') {
        chars.next();
    }
    while line < at.line {
        match chars.next() {
            Some((_, '\n')) => line += 1,
            Some((_, '\r')) => {
                if chars.peek().is_some_and(|(_, c)| *c == '\n') {
                    chars.next();
                }
                line += 1;
            }
            Some(_) => {}
            None => return raw.len(),
        }
    }
    chars
        .nth(at.column.saturating_sub(1))
        .map_or(raw.len(), |(offset, _)| offset)
}

/// The offset just past the line break of the line holding `offset`.
fn line_end(raw: &str, offset: usize) -> usize {
    match raw[offset..].find(['\n', '\r']) {
        None => raw.len(),
        Some(found) => {
            let at = offset + found;
            if raw[at..].starts_with("\r\n") {
                at + 2
            } else {
                at + 1
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::capture::{CaptureKind, Moment};

    fn seen(name: &str, domain: &str, lifetime: Lifetime) -> Observation {
        Observation {
            name: name.to_string(),
            domain: domain.to_string(),
            path: Some("/".into()),
            lifetime,
            secure: Some(true),
            http_only: None,
            same_site: None,
            url: None,
            at: LineCol { line: 3, column: 5 },
        }
    }

    fn capture(observations: Vec<Observation>) -> Vec<Capture> {
        vec![Capture {
            shown: "c.json".to_string(),
            moment: Moment::AfterConsent,
            kind: CaptureKind::StorageState,
            observations,
            first_page: None,
            undated: 0,
        }]
    }

    #[test]
    fn lifetimes_round_to_a_whole_unit() {
        let round = |seconds| {
            rounded_duration(Lifetime::Seconds(seconds))
                .unwrap()
                .to_string()
        };
        // The nearest whole unit, unless it falls short of what was seen.
        assert_eq!(round(31_536_000), "P12M");
        assert_eq!(round(34_187_698), "P13M");
        assert_eq!(round(13 * 2_629_746 - 100), "P13M");
        assert_eq!(round(396 * 86_400 + 86_399), "P397D");
        assert_eq!(round(2 * 31_536_000), "P2Y");
        assert_eq!(round(30 * 86_400), "P30D");
        assert_eq!(round(3 * 2_629_746), "P3M");
        assert_eq!(round(15_552_000), "P6M");
        assert_eq!(round(5_400), "PT2H");
        assert_eq!(round(3_599), "PT60M");
        assert_eq!(round(30), "PT30S");
        assert_eq!(
            rounded_duration(Lifetime::Session).unwrap().to_string(),
            "session"
        );
        assert_eq!(rounded_duration(Lifetime::Unknown), None);
    }

    #[test]
    fn generated_names_collapse_to_the_database_prefix() {
        let year = Lifetime::Seconds(31_556_952);
        let captures = capture(vec![
            seen("_ga_ABC123", "example.org", year),
            seen("_ga_XYZ", "example.org", Lifetime::Seconds(2 * 31_556_952)),
            seen("_ga", "example.org", year),
            seen("_gat_UA-1", "example.org", year),
            seen("own_ABC", "example.org", year),
        ]);
        let text = declaration(&Draft {
            captures: &captures,
            known: &Known::default(),
            site: Some("https://www.example.org/page"),
            languages: &[],
        })
        .text;
        let names: Vec<&str> = text
            .lines()
            .filter_map(|line| line.strip_prefix("  - name: "))
            .collect();
        assert_eq!(names, ["\"_ga_*\"", "_ga", "\"_gat*\"", "own_ABC"]);
        // Both `_ga_` cookies are one entry, seen twice, with the longest life.
        assert_eq!(text.matches("# `_ga_").count(), 2, "{text}");
        assert!(text.contains("  url: https://www.example.org\n"), "{text}");
        assert!(text.contains("    duration: P2Y\n"), "{text}");
    }

    #[test]
    fn a_generic_name_is_the_platform_cookie_only_on_its_domain() {
        let captures = capture(vec![
            seen("sessionid", "www.example.org", Lifetime::Session),
            seen("sessionid", "instagram.com", Lifetime::Session),
        ]);
        let known = Known::default();
        let observed = Observed::new(
            &Declaration::new(
                &Node {
                    value: Value::Null,
                    span: Default::default(),
                    end: 0,
                },
                &[],
            ),
            &captures,
            Some("https://www.example.org"),
            &known,
        );
        let entries = missing_entries(&known, &observed, &["en".to_string()]);
        assert!(
            entries[0].contains("  purpose: TODO\n  category:\n"),
            "{}",
            entries[0]
        );
        assert!(
            entries[1].contains("  provider: Instagram\n"),
            "{}",
            entries[1]
        );
        assert!(
            entries[1].contains("  category: marketing\n  party: third\n  consent: required\n")
        );
    }

    #[test]
    fn scalars_stay_plain_only_when_they_read_back_as_text() {
        assert_eq!(yaml_scalar("_ga"), "_ga");
        assert_eq!(yaml_scalar("_ga_*"), "\"_ga_*\"");
        assert_eq!(yaml_scalar("123"), "\"123\"");
        assert_eq!(yaml_scalar("true"), "\"true\"");
        assert_eq!(
            yaml_scalar("ID used to identify users"),
            "ID used to identify users"
        );
        assert_eq!(yaml_scalar("Note: this"), "\"Note: this\"");
        assert_eq!(yaml_scalar("Acme's `sso` tools"), "Acme's `sso` tools");
        // What a capture chose is one scalar on one line, whatever it holds.
        assert_eq!(
            yaml_scalar("a\u{2028}b\r\u{85}\u{202e}\u{7f}\"\\"),
            r#""a\u2028b\u000d\u0085\u202e\u007f\"\\""#
        );
        assert_eq!(yaml_flow_scalar("/a, b"), "\"/a, b\"");
        assert_eq!(yaml_flow_scalar("/a"), "/a");
        assert_eq!(escape_controls("a\nb\u{2029}"), "a\\u{a}b\\u{2029}");
    }

    #[test]
    fn a_long_text_is_folded_and_reads_back_the_same() {
        let long = "This cookie is used for targeting, analyzing and optimisation of ad campaigns in DoubleClick/Google Marketing Suite";
        for (languages, path) in [
            (vec!["en".to_string()], vec!["purpose"]),
            (
                vec!["fr".to_string(), "en".to_string()],
                vec!["purpose", "en"],
            ),
        ] {
            let lines = text("purpose", long, &languages);
            assert!(
                lines
                    .iter()
                    .all(|line| line.chars().count() <= LONGEST_TEXT_LINE),
                "{lines:#?}"
            );
            let yaml = lines.join("\n");
            let source = SourceFile::new("entry.yaml", yaml.clone());
            let root = crate::yaml::parse(&source).expect("valid YAML");
            let mut node = &root;
            for key in &path {
                let Value::Map(entries) = &node.value else {
                    panic!("{yaml}")
                };
                node = &entries
                    .iter()
                    .find(|entry| entry.key == *key)
                    .expect(key)
                    .value;
            }
            assert_eq!(node.as_str(), Some(long), "{yaml}");
        }
        // Two spaces would become a line break in a folded text: one line.
        assert_eq!(
            text("purpose", &format!("{long}  end"), &["en".to_string()]).len(),
            1
        );
    }

    #[test]
    fn entries_are_appended_to_a_block_list_and_nothing_else_changes() {
        let raw = "version: 1\r\n# ours\r\ncookies:\r\n    - name: a # first\r\n      provider: x\r\n# trailing\r\n";
        let captures = capture(vec![
            seen("a", "example.org", Lifetime::Session),
            seen("b", "example.org", Lifetime::Session),
        ]);
        let draft = Draft {
            captures: &captures,
            known: &Known::default(),
            site: Some("https://example.org"),
            languages: &[],
        };
        let merged = into(raw, "c.yaml", &draft).unwrap();
        assert_eq!(merged.added, 1);
        assert!(
            merged.text.starts_with(
                "version: 1\r\n# ours\r\ncookies:\r\n    - name: a # first\r\n      provider: x\r\n    # `b` seen on example.org after consent at c.json:3:5\r\n    - name: b\r\n"
            ),
            "{}",
            merged.text
        );
        assert!(
            merged.text.ends_with("path: / }\r\n# trailing\r\n"),
            "{}",
            merged.text
        );

        let merged = into("version: 1\ncookies: []\n", "c.yaml", &draft).unwrap();
        assert!(
            merged.text.starts_with("version: 1\ncookies:\n  # `a`"),
            "{}",
            merged.text
        );
        let flow = into("version: 1\ncookies: [{name: a}]\n", "c.yaml", &draft);
        assert!(flow.unwrap_err().message.contains("brackets"));
    }
}
