//! `cookielint.toml`: which files a search picks up, rule severities, the
//! organisation's own rule files, and default languages.
//!
//! ```toml
//! include = ["sites/**/*.yaml"]      # globs, relative to this file
//! exclude = ["sites/legacy/**"]
//! languages = ["fr", "en"]           # for files without `site.languages`
//! rule-paths = ["policy/"]           # rule files, or folders of them
//!
//! [rules]
//! max-duration = "off"               # or "error", "warning"
//! ```

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Deserialize;
use toml::Spanned;

use crate::finding::{Finding, Label, Severity};
use crate::ruleset::RuleSet;
use crate::source::{LineColCursor, SourceFile, Span};

/// The names a configuration file goes by, in the order they are looked for.
pub const FILE_NAMES: &[&str] = &["cookielint.toml", ".cookielint.toml"];

/// The rule id under which mistakes in the configuration are reported.
pub const RULE: &str = "config";

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct ConfigFile {
    #[serde(default)]
    include: Vec<Spanned<String>>,
    #[serde(default)]
    exclude: Vec<Spanned<String>>,
    #[serde(default)]
    languages: Vec<Spanned<String>>,
    #[serde(default)]
    rule_paths: Vec<Spanned<String>>,
    #[serde(default)]
    rules: BTreeMap<Spanned<String>, Spanned<String>>,
}

/// Which files a directory search or a glob picks up.
#[derive(Debug, Clone, Default)]
pub struct FileFilter {
    /// The folder `include` and `exclude` are relative to (absolute).
    pub root: PathBuf,
    /// When empty, the declaration file names (`cookies.yaml`, …).
    pub include: Vec<glob::Pattern>,
    pub exclude: Vec<glob::Pattern>,
}

const MATCH: glob::MatchOptions = glob::MatchOptions {
    case_sensitive: true,
    require_literal_separator: true,
    require_literal_leading_dot: false,
};

impl FileFilter {
    fn relative(&self, path: &Path) -> Option<PathBuf> {
        let absolute = std::path::absolute(path).ok()?;
        absolute
            .strip_prefix(&self.root)
            .ok()
            .map(Path::to_path_buf)
    }

    /// Whether a file found by a search is linted.
    pub fn picks(&self, path: &Path, has_declaration_name: bool) -> bool {
        let relative = self.relative(path);
        let matches = |patterns: &[glob::Pattern]| {
            relative.as_deref().is_some_and(|relative| {
                patterns
                    .iter()
                    .any(|p| p.matches_path_with(relative, MATCH))
            })
        };
        let included = if self.include.is_empty() {
            has_declaration_name
        } else {
            matches(&self.include)
        };
        included && !matches(&self.exclude)
    }

    /// Whether `exclude` removes a file a glob matched.
    pub fn excludes(&self, path: &Path) -> bool {
        self.relative(path).is_some_and(|relative| {
            self.exclude
                .iter()
                .any(|pattern| pattern.matches_path_with(&relative, MATCH))
        })
    }
}

/// A loaded configuration.
#[derive(Debug, Default)]
pub struct Config {
    /// The file it came from, as shown; `None` when there is none.
    pub path: Option<String>,
    pub filter: FileFilter,
    pub languages: Vec<String>,
    source: Option<Arc<SourceFile>>,
    rule_paths: Vec<(PathBuf, String, Span)>,
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
        rule: RULE.to_string(),
        start: LineColCursor::new(source).line_col(span.start),
        severity: Severity::Error,
        message,
        primary: Label::new(span, ""),
        related: Vec::new(),
        help,
        url: String::new(),
        source: Arc::clone(source),
    }
}

/// The keys a configuration file may hold.
const KEYS: &[&str] = &["include", "exclude", "languages", "rule-paths", "rules"];

/// "Did you mean" for serde's "unknown field `x`" message.
fn unknown_key_help(message: &str) -> Option<String> {
    let key = message.strip_prefix("unknown field `")?.split('`').next()?;
    crate::suggest::did_you_mean(key, KEYS).map(|known| format!("Did you mean `{known}`?"))
}

fn span_of<T>(spanned: &Spanned<T>) -> Span {
    let range = spanned.span();
    Span::new(range.start, range.end)
}

impl Config {
    /// Reads the configuration at `path`, shown as `shown`.
    pub fn load(path: &Path, shown: &str) -> Result<Config, Vec<Finding>> {
        let empty = Arc::new(SourceFile::new(shown, String::new()));
        let bytes = crate::discover::read_small_file(path).map_err(|error| {
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

    /// Reads a configuration's bytes; `folder` is where its relative paths
    /// start (the folder that holds it).
    pub fn parse(shown: &str, bytes: &[u8], folder: &Path) -> Result<Config, Vec<Finding>> {
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
        let file: ConfigFile = toml::from_str(source.text()).map_err(|error| {
            let span = error
                .span()
                .map_or_else(Span::default, |range| Span::new(range.start, range.end));
            let message = error.message().trim().to_string();
            let help = unknown_key_help(&message);
            vec![problem(&source, span, message, help)]
        })?;
        let root = folder.to_path_buf();
        let folder_shown = Path::new(shown).parent().unwrap_or(Path::new(""));
        let mut problems = Vec::new();
        let mut patterns = |globs: &[Spanned<String>]| -> Vec<glob::Pattern> {
            globs
                .iter()
                .filter_map(|text| match glob::Pattern::new(text.get_ref()) {
                    Ok(pattern) => Some(pattern),
                    Err(error) => {
                        problems.push(problem(
                            &source,
                            span_of(text),
                            format!("a malformed glob: {}", error.msg),
                            None,
                        ));
                        None
                    }
                })
                .collect()
        };
        let filter = FileFilter {
            root: root.clone(),
            include: patterns(&file.include),
            exclude: patterns(&file.exclude),
        };
        for language in &file.languages {
            if !crate::schema::is_language_tag(language.get_ref()) {
                problems.push(problem(
                    &source,
                    span_of(language),
                    format!("`{}` is not a BCP 47 language tag", language.get_ref()),
                    Some("Use tags such as `fr`, `en` or `pt-BR`.".to_string()),
                ));
            }
        }
        let rule_paths = file
            .rule_paths
            .iter()
            .map(|text| {
                let shown = folder_shown
                    .join(text.get_ref())
                    .to_string_lossy()
                    .into_owned();
                (root.join(text.get_ref()), shown, span_of(text))
            })
            .collect();
        let mut severities = Vec::new();
        for (id, level) in &file.rules {
            let severity = match level.get_ref().as_str() {
                "error" => Some(Severity::Error),
                "warning" => Some(Severity::Warning),
                "off" => None,
                other => {
                    problems.push(problem(
                        &source,
                        span_of(level),
                        format!("`{other}` is not a severity"),
                        Some("Use \"error\", \"warning\" or \"off\".".to_string()),
                    ));
                    continue;
                }
            };
            severities.push((id.get_ref().clone(), span_of(id), severity));
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        Ok(Config {
            path: Some(shown.to_string()),
            filter,
            languages: file
                .languages
                .into_iter()
                .map(Spanned::into_inner)
                .collect(),
            source: Some(source),
            rule_paths,
            severities,
        })
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
