//! `cookielint.toml`: which files a search picks up, rule severities, the
//! organisation's own rule files, and default languages.
//!
//! ```toml
//! include = ["sites/**/*.yaml"]      # globs, relative to this file
//! exclude = ["sites/legacy/**"]
//! languages = ["fr", "en"]           # for files without `site.languages`
//! rule-paths = ["policy/"]           # rule files, or folders of them
//! known-cookies = ["internal.yaml"]  # the team's cookies, in the declaration format
//!
//! [rules]
//! max-duration = "off"               # or "error", "warning"
//! ```

use std::path::{Path, PathBuf};
use std::sync::Arc;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::discover::FileFilter;
use crate::finding::{Finding, Label, Severity};
use crate::rule_id;
use crate::ruleset::RuleSet;
use crate::source::{LineColCursor, SourceFile, Span};
use crate::suggest::did_you_mean;

/// The names a configuration file goes by, in the order they are looked for.
pub const FILE_NAMES: &[&str] = &["cookielint.toml", ".cookielint.toml"];

/// A loaded configuration.
#[derive(Debug, Default)]
pub struct Config {
    /// The file it came from, as shown; `None` when there is none.
    pub path: Option<String>,
    pub filter: FileFilter,
    pub languages: Vec<String>,
    source: Option<Arc<SourceFile>>,
    rule_paths: Vec<(PathBuf, String, Span)>,
    /// The files of the team's known cookies: where, and as shown.
    pub known_cookies: Vec<(PathBuf, String)>,
    severities: Vec<(String, Span, Option<Severity>)>,
}

/// The configuration file that applies in `start`: the first found walking up.
pub fn find(start: &Path) -> Option<PathBuf> {
    let start = std::path::absolute(start).ok()?;
    start.ancestors().find_map(|folder| {
        FILE_NAMES
            .iter()
            .map(|name| folder.join(name))
            .find(|candidate| candidate.is_file())
    })
}

fn problem(source: &Arc<SourceFile>, span: Span, message: String, help: Option<String>) -> Finding {
    Finding {
        elsewhere: Vec::new(),
        rule: rule_id::CONFIG.to_string(),
        start: LineColCursor::new(source).line_col(span.start),
        severity: Severity::Error,
        message,
        primary: Label::new(span, ""),
        related: Vec::new(),
        help: help.map(Arc::from),
        url: Arc::from(""),
        source: Arc::clone(source),
    }
}

/// The keys a configuration file may hold.
const KEYS: &[&str] = &[
    "include",
    "exclude",
    "languages",
    "rule-paths",
    "known-cookies",
    "rules",
];

/// The severities `[rules]` may give.
const SEVERITIES: &[&str] = &["error", "warning", "off"];

fn span_of<T>(spanned: &Spanned<T>) -> Span {
    let range = spanned.span();
    Span::new(range.start, range.end)
}

/// "a string", "an array", … for messages.
fn kind_name(value: &DeValue<'_>) -> String {
    let kind = match value {
        DeValue::Array(_) => "list",
        other => other.type_str(),
    };
    let article = if kind.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    };
    format!("{article} {kind}")
}

/// The configuration as read so far, and every mistake met on the way: each
/// key is checked on its own, so that one mistake does not hide the next.
struct Reader<'a> {
    source: &'a Arc<SourceFile>,
    problems: Vec<Finding>,
}

impl Reader<'_> {
    fn problem(&mut self, span: Span, message: String, help: impl Into<String>) {
        self.problems
            .push(problem(self.source, span, message, Some(help.into())));
    }

    /// `include = ["a", "b"]`: the strings, with where each is written.
    fn strings(&mut self, key: &str, value: &Spanned<DeValue<'_>>) -> Vec<Spanned<String>> {
        let Some(items) = value.get_ref().as_array() else {
            let help = match value.get_ref().as_str() {
                Some(text) => format!("Write a list, even of one: `{key} = [\"{text}\"]`."),
                None => format!("Write `{key} = [\"…\", \"…\"]`."),
            };
            self.problem(
                span_of(value),
                format!(
                    "`{key}` is a list of strings, not {}",
                    kind_name(value.get_ref())
                ),
                help,
            );
            return Vec::new();
        };
        items
            .iter()
            .filter_map(|item| match item.get_ref().as_str() {
                Some(text) => Some(Spanned::new(item.span(), text.to_string())),
                None => {
                    self.problem(
                        span_of(item),
                        format!(
                            "`{key}` lists strings; this is {}",
                            kind_name(item.get_ref())
                        ),
                        "Write each entry as a string, in quotes.",
                    );
                    None
                }
            })
            .collect()
    }

    fn globs(&mut self, key: &str, value: &Spanned<DeValue<'_>>) -> Vec<glob::Pattern> {
        self.strings(key, value)
            .iter()
            .filter_map(|text| match glob::Pattern::new(text.get_ref()) {
                Ok(pattern) => Some(pattern),
                Err(error) => {
                    let span = self.inside_string(text, error.pos);
                    self.problem(
                        span,
                        format!("a malformed glob: {}", error.msg),
                        "Globs use `*`, `**`, `?` and `[…]`; write `[[]` for a literal `[`.",
                    );
                    None
                }
            })
            .collect()
    }

    /// Where the `char_index`th character of a string's value is written,
    /// when the string is written without escapes; else the whole string.
    fn inside_string(&self, text: &Spanned<String>, char_index: usize) -> Span {
        let span = span_of(text);
        let written = self.source.text().get(span.start..span.end);
        let verbatim = written.is_some_and(|written| {
            written.len() == text.get_ref().len() + 2 && written[1..].starts_with(text.get_ref())
        });
        if !verbatim {
            return span;
        }
        let at = span.start
            + 1
            + crate::source::CharOffsets::new(text.get_ref()).byte_offset(char_index);
        Span::new(at, at)
    }

    fn languages(&mut self, value: &Spanned<DeValue<'_>>) -> Vec<String> {
        self.strings("languages", value)
            .into_iter()
            .filter_map(|language| {
                if crate::model::is_language_tag(language.get_ref()) {
                    return Some(language.into_inner());
                }
                self.problem(
                    span_of(&language),
                    format!("`{}` is not a BCP 47 language tag", language.get_ref()),
                    "Use tags such as `fr`, `en` or `pt-BR`.",
                );
                None
            })
            .collect()
    }

    /// `[rules]`: rule ids and their severities (`None`: off).
    fn severities(
        &mut self,
        value: &Spanned<DeValue<'_>>,
    ) -> Vec<(String, Span, Option<Severity>)> {
        const HELP: &str = "A rule's severity is \"error\", \"warning\" or \"off\".";
        let Some(table) = value.get_ref().as_table() else {
            self.problem(
                span_of(value),
                format!(
                    "`rules` is a table of rule ids and severities, not {}",
                    kind_name(value.get_ref())
                ),
                "Write `[rules]`, then lines such as `max-duration = \"off\"`.",
            );
            return Vec::new();
        };
        let mut severities = Vec::new();
        for (id, level) in table {
            let Some(text) = level.get_ref().as_str() else {
                self.problem(
                    span_of(level),
                    format!("a severity is a string, not {}", kind_name(level.get_ref())),
                    HELP,
                );
                continue;
            };
            let severity = match text {
                "error" => Some(Severity::Error),
                "warning" => Some(Severity::Warning),
                "off" => None,
                other => {
                    let hint = did_you_mean(other, SEVERITIES)
                        .map(|known| format!("; did you mean `{known}`?"))
                        .unwrap_or_default();
                    self.problem(
                        span_of(level),
                        format!("`{other}` is not a severity{hint}"),
                        HELP,
                    );
                    continue;
                }
            };
            severities.push((id.get_ref().to_string(), span_of(id), severity));
        }
        severities
    }

    fn unknown_key(&mut self, key: &Spanned<std::borrow::Cow<'_, str>>) {
        let help = match did_you_mean(key.get_ref(), KEYS) {
            Some(known) => format!("Did you mean `{known}`?"),
            None => format!(
                "A configuration holds {}.",
                KEYS.iter()
                    .map(|key| format!("`{key}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        };
        self.problem(
            span_of(key),
            format!("unknown key `{}`", key.get_ref()),
            help,
        );
    }
}

impl Config {
    /// Reads the configuration at `path`, shown as `shown`, and builds the
    /// rule set it asks for; or says every mistake in either.
    pub fn load(path: &Path, shown: &str) -> Result<(Config, RuleSet), Vec<Finding>> {
        let empty = Arc::new(SourceFile::new(shown, String::new()));
        let bytes = crate::read::read_small_file(path).map_err(|error| {
            vec![problem(
                &empty,
                Span::default(),
                format!("cannot read the configuration: {error}"),
                None,
            )]
        })?;
        let folder =
            std::path::absolute(path.parent().unwrap_or(Path::new("."))).unwrap_or_default();
        Config::parse(shown, &bytes, &folder)
    }

    /// Reads a configuration's bytes and builds its rule set; `folder` is
    /// where its relative paths start (the folder that holds it).
    pub fn parse(
        shown: &str,
        bytes: &[u8],
        folder: &Path,
    ) -> Result<(Config, RuleSet), Vec<Finding>> {
        let source = match SourceFile::decode(shown, bytes) {
            Ok(source) => Arc::new(source),
            Err(error) => {
                let source: Arc<SourceFile> = Arc::from(error.partial);
                let at = source.offset(error.at);
                return Err(vec![problem(
                    &source,
                    Span::new(at, at),
                    error.message,
                    None,
                )]);
            }
        };
        let table =
            DeTable::parse(source.text()).map_err(|error| vec![syntax_problem(&source, &error)])?;
        let mut reader = Reader {
            source: &source,
            problems: Vec::new(),
        };
        let root = folder.to_path_buf();
        let folder_shown = Path::new(shown).parent().unwrap_or(Path::new(""));
        let mut config = Config {
            path: Some(shown.to_string()),
            filter: FileFilter {
                root: root.clone(),
                ..FileFilter::default()
            },
            source: Some(Arc::clone(&source)),
            ..Config::default()
        };
        // A list of paths relative to this file: each path, as shown, and where written.
        let relative = |key: &str, reader: &mut Reader<'_>, value: &Spanned<DeValue<'_>>| {
            reader
                .strings(key, value)
                .iter()
                .map(|text| {
                    let shown = folder_shown
                        .join(text.get_ref())
                        .to_string_lossy()
                        .into_owned();
                    (root.join(text.get_ref()), shown, span_of(text))
                })
                .collect::<Vec<_>>()
        };
        for (key, value) in table.get_ref() {
            match key.get_ref().as_ref() {
                "include" => config.filter.include = reader.globs("include", value),
                "exclude" => config.filter.exclude = reader.globs("exclude", value),
                "languages" => config.languages = reader.languages(value),
                "rule-paths" => config.rule_paths = relative("rule-paths", &mut reader, value),
                "known-cookies" => {
                    for (path, shown, span) in relative("known-cookies", &mut reader, value) {
                        if path.is_file() {
                            config.known_cookies.push((path, shown));
                        } else {
                            reader.problem(
                                span,
                                format!("`{shown}` is not a file"),
                                "`known-cookies` lists declaration files of the team's own cookies, relative to this file.",
                            );
                        }
                    }
                }
                "rules" => config.severities = reader.severities(value),
                _ => reader.unknown_key(key),
            }
        }
        let mut problems = reader.problems;
        // The rule set is built even when a key is wrong, so that an unknown
        // rule id or a broken rule file is reported in the same run.
        let rules = config
            .rules()
            .map_err(|mut more| problems.append(&mut more));
        match rules {
            Ok(rules) if problems.is_empty() => Ok((config, rules)),
            _ => {
                // The configuration's own mistakes in the order they are
                // written, then the rule files'.
                problems.sort_by_key(|finding| {
                    let elsewhere = !Arc::ptr_eq(&finding.source, &source);
                    (
                        elsewhere,
                        if elsewhere {
                            0
                        } else {
                            finding.primary.span.start
                        },
                    )
                });
                Err(problems)
            }
        }
    }

    /// The rule set this configuration asks for: the built-in rules, the
    /// user's rule files, and the severities of `[rules]`.
    pub fn rules(&self) -> Result<RuleSet, Vec<Finding>> {
        let mut rules = RuleSet::builtin().map_err(|error| {
            let source = Arc::new(SourceFile::new("cookielint", String::new()));
            vec![problem(&source, Span::default(), error.to_string(), None)]
        })?;
        let mut problems = Vec::new();
        for (path, shown, span) in &self.rule_paths {
            if !path.exists() {
                if let Some(source) = &self.source {
                    problems.push(problem(
                        source,
                        *span,
                        format!("`{shown}` does not exist"),
                        Some("`rule-paths` lists rule files, or folders of them, relative to this file.".to_string()),
                    ));
                }
                continue;
            }
            if let Err(mut found) = rules.add_user_rules(path, shown) {
                problems.append(&mut found);
            }
        }
        for (id, id_span, severity) in &self.severities {
            if !rules.set_severity(id, *severity)
                && let Some(source) = &self.source
            {
                problems.push(problem(
                    source,
                    *id_span,
                    format!("no rule is called `{id}`{}", rules.suggest(id)),
                    Some("`cookielint rules` lists the rules.".to_string()),
                ));
            }
        }
        if problems.is_empty() {
            Ok(rules)
        } else {
            Err(problems)
        }
    }
}

/// A file that is not TOML: one finding, where the parser stopped.
fn syntax_problem(source: &Arc<SourceFile>, error: &toml::de::Error) -> Finding {
    let span = error
        .span()
        .map_or_else(Span::default, |range| Span::new(range.start, range.end));
    problem(
        source,
        span,
        format!(
            "this is not valid TOML: {}",
            // The parser's ", expected nothing" adds no words a reader can use.
            error.message().trim().trim_end_matches(", expected nothing")
        ),
        Some("A configuration is TOML: `key = value` lines, strings in quotes, lists in `[…]`, and a `[rules]` table.".to_string()),
    )
}
