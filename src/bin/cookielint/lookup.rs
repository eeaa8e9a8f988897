//! `cookielint lookup NAME...`: what the team's known cookies (when a
//! configuration lists them) and the Open Cookie Database know about each
//! name, in words or as JSON.

use cookielint::knowledge::{self, Entry, Found, Known, MatchKind};
use cookielint::output::Format;
use serde::Serialize;

use crate::args::{LookupArgs, LookupFormat};
use crate::terminal::Context;
use crate::{EXIT_CLEAN, EXIT_FAILURE, EXIT_FINDINGS, write_out};

/// The version of the JSON document's shape (docs/json.md).
const JSON_VERSION: u32 = 1;

/// One name looked up: its matches, and when there are none, the close
/// name the database does know, if any.
struct Answer<'n, 'k> {
    name: &'n str,
    matches: Vec<Found<'k>>,
    suggestion: Option<&'static str>,
}

pub fn run(args: &LookupArgs, context: &mut Context<'_>) -> u8 {
    let Some(session) = context.session(Format::default()) else {
        return EXIT_FAILURE;
    };
    let known = session.known();
    let answers: Vec<Answer<'_, '_>> = args
        .names
        .iter()
        .map(|name| {
            let matches = known.lookup(name);
            let suggestion = if matches.is_empty() {
                knowledge::suggest(name)
            } else {
                None
            };
            Answer {
                name,
                matches,
                suggestion,
            }
        })
        .collect();
    let text = match args.format {
        LookupFormat::Text => text(&answers, known),
        LookupFormat::Json => json(&answers),
    };
    match write_out(context.stdout, &text) {
        EXIT_CLEAN if answers.iter().any(|answer| answer.matches.is_empty()) => EXIT_FINDINGS,
        EXIT_CLEAN => EXIT_CLEAN,
        _ => EXIT_FAILURE,
    }
}

/// A block a match, a blank line between names.
fn text(answers: &[Answer<'_, '_>], known: &Known) -> String {
    let unknown = if known.team().is_empty() {
        "not in the Open Cookie Database"
    } else {
        "not in the team's known cookies nor the Open Cookie Database"
    };
    let blocks: Vec<String> = answers
        .iter()
        .map(|answer| {
            if answer.matches.is_empty() {
                let hint = answer
                    .suggestion
                    .map(|known| format!("; did you mean `{known}`?"))
                    .unwrap_or_default();
                return format!("{}: {unknown}{hint}\n", answer.name);
            }
            let shared = sharing_platforms(&answer.matches);
            answer
                .matches
                .iter()
                .map(|found| described(answer.name, found, &shared))
                .collect::<Vec<_>>()
                .join("\n")
        })
        .collect();
    blocks.join("\n")
}

/// Whether a database entry's name is one other sites may give their own
/// cookies ([`Entry::distinctive`]); a team's entry is the team's word.
fn generic(found: &Found<'_>) -> bool {
    found.file.is_none() && !found.found.entry.distinctive()
}

/// The platforms of the entries named exactly the name, when there are
/// several: whose cookie it is then depends on who sets it.
fn sharing_platforms<'k>(matches: &[Found<'k>]) -> Vec<&'k str> {
    let mut platforms: Vec<&str> = Vec::new();
    for found in matches {
        let platform = found.found.entry.platform;
        if found.found.kind == MatchKind::Exact && !platforms.contains(&platform) {
            platforms.push(platform);
        }
    }
    if platforms.len() < 2 {
        platforms.clear();
    }
    platforms
}

fn described(name: &str, found: &Found<'_>, shared: &[&str]) -> String {
    let entry = &found.found.entry;
    let how = match found.found.kind {
        MatchKind::Exact if entry.prefix => format!(" (every name starting `{}`)", entry.name),
        MatchKind::Exact => String::new(),
        MatchKind::Prefix => format!(" (by the prefix `{}`)", entry.name),
    };
    let mut block = format!("{name}: {}{how}\n", entry.platform);
    let category = match found.file {
        Some(_) => entry.category().word().to_string(),
        None => format!(
            "{} (Open Cookie Database: {})",
            entry.category().word(),
            entry.base_category.word()
        ),
    };
    let common = if generic(found) {
        format!(
            "a common name that other sites give their own cookies too: it is {}'s only where {} sets it",
            entry.platform, entry.platform
        )
    } else {
        String::new()
    };
    let shared = if shared.is_empty() || found.found.kind != MatchKind::Exact {
        String::new()
    } else {
        format!(
            "{} platforms use this name: {}",
            shared.len(),
            shared.join(", ")
        )
    };
    for (label, value) in [
        ("source", found.file.unwrap_or_default()),
        ("category", category.as_str()),
        ("controller", entry.controller),
        ("domain", entry.domain),
        ("retention", entry.retention),
        ("description", entry.description),
        ("privacy", entry.privacy_link),
        ("generic", common.as_str()),
        ("shared", shared.as_str()),
    ] {
        if !value.is_empty() {
            block.push_str(&format!("  {label:<12} {value}\n"));
        }
    }
    block
}

/// The JSON document: its fields in this order (docs/json.md).
#[derive(Serialize)]
struct Document<'a, 'k> {
    version: u32,
    tool: Tool,
    names: Vec<JsonName<'a, 'k>>,
}

#[derive(Serialize)]
struct Tool {
    name: &'static str,
    version: &'static str,
}

#[derive(Serialize)]
struct JsonName<'a, 'k> {
    name: &'a str,
    known: bool,
    matches: Vec<JsonMatch<'k>>,
    did_you_mean: Option<&'static str>,
}

#[derive(Serialize)]
struct JsonMatch<'k> {
    #[serde(rename = "match")]
    kind: &'static str,
    name: &'k str,
    prefix: bool,
    platform: &'k str,
    category: &'static str,
    database_category: &'static str,
    controller: &'k str,
    domain: &'k str,
    retention: &'k str,
    description: &'k str,
    privacy_link: &'k str,
    /// See [`generic`].
    generic: bool,
    /// The team file that declares it; absent for the database's entries.
    #[serde(skip_serializing_if = "Option::is_none")]
    file: Option<&'k str>,
}

fn json(answers: &[Answer<'_, '_>]) -> String {
    let document = Document {
        version: JSON_VERSION,
        tool: Tool {
            name: "cookielint",
            version: env!("CARGO_PKG_VERSION"),
        },
        names: answers
            .iter()
            .map(|answer| JsonName {
                name: answer.name,
                known: !answer.matches.is_empty(),
                matches: answer.matches.iter().map(json_match).collect(),
                did_you_mean: answer.suggestion,
            })
            .collect(),
    };
    // Plain data: serialising it cannot fail.
    serde_json::to_string_pretty(&document).unwrap_or_default() + "\n"
}

fn json_match<'k>(found: &Found<'k>) -> JsonMatch<'k> {
    let Entry {
        name,
        prefix,
        platform,
        base_category,
        domain,
        description,
        retention,
        controller,
        privacy_link,
    } = found.found.entry;
    JsonMatch {
        kind: match found.found.kind {
            MatchKind::Exact => "exact",
            MatchKind::Prefix => "prefix",
        },
        name,
        prefix,
        platform,
        category: found.found.entry.category().word(),
        database_category: base_category.word(),
        controller,
        domain,
        retention,
        description,
        privacy_link,
        generic: generic(found),
        file: found.file,
    }
}
