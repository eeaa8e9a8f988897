//! `sarif`: SARIF 2.1.0, as GitHub code scanning reads it.
//!
//! Every rule is described in `tool.driver.rules` (GitHub shows `help.markdown`
//! where it ignores `helpUri`); each result points at a URI relative to the
//! repository root, with a region in Unicode code points, and carries a
//! `primaryLocationLineHash` that survives edits elsewhere in the file.

use std::cell::RefCell;
use std::io;
use std::path::{Path, PathBuf};

use serde_json::{Value, json};

use super::Record;
use super::document::{Frame, PLACEHOLDER};
use crate::finding::Severity;
use crate::ruleset::RuleSet;

const SCHEMA: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

fn level(severity: Option<Severity>) -> &'static str {
    match severity {
        Some(Severity::Error) => "error",
        Some(Severity::Warning) => "warning",
        None => "none",
    }
}

/// `third-party-consent` → `ThirdPartyConsent`: SARIF's rule "friendly name".
fn friendly_name(id: &str) -> String {
    id.split('-')
        .map(|word| {
            let mut chars = word.chars();
            chars
                .next()
                .map(|first| first.to_uppercase().chain(chars).collect::<String>())
                .unwrap_or_default()
        })
        .collect()
}

/// A path as a URI reference relative to the repository root, percent-encoded.
fn uri(path: &str, root: &Path) -> String {
    let relative = std::path::absolute(path)
        .ok()
        .and_then(|absolute| absolute.strip_prefix(root).ok().map(Path::to_path_buf))
        .unwrap_or_else(|| PathBuf::from(path));
    let text = relative.to_string_lossy().replace('\\', "/");
    text.bytes()
        .map(|byte| match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                char::from(byte).to_string()
            }
            _ => format!("%{byte:02X}"),
        })
        .collect()
}

/// Prose wrapped in a rule file, as one paragraph.
fn unfold(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// SARIF asks that messages be sentences.
fn sentence(text: &str) -> String {
    let text = text.trim_end();
    if text.ends_with(['.', '!', '?']) {
        text.to_string()
    } else {
        format!("{text}.")
    }
}

/// Results are items of `runs[0].results`, at depth 4.
pub const ITEM_INDENT: usize = 8;

/// The document around its results: the tool, with every rule described.
pub fn frame(rules: &RuleSet) -> io::Result<Frame> {
    let driver_rules: Vec<Value> = rules
        .iter()
        .map(|rule| {
            let mut described = json!({
                "id": rule.id,
                "shortDescription": { "text": sentence(&rule.summary) },
                "fullDescription": { "text": sentence(&unfold(if rule.why.trim().is_empty() { &rule.summary } else { &rule.why })) },
                "help": { "text": sentence(&rule.help), "markdown": rule.markdown() },
                "defaultConfiguration": { "level": level(rule.severity) },
            });
            // SARIF wants `name` to differ from `id`, even in case; `schema` has none.
            let name = friendly_name(&rule.id);
            if !name.eq_ignore_ascii_case(&rule.id) {
                described["name"] = json!(name);
            }
            let url = rule.url();
            if !url.is_empty() {
                described["helpUri"] = json!(url);
            }
            described
        })
        .collect();
    Frame::around(&json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "cookielint",
                    "version": env!("CARGO_PKG_VERSION"),
                    "semanticVersion": env!("CARGO_PKG_VERSION"),
                    "informationUri": env!("CARGO_PKG_REPOSITORY"),
                    "rules": driver_rules,
                }
            },
            "columnKind": "unicodeCodePoints",
            "results": PLACEHOLDER,
        }]
    }))
}

/// Turns records into SARIF results: what every result of a file shares.
pub struct Results<'a> {
    root: &'a Path,
    ids: Vec<&'a str>,
    /// The last path made a URI, and its URI: a file's findings share one.
    uri: RefCell<(String, String)>,
}

impl<'a> Results<'a> {
    /// Results with locations relative to `root`, the repository's.
    pub fn new(rules: &'a RuleSet, root: &'a Path) -> Self {
        Results {
            root,
            ids: rules.ids(),
            uri: RefCell::new((String::new(), String::new())),
        }
    }

    fn uri(&self, path: &str) -> String {
        let mut last = self.uri.borrow_mut();
        if last.0 != path || last.1.is_empty() {
            *last = (path.to_string(), uri(path, self.root));
        }
        last.1.clone()
    }

    pub fn result(&self, record: &Record) -> Value {
        let region = |start: &super::Position, end: &super::Position| {
            json!({
                "startLine": start.line,
                "startColumn": start.column,
                "endLine": end.line,
                "endColumn": end.column.max(start.column + usize::from(end.line == start.line && end.column <= start.column)),
            })
        };
        let uri = self.uri(&record.path);
        let location = |start, end| {
            json!({
                "physicalLocation": {
                    "artifactLocation": { "uri": uri, "uriBaseId": "%SRCROOT%" },
                    "region": region(start, end),
                }
            })
        };
        let mut result = json!({
            "ruleId": record.rule,
            "level": level(Some(record.severity)),
            "message": { "text": sentence(&record.message) },
            "locations": [location(&record.start, &record.end)],
            "partialFingerprints": { "primaryLocationLineHash": record.fingerprint },
        });
        if let Some(index) = self.ids.iter().position(|id| *id == record.rule) {
            result["ruleIndex"] = json!(index);
        }
        let same_file = record
            .related
            .iter()
            .map(|related| (location(&related.start, &related.end), &related.message));
        let other_files = record.elsewhere.iter().map(|place| {
            let location = json!({
                "physicalLocation": {
                    "artifactLocation": { "uri": self::uri(&place.path, self.root), "uriBaseId": "%SRCROOT%" },
                    "region": { "startLine": place.line, "startColumn": place.column },
                }
            });
            (location, &place.message)
        });
        let related: Vec<Value> = same_file
            .chain(other_files)
            .enumerate()
            .map(|(index, (mut place, message))| {
                place["id"] = json!(index);
                place["message"] = json!({ "text": sentence(message) });
                place
            })
            .collect();
        if !related.is_empty() {
            result["relatedLocations"] = Value::Array(related);
        }
        result
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_uris() {
        assert_eq!(friendly_name("third-party-consent"), "ThirdPartyConsent");
        let root = std::path::absolute("project").unwrap();
        assert_eq!(uri("project/a dir/x%.yaml", &root), "a%20dir/x%25.yaml");
        assert_eq!(sentence("no period"), "no period.");
        assert_eq!(sentence("done."), "done.");
    }
}
