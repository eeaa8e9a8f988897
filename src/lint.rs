//! One file through the pipeline: bytes decoded, parsed, held against the
//! schema, the rules run, suppressions applied, and the findings sorted.

use std::collections::HashMap;
use std::sync::Arc;

use crate::audit::Observed;
use crate::capture::{self, Capture};
use crate::checks::Run;
use crate::error::Error;
use crate::finding::{Finding, Interned, Label, Severity, Violation};
use crate::knowledge::Known;
use crate::read::MAX_FILE_BYTES;
use crate::rule_id::{INTERNAL_ERROR, YAML_SYNTAX};
use crate::ruleset::{self, Example, Logic, Rule, RuleSet};
use crate::source::{self, LineColCursor, SourceFile, Span};
use crate::suppress::Suppressions;
use crate::{model, schema, yaml};

/// What an audit holds a declaration against: the captures, and the site's
/// URL when the declaration does not give `site.url`.
#[derive(Debug, Clone, Copy)]
pub struct AuditInput<'a> {
    pub captures: &'a [Capture],
    pub site: Option<&'a str>,
}

/// The schema and the rule set, prepared once and used for every file.
pub struct Linter {
    schema: schema::Schema,
    rules: RuleSet,
    /// Languages for files without `site.languages` (empty: the format's `[en]`).
    default_languages: Vec<String>,
    /// The team's known cookies and the database.
    known: Known,
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
            known: Known::default(),
        })
    }

    /// The linter, with the team's known cookies beside the database's.
    pub fn with_known(self, known: Known) -> Self {
        Linter { known, ..self }
    }

    pub fn rules(&self) -> &RuleSet {
        &self.rules
    }

    pub fn known(&self) -> &Known {
        &self.known
    }

    /// Lints the bytes of one file, named `name` in the findings. The
    /// findings come sorted by position, then rule.
    pub fn lint(&self, name: &str, bytes: &[u8]) -> Vec<Finding> {
        self.lint_against(name, bytes, None)
    }

    /// Lints one declaration and holds it against what the captures saw:
    /// `check`'s findings and the audit's, in one list.
    pub fn audit(&self, name: &str, bytes: &[u8], against: &AuditInput<'_>) -> Vec<Finding> {
        self.lint_against(name, bytes, Some(against))
    }

    fn lint_against(
        &self,
        name: &str,
        bytes: &[u8],
        against: Option<&AuditInput<'_>>,
    ) -> Vec<Finding> {
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
                let violation = if error.binary {
                    Violation::new(
                        YAML_SYNTAX,
                        Span::new(at, at),
                        "not text",
                        "this looks like a binary file, not a YAML declaration".to_string(),
                    )
                    .with_help("A declaration is a YAML text file, such as `cookies.yaml`; check that this is the file you meant.")
                } else {
                    Violation::new(YAML_SYNTAX, Span::new(at, at), "here", error.message)
                };
                return self.findings(source, vec![violation]);
            }
        };
        // A bug that panics on one file is reported as that file's finding:
        // no input may end a run over many files.
        let checked = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            self.check_source(&source, true, against)
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
    /// languages. An audit rule's example is held against its captures;
    /// one that cannot be read is the error.
    pub fn example_positions(&self, rule: &Rule, example: &Example) -> Result<Vec<String>, String> {
        let source = SourceFile::new(format!("{}#example", rule.id), example.yaml().to_string());
        let captures = example
            .captures()
            .iter()
            .enumerate()
            .map(|(index, capture)| {
                let shown = format!("{}#capture{}", rule.id, index + 1);
                capture::read_from(capture.text.as_bytes(), &shown, capture.moment, None)
                    .map_err(|error| error.to_string())
            })
            .collect::<Result<Vec<_>, _>>()?;
        let against = AuditInput {
            captures: &captures,
            site: None,
        };
        let against = (!captures.is_empty()).then_some(&against);
        let mut cursor = LineColCursor::new(&source);
        Ok(sorted(self.check_source(&source, false, against))
            .iter()
            .filter(|violation| violation.rule == rule.id)
            .map(|violation| cursor.line_col(violation.primary.span.start).to_string())
            .collect())
    }

    /// Runs the examples of `rules`: a `bad` one must make its rule fire at
    /// exactly its `expect` positions, a `good` one not at all. Each that
    /// does not is a mistake in the rule file, at its `expect:` (or `good:`).
    pub fn example_mistakes<'r>(&self, rules: impl IntoIterator<Item = &'r Rule>) -> Vec<Finding> {
        let mut mistakes = Vec::new();
        for rule in rules {
            for (index, example) in rule.examples.iter().enumerate() {
                let fires = match self.example_positions(rule, example) {
                    Ok(found) if found == example.expected() => continue,
                    Ok(found) if found.is_empty() => "the rule does not fire".to_string(),
                    Ok(found) => format!("the rule fires at {}", found.join(", ")),
                    Err(error) => format!("its capture cannot be read: {error}"),
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
    fn check_source(
        &self,
        source: &SourceFile,
        as_configured: bool,
        against: Option<&AuditInput<'_>>,
    ) -> Vec<Violation> {
        let yaml::Document { root, aliases } = match yaml::parse_document(source) {
            Ok(document) => document,
            Err(error) => {
                let help = match error.help {
                    Some(help) => Some(help),
                    None if error.no_document => Some(if source.text().trim().is_empty() {
                        "Run `cookielint init` with this file's path: it writes a starter declaration into an empty file."
                    } else {
                        "Write the declaration after the comments: `version: 1`, then a `cookies:` list (`cookielint init example.yaml` writes one to start from)."
                    }.to_string()),
                    None => None,
                };
                let violation = Violation::new(YAML_SYNTAX, error.span, error.label, error.message);
                return vec![match help {
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
            let observed = against.map(|input| {
                let site = declaration.site_url.value().or(input.site);
                Observed::new(&declaration, input.captures, site, &self.known)
            });
            // The audit's rules run only in an audit, and the configured
            // ones only when in force.
            let runs = |rule: &Rule| {
                (!as_configured || rule.severity.is_some())
                    && (observed.is_some() || !rule.needs_captures())
            };
            for rule in self.rules.iter().filter(|rule| runs(rule)) {
                self.apply(rule, &declaration, observed.as_ref(), &mut violations);
            }
            let mut suppressions = Suppressions::collect(source, &root, &self.rules);
            suppressions.apply(&mut violations);
            let ran = |id: &str| {
                self.rules.get(id).is_some_and(|rule| {
                    rule.severity.is_some() && (observed.is_some() || !rule.needs_captures())
                })
            };
            violations.extend(suppressions.into_findings(ran));
        }
        show_anchors(&mut violations, &aliases);
        violations
    }

    fn apply(
        &self,
        rule: &Rule,
        declaration: &model::Declaration<'_>,
        observed: Option<&Observed<'_>>,
        out: &mut Vec<Violation>,
    ) {
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
                let mut hits = Vec::new();
                match (check.run, observed) {
                    (Some(Run::Declaration(run)), _) => run(declaration, &mut hits),
                    (Some(Run::Known(run)), _) => run(declaration, &self.known, &mut hits),
                    (Some(Run::Observed(run)), Some(observed)) => {
                        run(declaration, observed, &mut hits)
                    }
                    (Some(Run::Observed(_)), None) | (None, _) => return,
                }
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
                    violation.elsewhere = hit.elsewhere;
                    violation.help = hit.help.map(Arc::from);
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
        let mut own_helps = Interned::default();
        let violations = sorted(violations);
        // Sized once: a file may have 300,000 findings, and growing the
        // list by doubling would hold two copies of most of it.
        let mut findings = Vec::with_capacity(violations.len());
        for violation in violations {
            let rule = self.rules.get(&violation.rule);
            // Rules turned off still run in the pipeline (`schema`), and are dropped here.
            let severity = match rule {
                Some(rule) => match rule.severity {
                    Some(severity) => severity,
                    None => continue,
                },
                None => Severity::Error,
            };
            let (help, url) = match rule {
                Some(rule) => shared
                    .entry(rule.id.as_str())
                    .or_insert_with(|| (Arc::from(rule.help.as_str()), Arc::from(rule.url())))
                    .clone(),
                None => (Arc::from(""), Arc::from("")),
            };
            let help = match violation.help {
                Some(own) => Some(own_helps.get(own)),
                None => rule.map(|_| help),
            };
            findings.push(Finding {
                start: cursor.line_col(violation.primary.span.start),
                severity,
                // A copy of exactly its length: the message as made may
                // hold spare capacity, which 300,000 of them would keep.
                message: source::escape_controls(&violation.message).into_owned(),
                help,
                url,
                rule: violation.rule,
                primary: violation.primary,
                related: violation.related,
                elsewhere: violation.elsewhere,
                source: Arc::clone(&source),
            });
        }
        findings
    }
}

/// Violations by position, then rule, each reported once.
/// A finding at an alias (about a value the entry reaches through it) also
/// shows the anchored node it copies, which the entry does not write.
fn show_anchors(violations: &mut [Violation], aliases: &[yaml::Alias]) {
    if aliases.is_empty() {
        return;
    }
    for violation in violations {
        // Aliases are in the order written, so sorted by their start.
        let at = violation.primary.span;
        if let Ok(index) = aliases.binary_search_by_key(&at.start, |alias| alias.span.start)
            && aliases[index].span == at
        {
            violation
                .related
                .push(Label::new(aliases[index].anchor, "the alias copies this"));
        }
    }
}

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
    // Grown by doubling as they were found: let the findings made from
    // them have the room the spare capacity holds.
    violations.shrink_to_fit();
    violations
}
