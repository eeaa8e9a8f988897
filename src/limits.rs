//! The legal and technical limits the rules hold declarations to, each named
//! and given its duration once.
//!
//! A rule file uses a limit by name: a condition takes its name wherever it
//! takes a duration (`duration: { longer_than: cnil-tracker-lifetime }`), and
//! the rule's texts quote it as `{limit.cnil-tracker-lifetime}` (in words,
//! "13 months") or `{limit.cnil-tracker-lifetime.iso}` (`P13M`), which the
//! loader replaces.

use crate::model::{Duration, ENGLISH_DURATIONS, Unit};
use crate::suggest::did_you_mean;

#[derive(Debug)]
pub struct Limit {
    pub name: &'static str,
    pub duration: Duration,
    /// What the limit is and who sets it, as the documentation says.
    pub about: &'static str,
}

/// The CNIL's recommended longest life of a tracker (and of the consent it
/// rests on), a condition of exempt audience measurement.
pub const CNIL_TRACKER_LIFETIME: Limit = Limit {
    name: "cnil-tracker-lifetime",
    duration: Duration::of(13, Unit::Month),
    about: "the longest a tracker should live, as the CNIL recommends (délibération n° 2020-091)",
};

/// The longest life browsers give any cookie, whatever its expiry says.
pub const BROWSER_LIFETIME_CAP: Limit = Limit {
    name: "browser-lifetime-cap",
    duration: Duration::of(400, Unit::Day),
    about: "the longest browsers let any cookie live (RFC 6265bis draft, Chromium, Firefox)",
};

pub const LIMITS: &[&Limit] = &[&CNIL_TRACKER_LIFETIME, &BROWSER_LIFETIME_CAP];

/// What rule texts write before a limit's name to quote it.
const PLACEHOLDER_PREFIX: &str = "limit.";
/// What they write after it for the ISO 8601 form.
const ISO_SUFFIX: &str = ".iso";

impl Limit {
    /// In words, as rule texts quote it: "13 months".
    pub fn words(&self) -> String {
        self.duration.words(&ENGLISH_DURATIONS)
    }
}

/// The limit called `name`, or a message saying there is none.
pub fn find(name: &str) -> Result<&'static Limit, String> {
    if let Some(limit) = LIMITS.iter().find(|limit| limit.name == name) {
        return Ok(limit);
    }
    let names: Vec<&str> = LIMITS.iter().map(|limit| limit.name).collect();
    let hint = did_you_mean(name, &names)
        .map(|known| format!("did you mean `{known}`?"))
        .unwrap_or_else(|| format!("the limits are {}", names.join(", ")));
    Err(format!("no limit is called `{name}`; {hint}"))
}

/// Whether `text` is written like a limit's name: lower-case words joined
/// by `-`. An ISO 8601 duration (`P13M`) is not.
pub fn looks_like_name(text: &str) -> bool {
    text.starts_with(|first: char| first.is_ascii_lowercase())
        && text
            .bytes()
            .all(|byte| byte.is_ascii_lowercase() || byte.is_ascii_digit() || byte == b'-')
}

/// What the placeholder `{var}` stands for, when `var` quotes a limit
/// (`limit.NAME`, `limit.NAME.iso`); `None` when it does not.
pub fn placeholder(var: &str) -> Option<Result<String, String>> {
    let quoted = var.strip_prefix(PLACEHOLDER_PREFIX)?;
    Some(match quoted.strip_suffix(ISO_SUFFIX) {
        Some(name) => find(name).map(|limit| limit.duration.to_string()),
        None => find(quoted).map(Limit::words),
    })
}

/// `text` with every `{limit.NAME}` and `{limit.NAME.iso}` replaced; the
/// first unknown name is an error.
pub fn expand(text: &str) -> Result<String, String> {
    let opening = format!("{{{PLACEHOLDER_PREFIX}");
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find(&opening) {
        let Some(close) = rest[open..].find('}') else {
            break;
        };
        out.push_str(&rest[..open]);
        let var = &rest[open + 1..open + close];
        match placeholder(var) {
            Some(expanded) => out.push_str(&expanded?),
            None => out.push_str(&rest[open..=open + close]),
        }
        rest = &rest[open + close + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

/// The named limits as a Markdown table, for the published rule docs.
pub fn markdown() -> String {
    let mut text =
        String::from("| limit | duration | in words | what it is |\n|---|---|---|---|\n");
    for limit in LIMITS {
        text.push_str(&format!(
            "| `{}` | `{}` | {} | {} |\n",
            limit.name,
            limit.duration,
            limit.words(),
            limit.about
        ));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_have_their_durations_and_words() {
        assert_eq!(
            CNIL_TRACKER_LIFETIME.duration,
            Duration::parse("P1Y1M").unwrap()
        );
        assert_eq!(CNIL_TRACKER_LIFETIME.duration.to_string(), "P13M");
        assert_eq!(CNIL_TRACKER_LIFETIME.words(), "13 months");
        assert_eq!(BROWSER_LIFETIME_CAP.duration.to_string(), "P400D");
        assert_eq!(BROWSER_LIFETIME_CAP.words(), "400 days");
    }

    #[test]
    fn names_are_found_or_corrected() {
        assert_eq!(
            find("browser-lifetime-cap").unwrap().name,
            "browser-lifetime-cap"
        );
        assert_eq!(
            find("cnil-tracker-lifetme").unwrap_err(),
            "no limit is called `cnil-tracker-lifetme`; did you mean `cnil-tracker-lifetime`?"
        );
        assert_eq!(
            find("gdpr").unwrap_err(),
            "no limit is called `gdpr`; the limits are cnil-tracker-lifetime, browser-lifetime-cap"
        );
        assert!(looks_like_name("cnil-tracker-lifetme"));
        assert!(looks_like_name("gdpr"));
        for not_a_name in ["P13M", "13 months", "13m", "Thirteen"] {
            assert!(!looks_like_name(not_a_name), "{not_a_name}");
        }
    }

    #[test]
    fn captures_cut_lifetimes_at_the_browsers_cap() {
        assert_eq!(
            BROWSER_LIFETIME_CAP.duration.seconds(),
            u64::try_from(crate::capture::LONGEST_LIFETIME_SECONDS).ok()
        );
    }

    #[test]
    fn texts_quote_limits_in_words_or_iso() {
        assert_eq!(
            expand("at most {limit.cnil-tracker-lifetime}, `{limit.browser-lifetime-cap.iso}`")
                .unwrap(),
            "at most 13 months, `P400D`"
        );
        assert_eq!(
            expand("{name} and { braces } and {limit.x").unwrap(),
            "{name} and { braces } and {limit.x"
        );
        assert_eq!(
            expand("{limit.browser-lifetime-cup.iso}").unwrap_err(),
            "no limit is called `browser-lifetime-cup`; did you mean `browser-lifetime-cap`?"
        );
        assert_eq!(placeholder("name"), None);
    }
}
