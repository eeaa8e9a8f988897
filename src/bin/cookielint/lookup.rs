//! `cookielint lookup NAME...`: what the Open Cookie Database knows about
//! each name, in words or as JSON.

use cookielint::knowledge::{self, Entry, Match, MatchKind};
use serde::Serialize;

use crate::args::{LookupArgs, LookupFormat};
use crate::terminal::Context;
use crate::{EXIT_CLEAN, EXIT_FAILURE, EXIT_FINDINGS, write_out};

/// The version of the JSON document's shape (docs/json.md).
const JSON_VERSION: u32 = 1;

/// One name looked up: its matches, and when there are none, the close
/// name the database does know, if any.
struct Answer<'n> {
    name: &'n str,
    matches: Vec<Match<'static>>,
    suggestion: Option<&'static str>,
}

pub fn run(args: &LookupArgs, context: &mut Context<'_>) -> u8 {
    let answers: Vec<Answer<'_>> = args
        .names
        .iter()
        .map(|name| {
            let matches = knowledge::lookup(name);
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
        LookupFormat::Text => text(&answers),
        LookupFormat::Json => json(&answers),
    };
    match write_out(context.stdout, &text) {
        EXIT_CLEAN if answers.iter().any(|answer| answer.matches.is_empty()) => EXIT_FINDINGS,
        EXIT_CLEAN => EXIT_CLEAN,
        _ => EXIT_FAILURE,
    }
}

/// A block a match, a blank line between names.
fn text(answers: &[Answer<'_>]) -> String {
    let blocks: Vec<String> = answers
        .iter()
        .map(|answer| {
            if answer.matches.is_empty() {
                let hint = answer
                    .suggestion
                    .map(|known| format!("; did you mean `{known}`?"))
                    .unwrap_or_default();
                return format!("{}: not in the Open Cookie Database{hint}\n", answer.name);
            }
            answer
                .matches
                .iter()
                .map(|found| described(answer.name, found))
                .collect::<Vec<_>>()
                .join("\n")
        })
        .collect();
    blocks.join("\n")
}

fn described(name: &str, found: &Match<'_>) -> String {
    let entry = &found.entry;
    let how = match found.kind {
        MatchKind::Exact if entry.prefix => format!(" (every name starting `{}`)", entry.name),
        MatchKind::Exact => String::new(),
        MatchKind::Prefix => format!(" (by the prefix `{}`)", entry.name),
    };
    let mut block = format!("{name}: {}{how}\n", entry.platform);
    let category = format!(
        "{} (Open Cookie Database: {})",
        entry.category().word(),
        entry.base_category.word()
    );
    for (label, value) in [
        ("category", category.as_str()),
        ("controller", entry.controller),
        ("domain", entry.domain),
        ("retention", entry.retention),
        ("description", entry.description),
        ("privacy", entry.privacy_link),
    ] {
        if !value.is_empty() {
            block.push_str(&format!("  {label:<12} {value}\n"));
        }
    }
    block
}

/// The JSON document: its fields in this order (docs/json.md).
#[derive(Serialize)]
struct Document<'a> {
    version: u32,
    tool: Tool,
    names: Vec<JsonName<'a>>,
}

#[derive(Serialize)]
struct Tool {
    name: &'static str,
    version: &'static str,
}

#[derive(Serialize)]
struct JsonName<'a> {
    name: &'a str,
    known: bool,
    matches: Vec<JsonMatch>,
    did_you_mean: Option<&'static str>,
}

#[derive(Serialize)]
struct JsonMatch {
    #[serde(rename = "match")]
    kind: &'static str,
    name: &'static str,
    prefix: bool,
    platform: &'static str,
    category: &'static str,
    database_category: &'static str,
    controller: &'static str,
    domain: &'static str,
    retention: &'static str,
    description: &'static str,
    privacy_link: &'static str,
}

fn json(answers: &[Answer<'_>]) -> String {
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

fn json_match(found: &Match<'static>) -> JsonMatch {
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
    } = found.entry;
    JsonMatch {
        kind: match found.kind {
            MatchKind::Exact => "exact",
            MatchKind::Prefix => "prefix",
        },
        name,
        prefix,
        platform,
        category: found.entry.category().word(),
        database_category: base_category.word(),
        controller,
        domain,
        retention,
        description,
        privacy_link,
    }
}
