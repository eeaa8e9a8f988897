//! Rules as data. Every rule, built-in or a user's own, is one YAML file:
//! its id, severity, documentation, examples, what it checks (a `when:`
//! condition, or a named `check:`) and the words of its findings. The
//! built-in files in `rules/` are embedded in the binary.

use std::path::Path;
use std::sync::Arc;

use crate::capture::Moment;
use crate::checks::{self, Check, when};
use crate::finding::{Finding, Label, Severity};
use crate::limits;
use crate::model::{Cookie, CookieField, FIELDS};
use crate::rule_id;
use crate::source::{LineColCursor, SourceFile, Span};
use crate::suggest::did_you_mean;
use crate::yaml::{self, Entry, Node, Value};

/// Where a rule's documentation is published: `docs/rules.md`, one heading per rule.
pub const DOCS_URL: &str = concat!(env!("CARGO_PKG_REPOSITORY"), "/blob/main/docs/rules.md");

/// Every built-in rule file, in [`rule_id::BUILTIN`]'s order: its id, its
/// text, and its tree as `build.rs` parsed it (see `yaml::compact`).
const BUILTIN_FILES: &[(&str, &str, &[u8])] =
    include!(concat!(env!("OUT_DIR"), "/builtin_rules.rs"));

/// The keys of a rule file.
const KEYS: &[&str] = &[
    "id", "severity", "summary", "when", "check", "at", "label", "message", "help", "why",
    "source", "examples",
];

/// A declaration that must make the rule fire at `expect` (line:column of
/// each finding), or, for a `good` example, must not make it fire. `at` is
/// where a disagreement is reported in the rule file: the `expect:` list, or
/// the `good` key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Example {
    Bad {
        yaml: String,
        expect: Vec<String>,
        at: Span,
        captures: Vec<ExampleCapture>,
    },
    Good {
        yaml: String,
        at: Span,
        captures: Vec<ExampleCapture>,
    },
}

/// A capture an audit rule's example is held against: its moment and its
/// text (a storageState, a HAR, …, as `audit` reads them).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExampleCapture {
    pub moment: Moment,
    pub text: String,
}

/// The keys of an example that hold a capture, and the moment of each.
const EXAMPLE_CAPTURES: [(&str, Moment); 2] = [
    ("before-consent", Moment::BeforeConsent),
    ("after-consent", Moment::AfterConsent),
];

impl Example {
    pub fn yaml(&self) -> &str {
        match self {
            Example::Bad { yaml, .. } | Example::Good { yaml, .. } => yaml,
        }
    }

    /// The positions the rule's findings must be at: none for a `good` example.
    pub fn expected(&self) -> &[String] {
        match self {
            Example::Bad { expect, .. } => expect,
            Example::Good { .. } => &[],
        }
    }

    pub fn at(&self) -> Span {
        match self {
            Example::Bad { at, .. } | Example::Good { at, .. } => *at,
        }
    }

    /// The captures an audit rule's example is held against; none for a
    /// `check` rule's.
    pub fn captures(&self) -> &[ExampleCapture] {
        match self {
            Example::Bad { captures, .. } | Example::Good { captures, .. } => captures,
        }
    }
}

/// Who wrote a rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    Builtin,
    /// A user's rule file, as its path is shown.
    User(String),
}

/// What a rule checks.
#[derive(Debug)]
pub enum Logic {
    When {
        condition: when::Condition,
        /// The field the finding points at; the entry when absent.
        at: Option<&'static CookieField>,
    },
    Check(&'static Check),
}

/// Text with `{variable}` slots, filled from a finding's facts; a
/// `{limit.NAME}` placeholder is replaced when the rule loads.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Template {
    parts: Vec<Part>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Part {
    Text(String),
    Var(String),
}

impl Template {
    /// `{{` and `}}` stand for braces.
    fn parse(text: &str) -> Result<Self, String> {
        let mut parts = Vec::new();
        let mut literal = String::new();
        let mut chars = text.chars().peekable();
        while let Some(character) = chars.next() {
            match (character, chars.peek()) {
                ('{', Some('{')) | ('}', Some('}')) => {
                    literal.push(character);
                    chars.next();
                }
                ('{', _) => {
                    let mut name = String::new();
                    let mut closed = false;
                    for next in chars.by_ref() {
                        if next == '}' {
                            closed = true;
                            break;
                        }
                        name.push(next);
                    }
                    if !closed
                        || name.is_empty()
                        || name.chars().any(|c| c == '{' || c.is_whitespace())
                    {
                        return Err(
                            "a `{` opens a variable such as `{name}`; write `{{` for a brace"
                                .to_string(),
                        );
                    }
                    if let Some(quoted) = limits::placeholder(&name) {
                        literal.push_str(&quoted?);
                        continue;
                    }
                    parts.push(Part::Text(std::mem::take(&mut literal)));
                    parts.push(Part::Var(name));
                }
                ('}', _) => return Err("write `}}` for a closing brace".to_string()),
                _ => literal.push(character),
            }
        }
        parts.push(Part::Text(literal));
        Ok(Template { parts })
    }

    fn vars(&self) -> impl Iterator<Item = &str> {
        self.parts.iter().filter_map(|part| match part {
            Part::Var(name) => Some(name.as_str()),
            Part::Text(_) => None,
        })
    }

    pub fn render(&self, value_of: impl Fn(&str) -> String) -> String {
        self.parts
            .iter()
            .map(|part| match part {
                Part::Text(text) => text.clone(),
                Part::Var(name) => value_of(name),
            })
            .collect()
    }
}

#[derive(Debug)]
pub struct Rule {
    pub id: String,
    /// The severity the rule file gives.
    pub default_severity: Severity,
    /// The severity in force: `None` when the rule is turned off.
    pub severity: Option<Severity>,
    pub summary: String,
    pub help: String,
    pub why: String,
    pub source: String,
    pub message: Template,
    pub label: Template,
    pub examples: Vec<Example>,
    /// `None` for the rules the loader and the schema report.
    pub logic: Option<Logic>,
    pub origin: Origin,
    /// The rule file, where mistakes found after loading (its examples) point.
    pub file: Arc<SourceFile>,
}

impl Rule {
    pub fn url(&self) -> String {
        match self.origin {
            Origin::Builtin => format!("{DOCS_URL}#{}", self.id),
            Origin::User(_) => String::new(),
        }
    }

    /// The value of a message variable for a `when:` rule's finding.
    /// Whether the rule judges what captures saw: it runs only in `audit`.
    pub fn needs_captures(&self) -> bool {
        matches!(&self.logic, Some(Logic::Check(check)) if matches!(check.run, Some(checks::Run::Observed(_))))
    }

    pub fn when_var(cookie: &Cookie<'_>, name: &str) -> String {
        if name == "name" {
            return cookie.display_name();
        }
        let written = CookieField::find(name).and_then(|field| (field.read)(cookie).node());
        match written.map(|node| &node.value) {
            Some(Value::String(text)) => text.clone(),
            Some(Value::Bool(flag)) => flag.to_string(),
            Some(Value::Int(number)) => number.to_string(),
            Some(Value::Float(number)) => number.to_string(),
            _ => String::new(),
        }
    }
}

#[derive(Debug)]
pub struct RuleSet {
    rules: Vec<Rule>,
}

/// A mistake in a rule file, at its place.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Problem {
    span: Span,
    message: String,
}

impl RuleSet {
    /// The built-in rules. Their files are tested, so a failure here is a bug.
    pub fn builtin() -> Result<Self, crate::Error> {
        let mut rules = Vec::new();
        for (id, text, tree) in BUILTIN_FILES {
            let name = format!("rules/{id}.yaml");
            // A tree the build could not make: the text says what is wrong.
            let loaded = match yaml::compact::decode(tree) {
                Some((text, root)) => {
                    let source = Arc::new(SourceFile::new(name.as_str(), text));
                    read(&source, &root, Origin::Builtin)
                }
                None => load(&name, text.as_bytes(), Origin::Builtin),
            };
            let rule = loaded.map_err(|findings| {
                let detail = findings
                    .iter()
                    .map(|finding| format!("{}:{} {}", name, finding.start, finding.message))
                    .collect::<Vec<_>>()
                    .join("; ");
                crate::Error::BuiltinData(detail)
            })?;
            if rule.id != *id {
                return Err(crate::Error::BuiltinData(format!(
                    "{name}: its id is `{}`",
                    rule.id
                )));
            }
            rules.push(rule);
        }
        Ok(RuleSet { rules })
    }

    /// Adds a user's rule file, or every `*.yaml`/`*.yml` file of a folder.
    /// Returns the mistakes found, as findings in those files.
    pub fn add_user_rules(&mut self, path: &Path, shown: &str) -> Result<(), Vec<Finding>> {
        let mut files = Vec::new();
        if path.is_dir() {
            let entries =
                std::fs::read_dir(path).map_err(|error| vec![io_problem(shown, &error)])?;
            let mut paths: Vec<_> = entries
                .filter_map(Result::ok)
                .map(|entry| entry.path())
                .filter(|path| {
                    path.is_file()
                        && path
                            .extension()
                            .is_some_and(|extension| extension == "yaml" || extension == "yml")
                })
                .collect();
            paths.sort();
            for file in paths {
                let file_shown = match file.file_name() {
                    Some(file_name) => format!(
                        "{}/{}",
                        shown.trim_end_matches('/'),
                        file_name.to_string_lossy()
                    ),
                    None => shown.to_string(),
                };
                files.push((file, file_shown));
            }
        } else {
            files.push((path.to_path_buf(), shown.to_string()));
        }
        let mut findings = Vec::new();
        for (file, file_shown) in files {
            let bytes = match crate::read::read_small_file(&file) {
                Ok(bytes) => bytes,
                Err(error) => {
                    findings.push(io_problem(&file_shown, &error));
                    continue;
                }
            };
            match load(&file_shown, &bytes, Origin::User(file_shown.clone())) {
                Ok(rule) => {
                    if let Some(existing) = self.get(&rule.id) {
                        let owner = match &existing.origin {
                            Origin::Builtin => "a built-in rule".to_string(),
                            Origin::User(path) => format!("the rule in {path}"),
                        };
                        let source = Arc::new(SourceFile::new(
                            file_shown.as_str(),
                            String::from_utf8_lossy(&bytes).into_owned(),
                        ));
                        findings.push(standalone(
                            &source,
                            id_span(&source).unwrap_or_default(),
                            format!("the id `{}` is taken by {owner}; choose another", rule.id),
                        ));
                    } else {
                        self.rules.push(rule);
                    }
                }
                Err(mut problems) => findings.append(&mut problems),
            }
        }
        if findings.is_empty() {
            Ok(())
        } else {
            Err(findings)
        }
    }

    pub fn iter(&self) -> impl Iterator<Item = &Rule> {
        self.rules.iter()
    }

    /// The rules in force (not turned off).
    pub fn active(&self) -> impl Iterator<Item = &Rule> {
        self.rules.iter().filter(|rule| rule.severity.is_some())
    }

    pub fn get(&self, id: &str) -> Option<&Rule> {
        self.rules.iter().find(|rule| rule.id == id)
    }

    pub fn ids(&self) -> Vec<&str> {
        self.rules.iter().map(|rule| rule.id.as_str()).collect()
    }

    /// Sets a rule's severity; `None` turns it off. False when no rule has
    /// that id.
    pub fn set_severity(&mut self, id: &str, severity: Option<Severity>) -> bool {
        match self.rules.iter_mut().find(|rule| rule.id == id) {
            Some(rule) => {
                rule.severity = severity;
                true
            }
            None => false,
        }
    }

    /// "; did you mean `x`?" for an id that names no rule.
    pub fn suggest(&self, id: &str) -> String {
        did_you_mean(id, &self.ids())
            .map(|known| format!("; did you mean `{known}`?"))
            .unwrap_or_default()
    }
}

fn io_problem(shown: &str, error: &std::io::Error) -> Finding {
    let source = Arc::new(SourceFile::new(shown, String::new()));
    standalone(
        &source,
        Span::default(),
        format!("cannot read this rule file: {error}"),
    )
}

fn id_span(source: &SourceFile) -> Option<Span> {
    let root = yaml::parse(source).ok()?;
    root.get("id").map(|node| node.span)
}

/// A finding about a rule file itself.
pub(crate) fn standalone(source: &Arc<SourceFile>, span: Span, message: String) -> Finding {
    Finding {
        elsewhere: Vec::new(),
        rule: rule_id::RULE_FILE.to_string(),
        start: LineColCursor::new(source).line_col(span.start),
        severity: Severity::Error,
        message,
        primary: Label::new(span, ""),
        related: Vec::new(),
        help: Some(Arc::from(
            "See \"Writing rules\" in the README for the rule file format.",
        )),
        url: Arc::from(""),
        source: Arc::clone(source),
    }
}

/// Loads one rule file, or says everything wrong with it.
pub fn load(name: &str, bytes: &[u8], origin: Origin) -> Result<Rule, Vec<Finding>> {
    let source = match SourceFile::decode(name, bytes) {
        Ok(source) => Arc::new(source),
        Err(error) => {
            let source: Arc<SourceFile> = Arc::from(error.partial);
            let at = source.offset(error.at);
            return Err(vec![standalone(&source, Span::new(at, at), error.message)]);
        }
    };
    let root = yaml::parse(&source).map_err(|error| {
        let mut finding = standalone(&source, error.span, error.message);
        if error.help.is_some() {
            finding.help = error.help.map(Arc::from);
        }
        vec![finding]
    })?;
    read(&source, &root, origin)
}

/// Reads a rule from its file's tree.
fn read(source: &Arc<SourceFile>, root: &Node, origin: Origin) -> Result<Rule, Vec<Finding>> {
    let mut reader = Reader {
        root,
        problems: Vec::new(),
    };
    let rule = reader.rule(origin, source);
    let mut problems = reader.problems;
    problems.sort_by_key(|problem| problem.span.start);
    match rule {
        Some(rule) if problems.is_empty() => Ok(rule),
        _ => Err(problems
            .into_iter()
            .map(|problem| standalone(source, problem.span, problem.message))
            .collect()),
    }
}

/// Reads a rule file's tree, collecting every mistake rather than the first.
struct Reader<'a> {
    root: &'a Node,
    problems: Vec<Problem>,
}

impl<'a> Reader<'a> {
    fn problem(&mut self, span: Span, message: impl Into<String>) {
        self.problems.push(Problem {
            span,
            message: message.into(),
        });
    }

    fn entry(&self, key: &str) -> Option<&'a Entry> {
        self.root.entry(key)
    }

    fn string(&mut self, key: &str, required: bool) -> Option<(String, Span)> {
        match self.entry(key) {
            Some(entry) => match entry.value.as_str() {
                Some(text) => Some((text.to_string(), entry.value.span)),
                None => {
                    self.problem(
                        entry.value.span,
                        format!("`{key}` must be a string, not {}", entry.value.kind_name()),
                    );
                    None
                }
            },
            None => {
                if required {
                    self.problem(self.root.span, format!("this rule has no `{key}`"));
                }
                None
            }
        }
    }

    /// A text of the rule, its `{limit.NAME}` placeholders replaced.
    fn text(&mut self, key: &str, required: bool) -> Option<(String, Span)> {
        let (text, span) = self.string(key, required)?;
        match limits::expand(&text) {
            Ok(expanded) => Some((expanded, span)),
            Err(message) => {
                self.problem(span, format!("`{key}`: {message}"));
                None
            }
        }
    }

    fn template(&mut self, key: &str, required: bool, vars: &[&str]) -> Template {
        let Some((text, span)) = self.string(key, required) else {
            return Template::default();
        };
        match Template::parse(&text) {
            Ok(template) => {
                let unknown: Vec<String> = template
                    .vars()
                    .filter(|var| !vars.contains(var))
                    .map(|var| format!("`{{{var}}}`"))
                    .collect();
                if !unknown.is_empty() {
                    self.problem(
                        span,
                        format!(
                            "`{key}` uses {}, which this rule does not provide; it provides {}",
                            unknown.join(", "),
                            vars.iter()
                                .map(|var| format!("`{{{var}}}`"))
                                .collect::<Vec<_>>()
                                .join(", ")
                        ),
                    );
                }
                template
            }
            Err(message) => {
                self.problem(span, format!("`{key}`: {message}"));
                Template::default()
            }
        }
    }

    fn rule(&mut self, origin: Origin, file: &Arc<SourceFile>) -> Option<Rule> {
        let Some(entries) = self.root.as_map() else {
            self.problem(
                self.root.span,
                format!("a rule file is a mapping, not {}", self.root.kind_name()),
            );
            return None;
        };
        for entry in entries {
            if !KEYS.contains(&entry.key.as_str()) {
                let hint = did_you_mean(&entry.key, KEYS)
                    .map(|known| format!("; did you mean `{known}`?"))
                    .unwrap_or_else(|| format!("; rule files hold {}", KEYS.join(", ")));
                self.problem(entry.key_span, format!("unknown key `{}`{hint}", entry.key));
            }
        }
        let id = self.string("id", true);
        if let Some((id, span)) = &id {
            let well_formed = id.starts_with(|c: char| c.is_ascii_lowercase())
                && id
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
            if !well_formed {
                self.problem(
                    *span,
                    "a rule id is lower-case letters, digits and `-`, starting with a letter",
                );
            }
        }
        let severity = self
            .string("severity", true)
            .and_then(|(text, span)| match text.as_str() {
                "error" => Some(Severity::Error),
                "warning" => Some(Severity::Warning),
                _ => {
                    self.problem(
                        span,
                        format!("`{text}` is not a severity; use `error` or `warning`"),
                    );
                    None
                }
            });
        let summary = self.text("summary", true);
        let help = self.text("help", true);
        let builtin = origin == Origin::Builtin;
        let why = self.text("why", builtin);
        let source = self.text("source", builtin);
        let (logic, vars) = self.logic(builtin);
        let is_reported_by_pipeline =
            matches!(&logic, Some(Logic::Check(check)) if check.run.is_none());
        let message = self.template("message", !is_reported_by_pipeline, &vars);
        let label = self.template("label", false, &vars);
        let examples = self.examples();
        Some(Rule {
            id: id?.0,
            default_severity: severity?,
            severity,
            summary: summary?.0,
            help: help?.0,
            why: why.map(|(text, _)| text).unwrap_or_default(),
            source: source.map(|(text, _)| text).unwrap_or_default(),
            message,
            label,
            examples,
            logic: if is_reported_by_pipeline { None } else { logic },
            origin,
            file: Arc::clone(file),
        })
    }

    /// The rule's `when:` or `check:`, and the variables its templates may use.
    /// Only a built-in rule may name a check the pipeline itself reports.
    fn logic(&mut self, builtin: bool) -> (Option<Logic>, Vec<&'static str>) {
        let when = self.entry("when");
        let check = self.entry("check");
        let at = self.entry("at");
        match (when, check) {
            (Some(_), Some(check)) => {
                self.problem(check.key_span, "give `when` or `check`, not both");
                (None, Vec::new())
            }
            (None, None) => {
                self.problem(
                    self.root.span,
                    "this rule checks nothing: give it a `when` condition or a `check`",
                );
                (None, Vec::new())
            }
            (None, Some(check)) => {
                if let Some(at) = at {
                    self.problem(
                        at.key_span,
                        "`at` goes with `when`; a check chooses where its findings point",
                    );
                }
                let Some(name) = check.value.as_str() else {
                    self.problem(
                        check.value.span,
                        "`check` names a built-in check, as a string",
                    );
                    return (None, Vec::new());
                };
                let runnable: Vec<&str> = checks::runnable().collect();
                match checks::find(name) {
                    Some(found) if found.run.is_none() && !builtin => {
                        self.problem(
                            check.value.span,
                            format!(
                                "`{name}` is reported by cookielint itself, not by a check a rule can run; the checks are {}",
                                runnable.join(", ")
                            ),
                        );
                        (None, Vec::new())
                    }
                    Some(found) => (Some(Logic::Check(found)), found.vars.to_vec()),
                    None => {
                        let known = if builtin {
                            checks::names().collect()
                        } else {
                            runnable
                        };
                        let hint = did_you_mean(name, &known)
                            .map(|suggestion| format!("; did you mean `{suggestion}`?"))
                            .unwrap_or_else(|| format!("; the checks are {}", known.join(", ")));
                        self.problem(
                            check.value.span,
                            format!("no check is called `{name}`{hint}"),
                        );
                        (None, Vec::new())
                    }
                }
            }
            (Some(when), None) => {
                // `{name}` is the cookie as messages name it; the others, fields as written.
                let vars: Vec<&'static str> = FIELDS.iter().map(|field| field.name).collect();
                let at = at.and_then(|at| match at.value.as_str().and_then(CookieField::find) {
                    Some(field) => Some(field),
                    None => {
                        self.problem(
                            at.value.span,
                            "`at` names the field the finding points at, such as `consent`",
                        );
                        None
                    }
                });
                match when::compile(&when.value) {
                    Ok(condition) => (Some(Logic::When { condition, at }), vars),
                    Err(error) => {
                        self.problem(error.span, error.message);
                        (None, vars)
                    }
                }
            }
        }
    }

    fn examples(&mut self) -> Vec<Example> {
        let Some(entry) = self.entry("examples") else {
            return Vec::new();
        };
        let Some(items) = entry.value.as_seq() else {
            self.problem(entry.value.span, "`examples` is a list");
            return Vec::new();
        };
        let mut examples = Vec::new();
        for item in items {
            let text = |key: &str| {
                item.entry(key)
                    .and_then(|entry| Some((entry.value.as_str()?.to_string(), entry.key_span)))
            };
            let captures: Vec<ExampleCapture> = EXAMPLE_CAPTURES
                .iter()
                .filter_map(|(key, moment)| {
                    Some(ExampleCapture {
                        moment: *moment,
                        text: text(key)?.0,
                    })
                })
                .collect();
            match (text("bad"), text("good"), item.get("expect")) {
                (Some((yaml, _)), None, Some(expect)) => {
                    if let Some(expect_list) = self.positions(expect) {
                        examples.push(Example::Bad {
                            yaml,
                            expect: expect_list,
                            at: expect.span,
                            captures,
                        });
                    }
                }
                (None, Some((yaml, at)), None) => examples.push(Example::Good {
                    yaml,
                    at,
                    captures,
                }),
                _ => self.problem(
                    item.span,
                    "an example is `bad:` (a declaration) with `expect:` (the line:column of each finding), or `good:` alone",
                ),
            }
        }
        examples
    }

    /// An example's `expect:`: a list of `line:column` positions.
    fn positions(&mut self, expect: &Node) -> Option<Vec<String>> {
        const FORM: &str = "`expect` is a list of `line:column` positions, such as `[\"3:5\"]` (`[]`: the rule does not fire)";
        let Some(items) = expect.as_seq() else {
            self.problem(expect.span, format!("{FORM}, not {}", expect.kind_name()));
            return None;
        };
        let mut positions = Vec::new();
        for item in items {
            let position = item.as_str().filter(|text| {
                text.split_once(':').is_some_and(|(line, column)| {
                    [line, column].iter().all(|number| {
                        !number.is_empty() && number.bytes().all(|b| b.is_ascii_digit())
                    })
                })
            });
            match position {
                Some(position) => positions.push(position.to_string()),
                None => self.problem(item.span, FORM),
            }
        }
        (positions.len() == items.len()).then_some(positions)
    }
}

impl Rule {
    /// The rule's documentation, as `cookielint explain` prints it and
    /// `docs/rules.md` publishes it.
    pub fn markdown(&self) -> String {
        let severity = match self.severity {
            Some(severity) if severity != self.default_severity => format!(
                "`{severity}` (configured; default `{}`)",
                self.default_severity
            ),
            Some(severity) => format!("`{severity}`"),
            None => format!("off (configured; default `{}`)", self.default_severity),
        };
        let mut text = format!(
            "## {id}\n\n{summary}\n\n- Severity: {severity}\n- Fix: {help}\n",
            id = self.id,
            summary = self.summary.trim(),
            help = self.help.trim(),
        );
        if let Origin::User(path) = &self.origin {
            text.push_str(&format!("- Defined in: `{path}`\n"));
        }
        if !self.why.trim().is_empty() {
            text.push_str(&format!("\n### Why\n\n{}\n", self.why.trim()));
        }
        if !self.source.trim().is_empty() {
            text.push_str(&format!("\nSource: {}\n", self.source.trim()));
        }
        for example in &self.examples {
            let (heading, yaml) = match example {
                Example::Bad { yaml, expect, .. } if expect.is_empty() => {
                    ("Does not fire (other rules do):".to_string(), yaml)
                }
                Example::Bad { yaml, expect, .. } => {
                    (format!("Fires at {}:", expect.join(", ")), yaml)
                }
                Example::Good { yaml, .. } => ("Passes:".to_string(), yaml),
            };
            text.push_str(&format!(
                "\n{heading}\n\n```yaml\n{}\n```\n",
                yaml.trim_end()
            ));
            for capture in example.captures() {
                let when = match capture.moment {
                    Moment::BeforeConsent => "before consent",
                    Moment::AfterConsent => "after consent",
                };
                text.push_str(&format!(
                    "\nheld against this capture, taken {when}:\n\n```json\n{}\n```\n",
                    capture.text.trim_end()
                ));
            }
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
                severity = rule.default_severity,
                summary = rule.summary.trim()
            ));
        }
        for rule in &self.rules {
            text.push('\n');
            text.push_str(&rule.markdown());
        }
        text.push_str(&format!(
            "\n## Named limits\n\nA rule file's condition may name one of these limits wherever it takes a duration (`duration: {{ longer_than: cnil-tracker-lifetime }}`), and its texts may quote one as `{{limit.NAME}}` (in words) or `{{limit.NAME.iso}}` (ISO 8601).\n\n{}",
            limits::markdown()
        ));
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problems(text: &str) -> Vec<String> {
        match load(
            "user.yaml",
            text.as_bytes(),
            Origin::User("user.yaml".to_string()),
        ) {
            Ok(_) => Vec::new(),
            Err(findings) => findings
                .iter()
                .map(|f| format!("{} {}", f.start, f.message))
                .collect(),
        }
    }

    const MINIMAL: &str = "id: no-marketing\nseverity: error\nsummary: No marketing.\nhelp: Remove it.\nwhen: { category: marketing }\nmessage: \"{name} is marketing\"\n";

    #[test]
    fn a_minimal_user_rule_loads() {
        assert_eq!(problems(MINIMAL), Vec::<String>::new());
    }

    #[test]
    fn every_mistake_is_located() {
        let text = "id: No_Marketing\nseverity: fatal\nsumary: x\nhelp: y\nwhen: { categry: marketing }\nmessage: \"{nam} is {category}\"\n";
        assert_eq!(
            problems(text),
            [
                "1:1 this rule has no `summary`",
                "1:5 a rule id is lower-case letters, digits and `-`, starting with a letter",
                "2:11 `fatal` is not a severity; use `error` or `warning`",
                "3:1 unknown key `sumary`; did you mean `summary`?",
                "5:9 `categry` is not a field a condition can test; did you mean `category`?",
                "6:10 `message` uses `{nam}`, which this rule does not provide; it provides `{name}`, `{provider}`, `{category}`, `{party}`, `{consent}`, `{duration}`, `{anonymous}`, `{stores_consent}`, `{domain}`, `{attributes.secure}`, `{attributes.http_only}`, `{attributes.same_site}`, `{attributes.path}`",
            ]
        );
    }

    #[test]
    fn templates() {
        let template = Template::parse("{name} is {{literally}} {consent}").unwrap();
        assert_eq!(
            template.render(|var| var.to_uppercase()),
            "NAME is {literally} CONSENT"
        );
        assert!(Template::parse("{unclosed").is_err());
        assert!(Template::parse("a } b").is_err());
        assert!(Template::parse("{ spaced }").is_err());
    }

    /// What a run reads instead of parsing the built-in rule files is what
    /// parsing them gives.
    #[test]
    fn the_built_trees_are_the_parsed_files() {
        for (id, text, tree) in BUILTIN_FILES {
            let source = SourceFile::decode(*id, text.as_bytes()).unwrap();
            let parsed = yaml::parse(&source).unwrap();
            let (built_text, built) = yaml::compact::decode(tree).unwrap();
            assert_eq!(built_text, source.text(), "{id}");
            assert_eq!(built, parsed, "{id}");
        }
    }

    #[test]
    fn a_broken_yaml_rule_file_is_located() {
        assert_eq!(
            problems("id: x\nwhen: {party: third\n"),
            ["2:7 this `{` is never closed"]
        );
    }
}
