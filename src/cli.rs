//! The command line: translates arguments into library calls and findings
//! into an exit status. Exit 0: no error finding; 1: error findings (or
//! warnings, with `--deny-warnings`); 2: cookielint could not do its job (bad
//! flag, bad configuration or rule file, unreadable path, no file).

use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, CommandFactory, Parser, Subcommand};
use rayon::prelude::*;

use crate::config::{self, Config};
use crate::discover;
use crate::error::Error;
use crate::finding::{Finding, Severity};
use crate::output::{self, FileReport, Format, Style, Totals};
use crate::render::{self, RenderFormat};
use crate::ruleset::{Origin, RuleSet};
use crate::source::{SourceFile, escape_controls};
use crate::yaml;
use crate::{Linter, schema};

#[derive(Debug, Parser)]
#[command(
    name = "cookielint",
    version,
    about = "Lint cookie declarations against the format and the consent rules."
)]
struct Cli {
    /// The configuration file [default: cookielint.toml or .cookielint.toml,
    /// found walking up from the current directory].
    #[arg(long, global = true, value_name = "FILE")]
    config: Option<PathBuf>,

    /// When to colour output: `auto` colours a terminal unless `NO_COLOR` is
    /// set (`CLICOLOR_FORCE` colours anything).
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    color: ColorChoice,

    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Check declaration files: files, directories (searched for cookies.yaml,
    /// cookies.yml, *.cookies.yaml, *.cookies.yml), quoted globs, or `-` for stdin.
    Check(CheckArgs),
    /// Print the JSON Schema of the declaration format.
    Schema,
    /// List every rule: id, severity after configuration, summary, and where a
    /// user's own rule is defined.
    Rules {
        /// Instead, run every rule's examples (built-in and your own) and say
        /// whether each behaves as documented.
        #[arg(long)]
        verify: bool,
    },
    /// Print a rule's documentation: what it checks, why, its source, examples.
    Explain {
        /// The rule id, as findings show it (e.g. `third-party-consent`).
        rule: String,
    },
    /// Write a starter declaration (never over an existing file).
    Init {
        /// Where to write it.
        #[arg(default_value = "cookies.yaml")]
        path: PathBuf,
    },
    /// Render the public cookie charter (Markdown or HTML) from a declaration.
    Render(RenderArgs),
    /// Print a shell completion script.
    Completions {
        /// The shell to complete in.
        shell: clap_complete::Shell,
    },
}

#[derive(Debug, Args)]
struct RenderArgs {
    /// The declaration to render.
    #[arg(default_value = "cookies.yaml")]
    file: PathBuf,

    /// What to render.
    #[arg(long, value_enum, default_value_t = RenderFormat::Markdown)]
    format: RenderFormat,

    /// The language of the charter [default: the declaration's first].
    #[arg(long, value_name = "TAG")]
    lang: Option<String>,

    /// Write the charter to this file (atomically) instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    output: Option<PathBuf>,

    /// A page around the tables: `{{ cookies }}`, `{{ site.name }}`,
    /// `{{ site.url }}` and `{{ language }}` are filled in.
    #[arg(long, value_name = "FILE")]
    template: Option<PathBuf>,

    /// Compare the `--output` file with what rendering gives now: exit 1 with
    /// a short diff when they differ, 0 when they match.
    #[arg(long, requires = "output")]
    check: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum ColorChoice {
    Auto,
    Always,
    Never,
}

/// The starter declaration `cookielint init` writes; it passes every rule.
const STARTER: &str = include_str!("../examples/starter/cookies.yaml");

#[derive(Debug, Args)]
struct CheckArgs {
    /// Files, directories or globs to check [default: the current directory].
    #[arg(value_name = "PATH|GLOB")]
    paths: Vec<String>,

    /// How findings are printed [default: full; on GitHub Actions, full and
    /// annotations].
    #[arg(long, value_enum)]
    format: Option<Format>,

    /// Write the report to this file (atomically) instead of standard output;
    /// the summary still goes to standard error.
    #[arg(long, short = 'o', value_name = "FILE")]
    output: Option<PathBuf>,

    /// Print findings only, without the summary.
    #[arg(long, short = 'q')]
    quiet: bool,

    /// The name standard input goes by in findings.
    #[arg(long, value_name = "NAME", default_value = "<stdin>")]
    stdin_filename: String,

    /// Run only these rules (comma-separated ids), overriding the configuration.
    #[arg(long, value_name = "RULES", value_delimiter = ',')]
    select: Vec<String>,

    /// Do not run these rules (comma-separated ids), overriding the configuration.
    #[arg(long, value_name = "RULES", value_delimiter = ',')]
    ignore: Vec<String>,

    /// Make warnings fail the run (exit 1), as errors do.
    #[arg(long)]
    deny_warnings: bool,
}

pub const EXIT_CLEAN: u8 = 0;
pub const EXIT_FINDINGS: u8 = 1;
pub const EXIT_FAILURE: u8 = 2;

pub fn run() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => {
            // Help and version go to stdout with 0; usage errors to stderr with 2.
            let _ = error.print();
            return ExitCode::from(if error.use_stderr() {
                EXIT_FAILURE
            } else {
                EXIT_CLEAN
            });
        }
    };
    let mut stdout = io::stdout().lock();
    let mut stderr = io::stderr().lock();
    let status = match cli.command {
        Command::Schema => write_out(&mut stdout, schema::SCHEMA_TEXT),
        Command::Check(args) => check(&args, cli.config, cli.color, &mut stdout, &mut stderr),
        Command::Init { path } => init(&path, &mut stdout, &mut stderr),
        Command::Render(args) => render(&args, cli.config, cli.color, &mut stdout, &mut stderr),
        Command::Completions { shell } => {
            clap_complete::generate(shell, &mut Cli::command(), "cookielint", &mut stdout);
            EXIT_CLEAN
        }
        Command::Rules { verify: true } => {
            match configured_rules(cli.config, Format::Full, cli.color, &mut stderr) {
                Some((_, rules)) => verify(rules, cli.color, &mut stdout, &mut stderr),
                None => EXIT_FAILURE,
            }
        }
        Command::Rules { verify: false } => {
            match configured_rules(cli.config, Format::Full, cli.color, &mut stderr) {
                Some((_, rules)) => write_out(&mut stdout, &rule_list(&rules)),
                None => EXIT_FAILURE,
            }
        }
        Command::Explain { rule } => {
            match configured_rules(cli.config, Format::Full, cli.color, &mut stderr) {
                Some((_, rules)) => match rules.get(&rule) {
                    Some(found) => write_out(&mut stdout, &found.markdown()),
                    None => {
                        let _ = writeln!(
                            stderr,
                            "error: no rule is called `{rule}`{} (`cookielint rules` lists them)",
                            rules.suggest(&rule)
                        );
                        EXIT_FAILURE
                    }
                },
                None => EXIT_FAILURE,
            }
        }
    };
    ExitCode::from(status)
}

fn write_out(stdout: &mut dyn Write, text: &str) -> u8 {
    match write!(stdout, "{text}") {
        Ok(()) => EXIT_CLEAN,
        Err(_) => EXIT_FAILURE,
    }
}

/// `cookielint rules`: one line a rule.
fn rule_list(rules: &RuleSet) -> String {
    rules
        .iter()
        .map(|rule| {
            let severity = rule
                .severity
                .map_or("off".to_string(), |severity| severity.to_string());
            let origin = match &rule.origin {
                Origin::Builtin => String::new(),
                Origin::User(path) => format!(" [{path}]"),
            };
            format!(
                "{:<24}{:<9}{}{origin}\n",
                rule.id,
                severity,
                rule.summary.trim()
            )
        })
        .collect()
}

fn style_for(choice: ColorChoice, terminal: bool) -> Style {
    let env_set =
        |name: &str| std::env::var_os(name).is_some_and(|value| !value.is_empty() && value != "0");
    let color = match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto if env_set("NO_COLOR") => false,
        ColorChoice::Auto => env_set("CLICOLOR_FORCE") || terminal,
    };
    Style { color, width: 100 }
}

/// `cookielint init`: the starter declaration, never over an existing file.
fn init(path: &Path, stdout: &mut dyn Write, stderr: &mut dyn Write) -> u8 {
    let shown = escape_controls(&path.to_string_lossy()).into_owned();
    let created = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .and_then(|mut file| file.write_all(STARTER.as_bytes()));
    match created {
        Ok(()) => {
            let _ = writeln!(
                stdout,
                "wrote {shown}: edit it, then run `cookielint check {shown}`"
            );
            EXIT_CLEAN
        }
        Err(error) if error.kind() == io::ErrorKind::AlreadyExists => {
            let _ = writeln!(
                stderr,
                "error: `{shown}` already exists; cookielint init does not overwrite it\n  help: Name another file: `cookielint init path/to/cookies.yaml`."
            );
            EXIT_FAILURE
        }
        Err(error) => {
            let _ = writeln!(stderr, "error: cannot write `{shown}`: {error}");
            EXIT_FAILURE
        }
    }
}

/// The configuration that applies, and the rules it asks for; on a mistake
/// in either, the mistakes are printed and `None` returned.
fn configured_rules(
    explicit: Option<PathBuf>,
    format: Format,
    color: ColorChoice,
    stderr: &mut dyn Write,
) -> Option<(Config, RuleSet)> {
    let path = explicit.or_else(|| config::find(Path::new(".")));
    let loaded = match &path {
        Some(path) => Config::load(path, &relative_to_current_dir(path)),
        None => {
            let config = Config::default();
            config.rules().map(|rules| (config, rules))
        }
    };
    match loaded {
        Ok(loaded) => Some(loaded),
        Err(problems) => {
            report_mistakes(&problems, format, color, stderr);
            None
        }
    }
}

fn report_mistakes(
    problems: &[Finding],
    format: Format,
    color: ColorChoice,
    stderr: &mut dyn Write,
) {
    let style = style_for(color, io::stderr().is_terminal());
    let _ = output::render(problems, format, style, stderr);
    let _ = writeln!(
        stderr,
        "error: the configuration or a rule file is invalid ({} mistake{})",
        problems.len(),
        if problems.len() == 1 { "" } else { "s" }
    );
}

/// Whether every example of the user's rules behaves as documented; the
/// ones that do not are reported as mistakes in their rule files. `check`
/// and `render` run them, since they compile the schema anyway; `rules` and
/// `explain` would have to compile it for them, so there `rules --verify`
/// runs them.
fn user_examples_hold(
    linter: &Linter,
    format: Format,
    color: ColorChoice,
    stderr: &mut dyn Write,
) -> bool {
    let user_rules = linter
        .rules()
        .iter()
        .filter(|rule| rule.origin != Origin::Builtin);
    let mistakes = linter.example_mistakes(user_rules);
    if !mistakes.is_empty() {
        report_mistakes(&mistakes, format, color, stderr);
    }
    mistakes.is_empty()
}

/// `cookielint rules --verify`: every rule's examples, built-in and the
/// user's, run against the rules as their files wrote them.
fn verify(
    rules: RuleSet,
    color: ColorChoice,
    stdout: &mut dyn Write,
    stderr: &mut dyn Write,
) -> u8 {
    let linter = match Linter::with_rules(rules, Vec::new()) {
        Ok(linter) => linter,
        Err(error) => {
            report_error(stderr, &error);
            return EXIT_FAILURE;
        }
    };
    let examples: usize = linter.rules().iter().map(|rule| rule.examples.len()).sum();
    let rules = linter.rules().ids().len();
    let mistakes = linter.example_mistakes(linter.rules().iter());
    if mistakes.is_empty() {
        let _ = writeln!(
            stdout,
            "{examples} examples of {rules} rules: each behaves as documented"
        );
        return EXIT_CLEAN;
    }
    let style = style_for(color, io::stderr().is_terminal());
    let _ = output::render(&mistakes, Format::Full, style, stderr);
    let _ = writeln!(
        stderr,
        "error: {} of {examples} examples of {rules} rules do not behave as documented",
        mistakes.len()
    );
    EXIT_FAILURE
}

fn relative_to_current_dir(path: &Path) -> String {
    let current = std::env::current_dir().unwrap_or_default();
    let shown = std::path::absolute(path)
        .ok()
        .and_then(|absolute| absolute.strip_prefix(&current).ok().map(Path::to_path_buf))
        .unwrap_or_else(|| path.to_path_buf());
    escape_controls(&shown.to_string_lossy()).into_owned()
}

/// Applies `--select` and `--ignore`; an unknown id is an error.
fn select_rules(rules: &mut RuleSet, select: &[String], ignore: &[String]) -> Result<(), String> {
    if let Some(unknown) = select
        .iter()
        .chain(ignore)
        .find(|id| rules.get(id).is_none())
    {
        return Err(format!(
            "no rule is called `{unknown}`{} (`cookielint rules` lists them)",
            rules.suggest(unknown)
        ));
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

fn check(
    args: &CheckArgs,
    config: Option<PathBuf>,
    color: ColorChoice,
    stdout: &mut dyn Write,
    stderr: &mut dyn Write,
) -> u8 {
    let format = args.format.unwrap_or_default();
    let Some((config, mut rules)) = configured_rules(config, format, color, stderr) else {
        return EXIT_FAILURE;
    };
    if let Err(message) = select_rules(&mut rules, &args.select, &args.ignore) {
        let _ = writeln!(stderr, "error: {message}");
        return EXIT_FAILURE;
    }
    let linter = match Linter::with_rules(rules, config.languages.clone()) {
        Ok(linter) => linter,
        Err(error) => {
            report_error(stderr, &error);
            return EXIT_FAILURE;
        }
    };
    if !user_examples_hold(&linter, format, color, stderr) {
        return EXIT_FAILURE;
    }
    let mut discovery = discover::discover(&args.paths, &args.stdin_filename, &config.filter);
    // The same report whatever order the arguments or the file system gave.
    discovery.inputs.sort_by(|a, b| a.shown().cmp(b.shown()));
    let mut failed = !discovery.errors.is_empty();
    for error in &discovery.errors {
        report_error(stderr, error);
    }
    // As ruff does: on GitHub Actions, a human report also annotates the pull request.
    let annotate = args.format.is_none()
        && std::env::var_os("GITHUB_ACTIONS").is_some_and(|value| value == "true");
    let style = style_for(color, args.output.is_none() && io::stdout().is_terminal());
    let lint_file = |input: &discover::Input| {
        let bytes = input.read()?;
        let findings = linter.lint(input.shown(), &bytes);
        output::report_file(&findings, format, style, annotate).map_err(Error::Output)
    };
    // Files are linted and rendered in parallel; the reports are printed in
    // path order, so the output is the same whatever the thread count. One
    // file is linted here: starting the thread pool would cost more than it.
    let reports: Vec<Result<FileReport, Error>> = match discovery.inputs.as_slice() {
        [input] => vec![lint_file(input)],
        inputs => inputs.par_iter().map(lint_file).collect(),
    };
    let mut totals = Totals::default();
    let mut records = Vec::new();
    let mut report = Vec::new();
    for file in reports {
        match file {
            Ok(file) => {
                totals.merge(file.totals);
                report.extend_from_slice(&file.text);
                records.extend(file.records);
            }
            Err(error) => {
                report_error(stderr, &error);
                failed = true;
            }
        }
    }
    let written = output::finish(
        format,
        annotate,
        &records,
        totals,
        linter.rules(),
        &mut report,
    )
    .and_then(|()| match &args.output {
        Some(path) => write_atomically(path, &report),
        None => stdout.write_all(&report),
    });
    if let Err(error) = written {
        report_error(stderr, &Error::Output(error));
        return EXIT_FAILURE;
    }
    if !args.quiet {
        let _ = writeln!(stderr, "{}", totals.summary());
    }
    if failed {
        EXIT_FAILURE
    } else if totals.errors > 0 || (args.deny_warnings && totals.warnings > 0) {
        EXIT_FINDINGS
    } else {
        EXIT_CLEAN
    }
}

/// `cookielint render`: the charter of a declaration that passes `check`.
fn render(
    args: &RenderArgs,
    config: Option<PathBuf>,
    color: ColorChoice,
    stdout: &mut dyn Write,
    stderr: &mut dyn Write,
) -> u8 {
    let Some((config, rules)) = configured_rules(config, Format::Full, color, stderr) else {
        return EXIT_FAILURE;
    };
    let linter = match Linter::with_rules(rules, config.languages.clone()) {
        Ok(linter) => linter,
        Err(error) => {
            report_error(stderr, &error);
            return EXIT_FAILURE;
        }
    };
    if !user_examples_hold(&linter, Format::Full, color, stderr) {
        return EXIT_FAILURE;
    }
    let shown = relative_to_current_dir(&args.file);
    let input = discover::Input::File {
        path: args.file.clone(),
        shown: shown.clone(),
    };
    let bytes = match input.read() {
        Ok(bytes) => bytes,
        Err(error) => {
            report_error(stderr, &error);
            return EXIT_FAILURE;
        }
    };
    // A charter is never published from a declaration that fails the policy.
    let findings = linter.lint(&shown, &bytes);
    if findings
        .iter()
        .any(|finding| finding.severity == Severity::Error)
    {
        let style = style_for(color, io::stderr().is_terminal());
        let _ = output::render(&findings, Format::Full, style, stderr);
        let mut totals = Totals::default();
        totals.add(&findings);
        let _ = writeln!(
            stderr,
            "{}\nerror: `{shown}` has errors; fix them before rendering its charter",
            totals.summary()
        );
        return EXIT_FINDINGS;
    }
    let root = match SourceFile::decode(shown.as_str(), &bytes)
        .ok()
        .and_then(|source| yaml::parse(&source).ok())
    {
        Some(root) => root,
        None => return EXIT_FAILURE,
    };
    let template = match &args.template {
        Some(path) => match std::fs::read_to_string(path) {
            Ok(text) => Some(text),
            Err(source) => {
                report_error(
                    stderr,
                    &Error::Read {
                        path: path.clone(),
                        source,
                    },
                );
                return EXIT_FAILURE;
            }
        },
        None => None,
    };
    let language = args
        .lang
        .clone()
        .unwrap_or_else(|| render::default_language(&root, &config.languages));
    let charter = match render::render(
        &root,
        &config.languages,
        &language,
        args.format,
        template.as_deref(),
    ) {
        Ok(charter) => charter,
        Err(error) => {
            let _ = writeln!(stderr, "error: {error}");
            return EXIT_FAILURE;
        }
    };
    match (&args.output, args.check) {
        (Some(path), true) => {
            let committed = std::fs::read_to_string(path).unwrap_or_default();
            if committed == charter {
                EXIT_CLEAN
            } else {
                let name = relative_to_current_dir(path);
                let _ = write!(
                    stdout,
                    "{}",
                    render::short_diff(&committed, &charter, &name)
                );
                let _ = writeln!(
                    stderr,
                    "error: `{name}` is not what `cookielint render` gives for `{shown}` now; render it again and commit the result"
                );
                EXIT_FINDINGS
            }
        }
        (Some(path), false) => match write_atomically(path, charter.as_bytes()) {
            Ok(()) => EXIT_CLEAN,
            Err(error) => {
                report_error(stderr, &Error::Output(error));
                EXIT_FAILURE
            }
        },
        (None, _) => write_out(stdout, &charter),
    }
}

/// Writes beside the target, then renames: a reader never sees half a report.
fn write_atomically(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let name = path.file_name().map_or_else(
        || "report".into(),
        |name| name.to_string_lossy().into_owned(),
    );
    let temporary = path.with_file_name(format!(".{name}.{}.tmp", std::process::id()));
    std::fs::write(&temporary, bytes)
        .and_then(|()| std::fs::rename(&temporary, path))
        .inspect_err(|_| {
            let _ = std::fs::remove_file(&temporary);
        })
}

fn report_error(stderr: &mut dyn Write, error: &Error) {
    let help = miette::Diagnostic::help(error)
        .map(|help| format!("\n  help: {help}"))
        .unwrap_or_default();
    let _ = writeln!(stderr, "error: {error}{help}");
}
