//! The built-in rules: their documentation and examples live in `rules/*.yaml`
//! (embedded in the binary), their checks in `src/checks/`.

use serde::Deserialize;

use crate::checks::{self, Check};
use crate::error::Error;
use crate::finding::Severity;
use crate::source::SourceFile;
use crate::yaml;

/// Where a rule's documentation is published: `docs/rules.md`, one heading per rule.
pub const DOCS_URL: &str = concat!(env!("CARGO_PKG_REPOSITORY"), "/blob/main/docs/rules.md");

/// Every built-in rule file, in the order `cookielint rules` lists them.
const RULE_FILES: &[(&str, &str)] = &[
    ("yaml-syntax", include_str!("../rules/yaml-syntax.yaml")),
    ("schema", include_str!("../rules/schema.yaml")),
    (
        "purpose-required",
        include_str!("../rules/purpose-required.yaml"),
    ),
    (
        "third-party-consent",
        include_str!("../rules/third-party-consent.yaml"),
    ),
    (
        "necessary-no-consent",
        include_str!("../rules/necessary-no-consent.yaml"),
    ),
    (
        "consent-exemption",
        include_str!("../rules/consent-exemption.yaml"),
    ),
    (
        "preferences-exemption",
        include_str!("../rules/preferences-exemption.yaml"),
    ),
    (
        "statistics-exemption",
        include_str!("../rules/statistics-exemption.yaml"),
    ),
    (
        "duplicate-cookie",
        include_str!("../rules/duplicate-cookie.yaml"),
    ),
];

#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
enum SeverityName {
    Error,
    Warning,
}

/// A rule file, as written in `rules/`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleFile {
    id: String,
    severity: SeverityName,
    summary: String,
    help: String,
    why: String,
    source: String,
    examples: Vec<Example>,
}

/// A declaration that must make the rule fire at `expect` (line:column of
/// each finding), or, for a `good` example, must not make it fire.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Example {
    #[serde(default)]
    pub bad: Option<String>,
    #[serde(default)]
    pub good: Option<String>,
    #[serde(default)]
    pub expect: Vec<String>,
}

#[derive(Debug)]
pub struct Rule {
    pub id: &'static str,
    pub severity: Severity,
    pub summary: String,
    pub help: String,
    pub why: String,
    pub source: String,
    pub examples: Vec<Example>,
    /// The per-file check; `None` for the rules the loader and the schema report.
    pub check: Option<Check>,
}

impl Rule {
    pub fn url(&self) -> String {
        format!("{DOCS_URL}#{}", self.id)
    }
}

#[derive(Debug)]
pub struct RuleSet {
    rules: Vec<Rule>,
}

impl RuleSet {
    pub fn builtin() -> Result<Self, Error> {
        let rules = RULE_FILES
            .iter()
            .map(|(id, text)| load_rule(id, text))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(RuleSet { rules })
    }

    pub fn iter(&self) -> impl Iterator<Item = &Rule> {
        self.rules.iter()
    }

    pub fn get(&self, id: &str) -> Option<&Rule> {
        self.rules.iter().find(|rule| rule.id == id)
    }
}

fn load_rule(id: &'static str, text: &str) -> Result<Rule, Error> {
    let broken = |message: String| Error::BuiltinData(format!("rules/{id}.yaml: {message}"));
    let file = SourceFile::new(format!("rules/{id}.yaml"), text.to_string());
    let node = yaml::parse(&file).map_err(|error| broken(error.message))?;
    let rule: RuleFile =
        serde_json::from_value(node.to_json()).map_err(|error| broken(error.to_string()))?;
    if rule.id != id {
        return Err(broken(format!("its id is `{}`", rule.id)));
    }
    Ok(Rule {
        id,
        severity: match rule.severity {
            SeverityName::Error => Severity::Error,
            SeverityName::Warning => Severity::Warning,
        },
        summary: rule.summary,
        help: rule.help,
        why: rule.why,
        source: rule.source,
        examples: rule.examples,
        check: checks::for_rule(id),
    })
}

impl Rule {
    /// The rule's documentation, as `cookielint explain` prints it and
    /// `docs/rules.md` publishes it.
    pub fn markdown(&self) -> String {
        let mut text = format!(
            "## {id}\n\n{summary}\n\n- Severity: `{severity}`\n- Fix: {help}\n\n### Why\n\n{why}\n\nSource: {source}\n",
            id = self.id,
            summary = self.summary.trim(),
            severity = self.severity,
            help = self.help.trim(),
            why = self.why.trim(),
            source = self.source.trim(),
        );
        for example in &self.examples {
            let (heading, yaml) = match (&example.bad, &example.good) {
                (Some(bad), _) => (format!("Fires at {}:", example.expect.join(", ")), bad),
                (None, Some(good)) => ("Passes:".to_string(), good),
                (None, None) => continue,
            };
            text.push_str(&format!(
                "\n{heading}\n\n```yaml\n{}\n```\n",
                yaml.trim_end()
            ));
        }
        text
    }
}

impl RuleSet {
    /// `docs/rules.md`: every rule's documentation, from the rule files.
    pub fn markdown(&self) -> String {
        let mut text = String::from(
            "# cookielint rules\n\n<!-- Generated from rules/*.yaml by `cargo test` (COOKIELINT_UPDATE_DOCS=1); do not edit. -->\n\n| id | severity | summary |\n|---|---|---|\n",
        );
        for rule in &self.rules {
            text.push_str(&format!(
                "| [`{id}`](#{id}) | {severity} | {summary} |\n",
                id = rule.id,
                severity = rule.severity,
                summary = rule.summary.trim()
            ));
        }
        for rule in &self.rules {
            text.push('\n');
            text.push_str(&rule.markdown());
        }
        text
    }

    pub fn ids(&self) -> Vec<&'static str> {
        self.rules.iter().map(|rule| rule.id).collect()
    }
}
