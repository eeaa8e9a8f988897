//! A whole run, as every command needs it: the configuration that applies,
//! the rules it asks for, the files it covers, each linted on every core,
//! and the reports in path order. Commands are written over this API; it
//! prints nothing and reads no environment variable: what it cannot do comes
//! back as a value for the caller to word.
//!
//! [`Workspace`] is the cheap half (configuration and rules, enough for
//! `rules` and `explain`); [`Session`] adds the compiled schema and lints.

use std::convert::Infallible;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::capture::{self, Capture, Moment};
use crate::config::{self, Config};
use crate::discover::{self, Discovery, Input};
use crate::error::Error;
use crate::export::{self, ExportError, ExportTarget};
use crate::finding::{Finding, Severity};
use crate::knowledge::Known;
use crate::lint::{AuditInput, Linter};
use crate::output::{self, FileReport, ReportOptions, Totals};
use crate::read::{read_small_file, read_small_text};
use crate::render::{self, Layout, RenderError, RenderFormat};
use crate::rule_id::{PURPOSE_REQUIRED, SCHEMA, YAML_SYNTAX};
use crate::ruleset::{Origin, RuleSet};
use crate::source::{SourceFile, escape_controls};
use crate::{model, yaml};

/// The configuration that applies in a folder, and the rules it asks for.
pub struct Workspace {
    config: Config,
    rules: RuleSet,
    current_dir: PathBuf,
}

impl Workspace {
    /// Loads `config`, or the configuration found walking up from
    /// `current_dir`, or none; the mistakes of the configuration and of the
    /// rule files it names come back as findings.
    pub fn load(current_dir: &Path, config: Option<&Path>) -> Result<Workspace, Vec<Finding>> {
        let path = config
            .map(Path::to_path_buf)
            .or_else(|| config::find(current_dir));
        let (config, rules) = match &path {
            Some(path) => Config::load(path, &shown_from(current_dir, path))?,
            None => {
                let config = Config::default();
                let rules = config.rules()?;
                (config, rules)
            }
        };
        Ok(Workspace {
            config,
            rules,
            current_dir: current_dir.to_path_buf(),
        })
    }

    pub fn rules(&self) -> &RuleSet {
        &self.rules
    }

    pub fn config(&self) -> &Config {
        &self.config
    }

    /// A path as findings and messages show it: relative to the current
    /// directory when under it, control characters written out.
    pub fn shown(&self, path: &Path) -> String {
        shown_from(&self.current_dir, path)
    }

    /// Runs only the rules `select` names (when any), and none that `ignore`
    /// names, whatever the configuration says; an unknown id is an error.
    pub fn select(&mut self, select: &[String], ignore: &[String]) -> Result<(), Error> {
        let rules = &mut self.rules;
        if let Some(unknown) = select
            .iter()
            .chain(ignore)
            .find(|id| rules.get(id).is_none())
        {
            return Err(Error::UnknownRule {
                id: unknown.clone(),
                suggestion: rules.suggest(unknown),
            });
        }
        if !select.is_empty() {
            let ids: Vec<String> = rules.ids().iter().map(|id| id.to_string()).collect();
            for id in ids {
                let chosen = select.contains(&id);
                let severity = rules.get(&id).and_then(|rule| match rule.severity {
                    // A selected rule runs even when the configuration turned it off.
                    None if chosen => Some(rule.default_severity),
                    severity => severity.filter(|_| chosen),
                });
                rules.set_severity(&id, severity);
            }
        }
        for id in ignore {
            rules.set_severity(id, None);
        }
        Ok(())
    }

    /// Runs the examples of every rule, built-in and the user's, against the
    /// rules as their files wrote them.
    pub fn verify_examples(self) -> Result<ExampleCheck, Error> {
        let linter = Linter::with_rules(self.rules, Vec::new())?;
        Ok(ExampleCheck {
            examples: linter.rules().iter().map(|rule| rule.examples.len()).sum(),
            rules: linter.rules().ids().len(),
            mistakes: linter.example_mistakes(linter.rules().iter()),
        })
    }

    /// Compiles the schema and the rules into a session that lints. The
    /// user's rules must behave as their examples say: the mistakes of those
    /// that do not come back as findings in their rule files.
    pub fn open(self) -> Result<Session, OpenError> {
        let linter = Linter::with_rules(self.rules, self.config.languages.clone())
            .map_err(OpenError::Failed)?;
        let user_rules = linter
            .rules()
            .iter()
            .filter(|rule| rule.origin != Origin::Builtin);
        let mistakes = linter.example_mistakes(user_rules);
        if !mistakes.is_empty() {
            return Err(OpenError::RuleExamples(mistakes));
        }
        let (known, known_cookie_mistakes) =
            read_known_cookies(&linter, &self.config).map_err(OpenError::Failed)?;
        Ok(Session {
            config: self.config,
            linter: linter.with_known(known),
            current_dir: self.current_dir,
            known_cookie_mistakes,
        })
    }
}

/// The rules that say a declaration cannot be read as one: what a team's
/// file of known cookies is held to. The policy rules judge a site's
/// cookies, which such a file does not list.
const FORMAT_RULES: &[&str] = &[YAML_SYNTAX, SCHEMA, PURPOSE_REQUIRED];

/// The team's known cookies (`known-cookies`), read as declarations: the
/// entries that have a name and a category, and each file's mistakes.
fn read_known_cookies(
    linter: &Linter,
    config: &Config,
) -> Result<(Known, Vec<Vec<Finding>>), Error> {
    let mut known = Known::default();
    let mut mistakes = Vec::new();
    for (path, shown) in &config.known_cookies {
        let bytes = read_small_file(path).map_err(|source| Error::Read {
            path: PathBuf::from(shown),
            source,
        })?;
        let mut findings = linter.lint(shown, &bytes);
        findings.retain(|finding| FORMAT_RULES.contains(&finding.rule.as_str()));
        if !findings.is_empty() {
            mistakes.push(findings);
        }
        let tree = SourceFile::decode(shown.as_str(), &bytes)
            .ok()
            .and_then(|source| yaml::parse(&source).ok());
        if let Some(tree) = tree {
            known.add(shown, &model::Declaration::new(&tree, &config.languages));
        }
    }
    Ok((known, mistakes))
}

/// What running every rule's examples found.
#[derive(Debug)]
pub struct ExampleCheck {
    pub examples: usize,
    pub rules: usize,
    /// One finding, in its rule file, for each example that does not hold.
    pub mistakes: Vec<Finding>,
}

/// Why a [`Workspace`] could not become a [`Session`].
#[derive(Debug)]
pub enum OpenError {
    /// Examples of the user's rules that do not behave as documented.
    RuleExamples(Vec<Finding>),
    Failed(Error),
}

/// A workspace ready to lint: configuration, compiled schema and rules.
pub struct Session {
    config: Config,
    linter: Linter,
    current_dir: PathBuf,
    /// The findings of each file of known cookies that has any.
    known_cookie_mistakes: Vec<Vec<Finding>>,
}

/// Files linted together before their reports are written.
const FILES_PER_BATCH: usize = 64;

/// A file of a batch: its report, or, when it has more findings than fit
/// comfortably beside their report, the findings to write in slices.
enum Linted {
    Rendered(FileReport),
    Many(Vec<Finding>),
}

/// One file of a check: its findings, or why it could not be read.
#[derive(Debug)]
pub struct FileCheck {
    pub input: Input,
    pub findings: Result<Vec<Finding>, Error>,
}

impl Session {
    pub fn rules(&self) -> &RuleSet {
        self.linter.rules()
    }

    pub fn linter(&self) -> &Linter {
        &self.linter
    }

    /// The team's known cookies, beside the Open Cookie Database.
    pub fn known(&self) -> &Known {
        self.linter.known()
    }

    /// The mistakes of the team's files of known cookies, a list a file:
    /// [`Session::write_report`] writes them ahead of the files checked;
    /// [`Session::check`] leaves them to the caller.
    pub fn known_cookie_mistakes(&self) -> &[Vec<Finding>] {
        &self.known_cookie_mistakes
    }

    /// The configuration the session was opened with.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// The repository the current directory is in, which reports give
    /// paths relative to ([`ReportOptions::root`]).
    pub fn repository_root(&self) -> PathBuf {
        discover::repository_root(&self.current_dir)
    }

    /// A path as findings and messages show it (see [`Workspace::shown`]).
    pub fn shown(&self, path: &Path) -> String {
        shown_from(&self.current_dir, path)
    }

    /// The files `arguments` name (files, folders, globs, `-` for standard
    /// input shown as `stdin_name`; relative ones from the process's current
    /// directory, as a shell gives them), with the configuration's `include`
    /// and `exclude`, in path order: the same report whatever order the
    /// arguments or the file system gave.
    pub fn discover(&self, arguments: &[String], stdin_name: &str) -> Discovery {
        let mut discovery = discover::discover(arguments, stdin_name, &self.config.filter);
        discovery.inputs.sort_by(|a, b| a.shown().cmp(b.shown()));
        discovery
    }

    /// Lints `inputs` on every core, a batch at a time, and hands each
    /// file's `prepare`d findings to `each` in input order: the outcome is
    /// the same whatever the thread count, and memory holds one batch.
    fn lint_each<R: Send, E>(
        &self,
        inputs: &[Input],
        prepare: impl Fn(Vec<Finding>) -> Result<R, Error> + Sync,
        mut each: impl FnMut(&Input, Result<R, Error>) -> Result<(), E>,
    ) -> Result<(), E> {
        let lint_file = |input: &Input| -> Result<R, Error> {
            let bytes = input.read()?;
            prepare(self.linter.lint(input.shown(), &bytes))
        };
        for batch in inputs.chunks(FILES_PER_BATCH) {
            // One file is linted here: starting the thread pool would cost
            // more than it saves.
            let outcomes: Vec<Result<R, Error>> = match batch {
                [input] => vec![lint_file(input)],
                batch => batch.par_iter().map(lint_file).collect(),
            };
            for (input, outcome) in batch.iter().zip(outcomes) {
                each(input, outcome)?;
            }
        }
        Ok(())
    }

    /// One declaration, linted, and its tree for a command that goes on to
    /// use it (`Declaration::new(&tree, &session.config().languages)`).
    pub fn read_declaration(&self, input: &Input) -> Result<CheckedDeclaration, Error> {
        let bytes = input.read()?;
        let shown = input.shown().to_string();
        let findings = self.linter.lint(&shown, &bytes);
        let tree = SourceFile::decode(shown.as_str(), &bytes)
            .ok()
            .and_then(|source| yaml::parse(&source).ok());
        Ok(CheckedDeclaration {
            shown,
            findings,
            tree,
        })
    }

    /// A capture file, read as a stream, labelled with its moment;
    /// `taken_at` (Unix seconds) is when it was taken, for a cookie jar that
    /// does not say.
    pub fn read_capture(
        &self,
        path: &Path,
        moment: Moment,
        taken_at: Option<i64>,
    ) -> Result<Capture, Error> {
        capture::read(path, &self.shown(path), moment, taken_at).map_err(Error::from)
    }

    /// The declaration's findings: `check`'s, and the audit's against the
    /// captures. `site` is the site's URL for a declaration without
    /// `site.url`.
    pub fn audit(
        &self,
        declaration: &Path,
        captures: &[Capture],
        site: Option<&str>,
    ) -> Result<Vec<Finding>, Error> {
        let input = Input::File {
            path: declaration.to_path_buf(),
            shown: self.shown(declaration),
        };
        let bytes = input.read()?;
        let against = AuditInput { captures, site };
        Ok(self.linter.audit(input.shown(), &bytes, &against))
    }

    /// Writes one file's findings as a whole report (head, the file, tail).
    pub fn write_findings(
        &self,
        findings: &[Finding],
        options: ReportOptions<'_>,
        out: &mut dyn Write,
    ) -> io::Result<Totals> {
        let rules = self.linter.rules();
        let mut writer = output::ReportWriter::begin(options, rules, out)?;
        writer.file_in_slices(findings)?;
        writer.finish()
    }

    /// Every file's findings, in input order.
    pub fn check(&self, inputs: &[Input]) -> Vec<FileCheck> {
        let mut checked = Vec::with_capacity(inputs.len());
        let collected = self.lint_each(inputs, Ok, |input, findings| {
            checked.push(FileCheck {
                input: input.clone(),
                findings,
            });
            Ok::<(), Infallible>(())
        });
        match collected {
            Ok(()) => checked,
            Err(never) => match never {},
        }
    }

    /// Lints `inputs` and writes their report to `out` as the files come,
    /// each rendered on the core that linted it. A file that cannot be read
    /// is handed to `unreadable` and the others are still checked; the
    /// error is writing to `out`.
    pub fn write_report(
        &self,
        inputs: &[Input],
        options: ReportOptions<'_>,
        out: &mut dyn Write,
        mut unreadable: impl FnMut(Error),
    ) -> io::Result<Totals> {
        let rules = self.linter.rules();
        let mut writer = output::ReportWriter::begin(options, rules, out)?;
        // A mistake in a file the rules rely on is reported with the run's.
        for findings in &self.known_cookie_mistakes {
            writer.file_in_slices(findings)?;
        }
        let prepare = |findings: Vec<Finding>| {
            if findings.len() > output::FINDINGS_PER_SLICE {
                return Ok(Linted::Many(findings));
            }
            output::report_file(&findings, options, rules)
                .map(Linted::Rendered)
                .map_err(Error::Output)
        };
        self.lint_each(inputs, prepare, |_, outcome| match outcome {
            Ok(Linted::Rendered(report)) => writer.file(&report),
            Ok(Linted::Many(findings)) => writer.file_in_slices(&findings),
            Err(error) => {
                unreadable(error);
                Ok(())
            }
        })?;
        writer.finish()
    }

    /// The public charter of a declaration that passes `check`.
    pub fn render(&self, request: &RenderRequest<'_>) -> Result<String, RenderFailure> {
        let root = self.publishable(request.file)?;
        // The template's name and text, read before the layout borrows them.
        let template = match request.layout {
            Layout::Template(path) => Layout::Template((
                shown_from(&self.current_dir, path),
                read_small_text(path).map_err(|source| {
                    RenderFailure::Failed(Error::Read {
                        path: path.to_path_buf(),
                        source,
                    })
                })?,
            )),
            Layout::Fragment => Layout::Fragment,
            Layout::Page => Layout::Page,
        };
        let layout = match &template {
            Layout::Template((shown, text)) => Layout::Template(render::Template { shown, text }),
            Layout::Fragment => Layout::Fragment,
            Layout::Page => Layout::Page,
        };
        let languages = &self.config.languages;
        let language = match request.language {
            Some(language) => language.to_string(),
            None => render::default_language(&root, languages),
        };
        render::render(&root, languages, &language, request.format, layout)
            .map_err(RenderFailure::Charter)
    }
}

impl Session {
    /// The configuration of a consent banner for a declaration that passes
    /// `check`.
    pub fn export(&self, file: &Path, target: ExportTarget) -> Result<String, RenderFailure> {
        let root = self.publishable(file)?;
        export::export(&root, &self.config.languages, target).map_err(RenderFailure::Export)
    }

    /// The tree of a declaration that may be published: nothing is
    /// published from a declaration that fails the policy.
    fn publishable(&self, file: &Path) -> Result<yaml::Node, RenderFailure> {
        let input = Input::File {
            path: file.to_path_buf(),
            shown: shown_from(&self.current_dir, file),
        };
        let checked = self
            .read_declaration(&input)
            .map_err(RenderFailure::Failed)?;
        if checked.has_errors() {
            return Err(RenderFailure::Findings {
                shown: checked.shown,
                findings: checked.findings,
            });
        }
        checked.tree.ok_or(RenderFailure::Unreadable(checked.shown))
    }
}

/// A declaration as [`Session::read_declaration`] gives it.
#[derive(Debug)]
pub struct CheckedDeclaration {
    pub shown: String,
    pub findings: Vec<Finding>,
    /// The YAML tree; `None` when the file is not one YAML document.
    pub tree: Option<yaml::Node>,
}

impl CheckedDeclaration {
    /// Whether a finding is an error: what a command that publishes or
    /// compares the declaration refuses.
    pub fn has_errors(&self) -> bool {
        self.findings
            .iter()
            .any(|finding| finding.severity == Severity::Error)
    }
}

/// What `render` is asked for.
#[derive(Debug, Clone, Copy)]
pub struct RenderRequest<'a> {
    pub file: &'a Path,
    pub format: RenderFormat,
    /// The language of the charter; `None`: the declaration's first.
    pub language: Option<&'a str>,
    /// The tables alone, the shipped page, or a template around them.
    pub layout: Layout<&'a Path>,
}

/// Why no charter was rendered, or no banner configuration exported.
#[derive(Debug)]
pub enum RenderFailure {
    /// The declaration or the template could not be read.
    Failed(Error),
    /// The declaration has error findings: no charter is published from it.
    Findings {
        shown: String,
        findings: Vec<Finding>,
    },
    /// The declaration cannot be read as YAML, with `yaml-syntax` turned off.
    Unreadable(String),
    Charter(RenderError),
    Export(ExportError),
}

fn shown_from(current_dir: &Path, path: &Path) -> String {
    let shown = std::path::absolute(path)
        .ok()
        .and_then(|absolute| {
            absolute
                .strip_prefix(current_dir)
                .ok()
                .map(Path::to_path_buf)
        })
        .unwrap_or_else(|| path.to_path_buf());
    escape_controls(&shown.to_string_lossy()).into_owned()
}
