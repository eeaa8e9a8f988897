//! One file through the pipeline: bytes decoded, parsed, held against the
//! schema, the rules run, suppressions applied, and the findings sorted.

use std::collections::HashMap;
use std::sync::Arc;

use crate::error::Error;
use crate::finding::{Finding, Severity, Violation};
use crate::read::MAX_FILE_BYTES;
use crate::rule_id::{INTERNAL_ERROR, YAML_SYNTAX};
use crate::ruleset::{self, Example, Logic, Rule, RuleSet};
use crate::source::{self, LineColCursor, SourceFile, Span};
use crate::suppress::Suppressions;
use crate::{model, schema, yaml};

/// The schema and the rule set, prepared once and used for every file.
pub struct Linter {
    schema: schema::Schema,
    rules: RuleSet,
    /// Languages for files without `site.languages` (empty: the format's `[en]`).
    default_languages: Vec<String>,
}

impl Linter {
    /// The built-in rules, as the rule files set them.
    pub fn new() -> Result<Self, Error> {
        Self::with_rules(RuleSet::builtin()?, Vec::new())
    }

    pub fn with_rules(rules: RuleSet, default_languages: Vec<String>) -> Result<Self, Error> {
        Ok(Linter {
            schema: schema::Schema::compile()?,
            rules,
            default_languages,
        })
    }

    pub fn rules(&self) -> &RuleSet {
        &self.rules
    }

    /// Lints the bytes of one file, named `name` in the findings. The
    /// findings come sorted by position, then rule.
    pub fn lint(&self, name: &str, bytes: &[u8]) -> Vec<Finding> {
        if bytes.len() > MAX_FILE_BYTES {
            let source = Arc::new(SourceFile::new(name, String::new()));
            let message = format!(
                "the file is larger than the {} MiB a declaration may be",
                MAX_FILE_BYTES / (1024 * 1024)
            );
            let violation = Violation::new(YAML_SYNTAX, Span::default(), "", message)
                .with_help("Split the declaration into one file per site.");
            return self.findings(source, vec![violation]);
        }
        let source = match SourceFile::decode(name, bytes) {
            Ok(source) => Arc::new(source),
            Err(error) => {
                let source: Arc<SourceFile> = Arc::from(error.partial);
                let at = source.offset(error.at);
                let violation =
                    Violation::new(YAML_SYNTAX, Span::new(at, at), "here", error.message);
                return self.findings(source, vec![violation]);
            }
        };
        // A bug that panics on one file is reported as that file's finding:
        // no input may end a run over many files.
        let checked = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            self.check_source(&source, true)
        }));
        let violations = checked.unwrap_or_else(|_| {
            vec![
                Violation::new(INTERNAL_ERROR, Span::default(), "", "cookielint failed while checking this file: this is a bug in cookielint, not in the file".to_string())
                    .with_help("Please report it with the file, so that it can be fixed; the other files were checked as usual."),
            ]
        });
        self.findings(source, violations)
    }

    /// Where `rule` fires in an example's declaration, as `line:column`.
    /// Examples say what a rule does as its file wrote it: every rule runs,
    /// whatever the configuration turned off, with the format's default
    /// languages.
    pub fn example_positions(&self, rule: &Rule, example: &Example) -> Vec<String> {
        let source = SourceFile::new(format!("{}#example", rule.id), example.yaml().to_string());
        let mut cursor = LineColCursor::new(&source);
        sorted(self.check_source(&source, false))
            .iter()
            .filter(|violation| violation.rule == rule.id)
            .map(|violation| cursor.line_col(violation.primary.span.start).to_string())
            .collect()
    }

    /// Runs the examples of `rules`: a `bad` one must make its rule fire at
    /// exactly its `expect` positions, a `good` one not at all. Each that
    /// does not is a mistake in the rule file, at its `expect:` (or `good:`).
    pub fn example_mistakes<'r>(&self, rules: impl IntoIterator<Item = &'r Rule>) -> Vec<Finding> {
        let mut mistakes = Vec::new();
        for rule in rules {
            for (index, example) in rule.examples.iter().enumerate() {
                let found = self.example_positions(rule, example);
                if found == example.expected() {
                    continue;
                }
                let fires = if found.is_empty() {
                    "the rule does not fire".to_string()
                } else {
                    format!("the rule fires at {}", found.join(", "))
                };
                let said = match example {
                    Example::Good { .. } => "is `good`".to_string(),
                    Example::Bad { expect, .. } if expect.is_empty() => {
                        "expects no finding".to_string()
                    }
                    Example::Bad { expect, .. } => {
                        format!("expects findings at {}", expect.join(", "))
                    }
                };
                let mut mistake = ruleset::standalone(
                    &rule.file,
                    example.at(),
                    format!("example {} {said}, but {fires}", index + 1),
                );
                mistake.help = Some(Arc::from(
                    "Positions are line:column in the example's declaration; correct the example or the rule.",
                ));
                mistakes.push(mistake);
            }
        }
        mistakes
    }

    /// The violations in a parsed file. `as_configured`: the rules in force
    /// and the configuration's default languages; else every rule, and the
    /// format's default languages.
    fn check_source(&self, source: &SourceFile, as_configured: bool) -> Vec<Violation> {
        let root = match yaml::parse(source) {
            Ok(root) => root,
            Err(error) => {
                let violation = Violation::new(YAML_SYNTAX, error.span, error.label, error.message);
                return vec![match error.help {
                    Some(help) => violation.with_help(help),
                    None => violation,
                }];
            }
        };
        let (mut violations, rules_may_run) = self.schema.validate(&root);
        if rules_may_run {
            let default_languages: &[String] = if as_configured {
                &self.default_languages
            } else {
                &[]
            };
            let declaration = model::Declaration::new(&root, default_languages);
            let running = self
                .rules
                .iter()
                .filter(|rule| !as_configured || rule.severity.is_some());
            for rule in running {
                self.apply(rule, &declaration, &mut violations);
            }
            let mut suppressions = Suppressions::collect(source, &root, &self.rules);
            suppressions.apply(&mut violations);
            violations.extend(suppressions.into_findings(&self.rules));
        }
        violations
    }

    fn apply(&self, rule: &Rule, declaration: &model::Declaration<'_>, out: &mut Vec<Violation>) {
        match &rule.logic {
            Some(Logic::When { condition, at }) => {
                for cookie in &declaration.cookies {
                    if condition.holds(cookie) != Some(true) {
                        continue;
                    }
                    let span = at
                        .and_then(|field| (field.read)(cookie).node())
                        .map_or(cookie.node.span, |node| node.span);
                    let var = |name: &str| Rule::when_var(cookie, name);
                    out.push(Violation::new(
                        &rule.id,
                        span,
                        rule.label.render(var),
                        rule.message.render(var),
                    ));
                }
            }
            Some(Logic::Check(check)) => {
                let Some(run) = check.run else { return };
                let mut hits = Vec::new();
                run(declaration, &mut hits);
                for hit in hits {
                    let var = |name: &str| {
                        hit.vars
                            .iter()
                            .find(|(var, _)| *var == name)
                            .map(|(_, value)| value.clone())
                            .unwrap_or_default()
                    };
                    let mut violation = Violation::new(
                        &rule.id,
                        hit.span,
                        rule.label.render(var),
                        rule.message.render(var),
                    );
                    violation.related = hit.related;
                    out.push(violation);
                }
            }
            None => {}
        }
    }

    fn findings(&self, source: Arc<SourceFile>, violations: Vec<Violation>) -> Vec<Finding> {
        let mut cursor = LineColCursor::new(&source);
        // Each rule's help and link, made once and shared by its findings.
        let mut shared: HashMap<&str, (Arc<str>, Arc<str>)> = HashMap::new();
        sorted(violations)
            .into_iter()
            .filter_map(|violation| {
                let rule = self.rules.get(&violation.rule);
                // Rules turned off still run in the pipeline (`schema`), and are dropped here.
                let severity = match rule {
                    Some(rule) => rule.severity?,
                    None => Severity::Error,
                };
                let (help, url) = match rule {
                    Some(rule) => shared
                        .entry(rule.id.as_str())
                        .or_insert_with(|| (Arc::from(rule.help.as_str()), Arc::from(rule.url())))
                        .clone(),
                    None => (Arc::from(""), Arc::from("")),
                };
                Some(Finding {
                    start: cursor.line_col(violation.primary.span.start),
                    severity,
                    message: source::escape_controls(&violation.message).into_owned(),
                    help: match violation.help {
                        Some(own) => Some(Arc::from(own)),
                        None => rule.map(|_| help),
                    },
                    url,
                    rule: violation.rule,
                    primary: violation.primary,
                    related: violation.related,
                    source: Arc::clone(&source),
                })
            })
            .collect()
    }
}

/// Violations by position, then rule, each reported once.
fn sorted(mut violations: Vec<Violation>) -> Vec<Violation> {
    violations.sort_by(|a, b| {
        (a.primary.span.start, &a.rule, &a.message).cmp(&(
            b.primary.span.start,
            &b.rule,
            &b.message,
        ))
    });
    violations.dedup_by(|a, b| {
        a.rule == b.rule && a.primary.span == b.primary.span && a.message == b.message
    });
    violations
}
